@testable import FindingsCollector
import Foundation
import JSONBytes
import TestSupport
import XCTest

/// etc/findings-collector.record.schema.json against what the collector writes, checked by a real draft
/// 2020-12 validator (Python `jsonschema`): every golden record, every fixture reduced as UDP would reduce
/// it, a `collector_stats` and a `collector_test` record; and records the schema must refuse.
final class RecordSchemaTests: XCTestCase {
    static let schema = JSONSchemaCheck.etc.appendingPathComponent("findings-collector.record.schema.json")

    func testEveryRecordKindTheCollectorWritesIsValid() throws {
        var documents: [(name: String, bytes: [UInt8])] = []
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/inspector")
        for name in try InspectorFixtures.names() {
            let golden = try XCTUnwrap(FileManager.default.contents(atPath: sources.appendingPathComponent("\(name).record.json").path),
                                       "\(name) has no golden record")
            documents.append(("golden \(name)", Array(golden)))
            for detail in [RecordDetail.withoutFinding, .compact, .essential] {
                documents.append(("\(name) \(detail)", try InspectorFixtures.map(name, detail: detail).record.bytes))
            }
        }
        var report = PassReport()
        report.stats.pulled = 12
        report.stats.sent = 9
        report.stats.shedBySeverity = [.informational: 1, .low: 1]
        report.stats.filteredByRule = ["drop low": 1]
        report.stats.resent = 2
        report.stats.deadLetteredPages = 1
        report.failures = ["eu-west-1": "AccessDeniedException"]
        let time = Date(timeIntervalSince1970: 1_717_171_800)
        documents.append(("collector_stats", StatsRecord.record(tenant: "acme", connector: "prod", report: report, at: time)))
        documents.append(("collector_stats, empty pass", StatsRecord.record(tenant: "acme", connector: "prod", report: PassReport(), at: time)))
        documents.append(("collector_test", DestinationProbe.record(tenant: "acme", connector: "prod", at: time)))

        let verdicts = try JSONSchemaCheck.validate(documents: documents.map(\.bytes), against: Self.schema)
        for (document, errors) in zip(documents, verdicts) {
            XCTAssertEqual(errors, [], "\(document.name) does not match the record schema")
        }
    }

    func testTheSchemaRefusesWhatNoRecordMayBe() throws {
        let golden = try InspectorFixtures.map("aws-docs-ec2-package-vulnerability").record.bytes
        let text = String(decoding: golden, as: UTF8.self)
        let broken = [
            text.replacingOccurrences(of: #""severity":"Medium""#, with: #""severity":"Informational""#),
            text.replacingOccurrences(of: #""status":"Fixed""#, with: #""status":"Closed""#),
            text.replacingOccurrences(of: #""normalized":{"#, with: #""normalized":{"surprise":1,"#),
            text.replacingOccurrences(of: #""msg_class":"aws_inspector_finding""#, with: #""msg_class":"other""#),
            #"{"timestamp":1,"msg_class":"collector_test","tenant":"a","connector":"b"}"#,
        ]
        XCTAssertEqual(Set(broken).count, broken.count, "every case changes the record")
        let verdicts = try JSONSchemaCheck.validate(documents: broken.map { Array($0.utf8) }, against: Self.schema)
        for (document, errors) in zip(broken, verdicts) {
            XCTAssertFalse(errors.isEmpty, "the schema accepts \(document.prefix(300))")
        }
    }
}
