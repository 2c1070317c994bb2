/// One RELP frame: `TXNR SP COMMAND SP DATALEN [SP DATA] LF` (librelp doc/relp.md, "RELP FRAME").
struct RELPFrame: Equatable, Sendable {
    /// The transaction number: 1…999 999 999 for commands and their `rsp`, 0 for hints (`serverclose`).
    var txnr: Int
    var command: String
    var data: [UInt8]

    /// The largest transaction number; the next one after it is 1 again.
    static let maxTxnr = 999_999_999

    /// The transaction number that follows `txnr`.
    static func txnr(after txnr: Int) -> Int { txnr >= maxTxnr ? 1 : txnr + 1 }

    /// Appends this frame's wire form to `buffer` (no data part at all when `data` is empty, as librelp does).
    func encode(into buffer: inout [UInt8]) {
        buffer.append(contentsOf: "\(txnr) \(command) \(data.count)".utf8)
        if !data.isEmpty {
            buffer.append(UInt8(ascii: " "))
            buffer.append(contentsOf: data)
        }
        buffer.append(UInt8(ascii: "\n"))
    }
}

/// Cuts a byte stream from the server into frames, whatever the pieces it arrives in.
///
/// Strict like librelp's own receiver (relpframe.c): anything that does not follow the grammar ends the
/// session, because a peer that breaks framing cannot be trusted to have acknowledged the right messages.
struct RELPFrameParser {
    /// Responses are short ("200 OK", or the open offers); a longer one means we are not talking to RELP.
    static let maxDataLength = 128 * 1024

    private enum Field { case txnr, command, dataLength, data, trailer }
    private var field = Field.txnr
    private var digits = 0
    private var frame = RELPFrame(txnr: 0, command: "", data: [])
    private var dataLength = 0
    private var commandBytes: [UInt8] = []

    /// Appends the frames completed by `bytes`; keeps a partial frame for the next call.
    mutating func parse(_ bytes: some Sequence<UInt8>) throws(RELPSessionError) -> [RELPFrame] {
        var frames: [RELPFrame] = []
        for byte in bytes {
            if let complete = try take(byte) { frames.append(complete) }
        }
        return frames
    }

    private mutating func take(_ byte: UInt8) throws(RELPSessionError) -> RELPFrame? {
        switch field {
        case .txnr:
            if byte == UInt8(ascii: " ") && digits > 0 {
                field = .command
            } else {
                frame.txnr = try Self.accumulate(byte, into: frame.txnr, digits: &digits, what: "transaction number")
            }
        case .command:
            if byte == UInt8(ascii: " ") && !commandBytes.isEmpty {
                frame.command = String(decoding: commandBytes, as: UTF8.self)
                field = .dataLength
                digits = 0
            } else if Self.isLetter(byte) && commandBytes.count < 32 {
                commandBytes.append(byte)
            } else {
                throw .malformedFrame("a command is 1 to 32 letters, got byte \(byte) after \"\(Self.text(commandBytes))\"")
            }
        case .dataLength:
            if digits > 0 && (byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n")) && dataLength == 0 {
                field = .trailer   // a zero length has no data part: only LF may follow
                return try take(byte)
            } else if digits > 0 && byte == UInt8(ascii: " ") {
                guard dataLength <= Self.maxDataLength else {
                    throw .malformedFrame("\(frame.command) frame announces \(dataLength) bytes of data, "
                                          + "more than the \(Self.maxDataLength) a response may carry")
                }
                frame.data.reserveCapacity(dataLength)
                field = .data
            } else {
                dataLength = try Self.accumulate(byte, into: dataLength, digits: &digits, what: "data length")
            }
        case .data:
            frame.data.append(byte)
            if frame.data.count == dataLength { field = .trailer }
        case .trailer:
            guard byte == UInt8(ascii: "\n") else {
                throw .malformedFrame("\(frame.command) frame of \(dataLength) bytes does not end with LF")
            }
            defer { self = RELPFrameParser() }
            return frame
        }
        return nil
    }

    /// Adds one decimal digit to `value`; RELP numbers have 1 to 9 digits.
    private static func accumulate(_ byte: UInt8, into value: Int, digits: inout Int,
                                   what: String) throws(RELPSessionError) -> Int {
        guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"), digits < 9 else {
            throw .malformedFrame("a \(what) is 1 to 9 digits, got byte \(byte) after \(digits) digits")
        }
        digits += 1
        return value * 10 + Int(byte - UInt8(ascii: "0"))
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    private static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
}
