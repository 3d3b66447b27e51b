/// Why a schema cannot be used: it is invalid against its metaschema, a reference cannot be resolved, its dialect
/// or a required vocabulary is unknown, or a regular expression in it does not compile.
public struct SchemaError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of problem.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Hashable, Sendable {
            case invalidSchema
            case unresolvableReference
            case unknownDialect
            case unsupportedVocabulary
            case invalidPattern
            case invalidDocument
        }

        private let kind: Kind

        private init(_ kind: Kind) {
            self.kind = kind
        }

        /// The schema does not validate against its metaschema.
        public static let invalidSchema = Code(.invalidSchema)
        /// A `$ref` or `$dynamicRef` names nothing known (remote documents are never fetched).
        public static let unresolvableReference = Code(.unresolvableReference)
        /// `$schema` names a metaschema that is neither built in nor in the registry.
        public static let unknownDialect = Code(.unknownDialect)
        /// The metaschema requires a vocabulary this implementation does not know.
        public static let unsupportedVocabulary = Code(.unsupportedVocabulary)
        /// A `pattern` or `patternProperties` regular expression does not compile.
        public static let invalidPattern = Code(.invalidPattern)
        /// A document added to a registry is unusable (e.g. its URI is not absolute).
        public static let invalidDocument = Code(.invalidDocument)

        public var description: String { self.kind.rawValue }
    }

    /// The kind of problem.
    public var code: Code
    /// Human-readable detail.
    public var message: String
    /// For ``Code/invalidSchema``: what the metaschema rejected.
    public var schemaErrors: [ValidationError]

    /// Creates an error.
    public init(code: Code, message: String, schemaErrors: [ValidationError] = []) {
        self.code = code
        self.message = message
        self.schemaErrors = schemaErrors
    }

    public var description: String {
        var text = "\(self.code): \(self.message)"
        for error in self.schemaErrors.prefix(10) { text += "\n  \(error)" }
        return text
    }
}
