import Foundation
import JSONSchema
import Testing

/// Where the built harness binary is, if it was built.
enum BowtieBinary {
    static let url: URL? = {
        // The test bundle lives in the same build directory as the products (.build/<triple>/debug).
        let buildDirectory = Bundle.main.bundleURL
        let candidates = [
            buildDirectory.appendingPathComponent("jsonschema-bowtie"),
            buildDirectory.deletingLastPathComponent().appendingPathComponent("jsonschema-bowtie"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()
}

/// Drives the built `jsonschema-bowtie` binary through a hand-written IHOP v1 exchange.
@Suite(
    "jsonschema-bowtie harness",
    .enabled(
        if: BowtieBinary.url != nil,
        "jsonschema-bowtie is not built: run `swift build --product jsonschema-bowtie` first"
    )
)
struct BowtieHarnessTests {
    @Test("start, dialect, run (valid, invalid, errored) and stop")
    func exchange() throws {
        let process = Process()
        process.executableURL = BowtieBinary.url
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let commands = [
            #"{"cmd":"start","version":1}"#,
            #"{"cmd":"dialect","dialect":"https://json-schema.org/draft/2020-12/schema"}"#,
            #"{"cmd":"run","seq":1,"case":{"description":"ints","schema":{"type":"integer"},"tests":[{"description":"one","instance":1},{"description":"str","instance":"x"}]}}"#,
            #"{"cmd":"run","seq":"two","case":{"description":"remote","schema":{"$ref":"http://example.com/pos.json"},"registry":{"http://example.com/pos.json":{"minimum":0}},"tests":[{"description":"neg","instance":-1}]}}"#,
            #"{"cmd":"run","seq":3,"case":{"description":"bad","schema":{"type":12},"tests":[{"description":"any","instance":1}]}}"#,
            #"{"cmd":"stop"}"#,
        ]
        input.fileHandleForWriting.write(Data((commands.joined(separator: "\n") + "\n").utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let lines = try String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            try JSONValue(parsing: String($0))
        }
        try #require(lines.count == 5)
        #expect(lines[0]["version"] == 1)
        #expect(lines[0]["implementation"]?["language"] == "swift")
        #expect(
            lines[0]["implementation"]?["dialects"]?.arrayValue?.contains("http://json-schema.org/draft-07/schema#")
                == true
        )
        #expect(lines[1] == ["ok": true])
        #expect(lines[2] == ["seq": 1, "results": [["valid": true], ["valid": false]]])
        #expect(lines[3] == ["seq": "two", "results": [["valid": false]]])
        #expect(lines[4]["seq"] == 3)
        #expect(lines[4]["errored"] == true)
        #expect(lines[4]["context"]?["message"]?.stringValue?.isEmpty == false)
    }
}
