/// One record that depends on an organization, as written to the archive before deletion.
public struct ITGlueRecordReference: Sendable, Hashable, Codable {
    /// The route it came from: `configurations`, `contacts`, `locations`, `passwords`, `domains`, `documents`,
    /// or `flexible_assets`.
    public var kind: String
    public var id: String
    /// The record's name, when it has one (for contacts, the first and last name).
    public var name: String?

    public init(kind: String, id: String, name: String? = nil) {
        self.kind = kind
        self.id = id
        self.name = name
    }
}
