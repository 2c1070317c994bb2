import Foundation
import HTTP
import XCTest

/// Benchmarks later push pages of findings through the server and client; both must keep up.
final class HTTPThroughputTests: XCTestCase {
    func testPageBodiesFlowAtLeastAt100MBPerSecond() async throws {
        let page = [UInt8](repeating: UInt8(ascii: "x"), count: 4 << 20)
        let server = try LoopbackHTTPServer { _ in HTTPResponse(status: 200, body: page) }
        defer { server.stop() }
        let client = HTTPClient(settings: HTTPClientSettings(proxy: ""))
        let request = HTTPRequest(method: "POST", url: server.baseURL + "/findings/list", body: Array("{}".utf8))
        _ = try await client.send(request)  // connect outside the timed part

        let pages = 50
        let started = Date()
        var received = 0
        for _ in 0..<pages {
            received += try await client.send(request).body.count
        }
        let seconds = Date().timeIntervalSince(started)
        let megabytesPerSecond = Double(received) / 1_000_000 / seconds
        XCTAssertEqual(received, pages * page.count)
        XCTAssertGreaterThan(megabytesPerSecond, 100, "\(Int(megabytesPerSecond)) MB/s")
        print("HTTPThroughputTests: \(Int(megabytesPerSecond)) MB/s over \(pages) pages of \(page.count) bytes")
    }
}
