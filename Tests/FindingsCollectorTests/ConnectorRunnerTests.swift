import AWS
@testable import FindingsCollector
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

    private func connector(regions: [String] = ["us-east-1"], maxPages: Int = 1000, criteria: String? = nil) throws -> ConnectorConfig {
        let endpoint = simulator.endpoint
        let extra = criteria.map { ", \"filter_criteria\": \($0)" } ?? ""
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

    /// A runner wired as the runtime wires it, but sleeping no time between retries.
    private func runner(_ connector: ConnectorConfig, transport: any SyslogTransport, regions: [RegionSource]? = nil) throws -> ConnectorRunner {
        let retries = RetryCounter()
        let regions = try regions ?? CollectorRuntime.regionSources(for: connector, http: http, credentials: credentials,
                                                                     environment: [:], retries: retries, log: quiet, sleep: { _ in })
        let encoder = RecordEncoder(mapper: InspectorFindingMapper(stamp: RecordStamp(tenant: "t", connector: connector.name)),
                                    formatter: SyslogFormatter(), maxMessageSize: nil)
        let fixedNow = now
        return ConnectorRunner(connector: connector, regions: regions, encoder: encoder, transport: transport,
                               checkpoints: CheckpointStore(directory: directory.path), retries: retries,
                               logger: quiet, clock: { fixedNow })
    }

    private var checkpoints: CheckpointStore { CheckpointStore(directory: directory.path) }

    func testAWholePassDeliversEveryFindingAndSavesTheWindowEnd() async throws {
        let transport = RecordingTransport()
        let report = try await runner(try connector(), transport: transport).runOnce()
        XCTAssertTrue(report.succeeded, "\(report.failures)")
        XCTAssertEqual(report.stats.pulled, 250)
        XCTAssertEqual(report.stats.sent, 250)
        XCTAssertTrue(report.stats.isBalanced)
        XCTAssertEqual(transport.messages.count, 250)
        XCTAssertEqual(try checkpoints.cursor(connector: "runner", region: "us-east-1"), now.timeIntervalSince1970 - 120)
    }

    func testTheCursorStaysWhenTheDestinationFailsMidWindow() async throws {
        let transport = RecordingTransport()
        transport.failAfter(150)
        let first = try await runner(try connector(), transport: transport).runOnce()
        XCTAssertFalse(first.succeeded)
        XCTAssertEqual(first.stats.sent, 150)
        XCTAssertTrue(first.stats.isBalanced, "\(first.stats)")
        XCTAssertGreaterThan(first.stats.unsent, 0)
        XCTAssertNil(try checkpoints.cursor(connector: "runner", region: "us-east-1"), "cursor must not move past unsent records")

        transport.failAfter(nil)
        let second = try await runner(try connector(), transport: transport).runOnce()
        XCTAssertTrue(second.succeeded)
        XCTAssertEqual(second.stats.sent, 250, "the whole window is pulled again")
        let arns = Set(transport.messages.compactMap { message -> String? in
            let json = Array(message[message.firstIndex(of: UInt8(ascii: "{"))!...])
            return try? JSONValue.parse(json)["normalized"]?["uid"]?.string
        })
        XCTAssertEqual(arns.count, 250, "nothing missing after the failure")
        XCTAssertNotNil(try checkpoints.cursor(connector: "runner", region: "us-east-1"))
    }

    func testThePageBoundStopsWithoutMovingTheCursor() async throws {
        let report = try await runner(try connector(maxPages: 2), transport: RecordingTransport()).runOnce()
        XCTAssertEqual(report.failures.count, 1)
        XCTAssertTrue(report.failures["us-east-1"]?.contains("max_pages") ?? false, "\(report.failures)")
        XCTAssertNil(try checkpoints.cursor(connector: "runner", region: "us-east-1"))
    }

    func testEveryPageOfAListingCarriesTheSameFilter() async throws {
        let criteria = #"{"severity": [{"comparison": "EQUALS", "value": "HIGH"}]}"#
        let report = try await runner(try connector(criteria: criteria), transport: RecordingTransport()).runOnce()
        XCTAssertTrue(report.succeeded, "\(report.failures)")
        let filters = double.receivedFilters
        XCTAssertGreaterThan(filters.count, 1)
        XCTAssertEqual(Set(filters).count, 1, "the filter changed between pages: \(Set(filters))")
        XCTAssertTrue(filters[0].contains("\"severity\"") && filters[0].contains("\"updatedAt\""), filters[0])
        let expectedHigh = (0..<250).filter { double.findings.severity(at: $0) == "HIGH" }.count
        XCTAssertEqual(report.stats.pulled, expectedHigh)
    }

    func testThrottlingIsRetriedAndCounted() async throws {
        double.enqueueFaults([.throttling, .internalError])
        let report = try await runner(try connector(), transport: RecordingTransport()).runOnce()
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
            RegionSource(region: region, source: InspectorSource(
                client: AWSServiceClient(transport: http, credentials: credentials, region: region, service: "inspector2",
                                         endpoint: endpoint), extraCriteria: nil, maxPages: 100))
        }
        let transport = RecordingTransport()
        let report = try await runner(try connector(regions: ["us-east-1", "eu-west-1"]), transport: transport, regions: sources).runOnce()
        XCTAssertEqual(report.stats.sent, 290)
        XCTAssertTrue(report.succeeded, "\(report.failures)")
        XCTAssertNotNil(try checkpoints.cursor(connector: "runner", region: "us-east-1"))
        XCTAssertNotNil(try checkpoints.cursor(connector: "runner", region: "eu-west-1"))
    }
}
