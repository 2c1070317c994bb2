import XCTest
@testable import Syslog
#if canImport(Glibc)
import Glibc
#endif

/// The UDP transport's first attempt on the caller's thread: with MSG_DONTWAIT a full socket answers
/// EAGAIN after the datagrams it took, and sending the rest afterwards keeps every datagram, in order.
final class DatagramsWithoutWaitingTests: XCTestCase {
    func testAFullSocketStopsWithEAGAINAndTheRestFollowsInOrder() throws {
        var pair: [Int32] = [0, 0]
        XCTAssertEqual(socketpair(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0, &pair), 0)
        defer { close(pair[0]); close(pair[1]) }
        let messages = (0..<2_000).map { Array("datagram \($0) ".utf8) + Array(repeating: UInt8(ascii: "y"), count: 500) }
        let head = DatagramBatchSender.send(messages, 0..<messages.count, on: pair[0], flags: Int32(MSG_DONTWAIT))
        XCTAssertEqual(head.error?.code, EAGAIN, "2 000 datagrams should not fit an unread socket")
        XCTAssertGreaterThan(head.sent, 0)
        var received: [[UInt8]] = []
        func drain() {
            var buffer = [UInt8](repeating: 0, count: 2_048)
            while true {
                let count = recv(pair[1], &buffer, buffer.count, Int32(MSG_DONTWAIT))
                if count < 0 { return }
                received.append(Array(buffer[..<count]))
            }
        }
        drain()
        var sent = head.sent
        while sent < messages.count {
            let more = DatagramBatchSender.send(messages, sent..<messages.count, on: pair[0], flags: Int32(MSG_DONTWAIT))
            sent += more.sent
            drain()
        }
        XCTAssertEqual(received, messages)
    }
}
