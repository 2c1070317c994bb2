import HTTP
import TestSupport
import XCTest

/// The client against a real TLS peer (`openssl s_server`) with a certificate from a private CA.
final class HTTPClientTLSTests: XCTestCase {
    private var certificates: TestCertificates!
    private var server: OpenSSLTestServer!

    override func setUpWithError() throws {
        certificates = try TestCertificates()
        server = try OpenSSLTestServer(certificates: certificates)
    }

    override func tearDown() {
        server?.stop()
        certificates = nil   // removes the directory
    }

    func testDefaultSettingsRejectAPrivateCA() async throws {
        let client = HTTPClient(settings: HTTPClientSettings(connectTimeout: 3, requestTimeout: 5, proxy: ""))
        do {
            let response = try await client.send(HTTPRequest(method: "GET", url: server.url))
            XCTFail("expected tlsVerificationFailed, got status \(response.status)")
        } catch let error as HTTPError {
            guard case .tlsVerificationFailed(let host, _) = error else { return XCTFail("got \(error)") }
            XCTAssertEqual(host, "127.0.0.1")
            XCTAssertFalse(error.isTransient)
            XCTAssertTrue(error.description.contains("ca_file"), error.description)
        }
    }

    func testTrustingThePrivateCAVerifies() async throws {
        let tls = TLSSettings(caFile: certificates.path("ca.pem"))
        let client = HTTPClient(settings: HTTPClientSettings(tls: tls, connectTimeout: 3, requestTimeout: 5, proxy: ""))
        let response = try await client.send(HTTPRequest(method: "GET", url: server.url))
        XCTAssertEqual(response.status, 200)
        XCTAssertTrue(String(decoding: response.body, as: UTF8.self).contains("s_server"), "expected s_server's status page")
    }

    func testTheRightCAWithTheWrongHostNameStillFails() async throws {
        // The certificate names 127.0.0.1 only; "localhost" resolves to the same server but must not verify.
        let tls = TLSSettings(caFile: certificates.path("ca.pem"))
        let client = HTTPClient(settings: HTTPClientSettings(tls: tls, connectTimeout: 3, requestTimeout: 5, proxy: ""))
        do {
            _ = try await client.send(HTTPRequest(method: "GET", url: "https://localhost:\(server.port)/"))
            XCTFail("expected a verification failure for a host name the certificate does not name")
        } catch let error as HTTPError {
            guard case .tlsVerificationFailed(let host, _) = error else { return XCTFail("got \(error)") }
            XCTAssertEqual(host, "localhost")
        }
    }

    func testVerificationOffAcceptsAnyCertificate() async throws {
        let tls = TLSSettings(verifyPeer: false)
        let client = HTTPClient(settings: HTTPClientSettings(tls: tls, connectTimeout: 3, requestTimeout: 5, proxy: ""))
        let response = try await client.send(HTTPRequest(method: "GET", url: server.url))
        XCTAssertEqual(response.status, 200)
    }

    func testUnreadableCAFileIsATLSFailureNamingTheFile() async throws {
        let tls = TLSSettings(caFile: "/nonexistent/ca.pem")
        let client = HTTPClient(settings: HTTPClientSettings(tls: tls, connectTimeout: 3, requestTimeout: 5, proxy: ""))
        do {
            _ = try await client.send(HTTPRequest(method: "GET", url: server.url))
            XCTFail("expected a TLS failure")
        } catch let error as HTTPError {
            guard case .tlsFailure = error else { return XCTFail("got \(error)") }
            XCTAssertTrue(error.description.contains("/nonexistent/ca.pem"), error.description)
        }
    }
}
