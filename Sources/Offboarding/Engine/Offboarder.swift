import Foundation
public import ITGlue
import JSONSchema
public import Logging

/// The offboarding engine: one request in, exactly one result out.
///
/// It resolves the organization, counts what depends on it, applies the policy, archives, records the
/// intent durably, deletes (or soft-deletes), verifies and records the outcome. It knows nothing of AMQP:
/// the consumer and the `delete` command both drive it.
public final class Offboarder: Sendable {
    let client: ITGlueClient
    let policy: OffboardingPolicy
    let auditLog: AuditLog?
    let archive: ArchiveWriter?
    let logger: Logger
    let locks = OrganizationLocks()
    let approvalValidator: SchemaValidator
    private let decoder: RequestDecoder

    /// - Parameters:
    ///   - auditLog: where every request is recorded; `nil` only for tools that must not write state.
    ///   - archive: where snapshots go before a deletion when the policy's archive is enabled.
    public init(
        client: ITGlueClient,
        policy: OffboardingPolicy,
        auditLog: AuditLog?,
        archive: ArchiveWriter?,
        logger: Logger
    ) throws {
        self.client = client
        self.policy = policy
        self.auditLog = auditLog
        self.archive = archive
        self.logger = logger
        self.decoder = try RequestDecoder()
        self.approvalValidator = try SchemaValidator(schema: JSONValue(parsing: BundledSchemas.offboardingApproval))
    }

    // MARK: - Entry points

    /// Decodes `body` and runs it; a body that is not a valid request gets its failure result.
    public func handle(body: [UInt8], context: RequestContext) async -> OffboardingResult {
        let requestKey = Self.requestKey(context: context, body: body)
        switch self.decoder.decode(body) {
        case .success(let request):
            return await self.offboard(request, context: context, requestKey: requestKey)
        case .failure(let rejection):
            let date = Date()
            let result = OffboardingResult(
                isSuccess: false,
                errors: rejection.messages.map {
                    OffboardingResult.Failure(code: rejection.code, message: $0, at: date)
                }
            )
            self.record(requestKey: requestKey, request: nil, context: context, result: result)
            return result
        }
    }

    /// Runs one validated request.
    ///
    /// - Parameters:
    ///   - requestKey: the idempotency key; a redelivery with the same key gets the same outcome.
    ///   - isApproved: an approver released this request (see ``approve(body:context:)``).
    public func offboard(
        _ request: OffboardingRequest,
        context: RequestContext,
        requestKey: String,
        isApproved: Bool = false
    ) async -> OffboardingResult {
        var logger = self.logger
        logger[metadataKey: "offboarding.request_key"] = requestKey
        if context.isRedelivered {
            logger.info("Redelivered request: it may have been processed before")
        }
        if let replayed = self.replayedResult(requestKey: requestKey) {
            logger.info("Answering a redelivered request from the audit log")
            return replayed
        }
        self.begin(requestKey: requestKey, request: request, context: context)
        var result = await self.decide(request, context: context, requestKey: requestKey, isApproved: isApproved)
        result.requestID = request.requestID
        result.reason = request.reason
        self.record(requestKey: requestKey, request: request, context: context, result: result)
        logger.info(
            "Offboarding finished",
            metadata: [
                "offboarding.outcome": result.outcome.rawValue, "offboarding.org_id": result.organizationID ?? "",
                "offboarding.errors": result.errors.map(\.code.rawValue).joined(separator: ","),
            ]
        )
        return result
    }

    /// The key under which a request is recorded: the AMQP `message_id`, else a digest of the body.
    public static func requestKey(context: RequestContext, body: [UInt8]) -> String {
        if let messageID = context.messageID, !messageID.isEmpty { return "message:\(messageID)" }
        // FNV-1a over the body: the same bytes redelivered map to the same key.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in body {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return "body:\(String(hash, radix: 16)):\(body.count)"
    }

    // MARK: - Decision

    private func decide(
        _ request: OffboardingRequest,
        context: RequestContext,
        requestKey: String,
        isApproved: Bool
    ) async -> OffboardingResult {
        if context.isFromBroker, let publishers = self.policy.allowedPublishers,
            !publishers.contains(context.publisher ?? "")
        {
            let who = context.publisher.map { "publisher '\($0)'" } ?? "a request without user_id"
            return .failure(.deletionBlocked, "\(who) is not among the policy's allowed publishers")
        }
        let organization: ITGlueOrganization
        switch await self.resolve(request) {
        case .success(let resolved): organization = resolved
        case .failure(let failure): return failure.result
        }
        return await self.locks.withLock(organization.id) {
            await self.offboardResolved(
                organization,
                request: request,
                context: context,
                requestKey: requestKey,
                isApproved: isApproved
            )
        }
    }
}
