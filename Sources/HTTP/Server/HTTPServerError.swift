import Glibc

/// Why the loopback server could not start.
public enum HTTPServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A socket call failed; `operation` names it (resolve, socket, bind, listen).
    case socket(operation: String, address: String, errno: Int32)

    public var description: String {
        switch self {
        case .socket(let operation, let address, let code):
            let reason = operation == "resolve" ? String(cString: gai_strerror(code)) : String(cString: strerror(code))
            return "HTTP server could not \(operation) \(address): \(reason)"
        }
    }
}
