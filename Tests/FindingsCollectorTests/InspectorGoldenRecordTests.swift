import FindingsCollector
import Foundation
import XCTest

/// Every Inspector fixture has a golden record, `<name>.record.json`, compared byte for byte (the
/// collection time and stamp are fixed by `InspectorFixtures`): any change to the record format shows up
/// here as a diff to review, for every resource kind and finding type.
final class InspectorGoldenRecordTests: XCTestCase {
    /// To regenerate after an intended change: run with GOLDEN_UPDATE=1 and review the diff by eye.
    func testEveryFixtureMatchesItsGoldenRecord() throws {
        let update = ProcessInfo.processInfo.environment["GOLDEN_UPDATE"] == "1"
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/inspector")
        let names = try InspectorFixtures.names()
        XCTAssertGreaterThanOrEqual(names.count, 12, "expected the Inspector fixtures")
        for name in names {
            let (record, _) = try InspectorFixtures.map(name)
            let golden = sources.appendingPathComponent("\(name).record.json")
            if update { try Data(record.bytes + [0x0A]).write(to: golden) }
            guard let data = FileManager.default.contents(atPath: golden.path) else {
                XCTFail("\(name): no golden record \(name).record.json (run with GOLDEN_UPDATE=1, then review it)")
                continue
            }
            var expected = Array(data)
            if expected.last == 0x0A { expected.removeLast() }
            XCTAssertEqual(String(decoding: record.bytes, as: UTF8.self), String(decoding: expected, as: UTF8.self), name)
            XCTAssertNotNil(try JSONSerialization.jsonObject(with: Data(record.bytes)) as? [String: Any], name)
        }
    }
}
