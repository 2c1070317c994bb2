import Foundation
import XCTest

/// `--log-format json` reaches the binary's log lines: a config with problems gives one JSON object per
/// problem on stderr, each naming its key path.
final class LogFormatTests: XCTestCase {
    func testCheckConfigLogsConfigProblemsAsJSONLines() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("log-format-\(UUID().uuidString).json")
        try Data(#"{"connectors":[{"name":"x"}]}"#.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let check = try CollectorProcess.run(["check-config", "--config", file.path, "--log-format", "json"])
        XCTAssertEqual(check.status, 2, check.stderr)
        let lines = check.stderr.split(separator: "\n")
        XCTAssertGreaterThan(lines.count, 1, check.stderr)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String]
            XCTAssertEqual(object?["level"], "error", String(line))
            XCTAssertNotNil(object?["time"], String(line))
        }
        XCTAssertTrue(check.stderr.contains(#""key":"connectors[0].type""#), check.stderr)
    }
}
