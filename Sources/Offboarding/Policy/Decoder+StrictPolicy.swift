// Strict decoding for the policy: JSONDecoder ignores unknown keys and lets `null` pass as "absent";
// a safety policy must do neither, and must say where the problem is.

extension Decoder {
    /// A keyed container that throws a ``PolicyError`` for any member not in `Key.allCases`.
    func strictPolicyContainer<Key: CodingKey & CaseIterable>(
        keyedBy type: Key.Type
    ) throws -> KeyedDecodingContainer<Key> {
        let members: KeyedDecodingContainer<PolicyCodingKey>
        do {
            members = try self.container(keyedBy: PolicyCodingKey.self)
        } catch is DecodingError {
            throw PolicyError.invalid(at: self.codingPath, "must be an object")
        }
        let known = Set(Key.allCases.map(\.stringValue))
        if let unknown = members.allKeys.map(\.stringValue).filter({ !known.contains($0) }).sorted().first {
            throw PolicyError.invalid(at: self.codingPath + [PolicyCodingKey(stringValue: unknown)], "unknown field")
        }
        return try self.container(keyedBy: Key.self)
    }
}

extension KeyedDecodingContainer {
    /// The value for `key`, or `nil` when the key is absent; `null` and wrong types are errors.
    func strictValue<T: Decodable>(_ type: T.Type, forKey key: Key, expected: String) throws -> T? {
        guard self.contains(key) else { return nil }
        if try self.decodeNil(forKey: key) {
            throw PolicyError.invalid(at: self.codingPath + [key], "must be \(expected), not null")
        }
        return try self.decodeMapped(type, forKey: key, expected: expected)
    }

    /// The value for `key`, or `nil` when the key is absent or `null`; wrong types are errors.
    func strictNullableValue<T: Decodable>(_ type: T.Type, forKey key: Key, expected: String) throws -> T? {
        guard self.contains(key), try !self.decodeNil(forKey: key) else { return nil }
        return try self.decodeMapped(type, forKey: key, expected: expected)
    }

    /// A whole number of at least `minimum`, or `nil` when absent (or `null`, if `isNullable`).
    func strictInteger(forKey key: Key, minimum: Int, isNullable: Bool = false) throws -> Int? {
        let expected = minimum == 0 ? "a non-negative integer" : "an integer of at least \(minimum)"
        let number =
            isNullable
            ? try self.strictNullableValue(Double.self, forKey: key, expected: expected)
            : try self.strictValue(Double.self, forKey: key, expected: expected)
        guard let number else { return nil }
        guard let integer = Int(exactly: number), integer >= minimum, integer <= 1_000_000_000_000 else {
            throw PolicyError.invalid(at: self.codingPath + [key], "must be \(expected)")
        }
        return integer
    }

    /// An array of strings, or `nil` when absent (or `null`, if `isNullable`).
    func strictStrings(forKey key: Key, isNullable: Bool = false, isDigitsOnly: Bool = false) throws -> [String]? {
        let expected = isDigitsOnly ? "an array of digit strings" : "an array of strings"
        guard self.contains(key) else { return nil }
        if try self.decodeNil(forKey: key) {
            if isNullable { return nil }
            throw PolicyError.invalid(at: self.codingPath + [key], "must be \(expected), not null")
        }
        var elements: any UnkeyedDecodingContainer
        do {
            elements = try self.nestedUnkeyedContainer(forKey: key)
        } catch is DecodingError {
            throw PolicyError.invalid(at: self.codingPath + [key], "must be \(expected)")
        }
        var strings: [String] = []
        while !elements.isAtEnd {
            let path = self.codingPath + [key, PolicyCodingKey(intValue: elements.currentIndex)]
            let element: String
            do {
                element = try elements.decode(String.self)
            } catch is DecodingError {
                throw PolicyError.invalid(at: path, isDigitsOnly ? "must be a string of digits" : "must be a string")
            }
            if isDigitsOnly && (element.isEmpty || !element.allSatisfy { $0.isASCII && $0.isNumber }) {
                throw PolicyError.invalid(at: path, "must be a string of digits")
            }
            strings.append(element)
        }
        return strings
    }

    /// Decodes `key`, turning a type error into a ``PolicyError``. Nested policy objects throw
    /// ``PolicyError``s for their own members, which pass through unchanged.
    private func decodeMapped<T: Decodable>(_ type: T.Type, forKey key: Key, expected: String) throws -> T {
        do {
            return try self.decode(type, forKey: key)
        } catch is DecodingError {
            throw PolicyError.invalid(at: self.codingPath + [key], "must be \(expected)")
        }
    }
}
