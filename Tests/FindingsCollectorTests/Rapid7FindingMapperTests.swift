@testable import FindingsCollector
import Foundation
import JSONBytes
import XCTest

/// What the Rapid7 mapper decides, finding by finding: fan-out, uid, identity, severity, status, the
/// fallbacks of a missing definition, HTML, addresses, and the reduction ladder.
final class Rapid7FindingMapperTests: XCTestCase {
    private let windows = "windows-server-new-same-remediated"
    private let ipv6 = "ipv6-linux-ports-and-keys"
    private let sevenZip = "insightconnect-linux-asset-7zip"
    private let missing = "insightconnect-linux-asset-missing-definition"

    func testOneRecordPerFindingOfNewSameAndRemediatedInThatOrder() throws {
        let findings = try Rapid7Fixtures.findings(Rapid7Fixtures.page(windows))
        XCTAssertEqual(findings.map(\.listing), [.new, .same, .same, .remediated])
        XCTAssertEqual(findings.compactMap { $0.finding["vulnerability_id"]?.string },
                       ["certificate-common-name-mismatch", "msft-cve-2025-21204", "cifs-smb-signing-not-required",
                        "msft-cve-2024-38063"])
        XCTAssertEqual(try Rapid7Fixtures.findings(Rapid7Fixtures.page(ipv6)).count, 5)
        XCTAssertEqual(try Rapid7Fixtures.findings(Rapid7Fixtures.page(sevenZip)).count, 2)
        // Two assets on a page, one without any finding array: each finding of the other once.
        let page = try Rapid7Fixtures.page(JSONValue.parse(Array(#"""
            {"assets":[{"id":"a1"},{"id":"a2","new":[{"vulnerability_id":"v"}],"same":[],"remediated":[{"vulnerability_id":"w"}]}],
             "vulnerabilities":[]}
            """#.utf8)))
        XCTAssertEqual(try Rapid7Fixtures.findings(page).map(\.listing), [.new, .remediated])
    }

    func testAnItemThatIsNotAnAssetObjectThrows() throws {
        let mapper = Rapid7FindingMapper(stamp: Rapid7Fixtures.stamp)
        let page = SourcePage(items: [])
        XCTAssertThrowsError(try mapper.forEachFinding(in: JSONValue.parse(Array("[1]".utf8)), of: page) { _ in }) {
            XCTAssertEqual($0 as? Rapid7MappingError, .assetNotAnObject(.array))
        }
    }

    func testTheUidIsStableAndTellsPortsProtocolsAndKeysApart() throws {
        let mapper = Rapid7FindingMapper(stamp: Rapid7Fixtures.stamp)
        let first = try Rapid7Fixtures.findings(Rapid7Fixtures.page(ipv6)).compactMap(mapper.identity(of:)).map(\.uid)
        let again = try Rapid7Fixtures.findings(Rapid7Fixtures.page(ipv6)).compactMap(mapper.identity(of:)).map(\.uid)
        XCTAssertEqual(first, again, "a second pass gives the same uids")
        XCTAssertEqual(Set(first).count, 5, "same vulnerability on two ports, or in two files: distinct findings")
        XCTAssertEqual(first, [
            "rapid7:7d1e0a9b-3c55-4f1a-8e2d-6a0b9c8d7e6f-default-asset-31:ssh-cve-2023-48795:22:TCP:",
            "rapid7:7d1e0a9b-3c55-4f1a-8e2d-6a0b9c8d7e6f-default-asset-31:ssh-cve-2023-48795:2222:TCP:",
            "rapid7:7d1e0a9b-3c55-4f1a-8e2d-6a0b9c8d7e6f-default-asset-31:ntp-clock-variables-disclosure:123:UDP:",
            "rapid7:7d1e0a9b-3c55-4f1a-8e2d-6a0b9c8d7e6f-default-asset-31:openssl-cve-2024-0727:::/usr/lib/aarch64-linux-gnu/libssl.so.3",
            "rapid7:7d1e0a9b-3c55-4f1a-8e2d-6a0b9c8d7e6f-default-asset-31:openssl-cve-2024-0727:::/opt/app/lib/libssl.so.3",
        ])
        // The record's uid is the identity's.
        for record in try Rapid7Fixtures.map(ipv6) {
            XCTAssertEqual(record.parsed["normalized"]?["uid"]?.string, mapper.identity(of: record.finding)?.uid)
        }
        // Only the protocol differs; and separators inside parts cannot make two findings collide.
        func uid(_ finding: String) throws -> String? {
            let page = try Rapid7Fixtures.page(JSONValue.parse(Array(#"{"assets":[{"id":"a:1","new":[\#(finding)]}]}"#.utf8)))
            return mapper.identity(of: try XCTUnwrap(Rapid7Fixtures.findings(page).first))?.uid
        }
        XCTAssertNotEqual(try uid(#"{"vulnerability_id":"v","port":53,"protocol":"TCP"}"#),
                          try uid(#"{"vulnerability_id":"v","port":53,"protocol":"UDP"}"#))
        XCTAssertEqual(try uid(#"{"vulnerability_id":"v","key":"C:\\a%b"}"#), #"rapid7:a%3A1:v:::C%3A\a%25b"#)
        XCTAssertNotEqual(try uid(#"{"vulnerability_id":"v:1","key":""}"#), try uid(#"{"vulnerability_id":"v","key":"1"}"#))
        XCTAssertEqual(try uid(#"{"vulnerability_id":"v","port":null,"protocol":null,"key":null}"#), "rapid7:a%3A1:v:::")
    }

    func testIdentityIsNilWithoutAssetIdOrVulnerabilityIdAndWritingThenThrows() throws {
        let mapper = Rapid7FindingMapper(stamp: Rapid7Fixtures.stamp)
        for asset in [#"{"new":[{"vulnerability_id":"v"}]}"#, #"{"id":"","new":[{"vulnerability_id":"v"}]}"#,
                      #"{"id":"a","new":[{"port":22}]}"#, #"{"id":"a","new":[{"vulnerability_id":""}]}"#,
                      #"{"id":7,"new":[{"vulnerability_id":"v"}]}"#, #"{"id":"a","new":["v"]}"#] {
            let page = try Rapid7Fixtures.page(JSONValue.parse(Array(#"{"assets":[\#(asset)]}"#.utf8)))
            let finding = try XCTUnwrap(Rapid7Fixtures.findings(page).first, asset)
            XCTAssertNil(mapper.identity(of: finding), asset)
            XCTAssertThrowsError(try Rapid7Fixtures.map(finding), asset) {
                XCTAssertEqual($0 as? Rapid7MappingError, .unidentifiable)
            }
        }
    }

    func testTheVersionIsLastFoundInEpochSeconds() throws {
        let mapper = Rapid7FindingMapper(stamp: Rapid7Fixtures.stamp)
        let record = try Rapid7Fixtures.record(sevenZip, "7-zip-cve-2016-2334")
        XCTAssertEqual(mapper.identity(of: record.finding)?.version, 1_735_787_045.123)
        XCTAssertEqual(record.written.updatedAt, 1_735_787_045.123)
        XCTAssertEqual(record.parsed["normalized"]?["updated_at"]?.int, 1_735_787_045_123)
        let page = try Rapid7Fixtures.page(JSONValue.parse(Array(#"{"assets":[{"id":"a","new":[{"vulnerability_id":"v"}]}]}"#.utf8)))
        XCTAssertEqual(mapper.identity(of: try XCTUnwrap(Rapid7Fixtures.findings(page).first))?.version, 0)
    }

    func testStatusFixedForNotVulnerableAndRemediatedOnlyExceptionsStayActive() throws {
        let statuses = try Rapid7Fixtures.map(windows).map {
            [$0.parsed["normalized"]?["status_raw"]?.string ?? "", $0.parsed["normalized"]?["status"]?.string ?? ""]
        }
        XCTAssertEqual(statuses, [["VULNERABLE_EXPL", "Active"], ["VULNERABLE_EXCEPTION", "Active"],
                                  ["NOT_VULNERABLE", "Fixed"], ["VULNERABLE_VERS", "Fixed"]])
        XCTAssertEqual(try Rapid7Fixtures.map(missing).first?.parsed["normalized"]?["status"]?.string, "Active",
                       "lower-case `vulnerable` (the published example) is Active")
    }

    /// The bands, on the score each definition gives: severity_score, else v3 (with its vector), else v2.
    func testSeverityBandsAndTheScoreTheyComeFrom() throws {
        func severity(_ definition: String) throws -> (String?, Double?) {
            let document = #"{"assets":[{"id":"a","new":[{"vulnerability_id":"v"}]}],"vulnerabilities":[\#(definition)]}"#
            let record = try Rapid7Fixtures.map(try XCTUnwrap(Rapid7Fixtures.findings(Rapid7Fixtures.page(JSONValue.parse(Array(document.utf8)))).first))
            return (record.parsed["normalized"]?["severity"]?.string, record.parsed["normalized"]?["score"]?.double)
        }
        let cases: [(String, String, Double?)] = [
            (#"{"id":"v","severity_score":10}"#, "Critical", 10), (#"{"id":"v","severity_score":9}"#, "Critical", 9),
            (#"{"id":"v","severity_score":8.9}"#, "High", 8.9), (#"{"id":"v","severity_score":7}"#, "High", 7),
            (#"{"id":"v","severity_score":6.9}"#, "Medium", 6.9), (#"{"id":"v","severity_score":4}"#, "Medium", 4),
            (#"{"id":"v","severity_score":3.9}"#, "Low", 3.9), (#"{"id":"v","severity_score":0.1}"#, "Low", 0.1),
            (#"{"id":"v","severity_score":0}"#, "None", 0),
            (#"{"id":"v","cvss_v3_score":9.8,"cvss_v3_vector":"CVSS:3.1/AV:N"}"#, "Critical", 9.8),
            (#"{"id":"v","cvss_v3_score":0.0,"cvss_v3_vector":null,"cvss_v2_score":5.0,"cvss_v2_vector":"(AV:N)"}"#, "Medium", 5),
            (#"{"id":"v","cvss_v3_score":0.0,"cvss_v3_vector":null}"#, "None", nil),
            (#"{"id":"w","severity_score":10}"#, "None", nil),   // not this finding's definition
        ]
        for (definition, expected, score) in cases {
            let (actual, actualScore) = try severity(definition)
            XCTAssertEqual(actual, expected, definition)
            XCTAssertEqual(actualScore, score, definition)
        }
        let written = try Rapid7Fixtures.record(windows, "msft-cve-2024-38063")
        XCTAssertEqual(written.written.severity, .critical, "the severity handed to the syslog header")
        XCTAssertEqual(try Rapid7Fixtures.record(missing, "abcd-abc-1234-1234").written.severity, .informational,
                       "unscored: lowest to shed, reads None")
    }

    func testVersionTwoOnlyAndEmptyCVEs() throws {
        let v2 = try XCTUnwrap(Rapid7Fixtures.record(sevenZip, "7-zip-cve-2008-6536").parsed["normalized"])
        XCTAssertEqual(v2["scoring_vector"]?.string, "AV:N/AC:L/Au:N/C:C/I:C/A:C")
        XCTAssertEqual(v2["cvss_version"]?.string, "2.0")
        XCTAssertEqual(v2["cves"]?.strings, ["CVE-2008-6536"])
        let v3 = try XCTUnwrap(Rapid7Fixtures.record(sevenZip, "7-zip-cve-2016-2334").parsed["normalized"])
        XCTAssertEqual(v3["cvss_version"]?.string, "3.0")
        let noCVE = try XCTUnwrap(Rapid7Fixtures.record(windows, "certificate-common-name-mismatch").parsed["normalized"])
        XCTAssertNil(noCVE["cves"], "an empty `cves` string writes no list")
        let two = try XCTUnwrap(Rapid7Fixtures.record(ipv6, "openssl-cve-2024-0727", key: "/opt/app/lib/libssl.so.3").parsed["normalized"])
        XCTAssertEqual(two["cves"]?.strings, ["CVE-2024-0727", "CVE-2024-0727-DUP"], "split on commas, trimmed")
    }

    func testAMissingDefinitionStillMapsAndSaysSo() throws {
        let record = try Rapid7Fixtures.record(missing, "abcd-abc-1234-1234")
        let normalized = try XCTUnwrap(record.parsed["normalized"])
        XCTAssertEqual(normalized["definition_missing"]?.bool, true)
        XCTAssertEqual(normalized["title"]?.string, "abcd-abc-1234-1234")
        XCTAssertEqual(normalized["severity"]?.string, "None")
        for absent in ["description", "cves", "score", "severity_raw", "references", "exploit_available", "scoring_vector"] {
            XCTAssertNil(normalized[absent], absent)
        }
        XCTAssertNil(record.parsed["vulnerability"])
        XCTAssertEqual(record.parsed["finding"]?["vulnerability_id"]?.string, "abcd-abc-1234-1234")
        let present = try XCTUnwrap(Rapid7Fixtures.record(windows, "msft-cve-2025-21204").parsed)
        XCTAssertNil(present["normalized"]?["definition_missing"])
        XCTAssertEqual(present["vulnerability"]?["id"]?.string, "msft-cve-2025-21204")
    }

    func testHTMLIsKeptRawAndNormalizedAsPlainText() throws {
        let record = try Rapid7Fixtures.record(windows, "certificate-common-name-mismatch")
        let raw = try XCTUnwrap(record.finding.finding["solution_fix"]?.string)
        XCTAssertEqual(record.parsed["finding"]?["solution_fix"]?.string, raw, "the raw finding keeps the HTML")
        XCTAssertTrue(record.text.contains(#""<p>\n        The subject&#39;s"#), "spliced, escapes as sent")
        let normalized = try XCTUnwrap(record.parsed["normalized"])
        XCTAssertEqual(normalized["remediation"]?.string, "Fix the subject's Common Name (CN) field in the certificate")
        XCTAssertEqual(normalized["remediation_detail"]?.string,
                       "The subject's common name (CN) field in the X.509 certificate should be fixed to reflect the name of the entity presenting the certificate & be signed by a trusted CA.")
        XCTAssertEqual(normalized["evidence"]?.string,
                       "The subject common name found in the X.509 certificate does not match the scan target: Subject CN ws-finance-07 does not match target name 'ws-finance-07.corp.example.com'.")
        func plain(_ html: String) -> String {
            Array(html.utf8).withUnsafeBufferPointer { String(decoding: HTMLPlainText.plainText($0), as: UTF8.self) }
        }
        XCTAssertEqual(plain("<ul><li>a</li><li>b</li></ul>"), "a b")
        XCTAssertEqual(plain("<pre>   password &lt;password&gt;</pre>"), "password <password>")
        XCTAssertEqual(plain("1 < 2 &amp;&amp; 3 &gt; 2 &unknown; &#x41;&#66;&nbsp;C"), "1 < 2 && 3 > 2 &unknown; AB C")
        XCTAssertEqual(plain("<p>\n  </p>"), "")
    }

    func testAssetsLinuxWindowsAndIPv6() throws {
        let linux = try XCTUnwrap(Rapid7Fixtures.record(sevenZip, "7-zip-cve-2016-2334").parsed["normalized"]?["asset"])
        XCTAssertEqual(linux["name"]?.string, "1.1.1.1", "no host name: the address")
        XCTAssertNil(linux["hostname"])
        XCTAssertEqual(linux["ipv4"]?.strings, ["1.1.1.1"])
        XCTAssertEqual(linux["class"]?.string, "Device")
        let windowsAsset = try XCTUnwrap(Rapid7Fixtures.record(windows, "msft-cve-2025-21204").parsed["normalized"]?["asset"])
        XCTAssertEqual(windowsAsset["name"]?.string, "ws-finance-07.corp.example.com")
        XCTAssertEqual(windowsAsset["os"]?.string, "Microsoft Windows")
        XCTAssertEqual(windowsAsset["os_description"]?.string, "Microsoft Windows Server 2022 Standard Edition 21H2")
        XCTAssertEqual(windowsAsset["last_seen"]?.int, 1_741_064_767_089)
        XCTAssertEqual(windowsAsset["tags"]?.elements.map { [$0["name"]?.string ?? "?", $0["value"]?.string ?? "?"] },
                       [["Finance", "CUSTOM"], ["HQ \"Building A\"", "LOCATION"], ["High", "CRITICALITY"], ["untyped", ""]])
        let v6 = try XCTUnwrap(Rapid7Fixtures.record(ipv6, "ssh-cve-2023-48795", port: 22).parsed["normalized"]?["asset"])
        XCTAssertEqual(v6["ipv6"]?.strings, ["2001:db8:10::25"])
        XCTAssertNil(v6["ipv4"])
        XCTAssertEqual(v6["os"]?.string, "Linux", "no os_system_name: os_name")
        XCTAssertEqual(v6["last_seen"]?.int, 1_746_508_089_000, "last_assessed_for_vulnerabilities, offset +02:00")
    }

    func testTheRawAssetLeavesOutItsFindingArraysAndKeepsEverythingElseAsSent() throws {
        let record = try Rapid7Fixtures.record(windows, "msft-cve-2025-21204")
        let asset = try XCTUnwrap(record.parsed["asset"])
        let original = record.finding.asset.keys.filter { !["new", "same", "remediated"].contains($0) }
        XCTAssertEqual(asset.keys, original)
        for key in original {
            XCTAssertEqual(try JSONSerialization.jsonObject(with: Data(asset[key]!.rawBytes), options: .fragmentsAllowed) as? NSObject,
                           try JSONSerialization.jsonObject(with: Data(record.finding.asset[key]!.rawBytes), options: .fragmentsAllowed) as? NSObject, key)
        }
        XCTAssertEqual(record.parsed.keys, ["timestamp", "msg_class", "msg_origin", "tenant", "tenantid", "connector", "region",
                                            "normalized", "asset", "vulnerability", "finding"])
        XCTAssertEqual(record.parsed["msg_class"]?.string, "rapid7_insightvm_finding")
        XCTAssertEqual(record.parsed["msg_origin"]?["processor"]?["name"]?.string, "rapid7_insightvm")
    }

    func testTheReductionLadder() throws {
        let full = try Rapid7Fixtures.record(windows, "msft-cve-2025-21204")
        let vendorBytes = full.finding.finding.rawBytes.count + (full.finding.definition?.rawBytes.count ?? 0)
        let without = try Rapid7Fixtures.record(windows, "msft-cve-2025-21204", detail: .withoutFinding)
        let compact = try Rapid7Fixtures.record(windows, "msft-cve-2025-21204", detail: .compact)
        let essential = try Rapid7Fixtures.record(windows, "msft-cve-2025-21204", detail: .essential)
        XCTAssertLessThan(without.written.bytes.count, full.written.bytes.count)
        XCTAssertLessThan(compact.written.bytes.count, without.written.bytes.count)
        XCTAssertLessThan(essential.written.bytes.count, compact.written.bytes.count)
        for reduced in [without, compact, essential] {
            XCTAssertNil(reduced.parsed["asset"]); XCTAssertNil(reduced.parsed["finding"]); XCTAssertNil(reduced.parsed["vulnerability"])
            XCTAssertEqual(reduced.parsed["reduced"]?["finding_omitted"]?.bool, true)
            XCTAssertGreaterThan(reduced.parsed["reduced"]?["original_bytes"]?.int ?? 0, Int64(vendorBytes))
            XCTAssertEqual(reduced.parsed["normalized"]?["uid"]?.string, full.parsed["normalized"]?["uid"]?.string)
        }
        XCTAssertEqual(without.parsed["normalized"]?.rawBytes, full.parsed["normalized"]?.rawBytes, "same normalized")
        let compactNormalized = try XCTUnwrap(compact.parsed["normalized"])
        XCTAssertEqual(compact.parsed["reduced"]?["long_fields_omitted"]?.bool, true)
        for dropped in ["description", "references", "remediation_detail", "evidence"] { XCTAssertNil(compactNormalized[dropped], dropped) }
        XCTAssertNil(compactNormalized["asset"]?["tags"])
        XCTAssertEqual(compactNormalized["cves"]?.strings, ["CVE-2025-21204"])
        XCTAssertEqual(compactNormalized["remediation"]?.string, full.parsed["normalized"]?["remediation"]?.string)
        XCTAssertEqual(essential.parsed["reduced"]?["essential_fields_only"]?.bool, true)
        XCTAssertEqual(essential.parsed["normalized"]?.keys, ["uid", "title", "status", "severity", "score", "region", "asset", "cves"])
        XCTAssertEqual(essential.parsed["normalized"]?["asset"]?.keys, ["uid", "class", "type", "name"])
        let port = try Rapid7Fixtures.record(windows, "certificate-common-name-mismatch", detail: .essential)
        XCTAssertEqual(port.parsed["normalized"]?["port"]?.int, 3389)
    }

    func testReadableRecordsHandOutTheirTapeAndTheRawFinding() throws {
        let header = Array("<134>1 2026-01-01T00:00:00Z host app - rapid7_insightvm_finding - ".utf8)
        // As the API sends pages: without line breaks (a pretty-printed page is scanned again instead).
        let fixture = try Data(contentsOf: Rapid7Fixtures.folder().appendingPathComponent("\(windows).json"))
        var compact = JSONWriter()
        compact.raw(try JSONValue.parse(Array(fixture)))
        let page = try Rapid7Fixtures.page(JSONValue.parse(compact.finish()))
        for finding in try Rapid7Fixtures.findings(page) {
            let record = try Rapid7Fixtures.map(finding, readable: true, header: header)
            XCTAssertEqual(Array(record.written.bytes.prefix(header.count)), header)
            let readable = try XCTUnwrap(record.written.record)
            XCTAssertEqual(readable["normalized"]?.rawBytes, record.parsed["normalized"]?.rawBytes)
            XCTAssertEqual(readable["asset"]?["host_name"]?.string, "ws-finance-07.corp.example.com", "asset.… can be filtered")
            XCTAssertEqual(readable["vulnerability"]?["id"]?.string, finding.finding["vulnerability_id"]?.string)
            XCTAssertNil(readable["finding"], "the finding is read from the page instead")
            XCTAssertEqual(record.written.finding?.rawBytes, finding.finding.rawBytes)
        }
        let plain = try Rapid7Fixtures.record(windows, "msft-cve-2025-21204")
        XCTAssertNil(plain.written.record)
        XCTAssertNil(plain.written.finding)
    }
}
