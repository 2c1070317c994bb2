import Foundation
import XCTest
@testable import FindingsCollector
@testable import Simulator

final class SyntheticFindingsTests: XCTestCase {
    private let newest = Date(timeIntervalSince1970: 1_750_000_000.25)

    private func object(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        let parsed = try JSONSerialization.jsonObject(with: Data(bytes))
        return try XCTUnwrap(parsed as? [String: Any], "finding is not a JSON object", file: file, line: line)
    }

    func testSameSeedGivesSameBytesAndOtherSeedDiffers() {
        let first = SyntheticFindings(count: 500, newestUpdatedAt: newest, seed: 7)
        let again = SyntheticFindings(count: 500, newestUpdatedAt: newest, seed: 7)
        let other = SyntheticFindings(count: 500, newestUpdatedAt: newest, seed: 8)
        for index in [0, 1, 17, 250, 499] {
            XCTAssertEqual(first.finding(at: index), again.finding(at: index), "finding \(index) not deterministic")
            XCTAssertNotEqual(first.finding(at: index), other.finding(at: index))
            XCTAssertNotEqual(first.arn(at: index), other.arn(at: index))
        }
    }

    func testEveryFindingIsValidJSONBetweenTwoAndSixKiBAndAgreesWithItsAccessors() throws {
        let findings = SyntheticFindings(count: 3_000, newestUpdatedAt: newest, spacing: 30,
                                         accountIds: ["111111111111", "222222222222"], region: "eu-west-1")
        for index in 0..<findings.count {
            let bytes = findings.finding(at: index)
            XCTAssert((2_048...6_144).contains(bytes.count), "finding \(index) is \(bytes.count) bytes")
            let finding = try object(bytes)
            XCTAssertEqual(finding["findingArn"] as? String, findings.arn(at: index))
            XCTAssertEqual((finding["updatedAt"] as? NSNumber)?.doubleValue, findings.updatedAt(at: index))
            XCTAssertEqual(finding["severity"] as? String, findings.severity(at: index))
            XCTAssertEqual(finding["status"] as? String, findings.status(at: index))
            XCTAssertEqual(finding["type"] as? String, findings.findingType(at: index))
            XCTAssertEqual(finding["awsAccountId"] as? String, findings.accountId(at: index))
            let resource = try XCTUnwrap((finding["resources"] as? [[String: Any]])?.first)
            XCTAssertEqual(resource["type"] as? String, findings.resourceType(at: index))
            XCTAssertEqual(resource["region"] as? String, "eu-west-1")
            for required in ["description", "remediation", "firstObservedAt", "lastObservedAt", "title"] {
                XCTAssertNotNil(finding[required], "finding \(index) lacks \(required)")
            }
            let last = try XCTUnwrap((finding["lastObservedAt"] as? NSNumber)?.doubleValue)
            let first = try XCTUnwrap((finding["firstObservedAt"] as? NSNumber)?.doubleValue)
            XCTAssertLessThanOrEqual(last, findings.updatedAt(at: index))
            XCTAssertLessThanOrEqual(first, last)
            if let score = (finding["inspectorScore"] as? NSNumber)?.doubleValue {
                XCTAssertEqual(findings.severity(at: index), Self.severity(forScore: score), "finding \(index) score \(score)")
            }
        }
    }

    func testUpdatedAtFallsBySpacingFromTheNewest() {
        let findings = SyntheticFindings(count: 10, newestUpdatedAt: newest, spacing: 45)
        XCTAssertEqual(findings.updatedAt(at: 0), 1_750_000_000.25)
        XCTAssertEqual(findings.updatedAt(at: 9), 1_750_000_000.25 - 9 * 45)
    }

    func testArnsAreUniqueAndWellFormed() throws {
        let findings = SyntheticFindings(count: 50_000, newestUpdatedAt: newest, region: "ap-southeast-2")
        let pattern = try NSRegularExpression(pattern: #"^arn:aws:inspector2:[a-z]{2}-[a-z]+-\d:\d{12}:finding/[a-f0-9]{32}$"#)
        var seen = Set<String>()
        for index in 0..<findings.count {
            let arn = findings.arn(at: index)
            XCTAssertTrue(seen.insert(arn).inserted, "duplicate arn at \(index)")
            if index % 1_000 == 0 {
                XCTAssertEqual(pattern.numberOfMatches(in: arn, range: NSRange(arn.startIndex..., in: arn)), 1, arn)
            }
        }
    }

    func testShapesAppearInTheStatedProportions() {
        let findings = SyntheticFindings(count: 20_000, newestUpdatedAt: newest)
        var counts: [String: Int] = [:]
        var statuses: [String: Int] = [:]
        for index in 0..<findings.count {
            counts[findings.findingType(at: index) + "/" + findings.resourceType(at: index), default: 0] += 1
            statuses[findings.status(at: index), default: 0] += 1
        }
        let expected: [String: Double] = [
            "PACKAGE_VULNERABILITY/AWS_EC2_INSTANCE": 0.60, "PACKAGE_VULNERABILITY/AWS_ECR_CONTAINER_IMAGE": 0.20,
            "PACKAGE_VULNERABILITY/AWS_LAMBDA_FUNCTION": 0.10, "NETWORK_REACHABILITY/AWS_EC2_INSTANCE": 0.07,
            "CODE_VULNERABILITY/AWS_LAMBDA_FUNCTION": 0.03,
        ]
        XCTAssertEqual(Set(counts.keys), Set(expected.keys))
        for (shape, share) in expected {
            XCTAssertEqual(Double(counts[shape] ?? 0) / 20_000, share, accuracy: 0.015, shape)
        }
        XCTAssertGreaterThan(statuses["ACTIVE"] ?? 0, 15_000)
        XCTAssertGreaterThan(statuses["SUPPRESSED"] ?? 0, 0)
        XCTAssertGreaterThan(statuses["CLOSED"] ?? 0, 0)
    }

    func testSomeTextNeedsEscapingOrIsNotASCIIAndSurvivesParsing() throws {
        let findings = SyntheticFindings(count: 400, newestUpdatedAt: newest)
        var sawNewline = false, sawQuote = false, sawBackslash = false, sawNonASCII = false, sawNonASCIITitle = false
        for index in 0..<findings.count {
            let finding = try object(findings.finding(at: index))
            let description = try XCTUnwrap(finding["description"] as? String)
            sawNewline = sawNewline || description.contains("\n")
            sawQuote = sawQuote || description.contains("\"")
            sawBackslash = sawBackslash || description.contains("\\")
            sawNonASCII = sawNonASCII || description.unicodeScalars.contains { !$0.isASCII }
            sawNonASCIITitle = sawNonASCIITitle || (finding["title"] as? String ?? "").unicodeScalars.contains { !$0.isASCII }
        }
        XCTAssertTrue(sawNewline && sawQuote && sawBackslash && sawNonASCII && sawNonASCIITitle)
    }

    func testEachShapeCarriesItsDetails() throws {
        let findings = SyntheticFindings(count: 300, newestUpdatedAt: newest)
        var checked: Set<String> = []
        for index in 0..<findings.count {
            let finding = try object(findings.finding(at: index))
            let resource = try XCTUnwrap((finding["resources"] as? [[String: Any]])?.first)
            let details = try XCTUnwrap(resource["details"] as? [String: Any])
            switch (findings.findingType(at: index), findings.resourceType(at: index)) {
            case ("PACKAGE_VULNERABILITY", let type):
                let package = try XCTUnwrap(finding["packageVulnerabilityDetails"] as? [String: Any])
                XCTAssertTrue((package["vulnerabilityId"] as? String ?? "").hasPrefix("CVE-"))
                XCTAssertFalse((package["vulnerablePackages"] as? [Any] ?? []).isEmpty)
                XCTAssertFalse((package["cvss"] as? [Any] ?? []).isEmpty)
                let key = ["AWS_EC2_INSTANCE": "awsEc2Instance", "AWS_ECR_CONTAINER_IMAGE": "awsEcrContainerImage",
                           "AWS_LAMBDA_FUNCTION": "awsLambdaFunction"][type]!
                XCTAssertNotNil(details[key], "\(type) without \(key)")
                checked.insert(type)
            case ("NETWORK_REACHABILITY", _):
                let network = try XCTUnwrap(finding["networkReachabilityDetails"] as? [String: Any])
                XCTAssertNotNil((network["openPortRange"] as? [String: Any])?["begin"])
                XCTAssertEqual(network["protocol"] as? String, "TCP")
                checked.insert("network")
            default:
                let code = try XCTUnwrap(finding["codeVulnerabilityDetails"] as? [String: Any])
                XCTAssertFalse((code["cwes"] as? [String] ?? []).isEmpty)
                XCTAssertNotNil(details["awsLambdaFunction"])
                checked.insert("code")
            }
        }
        XCTAssertEqual(checked, ["AWS_EC2_INSTANCE", "AWS_ECR_CONTAINER_IMAGE", "AWS_LAMBDA_FUNCTION", "network", "code"])
    }

    private static func severity(forScore score: Double) -> String {
        switch score {
        case 9.0...: return "CRITICAL"
        case 7.0..<9.0: return "HIGH"
        case 4.0..<7.0: return "MEDIUM"
        case 0.1..<4.0: return "LOW"
        default: return "INFORMATIONAL"
        }
    }
}
