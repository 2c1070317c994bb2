import FindingsCollector
import Foundation
import JSONBytes
import XCTest

/// Each fixture shape, field by field (records are parsed back with JSONBytes).
final class InspectorFindingMapperTests: XCTestCase {
    func testStampAndKeyOrder() throws {
        let (record, parsed) = try InspectorFixtures.map("ec2-package-vulnerability", region: "us-east-1")
        XCTAssertEqual(parsed.keys, ["timestamp", "msg_class", "msg_origin", "tenant", "tenantid", "connector",
                                     "region", "normalized", "finding"])
        XCTAssertEqual(parsed["timestamp"]?.int, InspectorFixtures.collectedAtMillis)
        XCTAssertEqual(parsed["msg_class"]?.string, "aws_inspector_finding")
        let origin = try XCTUnwrap(parsed["msg_origin"])
        XCTAssertEqual(origin["source"]?.string, "aws_inspector")
        XCTAssertEqual(origin["vendor"]?.string, "aws")
        XCTAssertEqual(origin["category"]?.string, "security_scan")
        XCTAssertEqual(origin["processor"]?["type"]?.string, "log_collector")
        XCTAssertEqual(origin["processor"]?["name"]?.string, "aws_inspector")
        XCTAssertEqual(parsed["tenant"]?.string, "acme")
        XCTAssertEqual(parsed["tenantid"]?.string, "acme")
        XCTAssertEqual(parsed["connector"]?.string, "inspector-prod")
        XCTAssertEqual(parsed["region"]?.string, "us-east-1")
        XCTAssertEqual(record.detail, .full)
    }

    func testEC2PackageVulnerability() throws {
        let (record, parsed) = try InspectorFixtures.map("ec2-package-vulnerability")
        let n = try XCTUnwrap(parsed["normalized"])
        XCTAssertEqual(record.uid, "arn:aws:inspector2:us-east-1:123456789012:finding/0a1b2c3d4e5f60718293a4b5c6d7e8f9")
        XCTAssertEqual(n["uid"]?.string, record.uid)
        XCTAssertEqual(record.severity, .high)
        XCTAssertEqual(record.updatedAt, 1717171717.987)
        XCTAssertEqual(n["title"]?.string, "CVE-2024-0001 - openssl-libs, openssl")
        XCTAssertEqual(n["description"]?.string,
                       "A flaw was found in OpenSSL. A \"NULL pointer\" dereference\nin the X.509 path may crash the process.")
        XCTAssertEqual(n["type"]?.string, "PACKAGE_VULNERABILITY")
        XCTAssertEqual(n["status"]?.string, "Active")
        XCTAssertEqual(n["status_raw"]?.string, "ACTIVE")
        XCTAssertEqual(n["severity"]?.string, "High")
        XCTAssertEqual(n["score"]?.double, 8.8)
        XCTAssertEqual(n["scoring_vector"]?.string, "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H")
        XCTAssertEqual(n["aws_account_id"]?.string, "123456789012")
        XCTAssertEqual(n["region"]?.string, "us-east-1")
        XCTAssertEqual(n["cves"]?.strings, ["CVE-2024-0001", "CVE-2024-0002"], "deduplicated, GHSA left out")
        XCTAssertEqual(n["vulnerability_id"]?.string, "CVE-2024-0001")
        XCTAssertEqual(n["first_seen"]?.int, 1_714_000_000_123)
        XCTAssertEqual(n["last_seen"]?.int, 1_717_171_717_500)
        XCTAssertEqual(n["updated_at"]?.int, 1_717_171_717_987)
        XCTAssertEqual(n["remediation"]?.string, "dnf update openssl-libs", "\"None Provided\": the package's remediation")
        XCTAssertEqual(n["remediation_url"]?.string, "https://alas.aws.amazon.com/AL2023/ALAS-2024-001.html")
        XCTAssertEqual(n["source_url"]?.string, "https://nvd.nist.gov/vuln/detail/CVE-2024-0001")
        XCTAssertEqual(n["exploit_available"]?.string, "YES")
        XCTAssertEqual(n["fix_available"]?.string, "YES")
        XCTAssertEqual(n["epss_score"]?.double, 0.00123)
        XCTAssertNil(n["port"])
        XCTAssertNil(n["code_file"])

        let asset = try XCTUnwrap(n["asset"])
        XCTAssertEqual(asset.keys, ["uid", "class", "type", "name", "cloud_resource_type", "ipv4", "ipv6", "platform",
                                    "region", "partition", "tags", "instance_type", "image_id", "key_name",
                                    "iam_instance_profile_arn", "vpc_id", "subnet_id", "launched_at"])
        XCTAssertEqual(asset["uid"]?.string, "i-0123456789abcdef0")
        XCTAssertEqual(asset["class"]?.string, "Device")
        XCTAssertEqual(asset["type"]?.string, "AWS_EC2_INSTANCE")
        XCTAssertEqual(asset["cloud_resource_type"]?.string, "AWS::EC2::Instance")
        XCTAssertEqual(asset["name"]?.string, "web-frontend-1")
        XCTAssertEqual(asset["ipv4"]?.strings, ["10.0.1.15", "54.12.34.56"])
        XCTAssertEqual(asset["ipv6"]?.strings, ["2600:1f18:abcd::15"])
        XCTAssertEqual(asset["platform"]?.string, "AMAZON_LINUX_2023")
        XCTAssertEqual(asset["partition"]?.string, "aws")

        let packages = try XCTUnwrap(n["packages"]).elements
        XCTAssertEqual(packages.count, 2)
        XCTAssertEqual(packages[0].keys, ["name", "version", "release", "epoch", "arch", "fixed_in_version",
                                           "package_manager", "file_path", "remediation"])
        XCTAssertEqual(packages[0]["name"]?.string, "openssl-libs")
        XCTAssertEqual(packages[0]["version"]?.string, "3.0.8")
        XCTAssertEqual(packages[0]["fixed_in_version"]?.string, "1:3.0.8-1.amzn2023.0.12")
        XCTAssertEqual(packages[0]["package_manager"]?.string, "OS")
        XCTAssertEqual(packages[0]["file_path"]?.string, "/usr/lib64/libssl.so.3")
        XCTAssertEqual(packages[1]["fixed_in_version"]?.string, "NotAvailable")
        XCTAssertNil(packages[1]["file_path"])
    }

    func testECRContainerImage() throws {
        let (record, parsed) = try InspectorFixtures.map("ecr-image", region: "eu-west-1")
        let n = try XCTUnwrap(parsed["normalized"])
        XCTAssertEqual(record.severity, .critical)
        XCTAssertEqual(n["severity"]?.string, "Critical")
        XCTAssertEqual(n["status"]?.string, "Fixed", "SUPPRESSED counts as fixed")
        XCTAssertEqual(n["status_raw"]?.string, "SUPPRESSED")
        XCTAssertEqual(n["scoring_vector"]?.string, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "vendor CVSS fallback")
        XCTAssertEqual(n["cves"]?.strings, ["CVE-2019-10744"])
        XCTAssertEqual(n["fix_available"]?.string, "PARTIAL")
        XCTAssertEqual(n["exploit_available"]?.string, "NO")
        XCTAssertEqual(n["first_seen"]?.int, 1_710_000_000_000)
        let asset = try XCTUnwrap(n["asset"])
        XCTAssertEqual(asset["class"]?.string, "Container")
        XCTAssertEqual(asset["cloud_resource_type"]?.string, "AWS::ECR::ContainerImage")
        XCTAssertEqual(asset["name"]?.string, "shop/checkout", "no Name tag: the repository name")
        XCTAssertEqual(asset["repository"]?.string, "shop/checkout")
        XCTAssertEqual(asset["image_tags"]?.strings, ["v1.4.2", "latest"])
        XCTAssertEqual(asset["image_hash"]?.string, "sha256:2222222222222222222222222222222222222222222222222222222222222222")
        XCTAssertEqual(asset["platform"]?.string, "DEBIAN_12")
        XCTAssertEqual(asset["region"]?.string, "eu-west-1")
        XCTAssertNil(asset["ipv4"], "empty lists are omitted")
        XCTAssertEqual(n["packages"]?[0]?["package_manager"]?.string, "NPM")
    }

    func testLambdaFunction() throws {
        let (record, parsed) = try InspectorFixtures.map("lambda-function", region: "us-west-2")
        let n = try XCTUnwrap(parsed["normalized"])
        XCTAssertEqual(record.severity, .medium)
        XCTAssertEqual(n["status"]?.string, "Fixed", "CLOSED counts as fixed")
        XCTAssertEqual(n["cves"]?.strings, ["CVE-2023-32681"], "the same id in related is not repeated")
        XCTAssertEqual(n["updated_at"]?.int, 1_712_222_223_000)
        XCTAssertNil(n["scoring_vector"])
        let asset = try XCTUnwrap(n["asset"])
        XCTAssertEqual(asset["class"]?.string, "Resource")
        XCTAssertEqual(asset["cloud_resource_type"]?.string, "AWS::Lambda::Function")
        XCTAssertEqual(asset["name"]?.string, "billing-exporter", "no Name tag: the function name")
        XCTAssertEqual(asset["uid"]?.string, "arn:aws:lambda:us-west-2:123456789012:function:billing-exporter:$LATEST")
        XCTAssertNil(asset["platform"])
    }

    func testNetworkReachabilityWithoutScoreUsesTheSeverityField() throws {
        let (record, parsed) = try InspectorFixtures.map("network-reachability")
        let n = try XCTUnwrap(parsed["normalized"])
        XCTAssertEqual(record.severity, .medium)
        XCTAssertEqual(n["severity"]?.string, "Medium")
        XCTAssertNil(n["score"])
        XCTAssertEqual(n["type"]?.string, "NETWORK_REACHABILITY")
        XCTAssertEqual(n["port"]?.int, 22)
        XCTAssertEqual(n["port_end"]?.int, 22)
        XCTAssertEqual(n["protocol"]?.string, "TCP")
        XCTAssertNil(n["cves"])
        XCTAssertNil(n["packages"])
        XCTAssertEqual(n["remediation"]?.string, "Restrict access to port 22 in security group sg-0123456789abcdef0.")
        XCTAssertEqual(n["asset"]?["ipv4"]?.strings, ["3.3.3.3"])
    }

    func testCodeVulnerability() throws {
        let (record, parsed) = try InspectorFixtures.map("code-vulnerability")
        let n = try XCTUnwrap(parsed["normalized"])
        XCTAssertEqual(record.severity, .high)
        XCTAssertEqual(n["type"]?.string, "CODE_VULNERABILITY")
        XCTAssertEqual(n["code_file"]?.string, "src/handler.py")
        XCTAssertEqual(n["code_line"]?.int, 12)
        XCTAssertEqual(n["detector_name"]?.string, "Hardcoded credentials")
        XCTAssertEqual(n["cwes"]?.strings, ["CWE-798", "CWE-259"])
        XCTAssertEqual(n["asset"]?["name"]?.string, "Orders API", "tags.Name wins over the function name")
        XCTAssertNil(n["cves"])
    }

    func testNonASCIIText() throws {
        let (record, parsed) = try InspectorFixtures.map("unicode-text", region: "ap-northeast-1")
        let n = try XCTUnwrap(parsed["normalized"])
        XCTAssertEqual(record.severity, .low)
        XCTAssertEqual(n["title"]?.string, "CVE-2024-25062 - libxml2 の脆弱性 🚨")
        XCTAssertEqual(n["description"]?.string,
                       "脆弱性: バッファオーバーフロー 🔥 in \"libxml2\" — see\tdetails。 Emoji via escape: 🚀")
        XCTAssertEqual(n["asset"]?["name"]?.string, "東京サーバー🗼")
        XCTAssertNil(n["first_seen"])
        XCTAssertTrue(String(decoding: record.bytes, as: UTF8.self).contains("libxml2 の脆弱性 🚨"),
                      "non-ASCII stays UTF-8, not \\u escapes")
        let foundation = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(record.bytes)) as? [String: Any])
        let normalized = try XCTUnwrap(foundation["normalized"] as? [String: Any])
        XCTAssertEqual(normalized["title"] as? String, "CVE-2024-25062 - libxml2 の脆弱性 🚨")
        XCTAssertEqual((foundation["finding"] as? [String: Any])?["findingArn"] as? String, record.uid)
    }

    func testFindingIsSplicedByteForByte() throws {
        for name in ["ec2-package-vulnerability", "ecr-image", "lambda-function", "network-reachability",
                     "code-vulnerability", "unicode-text"] {
            let input = try InspectorFixtures.bytes(name)
            let (_, parsed) = try InspectorFixtures.map(name)
            // Pretty-printed fixtures: only the line breaks between tokens go (records are one line).
            let expected = input.filter { $0 != 0x0A }
            XCTAssertEqual(Array(try XCTUnwrap(parsed["finding"]).rawBytes), expected, name)
        }
        // A compact finding, as the API sends it, is copied exactly.
        let compact = Array(#"{"findingArn":"arn:x","title":"caf\u00e9 ☕","inspectorScore":1.50,"z":[ ]}"#.utf8)
        let page = try ListFindingsPage.parse(Array(#"{"findings":["#.utf8) + compact + Array("]}".utf8))
        let (_, parsed) = try InspectorFixtures.map(page.findings[0])
        XCTAssertEqual(Array(try XCTUnwrap(parsed["finding"]).rawBytes), compact)
    }

    func testMissingFindingArnIsAClearError() throws {
        for body in [#"{"title":"no arn"}"#, #"{"findingArn":null}"#, #"{"findingArn":42}"#, #"{"findingArn":""}"#] {
            let finding = try JSONValue.parse(Array(body.utf8))
            XCTAssertThrowsError(try InspectorFixtures.map(finding), body) { error in
                XCTAssertEqual(error as? InspectorMappingError, .missingFindingArn)
                XCTAssertTrue(String(describing: error).contains("findingArn"))
            }
        }
    }

    func testMinimalFindingFallsBackSensibly() throws {
        let finding = try JSONValue.parse(Array(#"{"findingArn":"arn:min","severity":"UNTRIAGED"}"#.utf8))
        let (record, parsed) = try InspectorFixtures.map(finding, region: "sa-east-1")
        XCTAssertEqual(record.severity, .informational)
        XCTAssertEqual(record.updatedAt, 0)
        XCTAssertEqual(parsed["normalized"]?.keys, ["uid", "status", "severity", "severity_raw", "region"])
        XCTAssertEqual(parsed["normalized"]?["severity"]?.string, "None", "unscored: None, the label kept raw")
        XCTAssertEqual(parsed["normalized"]?["severity_raw"]?.string, "UNTRIAGED")
        XCTAssertEqual(parsed["normalized"]?["status"]?.string, "Active")
        XCTAssertEqual(parsed["normalized"]?["region"]?.string, "sa-east-1", "connector region when no resource")
    }

    func testStampValuesAreEscaped() throws {
        let mapper = InspectorFindingMapper(stamp: RecordStamp(tenant: "a\"b\\c\n", connector: "日本"))
        let finding = try JSONValue.parse(Array(#"{"findingArn":"arn:x"}"#.utf8))
        let record = try mapper.map(finding, region: "r\"1", collectedAtMillis: 5)
        let parsed = try JSONValue.parse(record.bytes)
        XCTAssertEqual(parsed["tenant"]?.string, "a\"b\\c\n")
        XCTAssertEqual(parsed["tenantid"]?.string, "a\"b\\c\n")
        XCTAssertEqual(parsed["connector"]?.string, "日本")
        XCTAssertEqual(parsed["region"]?.string, "r\"1")
    }
}
