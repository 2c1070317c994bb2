import Foundation
import XCTest
import HTTP
@testable import AWS

final class SigV4SignerTests: XCTestCase {
    let date = Date(timeIntervalSince1970: 1_440_938_160)  // 20150830T123600Z
    let credentials = AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")

    func testDigestsMatchPublishedVectors() {
        XCTAssertEqual(Digest.hex(Digest.sha256("abc")),
                       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(Digest.hex(Digest.sha256([])),
                       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        // RFC 4231 test case 2.
        XCTAssertEqual(Digest.hex(Digest.hmacSHA256(key: Array("Jefe".utf8), message: "what do ya want for nothing?")),
                       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    func testHostIncludesANonDefaultPortAndDropsTheDefaultOne() {
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "sts")
        var local = HTTPRequest(method: "POST", url: "http://127.0.0.1:5123/")
        signer.sign(&local, at: date)
        XCTAssertEqual(local.headers.value(for: "Host"), "127.0.0.1:5123")
        var remote = HTTPRequest(method: "POST", url: "https://sts.us-east-1.amazonaws.com:443/?Action=X")
        signer.sign(&remote, at: date)
        XCTAssertEqual(remote.headers.value(for: "Host"), "sts.us-east-1.amazonaws.com")
        var ipv6 = HTTPRequest(method: "GET", url: "http://[::1]:8080/path")
        signer.sign(&ipv6, at: date)
        XCTAssertEqual(ipv6.headers.value(for: "Host"), "[::1]:8080")
    }

    func testSigningTwiceReplacesTheEarlierSignature() {
        let signer = SigV4Signer(credentials: AWSCredentials(accessKeyId: "AKID", secretAccessKey: "secret",
                                                             sessionToken: "token"),
                                 region: "eu-west-1", service: "inspector2")
        var request = HTTPRequest(method: "POST", url: "https://inspector2.eu-west-1.amazonaws.com/findings/list",
                                  headers: [HTTPHeader("Content-Type", "application/json")], body: Array("{}".utf8))
        signer.sign(&request, at: date)
        let first = request.headers.value(for: "Authorization")
        signer.sign(&request, at: date.addingTimeInterval(60))
        for name in ["authorization", "x-amz-date", "x-amz-security-token", "host"] {
            XCTAssertEqual(request.headers.filter { $0.name.lowercased() == name }.count, 1, name)
        }
        XCTAssertEqual(request.headers.value(for: "X-Amz-Date"), "20150830T123700Z")
        XCTAssertNotEqual(request.headers.value(for: "Authorization"), first)
        XCTAssertTrue(request.headers.value(for: "Authorization")!.contains(
            "Credential=AKID/20150830/eu-west-1/inspector2/aws4_request, "
            + "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature="))
    }

    func testBodyIsPartOfTheSignature() {
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "service")
        let a = HTTPRequest(method: "POST", url: "https://example.amazonaws.com/", body: Array("a".utf8))
        let b = HTTPRequest(method: "POST", url: "https://example.amazonaws.com/", body: Array("b".utf8))
        XCTAssertTrue(signer.canonicalRequest(for: a).hasSuffix(Digest.hex(Digest.sha256("a"))))
        XCTAssertNotEqual(signer.authorization(for: a, at: date), signer.authorization(for: b, at: date))
    }

    /// A path already percent-encoded on the wire is encoded again, as non-S3 services verify it.
    func testWireEncodedPathIsEncodedAgain() {
        XCTAssertEqual(Canonical.uri(path: "/a%20b/c"), "/a%2520b/c")
        XCTAssertEqual(Canonical.uri(path: "/findings/list"), "/findings/list")
        XCTAssertEqual(Canonical.uri(path: "/a/./b/../c/"), "/a/c/")
        XCTAssertEqual(Canonical.uri(path: ""), "/")
    }

    func testQueryIsDecodedReencodedAndSortedByByteOrder() {
        XCTAssertEqual(Canonical.query("b=2&a=x%2Fy&A=1&flag"), "A=1&a=x%2Fy&b=2&flag=")
        XCTAssertEqual(Canonical.query("k=a b&k=a+b"), "k=a%20b&k=a%2Bb")
        XCTAssertEqual(Canonical.query(""), "")
    }

    func testDateIsFormattedInUTC() {
        XCTAssertEqual(SigV4Date(Date(timeIntervalSince1970: 0)).timestamp, "19700101T000000Z")
        XCTAssertEqual(SigV4Date(Date(timeIntervalSince1970: 1_700_000_000.999)).timestamp, "20231114T221320Z")
        XCTAssertEqual(SigV4Date(date).day, "20150830")
    }

    func testSignedRequestNeverShowsTheSecret() {
        let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "service")
        var request = HTTPRequest(method: "GET", url: "https://example.amazonaws.com/")
        signer.sign(&request, at: date)
        XCTAssertFalse(request.headers.contains { $0.value.contains(secret) })
        XCTAssertFalse("\(signer)".contains(secret))
    }
}
