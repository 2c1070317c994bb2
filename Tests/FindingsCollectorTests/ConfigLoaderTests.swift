@testable import FindingsCollector
import Foundation
import XCTest

final class ConfigLoaderTests: XCTestCase {
    private func problems(_ json: String) -> [String] {
        do {
            _ = try ConfigLoader.parse(Array(json.utf8))
            return []
        } catch ConfigError.invalid(let problems) {
            return problems.map(\.description)
        } catch {
            return ["unexpected: \(error)"]
        }
    }

    private let destinations = #""destinations": {"siem": {"protocol": "udp", "host": "127.0.0.1", "port": 5514}}"#

    func testTheShippedExampleIsValid() throws {
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("etc/findings-collector.json")
        let config = try ConfigLoader.load(path: example.path)
        XCTAssertEqual(config.connectors.map(\.name), ["prod-inspector", "dev-inspector", "org-inspector", "prod-rapid7"])
        let prod = try XCTUnwrap(config.connector(named: "prod-inspector"))
        XCTAssertEqual(prod.inspector.auth.method, .iamRole)
        XCTAssertEqual(prod.inspector.auth.accessKeyId, .environment(variable: "INSPECTOR_ACCESS_KEY_ID"))
        XCTAssertEqual(prod.inspector.auth.secretAccessKey, .file(path: "/etc/findings-collector/secret_access_key"))
        XCTAssertEqual(prod.inspector.regions, ["us-east-1", "eu-west-1"])
        XCTAssertEqual(config.destination(for: prod)?.transport, .tcp)
        XCTAssertNotNil(prod.inspector.filterCriteria)
    }

    func testDefaultsApply() throws {
        let config = try ConfigLoader.parse(Array("""
        {\(destinations), "connectors": [{"name": "a", "type": "aws_inspector", "tenant": "t", "destination": "siem",
          "regions": ["us-east-1"], "auth": {"method": "default"}}]}
        """.utf8))
        let connector = config.connectors[0]
        XCTAssertEqual(connector.intervalMinutes, 15)
        XCTAssertEqual(connector.initialLookbackHours, 24)
        XCTAssertEqual(connector.inspector.settleSeconds, 120)
        XCTAssertEqual(connector.maxAttempts, 10)
        XCTAssertTrue(connector.tls.verify)
        XCTAssertEqual(config.destinations["siem"]?.maxMessageSize, 8096, "what a stock rsyslog accepts")
        XCTAssertEqual(config.stateDirectory, "/var/lib/findings-collector")
    }

    func testEveryProblemIsReportedAtOnceWithItsKeyPath() {
        let found = problems("""
        {\(destinations), "connectors": [
          {"name": "ok", "type": "aws_inspector", "tenant": "t", "destination": "siem", "regions": ["us-east-1"],
           "auth": {"method": "default"}},
          {"name": "bad", "type": "aws_inspectr", "tenant": "t", "destination": "nowhere", "regions": ["mars-1"],
           "interval_minuts": 5,
           "auth": {"method": "iam_role", "role_arn": "arn:aws:iam::12:user/x", "duration_seconds": 60}}
        ]}
        """)
        let expected = [
            "connectors[1].type: unknown value \"aws_inspectr\"",
            "connectors[1].regions[0]: \"mars-1\" is not an AWS region name",
            "connectors[1].auth.role_arn: not an IAM role ARN",
            "connectors[1].auth.duration_seconds: must be between 900 and 43200",
            "connectors[1].interval_minuts: unknown key; did you mean \"interval_minutes\"?",
        ]
        for fragment in expected {
            XCTAssertTrue(found.contains { $0.hasPrefix(fragment) }, "missing \(fragment) in \(found)")
        }
        XCTAssertFalse(found.contains { $0.hasPrefix("connectors[0]") }, "\(found)")
    }

    func testSecretSourcesAreExclusiveAndRequired() {
        let found = problems("""
        {\(destinations), "connectors": [{"name": "a", "type": "aws_inspector", "tenant": "t", "destination": "siem",
          "regions": ["us-east-1"],
          "auth": {"method": "access_key", "access_key_id": "AKIA", "access_key_id_env": "X"}}]}
        """)
        XCTAssertTrue(found.contains("connectors[0].auth.access_key_id: give only one of access_key_id, access_key_id_env, access_key_id_file"), "\(found)")
        XCTAssertTrue(found.contains { $0.hasPrefix("connectors[0].auth.secret_access_key: missing") }, "\(found)")
    }

    func testUnknownDestinationAndDuplicateNames() {
        let connector = #"{"name": "same", "type": "aws_inspector", "tenant": "t", "destination": "siem", "regions": ["us-east-1"], "auth": {"method": "default"}}"#
        let found = problems("{\(destinations), \"connectors\": [\(connector), \(connector.replacingOccurrences(of: "\"siem\"", with: "\"other\""))]}")
        XCTAssertTrue(found.contains { $0.hasPrefix("connectors[1].name: \"same\" is used by another connector") }, "\(found)")
        XCTAssertTrue(found.contains { $0.hasPrefix("connectors[1].destination: no destination named \"other\"") }, "\(found)")
    }

    func testInvalidJSONNamesLineAndColumn() {
        let found = problems("{\n  \"state_dir\": \"/tmp\",\n  \"destinations\": {,}\n}")
        XCTAssertEqual(found.count, 1)
        XCTAssertTrue(found[0].contains("line 3"), "\(found)")
    }

    func testSecretResolutionNamesTheSourceNotTheValue() throws {
        XCTAssertEqual(try SecretSource.environment(variable: "K").resolve(key: "k", environment: ["K": "s3cr3t"]), "s3cr3t")
        XCTAssertThrowsError(try SecretSource.environment(variable: "MISSING").resolve(key: "connectors[0].auth.secret_access_key", environment: [:])) { error in
            XCTAssertEqual("\(error)", "connectors[0].auth.secret_access_key: environment variable MISSING is not set or empty")
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("secret-\(UUID())")
        try "  from-file\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        XCTAssertEqual(try SecretSource.file(path: file.path).resolve(key: "k", environment: [:]), "from-file")
    }
}
