import Foundation
import Synchronization
import XCTest
import TestSupport
@testable import Syslog
#if canImport(Glibc)
import Glibc
#endif

/// RELPTransport against a scripted peer on loopback: what rsyslog cannot easily be made to do (refuse).
final class RELPTransportTests: XCTestCase {
    func testARefusedMessageIsRetriedOnNewSessionsThenFailsTheBatchWithTheReceiversAnswer() async throws {
        let peer = try ScriptedRELPPeer { message in
            message.contains(UInt8(ascii: "!")) ? "500 test refusal" : "200 OK"
        }
        defer { peer.stop() }
        let transport = RELPTransport(host: "127.0.0.1", port: peer.port, responseTimeout: 2, attempts: 3,
                                      reconnect: ReconnectPolicy(initialDelay: 0.05, maxDelay: 0.1, giveUpAfter: 10))
        do {
            try await transport.send([Array("one".utf8), Array("two".utf8), Array("bad!".utf8), Array("four".utf8)])
            XCTFail("a message refused on every attempt must fail the batch")
        } catch let error as SyslogSendError {
            XCTAssertEqual(error.delivered, 2, "the acknowledged prefix")
            XCTAssertEqual(error.cause, .refused(host: "127.0.0.1", port: peer.port, answer: "500 test refusal", attempts: 3))
            XCTAssertTrue(error.description.contains("refused a message 3 times"), error.description)
        }
        XCTAssertEqual(peer.sessions, 3, "one session per attempt")
        let receipt = await transport.receipt()
        XCTAssertEqual(receipt.confirmed, 2)
        // "four" went out behind the refused message: unless its acknowledgement came in the same read as the
        // refusal, the receiver may hold it, and transmitting it again counts. The refused one never counts.
        XCTAssertLessThanOrEqual(receipt.resent, 2)
        try await transport.send([Array("five".utf8)])
        let after = await transport.receipt()
        XCTAssertEqual(after.confirmed, 3, "the transport goes on after a failed batch")
        await transport.close()
    }
}

/// A RELP server on loopback that answers `open` like librelp and each `syslog` with `answer(message)`;
/// one thread, one connection at a time, which is all a single transport opens.
private final class ScriptedRELPPeer: Sendable {
    let port: Int
    private let fd: Int32
    private let sessionCount = Mutex(0)

    var sessions: Int { sessionCount.withLock { $0 } }

    init(answer: @escaping @Sendable ([UInt8]) -> String) throws {
        (fd, port) = try LoopbackPort.bind(listening: true)
        Thread.detachNewThread { [self] in
            while case let client = accept(fd, nil, nil), client >= 0 {
                sessionCount.withLock { $0 += 1 }
                Self.serve(client, answer: answer)
                close(client)
            }
        }
    }

    /// Ends the accept loop (its thread holds the peer, so no deinit would ever run) and frees the port.
    func stop() {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }

    private static func serve(_ client: Int32, answer: ([UInt8]) -> String) {
        var parser = RELPFrameParser()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while case let count = recv(client, &buffer, buffer.count, 0), count > 0 {
            guard let frames = try? parser.parse(buffer[..<count]) else { return }
            for frame in frames {
                let reply = switch frame.command {
                case "open": "200 OK\nrelp_version=0\ncommands=syslog"
                case "syslog": answer(frame.data)
                default: "200 OK"
                }
                var bytes: [UInt8] = []
                RELPFrame(txnr: frame.txnr, command: "rsp", data: Array(reply.utf8)).encode(into: &bytes)
                _ = bytes.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if frame.command == "close" { return }
            }
        }
    }
}
