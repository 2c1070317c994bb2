import Foundation
import HTTP
import XCTest
@testable import AWS

/// A fake STS that counts AssumeRole calls and hands out credentials valid for `lifetime` seconds.
final class CountingSTS: RoleAssuming, @unchecked Sendable {
    // @unchecked Sendable: `calls` and `failure` are only touched under `lock`.
    private let lock = NSLock()
    private var calls = 0
    private var failure: Error?
    private let clock: ManualClock
    private let lifetime: TimeInterval
    private let latency: UInt64

    init(clock: ManualClock, lifetime: TimeInterval = 3600, latencyNanoseconds: UInt64 = 0) {
        self.clock = clock
        self.lifetime = lifetime
        self.latency = latencyNanoseconds
    }

    var callCount: Int { lock.withLock { calls } }
    func fail(with error: Error?) { lock.withLock { failure = error } }

    func assumeRole(roleArn: String, externalId: String?, sessionName: String, durationSeconds: Int)
        async throws -> AWSCredentials
    {
        let number = lock.withLock { calls += 1; return calls }
        if latency > 0 { try await Task.sleep(nanoseconds: latency) }
        if let failure = lock.withLock({ failure }) { throw failure }
        return AWSCredentials(accessKeyId: "ASIA\(number)", secretAccessKey: "s\(number)", sessionToken: "t\(number)",
                              expiration: clock.now + lifetime)
    }
}

final class AssumeRoleTests: XCTestCase {
    let roleArn = "arn:aws:iam::123456789012:role/inspector-reader"

    func provider(_ sts: CountingSTS, clock: ManualClock) throws -> AssumeRoleCredentialProvider {
        AssumeRoleCredentialProvider(parameters: try AssumeRoleParameters(roleArn: roleArn, externalId: "ext-id-1"),
                                     sts: sts, clock: clock.function)
    }

    func testNoSTSCallWhileMoreThanFiveMinutesRemain() async throws {
        let clock = ManualClock()
        let sts = CountingSTS(clock: clock)
        let provider = try provider(sts, clock: clock)
        let first = try await provider.credentials()
        XCTAssertEqual(first.accessKeyId, "ASIA1")
        clock.advance(by: 3600 - 301)   // 5 min 1 s left
        let second = try await provider.credentials()
        XCTAssertEqual(second, first)
        XCTAssertEqual(sts.callCount, 1)
    }

    func testTenConcurrentCallersShareOneRefreshWhenFiveMinutesOrLessRemain() async throws {
        let clock = ManualClock()
        let sts = CountingSTS(clock: clock, latencyNanoseconds: 50_000_000)
        let provider = try provider(sts, clock: clock)
        _ = try await provider.credentials()
        clock.advance(by: 3600 - 300)   // exactly 5 min left
        let keys = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<10 { group.addTask { try await provider.credentials().accessKeyId } }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        XCTAssertEqual(sts.callCount, 2)
        XCTAssertEqual(Set(keys), ["ASIA2"])
    }

    func testSTSRejectionIsWrappedWithItsCode() async throws {
        let clock = ManualClock()
        let sts = CountingSTS(clock: clock)
        sts.fail(with: AWSServiceError(status: 403, code: "AccessDenied", message: "not authorized to assume"))
        let error = await thrownError { try await self.provider(sts, clock: clock).credentials() }
        guard case CredentialError.stsRejected(let serviceError) = error! else { return XCTFail("\(error!)") }
        XCTAssertEqual(serviceError.code, "AccessDenied")
    }

    func testFailedEarlyRefreshKeepsCredentialsThatStillWork() async throws {
        let clock = ManualClock()
        let sts = CountingSTS(clock: clock)
        let provider = try provider(sts, clock: clock)
        let first = try await provider.credentials()
        clock.advance(by: 3600 - 200)
        sts.fail(with: HTTPError.timedOut(url: "https://sts.amazonaws.com/"))
        let stillFirst = try await provider.credentials()
        XCTAssertEqual(stillFirst, first)
        clock.advance(by: 150)   // 50 s left: too close, the failure must surface
        let error = await thrownError { try await provider.credentials() }
        XCTAssertEqual(error as? HTTPError, .timedOut(url: "https://sts.amazonaws.com/"))
    }

    // MARK: validation

    func testRoleArnValidation() throws {
        for valid in [roleArn, "arn:aws-cn:iam::123456789012:role/path/to/r", "arn:aws-us-gov:iam::000000000000:role/a+b=c,d.e@f-g_h"] {
            XCTAssertNoThrow(try AssumeRoleParameters.validate(roleArn: valid), valid)
        }
        for invalid in ["", "arn:aws:iam::12345678901:role/r", "arn:aws:iam::123456789012:user/u", "arn:aws:s3:::bucket",
                        "arn:aws:iam:us-east-1:123456789012:role/r", "arn:aws-eu:iam::123456789012:role/r",
                        "arn:aws:iam::123456789012:role/", "arn:aws:iam::123456789012:role/has space"] {
            XCTAssertThrowsError(try AssumeRoleParameters.validate(roleArn: invalid), invalid) { error in
                guard case CredentialError.invalidRoleArn(let arn) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(arn, invalid)
                XCTAssertTrue("\(error)".hasPrefix("role_arn '"))
            }
        }
    }

    func testExternalIdValidationNamesTheFieldButNotTheValue() {
        XCTAssertNoThrow(try AssumeRoleParameters.validate(externalId: "ab"))
        XCTAssertNoThrow(try AssumeRoleParameters.validate(externalId: String(repeating: "x", count: 1224)))
        XCTAssertNoThrow(try AssumeRoleParameters.validate(externalId: "Tenant_1+=,.@:/-"))
        for bad in ["Q", String(repeating: "x", count: 1225), "secret id", "s3cr3t!"] {
            XCTAssertThrowsError(try AssumeRoleParameters.validate(externalId: bad)) { error in
                guard case CredentialError.invalidExternalId = error else { return XCTFail("\(error)") }
                XCTAssertTrue("\(error)".hasPrefix("external_id invalid"))
                XCTAssertFalse("\(error)".contains(bad), "the external id must not be echoed")
            }
        }
    }

    func testSessionNameAndDurationValidation() {
        XCTAssertThrowsError(try AssumeRoleParameters(roleArn: roleArn, sessionName: "x")) { error in
            guard case CredentialError.invalidSessionName = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try AssumeRoleParameters(roleArn: roleArn, sessionName: "has:colon"))
        XCTAssertThrowsError(try AssumeRoleParameters(roleArn: roleArn, sessionName: String(repeating: "s", count: 65)))
        XCTAssertNoThrow(try AssumeRoleParameters(roleArn: roleArn, sessionName: String(repeating: "s", count: 64)))
        for seconds in [899, 43201, 0] {
            XCTAssertThrowsError(try AssumeRoleParameters(roleArn: roleArn, durationSeconds: seconds)) { error in
                guard case CredentialError.invalidDuration(let value) = error else { return XCTFail("\(error)") }
                XCTAssertEqual(value, seconds)
            }
        }
        let defaults = try? AssumeRoleParameters(roleArn: roleArn)
        XCTAssertEqual(defaults?.sessionName, "findings-collector")
        XCTAssertEqual(defaults?.durationSeconds, 3600)
        XCTAssertNoThrow(try AssumeRoleParameters(roleArn: roleArn, durationSeconds: 900))
        XCTAssertNoThrow(try AssumeRoleParameters(roleArn: roleArn, durationSeconds: 43200))
    }
}
