@testable import FindingsCollector
@testable import Simulator
import Foundation
import JSONBytes
import XCTest

/// Speed sanity: rules are compiled once when built (`FilterRule.init` compiles the regex and keeps it),
/// so a record costs only lookups and comparisons.
final class LogFilterSpeedTests: XCTestCase {
    func testEvaluatingManyRecordsIsCheap() throws {
        let synthetic = SyntheticFindings(count: 400, newestUpdatedAt: Date(timeIntervalSince1970: 1_717_171_717))
        let records = try (0..<synthetic.count).map { index in
            try InspectorFixtures.map(try JSONValue.parse(synthetic.finding(at: index))).parsed
        }
        // Rules that do not match come first, so every record pays for all of them.
        let filter = LogFilter(rules: [
            try FilterRule(field: "normalized.title", op: .regex, operand: .value(.string("^NOPE-\\d+ (a|b)+$")), action: .drop),
            try FilterRule(field: "finding.packageVulnerabilityDetails.vulnerablePackages[].name", op: .prefix,
                           operand: .value(.string("zz-none")), action: .keep),
            try FilterRule(field: "normalized.cves", op: .contains, operand: .value(.string("CVE-1900-0001")), action: .drop),
            try FilterRule(field: "normalized.score", op: .gt, operand: .value(.number(11)), action: .drop),
            try FilterRule(field: "finding.resources[].type", op: .eq, operand: .value(.string("AWS_NOTHING")), action: .drop),
            try FilterRule(field: "normalized.severity", op: .in,
                           operand: .list([.string("Low"), .string("None")]), action: .drop),
        ], defaultAction: .keep)

        let passes = 25
        var dropped = 0
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<passes {
            for record in records where !filter.evaluate(record).keep { dropped += 1 }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let evaluations = passes * records.count
        let expectedDrops = records.filter { ["Low", "None"].contains($0["normalized"]?["severity"]?.string ?? "") }
        XCTAssertEqual(dropped, expectedDrops.count * passes, "only the severity rule may drop")
        XCTAssertGreaterThan(expectedDrops.count, 0, "the synthetic set should hold some low-severity findings")
        // 10 000 records × 6 rules: about 0.2 s in a debug build here; the bound leaves room for a busy CI host.
        XCTAssertLessThan(seconds, 3.0, "\(evaluations) evaluations took \(seconds) s")
        print("LogFilterSpeedTests: \(evaluations) records in \(String(format: "%.3f", seconds)) s "
              + "(\(Int(Double(evaluations) / seconds)) records/s, debug build)")
    }
}
