import FindingsCollector

/// Settings that are valid but that an operator should know are risky.
enum ConfigWarnings {
    static func of(_ config: CollectorConfig) -> [String] {
        var warnings: [String] = []
        for (index, connector) in config.connectors.enumerated() {
            if !connector.tls.verify {
                warnings.append("connectors[\(index)].tls.verify is false: the \(connector.type) API's certificate is not checked")
            }
            warnings += connector.warnings.map { "connectors[\(index)].\($0)" }
        }
        for destination in config.destinations.values where destination.transport == .udp {
            let pace = destination.capacity.eventsPerSecond.map { "\(Int($0))" } ?? "unlimited"
            warnings.append("destinations.\(destination.name) uses UDP: best effort only. No receiver acknowledges a datagram, "
                            + "so one dropped by the network or a full receive buffer is lost unnoticed; records are paced "
                            + "at \(pace)/s. For at-least-once use tcp or tls, for acknowledged delivery relp")
        }
        for destination in config.destinations.values where destination.maxMessageSize > DestinationConfig.defaultMaxMessageSize {
            warnings.append("destinations.\(destination.name).max_message_size is \(destination.maxMessageSize): a stock rsyslog "
                            + "truncates messages over 8096 bytes; raise its global(maxMessageSize=\"64k\") (syslog-ng: "
                            + "log-msg-size()) to match")
        }
        // Reproduced with syslog-ng's network(transport("tcp")): 2,000 octet-counted RFC 3164 records arrived as
        // 186 pieces, because the "LEN " prefix is read as part of a line. Valid (some receivers do accept it),
        // so a warning rather than an error.
        for destination in config.destinations.values
        where destination.transport == .tcp && destination.format == .rfc3164 && destination.framing == .octetCounting {
            warnings.append("destinations.\(destination.name) sends RFC 3164 with octet_counting framing: syslog-ng and "
                            + "other RFC 3164 receivers read one message per line and split octet-counted frames; use framing lf")
        }
        return warnings
    }
}
