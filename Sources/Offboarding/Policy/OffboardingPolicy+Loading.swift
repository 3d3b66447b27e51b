public import Foundation
import JSONSchema

extension OffboardingPolicy {
    /// Loads and validates the policy file at `path` (the value of `OFFBOARD_POLICY`).
    ///
    /// - Parameter path: A file path, absolute or relative to the working directory.
    /// - Returns: The policy, with every absent member at its default.
    /// - Throws: A ``PolicyError`` whose description names `path`: ``PolicyError/Code/fileUnreadable`` when
    ///   the file cannot be read, ``PolicyError/Code/invalidJSON`` for a syntax error or a duplicate key,
    ///   ``PolicyError/Code/invalidPolicy`` when the document does not validate against the policy schema.
    public static func load(contentsOf path: String) throws -> OffboardingPolicy {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw PolicyError(code: .fileUnreadable, path: path, problem: Self.readProblem(path: path))
        }
        do {
            return try OffboardingPolicy(jsonData: data)
        } catch var error as PolicyError {
            error.path = path
            throw error
        }
    }

    /// Parses a policy document, validates it against `schemas/policy.schema.json` (``BundledSchemas/policy``),
    /// the one definition of a valid policy, and builds the policy from it.
    ///
    /// A duplicate key is refused: JSON leaves open which of two values counts, so an editor's validator and
    /// this loader could each see a different policy, e.g. `"mode": "soft_delete"` followed by
    /// `"mode": "delete"`.
    ///
    /// - Throws: A ``PolicyError`` (with no path) as described for ``load(contentsOf:)``, for the first syntax
    ///   error or the most deeply nested schema violation.
    public init(jsonData: Data) throws {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: jsonData, isRejectingDuplicateKeys: true)
        } catch let error as JSONParseError {
            let (line, column) = Self.position(of: error.offset, in: jsonData)
            throw PolicyError(
                code: .invalidJSON,
                problem: "invalid JSON at line \(line), column \(column): \(error.reason)"
            )
        }
        let result = Self.validator.validate(document)
        if let error = result.errors.max(by: { $0.depth < $1.depth }) {
            throw Self.policyError(for: error)
        }
        try self.init(validated: document)
    }

    /// The effective policy as pretty JSON with sorted keys and every member written out (`null` for
    /// "no limit"), for `--print-policy`-style diagnostics. It loads back to an equal policy.
    public func definitionJSON() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings, numbers and booleans cannot fail.
        let data = try! encoder.encode(self)
        return String(decoding: data, as: UTF8.self)
    }

    /// The bundled policy schema, compiled once. It is part of the binary and a test compiles it, so failing
    /// here is a build defect, not an operator's mistake.
    private static let validator = try! SchemaValidator(schema: JSONValue(parsing: BundledSchemas.policy))

    /// The error for a schema violation, with its pointer and message. The schema's one conditional rule
    /// (`if`/`then`: approval needs approvers) is restated, because its raw messages ("missing required property
    /// 'approvers'", "array has fewer than 1 items") do not say why.
    private static func policyError(for error: ValidationError) -> PolicyError {
        if error.keywordLocation.hasPrefix("/then/") {
            return PolicyError(
                code: .invalidPolicy,
                pointer: "/approvers",
                problem: "must name at least one approver when require_approval is true"
            )
        }
        return PolicyError(code: .invalidPolicy, pointer: error.instanceLocation, problem: error.message)
    }

    /// The 1-based line and column (in characters) of a byte offset.
    private static func position(of offset: Int, in data: Data) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for byte in data.prefix(offset) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                // UTF-8 continuation bytes belong to the character before them.
                column += 1
            }
        }
        return (line, column)
    }

    private static func readProblem(path: String) -> String {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            return "no such file"
        }
        if isDirectory.boolValue {
            return "is a directory, not a file"
        }
        return "cannot read the file (permission denied?)"
    }
}

extension ValidationError {
    /// How deeply nested the offending value is: the deepest error is the most specific one.
    fileprivate var depth: Int { self.instanceLocation.count { $0 == "/" } }
}
