import JSONBytes

/// Turns one Inspector2 finding into one record line (DESIGN §4): stamp, `normalized`, original finding.
///
/// Pure and allocation-light: the finding's bytes are spliced, not re-encoded; the finding is read through
/// a reference-count-free `JSONView`; the constant stamp members are rendered once per mapper.
public struct InspectorFindingMapper: Sendable {
    /// `msg_class`, `msg_origin`, `tenant`, `tenantid`, `connector`, rendered once.
    private let stampMembers: JSONValue

    /// Creates a mapper that stamps every record with `stamp`.
    public init(stamp: RecordStamp) {
        var writer = JSONWriter(reservingCapacity: 512)
        writer.beginObject()
        writer.field("msg_class", "aws_inspector_finding")
        writer.beginObject("msg_origin")
        writer.field("source", "aws_inspector")
        writer.field("vendor", "aws")
        writer.field("category", "security_scan")
        writer.beginObject("processor")
        writer.field("type", "log_collector")
        writer.field("name", "aws_inspector")   // equals msg_origin.source, as the SIEM expects
        writer.endObject()
        writer.endObject()
        writer.field("tenant", stamp.tenant)
        writer.field("tenantid", stamp.tenant)
        writer.field("connector", stamp.connector)
        writer.endObject()
        // The writer escapes every string, so its output always parses; a failure here is a writer bug.
        do {
            stampMembers = try JSONValue.parseTyped(writer.bytes)
        } catch {
            preconditionFailure("JSONWriter produced invalid JSON for the record stamp: \(error)")
        }
    }

    /// Maps `finding` at the given level of detail; throws `InspectorMappingError` when it cannot be identified.
    public func map(_ finding: JSONValue, region: String, collectedAtMillis: Int64,
                    detail: RecordDetail = .full) throws -> MappedRecord {
        let written = try write(finding, region: region, collectedAtMillis: collectedAtMillis, detail: detail) { _ in [] }
        return MappedRecord(bytes: written.bytes, severity: written.facts.severity, uid: finding["findingArn"]?.string ?? "",
                            updatedAt: written.facts.updatedAt, detail: detail)
    }

    /// What writing a record learned about its finding (no String: one per record was measurable).
    struct RecordFacts {
        var severity: FindingSeverity
        var updatedAt: Double
    }

    /// A record written after its syslog header.
    struct WrittenRecord {
        var bytes: [UInt8]
        /// The record without its `finding` member (the finding itself is parsed already), readable
        /// without a parse (it shares `bytes`); only when asked for.
        var record: JSONValue?
        var facts: RecordFacts
    }

    /// Writes the record into a new buffer after the bytes `header` gives once the severity is known (the
    /// syslog header: the message is built in one buffer, the record never copied). With `readable`, the
    /// writer also records the record's tape, for log filters to read it without scanning it again.
    func write(_ finding: JSONValue, region: String, collectedAtMillis: Int64, detail: RecordDetail,
               readable: Bool = false, header: (FindingSeverity) -> [UInt8]) throws -> WrittenRecord {
        var written: WrittenRecord?
        try finding.withView { view, node in
            let normalized = try NormalizedFinding(node, in: view)
            let findingBytes = view.rawBytes(node).count
            // Room for the record in one allocation: it splices the finding and repeats parts of it.
            let recordCapacity = detail == .full ? findingBytes * 2 + 1024 : 2048
            var writer = JSONWriter(appendingTo: header(normalized.severity), reservingCapacity: recordCapacity)
            if readable { writer.recordTape(reservingEntries: 256) }   // the record without its finding: ~150
            writer.beginObject()
            writer.field("timestamp", collectedAtMillis)
            writer.rawMembers(of: stampMembers)
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
            let facts = RecordFacts(severity: normalized.severity,
                                    updatedAt: normalized.updatedAt ?? 0)
            let (bytes, record) = try writer.finishDocument()
            written = WrittenRecord(bytes: bytes, record: record, facts: facts)
        }
        return written!   // withView runs its body exactly once
    }
}
