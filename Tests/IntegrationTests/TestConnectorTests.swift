import FindingsCollector
import Simulator
import Foundation
import XCTest

/// `test-connector` with the real binary against the Inspector2 double answering each error status.
final class TestConnectorTests: XCTestCase {
    private var directory: URL!
    private var simulator: InspectorSimulator!
    private var double: InspectorDouble!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        double = InspectorDouble(findings: SyntheticFindings(count: 20, newestUpdatedAt: Date().addingTimeInterval(-600)))
        simulator = try InspectorSimulator(double: double)
    }

    override func tearDownWithError() throws {
        simulator.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// A config whose destination is a TCP port we listen on (or a closed one).
    private func config(destinationPort: Int) throws -> String {
        let text = """
        {"state_dir": "\(directory.path)",
         "destinations": {"siem": {"protocol": "tcp", "host": "127.0.0.1", "port": \(destinationPort)}},
         "connectors": [{"name": "probe", "type": "aws_inspector", "tenant": "t", "destination": "siem",
           "regions": ["us-east-1"], "endpoint_url": "\(simulator.endpoint)", "sts_endpoint_url": "\(simulator.endpoint)",
           "auth": {"method": "access_key", "access_key_id": "AKIATESTCONNECTOR001", "secret_access_key": "tc-secret-value"}}]}
        """
        let path = directory.appendingPathComponent("config.json").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func testConnector(destinationPort: Int) throws -> CollectorProcess.Result {
        let result = try CollectorProcess.run(["test-connector", "probe", "--config", try config(destinationPort: destinationPort)],
                                              timeout: 30)
        XCTAssertFalse(result.stdout.contains("tc-secret-value") || result.stderr.contains("tc-secret-value"), "secret leaked")
        return result
    }

    private func lastLine(_ text: String) -> String {
        text.split(separator: "\n").last.map(String.init) ?? ""
    }

    func testSuccessWhenEveryStepPasses() throws {
        let receiver = try LoopbackSyslogReceiver { _ in }
        defer { receiver.stop() }
        let result = try testConnector(destinationPort: receiver.port)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertEqual(lastLine(result.stdout), "Success")
        XCTAssertTrue(result.stdout.contains("sts:GetCallerIdentity: ok"), result.stdout)
        XCTAssertTrue(result.stdout.contains("inspector2:ListFindings us-east-1: ok"), result.stdout)
        XCTAssertTrue(result.stdout.contains("AKIA…R001"), "key id shown masked: \(result.stdout)")
        let deadline = Date().addingTimeInterval(3)
        while receiver.count < 1, Date() < deadline { usleep(20_000) }
        XCTAssertEqual(receiver.count, 1, "one test record reaches the destination")
    }

    func testEachErrorStatusIsExplained() throws {
        let cases: [(SimulatedFault, verdict: String, explanation: String)] = [
            (.validation, "Failure: inspector2:ListFindings returned HTTP 400 ValidationException", "a configuration problem"),
            (.status(401, code: "UnauthorizedException", message: "bad credentials"),
             "Failure: inspector2:ListFindings returned HTTP 401 UnauthorizedException", "the credentials were not accepted"),
            (.accessDenied, "Failure: inspector2:ListFindings returned HTTP 403 AccessDeniedException",
             "not allowed to call inspector2:ListFindings"),
            (.status(404, code: "ResourceNotFoundException", message: "no such endpoint"),
             "Failure: inspector2:ListFindings returned HTTP 404 ResourceNotFoundException", "check the region name"),
            (.throttling, "Failure: inspector2:ListFindings returned HTTP 429 ThrottlingException", "rate limiting"),
            (.internalError, "Failure: inspector2:ListFindings returned HTTP 500 InternalServerException", "internal error"),
        ]
        for (fault, verdict, explanation) in cases {
            double.failAlways(with: fault)
            let result = try testConnector(destinationPort: 9)
            XCTAssertEqual(result.status, 1, verdict)
            XCTAssertEqual(lastLine(result.stdout), verdict, result.stdout)
            XCTAssertTrue(result.stdout.localizedCaseInsensitiveContains(explanation), "\(explanation) in \(result.stdout)")
            XCTAssertTrue(result.stdout.contains("request id: "), result.stdout)
            XCTAssertTrue(result.stdout.contains("AWS error code: "), result.stdout)
        }
    }

    func testUnreachableDestinationFailsTheLastStep() throws {
        let closed = try LoopbackSyslogReceiver { _ in }
        let port = closed.port
        closed.stop()
        let result = try testConnector(destinationPort: port)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(lastLine(result.stdout).hasPrefix("Failure: destination siem"), result.stdout)
    }

    func testCheckConfigReportsEveryProblemAndExits2() throws {
        let path = directory.appendingPathComponent("bad.json").path
        try """
        {"destinations": {"siem": {"protocol": "smtp", "host": "x"}},
         "connectors": [{"name": "a", "type": "aws_inspector", "tenant": "t", "destination": "siem", "regions": ["us-east-1"],
                         "auth": {"method": "iam_role"}}]}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CollectorProcess.run(["check-config", "--config", path])
        XCTAssertEqual(result.status, 2)
        // One log line per problem; logfmt escapes the quotes inside the message.
        let problems = result.stderr.replacingOccurrences(of: "\\\"", with: "\"")
        XCTAssertTrue(problems.contains("destinations.siem.protocol: unknown value \"smtp\""), result.stderr)
        XCTAssertTrue(problems.contains("connectors[0].auth.role_arn: missing (required)"), result.stderr)
    }

    /// RFC 3164 with octet counting is valid but splits at syslog-ng-like receivers (SyslogNGTests shows it):
    /// check-config warns, and stays quiet for the LF default.
    func testCheckConfigWarnsAboutOctetCountedRFC3164Only() throws {
        let path = directory.appendingPathComponent("legacy.json").path
        let warning = "destinations.siem sends RFC 3164 with octet_counting framing"
        for (framing, warns) in [(#", "framing": "octet_counting""#, true), ("", false), (#", "framing": "lf""#, false)] {
            try """
            {"destinations": {"siem": {"protocol": "tcp", "host": "127.0.0.1", "format": "rfc3164"\(framing)}},
             "connectors": [{"name": "a", "type": "aws_inspector", "tenant": "t", "destination": "siem", "regions": ["us-east-1"],
                             "auth": {"method": "iam_role", "role_arn": "arn:aws:iam::123456789012:role/r"}}]}
            """.write(toFile: path, atomically: true, encoding: .utf8)
            let result = try CollectorProcess.run(["check-config", "--config", path])
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertEqual(result.stdout.contains(warning), warns, "framing\(framing): \(result.stdout)")
        }
    }

    func testCheckConfigSaysWhatUDPCannotGuaranteeAndWhenTheReceiverMustBeRaised() throws {
        let path = directory.appendingPathComponent("udp.json").path
        try """
        {"destinations": {"siem": {"protocol": "udp", "host": "127.0.0.1"},
                          "big": {"protocol": "tcp", "host": "127.0.0.1", "max_message_size": 65000}},
         "connectors": [{"name": "a", "type": "aws_inspector", "tenant": "t", "destination": "siem", "regions": ["us-east-1"],
                         "auth": {"method": "iam_role", "role_arn": "arn:aws:iam::123456789012:role/r"}}]}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CollectorProcess.run(["check-config", "--config", path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("destinations.siem uses UDP: best effort only"), result.stdout)
        XCTAssertTrue(result.stdout.contains("paced at 2000/s"), result.stdout)
        XCTAssertTrue(result.stdout.contains("destinations.big.max_message_size is 65000"), result.stdout)
        XCTAssertFalse(result.stdout.contains("destinations.siem.max_message_size"), "8096 needs no raised receiver")
    }
}
