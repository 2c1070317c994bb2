@testable import FindingsCollector
import JSONBytes
import XCTest

/// `log_filters` through the whole config (ConfigLoader.parse), as check-config sees it.
final class LogFilterConfigTests: XCTestCase {
    private func config(connectorFilters: String, destinationFilters: String = "null") throws -> CollectorConfig {
        try ConfigLoader.parse(Array("""
        {"destinations": {"siem": {"protocol": "udp", "host": "127.0.0.1", "port": 5514,
                                   "log_filters": \(destinationFilters)}},
         "connectors": [{"name": "a", "type": "aws_inspector", "tenant": "t", "destination": "siem",
                         "regions": ["us-east-1"], "auth": {"method": "default"}, "log_filters": \(connectorFilters)}]}
        """.utf8))
    }

    private func problems(connectorFilters: String, destinationFilters: String = "null") -> [String] {
        do {
            _ = try config(connectorFilters: connectorFilters, destinationFilters: destinationFilters)
            return []
        } catch ConfigError.invalid(let problems) {
            return problems.map(\.description)
        } catch {
            return ["unexpected: \(error)"]
        }
    }

    func testFiltersAreReadForConnectorsAndDestinations() throws {
        let parsed = try config(
            connectorFilters: #"{"default": "drop", "rules": [{"field": "normalized.severity", "op": "in", "value": ["Critical", "High"], "action": "keep"}]}"#,
            destinationFilters: #"{"rules": [{"field": "normalized.asset.class", "op": "eq", "value": "Container", "action": "drop"}]}"#)
        let connectorFilter = parsed.connectors[0].logFilter
        XCTAssertEqual(connectorFilter.defaultAction, .drop)
        XCTAssertEqual(connectorFilter.rules.map(\.label), ["rules[0] normalized.severity in"])
        let destinationFilter = try XCTUnwrap(parsed.destinations["siem"]).logFilter
        XCTAssertEqual(destinationFilter.rules.map(\.field), ["normalized.asset.class"])

        let record = try FilterTesting.record()   // High, Device
        XCTAssertEqual(connectorFilter.evaluate(record), FilterDecision(keep: true, ruleIndex: 0))
        XCTAssertEqual(destinationFilter.evaluate(record), FilterDecision(keep: true, ruleIndex: nil))
    }

    func testWithoutFiltersEverythingIsKept() throws {
        let parsed = try config(connectorFilters: "null")
        XCTAssertTrue(parsed.connectors[0].logFilter.isEmpty)
        XCTAssertTrue(try XCTUnwrap(parsed.destinations["siem"]).logFilter.isEmpty)
    }

    func testCheckConfigReportsEachInvalidRuleAtItsKeyPath() {
        let found = problems(connectorFilters: """
        {"rules": [
          {"field": "normalized.severity", "op": "equals", "value": "Low", "action": "drop"},
          {"field": "normalized.title", "op": "regex", "value": "(", "action": "drop"},
          {"field": "normalized.severity", "op": "in", "value": "Low", "action": "drop"},
          {"field": "normalized.cves", "op": "missing", "action": "remove"},
          {"field": "finding.resources[.type", "op": "exists", "action": "drop"},
          {"field": "finding.resource[].type", "op": "exists", "action": "drop"}
        ]}
        """, destinationFilters: #"{"rules": [{"field": "normalized.score", "op": "gt", "value": "7", "action": "drop"}]}"#)
        let expected = [
            "connectors[0].log_filters.rules[0].op: unknown operator \"equals\"; use one of: eq, ne, in, not_in,",
            "connectors[0].log_filters.rules[1].value: regular expression \"(\" does not compile:",
            "connectors[0].log_filters.rules[2].value: in needs a non-empty list",
            "connectors[0].log_filters.rules[3].action: unknown value \"remove\"; use one of: keep, drop",
            "connectors[0].log_filters.rules[4].field: cannot read field path \"finding.resources[.type\"",
            "connectors[0].log_filters.rules[5].field: finding has no field \"resource\"; did you mean \"resources\"?",
            "destinations.siem.log_filters.rules[0].value: gt needs a number, got a string",
        ]
        for fragment in expected {
            XCTAssertTrue(found.contains { $0.hasPrefix(fragment) }, "missing \(fragment) in \(found)")
        }
        XCTAssertEqual(found.count, expected.count, "\(found)")
    }
}
