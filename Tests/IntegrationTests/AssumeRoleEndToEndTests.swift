import FindingsCollector
import Simulator
import Foundation
import HTTP
import MotoSupport
import XCTest

/// auth.method "iam_role" through the real binary: STS is moto (which checks every signature and the role's
/// trust policy), Inspector2 is the project's double, the destination a local receiver.
final class AssumeRoleEndToEndTests: XCTestCase {
    func testTestConnectorAndRunWithAnAssumedRole() async throws {
        let moto = try MotoServer(unauthenticatedActions: MotoAccount.setupActions)
        defer { moto.stop() }
        let client = HTTPClient(settings: HTTPClientSettings(proxy: ""))
        defer { client.shutdown() }
        let account = try await MotoAccount.create(in: moto, using: client, externalId: "tenant-7")
        let findings = SyntheticFindings(count: 60, newestUpdatedAt: Date().addingTimeInterval(-600))
        let fixture = try CollectorFixture(findings: findings)
        defer { fixture.remove() }
        let receiver = try LoopbackSyslogReceiver { _ in }
        defer { receiver.stop() }

        func writeConfig(externalId: String) throws {
            let auth = """
            {"method": "iam_role", "access_key_id": "\(account.userKey.accessKeyId)",
             "secret_access_key_env": "MOTO_SECRET", "role_arn": "\(MotoAccount.roleArn)",
             "external_id": "\(externalId)", "duration_seconds": 900}
            """
            try fixture.writeConfig(destination: #"{"protocol": "tcp", "host": "127.0.0.1", "port": \#(receiver.port)}"#,
                                    connectors: [fixture.connector("assumed", auth: auth, stsEndpoint: moto.baseURL)])
        }
        let environment = ["MOTO_SECRET": account.userKey.secretAccessKey]

        try writeConfig(externalId: "tenant-7")
        let check = try CollectorProcess.run(["test-connector", "assumed", "--config", fixture.configPath],
                                             environment: environment, timeout: 30)
        XCTAssertEqual(check.status, 0, check.stdout + check.stderr)
        XCTAssertTrue(check.stdout.contains("assume role: ok — assumed \(MotoAccount.roleArn)"), check.stdout)
        XCTAssertTrue(check.stdout.contains("assumed-role/inspector-reader/findings-collector"), check.stdout)
        XCTAssertFalse(check.stdout.contains(account.userKey.secretAccessKey), "secret leaked")

        let run = try CollectorProcess.run(["run", "--config", fixture.configPath, "--once"], environment: environment, timeout: 30)
        XCTAssertEqual(run.status, 0, run.stderr)
        // test-connector's test record, then the 60 findings and the pass's stats record.
        XCTAssertTrue(eventually(timeout: 5) { receiver.count == 62 }, "received \(receiver.count)")

        // The trust policy requires the external ID: a wrong one is refused by STS and explained.
        try writeConfig(externalId: "tenant-8")
        let refused = try CollectorProcess.run(["test-connector", "assumed", "--config", fixture.configPath],
                                               environment: environment, timeout: 30)
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stdout.contains("Failure: sts:AssumeRole returned HTTP 403 AccessDenied"), refused.stdout)
        XCTAssertTrue(refused.stdout.contains("trust policy and external ID"), refused.stdout)
    }
}
