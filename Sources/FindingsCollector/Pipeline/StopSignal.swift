import Synchronization

/// Raised by one partition listing (destination full, or a failure) to stop its siblings at their next page.
final class StopSignal: Sendable {
    private let raised = Atomic<Bool>(false)
    var isRaised: Bool { raised.load(ordering: .relaxed) }
    func raise() { raised.store(true, ordering: .relaxed) }
}
