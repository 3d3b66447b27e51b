import Synchronization

/// Counts requests a tiny test server answered, across its connection threads.
final class RequestCounter: Sendable {
    private let value = Atomic<Int>(0)

    /// Adds one and returns the new count.
    func next() -> Int { self.value.add(1, ordering: .relaxed).newValue }

    var count: Int { self.value.load(ordering: .relaxed) }
}
