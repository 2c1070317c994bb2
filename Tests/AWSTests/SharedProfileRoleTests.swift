import Foundation
import HTTP
import XCTest
@testable import AWS

/// Profiles with role_arn + source_profile / credential_source, against a fake STS.
final class SharedProfileRoleTests: XCTestCase {
    var home: ScratchDirectory!

    override func setUpWithError() throws {
        home = try ScratchDirectory()
    }

    override func tearDown() {
        home.remove()
    }

    /// A fake STS answering AssumeRole with credentials named after the call count.
    func fakeSTS() -> RecordingTransport {
        let counter = ManualClock(Date(timeIntervalSince1970: 0))  // reused as a thread-safe counter
        return RecordingTransport { _ in
            counter.advance(by: 1)
            let number = Int(counter.now.timeIntervalSince1970)
            return HTTPResponse(status: 200, body: Array("""
            <AssumeRoleResponse><AssumeRoleResult><Credentials>
            <AccessKeyId>ASIAROLE\(number)</AccessKeyId><SecretAccessKey>rs</SecretAccessKey>
            <SessionToken>rt</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration>
            </Credentials></AssumeRoleResult></AssumeRoleResponse>
            """.utf8))
        }
    }

    func provider(_ sts: RecordingTransport, environment: [String: String] = [:], profile: String = "reader")
        -> SharedFileCredentialProvider
    {
        SharedFileCredentialProvider(environment: environment, homeDirectory: home.path, profile: profile,
                                     transport: sts, region: "eu-west-1")
    }

    func testSourceProfileKeysSignTheAssumeRoleCallAndTheResultIsCached() async throws {
        try home.write(".aws/credentials", "[base]\naws_access_key_id=AKIABASE\naws_secret_access_key=b\n")
        try home.write(".aws/config", """
        [profile reader]
        role_arn = arn:aws:iam::123456789012:role/reader
        source_profile = base
        external_id = tenant-7
        role_session_name = nightly
        duration_seconds = 1800
        region = ap-southeast-2
        """)
        let sts = fakeSTS()
        let provider = provider(sts)
        let first = try await provider.credentials()
        let second = try await provider.credentials()
        XCTAssertEqual(first.accessKeyId, "ASIAROLE1")
        XCTAssertEqual(second.accessKeyId, "ASIAROLE1", "cached, no second AssumeRole")
        XCTAssertEqual(sts.requests.count, 1)
        let request = try XCTUnwrap(sts.requests.first)
        XCTAssertEqual(request.url, "https://sts.ap-southeast-2.amazonaws.com/")
        XCTAssertTrue(request.headers.value(for: "Authorization")?.contains("Credential=AKIABASE/") == true)
        let body = String(decoding: request.body, as: UTF8.self)
        for part in ["Action=AssumeRole&", "RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Freader",
                     "RoleSessionName=nightly", "DurationSeconds=1800", "ExternalId=tenant-7"] {
            XCTAssertTrue(body.contains(part), "\(part) missing from \(body)")
        }
    }

    func testCredentialSourceEnvironment() async throws {
        try home.write(".aws/config", """
        [profile reader]
        role_arn = arn:aws:iam::123456789012:role/reader
        credential_source = Environment
        """)
        let sts = fakeSTS()
        let credentials = try await provider(sts, environment: [
            "AWS_ACCESS_KEY_ID": "AKIAENVSRC", "AWS_SECRET_ACCESS_KEY": "e",
        ]).credentials()
        XCTAssertEqual(credentials.accessKeyId, "ASIAROLE1")
        XCTAssertEqual(sts.requests.first?.url, "https://sts.eu-west-1.amazonaws.com/")
        XCTAssertTrue(sts.requests.first?.headers.value(for: "Authorization")?.contains("Credential=AKIAENVSRC/") == true)
    }

    func testSourceProfileLoopIsReported() async throws {
        try home.write(".aws/config", """
        [profile reader]
        role_arn = arn:aws:iam::123456789012:role/reader
        source_profile = other
        [profile other]
        role_arn = arn:aws:iam::123456789012:role/other
        source_profile = reader
        """)
        let sts = fakeSTS()
        let error = await thrownError { try await self.provider(sts).credentials() }
        guard case CredentialError.invalidProfileSetting(_, let key, let detail) = error! else {
            return XCTFail("\(error!)")
        }
        XCTAssertEqual(key, "source_profile")
        XCTAssertTrue(detail.contains("reader -> other -> reader"), detail)
        XCTAssertTrue(sts.requests.isEmpty)
    }

    func testBadRoleArnInProfileIsNamed() async throws {
        try home.write(".aws/config", """
        [profile reader]
        role_arn = arn:aws:iam::123:role/reader
        credential_source = Environment
        """)
        let error = await thrownError { try await self.provider(self.fakeSTS()).credentials() }
        guard case CredentialError.invalidRoleArn(let arn) = error! else { return XCTFail("\(error!)") }
        XCTAssertEqual(arn, "arn:aws:iam::123:role/reader")
    }

    func testRoleProfileWithoutTransportSaysSo() async throws {
        try home.write(".aws/config", "[profile reader]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = reader\n")
        let provider = SharedFileCredentialProvider(environment: [:], homeDirectory: home.path, profile: "reader")
        let error = await thrownError { try await provider.credentials() }
        XCTAssertTrue("\(error!)".contains("no STS transport"), "\(error!)")
    }
}
