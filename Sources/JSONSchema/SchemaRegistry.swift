/// Documents that `$ref` and `$schema` may name, keyed by absolute URI. Nothing is ever fetched: a reference to
/// a document that is not here fails to compile.
public struct SchemaRegistry: Sendable {
    /// Documents keyed by absolute URI without fragment.
    var documents: [String: JSONValue]

    /// An empty registry (not even the metaschemas).
    public init() {
        self.documents = [:]
    }

    /// The 2020-12 metaschema and its vocabulary metaschemas, and the draft-07 metaschema.
    public static var standard: SchemaRegistry { Self.builtIn }

    private static let builtIn: SchemaRegistry = {
        var registry = SchemaRegistry()
        for (uri, text) in Metaschemas.documents {
            // The embedded texts are the official documents; a parse failure is a build defect.
            registry.documents[uri] = try! JSONValue(parsing: text)
        }
        return registry
    }()

    /// Adds `document` under `uri`, and also under its own `$id` when that resolves to another URI.
    /// - Throws: ``SchemaError/Code/invalidDocument`` when `uri` is not absolute.
    public mutating func add(_ document: JSONValue, uri: String) throws {
        let reference = URIReference(uri)
        guard reference.isAbsolute else {
            throw SchemaError(code: .invalidDocument, message: "the registry URI '\(uri)' is not absolute")
        }
        let key = reference.withoutFragment.text
        self.documents[key] = document
        if let id = document["$id"]?.stringValue {
            let resolved = reference.resolving(URIReference(id)).withoutFragment.text
            if resolved != key { self.documents[resolved] = document }
        }
    }

    /// The document stored under `uri` (fragment ignored).
    public func document(for uri: String) -> JSONValue? {
        self.documents[URIReference(uri).withoutFragment.text]
    }

    /// Whether `uri` names a document that is byte-for-byte the built-in one.
    func hasBuiltInDocument(_ uri: String) -> Bool {
        guard let document = self.documents[uri] else { return false }
        return Self.builtIn.documents[uri] == document
    }
}
