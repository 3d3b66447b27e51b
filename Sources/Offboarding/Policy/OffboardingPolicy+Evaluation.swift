import Foundation

extension OffboardingPolicy {
    /// Decides whether `subject` may be offboarded for `request`. Pure: no I/O, same input, same decision.
    ///
    /// Every broken rule is reported, in a stable order. `force_delete` bypasses the dependency limits and
    /// child organizations only; protection (the primary organization always), statuses, PSA sync, the
    /// publisher check and the confirmation still apply. A dry run is evaluated the same way.
    ///
    /// - Parameters:
    ///   - subject: The organization, as resolved from IT Glue, with its dependency counts.
    ///   - request: What the request asks for and who published it.
    /// - Returns: The violations, the exceeded limits (``PolicyDecision/isDependencyBlocked``) and the mode.
    public func evaluate(_ subject: PolicySubject, request: PolicyRequest) -> PolicyDecision {
        var violations: [PolicyViolation] = []
        if !request.isConfirmed {
            violations.append(PolicyViolation(rule: .notConfirmed, message: "confirm_delete is not true"))
        }
        violations += self.protectionViolations(subject)
        if let statuses = self.deletableStatuses, !Self.contains(statuses, subject.statusName) {
            let allowed = statuses.isEmpty ? "none" : statuses.joined(separator: ", ")
            let status = subject.statusName.map { "status \"\($0)\"" } ?? "an organization without a status"
            violations.append(
                PolicyViolation(rule: .status, message: "\(status) is not deletable (deletable statuses: \(allowed))")
            )
        }
        if subject.isPSASynced && !self.isPSASyncedAllowed {
            violations.append(
                PolicyViolation(
                    rule: .psaSynced,
                    message: "the organization is synced from a PSA and allow_psa_synced is false"
                )
            )
        }
        let exceeded = self.exceededLimits(subject.counts)
        if !request.isForced {
            violations += exceeded
        }
        if let publisherViolation = self.publisherViolation(request.publisher) {
            violations.append(publisherViolation)
        }
        return PolicyDecision(violations: violations, exceededLimits: exceeded, mode: self.mode)
    }

    // MARK: - Rules

    private func protectionViolations(_ subject: PolicySubject) -> [PolicyViolation] {
        var violations: [PolicyViolation] = []
        if subject.isPrimary {
            violations.append(
                PolicyViolation(
                    rule: .primaryOrganization,
                    message:
                        "organization \(subject.organizationID) is the primary organization and is always protected"
                )
            )
        }
        let id = Self.normalizedID(subject.organizationID)
        if self.protection.organizationIDs.contains(where: { Self.normalizedID($0) == id }) {
            violations.append(
                PolicyViolation(
                    rule: .protectedID,
                    message: "organization id \(subject.organizationID) is protected by the policy"
                )
            )
        }
        if Self.contains(self.protection.organizationNames, subject.name) {
            violations.append(
                PolicyViolation(
                    rule: .protectedName,
                    message: "organization name \"\(subject.name)\" is protected by the policy"
                )
            )
        }
        if let typeName = subject.typeName, Self.contains(self.protection.organizationTypes, typeName) {
            violations.append(
                PolicyViolation(
                    rule: .protectedType,
                    message: "organization type \"\(typeName)\" is protected by the policy"
                )
            )
        }
        return violations
    }

    private func exceededLimits(_ counts: DependencyCounts) -> [PolicyViolation] {
        let kinds: [(kind: String, found: Int, limit: Int?)] = [
            ("configurations", counts.configurations, self.limits.configurations),
            ("documents", counts.documents, self.limits.documents),
            ("flexible_assets", counts.flexibleAssets, self.limits.flexibleAssets),
            ("passwords", counts.passwords, self.limits.passwords),
            ("contacts", counts.contacts, self.limits.contacts),
            ("locations", counts.locations, self.limits.locations),
            ("domains", counts.domains, self.limits.domains),
        ]
        var violations: [PolicyViolation] = kinds.compactMap { kind, found, limit in
            guard let limit, found > limit else { return nil }
            return PolicyViolation(
                rule: .dependencyLimit,
                message: "\(kind): \(found) found, limit \(limit)",
                kind: kind,
                found: found,
                limit: limit
            )
        }
        if self.limits.isBlockedByChildren && counts.childOrganizations > 0 {
            violations.append(
                PolicyViolation(
                    rule: .childOrganizations,
                    message:
                        "child_organizations: \(counts.childOrganizations) found, child organizations block deletion",
                    kind: "child_organizations",
                    found: counts.childOrganizations,
                    limit: 0
                )
            )
        }
        return violations
    }

    private func publisherViolation(_ publisher: String?) -> PolicyViolation? {
        guard let allowed = self.allowedPublishers else { return nil }
        guard let publisher else {
            return PolicyViolation(
                rule: .publisherNotAllowed,
                message: "the request has no AMQP user_id and the policy only obeys allowed publishers"
            )
        }
        // user_id is verified by RabbitMQ, so it is compared exactly.
        guard !allowed.contains(publisher) else { return nil }
        return PolicyViolation(
            rule: .publisherNotAllowed,
            message: "publisher \"\(publisher)\" is not an allowed publisher"
        )
    }

    // MARK: - Matching

    /// Names match ignoring case and surrounding white space: a near-identical spelling must not slip
    /// past a protection.
    private static func contains(_ names: [String], _ name: String?) -> Bool {
        guard let name else { return false }
        let key = Self.normalizedName(name)
        return names.contains { Self.normalizedName($0) == key }
    }

    private static func normalizedName(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// Ids match numerically, so "0123" and "123" are the same organization.
    private static func normalizedID(_ id: String) -> String {
        let trimmed = id.trimmingCharacters(in: .whitespaces).drop { $0 == "0" }
        return trimmed.isEmpty ? "0" : String(trimmed)
    }
}
