/// Why a Rapid7 listing stopped.
enum Rapid7SourceError: UnreadablePageError, Sendable, CustomStringConvertible {
    /// The assets listing kept handing out cursors past the bound.
    case pageLimitReached(pages: Int)
    /// A 2xx whose body stayed unusable through every retry; `body` is the last one, for the dead letter.
    case unusablePage(Rapid7PageError, path: String, firstPage: Bool, body: [UInt8])

    var unreadableBody: [UInt8]? {
        if case .unusablePage(_, _, _, let body) = self { return body }
        return nil
    }

    var description: String {
        switch self {
        case .pageLimitReached(let pages):
            return "stopped after \(pages) pages of assets without reaching the end of the listing; the cursor was not "
                + "advanced. Narrow asset_filter (e.g. by site or tag), or check that endpoint_url points at InsightVM"
        case .unusablePage(let error, let path, let firstPage, _):
            let text = "\(path) kept answering with a body that is not a page, through every retry: \(error)"
            if firstPage && error.suggestsAnotherService {
                return text + "; this does not look like InsightVM: check region / endpoint_url (and any proxy)"
            }
            return text + "; the cursor was not advanced, the next pass retries from it"
        }
    }
}
