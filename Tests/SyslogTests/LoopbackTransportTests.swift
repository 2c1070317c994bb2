import Foundation
import XCTest
@testable import Syslog
#if canImport(Glibc)
import Glibc
#endif

/// Transports against plain sockets on the IPv6 loopback: exact datagrams and exact stream bytes.
/// (The rsyslog integration tests cover IPv4 and a real receiver.)
final class LoopbackTransportTests: XCTestCase {
    private let messages: [[UInt8]] = (0..<300).map { index in
        Array("<14>1 - h app 1 m - {\"seq\":\(index),\"pad\":\"\(String(repeating: "x", count: index * 7))\"}".utf8)
    }

    func testUDPSendsOneDatagramPerMessageInOrderOverIPv6() async throws {
        let receiver = try LoopbackSocket(type: SOCK_DGRAM)
        let transport = try UDPTransport(host: "::1", port: receiver.port)
        try await transport.send(messages)
        for (index, expected) in messages.enumerated() {
            XCTAssertEqual(try receiver.receiveDatagram(), expected, "datagram \(index)")
        }
        await transport.close()
        do {
            try await transport.send([messages[0]])
            XCTFail("a closed transport must not send")
        } catch let error as SyslogSendError {
            XCTAssertEqual(error.delivered, 0)
        }
    }

    func testUDPReportsARefusingPortWithoutCountingTheMessage() async throws {
        let port = try LoopbackSocket(type: SOCK_DGRAM).port   // bound, then closed at once: nobody listens
        let transport = try UDPTransport(host: "::1", port: port)
        try await transport.send([messages[0]])   // goes out; the ICMP port-unreachable comes back afterwards
        try await Task.sleep(for: .milliseconds(50))
        do {
            try await transport.send([messages[1], messages[2]])
            XCTFail("the kernel reported the port unreachable; send must say so")
        } catch let error as SyslogSendError {
            XCTAssertEqual(error.delivered, 0)
            XCTAssertEqual(error.cause, .connectionRefused(host: "::1", port: port))
        }
    }

    func testTCPWritesExactlyTheFramedBytesOverIPv6() async throws {
        let listener = try LoopbackSocket(type: SOCK_STREAM)
        let received = listener.acceptAndReadToEnd()
        let transport = TCPTransport(host: "::1", port: listener.port, framing: .octetCounting)
        try await transport.send(messages)
        try await transport.send(Array(messages.prefix(3)))
        await transport.close()
        var expected: [UInt8] = []
        for message in messages + messages.prefix(3) { Framer.append(message[...], framing: .octetCounting, to: &expected) }
        let bytes = try await received.value
        XCTAssertEqual(bytes.count, expected.count)
        XCTAssertEqual(bytes, expected)
    }

    /// 20 MiB in one batch, far more than a socket buffer holds: the gathered writes stop and resume
    /// wherever the kernel's buffer fills, inside frames, and the stream is still exactly the framed batch.
    func testTCPBatchLargerThanTheSocketBufferArrivesWholeAndInOrder() async throws {
        let listener = try LoopbackSocket(type: SOCK_STREAM)
        let received = listener.acceptAndReadToEnd()
        let big = (0..<2_600).map { index in Array("<14>1 - - - - - \(index) ".utf8) + Array(repeating: UInt8(ascii: "x"), count: 8_000 + index % 97) }
        let transport = TCPTransport(host: "::1", port: listener.port, framing: .octetCounting)
        try await transport.send(big)
        await transport.close()
        var expected: [UInt8] = []
        for message in big { Framer.append(message[...], framing: .octetCounting, to: &expected) }
        let bytes = try await received.value
        XCTAssertEqual(bytes.count, expected.count)
        XCTAssertTrue(bytes == expected, "the stream differs from the framed batch")
    }

    func testTCPLineFeedFramingRepairsLineBreaksAcrossManyWritesOverIPv6() async throws {
        let listener = try LoopbackSocket(type: SOCK_STREAM)
        let received = listener.acceptAndReadToEnd()
        let transport = TCPTransport(host: "::1", port: listener.port, framing: .lineFeed)
        let batch = messages + [Array("split\nby\rbreaks".utf8), []] + messages   // > 512: several gather calls
        try await transport.send(batch)
        await transport.close()
        var expected: [UInt8] = []
        for message in batch { Framer.append(message[...], framing: .lineFeed, to: &expected) }
        let bytes = try await received.value
        XCTAssertEqual(bytes, expected)
        XCTAssertEqual(bytes.filter { $0 == 0x0A }.count, batch.count)
    }

    func testTCPRefusedConnectionGivesUpWithNothingDelivered() async throws {
        let port = try LoopbackSocket(type: SOCK_STREAM).port
        let transport = TCPTransport(host: "::1", port: port,
                                     reconnect: ReconnectPolicy(initialDelay: 0.05, maxDelay: 0.1, giveUpAfter: 0.3))
        do {
            try await transport.send(messages)
            XCTFail("nobody listens; send must give up")
        } catch let error as SyslogSendError {
            XCTAssertEqual(error.delivered, 0)
            guard case .unreachable(host: "::1", port: port, let detail) = error.cause else {
                return XCTFail("unexpected cause \(error.cause)")
            }
            XCTAssertTrue(detail.contains("refused the connection"), detail)
        }
    }

    func testUnknownHostFailsToResolve() {
        XCTAssertThrowsError(try UDPTransport(host: "no-such-host.invalid", port: 514)) { error in
            guard case .resolveFailed(host: "no-such-host.invalid", _)? = error as? SyslogError else {
                return XCTFail("unexpected \(error)")
            }
        }
    }
}

/// A socket bound to [::1] on a kernel-chosen port; closed on deinit.
private final class LoopbackSocket: @unchecked Sendable {   // fd is only used by one thread at a time
    let fd: Int32
    let port: Int

    init(type: __socket_type) throws {
        let fd = socket(AF_INET6, Int32(type.rawValue), 0)
        self.fd = fd
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        address.sin6_addr = in6addr_loopback
        var length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard fd >= 0, ok else { throw Errno(errno) }
        port = Int(UInt16(bigEndian: address.sin6_port))
        if type == SOCK_STREAM { listen(fd, 4) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)   // a missing datagram fails the test instead of hanging it
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var bufferSize: Int32 = 4 << 20   // room for the whole burst: the test reads only after sending
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bufferSize, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { close(fd) }

    func receiveDatagram() throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = recv(fd, &buffer, buffer.count, 0)
        guard count >= 0 else { throw Errno(errno) }
        return Array(buffer.prefix(count))
    }

    /// Accepts one connection on a plain thread (blocking calls stay off the cooperative pool) and
    /// returns everything read until the sender closes.
    func acceptAndReadToEnd() -> Task<[UInt8], Error> {
        Task {
            try await withCheckedThrowingContinuation { continuation in
                Thread.detachNewThread { [self] in
                    let connection = accept(fd, nil, nil)
                    guard connection >= 0 else { return continuation.resume(throwing: Errno(errno)) }
                    defer { close(connection) }
                    var all: [UInt8] = []
                    var buffer = [UInt8](repeating: 0, count: 65_536)
                    while true {
                        let count = recv(connection, &buffer, buffer.count, 0)
                        if count < 0 { return continuation.resume(throwing: Errno(errno)) }
                        if count == 0 { break }
                        all.append(contentsOf: buffer.prefix(count))
                    }
                    continuation.resume(returning: all)
                }
            }
        }
    }
}
