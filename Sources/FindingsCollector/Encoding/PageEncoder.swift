import Foundation
import JSONBytes
import Syslog

/// Encodes the items of one page, whatever their source.
public protocol PageEncoding {
    /// Calls `each` with every finding `item` holds: its identity (nil when it has none) and a function that
    /// encodes it, which the caller skips for what it delivered already. Throws when the item as a whole
    /// cannot be read.
    mutating func encode(_ item: JSONValue, of page: SourcePage, scope: String,
                         each: (FindingIdentity?, () throws -> EncodeOutcome) throws -> Void) throws

    /// The first record of `item`, for items that are one finding (an Inspector finding).
    mutating func encode(_ item: JSONValue, region: String) throws -> EncodeOutcome
}

/// Encodes the findings of one page with one mapper. They share their collection time, so each severity's
/// syslog header is formatted once per page, not once per record (formatting it, and its buffer, cost ~3% per
/// finding).
struct PageEncoder<Mapper: RecordMapper>: PageEncoding {
    let encoder: RecordEncoder
    let mapper: Mapper
    let collectedAt: Date
    let collectedAtMillis: Int64
    /// The header of each syslog severity, by raw value, once it was needed.
    private var headers: [[UInt8]?] = Array(repeating: nil, count: SyslogSeverity.allCases.count)

    init(encoder: RecordEncoder, mapper: Mapper, collectedAt: Date) {
        self.encoder = encoder
        self.mapper = mapper
        self.collectedAt = collectedAt
        collectedAtMillis = Int64((collectedAt.timeIntervalSince1970 * 1000).rounded(.down))
    }

    // A `PageEncoder` is reached through `any PageEncoding`, whose witnesses run generic code (type metadata
    // looked up per call, every mapper call indirect): these entry points check the mapper's type once and
    // run code specialised for it (Inspector: +7 % instructions per finding without).
    @_specialize(where Mapper == InspectorFindingMapper)
    @_specialize(where Mapper == Rapid7FindingMapper)
    mutating func encode(_ item: JSONValue, of page: SourcePage, scope: String,
                         each: (FindingIdentity?, () throws -> EncodeOutcome) throws -> Void) throws {
        try mapper.forEachFinding(in: item, of: page) { finding in
            let identity = mapper.identity(of: finding)
            try each(identity) { try encode(finding, uid: identity?.uid, scope: scope) }
        }
    }

    @_specialize(where Mapper == InspectorFindingMapper)
    @_specialize(where Mapper == Rapid7FindingMapper)
    mutating func encode(_ item: JSONValue, region: String) throws -> EncodeOutcome {
        var first: EncodeOutcome?
        try encode(item, of: SourcePage(items: []), scope: region) { _, encode in
            if first == nil { first = try encode() }
        }
        guard let first else { throw RecordError.noFinding }
        return first
    }

    /// One finding as a syslog message (reduced to fit, see `RecordEncoder`), or the filter that dropped it.
    private mutating func encode(_ finding: Mapper.Finding, uid: String?, scope: String) throws -> EncodeOutcome {
        for detail in RecordEncoder.reductionLadder {
            // Header and record are written into one buffer: the record (often 5–10 KiB) is never copied.
            // Filters read the record as the writer recorded it, and its finding as parsed with the page:
            // no second scan of 5–10 KiB.
            let filtering = detail == .full && !encoder.filters.isEmpty
            let written = try mapper.write(finding, scope: scope, collectedAtMillis: collectedAtMillis,
                                           detail: detail, readable: filtering) { header(for: $0.syslogSeverity) }
            if filtering, let record = written.record {
                let subject = FilterSubject(recordWithoutFinding: record, finding: written.finding)
                for (index, filter) in encoder.filters.enumerated() {
                    let decision = filter.evaluate(subject)
                    if !decision.keep { return .filtered(filter: index, rule: decision.ruleIndex) }
                }
            }
            guard let limit = encoder.maxMessageSize, written.bytes.count > limit else {
                return .encoded(EncodedRecord(message: written.bytes, severity: written.severity, detail: detail,
                                              updatedAt: written.updatedAt))
            }
            if detail == .essential {
                throw RecordError.tooLarge(uid: uid ?? "-", size: written.bytes.count, max: limit)
            }
        }
        preconditionFailure("the reduction ladder ends with .essential")
    }

    private mutating func header(for severity: SyslogSeverity) -> [UInt8] {
        if let header = headers[severity.rawValue] { return header }
        var header: [UInt8] = []
        encoder.formatter.appendHeader(severity: severity, timestamp: collectedAt,
                                       msgId: Mapper.origin.messageClass, to: &header)
        headers[severity.rawValue] = header
        return header
    }
}
