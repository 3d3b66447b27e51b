import Foundation
import JSONSchema
import Logging

extension Offboarder {
    /// Handles an approval message (`schemas/offboarding-approval.schema.json`): when the publisher is an
    /// approver and the request is still pending, the held request runs now and its result is returned.
    public func approve(body: [UInt8], context: RequestContext) async -> OffboardingResult {
        let approval: JSONValue
        do {
            approval = try JSONValue(parsing: body, isRejectingDuplicateKeys: true)
        } catch {
            return .failure(.invalidRequest, "approval body is not JSON: \(error)")
        }
        let validation = self.approvalValidator.validate(approval)
        guard validation.isValid, let requestID = approval["request_id"]?.stringValue else {
            let date = Date()
            var result = OffboardingResult(isSuccess: false)
            result.errors = validation.errors.map {
                let location = $0.instanceLocation.isEmpty ? "approval" : $0.instanceLocation
                return OffboardingResult.Failure(code: .invalidRequest, message: "\(location): \($0.message)", at: date)
            }
            return result
        }
        guard let approver = context.publisher, self.policy.approvers.contains(approver) else {
            let who = context.publisher.map { "publisher '\($0)'" } ?? "an approval without user_id"
            return .failure(.deletionBlocked, "\(who) is not among the policy's approvers", requestID: requestID)
        }
        let pending: PendingApproval?
        do {
            pending = try self.auditLog?.takeApproval(requestID: requestID, now: Date())
        } catch {
            return .failure(.deletionBlocked, "the audit log could not be read: \(error)", requestID: requestID)
        }
        guard let pending,
            let request = try? JSONDecoder().decode(OffboardingRequest.self, from: Data(pending.requestJSON.utf8))
        else {
            return .failure(
                .invalidRequest,
                "no approval is pending for request_id '\(requestID)' (unknown, already approved or expired)",
                requestID: requestID
            )
        }
        self.logger.info("Approved", metadata: ["offboarding.request_id": requestID, "offboarding.approver": approver])
        return await self.offboard(
            request,
            context: context,
            requestKey: "approval:\(requestID)",
            isApproved: true
        )
    }

    /// Holds a request until an approval arrives; answered with a dry-run result that says so.
    func holdForApproval(
        _ request: OffboardingRequest,
        requestKey: String,
        into result: OffboardingResult
    ) -> OffboardingResult {
        var result = result
        guard let requestID = request.requestID else {
            return .failure(.invalidRequest, "the policy requires approval, which needs a request_id")
        }
        let expiry = Date().addingTimeInterval(TimeInterval(self.policy.approvalTTL.components.seconds))
        do {
            let json = try JSONEncoder().encode(request)
            try self.auditLog?.recordPendingApproval(
                requestID: requestID,
                requestKey: requestKey,
                requestJSON: String(decoding: json, as: UTF8.self),
                expiresAt: expiry
            )
        } catch {
            return .failure(.deletionBlocked, "the approval could not be recorded: \(error)", requestID: requestID)
        }
        result.isSuccess = true
        result.isDryRun = true
        result.isApprovalPending = true
        result.warnings?.append(
            "approval pending: nothing was deleted; publish an approval for request_id '\(requestID)' before \(OffboardingResult.timestamp(expiry))"
        )
        return result
    }
}
