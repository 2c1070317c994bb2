import AWS
@testable import FindingsCollector
@testable import Simulator
import Foundation
import HTTP
import JSONBytes
import Synchronization
import Syslog
import XCTest

/// A destination that records what it was given and can be told to fail after N messages.
final class RecordingTransport: SyslogTransport {
    private let state = Mutex<(messages: [[UInt8]], failAfter: Int?)>(([], nil))
    let maxMessageSize: Int? = nil

    func failAfter(_ count: Int?) { state.withLock { $0.failAfter = count } }
    var messages: [[UInt8]] { state.withLock { $0.messages } }

    func send(_ messages: [[UInt8]]) async throws {
        try state.withLock { state in
            for (index, message) in messages.enumerated() {
                if let limit = state.failAfter, state.messages.count >= limit {
                    throw SyslogSendError(delivered: index, cause: .unreachable(host: "test", port: 1, detail: "down"))
                }
                state.messages.append(message)
            }
        }
    }

    /// A recording receiver holds what it took at once.
    func receipt() async -> DeliveryReceipt { DeliveryReceipt(confirmed: messages.count) }
    func confirmAll(within seconds: Double) async -> DeliveryReceipt { await receipt() }

    func close() async {}
}

final class ConnectorRunnerTests: XCTestCase {
    private let now = Date()
    private var directory: URL!
    private var simulator: InspectorSimulator!
    private var double: InspectorDouble!
    private let http = HTTPClient(settings: HTTPClientSettings(proxy: ""))

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("runner-\(UUID().uuidString)")
        double = InspectorDouble(findings: SyntheticFindings(count: 250, newestUpdatedAt: now.addingTimeInterval(-600), spacing: 60),
                                 emptyPagesBeforeData: 1)
        simulator = try InspectorSimulator(double: double)
    }

    override func tearDownWithError() throws {
        simulator.stop()
        http.shutdown()
        try? FileManager.default.removeItem(at: directory)
    }

    private func connector(regions: [String] = ["us-east-1"], maxPages: Int = 1000, criteria: String? = nil,
                           lookbackHours: Double? = nil) throws -> ConnectorConfig {
        let endpoint = simulator.endpoint
        let extra = (criteria.map { ", \"filter_criteria\": \($0)" } ?? "")
            + (lookbackHours.map { ", \"initial_lookback_hours\": \($0)" } ?? "")
        let json = """
        {"destinations": {"d": {"protocol": "tcp", "host": "127.0.0.1", "port": 1}},
         "connectors": [{"name": "runner", "type": "aws_inspector", "tenant": "t", "destination": "d",
           "regions": \(regions), "max_pages": \(maxPages)\(extra), "endpoint_url": "\(endpoint)",
           "auth": {"method": "access_key", "access_key_id": "AKIARUNNERTEST000001", "secret_access_key": "x"}}]}
        """.replacingOccurrences(of: "[\"", with: "[\"")
        return try ConfigLoader.parse(Array(json.utf8)).connectors[0]
    }

    private let credentials = StaticCredentialProvider(AWSCredentials(accessKeyId: "AKIARUNNERTEST000001", secretAccessKey: "x"))
    private let quiet = Logger(minimum: .error, write: { _ in })
    /// The runner's warnings and errors, for tests of what the operator is told.
    private let logged = LogLines()
    private var logger: Logger {
        let logged = self.logged
        return Logger(minimum: .warning, environment: [:], write: { line in logged.lines.withLock { $0.append(line) } })
    }

    /// A runner wired as the runtime wires it, but sleeping no time between retries. Its destination queue's
    /// sender runs for the duration of `body`.
    private func withRunner(_ connector: ConnectorConfig, transport: any SyslogTransport, sources: [any FindingSource]? = nil,
                            capacity: DestinationCapacity = DestinationCapacity(),
                            _ body: (ConnectorRunner) async throws -> Void) async throws {
        let queue = DestinationQueue(name: "d", capacity: capacity, transport: transport, logger: quiet)
        let runner = try runner(connector, queue: queue, sources: sources)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await queue.run() }
            try await body(runner)
            group.cancelAll()
        }
    }

    private func runner(_ connector: ConnectorConfig, queue: DestinationQueue,
                        sources: [any FindingSource]? = nil) throws -> ConnectorRunner {
        let retries = RetryCounter()
        let sources = try sources ?? inspectorSources(connector, http: http, retries: retries)
        let encoder = RecordEncoder(mapper: InspectorFindingMapper(stamp: RecordStamp(tenant: "t", connector: connector.name)),
                                    formatter: SyslogFormatter(), maxMessageSize: nil)
        let fixedNow = now
        return ConnectorRunner(connector: connector, sources: sources, encoder: encoder, destination: queue,
                               checkpoints: CheckpointStore(directory: directory.path), retries: retries,
                               logger: logger, clock: { fixedNow })
    }

    /// The connector's sources as the runtime wires them, without waiting between retries.
    private func inspectorSources(_ connector: ConnectorConfig, http: any HTTPTransport,
                                  retries: RetryCounter = RetryCounter()) throws -> [any FindingSource] {
        try InspectorKind.sources(for: connector, credentials: credentials,
                                  SourceContext(http: http, metadata: http, environment: [:], index: 0, retries: retries,
                                                log: quiet, sleep: { _ in }))
    }

    private var checkpoints: CheckpointStore { CheckpointStore(directory: directory.path) }
    private var windowEnd: Double { now.timeIntervalSince1970 - 120 }

    /// One pass of a freshly wired runner.
    private func pass(_ connector: ConnectorConfig, transport: any SyslogTransport = RecordingTransport(),
                      sources: [any FindingSource]? = nil, capacity: DestinationCapacity = DestinationCapacity()) async throws -> PassReport {
        var report = PassReport()
        try await withRunner(connector, transport: transport, sources: sources, capacity: capacity) { report = await $0.runOnce() }
        return report
    }

    private func uids(_ messages: [[UInt8]]) -> [String] {
        messages.compactMap { message in
            let json = Array(message[message.firstIndex(of: UInt8(ascii: "{"))!...])
            return try? JSONValue.parse(json)["normalized"]?["uid"]?.string
        }
    }

    func testAWholePassDeliversEveryFindingAndSavesTheWindowEnd() async throws {
        let transport = RecordingTransport()
        let report = try await pass(try connector(), transport: transport)
        XCTAssertTrue(report.succeeded, "\(report.failures)")
        XCTAssertEqual(report.stats.pulled - report.stats.duplicates, 250, "a finding on a sub-window bound is listed twice, sent once")
        XCTAssertEqual(report.stats.sent, 250)
        XCTAssertTrue(report.stats.isBalanced)
        XCTAssertEqual(transport.messages.count, 250)
        XCTAssertEqual(try checkpoints.cursor(connector: "runner", region: "us-east-1"), windowEnd)
    }

    func testRecordsWaitWhileTheDestinationIsDownAndTheCursorFollowsDelivery() async throws {
        let transport = RecordingTransport()
        transport.failAfter(150)
        let connector = try connector()
        try await withRunner(connector, transport: transport) { runner in
            try await withThrowingTaskGroup(of: PassReport.self) { group in
                group.addTask { await runner.runOnce() }
                while transport.messages.count < 150 { try await Task.sleep(nanoseconds: 10_000_000) }
                try await Task.sleep(nanoseconds: 300_000_000)
                let pinned = try checkpoints.cursor(connector: "runner", region: "us-east-1")
                XCTAssertNotNil(pinned)
                XCTAssertLessThan(pinned ?? .infinity, windowEnd, "the cursor must not move past unsent records")
                transport.failAfter(nil)   // the receiver is back
                let report = try await group.next()!
                XCTAssertTrue(report.succeeded, "\(report.failures)")
                XCTAssertEqual(report.stats.sent, 250)
                XCTAssertTrue(report.stats.isBalanced, "\(report.stats)")
            }
        }
        XCTAssertEqual(Set(uids(transport.messages)).count, 250, "nothing missing")
        XCTAssertEqual(transport.messages.count, 250, "what the destination took is not offered again")
        XCTAssertEqual(try checkpoints.cursor(connector: "runner", region: "us-east-1"), windowEnd)
    }

    func testAnInterruptedWindowIsResumedWithoutDuplicates() async throws {
        // First pass stopped (defer policy, tiny queue) after part of the window; the second pass pulls the same
        // window again and must send only what is missing.
        let transport = RecordingTransport()
        let tight = DestinationCapacity(eventsPerSecond: 400, burst: 10, maxQueuedRecords: 40, policy: .defer)
        let first = try await pass(try connector(), transport: transport, capacity: tight)
        XCTAssertFalse(first.succeeded)
        XCTAssertGreaterThan(first.stats.deferred, 0)
        XCTAssertTrue(first.stats.isBalanced, "\(first.stats)")
        let afterFirst = transport.messages.count
        XCTAssertLessThan(afterFirst, 250)
        let second = try await pass(try connector(), transport: transport)
        XCTAssertTrue(second.succeeded, "\(second.failures)")
        // At least what the first pass delivered (plus any finding on a sub-window bound, listed twice).
        XCTAssertGreaterThanOrEqual(second.stats.duplicates, afterFirst, "what the first pass delivered is suppressed")
        XCTAssertEqual(Set(uids(transport.messages)).count, 250)
        XCTAssertEqual(transport.messages.count, 250, "nothing twice")
    }

    func testBlockPolicyHoldsTheListingBackUntilThereIsRoom() async throws {
        let transport = RecordingTransport()
        let tight = DestinationCapacity(eventsPerSecond: 2000, burst: 10, maxQueuedRecords: 15, policy: .block)
        let report = try await pass(try connector(), transport: transport, capacity: tight)
        XCTAssertTrue(report.succeeded, "\(report.failures)")
        XCTAssertEqual(report.stats.sent, 250, "back-pressure: nothing shed, nothing deferred")
        XCTAssertEqual(report.stats.shed + report.stats.deferred, 0)
        XCTAssertEqual(Set(uids(transport.messages)).count, 250)
    }

    func testShedPolicyCountsEverySheddedRecordBySeverity() async throws {
        let transport = RecordingTransport()
        let tight = DestinationCapacity(eventsPerSecond: 500, burst: 5, maxQueuedRecords: 30, policy: .shed)
        let report = try await pass(try connector(), transport: transport, capacity: tight)
        XCTAssertTrue(report.succeeded, "\(report.failures)")
        XCTAssertGreaterThan(report.stats.shed, 0)
        XCTAssertTrue(report.stats.isBalanced, "\(report.stats)")
        XCTAssertEqual(transport.messages.count, report.stats.sent)
        XCTAssertEqual(try checkpoints.cursor(connector: "runner", region: "us-east-1"), windowEnd,
                       "shed records are accounted for: the window completes")
        let warnings = logged.lines.withLock { $0 }.filter { $0.contains("records shed by the destination's capacity") }
        XCTAssertFalse(warnings.isEmpty, "shedding is never silent")
        XCTAssertEqual(warnings.compactMap { $0.split(separator: " ").first { $0.hasPrefix("shed=") } }
                           .compactMap { Int($0.dropFirst(5)) }.reduce(0, +), report.stats.shed, "the warnings add up to what was shed")
    }

    func testAPassThatFailsHalfWayKeepsTheSubWindowsItDelivered() async throws {
        // 250 findings over the last ~4 h of a 5 h window: sub-windows of 1 h (an empty page, then 20 findings),
        // 2 h (empty, 100, 20) and the rest; the API goes away at the sixth call, inside the last sub-window.
        let transport = RecordingTransport()
        let connector = try connector(lookbackHours: 5)
        let failing = FailingAfter(calls: 5, inner: http)
        let first = try await pass(connector, transport: transport, sources: try inspectorSources(connector, http: failing))
        XCTAssertFalse(first.succeeded)
        let cursor = try XCTUnwrap(try checkpoints.cursor(connector: "runner", region: "us-east-1"))
        XCTAssertGreaterThan(cursor, windowEnd - 5 * 3600 + 3600, "the delivered sub-windows' progress was saved")
        XCTAssertLessThan(cursor, windowEnd)
        let second = try await pass(connector, transport: transport)
        XCTAssertTrue(second.succeeded, "\(second.failures)")
        XCTAssertEqual(first.stats.sent + second.stats.sent, 250)
        XCTAssertLessThan(second.stats.pulled, 200, "the next pass resumes after what was delivered, not at the window start")
        XCTAssertEqual(Set(uids(transport.messages)).count, 250)
        XCTAssertEqual(transport.messages.count, 250, "nothing twice")
    }

    func testThePageBoundStopsWithoutMovingTheCursorPastTheWindowStart() async throws {
        let report = try await pass(try connector(maxPages: 2))
        XCTAssertEqual(report.failures.count, 1)
        XCTAssertTrue(report.failures["us-east-1"]?.contains("max_pages") ?? false, "\(report.failures)")
        XCTAssertLessThan(try checkpoints.cursor(connector: "runner", region: "us-east-1") ?? .infinity, windowEnd)
    }

    func testEveryPageOfAListingCarriesTheSameFilter() async throws {
        let criteria = #"{"severity": [{"comparison": "EQUALS", "value": "HIGH"}]}"#
        let report = try await pass(try connector(criteria: criteria))
        XCTAssertTrue(report.succeeded, "\(report.failures)")
        let filters = double.receivedFilters
        XCTAssertGreaterThan(filters.count, 1)
        // Sub-windows list different spans of updatedAt; everything else stays the same on every page.
        let withoutSpan = Set(filters.map { try? withoutUpdatedAt($0) })
        XCTAssertEqual(withoutSpan.count, 1, "the filter changed between pages: \(withoutSpan)")
        XCTAssertTrue(filters[0].contains("\"severity\"") && filters[0].contains("\"updatedAt\""), filters[0])
        let expectedHigh = (0..<250).filter { double.findings.severity(at: $0) == "HIGH" }.count
        XCTAssertEqual(report.stats.pulled, expectedHigh)
    }

    private func withoutUpdatedAt(_ filter: String) throws -> NSDictionary {
        let object = try JSONSerialization.jsonObject(with: Data(filter.utf8)) as! NSDictionary
        let copy = object.mutableCopy() as! NSMutableDictionary
        copy.removeObject(forKey: "updatedAt")
        return copy
    }

    func testThrottlingIsRetriedAndCounted() async throws {
        double.enqueueFaults([.throttling, .internalError])
        let report = try await pass(try connector())
        XCTAssertTrue(report.succeeded, "\(report.failures)")
        XCTAssertEqual(report.stats.apiRetries, 2)
        XCTAssertEqual(report.stats.sent, 250)
    }

    func testEachRegionHasItsOwnCursor() async throws {
        // Inspector2 is regional: each region has its own endpoint, so the second region gets its own double.
        let europe = try InspectorSimulator(double: InspectorDouble(findings: SyntheticFindings(
            count: 40, newestUpdatedAt: now.addingTimeInterval(-600), region: "eu-west-1")))
        defer { europe.stop() }
        let sources = [("us-east-1", simulator.endpoint), ("eu-west-1", europe.endpoint)].map { region, endpoint in
            InspectorSource(client: AWSServiceClient(transport: http, credentials: credentials, region: region,
                                                     service: "inspector2", endpoint: endpoint),
                            extraCriteria: nil, maxPages: 100, settleSeconds: 120)
        }
        let report = try await pass(try connector(regions: ["us-east-1", "eu-west-1"]), sources: sources)
        XCTAssertEqual(report.stats.sent, 290)
        XCTAssertTrue(report.succeeded, "\(report.failures)")
        XCTAssertEqual(try checkpoints.cursor(connector: "runner", region: "us-east-1"), windowEnd)
        XCTAssertEqual(try checkpoints.cursor(connector: "runner", region: "eu-west-1"), windowEnd)
    }
}

/// Log lines a test logger wrote.
final class LogLines: Sendable {
    let lines = Mutex<[String]>([])
}

/// Passes the first `calls` requests on, then answers every one with 403 AccessDenied (not retried).
final class FailingAfter: HTTPTransport {
    private let remaining: Mutex<Int>
    private let inner: any HTTPTransport

    init(calls: Int, inner: any HTTPTransport) {
        remaining = Mutex(calls)
        self.inner = inner
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let allowed = remaining.withLock { left in
            left -= 1
            return left >= 0
        }
        return allowed ? try await inner.send(request) : SimulatedFault.accessDenied.response()
    }
}
