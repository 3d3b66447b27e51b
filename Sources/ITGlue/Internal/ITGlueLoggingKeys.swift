/// Metadata keys of the IT Glue client's log lines. No key ever carries the API key.
enum ITGlueLoggingKeys {
    static let method = "itglue.method"
    static let path = "itglue.path"
    static let status = "itglue.status"
    static let attempt = "itglue.attempt"
    static let delay = "itglue.delay"
    static let error = "itglue.error"
    static let organizationID = "itglue.org_id"
}
