extension SchemaCompiler {
    /// One enclosing resource of a subschema and the pointer tokens from that resource to it.
    private struct Ancestor {
        var uri: String
        var tokens: [String]
    }

    private static let singleSchemaKeywords = [
        "additionalProperties", "propertyNames", "not", "if", "then", "else", "contains", "items",
        "unevaluatedItems", "unevaluatedProperties", "contentSchema", "additionalItems",
    ]
    private static let schemaListKeywords = ["allOf", "anyOf", "oneOf", "prefixItems"]
    private static let schemaMapKeywords = [
        "$defs", "definitions", "properties", "patternProperties", "dependentSchemas",
        "dependencies",
    ]

    /// Records every subschema of `document` under each enclosing resource's URI + JSON Pointer, plus anchors.
    func indexDocument(_ document: JSONValue, uri: String, isReplacing: Bool) throws(SchemaError) {
        guard isReplacing || !self.indexedDocuments.contains(uri) else { return }
        self.indexedDocuments.insert(uri)
        var dialect = Dialect.draft2020
        if let metaschema = document["$schema"]?.stringValue {
            dialect = try self.dialect(forMetaschema: metaschema)
        }
        let base = URIReference(uri).withoutFragment
        self.registerResource(base.text, json: document, dialect: dialect)
        try self.walk(document, base: base, ancestors: [Ancestor(uri: base.text, tokens: [])], dialect: dialect)
    }

    private func registerResource(_ uri: String, json: JSONValue, dialect: Dialect) {
        let id = self.resources[uri]?.id ?? self.makeResourceID()
        self.resources[uri] = Resource(id: id, json: json, dialect: dialect)
    }

    private func walk(
        _ json: JSONValue,
        base: URIReference,
        ancestors: [Ancestor],
        dialect: Dialect
    ) throws(SchemaError) {
        var base = base
        var ancestors = ancestors
        var dialect = dialect
        var anchors: [String] = []
        var dynamicAnchors: [String] = []
        if case .object(let schema) = json {
            let ignoresSiblings = dialect.draft == .draft7 && schema["$ref"] != nil
            if !ignoresSiblings, let id = schema["$id"]?.stringValue {
                if let metaschema = schema["$schema"]?.stringValue {
                    dialect = try self.dialect(forMetaschema: metaschema)
                }
                if dialect.draft == .draft7, id.hasPrefix("#") {
                    anchors.append(String(id.dropFirst()))
                } else {
                    let resolved = base.resolving(URIReference(id))
                    base = resolved.withoutFragment
                    if base.text != ancestors.last?.uri {
                        ancestors.append(Ancestor(uri: base.text, tokens: []))
                    }
                    self.registerResource(base.text, json: json, dialect: dialect)
                    if dialect.draft == .draft7, let fragment = resolved.fragment, !fragment.isEmpty {
                        anchors.append(fragment)
                    }
                }
            }
            if dialect.draft == .draft2020 {
                if let anchor = schema["$anchor"]?.stringValue { anchors.append(anchor) }
                if let anchor = schema["$dynamicAnchor"]?.stringValue {
                    anchors.append(anchor)
                    dynamicAnchors.append(anchor)
                }
            }
        }
        let nearest = ancestors[ancestors.count - 1]
        let key = nearest.uri + "#" + JSONPointer.make(nearest.tokens)
        let location = Location(json: json, base: base, dialect: dialect, key: key, resourceURI: nearest.uri)
        for ancestor in ancestors {
            let ancestorKey = ancestor.uri + "#" + JSONPointer.make(ancestor.tokens)
            if self.locations[ancestorKey] == nil || ancestor.uri == nearest.uri {
                self.locations[ancestorKey] = location
            }
        }
        for anchor in anchors { self.locations[base.text + "#" + anchor] = location }
        for anchor in dynamicAnchors { self.resources[nearest.uri]?.dynamicAnchors[anchor] = key }

        guard case .object(let schema) = json else { return }
        func descend(_ value: JSONValue, _ tokens: String...) throws(SchemaError) {
            let extended = ancestors.map { Ancestor(uri: $0.uri, tokens: $0.tokens + tokens) }
            try self.walk(value, base: base, ancestors: extended, dialect: dialect)
        }
        for keyword in Self.singleSchemaKeywords {
            guard let value = schema[keyword] else { continue }
            if keyword == "items", case .array(let list) = value {
                for (index, element) in list.enumerated() { try descend(element, keyword, String(index)) }
            } else if value.objectValue != nil || value.boolValue != nil {
                try descend(value, keyword)
            }
        }
        for keyword in Self.schemaListKeywords {
            guard let list = schema[keyword]?.arrayValue else { continue }
            for (index, element) in list.enumerated() { try descend(element, keyword, String(index)) }
        }
        for keyword in Self.schemaMapKeywords {
            guard let members = schema[keyword]?.objectValue else { continue }
            for (name, value) in members where value.objectValue != nil || value.boolValue != nil {
                try descend(value, keyword, name)
            }
        }
    }
}
