import Foundation
import HTTP
import XCTest
@testable import AWS

final class CredentialProviderTests: XCTestCase {
    // MARK: environment

    func testEnvironmentReadsKeysAndToken() async throws {
        let provider = EnvironmentCredentialProvider(environment: [
            "AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "envsecret", "AWS_SESSION_TOKEN": "envtoken",
        ])
        let credentials = try await provider.credentials()
        XCTAssertEqual(credentials, AWSCredentials(accessKeyId: "AKIAENV", secretAccessKey: "envsecret",
                                                   sessionToken: "envtoken"))
    }

    func testEnvironmentAcceptsTheOlderJavaNames() async throws {
        let provider = EnvironmentCredentialProvider(environment: ["AWS_ACCESS_KEY": "AKIAOLD", "AWS_SECRET_KEY": "old"])
        let credentials = try await provider.credentials()
        XCTAssertEqual(credentials.accessKeyId, "AKIAOLD")
        XCTAssertEqual(credentials.secretAccessKey, "old")
        XCTAssertNil(credentials.sessionToken)
    }

    func testEnvironmentWithoutKeysIsNotConfigured() async {
        let error = await thrownError { try await EnvironmentCredentialProvider(environment: [:]).credentials() }
        guard case CredentialError.notConfigured = error! else { return XCTFail("\(error!)") }
    }

    func testEnvironmentWithOnlyTheKeyIdNamesTheMissingSecret() async {
        let provider = EnvironmentCredentialProvider(environment: ["AWS_ACCESS_KEY_ID": "AKIAENV"])
        let error = await thrownError { try await provider.credentials() }
        XCTAssertEqual("\(error!)", "environment credentials incomplete: AWS_SECRET_ACCESS_KEY not set")
    }

    // MARK: INI and shared files

    func testINIParsesSectionsCommentsAndContinuations() {
        let ini = INIFile(parsing: """
        # comment
        [default]
        aws_access_key_id = AKIA1 ; trailing note
        AWS_Secret_Access_Key=s/e+c=ret
        [profile   ops]
        region = eu-west-1
        s3 =
          max_concurrent_requests = 10
        ; another comment
        """)
        XCTAssertEqual(ini.section("default"), ["aws_access_key_id": "AKIA1", "aws_secret_access_key": "s/e+c=ret"])
        XCTAssertEqual(ini.section("profile ops")?["region"], "eu-west-1")
        XCTAssertEqual(ini.section("profile ops")?["s3"], "\nmax_concurrent_requests = 10")
        XCTAssertNil(ini.section("ops"))
    }

    func testSharedFilesUseTheCredentialsFileDefaultProfile() async throws {
        let home = try ScratchDirectory()
        defer { home.remove() }
        try home.write(".aws/credentials", "[default]\naws_access_key_id=AKIAFILE\naws_secret_access_key=filesecret\n")
        let provider = SharedFileCredentialProvider(environment: [:], homeDirectory: home.path)
        let credentials = try await provider.credentials()
        XCTAssertEqual(credentials, AWSCredentials(accessKeyId: "AKIAFILE", secretAccessKey: "filesecret"))
    }

    func testSharedFilesHonourAWSProfileAndConfigFileSections() async throws {
        let home = try ScratchDirectory()
        defer { home.remove() }
        let config = try home.write("elsewhere/config", """
        [default]
        aws_access_key_id = AKIADEFAULT
        aws_secret_access_key = d
        [profile ops]
        aws_access_key_id = AKIAOPS
        aws_secret_access_key = opssecret
        aws_session_token = opstoken
        """)
        let provider = SharedFileCredentialProvider(
            environment: ["AWS_CONFIG_FILE": config, "AWS_PROFILE": "ops"], homeDirectory: home.path)
        let credentials = try await provider.credentials()
        XCTAssertEqual(credentials, AWSCredentials(accessKeyId: "AKIAOPS", secretAccessKey: "opssecret",
                                                   sessionToken: "opstoken"))
    }

    func testCredentialsFileWinsOverConfigFile() async throws {
        let home = try ScratchDirectory()
        defer { home.remove() }
        try home.write(".aws/config", "[profile ops]\naws_access_key_id=AKIACONFIG\naws_secret_access_key=c\n")
        let credentialsPath = try home.write("creds", "[ops]\naws_access_key_id=AKIACREDS\naws_secret_access_key=k\n")
        let provider = SharedFileCredentialProvider(
            environment: ["AWS_SHARED_CREDENTIALS_FILE": credentialsPath], homeDirectory: home.path, profile: "ops")
        let credentials = try await provider.credentials()
        XCTAssertEqual(credentials.accessKeyId, "AKIACREDS")
    }

    func testNamedProfileThatDoesNotExistIsAnErrorNamingIt() async throws {
        let home = try ScratchDirectory()
        defer { home.remove() }
        try home.write(".aws/credentials", "[default]\naws_access_key_id=A\naws_secret_access_key=B\n")
        let provider = SharedFileCredentialProvider(environment: ["AWS_PROFILE": "prod"], homeDirectory: home.path)
        let error = await thrownError { try await provider.credentials() }
        guard case CredentialError.profileNotFound(let name, let path) = error! else { return XCTFail("\(error!)") }
        XCTAssertEqual(name, "prod")
        XCTAssertTrue(path.contains(home.path + "/.aws/credentials"))
    }

    func testProfileWithKeyIdButNoSecretIsIncomplete() async throws {
        let home = try ScratchDirectory()
        defer { home.remove() }
        try home.write(".aws/credentials", "[default]\naws_access_key_id=AKIAHALF\n")
        let error = await thrownError {
            try await SharedFileCredentialProvider(environment: [:], homeDirectory: home.path).credentials()
        }
        guard case CredentialError.incompleteProfile(let name, let missing) = error! else { return XCTFail("\(error!)") }
        XCTAssertEqual(name, "default")
        XCTAssertEqual(missing, ["aws_secret_access_key"])
    }

    func testNoSharedFilesIsNotConfigured() async throws {
        let home = try ScratchDirectory()
        defer { home.remove() }
        let error = await thrownError {
            try await SharedFileCredentialProvider(environment: [:], homeDirectory: home.path).credentials()
        }
        guard case CredentialError.notConfigured = error! else { return XCTFail("\(error!)") }
    }

    // MARK: metadata JSON and STS XML

    func testMetadataDocumentParsesExpiration() throws {
        let credentials = try MetadataCredentials.parse(
            metadataDocument(keyId: "ASIA1", secret: "s", token: "t", expiration: "2023-11-15T04:00:00Z"), source: "test")
        XCTAssertEqual(credentials.expiration, Date(timeIntervalSince1970: 1_700_020_800))
        XCTAssertEqual(credentials.sessionToken, "t")
    }

    func testSTSXMLDecodesEntitiesAndScopesToParent() {
        let xml = STSXML(Array("""
        <R xmlns="x"><AssumedRoleUser><Arn>arn:aws:sts::1:assumed-role/r/s</Arn></AssumedRoleUser>
        <Credentials><SessionToken>a&amp;b&lt;&#x41;&#66;</SessionToken><Arn/></Credentials></R>
        """.utf8))
        XCTAssertEqual(xml.value("SessionToken", in: "Credentials"), "a&b<AB")
        XCTAssertEqual(xml.value("Arn"), "arn:aws:sts::1:assumed-role/r/s")
        XCTAssertEqual(xml.value("Arn", in: "Credentials"), "")
        XCTAssertNil(xml.value("Session"))
    }

    func testQueryEncodingKeepsOnlyUnreservedCharacters() {
        XCTAssertEqual(STSQuery.encode("arn:aws:iam::1:role/a b+c=~"), "arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fa%20b%2Bc%3D~")
    }
}
