import Dispatch

/// Lends easy handles to requests, one request per handle at a time, and keeps them for reuse so
/// their connections stay warm. Each handle has its own serial queue: the blocking
/// `curl_easy_perform` runs there, never on Swift's cooperative pool.
final class CurlHandlePool: Sendable {
    /// A handle and the thread it runs on, lent out as one.
    // @unchecked Sendable: the pool hands a worker to exactly one request at a time, and the handle
    // is only touched on `queue`, so the non-thread-safe CurlEasyHandle is never used concurrently.
    struct Worker: @unchecked Sendable {
        let handle: CurlEasyHandle
        let queue: DispatchQueue
    }

    private struct Waiter {
        let id: Int
        let continuation: CheckedContinuation<Worker, any Error>
    }

    private struct State {
        var idle: [Worker] = []
        var created = 0
        var waiters: [Waiter] = []
        var nextWaiterID = 0
        var closed = false
    }

    private let capacity: Int
    private let state = LockedState(State())

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Returns an idle handle, a new one while under capacity, or waits for one to be released.
    func acquire() async throws -> Worker {
        enum Decision { case ready(Worker), create(Int), wait, closed }
        let decision: Decision = state.withLock { state in
            if state.closed { return .closed }
            if let worker = state.idle.popLast() { return .ready(worker) }
            guard state.created < capacity else { return .wait }
            state.created += 1
            return .create(state.created)
        }
        switch decision {
        case .ready(let worker):
            return worker
        case .create(let number):
            do {
                return Worker(handle: try CurlEasyHandle(), queue: DispatchQueue(label: "http.curl.\(number)"))
            } catch {
                state.withLock { $0.created -= 1 }
                throw error
            }
        case .closed:
            throw HTTPClient.shutDownError
        case .wait:
            return try await waitForWorker()
        }
    }

    /// Hands the worker to the longest waiter, or parks it for the next request.
    func release(_ worker: Worker) {
        let waiter: Waiter? = state.withLock { state in
            if state.closed {
                state.created -= 1
                return nil
            }
            if state.waiters.isEmpty {
                state.idle.append(worker)
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?.continuation.resume(returning: worker)
    }

    /// Frees idle handles (closing their connections) and fails waiting requests; handles still in
    /// use are freed as their requests finish.
    func close() {
        let waiters: [Waiter] = state.withLock { state in
            state.closed = true
            state.created -= state.idle.count
            state.idle.removeAll()
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.continuation.resume(throwing: HTTPClient.shutDownError) }
    }

    private func waitForWorker() async throws -> Worker {
        let id = state.withLock { state in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let outcome: (any Error)? = state.withLock { state in
                    if state.closed { return HTTPClient.shutDownError }
                    if Task.isCancelled { return CancellationError() }
                    // A worker may have come back between the first look and now.
                    if let worker = state.idle.popLast() {
                        continuation.resume(returning: worker)
                        return nil
                    }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return nil
                }
                if let outcome { continuation.resume(throwing: outcome) }
            }
        } onCancel: {
            let waiter: Waiter? = state.withLock { state in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }
}
