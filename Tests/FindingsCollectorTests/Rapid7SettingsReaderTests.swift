@testable import FindingsCollector
import JSONBytes
import XCTest

final class Rapid7SettingsReaderTests: XCTestCase {
    private func read(_ json: String) throws -> (Rapid7Settings?, [ConfigProblem]) {
        let problems = ProblemCollector()
        let reader = ConfigReader(path: "connectors[2]", value: try JSONValue.parse(Array(json.utf8)), problems: problems)
        let settings = Rapid7SettingsReader.read(reader, index: 2)
        reader.rejectUnknownKeys()   // as ConnectorReader does once the kind has read its keys
        return (settings, problems.problems)
    }

    func testRegionAndKeyFromEnvironmentWithDefaults() throws {
        let (settings, problems) = try read(#"{"region": "eu", "auth": {"api_key_env": "R7_KEY"}}"#)
        XCTAssertEqual(problems, [])
        XCTAssertEqual(settings, Rapid7Settings(endpoint: .region(.eu), apiKey: .environment(variable: "R7_KEY"),
                                                pageSize: 500, assetFilter: nil, vulnerabilityFilter: nil))
        XCTAssertEqual(settings?.endpoint.baseURL, "https://eu.api.insight.rapid7.com")
        XCTAssertEqual(settings?.endpoint.scope, "eu")
    }

    func testEveryRegionHasItsHost() {
        XCTAssertEqual(Rapid7Region.allCases.map(\.rawValue), ["us", "us2", "us3", "eu", "ca", "au", "ap"])
        for region in Rapid7Region.allCases {
            XCTAssertEqual(Rapid7Endpoint.region(region).baseURL, "https://\(region.rawValue).api.insight.rapid7.com")
        }
    }

    func testEndpointURLFiltersAndPageSize() throws {
        let (settings, problems) = try read("""
            {"endpoint_url": "https://proxy.example.com:8443/r7/", "auth": {"api_key_file": "/etc/fc/r7.key"},
             "page_size": 50, "asset_filter": "os_family = 'Linux'", "vulnerability_filter": "severity_score >= 7"}
            """)
        XCTAssertEqual(problems, [])
        XCTAssertEqual(settings?.endpoint, .custom("https://proxy.example.com:8443/r7"))
        XCTAssertEqual(settings?.endpoint.scope, "custom")
        XCTAssertEqual(settings?.apiKey, .file(path: "/etc/fc/r7.key"))
        XCTAssertEqual(settings?.pageSize, 50)
        XCTAssertEqual(settings?.assetFilter, "os_family = 'Linux'")
        XCTAssertEqual(settings?.vulnerabilityFilter, "severity_score >= 7")
    }

    func testRegionAndEndpointTogetherAreRejected() throws {
        let (settings, problems) = try read(#"{"region": "us", "endpoint_url": "https://x.example.com", "auth": {"api_key_env": "K"}}"#)
        XCTAssertNil(settings)
        XCTAssertEqual(problems.map(\.path), ["connectors[2].endpoint_url"])
        XCTAssertTrue(problems[0].message.contains("either region or endpoint_url"), problems[0].message)
    }

    func testNeitherRegionNorEndpoint() throws {
        let (_, problems) = try read(#"{"auth": {"api_key_env": "K"}}"#)
        XCTAssertEqual(problems.map(\.path), ["connectors[2].region"])
        XCTAssertTrue(problems[0].message.contains("us, us2, us3, eu, ca, au, ap"), problems[0].message)
    }

    func testUnknownRegionListsTheKnownOnes() throws {
        let (_, problems) = try read(#"{"region": "us-east-1", "auth": {"api_key_env": "K"}}"#)
        XCTAssertEqual(problems.map(\.path), ["connectors[2].region"])
        XCTAssertTrue(problems[0].message.contains("unknown region \"us-east-1\""), problems[0].message)
    }

    func testBadEndpointURL() throws {
        for url in ["ftp://x.example.com", "not a url", "https://user:pw@x.example.com", "https://x.example.com/?key=1"] {
            let (settings, problems) = try read(#"{"endpoint_url": "\#(url)", "auth": {"api_key_env": "K"}}"#)
            XCTAssertNil(settings, url)
            XCTAssertEqual(problems.map(\.path), ["connectors[2].endpoint_url"], url)
        }
    }

    func testAuthMissingOrAmbiguousOrUnknownKey() throws {
        var (_, problems) = try read(#"{"region": "us"}"#)
        XCTAssertEqual(problems.map(\.path), ["connectors[2].auth"])
        XCTAssertTrue(problems[0].message.contains("api_key_env"), problems[0].message)

        (_, problems) = try read(#"{"region": "us", "auth": {}}"#)
        XCTAssertEqual(problems.map(\.path), ["connectors[2].auth.api_key"])

        (_, problems) = try read(#"{"region": "us", "auth": {"api_key_env": "A", "api_key_file": "/k"}}"#)
        XCTAssertEqual(problems.map(\.path), ["connectors[2].auth.api_key"])
        XCTAssertTrue(problems[0].message.contains("only one"), problems[0].message)

        (_, problems) = try read(#"{"region": "us", "auth": {"api_key_env": "A", "method": "access_key"}}"#)
        XCTAssertEqual(problems.map(\.path), ["connectors[2].auth.method"])
    }

    func testPageSizeBounds() throws {
        for size in ["0", "501", "2.5", "\"10\""] {
            let (_, problems) = try read(#"{"region": "us", "auth": {"api_key_env": "K"}, "page_size": \#(size)}"#)
            XCTAssertEqual(problems.map(\.path), ["connectors[2].page_size"], size)
        }
    }

    func testBlankFiltersAndUnknownKeys() throws {
        let (_, problems) = try read("""
            {"region": "us", "auth": {"api_key_env": "K"}, "asset_filter": "  ", "vulnerability_filter": 3,
             "regions": ["us-east-1"], "page_sise": 10}
            """)
        XCTAssertEqual(Set(problems.map(\.path)), ["connectors[2].asset_filter", "connectors[2].vulnerability_filter",
                                                   "connectors[2].regions", "connectors[2].page_sise"])
        XCTAssertTrue(problems.first { $0.path.hasSuffix("page_sise") }!.message.contains("did you mean \"page_size\""))
    }

    func testTheKeyIsNeverInAProblem() throws {
        let secret = "s3cr3t-key-value-0123"
        let (_, problems) = try read(#"{"region": "mars", "auth": {"api_key": "\#(secret)", "api_key_env": "X"}}"#)
        XCTAssertFalse(problems.isEmpty)
        XCTAssertFalse(problems.map(\.description).joined().contains(secret))
    }
}
