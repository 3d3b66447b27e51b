/// Why a byte sequence is not valid JSON text, and where.
public struct JSONParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The byte offset (from 0) at which the problem was found.
    public var offset: Int
    /// What is wrong, e.g. "unexpected character 'x'".
    public var reason: String

    /// Creates an error at `offset`.
    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "invalid JSON at byte \(self.offset): \(self.reason)" }
}
