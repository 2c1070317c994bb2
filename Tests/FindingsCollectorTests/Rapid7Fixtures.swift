@testable import FindingsCollector
import Foundation
import JSONBytes
import XCTest

/// Loads the Rapid7 fixtures (Fixtures/rapid7, see its README) and maps them with a fixed stamp and clock.
///
/// A fixture is one page as the source hands it to the mapper: `assets` (the `data` of `POST
/// /vm/v4/integration/assets`) and `vulnerabilities` (the `data` of `POST /vm/v4/integration/vulnerabilities`),
/// which become the page's references by `id`.
enum Rapid7Fixtures {
    static let stamp = RecordStamp(tenant: "acme", connector: "rapid7-prod")
    static let collectedAtMillis: Int64 = 1_717_171_800_000
    static let region = "us"

    static func folder() throws -> URL {
        try XCTUnwrap(Bundle.module.url(forResource: "rapid7", withExtension: nil, subdirectory: "Fixtures"),
                      "missing Fixtures/rapid7")
    }

    /// Names of every page fixture (not the golden records, `<name>.records.jsonl`), sorted.
    static func names() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder().path)
            .filter { $0.hasSuffix(".json") }
            .map { String($0.dropLast(".json".count)) }
            .sorted()
    }

    static func page(_ name: String) throws -> SourcePage {
        let data = try Data(contentsOf: folder().appendingPathComponent("\(name).json"))
        return try page(JSONValue.parse(Array(data)))
    }

    static func page(_ document: JSONValue) throws -> SourcePage {
        var references: [String: JSONValue] = [:]
        for definition in document["vulnerabilities"]?.elements ?? [] {
            references[try XCTUnwrap(definition["id"]?.string)] = definition
        }
        return SourcePage(items: document["assets"]?.elements ?? [], references: references)
    }

    /// Every finding of the page, in the mapper's order.
    static func findings(_ page: SourcePage) throws -> [Rapid7Finding] {
        let mapper = Rapid7FindingMapper(stamp: stamp)
        var findings: [Rapid7Finding] = []
        for item in page.items { try mapper.forEachFinding(in: item, of: page) { findings.append($0) } }
        return findings
    }

    /// One mapped record, parsed back so tests read fields instead of comparing strings.
    struct Mapped {
        var finding: Rapid7Finding
        var written: WrittenRecord
        var parsed: JSONValue
        var text: String { String(decoding: written.bytes, as: UTF8.self) }
    }

    static func map(_ finding: Rapid7Finding, detail: RecordDetail = .full, readable: Bool = false,
                    header: [UInt8] = []) throws -> Mapped {
        let mapper = Rapid7FindingMapper(stamp: stamp)
        let written = try mapper.write(finding, scope: region, collectedAtMillis: collectedAtMillis, detail: detail,
                                       readable: readable) { _ in header }
        XCTAssertFalse(written.bytes.contains(0x0A), "a record is one line")
        return Mapped(finding: finding, written: written, parsed: try JSONValue.parse(Array(written.bytes[header.count...])))
    }

    /// Every record of fixture `name`, in order.
    static func map(_ name: String, detail: RecordDetail = .full) throws -> [Mapped] {
        try findings(page(name)).map { try map($0, detail: detail) }
    }

    /// Every record of fixture `name` whose finding has `vulnerabilityId` (and, when given, `port` / `key`).
    static func record(_ name: String, _ vulnerabilityId: String, port: Int64? = nil, key: String? = nil,
                       detail: RecordDetail = .full) throws -> Mapped {
        let matches = try findings(page(name)).filter {
            $0.finding["vulnerability_id"]?.string == vulnerabilityId
                && (port == nil || $0.finding["port"]?.int == port)
                && (key == nil || $0.finding["key"]?.string == key)
        }
        XCTAssertEqual(matches.count, 1, "\(name): findings of \(vulnerabilityId)")
        return try map(try XCTUnwrap(matches.first), detail: detail)
    }
}
