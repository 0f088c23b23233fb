/// An immutable open-addressing hash table from case-folded token keys to word ids,
/// built once from the lexicons and shared by every thread.
public struct WordTable: Sendable {
    private var slots: [Int32]          // word id + 1, 0 = empty
    private var offsets: [Int32]        // start of each word in `storage`
    private var storage: [UInt8]
    private var mask: Int
    public private(set) var count: Int = 0
    /// Whether the table holds no words besides the dash and the quote.
    public var isEmpty: Bool { count <= 2 }
    /// Ids of the normalized dash and quote keys.
    public private(set) var dash: Int32 = -1
    public private(set) var quote: Int32 = -1
    /// Ids of one-byte keys, by byte (-1 when absent): punctuation needs no hashing.
    public private(set) var singleByte: [Int32] = []

    public init(words: [[UInt8]]) {
        self.init(capacity: words.count)
        for w in words where !w.isEmpty { _ = intern(w) }
        finish()
    }

    /// An empty table to `intern` words into, then `finish`.
    init(capacity: Int) {
        var size = 16
        while size < (capacity + 2) * 2 { size <<= 1 }
        slots = Array(repeating: 0, count: size)
        mask = size - 1
        offsets = [0]
        storage = []
        storage.reserveCapacity(capacity * 6)
    }

    /// Adds the dash and the quote and the one-byte index (after the last `intern`).
    mutating func finish() {
        dash = intern([0x2D])
        quote = intern([0x27])
        count = offsets.count - 1
        singleByte = (0..<256).map { lookup([UInt8($0)]) }
    }

    /// Adds a key if new, growing the table as needed; returns its id.
    mutating func intern<C: Collection>(_ w: C) -> Int32 where C.Element == UInt8 {
        let hash = WordTable.hash(w)
        var h = hash & mask
        let len = w.count
        while true {
            let s = slots[h]
            if s == 0 { break }
            let a = Int(offsets[Int(s - 1)]), b = Int(offsets[Int(s)])
            if b - a == len && storage[a..<b].elementsEqual(w) { return s - 1 }
            h = (h + 1) & mask
        }
        let id = Int32(offsets.count - 1)
        storage.append(contentsOf: w)
        offsets.append(Int32(storage.count))
        if (offsets.count + 1) * 2 > slots.count {
            // Grow: re-place every word in a table twice the size.
            slots = Array(repeating: 0, count: slots.count * 2)
            mask = slots.count - 1
            for i in 0..<(offsets.count - 1) {
                var g = WordTable.hash(storage[Int(offsets[i])..<Int(offsets[i + 1])]) & mask
                while slots[g] != 0 { g = (g + 1) & mask }
                slots[g] = Int32(i + 1)
            }
        } else {
            slots[h] = id + 1
        }
        return id
    }

    @inline(__always)
    static func hash<C: Collection>(_ key: C) -> Int where C.Element == UInt8 {
        var h: UInt64 = 0xcbf29ce484222325
        for b in key { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    /// The FNV-1a state after `h` takes byte `b` (callers hash while they scan).
    @inline(__always)
    static func step(_ h: UInt64, _ b: UInt8) -> UInt64 { (h ^ UInt64(b)) &* 0x100000001b3 }
    static let seed: UInt64 = 0xcbf29ce484222325
    @inline(__always)
    static func finish(_ h: UInt64) -> Int { Int(truncatingIfNeeded: h ^ (h >> 29)) }

    /// The id of `key` whose hash the caller computed with `step`/`finish`, or -1.
    @inline(__always)
    public func lookup(_ key: [UInt8], hash: Int) -> Int32 {
        var h = hash & mask
        while true {
            let s = slots[h]
            if s == 0 { return -1 }
            let id = Int(s - 1)
            let a = Int(offsets[id]), b = Int(offsets[id + 1])
            if b - a == key.count {
                var same = true
                var j = a
                for k in key { if storage[j] != k { same = false; break }; j += 1 }
                if same { return s - 1 }
            }
            h = (h + 1) & mask
        }
    }

    /// The id of the key made of `p[start..<end]` with ASCII capitals folded, whose hash
    /// the caller computed over the folded bytes, or -1.
    @inline(__always)
    public func lookupFolded(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, hash: Int) -> Int32 {
        let len = end - start
        return slots.withUnsafeBufferPointer { sl in
            offsets.withUnsafeBufferPointer { off in
                storage.withUnsafeBufferPointer { st in
                    var h = hash & mask
                    while true {
                        let s = sl[h]
                        if s == 0 { return -1 }
                        let id = Int(s - 1)
                        let a = Int(off[id])
                        if Int(off[id + 1]) - a == len {
                            var j = 0
                            while j < len {
                                let c = p[start + j]
                                if st[a + j] != (c >= 0x41 && c <= 0x5A ? c | 0x20 : c) { break }
                                j += 1
                            }
                            if j == len { return s - 1 }
                        }
                        h = (h + 1) & mask
                    }
                }
            }
        }
    }

    /// The id of `key`, or -1.
    @inline(__always)
    public func lookup<C: Collection>(_ key: C) -> Int32 where C.Element == UInt8 {
        lookup(Array(key), hash: WordTable.hash(key))
    }

    /// The key bytes of a word id.
    public func key(_ id: Int32) -> ArraySlice<UInt8> {
        storage[Int(offsets[Int(id)])..<Int(offsets[Int(id) + 1])]
    }
}
