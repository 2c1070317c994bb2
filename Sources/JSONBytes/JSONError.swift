/// Why a byte buffer is not valid JSON, and where the problem starts.
public struct JSONError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Byte offset (0-based) in the parsed buffer where the problem was detected.
    public var offset: Int
    /// What is wrong, in words an operator can act on.
    public var reason: String

    /// Creates an error at `offset` with a human-readable `reason`.
    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}
