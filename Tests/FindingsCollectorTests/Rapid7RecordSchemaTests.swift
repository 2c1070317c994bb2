@testable import FindingsCollector
import Foundation
import JSONBytes
import TestSupport
import XCTest

/// etc/findings-collector.record.schema.json against Rapid7 records, with a real draft 2020-12 validator:
/// every golden record, every finding at every reduction, and records the schema must refuse.
final class Rapid7RecordSchemaTests: XCTestCase {
    func testEveryRapid7RecordAtEveryDetailIsValid() throws {
        var documents: [(name: String, bytes: [UInt8])] = []
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/rapid7")
        for name in try Rapid7Fixtures.names() {
            let golden = try XCTUnwrap(FileManager.default.contents(atPath: sources.appendingPathComponent("\(name).records.jsonl").path),
                                       "\(name) has no golden records")
            for (index, line) in golden.split(separator: 0x0A).enumerated() {
                documents.append(("golden \(name) #\(index)", Array(line)))
            }
            for detail in RecordDetail.allCases {
                for (index, record) in try Rapid7Fixtures.map(name, detail: detail).enumerated() {
                    documents.append(("\(name) #\(index) \(detail)", record.written.bytes))
                }
            }
        }
        XCTAssertGreaterThan(documents.count, 40)
        let verdicts = try JSONSchemaCheck.validate(documents: documents.map(\.bytes), against: RecordSchemaTests.schema)
        for (document, errors) in zip(documents, verdicts) {
            XCTAssertEqual(errors, [], "\(document.name) does not match the record schema")
        }
    }

    func testTheSchemaRefusesWhatNoRapid7RecordMayBe() throws {
        let record = try Rapid7Fixtures.record("windows-server-new-same-remediated", "msft-cve-2025-21204").text
        let reduced = try Rapid7Fixtures.record("windows-server-new-same-remediated", "msft-cve-2025-21204",
                                                detail: .withoutFinding).text
        let broken = [
            record.replacingOccurrences(of: #""severity":"High""#, with: #""severity":"Severe""#),
            record.replacingOccurrences(of: #""status":"Active""#, with: #""status":"Exception""#),
            record.replacingOccurrences(of: #""normalized":{"#, with: #""normalized":{"rapid7_only":1,"#),
            record.replacingOccurrences(of: #""msg_origin":{"source":"rapid7_insightvm""#, with: #""msg_origin":{"source":"aws_inspector""#),
            record.replacingOccurrences(of: #""asset":{"assessed_for_policies""#, with: #""asset":{"same":[],"assessed_for_policies""#),
            record.replacingOccurrences(of: #""definition_missing""#, with: "x")
                .replacingOccurrences(of: #""evidence":"#, with: #""definition_missing":false,"evidence":"#),
            reduced.replacingOccurrences(of: #""reduced":{"#, with: #""finding":{"vulnerability_id":"x"},"reduced":{"#),
        ]
        XCTAssertEqual(Set(broken).count, broken.count, "every case changes the record")
        XCTAssertFalse(broken.contains(record))
        let verdicts = try JSONSchemaCheck.validate(documents: broken.map { Array($0.utf8) }, against: RecordSchemaTests.schema)
        for (document, errors) in zip(broken, verdicts) {
            XCTAssertFalse(errors.isEmpty, "the schema accepts \(document.prefix(400))")
        }
    }
}
