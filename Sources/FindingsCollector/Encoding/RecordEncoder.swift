import Foundation
import JSONBytes
import Syslog

/// A finding ready for the wire: one syslog message, and what the collector needs to account for it.
public struct EncodedRecord: Sendable {
    public var message: [UInt8]
    public var severity: FindingSeverity
    public var detail: RecordDetail
    public var updatedAt: Double
}

/// What the encoder made of one finding.
public enum EncodeOutcome: Sendable {
    case encoded(EncodedRecord)
    /// A log filter dropped it: which filter (0 = the connector's, 1 = the destination's) and which rule.
    case filtered(filter: Int, rule: Int?)
}

public enum RecordError: Error, Sendable, CustomStringConvertible {
    case tooLarge(uid: String, size: Int, max: Int)
    /// An item that holds no finding was asked for its first record.
    case noFinding

    public var description: String {
        switch self {
        case .tooLarge(let uid, let size, let max):
            return "finding \(uid) does not fit in \(max) bytes even reduced to its essentials (\(size) bytes); raise max_message_size or use tcp"
        case .noFinding:
            return "the item holds no finding"
        }
    }
}

/// Maps a source's items to records with the connector's mapper, applies the log filters to the full record, and formats it as syslog,
/// reducing it step by step when the destination has a size limit (`max_message_size`, every transport): full
/// record → without the original finding → without long texts and lists → essential fields. A record is never split or cut mid-JSON; each reduction is marked in the record
/// and counted by the caller.
public struct RecordEncoder: Sendable {
    let mapper: any RecordMapper
    let formatter: SyslogFormatter
    let maxMessageSize: Int?
    let filters: [LogFilter]
    /// Each level is tried in turn until the message fits.
    static let reductionLadder: [RecordDetail] = [.full, .withoutFinding, .compact, .essential]

    public init(mapper: any RecordMapper, formatter: SyslogFormatter, maxMessageSize: Int?, filters: [LogFilter] = []) {
        self.mapper = mapper
        self.formatter = formatter
        self.maxMessageSize = maxMessageSize
        self.filters = filters.filter { !$0.isEmpty }
    }

    /// An encoder for the items of one page, which share `collectedAt`.
    public func page(collectedAt: Date) -> any PageEncoding {
        mapper.pageEncoder(self, collectedAt: collectedAt)
    }

    /// Encodes the first finding of `item` on its own (see `PageEncoding` for a page of them).
    public func encode(_ item: JSONValue, region: String, collectedAt: Date) throws -> EncodeOutcome {
        var page = page(collectedAt: collectedAt)
        return try page.encode(item, region: region)
    }
}

extension FindingSeverity {
    /// Syslog severity a SIEM can route on: Critical → crit, High → err, Medium → warning, Low → notice, else info.
    public var syslogSeverity: SyslogSeverity {
        switch self {
        case .critical: return .critical
        case .high: return .error
        case .medium: return .warning
        case .low: return .notice
        default: return .informational
        }
    }
}
