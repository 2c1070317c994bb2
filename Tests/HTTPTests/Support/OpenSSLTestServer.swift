import Foundation
import TestSupport

/// `openssl s_server -www` on a free loopback port: an HTTPS peer that is not our own code.
final class OpenSSLTestServer {
    let port: Int
    private let process = Process()

    init(certificates: TestCertificates) throws {
        port = try LoopbackPort.free()
        process.executableURL = URL(fileURLWithPath: try ExternalTool.locate("openssl"))
        process.arguments = ["s_server", "-www", "-quiet", "-accept", "127.0.0.1:\(port)",
                             "-cert", certificates.path("ip-only-server.pem"),
                             "-key", certificates.path("ip-only-server.key")]
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
            if LoopbackPort.acceptsConnections(port) { return }
            usleep(20_000)
        }
        stop()
        throw ExternalTool.Failed(command: "openssl s_server on port \(port)",
                                  result: .init(status: -1, stdout: "", stderr: "did not start listening within 5 s"))
    }
}
