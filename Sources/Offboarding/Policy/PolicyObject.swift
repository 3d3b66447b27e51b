import JSONSchema

/// One object of a policy document that has validated against the bundled policy schema, read member by
/// member with the coding keys of its section.
///
/// The schema has already checked every name, type and range, so reading only converts. A member that does not
/// convert can only mean that the schema and this code disagree; it is an error, never silently a default.
struct PolicyObject<Key: CodingKey> {
    private let members: [String: JSONValue]
    /// The JSON Pointer of this object in the document (`""` for the root).
    private let pointer: String

    init(_ value: JSONValue, at pointer: String) throws(PolicyError) {
        guard let members = value.objectValue else {
            throw PolicyError.schemaMismatch(at: pointer, value)
        }
        self.members = members
        self.pointer = pointer
    }

    /// The member `key` converted by `convert`, or `nil` when it is absent or `null` (the schema decides where
    /// `null` is allowed).
    func value<T>(_ key: Key, _ convert: (JSONValue) -> T?) throws(PolicyError) -> T? {
        guard let value = self.members[key.stringValue], !value.isNull else { return nil }
        guard let converted = convert(value) else {
            throw PolicyError.schemaMismatch(at: self.pointer(for: key), value)
        }
        return converted
    }

    func bool(_ key: Key) throws(PolicyError) -> Bool? {
        try self.value(key, \.boolValue)
    }

    func string(_ key: Key) throws(PolicyError) -> String? {
        try self.value(key, \.stringValue)
    }

    func strings(_ key: Key) throws(PolicyError) -> [String]? {
        try self.value(key) { value in
            guard let elements = value.arrayValue else { return nil }
            let strings = elements.compactMap(\.stringValue)
            return strings.count == elements.count ? strings : nil
        }
    }

    func integer(_ key: Key) throws(PolicyError) -> Int? {
        try self.value(key) { $0.int64Value.flatMap { Int(exactly: $0) } }
    }

    /// A member holding whole seconds.
    func seconds(_ key: Key) throws(PolicyError) -> Duration? {
        try self.value(key) { $0.int64Value.map { .seconds($0) } }
    }

    /// The nested object `key` read by `read`, or `nil` when it is absent.
    func section<NestedKey: CodingKey, Section>(
        _ key: Key,
        _ read: (PolicyObject<NestedKey>) throws(PolicyError) -> Section
    ) throws(PolicyError) -> Section? {
        guard let value = self.members[key.stringValue] else { return nil }
        return try read(PolicyObject<NestedKey>(value, at: self.pointer(for: key)))
    }

    /// The policy's own member names contain neither `~` nor `/`, so they need no RFC 6901 escaping.
    private func pointer(for key: Key) -> String {
        self.pointer + "/" + key.stringValue
    }
}
