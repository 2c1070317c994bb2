import Foundation
import XCTest
import Syslog

/// Our formatter and transports against a real rsyslogd: what it parses must be exactly what we sent.
final class SyslogToRsyslogTests: XCTestCase {
    private let formatter = SyslogFormatter(facility: .local0, hostname: "collector-test", procId: "4242")
    private let severities: [SyslogSeverity] = [.critical, .error, .warning, .notice, .informational]
    private let rsyslogSeverityNames: [SyslogSeverity: String] = [
        .critical: "crit", .error: "err", .warning: "warning", .notice: "notice", .informational: "info",
    ]

    /// JSON records: every 10th is 4–6 KiB, every 7th carries non-ASCII text.
    private func records(_ count: Int, firstSeq: Int = 0) -> [(record: [UInt8], severity: SyslogSeverity)] {
        (firstSeq..<firstSeq + count).map { seq in
            let padding = seq % 10 == 0 ? String(repeating: "p", count: 4096 + (seq * 37) % 2048) : "short"
            let text = seq % 7 == 0 ? "Schwachstelle für Größe ≥ 9.8 — 脆弱性 🔥" : "plain ascii"
            let json = #"{"seq":\#(seq),"msg_class":"aws_inspector_finding","text":"\#(text)","pad":"\#(padding)"}"#
            return (Array(json.utf8), severities[seq % severities.count])
        }
    }

    private func formatted(_ records: [(record: [UInt8], severity: SyslogSeverity)]) -> [[UInt8]] {
        records.map { formatter.format(severity: $0.severity, timestamp: Date(), msgId: "aws_inspector_finding",
                                       message: $0.record) }
    }

    /// Every record arrived exactly once, byte-equal, with the header fields we sent.
    private func assertReceivedExactlyOnce(_ sent: [(record: [UInt8], severity: SyslogSeverity)],
                                           _ received: [ReceivedSyslog], input: String,
                                           file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(received.count, sent.count, "messages received", file: file, line: line)
        var expected: [String: [String]] = [:]
        for item in sent {
            expected[String(decoding: item.record, as: UTF8.self), default: []].append(rsyslogSeverityNames[item.severity]!)
        }
        for message in received {
            XCTAssertEqual(message.protocolVersion, "1", file: file, line: line)
            XCTAssertEqual(message.appName, "findings-collector", file: file, line: line)
            XCTAssertEqual(message.msgId, "aws_inspector_finding", file: file, line: line)
            XCTAssertEqual(message.hostname, "collector-test", file: file, line: line)
            XCTAssertEqual(message.procId, "4242", file: file, line: line)
            XCTAssertEqual(message.facility, "local0", file: file, line: line)
            XCTAssertEqual(message.structuredData, "-", file: file, line: line)
            XCTAssertEqual(message.inputName, input, file: file, line: line)
            guard var severitiesLeft = expected[message.msg], !severitiesLeft.isEmpty else {
                XCTFail("unexpected or duplicated msg: \(message.msg.prefix(120))", file: file, line: line)
                continue
            }
            XCTAssertEqual(message.severity, severitiesLeft.removeFirst(), file: file, line: line)
            expected[message.msg] = severitiesLeft
        }
        let missing = expected.values.reduce(0) { $0 + $1.count }
        XCTAssertEqual(missing, 0, "records never received", file: file, line: line)
    }

    func testUDPDeliversEveryMessageOnceAndByteExact() async throws {
        let receiver = try RsyslogReceiver(tcp: false)
        let transport = try UDPTransport(host: "127.0.0.1", port: receiver.udpPort)
        let sent = records(2000)
        let messages = formatted(sent)
        XCTAssertLessThanOrEqual(messages.map(\.count).max()!, 8192)
        for start in stride(from: 0, to: messages.count, by: 500) {   // the lead sends batches, not one burst
            try await transport.send(Array(messages[start..<min(start + 500, messages.count)]))
        }
        await transport.close()
        let received = try receiver.waitForMessages(count: sent.count, timeout: 15)
        assertReceivedExactlyOnce(sent, received, input: "imudp")
    }

    func testTCPOctetCountingDeliversEveryMessageOnceAndByteExact() async throws {
        let receiver = try RsyslogReceiver(udp: false)
        let transport = TCPTransport(host: "127.0.0.1", port: receiver.tcpPort)
        XCTAssertNil(transport.maxMessageSize)
        let sent = records(2000)
        try await transport.send(formatted(sent))
        await transport.close()
        let received = try receiver.waitForMessages(count: sent.count, timeout: 15)
        assertReceivedExactlyOnce(sent, received, input: "imtcp")
    }

    /// "localhost" may resolve to ::1 first, where nothing listens: the transport must fall through to 127.0.0.1.
    func testTCPLineFeedFramingViaTheLocalhostName() async throws {
        let receiver = try RsyslogReceiver(udp: false)
        let transport = TCPTransport(host: "localhost", port: receiver.tcpPort, framing: .lineFeed)
        let sent = records(50)
        try await transport.send(formatted(sent))
        let odd = formatter.format(severity: .notice, timestamp: Date(), msgId: "aws_inspector_finding",
                                   message: Array("line one\nline two".utf8))
        try await transport.send([odd])
        await transport.close()
        let received = try receiver.waitForMessages(count: 51, timeout: 10)
        assertReceivedExactlyOnce(sent + [(Array("line one line two".utf8), .notice)], received, input: "imtcp")
    }

    func testUDPOversizeMessageIsRefusedAndNothingOfItIsSent() async throws {
        let receiver = try RsyslogReceiver(tcp: false)
        let transport = try UDPTransport(host: "127.0.0.1", port: receiver.udpPort, maxDatagramSize: 2048)
        XCTAssertEqual(transport.maxMessageSize, 2048)
        let small = formatted(records(1, firstSeq: 1))[0]
        let large = formatted(records(1, firstSeq: 10))[0]   // ~4 KiB record
        do {
            try await transport.send([small, large, small])
            XCTFail("an oversize datagram must be refused")
        } catch let error as SyslogSendError {
            XCTAssertEqual(error.delivered, 1)
            XCTAssertEqual(error.cause, .messageTooLarge(size: large.count, max: 2048))
        }
        let received = try receiver.waitForMessages(count: 2, timeout: 1.5)   // give a stray datagram time to land
        XCTAssertEqual(received.map(\.msg), [String(decoding: records(1, firstSeq: 1)[0].record, as: UTF8.self)])
    }

    func testTCPResumesAfterTheReceiverRestarts() async throws {
        let receiver = try RsyslogReceiver(udp: false)
        let transport = TCPTransport(host: "127.0.0.1", port: receiver.tcpPort,
                                     reconnect: ReconnectPolicy(initialDelay: 0.1, maxDelay: 0.4, giveUpAfter: 15))
        let before = records(100), after = records(300, firstSeq: 100)
        let text = { (batch: [(record: [UInt8], severity: SyslogSeverity)]) in batch.map { String(decoding: $0.record, as: UTF8.self) } }
        try await sendAcrossAReceiverRestart(transport, receiver: receiver, before: (formatted(before), text(before)),
                                             after: (formatted(after), text(after)))
    }

    func testTCPGivesUpAfterTheOutageLimitWithTheExactDeliveredCount() async throws {
        let receiver = try RsyslogReceiver(udp: false)
        let transport = TCPTransport(host: "127.0.0.1", port: receiver.tcpPort, connectTimeout: 1,
                                     reconnect: ReconnectPolicy(initialDelay: 0.1, maxDelay: 0.3, giveUpAfter: 1))
        try await transport.send(formatted(records(10)))
        XCTAssertEqual(try receiver.waitForMessages(count: 10, timeout: 10).count, 10)
        receiver.stop()
        let started = ContinuousClock.now
        do {
            try await transport.send(formatted(records(20, firstSeq: 10)))
            XCTFail("sending to a stopped receiver must fail once giveUpAfter has passed")
        } catch let error as SyslogSendError {
            XCTAssertEqual(error.delivered, 0)
            guard case let .unreachable(host, port, detail) = error.cause else {
                return XCTFail("expected .unreachable, got \(error.cause)")
            }
            XCTAssertEqual(host, "127.0.0.1")
            XCTAssertEqual(port, receiver.tcpPort)
            XCTAssertTrue(detail.contains("refused"), detail)
        }
        let elapsed = ContinuousClock.now - started
        XCTAssertGreaterThanOrEqual(elapsed, .seconds(1))
        XCTAssertLessThan(elapsed, .seconds(5))
        XCTAssertEqual(try receiver.messages().count, 10, "nothing beyond the first batch reached rsyslog")
    }

    /// Evidence for RFC5424Formatter's no-BOM decision: rsyslog keeps a BOM at the start of %msg%.
    func testRsyslogKeepsABOMInMsgSoWeNeverSendOne() async throws {
        let receiver = try RsyslogReceiver(tcp: false)
        let transport = try UDPTransport(host: "127.0.0.1", port: receiver.udpPort)
        let withBOM = formatter.format(severity: .notice, timestamp: Date(), msgId: "probe",
                                       message: [0xEF, 0xBB, 0xBF] + Array(#"{"a":1}"#.utf8))
        try await transport.send([withBOM])
        let received = try receiver.waitForMessages(count: 1, timeout: 10)
        XCTAssertEqual(received.first.map { Array($0.msg.utf8) }, [0xEF, 0xBB, 0xBF] + Array(#"{"a":1}"#.utf8))
        XCTAssertNotEqual(received.first?.msg, #"{"a":1}"#, "a strict JSON parser fed %msg% would reject it")
    }
}
