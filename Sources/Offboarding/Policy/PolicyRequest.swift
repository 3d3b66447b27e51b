/// The parts of an offboarding request that the policy looks at.
public struct PolicyRequest: Sendable, Hashable {
    /// `confirm_delete: true`.
    public var isConfirmed: Bool
    /// `force_delete: true`: bypasses dependency limits and child organizations, nothing else.
    public var isForced: Bool
    /// `dry_run: true`. Evaluated like a real request, so the result says what would happen.
    public var isDryRun: Bool
    /// The AMQP `user_id` property (verified by RabbitMQ), or `nil` when the message had none.
    public var publisher: String?

    public init(isConfirmed: Bool, isForced: Bool = false, isDryRun: Bool = false, publisher: String? = nil) {
        self.isConfirmed = isConfirmed
        self.isForced = isForced
        self.isDryRun = isDryRun
        self.publisher = publisher
    }
}
