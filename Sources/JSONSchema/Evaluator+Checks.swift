extension Evaluator {
    // MARK: - Numbers

    mutating func checkNumber(_ keyword: Keyword, _ number: JSONNumber, _ node: SchemaNode, _ nodeStart: Int) -> Bool {
        let isValid: Bool
        let message: String
        switch keyword {
        case .multipleOf(let divisor):
            isValid = number.isMultiple(of: divisor)
            message = "\(number) is not a multiple of \(divisor)"
        case .maximum(let limit):
            isValid = number.compare(to: limit) <= 0
            message = "\(number) is greater than the maximum \(limit)"
        case .exclusiveMaximum(let limit):
            isValid = number.compare(to: limit) < 0
            message = "\(number) is not less than \(limit)"
        case .minimum(let limit):
            isValid = number.compare(to: limit) >= 0
            message = "\(number) is less than the minimum \(limit)"
        case .exclusiveMinimum(let limit):
            isValid = number.compare(to: limit) > 0
            message = "\(number) is not greater than \(limit)"
        default:
            return true
        }
        if !isValid { self.fail(message, node, nodeStart, []) }
        return isValid
    }

    // MARK: - Strings

    mutating func checkString(_ keyword: Keyword, _ string: String, _ node: SchemaNode, _ nodeStart: Int) -> Bool {
        switch keyword {
        case .maxLength(let limit):
            // Lengths count Unicode code points (scalars), not UTF-16 units or grapheme clusters.
            if string.utf8.count <= limit || string.unicodeScalars.count <= limit { return true }
            self.fail("string is longer than \(limit) characters", node, nodeStart, [])
            return false
        case .minLength(let limit):
            if string.utf8.count >= limit, string.unicodeScalars.count >= limit { return true }
            self.fail("string is shorter than \(limit) characters", node, nodeStart, [])
            return false
        case .pattern(let pattern):
            if pattern.matches(string) { return true }
            self.fail("string does not match the pattern '\(pattern.source)'", node, nodeStart, [])
            return false
        case .format(let format):
            if FormatChecker.isValid(string, format: format) { return true }
            self.fail("string is not a valid \(format)", node, nodeStart, [])
            return false
        default:
            return true
        }
    }

    // MARK: - Arrays

    mutating func checkArray(
        _ keyword: Keyword,
        _ elements: [JSONValue],
        _ node: SchemaNode,
        _ nodeStart: Int,
        _ annotations: inout Annotations
    ) -> Bool {
        switch keyword {
        case .maxItems(let limit):
            if elements.count <= limit { return true }
            self.fail("array has more than \(limit) items", node, nodeStart, [])
            return false
        case .minItems(let limit):
            if elements.count >= limit { return true }
            self.fail("array has fewer than \(limit) items", node, nodeStart, [])
            return false
        case .uniqueItems:
            var seen: Set<JSONValue> = []
            for element in elements where !seen.insert(element).inserted {
                self.fail("array items are not unique", node, nodeStart, [])
                return false
            }
            return true
        case .prefixItems(let children):
            var isValid = true
            for (offset, child) in children.enumerated() where offset < elements.count {
                if !self.apply(
                    child,
                    elements[offset],
                    keyword: [String(offset)],
                    instanceToken: String(offset),
                    &annotations
                ) {
                    isValid = false
                    if !self.isCollectingErrors { return false }
                }
            }
            if isValid { annotations.itemPrefix = max(annotations.itemPrefix, min(children.count, elements.count)) }
            return isValid
        case .items(let child, let start):
            return self.applyToItems(child, elements, from: start, where: { _ in true }, node, nodeStart, &annotations)
        case .unevaluatedItems(let child):
            let evaluated = annotations
            return self.applyToItems(
                child,
                elements,
                from: 0,
                where: { !evaluated.isItemEvaluated($0) },
                node,
                nodeStart,
                &annotations
            )
        case .contains(let child, let minimum, let maximum):
            let errorCount = self.errors.count
            var matches = 0
            for (offset, element) in elements.enumerated() {
                var ignored = Annotations()
                if self.apply(child, element, instanceToken: String(offset), &ignored) {
                    matches += 1
                    if self.program.needsAnnotations { annotations.itemIndices.insert(offset) }
                }
            }
            self.discardErrors(from: errorCount)
            if matches < minimum {
                self.fail(
                    "array has \(matches) items matching 'contains', at least \(minimum) required",
                    node,
                    nodeStart,
                    []
                )
                return false
            }
            if let maximum, matches > maximum {
                self.fail(
                    "array has \(matches) items matching 'contains', at most \(maximum) allowed",
                    node,
                    nodeStart,
                    []
                )
                return false
            }
            return true
        default:
            return true
        }
    }

    private mutating func applyToItems(
        _ child: Int,
        _ elements: [JSONValue],
        from start: Int,
        where isIncluded: (Int) -> Bool,
        _ node: SchemaNode,
        _ nodeStart: Int,
        _ annotations: inout Annotations
    ) -> Bool {
        var isValid = true
        let isFalse = self.isFalseSchema(child)
        for offset in elements.indices where offset >= start && isIncluded(offset) {
            if isFalse {
                isValid = false
                guard self.isCollectingErrors else { return false }
                self.instanceTokens.append(String(offset))
                self.fail("unexpected item at index \(offset)", node, nodeStart, [])
                self.instanceTokens.removeLast()
                continue
            }
            var ignored = Annotations()
            if !self.apply(child, elements[offset], instanceToken: String(offset), &ignored) {
                isValid = false
                if !self.isCollectingErrors { return false }
            }
        }
        if isValid { annotations.hasAllItems = true }
        return isValid
    }

    // MARK: - Objects

    mutating func checkObject(
        _ keyword: Keyword,
        _ members: [String: JSONValue],
        _ instance: JSONValue,
        _ node: SchemaNode,
        _ nodeStart: Int,
        _ annotations: inout Annotations
    ) -> Bool {
        switch keyword {
        case .maxProperties(let limit):
            if members.count <= limit { return true }
            self.fail("object has more than \(limit) properties", node, nodeStart, [])
            return false
        case .minProperties(let limit):
            if members.count >= limit { return true }
            self.fail("object has fewer than \(limit) properties", node, nodeStart, [])
            return false
        case .required(let names):
            var isValid = true
            for name in names where members[name] == nil {
                isValid = false
                guard self.isCollectingErrors else { return false }
                self.fail("missing required property '\(name)'", node, nodeStart, [])
            }
            return isValid
        case .dependentRequired(let dependencies):
            var isValid = true
            for (name, required) in dependencies where members[name] != nil {
                for missing in required where members[missing] == nil {
                    isValid = false
                    guard self.isCollectingErrors else { return false }
                    self.fail("property '\(missing)' is required when '\(name)' is present", node, nodeStart, [])
                }
            }
            return isValid
        case .dependentSchemas(let dependencies):
            var isValid = true
            for (name, child) in dependencies where members[name] != nil {
                if !self.apply(child, instance, keyword: [name], &annotations) {
                    isValid = false
                    if !self.isCollectingErrors { return false }
                }
            }
            return isValid
        case .properties(let children):
            var isValid = true
            var evaluated: [String] = []
            for (name, child) in children {
                guard let value = members[name] else { continue }
                var ignored = Annotations()
                if self.apply(child, value, keyword: [name], instanceToken: name, &ignored) {
                    evaluated.append(name)
                } else {
                    isValid = false
                    if !self.isCollectingErrors { return false }
                }
            }
            if isValid, self.program.needsAnnotations { annotations.properties.formUnion(evaluated) }
            return isValid
        case .patternProperties(let children):
            var isValid = true
            for (pattern, child) in children {
                for (name, value) in members where pattern.matches(name) {
                    var ignored = Annotations()
                    if !self.apply(child, value, keyword: [pattern.source], instanceToken: name, &ignored) {
                        isValid = false
                        if !self.isCollectingErrors { return false }
                    }
                    if self.program.needsAnnotations { annotations.properties.insert(name) }
                }
            }
            return isValid
        case .additionalProperties(let child, let known, let patterns):
            let others = members.keys.filter { name in
                !known.contains(name) && !patterns.contains { $0.matches(name) }
            }
            return self.applyToProperties(child, others, members, node, nodeStart, &annotations)
        case .unevaluatedProperties(let child):
            let others = members.keys.filter { !annotations.isPropertyEvaluated($0) }
            return self.applyToProperties(child, others, members, node, nodeStart, &annotations)
        case .propertyNames(let child):
            var isValid = true
            for name in members.keys {
                var ignored = Annotations()
                let errorCount = self.errors.count
                if !self.apply(child, .string(name), &ignored) {
                    isValid = false
                    guard self.isCollectingErrors else { return false }
                    self.discardErrors(from: errorCount)
                    self.fail("property name '\(name)' is not allowed", node, nodeStart, [])
                }
            }
            return isValid
        default:
            return true
        }
    }

    private mutating func applyToProperties(
        _ child: Int,
        _ names: [String],
        _ members: [String: JSONValue],
        _ node: SchemaNode,
        _ nodeStart: Int,
        _ annotations: inout Annotations
    ) -> Bool {
        var isValid = true
        let isFalse = self.isFalseSchema(child)
        for name in names.sorted() {
            if isFalse {
                isValid = false
                guard self.isCollectingErrors else { return false }
                self.instanceTokens.append(name)
                self.fail("unexpected property '\(name)'", node, nodeStart, [])
                self.instanceTokens.removeLast()
                continue
            }
            var ignored = Annotations()
            if !self.apply(child, members[name]!, instanceToken: name, &ignored) {
                isValid = false
                if !self.isCollectingErrors { return false }
            }
        }
        if isValid, self.program.needsAnnotations { annotations.properties.formUnion(names) }
        return isValid
    }
}
