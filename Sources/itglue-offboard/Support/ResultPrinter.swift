import JSONSchema
import Offboarding

/// Prints a result as indented JSON (sorted keys) on standard output and gives the exit status it stands for.
enum ResultPrinter {
    static func print(_ result: OffboardingResult) -> Int32 {
        self.print(json: result.jsonBytes())
        return result.isSuccess ? ExitStatus.success : ExitStatus.failure
    }

    /// Bytes that are not JSON are printed as they are.
    static func print(json bytes: [UInt8]) {
        guard let value = try? JSONValue(parsing: bytes) else {
            Swift.print(String(decoding: bytes, as: UTF8.self))
            return
        }
        Swift.print(self.indented(value, depth: 0))
    }

    private static func indented(_ value: JSONValue, depth: Int) -> String {
        let inner = String(repeating: "  ", count: depth + 1)
        let outer = String(repeating: "  ", count: depth)
        switch value {
        case .array(let items) where !items.isEmpty:
            let lines = items.map { inner + self.indented($0, depth: depth + 1) }
            return "[\n" + lines.joined(separator: ",\n") + "\n\(outer)]"
        case .object(let members) where !members.isEmpty:
            let lines = members.keys.sorted().map { key in
                inner + JSONValue.string(key).serialized() + ": "
                    + self.indented(members[key] ?? .null, depth: depth + 1)
            }
            return "{\n" + lines.joined(separator: ",\n") + "\n\(outer)}"
        default:
            return value.serialized()
        }
    }
}
