/// Identifies one version of a finding: its ARN and its `updatedAt`. The same key twice means the same
/// content was already delivered, so it can be suppressed; a new `updatedAt` is a new version and is sent.
public struct FindingKey: Hashable, Sendable {
    let high: UInt64
    let low: UInt64

    /// 128 bits of FNV-1a over two seeds: collisions (which would suppress a finding) are out of reach in
    /// any account's lifetime, without pulling a crypto library into the hot path.
    public init(arn: String, updatedAt: Double) {
        var first: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x8422_2325_cbf2_9ce4
        func mix(_ byte: UInt8) {
            first = (first ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            second = (second ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 &+ 0x9e37_79b9_7f4a_7c15
        }
        for byte in arn.utf8 { mix(byte) }
        withUnsafeBytes(of: updatedAt.bitPattern.littleEndian) { for byte in $0 { mix(byte) } }
        high = first
        low = second
    }

    init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }
}
