/// Lexicon words a typing slip away: an unknown word of seven or more letters that is one
/// deletion, insertion, substitution or swap of neighbours from exactly one such word
/// ("transforminal", "epidrual", "dexamethazone", "flouroscopic") is read as that word. Only
/// words of the lexicons that name things lamina extracts (drugs, approaches, imaging,
/// procedures, views, devices, contrast) are targets, never general words, and only terms
/// written in lower case (generic names, not brands: "Celestone" is a slip from the name
/// "Celestine"); a short list of real English words one slip from a target ("contract" →
/// contrast) is left alone.
///
/// Symmetric deletion: each target is stored under the hash of itself and of each of its
/// one-letter deletions; a word looks up the same set of its own, and every candidate is
/// checked with a real distance test. No allocation per candidate.
public struct FuzzyIndex: Sendable {
    private var hashes: [UInt64]     // 0 = empty slot
    private var ids: [Int32]
    private var mask: Int
    public private(set) var count = 0

    public static let minLength = 7

    /// Real words one slip from a target word, never corrected.
    static let keep: Set<[UInt8]> = Set(["contract", "contracts", "contracted", "contracting", "infected", "literal",
                                         "protection", "injector", "obstruct", "deflection", "infection", "infections",
                                         "inflection", "projector", "direction", "detection"].map { Array($0.utf8) })

    public init(words: [(Int32, [UInt8])]) {
        var size = 64
        let entries = words.reduce(0) { $0 + $1.1.count + 1 }
        while size < entries * 2 { size <<= 1 }
        hashes = [UInt64](repeating: 0, count: size)
        ids = [Int32](repeating: -1, count: size)
        mask = size - 1
        for (id, w) in words where w.count >= FuzzyIndex.minLength {
            w.withUnsafeBufferPointer { p in
                for skip in -1..<p.count { insert(FuzzyIndex.hash(p, 0, p.count, skipping: skip), id) }
            }
            count += 1
        }
    }

    private mutating func insert(_ h: UInt64, _ id: Int32) {
        var k = Int(truncatingIfNeeded: h) & mask
        while hashes[k] != 0 {
            if hashes[k] == h && ids[k] == id { return }
            k = (k + 1) & mask
        }
        hashes[k] = h
        ids[k] = id
    }

    /// FNV-1a over `p[start..<end]` without the byte at `skipping` (-1: none); never 0.
    @inline(__always)
    static func hash(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, skipping: Int) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        var i = start
        while i < end {
            if i - start != skipping { h = (h ^ UInt64(p[i])) &* 0x100000001b3 }
            i += 1
        }
        return h | 1
    }

    /// The one target word `key` (folded, letters only) is a slip away from, or nil when
    /// there is none or more than one.
    public func lookup(_ key: [UInt8], vocabulary: WordTable) -> Int32? {
        guard count > 0, key.count >= FuzzyIndex.minLength, !FuzzyIndex.keep.contains(key) else { return nil }
        var found: Int32 = -1
        let ambiguous: Bool = key.withUnsafeBufferPointer { p in
            for skip in -1..<p.count {
                let h = FuzzyIndex.hash(p, 0, p.count, skipping: skip)
                var k = Int(truncatingIfNeeded: h) & mask
                while hashes[k] != 0 {
                    if hashes[k] == h, ids[k] != found, FuzzyIndex.oneSlip(p, vocabulary.key(ids[k])) {
                        if found >= 0 { return true }
                        found = ids[k]
                    }
                    k = (k + 1) & mask
                }
            }
            return false
        }
        return ambiguous || found < 0 ? nil : found
    }

    /// Whether `a` and `b` differ by one deletion, insertion, substitution or swap of
    /// neighbouring letters (and are not equal).
    static func oneSlip(_ a: UnsafeBufferPointer<UInt8>, _ b: ArraySlice<UInt8>) -> Bool {
        let b = Array(b)
        let n = a.count, m = b.count
        if abs(n - m) > 1 { return false }
        var i = 0
        while i < min(n, m) && a[i] == b[i] { i += 1 }
        if i == n && i == m { return false }
        if n == m {
            // Substitution at i, or a swap of i and i + 1.
            if a[(i + 1)..<n].elementsEqual(b[(i + 1)..<m]) { return true }
            return i + 1 < n && a[i] == b[i + 1] && a[i + 1] == b[i] && a[(i + 2)..<n].elementsEqual(b[(i + 2)..<m])
        }
        // One letter more on the longer side at i.
        return n > m ? a[(i + 1)..<n].elementsEqual(b[i..<m]) : a[i..<n].elementsEqual(b[(i + 1)..<m])
    }
}
