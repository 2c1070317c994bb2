@testable import FindingsCollector
@testable import Simulator
import Foundation
import JSONBytes
import Syslog
import XCTest

/// A page's findings share one collection time, so their syslog headers are formatted once per severity:
/// every message must still be byte for byte what encoding each finding on its own gives.
final class PageEncoderTests: XCTestCase {
    private func encoder(maxMessageSize: Int?, filters: [LogFilter]) -> RecordEncoder {
        RecordEncoder(mapper: InspectorFindingMapper(stamp: RecordStamp(tenant: "t", connector: "c")),
                      formatter: SyslogFormatter(facility: .local3, hostname: "host", procId: "7"),
                      maxMessageSize: maxMessageSize, filters: filters)
    }

    func testAPageEncodesEachFindingExactlyAsOnItsOwn() throws {
        let synthetic = SyntheticFindings(count: 300, newestUpdatedAt: Date(timeIntervalSince1970: 1_764_000_000), spacing: 30)
        let findings = try (0..<synthetic.count).map { try JSONValue.parse(synthetic.finding(at: $0)) }
        let dropLow = LogFilter(rules: [try FilterRule(field: "normalized.severity", op: .eq,
                                                       operand: .value(.string("Low")), action: .drop)])
        let collectedAt = Date(timeIntervalSince1970: 1_764_000_123.456)
        // 4000 bytes: many records are reduced, so every rung of the ladder reuses the page's headers.
        for encoder in [encoder(maxMessageSize: nil, filters: []), encoder(maxMessageSize: 4000, filters: [dropLow])] {
            var page = encoder.page(collectedAt: collectedAt)
            var priorities = Set<String>(), outcomes = [0, 0, 0]
            for finding in findings {
                let alone = try encoder.encode(finding, region: "eu-west-1", collectedAt: collectedAt)
                switch (try page.encode(finding, region: "eu-west-1"), alone) {
                case (.encoded(let paged), .encoded(let single)):
                    XCTAssertEqual(paged.message, single.message)
                    XCTAssertEqual(paged.detail, single.detail)
                    priorities.insert(String(decoding: paged.message.prefix(while: { $0 != UInt8(ascii: ">") }), as: UTF8.self))
                    outcomes[paged.detail == .full ? 0 : 1] += 1
                case (.filtered(let filter, let rule), .filtered(let singleFilter, let singleRule)):
                    XCTAssertEqual([filter, rule], [singleFilter, singleRule])
                    outcomes[2] += 1
                default:
                    XCTFail("the page and the single encoding decided differently")
                }
            }
            XCTAssertGreaterThanOrEqual(priorities.count, 3, "several severities, each with its own header: \(priorities)")
            if encoder.maxMessageSize != nil {
                XCTAssertGreaterThan(outcomes[1], 0, "some records were reduced")
                XCTAssertGreaterThan(outcomes[2], 0, "some records were filtered")
            }
        }
    }
}
