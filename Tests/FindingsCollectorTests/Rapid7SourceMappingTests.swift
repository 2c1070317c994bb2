@testable import FindingsCollector
import Foundation
import JSONBytes
@testable import Simulator
import TestSupport
import XCTest

/// The double's pages through Rapid7Source and Rapid7FindingMapper: every finding the double can serve maps to
/// one schema-valid record whose uid is the double's ground truth, with its definition (or marked missing).
final class Rapid7SourceMappingTests: XCTestCase {
    func testEveryServedFindingMapsToOneValidRecord() async throws {
        let double = Rapid7TestData.double(assets: 15, findingsPerAsset: 6, definitions: 30)
        let (source, _) = Rapid7TestData.source(double, pageSize: 4, batchSize: 9)
        let window = TimeWindow(start: Rapid7TestData.now - 86_400, end: Rapid7TestData.now, isInitial: true)
        await source.startPass()
        let (pages, _) = try await Rapid7TestData.listAll(source, window)
        let mapper = Rapid7FindingMapper(stamp: RecordStamp(tenant: "acme", connector: "r7"))
        var uids: [String] = []
        var records: [[UInt8]] = []
        var missing = 0
        for page in pages {
            for asset in page.items {
                try mapper.forEachFinding(in: asset, of: page) { finding in
                    let identity = try XCTUnwrap(mapper.identity(of: finding))
                    uids.append(identity.uid)
                    let written = try mapper.write(finding, scope: source.scope, collectedAtMillis: 1_750_000_000_000,
                                                   detail: .full, readable: false) { _ in [] }
                    let record = try JSONValue.parse(written.bytes)
                    XCTAssertEqual(record["normalized"]?["uid"]?.string, identity.uid)
                    if finding.definition == nil { missing += 1 }
                    records.append(written.bytes)
                }
            }
        }
        XCTAssertEqual(uids.count, Set(uids).count, "one record per finding")
        XCTAssertEqual(Set(uids), double.data.currentUIDs(scannedAfter: window.start, now: Rapid7TestData.now))
        XCTAssertGreaterThan(missing, 0, "the data set names vulnerabilities without a definition")
        let verdicts = try JSONSchemaCheck.validate(documents: records, against: RecordSchemaTests.schema)
        for (index, errors) in verdicts.enumerated() { XCTAssertEqual(errors, [], "record \(index)") }
    }
}
