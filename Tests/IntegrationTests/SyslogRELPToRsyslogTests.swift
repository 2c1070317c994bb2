import Foundation
import XCTest
import Syslog
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// RELPTransport against rsyslog's own RELP input (imrelp): acknowledged delivery, exact counts, and restarts
/// of the receiver that cost at most the counted re-sends.
final class SyslogRELPToRsyslogTests: XCTestCase {
    private let formatter = SyslogFormatter(facility: .local0, hostname: "collector-test", procId: "4242")
    private let quickRetry = ReconnectPolicy(initialDelay: 0.1, maxDelay: 0.4, giveUpAfter: 15)

    /// Records numbered from `first`; every 50th is 5 KiB so some frames span many TCP segments.
    private func records(_ range: Range<Int>) -> (messages: [[UInt8]], texts: [String]) {
        let texts = range.map { seq in
            #"{"seq":\#(seq),"pad":"\#(String(repeating: "r", count: seq % 50 == 0 ? 5120 : 8))"}"#
        }
        let messages = texts.map { formatter.format(severity: .warning, timestamp: Date(), msgId: "relp_test",
                                                    message: Array($0.utf8)) }
        return (messages, texts)
    }

    func testEveryMessageArrivesExactlyOnceInOrderAndIsConfirmed() async throws {
        let receiver = try RsyslogReceiver(udp: false, tcp: false, relp: true)
        let transport = RELPTransport(host: "127.0.0.1", port: receiver.relpPort, reconnect: quickRetry)
        XCTAssertNil(transport.maxMessageSize)
        let sent = records(0..<5000)
        for start in stride(from: 0, to: 5000, by: 1000) {
            try await transport.send(Array(sent.messages[start..<start + 1000]))
        }
        let receipt = await transport.receipt()
        XCTAssertEqual(receipt, DeliveryReceipt(confirmed: 5000, resent: 0))
        let confirmedAll = await transport.confirmAll(within: 5)
        XCTAssertEqual(confirmedAll, receipt, "acknowledged is confirmed: nothing left to wait for")
        await transport.close()
        let received = try receiver.waitForMessages(count: 5000, timeout: 15)
        XCTAssertEqual(received.count, 5000, receiver.diagnostics())
        XCTAssertTrue(received.map(\.msg) == sent.texts, "exactly once, in order")
        XCTAssertEqual(Set(received.map(\.inputName)), ["imrelp"])
    }

    /// rsyslog stops and starts three times while batches are in flight, once the acknowledged count passes
    /// seeded random positions: nothing is lost, and every duplicate is one the transport counted as re-sent.
    func testReceiverRestartsLoseNothingAndDuplicatesAreCountedResends() async throws {
        var resentOverAll = 0
        for seed in [11, 29, 47] {
            var random = SeededRandom(seed: UInt64(seed))
            let receiver = try RsyslogReceiver(udp: false, tcp: false, relp: true)
            let transport = RELPTransport(host: "127.0.0.1", port: receiver.relpPort, responseTimeout: 5,
                                          reconnect: quickRetry)
            let sent = records(0..<3000)
            let sending = Task {
                for start in stride(from: 0, to: 3000, by: 250) {
                    try await transport.send(Array(sent.messages[start..<start + 250]))
                }
            }
            let positions = (0..<3).map { _ in random.next(upTo: 2900) }.sorted()
            for position in positions {
                while await transport.receipt().confirmed < position {
                    try await Task.sleep(for: .milliseconds(2))
                }
                receiver.stop()
                try await Task.sleep(for: .milliseconds(Int64(100 + random.next(upTo: 400))))
                try receiver.start()
            }
            try await sending.value
            let receipt = await transport.receipt()
            await transport.close()
            XCTAssertEqual(receipt.confirmed, 3000, "seed \(seed)")
            var counts: [String: Int] = [:]
            let complete = try eventually(timeout: 15) {
                counts = Dictionary(try receiver.messages().map { ($0.msg, 1) }, uniquingKeysWith: +)
                return Set(sent.texts).isSubset(of: counts.keys)
            }
            XCTAssertTrue(complete, "seed \(seed): missing \(Set(sent.texts).subtracting(counts.keys).count)")
            XCTAssertEqual(Set(counts.keys), Set(sent.texts), "seed \(seed): a message nobody sent")
            let duplicates = counts.values.reduce(0) { $0 + $1 - 1 }
            XCTAssertLessThanOrEqual(duplicates, receipt.resent, "seed \(seed): duplicates the receipt did not count")
            print("seed \(seed): restarts after \(positions) acknowledged; resent \(receipt.resent), duplicates \(duplicates)")
            resentOverAll += receipt.resent
        }
        XCTAssertGreaterThan(resentOverAll, 0, "no restart caught messages in flight: the test proves nothing")
    }

    /// A TCP listener that never speaks RELP (here: never even accepts): the send gives up with an error
    /// that says the receiver did not answer `open`, within the reconnect policy's limit.
    func testAReceiverThatNeverAnswersOpenFailsTheSendWithAClearError() async throws {
        let silent = try SilentListener()
        defer { silent.close() }
        let policy = ReconnectPolicy(initialDelay: 0.1, maxDelay: 0.2, giveUpAfter: 1)
        let transport = RELPTransport(host: "127.0.0.1", port: silent.port, responseTimeout: 0.3, reconnect: policy)
        let started = ContinuousClock.now
        do {
            try await transport.send(records(0..<3).messages)
            XCTFail("a receiver that never answers open cannot acknowledge anything")
        } catch let error as SyslogSendError {
            XCTAssertEqual(error.delivered, 0)
            XCTAssertTrue(error.description.contains("did not answer RELP open within 0.3 s"), error.description)
            XCTAssertTrue(error.description.contains("imrelp"), error.description)
        }
        // giveUpAfter counts from the first failure, which itself takes one responseTimeout.
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(1 + 2 * 0.3 + 1))
        let receipt = await transport.receipt()
        XCTAssertEqual(receipt, DeliveryReceipt(confirmed: 0, resent: 0))
    }
}

/// A loopback TCP socket that listens but never accepts: the kernel completes connections into its backlog,
/// so a client connects and then hears nothing.
private struct SilentListener {
    let fd: Int32
    let port: Int

    init() throws { (fd, port) = try LoopbackPort.bind(listening: true) }

    func close() { _ = Glibc.close(fd) }
}

/// SplitMix64: the same restart moments for the same seed, so a failure can be replayed.
private struct SeededRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next(upTo bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((mixed ^ (mixed >> 31)) % UInt64(bound))
    }
}
