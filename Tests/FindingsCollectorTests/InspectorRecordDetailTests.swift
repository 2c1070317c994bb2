import FindingsCollector
import Foundation
import JSONBytes
import XCTest

/// The reduction ladder used for size-limited destinations.
final class InspectorRecordDetailTests: XCTestCase {
    func testWithoutFindingKeepsNormalizedAndSaysWhatWasDropped() throws {
        let finding = try InspectorFixtures.finding("ec2-package-vulnerability")
        let (full, fullParsed) = try InspectorFixtures.map(finding)
        let (reduced, parsed) = try InspectorFixtures.map(finding, detail: .withoutFinding)
        XCTAssertEqual(reduced.detail, .withoutFinding)
        XCTAssertEqual(parsed.keys.last, "reduced")
        XCTAssertNil(parsed["finding"])
        XCTAssertEqual(parsed["reduced"]?["finding_omitted"]?.bool, true)
        XCTAssertEqual(parsed["reduced"]?["original_bytes"]?.int, Int64(finding.rawBytes.count))
        XCTAssertEqual(Array(try XCTUnwrap(parsed["normalized"]).rawBytes),
                       Array(try XCTUnwrap(fullParsed["normalized"]).rawBytes))
        XCTAssertLessThan(reduced.bytes.count, full.bytes.count)
        XCTAssertEqual(reduced.uid, full.uid)
        XCTAssertEqual(reduced.severity, full.severity)
    }

    func testCompactLeavesOutLongTextsAndListsButKeepsVersions() throws {
        let (withoutFinding, full) = try InspectorFixtures.map("aws-docs-ecr-package-vulnerability", detail: .withoutFinding)
        let (compact, parsed) = try InspectorFixtures.map("aws-docs-ecr-package-vulnerability", detail: .compact)
        XCTAssertEqual(compact.detail, .compact)
        XCTAssertLessThan(compact.bytes.count, withoutFinding.bytes.count)
        XCTAssertEqual(parsed["reduced"]?["long_fields_omitted"]?.bool, true)
        let n = try XCTUnwrap(parsed["normalized"])
        for key in ["description", "references"] {
            XCTAssertNotNil(full["normalized"]?[key], key)
            XCTAssertNil(n[key], key)
        }
        XCTAssertNil(n["asset"]?["tags"])
        XCTAssertEqual(n["packages"]?[0]?.keys, ["name", "version", "release", "epoch", "arch", "fixed_in_version",
                                                 "package_manager"])
        XCTAssertEqual(n["cves"]?.strings, ["CVE-2024-6119"])
        let (_, network) = try InspectorFixtures.map("aws-docs-ec2-network-reachability", detail: .compact)
        XCTAssertNil(network["normalized"]?["network_path"])
        XCTAssertEqual(network["normalized"]?["port"]?.int, 22)
    }

    func testEssentialKeepsOnlyTriageFields() throws {
        let (withoutFinding, _) = try InspectorFixtures.map("network-reachability", detail: .withoutFinding)
        let (record, parsed) = try InspectorFixtures.map("network-reachability", detail: .essential)
        let n = try XCTUnwrap(parsed["normalized"])
        XCTAssertEqual(n.keys, ["uid", "title", "type", "status", "severity", "aws_account_id", "region", "asset", "port"])
        XCTAssertEqual(n["asset"]?.keys, ["uid", "class", "type", "name"])
        XCTAssertEqual(n["port"]?.int, 22)
        XCTAssertEqual(parsed["reduced"]?["essential_fields_only"]?.bool, true)
        XCTAssertLessThan(record.bytes.count, withoutFinding.bytes.count)

        let (_, ec2) = try InspectorFixtures.map("ec2-package-vulnerability", detail: .essential)
        XCTAssertEqual(ec2["normalized"]?.keys, ["uid", "title", "type", "status", "severity", "score", "aws_account_id",
                                                  "region", "asset", "cves"])
        XCTAssertEqual(ec2["normalized"]?["asset"]?.keys, ["uid", "class", "type", "name"])
    }

    func testEssentialTruncatesTitleOnAScalarBoundaryAndCapsCVEs() throws {
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("findingArn", "arn:long")
        writer.field("title", String(repeating: "脆", count: 100))   // 300 bytes of UTF-8
        writer.key("packageVulnerabilityDetails")
        writer.beginObject()
        writer.field("vulnerabilityId", "CVE-2024-1000")
        writer.key("relatedVulnerabilities")
        writer.beginArray()
        for index in 1...40 { writer.string("CVE-2024-\(1000 + index)") }
        writer.endArray()
        writer.endObject()
        writer.endObject()
        let finding = try JSONValue.parse(writer.bytes)

        let (_, essential) = try InspectorFixtures.map(finding, detail: .essential)
        let title = try XCTUnwrap(essential["normalized"]?["title"]?.string)
        XCTAssertEqual(title, String(repeating: "脆", count: 66), "198 bytes: the 67th character would split")
        XCTAssertEqual(essential["normalized"]?["cves"]?.count, 20)
        XCTAssertEqual(essential["normalized"]?["cves"]?[0]?.string, "CVE-2024-1000")

        let (_, full) = try InspectorFixtures.map(finding)
        XCTAssertEqual(full["normalized"]?["cves"]?.count, 41)
        XCTAssertEqual(full["normalized"]?["title"]?.string?.count, 100)
    }
}
