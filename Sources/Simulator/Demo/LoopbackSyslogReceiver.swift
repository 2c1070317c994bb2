import FindingsCollector
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A minimal syslog receiver for the demo: TCP on loopback, RFC 6587 octet-counted frames, each message
/// handed to `onMessage`. The tests use a real rsyslog instead; this only lets the demo run with nothing installed.
public final class LoopbackSyslogReceiver: Sendable {
    public let port: Int
    private let listener: Int32
    private let received = Atomic<Int>(0)

    public init(onMessage: @escaping @Sendable ([UInt8]) -> Void) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var reuse: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(fd, socketAddress, length) == 0 && listen(fd, 16) == 0
                    && getsockname(fd, socketAddress, &length) == 0
            }
        }
        guard bound else {
            close(fd)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "cannot listen on 127.0.0.1: \(String(cString: strerror(errno)))"])
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        let counter = self
        Thread.detachNewThread {
            while true {
                let connection = accept(fd, nil, nil)
                if connection < 0 { return }
                Thread.detachNewThread { counter.read(connection, onMessage: onMessage) }
            }
        }
    }

    /// How many messages arrived so far.
    public var count: Int { received.load(ordering: .relaxed) }

    public func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func read(_ connection: Int32, onMessage: @Sendable ([UInt8]) -> Void) {
        defer { close(connection) }
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            if count <= 0 { return }
            buffer.append(contentsOf: chunk[0..<count])
            var start = 0
            while let space = buffer[start...].firstIndex(of: UInt8(ascii: " ")),
                  let length = Int(String(decoding: buffer[start..<space], as: UTF8.self)),
                  buffer.count - (space + 1) >= length {
                onMessage(Array(buffer[(space + 1)..<(space + 1 + length)]))
                received.add(1, ordering: .relaxed)
                start = space + 1 + length
            }
            buffer.removeFirst(start)
        }
    }
}
