@testable import FindingsCollector
import JSONBytes
import XCTest

final class CapacityReaderTests: XCTestCase {
    private func read(_ json: String) throws -> (DestinationCapacity, [String]) {
        let problems = ProblemCollector()
        let reader = ConfigReader(path: "destinations.siem.capacity", value: try JSONValue.parse(Array(json.utf8)), problems: problems)
        let capacity = CapacityReader.read(reader)
        return (capacity, problems.problems.map(\.description))
    }

    func testAFullSectionIsReadAsWritten() throws {
        let (capacity, problems) = try read(#"""
            {"events_per_second": 500, "burst": 1000, "max_queued_records": 20000,
             "max_queued_bytes": 1048576, "policy": "defer"}
            """#)
        XCTAssertEqual(problems, [])
        XCTAssertEqual(capacity, DestinationCapacity(eventsPerSecond: 500, burst: 1000, maxQueuedRecords: 20_000,
                                                     maxQueuedBytes: 1_048_576, policy: .defer))
    }

    func testAnEmptySectionMeansTheDefaults() throws {
        let (capacity, problems) = try read("{}")
        XCTAssertEqual(problems, [])
        XCTAssertEqual(capacity, DestinationCapacity())
        XCTAssertNil(capacity.eventsPerSecond)
        XCTAssertEqual(capacity.maxQueuedRecords, 10_000)
        XCTAssertEqual(capacity.maxQueuedBytes, 16_777_216)
        XCTAssertEqual(capacity.policy, .block, "shedding only where the operator asks for it")
    }

    func testARateWithoutBurstGetsOneSecondOfBurst() throws {
        let (capacity, problems) = try read(#"{"events_per_second": 12.5, "policy": "block"}"#)
        XCTAssertEqual(problems, [])
        XCTAssertEqual(capacity.eventsPerSecond, 12.5)
        XCTAssertEqual(capacity.burst, 13)
        XCTAssertEqual(capacity.policy, .block)
    }

    func testEveryProblemIsReportedWithItsKeyPath() throws {
        let (_, problems) = try read(#"""
            {"events_per_second": 0, "max_queued_records": 0, "max_queued_bytes": 100, "policy": "drop", "polcy": 1}
            """#)
        XCTAssertEqual(problems.sorted(), [
            "destinations.siem.capacity.events_per_second: must be more than 0; leave it out for no rate limit",
            "destinations.siem.capacity.max_queued_bytes: must be between 65536 and 17179869184, got 100",
            "destinations.siem.capacity.max_queued_records: must be between 1 and 10000000, got 0",
            "destinations.siem.capacity.polcy: unknown key; did you mean \"policy\"?",
            "destinations.siem.capacity.policy: unknown value \"drop\"; use one of: shed, defer, block",
        ])
    }

    func testWrongTypesAndNegativeRatesAreRejected() throws {
        let (_, problems) = try read(#"{"events_per_second": -3, "burst": 1.5, "max_queued_records": "many"}"#)
        XCTAssertEqual(problems.sorted(), [
            "destinations.siem.capacity.burst: must be a whole number",
            "destinations.siem.capacity.events_per_second: must be between 0.0 and 1000000.0, got -3.0",
            "destinations.siem.capacity.max_queued_records: must be a whole number",
        ])
    }

    func testABurstWithoutARateIsAMistake() throws {
        let (_, problems) = try read(#"{"burst": 100}"#)
        XCTAssertEqual(problems, [
            "destinations.siem.capacity.burst: only used with events_per_second (the token bucket's refill rate); set both or neither",
        ])
    }
}
