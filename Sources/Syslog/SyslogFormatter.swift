import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Turns one record into one syslog message (header + MSG, no transport framing).
public struct SyslogFormatter: Sendable {
    private enum Layout: Sendable {
        case rfc5424(RFC5424Formatter)
        case rfc3164(RFC3164Formatter)
    }

    private let layout: Layout

    /// A formatter whose header fields are sanitised once, here, instead of per message.
    /// `hostname` nil: the machine's name (`gethostname`); `procId` nil: this process's pid.
    public init(format: SyslogFormat = .rfc5424, facility: SyslogFacility = .user, hostname: String? = nil,
                appName: String = "findings-collector", procId: String? = nil) {
        let host = hostname ?? Self.machineHostname()
        let pid = procId ?? String(getpid())
        switch format {
        case .rfc5424:
            layout = .rfc5424(RFC5424Formatter(facility: facility, hostname: host, appName: appName, procId: pid))
        case .rfc3164:
            layout = .rfc3164(RFC3164Formatter(facility: facility, hostname: host, appName: appName, procId: pid))
        }
    }

    /// Appends one message (no framing) to `buffer`. msgId e.g. "aws_inspector_finding". `message` is the JSON record.
    /// `structuredData` must already be valid SD (see `SyslogStructuredData`); RFC 3164 ignores it and `msgId`.
    public func append(severity: SyslogSeverity, timestamp: Date, msgId: String, structuredData: String? = nil,
                       message: ArraySlice<UInt8>, to buffer: inout [UInt8]) {
        switch layout {
        case .rfc5424(let formatter):
            formatter.append(severity: severity, timestamp: timestamp, msgId: msgId,
                             structuredData: structuredData, message: message, to: &buffer)
        case .rfc3164(let formatter):
            formatter.append(severity: severity, timestamp: timestamp, message: message, to: &buffer)
        }
    }

    /// Appends everything before MSG, including the separating space: the caller appends MSG itself, so a
    /// record can be written straight into the message buffer instead of being copied after the header.
    public func appendHeader(severity: SyslogSeverity, timestamp: Date, msgId: String, structuredData: String? = nil,
                             to buffer: inout [UInt8]) {
        switch layout {
        case .rfc5424(let formatter):
            formatter.appendHeader(severity: severity, timestamp: timestamp, msgId: msgId,
                                   structuredData: structuredData, to: &buffer)
            buffer.append(UInt8(ascii: " "))
        case .rfc3164(let formatter):
            formatter.append(severity: severity, timestamp: timestamp, message: [], to: &buffer)
        }
    }

    /// One message as a fresh array; convenient where the caller does not reuse buffers.
    public func format(severity: SyslogSeverity, timestamp: Date, msgId: String, message: [UInt8]) -> [UInt8] {
        var buffer: [UInt8] = []
        append(severity: severity, timestamp: timestamp, msgId: msgId, message: message[...], to: &buffer)
        return buffer
    }

    private static func machineHostname() -> String {
        var name = [CChar](repeating: 0, count: 256)
        guard gethostname(&name, name.count - 1) == 0 else { return "-" }
        return String(decoding: name.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
