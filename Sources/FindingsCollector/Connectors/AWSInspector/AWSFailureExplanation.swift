import AWS
import HTTP
import Syslog

/// Turns an error from an AWS check into a one-line summary and the explanation an operator acts on,
/// by HTTP status the way the reference connectors explain them.
enum AWSFailureExplanation {
    static func explain(_ error: Error, action: String, identity: String?) -> (summary: String, details: [String]) {
        switch error {
        case let failure as AWSServiceError:
            return explain(failure, action: action, identity: identity)
        case let failure as CredentialError:
            if case .stsRejected(let sts) = failure { return explain(sts, action: "sts:AssumeRole", identity: identity) }
            return ("\(action): \(failure)", ["\(failure)"])
        default:
            return ConnectorCheck.explain(error, action: action)
        }
    }

    static func explain(_ error: AWSServiceError, action: String, identity: String?) -> (summary: String, details: [String]) {
        let who = identity ?? "the identity the connector uses"
        let meaning: String
        switch error.status {
        case 400:
            meaning = "HTTP 400: the request was rejected as invalid — a configuration problem. Check filter_criteria, "
                + "the region and the role settings" + (error.fields.isEmpty ? "." : "; AWS names: \(error.fields.joined(separator: ", ")).")
        case 401:
            meaning = "HTTP 401: the credentials were not accepted. Check access_key_id / secret_access_key "
                + "(or their _env/_file sources), and whether a session token has expired."
        case 403 where ["UnrecognizedClientException", "InvalidClientTokenId"].contains(error.code):
            meaning = "HTTP 403: AWS does not know this access key. Check access_key_id, and that the key is active "
                + "in the account and partition of the region."
        case 403 where ["SignatureDoesNotMatch", "InvalidSignatureException"].contains(error.code):
            meaning = "HTTP 403: the request signature did not verify. Check secret_access_key and that the host clock is synchronised (NTP)."
        case 403 where ["ExpiredToken", "ExpiredTokenException"].contains(error.code):
            meaning = "HTTP 403: the session token has expired. Supply fresh credentials or use iam_role so they are refreshed."
        case 403:
            meaning = "HTTP 403: the credentials are valid but not allowed to call \(action). Grant \(action) to \(who) "
                + (action.hasPrefix("inspector2") ? "(for example with the managed policy AmazonInspector2ReadOnlyAccess)" : "(check the role's trust policy and external ID)")
                + ", and check SCPs and permission boundaries."
        case 404:
            meaning = "HTTP 404: the endpoint does not exist. Check the region name (Inspector2 must be available "
                + "and activated there) and endpoint_url."
        case 429:
            meaning = "HTTP 429: AWS is rate limiting this account (\(error.code)). The collector retries with backoff; "
                + "if this persists, raise interval_minutes, run fewer connectors on the account, or ask AWS for a higher quota."
        case 500...599:
            meaning = "HTTP \(error.status): AWS had an internal error. It is usually temporary: try again; "
                + "if it persists, contact AWS support with the request id."
        default:
            meaning = "HTTP \(error.status): unexpected answer."
        }
        var details = [meaning, "AWS error code: \(error.code)", "AWS message: \(error.message)"]
        if let reason = error.reason { details.append("reason: \(reason)") }
        details.append("request id: \(error.requestId ?? "(none)")")
        return ("\(action) returned HTTP \(error.status) \(error.code)", details)
    }
}
