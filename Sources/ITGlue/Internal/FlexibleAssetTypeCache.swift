import Synchronization

/// The account's flexible asset types, kept for a time-to-live, loaded once even when many callers ask at once.
///
/// The first caller of a cold or stale cache loads; concurrent callers wait for that load instead of sending
/// their own `GET /flexible_asset_types`. If the load fails, the waiters are released to try again themselves
/// (one of them becomes the next loader), so a cancelled loader never fails another caller's work.
final class FlexibleAssetTypeCache: Sendable {
    struct FlexibleAssetType: Sendable, Hashable {
        var id: String
        var name: String
    }

    private typealias Waiter = CheckedContinuation<[FlexibleAssetType]?, Never>

    private enum State {
        case empty
        case loading([Waiter])
        case loaded([FlexibleAssetType], ContinuousClock.Instant)
    }

    private enum Action {
        case use([FlexibleAssetType])
        case load
        case wait
    }

    private let state = Mutex(State.empty)
    private let ttl: Duration

    init(ttl: Duration) {
        self.ttl = ttl
    }

    func types(load: () async throws -> [FlexibleAssetType]) async throws -> [FlexibleAssetType] {
        while true {
            let action = self.state.withLock { state -> Action in
                switch state {
                case .loaded(let types, let fetchedAt) where ContinuousClock.now - fetchedAt < self.ttl:
                    return .use(types)
                case .loading:
                    return .wait
                case .empty, .loaded:
                    state = .loading([])
                    return .load
                }
            }
            switch action {
            case .use(let types):
                return types
            case .load:
                do {
                    let types = try await load()
                    self.finish(with: .loaded(types, .now), resuming: types)
                    return types
                } catch {
                    self.finish(with: .empty, resuming: nil)
                    throw error
                }
            case .wait:
                let types = await withCheckedContinuation { (waiter: Waiter) in
                    let isWaiting = self.state.withLock { state in
                        guard case .loading(let waiters) = state else { return false }
                        state = .loading(waiters + [waiter])
                        return true
                    }
                    // The load finished between the check and now: look again.
                    if !isWaiting { waiter.resume(returning: nil) }
                }
                if let types { return types }
                try Task.checkCancellation()
            }
        }
    }

    func invalidate() {
        self.state.withLock { state in
            if case .loaded = state { state = .empty }
        }
    }

    private func finish(with newState: State, resuming types: [FlexibleAssetType]?) {
        let waiters = self.state.withLock { state -> [Waiter] in
            guard case .loading(let waiters) = state else { return [] }
            state = newState
            return waiters
        }
        for waiter in waiters { waiter.resume(returning: types) }
    }
}
