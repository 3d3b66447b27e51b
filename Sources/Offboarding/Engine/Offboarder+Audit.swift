import Foundation
import Logging

extension Offboarder {
    /// The stored result of a request already answered under this key, when its outcome is final.
    ///
    /// Final means anything but a transient failure (IT Glue unreachable or refusing the key): those are
    /// worth running again (the entry is reopened), everything else is answered the same way again.
    func replayedResult(requestKey: String) -> OffboardingResult? {
        guard let entry = try? self.auditLog?.entry(requestKey: requestKey), let json = entry.resultJSON,
            var result = try? JSONDecoder().decode(OffboardingResult.self, from: Data(json.utf8))
        else { return nil }
        let transient: Set<OffboardingErrorCode> = [.itGlueConnectionError, .permissionDenied]
        guard !result.errors.contains(where: { transient.contains($0.code) }) else {
            do {
                try self.auditLog?.reopen(requestKey: requestKey)
            } catch {
                self.logger.error("Audit log write failed", metadata: ["error": "\(error)"])
            }
            return nil
        }
        // Failures that never reached an organization keep the bare `success`/`errors` shape.
        result.warnings?.append("redelivered request: answered again from the audit log")
        return result
    }

    /// A `deleted` result when the audit log shows that this service already deleted the organization: a
    /// redelivery after a crash between the `DELETE` and the ack must not end in `OrganizationNotFound`, nor
    /// send a second `DELETE`.
    ///
    /// - Parameter isStillVisible: IT Glue still lists the organization (it deletes asynchronously). Then
    ///   only a `DELETE` known to have been answered counts; a bare intent means the call may never have
    ///   been sent, and sending it again is safe.
    func alreadyDeletedResult(organizationID: String, name: String?, isStillVisible: Bool) -> OffboardingResult? {
        guard let entry = try? self.auditLog?.lastDeletion(organizationID: organizationID), entry.isDeletionRecorded,
            !isStillVisible || entry.state != .intentRecorded
        else { return nil }
        var result = OffboardingResult(isSuccess: true)
        result.organizationID = organizationID
        result.organizationName = entry.organizationName ?? name
        result.isDeleted = true
        result.timestamp = OffboardingResult.timestamp(Date())
        if let counts = entry.counts {
            result.dependencyCheck = OffboardingResult.DependencyCheck(counts: counts, isBlocked: false, blockedBy: [])
        }
        let when = entry.deletedAt.map { " at \(OffboardingResult.timestamp($0))" } ?? ""
        result.warnings = ["organization was already deleted by an earlier request (\(entry.requestKey))\(when)"]
        return result
    }

    func begin(requestKey: String, request: OffboardingRequest?, context: RequestContext) {
        do {
            _ = try self.auditLog?.begin(
                AuditEntry(
                    requestKey: requestKey,
                    requestID: request?.requestID,
                    messageID: context.messageID,
                    correlationID: context.correlationID,
                    organizationID: request?.organizationID,
                    organizationName: request?.organizationName,
                    requestedBy: request?.requestedBy,
                    publisher: context.publisher,
                    reason: request?.reason,
                    receivedAt: context.receivedAt
                )
            )
        } catch {
            self.logger.error("Audit log write failed", metadata: ["error": "\(error)"])
        }
    }

    /// Records the final result under the request key (creating the entry for invalid bodies).
    func record(requestKey: String, request: OffboardingRequest?, context: RequestContext, result: OffboardingResult) {
        guard let auditLog = self.auditLog else { return }
        if request == nil { self.begin(requestKey: requestKey, request: nil, context: context) }
        do {
            try auditLog.complete(
                requestKey: requestKey,
                outcome: result.outcome.rawValue,
                resultJSON: String(decoding: result.jsonBytes(), as: UTF8.self)
            )
        } catch {
            self.logger.error("Audit log write failed", metadata: ["error": "\(error)"])
        }
    }
}
