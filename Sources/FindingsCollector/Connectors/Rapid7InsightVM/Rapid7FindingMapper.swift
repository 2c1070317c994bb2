import Foundation
import JSONBytes

/// Turns the assets of a Rapid7 InsightVM page into records (DESIGN §4, §4d): one per finding — asset ×
/// vulnerability × port × protocol × key — from the asset's `new`, `same` and `remediated` arrays.
///
/// A record is the envelope, `region` (the Rapid7 region listed), `normalized` (the shared definition), then
/// the vendor's objects as sent: `asset` (without its finding arrays: they hold every other finding of the
/// asset), `vulnerability` (the definition, when the page has it) and `finding`. Nothing is re-encoded: the
/// objects are spliced from the page's bytes, and the finding is read through reference-count-free views.
public struct Rapid7FindingMapper: RecordMapper {
    public typealias Finding = Rapid7Finding

    public static let origin = RecordOrigin(messageClass: "rapid7_insightvm_finding", source: "rapid7_insightvm",
                                            vendor: "rapid7", category: "security_scan")

    private let envelope: RecordEnvelope

    public init(stamp: RecordStamp) {
        envelope = RecordEnvelope(origin: Self.origin, stamp: stamp)
    }

    /// The asset's finding arrays, in the order their findings are mapped.
    private static let listings: [(key: StaticString, listing: Rapid7Finding.Listing)] = [
        ("new", .new), ("same", .same), ("remediated", .remediated),
    ]

    public func forEachFinding(in item: JSONValue, of page: SourcePage, _ body: (Rapid7Finding) throws -> Void) throws {
        guard item.kind == .object else { throw Rapid7MappingError.assetNotAnObject(item.kind) }
        for (key, listing) in Self.listings {
            guard let findings = item["\(key)"], findings.kind == .array else { continue }
            for finding in findings.elements {
                let definition = finding["vulnerability_id"]?.string.flatMap { page.references[$0] }
                try body(Rapid7Finding(asset: item, finding: finding, definition: definition, listing: listing))
            }
        }
    }

    /// The uid (`Rapid7FindingUID`) and `last_found` in epoch seconds (0 without one); nil without an asset
    /// id or a vulnerability id.
    public func pageEncoder(_ encoder: RecordEncoder, collectedAt: Date) -> any PageEncoding {
        PageEncoder(encoder: encoder, mapper: self, collectedAt: collectedAt)
    }

    public func identity(of finding: Rapid7Finding) -> FindingIdentity? {
        guard let uid = Self.uid(of: finding) else { return nil }
        var version = 0.0
        finding.finding.withView { view, node in
            let lastFound = view.member(node, "last_found")
            version = RFC3339Milliseconds.milliseconds(lastFound, in: view).map { Double($0) / 1000 } ?? 0
        }
        // A remediated finding keeps the `last_found` it had while vulnerable, and a status change (to an
        // exception) need not move it: both are new versions, so they are part of the identity.
        let status = finding.finding["status"]?.string ?? ""
        return FindingIdentity(uid: uid, version: version,
                               state: finding.listing == .remediated ? "remediated" : status)
    }

    /// The finding's uid; nil when its asset has no id or it has no vulnerability id.
    static func uid(of finding: Rapid7Finding) -> String? {
        guard let assetId = finding.asset["id"]?.string, !assetId.isEmpty,
              finding.finding.kind == .object,
              let vulnerabilityId = finding.finding["vulnerability_id"]?.string, !vulnerabilityId.isEmpty else { return nil }
        let port = finding.finding["port"].flatMap { $0.kind == .number ? String(decoding: $0.rawBytes, as: UTF8.self) : nil }
        return Rapid7FindingUID.make(assetId: assetId, vulnerabilityId: vulnerabilityId, port: port ?? "",
                                     protocol: finding.finding["protocol"]?.string ?? "",
                                     key: finding.finding["key"]?.string ?? "")
    }

    public func write(_ finding: Rapid7Finding, scope: String, collectedAtMillis: Int64, detail: RecordDetail,
                      readable: Bool, header: (FindingSeverity) -> [UInt8]) throws -> WrittenRecord {
        guard let uid = Self.uid(of: finding) else { throw Rapid7MappingError.unidentifiable }
        var written: WrittenRecord?
        try finding.asset.withView { assetView, assetNode in
            try finding.finding.withView { findingView, findingNode in
                try Self.withView(of: finding.definition) { definitionView, definitionNode in
                    let normalized = Rapid7NormalizedFinding(finding: findingNode, in: findingView,
                                                             definition: definitionNode, in: definitionView,
                                                             listing: finding.listing)
                    let asset = Rapid7NormalizedAsset(assetNode, in: assetView)
                    let vendorBytes = Self.assetBytes(assetNode, in: assetView) + findingView.rawBytes(findingNode).count
                        + (definitionNode.map { definitionView!.rawBytes($0).count } ?? 0)
                    // Room for the record in one allocation: it splices the vendor objects and repeats parts of them.
                    let capacity = detail == .full ? vendorBytes + vendorBytes / 2 + 2048 : 3072
                    var writer = JSONWriter(appendingTo: header(normalized.severity), reservingCapacity: capacity)
                    if readable { writer.recordTape(reservingEntries: 512) }
                    envelope.begin(&writer, timestampMillis: collectedAtMillis)
                    writer.field("region", scope)
                    writer.key(literal: "normalized")
                    switch detail {
                    case .full, .withoutFinding:
                        normalized.writeFull(into: &writer, uid: uid, region: scope, asset: asset)
                    case .compact:
                        normalized.writeFull(into: &writer, uid: uid, region: scope, asset: asset, compact: true)
                    case .essential:
                        normalized.writeEssential(into: &writer, uid: uid, region: scope, asset: asset)
                    }
                    switch detail {
                    case .full:
                        // Asset and definition stay in the recorded tape, so log filters can test `asset.…` and
                        // `vulnerability.…`; `finding.…` is read from the finding itself, already parsed.
                        Self.writeAsset(assetNode, in: assetView, into: &writer)
                        if let definitionNode, let definitionView {
                            writer.field("vulnerability", raw: definitionNode, in: definitionView)
                        }
                        writer.leaveRestOfContainerUnrecorded()
                        writer.field("finding", raw: findingNode, in: findingView)
                    case .withoutFinding, .compact, .essential:
                        writer.beginObject("reduced")
                        writer.field("finding_omitted", true)
                        writer.field("original_bytes", Int64(vendorBytes))
                        if detail == .compact { writer.field("long_fields_omitted", true) }
                        if detail == .essential { writer.field("essential_fields_only", true) }
                        writer.endObject()
                    }
                    writer.endObject()
                    let version = normalized.lastFoundMilliseconds.map { Double($0) / 1000 } ?? 0
                    let (bytes, record) = try writer.finishDocument()
                    written = WrittenRecord(bytes: bytes, record: record, finding: readable ? finding.finding : nil,
                                            severity: normalized.severity, updatedAt: version)
                }
            }
        }
        return written!   // each withView runs its body exactly once
    }

    /// The asset's members that are not finding arrays.
    private static func isFindingArray(_ key: JSONNode, in view: JSONView) -> Bool {
        view.isString(key, "new") || view.isString(key, "same") || view.isString(key, "remediated")
    }

    /// Writes `"asset":{…}`: the asset's members as sent, spliced one by one, without its finding arrays.
    private static func writeAsset(_ asset: JSONNode, in view: JSONView, into writer: inout JSONWriter) {
        writer.beginObject("asset")
        view.forEachMember(asset) { key, value in
            guard !isFindingArray(key, in: view) else { return }
            writer.rawMember(key: key, value: value, in: view)
        }
        writer.endObject()
    }

    /// The size of `"asset"`'s object as `writeAsset` writes it (its bytes as sent, without the finding arrays).
    private static func assetBytes(_ asset: JSONNode, in view: JSONView) -> Int {
        var total = 2
        var members = 0
        view.forEachMember(asset) { key, value in
            guard !isFindingArray(key, in: view) else { return }
            total += view.rawBytes(key).count + 1 + view.rawBytes(value).count
            members += 1
        }
        return total + max(members - 1, 0)
    }

    /// Calls `body` with the view and node of `value`, or with nils when there is none.
    private static func withView(of value: JSONValue?, _ body: (JSONView?, JSONNode?) throws -> Void) rethrows {
        guard let value else { return try body(nil, nil) }
        try value.withView { view, node in try body(view, node) }
    }
}
