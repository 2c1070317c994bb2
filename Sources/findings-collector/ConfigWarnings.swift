import FindingsCollector

/// Settings that are valid but that an operator should know are risky.
enum ConfigWarnings {
    static func of(_ config: CollectorConfig) -> [String] {
        var warnings: [String] = []
        for (index, connector) in config.connectors.enumerated() {
            if !connector.tls.verify {
                warnings.append("connectors[\(index)].tls.verify is false: the AWS API's certificate is not checked")
            }
            let secrets = [connector.auth.secretAccessKey, connector.auth.sessionToken]
            if secrets.contains(where: { if case .inline? = $0 { return true } else { return false } }) {
                warnings.append("connectors[\(index)].auth holds a secret inline: prefer secret_access_key_env or _file")
            }
        }
        for destination in config.destinations.values where destination.transport == .udp {
            warnings.append("destinations.\(destination.name) uses UDP: fire-and-forget, a lost datagram is not noticed")
        }
        return warnings
    }
}
