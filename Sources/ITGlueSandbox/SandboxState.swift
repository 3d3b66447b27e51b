import Foundation
import HTTPServer

/// Everything mutable in a sandbox, kept in one `Mutex` by ``ITGlueSandbox``.
struct SandboxState {
    /// An export requested with `POST /exports`.
    struct Export {
        var id: Int
        var organizationID: String?
        var organizationName: String?
        var includesLogs: Bool
        var createdAt: String
        var readyAt: ContinuousClock.Instant
    }

    /// The counters and settings of the injected faults.
    struct Faults: Equatable {
        var latency: Duration = .zero
        var failRemaining = 0
        var failStatus = 503
        var failBody = SandboxFault.ErrorBody.jsonAPI
        var rateLimitRemaining = 0
        var dropRemaining = 0
        var hangRemaining = 0
        var truncateRemaining = 0
        var dropAfterProcessingRemaining = 0
    }

    /// What a request meets before it reaches the API, decided (and counted down) in one step.
    enum FaultAction {
        case none
        case drop
        case hang
        case dropAfterProcessing
        case truncate
        case fail(status: Int, body: SandboxFault.ErrorBody)
        case rateLimit
    }

    let initialDataset: SandboxDataset
    var dataset: SandboxDataset
    /// Organizations accepted for deletion, with the instant they disappear.
    var pendingDeletions: [String: ContinuousClock.Instant] = [:]
    var exports: [Export] = []
    var faults = Faults()
    /// Instants of the requests accepted inside the current rate-limit window, oldest first.
    var rateWindow: [ContinuousClock.Instant] = []
    var log: [SandboxRequestRecord] = []
    /// `http://host:port`, without a trailing slash; empty until started.
    var baseURL = ""

    init(dataset: SandboxDataset) {
        self.initialDataset = dataset
        self.dataset = dataset
    }

    mutating func reset() {
        self.dataset = self.initialDataset
        self.pendingDeletions = [:]
        self.exports = []
        self.faults = Faults()
        self.rateWindow = []
        self.log = []
    }

    // MARK: - Faults

    mutating func inject(_ fault: SandboxFault) {
        switch fault {
        case .latency(let latency):
            self.faults.latency = latency
        case .failNext(let count, let status, let body):
            self.faults.failRemaining += max(0, count)
            self.faults.failStatus = status
            self.faults.failBody = body
        case .rateLimitNext(let count):
            self.faults.rateLimitRemaining += max(0, count)
        case .dropNext(let count):
            self.faults.dropRemaining += max(0, count)
        case .hangNext(let count):
            self.faults.hangRemaining += max(0, count)
        case .dropAfterProcessingNext(let count):
            self.faults.dropAfterProcessingRemaining += max(0, count)
        case .truncateNext(let count):
            self.faults.truncateRemaining += max(0, count)
        }
    }

    mutating func takeFaultAction() -> FaultAction {
        if self.faults.dropRemaining > 0 {
            self.faults.dropRemaining -= 1
            return .drop
        }
        if self.faults.hangRemaining > 0 {
            self.faults.hangRemaining -= 1
            return .hang
        }
        if self.faults.dropAfterProcessingRemaining > 0 {
            self.faults.dropAfterProcessingRemaining -= 1
            return .dropAfterProcessing
        }
        if self.faults.truncateRemaining > 0 {
            self.faults.truncateRemaining -= 1
            return .truncate
        }
        if self.faults.failRemaining > 0 {
            self.faults.failRemaining -= 1
            return .fail(status: self.faults.failStatus, body: self.faults.failBody)
        }
        if self.faults.rateLimitRemaining > 0 {
            self.faults.rateLimitRemaining -= 1
            return .rateLimit
        }
        return .none
    }

    // MARK: - Asynchronous deletion

    /// Removes the organizations whose deletion time has come, with every record that belongs to them.
    mutating func completeDeletions(now: ContinuousClock.Instant) {
        let due = Set(self.pendingDeletions.filter { $0.value <= now }.keys)
        guard !due.isEmpty else { return }
        for id in due {
            self.pendingDeletions.removeValue(forKey: id)
        }
        self.dataset.organizations.removeAll { due.contains($0.id) }
        self.dataset.configurations.removeAll { due.contains($0.organizationId) }
        self.dataset.contacts.removeAll { due.contains($0.organizationId) }
        self.dataset.locations.removeAll { due.contains($0.organizationId) }
        self.dataset.passwords.removeAll { due.contains($0.organizationId) }
        self.dataset.domains.removeAll { due.contains($0.organizationId) }
        self.dataset.documents.removeAll { due.contains($0.organizationId) }
        self.dataset.expirations.removeAll { due.contains($0.organizationId) }
        self.dataset.flexibleAssets.removeAll { due.contains($0.organizationId) }
    }

    // MARK: - Lookups

    func organization(id: String) -> SandboxDataset.Organization? {
        self.dataset.organizations.first { $0.id == id }
    }

    /// The id of the adapters resource linking a PSA-synced organization: 9001 for the first synced
    /// organization (by numeric id), 9002 for the next, and so on.
    func adaptersResourceID(for organization: SandboxDataset.Organization) -> Int? {
        guard organization.psaIntegrationType != nil else { return nil }
        let synced = self.dataset.organizations.filter { $0.psaIntegrationType != nil }
            .sorted { (Int($0.id) ?? 0) < (Int($1.id) ?? 0) }
        return synced.firstIndex { $0.id == organization.id }.map { 9001 + $0 }
    }
}
