import FindingsCollector
import Foundation
import Simulator
import TestSupport
import XCTest

/// `test-connector` with the real binary against the InsightVM double answering each status.
final class Rapid7TestConnectorTests: XCTestCase {
    private var fixture: Rapid7Fixture!
    private var receiver: LoopbackSyslogReceiver!

    override func setUpWithError() throws {
        fixture = try Rapid7Fixture(assets: 5, findingsPerAsset: 2)
        receiver = try LoopbackSyslogReceiver { _ in }
    }

    override func tearDownWithError() throws {
        receiver.stop()
        fixture.remove()
    }

    private func testConnector(endpoint: String? = nil, key: String = Rapid7Fixture.apiKey) throws -> CollectorProcess.Result {
        try fixture.writeConfig(destination: #"{"protocol": "tcp", "host": "127.0.0.1", "port": \#(receiver.port)}"#,
                                connectors: [fixture.connector("probe", endpoint: endpoint)])
        let result = try CollectorProcess.run(["test-connector", "probe", "--config", fixture.configPath],
                                              environment: [Rapid7Fixture.keyVariable: key], timeout: 30)
        XCTAssertFalse(result.stdout.contains(key) || result.stderr.contains(key), "the key leaked:\n\(result.stdout)\(result.stderr)")
        return result
    }

    func testSuccess() throws {
        let result = try testConnector()
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("assets search (custom): ok"), result.stdout)
        XCTAssertTrue(result.stdout.contains("vulnerabilities search (custom): ok"), result.stdout)
        XCTAssertEqual(result.stdout.split(separator: "\n").last, "Success")
        XCTAssertEqual(fixture.double.assetsRequests, 1)
        XCTAssertEqual(fixture.double.vulnerabilitiesRequests, 1)
    }

    func testEachStatusIsExplainedWithoutRetries() throws {
        let cases: [(Rapid7Fault, String)] = [
            (.status(401, "Unauthorized: \(Rapid7Fixture.apiKey) is not valid"), "invalid, expired or revoked"),
            (.forbidden, "lacks permission for this organization"),
            (.notFound, "wrong region or endpoint"),
            (.status(429, "Too many requests", retryAfter: 1), "rate limiting"),
            (.serverError, "internal error"),
        ]
        for (fault, meaning) in cases {
            fixture.double.resetCounters()
            fixture.double.failAlways(with: fault)
            let result = try testConnector()
            guard case .status(let status, _) = fault.kind else { return XCTFail() }
            XCTAssertNotEqual(result.status, 0, "HTTP \(status)")
            XCTAssertTrue(result.stdout.contains("returned HTTP \(status)"), result.stdout)
            XCTAssertTrue(result.stdout.contains(meaning), result.stdout)
            XCTAssertTrue(result.stdout.contains("Failure:"), result.stdout)
            XCTAssertEqual(fixture.double.assetsRequests, 1, "HTTP \(status) made once")
        }
    }

    func testAWrongKeyIs401() throws {
        let result = try testConnector(key: "not-the-key-123456")
        XCTAssertTrue(result.stdout.contains("returned HTTP 401"), result.stdout)
    }

    func testTLSFailure() throws {
        // https:// to the double's plain-HTTP port: the handshake fails, loopback only.
        let endpoint = fixture.simulator.endpoint.replacingOccurrences(of: "http://", with: "https://")
        let result = try testConnector(endpoint: endpoint)
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stdout.contains("TLS") || result.stdout.contains("cannot reach"), result.stdout)
        XCTAssertEqual(fixture.double.assetsRequests, 0)
    }

    func testConnectionRefused() throws {
        let port = try LoopbackPort.free()
        let result = try testConnector(endpoint: "http://127.0.0.1:\(port)")
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stdout.contains("cannot reach the endpoint"), result.stdout)
    }
}
