import AWS
@testable import FindingsCollector
@testable import Simulator
import Foundation
import HTTP
import Synchronization
import XCTest

/// An InspectorSource keeps making progress when the API throttles, fails and cuts pages short at random.
final class InspectorSourceChaosTests: XCTestCase {
    private let http = HTTPClient(settings: HTTPClientSettings(proxy: ""))
    private let newest = Date(timeIntervalSince1970: 1_750_000_000)
    private let credentials = StaticCredentialProvider(
        AWSCredentials(accessKeyId: "AKIACHAOSTEST0000001", secretAccessKey: "chaos-secret", sessionToken: nil))

    override func tearDown() {
        http.shutdown()
    }

    private func source(endpoint: String, transport: (any HTTPTransport)? = nil, clock: VirtualClock,
                        retry: RetryPolicy = .standard) -> InspectorSource {
        let client = AWSServiceClient(transport: transport ?? http, credentials: credentials, region: "us-east-1",
                                      service: "inspector2", endpoint: endpoint, retry: retry,
                                      clock: { clock.now }, sleep: { clock.advance($0) }, random: { 0.5 })
        return InspectorSource(client: client, extraCriteria: nil, maxPages: 10_000)
    }

    func testEveryFindingOfTheWindowIsListedExactlyOnceUnderChaos() async throws {
        let findings = SyntheticFindings(count: 700, newestUpdatedAt: newest, spacing: 10)
        // Leaves findings out at both ends, so a listing that ignored the window would be caught.
        let window = TimeWindow(start: findings.updatedAt(at: 649), end: findings.updatedAt(at: 50))
        let expected = Set((50...649).map(findings.arn(at:)))
        var total = ChaosCounts()
        for seed: UInt64 in [1, 2, 3, 4, 99] {
            let clock = VirtualClock(newest)
            let chaos = SimulatedChaos(seed: seed, throttlePercent: 50, serverErrorPercent: 10, malformedPercent: 5, retryAfter: 0)
            let simulator = try InspectorSimulator(double: InspectorDouble(findings: findings, clock: { clock.now }, chaos: chaos))
            defer { simulator.stop() }
            var arns: [String] = []
            let summary = try await source(endpoint: simulator.endpoint, clock: clock)
                .list(window: window, maxResults: 20) { page in
                    arns += page.findings.compactMap { $0["findingArn"]?.string }
                    return true
                }
            XCTAssertTrue(summary.complete, "seed \(seed)")
            XCTAssertEqual(arns.count, expected.count, "seed \(seed): every finding once, no duplicates")
            XCTAssertEqual(Set(arns), expected, "seed \(seed)")
            let counts = simulator.double.chaosCounts
            total.throttled += counts.throttled
            total.serverErrors += counts.serverErrors
            total.malformed += counts.malformed
        }
        XCTAssertGreaterThan(total.throttled, 100, "the chaos was really there: \(total)")
        XCTAssertGreaterThan(total.serverErrors, 10, "\(total)")
        XCTAssertGreaterThan(total.malformed, 5, "\(total)")
    }

    func testTheSameSeedGivesTheSameFaults() throws {
        let findings = SyntheticFindings(count: 50, newestUpdatedAt: newest)
        let chaos = SimulatedChaos(seed: 7, throttlePercent: 30, serverErrorPercent: 20, malformedPercent: 20)
        let statuses = { (double: InspectorDouble) in
            (0..<40).map { _ in
                double.handle(DoubleRequests.list(["maxResults": 10, "filterCriteria": DoubleRequests.window(0, nil)]))
            }.map { "\($0.status)/\($0.body.count)" }
        }
        let first = InspectorDouble(findings: findings, clock: { DoubleRequests.now }, chaos: chaos)
        let second = InspectorDouble(findings: findings, clock: { DoubleRequests.now }, chaos: chaos)
        XCTAssertEqual(statuses(first), statuses(second))
        XCTAssertEqual(first.chaosCounts, second.chaosCounts)
        let counts = first.chaosCounts
        XCTAssertEqual(counts.throttled + counts.serverErrors + counts.malformed + counts.untouched, 40)
        XCTAssertTrue(counts.throttled > 0 && counts.serverErrors > 0 && counts.malformed > 0, "\(counts)")
    }

    func testAPageCutShortOnEveryAttemptNamesTheBodyNotTheConfiguration() async throws {
        let findings = SyntheticFindings(count: 50, newestUpdatedAt: newest)
        let clock = VirtualClock(newest)
        let chaos = SimulatedChaos(seed: 3, malformedPercent: 100)
        let simulator = try InspectorSimulator(double: InspectorDouble(findings: findings, clock: { clock.now }, chaos: chaos))
        defer { simulator.stop() }
        let window = TimeWindow(start: 0, end: newest.timeIntervalSince1970)
        do {
            _ = try await source(endpoint: simulator.endpoint, clock: clock, retry: RetryPolicy(maxAttempts: 3))
                .list(window: window) { _ in true }
            XCTFail("a page that is never whole cannot be listed")
        } catch {
            let text = "\(error)"
            XCTAssertTrue(text.contains("not valid JSON") && text.contains("at byte"), text)
            XCTAssertFalse(text.contains("endpoint_url"), text)
        }
        XCTAssertEqual(simulator.double.listRequestCount, 3, "retried up to maxAttempts")
    }

    func testSomethingElseAnsweringTheFirstPageIsBlamedOnTheEndpoint() async {
        let html = HTTPResponse(status: 200, body: Array("<html><title>Corporate proxy login</title></html>".utf8))
        let clock = VirtualClock(newest)
        do {
            _ = try await source(endpoint: "http://127.0.0.1:9", transport: FixedAnswer(response: html), clock: clock,
                                 retry: RetryPolicy(maxAttempts: 2))
                .list(window: TimeWindow(start: 0, end: 1)) { _ in true }
            XCTFail("expected an error")
        } catch {
            let text = "\(error)"
            XCTAssertTrue(text.contains("endpoint_url") && text.contains("<html><title>Corporate proxy"), text)
        }
    }
}

/// Time that moves only when the code under test sleeps, so waits cost nothing and are reproducible.
private final class VirtualClock: Sendable {
    private let current: Mutex<Date>
    init(_ start: Date) { current = Mutex(start) }
    var now: Date { current.withLock { $0 } }
    func advance(_ seconds: Double) { current.withLock { $0 += max(0, seconds) } }
}

/// Answers every request with the same response.
private struct FixedAnswer: HTTPTransport {
    let response: HTTPResponse
    func send(_ request: HTTPRequest) async throws -> HTTPResponse { response }
}
