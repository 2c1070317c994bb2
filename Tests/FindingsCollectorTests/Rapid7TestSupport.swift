@testable import FindingsCollector
import Foundation
import HTTP
import JSONBytes
@testable import Simulator
import Synchronization
import XCTest

/// Sends requests straight to a `Rapid7Double` (no sockets), recording each, or throws a given transport error.
final class Rapid7DoubleTransport: HTTPTransport {
    let double: Rapid7Double?
    private let failure: HTTPError?
    private let sent = Mutex<[HTTPRequest]>([])

    init(_ double: Rapid7Double) {
        self.double = double
        failure = nil
    }

    init(failing failure: HTTPError) {
        double = nil
        self.failure = failure
    }

    var requests: [HTTPRequest] { sent.withLock { $0 } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        sent.withLock { $0.append(request) }
        if let failure { throw failure }
        let afterScheme = request.url.range(of: "://").map { request.url[$0.upperBound...] } ?? Substring(request.url)
        let target = afterScheme.firstIndex(of: "/").map { String(afterScheme[$0...]) } ?? "/"
        return double!.handle(HTTPServerRequest(method: request.method, target: target, headers: request.headers,
                                                body: request.body))
    }
}

enum Rapid7TestData {
    static let apiKey = "r7-test-key-5f0c1d2e3a4b"
    static let now = 1_750_000_000.0

    static func double(assets: Int = 12, findingsPerAsset: Int = 5, definitions: Int = 30,
                       chaos: SimulatedChaos = .none) -> Rapid7Double {
        Rapid7Double(data: Rapid7SyntheticData.make(assets: assets, findingsPerAsset: findingsPerAsset,
                                                    definitions: definitions, now: now),
                     apiKey: apiKey, clock: { Date(timeIntervalSince1970: now) }, chaos: chaos)
    }

    static func settings(pageSize: Int = 5, assetFilter: String? = nil, vulnerabilityFilter: String? = nil) -> Rapid7Settings {
        Rapid7Settings(endpoint: .custom("http://double.test"), apiKey: .inline(apiKey), pageSize: pageSize,
                       assetFilter: assetFilter, vulnerabilityFilter: vulnerabilityFilter)
    }

    static func client(_ transport: any HTTPTransport, key: String = apiKey, maxAttempts: Int = 10,
                       events: RetryEvents? = nil) -> Rapid7Client {
        Rapid7Client(transport: transport, baseURL: "http://double.test", apiKey: Rapid7APIKey(key),
                     retry: RetryPolicy(maxAttempts: maxAttempts), clock: { Date(timeIntervalSince1970: now) },
                     sleep: { _ in }, random: { 0.5 }, onRetry: { event in events?.append(event) })
    }

    static func source(_ double: Rapid7Double, pageSize: Int = 5, batchSize: Int = 100, maxPages: Int = 1000,
                       assetFilter: String? = nil, cache: Rapid7DefinitionCache = Rapid7DefinitionCache()) -> (Rapid7Source, Rapid7DoubleTransport) {
        let transport = Rapid7DoubleTransport(double)
        let source = Rapid7Source(client: client(transport), scope: "custom",
                                  settings: settings(pageSize: pageSize, assetFilter: assetFilter),
                                  maxPages: maxPages, definitions: cache, batchSize: batchSize)
        return (source, transport)
    }

    /// Lists a whole window, returning the pages.
    static func listAll(_ source: Rapid7Source, _ window: TimeWindow) async throws -> ([SourcePage], ListingSummary) {
        let pages = Mutex<[SourcePage]>([])
        let summary = try await source.list(window, partition: 0) { page in
            pages.withLock { $0.append(page) }
            return true
        }
        return (pages.withLock { $0 }, summary)
    }

    /// The uids of the findings in pages, by listing (computed like the mapper does, via the data set).
    static func uids(in pages: [SourcePage], listing: String) -> [String] {
        var uids: [String] = []
        for page in pages {
            for asset in page.items {
                for finding in asset[listing]?.elements ?? [] {
                    let port = finding["port"].flatMap { $0.kind == .number ? String(decoding: $0.rawBytes, as: UTF8.self) : nil } ?? ""
                    let parts = [asset["id"]!.string!, finding["vulnerability_id"]!.string!, port,
                                 finding["protocol"]?.string ?? "", finding["key"]?.string ?? ""]
                    uids.append("rapid7:" + parts.map {
                        $0.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: ":", with: "%3A")
                    }.joined(separator: ":"))
                }
            }
        }
        return uids
    }
}

/// Retry events heard by a client.
final class RetryEvents: Sendable {
    private let events = Mutex<[RetryEvent]>([])
    func append(_ event: RetryEvent) { events.withLock { $0.append(event) } }
    var all: [RetryEvent] { events.withLock { $0 } }
}
