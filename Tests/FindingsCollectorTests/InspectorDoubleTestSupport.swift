import Foundation
import HTTP
import XCTest
@testable import FindingsCollector
@testable import Simulator

/// Builds requests for the double the way a SigV4 client would shape them (the signature value itself
/// is not checked by the double, so a fixed hex string stands in for it).
enum DoubleRequests {
    static let now = Date(timeIntervalSince1970: 1_750_000_000)
    static let amzDate = "20250615T150640Z"   // `now` as X-Amz-Date

    static func signedHeaders(service: String = "inspector2", region: String = "us-east-1",
                              accessKey: String = "AKIDEXAMPLE", date: String = amzDate,
                              sessionToken: String? = nil) -> [HTTPHeader] {
        var headers = [
            HTTPHeader("Host", "inspector2.\(region).amazonaws.com"),
            HTTPHeader("Content-Type", "application/json"),
            HTTPHeader("X-Amz-Date", date),
            HTTPHeader("Authorization", "AWS4-HMAC-SHA256 Credential=\(accessKey)/\(date.prefix(8))/\(region)/\(service)/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date, Signature=" + String(repeating: "ab", count: 32)),
        ]
        if let sessionToken { headers.append(HTTPHeader("X-Amz-Security-Token", sessionToken)) }
        return headers
    }

    static func list(_ body: [String: Any], headers: [HTTPHeader] = signedHeaders()) -> HTTPServerRequest {
        let data = try! JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        return HTTPServerRequest(method: "POST", target: "/findings/list", headers: headers, body: Array(data))
    }

    static func sts(_ form: String, headers: [HTTPHeader] = signedHeaders(service: "sts")) -> HTTPServerRequest {
        HTTPServerRequest(method: "POST", target: "/",
                          headers: headers + [HTTPHeader("Content-Type", "application/x-www-form-urlencoded")],
                          body: Array(form.utf8))
    }

    static func window(_ start: Double?, _ end: Double?) -> [String: Any] {
        var range: [String: Any] = [:]
        if let start { range["startInclusive"] = start }
        if let end { range["endInclusive"] = end }
        return ["updatedAt": [range]]
    }
}

/// A decoded ListFindings answer.
struct ListAnswer {
    let status: Int
    let headers: [HTTPHeader]
    let json: [String: Any]

    init(_ response: HTTPResponse) {
        status = response.status
        headers = response.headers
        json = ((try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]) ?? [:]
    }

    var arns: [String] { (json["findings"] as? [[String: Any]] ?? []).compactMap { $0["findingArn"] as? String } }
    var findings: [[String: Any]] { json["findings"] as? [[String: Any]] ?? [] }
    var nextToken: String? { json["nextToken"] as? String }
    var errorType: String? { headers.value(for: "x-amzn-ErrorType") }
    var message: String { json["message"] as? String ?? "" }
}

extension InspectorDouble {
    /// Follows nextToken until it stops (bounded), returning every page's answer.
    func listAll(_ body: [String: Any], maxPages: Int = 10_000) -> [ListAnswer] {
        var answers: [ListAnswer] = []
        var request = body
        while answers.count < maxPages {
            let answer = ListAnswer(handle(DoubleRequests.list(request)))
            answers.append(answer)
            guard answer.status == 200, let token = answer.nextToken else { break }
            request["nextToken"] = token
        }
        return answers
    }
}

extension SyntheticFindings {
    /// The indices of `arns` (-1 for an unknown one), looked up within `range`; keeps failure output short.
    func indices(of arns: [String], within range: Range<Int>? = nil) -> [Int] {
        var byArn: [String: Int] = [:]
        for index in range ?? 0..<count { byArn[arn(at: index)] = index }
        return arns.map { byArn[$0] ?? -1 }
    }
}
