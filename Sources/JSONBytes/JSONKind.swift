/// The six JSON value kinds of RFC 8259.
public enum JSONKind: UInt8, Sendable {
    case object, array, string, number, bool, null
}
