/// Turns schema documents into a ``SchemaProgram``: indexes every resource, `$anchor` and `$dynamicAnchor`,
/// resolves references statically, and compiles each reachable subschema once (recursion becomes a cycle of
/// node indices).
final class SchemaCompiler {
    /// A subschema together with the context it is evaluated in.
    struct Location {
        var json: JSONValue
        var base: URIReference
        var dialect: Dialect
        /// Canonical key: nearest resource URI + "#" + JSON Pointer from it.
        var key: String
        var resourceURI: String
    }

    struct Resource {
        var id: Int
        var json: JSONValue
        var dialect: Dialect
        /// `$dynamicAnchor` name → location key.
        var dynamicAnchors: [String: String] = [:]
    }

    let registry: SchemaRegistry
    let options: ValidationOptions
    var locations: [String: Location] = [:]
    var resources: [String: Resource] = [:]
    var indexedDocuments: Set<String> = []
    private var hasIndexedWholeRegistry = false
    private var nodes: [SchemaNode] = []
    private var nodeByKey: [String: Int] = [:]
    private var worklist: [(Int, Location)] = []
    private var dynamicAnchorNodes: [[String: Int]] = []
    private var resourcesWithCompiledAnchors: Set<Int> = []
    private var needsAnnotations = false

    init(registry: SchemaRegistry, options: ValidationOptions) {
        self.registry = registry
        self.options = options
    }

    /// Compiles `schema` as the root document.
    func compile(_ schema: JSONValue) throws(SchemaError) -> SchemaProgram {
        let baseURI = URIReference(self.options.defaultBaseURI).withoutFragment.text
        try self.indexDocument(schema, uri: baseURI, isReplacing: true)
        guard let rootLocation = self.locations[baseURI + "#"] else {
            throw SchemaError(code: .invalidSchema, message: "the root schema could not be indexed")
        }
        let root = self.nodeIndex(for: rootLocation)
        while let (index, location) = self.worklist.popLast() {
            self.nodes[index].keywords = try self.compileKeywords(location)
            self.nodes[index].constant = location.json.boolValue
        }
        return SchemaProgram(
            nodes: self.nodes,
            dynamicAnchors: self.dynamicAnchorNodes,
            root: root,
            needsAnnotations: self.needsAnnotations
        )
    }

    // MARK: - Dialects

    /// The dialect a `$schema` URI selects: a well-known one, or a metaschema in the registry whose
    /// `$vocabulary` decides which vocabularies are on.
    func dialect(forMetaschema uri: String, depth: Int = 0) throws(SchemaError) -> Dialect {
        if let known = Dialect.wellKnown(uri) { return known }
        guard depth < 8, let document = self.registry.document(for: uri) else {
            throw SchemaError(code: .unknownDialect, message: "unknown metaschema '\(uri)' in $schema")
        }
        var dialect = Dialect.draft2020
        if let parent = document["$schema"]?.stringValue, parent != uri {
            dialect = try self.dialect(forMetaschema: parent, depth: depth + 1)
        }
        if let declaration = document["$vocabulary"]?.objectValue {
            dialect.vocabularies = try Dialect.vocabularies(from: declaration)
        }
        return dialect
    }

    // MARK: - Resolution

    /// Resolves a `$ref`/`$dynamicRef` value against `location`'s base URI.
    func resolve(_ reference: String, from location: Location) throws(SchemaError) -> Location {
        let target = location.base.resolving(URIReference(reference))
        let documentURI = target.withoutFragment.text
        let fragment = JSONPointer.percentDecode(target.fragment ?? "")
        try self.ensureIndexed(documentURI)
        let key = documentURI + "#" + fragment
        if let found = self.locations[key] { return found }
        if let tokens = JSONPointer.tokens(fragment), let resource = self.resources[documentURI],
            let value = JSONPointer.resolve(tokens, in: resource.json)
        {
            // A pointer into a place that is not a known subschema (e.g. inside an unknown keyword).
            let found = Location(
                json: value,
                base: URIReference(documentURI),
                dialect: resource.dialect,
                key: key,
                resourceURI: documentURI
            )
            self.locations[key] = found
            return found
        }
        throw SchemaError(code: .unresolvableReference, message: "cannot resolve reference '\(reference)' (\(key))")
    }

    private func ensureIndexed(_ documentURI: String) throws(SchemaError) {
        if self.resources[documentURI] != nil { return }
        if let document = self.registry.documents[documentURI] {
            try self.indexDocument(document, uri: documentURI, isReplacing: false)
            return
        }
        guard !self.hasIndexedWholeRegistry else { return }
        // The URI may be an embedded `$id` inside some registry document.
        self.hasIndexedWholeRegistry = true
        for (uri, document) in self.registry.documents where !self.indexedDocuments.contains(uri) {
            try? self.indexDocument(document, uri: uri, isReplacing: false)
        }
    }

    // MARK: - Nodes

    func makeResourceID() -> Int {
        self.dynamicAnchorNodes.append([:])
        return self.dynamicAnchorNodes.count - 1
    }

    private func nodeIndex(for location: Location) -> Int {
        if let index = self.nodeByKey[location.key] { return index }
        let resourceID = self.resources[location.resourceURI]?.id ?? 0
        let index = self.nodes.count
        self.nodes.append(
            SchemaNode(
                constant: nil,
                resource: resourceID,
                absoluteLocation: location.key,
                hasAbsoluteBase: !location.key.hasPrefix(ValidationOptions.placeholderBaseURI)
            )
        )
        self.nodeByKey[location.key] = index
        self.worklist.append((index, location))
        if !self.resourcesWithCompiledAnchors.contains(resourceID),
            let resource = self.resources[location.resourceURI]
        {
            // Every resource that can enter the dynamic scope has its dynamic anchors compiled.
            self.resourcesWithCompiledAnchors.insert(resourceID)
            for (name, key) in resource.dynamicAnchors {
                if let anchorLocation = self.locations[key] {
                    self.dynamicAnchorNodes[resourceID][name] = self.nodeIndex(for: anchorLocation)
                }
            }
        }
        return index
    }

    private func child(_ location: Location, _ tokens: String...) -> Int? {
        var value = location.json
        for token in tokens {
            guard let next = JSONPointer.resolve([token], in: value) else { return nil }
            value = next
        }
        let key = location.key + JSONPointer.make(tokens)
        if let indexed = self.locations[key] { return self.nodeIndex(for: indexed) }
        var derived = location
        derived.json = value
        derived.key = key
        self.locations[key] = derived
        return self.nodeIndex(for: derived)
    }

    // MARK: - Keywords

    private func compileKeywords(_ location: Location) throws(SchemaError) -> [CompiledKeyword] {
        guard case .object(let schema) = location.json else { return [] }
        var keywords: [CompiledKeyword] = []
        var trailing: [CompiledKeyword] = []
        let dialect = location.dialect
        let isDraft7 = dialect.draft == .draft7

        if let reference = schema["$ref"]?.stringValue {
            let target = try self.resolve(reference, from: location)
            keywords.append(CompiledKeyword(name: "$ref", kind: .reference(self.nodeIndex(for: target))))
            // Draft-07: `$ref` makes every sibling keyword ignored.
            if isDraft7 { return keywords }
        }
        if !isDraft7, let reference = schema["$dynamicRef"]?.stringValue {
            let target = try self.resolve(reference, from: location)
            let fragment = URIReference(reference).fragment ?? ""
            let resource = self.resources[target.resourceURI]
            let anchor = resource?.dynamicAnchors[fragment] != nil ? fragment : nil
            keywords.append(
                CompiledKeyword(
                    name: "$dynamicRef",
                    kind: .dynamicReference(self.nodeIndex(for: target), anchor: anchor)
                )
            )
        }
        if dialect.vocabularies.contains(.validation) {
            keywords += try self.compileValidation(schema)
        }
        if dialect.vocabularies.contains(.formatAssertion) || self.options.isFormatAssertionEnabled,
            let format = schema["format"]?.stringValue
        {
            keywords.append(CompiledKeyword(name: "format", kind: .format(format)))
        }
        if dialect.vocabularies.contains(.applicator) {
            keywords += try self.compileApplicators(schema, location)
        }
        if !isDraft7, dialect.vocabularies.contains(.unevaluated) {
            if schema["unevaluatedItems"] != nil, let node = self.child(location, "unevaluatedItems") {
                trailing.append(CompiledKeyword(name: "unevaluatedItems", kind: .unevaluatedItems(node)))
                self.needsAnnotations = true
            }
            if schema["unevaluatedProperties"] != nil, let node = self.child(location, "unevaluatedProperties") {
                trailing.append(CompiledKeyword(name: "unevaluatedProperties", kind: .unevaluatedProperties(node)))
                self.needsAnnotations = true
            }
        }
        return keywords + trailing
    }

    /// A non-negative integer keyword value; huge values clamp to `Int.max`.
    private static func count(_ value: JSONValue?) -> Int? {
        guard case .number(let number)? = value, number.isInteger else { return nil }
        if let exact = number.int64Value { return Int(clamping: exact) }
        if number.compare(to: JSONNumber(0)) < 0 { return 0 }
        return Int.max
    }

    private func compileValidation(_ schema: [String: JSONValue]) throws(SchemaError) -> [CompiledKeyword] {
        var keywords: [CompiledKeyword] = []
        func add(_ name: String, _ kind: Keyword) { keywords.append(CompiledKeyword(name: name, kind: kind)) }
        if let type = schema["type"] {
            var set = TypeSet()
            for name in type.arrayValue ?? [type] {
                if let member = name.stringValue.flatMap(TypeSet.init(name:)) { set.insert(member) }
            }
            add("type", .type(set))
        }
        if let values = schema["enum"]?.arrayValue { add("enum", .enumeration(values)) }
        if let value = schema["const"] { add("const", .constant(value)) }
        if let number = schema["multipleOf"]?.numberValue { add("multipleOf", .multipleOf(number)) }
        if let number = schema["maximum"]?.numberValue { add("maximum", .maximum(number)) }
        if let number = schema["exclusiveMaximum"]?.numberValue { add("exclusiveMaximum", .exclusiveMaximum(number)) }
        if let number = schema["minimum"]?.numberValue { add("minimum", .minimum(number)) }
        if let number = schema["exclusiveMinimum"]?.numberValue { add("exclusiveMinimum", .exclusiveMinimum(number)) }
        if let count = Self.count(schema["maxLength"]) { add("maxLength", .maxLength(count)) }
        if let count = Self.count(schema["minLength"]) { add("minLength", .minLength(count)) }
        if let pattern = schema["pattern"]?.stringValue { add("pattern", .pattern(try RegexPattern(pattern))) }
        if let count = Self.count(schema["maxItems"]) { add("maxItems", .maxItems(count)) }
        if let count = Self.count(schema["minItems"]) { add("minItems", .minItems(count)) }
        if schema["uniqueItems"] == .bool(true) { add("uniqueItems", .uniqueItems) }
        if let count = Self.count(schema["maxProperties"]) { add("maxProperties", .maxProperties(count)) }
        if let count = Self.count(schema["minProperties"]) { add("minProperties", .minProperties(count)) }
        if let names = schema["required"]?.arrayValue {
            add("required", .required(names.compactMap(\.stringValue)))
        }
        if let dependencies = schema["dependentRequired"]?.objectValue {
            add(
                "dependentRequired",
                .dependentRequired(dependencies.mapValues { $0.arrayValue?.compactMap(\.stringValue) ?? [] })
            )
        }
        return keywords
    }

    private func compileApplicators(
        _ schema: [String: JSONValue],
        _ location: Location
    ) throws(SchemaError) -> [CompiledKeyword] {
        var keywords: [CompiledKeyword] = []
        func add(_ name: String, _ kind: Keyword) { keywords.append(CompiledKeyword(name: name, kind: kind)) }
        let isDraft7 = location.dialect.draft == .draft7
        for name in ["allOf", "anyOf", "oneOf"] {
            guard let list = schema[name]?.arrayValue else { continue }
            let children = list.indices.compactMap { self.child(location, name, String($0)) }
            switch name {
            case "allOf": add(name, .allOf(children))
            case "anyOf": add(name, .anyOf(children))
            default: add(name, .oneOf(children))
            }
        }
        if schema["not"] != nil, let node = self.child(location, "not") { add("not", .not(node)) }
        if schema["if"] != nil, let condition = self.child(location, "if") {
            let then = schema["then"] != nil ? self.child(location, "then") : nil
            let otherwise = schema["else"] != nil ? self.child(location, "else") : nil
            // Kept without then/else: its annotations are visible to unevaluated* keywords.
            add("if", .conditional(condition: condition, then: then, else: otherwise))
        }
        if isDraft7 {
            if let list = schema["items"]?.arrayValue {
                add("items", .prefixItems(list.indices.compactMap { self.child(location, "items", String($0)) }))
                if schema["additionalItems"] != nil, let node = self.child(location, "additionalItems") {
                    add("additionalItems", .items(node, start: list.count))
                }
            } else if schema["items"] != nil, let node = self.child(location, "items") {
                add("items", .items(node, start: 0))
            }
        } else {
            var prefixCount = 0
            if let list = schema["prefixItems"]?.arrayValue {
                prefixCount = list.count
                add(
                    "prefixItems",
                    .prefixItems(list.indices.compactMap { self.child(location, "prefixItems", String($0)) })
                )
            }
            if schema["items"] != nil, let node = self.child(location, "items") {
                add("items", .items(node, start: prefixCount))
            }
            if let dependencies = schema["dependentSchemas"]?.objectValue {
                var schemas: [String: Int] = [:]
                for name in dependencies.keys {
                    if let node = self.child(location, "dependentSchemas", name) { schemas[name] = node }
                }
                add("dependentSchemas", .dependentSchemas(schemas))
            }
        }
        // `dependencies` (draft-07) is also honoured in 2020-12 schemas for compatibility.
        if let dependencies = schema["dependencies"]?.objectValue {
            var required: [String: [String]] = [:]
            var schemas: [String: Int] = [:]
            for (name, value) in dependencies {
                if let names = value.arrayValue {
                    required[name] = names.compactMap(\.stringValue)
                } else if let node = self.child(location, "dependencies", name) {
                    schemas[name] = node
                }
            }
            if !required.isEmpty { add("dependencies", .dependentRequired(required)) }
            if !schemas.isEmpty { add("dependencies", .dependentSchemas(schemas)) }
        }
        if schema["contains"] != nil, let node = self.child(location, "contains") {
            let minimum = isDraft7 ? 1 : (Self.count(schema["minContains"]) ?? 1)
            let maximum = isDraft7 ? nil : Self.count(schema["maxContains"])
            add("contains", .contains(node, minimum: minimum, maximum: maximum))
        }
        var known: Set<String> = []
        if let properties = schema["properties"]?.objectValue {
            var children: [String: Int] = [:]
            for name in properties.keys {
                if let node = self.child(location, "properties", name) { children[name] = node }
            }
            known = Set(properties.keys)
            add("properties", .properties(children))
        }
        var patterns: [RegexPattern] = []
        if let patternProperties = schema["patternProperties"]?.objectValue {
            var children: [(RegexPattern, Int)] = []
            for name in patternProperties.keys.sorted() {
                let pattern = try RegexPattern(name)
                patterns.append(pattern)
                if let node = self.child(location, "patternProperties", name) { children.append((pattern, node)) }
            }
            add("patternProperties", .patternProperties(children))
        }
        if schema["additionalProperties"] != nil, let node = self.child(location, "additionalProperties") {
            add("additionalProperties", .additionalProperties(node, known: known, patterns: patterns))
        }
        if schema["propertyNames"] != nil, let node = self.child(location, "propertyNames") {
            add("propertyNames", .propertyNames(node))
        }
        return keywords
    }
}
