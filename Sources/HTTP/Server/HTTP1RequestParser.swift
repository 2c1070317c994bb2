/// Turns the bytes of one connection into requests. It does no I/O: the connection feeds it bytes
/// and performs the action it returns, so the protocol logic is testable without sockets.
struct HTTP1RequestParser {
    enum Action: Equatable {
        /// A complete request; answer it, then close unless `keepAlive`.
        case request(HTTPServerRequest, keepAlive: Bool)
        /// The client waits for "100 Continue" before sending the body.
        case sendContinue
        case needMoreData
    }

    static let maxHeadBytes = 64 << 10
    static let maxBodyBytes = 512 << 20

    private enum State {
        case head
        case body(HTTP1RequestHead, length: Int)
        case chunked(HTTP1RequestHead, ChunkedBodyDecoder)
    }

    private var buffer: [UInt8] = []
    /// Everything before this index has been consumed.
    private var readIndex = 0
    /// Where the search for the end of the head resumes, so a slow client costs no rescans.
    private var scannedUpTo = 0
    private var state = State.head
    private var continueSent = false

    /// Feeds received bytes.
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            scannedUpTo -= readIndex
            readIndex = 0
        } else if readIndex > 1 << 20 {
            buffer.removeSubrange(0..<readIndex)
            scannedUpTo -= readIndex
            readIndex = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next thing the connection should do.
    mutating func next() throws(HTTP1ParseError) -> Action {
        switch state {
        case .head:
            guard let headEnd = findHeadEnd() else {
                if buffer.count - readIndex > Self.maxHeadBytes { throw .headTooLarge }
                return .needMoreData
            }
            let head = try HTTP1RequestHead(parsing: buffer[readIndex..<headEnd])
            readIndex = headEnd + 4
            scannedUpTo = readIndex
            continueSent = false
            switch head.framing {
            case .length(let length):
                guard length <= Self.maxBodyBytes else { throw .bodyTooLarge }
                state = .body(head, length: length)
            case .chunked:
                state = .chunked(head, ChunkedBodyDecoder())
            }
            return try next()
        case .body(let head, let length):
            guard buffer.count - readIndex >= length else { return continueOrWait(head) }
            let body = Array(buffer[readIndex..<readIndex + length])
            readIndex += length
            return finish(head, body: body)
        case .chunked(let head, var decoder):
            // Drop the enum's copy first, so the decoder's body buffer is uniquely referenced and
            // appending to it does not copy the whole body each time (copy-on-write).
            state = .head
            let outcome = try decoder.decode(buffer, from: &readIndex, maxBodyBytes: Self.maxBodyBytes)
            scannedUpTo = readIndex
            guard let body = outcome else {
                state = .chunked(head, decoder)
                return continueOrWait(head)
            }
            return finish(head, body: body)
        }
    }

    private mutating func continueOrWait(_ head: HTTP1RequestHead) -> Action {
        guard head.expectsContinue, !continueSent else { return .needMoreData }
        continueSent = true
        return .sendContinue
    }

    private mutating func finish(_ head: HTTP1RequestHead, body: [UInt8]) -> Action {
        state = .head
        scannedUpTo = readIndex
        let request = HTTPServerRequest(method: head.method, target: head.target, headers: head.headers, body: body)
        return .request(request, keepAlive: head.keepAlive)
    }

    /// The index of the "\r\n\r\n" ending the head, if it has arrived.
    private mutating func findHeadEnd() -> Int? {
        var index = max(readIndex, scannedUpTo - 3)
        while index + 3 < buffer.count {
            if buffer[index] == 13, buffer[index + 1] == 10, buffer[index + 2] == 13, buffer[index + 3] == 10 {
                return index
            }
            index += 1
        }
        scannedUpTo = buffer.count
        return nil
    }
}
