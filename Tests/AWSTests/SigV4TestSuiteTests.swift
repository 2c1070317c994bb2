import Foundation
import XCTest
import HTTP
@testable import AWS

/// Runs every case of the official AWS SigV4 test suite (Tests/Fixtures/aws-sigv4-testsuite, Apache-2.0).
final class SigV4TestSuiteTests: XCTestCase {
    static let suiteFolder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/aws-sigv4-testsuite")
    // The AWS SDKs skip four cases (normalize-path/get-space, get-vanilla-query-order-key-case,
    // get-vanilla-query-order-key, get-vanilla-query-order-value) because their HTTP stacks cannot send
    // those raw requests as written. This signer takes the request target verbatim, so all cases run.
    static let token = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA=="
    static let date = Date(timeIntervalSince1970: 1_440_938_160)  // 20150830T123600Z

    func signer(token: String? = nil) -> SigV4Signer {
        SigV4Signer(credentials: AWSCredentials(accessKeyId: "AKIDEXAMPLE",
                                                secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                                sessionToken: token),
                    region: "us-east-1", service: "service")
    }

    func testEveryCaseOfTheOfficialSuite() throws {
        let cases = try SuiteCase.all(in: Self.suiteFolder)
        var ran: [String] = []
        for suiteCase in cases {
            // get-vanilla-with-session-token: the token comes with the credentials and the signer adds it.
            let token = try suiteCase.tokenAddedBySigner()
            var request = try suiteCase.request()
            if let token { request.headers.append(HTTPHeader("X-Amz-Security-Token", token)) }
            let creq = signer().canonicalRequest(for: request)
            XCTAssertEqual(creq, try suiteCase.expected("creq"), "canonical request of \(suiteCase.name)")
            XCTAssertEqual(signer().stringToSign(canonicalRequest: creq, at: Self.date), try suiteCase.expected("sts"),
                           "string to sign of \(suiteCase.name)")
            XCTAssertEqual(signer().authorization(for: request, at: Self.date), try suiteCase.expected("authz"),
                           "authorization of \(suiteCase.name)")
            ran.append(suiteCase.name)
        }
        XCTAssertGreaterThanOrEqual(ran.count, 30, "only these suite cases ran: \(ran)")
        XCTAssertTrue(ran.contains("post-sts-header-before") && ran.contains("get-slash-dot-slash"),
                      "nested cases were not found: \(ran)")
    }

    /// sign() must produce the suite's Authorization from a request that lacks it, adding the same headers.
    func testSignProducesTheSuiteAuthorization() throws {
        for suiteCase in try SuiteCase.all(in: Self.suiteFolder) where !suiteCase.name.hasPrefix("post-sts-header") {
            let token = try suiteCase.tokenAddedBySigner()
            var request = try suiteCase.request()
            request.headers.removeAll { $0.name.lowercased() == "x-amz-date" }
            signer(token: token).sign(&request, at: Self.date)
            XCTAssertEqual(request.headers.value(for: "Authorization"), try suiteCase.expected("authz"), suiteCase.name)
            XCTAssertEqual(request.headers.value(for: "X-Amz-Date"), "20150830T123600Z")
            XCTAssertEqual(request.headers.value(for: "X-Amz-Security-Token"), token)
        }
    }

    /// Like the SDKs, sign() signs the session token (the suite's "header-before" variant).
    func testSessionTokenIsSignedAsInHeaderBefore() throws {
        let before = try SuiteCase.named("post-sts-header-before", in: Self.suiteFolder)
        var request = HTTPRequest(method: "POST", url: "https://example.amazonaws.com/")
        signer(token: Self.token).sign(&request, at: Self.date)
        XCTAssertEqual(request.headers.value(for: "X-Amz-Security-Token"), Self.token)
        XCTAssertEqual(request.headers.value(for: "Host"), "example.amazonaws.com")
        XCTAssertEqual(request.headers.value(for: "Authorization"), try before.expected("authz"))
    }

    /// The "header-after" variant (token appended unsigned) is what signing without the token gives.
    func testHeaderAfterVariantIsTheUnsignedTokenForm() throws {
        let after = try SuiteCase.named("post-sts-header-after", in: Self.suiteFolder)
        var request = try after.request()
        request.headers.removeAll { $0.name.lowercased() == "x-amz-date" }
        signer().sign(&request, at: Self.date)
        XCTAssertEqual(request.headers.value(for: "Authorization"), try after.expected("authz"))
    }
}

/// One folder of the suite: NAME.req and the expected NAME.creq / .sts / .authz beside it.
private struct SuiteCase {
    let name: String
    let folder: URL

    static func all(in root: URL) throws -> [SuiteCase] {
        guard FileManager.default.fileExists(atPath: root.path) else {
            throw SuiteError("SigV4 test suite not found at \(root.path)")
        }
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
            throw SuiteError("cannot list \(root.path)")
        }
        var cases: [SuiteCase] = []
        for case let file as URL in walker where file.pathExtension == "req" {
            cases.append(SuiteCase(name: file.deletingPathExtension().lastPathComponent,
                                   folder: file.deletingLastPathComponent()))
        }
        return cases.sorted { $0.name < $1.name }
    }

    static func named(_ name: String, in root: URL) throws -> SuiteCase {
        guard let found = try all(in: root).first(where: { $0.name == name }) else {
            throw SuiteError("suite case \(name) not found under \(root.path)")
        }
        return found
    }

    func expected(_ ext: String) throws -> String {
        var text = try String(contentsOf: folder.appendingPathComponent("\(name).\(ext)"), encoding: .utf8)
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// The token the .creq signs when the .req does not carry it (the signer adds it from the credentials).
    func tokenAddedBySigner() throws -> String? {
        let prefix = "x-amz-security-token:"
        guard try request().headers.value(for: "X-Amz-Security-Token") == nil else { return nil }
        return try expected("creq").split(separator: "\n").first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    }

    /// Parses the raw request: request line, headers (folded lines kept with their line break), body.
    func request() throws -> HTTPRequest {
        let raw = try String(contentsOf: folder.appendingPathComponent("\(name).req"), encoding: .utf8)
        let (head, body) = raw.range(of: "\n\n").map { (String(raw[..<$0.lowerBound]), String(raw[$0.upperBound...])) }
            ?? (raw, "")
        var lines = head.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let requestLine = lines.removeFirst()
        guard let firstSpace = requestLine.firstIndex(of: " "), let version = requestLine.range(of: " HTTP/", options: .backwards)
        else { throw SuiteError("bad request line in \(name): \(requestLine)") }
        let method = String(requestLine[..<firstSpace])
        let target = String(requestLine[requestLine.index(after: firstSpace)..<version.lowerBound])
        var headers: [HTTPHeader] = []
        for line in lines where !line.isEmpty {
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += "\n" + line
            } else if let colon = line.firstIndex(of: ":") {
                headers.append(HTTPHeader(String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
        }
        let host = headers.value(for: "Host") ?? "example.amazonaws.com"
        return HTTPRequest(method: method, url: "https://\(host)\(target)", headers: headers, body: Array(body.utf8))
    }
}

private struct SuiteError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
