import Dispatch

/// A dedicated serial queue for blocking socket calls, so they never occupy the cooperative thread pool;
/// results come back to async code through a continuation.
struct IOQueue: Sendable {
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label, qos: .utility)
    }

    /// Runs `work` on the queue and returns its result to the awaiting task.
    func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: work()) }
        }
    }

    /// Schedules `work` without waiting (used to close a socket after any in-flight call has returned).
    func later(_ work: @escaping @Sendable () -> Void) {
        queue.async(execute: work)
    }
}
