/// Object keys looked up together, prepared once (keep it in a `static let`): matching a member's key is
/// then a probe by length and one byte comparison, instead of a comparison with every wanted key.
public struct JSONKeySet: Sendable {
    /// All keys' bytes, back to back; key i is `bytes[offsets[i]..<offsets[i + 1]]`.
    let bytes: [UInt8]
    let offsets: [Int]
    /// Slots of the keys of length L are `slotsByLength[bucketStarts[L]..<bucketStarts[L + 1]]`.
    let bucketStarts: [Int]
    let slotsByLength: [Int]

    /// The keys, in the order their results are numbered.
    public init(_ keys: [StaticString]) {
        precondition(keys.count <= JSONMemberSlots.capacity, "a JSONKeySet holds at most \(JSONMemberSlots.capacity) keys")
        var bytes: [UInt8] = []
        var offsets = [0]
        for key in keys {
            bytes.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
            offsets.append(bytes.count)
        }
        let longest = keys.map(\.utf8CodeUnitCount).max() ?? 0
        var starts = [0]
        var slots: [Int] = []
        for length in 0...longest {
            slots += keys.indices.filter { keys[$0].utf8CodeUnitCount == length }
            starts.append(slots.count)
        }
        bytes.append(0)   // never empty, so its base address exists even for a set of empty keys
        self.bytes = bytes
        self.offsets = offsets
        bucketStarts = starts
        slotsByLength = slots
    }

    /// How many keys the set holds.
    public var count: Int { offsets.count - 1 }
}

extension JSONView {
    /// Looks up every key of `keys` in one pass over the object at `node`: slot i of the result is the
    /// first member named by key i, or nil. All nil if `node` is nil or not an object.
    ///
    /// Inlined so the slots are filled where the caller keeps them (not filled, then copied out: 96 bytes);
    /// `@inlinable` alone left it a call of its own.
    @inlinable @inline(__always)
    public func members(of node: JSONNode?, _ keys: JSONKeySet) -> JSONMemberSlots {
        var found = JSONMemberSlots()
        guard let node else { return found }
        withUnsafeMutableBytes(of: &found.storage) { raw in
            fill(raw.bindMemory(to: Int32.self), object: node, keys: keys)
        }
        return found
    }

    /// Fills `slots` for the members of the object at `node`; nothing if it is not an object.
    @usableFromInline
    func fill(_ slots: UnsafeMutableBufferPointer<Int32>, object node: JSONNode, keys: JSONKeySet) {
        guard tape[node.index].kind == .object else { return }
        keys.bytes.withUnsafeBufferPointer { keyBytes in
            keys.offsets.withUnsafeBufferPointer { offsets in
                keys.bucketStarts.withUnsafeBufferPointer { starts in
                    keys.slotsByLength.withUnsafeBufferPointer { byLength in
                        let end = Int(tape[node.index].next)
                        var child = node.index + 1
                        var missing = keys.count
                        while child < end, missing > 0 {
                            let entry = tape[child]
                            let start = Int(entry.start) + 1
                            let length = Int(entry.end) - start - 1
                            if entry.flag {   // an escaped key (rare): decode it, compare with every key
                                var decoded = JSONValue.decodedKey(bytes: bytes, entry: entry)
                                decoded.withUTF8 { key in
                                    for slot in 0..<keys.count where slots[slot] < 0
                                        && key.elementsEqual(keyBytes[offsets[slot]..<offsets[slot + 1]]) {
                                        slots[slot] = Int32(truncatingIfNeeded: child + 1)
                                        missing -= 1
                                        break
                                    }
                                }
                            } else if length + 1 < starts.count {
                                for position in starts[length]..<starts[length + 1] {
                                    let slot = byLength[position]
                                    if slots[slot] < 0,
                                       bytesEqual(UnsafeRawPointer(bytes + start),
                                                  UnsafeRawPointer(keyBytes.baseAddress! + offsets[slot]), count: length) {
                                        slots[slot] = Int32(truncatingIfNeeded: child + 1)
                                        missing -= 1
                                        break
                                    }
                                }
                            }
                            child = Int(tape[child + 1].next)
                        }
                    }
                }
            }
        }
    }
}
