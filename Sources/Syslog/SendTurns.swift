/// Serves concurrent `send` calls of one transport actor one after the other: an actor alone would
/// interleave them at every `await`, mixing two batches on the wire.
struct SendTurns {
    private var taken = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// True while a send holds the turn.
    var isTaken: Bool { taken }

    /// Takes the turn when free; otherwise the caller `enqueue`s itself and waits.
    mutating func tryAcquire() -> Bool {
        if taken { return false }
        taken = true
        return true
    }

    /// Waits for the turn: resumed by the `release` that hands it over.
    mutating func enqueue(_ waiter: CheckedContinuation<Void, Never>) { waiting.append(waiter) }

    /// Passes the turn to the next waiter directly (it stays taken), or frees it.
    mutating func release() {
        if waiting.isEmpty {
            taken = false
        } else {
            waiting.removeFirst().resume()
        }
    }
}
