import Synchronization

/// A schema compiled once and validated against many instances, from any thread.
public final class SchemaValidator: Sendable {
    let program: SchemaProgram
    private let options: ValidationOptions

    /// Compiles `schema` (draft 2020-12 unless its `$schema` names draft-07 or a metaschema in `registry`).
    /// - Throws: A ``SchemaError`` if the schema is invalid against its metaschema, a reference cannot be
    ///   resolved, its dialect or a required vocabulary is unknown, or a regular expression does not compile.
    public convenience init(
        schema: JSONValue,
        registry: SchemaRegistry = .standard,
        options: ValidationOptions = .init()
    ) throws {
        try self.init(schema: schema, registry: registry, options: options, isCheckingMetaschema: true)
    }

    init(
        schema: JSONValue,
        registry: SchemaRegistry,
        options: ValidationOptions,
        isCheckingMetaschema: Bool
    ) throws(SchemaError) {
        if isCheckingMetaschema {
            try Self.checkAgainstMetaschema(schema, registry: registry)
        }
        self.program = try SchemaCompiler(registry: registry, options: options).compile(schema)
        self.options = options
    }

    /// Whether `instance` is valid; stops at the first failure.
    public func isValid(_ instance: JSONValue) -> Bool {
        var evaluator = Evaluator(
            program: self.program,
            isCollectingErrors: false,
            maximumDepth: self.options.maximumDepth
        )
        return evaluator.evaluateRoot(instance)
    }

    /// Validates `instance` and collects every error.
    public func validate(_ instance: JSONValue) -> ValidationResult {
        var evaluator = Evaluator(
            program: self.program,
            isCollectingErrors: true,
            maximumDepth: self.options.maximumDepth
        )
        let isValid = evaluator.evaluateRoot(instance)
        return ValidationResult(isValid: isValid, errors: isValid ? [] : evaluator.errors)
    }

    // MARK: - Metaschema validation

    /// Compiled built-in metaschemas, shared by every validator.
    private static let metaschemaCache = Mutex<[String: SchemaValidator]>([:])

    private static func checkAgainstMetaschema(_ schema: JSONValue, registry: SchemaRegistry) throws(SchemaError) {
        guard case .object(let members) = schema else { return }
        let declared = members["$schema"]?.stringValue ?? Dialect.draft2020URI
        let uri = URIReference(declared).withoutFragment.text
        guard registry.document(for: uri) != nil else {
            if Dialect.wellKnown(declared) != nil { return }
            throw SchemaError(code: .unknownDialect, message: "unknown metaschema '\(declared)' in $schema")
        }
        let metaschema = try Self.metaschemaValidator(uri, registry: registry)
        let result = metaschema.validate(schema)
        if !result.isValid {
            throw SchemaError(
                code: .invalidSchema,
                message: "the schema is not valid against its metaschema \(uri)",
                schemaErrors: result.errors
            )
        }
    }

    private static func metaschemaValidator(
        _ uri: String,
        registry: SchemaRegistry
    ) throws(SchemaError) -> SchemaValidator {
        let isBuiltIn = registry.hasBuiltInDocument(uri)
        if isBuiltIn, let cached = Self.metaschemaCache.withLock({ $0[uri] }) { return cached }
        guard let document = registry.document(for: uri) else {
            throw SchemaError(code: .unknownDialect, message: "unknown metaschema '\(uri)'")
        }
        var options = ValidationOptions()
        options.defaultBaseURI = uri
        let validator = try SchemaValidator(
            schema: document,
            registry: registry,
            options: options,
            isCheckingMetaschema: false
        )
        if isBuiltIn { Self.metaschemaCache.withLock { $0[uri] = validator } }
        return validator
    }
}
