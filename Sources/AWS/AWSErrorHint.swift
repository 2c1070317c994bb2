/// What an operator should check for the AWS errors that are about their setup rather than the service.
enum AWSErrorHint {
    static func hint(code: String, status: Int) -> String? {
        switch code {
        case "AccessDeniedException", "AccessDenied", "UnauthorizedOperation":
            return "The identity lacks permission: grant the action named above in its IAM policy "
                + "(for Inspector: inspector2:ListFindings), or check SCPs and permission boundaries"
        case "UnrecognizedClientException", "InvalidClientTokenId":
            return "The access key id is unknown to AWS: check the key, and that the region's partition "
                + "(aws, aws-cn, aws-us-gov) matches the account"
        case "SignatureDoesNotMatch", "InvalidSignatureException":
            return "The signature did not verify: check the secret access key, and that the host clock is in sync"
        case "ExpiredToken", "ExpiredTokenException", "RequestExpired":
            return "The credentials or request expired: refresh the session token and check the host clock (NTP)"
        case "RequestTimeTooSkewed":
            return "The host clock differs from AWS time by more than 5 minutes: synchronise it (NTP)"
        case "InvalidAction", "UnknownOperationException":
            return "The endpoint does not know this API: check endpoint_url and the region"
        default:
            if code.hasSuffix("ThrottlingException") || status == 429 {
                return "AWS is throttling this account: lower the request rate or raise the interval"
            }
            return nil
        }
    }
}
