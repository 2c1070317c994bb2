import HTTP
import XCTest

final class HTTPClientRoundTripTests: XCTestCase {
    private var server: LoopbackHTTPServer!
    private let client = HTTPClient(settings: HTTPClientSettings(connectTimeout: 2, requestTimeout: 10, proxy: ""))

    override func setUpWithError() throws {
        server = try LoopbackHTTPServer { request in
            switch request.path {
            case "/echo":
                var headers = [HTTPHeader("X-Method", request.method), HTTPHeader("X-Query", request.query)]
                headers += request.headers.map { HTTPHeader("X-Echo-\($0.name)", $0.value) }
                return HTTPResponse(status: 200, headers: headers, body: request.body)
            case "/status":
                return HTTPResponse(status: Int(request.query) ?? 500, body: Array("status \(request.query)".utf8))
            case "/big":
                return HTTPResponse(status: 200, body: (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
            default:
                return HTTPResponse(status: 404)
            }
        }
    }

    override func tearDown() {
        client.shutdown()
        server.stop()
    }

    func testGETReturnsStatusHeadersAndQuery() async throws {
        let response = try await client.send(HTTPRequest(method: "GET", url: server.baseURL + "/echo?a=1&b=two",
                                                         headers: [HTTPHeader("X-Amz-Target", "Inspector2.ListFindings")]))
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.headers.value(for: "x-method"), "GET")
        XCTAssertEqual(response.headers.value(for: "X-Query"), "a=1&b=two")
        XCTAssertEqual(response.headers.value(for: "X-Echo-X-Amz-Target"), "Inspector2.ListFindings")
        XCTAssertEqual(response.headers.value(for: "X-Echo-User-Agent"), "findings-collector")
        XCTAssertNil(response.headers.value(for: "X-Echo-Expect"), "Expect: 100-continue must be disabled")
        XCTAssertTrue(response.body.isEmpty)
    }

    func testResponseHeaderNamesKeepTheirCase() async throws {
        let response = try await client.send(HTTPRequest(method: "GET", url: server.baseURL + "/echo"))
        XCTAssertTrue(response.headers.contains { $0.name == "X-Method" }, "\(response.headers)")
        XCTAssertEqual(response.headers.value(for: "Content-Length"), "0")
    }

    func testPOSTBodyRoundTripsWithoutAddedContentType() async throws {
        let body = Array(#"{"maxResults":100,"nextToken":"abc"}"#.utf8)
        let response = try await client.send(HTTPRequest(method: "POST", url: server.baseURL + "/echo",
                                                         headers: [HTTPHeader("Content-Type", "application/json")], body: body))
        XCTAssertEqual(response.body, body)
        XCTAssertEqual(response.headers.value(for: "X-Echo-Content-Type"), "application/json")
        XCTAssertEqual(response.headers.value(for: "X-Echo-Content-Length"), String(body.count))

        let bare = try await client.send(HTTPRequest(method: "POST", url: server.baseURL + "/echo", body: body))
        XCTAssertNil(bare.headers.value(for: "X-Echo-Content-Type"), "libcurl's form Content-Type must not be added")
    }

    func testEmptyPUTSendsZeroContentLengthAndCustomMethod() async throws {
        let response = try await client.send(HTTPRequest(method: "PUT", url: server.baseURL + "/echo",
                                                         headers: [HTTPHeader("X-aws-ec2-metadata-token-ttl-seconds", "21600")]))
        XCTAssertEqual(response.headers.value(for: "X-Method"), "PUT")
        XCTAssertEqual(response.headers.value(for: "X-Echo-Content-Length"), "0")
        XCTAssertEqual(response.headers.value(for: "X-Echo-X-aws-ec2-metadata-token-ttl-seconds"), "21600")
    }

    func testDELETEAndHEAD() async throws {
        let deleted = try await client.send(HTTPRequest(method: "DELETE", url: server.baseURL + "/echo"))
        XCTAssertEqual(deleted.headers.value(for: "X-Method"), "DELETE")
        let head = try await client.send(HTTPRequest(method: "HEAD", url: server.baseURL + "/big"))
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(head.headers.value(for: "Content-Length"), String(1 << 20))
        XCTAssertTrue(head.body.isEmpty)
    }

    func testEmptyHeaderValueIsSent() async throws {
        let response = try await client.send(HTTPRequest(method: "GET", url: server.baseURL + "/echo",
                                                         headers: [HTTPHeader("X-Empty", "")]))
        XCTAssertEqual(response.headers.value(for: "X-Echo-X-Empty"), "")
    }

    func testNonSuccessStatusesAreResponsesNotErrors() async throws {
        for status in [201, 204, 400, 403, 429, 500, 503] {
            let response = try await client.send(HTTPRequest(method: "GET", url: server.baseURL + "/status?\(status)"))
            XCTAssertEqual(response.status, status)
            XCTAssertEqual(response.body, status == 204 ? [] : Array("status \(status)".utf8))
        }
    }

    func testOneMebibyteBodiesBothWays() async throws {
        let big = try await client.send(HTTPRequest(method: "GET", url: server.baseURL + "/big"))
        XCTAssertEqual(big.body.count, 1 << 20)
        XCTAssertTrue(big.body == (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }, "1 MiB body differs")

        // Just over libcurl's 1 MiB threshold for sending "Expect: 100-continue", which the client disables.
        let upload = (0..<((1 << 20) + 17)).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let echoed = try await client.send(HTTPRequest(method: "POST", url: server.baseURL + "/echo", body: upload))
        XCTAssertTrue(echoed.body == upload, "uploaded body differs")
        XCTAssertNil(echoed.headers.value(for: "X-Echo-Expect"))
    }

    func testSequentialRequestsReuseTheConnection() async throws {
        for index in 0..<50 {
            let response = try await client.send(HTTPRequest(method: "POST", url: server.baseURL + "/echo",
                                                             body: Array("request \(index)".utf8)))
            XCTAssertEqual(response.body, Array("request \(index)".utf8))
        }
        XCTAssertLessThanOrEqual(server.acceptedConnectionCount, 2, "50 sequential requests should share a connection")
    }

    func testConcurrentRequestsFromEightTasks() async throws {
        let client = self.client
        let url = server.baseURL + "/echo"
        let bodies = try await withThrowingTaskGroup(of: (Int, [UInt8]).self) { group in
            for task in 0..<8 {
                group.addTask {
                    var last: [UInt8] = []
                    for round in 0..<10 {
                        let body = Array("task \(task) round \(round)".utf8)
                        let response = try await client.send(HTTPRequest(method: "POST", url: url, body: body))
                        XCTAssertEqual(response.body, body)
                        last = response.body
                    }
                    return (task, last)
                }
            }
            return try await group.reduce(into: [Int: [UInt8]]()) { $0[$1.0] = $1.1 }
        }
        XCTAssertEqual(bodies.count, 8)
        for task in 0..<8 { XCTAssertEqual(bodies[task], Array("task \(task) round 9".utf8)) }
        XCTAssertLessThanOrEqual(server.acceptedConnectionCount, 8, "each pooled handle keeps its connection")
    }

    func testMoreConcurrentRequestsThanPooledHandlesWaitTheirTurn() async throws {
        let slow = try LoopbackHTTPServer { request in
            Thread.sleep(forTimeInterval: 0.2)
            return HTTPResponse(status: 200, body: request.body)
        }
        defer { slow.stop() }
        let client = self.client
        let started = Date()
        let count = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<24 {
                group.addTask {
                    let body = Array("\(index)".utf8)
                    return try await client.send(HTTPRequest(method: "POST", url: slow.baseURL + "/", body: body)).body == body
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        XCTAssertEqual(count, 24)
        XCTAssertLessThanOrEqual(slow.acceptedConnectionCount, 16, "at most one connection per pooled handle")
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.4, "the 17th request had to wait for a handle")
    }
}
