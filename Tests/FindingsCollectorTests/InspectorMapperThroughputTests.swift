import FindingsCollector
import Foundation
import JSONBytes
import XCTest

/// A by-hand measurement of the hot path (page parse + map), not a timed assertion. For real numbers:
///   FINDINGS_BENCH_PAGES=2000 swift test -c release --filter InspectorMapperThroughputTests
final class InspectorMapperThroughputTests: XCTestCase {
    func testMeasureParseAndMapThroughput() throws {
        let finding = try fourKiBFinding()
        XCTAssertGreaterThanOrEqual(finding.count, 4000)
        XCTAssertLessThanOrEqual(finding.count, 4400)
        var page = Array(#"{"findings":["#.utf8)
        for index in 0..<100 {
            if index > 0 { page.append(UInt8(ascii: ",")) }
            page += finding
        }
        page += Array(#"],"nextToken":"next"}"#.utf8)

        let pages = Int(ProcessInfo.processInfo.environment["FINDINGS_BENCH_PAGES"] ?? "") ?? 5
        let mapper = InspectorFindingMapper(stamp: RecordStamp(tenant: "bench", connector: "bench"))
        var outputBytes = 0
        var severities = [Int](repeating: 0, count: FindingSeverity.allCases.count)
        let start = processCPUSeconds()
        do {
            for _ in 0..<pages {
                let parsed = try ListFindingsPage.parse(page)
                for value in parsed.findings {
                    let record = try mapper.map(value, region: "us-east-1", collectedAtMillis: 1_717_171_800_000)
                    outputBytes += record.bytes.count
                    severities[record.severity.rawValue] += 1
                }
            }
        }
        let findings = pages * 100
        XCTAssertEqual(severities[FindingSeverity.high.rawValue], findings)
        XCTAssertGreaterThan(outputBytes, findings * finding.count)
        // CPU time of this process, so other work on the machine does not skew the figure.
        let seconds = processCPUSeconds() - start
        let rate = Double(findings) / seconds
        print(String(format: "parse+map (CPU time): %d findings of %d bytes in %.3f s = %.0f findings/s, %.1f MB/s in",
                     findings, finding.count, seconds, rate, Double(findings * finding.count) / seconds / 1e6))
    }

    private func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// The EC2 fixture grown to about 4 KiB (more packages, related CVEs), compact as the API sends it.
    private func fourKiBFinding() throws -> [UInt8] {
        var object = try XCTUnwrap(try JSONSerialization.jsonObject(
            with: Data(InspectorFixtures.bytes("ec2-package-vulnerability"))) as? [String: Any])
        var details = try XCTUnwrap(object["packageVulnerabilityDetails"] as? [String: Any])
        var packages = try XCTUnwrap(details["vulnerablePackages"] as? [[String: Any]])
        for index in 0..<7 {
            packages.append(["name": "library-\(index)", "version": "1.\(index).0", "fixedInVersion": "1.\(index).9",
                             "packageManager": "OS", "arch": "X86_64", "release": "2.amzn2023", "epoch": 0,
                             "filePath": "/usr/lib64/library-\(index).so.1"])
        }
        details["vulnerablePackages"] = packages
        details["relatedVulnerabilities"] = (1...12).map { "CVE-2024-\(2000 + $0)" }
        object["packageVulnerabilityDetails"] = details
        object["description"] = String(repeating: "A flaw in the certificate path validation. ", count: 9)
        return Array(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }
}
