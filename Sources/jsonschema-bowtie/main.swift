import Foundation
import JSONSchema

/// Bowtie IHOP v1 harness: one JSON command per line on stdin, one JSON response per line on stdout.
func respond(_ value: JSONValue) {
    FileHandle.standardOutput.write(Data((value.serialized() + "\n").utf8))
}

func run(_ command: JSONValue) -> JSONValue {
    let seq = command["seq"] ?? nil
    guard let testCase = command["case"], let schema = testCase["schema"] else {
        return ["seq": seq, "errored": true, "context": ["message": "run command without a case or schema"]]
    }
    do {
        var registry = SchemaRegistry.standard
        for (uri, document) in testCase["registry"]?.objectValue ?? [:] {
            try registry.add(document, uri: uri)
        }
        let validator = try SchemaValidator(schema: schema, registry: registry)
        let results: [JSONValue] = (testCase["tests"]?.arrayValue ?? []).map { test in
            ["valid": .bool(validator.isValid(test["instance"] ?? nil))]
        }
        return ["seq": seq, "results": .array(results)]
    } catch {
        return ["seq": seq, "errored": true, "context": ["message": .string(String(describing: error))]]
    }
}

while let line = readLine(strippingNewline: true) {
    if line.isEmpty { continue }
    let command: JSONValue
    do {
        command = try JSONValue(parsing: line)
    } catch {
        FileHandle.standardError.write(Data("jsonschema-bowtie: \(error)\n".utf8))
        exit(1)
    }
    switch command["cmd"]?.stringValue {
    case "start":
        respond([
            "version": 1,
            "implementation": [
                "language": "swift",
                "name": "itglue-offboard-jsonschema",
                "version": "0.1.0",
                "homepage": "https://github.com/itglue-offboard/itglue-offboard",
                "issues": "https://github.com/itglue-offboard/itglue-offboard/issues",
                "source": "https://github.com/itglue-offboard/itglue-offboard",
                "dialects": [
                    "https://json-schema.org/draft/2020-12/schema", "http://json-schema.org/draft-07/schema#",
                ],
            ],
        ])
    case "dialect":
        respond(["ok": true])
    case "run":
        respond(run(command))
    case "stop":
        exit(0)
    default:
        FileHandle.standardError.write(Data("jsonschema-bowtie: unknown command \(line)\n".utf8))
        exit(1)
    }
}
