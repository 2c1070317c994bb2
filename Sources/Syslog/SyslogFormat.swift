/// Which header layout a receiver expects.
public enum SyslogFormat: String, Sendable {
    /// RFC 5424, the default: structured header, millisecond UTC timestamps.
    case rfc5424
    /// RFC 3164 ("BSD syslog"), for legacy receivers that reject RFC 5424.
    case rfc3164
}
