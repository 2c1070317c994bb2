import AWS
@testable import FindingsCollector
@testable import Simulator
import Foundation
import HTTP
import JSONBytes
import XCTest

/// Partitions must be exact: their union is the unpartitioned listing, no finding missing, none twice.
final class ListingPartitionsTests: XCTestCase {
    private let now = Date()
    private let http = HTTPClient(settings: HTTPClientSettings(proxy: ""))
    private var simulator: InspectorSimulator!

    override func setUpWithError() throws {
        let findings = SyntheticFindings(count: 1200, newestUpdatedAt: now.addingTimeInterval(-600), spacing: 10,
                                         accountIds: ["111111111111", "222222222222", "333333333333"])
        simulator = try InspectorSimulator(double: InspectorDouble(findings: findings))
    }

    override func tearDownWithError() throws {
        simulator.stop()
        http.shutdown()
    }

    private var source: InspectorSource {
        let credentials = StaticCredentialProvider(AWSCredentials(accessKeyId: "AKIAPARTITIONS000001", secretAccessKey: "x"))
        return InspectorSource(client: AWSServiceClient(transport: http, credentials: credentials, region: "us-east-1",
                                                        service: "inspector2", endpoint: simulator.endpoint),
                               extraCriteria: nil, maxPages: 1000)
    }

    private var window: TimeWindow { TimeWindow(start: now.timeIntervalSince1970 - 86_400, end: now.timeIntervalSince1970) }

    private func arns(criteria: JSONValue?) async throws -> [String] {
        var found: [String] = []
        _ = try await source.list(window: window, criteria: criteria) { page in
            found += page.findings.compactMap { $0["findingArn"]?.string }
            return true
        }
        return found
    }

    private func assertUnionIsTheWholeListing(_ dimensions: [(ListingPartitions.Dimension, [String])], base: JSONValue? = nil,
                                              file: StaticString = #filePath, line: UInt = #line) async throws {
        let whole = try await arns(criteria: base)
        var union: [String] = []
        for criteria in ListingPartitions.criteria(splitting: dimensions, base: base) {
            union += try await arns(criteria: criteria)
        }
        XCTAssertGreaterThan(whole.count, 0, file: file, line: line)
        XCTAssertEqual(union.count, whole.count, "a finding missing or listed twice", file: file, line: line)
        XCTAssertEqual(Set(union), Set(whole), file: file, line: line)
        XCTAssertEqual(Set(union).count, union.count, "a finding listed in two partitions", file: file, line: line)
    }

    func testSeverityPartitionsAreExact() async throws {
        try await assertUnionIsTheWholeListing([(.severity, ListingPartitions.Dimension.severity.knownValues)])
    }

    func testTheOtherSliceCatchesValuesNotListed() async throws {
        // As if the model knew only two severities: the "other" slice must carry the rest.
        try await assertUnionIsTheWholeListing([(.severity, ["HIGH", "CRITICAL"])])
    }

    func testCrossProductOfSeverityResourceTypeAndAccountIsExact() async throws {
        try await assertUnionIsTheWholeListing([
            (.severity, ListingPartitions.Dimension.severity.knownValues),
            (.resourceType, ListingPartitions.Dimension.resourceType.knownValues),
            (.awsAccountId, ["111111111111", "222222222222"]),
        ])
    }

    func testPartitionsKeepTheOperatorsFilterCriteria() async throws {
        let base = try JSONValue.parse(Array(#"{"findingStatus": [{"comparison": "EQUALS", "value": "ACTIVE"}]}"#.utf8))
        try await assertUnionIsTheWholeListing([(.findingType, ListingPartitions.Dimension.findingType.knownValues)], base: base)
    }

    func testAdaptiveConcurrencyHalvesOnThrottlingAndGrowsBack() async {
        let limiter = AdaptiveConcurrency(maximum: 8)
        limiter.noteThrottled()
        XCTAssertEqual(limiter.limit, 4)
        limiter.noteThrottled()
        limiter.noteThrottled()
        limiter.noteThrottled()
        XCTAssertEqual(limiter.limit, 1, "never below one")
        for _ in 0..<(AdaptiveConcurrency.growthRun * 3) { limiter.noteSuccess() }
        XCTAssertEqual(limiter.limit, 4)
        for _ in 0..<(AdaptiveConcurrency.growthRun * 10) { limiter.noteSuccess() }
        XCTAssertEqual(limiter.limit, 8, "never above the maximum")
    }

    func testAdaptiveConcurrencyNeverLetsMoreThanTheLimitRun() async {
        let limiter = AdaptiveConcurrency(maximum: 3)
        let running = Counter()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    await limiter.acquire()
                    await running.enter()
                    try? await Task.sleep(nanoseconds: 2_000_000)
                    await running.leave()
                    limiter.release()
                }
            }
        }
        let peak = await running.peak
        XCTAssertEqual(peak, 3)
    }
}

private actor Counter {
    var current = 0
    var peak = 0
    func enter() {
        current += 1
        peak = max(peak, current)
    }
    func leave() { current -= 1 }
}
