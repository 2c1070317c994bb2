import Foundation
import JSONBytes

/// Turns one Inspector2 finding into one record line (DESIGN §4): envelope, `normalized`, original finding.
///
/// Pure and allocation-light: the finding's bytes are spliced, not re-encoded; the finding is read through
/// a reference-count-free `JSONView`; the envelope's constant members are rendered once per mapper.
public struct InspectorFindingMapper: RecordMapper {
    public static let origin = RecordOrigin(messageClass: "aws_inspector_finding", source: "aws_inspector",
                                            vendor: "aws", category: "security_scan")
    private let envelope: RecordEnvelope

    /// Creates a mapper that stamps every record with `stamp`.
    public init(stamp: RecordStamp) {
        envelope = RecordEnvelope(origin: Self.origin, stamp: stamp)
    }

    /// An Inspector2 finding is one record.
    public func forEachFinding(in item: JSONValue, of page: SourcePage, _ body: (JSONValue) throws -> Void) throws {
        try body(item)
    }

    public func pageEncoder(_ encoder: RecordEncoder, collectedAt: Date) -> any PageEncoding {
        PageEncoder(encoder: encoder, mapper: self, collectedAt: collectedAt)
    }

    public func identity(of finding: JSONValue) -> FindingIdentity? {
        var identity: FindingIdentity?
        finding.withView { view, node in
            // One pass over the finding's members for both (this runs once per finding).
            let member = view.members(of: node, Self.identityNames)
            guard let arn = view.string(view.ofKind(member[0], .string)) else { return }
            identity = FindingIdentity(uid: arn, version: view.double(view.ofKind(member[1], .number)) ?? 0)
        }
        return identity
    }

    private static let identityNames = JSONKeySet(["findingArn", "updatedAt"])

    /// Maps `finding` at the given level of detail; throws `InspectorMappingError` when it cannot be identified.
    public func map(_ finding: JSONValue, region: String, collectedAtMillis: Int64,
                    detail: RecordDetail = .full) throws -> MappedRecord {
        let (written, uid) = try write(finding, scope: region, collectedAtMillis: collectedAtMillis, detail: detail,
                                       readable: false, readsUID: true) { _ in [] }
        return MappedRecord(bytes: written.bytes, severity: written.severity, uid: uid,
                            updatedAt: written.updatedAt, detail: detail)
    }

    /// See `RecordMapper.write`; `scope` is the finding's region.
    public func write(_ finding: JSONValue, scope region: String, collectedAtMillis: Int64, detail: RecordDetail,
                      readable: Bool = false, header: (FindingSeverity) -> [UInt8]) throws -> WrittenRecord {
        try write(finding, scope: region, collectedAtMillis: collectedAtMillis, detail: detail, readable: readable,
                  readsUID: false, header: header).record
    }

    /// `write`, and with `readsUID` the finding's ARN as a String (read from the node the record's `uid`
    /// came from, so the finding is not searched for it a second time); "" without.
    private func write(_ finding: JSONValue, scope region: String, collectedAtMillis: Int64, detail: RecordDetail,
                       readable: Bool, readsUID: Bool,
                       header: (FindingSeverity) -> [UInt8]) throws -> (record: WrittenRecord, uid: String) {
        var written: WrittenRecord?
        var uid = ""
        try finding.withView { view, node in
            let normalized = try NormalizedFinding(node, in: view)
            if readsUID { uid = view.string(normalized.uid) ?? "" }
            let findingBytes = view.rawBytes(node).count
            // Room for the record in one allocation: it splices the finding and repeats parts of it.
            let recordCapacity = detail == .full ? findingBytes * 2 + 1024 : 2048
            var writer = JSONWriter(appendingTo: header(normalized.severity), reservingCapacity: recordCapacity)
            if readable { writer.recordTape(reservingEntries: 256) }   // the record without its finding: ~150
            envelope.begin(&writer, timestampMillis: collectedAtMillis)
            writer.field("region", region)
            writer.key(literal: "normalized")
            switch detail {
            case .full, .withoutFinding: normalized.writeFull(into: &writer, region: region)
            case .compact: normalized.writeFull(into: &writer, region: region, compact: true)
            case .essential: normalized.writeEssential(into: &writer, region: region)
            }
            switch detail {
            case .full:
                writer.leaveRestOfContainerUnrecorded()   // readers of the record have the finding parsed
                writer.field("finding", raw: node, in: view)
            case .withoutFinding, .compact, .essential:
                writer.beginObject("reduced")
                writer.field("finding_omitted", true)
                writer.field("original_bytes", Int64(findingBytes))
                if detail == .compact { writer.field("long_fields_omitted", true) }
                if detail == .essential { writer.field("essential_fields_only", true) }
                writer.endObject()
            }
            writer.endObject()
            let (bytes, record) = try writer.finishDocument()
            written = WrittenRecord(bytes: bytes, record: record, finding: finding, severity: normalized.severity,
                                    updatedAt: normalized.updatedAt ?? 0)
        }
        return (written!, uid)   // withView runs its body exactly once
    }
}
