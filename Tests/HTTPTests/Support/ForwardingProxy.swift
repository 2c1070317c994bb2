import Foundation
import HTTP

/// A plain-HTTP forward proxy for tests: a LoopbackHTTPServer that takes absolute-form requests
/// ("GET http://host:port/path HTTP/1.1"), forwards them with its own client, and records targets.
final class ForwardingProxy: Sendable {
    let server: LoopbackHTTPServer
    private let seen = Recorder<String>()

    init() throws {
        let upstream = HTTPClient(settings: HTTPClientSettings(connectTimeout: 2, requestTimeout: 5, proxy: ""))
        let seen = self.seen
        server = try LoopbackHTTPServer { request in
            seen.append(request.target)
            guard request.target.hasPrefix("http://") else {
                return HTTPResponse(status: 400, body: Array("not an absolute-form target".utf8))
            }
            let hopByHop: Set<String> = ["connection", "proxy-connection", "keep-alive"]
            let forwarded = HTTPRequest(method: request.method, url: request.target,
                                        headers: request.headers.filter { !hopByHop.contains($0.name.lowercased()) },
                                        body: request.body)
            guard var response = blockingSend(forwarded, with: upstream) else { return HTTPResponse(status: 502) }
            response.headers.append(HTTPHeader("Via", "1.1 test-proxy"))
            return response
        }
    }

    var url: String { server.baseURL }
    var targets: [String] { seen.values }
}

/// Values recorded from server threads and read by the test.
final class Recorder<Value: Sendable>: Sendable {
    private let lock = NSLock()
    // nonisolated(unsafe): only touched while holding `lock`.
    private nonisolated(unsafe) var stored: [Value] = []

    func append(_ value: Value) { lock.withLock { stored.append(value) } }
    var values: [Value] { lock.withLock { stored } }
}

/// Bridges from a server thread (which may block) into the async client.
func blockingSend(_ request: HTTPRequest, with client: HTTPClient) -> HTTPResponse? {
    let result = Recorder<HTTPResponse>()
    let done = DispatchSemaphore(value: 0)
    Task {
        if let response = try? await client.send(request) { result.append(response) }
        done.signal()
    }
    done.wait()
    return result.values.first
}
