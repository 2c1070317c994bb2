import Dispatch
import Foundation
import Glibc

/// A small HTTP/1.1 server for tests and simulators: a thread per connection, keep-alive,
/// Content-Length and chunked request bodies, `Expect: 100-continue` answered.
public final class LoopbackHTTPServer: Sendable {
    /// The port it listens on (the kernel's choice when created with port 0).
    public let port: Int
    /// "http://127.0.0.1:PORT" (IPv6 hosts in brackets).
    public let baseURL: String

    private let registry: ConnectionRegistry
    private let acceptLoopFinished = DispatchSemaphore(value: 0)

    /// Listens on host:port (port 0 = ephemeral) and answers each request with `handler` (called on a
    /// server thread; may block, e.g. to simulate latency). HTTP/1.1 keep-alive, Content-Length bodies,
    /// `Expect: 100-continue` answered, chunked request bodies accepted.
    public init(host: String = "127.0.0.1", port: Int = 0,
                handler: @escaping @Sendable (HTTPServerRequest) -> HTTPResponse) throws {
        let listener = try SocketIO.listen(host: host, port: port)
        self.port = SocketIO.boundPort(listener)
        baseURL = host.contains(":") ? "http://[\(host)]:\(self.port)" : "http://\(host):\(self.port)"
        let registry = ConnectionRegistry(listener: listener)
        self.registry = registry
        let finished = acceptLoopFinished
        let thread = Thread {
            Self.acceptLoop(listener: listener, registry: registry, handler: handler)
            finished.signal()
        }
        thread.name = "loopback-http-accept-\(self.port)"
        thread.start()
    }

    deinit {
        stop()
    }

    /// How many connections it has accepted so far (tests use it to see connection reuse).
    public var acceptedConnectionCount: Int {
        registry.acceptedCount
    }

    /// Closes the listener and every live connection; returns once the port no longer accepts.
    /// Handlers still running finish on their own threads, and their responses go nowhere.
    public func stop() {
        guard registry.stop() else { return }
        _ = acceptLoopFinished.wait(timeout: .now() + 5)
    }

    private static func acceptLoop(listener: Int32, registry: ConnectionRegistry,
                                   handler: @escaping @Sendable (HTTPServerRequest) -> HTTPResponse) {
        defer { registry.closeListener() }
        while true {
            let client = SocketIO.accept(listener)
            if client < 0 {
                let code = errno
                if registry.isStopped { return }
                switch code {
                case EINTR, ECONNABORTED:
                    continue
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    usleep(10_000)  // out of descriptors or memory: let connections finish, then retry
                    continue
                default:
                    return
                }
            }
            guard registry.admit(client) else { return }
            SocketIO.disableNagle(client)
            let connection = HTTP1Connection(fd: client, handler: handler)
            let thread = Thread {
                connection.serve()
                registry.closeConnection(client)
            }
            thread.name = "loopback-http-connection"
            thread.start()
        }
    }
}
