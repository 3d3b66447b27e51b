import Offboarding
import Testing

@Suite struct PolicyEvaluationTests {
    /// The specification's example: an Active customer with 12 flexible assets, 4 configurations, 7 documents.
    private static let specificationExample = PolicySubject(
        organizationID: "123456",
        name: "Example Client",
        isPrimary: false,
        typeName: "Customer",
        statusName: "Active",
        isPSASynced: false,
        counts: DependencyCounts(configurations: 4, documents: 7, flexibleAssets: 12)
    )

    private static let confirmed = PolicyRequest(isConfirmed: true)

    private func subject(_ change: (inout PolicySubject) -> Void) -> PolicySubject {
        var subject = Self.specificationExample
        change(&subject)
        return subject
    }

    private func rules(_ decision: PolicyDecision) -> [PolicyViolation.Rule] { decision.violations.map(\.rule) }

    // MARK: - Built-in default

    @Test func specificationExampleIsDeletedUnderTheBuiltInDefault() {
        let decision = OffboardingPolicy.builtInDefault.evaluate(Self.specificationExample, request: Self.confirmed)
        #expect(decision.isAllowed)
        #expect(decision.violations.isEmpty)
        #expect(!decision.isDependencyBlocked)
        #expect(decision.mode == .delete)
        #expect(decision.summary == "allowed")
    }

    @Test func builtInDefaultIsSafe() {
        let policy = OffboardingPolicy.builtInDefault
        #expect(policy.protection.organizationTypes == ["Owner", "Internal"])
        #expect(!policy.isPSASyncedAllowed)
        #expect(policy.limits.configurations == 100)
        #expect(policy.limits.documents == 200)
        #expect(policy.limits.flexibleAssets == 200)
        #expect(policy.limits.passwords == 50)
        #expect(policy.limits.isBlockedByChildren)
        #expect(policy.archive.isEnabled)
        #expect(policy.mode == .delete)
        #expect(!policy.isApprovalRequired)
        #expect(policy.allowedPublishers == nil)
    }

    // MARK: - One test per rule

    @Test func confirmationIsRequired() {
        let policy = OffboardingPolicy.builtInDefault
        let refused = policy.evaluate(Self.specificationExample, request: PolicyRequest(isConfirmed: false))
        #expect(self.rules(refused) == [.notConfirmed])
        #expect(refused.violations.first?.message == "confirm_delete is not true")
        #expect(policy.evaluate(Self.specificationExample, request: Self.confirmed).isAllowed)
    }

    @Test func primaryOrganizationIsAlwaysProtected() {
        var policy = OffboardingPolicy.builtInDefault
        policy.protection = OffboardingPolicy.Protection()
        let primary = self.subject { $0.isPrimary = true }
        let refused = policy.evaluate(primary, request: PolicyRequest(isConfirmed: true, isForced: true))
        #expect(self.rules(refused) == [.primaryOrganization])
        #expect(refused.violations.first?.message.contains("primary organization") == true)
        #expect(policy.evaluate(Self.specificationExample, request: Self.confirmed).isAllowed)
    }

    @Test func protectedIDsMatchNumerically() {
        var policy = OffboardingPolicy.builtInDefault
        policy.protection.organizationIDs = ["0123456"]
        let refused = policy.evaluate(Self.specificationExample, request: Self.confirmed)
        #expect(self.rules(refused) == [.protectedID])
        #expect(refused.violations.first?.message == "organization id 123456 is protected by the policy")
        #expect(policy.evaluate(self.subject { $0.organizationID = "1234567" }, request: Self.confirmed).isAllowed)
    }

    @Test func protectedNamesIgnoreCaseAndSurroundingSpace() {
        var policy = OffboardingPolicy.builtInDefault
        policy.protection.organizationNames = ["Kraken Techs"]
        for name in ["Kraken Techs", " kraken techs ", "KRAKEN TECHS"] {
            let refused = policy.evaluate(self.subject { $0.name = name }, request: Self.confirmed)
            #expect(self.rules(refused) == [.protectedName], "\(name)")
        }
        #expect(policy.evaluate(self.subject { $0.name = "Kraken Techs Lab" }, request: Self.confirmed).isAllowed)
    }

    @Test func protectedTypes() {
        let policy = OffboardingPolicy.builtInDefault
        for type in ["Owner", "internal"] {
            let refused = policy.evaluate(self.subject { $0.typeName = type }, request: Self.confirmed)
            #expect(self.rules(refused) == [.protectedType], "\(type)")
            #expect(refused.violations.first?.message == "organization type \"\(type)\" is protected by the policy")
        }
        #expect(policy.evaluate(self.subject { $0.typeName = nil }, request: Self.confirmed).isAllowed)
        #expect(policy.evaluate(self.subject { $0.typeName = "Vendor" }, request: Self.confirmed).isAllowed)
    }

    @Test func deletableStatuses() {
        var policy = OffboardingPolicy.builtInDefault
        #expect(policy.evaluate(self.subject { $0.statusName = nil }, request: Self.confirmed).isAllowed)
        policy.deletableStatuses = ["Inactive"]
        let refused = policy.evaluate(Self.specificationExample, request: Self.confirmed)
        #expect(self.rules(refused) == [.status])
        #expect(
            refused.violations.first?.message == "status \"Active\" is not deletable (deletable statuses: Inactive)"
        )
        let withoutStatus = policy.evaluate(self.subject { $0.statusName = nil }, request: Self.confirmed)
        #expect(self.rules(withoutStatus) == [.status])
        #expect(policy.evaluate(self.subject { $0.statusName = "inactive" }, request: Self.confirmed).isAllowed)
    }

    @Test func psaSyncedOrganizations() {
        var policy = OffboardingPolicy.builtInDefault
        let synced = self.subject { $0.isPSASynced = true }
        #expect(self.rules(policy.evaluate(synced, request: Self.confirmed)) == [.psaSynced])
        policy.isPSASyncedAllowed = true
        #expect(policy.evaluate(synced, request: Self.confirmed).isAllowed)
    }

    @Test func dependencyLimits() throws {
        let policy = OffboardingPolicy.builtInDefault
        let atLimit = self.subject { $0.counts.configurations = 100 }
        #expect(policy.evaluate(atLimit, request: Self.confirmed).isAllowed)

        let overLimit = self.subject { $0.counts.configurations = 140 }
        let refused = policy.evaluate(overLimit, request: Self.confirmed)
        #expect(self.rules(refused) == [.dependencyLimit])
        #expect(refused.isDependencyBlocked)
        let violation = try #require(refused.violations.first)
        #expect(violation.message == "configurations: 140 found, limit 100")
        #expect(violation.kind == "configurations")
        #expect(violation.found == 140)
        #expect(violation.limit == 100)
    }

    @Test func zeroAllowsNoneAndNilAllowsAny() {
        var policy = OffboardingPolicy.builtInDefault
        policy.limits.passwords = 0
        policy.limits.flexibleAssets = nil
        let subject = self.subject {
            $0.counts.passwords = 1
            $0.counts.flexibleAssets = 100_000
        }
        let decision = policy.evaluate(subject, request: Self.confirmed)
        #expect(decision.violations.map(\.message) == ["passwords: 1 found, limit 0"])
    }

    @Test func everyDependencyKindHasItsLimit() {
        let policy = OffboardingPolicy.builtInDefault
        let over = DependencyCounts(
            configurations: 101,
            contacts: 201,
            locations: 51,
            passwords: 51,
            domains: 51,
            documents: 201,
            flexibleAssets: 201
        )
        let decision = policy.evaluate(self.subject { $0.counts = over }, request: Self.confirmed)
        #expect(
            decision.violations.compactMap(\.kind) == [
                "configurations", "documents", "flexible_assets", "passwords", "contacts", "locations", "domains",
            ]
        )
    }

    @Test func childOrganizationsBlock() {
        var policy = OffboardingPolicy.builtInDefault
        let parent = self.subject { $0.counts.childOrganizations = 2 }
        let refused = policy.evaluate(parent, request: Self.confirmed)
        #expect(self.rules(refused) == [.childOrganizations])
        #expect(refused.violations.first?.found == 2)
        #expect(refused.isDependencyBlocked)
        policy.limits.isBlockedByChildren = false
        #expect(policy.evaluate(parent, request: Self.confirmed).isAllowed)
    }

    @Test func allowedPublishers() {
        var policy = OffboardingPolicy.builtInDefault
        #expect(policy.evaluate(Self.specificationExample, request: Self.confirmed).isAllowed)
        policy.allowedPublishers = ["psa-offboarding"]
        let anonymous = policy.evaluate(Self.specificationExample, request: Self.confirmed)
        #expect(self.rules(anonymous) == [.publisherNotAllowed])
        let stranger = policy.evaluate(
            Self.specificationExample,
            request: PolicyRequest(isConfirmed: true, publisher: "mallory")
        )
        #expect(self.rules(stranger) == [.publisherNotAllowed])
        #expect(stranger.violations.first?.message == "publisher \"mallory\" is not an allowed publisher")
        let allowed = policy.evaluate(
            Self.specificationExample,
            request: PolicyRequest(isConfirmed: true, publisher: "psa-offboarding")
        )
        #expect(allowed.isAllowed)
    }

    // MARK: - force_delete

    @Test func forceBypassesLimitsAndChildrenOnly() {
        let policy = OffboardingPolicy.builtInDefault
        let large = self.subject {
            $0.counts.configurations = 140
            $0.counts.childOrganizations = 1
        }
        let forced = policy.evaluate(large, request: PolicyRequest(isConfirmed: true, isForced: true))
        #expect(forced.isAllowed)
        #expect(forced.isDependencyBlocked)
        #expect(forced.isForceBypassingLimits)
        #expect(forced.exceededLimits.map(\.rule) == [.dependencyLimit, .childOrganizations])
        #expect(
            forced.summary
                == "allowed; force_delete bypassed: configurations: 140 found, limit 100; "
                + "child_organizations: 1 found, child organizations block deletion"
        )

        let unforced = policy.evaluate(large, request: Self.confirmed)
        #expect(!unforced.isAllowed)
        #expect(!unforced.isForceBypassingLimits)
        #expect(unforced.violations == unforced.exceededLimits)
    }

    @Test(
        arguments: [
            PolicyViolation.Rule.notConfirmed, .primaryOrganization, .protectedID, .protectedName, .protectedType,
            .status, .psaSynced, .publisherNotAllowed,
        ]
    )
    func forceDoesNotBypass(_ rule: PolicyViolation.Rule) {
        var policy = OffboardingPolicy.builtInDefault
        policy.protection.organizationIDs = ["999"]
        policy.protection.organizationNames = ["Protected Name"]
        policy.deletableStatuses = ["Inactive"]
        policy.allowedPublishers = ["psa"]
        var subject = self.subject { $0.statusName = "Inactive" }
        var request = PolicyRequest(isConfirmed: true, isForced: true, publisher: "psa")
        switch rule {
        case .notConfirmed: request.isConfirmed = false
        case .primaryOrganization: subject.isPrimary = true
        case .protectedID: subject.organizationID = "999"
        case .protectedName: subject.name = "Protected Name"
        case .protectedType: subject.typeName = "Owner"
        case .status: subject.statusName = "Active"
        case .psaSynced: subject.isPSASynced = true
        case .publisherNotAllowed: request.publisher = "other"
        case .dependencyLimit, .childOrganizations: Issue.record("not an argument")
        }
        #expect(self.rules(policy.evaluate(subject, request: request)) == [rule])
    }

    // MARK: - Reporting

    @Test func everyViolationIsReportedInAStableOrder() {
        var policy = OffboardingPolicy.builtInDefault
        policy.protection.organizationIDs = ["1"]
        policy.protection.organizationNames = ["Us"]
        policy.deletableStatuses = ["Inactive"]
        policy.allowedPublishers = []
        let everything = PolicySubject(
            organizationID: "1",
            name: "Us",
            isPrimary: true,
            typeName: "Owner",
            statusName: "Active",
            isPSASynced: true,
            counts: DependencyCounts(configurations: 101, documents: 201, childOrganizations: 3)
        )
        let decision = policy.evaluate(everything, request: PolicyRequest(isConfirmed: false, publisher: "x"))
        #expect(
            self.rules(decision) == [
                .notConfirmed, .primaryOrganization, .protectedID, .protectedName, .protectedType, .status,
                .psaSynced, .dependencyLimit, .dependencyLimit, .childOrganizations, .publisherNotAllowed,
            ]
        )
        #expect(
            decision.summary.hasPrefix(
                "refused: confirm_delete is not true; organization 1 is the primary organization"
            )
        )
    }

    @Test func dryRunIsEvaluatedLikeARealRequest() {
        let policy = OffboardingPolicy.builtInDefault
        let large = self.subject { $0.counts.documents = 500 }
        for subject in [Self.specificationExample, large] {
            let real = policy.evaluate(subject, request: Self.confirmed)
            let dryRun = policy.evaluate(subject, request: PolicyRequest(isConfirmed: true, isDryRun: true))
            #expect(real == dryRun)
        }
    }

    @Test func modeComesFromThePolicy() {
        var policy = OffboardingPolicy.builtInDefault
        policy.mode = .softDelete
        #expect(policy.evaluate(Self.specificationExample, request: Self.confirmed).mode == .softDelete)
    }
}
