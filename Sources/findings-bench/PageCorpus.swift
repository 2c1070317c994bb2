import FindingsCollector
import Simulator
import Foundation

/// ListFindings response bodies built once from the synthetic set and reused cyclically: a run over a
/// million findings re-parses the same few megabytes, so the bench's own memory stays flat in N.
struct PageCorpus {
    static let pageSize = 100

    /// Complete ListFindings bodies of `pageSize` findings each, with a `nextToken`, as the API sends them.
    let pages: [[UInt8]]
    /// Bytes of finding JSON in the corpus (without the page envelope).
    let findingBytes: Int

    init(pageCount: Int) {
        let findings = SyntheticFindings(count: pageCount * Self.pageSize,
                                         newestUpdatedAt: Date(timeIntervalSince1970: 1_764_000_000), spacing: 30)
        var pages: [[UInt8]] = []
        var total = 0
        for page in 0..<pageCount {
            var body = Array(#"{"findings":["#.utf8)
            for index in page * Self.pageSize..<(page + 1) * Self.pageSize {
                if index > page * Self.pageSize { body.append(UInt8(ascii: ",")) }
                let finding = findings.finding(at: index)
                total += finding.count
                body += finding
            }
            body += Array(#"],"nextToken":"bench-page-\#(page + 1)"}"#.utf8)
            pages.append(body)
        }
        self.pages = pages
        findingBytes = total
    }

    /// Calls `body` with each page and how many of its findings to use, until `total` findings were offered.
    func cycle(total: Int, _ body: ([UInt8], Int) async throws -> Void) async rethrows {
        var offered = 0
        var page = 0
        while offered < total {
            let take = min(Self.pageSize, total - offered)
            try await body(pages[page % pages.count], take)
            offered += take
            page += 1
        }
    }
}
