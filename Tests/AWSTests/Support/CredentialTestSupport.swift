import Foundation
import HTTP
import XCTest
@testable import AWS

/// A transport that answers from a handler and records every request, for credential-provider tests.
final class RecordingTransport: HTTPTransport, @unchecked Sendable {
    // @unchecked Sendable: `recorded` is only touched under `lock`; `handler` is immutable and Sendable.
    private let lock = NSLock()
    private var recorded: [HTTPRequest] = []
    private let handler: @Sendable (HTTPRequest) throws -> HTTPResponse

    init(_ handler: @escaping @Sendable (HTTPRequest) throws -> HTTPResponse) {
        self.handler = handler
    }

    var requests: [HTTPRequest] { lock.withLock { recorded } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        lock.withLock { recorded.append(request) }
        return try handler(request)
    }
}

/// A clock tests move by hand.
final class ManualClock: @unchecked Sendable {
    // @unchecked Sendable: `current` is only touched under `lock`.
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = Date(timeIntervalSince1970: 1_700_000_000)) { current = start }

    var now: Date { lock.withLock { current } }
    func advance(by seconds: TimeInterval) { lock.withLock { current += seconds } }
    var function: @Sendable () -> Date { { self.now } }
}

/// A fresh directory under the system temp folder, removed by `remove()`.
struct ScratchDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "fc-credentials-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `text` to `relative` (creating folders) and returns the absolute path.
    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        let full = path + "/" + relative
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try text.write(toFile: full, atomically: true, encoding: .utf8)
        return full
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// The JSON EC2 and ECS serve, expiring at `expiration`.
func metadataDocument(keyId: String, secret: String, token: String, expiration: String) -> [UInt8] {
    Array("""
    {"Code":"Success","LastUpdated":"2023-11-14T22:00:00Z","Type":"AWS-HMAC","AccessKeyId":"\(keyId)",
     "SecretAccessKey":"\(secret)","Token":"\(token)","Expiration":"\(expiration)"}
    """.utf8)
}

/// Runs `body` and returns the error it threw, failing the test when it did not throw.
func thrownError<T>(_ body: () async throws -> T, file: StaticString = #filePath, line: UInt = #line) async -> Error? {
    do {
        _ = try await body()
        XCTFail("expected an error", file: file, line: line)
        return nil
    } catch {
        return error
    }
}
