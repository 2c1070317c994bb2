import FindingsCollector
import Foundation
import HTTP

/// A `Rapid7Double` listening on loopback: point a connector's `endpoint_url` at `endpoint`.
public final class Rapid7Simulator: Sendable {
    public let double: Rapid7Double
    private let server: LoopbackHTTPServer

    public init(double: Rapid7Double, host: String = "127.0.0.1", port: Int = 0) throws {
        self.double = double
        server = try LoopbackHTTPServer(host: host, port: port) { request in double.handle(request) }
    }

    /// Base URL for endpoint_url, e.g. "http://127.0.0.1:40123".
    public var endpoint: String { server.baseURL }

    public func stop() { server.stop() }
}
