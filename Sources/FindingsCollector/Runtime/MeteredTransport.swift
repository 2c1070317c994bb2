import Foundation
import HTTP

/// Counts a connector's API requests by status and times them, around the real HTTP client.
struct MeteredTransport: HTTPTransport {
    let inner: any HTTPTransport
    let metrics: CollectorMetrics
    let connector: String

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let started = DispatchTime.now().uptimeNanoseconds
        do {
            let response = try await inner.send(request)
            metrics.apiRequest(connector: connector, status: response.status)
            metrics.pageLatency(connector: connector, seconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
            return response
        } catch {
            metrics.apiRequest(connector: connector, status: nil)
            throw error
        }
    }
}
