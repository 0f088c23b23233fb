/// Everything the stages before Facts produced for one note, with the lookups the
/// extractors share.
/// Memo of `Document.quantities(in:)`; a document belongs to one thread at a time.
/// Also the memo of `Document.live(_:)` per category.
final class QuantityCache: @unchecked Sendable {
    /// Memoized ranges chained by their first token (a note asks for a few dozen ranges, so
    /// no hashing): `head[first]` is the newest entry starting there, or -1.
    private var head: [Int32] = []
    private var entries: [(upper: Int, next: Int32, q: [Quantity])] = []
    func get(_ r: Range<Int>) -> [Quantity]? {
        guard r.lowerBound < head.count else { return nil }
        var i = head[r.lowerBound]
        while i >= 0 {
            let e = entries[Int(i)]
            if e.upper == r.upperBound { return e.q }
            i = e.next
        }
        return nil
    }
    func put(_ r: Range<Int>, _ q: [Quantity]) {
        if r.lowerBound >= head.count { head.append(contentsOf: repeatElement(-1, count: r.lowerBound + 1 - head.count)) }
        entries.append((r.upperBound, head[r.lowerBound], q))
        head[r.lowerBound] = Int32(entries.count - 1)
    }
    var live = [[Mention]?](repeating: nil, count: Category.caseCount)
}

/// Mentions by first token, as a flat array (no hashing on the hot path).
struct TokenIndex: Sendable {
    private var slots: [Mention?]
    init(count: Int) { slots = [Mention?](repeating: nil, count: count + 1) }
    mutating func set(_ t: Int, _ m: Mention) { slots[t] = m }
    subscript(_ t: Int) -> Mention? { t >= 0 && t < slots.count ? slots[t] : nil }
}

public final class Document: Sendable {
    public let note: Note
    public let tokens: [Token]
    public let structure: Structure
    public let mentions: [Mention]
    public let lexicon: Lexicon
    public let context: ContextIndex
    /// Mentions by category (in token order), built once: extractors never scan every
    /// mention per token, so a 10 MB note stays linear.
    let byCategory: [[Mention]]
    /// Unit and number-word mentions by their first token.
    let unitAt: TokenIndex
    let numberAt: TokenIndex
    /// Quantities by token range, filled on first use. One document is read by one thread.
    let quantityCache = QuantityCache()

    public init(note: Note, tokens: [Token], structure: Structure, mentions: [Mention], lexicon: Lexicon, context: ContextIndex) {
        self.note = note
        self.tokens = tokens
        self.structure = structure
        self.mentions = mentions
        self.lexicon = lexicon
        self.context = context
        var cat = [[Mention]](repeating: [], count: Category.caseCount)
        var sizes = [Int](repeating: 0, count: Category.caseCount)
        for m in mentions { sizes[m.category.rawValue] += 1 }
        for i in cat.indices where sizes[i] > 0 { cat[i].reserveCapacity(sizes[i]) }
        var units = TokenIndex(count: tokens.count), numbers = TokenIndex(count: tokens.count)
        for m in mentions {
            cat[m.category.rawValue].append(m)
            if m.category == .unit { units.set(Int(m.first), m) }
            if m.category == .number { numbers.set(Int(m.first), m) }
        }
        for i in cat.indices where !zip(cat[i], cat[i].dropFirst()).allSatisfy({ $0.first <= $1.first }) {
            cat[i].sort { $0.first < $1.first }
        }
        byCategory = cat
        unitAt = units
        numberAt = numbers
    }

    /// Mentions of `c` in sentence `s` (a binary search in the category's token order).
    public func inSentence(_ c: Category, _ s: Int32) -> [Mention] {
        let r = structure.sentences[Int(s)]
        let xs = byCategory[c.rawValue]
        var lo = 0, hi = xs.count
        while lo < hi { let mid = (lo + hi) / 2; if Int(xs[mid].first) < r.lowerBound { lo = mid + 1 } else { hi = mid } }
        var end = lo
        while end < xs.count && Int(xs[end].first) < r.upperBound { end += 1 }
        return lo == end ? [] : Array(xs[lo..<end])
    }

    /// Context flags of a token range (for facts that are not lexicon mentions: levels, numbers).
    public func asserted(_ first: Int, _ end: Int) -> Bool { context.flags(first: first, end: end) & (1 | 2 | 4 | 8 | 16) == 0 }
    public func flags(_ first: Int, _ end: Int) -> UInt16 { context.flags(first: first, end: end) }

    public func entry(_ m: Mention) -> LexEntry { lexicon.entries[Int(m.entry)] }
    public func section(ofToken t: Int) -> Section { structure.sections[Int(structure.sectionOf[t])] }
    public func section(_ m: Mention) -> SectionKind { section(ofToken: Int(m.first)).kind }
    public func sentence(_ m: Mention) -> Int { Int(structure.sentenceOf[Int(m.first)]) }
    public func mentions(_ c: Category) -> [Mention] { byCategory[c.rawValue] }

    /// Case-folded key bytes of token `t`.
    public func key(_ t: Int) -> [UInt8] { Sectionizer.lexiconKey(tokens[t], note.bytes) }
    public func keyString(_ t: Int) -> String { String(decoding: key(t), as: UTF8.self) }
    /// Whether token `t`, folded, is the lower-case word `w` (a literal: no String is made).
    @inline(__always)
    public func isWord(_ t: Int, _ w: StaticString) -> Bool {
        guard t >= 0 && t < tokens.count else { return false }
        let tok = tokens[t]
        // A dash or quote token's key is its normalized byte, whatever it was written as.
        if tok.kind == .punct && (tok.first == 0x2D || tok.first == 0x27) {
            return w.utf8CodeUnitCount == 1 && w.utf8Start[0] == tok.first && tok.end - tok.start == 1
        }
        return Tokenizer.matches(tok, note.bytes, w)
    }

    public func isWord(_ t: Int, string w: String) -> Bool {
        guard t >= 0 && t < tokens.count else { return false }
        let tok = tokens[t]
        let u = w.utf8
        guard tok.end - tok.start == Int32(u.count) else { return false }
        // A dash or quote token's key is its normalized byte.
        if tok.kind == .punct && (tok.first == 0x2D || tok.first == 0x27) { return u.count == 1 && u.first == tok.first }
        var i = Int(tok.start)
        for c in u {
            let b = note.bytes[i]
            if (b >= 0x41 && b <= 0x5A ? b | 0x20 : b) != c { return false }
            i += 1
        }
        return true
    }
    /// Raw bytes of token `t`.
    public func raw(_ t: Int) -> ArraySlice<UInt8> { note.bytes[Int(tokens[t].start)..<Int(tokens[t].end)] }

    /// Sections whose text describes the procedure performed.
    public static let procedureSections: SectionKinds = [.none, .title, .technique, .findings, .injectate, .guidance, .level,
                                                            .device, .contrast, .other, .anesthesia]
    public func inProcedure(_ m: Mention) -> Bool { Document.procedureSections.contains(section(m)) }
    public func inBody(_ m: Mention) -> Bool { section(m) != .title && inProcedure(m) }

    /// Mentions of a category in the same sentence as token `t`.
    public func sameSentence(_ c: Category, _ t: Int) -> [Mention] { inSentence(c, structure.sentenceOf[t]) }

    /// Whether the key of token `t` is one of `words` (a dash or quote token's key is its
    /// normalized byte).
    public func keyIn(_ t: Int, _ words: WordSet) -> Bool {
        let tok = tokens[t]
        if tok.kind == .punct && (tok.first == 0x2D || tok.first == 0x27) { return words.containsByte(tok.first) }
        return words.contains(note.bytes, Int(tok.start), Int(tok.end))
    }

    /// Whether any word token of the sentence holding `t` has one of `words` as key.
    public func sentenceHas(_ t: Int, _ words: WordSet) -> Bool {
        let r = structure.sentences[Int(structure.sentenceOf[t])]
        for i in r where tokens[i].kind == .word {
            if words.contains(note.bytes, Int(tokens[i].start), Int(tokens[i].end)) { return true }
        }
        return false
    }
}

/// A fixed set of lower-case words, tested against a token's bytes (ASCII capitals
/// folded) without building a string.
public struct WordSet: Sendable, ExpressibleByArrayLiteral {
    private let words: [[UInt8]]
    private let lengths: UInt64
    public init(_ xs: [String]) {
        words = xs.map { Array($0.utf8) }
        var l: UInt64 = 0
        for w in words where w.count < 64 { l |= 1 << UInt64(w.count) }
        lengths = l
    }
    public init(arrayLiteral xs: String...) { self.init(xs) }

    /// Whether the one-byte word `b` is in the set.
    public func containsByte(_ b: UInt8) -> Bool { words.contains { $0.count == 1 && $0[0] == b } }

    /// Whether `bytes[start..<end]`, folded, is one of the words.
    public func contains(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Bool {
        let n = end - start
        guard n < 64, lengths & (1 << UInt64(n)) != 0 else { return false }
        for w in words where w.count == n {
            var j = 0
            while j < n {
                let b = bytes[start + j]
                if (b >= 0x41 && b <= 0x5A ? b | 0x20 : b) != w[j] { break }
                j += 1
            }
            if j == n { return true }
        }
        return false
    }
}
