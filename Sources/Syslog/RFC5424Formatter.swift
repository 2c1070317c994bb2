import Foundation

/// `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD MSG` (RFC 5424 §6).
///
/// No UTF-8 BOM before MSG. RFC 5424 §6.4 allows MSG-ANY (no BOM) as well as MSG-UTF8 (BOM first), and
/// RFC 8259 §8.1 says JSON sent over a network MUST NOT start with a BOM. Checked against rsyslog 8.2302
/// (the version `.ci/setup` installs): pmrfc5424 sets the MSG offset right after STRUCTURED-DATA and keeps
/// a BOM, so `%msg%` begins with EF BB BF and a downstream JSON parser fed `%msg%` would reject the record
/// (see rsyslog tools/pmrfc5424.c, `MsgSetMSGoffs(pMsg, p2parse - pMsg->pszRawMsg)`, and the probe in
/// SyslogToRsyslogTests, which sends one message with a BOM and sees it come back in `msg`).
struct RFC5424Formatter: Sendable {
    private let facility: SyslogFacility
    private let headerTail: [UInt8]   // " HOSTNAME APP-NAME PROCID " — fixed for the formatter's life

    init(facility: SyslogFacility, hostname: String, appName: String, procId: String) {
        self.facility = facility
        var tail: [UInt8] = [UInt8(ascii: " ")]
        tail += HeaderField.sanitized(hostname, maxLength: 255) + [UInt8(ascii: " ")]
        tail += HeaderField.sanitized(appName, maxLength: 48) + [UInt8(ascii: " ")]
        tail += HeaderField.sanitized(procId, maxLength: 128) + [UInt8(ascii: " ")]
        headerTail = tail
    }

    func append(severity: SyslogSeverity, timestamp: Date, msgId: String, structuredData: String?,
                message: ArraySlice<UInt8>, to buffer: inout [UInt8]) {
        buffer.reserveCapacity(buffer.count + 80 + headerTail.count + message.count)
        appendHeader(severity: severity, timestamp: timestamp, msgId: msgId, structuredData: structuredData, to: &buffer)
        if !message.isEmpty {
            buffer.append(UInt8(ascii: " "))
            buffer.append(contentsOf: message)
        }
    }

    /// Everything before MSG, without the space that separates it.
    func appendHeader(severity: SyslogSeverity, timestamp: Date, msgId: String, structuredData: String?,
                      to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "<"))
        buffer.appendDigits(facility.priority(severity), width: 1)
        buffer.append(contentsOf: ">1 ".utf8)
        CalendarTime(utc: timestamp).appendRFC3339(to: &buffer)
        buffer.append(contentsOf: headerTail)
        Self.appendMessageId(msgId, to: &buffer)
        buffer.append(UInt8(ascii: " "))
        if let structuredData, !structuredData.isEmpty {
            buffer.append(contentsOf: structuredData.utf8)
        } else {
            buffer.append(contentsOf: HeaderField.nilValue)
        }
    }

    /// MSGID is the same few printable bytes on every message: copied as they are, without building a
    /// sanitised array per message; anything unusual takes `HeaderField.sanitized`.
    private static func appendMessageId(_ msgId: String, to buffer: inout [UInt8]) {
        var msgId = msgId
        let plain = msgId.withUTF8 { utf8 -> Bool in
            guard !utf8.isEmpty, utf8.count <= 32, utf8.allSatisfy({ $0 >= 33 && $0 <= 126 }) else { return false }
            buffer.append(contentsOf: utf8)
            return true
        }
        if !plain { buffer.append(contentsOf: HeaderField.sanitized(msgId, maxLength: 32)) }
    }
}
