/// Serializes work on one organization inside this process, so that two requests for the same organization
/// at once never send two deletions: the second waits and then finds the first one's deletion in the audit log.
actor OrganizationLocks {
    private var holders: Set<String> = []
    private var waiters: [String: [CheckedContinuation<Void, Never>]] = [:]

    func withLock<T: Sendable>(_ organizationID: String, _ body: @Sendable () async -> T) async -> T {
        await self.acquire(organizationID)
        let value = await body()
        self.release(organizationID)
        return value
    }

    private func acquire(_ organizationID: String) async {
        guard self.holders.contains(organizationID) else {
            self.holders.insert(organizationID)
            return
        }
        await withCheckedContinuation { self.waiters[organizationID, default: []].append($0) }
    }

    private func release(_ organizationID: String) {
        if var queue = self.waiters[organizationID], !queue.isEmpty {
            // Ownership passes straight to the next waiter; the id stays in `holders`.
            let next = queue.removeFirst()
            self.waiters[organizationID] = queue.isEmpty ? nil : queue
            next.resume()
        } else {
            self.holders.remove(organizationID)
        }
    }
}
