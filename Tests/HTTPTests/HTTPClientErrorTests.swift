import HTTP
import XCTest

final class HTTPClientErrorTests: XCTestCase {
    func testConnectionRefusedOnAClosedPortIsTransient() async throws {
        let server = try LoopbackHTTPServer { _ in HTTPResponse(status: 200) }
        let url = server.baseURL + "/"
        server.stop()
        let client = HTTPClient(settings: HTTPClientSettings(connectTimeout: 2, requestTimeout: 5, proxy: ""))
        do {
            _ = try await client.send(HTTPRequest(method: "GET", url: url))
            XCTFail("expected connectionFailed")
        } catch let error as HTTPError {
            guard case .connectionFailed(let host, _) = error else { return XCTFail("got \(error)") }
            XCTAssertEqual(host, "127.0.0.1:\(server.port)")
            XCTAssertTrue(error.isTransient)
        }
    }

    func testHandlerSlowerThanRequestTimeoutTimesOut() async throws {
        let server = try LoopbackHTTPServer { _ in
            Thread.sleep(forTimeInterval: 1.5)
            return HTTPResponse(status: 200)
        }
        defer { server.stop() }
        let client = HTTPClient(settings: HTTPClientSettings(connectTimeout: 1, requestTimeout: 0.3, proxy: ""))
        let started = Date()
        do {
            _ = try await client.send(HTTPRequest(method: "GET", url: server.baseURL + "/slow?X-Amz-Signature=secret"))
            XCTFail("expected timedOut")
        } catch let error as HTTPError {
            XCTAssertEqual(error, .timedOut(url: server.baseURL + "/slow"), "query strings are redacted")
            XCTAssertTrue(error.isTransient)
            XCTAssertFalse(error.description.contains("secret"))
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 1.2)

        // The handle that timed out is reused for the next request, which must work normally.
        let fast = try LoopbackHTTPServer { _ in HTTPResponse(status: 204) }
        defer { fast.stop() }
        let response = try await client.send(HTTPRequest(method: "GET", url: fast.baseURL + "/"))
        XCTAssertEqual(response.status, 204)
    }

    func testInvalidURLsAreRejectedBeforeAnyIO() async throws {
        let client = HTTPClient()
        for url in ["not a url", "ftp://example.com/file", "file:///etc/passwd", "http://", "/relative/path"] {
            do {
                _ = try await client.send(HTTPRequest(method: "GET", url: url))
                XCTFail("expected invalidURL for \(url)")
            } catch let error as HTTPError {
                guard case .invalidURL = error else { return XCTFail("\(url): got \(error)") }
                XCTAssertFalse(error.isTransient)
            }
        }
    }

    func testUnresolvableHostIsReported() async throws {
        let client = HTTPClient(settings: HTTPClientSettings(connectTimeout: 2, requestTimeout: 5, proxy: ""))
        do {
            _ = try await client.send(HTTPRequest(method: "GET", url: "http://no-such-host.invalid/"))
            XCTFail("expected couldNotResolve")
        } catch let error as HTTPError {
            XCTAssertEqual(error, .couldNotResolve(host: "no-such-host.invalid"))
        }
    }

    func testHeaderWithLineBreakIsRejectedWithoutEchoingItsValue() async throws {
        let server = try LoopbackHTTPServer { _ in HTTPResponse(status: 200) }
        defer { server.stop() }
        let request = HTTPRequest(method: "GET", url: server.baseURL + "/",
                                  headers: [HTTPHeader("X-Amz-Security-Token", "token-secret\r\nX-Injected: 1")])
        do {
            _ = try await HTTPClient(settings: HTTPClientSettings(proxy: "")).send(request)
            XCTFail("expected an error")
        } catch let error as HTTPError {
            XCTAssertTrue(error.description.contains("X-Amz-Security-Token"), error.description)
            XCTAssertFalse(error.description.contains("token-secret"), error.description)
        }
        XCTAssertEqual(server.acceptedConnectionCount, 0)
    }

    func testCancellingTheTaskAbortsTheTransfer() async throws {
        let server = try LoopbackHTTPServer { _ in
            Thread.sleep(forTimeInterval: 3)
            return HTTPResponse(status: 200)
        }
        defer { server.stop() }
        let client = HTTPClient(settings: HTTPClientSettings(requestTimeout: 10, proxy: ""))
        let url = server.baseURL + "/slow"
        let task = Task { try await client.send(HTTPRequest(method: "GET", url: url)) }
        try await Task.sleep(nanoseconds: 200_000_000)
        let started = Date()
        task.cancel()
        do {
            _ = try await task.value
            XCTFail("expected CancellationError")
        } catch {
            XCTAssertTrue(error is CancellationError, "got \(error)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 2)
    }

    func testSendAfterShutdownThrows() async throws {
        let client = HTTPClient()
        client.shutdown()
        do {
            _ = try await client.send(HTTPRequest(method: "GET", url: "http://127.0.0.1:9/"))
            XCTFail("expected an error")
        } catch let error as HTTPError {
            XCTAssertTrue(error.description.contains("shut down"), error.description)
        }
    }

    func testTransienceClassification() {
        XCTAssertTrue(HTTPError.transport(code: 56, detail: "Connection reset by peer").isTransient)
        XCTAssertTrue(HTTPError.transport(code: 52, detail: "Empty reply from server").isTransient)
        XCTAssertTrue(HTTPError.transport(code: 18, detail: "transfer closed").isTransient)
        XCTAssertFalse(HTTPError.transport(code: 43, detail: "bad argument").isTransient)
        XCTAssertFalse(HTTPError.tlsVerificationFailed(host: "h", detail: "d").isTransient)
        XCTAssertTrue(HTTPError.tlsVerificationFailed(host: "h", detail: "d").description.contains("ca_file"))
    }
}
