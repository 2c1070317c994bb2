import Foundation
import HTTP
import XCTest

/// The server's wire behaviour, checked with exact bytes from a raw socket.
final class LoopbackHTTPServerTests: XCTestCase {
    private var server: LoopbackHTTPServer!
    private let bodies = Recorder<String>()

    override func setUpWithError() throws {
        let bodies = self.bodies
        server = try LoopbackHTTPServer { request in
            bodies.append(String(decoding: request.body, as: UTF8.self))
            if request.path == "/sleep" { Thread.sleep(forTimeInterval: 2) }
            if request.path == "/close" { return HTTPResponse(status: 200, headers: [HTTPHeader("Connection", "close")]) }
            return HTTPResponse(status: 201, headers: [HTTPHeader("Content-Length", "999"), HTTPHeader("X-Kind", "raw")],
                                body: Array("got \(request.body.count)".utf8))
        }
    }

    override func tearDown() {
        server.stop()
    }

    func testResponseFramingIsTheServersOwn() throws {
        let connection = try RawConnection(port: server.port)
        connection.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        let text = connection.read(until: "got 0")
        XCTAssertTrue(text.hasPrefix("HTTP/1.1 201 Created\r\n"), text)
        XCTAssertTrue(text.contains("X-Kind: raw\r\n"), text)
        XCTAssertTrue(text.contains("Content-Length: 5\r\n"), "handler's wrong Content-Length is replaced: \(text)")
        XCTAssertFalse(text.contains("999"), text)
        XCTAssertTrue(text.contains("Connection: keep-alive\r\n\r\ngot 0"), text)
    }

    func testExpectContinueIsAnsweredBeforeTheBodyIsSent() throws {
        let connection = try RawConnection(port: server.port)
        connection.send("POST / HTTP/1.1\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
        XCTAssertEqual(connection.read(until: "\r\n\r\n"), "HTTP/1.1 100 Continue\r\n\r\n")
        connection.send("data")
        XCTAssertTrue(connection.read(until: "got 4").hasSuffix("got 4"))
        XCTAssertEqual(bodies.values, ["data"])
    }

    func testChunkedBodyAndKeepAliveOnOneConnection() throws {
        let connection = try RawConnection(port: server.port)
        connection.send("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
        XCTAssertTrue(connection.read(until: "got 5").hasSuffix("got 5"))
        connection.send("POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\nxy")
        XCTAssertTrue(connection.read(until: "got 2").hasSuffix("got 2"))
        XCTAssertEqual(bodies.values, ["abcde", "xy"])
        XCTAssertEqual(server.acceptedConnectionCount, 1)
    }

    func testConnectionCloseFromClientOrHandlerClosesAfterTheResponse() throws {
        let client = try RawConnection(port: server.port)
        client.send("GET / HTTP/1.1\r\nConnection: close\r\n\r\n")
        XCTAssertTrue(client.read(until: "got 0").contains("Connection: close\r\n"))
        XCTAssertTrue(client.isClosedByPeer())

        let handler = try RawConnection(port: server.port)
        handler.send("GET /close HTTP/1.1\r\n\r\n")
        XCTAssertTrue(handler.read(until: "\r\n\r\n").contains("Connection: close\r\n"))
        XCTAssertTrue(handler.isClosedByPeer())
    }

    func testGarbageGetsA400AndTheConnectionCloses() throws {
        let connection = try RawConnection(port: server.port)
        connection.send("NOT HTTP AT ALL\r\n\r\n")
        XCTAssertTrue(connection.read(until: "\r\n\r\n").hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        XCTAssertTrue(connection.isClosedByPeer())
        XCTAssertEqual(bodies.values, [])
    }

    func testStopReturnsPromptlyAndClosesIdleConnectionsAndTheListener() throws {
        let idle = try RawConnection(port: server.port)
        idle.send("GET / HTTP/1.1\r\n\r\n")
        _ = idle.read(until: "got 0")
        let busy = try RawConnection(port: server.port)
        busy.send("GET /sleep HTTP/1.1\r\n\r\n")
        Thread.sleep(forTimeInterval: 0.1)

        let started = Date()
        server.stop()
        XCTAssertLessThan(Date().timeIntervalSince(started), 0.5)
        XCTAssertTrue(idle.isClosedByPeer())
        XCTAssertThrowsError(try RawConnection(port: server.port), "the listener must be closed after stop()")
        server.stop()  // idempotent
    }

    func testIPv6LoopbackAndBaseURL() async throws {
        let server = try LoopbackHTTPServer(host: "::1") { request in HTTPResponse(status: 200, body: Array(request.path.utf8)) }
        defer { server.stop() }
        XCTAssertEqual(server.baseURL, "http://[::1]:\(server.port)")
        let response = try await HTTPClient(settings: HTTPClientSettings(proxy: "")).send(HTTPRequest(method: "GET", url: server.baseURL + "/six"))
        XCTAssertEqual(response.body, Array("/six".utf8))
    }

    func testBindingATakenPortFailsWithAClearError() throws {
        XCTAssertThrowsError(try LoopbackHTTPServer(port: server.port) { _ in HTTPResponse(status: 200) }) { error in
            XCTAssertTrue("\(error)".contains("bind 127.0.0.1:\(self.server.port)"), "\(error)")
            XCTAssertTrue("\(error)".contains("Address already in use"), "\(error)")
        }
    }
}
