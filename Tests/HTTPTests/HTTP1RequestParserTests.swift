@testable import HTTP
import XCTest

/// The parser is pure: bytes in, actions out, no sockets.
final class HTTP1RequestParserTests: XCTestCase {
    private func feed(_ parser: inout HTTP1RequestParser, _ text: String) {
        Array(text.utf8).withUnsafeBytes { parser.append($0) }
    }

    func testContentLengthRequestSplitAcrossReads() throws {
        var parser = HTTP1RequestParser()
        feed(&parser, "POST /findings/list?a=b HTTP/1.1\r\nHost: x\r\nContent-")
        XCTAssertEqual(try parser.next(), .needMoreData)
        feed(&parser, "Length: 5\r\nX-Amz-Date:  20240101T000000Z \r\n\r\nhel")
        XCTAssertEqual(try parser.next(), .needMoreData)
        feed(&parser, "lo")
        guard case .request(let request, let keepAlive) = try parser.next() else { return XCTFail() }
        XCTAssertTrue(keepAlive)
        XCTAssertEqual(request.method, "POST")
        XCTAssertEqual(request.path, "/findings/list")
        XCTAssertEqual(request.query, "a=b")
        XCTAssertEqual(request.headers.value(for: "x-amz-date"), "20240101T000000Z")
        XCTAssertEqual(request.body, Array("hello".utf8))
        XCTAssertEqual(try parser.next(), .needMoreData)
    }

    func testPipelinedRequestsComeOutInOrder() throws {
        var parser = HTTP1RequestParser()
        feed(&parser, "GET /1 HTTP/1.1\r\n\r\nGET /2 HTTP/1.1\r\nConnection: close\r\n\r\n")
        guard case .request(let first, true) = try parser.next() else { return XCTFail() }
        guard case .request(let second, false) = try parser.next() else { return XCTFail() }
        XCTAssertEqual([first.path, second.path], ["/1", "/2"])
    }

    func testHTTP10ClosesUnlessKeepAliveIsAsked() throws {
        var parser = HTTP1RequestParser()
        feed(&parser, "GET / HTTP/1.0\r\n\r\nGET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        guard case .request(_, false) = try parser.next() else { return XCTFail() }
        guard case .request(_, true) = try parser.next() else { return XCTFail() }
    }

    func testChunkedBodyWithExtensionsAndTrailers() throws {
        var parser = HTTP1RequestParser()
        feed(&parser, "PUT /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nWiki\r\n")
        XCTAssertEqual(try parser.next(), .needMoreData)
        feed(&parser, "5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nX-Trailer: t\r\n\r\n")
        guard case .request(let request, true) = try parser.next() else { return XCTFail() }
        XCTAssertEqual(String(decoding: request.body, as: UTF8.self), "Wikipedia in\r\n\r\nchunks.")
    }

    func testExpectContinueAsksOnceThenWaitsForTheBody() throws {
        var parser = HTTP1RequestParser()
        feed(&parser, "POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n")
        XCTAssertEqual(try parser.next(), .sendContinue)
        XCTAssertEqual(try parser.next(), .needMoreData)
        feed(&parser, "abc")
        guard case .request(let request, _) = try parser.next() else { return XCTFail() }
        XCTAssertEqual(request.body, Array("abc".utf8))
    }

    func testExpectContinueIsNotSentWhenTheBodyAlreadyArrived() throws {
        var parser = HTTP1RequestParser()
        feed(&parser, "POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc")
        guard case .request = try parser.next() else { return XCTFail() }
    }

    func testMalformedInputIsRejectedWithTheRightStatus() {
        let cases: [(String, HTTP1ParseError)] = [
            ("GARBAGE\r\n\r\n", .malformedRequestLine),
            ("GET / HTTP/2.0\r\n\r\n", .malformedRequestLine),
            ("GET / HTTP/1.1\r\nNoColon\r\n\r\n", .malformedHeader),
            ("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n", .malformedHeader),
            ("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", .badContentLength),
            ("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", .badContentLength),
            ("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", .unsupportedTransferEncoding),
            ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n", .badChunk),
            ("POST / HTTP/1.1\r\nContent-Length: \(HTTP1RequestParser.maxBodyBytes + 1)\r\n\r\n", .bodyTooLarge),
        ]
        for (text, expected) in cases {
            var parser = HTTP1RequestParser()
            feed(&parser, text)
            XCTAssertThrowsError(try parser.next(), text) { XCTAssertEqual($0 as? HTTP1ParseError, expected, text) }
        }
        XCTAssertEqual(HTTP1ParseError.headTooLarge.status, 431)
        XCTAssertEqual(HTTP1ParseError.bodyTooLarge.status, 413)
    }

    func testOversizedHeadIsRejected() {
        var parser = HTTP1RequestParser()
        feed(&parser, "GET / HTTP/1.1\r\nX-Big: " + String(repeating: "a", count: HTTP1RequestParser.maxHeadBytes + 1))
        XCTAssertThrowsError(try parser.next()) { XCTAssertEqual($0 as? HTTP1ParseError, .headTooLarge) }
    }

    func testAbsoluteFormTargetsSplitIntoPathAndQuery() {
        let request = HTTPServerRequest(method: "GET", target: "http://127.0.0.1:8080/a/b?x=1&y=2")
        XCTAssertEqual(request.path, "/a/b")
        XCTAssertEqual(request.query, "x=1&y=2")
        XCTAssertEqual(HTTPServerRequest(method: "GET", target: "http://host:1").path, "/")
        XCTAssertEqual(HTTPServerRequest(method: "GET", target: "/p?").query, "")
        XCTAssertEqual(HTTPServerRequest(method: "GET", target: "/a%20b?q=http://x").path, "/a%20b")
        XCTAssertEqual(HTTPServerRequest(method: "GET", target: "/a%20b?q=http://x").query, "q=http://x")
    }

    func testLargeChunkedBodyInSmallReadsStaysLinear() throws {
        var parser = HTTP1RequestParser()
        feed(&parser, "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")
        let chunk = Array("1000\r\n".utf8) + [UInt8](repeating: 65, count: 0x1000) + Array("\r\n".utf8)
        let started = Date()
        for _ in 0..<2048 {  // 8 MiB in 4 KiB chunks; a copy per chunk would move gigabytes
            chunk.withUnsafeBytes { parser.append($0) }
            XCTAssertEqual(try parser.next(), .needMoreData)
        }
        feed(&parser, "0\r\n\r\n")
        guard case .request(let request, _) = try parser.next() else { return XCTFail() }
        XCTAssertEqual(request.body.count, 8 << 20)
        XCTAssertLessThan(Date().timeIntervalSince(started), 2)
    }
}
