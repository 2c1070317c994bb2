import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HTTP
import XCTest
@testable import FindingsCollector
@testable import Simulator

/// Canned faults, signature checks, STS answers, and the double over real HTTP.
final class InspectorDoubleFaultTests: XCTestCase {
    private func double(count: Int = 50, requireSigV4: Bool = true) -> InspectorDouble {
        InspectorDouble(findings: SyntheticFindings(count: count, newestUpdatedAt: DoubleRequests.now),
                        requireSigV4: requireSigV4, clock: { DoubleRequests.now })
    }

    private let listBody: [String: Any] = ["maxResults": 10, "filterCriteria": DoubleRequests.window(0, nil)]

    func testEnqueuedFaultsAreAnsweredInOrderWithTheirHeaders() throws {
        let double = double()
        double.enqueueFaults([.throttling, .internalError, .accessDenied])
        let answers = (0..<4).map { _ in ListAnswer(double.handle(DoubleRequests.list(listBody))) }
        XCTAssertEqual(answers.map(\.status), [429, 500, 403, 200])
        XCTAssertEqual(answers.map(\.errorType), ["ThrottlingException", "InternalServerException", "AccessDeniedException", nil])
        XCTAssertEqual(answers.map { $0.headers.value(for: "Retry-After") }, ["1", "1", nil, nil])
        XCTAssertTrue(answers[2].message.contains("inspector2:ListFindings"), answers[2].message)
        for answer in answers {
            let requestId = try XCTUnwrap(answer.headers.value(for: "x-amzn-RequestId"))
            XCTAssertNotNil(UUID(uuidString: requestId), requestId)
        }
        XCTAssertEqual(answers[3].arns.count, 10)
        XCTAssertEqual(double.listRequestCount, 4)
        XCTAssertEqual(double.findingsServed, 10)
    }

    func testFailAlwaysUntilClearedAndCustomFaults() {
        let double = double()
        double.failAlways(with: .validation)
        for _ in 0..<3 {
            let answer = ListAnswer(double.handle(DoubleRequests.list(listBody)))
            XCTAssertEqual(answer.status, 400)
            XCTAssertEqual(answer.json["reason"] as? String, "FIELD_VALIDATION_FAILED")
            XCTAssertEqual((answer.json["fields"] as? [[String: Any]])?.first?["name"] as? String, "maxResults")
        }
        double.enqueueFaults([.status(503, code: "ServiceUnavailableException", message: "try later", retryAfter: 7)])
        let custom = ListAnswer(double.handle(DoubleRequests.list(listBody)))
        XCTAssertEqual(custom.status, 503)
        XCTAssertEqual(custom.headers.value(for: "Retry-After"), "7")
        XCTAssertEqual(custom.message, "try later")
        double.failAlways(with: nil)
        XCTAssertEqual(ListAnswer(double.handle(DoubleRequests.list(listBody))).status, 200)
    }

    func testUnsignedOrMisSignedRequestsAreRefused() {
        let double = double()
        let cases: [([HTTPHeader], String)] = [
            ([HTTPHeader("Content-Type", "application/json")], "MissingAuthenticationTokenException"),
            (DoubleRequests.signedHeaders(service: "inspector"), "InvalidSignatureException"),
            (DoubleRequests.signedHeaders(region: "eu-west-1"), "InvalidSignatureException"),
            (DoubleRequests.signedHeaders(date: "20250615T140000Z"), "InvalidSignatureException"),   // 66 min stale
            (DoubleRequests.signedHeaders(accessKey: "ASIAEXAMPLE"), "UnrecognizedClientException"),
            (DoubleRequests.signedHeaders().filter { $0.name != "X-Amz-Date" }, "IncompleteSignatureException"),
        ]
        for (headers, code) in cases {
            let answer = ListAnswer(double.handle(DoubleRequests.list(listBody, headers: headers)))
            XCTAssertEqual(answer.status, 403, code)
            XCTAssertEqual(answer.errorType, code)
        }
        XCTAssertEqual(double.listRequestCount, 0, "refused signatures never reach the service")
        let withToken = DoubleRequests.signedHeaders(accessKey: "ASIAEXAMPLE", sessionToken: "token")
        XCTAssertEqual(ListAnswer(double.handle(DoubleRequests.list(listBody, headers: withToken))).status, 200)
        let lenient = self.double(requireSigV4: false)
        XCTAssertEqual(ListAnswer(lenient.handle(DoubleRequests.list(listBody, headers: []))).status, 200)
    }

    func testUnknownRouteIsNotFound() {
        let response = double().handle(HTTPServerRequest(method: "GET", target: "/findings", headers: DoubleRequests.signedHeaders()))
        XCTAssertEqual(response.status, 404)
    }

    func testSTSGetCallerIdentityAnswersXML() throws {
        let response = double().handle(DoubleRequests.sts("Action=GetCallerIdentity&Version=2011-06-15"))
        XCTAssertEqual(response.status, 200)
        let xml = String(decoding: response.body, as: UTF8.self)
        XCTAssertTrue(xml.contains("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"), xml)
        XCTAssertTrue(xml.contains("<Arn>arn:aws:iam::123456789012:user/simulated</Arn>"), xml)
        XCTAssertTrue(xml.contains("<Account>123456789012</Account>"), xml)
        XCTAssertNotNil(xml.range(of: #"<RequestId>[0-9a-f-]{36}</RequestId>"#, options: .regularExpression), xml)
        let unsigned = double().handle(DoubleRequests.sts("Action=GetCallerIdentity&Version=2011-06-15", headers: []))
        XCTAssertEqual(unsigned.status, 403)
        XCTAssertTrue(String(decoding: unsigned.body, as: UTF8.self).contains("<Code>MissingAuthenticationToken</Code>"))
    }

    func testSTSAssumeRoleIssuesCredentialsThatIdentifyTheRole() throws {
        let double = double()
        let form = "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A210987654321%3Arole%2Fcollector"
            + "&RoleSessionName=findings-collector&ExternalId=tenant-42&DurationSeconds=3600"
        let response = double.handle(DoubleRequests.sts(form))
        XCTAssertEqual(response.status, 200)
        let xml = String(decoding: response.body, as: UTF8.self)
        XCTAssertTrue(xml.contains("<Arn>arn:aws:sts::210987654321:assumed-role/collector/findings-collector</Arn>"), xml)
        XCTAssertTrue(xml.contains("<Expiration>2025-06-15T16:06:40Z</Expiration>"), xml)   // clock + 1 h
        let accessKey = try XCTUnwrap(Self.element("AccessKeyId", in: xml))
        XCTAssertTrue(accessKey.hasPrefix("ASIA"))
        XCTAssertNotNil(Self.element("SessionToken", in: xml))
        let identity = double.handle(DoubleRequests.sts("Action=GetCallerIdentity&Version=2011-06-15",
            headers: DoubleRequests.signedHeaders(service: "sts", accessKey: accessKey, sessionToken: "t")))
        let identityXML = String(decoding: identity.body, as: UTF8.self)
        XCTAssertTrue(identityXML.contains("assumed-role/collector/findings-collector"), identityXML)
        XCTAssertTrue(identityXML.contains("<Account>210987654321</Account>"), identityXML)
    }

    func testSTSAssumeRoleValidatesItsParameters() {
        let base = "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A210987654321%3Arole%2Fcollector"
        for bad in [base + "&RoleSessionName=x", base + "&RoleSessionName=ok&ExternalId=1",
                    base + "&RoleSessionName=ok&DurationSeconds=60",
                    "Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A12%3Auser%2Fx&RoleSessionName=ok"] {
            let response = double().handle(DoubleRequests.sts(bad))
            XCTAssertEqual(response.status, 400, bad)
            XCTAssertTrue(String(decoding: response.body, as: UTF8.self).contains("<Code>ValidationError</Code>"), bad)
        }
    }

    func testPagingOverHTTPThroughTheSimulator() async throws {
        let simulator = try InspectorSimulator(double: double(count: 100, requireSigV4: false))
        defer { simulator.stop() }
        XCTAssertTrue(simulator.endpoint.hasPrefix("http://127.0.0.1:"), simulator.endpoint)
        var arns: [String] = []
        var body: [String: Any] = ["maxResults": 30, "filterCriteria": DoubleRequests.window(0, nil)]
        for _ in 0..<10 {
            var request = URLRequest(url: URL(string: simulator.endpoint + "/findings/list")!)
            request.httpMethod = "POST"
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            let (data, response) = try await URLSession.shared.data(for: request)
            XCTAssertEqual((response as? HTTPURLResponse)?.statusCode, 200)
            let page = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
            arns += (page["findings"] as? [[String: Any]] ?? []).compactMap { $0["findingArn"] as? String }
            guard let token = page["nextToken"] as? String else { break }
            body["nextToken"] = token
        }
        XCTAssertEqual(simulator.double.findings.indices(of: arns), Array(0..<100))
        XCTAssertEqual(simulator.double.listRequestCount, 4)
    }

    private static func element(_ name: String, in xml: String) -> String? {
        guard let open = xml.range(of: "<\(name)>"), let close = xml.range(of: "</\(name)>") else { return nil }
        return String(xml[open.upperBound..<close.lowerBound])
    }
}
