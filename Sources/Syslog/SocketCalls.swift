#if canImport(Glibc)
import Glibc
#endif

/// Thin, blocking wrappers over the socket calls both transports need. Every function here blocks:
/// callers run them on their I/O queue, never on the cooperative pool.
enum SocketCalls {
    /// A new close-on-exec socket, or the errno that prevented it.
    static func open(family: Int32, type: Int32) -> Result<Int32, Errno> {
        let fd = socket(family, type | Int32(SOCK_CLOEXEC.rawValue), 0)
        return fd >= 0 ? .success(fd) : .failure(Errno(errno))
    }

    /// Connects `fd` to `address`, waiting at most `timeout` seconds; nil on success, else the errno
    /// (ETIMEDOUT when the deadline passed).
    static func connect(_ fd: Int32, to address: SocketAddress, timeout: Double) -> Errno? {
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        defer { _ = fcntl(fd, F_SETFL, flags) }   // back to blocking: writes then apply backpressure
        let status = address.withSockaddr { Glibc.connect(fd, $0, $1) }
        if status == 0 { return nil }
        guard errno == EINPROGRESS || errno == EINTR else { return Errno(errno) }
        var pending = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        let ready = poll(&pending, 1, Int32(Swift.max(timeout, 0.001) * 1000))
        if ready == 0 { return Errno(ETIMEDOUT) }
        if ready < 0 { return Errno(errno) }
        var socketError: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &socketError, &length) == 0 else { return Errno(errno) }
        return socketError == 0 ? nil : Errno(socketError)
    }

    /// Writes all of `bytes` unless the connection fails; returns how many bytes the kernel took and the
    /// errno that stopped it. MSG_NOSIGNAL: a dead peer must surface as EPIPE, not kill the daemon by SIGPIPE.
    static func sendAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> (written: Int, error: Errno?) {
        var written = 0
        while written < bytes.count {
            let result = send(fd, bytes.baseAddress! + written, bytes.count - written, Int32(MSG_NOSIGNAL))
            if result > 0 {
                written += result
            } else if result < 0 && errno == EINTR {
                continue
            } else {
                return (written, Errno(result < 0 ? errno : EPIPE))
            }
        }
        return (written, nil)
    }

    /// One `sendmsg` of `iovecs`; returns how many bytes the kernel took (possibly fewer than offered) or the
    /// errno that stopped it. Retries EINTR, and waits out EAGAIN (a send timeout or non-blocking socket).
    /// MSG_NOSIGNAL for the same reason as `sendAll`.
    static func sendVectors(_ fd: Int32, _ iovecs: UnsafeMutableBufferPointer<iovec>) -> Result<Int, Errno> {
        var header = msghdr()
        header.msg_iov = iovecs.baseAddress
        header.msg_iovlen = iovecs.count
        while true {
            let result = sendmsg(fd, &header, Int32(MSG_NOSIGNAL))
            if result > 0 { return .success(result) }
            if result == 0 { return .failure(Errno(EPIPE)) }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK:
                var writable = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                if poll(&writable, 1, -1) < 0 && errno != EINTR { return .failure(Errno(errno)) }
            default: return .failure(Errno(errno))
            }
        }
    }

    /// True when the receiver has closed or reset the connection. Syslog receivers never send, so a
    /// readable socket means EOF or an error; checking before each write avoids pouring a batch into a
    /// connection the peer already left (those bytes would be acknowledged by nobody and lost).
    static func peerHasClosed(_ fd: Int32) -> Bool {
        var probe = pollfd(fd: fd, events: Int16(POLLIN) | pollReadHangUp, revents: 0)
        guard poll(&probe, 1, 0) > 0 else { return false }
        var byte: UInt8 = 0
        let peeked = recv(fd, &byte, 1, Int32(MSG_PEEK) | Int32(MSG_DONTWAIT))
        if peeked == 0 { return true }
        if peeked < 0 { return errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR }
        return false
    }

    /// Reads and discards until the peer's EOF (true) or a reset, an error or `seconds` passing (false).
    static func awaitEndOfStream(_ fd: Int32, within seconds: Double) -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        while true {
            switch receive(fd, until: deadline) {
            case .received: continue
            case .endOfStream: return true
            case .timedOut, .failed: return false
            }
        }
    }

    /// What one `receive` got.
    enum Received: Sendable, Equatable {
        /// Bytes that were available (at least one).
        case received([UInt8])
        /// The peer closed its side.
        case endOfStream
        /// Nothing arrived before the deadline.
        case timedOut
        case failed(Errno)
    }

    /// Waits until bytes arrive (returning what is there, up to 64 KiB), the peer closes, or `deadline` passes.
    static func receive(_ fd: Int32, until deadline: ContinuousClock.Instant) -> Received {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while case let left = deadline - ContinuousClock.now, left > .zero {
            var probe = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let milliseconds = left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000
            let ready = poll(&probe, 1, Int32(Swift.max(milliseconds, 1)))
            if ready < 0 && errno != EINTR { return .failed(Errno(errno)) }
            guard ready > 0 else { continue }
            let count = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if count > 0 { return .received(Array(buffer[..<count])) }
            if count == 0 { return .endOfStream }
            if errno != EAGAIN && errno != EINTR { return .failed(Errno(errno)) }
        }
        return .timedOut
    }

    /// Makes a blocking write give up with EAGAIN after `seconds` without progress (a receiver that stopped
    /// reading), instead of blocking forever.
    static func limitWriteStall(_ fd: Int32, to seconds: Double) {
        var limit = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - seconds.rounded(.down)) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }
}

/// An errno value with its message, so failures read well in errors.
struct Errno: Error, Sendable, Equatable, CustomStringConvertible {
    let code: Int32
    init(_ code: Int32) { self.code = code }
    var description: String { errnoDescription(code) }
}

/// Linux's POLLRDHUP (peer closed its writing side); Glibc hides it behind _GNU_SOURCE, so spelled here.
private let pollReadHangUp: Int16 = 0x2000
