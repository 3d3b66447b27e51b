/// The outcome of ``SchemaValidator/validate(_:)``: validity and every error found.
public struct ValidationResult: Sendable {
    /// Whether the instance is valid.
    public var isValid: Bool
    /// Every error, in evaluation order (empty when valid).
    public var errors: [ValidationError]

    /// Creates a result.
    public init(isValid: Bool, errors: [ValidationError]) {
        self.isValid = isValid
        self.errors = errors
    }

    /// The specification's "basic" output format (draft 2020-12 Core §12.4.2): `{"valid": ...}` plus a flat
    /// `errors` list of `keywordLocation`, `absoluteKeywordLocation`, `instanceLocation` and `error`.
    public func basicOutput() -> JSONValue {
        guard !self.isValid else { return ["valid": true] }
        let units: [JSONValue] = self.errors.map { error in
            var unit: [String: JSONValue] = [
                "keywordLocation": .string(error.keywordLocation),
                "instanceLocation": .string(error.instanceLocation),
                "error": .string(error.message),
            ]
            if let absolute = error.absoluteKeywordLocation { unit["absoluteKeywordLocation"] = .string(absolute) }
            return .object(unit)
        }
        return ["valid": false, "errors": .array(units)]
    }
}
