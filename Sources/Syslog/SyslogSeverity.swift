/// The syslog severity (RFC 5424 §6.2.1), 0 = most severe.
public enum SyslogSeverity: Int, Sendable, CaseIterable {
    case emergency = 0, alert, critical, error, warning, notice, informational, debug
}

extension SyslogFacility {
    /// The PRI value (facility × 8 + severity) that opens every syslog header.
    public func priority(_ severity: SyslogSeverity) -> Int { rawValue * 8 + severity.rawValue }
}
