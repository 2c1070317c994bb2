import FindingsCollector
import Foundation
import XCTest

/// Every Rapid7 fixture page has a golden file, `<name>.records.jsonl`: its records, one per line, in the
/// mapper's order, compared byte for byte (collection time, stamp and region fixed by `Rapid7Fixtures`).
/// Any change to the record format shows up here as a diff to review.
final class Rapid7GoldenRecordTests: XCTestCase {
    /// To regenerate after an intended change: run with GOLDEN_UPDATE=1 and review the diff by eye.
    func testEveryFixtureMatchesItsGoldenRecords() throws {
        let update = ProcessInfo.processInfo.environment["GOLDEN_UPDATE"] == "1"
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/rapid7")
        let names = try Rapid7Fixtures.names()
        XCTAssertGreaterThanOrEqual(names.count, 4, "expected the Rapid7 fixtures")
        for name in names {
            let records = try Rapid7Fixtures.map(name)
            XCTAssertFalse(records.isEmpty, "\(name) maps to no record")
            let lines = records.map(\.text).joined(separator: "\n") + "\n"
            let golden = sources.appendingPathComponent("\(name).records.jsonl")
            if update { try Data(lines.utf8).write(to: golden) }
            guard let data = FileManager.default.contents(atPath: golden.path) else {
                XCTFail("\(name): no golden file \(name).records.jsonl (run with GOLDEN_UPDATE=1, then review it)")
                continue
            }
            XCTAssertEqual(lines, String(decoding: data, as: UTF8.self), name)
            for record in records {
                XCTAssertNotNil(try JSONSerialization.jsonObject(with: Data(record.written.bytes)) as? [String: Any], name)
            }
        }
    }
}
