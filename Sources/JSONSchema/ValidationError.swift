/// One reason an instance is invalid.
public struct ValidationError: Sendable, Hashable, CustomStringConvertible {
    /// JSON Pointer to the offending part of the instance ("" for the root).
    public var instanceLocation: String
    /// JSON Pointer to the failing keyword along the evaluation path (through `$ref`s).
    public var keywordLocation: String
    /// The failing keyword's absolute URI with a JSON Pointer fragment, when the schema has an absolute base.
    public var absoluteKeywordLocation: String?
    /// Human-readable text, e.g. "unexpected property 'confirm'" or "expected boolean, got string".
    public var message: String

    /// Creates an error.
    public init(instanceLocation: String, keywordLocation: String, absoluteKeywordLocation: String?, message: String) {
        self.instanceLocation = instanceLocation
        self.keywordLocation = keywordLocation
        self.absoluteKeywordLocation = absoluteKeywordLocation
        self.message = message
    }

    public var description: String {
        let location = self.instanceLocation.isEmpty ? "(root)" : self.instanceLocation
        return "\(location): \(self.message) [\(self.keywordLocation)]"
    }
}
