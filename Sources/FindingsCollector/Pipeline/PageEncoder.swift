import Foundation
import JSONBytes
import Syslog

/// Encodes the findings of one page. They share their collection time, so each severity's syslog header
/// is formatted once per page, not once per record (formatting it, and its buffer, cost ~3% per finding).
public struct PageEncoder {
    let encoder: RecordEncoder
    let collectedAt: Date
    let collectedAtMillis: Int64
    /// The header of each syslog severity, by raw value, once it was needed.
    private var headers: [[UInt8]?] = Array(repeating: nil, count: SyslogSeverity.allCases.count)

    init(encoder: RecordEncoder, collectedAt: Date) {
        self.encoder = encoder
        self.collectedAt = collectedAt
        collectedAtMillis = Int64((collectedAt.timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// One finding of the page as a syslog message (reduced to fit, see `RecordEncoder`), or the filter
    /// that dropped it.
    public mutating func encode(_ finding: JSONValue, region: String) throws -> EncodeOutcome {
        for detail in RecordEncoder.reductionLadder {
            // Header and record are written into one buffer: the record (often 5–10 KiB) is never copied.
            // Filters read the record as the writer recorded it, and its finding as parsed with the page:
            // no second scan of 5–10 KiB.
            let filtering = detail == .full && !encoder.filters.isEmpty
            let written = try encoder.mapper.write(finding, region: region, collectedAtMillis: collectedAtMillis,
                                                   detail: detail, readable: filtering) { header(for: $0.syslogSeverity) }
            if filtering, let record = written.record {
                let subject = FilterSubject(recordWithoutFinding: record, finding: finding)
                for (index, filter) in encoder.filters.enumerated() {
                    let decision = filter.evaluate(subject)
                    if !decision.keep { return .filtered(filter: index, rule: decision.ruleIndex) }
                }
            }
            let message = written.bytes, facts = written.facts
            guard let limit = encoder.maxMessageSize, message.count > limit else {
                return .encoded(EncodedRecord(message: message, severity: facts.severity, detail: detail,
                                              updatedAt: facts.updatedAt))
            }
            if detail == .essential {
                throw RecordError.tooLarge(uid: finding["findingArn"]?.string ?? "-", size: message.count, max: limit)
            }
        }
        preconditionFailure("the reduction ladder ends with .essential")
    }

    private mutating func header(for severity: SyslogSeverity) -> [UInt8] {
        if let header = headers[severity.rawValue] { return header }
        var header: [UInt8] = []
        encoder.formatter.appendHeader(severity: severity, timestamp: collectedAt, msgId: encoder.messageClass, to: &header)
        headers[severity.rawValue] = header
        return header
    }
}
