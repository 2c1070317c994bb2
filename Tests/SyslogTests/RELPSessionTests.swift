import XCTest
@testable import Syslog

/// The RELP client state machine without sockets: what it writes, and what it makes of the server's bytes.
final class RELPSessionTests: XCTestCase {
    private let serverOffers = "200 OK\nrelp_version=0\nrelp_software=librelp,1.11.0,http://librelp.adiscon.com\ncommands=syslog"

    private func rsp(_ txnr: Int, _ data: String) -> [UInt8] {
        var bytes: [UInt8] = []
        RELPFrame(txnr: txnr, command: "rsp", data: Array(data.utf8)).encode(into: &bytes)
        return bytes
    }

    private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// An open session whose first message will carry `firstTxnr + 1`.
    private func openSession(window: Int = 128, firstTxnr: Int = 1) throws -> RELPClientSession {
        var session = RELPClientSession(window: window, firstTxnr: firstTxnr)
        _ = session.open()
        XCTAssertEqual(try session.receive(rsp(firstTxnr, serverOffers)),
                       [.opened(offers: ["relp_version": ["0"], "commands": ["syslog"],
                                         "relp_software": ["librelp", "1.11.0", "http://librelp.adiscon.com"]])])
        return session
    }

    func testOpenOffersVersionSoftwareAndTheSyslogCommand() {
        var session = RELPClientSession()
        let open = "relp_version=0\nrelp_software=findings-collector\ncommands=syslog"
        XCTAssertEqual(text(session.open()), "1 open \(open.utf8.count) \(open)\n")
        XCTAssertEqual(session.phase, .opening)
        XCTAssertFalse(session.canSendMessage, "no message before the open answer")
    }

    func testMessagesAreFramedAndAcknowledgedByTag() throws {
        var session = try openSession()
        var bytes: [UInt8] = []
        session.send(Array("<13>1 - - - - - - hello".utf8), tag: 40, into: &bytes)
        session.send([], tag: 41, into: &bytes)
        XCTAssertEqual(text(bytes), "2 syslog 23 <13>1 - - - - - - hello\n3 syslog 0\n")
        XCTAssertEqual(session.messagesInFlight, 2)
        XCTAssertEqual(try session.receive(rsp(2, "200 OK") + rsp(3, "200 OK")), [.acknowledged(tag: 40), .acknowledged(tag: 41)])
        XCTAssertEqual(session.messagesInFlight, 0)
    }

    func testAResponseSplitAcrossEveryByteBoundaryIsStillOneAcknowledgement() throws {
        let answer = rsp(2, "200 OK")
        for cut in 1..<answer.count {
            var session = try openSession()
            var bytes: [UInt8] = []
            session.send(Array("m".utf8), tag: 7, into: &bytes)
            XCTAssertEqual(try session.receive(answer[..<cut]), [], "cut at \(cut)")
            XCTAssertEqual(try session.receive(answer[cut...]), [.acknowledged(tag: 7)], "cut at \(cut)")
        }
    }

    func testTheWindowLimitsMessagesAwaitingAnAnswer() throws {
        var session = try openSession(window: 3)
        var bytes: [UInt8] = []
        for tag in 0..<3 { session.send([1], tag: tag, into: &bytes) }
        XCTAssertFalse(session.canSendMessage)
        _ = try session.receive(rsp(2, "200 OK"))
        XCTAssertTrue(session.canSendMessage)
    }

    func testAnErrorStatusRefusesThatMessageWithTheReceiversWords() throws {
        var session = try openSession()
        var bytes: [UInt8] = []
        session.send([1], tag: 0, into: &bytes)
        session.send([2], tag: 1, into: &bytes)
        XCTAssertEqual(try session.receive(rsp(2, "500 command disabled") + rsp(3, "200 OK")),
                       [.refused(tag: 0, response: RELPResponse(status: 500, text: "command disabled")),
                        .acknowledged(tag: 1)])
        XCTAssertEqual(RELPResponse(status: 500, text: "command disabled").summary, "500 command disabled")
    }

    func testAnswersOutOfOrderAreMatchedByTransactionNumber() throws {
        var session = try openSession()
        var bytes: [UInt8] = []
        for tag in 0..<3 { session.send([1], tag: tag, into: &bytes) }
        XCTAssertEqual(try session.receive(rsp(4, "200 OK") + rsp(2, "200 OK") + rsp(3, "200 OK")),
                       [.acknowledged(tag: 2), .acknowledged(tag: 0), .acknowledged(tag: 1)])
    }

    func testAnAnswerToNothingSentOrAnsweredTwiceEndsTheSession() throws {
        var session = try openSession()
        var bytes: [UInt8] = []
        session.send([1], tag: 0, into: &bytes)
        XCTAssertThrowsError(try session.receive(rsp(9, "200 OK"))) {
            XCTAssertEqual($0 as? RELPSessionError, .unexpectedResponse(txnr: 9, command: "rsp"))
        }
        var again = try openSession()
        again.send([1], tag: 0, into: &bytes)
        _ = try again.receive(rsp(2, "200 OK"))
        XCTAssertThrowsError(try again.receive(rsp(2, "200 OK")))
    }

    func testServerCloseHintEndsTheSessionAndUnknownHintsAreIgnored() throws {
        var session = try openSession()
        var bytes: [UInt8] = []
        session.send([1], tag: 0, into: &bytes)
        XCTAssertEqual(try session.receive(Array("0 keepalive 0\n0 serverclose 0\n".utf8)), [.serverClosing])
        XCTAssertEqual(session.phase, .ended)
        XCTAssertFalse(session.canSendMessage)
    }

    func testTransactionNumbersWrapFrom999999999ToOne() throws {
        var session = try openSession(firstTxnr: 999_999_998)
        var bytes: [UInt8] = []
        session.send([0x41], tag: 0, into: &bytes)
        session.send([0x42], tag: 1, into: &bytes)
        XCTAssertEqual(text(bytes), "999999999 syslog 1 A\n1 syslog 1 B\n")
        XCTAssertEqual(try session.receive(rsp(1, "200 OK") + rsp(999_999_999, "200 OK")),
                       [.acknowledged(tag: 1), .acknowledged(tag: 0)])
    }

    func testCloseIsAnsweredOnceThenTheSessionHasEnded() throws {
        var session = try openSession()
        XCTAssertEqual(session.close().map(text), "2 close 0\n")
        XCTAssertNil(session.close(), "close is sent once")
        XCTAssertEqual(try session.receive(rsp(2, "200 OK")), [.closed])
        XCTAssertEqual(session.phase, .ended)
    }

    func testARefusedOpenOrOneWithoutSyslogEndsTheSession() {
        var refused = RELPClientSession()
        _ = refused.open()
        XCTAssertThrowsError(try refused.receive(rsp(1, "500 error 12 on connect"))) {
            XCTAssertEqual($0 as? RELPSessionError, .openRefused(RELPResponse(status: 500, text: "error 12 on connect")))
        }
        var noSyslog = RELPClientSession()
        _ = noSyslog.open()
        XCTAssertThrowsError(try noSyslog.receive(rsp(1, "200 OK\nrelp_version=0\ncommands=eventlog"))) {
            guard case .unusableOffers? = $0 as? RELPSessionError else { return XCTFail("\($0)") }
        }
    }

    func testBytesThatAreNotRELPEndTheSession() {
        for garbage in ["HTTP/1.1 400 Bad Request\r\n", "1 rsp 6 200 OKX", "1 r$p 0\n", "1234567890 rsp 0\n",
                        "1 rsp 999999 x"] {
            var session = RELPClientSession()
            _ = session.open()
            XCTAssertThrowsError(try session.receive(Array(garbage.utf8)), garbage) {
                guard case .malformedFrame? = $0 as? RELPSessionError else { return XCTFail("\(garbage): \($0)") }
            }
        }
    }
}
