import Foundation
import JSONBytes
import Syslog

/// A finding ready for the wire: one syslog message, and what the collector needs to account for it.
public struct EncodedRecord: Sendable {
    public var message: [UInt8]
    public var severity: FindingSeverity
    public var detail: RecordDetail
}

public enum RecordError: Error, Sendable, CustomStringConvertible {
    case tooLarge(uid: String, size: Int, max: Int)

    public var description: String {
        switch self {
        case .tooLarge(let uid, let size, let max):
            return "finding \(uid) does not fit in \(max) bytes even reduced to its essentials (\(size) bytes); raise max_message_size or use tcp"
        }
    }
}

/// Maps a finding to its record and formats it as syslog, reducing it step by step when the destination
/// has a size limit (UDP): full record → without the original finding → essential fields. A record is
/// never split or cut mid-JSON; each reduction is marked in the record and counted by the caller.
public struct RecordEncoder: Sendable {
    let mapper: InspectorFindingMapper
    let formatter: SyslogFormatter
    let maxMessageSize: Int?
    /// Syslog MSGID: the record's `msg_class`, so receivers can route without parsing the JSON.
    let messageClass = "aws_inspector_finding"

    public init(mapper: InspectorFindingMapper, formatter: SyslogFormatter, maxMessageSize: Int?) {
        self.mapper = mapper
        self.formatter = formatter
        self.maxMessageSize = maxMessageSize
    }

    public func encode(_ finding: JSONValue, region: String, collectedAt: Date) throws -> EncodedRecord {
        let millis = Int64((collectedAt.timeIntervalSince1970 * 1000).rounded(.down))
        var lastSize = 0
        var uid = ""
        for detail in [RecordDetail.full, .withoutFinding, .essential] {
            let record = try mapper.map(finding, region: region, collectedAtMillis: millis, detail: detail)
            let message = formatter.format(severity: record.severity.syslogSeverity, timestamp: collectedAt,
                                           msgId: messageClass, message: record.bytes)
            guard let limit = maxMessageSize, message.count > limit else {
                return EncodedRecord(message: message, severity: record.severity, detail: detail)
            }
            lastSize = message.count
            uid = record.uid
        }
        throw RecordError.tooLarge(uid: uid, size: lastSize, max: maxMessageSize ?? 0)
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
