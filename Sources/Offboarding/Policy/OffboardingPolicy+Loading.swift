public import Foundation

extension OffboardingPolicy {
    /// Loads and strictly validates the policy file at `path` (the value of `OFFBOARD_POLICY`).
    ///
    /// - Parameter path: A file path, absolute or relative to the working directory.
    /// - Returns: The policy, with every absent member at its default.
    /// - Throws: A ``PolicyError`` whose description names `path`: ``PolicyError/Code/fileUnreadable`` when
    ///   the file cannot be read, ``PolicyError/Code/invalidJSON`` for a syntax error,
    ///   ``PolicyError/Code/invalidPolicy`` for an unknown field, a wrong type or an out-of-range number.
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

    /// Decodes and strictly validates a policy document.
    ///
    /// - Throws: A ``PolicyError`` (with no path) as described for ``load(contentsOf:)``.
    public init(jsonData: Data) throws {
        do {
            try StrictJSONSyntax.check(Array(jsonData))
        } catch {
            throw PolicyError(code: .invalidJSON, problem: error.description)
        }
        do {
            self = try JSONDecoder().decode(OffboardingPolicy.self, from: jsonData)
        } catch let error as PolicyError {
            throw error
        } catch {
            // The syntax check and the strict containers leave nothing else; keep the detail if it happens.
            throw PolicyError(code: .invalidPolicy, pointer: "", problem: "cannot be decoded (\(error))")
        }
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
