import FindingsCollector
import Foundation
import JSONBytes
import XCTest

/// The `normalized` fields of issue #12, read from the AWS User Guide's published example findings and the
/// provider-agnostic (Azure VM) fixture: what other collectors keep must not be lost.
final class InspectorNormalizedFieldsTests: XCTestCase {
    private func normalized(_ name: String) throws -> JSONValue {
        try XCTUnwrap(InspectorFixtures.map(name).parsed["normalized"])
    }

    func testEC2InstanceAttributesVendorDatesAndPackageRemediation() throws {
        let n = try normalized("aws-docs-ec2-package-vulnerability")
        XCTAssertEqual(n["severity"]?.string, "Medium")
        XCTAssertEqual(n["severity_raw"]?.string, "MEDIUM")
        XCTAssertEqual(n["cvss_version"]?.string, "3.1")
        XCTAssertEqual(n["vulnerability_source"]?.string, "UBUNTU_CVE")
        XCTAssertEqual(n["vendor_severity"]?.string, "medium")
        XCTAssertEqual(n["published_at"]?.int, 1_721_938_500_000)
        XCTAssertEqual(n["references"]?.strings, ["https://www.cve.org/CVERecord?id=CVE-2024-29069",
                                                   "https://ubuntu.com/security/notices/USN-6940-1"])
        XCTAssertEqual(n["remediation"]?.string, "apt-get update && apt-get upgrade",
                       "\"None Provided\" falls back to the package's remediation")
        let asset = try XCTUnwrap(n["asset"])
        XCTAssertEqual(asset["instance_type"]?.string, "t2.small")
        XCTAssertEqual(asset["image_id"]?.string, "ami-02ff980600c693b38")
        XCTAssertEqual(asset["vpc_id"]?.string, "vpc-12345678")
        XCTAssertEqual(asset["subnet_id"]?.string, "subnet-12345678")
        XCTAssertEqual(asset["iam_instance_profile_arn"]?.string,
                       "arn:aws:iam::123456789012:instance-profile/AmazonSSMRoleForInstancesQuickSetup")
        XCTAssertEqual(asset["launched_at"]?.int, 1_725_469_060_000)
        XCTAssertEqual(asset["name"]?.string, "i-12345678901234567", "no Name tag: an instance falls back to its id")
        let package = try XCTUnwrap(n["packages"]?[0])
        XCTAssertEqual(package["epoch"]?.int, 0)
        XCTAssertEqual(package["arch"]?.string, "ALL")
        XCTAssertEqual(package["remediation"]?.string, "apt-get update && apt-get upgrade")
    }

    func testECRImageAttributesTagsAndLayers() throws {
        let n = try normalized("aws-docs-ecr-package-vulnerability")
        XCTAssertNil(n["scoring_vector"], "no adjusted and no vendor CVSS")
        let asset = try XCTUnwrap(n["asset"])
        XCTAssertEqual(asset["class"]?.string, "Container")
        XCTAssertEqual(asset["name"]?.string, "inspector2")
        XCTAssertEqual(asset["registry"]?.string, "123456789012")
        XCTAssertEqual(asset["architecture"]?.string, "arm64")
        XCTAssertEqual(asset["image_pushed_at"]?.int, 1_725_468_928_000)
        XCTAssertEqual(asset["tags"]?.elements.map { [$0["name"]?.string, $0["value"]?.string] }, [["testkey", "allow"]])
        let package = try XCTUnwrap(n["packages"]?[1])
        XCTAssertEqual(package["release"]?.string, "0ubuntu3.2")
        XCTAssertEqual(package["source_layer_hash"]?.string,
                       "sha256:1567e7ea90b67fc95ccdeeec39bdc3045098dee7e0c604975b957a9f8c0e9616")
    }

    func testLambdaAttributesAndExploitTime() throws {
        let n = try normalized("aws-docs-lambda-package-vulnerability")
        XCTAssertEqual(n["severity"]?.string, "High")
        XCTAssertEqual(n["vendor_updated_at"]?.int, 1_692_566_109_000)
        XCTAssertEqual(n["last_exploited_at"]?.int, 1_725_062_690_000)
        let asset = try XCTUnwrap(n["asset"])
        XCTAssertEqual(asset["name"]?.string, "VulnerableFunction")
        XCTAssertEqual(asset["runtime"]?.string, "PYTHON_3_11")
        XCTAssertEqual(asset["package_type"]?.string, "ZIP")
        XCTAssertEqual(asset["architecture"]?.string, "X86_64")
        XCTAssertEqual(asset["function_version"]?.string, "$LATEST")
        XCTAssertEqual(asset["execution_role_arn"]?.string,
                       "arn:aws:iam::123456789012:role/service-role/VulnerableFunction-role-f9vs5mq8")
        XCTAssertEqual(asset["last_modified_at"]?.int, 1_725_468_620_000)
    }

    func testCodeFindingDetectorAndLines() throws {
        let n = try normalized("aws-docs-lambda-code-vulnerability")
        XCTAssertEqual(n["severity"]?.string, "Critical", "no score: Inspector's label decides")
        XCTAssertEqual(n["code_line"]?.int, 6)
        XCTAssertEqual(n["code_line_end"]?.int, 6)
        XCTAssertEqual(n["detector_id"]?.string, "python/hardcoded-credentials@v1.0")
        XCTAssertEqual(n["rule_id"]?.string, "python-detect-hardcoded-aws-credentials")
        XCTAssertEqual(n["detector_tags"]?.strings, ["secrets", "security", "owasp-top10", "top25-cwes", "cwe-798", "Python"])
    }

    func testNetworkPathSteps() throws {
        let n = try normalized("aws-docs-ec2-network-reachability")
        let steps = try XCTUnwrap(n["network_path"]).elements
        XCTAssertEqual(steps.map { $0["component_type"]?.string }, ["AWS::EC2::InternetGateway", "AWS::EC2::NetworkAcl",
                       "AWS::EC2::SecurityGroup", "AWS::EC2::NetworkInterface", "AWS::EC2::Instance"])
        XCTAssertEqual(steps[0]["component_id"]?.string, "igw-261bab4d")
    }

    func testAzureVirtualMachineMapsLikeAnEC2Instance() throws {
        let n = try normalized("azure-vm-package-vulnerability")
        let asset = try XCTUnwrap(n["asset"])
        XCTAssertEqual(asset["class"]?.string, "Device")
        XCTAssertEqual(asset["type"]?.string, "Microsoft.Compute/virtualMachines")
        XCTAssertEqual(asset["name"]?.string, "web-eu-01")
        XCTAssertEqual(asset["ipv4"]?.strings, ["10.4.0.7", "20.50.60.70"])
        XCTAssertEqual(asset["platform"]?.string, "UBUNTU_24_04")
        XCTAssertNil(asset["cloud_resource_type"], "not a CloudFormation resource")
        XCTAssertEqual(asset["tags"]?.elements.compactMap { $0["name"]?.string }, ["env", "owner"])
    }

    func testAnInstanceIsNeverNamedAfterAnImageRepository() throws {
        let finding = try JSONValue.parse(Array(#"""
        {"findingArn":"arn:x","resources":[{"type":"AWS_EC2_INSTANCE","id":"i-0abc",
          "details":{"awsEcrContainerImage":{"repositoryName":"shop/checkout"},"awsEc2Instance":{"type":"t3.micro"}}}]}
        """#.utf8))
        let asset = try XCTUnwrap(InspectorFixtures.map(finding).parsed["normalized"]?["asset"])
        XCTAssertEqual(asset["name"]?.string, "i-0abc")
        XCTAssertEqual(asset["class"]?.string, "Device")
    }

    func testInformationalReadsNoneAndTheLabelIsKept() throws {
        let finding = try JSONValue.parse(Array(#"{"findingArn":"arn:x","severity":"INFORMATIONAL"}"#.utf8))
        let (record, parsed) = try InspectorFixtures.map(finding)
        XCTAssertEqual(record.severity, .informational, "still shed first")
        XCTAssertEqual(parsed["normalized"]?["severity"]?.string, "None")
        XCTAssertEqual(parsed["normalized"]?["severity_raw"]?.string, "INFORMATIONAL")
    }
}
