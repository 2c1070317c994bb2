import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A syslog receiver on 127.0.0.1 that drains its socket on its own threads and only counts: messages
/// (UDP datagrams, or RFC 6587 octet-counted frames on TCP) and bytes. Each receiving thread adds its
/// CPU time to `cpuSeconds`, so the bench can subtract the receiver from the process's CPU time.
final class LoopbackReceiver: Sendable {
    enum Kind: String, Sendable { case udp, tcp }

    struct Counters: Sendable {
        var messages = 0
        var bytes = 0
        /// TCP bytes that were not a valid octet-counting frame header (should stay 0).
        var malformed = 0
        var cpuSeconds = 0.0
        /// Monotonic time of the last arrival.
        var lastArrival = 0.0
        /// Receiving threads still running (their CPU time is added when they end).
        var activeThreads = 0
    }

    let kind: Kind
    let port: Int
    private let fd: Int32
    private let counters = Mutex(Counters())
    private let stopping = Atomic<Bool>(false)

    init(_ kind: Kind) throws {
        self.kind = kind
        (fd, port) = try Self.openSocket(kind)
        let listener = fd
        counters.withLock { $0.activeThreads += 1 }
        Thread.detachNewThread { [self] in
            if CPUAffinity.canSeparateReceiver { CPUAffinity.pin(toCPU: CPUAffinity.receiverCPU) }
            kind == .udp ? drainDatagrams(listener) : acceptConnections(listener)
        }
    }

    /// A socket bound to an ephemeral port of 127.0.0.1 (listening, for TCP).
    private static func openSocket(_ kind: Kind) throws -> (Int32, Int) {
        let socketType = kind == .udp ? Int32(SOCK_DGRAM.rawValue) : Int32(SOCK_STREAM.rawValue)
        let fd = socket(AF_INET, socketType | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw BenchError.system("socket", errno) }
        if kind == .udp {
            // A deep queue so a burst is not dropped while this thread is descheduled. FORCE needs
            // CAP_NET_ADMIN; without it the kernel caps the plain option at net.core.rmem_max.
            var size: Int32 = 64 << 20
            if setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, socklen_t(MemoryLayout<Int32>.size)) != 0 {
                setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
            }
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ready = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && (kind == .udp || listen(fd, 16) == 0) && getsockname(fd, $0, &length) == 0
            }
        }
        guard ready else {
            let code = errno
            close(fd)
            throw BenchError.system("bind/listen on 127.0.0.1", code)
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// What has arrived so far.
    var snapshot: Counters { counters.withLock { $0 } }

    /// Waits until `messages` have arrived, or nothing more arrived for `quiet` seconds, or `timeout` passed.
    @discardableResult
    func waitFor(messages: Int, quiet: Double = 0.5, timeout: Double = 120) -> Counters {
        let deadline = ProcessMetrics.now() + timeout
        var current = snapshot
        var lastChange = ProcessMetrics.now()
        while current.messages < messages, ProcessMetrics.now() < deadline, ProcessMetrics.now() - lastChange < quiet {
            usleep(1_000)
            let next = snapshot
            if next.bytes != current.bytes { lastChange = ProcessMetrics.now() }
            current = next
        }
        return current
    }

    /// Stops the receiving threads and returns once each has added its CPU time (within about 50 ms).
    func stop() -> Counters {
        stopping.store(true, ordering: .relaxed)
        while snapshot.activeThreads > 0 { usleep(2_000) }
        return snapshot
    }

    private var isStopping: Bool { stopping.load(ordering: .relaxed) }

    private func drainDatagrams(_ socket: Int32) {
        let started = ProcessMetrics.threadCPUSeconds()
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 65_536, alignment: 8)
        defer { buffer.deallocate() }
        while !isStopping {
            guard waitReadable(socket) else { continue }
            // Drain everything queued before counting, so the lock is taken once per burst.
            var messages = 0, bytes = 0
            while true {
                let received = recv(socket, buffer, 65_536, Int32(MSG_DONTWAIT))
                if received < 0 { break }
                messages += 1
                bytes += received
            }
            let now = ProcessMetrics.now()
            counters.withLock { $0.messages += messages; $0.bytes += bytes; $0.lastArrival = now }
        }
        let used = ProcessMetrics.threadCPUSeconds() - started
        counters.withLock { $0.cpuSeconds += used; $0.activeThreads -= 1 }
        close(socket)
    }

    private func acceptConnections(_ listener: Int32) {
        while !isStopping {
            guard waitReadable(listener) else { continue }
            let connection = accept(listener, nil, nil)
            if connection >= 0 {
                counters.withLock { $0.activeThreads += 1 }
                Thread.detachNewThread { [self] in drainStream(connection) }
            }
        }
        close(listener)
        counters.withLock { $0.activeThreads -= 1 }
    }

    private func drainStream(_ socket: Int32) {
        let started = ProcessMetrics.threadCPUSeconds()
        let capacity = 256 * 1024
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        var frames = OctetCountingCounter()
        while !isStopping {
            guard waitReadable(socket) else { continue }
            let received = recv(socket, buffer, capacity, 0)
            if received <= 0 { break }
            let before = frames
            frames.consume(UnsafeBufferPointer(start: buffer, count: received))
            let now = ProcessMetrics.now()
            counters.withLock {
                $0.messages += frames.frames - before.frames
                $0.malformed += frames.malformed - before.malformed
                $0.bytes += received
                $0.lastArrival = now
            }
        }
        let used = ProcessMetrics.threadCPUSeconds() - started
        counters.withLock { $0.cpuSeconds += used; $0.activeThreads -= 1 }
        close(socket)
    }

    private func waitReadable(_ socket: Int32) -> Bool {
        var probe = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        return poll(&probe, 1, 50) > 0
    }
}

/// Counts RFC 6587 octet-counted frames (`LEN SP MSG`) across arbitrary read boundaries.
struct OctetCountingCounter {
    private(set) var frames = 0
    private(set) var malformed = 0
    private var pendingLength = 0
    private var payloadLeft = 0

    mutating func consume(_ bytes: UnsafeBufferPointer<UInt8>) {
        var index = 0
        while index < bytes.count {
            if payloadLeft > 0 {
                let take = min(payloadLeft, bytes.count - index)
                index += take
                payloadLeft -= take
                if payloadLeft == 0 { frames += 1 }
                continue
            }
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: " "), pendingLength > 0 {
                payloadLeft = pendingLength
                pendingLength = 0
            } else if byte &- UInt8(ascii: "0") < 10 {
                pendingLength = pendingLength * 10 + Int(byte - UInt8(ascii: "0"))
            } else {
                malformed += 1
            }
        }
    }
}

/// Why the bench itself could not run (not a finding about the code under test).
enum BenchError: Error, CustomStringConvertible {
    case system(String, Int32)
    case usage(String)
    case failed(String)

    var description: String {
        switch self {
        case .system(let call, let code): return "\(call) failed: \(String(cString: strerror(code)))"
        case .usage(let text): return text
        case .failed(let text): return text
        }
    }
}
