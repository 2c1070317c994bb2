@testable import FindingsCollector
import Foundation
import Synchronization
import XCTest

/// The exact lines an operator's shipper sees: logfmt with and without journald, and JSON objects whose
/// members come in a fixed order and survive any text.
final class LoggerTests: XCTestCase {
    /// 2026-12-04T16:30:01.123Z.
    private let instant = Date(timeIntervalSince1970: 1_796_401_801.123)

    /// A logger with a fixed clock, and what it wrote.
    private func logger(_ format: LogFormat = .logfmt, environment: [String: String] = [:]) -> (Logger, () -> [String]) {
        let lines = LockedLines()
        let logger = Logger(minimum: .debug, format: format, environment: environment,
                            clock: { [instant] in instant }, write: { lines.append($0) })
        return (logger, { lines.all })
    }

    func testLogfmtLinesStartWithTheTime() {
        let (log, lines) = logger()
        log.with("connector", "prod").info("pass done", [("findings", 42), ("region", "us east")])
        log.debug("x")
        XCTAssertEqual(lines(), [
            "time=2026-12-04T16:30:01.123Z level=info connector=prod msg=\"pass done\" findings=42 region=\"us east\"\n",
            "time=2026-12-04T16:30:01.123Z level=debug msg=x\n",
        ])
    }

    func testUnderJournaldThePriorityPrefixReplacesTheTime() {
        let (log, lines) = logger(environment: ["JOURNAL_STREAM": "8:12345"])
        log.with("connector", "prod").warning("slow", [("seconds", 2.5)])
        XCTAssertEqual(lines(), ["<4>level=warning connector=prod msg=slow seconds=2.5\n"])
        let (json, jsonLines) = logger(.json, environment: ["JOURNAL_STREAM": "8:12345"])
        json.error("failed")
        XCTAssertEqual(jsonLines(), [#"<3>{"level":"error","msg":"failed"}"# + "\n"])
    }

    func testLogfmtKeepsOneEventOnOneLine() {
        let (log, lines) = logger()
        log.error("a \"quoted\"\nsecond\r\nthird\rfourth", [("path", #"C:\dir"#), ("empty", ""), ("eq", "a=b")])
        XCTAssertEqual(lines(), [
            #"time=2026-12-04T16:30:01.123Z level=error msg="a \"quoted\"\nsecond\nthird\rfourth" path=C:\dir empty="" eq="a=b""#
                + "\n",
        ])
    }

    func testJSONLinesParseAndKeepTheirOrder() throws {
        let (log, lines) = logger(.json)
        let tricky = "quote \" backslash \\ newline \n tab \t control \u{01} é 🙂"
        log.with("connector", "prod").with("region", tricky).info(tricky, [("count", 3), ("why", tricky)])
        let line = try XCTUnwrap(lines().first)
        XCTAssertEqual(lines().count, 1)
        XCTAssertTrue(line.hasSuffix("}\n"))
        XCTAssertEqual(line.filter { $0 == "\n" }.count, 1, "escaped newlines stay inside the one line")
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        XCTAssertEqual(object, ["time": "2026-12-04T16:30:01.123Z", "level": "info", "connector": "prod",
                                "region": tricky, "msg": tricky, "count": "3", "why": tricky])
        // Order as written: time, level, context, msg, fields.
        let positions = ["time", "level", "connector", "region", "msg", "count", "why"].map { key in
            line.range(of: "\"\(key)\":").map { line.distance(from: line.startIndex, to: $0.lowerBound) } ?? -1
        }
        XCTAssertEqual(positions, positions.sorted())
        XCTAssertFalse(positions.contains(-1), "\(line)")
    }

    func testTimestampsAreUTCWithMilliseconds() {
        XCTAssertEqual(LogFormat.rfc3339(Date(timeIntervalSince1970: 0)), "1970-01-01T00:00:00.000Z")
        XCTAssertEqual(LogFormat.rfc3339(Date(timeIntervalSince1970: 951_782_400.5)), "2000-02-29T00:00:00.500Z")
        XCTAssertEqual(LogFormat.rfc3339(instant), "2026-12-04T16:30:01.123Z")
    }
}

/// Lines written from any thread (the logger is Sendable), collected for the assertions.
private final class LockedLines: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}
