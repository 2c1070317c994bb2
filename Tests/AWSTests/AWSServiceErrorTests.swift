import Foundation
import XCTest
import HTTP
@testable import AWS

final class AWSServiceErrorTests: XCTestCase {
    func testRestJSONValidationExceptionWithReasonAndFields() {
        let body = #"{"message":"1 validation error detected: Value '1000' at 'maxResults' failed to satisfy constraint","reason":"FIELD_VALIDATION_FAILED","fields":[{"name":"maxResults","message":"must be <= 100"},{"name":"filterCriteria","message":"bad"}]}"#
        let error = AWSServiceError(response: HTTPResponse(status: 400, headers: [
            HTTPHeader("x-amzn-ErrorType", "ValidationException:http://internal.amazon.com/coral/com.amazonaws.inspector2/"),
            HTTPHeader("x-amzn-RequestId", "req-1"),
        ], body: Array(body.utf8)))
        XCTAssertEqual(error.status, 400)
        XCTAssertEqual(error.code, "ValidationException")
        XCTAssertTrue(error.message.hasPrefix("1 validation error detected"))
        XCTAssertEqual(error.reason, "FIELD_VALIDATION_FAILED")
        XCTAssertEqual(error.fields, ["maxResults", "filterCriteria"])
        XCTAssertEqual(error.requestId, "req-1")
        XCTAssertFalse(error.isRetryable)
        XCTAssertTrue(error.description.contains("fields maxResults, filterCriteria"), error.description)
    }

    func testAccessDeniedFromTypeFieldCarriesAHint() {
        let body = #"{"__type":"com.amazonaws.inspector2#AccessDeniedException","Message":"User: arn:aws:iam::123456789012:user/collector is not authorized to perform: inspector2:ListFindings"}"#
        let error = AWSServiceError(response: HTTPResponse(status: 403, headers: [HTTPHeader("X-Amzn-Requestid", "abc-123")],
                                                           body: Array(body.utf8)))
        XCTAssertEqual(error.code, "AccessDeniedException")
        XCTAssertTrue(error.message.contains("inspector2:ListFindings"))
        XCTAssertEqual(error.requestId, "abc-123")
        XCTAssertFalse(error.isRetryable)
        XCTAssertFalse(error.isThrottling)
        XCTAssertTrue(error.description.contains("IAM policy"), error.description)
        XCTAssertTrue(error.description.contains("abc-123"))
    }

    func testSTSQueryXMLError() {
        let xml = """
        <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <Error>
            <Type>Sender</Type>
            <Code>AccessDenied</Code>
            <Message>User: arn:aws:iam::123456789012:user/x is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/r &amp; more</Message>
          </Error>
          <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
        </ErrorResponse>
        """
        let error = AWSServiceError(response: HTTPResponse(status: 403, body: Array(xml.utf8)))
        XCTAssertEqual(error.code, "AccessDenied")
        XCTAssertTrue(error.message.hasSuffix("role/r & more"), error.message)
        XCTAssertEqual(error.requestId, "c6104cbe-af31-11e0-8154-cbc7ccf896c7")
    }

    func testThrottlingWithRetryAfter() {
        let error = AWSServiceError(response: HTTPResponse(status: 429, headers: [
            HTTPHeader("x-amzn-ErrorType", "ThrottlingException"), HTTPHeader("Retry-After", "3"),
        ], body: Array(#"{"message":"Rate exceeded"}"#.utf8)))
        XCTAssertTrue(error.isThrottling)
        XCTAssertTrue(error.isRetryable)
        XCTAssertEqual(error.retryAfter, 3)
        let xmlThrottle = AWSServiceError(response: HTTPResponse(status: 400, body: Array(
            "<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>".utf8)))
        XCTAssertTrue(xmlThrottle.isThrottling)
    }

    func testServerErrorsAreRetryableEvenWithoutABody() {
        for status in [500, 502, 503, 504] {
            let error = AWSServiceError(response: HTTPResponse(status: status, body: Array("<html>Bad Gateway</html>".utf8)))
            XCTAssertTrue(error.isRetryable, "\(status)")
            XCTAssertEqual(error.code, "UnknownError")
        }
        let serverError = AWSServiceError(response: HTTPResponse(status: 500, headers: [
            HTTPHeader("x-amzn-ErrorType", "InternalServerException")]))
        XCTAssertEqual(serverError.code, "InternalServerException")
        XCTAssertEqual(serverError.message, "HTTP 500 with no error body")
        XCTAssertFalse(AWSServiceError(response: HTTPResponse(status: 404)).isRetryable)
    }

    /// STS echoes the canonical request in SignatureDoesNotMatch; the token in it must not survive.
    func testEchoedCanonicalRequestIsRemoved() {
        let xml = """
        <ErrorResponse><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided.

        The Canonical String for this request should have been
        'POST
        /

        host:sts.amazonaws.com
        x-amz-security-token:SECRET-SESSION-TOKEN
        '</Message></Error></ErrorResponse>
        """
        let error = AWSServiceError(response: HTTPResponse(status: 403, body: Array(xml.utf8)))
        XCTAssertEqual(error.code, "SignatureDoesNotMatch")
        XCTAssertFalse(error.message.contains("SECRET-SESSION-TOKEN"))
        XCTAssertFalse(error.description.contains("SECRET-SESSION-TOKEN"))
        XCTAssertTrue(error.description.contains("secret access key"), error.description)
    }
}
