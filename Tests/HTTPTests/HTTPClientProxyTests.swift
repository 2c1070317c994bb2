import Foundation
import HTTP
import XCTest

/// Proxy use. libcurl's own rules apply when `proxy` is nil: `http_proxy` (lower case only) for
/// http:// URLs, `HTTPS_PROXY`/`https_proxy` for https:// URLs, `ALL_PROXY` as a fallback, and
/// `NO_PROXY`/`no_proxy` to bypass listed hosts; an explicit `proxy` replaces the proxy variables,
/// and `proxy: ""` turns proxies off altogether.
final class HTTPClientProxyTests: XCTestCase {
    private var origin: LoopbackHTTPServer!
    private var proxy: ForwardingProxy!

    override func setUpWithError() throws {
        origin = try LoopbackHTTPServer { request in
            HTTPResponse(status: 200, headers: [HTTPHeader("X-Origin-Path", request.path)], body: request.body)
        }
        proxy = try ForwardingProxy()
    }

    override func tearDown() {
        proxy.server.stop()
        origin.stop()
    }

    func testExplicitProxyCarriesTheRequest() async throws {
        let client = HTTPClient(settings: HTTPClientSettings(connectTimeout: 2, requestTimeout: 5, proxy: proxy.url))
        let body = Array("through the proxy".utf8)
        let response = try await client.send(HTTPRequest(method: "POST", url: origin.baseURL + "/hello?x=1", body: body))
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.body, body)
        XCTAssertEqual(response.headers.value(for: "Via"), "1.1 test-proxy")
        XCTAssertEqual(response.headers.value(for: "X-Origin-Path"), "/hello")
        XCTAssertEqual(proxy.targets, [origin.baseURL + "/hello?x=1"])
    }

    func testEnvironmentProxyAndNoProxyAreHonouredWhenProxyIsNil() async throws {
        let names = ["http_proxy", "no_proxy", "NO_PROXY"]
        let saved = names.map { name in (name, ProcessInfo.processInfo.environment[name]) }
        defer { for (name, value) in saved { if let value { setenv(name, value, 1) } else { unsetenv(name) } } }
        unsetenv("NO_PROXY")
        unsetenv("no_proxy")
        setenv("http_proxy", proxy.url, 1)
        let client = HTTPClient(settings: HTTPClientSettings(connectTimeout: 2, requestTimeout: 5))

        let proxied = try await client.send(HTTPRequest(method: "GET", url: origin.baseURL + "/via-env"))
        XCTAssertEqual(proxied.headers.value(for: "Via"), "1.1 test-proxy")

        setenv("no_proxy", "127.0.0.1", 1)
        let direct = try await client.send(HTTPRequest(method: "GET", url: origin.baseURL + "/direct"))
        XCTAssertEqual(direct.status, 200)
        XCTAssertNil(direct.headers.value(for: "Via"))

        unsetenv("no_proxy")
        let disabled = HTTPClient(settings: HTTPClientSettings(connectTimeout: 2, requestTimeout: 5, proxy: ""))
        let bypassed = try await disabled.send(HTTPRequest(method: "GET", url: origin.baseURL + "/disabled"))
        XCTAssertNil(bypassed.headers.value(for: "Via"))
        XCTAssertEqual(proxy.targets, [origin.baseURL + "/via-env"])
    }

    func testUnreachableExplicitProxyIsAProxyFailureWithoutCredentials() async throws {
        let closed = try LoopbackHTTPServer { _ in HTTPResponse(status: 500) }
        closed.stop()
        let proxyURL = "http://user:proxy-secret@127.0.0.1:\(closed.port)"
        let client = HTTPClient(settings: HTTPClientSettings(connectTimeout: 2, requestTimeout: 5, proxy: proxyURL))
        do {
            _ = try await client.send(HTTPRequest(method: "GET", url: origin.baseURL + "/"))
            XCTFail("expected proxyFailure")
        } catch let error as HTTPError {
            guard case .proxyFailure = error else { return XCTFail("got \(error)") }
            XCTAssertTrue(error.isTransient)
            XCTAssertTrue(error.description.contains("127.0.0.1:\(closed.port)"), error.description)
            XCTAssertFalse(error.description.contains("proxy-secret"), error.description)
        }
    }
}
