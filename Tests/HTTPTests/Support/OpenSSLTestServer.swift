import Foundation
import Glibc
import HTTP

/// `openssl s_server -www` on a free loopback port: an HTTPS peer that is not our own code.
final class OpenSSLTestServer {
    let port: Int
    private let process = Process()

    init(certificates: TestCertificates) throws {
        port = try Self.freePort()
        process.executableURL = URL(fileURLWithPath: try ExternalTool.path(of: "openssl"))
        process.arguments = ["s_server", "-www", "-quiet", "-accept", "127.0.0.1:\(port)",
                             "-cert", certificates.serverCertificate, "-key", certificates.serverKey]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = Pipe()  // s_server reads commands from stdin; keep it open and idle
        try process.run()
        try waitUntilListening()
    }

    var url: String { "https://127.0.0.1:\(port)/" }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit {
        stop()
    }

    private func waitUntilListening() throws {
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            guard process.isRunning else { break }
            if Self.canConnect(port: port) { return }
            usleep(20_000)
        }
        stop()
        throw ExternalTool.Failed(command: "openssl s_server on port \(port)", output: "did not start listening within 5 s")
    }

    static func canConnect(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// A port nothing listens on right now: bind port 0, read what the kernel chose, release it.
    static func freePort() throws -> Int {
        let probe = try LoopbackHTTPServer { _ in HTTPResponse(status: 503) }
        defer { probe.stop() }
        return probe.port
    }
}
