/// What a token is.
public enum TokenKind: UInt8, Sendable {
    case word, number, punct, newline
}

/// One token: a byte span of the note, its kind, and the id of its case-folded key in
/// the lexicon vocabulary (-1 when the key is not a lexicon word).
public struct Token: Sendable {
    public var start: Int32
    public var end: Int32
    public var kind: TokenKind
    /// First byte of the case-folded key (a normalized dash is `-`).
    public var first: UInt8
    public var word: Int32
    public var span: Span { Span(Int(start), Int(end)) }
}

/// Byte-level tokenizer. One pass over UTF-8; dashes of every kind are `-`, quotes are
/// `'`, non-breaking and other Unicode spaces are spaces; decimals (`0.25`) and ICD
/// codes (`M54.16`) stay one token.
public enum Tokenizer {
    /// Classification of the scalar starting at `i`: (length, class) where class is
    /// 0 space, 1 word, 2 dash, 3 quote, 4 other punct.
    @inline(__always)
    static func classify(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Int, UInt8) {
        let b = p[i]
        if b < 0x80 {
            switch b {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return (1, 1)
            case 0x20, 0x09, 0x0D, 0x0B, 0x0C, 0x00: return (1, 0)
            case 0x2D: return (1, 2)
            case 0x22, 0x27, 0x60: return (1, 3)
            default: return (1, 4)
            }
        }
        let n = p.count
        // Mojibake: UTF-8 punctuation read as Windows-1252 and saved again as UTF-8. "â€" then
        // the misread third byte: "â€“" (en dash), "â€”" (em dash), "â€™" / "â€˜" / "â€œ" / "â€\u{9D}"
        // (quotes), "â€¢" (bullet); "Â" before a Latin-1 character ("Â " is a no-break space).
        if b == 0xC3, i + 3 < n {
            if p[i + 1] == 0xA2, i + 7 < n, p[i + 2] == 0xE2, p[i + 3] == 0x82, p[i + 4] == 0xAC {
                let c = p[i + 5], d = p[i + 6], e = p[i + 7]
                if c == 0xE2 && d == 0x80 && (e == 0x9C || e == 0x9D) { return (8, 2) }
                if c == 0xE2 && d == 0x84 && e == 0xA2 { return (8, 3) }
                if (c == 0xCB && d == 0x9C) || (c == 0xC5 && d == 0x93) || (c == 0xC2 && d == 0x9D) { return (7, 3) }
                if c == 0xC2 { return (7, 4) }
            }
            if p[i + 1] == 0x82, p[i + 2] == 0xC2 { return (4, p[i + 3] == 0xA0 ? 0 : 4) }
        }
        if b & 0xE0 == 0xC0, i + 1 < n {
            if b == 0xC2 && p[i + 1] == 0xA0 { return (2, 0) }           // NBSP
            if b == 0xC2 && p[i + 1] == 0xB5 { return (2, 1) }           // micro sign
            if b == 0xC2 || (b == 0xC3 && (p[i + 1] == 0x97 || p[i + 1] == 0xB7)) { return (2, 4) } // Latin-1 symbols, ×, ÷
            return (2, 1)
        }
        if b & 0xF0 == 0xE0, i + 2 < n {
            let c = p[i + 1], d = p[i + 2]
            if b == 0xE2 && c == 0x80 {
                if d <= 0x8A || d == 0xAF || d == 0xA8 || d == 0xA9 { return (3, 0) } // spaces, separators
                if d >= 0x90 && d <= 0x95 { return (3, 2) }              // hyphens, dashes
                if d >= 0x98 && d <= 0x9F { return (3, 3) }              // smart quotes
                return (3, 4)                                             // bullets, ellipsis
            }
            if b == 0xE2 && c == 0x88 && d == 0x92 { return (3, 2) }     // minus sign
            if b == 0xE3 && c == 0x80 && d == 0x80 { return (3, 0) }     // ideographic space
            if b == 0xEF && c == 0xBB && d == 0xBF { return (3, 0) }     // BOM
            if b == 0xEF && c == 0xAC && d <= 0x86 { return (3, 1) }     // ligatures ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ
            if b == 0xE2 || b == 0xEF { return (3, 4) }                   // symbols, specials
            return (3, 1)
        }
        if b & 0xF8 == 0xF0, i + 3 < n { return (4, 4) }                  // emoji etc.
        return (1, 4)                                                     // invalid byte
    }

    /// Tokenizes `bytes`, resolving word ids with `vocabulary`.
    public static func tokenize(_ bytes: [UInt8], vocabulary: WordTable, fuzzy: FuzzyIndex? = nil) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(bytes.count / 4)
        var lines = 1
        bytes.withUnsafeBufferPointer { p in
            let n = p.count
            var i = 0
            while i < n {
                let b = p[i]
                if b == 0x0A {
                    lines += 1
                    tokens.append(Token(start: Int32(i), end: Int32(i + 1), kind: .newline, first: 0x0A, word: -1))
                    i += 1
                    continue
                }
                let (len, cls) = classify(p, i)
                switch cls {
                case 0:
                    i += len
                case 1:
                    let start = i
                    let startsWithDigit = b >= 0x30 && b <= 0x39
                    var digits = false, letters = 0, other = false
                    var h = WordTable.seed
                    // The key is the token's bytes with ASCII letters folded: hashed while
                    // scanning and compared against the source, never copied.
                    while i < n {
                        let c = p[i]
                        // ASCII letters and digits: the common case, no classification call.
                        if c >= 0x61 && c <= 0x7A { h = WordTable.step(h, c); letters += 1; i += 1; continue }
                        if c >= 0x30 && c <= 0x39 { h = WordTable.step(h, c); digits = true; i += 1; continue }
                        if c >= 0x41 && c <= 0x5A { h = WordTable.step(h, c | 0x20); letters += 1; i += 1; continue }
                        if c == 0x2E, i > start, i + 1 < n,
                           p[i - 1] >= 0x30, p[i - 1] <= 0x39, p[i + 1] >= 0x30, p[i + 1] <= 0x39 {
                            h = WordTable.step(h, c); other = true; i += 1; continue
                        }
                        if c < 0x80 { break }
                        let (l, k) = classify(p, i)
                        if k != 1 { break }
                        other = true
                        for j in 0..<l { h = WordTable.step(h, p[i + j]) }
                        i += l
                    }
                    var id = vocabulary.lookupFolded(p, start, i, hash: WordTable.finish(h))
                    var kind: TokenKind = startsWithDigit ? .number : .word
                    // An unknown word with a ligature or an OCR digit for a letter: its reading.
                    // The first byte of the key: folded, and a ligature's first letter.
                    var f = b >= 0x41 && b <= 0x5A ? b | 0x20 : (b == 0xEF && start + 2 < i && p[start + 1] == 0xAC && p[start + 2] <= 0x86 ? (p[start + 2] == 0x85 || p[start + 2] == 0x86 ? 0x73 : 0x66) : b)
                    if id < 0 && i - start >= 4 && !vocabulary.isEmpty
                        && (other || (digits && letters >= 3) || (b == 0x49 && p[start + 1] >= 0x61) || hasRN(p, start, i) || hasBritish(p, start, i)),
                       let alt = ocrReading(p, start, i, vocabulary) {
                        id = alt.id
                        f = alt.first
                        kind = .word
                    }
                    // A typing slip in a lexicon word of seven or more letters ("transforminal").
                    if id < 0, let fz = fuzzy, !digits, !other, letters >= FuzzyIndex.minLength, letters == i - start {
                        let found: Int32? = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: letters) { key in
                            for j in 0..<letters { let c = p[start + j]; key[j] = c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
                            return fz.lookup(UnsafeBufferPointer(key), vocabulary: vocabulary)
                        }
                        if let w = found {
                            id = w
                            f = vocabulary.key(w).first ?? f
                        }
                    }
                    tokens.append(Token(start: Int32(start), end: Int32(i), kind: kind, first: f, word: id))
                case 2:
                    tokens.append(Token(start: Int32(i), end: Int32(i + len), kind: .punct, first: 0x2D, word: vocabulary.dash))
                    i += len
                case 3:
                    tokens.append(Token(start: Int32(i), end: Int32(i + len), kind: .punct, first: 0x27, word: vocabulary.quote))
                    i += len
                default:
                    // Line separators left by an export: a lone "~" between two fields
                    // ("archived.~COMPLICATIONS:"; not "~6 weeks" or "~~struck~~").
                    if b == 0x7E, i > 0, i + 1 < n, p[i - 1] != 0x20, p[i - 1] != 0x7E, p[i + 1] != 0x7E,
                       (p[i + 1] >= 0x41 && p[i + 1] <= 0x5A) || p[i - 1] == 0x2E {
                        tokens.append(Token(start: Int32(i), end: Int32(i + 1), kind: .newline, first: 0x0A, word: -1))
                        i += 1
                        continue
                    }
                    // Markup left in an export: HTML tags and entities, RTF control words.
                    if b == 0x3C || b == 0x26 || b == 0x5C, let (mlen, mark) = markup(p, i) {
                        switch mark {
                        case .space: break
                        case .newline: tokens.append(Token(start: Int32(i), end: Int32(i + mlen), kind: .newline, first: 0x0A, word: -1))
                        case .dash: tokens.append(Token(start: Int32(i), end: Int32(i + mlen), kind: .punct, first: 0x2D, word: vocabulary.dash))
                        case .quote: tokens.append(Token(start: Int32(i), end: Int32(i + mlen), kind: .punct, first: 0x27, word: vocabulary.quote))
                        case .char(let c): tokens.append(Token(start: Int32(i), end: Int32(i + mlen), kind: .punct, first: c, word: vocabulary.singleByte[Int(c)]))
                        }
                        i += mlen
                        continue
                    }
                    let id = len == 1 ? vocabulary.singleByte[Int(b)] : -1
                    tokens.append(Token(start: Int32(i), end: Int32(i + len), kind: .punct, first: len == 1 ? b : 0, word: id))
                    i += len
                }
            }
        }
        spokenPunctuation(&tokens, bytes, vocabulary)
        // A note with almost no line breaks (lines of 250 bytes or more on average).
        if bytes.count >= 300 && bytes.count / lines >= 250 { flattenedHeaders(&tokens, bytes) }
        return tokens
    }

    /// A note whose line breaks an export removed ("... saved to PACS.COMPLICATIONS: None.
    /// DISPOSITION: ..."): a header in capitals right after a sentence's period opens a line,
    /// as it did before. Called only for notes with almost no line breaks, so ordinary notes
    /// are untouched.
    static func flattenedHeaders(_ tokens: inout [Token], _ bytes: [UInt8]) {
        func caps(_ t: Token) -> Bool {
            guard t.kind == .word, t.end - t.start >= 2 else { return false }
            for i in Int(t.start)..<Int(t.end) where !(bytes[i] >= 0x41 && bytes[i] <= 0x5A) { return false }
            return true
        }
        for c in tokens.indices where tokens[c].kind == .punct && tokens[c].first == 0x3A {
            var k = c - 1
            var words = 0
            while k >= 0, words < 5, caps(tokens[k]) || (words > 0 && tokens[k].kind == .punct && (tokens[k].first == 0x2F || tokens[k].first == 0x2D || tokens[k].first == 0x26)) {
                if tokens[k].kind == .word { words += 1 }
                k -= 1
            }
            guard words >= 1, k >= 0, k + 1 < c, tokens[k].kind == .punct, tokens[k].first == 0x2E else { continue }
            tokens[k] = Token(start: tokens[k].start, end: tokens[k].end, kind: .newline, first: 0x0A, word: -1)
        }
        // "Follow up in 2 weeks.Electronically signed by ...": a period glued to a capitalized
        // word that had opened the next line.
        for k in tokens.indices where k > 0 && k + 1 < tokens.count && tokens[k].kind == .punct && tokens[k].first == 0x2E {
            let a = tokens[k - 1], w = tokens[k + 1]
            guard a.end == tokens[k].start, w.start == tokens[k].end, w.kind == .word, w.end - w.start >= 4,
                  a.kind == .number || (a.kind == .word && a.end - a.start >= 2),
                  bytes[Int(w.start)] >= 0x41, bytes[Int(w.start)] <= 0x5A,
                  bytes[Int(w.start) + 1] >= 0x61, bytes[Int(w.start) + 1] <= 0x7A else { continue }
            tokens[k] = Token(start: tokens[k].start, end: tokens[k].end, kind: .newline, first: 0x0A, word: -1)
        }
    }

    /// Whether the word token `tok`, folded, is the lower-case literal `w`: its stored first
    /// byte (folded) first, then the rest of the bytes.
    @inline(__always)
    static func matches(_ tok: Token, _ bytes: [UInt8], _ w: StaticString) -> Bool {
        let n = w.utf8CodeUnitCount
        guard Int(tok.end - tok.start) == n, n > 0 else { return false }
        let p = w.utf8Start
        guard tok.first == p[0] else { return false }
        return bytes.withUnsafeBufferPointer { b in
            var i = Int(tok.start) + 1
            for j in 1..<n {
                let c = b[i]
                if (c >= 0x41 && c <= 0x5A ? c | 0x20 : c) != p[j] { return false }
                i += 1
            }
            return true
        }
    }

    /// Whether a punctuation token was spoken ("period", "colon"): its first byte is a letter.
    @inline(__always)
    static func isSpoken(_ t: Token, _ bytes: [UInt8]) -> Bool {
        t.kind == .punct && t.end - t.start > 1 && (bytes[Int(t.start)] | 0x20) >= 0x61 && (bytes[Int(t.start)] | 0x20) <= 0x7A
    }

    /// Words before "period" that make it the noun ("a period of", "the recovery period").
    /// Only words that cannot end a dictated sentence: "after the injection period pain nine
    /// out of ten" is two sentences.
    static let periodKeepers: [[UInt8]] = ["a", "an", "the", "this", "that", "each", "every", "observation", "recovery", "waiting",
                                           "monitoring", "washout", "trial", "refractory", "menstrual", "grace", "minute", "hour"].map { Array($0.utf8) }
    /// Words before or after "colon" that make it the organ ("the sigmoid colon", "colon cancer").
    static let colonBefore: [[UInt8]] = ["the", "a", "sigmoid", "transverse", "ascending", "descending", "of", "spastic",
                                         "irritable", "his", "her"].map { Array($0.utf8) }
    static let colonAfter: [[UInt8]] = ["cancer", "carcinoma", "resection", "polyp", "polyps", "mass", "wall"].map { Array($0.utf8) }

    /// Punctuation dictated and transcribed as words, in a note that does so more than once:
    /// "... for five months period MRI shows ...", "indication colon", "new paragraph". The
    /// words become the marks they stand for (a period ends a sentence, "new paragraph" a
    /// paragraph). "a period of rest", "the sigmoid colon" keep their words.
    static func spokenPunctuation(_ tokens: inout [Token], _ bytes: [UInt8], _ vocabulary: WordTable) {
        let n = tokens.count
        /// Whether token `k` is the word `w` (lower case ASCII), in any case.
        func isWord(_ k: Int, _ w: StaticString) -> Bool {
            k >= 0 && k < n && tokens[k].kind == .word && Tokenizer.matches(tokens[k], bytes, w)
        }
        func isAny(_ k: Int, _ ws: [[UInt8]]) -> Bool {
            guard k >= 0, k < n, tokens[k].kind == .word else { return false }
            let a = Int(tokens[k].start), len = Int(tokens[k].end) - a
            return ws.contains { w in
                w.count == len && w.indices.allSatisfy { j in let b = bytes[a + j]; return (b >= 0x41 && b <= 0x5A ? b | 0x20 : b) == w[j] }
            }
        }
        enum Mark { case period, fullStop, colon, comma, semicolon, paragraph, line }
        var marks: [(Int, Mark)] = []
        var score = 0
        for k in 0..<n where tokens[k].kind == .word {
            // Cheap tests on length and first letter before any comparison.
            let len = tokens[k].end - tokens[k].start
            let f = tokens[k].first
            guard (len == 6 && f == 0x70) || (len == 5 && f == 0x63) || (len == 3 && f == 0x6E) || (len == 4 && (f == 0x6E || f == 0x66)) || (len == 9 && f == 0x73) else { continue }
            let afterText = k > 0 && (tokens[k - 1].kind == .word || tokens[k - 1].kind == .number)
            if isWord(k, "period") {
                if afterText, !isWord(k + 1, "of"), !isAny(k - 1, periodKeepers) { marks.append((k, .period)); score += 1 }
            } else if isWord(k, "colon") {
                if afterText, !isAny(k - 1, colonBefore), !isAny(k + 1, colonAfter) { marks.append((k, .colon)); score += 1 }
            } else if isWord(k, "comma") {
                if afterText { marks.append((k, .comma)); score += 1 }
            } else if isWord(k, "semicolon") {
                if afterText { marks.append((k, .semicolon)) }
            } else if isWord(k, "new") || isWord(k, "next") {
                if isWord(k + 1, "paragraph") { marks.append((k, .paragraph)); score += 2 }
                else if isWord(k + 1, "line") && (k + 2 >= n || tokens[k + 2].kind != .punct) { marks.append((k, .line)); score += 2 }
            } else if isWord(k, "full") {
                if isWord(k + 1, "stop"), afterText { marks.append((k, .fullStop)); score += 1 }
            }
        }
        guard score >= 3 else { return }
        // "... forty degrees period plan colon we talked about ...": a header dictated right
        // after a sentence's end opens a line, as it would in a typed note.
        let periods = Set(marks.filter { $0.1 == .period }.map(\.0))
        var breaks = Set<Int>()
        for (k, mark) in marks where mark == .colon {
            var j = k - 1
            while j >= 0, j >= k - 5, tokens[j].kind == .word, !periods.contains(j) { j -= 1 }
            if j >= 0, j < k - 1, periods.contains(j) { breaks.insert(j) }
        }
        var drop = Set<Int>()
        for (k, mark) in marks {
            if breaks.contains(k) {
                tokens[k] = Token(start: tokens[k].start, end: tokens[k].end, kind: .newline, first: 0x0A, word: -1)
                continue
            }
            let t = tokens[k]
            func punct(_ c: UInt8, _ end: Int32) -> Token { Token(start: t.start, end: end, kind: .punct, first: c, word: vocabulary.singleByte[Int(c)]) }
            switch mark {
            case .period: tokens[k] = punct(0x2E, t.end)
            case .fullStop: tokens[k] = punct(0x2E, tokens[k + 1].end); drop.insert(k + 1)
            case .colon: tokens[k] = punct(0x3A, t.end)
            case .comma: tokens[k] = punct(0x2C, t.end)
            case .semicolon: tokens[k] = punct(0x3B, t.end)
            case .paragraph:
                // A blank line: two line breaks.
                tokens[k] = Token(start: t.start, end: t.end, kind: .newline, first: 0x0A, word: -1)
                let u = tokens[k + 1]
                tokens[k + 1] = Token(start: u.start, end: u.end, kind: .newline, first: 0x0A, word: -1)
            case .line:
                tokens[k] = Token(start: t.start, end: tokens[k + 1].end, kind: .newline, first: 0x0A, word: -1)
                drop.insert(k + 1)
            }
        }
        if !drop.isEmpty { tokens = tokens.enumerated().filter { !drop.contains($0.offset) }.map(\.element) }
    }

    /// What a piece of markup stands for in the text.
    enum Markup { case space, newline, dash, quote, char(UInt8) }

    /// HTML tags and entities and RTF control words at `i` (`<`, `&`, `\`): their length and
    /// what they stand for. Block tags and `\par` end a line; `&amp;`, `&lt;`, `&gt;` are
    /// their characters; `&nbsp;` and other tags are space. Nil when the bytes are not markup
    /// ("L<R", "pain < 5", "A & B" stay as written).
    static func markup(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Int, Markup)? {
        let n = p.count
        func letter(_ k: Int) -> Bool { k < n && ((p[k] | 0x20) >= 0x61 && (p[k] | 0x20) <= 0x7A) }
        func name(from k: Int) -> (String, Int) {
            var e = k
            while e < n, e - k < 12, letter(e) || (e > k && p[e] >= 0x30 && p[e] <= 0x39) { e += 1 }
            return (String(decoding: p[k..<e].map { $0 | 0x20 }, as: UTF8.self), e)
        }
        switch p[i] {
        case 0x3C:
            var k = i + 1
            let closing = k < n && p[k] == 0x2F
            if closing { k += 1 }
            guard letter(k) else { return nil }
            let (tag, e) = name(from: k)
            // Attributes up to '>' on the same line, at most 200 bytes.
            var j = e
            while j < n, j - i < 200, p[j] != 0x3E, p[j] != 0x3C, p[j] != 0x0A { j += 1 }
            guard j < n, p[j] == 0x3E, e == j || p[e] == 0x20 || p[e] == 0x2F else { return nil }
            guard htmlTags.contains(tag) else { return nil }
            // "<br>" ends a line unless the line ends right after it anyway.
            let lineEnds = j + 1 < n && (p[j + 1] == 0x0A || p[j + 1] == 0x0D)
            let breaks = (tag == "br" && !lineEnds) || (closing && htmlBlocks.contains(tag))
            return (j + 1 - i, breaks ? .newline : .space)
        case 0x26:
            var j = i + 1
            while j < n, j - i < 10, p[j] != 0x3B, letter(j) || p[j] == 0x23 || (p[j] >= 0x30 && p[j] <= 0x39) { j += 1 }
            guard j < n, p[j] == 0x3B, j > i + 1 else { return nil }
            let ent = String(decoding: p[(i + 1)..<j].map { $0 | 0x20 }, as: UTF8.self)
            let len = j + 1 - i
            switch ent {
            case "nbsp", "ensp", "emsp", "thinsp": return (len, .space)
            case "amp": return (len, .char(0x26))
            case "lt": return (len, .char(0x3C))
            case "gt": return (len, .char(0x3E))
            case "ndash", "mdash", "minus", "#8211", "#8212": return (len, .dash)
            case "quot", "apos", "#39", "rsquo", "lsquo", "ldquo", "rdquo", "#8217": return (len, .quote)
            default: return ent.first == "#" || ent.count >= 2 ? (len, .char(0x2A)) : nil
            }
        case 0x5C:
            guard letter(i + 1) else { return nil }
            // An escaped line break written out by an export ("saved.\nCOMPLICATIONS:"): "\n"
            // ends a line, "\r" and "\t" are space; not before a lower-case letter, where it
            // may be an RTF word.
            if i + 1 < n, p[i + 1] == 0x6E || p[i + 1] == 0x72 || p[i + 1] == 0x74, i + 2 >= n || !(p[i + 2] >= 0x61 && p[i + 2] <= 0x7A) {
                return (2, p[i + 1] == 0x6E ? .newline : .space)
            }
            var (word, e) = name(from: i + 1)
            while e < n, e - i < 16, (p[e] >= 0x30 && p[e] <= 0x39) || p[e] == 0x2D { e += 1 }
            word = word.filter { $0.isLetter }
            guard rtfWords.contains(word) || word.hasPrefix("f") || word.hasPrefix("rtf") else { return nil }
            if e < n, p[e] == 0x20 { e += 1 }   // the delimiting space belongs to the control word
            // "\par" ends a line unless the line ends right after it anyway.
            let lineEnds = e < n && (p[e] == 0x0A || p[e] == 0x0D)
            return (e - i, (word == "par" || word == "line") && !lineEnds ? .newline : .space)
        default:
            return nil
        }
    }

    static let htmlTags: Set<String> = ["p", "br", "b", "i", "u", "em", "strong", "div", "span", "li", "ul", "ol", "tr", "td", "th",
                                        "table", "tbody", "thead", "pre", "html", "body", "head", "font", "h1", "h2", "h3", "h4", "h5", "h6",
                                        "hr", "small", "sup", "sub", "center", "blockquote", "a", "title"]
    static let htmlBlocks: Set<String> = ["p", "div", "li", "tr", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "blockquote", "title"]
    static let rtfWords: Set<String> = ["par", "pard", "line", "tab", "rtf", "ansi", "ansicpg", "deff", "deflang", "fonttbl", "fnil", "fswiss",
                                        "froman", "fcharset", "colortbl", "red", "green", "blue", "viewkind", "uc", "b", "i", "ul", "ulnone",
                                        "fs", "cf", "lang", "nouicompat", "sa", "sb", "sl", "slmult", "qc", "ql", "qr", "li", "ri", "fi", "plain"]

    /// ASCII letters of the typographic ligatures U+FB00–FB06 (third UTF-8 byte 0x80–0x86).
    static let ligatures: [[UInt8]] = ["ff", "fi", "fl", "ffi", "ffl", "st", "st"].map { Array($0.utf8) }

    /// Appends `p[start..<end]` with ASCII capitals folded and ligatures spelled out.
    static func appendFolded(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ out: inout [UInt8]) {
        var i = start
        while i < end {
            let b = p[i]
            if b == 0xEF, i + 2 < end, p[i + 1] == 0xAC, p[i + 2] <= 0x86 {
                out.append(contentsOf: ligatures[Int(p[i + 2] - 0x80)]); i += 3; continue
            }
            out.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
            i += 1
        }
    }

    /// The word an unknown token stands for when scanning damaged it, or nil: ligatures
    /// spelled out ("ﬂuoroscopic"), then OCR's usual confusions in a word of three or more
    /// letters: 0 for o and 1 for l ("0mnipaque", "Kena1og", "Depo-Medro1"), a capital I
    /// for a first l ("Iidocaine"), rn for m ("Dexarnethasone"). Only a lexicon word is
    /// taken, so an unknown word stays unknown; the evidence keeps the bytes as written.
    static func ocrReading(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ vocabulary: WordTable) -> (id: Int32, first: UInt8)? {
        var key: [UInt8] = []
        key.reserveCapacity(end - start + 4)
        appendFolded(p, start, end, &key)
        var candidates: [[UInt8]] = [key]
        if let us = americanSpelling(key) { candidates.append(us) }
        let letters = key.filter { $0 >= 0x61 && $0 <= 0x7A }.count
        if letters >= 3 && !key.contains(0x2E) {
            let digitsRead = key.map { $0 == 0x30 ? 0x6F : $0 == 0x31 ? 0x6C : $0 }
            candidates.append(digitsRead)
            if digitsRead.first == 0x69 { var c = digitsRead; c[0] = 0x6C; candidates.append(c) }
            var m: [UInt8] = []
            var k = 0
            while k < digitsRead.count {
                if k + 1 < digitsRead.count, digitsRead[k] == 0x72, digitsRead[k + 1] == 0x6E { m.append(0x6D); k += 2 } else { m.append(digitsRead[k]); k += 1 }
            }
            if m.count != digitsRead.count { candidates.append(m) }
        }
        for c in candidates {
            let id = vocabulary.lookup(c)
            if id >= 0 { return (id, c[0]) }
        }
        return nil
    }

    /// The American spelling of a folded British one, or nil when there is none to make:
    /// "ae" and "oe" as "e" (anaesthetic, haematoma, paraesthesia, oedema), "-tre" as "-ter"
    /// (millilitre, centre), "-ise" forms as "-ize" (anaesthetised, immobilisation).
    static func americanSpelling(_ key: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(key.count)
        for c in key {
            // "ae"/"oe" → "e": the e replaces the vowel before it.
            if c == 0x65, let prev = out.last, prev == 0x61 || prev == 0x6F { out[out.count - 1] = 0x65 } else { out.append(c) }
        }
        func ends(_ s: String) -> Bool { out.count > s.utf8.count + 2 && out.suffix(s.utf8.count).elementsEqual(s.utf8) }
        func replaceEnd(_ a: String, _ b: String) { out.removeLast(a.utf8.count); out.append(contentsOf: b.utf8) }
        for (a, b) in americanEndings where ends(a) { replaceEnd(a, b); break }
        return out == key ? nil : out
    }

    static let americanEndings: [(String, String)] = [
        ("isation", "ization"), ("isations", "izations"), ("ising", "izing"), ("ised", "ized"), ("ises", "izes"),
        ("ise", "ize"), ("tres", "ters"), ("tre", "ter"),
    ]

    /// Whether a token may be a British spelling: "ae" or "oe" in it, or a "-tre" / "-is(e)"
    /// ending (`americanSpelling` decides).
    @inline(__always)
    static func hasBritish(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var k = start + 1
        while k < end {
            let c = p[k] | 0x20, a = p[k - 1] | 0x20
            if c == 0x65 && (a == 0x61 || a == 0x6F) { return true }
            k += 1
        }
        func ends(_ x: StaticString) -> Bool {
            let n = x.utf8CodeUnitCount
            guard end - start > n + 1 else { return false }
            let u = x.utf8Start
            for j in 0..<n where p[end - n + j] | 0x20 != u[j] { return false }
            return true
        }
        return ends("tre") || ends("tres") || ends("ise") || ends("ised") || ends("ises") || ends("ising") || ends("isation") || ends("isations")
    }

    /// Whether `p[start..<end]` has "rn" (either case), OCR's misreading of "m".
    @inline(__always)
    static func hasRN(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var k = start + 1
        while k < end {
            if p[k] | 0x20 == 0x6E && p[k - 1] | 0x20 == 0x72 { return true }
            k += 1
        }
        return false
    }

    static let emptyVocabulary = WordTable(words: [])

    /// Case-folded keys of a lexicon term, tokenized exactly as notes are.
    public static func keys(of term: String) -> [[UInt8]] {
        var out: [[UInt8]] = []
        forEachKey(of: term) { out.append(Array($0)) }
        return out
    }

    /// Calls `body` with each key of a term, in order, as `keys(of:)` gives them, without
    /// building an array per key (the loader keys about 3,800 terms at every start).
    static func forEachKey(of term: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        // Most terms are plain words ("epidural steroid injection", "trans-foraminal",
        // "h/o", "complications:"): their keys are the words folded and each punctuation mark
        // on its own, without running the tokenizer. Anything else (digits, other bytes)
        // takes the tokenizer's path; a test checks both agree on every built-in term.
        @inline(__always) func isLetter(_ b: UInt8) -> Bool { (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) }
        @inline(__always) func isMark(_ b: UInt8) -> Bool {
            switch b { case 0x2D, 0x27, 0x2F, 0x2E, 0x2C, 0x3A, 0x3B, 0x3F, 0x28, 0x29: return true; default: return false }
        }
        var term = term
        let plain: Bool = term.withUTF8 { p in p.allSatisfy { isLetter($0) || $0 == 0x20 || isMark($0) } }
        guard plain else {
            for k in tokenizedKeys(of: term) { k.withUnsafeBufferPointer(body) }
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, term.utf8.count)) { buf in
            term.withUTF8 { p in
                var s = 0
                for i in 0...p.count where i == p.count || !isLetter(p[i]) {
                    if i > s {
                        for j in s..<i { buf[j - s] = p[j] | 0x20 }
                        body(UnsafeBufferPointer(rebasing: buf[0..<(i - s)]))
                    }
                    if i < p.count && p[i] != 0x20 {
                        buf[0] = p[i]
                        body(UnsafeBufferPointer(rebasing: buf[0..<1]))
                    }
                    s = i + 1
                }
            }
        }
    }

    /// The keys of a term as the tokenizer reads it.
    static func tokenizedKeys(of term: String) -> [[UInt8]] {
        let bytes = Array(term.utf8)
        let tokens = tokenize(bytes, vocabulary: emptyVocabulary)
        var out: [[UInt8]] = []
        out.reserveCapacity(tokens.count)
        for t in tokens where t.kind != .newline { out.append(Sectionizer.lexiconKey(t, bytes)) }
        return out
    }
}
