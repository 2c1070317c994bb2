import Synchronization

/// How many partition listings of a connector may page at once. Halves when the API throttles and grows back by one
/// after a run of successful pages (additive increase, multiplicative decrease), so parallel paging backs off
/// instead of turning throttling into failures.
public final class AdaptiveConcurrency: Sendable {
    private struct State {
        var limit: Int
        var inUse = 0
        var successes = 0
        var nextWaiter = 0
        var waiters: [(id: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    public let maximum: Int
    private let state: Mutex<State>
    /// Successful pages before the limit grows by one.
    static let growthRun = 20

    public init(maximum: Int) {
        self.maximum = max(1, maximum)
        state = Mutex(State(limit: max(1, maximum)))
    }

    public var limit: Int { state.withLock { $0.limit } }

    /// Waits for a permit; returns at once when the task is cancelled (the caller checks cancellation).
    /// Every return holds a permit: call `release()` once after each `acquire()`.
    public func acquire() async {
        let id = state.withLock { state -> Int? in
            if state.inUse < state.limit {
                state.inUse += 1
                return nil
            }
            state.nextWaiter += 1
            return state.nextWaiter
        }
        guard let id else { return }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                // A permit may have been released since the first look: take it rather than wait.
                let resumeNow = state.withLock { state -> Bool in
                    if Task.isCancelled || state.inUse < state.limit {
                        state.inUse += 1
                        return true
                    }
                    state.waiters.append((id, continuation))
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                state.inUse += 1 // the cancelled task still calls release()
                return state.waiters.remove(at: index).continuation
            }
            waiter?.resume()
        }
    }

    public func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.inUse -= 1
            guard state.inUse < state.limit, !state.waiters.isEmpty else { return nil }
            state.inUse += 1
            return state.waiters.removeFirst().continuation
        }
        next?.resume()
    }

    public func noteThrottled() {
        state.withLock { state in
            state.limit = max(1, state.limit / 2)
            state.successes = 0
        }
    }

    public func noteSuccess() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.successes += 1
            guard state.successes >= Self.growthRun, state.limit < maximum else { return nil }
            state.successes = 0
            state.limit += 1
            guard state.inUse < state.limit, !state.waiters.isEmpty else { return nil }
            state.inUse += 1
            return state.waiters.removeFirst().continuation
        }
        next?.resume()
    }
}
