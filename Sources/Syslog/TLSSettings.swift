/// How the TLS transport authenticates the receiver and, for mutual TLS, itself.
public struct SyslogTLSSettings: Sendable, Equatable {
    /// PEM file of the CA(s) that sign the receiver's certificate; nil: the system's trust store.
    public var caFile: String?
    /// PEM client certificate (chain) for receivers that require mutual TLS.
    public var certificateFile: String?
    /// The client certificate's PEM private key, unencrypted (a daemon cannot type a passphrase).
    public var privateKeyFile: String?
    /// The name sent as SNI and required in the receiver's certificate; nil: the destination host.
    public var serverName: String?
    /// Verify the receiver's certificate and name. Turning this off lets anyone on the path read the findings.
    public var verifyPeer: Bool

    /// Settings; the defaults verify the receiver against the system store and send no client certificate.
    public init(caFile: String? = nil, certificateFile: String? = nil, privateKeyFile: String? = nil,
                serverName: String? = nil, verifyPeer: Bool = true) {
        self.caFile = caFile
        self.certificateFile = certificateFile
        self.privateKeyFile = privateKeyFile
        self.serverName = serverName
        self.verifyPeer = verifyPeer
    }
}
