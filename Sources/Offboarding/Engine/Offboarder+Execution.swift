import Foundation
import ITGlue
import Logging

extension Offboarder {
    /// Counts, applies the policy and carries out the decision for a resolved organization. Runs under the
    /// organization's lock.
    func offboardResolved(
        _ organization: ITGlueOrganization,
        request: OffboardingRequest,
        context: RequestContext,
        requestKey: String,
        isApproved: Bool
    ) async -> OffboardingResult {
        if !request.isDryRun,
            let replay = self.alreadyDeletedResult(
                organizationID: organization.id,
                name: organization.name,
                isStillVisible: true
            )
        {
            return replay
        }
        let counts: DependencyCounts
        let itglueCounts: ITGlueDependencyCounts
        do {
            (counts, itglueCounts) = try await self.countDependencies(of: organization)
        } catch {
            return Self.result(for: error)
        }
        let subject = PolicySubject(
            organizationID: organization.id,
            name: organization.name,
            isPrimary: organization.isPrimary,
            typeName: organization.organizationTypeName,
            statusName: organization.organizationStatusName,
            isPSASynced: organization.isPSASynced,
            counts: counts
        )
        let decision = self.policy.evaluate(
            subject,
            request: PolicyRequest(
                isConfirmed: request.isConfirmed,
                isForced: request.isForced,
                isDryRun: request.isDryRun,
                publisher: context.publisher
            )
        )
        var result = OffboardingResult(isSuccess: false)
        result.organizationID = organization.id
        result.organizationName = organization.name
        result.isDeleted = false
        result.timestamp = OffboardingResult.timestamp(Date())
        result.dependencyCheck = OffboardingResult.DependencyCheck(
            counts: counts,
            isBlocked: decision.isDependencyBlocked,
            blockedBy: decision.exceededLimits.map(\.message)
        )
        result.warnings = []

        if request.isDryRun {
            result.isSuccess = true
            result.isDryRun = true
            result.warnings?.append("dry run: nothing was deleted")
            result.warnings? += decision.violations.map { "a real run would be blocked: \($0.message)" }
            return result
        }
        guard decision.isAllowed else {
            let date = Date()
            result.errors = decision.violations.map {
                OffboardingResult.Failure(code: .deletionBlocked, message: $0.message, at: date)
            }
            return result
        }
        if request.isForced && decision.isDependencyBlocked {
            result.warnings?.append("force_delete: dependency limits bypassed")
        }
        if self.policy.isApprovalRequired && !isApproved {
            return self.holdForApproval(request, requestKey: requestKey, into: result)
        }
        do {
            return try await self.execute(
                organization,
                counts: counts,
                itglueCounts: itglueCounts,
                request: request,
                requestKey: requestKey,
                into: result
            )
        } catch let failure as ResolutionFailure {
            return failure.result
        } catch {
            var failed = Self.result(for: error)
            failed.organizationID = organization.id
            failed.organizationName = organization.name
            failed.dependencyCheck = result.dependencyCheck
            return failed
        }
    }

    private func countDependencies(
        of organization: ITGlueOrganization
    ) async throws -> (DependencyCounts, ITGlueDependencyCounts) {
        async let counted = self.client.dependencyCounts(organizationID: organization.id)
        async let children = self.client.childOrganizations(of: organization.id)
        let (itglue, childOrganizations) = try await (counted, children)
        let counts = DependencyCounts(
            configurations: itglue.configurations,
            contacts: itglue.contacts,
            locations: itglue.locations,
            passwords: itglue.passwords,
            domains: itglue.domains,
            documents: itglue.documents,
            flexibleAssets: itglue.flexibleAssets,
            childOrganizations: childOrganizations.count
        )
        return (counts, itglue)
    }

    /// Archive, durable intent, then the one call that changes IT Glue, then verification.
    private func execute(
        _ organization: ITGlueOrganization,
        counts: DependencyCounts,
        itglueCounts: ITGlueDependencyCounts,
        request: OffboardingRequest,
        requestKey: String,
        into result: OffboardingResult
    ) async throws -> OffboardingResult {
        var result = result
        if let archive = self.archive, self.policy.archive.isEnabled {
            try await self.writeArchive(
                archive,
                organization: organization,
                counts: counts,
                itglueCounts: itglueCounts,
                request: request,
                requestKey: requestKey
            )
        }
        do {
            try self.auditLog?.recordIntent(
                requestKey: requestKey,
                organizationID: organization.id,
                organizationName: organization.name,
                counts: counts,
                decision: self.policy.mode.rawValue
            )
        } catch {
            throw ResolutionFailure(
                result: .failure(
                    .deletionBlocked,
                    "the audit log could not record the intent, nothing was deleted: \(error)"
                )
            )
        }
        switch self.policy.mode {
        case .softDelete:
            let status = try await self.softDeleteStatusID()
            _ = try await self.client.updateOrganization(
                id: organization.id,
                name: self.policy.softDelete.namePrefix + organization.name,
                organizationStatusID: status
            )
            try? self.auditLog?.recordDeleted(requestKey: requestKey, at: Date())
            result.isSuccess = true
            result.isSoftDeleted = true
            result.warnings?.append("soft delete: renamed and set to status '\(self.policy.softDelete.statusName)'")
        case .delete:
            try await self.delete(organization.id, into: &result)
            try? self.auditLog?.recordDeleted(requestKey: requestKey, at: Date())
            result.isSuccess = true
            result.isDeleted = true
            let verification = self.policy.verification
            let isGone = try? await self.client.waitUntilDeleted(
                id: organization.id,
                timeout: verification.timeout,
                interval: verification.interval
            )
            if isGone != true {
                result.warnings?.append(
                    "IT Glue still lists the organization \(self.policy.verification.timeout) after the deletion (it deletes asynchronously)"
                )
            }
        }
        result.timestamp = OffboardingResult.timestamp(Date())
        return result
    }

    private func writeArchive(
        _ archive: ArchiveWriter,
        organization: ITGlueOrganization,
        counts: DependencyCounts,
        itglueCounts: ITGlueDependencyCounts,
        request: OffboardingRequest,
        requestKey: String
    ) async throws {
        let records = try await self.client.dependentRecords(organizationID: organization.id, knownCounts: itglueCounts)
        var exportURL: String?
        if self.policy.archive.isITGlueExportEnabled {
            let export = try await self.client.createExport(organizationID: organization.id)
            let finished = try await self.client.waitForExport(
                id: export.id,
                timeout: self.policy.archive.exportTimeout,
                interval: .seconds(2)
            )
            exportURL = finished.downloadURL
        }
        let snapshot = ArchiveSnapshot(
            organizationID: organization.id,
            organizationName: organization.name,
            organizationAttributesJSON: organization.attributesJSON,
            dependentRecords: records.map { ArchiveSnapshot.Record(kind: $0.kind, id: $0.id, name: $0.name) },
            counts: counts,
            requestKey: requestKey,
            requestID: request.requestID,
            requestedBy: request.requestedBy,
            reason: request.reason,
            archivedAt: Date(),
            itglueExportURL: exportURL
        )
        do {
            let path = try archive.write(snapshot)
            self.logger.info(
                "Archived organization",
                metadata: ["offboarding.org_id": organization.id, "archive.path": path]
            )
        } catch {
            throw ResolutionFailure(
                result: .failure(.deletionBlocked, "the archive could not be written, nothing was deleted: \(error)")
            )
        }
    }

    private func softDeleteStatusID() async throws -> Int {
        let name = self.policy.softDelete.statusName
        guard let status = try await self.client.organizationStatuses().first(where: { $0.name == name }) else {
            throw ResolutionFailure(
                result: .failure(.deletionBlocked, "soft delete: IT Glue has no organization status named '\(name)'")
            )
        }
        return status.id
    }

    /// Sends the one `DELETE`. When its answer is lost (timeout, reset, 5xx), IT Glue may still have acted:
    /// an organization that is gone by now counts as deleted; otherwise the failure stands and a redelivery
    /// decides again from the audit log.
    private func delete(_ organizationID: String, into result: inout OffboardingResult) async throws {
        do {
            _ = try await self.client.deleteOrganizations(ids: [organizationID])
        } catch let error as ITGlueError where error.isConnectionError {
            let isGone: Bool
            do {
                isGone = try await self.client.organization(id: organizationID) == nil
            } catch {
                isGone = false
            }
            guard isGone else { throw error }
            result.warnings?.append("IT Glue's answer to the DELETE was lost, but the organization is gone")
        }
    }
}
