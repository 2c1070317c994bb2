@testable import FindingsCollector
import Foundation
import HTTP
@testable import Simulator
import XCTest

final class Rapid7CheckTests: XCTestCase {
    private let key = Rapid7TestData.apiKey

    private func check(_ transport: any HTTPTransport, apiKey: SecretSource? = nil,
                       environment: [String: String] = [:]) async -> [CheckStep] {
        var settings = Rapid7TestData.settings()
        if let apiKey { settings.apiKey = apiKey }
        return await Rapid7Check(settings: settings, keyPath: "connectors[0].auth.api_key", http: transport,
                                 environment: environment).run()
    }

    private func text(_ steps: [CheckStep]) -> String { CheckReport(steps: steps).text }

    func testAllGood() async {
        let double = Rapid7TestData.double(assets: 7)
        let steps = await check(Rapid7DoubleTransport(double), apiKey: .environment(variable: "R7"), environment: ["R7": key])
        XCTAssertEqual(steps.map(\.name), ["api key", "assets search (custom)", "vulnerabilities search (custom)"])
        XCTAssertFalse(steps.contains { $0.failed }, text(steps))
        XCTAssertTrue(text(steps).contains("7 asset(s) match"), text(steps))
        XCTAssertTrue(text(steps).contains("environment variable R7"), text(steps))
        XCTAssertEqual(double.assetsRequests, 1)
        XCTAssertEqual(double.vulnerabilitiesRequests, 1)
        XCTAssertEqual(double.received.first?.query["size"], "1")
        XCTAssertFalse(text(steps).contains(key))
    }

    func testMissingKey() async {
        let steps = await check(Rapid7DoubleTransport(Rapid7TestData.double()), apiKey: .environment(variable: "NOPE"))
        XCTAssertEqual(steps.count, 1)
        XCTAssertTrue(steps[0].failed)
        XCTAssertTrue(text(steps).contains("environment variable NOPE is not set"), text(steps))
    }

    /// Each status, once, without retries, explained — and the key nowhere, even when the answer echoes it.
    func testEachStatusIsExplainedOnceWithoutTheKey() async {
        let cases: [(Rapid7Fault, String)] = [
            (.status(401, "Unauthorized for key \(key)"), "invalid, expired or revoked"),
            (.status(403, "Forbidden: key \(key) has no access"), "lacks permission for this organization"),
            (.notFound, "wrong region or endpoint"),
            (.status(429, "Too many requests", retryAfter: 1), "rate limiting"),
            (.serverError, "internal error"),
            (.status(400, "Your query string format is not valid."), "asset_filter"),
        ]
        for (fault, meaning) in cases {
            let double = Rapid7TestData.double()
            double.failAlways(with: fault)
            let steps = await check(Rapid7DoubleTransport(double), apiKey: .inline(key))
            let report = text(steps)
            guard case .status(let status, _) = fault.kind else { return XCTFail() }
            XCTAssertEqual(steps.last?.name, "assets search (custom)", report)
            XCTAssertTrue(steps.last?.failed == true, report)
            XCTAssertTrue(report.contains("returned HTTP \(status)"), report)
            XCTAssertTrue(report.contains(meaning), report)
            XCTAssertTrue(report.contains("Rapid7 message:"), report)
            XCTAssertFalse(report.contains(key), "the key leaked:\n\(report)")
            XCTAssertEqual(double.assetsRequests, 1, "HTTP \(status) was retried")
            XCTAssertEqual(double.vulnerabilitiesRequests, 0)
        }
    }

    func testAWrongKeyIs401() async {
        let steps = await check(Rapid7DoubleTransport(Rapid7TestData.double()), apiKey: .inline("wrong-key-0000"))
        XCTAssertTrue(text(steps).contains("HTTP 401"), text(steps))
        XCTAssertFalse(text(steps).contains("wrong-key-0000"))
    }

    func testTheVulnerabilitiesStepFailsOnItsOwn() async {
        let double = Rapid7TestData.double()
        double.failAlways(with: .status(403, "no vulnerability access", endpoint: .vulnerabilities))
        let steps = await check(Rapid7DoubleTransport(double))
        XCTAssertEqual(steps.map(\.failed), [false, false, true], text(steps))
        XCTAssertTrue(text(steps).contains("POST /vm/v4/integration/vulnerabilities returned HTTP 403"), text(steps))
    }

    func testDNSAndTLSFailures() async {
        var steps = await check(Rapid7DoubleTransport(failing: .couldNotResolve(host: "mars.api.insight.rapid7.com")))
        XCTAssertTrue(text(steps).contains("cannot resolve the API host"), text(steps))
        XCTAssertTrue(text(steps).contains("us, us2, us3, eu, ca, au, ap"), text(steps))
        steps = await check(Rapid7DoubleTransport(failing: .tlsVerificationFailed(host: "proxy", detail: "self-signed certificate")))
        XCTAssertTrue(text(steps).contains("TLS failed"), text(steps))
        XCTAssertTrue(text(steps).contains("ca_file"), text(steps))
        XCTAssertFalse(text(steps).contains(key))
    }
}
