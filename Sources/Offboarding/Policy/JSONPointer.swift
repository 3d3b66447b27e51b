import Foundation

/// Builds RFC 6901 JSON Pointers from `Codable` coding paths.
enum JSONPointer {
    /// The pointer for a coding path: `/limits/configurations`, `/protected/organization_ids/2`.
    static func string(for codingPath: [any CodingKey]) -> String {
        codingPath.map { key in
            let token = key.intValue.map(String.init) ?? key.stringValue
            return "/" + token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
        }
        .joined()
    }
}
