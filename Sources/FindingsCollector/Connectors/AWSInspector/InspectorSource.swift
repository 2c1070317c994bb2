import AWS
import Foundation
import HTTP
import JSONBytes

public enum InspectorSourceError: Error, Sendable, CustomStringConvertible {
    case pageLimitReached(pages: Int)
    /// ListFindings kept answering 2xx with a body that is not a findings page, through every retry.
    /// `body` is the last answer's, kept for the dead letter the runner writes when it cannot get past it.
    case unusablePage(ListFindingsPageError, firstPage: Bool, body: [UInt8])

    public var description: String {
        switch self {
        case .pageLimitReached(let pages):
            return "stopped after \(pages) pages without reaching the end of the listing; the cursor was not advanced. Raise max_pages or narrow filter_criteria"
        case .unusablePage(let error, let firstPage, _):
            let text = "ListFindings kept answering with a body that is not a findings page, through every retry: \(error)"
            // Blame the configuration only when it is plausible: a later page came from the endpoint that
            // served the earlier ones, and a body that starts like JSON came from something speaking JSON.
            if firstPage && error.suggestsAnotherService {
                return text + "; this does not look like Inspector2: check endpoint_url (and any proxy) points at Inspector2"
            }
            return text + "; the cursor was not advanced, the next pass retries from it"
        }
    }
}

extension InspectorSourceError: UnreadablePageError {
    public var unreadableBody: [UInt8]? {
        if case .unusablePage(_, _, let body) = self { return body }
        return nil
    }
}

/// Lists the Inspector2 findings of one region updated in a window, a page at a time.
public struct InspectorSource: FindingSource {
    let client: AWSServiceClient
    let extraCriteria: JSONValue?
    let maxPages: Int
    /// The filterCriteria of each partition when the listing is split (see `ListingPartitions`); empty: one listing.
    let partitions: [JSONValue]
    public let settleSeconds: Double
    public var scope: String { client.region }
    public var partitionCount: Int { max(1, partitions.count) }
    /// Inspector2 filters on `updatedAt` ranges: any part of a window lists on its own.
    public var listsPartsOfWindows: Bool { true }

    public init(client: AWSServiceClient, extraCriteria: JSONValue?, maxPages: Int, partitions: [JSONValue] = [],
                settleSeconds: Double = 0) {
        self.client = client
        self.extraCriteria = extraCriteria
        self.maxPages = maxPages
        self.partitions = partitions
        self.settleSeconds = settleSeconds
    }

    public func startPass() async {
        await client.quota.refill()
    }

    public func list(_ window: TimeWindow, partition: Int,
                     consume: (SourcePage) async throws -> Bool) async throws -> ListingSummary {
        try await list(window: window, criteria: partitions.isEmpty ? nil : partitions[partition]) { page in
            try await consume(SourcePage(items: page.findings))
        }
    }

    /// Calls `consume` for each page in order until the listing ends or `consume` answers false (the
    /// destination asked to stop: `complete` is then false). Loops on `nextToken`, never on page size: the API
    /// can return an empty page with a token, or a token at the end.
    /// `criteria` replaces the source's own extra criteria for this listing (one partition of a split listing).
    public func list(window: TimeWindow, criteria: JSONValue? = nil, maxResults: Int = ListFindingsRequest.maxPageSize,
                     consume: (ListFindingsPage) async throws -> Bool) async throws -> ListingSummary {
        let request = ListFindingsRequest(window: window, extraCriteria: criteria ?? extraCriteria, maxResults: maxResults)
        var summary = ListingSummary()
        var nextToken: String?
        repeat {
            guard summary.pages < maxPages else { throw InspectorSourceError.pageLimitReached(pages: summary.pages) }
            try Task.checkCancellation()
            let page = try await fetchPage(request, nextToken: nextToken)
            summary.pages += 1
            summary.findings += page.findings.count
            guard try await consume(page) else { return summary }
            nextToken = page.nextToken
        } while nextToken != nil
        summary.complete = true
        return summary
    }

    /// One call, as `test-connector` makes it.
    public func fetchPage(_ request: ListFindingsRequest, nextToken: String?) async throws -> ListFindingsPage {
        do {
            // Parsing inside the retry loop makes a cut-short or corrupted page a retried attempt, like a 500,
            // instead of the end of the pass.
            return try await client.send(method: "POST", path: ListFindingsRequest.path,
                                         headers: [HTTPHeader("Content-Type", "application/json")],
                                         body: request.body(nextToken: nextToken),
                                         decode: { response in
                                             do {
                                                 return try ListFindingsPage.parse(response.body)
                                             } catch {
                                                 throw UnusableBody(error: error, body: response.body)
                                             }
                                         })
        } catch let unusable as UnusableBody {
            throw InspectorSourceError.unusablePage(unusable.error, firstPage: nextToken == nil, body: unusable.body)
        }
    }

    /// A page that would not parse, with its bytes.
    private struct UnusableBody: Error, CustomStringConvertible {
        let error: ListFindingsPageError
        let body: [UInt8]
        var description: String { error.description }

        init(error: any Error, body: [UInt8]) {
            self.error = error as? ListFindingsPageError ?? .unexpectedShape("\(error)")
            self.body = body
        }
    }
}
