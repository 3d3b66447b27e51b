/// The outcome of ``OffboardingPolicy/evaluate(_:request:)``.
public struct PolicyDecision: Sendable, Hashable {
    /// Every rule the request breaks, in the order of ``PolicyViolation/Rule`` (dependency kinds in a fixed
    /// order). Dependency violations appear here only when the request is not forced.
    public var violations: [PolicyViolation]
    /// Every exceeded dependency limit and child-organization block, whether or not `force_delete` bypassed
    /// it. When the request is forced, these are what the result should warn about.
    public var exceededLimits: [PolicyViolation]
    /// What an allowed deletion does.
    public var mode: OffboardingPolicy.Mode

    public init(violations: [PolicyViolation], exceededLimits: [PolicyViolation], mode: OffboardingPolicy.Mode) {
        self.violations = violations
        self.exceededLimits = exceededLimits
        self.mode = mode
    }

    /// True when nothing blocks the deletion.
    public var isAllowed: Bool { self.violations.isEmpty }

    /// True when dependencies exceed the policy, regardless of `force_delete`: the result's
    /// `dependency_check.blocked`.
    public var isDependencyBlocked: Bool { !self.exceededLimits.isEmpty }

    /// True when `force_delete` is what lets the deletion through.
    public var isForceBypassingLimits: Bool { self.isAllowed && self.isDependencyBlocked }

    /// The decision as one line, for the audit log: `allowed`, `allowed; force_delete bypassed: configurations:
    /// 140 found, limit 100`, or `refused: confirm_delete is not true; ...`.
    public var summary: String {
        if !self.isAllowed {
            return "refused: " + self.violations.map(\.message).joined(separator: "; ")
        }
        if self.isForceBypassingLimits {
            return "allowed; force_delete bypassed: " + self.exceededLimits.map(\.message).joined(separator: "; ")
        }
        return "allowed"
    }
}
