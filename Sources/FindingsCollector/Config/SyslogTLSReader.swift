import Foundation
import Syslog

/// Reads a destination's `tls` section (protocol "tls" only): `ca_file`, `cert_file`, `key_file`, `server_name`, `verify`.
enum SyslogTLSReader {
    static func read(_ section: ConfigReader?, transport: DestinationConfig.TransportProtocol, reader: ConfigReader) -> SyslogTLSSettings {
        guard let section else { return SyslogTLSSettings() }
        if transport == .relp {
            reader.report("tls", "RELP over TLS is not supported; use protocol \"tls\" (RFC 5425) for an encrypted "
                                 + "connection, or relp on a trusted network")
        } else if transport != .tls {
            reader.report("tls", "only used with protocol \"tls\"")
        }
        var settings = SyslogTLSSettings(caFile: section.string("ca_file"), certificateFile: section.string("cert_file"),
                                         privateKeyFile: section.string("key_file"), serverName: section.string("server_name"),
                                         verifyPeer: section.bool("verify", default: true))
        for (key, path) in [("ca_file", settings.caFile), ("cert_file", settings.certificateFile), ("key_file", settings.privateKeyFile)] {
            if let path, !FileManager.default.isReadableFile(atPath: path) { section.report(key, "cannot read \(path)") }
        }
        if (settings.certificateFile == nil) != (settings.privateKeyFile == nil) {
            section.report(settings.certificateFile == nil ? "cert_file" : "key_file",
                           "give both cert_file and key_file for a client certificate, or neither")
            settings.certificateFile = nil
            settings.privateKeyFile = nil
        }
        section.rejectUnknownKeys()
        return settings
    }
}
