import Foundation
import Syslog
import XCTest

/// After a receiver restart a stream transport sends the tail of what the old connection took again (plain
/// TCP cannot tell what the receiver read before it went away): every message must arrive, and the only
/// duplicates allowed are messages sent before the break, at most twice each.
func assertEveryMessageArrived(before: [String], after: [String], at receiver: RsyslogReceiver,
                               file: StaticString = #filePath, line: UInt = #line) throws {
    let wanted = Set(before + after)
    var counts: [String: Int] = [:]
    let complete = try eventually(timeout: 10) {
        counts = Dictionary(try receiver.messages().map { ($0.msg, 1) }, uniquingKeysWith: +)
        return wanted.isSubset(of: counts.keys)
    }
    XCTAssertTrue(complete, "missing: \(wanted.subtracting(counts.keys).count)", file: file, line: line)
    let earlier = Set(before)
    for (message, count) in counts where count > 1 {
        XCTAssertTrue(earlier.contains(message) && count == 2, "duplicated \(count)×: \(message.prefix(100))",
                      file: file, line: line)
    }
    XCTAssertTrue(Set(counts.keys).isSubset(of: wanted), "a message nobody sent", file: file, line: line)
}

/// Sends `before`, stops the receiver, sends `after` while it is away (the transport retries), starts the
/// receiver again, and checks with `assertEveryMessageArrived` — `records` are the MSG texts rsyslog reports.
func sendAcrossAReceiverRestart(_ transport: any SyslogTransport, receiver: RsyslogReceiver,
                                before: (messages: [[UInt8]], records: [String]),
                                after: (messages: [[UInt8]], records: [String]),
                                file: StaticString = #filePath, line: UInt = #line) async throws {
    try await transport.send(before.messages)
    XCTAssertEqual(try receiver.waitForMessages(count: before.messages.count, timeout: 10).count, before.messages.count,
                   file: file, line: line)
    receiver.stop()
    let sending = Task { try await transport.send(after.messages) }
    try await Task.sleep(for: .seconds(1))   // the sender is now retrying against a closed port
    try receiver.start()
    try await sending.value
    await transport.close()
    try assertEveryMessageArrived(before: before.records, after: after.records, at: receiver, file: file, line: line)
}
