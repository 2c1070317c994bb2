/// How messages are delimited on a TCP stream (RFC 6587 §3.4).
public enum TCPFraming: String, Sendable {
    /// `LEN SP MSG`: any byte may occur in MSG. The default, and the only framing RFC 5425 TLS allows.
    case octetCounting = "octet_counting"
    /// `MSG LF`: for receivers that only know the traditional framing.
    case lineFeed = "lf"
}

/// Applies a `TCPFraming` to whole messages.
public enum Framer {
    /// Appends `message` framed for the stream to `buffer`.
    ///
    /// Under LF framing an embedded LF would split one message into two, and some receivers also end a
    /// frame at CR, so both become a space. Records are JSON, which never holds a raw LF or CR (RFC 8259
    /// escapes them inside strings; between tokens they are whitespace), so for records this changes nothing
    /// a JSON parser would see; for arbitrary bytes it is the documented, lossy repair.
    public static func append(_ message: ArraySlice<UInt8>, framing: TCPFraming, to buffer: inout [UInt8]) {
        switch framing {
        case .octetCounting:
            buffer.appendDigits(message.count, width: 1)
            buffer.append(UInt8(ascii: " "))
            buffer.append(contentsOf: message)
        case .lineFeed:
            let start = buffer.count
            buffer.append(contentsOf: message)
            for index in start..<buffer.count where buffer[index] == 0x0A || buffer[index] == 0x0D {
                buffer[index] = UInt8(ascii: " ")
            }
            buffer.append(0x0A)
        }
    }

    /// The number of bytes `append` adds for a message of `length` bytes.
    public static func framedLength(_ length: Int, framing: TCPFraming) -> Int {
        switch framing {
        case .octetCounting:
            var digits = 1, rest = length
            while rest >= 10 { rest /= 10; digits += 1 }
            return digits + 1 + length
        case .lineFeed:
            return length + 1
        }
    }
}
