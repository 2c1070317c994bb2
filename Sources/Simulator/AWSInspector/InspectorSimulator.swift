import FindingsCollector
import Foundation
import HTTP

/// An InspectorDouble listening on loopback: point a collector's `endpoint_url` (or
/// `AWS_ENDPOINT_URL`) at `endpoint` and it talks to the simulated Inspector2 and STS.
public final class InspectorSimulator: Sendable {
    /// The double answering requests; use it to queue faults and read counters.
    public let double: InspectorDouble
    private let server: LoopbackHTTPServer

    /// Starts listening at once; port 0 picks a free ephemeral port.
    public init(double: InspectorDouble, host: String = "127.0.0.1", port: Int = 0) throws {
        self.double = double
        server = try LoopbackHTTPServer(host: host, port: port) { request in double.handle(request) }
    }

    /// Base URL for endpoint_url / AWS_ENDPOINT_URL, e.g. "http://127.0.0.1:40123".
    public var endpoint: String { server.baseURL }

    /// Stops listening and closes live connections.
    public func stop() { server.stop() }
}
