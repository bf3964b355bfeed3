/// Where each open connection of a shard sits in its table's array, found by
/// the flow key's stable hash.
///
/// Swift's `Dictionary` hashed every packet's key again with SipHash and kept
/// keys and positions in arrays of their own, apart from the connections: on a
/// shard with tens of thousands of flows that was two more cache misses per
/// packet. Here a lookup reads 16-byte slots in one run (open addressing,
/// linear probing), and the key itself is compared on the connection, which
/// the packet is about to update anyway.
struct ConnectionIndex {
    private struct Slot {
        var hash: UInt64
        /// The connection's position in the table's array; -1 marks an empty slot.
        var position: Int32
        static let empty = Slot(hash: 0, position: -1)
    }

    private var slots: [Slot]
    /// log2 of `slots.count`.
    private var bits: Int
    private(set) var count = 0

    init() {
        bits = 6
        slots = Array(repeating: .empty, count: 1 << bits)
    }

    /// The position of the connection with this hash that `isMatch` accepts.
    func find(_ hash: UInt64, where isMatch: (Int) -> Bool) -> Int? {
        slots.withUnsafeBufferPointer { slots in
            var i = home(of: hash)
            while slots[i].position >= 0 {
                if slots[i].hash == hash && isMatch(Int(slots[i].position)) { return Int(slots[i].position) }
                i = (i + 1) & (slots.count - 1)
            }
            return nil
        }
    }

    mutating func insert(_ hash: UInt64, position: Int) {
        if (count + 1) * 2 > slots.count { grow() }
        place(Slot(hash: hash, position: Int32(truncatingIfNeeded: position)))
        count += 1
    }

    /// Forgets the entry of the connection at `position`.
    mutating func remove(_ hash: UInt64, position: Int) {
        guard var i = slot(of: hash, position: position) else { return }
        count -= 1
        // Backward shift: pull later members of the run into the gap when the
        // gap lies on their way from their home slot, so no run is broken.
        let mask = slots.count - 1
        var next = (i + 1) & mask
        while slots[next].position >= 0 {
            let home = home(of: slots[next].hash)
            if (next - home) & mask >= (next - i) & mask {
                slots[i] = slots[next]
                i = next
            }
            next = (next + 1) & mask
        }
        slots[i] = .empty
    }

    /// Records that the connection at `old` now sits at `new`.
    mutating func move(_ hash: UInt64, from old: Int, to new: Int) {
        guard let i = slot(of: hash, position: old) else { return }
        slots[i].position = Int32(truncatingIfNeeded: new)
    }

    mutating func removeAll() {
        for i in slots.indices { slots[i] = .empty }
        count = 0
    }

    /// Fibonacci hashing on the top bits: the shard was chosen by the same
    /// hash's remainder, so its low bits are alike across one shard's keys.
    private func home(of hash: UInt64) -> Int {
        Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - bits))
    }

    private func slot(of hash: UInt64, position: Int) -> Int? {
        var i = home(of: hash)
        while slots[i].position >= 0 {
            if slots[i].position == position { return i }
            i = (i + 1) & (slots.count - 1)
        }
        return nil
    }

    private mutating func place(_ slot: Slot) {
        var i = home(of: slot.hash)
        while slots[i].position >= 0 { i = (i + 1) & (slots.count - 1) }
        slots[i] = slot
    }

    private mutating func grow() {
        let old = slots
        bits += 1
        slots = Array(repeating: .empty, count: 1 << bits)
        for slot in old where slot.position >= 0 { place(slot) }
    }
}
