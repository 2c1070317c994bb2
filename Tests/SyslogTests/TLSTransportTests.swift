import Foundation
import XCTest
@testable import Syslog
#if canImport(Glibc)
import Glibc
#endif

/// TLS settings validation, the operator-facing error texts, and a peer that never speaks TLS. The
/// handshakes against a real TLS receiver live in IntegrationTests/SyslogTLSToRsyslogTests.
final class TLSTransportTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tls-unit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: directory)
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// A self-signed certificate and its key, made with the openssl CLI; `passphrase` encrypts the key.
    private func makeCertificate(_ name: String, passphrase: String? = nil) throws {
        var arguments = ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-days", "1",
                         "-subj", "/CN=\(name)", "-keyout", path("\(name).key"), "-out", path("\(name).pem")]
        arguments += passphrase.map { ["-passout", "pass:\($0)"] } ?? ["-nodes"]
        let process = Process()
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl") else {
            throw MissingTool(description: "openssl CLI not found at /usr/bin/openssl: run `bash .ci/setup`")
        }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "openssl req for \(name)")
    }

    /// The `.unusableSettings` text `init` throws for `settings`, or a failure when it does not throw.
    private func settingsProblem(_ settings: SyslogTLSSettings, file: StaticString = #filePath,
                                 line: UInt = #line) -> String {
        do {
            _ = try TLSTransport(host: "siem.example", port: 6514, tls: settings)
            XCTFail("init must reject these settings", file: file, line: line)
        } catch let SyslogError.tls(host, port, .unusableSettings(problem)) {
            XCTAssertEqual(host, "siem.example", file: file, line: line)
            XCTAssertEqual(port, 6514, file: file, line: line)
            return problem
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
        }
        return ""
    }

    func testValidSettingsBuildATransport() throws {
        try makeCertificate("client")
        try makeCertificate("ca")
        XCTAssertNoThrow(try TLSTransport(host: "siem.example", tls: SyslogTLSSettings()))   // system store
        XCTAssertNoThrow(try TLSTransport(host: "siem.example", tls: SyslogTLSSettings(
            caFile: path("ca.pem"), certificateFile: path("client.pem"), privateKeyFile: path("client.key"))))
    }

    func testAMissingCAFileIsNamedWithTheReason() {
        let problem = settingsProblem(SyslogTLSSettings(caFile: path("absent.pem")))
        XCTAssertTrue(problem.hasPrefix("ca_file '\(path("absent.pem"))' cannot be read: No such file or directory"),
                      problem)
    }

    func testACAFileWithoutCertificatesIsRejected() throws {
        try "not a certificate\n".write(toFile: path("junk.pem"), atomically: true, encoding: .utf8)
        let problem = settingsProblem(SyslogTLSSettings(caFile: path("junk.pem")))
        XCTAssertTrue(problem.hasPrefix("ca_file '\(path("junk.pem"))' holds no usable PEM CA certificate"), problem)
    }

    func testACertificateNeedsItsKeyAndAKeyItsCertificate() throws {
        try makeCertificate("client")
        XCTAssertEqual(settingsProblem(SyslogTLSSettings(certificateFile: path("client.pem"))),
                       "cert_file is set but key_file is not; a client certificate needs both")
        XCTAssertEqual(settingsProblem(SyslogTLSSettings(privateKeyFile: path("client.key"))),
                       "key_file is set but cert_file is not; a client certificate needs both")
        let missingKey = settingsProblem(SyslogTLSSettings(certificateFile: path("client.pem"),
                                                           privateKeyFile: path("absent.key")))
        XCTAssertTrue(missingKey.hasPrefix("key_file '\(path("absent.key"))' cannot be read"), missingKey)
    }

    func testAKeyOfAnotherCertificateIsRejected() throws {
        try makeCertificate("client")
        try makeCertificate("other")
        let problem = settingsProblem(SyslogTLSSettings(certificateFile: path("client.pem"),
                                                        privateKeyFile: path("other.key")))
        XCTAssertEqual(problem, "key_file '\(path("other.key"))' does not belong to the certificate in "
                       + "cert_file '\(path("client.pem"))'")
    }

    /// An encrypted key must fail with advice, never stop the daemon at a passphrase prompt.
    func testAnEncryptedKeyFailsInsteadOfPrompting() throws {
        try makeCertificate("locked", passphrase: "correct horse")
        let problem = settingsProblem(SyslogTLSSettings(certificateFile: path("locked.pem"),
                                                        privateKeyFile: path("locked.key")))
        XCTAssertTrue(problem.contains("holds no usable PEM private key"), problem)
        XCTAssertTrue(problem.contains("an encrypted key is not supported"), problem)
        XCTAssertFalse(problem.contains("correct horse"))
    }

    func testVerificationFailuresAdviseByKind() {
        let mismatch = SyslogError.tls(host: "10.0.0.5", port: 6514, failure: .certificateRejected(
            code: 62, reason: "hostname mismatch", expectedName: "siem.example")).description
        XCTAssertEqual(mismatch, "TLS to syslog destination 10.0.0.5:6514: certificate verification failed: "
                       + "hostname mismatch; the receiver's certificate does not name 'siem.example': connect "
                       + "with a name the certificate carries, or set server_name to it")
        let untrusted = TLSFailure.certificateRejected(code: 20, reason: "unable to get local issuer certificate",
                                                       expectedName: "siem.example").description
        XCTAssertTrue(untrusted.contains("set ca_file to the CA that signed the receiver's certificate"), untrusted)
        XCTAssertTrue(untrusted.contains("server_name"), untrusted)
    }

    func testOnlyFailuresAnOperatorMustFixAreFinal() {
        XCTAssertTrue(TLSFailure.certificateRejected(code: 10, reason: "certificate has expired", expectedName: "h").isPermanent)
        XCTAssertTrue(TLSFailure.clientCertificateRequired(detail: "closed").isPermanent)
        XCTAssertTrue(TLSFailure.clientCertificateRefused(detail: "alert unknown ca").isPermanent)
        XCTAssertTrue(TLSFailure.handshakeFailed(detail: "wrong version number", permanent: true).isPermanent)
        XCTAssertFalse(TLSFailure.handshakeFailed(detail: "connection reset", permanent: false).isPermanent)
        XCTAssertFalse(TLSFailure.handshakeTimedOut(seconds: 5).isPermanent)
    }

    func testIPLiteralsAreCheckedAsAddresses() {
        XCTAssertTrue(TLSConnection.isIPAddress("127.0.0.1"))
        XCTAssertTrue(TLSConnection.isIPAddress("::1"))
        XCTAssertFalse(TLSConnection.isIPAddress("localhost"))
        XCTAssertFalse(TLSConnection.isIPAddress("10.0.0.5.example"))
    }

    /// A plain TCP port that accepts but never answers a ClientHello: the handshake times out, is retried
    /// as a transient failure, and the outage ends with the TLS hint in the last error.
    func testAPeerThatNeverSpeaksTLSTimesOutAndGivesUp() async throws {
        let listener = socket(AF_INET6, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        address.sin6_addr = in6addr_loopback
        var length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        let listening = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && getsockname(listener, $0, &length) == 0 && listen(listener, 8) == 0
            }
        }
        XCTAssertTrue(listening, "cannot listen on [::1]: errno \(errno)")
        let port = Int(UInt16(bigEndian: address.sin6_port))
        let transport = try TLSTransport(host: "::1", port: port, tls: SyslogTLSSettings(verifyPeer: false),
                                         connectTimeout: 0.3,
                                         reconnect: ReconnectPolicy(initialDelay: 0.05, maxDelay: 0.1, giveUpAfter: 0.5))
        let started = ContinuousClock.now
        do {
            try await transport.send([Array("<14>1 - h app - - - hello".utf8)])
            XCTFail("a peer that never answers must not count as delivered")
        } catch let error as SyslogSendError {
            XCTAssertEqual(error.delivered, 0)
            guard case let .unreachable("::1", reportedPort, detail) = error.cause else {
                return XCTFail("unexpected cause \(error.cause)")
            }
            XCTAssertEqual(reportedPort, port)
            XCTAssertTrue(detail.contains("no TLS handshake answer within 0.3 s"), detail)
            XCTAssertTrue(detail.contains("speaks TLS on this port"), detail)
        }
        XCTAssertLessThan(ContinuousClock.now - started, .seconds(3))
    }
}

private struct MissingTool: Error, CustomStringConvertible {
    let description: String
}
