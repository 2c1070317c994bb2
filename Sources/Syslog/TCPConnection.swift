#if canImport(Glibc)
import Glibc
#endif

/// One connected TCP socket to the receiver.
///
/// `Sendable` without locks: `fd` never changes; the blocking calls (`write`, `peerHasClosed`, the final
/// `close`) all run on the owner's serial I/O queue, and `abort` only calls `shutdown`, which is safe from
/// any thread on a descriptor that is still open (it is closed later, on the queue, after any in-flight call).
final class TCPConnection: StreamConnection {
    /// The socket, for a TLS session layered on this connection.
    let fd: Int32

    private init(fd: Int32) { self.fd = fd }

    /// Resolves and connects, trying each address in turn. Blocking: call on the I/O queue.
    static func open(host: String, port: Int, timeout: Double) -> Result<TCPConnection, SyslogError> {
        let addresses: [SocketAddress]
        do {
            addresses = try SocketAddress.resolve(host: host, port: port, socketType: Int32(SOCK_STREAM.rawValue))
        } catch {
            return .failure(error)
        }
        var failure = SyslogError.unreachable(host: host, port: port, detail: "no address to try")
        for address in addresses {
            let fd: Int32
            switch SocketCalls.open(family: address.family, type: Int32(SOCK_STREAM.rawValue)) {
            case .success(let opened): fd = opened
            case .failure(let error):
                failure = .unreachable(host: host, port: port, detail: "cannot create socket: \(error)")
                continue
            }
            guard let error = SocketCalls.connect(fd, to: address, timeout: timeout) else {
                var enable: Int32 = 1   // keepalive: notice a receiver host that vanished while we were idle
                setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &enable, socklen_t(MemoryLayout<Int32>.size))
                return .success(TCPConnection(fd: fd))
            }
            Glibc.close(fd)
            switch error.code {
            case ECONNREFUSED: failure = .connectionRefused(host: host, port: port)
            case ETIMEDOUT: failure = .unreachable(host: host, port: port,
                                                   detail: "connect timed out after \(timeout) s")
            default: failure = .unreachable(host: host, port: port, detail: error.description)
            }
        }
        return .failure(failure)
    }

    /// Writes all bytes or stops at the first error; returns how many bytes the kernel took.
    func write(_ bytes: [UInt8]) -> (written: Int, error: (any Error)?) {
        let result = bytes.withUnsafeBytes { SocketCalls.sendAll(fd, $0) }
        return (result.written, result.error)
    }

    /// Gather-writes the frames straight from each message's storage (no copy into a chunk).
    func writeFrames(_ messages: [[UInt8]], from start: Int, framing: TCPFraming) -> (completed: Int, error: (any Error)?) {
        let result = GatheredFrames.write(messages, from: start, framing: framing) { SocketCalls.sendVectors(fd, $0) }
        return (result.completed, result.error)
    }

    /// True when the receiver closed or reset the connection since the last write.
    func peerHasClosed() -> Bool { SocketCalls.peerHasClosed(fd) }

    /// Wakes any call blocked on this socket (it then fails); safe from any thread.
    func abort() { shutdown(fd, Int32(SHUT_RDWR)) }

    /// Releases the descriptor (the kernel sends FIN). Call exactly once, on the I/O queue.
    func close() { Glibc.close(fd) }

    /// FIN, then read until the receiver closes too: a syslog receiver closes only after reading everything
    /// before our FIN, so its EOF confirms what plain TCP otherwise cannot. Releases the descriptor.
    func finish(within seconds: Double) -> Bool {
        shutdown(fd, Int32(SHUT_WR))
        let peerClosed = SocketCalls.awaitEndOfStream(fd, within: seconds)
        Glibc.close(fd)
        return peerClosed
    }
}
