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
/// one-letter deletions (polynomial hashes, all of a word's in one pass); a word looks up the
/// same set of its own, and every candidate is checked with a real distance test.
public struct FuzzyIndex: Sendable {
    private var hashes: [UInt64]     // 0 = empty slot
    private var ids: [Int32]
    /// One bit per stored hash (64 Kbit, in L1): most words' hashes miss here and never
    /// touch the table.
    private var filter = [UInt64](repeating: 0, count: 1024)
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
        for (id, w) in words where w.count >= FuzzyIndex.minLength && w.count <= FuzzyIndex.maxLength {
            w.withUnsafeBufferPointer { p in
                FuzzyIndex.hashes(p) { insert($0, id) }
            }
            count += 1
        }
    }

    @inline(__always)
    static func bit(_ h: UInt64) -> (Int, UInt64) { let b = Int(truncatingIfNeeded: h >> 40) & 0xFFFF; return (b >> 6, 1 << UInt64(b & 63)) }

    private mutating func insert(_ h: UInt64, _ id: Int32) {
        let (w, m) = FuzzyIndex.bit(h)
        filter[w] |= m
        var k = Int(truncatingIfNeeded: h) & mask
        while hashes[k] != 0 {
            if hashes[k] == h && ids[k] == id { return }
            k = (k + 1) & mask
        }
        hashes[k] = h
        ids[k] = id
    }

    public static let maxLength = 40
    static let base: UInt64 = 0x100000001b3
    /// base^k for k < maxLength.
    static let powers: [UInt64] = {
        var out = [UInt64](repeating: 1, count: maxLength + 1)
        for k in 1...maxLength { out[k] = out[k - 1] &* base }
        return out
    }()

    /// The polynomial hashes (Σ b[j]·base^(n-1-j), never 0) of `p` and of each of its
    /// one-letter deletions, in O(n): prefix and suffix sums.
    @inline(__always)
    static func hashes(_ p: UnsafeBufferPointer<UInt8>, _ body: (UInt64) -> Void) {
        let n = p.count
        powers.withUnsafeBufferPointer { pw in
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: n + 1) { suffix in
                // suffix[i] = Σ_{j>=i} p[j]·base^(n-1-j)
                suffix[n] = 0
                var j = n - 1
                while j >= 0 { suffix[j] = suffix[j + 1] &+ UInt64(p[j]) &* pw[n - 1 - j]; j -= 1 }
                body(suffix[0] | 1)
                // Without p[i]: prefix(i)·base^(n-1-i) + suffix[i + 1], where prefix(i) = Σ_{j<i} p[j]·base^(i-1-j).
                var prefix: UInt64 = 0
                for i in 0..<n {
                    body((prefix &* pw[n - 1 - i] &+ suffix[i + 1]) | 1)
                    prefix = prefix &* base &+ UInt64(p[i])
                }
            }
        }
    }

    /// The one target word `key` (folded, letters only) is a slip away from, or nil when
    /// there is none or more than one.
    public func lookup(_ key: [UInt8], vocabulary: WordTable) -> Int32? {
        key.withUnsafeBufferPointer { lookup($0, vocabulary: vocabulary) }
    }

    /// `lookup` of folded letters in place.
    public func lookup(_ p: UnsafeBufferPointer<UInt8>, vocabulary: WordTable) -> Int32? {
        guard count > 0, p.count >= FuzzyIndex.minLength, p.count <= FuzzyIndex.maxLength else { return nil }
        var found: Int32 = -1
        var ambiguous = false
        do {
            FuzzyIndex.hashes(p) { h in
                guard !ambiguous else { return }
                let (w, m) = FuzzyIndex.bit(h)
                guard filter[w] & m != 0 else { return }
                var k = Int(truncatingIfNeeded: h) & mask
                while hashes[k] != 0 {
                    if hashes[k] == h, ids[k] != found, FuzzyIndex.oneSlip(p, vocabulary.key(ids[k])) {
                        if found >= 0 { ambiguous = true; return }
                        found = ids[k]
                    }
                    k = (k + 1) & mask
                }
            }
        }
        guard !ambiguous, found >= 0, !FuzzyIndex.keep.contains(Array(p)) else { return nil }
        return found
    }

    /// Whether `a` and `b` differ by one deletion, insertion, substitution or swap of
    /// neighbouring letters (and are not equal).
    static func oneSlip(_ a: UnsafeBufferPointer<UInt8>, _ b: ArraySlice<UInt8>) -> Bool {
        let n = a.count, m = b.count, o = b.startIndex
        if abs(n - m) > 1 { return false }
        var i = 0
        while i < min(n, m) && a[i] == b[o + i] { i += 1 }
        if i == n && i == m { return false }
        func same(_ ai: Int, _ bi: Int) -> Bool {
            var x = ai, y = bi
            while x < n && y < m { if a[x] != b[o + y] { return false }; x += 1; y += 1 }
            return x == n && y == m
        }
        if n == m {
            // Substitution at i, or a swap of i and i + 1.
            if same(i + 1, i + 1) { return true }
            return i + 1 < n && a[i] == b[o + i + 1] && a[i + 1] == b[o + i] && same(i + 2, i + 2)
        }
        // One letter more on the longer side at i.
        return n > m ? same(i + 1, i) : same(i, i + 1)
    }
}
