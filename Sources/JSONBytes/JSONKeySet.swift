/// Object keys looked up together, prepared once (keep it in a `static let`): matching a member's key is
/// then a probe by length and a comparison of one or two words read from the document, against words
/// stored with each candidate (the key set's own bytes are read only to confirm a key longer than 16 bytes).
public struct JSONKeySet: Sendable {
    /// One wanted key, packed for matching: its `signature` (see `JSONKeySignature`) and its slot.
    struct Candidate: Sendable {
        let head: UInt64
        let tail: UInt64
        let slot: Int32
        /// Where the key's bytes start in `bytes` (only read for keys longer than 16 bytes).
        let offset: Int32
    }

    /// All keys' bytes, back to back.
    let bytes: [UInt8]
    /// The candidates of length L are `candidates[bucketStarts[L]..<bucketStarts[L + 1]]`.
    let bucketStarts: [Int32]
    let candidates: [Candidate]
    /// How many keys the set holds.
    public let count: Int

    /// The keys, in the order their results are numbered.
    public init(_ keys: [StaticString]) {
        precondition(keys.count <= JSONMemberSlots.capacity, "a JSONKeySet holds at most \(JSONMemberSlots.capacity) keys")
        var bytes: [UInt8] = []
        var offsets: [Int] = []
        for key in keys {
            offsets.append(bytes.count)
            bytes.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        }
        let longest = keys.map(\.utf8CodeUnitCount).max() ?? 0
        var starts: [Int32] = [0]
        var candidates: [Candidate] = []
        for length in 0...longest {
            for slot in keys.indices where keys[slot].utf8CodeUnitCount == length {
                // Padded copy: the signature of a short key reads a whole word.
                var padded = Array(bytes[offsets[slot]..<(offsets[slot] + length)])
                padded += [UInt8](repeating: 0, count: 8)
                let (head, tail) = padded.withUnsafeBytes { JSONKeySignature.of($0.baseAddress!, count: length) }
                candidates.append(Candidate(head: head, tail: tail, slot: Int32(slot), offset: Int32(offsets[slot])))
            }
            starts.append(Int32(candidates.count))
        }
        bytes.append(0)   // never empty, so its base address exists even for a set of empty keys
        self.bytes = bytes
        bucketStarts = starts
        self.candidates = candidates
        count = keys.count
    }
}

/// Two words that, for two byte runs of the same length of at most 16, are equal exactly when the runs are:
/// the first and the last 8 bytes (overlapping) from 8 bytes on, the first and the last 4 below that, and
/// the bytes themselves below 4. For a longer run, the first and the last 8 bytes (a filter, not a proof).
enum JSONKeySignature {
    /// Reads a whole 32-bit word at `start` even for a shorter run: the caller guarantees 4 readable bytes
    /// (a document key is followed by its closing quote, a colon and a value; a key set pads its copy).
    @inline(__always)
    static func of(_ start: UnsafeRawPointer, count: Int) -> (UInt64, UInt64) {
        if count >= 8 {
            return (start.loadUnaligned(as: UInt64.self), start.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
        }
        if count >= 4 {
            let head = UInt64(start.loadUnaligned(as: UInt32.self))
            let tail = UInt64(start.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
            return (head | tail << 32, 0)
        }
        // Little-endian: the run's bytes are the word's low `count` bytes.
        let word = UInt64(UInt32(littleEndian: start.loadUnaligned(as: UInt32.self)))
        return (word & ((1 &<< (UInt64(count) &* 8)) &- 1), 0)
    }
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
            keys.bucketStarts.withUnsafeBufferPointer { starts in
                keys.candidates.withUnsafeBufferPointer { candidates in
                    let end = Int(tape[node.index].next)
                    let longest = starts.count - 2
                    var child = node.index + 1
                    var missing = keys.count
                    while child < end, missing > 0 {
                        let entry = tape[child]
                        let start = Int(entry.start) + 1
                        let length = Int(entry.end) - start - 1
                        if entry.flag {   // an escaped key (rare): decode it, compare with every key
                            var decoded = JSONValue.decodedKey(bytes: bytes, entry: entry)
                            decoded.withUTF8 { key in
                                guard key.count <= longest else { return }
                                for position in Int(starts[key.count])..<Int(starts[key.count + 1]) {
                                    let slot = Int(candidates[position].slot), offset = Int(candidates[position].offset)
                                    guard slots[slot] < 0, key.elementsEqual(keyBytes[offset..<(offset + key.count)]) else { continue }
                                    slots[slot] = Int32(truncatingIfNeeded: child + 1)
                                    missing -= 1
                                    break
                                }
                            }
                        } else if length <= longest, starts[length] < starts[length + 1] {
                            let (head, tail) = JSONKeySignature.of(UnsafeRawPointer(bytes + start), count: length)
                            for position in Int(starts[length])..<Int(starts[length + 1]) {
                                let candidate = candidates[position]
                                guard candidate.head == head, candidate.tail == tail,
                                      slots[Int(candidate.slot)] < 0 else { continue }
                                if length > 16, !bytesEqual(UnsafeRawPointer(bytes + start + 8),
                                                            UnsafeRawPointer(keyBytes.baseAddress! + Int(candidate.offset) + 8),
                                                            count: length - 16) { continue }
                                slots[Int(candidate.slot)] = Int32(truncatingIfNeeded: child + 1)
                                missing -= 1
                                break
                            }
                        }
                        child = Int(tape[child + 1].next)
                    }
                }
            }
        }
    }
}
