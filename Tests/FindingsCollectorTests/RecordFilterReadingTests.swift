@testable import FindingsCollector
import Foundation
@testable import JSONBytes
import XCTest

/// Log filters read each record from the tape the writer recorded while writing it, not from a second
/// scan: that reading must be the scan's, entry for entry, for every shape of finding, and the filter's
/// in-place string comparisons must agree with Swift's String rules.
final class RecordFilterReadingTests: XCTestCase {
    private let mapper = InspectorFindingMapper(stamp: RecordStamp(tenant: "acme \"prod\"", connector: "c1"))

    func testRecordedRecordsEqualScannedRecords() throws {
        let synthetic = SyntheticFindings(count: 300, newestUpdatedAt: Date(timeIntervalSince1970: 1_764_000_000))
        var findings = try (0..<synthetic.count).map { try JSONValue.parse(synthetic.finding(at: $0)) }
        for name in ["ec2-package-vulnerability", "code-vulnerability", "ecr-image", "lambda-function",
                     "network-reachability", "unicode-text"] {
            // As the API sends them: one line (the files are pretty-printed; spaces stay).
            var oneLine = JSONWriter()
            oneLine.raw(try InspectorFixtures.finding(name))
            findings.append(try JSONValue.parse(oneLine.bytes))
        }
        for (number, finding) in findings.enumerated() {
            let written = try mapper.write(finding, region: "eu-west-1", collectedAtMillis: 1_764_000_000_123,
                                           detail: .full, readable: true) { _, header in header += Array("<14>1 header ".utf8) }
            let recorded = try XCTUnwrap(written.record, "finding \(number)")
            let start = Int(recorded.document.tape[0].start)
            XCTAssertEqual(start, 13, "finding \(number): the record is read from the recorded tape, not rescanned")
            let scanned = try JSONValue.parse(Array(written.bytes[start...]))
            XCTAssertEqual(recorded.document.tape.count, scanned.document.tape.count, "finding \(number)")
            for (mine, theirs) in zip(recorded.document.tape, scanned.document.tape) {
                guard Int(mine.start) - start == Int(theirs.start), Int(mine.end) - start == Int(theirs.end),
                      mine.next == theirs.next, mine.kind == theirs.kind, mine.flag == theirs.flag else {
                    return XCTFail("finding \(number): recorded \(mine) differs from scanned \(theirs)")
                }
            }
        }
    }

    func testAFindingWithLineBreaksIsScannedInstead() throws {
        let finding = try InspectorFixtures.finding("ec2-package-vulnerability")
        let written = try mapper.write(finding, region: "eu-west-1", collectedAtMillis: 1, detail: .full,
                                       readable: true) { _, header in header += Array("<14>1 header ".utf8) }
        let record = try XCTUnwrap(written.record)
        XCTAssertEqual(Array(record.rawBytes), Array(written.bytes[13...]))
        XCTAssertEqual(record["finding"]?["findingArn"]?.string, finding["findingArn"]?.string)
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
