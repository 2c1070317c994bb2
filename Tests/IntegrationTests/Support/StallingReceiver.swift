import Foundation
#if canImport(Glibc)
import Glibc
#endif
import TestSupport

/// A TCP syslog receiver on loopback that reads `readLimit` bytes in all (keeping them), then stops reading
/// but keeps every connection open: the sender's writes pile up in the kernel's buffers, then block — a
/// receiver that hangs. A connection the sender ends before the limit is closed in turn, as rsyslog does once
/// it read everything, so a sender may prove delivery by that close. `stop()` closes everything.
/// What it read parses as RFC 6587 octet-counted frames of RFC 5424 messages (`messages()`).
final class StallingReceiver: @unchecked Sendable {
    // @unchecked: everything below `lock` is only touched under it.
    let port: Int
    let readLimit: Int
    private let listener: Int32
    private let lock = NSLock()
    /// What each accepted connection delivered, in the order of acceptance.
    private var streams: [[UInt8]] = []
    /// Open connections: their descriptor and index in `streams`.
    private var open: [(fd: Int32, stream: Int)] = []
    private var total = 0
    private var stopping = false
    private let done = DispatchSemaphore(value: 0)

    init(readLimit: Int) throws {
        self.readLimit = readLimit
        let bound = try LoopbackPort.bind(listening: true)
        listener = bound.fd
        port = bound.port
        let thread = Thread { [self] in serve() }
        thread.name = "StallingReceiver"
        thread.start()
    }

    /// A collector destination sending here over TCP; `extra` is spliced in as more keys.
    func tcpDestination(_ extra: String = "") -> String {
        loopbackTCPDestination(port: port, extra)
    }

    /// Bytes read so far, over all connections (at most `readLimit`).
    var bytesRead: Int { lock.withLock { total } }

    /// Bytes the sender wrote that sit unread in this side's receive queues (FIONREAD of each connection).
    var unreadBytes: Int {
        lock.withLock {
            open.reduce(0) { sum, connection in
                var queued: Int32 = 0
                return ioctl(connection.fd, UInt(FIONREAD), &queued) == 0 ? sum + Int(queued) : sum
            }
        }
    }

    /// Waits until the limit is read and nothing more arrived for `quiet` seconds: the sender is blocked
    /// (its send buffer and our receive buffer are full) or waits for a close that never comes.
    func waitUntilStalled(quiet: TimeInterval, timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        var last = (read: -1, unread: -1)
        var unchangedSince = Date()
        while Date() < deadline {
            let now = (read: bytesRead, unread: unreadBytes)
            if now != last {
                last = now
                unchangedSince = Date()
            } else if now.read >= readLimit, Date().timeIntervalSince(unchangedSince) >= quiet {
                return true
            }
            usleep(50_000)
        }
        return false
    }

    /// Closes the listener and every connection (the sender sees a reset); what was read stays readable.
    func stop() {
        let wasStopping = lock.withLock {
            defer { stopping = true }
            return stopping
        }
        guard !wasStopping else { return }
        done.wait()
    }

    /// The messages read, connection by connection; a frame a connection cut short is left out.
    func messages() -> [OctetCountedMessage] {
        lock.withLock { streams }.flatMap(OctetCountedMessage.parse)
    }

    private func serve() {
        defer {
            lock.withLock {
                open.forEach { close($0.fd) }
                open.removeAll()
            }
            close(listener)
            done.signal()
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while !lock.withLock({ stopping }) {
            let (connections, wanted) = lock.withLock { (open, readLimit - total) }
            // Past the limit the connections are not polled at all: their data (and their end) stays unread.
            var fds = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0)]
            if wanted > 0 { fds += connections.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) } }
            guard poll(&fds, nfds_t(fds.count), 50) > 0 else { continue }
            if fds[0].revents != 0 {
                let fd = accept(listener, nil, nil)
                if fd >= 0 {
                    lock.withLock {
                        open.append((fd, streams.count))
                        streams.append([])
                    }
                }
            }
            for (connection, polled) in zip(connections, fds.dropFirst()) where polled.revents != 0 {
                let wanted = lock.withLock { readLimit - total }
                guard wanted > 0 else { break }
                let count = read(connection.fd, &buffer, min(buffer.count, wanted))
                let failure = errno
                lock.withLock {
                    if count > 0 {
                        streams[connection.stream] += buffer[..<count]
                        total += count
                    } else if count == 0 || failure != EINTR {
                        close(connection.fd)   // the sender ended its side (or reset it): we read it all
                        open.removeAll { $0.fd == connection.fd }
                    }
                }
            }
        }
    }
}

/// One RFC 5424 message of an octet-counted stream: its MSGID and MSG, and the size of its whole frame.
struct OctetCountedMessage: SyslogMessageText {
    let msgId: String
    let msg: String
    let frameBytes: Int

    /// The complete frames of one connection's bytes (RFC 6587 §3.4.1: `MSG-LEN SP SYSLOG-MSG`).
    static func parse(_ stream: [UInt8]) -> [OctetCountedMessage] {
        var messages: [OctetCountedMessage] = []
        var offset = 0
        while let space = stream[offset...].firstIndex(of: 0x20),
              let length = Int(String(decoding: stream[offset..<space], as: UTF8.self)),
              space + 1 + length <= stream.count {
            let body = stream[(space + 1)..<(space + 1 + length)]
            messages.append(OctetCountedMessage(body, frameBytes: space + 1 + length - offset))
            offset = space + 1 + length
        }
        return messages
    }

    /// `<PRI>VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD [SP MSG]`; SD is "-" or bracketed elements
    /// whose quoted values may hold an escaped `]`.
    private init(_ body: ArraySlice<UInt8>, frameBytes: Int) {
        self.frameBytes = frameBytes
        let fields = body.split(separator: 0x20, maxSplits: 6, omittingEmptySubsequences: false)
        msgId = fields.count > 5 ? String(decoding: fields[5], as: UTF8.self) : ""
        guard fields.count > 6, !fields[6].isEmpty else {
            msg = ""
            return
        }
        let rest = fields[6]
        var index = rest.startIndex
        if rest[index] == UInt8(ascii: "-") {
            index += 1
        } else {
            var inQuotes = false
            while index < rest.endIndex {
                let byte = rest[index]
                if byte == UInt8(ascii: "\\") && inQuotes {
                    index += 1
                } else if byte == UInt8(ascii: "\"") {
                    inQuotes.toggle()
                } else if byte == UInt8(ascii: "]") && !inQuotes
                            && (index + 1 == rest.endIndex || rest[index + 1] != UInt8(ascii: "[")) {
                    index += 1
                    break
                }
                index += 1
            }
        }
        if index < rest.endIndex && rest[index] == 0x20 { index += 1 }
        msg = String(decoding: rest[index...], as: UTF8.self)
    }
}
