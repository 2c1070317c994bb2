import Foundation

/// `<PRI>Mmm dd hh:mm:ss HOSTNAME TAG[PID]: MSG` (RFC 3164 §4.1), for legacy receivers.
///
/// RFC 3164 timestamps carry no zone and no year; we write UTC so that collectors in different zones agree
/// and the golden bytes do not depend on the host's TZ. Structured data has no place in this format and
/// is dropped. rsyslog keeps the space after `:` as the first byte of `%msg%` (checked on 8.2302), which
/// is what the RFC's CONTENT means; JSON parsers skip leading whitespace, so records stay parseable.
struct RFC3164Formatter: Sendable {
    private let facility: SyslogFacility
    private let headerTail: [UInt8]   // " HOSTNAME TAG[PID]: "

    init(facility: SyslogFacility, hostname: String, appName: String, procId: String) {
        self.facility = facility
        // A TAG ends at the first non-alphanumeric character for many parsers; `[`, `]`, `:` would end it
        // early, so they are replaced. The RFC limits TAG to 32 characters.
        let tagForbidden: Set<UInt8> = [UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: ":")]
        var tail: [UInt8] = [UInt8(ascii: " ")]
        tail += HeaderField.sanitized(hostname, maxLength: 255) + [UInt8(ascii: " ")]
        tail += HeaderField.sanitized(appName, maxLength: 32, alsoForbidden: tagForbidden)
        tail += [UInt8(ascii: "[")] + HeaderField.sanitized(procId, maxLength: 128, alsoForbidden: tagForbidden)
        tail += Array("]: ".utf8)
        headerTail = tail
    }

    func append(severity: SyslogSeverity, timestamp: Date, message: ArraySlice<UInt8>, to buffer: inout [UInt8]) {
        buffer.reserveCapacity(buffer.count + 24 + headerTail.count + message.count)
        buffer.append(UInt8(ascii: "<"))
        buffer.appendDigits(facility.priority(severity), width: 1)
        buffer.append(UInt8(ascii: ">"))
        CalendarTime(utc: timestamp).appendRFC3164(to: &buffer)
        buffer.append(contentsOf: headerTail)
        buffer.append(contentsOf: message)
    }
}
