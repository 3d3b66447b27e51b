import Foundation
import JSONSchema

/// Locates and loads the official JSON-Schema-Test-Suite subset in ../shared (or `JSON_SCHEMA_TEST_SUITE`).
enum TestSuite {
    struct Case {
        var description: String
        var instance: JSONValue
        var isValid: Bool
    }

    struct Group {
        var description: String
        var schema: JSONValue
        var cases: [Case]
    }

    static let root: URL? = {
        if let path = ProcessInfo.processInfo.environment["JSON_SCHEMA_TEST_SUITE"] {
            return URL(fileURLWithPath: path)
        }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let candidate = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/jsonschema-test-suite")
        return FileManager.default.fileExists(atPath: candidate.path) ? candidate : nil
    }()

    /// Test files relative to tests/draft2020-12, sorted.
    static func files() -> [String] {
        guard let root = Self.root else { return [] }
        let directory = root.appendingPathComponent("tests/draft2020-12")
        guard let enumerator = FileManager.default.enumerator(atPath: directory.path) else { return [] }
        return enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(".json") }.sorted()
    }

    static func groups(in file: String) throws -> [Group] {
        let url = Self.root!.appendingPathComponent("tests/draft2020-12").appendingPathComponent(file)
        let document = try JSONValue(parsing: Array(try Data(contentsOf: url)))
        return (document.arrayValue ?? []).map { group in
            Group(
                description: group["description"]?.stringValue ?? "",
                schema: group["schema"] ?? true,
                cases: (group["tests"]?.arrayValue ?? []).map {
                    Case(
                        description: $0["description"]?.stringValue ?? "",
                        instance: $0["data"] ?? nil,
                        isValid: $0["valid"]?.boolValue ?? false
                    )
                }
            )
        }
    }

    /// The standard registry plus every file under remotes/ at http://localhost:1234/<path>.
    static let registry: SchemaRegistry = {
        var registry = SchemaRegistry.standard
        guard let root = Self.root else { return registry }
        let remotes = root.appendingPathComponent("remotes")
        let paths = FileManager.default.enumerator(atPath: remotes.path)?.compactMap { $0 as? String } ?? []
        for path in paths where path.hasSuffix(".json") {
            guard let data = try? Data(contentsOf: remotes.appendingPathComponent(path)),
                let document = try? JSONValue(parsing: Array(data))
            else { continue }
            try? registry.add(document, uri: "http://localhost:1234/" + path)
        }
        return registry
    }()
}
