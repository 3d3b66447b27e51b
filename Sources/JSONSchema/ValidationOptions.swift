/// How a ``SchemaValidator`` compiles and evaluates.
public struct ValidationOptions: Sendable {
    /// Whether `format` asserts (fails invalid strings) rather than only annotating. Metaschemas that require
    /// the format-assertion vocabulary turn it on regardless. Default: `false`, as the specification says.
    public var isFormatAssertionEnabled: Bool = false
    /// The deepest nesting of subschema evaluations before validation stops with an error, which bounds stack
    /// use on hostile schemas and instances. Default: 512.
    public var maximumDepth: Int = 512
    /// The base URI of a root schema without an absolute `$id`. Default: an unresolvable placeholder, which is
    /// left out of ``ValidationError/absoluteKeywordLocation``.
    public var defaultBaseURI: String = ValidationOptions.placeholderBaseURI

    static let placeholderBaseURI = "https://schema.invalid/root.json"

    /// Creates the default options.
    public init() {}
}
