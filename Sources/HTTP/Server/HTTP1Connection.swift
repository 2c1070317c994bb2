/// Serves one accepted connection: parse, call the handler, write the response, repeat while the
/// client keeps the connection alive. Runs on its own thread, so the handler may block.
struct HTTP1Connection {
    let fd: Int32
    let handler: @Sendable (HTTPServerRequest) -> HTTPResponse

    private static let readSize = 256 << 10

    /// Returns when the peer closes, asks to close, sends garbage, or the server shuts the socket down.
    func serve() {
        var parser = HTTP1RequestParser()
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.readSize, alignment: 1)
        defer { scratch.deallocate() }
        while true {
            let action: HTTP1RequestParser.Action
            do {
                action = try parser.next()
            } catch {
                let response = HTTPResponse(status: error.status, body: Array("\(error)\n".utf8))
                _ = write(response, keepAlive: false, includeBody: true)
                return
            }
            switch action {
            case .needMoreData:
                let count = SocketIO.receive(fd, into: scratch)
                guard count > 0 else { return }
                parser.append(UnsafeRawBufferPointer(rebasing: scratch[0..<count]))
            case .sendContinue:
                let sent = HTTP1ResponseEncoder.continueHead.withUnsafeBytes { SocketIO.sendAll(fd, $0) }
                guard sent else { return }
            case .request(let request, let clientKeepsAlive):
                let response = handler(request)
                let keepAlive = clientKeepsAlive && !HTTP1ResponseEncoder.asksToClose(response)
                guard write(response, keepAlive: keepAlive, includeBody: request.method != "HEAD"), keepAlive else { return }
            }
        }
    }

    private func write(_ response: HTTPResponse, keepAlive: Bool, includeBody: Bool) -> Bool {
        let head = HTTP1ResponseEncoder.head(for: response, keepAlive: keepAlive)
        let sendsBody = includeBody && !response.body.isEmpty && HTTP1ResponseEncoder.hasBody(response.status)
        guard head.withUnsafeBytes({ SocketIO.sendAll(fd, $0, more: sendsBody) }) else { return false }
        guard sendsBody else { return true }
        return response.body.withUnsafeBytes { SocketIO.sendAll(fd, $0) }
    }
}
