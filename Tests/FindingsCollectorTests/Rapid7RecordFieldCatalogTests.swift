@testable import FindingsCollector
import Foundation
import JSONBytes
import XCTest

/// Keeps `Rapid7RecordFields` (and the shared `normalized` catalogue) honest: every key a Rapid7 record has,
/// at every detail, is listed with its type; and the fixtures exercise the Rapid7-only fields.
final class Rapid7RecordFieldCatalogTests: XCTestCase {
    func testEveryKeyTheMapperWritesIsKnown() throws {
        var unknown: [String] = []
        var seen: Set<String> = []
        for name in try Rapid7Fixtures.names() {
            for detail in RecordDetail.allCases {
                for record in try Rapid7Fixtures.map(name, detail: detail) {
                    RecordCatalogWalk.check(record.parsed, against: Rapid7RecordFields.rapid7Record, at: "", unknown: &unknown, seen: &seen)
                }
            }
        }
        XCTAssertEqual(Set(unknown).sorted(), [], "Rapid7 records have keys Rapid7RecordFields does not list (add them there)")
        for key in ["normalized.definition_missing", "normalized.instance_key", "normalized.evidence",
                    "normalized.remediation_detail", "normalized.remediation_type", "normalized.asset.hostname",
                    "normalized.asset.os", "normalized.asset.os_version", "normalized.asset.os_description",
                    "normalized.asset.os_architecture", "normalized.asset.mac", "normalized.asset.risk_score",
                    "normalized.asset.last_seen", "normalized.asset.ipv4", "normalized.asset.ipv6",
                    "normalized.asset.tags[].value", "normalized.cves", "normalized.references", "normalized.port",
                    "asset.tags[].type", "asset.credential_assessments[].port", "vulnerability.links[].href",
                    "vulnerability.pci_fail", "finding.proof", "finding.solution_fix", "reduced.original_bytes",
                    "reduced.essential_fields_only"] {
            XCTAssertTrue(seen.contains(key), "no fixture writes \(key)")
        }
    }

    /// Rules on the fields only Rapid7 records have are accepted, and a flag is tested with true/false only.
    func testRulesOnTheSharedRapid7FieldsAreChecked() throws {
        func problem(_ field: String, _ op: FilterOperator, _ value: FilterValue) throws -> RuleProblem? {
            RecordFieldCheck.problem(path: try FieldPath(field), op: op, operand: .value(value), in: Rapid7RecordFields.rapid7Record)
        }
        XCTAssertNil(try problem("normalized.definition_missing", .eq, .bool(true)))
        XCTAssertNotNil(try problem("normalized.definition_missing", .eq, .string("true")))
        XCTAssertNotNil(try problem("normalized.definition_missing", .gt, .bool(true)))
        XCTAssertNil(try problem("normalized.asset.os_description", .prefix, .string("Microsoft")))
        XCTAssertNil(try problem("normalized.instance_key", .regex, .string("^/opt/")))
        XCTAssertNotNil(try problem("normalized.asset.risk_score", .prefix, .string("1")))
    }

}
