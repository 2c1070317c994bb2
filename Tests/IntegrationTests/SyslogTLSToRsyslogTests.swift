import Foundation
import XCTest
import Syslog
import TestSupport

/// The TLS transport (RFC 5425) against rsyslog's OpenSSL driver, with certificates made by the test:
/// what arrives must be byte-equal, and every refusal must say what to fix, at once.
final class SyslogTLSToRsyslogTests: XCTestCase {
    private let formatter = SyslogFormatter(facility: .local0, hostname: "collector-test", procId: "4242")
    private var pki: TestCertificates!

    override func setUpWithError() throws {
        pki = try TestCertificates()
    }

    override func tearDown() {
        pki = nil
    }

    /// JSON records: every 10th is 4–6 KiB, every 7th carries non-ASCII text.
    private func records(_ count: Int, firstSeq: Int = 0) -> [String] {
        (firstSeq..<firstSeq + count).map { seq in
            let padding = seq % 10 == 0 ? String(repeating: "p", count: 4096 + (seq * 37) % 2048) : "short"
            let text = seq % 7 == 0 ? "Schwachstelle für Größe ≥ 9.8 — 脆弱性 🔥" : "plain ascii"
            return #"{"seq":\#(seq),"msg_class":"aws_inspector_finding","text":"\#(text)","pad":"\#(padding)"}"#
        }
    }

    private func formatted(_ records: [String]) -> [[UInt8]] {
        records.map { formatter.format(severity: .warning, timestamp: Date(), msgId: "aws_inspector_finding",
                                       message: Array($0.utf8)) }
    }

    private func receiver(serverCertificate: String = "server", clientCertificates: Bool = false) throws -> RsyslogReceiver {
        try RsyslogReceiver(udp: false, tls: RsyslogTLSInput(
            caFile: pki.path("ca.pem"), certificateFile: pki.path("\(serverCertificate).pem"),
            keyFile: pki.path("\(serverCertificate).key"), requireClientCertificate: clientCertificates))
    }

    /// Every record arrived once, in order, byte-equal; on failure names the first difference, not 2 MB.
    private func assertArrived(_ sent: [String], at receiver: RsyslogReceiver, timeout: TimeInterval = 10,
                               file: StaticString = #filePath, line: UInt = #line) throws {
        let received = try receiver.waitForMessages(count: sent.count, timeout: timeout).map(\.msg)
        XCTAssertEqual(received.count, sent.count, "messages received", file: file, line: line)
        if let index = zip(received, sent).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            XCTFail("message \(index) differs: got \(received[index].prefix(60))…, sent \(sent[index].prefix(60))…",
                    file: file, line: line)
        }
        if received.count != sent.count { print(receiver.diagnostics()) }
    }

    /// Fails fast: a refusal must not wait for the outage limit.
    private let patientPolicy = ReconnectPolicy(initialDelay: 0.1, maxDelay: 0.3, giveUpAfter: 20)

    /// Sends and expects a refusal; returns the TLS failure after checking nothing counted as delivered.
    private func expectRefusal(_ transport: TLSTransport, receiver: RsyslogReceiver,
                               file: StaticString = #filePath, line: UInt = #line) async throws -> (TLSFailure, String)? {
        let started = ContinuousClock.now
        do {
            try await transport.send(formatted(records(20)))
            XCTFail("the connection must be refused", file: file, line: line)
            return nil
        } catch let error as SyslogSendError {
            XCTAssertEqual(error.delivered, 0, file: file, line: line)
            XCTAssertLessThan(ContinuousClock.now - started, .seconds(5), "a refusal is final: no retrying",
                              file: file, line: line)
            XCTAssertEqual(try receiver.waitForMessages(count: 1, timeout: 0.5).count, 0, file: file, line: line)
            guard case let .tls(host, port, failure) = error.cause else {
                XCTFail("expected a TLS failure, got \(error.cause)", file: file, line: line)
                return nil
            }
            XCTAssertEqual(host, "127.0.0.1", file: file, line: line)
            XCTAssertEqual(port, receiver.tcpPort, file: file, line: line)
            return (failure, error.description)
        }
    }

    func testServerAuthenticatedTLSDeliversEveryMessageOnceAndByteExact() async throws {
        let receiver = try receiver()
        let transport = try TLSTransport(host: "127.0.0.1", port: receiver.tcpPort,
                                         tls: SyslogTLSSettings(caFile: pki.path("ca.pem")))
        XCTAssertNil(transport.maxMessageSize)
        let sent = records(500)
        try await transport.send(formatted(Array(sent[..<250])))
        try await transport.send(formatted(Array(sent[250...])))   // the same session, reused
        await transport.close()
        try assertArrived(sent, at: receiver, timeout: 15)
        let received = try receiver.messages()
        XCTAssertEqual(Set(received.map(\.inputName)), ["imtcp"])
        XCTAssertEqual(Set(received.map(\.severity)), ["warning"])
        XCTAssertEqual(Set(received.map(\.hostname)), ["collector-test"])
    }

    /// server_name sets SNI and the name checked: a DNS name the certificate carries, at an IP address.
    func testServerNameIsTheNameChecked() async throws {
        let receiver = try receiver()
        let transport = try TLSTransport(host: "127.0.0.1", port: receiver.tcpPort,
                                         tls: SyslogTLSSettings(caFile: pki.path("ca.pem"), serverName: "localhost"))
        try await transport.send(formatted(records(5)))
        await transport.close()
        try assertArrived(records(5), at: receiver)
    }

    func testMutualTLSDeliversWithOurClientCertificate() async throws {
        let receiver = try receiver(clientCertificates: true)
        let transport = try TLSTransport(host: "127.0.0.1", port: receiver.tcpPort, tls: SyslogTLSSettings(
            caFile: pki.path("ca.pem"), certificateFile: pki.path("client.pem"), privateKeyFile: pki.path("client.key")))
        let sent = records(100)
        try await transport.send(formatted(sent))
        await transport.close()
        try assertArrived(sent, at: receiver)
    }

    func testMutualTLSWithoutAClientCertificateSaysOneIsRequired() async throws {
        let receiver = try receiver(clientCertificates: true)
        let transport = try TLSTransport(host: "127.0.0.1", port: receiver.tcpPort,
                                         tls: SyslogTLSSettings(caFile: pki.path("ca.pem")), reconnect: patientPolicy)
        guard let (failure, text) = try await expectRefusal(transport, receiver: receiver) else { return }
        guard case .clientCertificateRequired = failure else { return XCTFail("unexpected \(failure)") }
        XCTAssertTrue(text.contains("requires a client certificate"), text)
        XCTAssertTrue(text.contains("cert_file") && text.contains("key_file"), text)
    }

    func testMutualTLSRefusesAClientCertificateFromAnotherCA() async throws {
        let receiver = try receiver(clientCertificates: true)
        let transport = try TLSTransport(host: "127.0.0.1", port: receiver.tcpPort, tls: SyslogTLSSettings(
            caFile: pki.path("ca.pem"), certificateFile: pki.path("rogue-client.pem"),
            privateKeyFile: pki.path("rogue-client.key")), reconnect: patientPolicy)
        guard let (failure, text) = try await expectRefusal(transport, receiver: receiver) else { return }
        guard case .clientCertificateRefused = failure else { return XCTFail("unexpected \(failure)") }
        XCTAssertTrue(text.contains("refused our client certificate"), text)
    }

    func testAServerCertificateFromAnotherCAIsRefusedNamingVerification() async throws {
        let receiver = try receiver(serverCertificate: "rogue-server")
        let transport = try TLSTransport(host: "127.0.0.1", port: receiver.tcpPort,
                                         tls: SyslogTLSSettings(caFile: pki.path("ca.pem")), reconnect: patientPolicy)
        guard let (failure, text) = try await expectRefusal(transport, receiver: receiver) else { return }
        guard case let .certificateRejected(_, reason, _) = failure else { return XCTFail("unexpected \(failure)") }
        XCTAssertEqual(reason, "unable to get local issuer certificate")
        XCTAssertTrue(text.contains("certificate verification failed: unable to get local issuer certificate"), text)
        XCTAssertTrue(text.contains("set ca_file"), text)

        // The same receiver with verification turned off: the operator's explicit choice is honoured.
        let unverified = try TLSTransport(host: "127.0.0.1", port: receiver.tcpPort,
                                          tls: SyslogTLSSettings(verifyPeer: false))
        try await unverified.send(formatted(records(3)))
        await unverified.close()
        try assertArrived(records(3), at: receiver)
    }

    func testAHostnameMismatchIsRefused() async throws {
        let receiver = try receiver()
        let transport = try TLSTransport(host: "127.0.0.1", port: receiver.tcpPort, tls: SyslogTLSSettings(
            caFile: pki.path("ca.pem"), serverName: "wrong.example"), reconnect: patientPolicy)
        guard let (failure, text) = try await expectRefusal(transport, receiver: receiver) else { return }
        guard case let .certificateRejected(_, reason, expectedName) = failure else {
            return XCTFail("unexpected \(failure)")
        }
        XCTAssertEqual(reason, "hostname mismatch")
        XCTAssertEqual(expectedName, "wrong.example")
        XCTAssertTrue(text.contains("does not name 'wrong.example'") && text.contains("server_name"), text)
    }

    func testTLSResumesAfterTheReceiverRestarts() async throws {
        let receiver = try receiver()
        let transport = try TLSTransport(host: "127.0.0.1", port: receiver.tcpPort,
                                         tls: SyslogTLSSettings(caFile: pki.path("ca.pem")),
                                         reconnect: ReconnectPolicy(initialDelay: 0.1, maxDelay: 0.4, giveUpAfter: 15))
        let before = records(100), after = records(200, firstSeq: 100)
        try await sendAcrossAReceiverRestart(transport, receiver: receiver, before: (formatted(before), before),
                                             after: (formatted(after), after))
    }
}
