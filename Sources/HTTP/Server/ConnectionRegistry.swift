import Glibc

/// The server's open sockets. Sockets are shut down and closed only under the lock, so `stop()`
/// can never shut down a descriptor number the kernel has already handed to someone else.
final class ConnectionRegistry: Sendable {
    private struct State {
        var listener: Int32?
        var connections: Set<Int32> = []
        var stopped = false
        var accepted = 0
    }

    private let state: LockedState<State>

    init(listener: Int32) {
        state = LockedState(State(listener: listener))
    }

    var isStopped: Bool { state.withLock { $0.stopped } }
    var acceptedCount: Int { state.withLock { $0.accepted } }

    /// Records an accepted connection; false (and the socket closed) when the server is stopping.
    func admit(_ fd: Int32) -> Bool {
        state.withLock { state in
            guard !state.stopped else {
                close(fd)
                return false
            }
            state.accepted += 1
            state.connections.insert(fd)
            return true
        }
    }

    func closeConnection(_ fd: Int32) {
        state.withLock { state in
            guard state.connections.remove(fd) != nil else { return }
            close(fd)
        }
    }

    func closeListener() {
        state.withLock { state in
            if let listener = state.listener { close(listener) }
            state.listener = nil
        }
    }

    /// Marks the server stopped and wakes every blocked accept and recv; true the first time only.
    func stop() -> Bool {
        state.withLock { state in
            guard !state.stopped else { return false }
            state.stopped = true
            if let listener = state.listener { shutdown(listener, Int32(SHUT_RDWR)) }
            for fd in state.connections { shutdown(fd, Int32(SHUT_RDWR)) }
            return true
        }
    }
}
