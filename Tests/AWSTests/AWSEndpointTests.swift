import XCTest
@testable import AWS

final class AWSEndpointTests: XCTestCase {
    func testDefaultEndpointsPerPartition() {
        XCTAssertEqual(AWSEndpoint.resolve(service: "inspector2", region: "eu-west-1", configured: nil, environment: [:]),
                       "https://inspector2.eu-west-1.amazonaws.com")
        XCTAssertEqual(AWSEndpoint.resolve(service: "sts", region: "cn-north-1", configured: nil, environment: [:]),
                       "https://sts.cn-north-1.amazonaws.com.cn")
        XCTAssertEqual(AWSEndpoint.resolve(service: "sts", region: "us-gov-west-1", configured: nil, environment: [:]),
                       "https://sts.us-gov-west-1.amazonaws.com")
    }

    func testPrecedenceConfiguredThenServiceVariableThenGlobalVariable() {
        let environment = ["AWS_ENDPOINT_URL_INSPECTOR2": "http://127.0.0.1:9000/",
                           "AWS_ENDPOINT_URL": "http://127.0.0.1:8000"]
        XCTAssertEqual(AWSEndpoint.resolve(service: "inspector2", region: "us-east-1",
                                           configured: "http://127.0.0.1:7000//", environment: environment),
                       "http://127.0.0.1:7000")
        XCTAssertEqual(AWSEndpoint.resolve(service: "inspector2", region: "us-east-1", configured: nil,
                                           environment: environment), "http://127.0.0.1:9000")
        XCTAssertEqual(AWSEndpoint.resolve(service: "sts", region: "us-east-1", configured: "",
                                           environment: environment), "http://127.0.0.1:8000")
    }

    func testEmptyAndIgnoredVariables() {
        XCTAssertEqual(AWSEndpoint.resolve(service: "sts", region: "us-east-1", configured: nil,
                                           environment: ["AWS_ENDPOINT_URL_STS": " ", "AWS_ENDPOINT_URL": ""]),
                       "https://sts.us-east-1.amazonaws.com")
        XCTAssertEqual(AWSEndpoint.resolve(service: "sts", region: "us-east-1", configured: nil,
                                           environment: ["AWS_ENDPOINT_URL_STS": "http://localhost:1",
                                                         "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"]),
                       "https://sts.us-east-1.amazonaws.com")
        XCTAssertEqual(AWSEndpoint.resolve(service: "sts", region: "us-east-1", configured: "vpce.example.com",
                                           environment: [:]), "https://vpce.example.com")
    }
}
