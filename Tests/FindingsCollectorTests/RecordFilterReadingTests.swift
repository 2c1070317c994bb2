@testable import FindingsCollector
@testable import Simulator
import Foundation
@testable import JSONBytes
import XCTest

/// Log filters read each record from the tape the writer recorded while writing it, not from a second
/// scan: that reading must be the scan's, entry for entry, for every shape of finding, and the filter's
/// in-place string comparisons must agree with Swift's String rules.
final class RecordFilterReadingTests: XCTestCase {
    private let mapper = InspectorFindingMapper(stamp: RecordStamp(tenant: "acme \"prod\"", connector: "c1"))

    func testRecordedRecordsEqualScannedRecords() throws {
        for (number, finding) in try findings().enumerated() {
            let written = try mapper.write(finding, scope: "eu-west-1", collectedAtMillis: 1_764_000_000_123,
                                           detail: .full, readable: true) { _ in Array("<14>1 header ".utf8) }
            let recorded = try XCTUnwrap(written.record, "finding \(number)")
            let start = Int(recorded.document.tape[0].start)
            XCTAssertEqual(start, 13, "finding \(number): the record is read from the recorded tape, not rescanned")
            let scanned = try JSONValue.parse(Array(written.bytes[start...])).document.tape
            // The recording leaves out the `finding` member (its key and value), the record's last member.
            let findingKey = try XCTUnwrap(scanned.firstIndex { entry in
                entry.kind == .string && written.bytes[start + Int(entry.start)..<start + Int(entry.end)].elementsEqual(#""finding""#.utf8)
            })
            let mine = recorded.document.tape
            XCTAssertEqual(mine.count, findingKey, "finding \(number)")
            XCTAssertEqual([Int(mine[0].start) - start, Int(mine[0].end) - start], [Int(scanned[0].start), Int(scanned[0].end)])
            for index in 1..<min(mine.count, findingKey) {
                let (one, other) = (mine[index], scanned[index])
                guard Int(one.start) - start == Int(other.start), Int(one.end) - start == Int(other.end),
                      one.next == other.next, one.kind == other.kind, one.flag == other.flag else {
                    return XCTFail("finding \(number) entry \(index): recorded \(one) differs from scanned \(other)")
                }
            }
        }
    }

    /// Every rule decides the same on the recorded record plus its finding as on the record scanned whole.
    func testFiltersDecideAsOnTheWholeRecord() throws {
        let rules: [(String, FilterOperator, FilterOperand)] = [
            ("normalized.severity", .eq, .value(.string("High"))), ("normalized.severity", .in, .list([.string("Low"), .string("Medium")])),
            ("normalized.packages[].name", .prefix, .value(.string("lib"))), ("normalized.score", .gte, .value(.number(7))),
            ("normalized.cves", .contains, .value(.string("CVE-2024-0001"))), ("tenant", .regex, .value(.string("^acme"))),
            ("finding.packageVulnerabilityDetails.vulnerablePackages[].name", .prefix, .value(.string("kernel"))),
            ("finding.resources[].type", .ne, .value(.string("AWS_EC2_INSTANCE"))), ("finding.status", .notIn, .list([.string("ACTIVE")])),
            ("finding.exploitAvailable", .exists, .none), ("finding.fixAvailable", .missing, .none), ("finding", .exists, .none),
            ("msg_origin.source", .eq, .value(.string("aws_inspector"))), ("normalized.port", .lt, .value(.number(1024))),
        ]
        var decided = [0, 0]
        for (number, finding) in try findings().enumerated() {
            let written = try mapper.write(finding, scope: "eu-west-1", collectedAtMillis: 1, detail: .full,
                                           readable: true) { _ in [] }
            let subject = FilterSubject(recordWithoutFinding: try XCTUnwrap(written.record), finding: finding)
            let whole = try JSONValue.parse(written.bytes)
            for (field, op, operand) in rules {
                let rule = try FilterRule(field: field, op: op, operand: operand, action: .drop)
                let answer = rule.matches(subject)
                XCTAssertEqual(answer, rule.matches(whole), "finding \(number): \(rule.label)")
                decided[answer ? 1 : 0] += 1
            }
        }
        XCTAssertGreaterThan(decided[0], 100, "some rules should not match")
        XCTAssertGreaterThan(decided[1], 100, "some rules should match")
    }

    private func findings() throws -> [JSONValue] {
        let synthetic = SyntheticFindings(count: 300, newestUpdatedAt: Date(timeIntervalSince1970: 1_764_000_000))
        var findings = try (0..<synthetic.count).map { try JSONValue.parse(synthetic.finding(at: $0)) }
        for name in ["ec2-package-vulnerability", "code-vulnerability", "ecr-image", "lambda-function",
                     "network-reachability", "unicode-text"] {
            // As the API sends them: one line (the files are pretty-printed; spaces stay).
            var oneLine = JSONWriter()
            oneLine.raw(try InspectorFixtures.finding(name))
            findings.append(try JSONValue.parse(oneLine.bytes))
        }
        return findings
    }

    func testAFindingWithLineBreaksIsScannedInstead() throws {
        let finding = try InspectorFixtures.finding("ec2-package-vulnerability")
        let written = try mapper.write(finding, scope: "eu-west-1", collectedAtMillis: 1, detail: .full,
                                       readable: true) { _ in Array("<14>1 header ".utf8) }
        let record = try XCTUnwrap(written.record)
        XCTAssertEqual(Array(record.rawBytes), Array(written.bytes[13...]))
        XCTAssertEqual(record["normalized"]?["uid"]?.string, finding["findingArn"]?.string)
    }

    func testInPlaceComparisonsFollowStringRules() throws {
        // U+212A KELVIN SIGN is canonically equivalent to "K"; "e" + U+0301 is one character, not "e".
        let record = try JSONValue.parse(Array(#"{"k":"\#u{212A}elvin","e":"e\#u{301}t\#u{e9}","a":"Kelvin","c":"a\r\nb","x":"caf\u00e9"}"#.utf8))
        func matches(_ field: String, _ op: FilterOperator, _ value: String) throws -> Bool {
            try FilterRule(field: field, op: op, operand: .value(.string(value)), action: .drop).matches(record)
        }
        XCTAssertTrue(try matches("k", .eq, "Kelvin"))
        XCTAssertTrue(try matches("k", .prefix, "K"))
        XCTAssertTrue(try matches("a", .eq, "Kelvin"))
        XCTAssertTrue(try matches("a", .prefix, "Kel"))
        XCTAssertFalse(try matches("a", .prefix, "Kelvinx"))
        XCTAssertFalse(try matches("e", .prefix, "e"), "e + combining acute is one character")
        XCTAssertTrue(try matches("e", .prefix, "e\u{301}"))
        XCTAssertFalse(try matches("c", .prefix, "a\r"), "CR LF is one character")
        XCTAssertTrue(try matches("c", .prefix, "a"))
        XCTAssertTrue(try matches("x", .eq, "café"), "escaped strings are decoded first")
        XCTAssertFalse(try matches("x", .eq, "cafe"))
    }
}
