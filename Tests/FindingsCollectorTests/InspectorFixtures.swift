import FindingsCollector
import Foundation
import JSONBytes
import XCTest

/// Loads the Inspector finding fixtures and maps them with a fixed stamp and clock.
enum InspectorFixtures {
    static let stamp = RecordStamp(tenant: "acme", connector: "inspector-prod")
    static let collectedAtMillis: Int64 = 1_717_171_800_000

    /// The fixtures folder, in the test bundle.
    static func folder() throws -> URL {
        try XCTUnwrap(Bundle.module.url(forResource: "inspector", withExtension: nil, subdirectory: "Fixtures"),
                      "missing Fixtures/inspector")
    }

    /// Names of every finding fixture (not the golden records, `<name>.record.json`), sorted.
    static func names() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder().path)
            .filter { $0.hasSuffix(".json") && !$0.hasSuffix(".record.json") }
            .map { String($0.dropLast(".json".count)) }
            .sorted()
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        let url = try XCTUnwrap(Bundle.module.url(forResource: name, withExtension: "json",
                                                  subdirectory: "Fixtures/inspector"),
                                "missing fixture Fixtures/inspector/\(name).json")
        return Array(try Data(contentsOf: url))
    }

    static func finding(_ name: String) throws -> JSONValue {
        try JSONValue.parse(bytes(name))
    }

    /// Maps fixture `name` and parses the record back, so tests read fields instead of comparing strings.
    static func map(_ name: String, region: String = "us-east-1",
                    detail: RecordDetail = .full) throws -> (record: MappedRecord, parsed: JSONValue) {
        try map(finding(name), region: region, detail: detail)
    }

    static func map(_ finding: JSONValue, region: String = "us-east-1",
                    detail: RecordDetail = .full) throws -> (record: MappedRecord, parsed: JSONValue) {
        let mapper = InspectorFindingMapper(stamp: stamp)
        let record = try mapper.map(finding, region: region, collectedAtMillis: collectedAtMillis, detail: detail)
        XCTAssertFalse(record.bytes.contains(0x0A), "a record is one line")
        return (record, try JSONValue.parse(record.bytes))
    }
}

extension JSONValue {
    /// The strings of an array (test convenience); nil if this is not an array of strings.
    var strings: [String]? {
        guard kind == .array else { return nil }
        let values = elements.compactMap(\.string)
        return values.count == elements.count ? values : nil
    }

    var keys: [String] { members.map(\.key) }
}
