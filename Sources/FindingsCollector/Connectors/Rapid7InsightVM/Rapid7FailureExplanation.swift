import HTTP

/// Turns a failed Rapid7 check into a one-line summary and what an operator does about it, by status.
enum Rapid7FailureExplanation {
    static func explain(_ error: Error, action: String, endpoint: Rapid7Endpoint) -> (summary: String, details: [String]) {
        switch error {
        case let failure as Rapid7APIError:
            return explain(failure, action: action, endpoint: endpoint)
        case let failure as HTTPError:
            return explain(failure, action: action, endpoint: endpoint)
        case let failure as ConfigError:
            return ("\(action): the API key is not available", ["\(failure)"])
        default:
            return ConnectorCheck.explain(error, action: action)
        }
    }

    static func explain(_ error: Rapid7APIError, action: String, endpoint: Rapid7Endpoint) -> (summary: String, details: [String]) {
        let meaning: String
        switch error.status {
        case 400:
            meaning = "HTTP 400: Rapid7 rejected the request. Usually the search criteria: check asset_filter and "
                + "vulnerability_filter against Rapid7's search criteria syntax (e.g. \"os_family = 'Linux'\")."
        case 401:
            meaning = "HTTP 401: the API key was not accepted — it is invalid, expired or revoked. Create a key in the "
                + "Insight Platform (Administration → API Key Management) and put it where auth.api_key_env or "
                + "auth.api_key_file points."
        case 403:
            meaning = "HTTP 403: the key is valid but lacks permission for this organization's InsightVM data. Use an "
                + "Organization key, or a User key of a user with access to InsightVM in this organization."
        case 404:
            meaning = "HTTP 404: wrong region or endpoint. The organization is hosted in another region (see the "
                + "region in the Insight Platform's URL; now: \(endpoint.baseURL)), or endpoint_url does not point at "
                + "the InsightVM API. Rapid7 also answers 404 when the key may not see the resource."
        case 408:
            meaning = "HTTP 408: Rapid7 timed the request out. It is usually temporary; a pass retries it."
        case 429:
            meaning = "HTTP 429: Rapid7 is rate limiting this key. A pass slows down and retries; if this persists, "
                + "raise interval_minutes, lower page_size, or run fewer connectors with the same key."
        case 500...599:
            meaning = "HTTP \(error.status): Rapid7 had an internal error. It is usually temporary: try again; "
                + "if it persists, check status.rapid7.com or contact Rapid7 support."
        default:
            meaning = "HTTP \(error.status): unexpected answer."
        }
        return ("\(action) returned HTTP \(error.status)", [meaning, "Rapid7 message: \(error.message.isEmpty ? "(none)" : error.message)"])
    }

    static func explain(_ error: HTTPError, action: String, endpoint: Rapid7Endpoint) -> (summary: String, details: [String]) {
        switch error {
        case .couldNotResolve:
            return ("\(action): cannot resolve the API host", [
                "\(error)",
                "The region must be one of us, us2, us3, eu, ca, au, ap (now: \(endpoint.baseURL)); check DNS and any proxy.",
            ])
        case .tlsVerificationFailed, .tlsFailure:
            return ("\(action): TLS failed", ["\(error)"])
        default:
            return ConnectorCheck.explain(error, action: action)
        }
    }
}
