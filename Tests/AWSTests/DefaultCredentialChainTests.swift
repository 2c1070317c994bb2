import Foundation
import HTTP
import XCTest
@testable import AWS

final class DefaultCredentialChainTests: XCTestCase {
    var home: ScratchDirectory!

    override func setUpWithError() throws {
        home = try ScratchDirectory()
    }

    override func tearDown() {
        home.remove()
    }

    /// The standard chain over `environment`, the scratch home and a fake IMDS.
    func chain(_ environment: [String: String], imds: RecordingTransport = MetadataProviderTests.fakeIMDS(),
               sts: RecordingTransport = RecordingTransport { _ in HTTPResponse(status: 500) }) -> DefaultCredentialChain {
        DefaultCredentialChain(environment: environment, homeDirectory: home.path, transport: sts,
                               metadataTransport: imds, region: "us-east-1", clock: ManualClock().function)
    }

    func writeDefaultProfile() throws {
        try home.write(".aws/credentials", "[default]\naws_access_key_id=AKIAFILE\naws_secret_access_key=f\n")
    }

    func testOrderIsTheSDKs() {
        XCTAssertEqual(chain([:]).providers.map(\.name),
                       ["environment", "web_identity", "shared_files", "container", "instance_metadata"])
    }

    func testEnvironmentBeatsFilesAndIMDS() async throws {
        try writeDefaultProfile()
        let imds = MetadataProviderTests.fakeIMDS()
        let chain = chain(["AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "e"], imds: imds)
        XCTAssertEqual(chain.name, "default_chain")
        let credentials = try await chain.credentials()
        XCTAssertEqual(credentials.accessKeyId, "AKIAENV")
        XCTAssertEqual(chain.name, "default_chain/environment")
        XCTAssertTrue(imds.requests.isEmpty)
    }

    func testFilesBeatIMDS() async throws {
        try writeDefaultProfile()
        let imds = MetadataProviderTests.fakeIMDS()
        let chain = chain([:], imds: imds)
        let credentials = try await chain.credentials()
        XCTAssertEqual(credentials.accessKeyId, "AKIAFILE")
        XCTAssertEqual(chain.name, "default_chain/shared_files")
        XCTAssertTrue(imds.requests.isEmpty)
    }

    func testIMDSIsTheLastResortAndTheWinnerIsRemembered() async throws {
        let imds = MetadataProviderTests.fakeIMDS()
        let chain = chain([:], imds: imds)
        let credentials = try await chain.credentials()
        XCTAssertEqual(credentials.accessKeyId, "ASIAIMDS")
        XCTAssertEqual(chain.name, "default_chain/instance_metadata")
        // Keys appearing later in the files do not change the remembered source.
        try writeDefaultProfile()
        let again = try await chain.credentials()
        XCTAssertEqual(again.accessKeyId, "ASIAIMDS")
        XCTAssertEqual(imds.requests.count, 3, "the IMDS credentials are cached")
    }

    func testNothingFoundListsEverySourceAndWhy() async throws {
        let imds = RecordingTransport { request in
            throw HTTPError.connectionFailed(host: "169.254.169.254", detail: "connection refused")
        }
        let error = await thrownError { try await self.chain([:], imds: imds).credentials() }
        guard case CredentialError.noneFound(let tried) = error! else { return XCTFail("\(error!)") }
        XCTAssertEqual(tried.map(\.source),
                       ["environment", "web_identity", "shared_files", "container", "instance_metadata"])
        let text = "\(error!)"
        for expected in ["AWS_ACCESS_KEY_ID is not set", "AWS_WEB_IDENTITY_TOKEN_FILE is not set",
                         "\(home.path)/.aws/credentials", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
                         "169.254.169.254", "connection refused"] {
            XCTAssertTrue(text.contains(expected), "missing '\(expected)' in:\n\(text)")
        }
    }

    func testMisconfiguredSourceStopsTheChainWithItsOwnError() async throws {
        let imds = MetadataProviderTests.fakeIMDS()
        let error = await thrownError {
            try await self.chain(["AWS_SECRET_ACCESS_KEY": "orphan"], imds: imds).credentials()
        }
        guard case CredentialError.incompleteEnvironment(let missing) = error! else { return XCTFail("\(error!)") }
        XCTAssertEqual(missing, ["AWS_ACCESS_KEY_ID"])
        XCTAssertTrue(imds.requests.isEmpty, "a broken configuration must not fall through to another identity")
    }

    func testSecretsNeverAppearInErrors() async throws {
        try home.write(".aws/credentials", "[default]\naws_secret_access_key=TOPSECRETVALUE\n")
        let error = await thrownError {
            try await self.chain(["AWS_SESSION_TOKEN": "TOKENVALUE"]).credentials()
        }
        let text = "\(error!)"
        XCTAssertFalse(text.contains("TOPSECRETVALUE"), text)
        XCTAssertFalse(text.contains("TOKENVALUE"), text)
    }
}
