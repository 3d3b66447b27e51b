/// An organization export (`POST /exports`), IT Glue's backup before a delete.
public struct ITGlueExport: Sendable, Hashable, Codable {
    public var id: String
    public var organizationID: String?
    /// Where the finished export can be downloaded; nil until it is ready.
    public var downloadURL: String?
    /// Whether the export has finished (it has a download URL, or IT Glue reports it completed).
    public var isReady: Bool

    public init(id: String, organizationID: String?, downloadURL: String?, isReady: Bool) {
        self.id = id
        self.organizationID = organizationID
        self.downloadURL = downloadURL
        self.isReady = isReady
    }
}
