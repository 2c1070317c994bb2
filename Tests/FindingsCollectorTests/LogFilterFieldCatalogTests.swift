@testable import FindingsCollector
@testable import Simulator
import Foundation
import JSONBytes
import XCTest

/// Keeps `RecordFields` honest: every key the mapper writes is known (with its type), and the embedded
/// `Finding` members equal the Inspector2 service model's.
final class LogFilterFieldCatalogTests: XCTestCase {
    static let modelFile = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/aws-models/inspector2-2020-06-08.json")

    func testEveryKeyTheMapperWritesIsKnown() throws {
        let names = try InspectorFixtures.names()
        XCTAssertGreaterThanOrEqual(names.count, 5, "expected the Inspector fixtures")
        var unknown: [String] = []
        var seen: Set<String> = []
        for name in names {
            let (_, record) = try InspectorFixtures.map(name)
            RecordCatalogWalk.check(record, against: InspectorRecordFields.record, at: "", unknown: &unknown, seen: &seen)
        }
        let synthetic = SyntheticFindings(count: 300, newestUpdatedAt: Date(timeIntervalSince1970: 1_717_171_717))
        for index in 0..<synthetic.count {
            let (_, record) = try InspectorFixtures.map(try JSONValue.parse(synthetic.finding(at: index)))
            RecordCatalogWalk.check(record, against: InspectorRecordFields.record, at: "", unknown: &unknown, seen: &seen)
        }
        XCTAssertEqual(Set(unknown).sorted(), [], "the mapper writes keys RecordFields does not list (add them there)")
        // The fixtures must exercise the catalogue, or this test proves little.
        for key in ["normalized.severity", "normalized.asset.class", "normalized.packages[].name", "normalized.cves",
                    "normalized.port", "normalized.code_file", "normalized.asset.image_tags", "finding.resources",
                    "normalized.severity_raw", "normalized.packages[].release", "normalized.network_path[].component_id",
                    "normalized.asset.tags[].name", "normalized.detector_id", "normalized.asset.runtime",
                    "normalized.asset.instance_type", "normalized.last_exploited_at", "normalized.references"] {
            XCTAssertTrue(seen.contains(key), "no fixture writes \(key)")
        }
    }

    /// The catalogue and etc/findings-collector.record.schema.json describe the same `normalized` and `asset`
    /// (shared by every source: fields only Rapid7 writes are listed in both too).
    func testTheCatalogueAndTheRecordSchemaAgree() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("etc/findings-collector.record.schema.json")
        let schema = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let defs = try XCTUnwrap(schema["$defs"] as? [String: [String: Any]])
        func properties(_ name: String) -> Set<String> {
            Set(((defs[name]?["properties"] as? [String: Any]) ?? [:]).keys)
        }
        XCTAssertEqual(properties("normalized"), Set(RecordFields.normalized.memberNames))
        XCTAssertEqual(properties("asset"), Set(RecordFields.asset.memberNames))
        let package = RecordFields.normalized.member("packages").map { $0.elementShape.memberNames } ?? []
        XCTAssertEqual(properties("package"), Set(package))
    }

    func testEmbeddedFindingMembersMatchTheServiceModel() throws {
        let data = try Data(contentsOf: Self.modelFile)
        let model = try JSONValue.parse(Array(data))
        let shapes = try XCTUnwrap(model["shapes"])
        let finding = try XCTUnwrap(shapes["Finding"]?["members"])
        var expected: [String] = []
        var types: [String: String] = [:]
        for (name, member) in finding.members {
            expected.append(name)
            let target = try XCTUnwrap(member["shape"]?.string)
            types[name] = shapes[target]?["type"]?.string
        }
        XCTAssertEqual(InspectorRecordFields.findingMembers.map(\.name), expected)
        for (name, shape) in InspectorRecordFields.findingMembers {
            let kind: String
            switch shape {
            case .scalar(.text, _): kind = "string"
            case .scalar(.number, _): kind = types[name] == "timestamp" ? "timestamp" : "double"
            case .openObject: kind = "structure"
            case .list: kind = "list"
            default: kind = "?"
            }
            XCTAssertEqual(kind, types[name], "finding.\(name)")
        }
    }
}
