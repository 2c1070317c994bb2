import Foundation

/// A throw-away PKI made with the `openssl` CLI in a temporary directory: a CA with a server certificate
/// for localhost/127.0.0.1/::1, one for 127.0.0.1 only (for "wrong host name" cases) and a client
/// certificate, and an unrelated second CA with its own server and client certificates (for "wrong CA"
/// cases). Removed on deinit.
public final class TestCertificates {
    public let directory: URL

    /// The path of `name` (e.g. "ca.pem", "server.key") in the directory.
    public func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    public init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("pki-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try makeCA("ca")
        try makeCA("other-ca")
        try makeLeaf("server", signer: "ca", names: "DNS:localhost,IP:127.0.0.1,IP:::1", usage: "serverAuth")
        try makeLeaf("ip-only-server", signer: "ca", names: "IP:127.0.0.1", usage: "serverAuth")
        try makeLeaf("client", signer: "ca", names: "DNS:collector.test", usage: "clientAuth")
        try makeLeaf("rogue-server", signer: "other-ca", names: "DNS:localhost,IP:127.0.0.1,IP:::1",
                     usage: "serverAuth")
        try makeLeaf("rogue-client", signer: "other-ca", names: "DNS:collector.test", usage: "clientAuth")
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    private func makeCA(_ name: String) throws {
        try openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
                     "-subj", "/CN=Test \(name)", "-keyout", path("\(name).key"), "-out", path("\(name).pem"),
                     "-addext", "basicConstraints=critical,CA:TRUE",
                     "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
    }

    private func makeLeaf(_ name: String, signer: String, names: String, usage: String) throws {
        try openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                     "-subj", "/CN=\(name)", "-keyout", path("\(name).key"), "-out", path("\(name).csr")])
        let extensions = "subjectAltName=\(names)\nextendedKeyUsage=\(usage)\nbasicConstraints=CA:FALSE\n"
        try extensions.write(toFile: path("\(name).ext"), atomically: true, encoding: .utf8)
        try openssl(["x509", "-req", "-in", path("\(name).csr"), "-CA", path("\(signer).pem"),
                     "-CAkey", path("\(signer).key"), "-CAcreateserial", "-days", "2",
                     "-extfile", path("\(name).ext"), "-out", path("\(name).pem")])
    }

    private func openssl(_ arguments: [String]) throws {
        try ExternalTool.run("openssl", arguments, installHint: "run `bash .ci/setup` to install openssl")
    }
}
