/// One evaluation of an instance against a ``SchemaProgram``. In fast mode it stops at the first failure and
/// tracks no locations; in full mode it records every error with instance and keyword locations.
struct Evaluator: ~Copyable {
    let program: SchemaProgram
    let isCollectingErrors: Bool
    private let maximumDepth: Int
    var errors: [ValidationError] = []
    var instanceTokens: [String] = []
    private var keywordTokens: [String] = []
    private var dynamicScope: [Int] = []
    /// (node, instance depth) pairs of `$ref` targets being evaluated: seeing one again means a cycle that
    /// consumes no instance, which would never end.
    private var activeReferences: Set<Int> = []
    private var instanceDepth = 0
    private var depth = 0

    init(program: SchemaProgram, isCollectingErrors: Bool, maximumDepth: Int) {
        self.program = program
        self.isCollectingErrors = isCollectingErrors
        self.maximumDepth = maximumDepth
    }

    mutating func evaluateRoot(_ instance: JSONValue) -> Bool {
        var annotations = Annotations()
        return self.evaluate(self.program.root, instance, &annotations)
    }

    // MARK: - Errors

    mutating func fail(_ message: String, _ node: SchemaNode, _ nodeStart: Int, _ keyword: [String]) {
        guard self.isCollectingErrors else { return }
        let relative = self.keywordTokens[nodeStart...] + keyword
        self.errors.append(
            ValidationError(
                instanceLocation: JSONPointer.make(self.instanceTokens),
                keywordLocation: JSONPointer.make(self.keywordTokens + keyword),
                absoluteKeywordLocation: node.hasAbsoluteBase
                    ? node.absoluteLocation + JSONPointer.make(Array(relative)) : nil,
                message: message
            )
        )
    }

    mutating func discardErrors(from count: Int) {
        if self.isCollectingErrors, self.errors.count > count { self.errors.removeSubrange(count...) }
    }

    // MARK: - Nodes

    private mutating func evaluate(_ index: Int, _ instance: JSONValue, _ annotations: inout Annotations) -> Bool {
        let node = self.program.nodes[index]
        if let constant = node.constant {
            if !constant { self.fail("no value is allowed here (false schema)", node, self.keywordTokens.count, []) }
            return constant
        }
        if self.depth >= self.maximumDepth {
            self.fail("maximum evaluation depth \(self.maximumDepth) exceeded", node, self.keywordTokens.count, [])
            return false
        }
        self.depth += 1
        let entersResource = self.dynamicScope.last != node.resource
        if entersResource { self.dynamicScope.append(node.resource) }
        defer {
            self.depth -= 1
            if entersResource { self.dynamicScope.removeLast() }
        }
        var local = Annotations()
        var isValid = true
        let nodeStart = self.keywordTokens.count
        for keyword in node.keywords {
            if self.isCollectingErrors { self.keywordTokens.append(keyword.name) }
            let isKeywordValid = self.evaluateKeyword(keyword.kind, instance, node, nodeStart, &local)
            if self.isCollectingErrors { self.keywordTokens.removeLast() }
            if !isKeywordValid {
                isValid = false
                if !self.isCollectingErrors { return false }
            }
        }
        if isValid, self.program.needsAnnotations { annotations.merge(local) }
        return isValid
    }

    /// Evaluates a subschema at a keyword-relative path and an optional instance child.
    mutating func apply(
        _ index: Int,
        _ instance: JSONValue,
        keyword: [String] = [],
        instanceToken: String? = nil,
        _ annotations: inout Annotations
    ) -> Bool {
        if self.isCollectingErrors {
            self.keywordTokens += keyword
            if let instanceToken { self.instanceTokens.append(instanceToken) }
        }
        if instanceToken != nil { self.instanceDepth += 1 }
        let isValid = self.evaluate(index, instance, &annotations)
        if instanceToken != nil { self.instanceDepth -= 1 }
        if self.isCollectingErrors {
            self.keywordTokens.removeLast(keyword.count)
            if instanceToken != nil { self.instanceTokens.removeLast() }
        }
        return isValid
    }

    private mutating func applyReference(
        _ target: Int,
        _ instance: JSONValue,
        _ node: SchemaNode,
        _ nodeStart: Int,
        _ annotations: inout Annotations
    ) -> Bool {
        let key = target &* 4096 &+ self.instanceDepth
        guard self.activeReferences.insert(key).inserted else {
            self.fail("infinite recursion through references", node, nodeStart, [])
            return false
        }
        defer { self.activeReferences.remove(key) }
        return self.apply(target, instance, &annotations)
    }

    /// Evaluates `then`/`else`, which are located beside `if` rather than under it.
    private mutating func applySibling(
        _ name: String,
        _ index: Int,
        _ instance: JSONValue,
        _ annotations: inout Annotations
    ) -> Bool {
        guard self.isCollectingErrors else { return self.evaluate(index, instance, &annotations) }
        let last = self.keywordTokens.count - 1
        self.keywordTokens[last] = name
        defer { self.keywordTokens[last] = "if" }
        return self.evaluate(index, instance, &annotations)
    }

    func isFalseSchema(_ index: Int) -> Bool { self.program.nodes[index].constant == false }

    // MARK: - Keywords

    private mutating func evaluateKeyword(
        _ keyword: Keyword,
        _ instance: JSONValue,
        _ node: SchemaNode,
        _ nodeStart: Int,
        _ annotations: inout Annotations
    ) -> Bool {
        switch keyword {
        case .reference(let target):
            return self.applyReference(target, instance, node, nodeStart, &annotations)
        case .dynamicReference(let target, let anchor):
            var resolved = target
            if let anchor {
                for resource in self.dynamicScope {
                    if let found = self.program.dynamicAnchors[resource][anchor] {
                        resolved = found
                        break
                    }
                }
            }
            return self.applyReference(resolved, instance, node, nodeStart, &annotations)
        case .type(let types):
            if types.allows(instance) { return true }
            let expected = types.names.joined(separator: " or ")
            self.fail("expected \(expected), got \(instance.typeName)", node, nodeStart, [])
            return false
        case .enumeration(let values):
            if values.contains(instance) { return true }
            // Short lists are spelled out: they are what a person fixing the document needs to see.
            let message =
                values.count <= 10
                ? "value must be one of \(values.map { $0.serialized() }.joined(separator: ", "))"
                : "value is not one of the \(values.count) allowed values"
            self.fail(message, node, nodeStart, [])
            return false
        case .constant(let value):
            if value == instance { return true }
            self.fail("value must be \(value.serialized())", node, nodeStart, [])
            return false
        case .multipleOf, .maximum, .exclusiveMaximum, .minimum, .exclusiveMinimum:
            guard case .number(let number) = instance else { return true }
            return self.checkNumber(keyword, number, node, nodeStart)
        case .maxLength, .minLength, .pattern, .format:
            guard case .string(let string) = instance else { return true }
            return self.checkString(keyword, string, node, nodeStart)
        case .maxItems, .minItems, .uniqueItems, .contains, .prefixItems, .items, .unevaluatedItems:
            guard case .array(let elements) = instance else { return true }
            return self.checkArray(keyword, elements, node, nodeStart, &annotations)
        case .maxProperties, .minProperties, .required, .dependentRequired, .dependentSchemas, .properties,
            .patternProperties, .additionalProperties, .propertyNames, .unevaluatedProperties:
            guard case .object(let members) = instance else { return true }
            return self.checkObject(keyword, members, instance, node, nodeStart, &annotations)
        case .allOf(let children):
            var isValid = true
            for (offset, child) in children.enumerated()
            where !self.apply(child, instance, keyword: [String(offset)], &annotations) {
                isValid = false
                if !self.isCollectingErrors { return false }
            }
            return isValid
        case .anyOf(let children):
            let errorCount = self.errors.count
            var isValid = false
            for (offset, child) in children.enumerated() {
                if self.apply(child, instance, keyword: [String(offset)], &annotations) {
                    isValid = true
                    if !self.program.needsAnnotations { break }
                }
            }
            if isValid {
                self.discardErrors(from: errorCount)
            } else {
                self.fail("value does not match any of the anyOf schemas", node, nodeStart, [])
            }
            return isValid
        case .oneOf(let children):
            let errorCount = self.errors.count
            var matches = 0
            var matched = Annotations()
            for (offset, child) in children.enumerated() {
                var branch = Annotations()
                if self.apply(child, instance, keyword: [String(offset)], &branch) {
                    matches += 1
                    matched = branch
                    if matches > 1, !self.isCollectingErrors { break }
                }
            }
            if matches == 1 {
                self.discardErrors(from: errorCount)
                annotations.merge(matched)
                return true
            }
            if matches > 1 { self.discardErrors(from: errorCount) }
            let detail = matches == 0 ? "does not match any" : "matches \(matches)"
            self.fail("value \(detail) of the oneOf schemas, exactly one is required", node, nodeStart, [])
            return false
        case .not(let child):
            let errorCount = self.errors.count
            var ignored = Annotations()
            let isChildValid = self.apply(child, instance, &ignored)
            self.discardErrors(from: errorCount)
            if isChildValid { self.fail("value must not match the 'not' schema", node, nodeStart, []) }
            return !isChildValid
        case .conditional(let condition, let then, let otherwise):
            let errorCount = self.errors.count
            var conditionAnnotations = Annotations()
            let isConditionValid = self.apply(condition, instance, &conditionAnnotations)
            self.discardErrors(from: errorCount)
            if isConditionValid {
                annotations.merge(conditionAnnotations)
                guard let then else { return true }
                return self.applySibling("then", then, instance, &annotations)
            }
            guard let otherwise else { return true }
            return self.applySibling("else", otherwise, instance, &annotations)
        }
    }
}
