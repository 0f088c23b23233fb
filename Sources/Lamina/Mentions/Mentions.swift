/// A lexicon match: which entry, over which tokens and bytes.
public struct Mention: Sendable {
    public let entry: Int32
    public let category: Category
    /// Token range `[first, end)`.
    public let first: Int32
    public let end: Int32
    public let span: Span
    /// Context flags decided by the context stage (bit per `CueKind`).
    public var context: UInt16 = 0

    public func has(_ k: CueKind) -> Bool { context & Mention.bit(k) != 0 }
    static func bit(_ k: CueKind) -> UInt16 {
        switch k {
        case .negated: return 1
        case .possible: return 2
        case .historical: return 4
        case .hypothetical: return 8
        case .family: return 16
        case .incidental: return 32
        case .pseudo: return 64
        case .terminate: return 128
        case .post: return 256
        case .route: return 512
        }
    }
    /// Asserted: not negated, possible, hypothetical, historical or about someone else.
    public var asserted: Bool { context & (1 | 2 | 4 | 8 | 16) == 0 }
}

public enum MentionMatcher {
    /// Matches every lexicon term over the tokens. Within one category the longest match
    /// wins and matches do not overlap; different categories may overlap, so "caudal
    /// epidural steroid injection" is both a procedure and the caudal approach.
    public static func match(note: Note, tokens: [Token], lexicon: Lexicon, structure: Structure? = nil) -> [Mention] {
        /// A line break inside a sentence (a hard-wrapped line) does not stop a term: "physical\ntherapy".
        func joins(_ j: Int) -> Bool {
            guard let s = structure, j + 1 < tokens.count else { return false }
            return s.sentenceOf[j] == s.sentenceOf[j + 1]
        }
        var out: [Mention] = []
        out.reserveCapacity(tokens.count / 4)
        let ncat = Category.caseCount
        var blockedUntil = [Int](repeating: 0, count: ncat)
        var best = [Int32](repeating: -1, count: ncat)
        var bestEnd = [Int](repeating: 0, count: ncat)
        var touched: [Int] = []
        touched.reserveCapacity(ncat)
        let bytes = note.bytes
        let category = lexicon.entryCategory
        // A note typed all in lower case ("did 8 wks pt + hep") has no case to tell "PT"
        // from "pt": its case-exact terms match in any case.
        let caseless = MentionMatcher.lowerCaseNote(bytes)
        for i in 0..<tokens.count {
            let w0 = tokens[i].word
            if w0 < 0 { continue }
            var node: Int32 = 0
            var j = i
            while j < tokens.count {
                if tokens[j].kind == .newline {
                    if j > i && joins(j) { j += 1; continue }
                    break
                }
                let w = tokens[j].word
                if w < 0 { break }
                guard let next = lexicon.child(node, w) else { break }
                node = next
                j += 1
                for k in Int(lexicon.terminalStart[Int(node)])..<Int(lexicon.terminalStart[Int(node) + 1]) {
                    let e = lexicon.terminalEntries[k]
                    if lexicon.entryHasExact[Int(e)], let exact = lexicon.entries[Int(e)].exact {
                        let s = Int(tokens[i].start), t = Int(tokens[j - 1].end)
                        if !caseless && !exactMatch(bytes, s, t, exact) { continue }
                        // "TA 40mg" is a drug; "TA 5/5" in an exam is a muscle.
                        if lexicon.entries[Int(e)].dosed && !milligrams(bytes, tokens, j) { continue }
                    }
                    let c = category[Int(e)]
                    if best[c] < 0 { touched.append(c) }
                    best[c] = e
                    bestEnd[c] = j
                }
            }
            if touched.isEmpty { continue }
            touched.sort()
            for c in touched {
                let e = best[c]
                if i >= blockedUntil[c] {
                    let end = bestEnd[c]
                    out.append(Mention(entry: e, category: Category(rawValue: c)!, first: Int32(i), end: Int32(end),
                                       span: Span(Int(tokens[i].start), Int(tokens[end - 1].end))))
                    blockedUntil[c] = end
                }
                best[c] = -1
            }
            touched.removeAll(keepingCapacity: true)
        }
        return out
    }

    /// A number at token `k` with "mg" right after it, in the token ("40mg") or the next.
    static func milligrams(_ bytes: [UInt8], _ tokens: [Token], _ k: Int) -> Bool {
        guard k < tokens.count, tokens[k].kind == .number else { return false }
        func mg(_ s: Int, _ e: Int) -> Bool { e - s == 2 && bytes[s] | 0x20 == 0x6D && bytes[s + 1] | 0x20 == 0x67 }
        var i = Int(tokens[k].start)
        let end = Int(tokens[k].end)
        while i < end && (bytes[i] >= 0x30 && bytes[i] <= 0x39 || bytes[i] == 0x2E) { i += 1 }
        if i < end { return mg(i, end) }
        return k + 1 < tokens.count && tokens[k + 1].kind == .word && mg(Int(tokens[k + 1].start), Int(tokens[k + 1].end))
    }

    /// Case-sensitive comparison that ignores the spacing between tokens.
    /// At least 200 ASCII letters and under one in two hundred of them capitals.
    static func lowerCaseNote(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 200 else { return false }
        // Capitals past one in 200 of all the bytes settle it early (most notes: in a line).
        let most = bytes.count / 200
        var upper = 0, lower = 0
        for b in bytes {
            if b >= 0x61 && b <= 0x7A { lower += 1 } else if b >= 0x41 && b <= 0x5A { upper += 1; if upper > most { return false } }
        }
        return lower + upper >= 200 && upper * 200 < lower + upper
    }

    static func exactMatch(_ bytes: [UInt8], _ s: Int, _ t: Int, _ exact: [UInt8]) -> Bool {
        var a = s, b = 0
        while a < t && b < exact.count {
            if bytes[a] == 0x20 { a += 1; continue }
            if exact[b] == 0x20 { b += 1; continue }
            if bytes[a] != exact[b] { return false }
            a += 1; b += 1
        }
        return a == t && b == exact.count
    }
}
