import Foundation

/// ConText (Harkema et al., 2009) over each sentence: cues from `context.tsv` mark the
/// mentions in their scope negated, possible, historical, hypothetical or about family;
/// `incidental` marks anatomy named for another reason; `post` marks post-procedure
/// statements; terminators and sentence ends stop a scope; sections add their default.
public struct ContextIndex: Sendable {
    struct Cue: Sendable {
        let kind: CueKind; let dir: CueDirection; let first: Int; let end: Int; let scope: Int
        /// A forward negation that denies a list of complications ("no complications,
        /// tolerated well") stops where the list does: targets from here on are not denied.
        var closeAt = Int.max
        /// A date's cue ("... hives after IV contrast for an abdominal CT in 2021"): the date
        /// dates the clauses before it in its sentence, past a "which" or an "after".
        var dated = false
        /// Whether the cue reaches forward to a target starting at token `t`.
        func reaches(_ t: Int) -> Bool { t < closeAt }
    }
    /// Cues by sentence index (empty for a sentence without cues).
    private let cuesBySentence: [[Cue]]
    private let tokens: [Token]
    private let bytes: [UInt8]
    private let structure: Structure
    /// Tokens a template checkbox leaves unticked ("[ ] Oblique", "Images saved: [ ] Y [x] N").
    /// What a template says of each token: `asserted`, or `denied`, `unanswered`, `unchosen`.
    private let unticked: [UInt8]

    /// Token states of `unticked`. Denied: a field answered no, withdrawn text ("[deleted:
    /// ...]"). Unanswered: a template's placeholder or unmade choice ("Complications: ***",
    /// "{Yes/No}"). Unchosen: a choice in an unticked box ("[ ] Omnipaque 240"), which is not
    /// a statement that it was withheld.
    static let asserted: UInt8 = 0, denied: UInt8 = 1, unanswered: UInt8 = 2, unchosen: UInt8 = 3

    public init(mentions: [Mention], tokens: [Token], structure: Structure, lexicon: Lexicon, bytes: [UInt8] = []) {
        var unticked = ContextIndex.checkboxes(tokens, bytes)
        if !bytes.isEmpty {
            for (t, state) in ContextIndex.deniedFields(tokens, bytes).enumerated() where state != ContextIndex.asserted && unticked[t] == ContextIndex.asserted { unticked[t] = state }
        }
        var by = [[Cue]](repeating: [], count: structure.sentences.count)
        // A cue in an unticked box ("[ ] Not saved") says nothing.
        for (i, m) in mentions.enumerated() where m.category == .context && unticked[Int(m.first)] == ContextIndex.asserted {
            guard let (kind, dir, scope) = lexicon.entries[Int(m.entry)].cue, kind != .pseudo else { continue }
            let s = Int(structure.sentenceOf[Int(m.first)])
            if s >= by.count { by.append(contentsOf: repeatElement([], count: s + 1 - by.count)) }
            var cue = Cue(kind: kind, dir: dir, first: Int(m.first), end: Int(m.end), scope: scope)
            if kind == .negated && dir != .backward {
                cue.closeAt = ContextIndex.complicationListEnd(after: i, mentions, tokens, structure, lexicon) ?? Int.max
            }
            by[s].append(cue)
        }
        if !bytes.isEmpty { ContextIndex.pastYears(tokens, bytes, structure, &by) }
        cuesBySentence = by
        self.tokens = tokens
        self.bytes = bytes
        self.structure = structure
        self.unticked = unticked
        // Amounts ("2 mL", "two cc", "80 mg") start a new statement in run-on dictation: a
        // denial before one does not reach past it ("negative for blood and CSF two cc of
        // Omnipaque showed ...").
        var amounts: [Int] = []
        var numberStart = [Int32](repeating: -1, count: tokens.count + 1)
        for m in mentions where m.category == .number { numberStart[Int(m.end)] = m.first }
        for m in mentions where m.category == .unit {
            let u = Int(m.first)
            guard u > 0, ContextIndex.amountUnits.contains(lexicon.entries[Int(m.entry)].value) else { continue }
            if tokens[u - 1].kind == .number { amounts.append(u - 1) }
            else if numberStart[u] >= 0 { amounts.append(Int(numberStart[u])) }
        }
        self.amounts = amounts.sorted()
    }

    static let amountUnits: Set<String> = ["ml", "mg", "mcg", "g"]
    /// First tokens of amounts, in order.
    private let amounts: [Int]

    /// Whether an amount starts in `(a, b)`.
    func amountBetween(_ a: Int, _ b: Int) -> Bool {
        var lo = 0, hi = amounts.count
        while lo < hi { let m = (lo + hi) / 2; if amounts[m] <= a { lo = m + 1 } else { hi = m } }
        return lo < amounts.count && amounts[lo] < b
    }

    /// Unpunctuated or comma-spliced dictation runs the next statement on after a denial of
    /// complications: "no complications tolerated well images saved". When the first thing a
    /// negation names is a complication, its scope is that list of complications (joined by
    /// commas, slashes, "or", "and", "nor" or nothing) and ends after it. Returns the token
    /// where the list ends, or nil when the negation does not start with a complication.
    static func complicationListEnd(after cue: Int, _ mentions: [Mention], _ tokens: [Token], _ structure: Structure, _ lexicon: Lexicon) -> Int? {
        let c = mentions[cue]
        let sentence = structure.sentenceOf[Int(c.first)]
        // Complication mentions (first token, end) in this sentence after the cue: a few at most.
        var spans: [(Int, Int)] = []
        var others: [Int] = []
        var j = cue + 1
        while j < mentions.count {
            let m = mentions[j]
            j += 1
            if structure.sentenceOf[Int(m.first)] != sentence { if m.first >= c.end { break } else { continue } }
            if m.first < c.end || m.category == .context { continue }
            if m.category == .complication { spans.append((Int(m.first), Int(m.end))) }
            else { others.append(Int(m.first)) }
        }
        // A word of another lexicon inside a complication ("pain" in "pain on injection") is
        // part of it, not something else named.
        let firstOther = others.filter { o in !spans.contains { o >= $0.0 && o < $0.1 } }.min() ?? Int.max
        if spans.isEmpty { return nil }
        /// The end of the longest complication starting at token `t`.
        func endAt(_ t: Int) -> Int? {
            var e: Int?
            for (f, x) in spans where f == t { e = max(e ?? 0, x) }
            return e
        }
        // The denial must name a complication first, within two words of the cue.
        var t = Int(c.end)
        var words = 0
        while t < tokens.count, endAt(t) == nil, words < 2, tokens[t].kind == .word, t < firstOther {
            t += 1; words += 1
        }
        guard let firstEnd = endAt(t), t < firstOther else { return nil }
        t = firstEnd
        while t < tokens.count {
            if let e = endAt(t) { t = e; continue }
            // A joiner continues the list only when a complication follows it.
            let tok = tokens[t]
            let joiner = (tok.kind == .punct && (tok.first == 0x2C || tok.first == 0x2F))
                || (tok.kind == .word && tok.word >= 0 && tok.end - tok.start <= 3 && isJoiner(lexicon.vocabulary.key(tok.word)))
            if joiner, t + 1 < tokens.count, endAt(t + 1) != nil { t += 1; continue }
            break
        }
        return t
    }

    /// "or", "and", "nor".
    static func isJoiner(_ k: ArraySlice<UInt8>) -> Bool {
        k.elementsEqual("or".utf8) || k.elementsEqual("and".utf8) || k.elementsEqual("nor".utf8)
    }

    /// Template fields answered no: "Images saved: No", "Images saved (Y/N): N", "Images
    /// saved: N/A", "Contrast: none - no imaging used". The label's words (back to the line's
    /// start, a tab, a wide gap or a sentence's end) are not asserted, like an unticked box.
    static let noAnswers: WordSet = ["no", "none", "na", "nil"]
    static let noWord: WordSet = ["no"], nWord: WordSet = ["n"], aWord: WordSet = ["a"], notWord: WordSet = ["not"]
    /// "Not Documented": the field was left without an answer, not answered no.
    static let unrecordedWords: WordSet = ["documented", "recorded", "charted", "entered", "assessed", "answered"]
    static let notDoneWords: WordSet = ["done", "applicable", "performed", "given", "used", "obtained", "tried", "indicated"]

    /// The closing brace of a template choice opened at `t`: on the same line, at most 80
    /// bytes, nothing nested, and holding alternatives ("/"), a placeholder ("***") or a
    /// field name in capitals ("{LEVEL}"). Nil for other braces (RTF groups, set notation).
    static func templateChoiceEnd(_ tokens: [Token], _ b: [UInt8], _ t: Int) -> Int? {
        var k = t + 1
        var choice = false
        var caps = true, letters = 0
        while k < tokens.count, tokens[k].kind != .newline, Int(tokens[k].end) - Int(tokens[t].start) <= 80 {
            let tk = tokens[k]
            if tk.kind == .punct && tk.first == 0x7D { break }
            if tk.kind == .punct && (tk.first == 0x7B || tk.first == 0x5C) { return nil }
            if tk.kind == .punct && (tk.first == 0x2F || tk.first == 0x2A || tk.first == 0x7C) { choice = true }
            if tk.kind == .word {
                for i in Int(tk.start)..<Int(tk.end) where b[i] >= 0x61 && b[i] <= 0x7A { caps = false }
                letters += 1
            }
            k += 1
        }
        guard k < tokens.count, tokens[k].kind == .punct, tokens[k].first == 0x7D else { return nil }
        return choice || (caps && letters >= 1) ? k : nil
    }

    /// First words of a bracketed template instruction ("[LCD MACRO - ...]").
    static let macroWords: WordSet = ["lcd", "macro", "template", "instructions", "instruction", "reminder", "reference"]
    static let deletedWords: WordSet = ["deleted", "deletion", "struck", "strike", "removed", "retracted", "void"]

    static func deniedFields(_ tokens: [Token], _ b: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: tokens.count)
        // Text withdrawn in an amended note: "[deleted: Depo-Medrol 80 mg]", "~~M54.12~~".
        let marked = b.withUnsafeBytes { p -> Bool in
            guard let base = p.baseAddress else { return false }
            return memchr(base, 0x5B, p.count) != nil || memchr(base, 0x7E, p.count) != nil || memchr(base, 0x7B, p.count) != nil
        }
        var t = marked ? 0 : tokens.count
        while t + 1 < tokens.count {
            let tok = tokens[t]
            // A bracket opened by a deletion word is withdrawn ("[deleted: Depo-Medrol 80 mg]"); one
            // opened by a template word ("[LCD MACRO - provider must document: ...]", "[TEMPLATE:
            // ...]") says what a note should hold, not what this one records.
            if tok.kind == .punct, tok.first == 0x5B, tokens[t + 1].kind == .word {
                let (ws, we) = (Int(tokens[t + 1].start), Int(tokens[t + 1].end))
                let state: UInt8? = deletedWords.contains(b, ws, we) ? denied : macroWords.contains(b, ws, we) ? unanswered : nil
                if let state {
                    var k = t + 1
                    while k < tokens.count, tokens[k].kind != .newline, !(tokens[k].kind == .punct && tokens[k].first == 0x5D) { k += 1 }
                    if k < tokens.count, tokens[k].kind == .punct, tokens[k].first == 0x5D {
                        for u in t...k { out[u] = state }
                    }
                    // No closing bracket on the line: nothing later on it closes one either.
                    t = k + 1
                    continue
                }
            }
            if tok.kind == .punct, tok.first == 0x7B, let close = templateChoiceEnd(tokens, b, t) {
                // "{midline/Lt paramedian/Rt paramedian}", "{LEVEL}": a template's choice left unmade.
                for u in t...close { out[u] = unanswered }
                t = close + 1
                continue
            }
            if tok.kind == .punct, tok.first == 0x7E, tokens[t + 1].kind == .punct, tokens[t + 1].first == 0x7E, tokens[t + 1].start == tok.end {
                // "~~struck text~~" on one line
                var k = t + 2
                while k + 1 < tokens.count, tokens[k].kind != .newline,
                      !(tokens[k].kind == .punct && tokens[k].first == 0x7E && tokens[k + 1].first == 0x7E && tokens[k + 1].start == tokens[k].end) { k += 1 }
                if k + 1 < tokens.count, tokens[k].kind == .punct, tokens[k].first == 0x7E {
                    for u in t...(k + 1) { out[u] = denied }
                    t = k + 2
                    continue
                }
                t = k + 1
                continue
            }
            t += 1
        }
        // A quoted sentence the note says was removed ('The sentence "Patient had a brief
        // vasovagal episode, resolved" ... came from another patient's template and has been
        // removed'): nothing in the quote is asserted.
        let quoted = b.withUnsafeBytes { p -> Bool in
            guard let base = p.baseAddress else { return false }
            return memchr(base, 0x22, p.count) != nil
        }
        // (A quote token's folded first byte is the apostrophe's; its own byte is the quote.)
        func quote(_ t: Int) -> Bool { tokens[t].kind == .punct && b[Int(tokens[t].start)] == 0x22 }
        t = quoted ? 0 : tokens.count
        while t < tokens.count {
            guard quote(t) else { t += 1; continue }
            var k = t + 1
            while k < tokens.count, tokens[k].kind != .newline, !quote(k) { k += 1 }
            guard k < tokens.count, quote(k) else { t = k + 1; continue }
            var u = k + 1
            var removed = false
            while u < tokens.count, u <= k + 24, tokens[u].kind != .newline {
                if tokens[u].kind == .word, deletedWords.contains(b, Int(tokens[u].start), Int(tokens[u].end)) { removed = true; break }
                u += 1
            }
            if removed { for v in t...k where out[v] == 0 { out[v] = denied } }
            t = k + 1
        }
        func text(_ t: Int) -> [UInt8] {
            b[Int(tokens[t].start)..<Int(tokens[t].end)].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        }
        /// Whether a wide gap (a tab or two spaces) or a line break separates tokens a and a + 1.
        func gap(_ a: Int) -> Bool {
            guard a + 1 < tokens.count else { return true }
            if tokens[a + 1].kind == .newline { return true }
            var spaces = 0
            for i in Int(tokens[a].end)..<Int(tokens[a + 1].start) {
                if b[i] == 0x09 { return true }
                if b[i] == 0x20 { spaces += 1 }
            }
            return spaces >= 2
        }
        /// Whether the value ends after token v (end of line, a wide gap, or an aside).
        func answer(_ t: Int, _ words: WordSet) -> Bool { words.contains(b, Int(tokens[t].start), Int(tokens[t].end)) }
        func ends(_ v: Int) -> Bool {
            if gap(v) { return true }
            let f = tokens[v + 1].first
            return tokens[v + 1].kind == .punct && (f == 0x2D || f == 0x2C || f == 0x3B || f == 0x28 || f == 0x2E)
        }
        /// Marks a field's label, back to the line's start, a wide gap or a sentence's end (six
        /// words at most), with `state`.
        func markLabel(before c: Int, _ state: UInt8, comma: Bool = false) {
            var a = c - 1
            var words = 0
            while a >= 0 && tokens[a].kind != .newline && words < 6 {
                out[a] = state
                if tokens[a].kind == .word { words += 1 }
                if a == 0 || gap(a - 1) { break }
                let p = tokens[a - 1]
                if p.kind == .punct && (p.first == 0x2E || p.first == 0x3B || p.first == 0x3A || p.first == 0x21 || p.first == 0x3F
                    || (comma && p.first == 0x2C)) { break }
                // "CERVICAL INTERLAMINAR EPIDURAL STEROID INJECTION — LEVEL: ______": a spaced dash
                // ends the label.
                if p.kind == .punct && p.first == 0x2D && Int(p.start) > 0 && b[Int(p.start) - 1] == 0x20
                    && Int(p.end) < b.count && b[Int(p.end)] == 0x20 { break }
                a -= 1
            }
        }
        for c in tokens.indices where tokens[c].kind == .punct && tokens[c].first == 0x3A && c + 1 < tokens.count && c > 0 {
            let v = c + 1
            var no = false
            var placeholder = false
            // A blank left unfilled ("Images saved:\t__________") answers nothing.
            if tokens[v].kind == .punct && tokens[v].first == 0x5F {
                var k = v
                while k < tokens.count, tokens[k].kind == .punct, tokens[k].first == 0x5F { k += 1 }
                no = k == tokens.count || tokens[k].kind == .newline
                // Left blank, the field answers nothing ("Complications: ______" is no
                // statement that there were none).
                placeholder = true
            } else if tokens[v].kind == .punct && (tokens[v].first == 0x2A || tokens[v].first == 0x7B) {
                // A placeholder left in a template answers nothing: "Complications: ***",
                // "Images saved: {Yes/No}".
                var k = v
                if tokens[v].first == 0x2A {
                    while k < tokens.count, tokens[k].kind == .punct, tokens[k].first == 0x2A { k += 1 }
                    // "Post-procedure pain: ***/10": a blank score.
                    if k + 1 < tokens.count, tokens[k].first == 0x2F, tokens[k + 1].kind == .number,
                       tokens[k + 1].end - tokens[k + 1].start == 2, b[Int(tokens[k + 1].start)] == 0x31, b[Int(tokens[k + 1].start) + 1] == 0x30 { k += 2 }
                } else if let close = templateChoiceEnd(tokens, b, v) {
                    k = close + 1
                } else { continue }
                no = k == tokens.count || tokens[k].kind == .newline
                placeholder = true
            } else if tokens[v].kind != .word {
                continue
            } else if answer(v, noAnswers) {
                no = ends(v)
                // "Contrast: No contrast", "Images saved: no images saved": the label's words again
                // (one to three of them, and at most one other word: "no sedation given").
                if !no, answer(v, noWord) {
                    var labelWords: [[UInt8]] = []
                    var a = c - 1
                    while a >= 0, a >= c - 6, tokens[a].kind != .newline { if tokens[a].kind == .word { labelWords.append(text(a)) }; a -= 1 }
                    var k = v + 1, same = 0, other = 0
                    while k < tokens.count, tokens[k].kind == .word, same + other < 4 {
                        if labelWords.contains(text(k)) { same += 1 } else { other += 1 }
                        if ends(k) { break }
                        k += 1
                    }
                    no = k < tokens.count && tokens[k].kind == .word && ends(k) && same >= 1 && other <= 1
                }
            }
            else if answer(v, nWord) {
                // "N", or "N/A".
                if ends(v) && !(v + 1 < tokens.count && tokens[v + 1].first == 0x2F) { no = true }
                else if v + 2 < tokens.count, tokens[v + 1].first == 0x2F, answer(v + 2, aWord), ends(v + 2) { no = true }
            } else if answer(v, notWord), v + 1 < tokens.count, tokens[v + 1].kind == .word {
                no = true
            }
            guard no else { continue }
            markLabel(before: c, placeholder ? unanswered : denied)
        }
        // "Conservative Therapy: Physical Therapy - No; Chiropractic - No", "Catheter ........ N/A":
        // a field answered no after a spaced dash or a dot leader.
        /// The state a field's value gives its label: denied ("No", "N/A", "Not done"),
        /// unanswered ("Not Documented"), or nil for any other value.
        func fieldAnswer(_ v: Int) -> UInt8? {
            guard v < tokens.count, tokens[v].kind == .word else { return nil }
            if answer(v, noAnswers) { return ends(v) ? denied : nil }
            if answer(v, notWord) {
                // "Not Documented" answers nothing, "Not done" answers no; "not helping" is a result.
                guard v + 1 < tokens.count, tokens[v + 1].kind == .word, ends(v + 1) else { return nil }
                if answer(v + 1, unrecordedWords) { return unanswered }
                return answer(v + 1, notDoneWords) ? denied : nil
            }
            guard answer(v, nWord) else { return nil }
            if v + 2 < tokens.count, tokens[v + 1].first == 0x2F { return answer(v + 2, aWord) && ends(v + 2) ? denied : nil }
            return ends(v) ? denied : nil
        }
        // Both scans run only when the note holds a spaced dash or three points (found with
        // memchr, not per token).
        func holds(_ mid: UInt8, _ before: UInt8, _ after: UInt8) -> Bool {
            b.withUnsafeBytes { p in
                guard let base = p.baseAddress else { return false }
                var i = 0
                while i < p.count, let hit = memchr(base + i, Int32(mid), p.count - i) {
                    let k = base.distance(to: UnsafeRawPointer(hit))
                    if k > 0, k + 1 < p.count, p[k - 1] == before, p[k + 1] == after { return true }
                    i = k + 1
                }
                return false
            }
        }
        let dashFields = holds(0x2D, 0x20, 0x20), leaders = holds(0x2E, 0x2E, 0x2E)
        for c in tokens.indices where dashFields && c > 0 && c + 1 < tokens.count && tokens[c].kind == .punct && tokens[c].first == 0x2D
            && tokens[c].end - tokens[c].start == 1 && Int(tokens[c].start) > 0 && b[Int(tokens[c].start) - 1] == 0x20
            && Int(tokens[c].end) < b.count && b[Int(tokens[c].end)] == 0x20 && tokens[c - 1].kind == .word {
            if let state = fieldAnswer(c + 1) { markLabel(before: c, state, comma: true) }
        }
        var c = leaders ? 1 : tokens.count
        while c + 3 < tokens.count {
            // A dot leader: three or more points after a word.
            guard tokens[c].first == 0x2E, tokens[c].kind == .punct, tokens[c - 1].kind == .word else { c += 1; continue }
            var e = c
            while e < tokens.count, tokens[e].kind == .punct, tokens[e].first == 0x2E { e += 1 }
            if e - c >= 3, let state = fieldAnswer(e) { markLabel(before: c, state, comma: true) }
            c = e
        }
        return out
    }

    /// A template box starting at token `i` (before `lineEnd`): `[ ]`, `[x]` / `[X]`, or a
    /// ballot box (☐ empty, ☑ ☒ ticked, U+2610–2612). Returns the token after it and
    /// whether it is ticked.
    static func box(_ tokens: [Token], _ bytes: [UInt8], at i: Int, lineEnd t: Int) -> (end: Int, ticked: Bool)? {
        let tk = tokens[i]
        guard tk.kind == .punct else { return nil }
        if tk.end - tk.start == 3, Int(tk.end) <= bytes.count,
           bytes[Int(tk.start)] == 0xE2, bytes[Int(tk.start) + 1] == 0x98, (0x90...0x92).contains(bytes[Int(tk.start) + 2]) {
            return (i + 1, bytes[Int(tk.start) + 2] != 0x90)
        }
        guard tk.first == 0x5B else { return nil }
        if i + 1 < t, tokens[i + 1].first == 0x5D, tokens[i + 1].kind == .punct { return (i + 2, false) }
        if i + 2 < t, tokens[i + 1].kind == .word, tokens[i + 1].end - tokens[i + 1].start == 1,
           tokens[i + 1].first == 0x78, tokens[i + 2].first == 0x5D { return (i + 3, true) }
        return nil
    }

    /// Template checkboxes, line by line: what follows an empty box up to the next box is not
    /// asserted; a label before yes/no boxes ("Images saved: [ ] Y [x] N") is denied unless a
    /// yes box is ticked. A box is `[ ]`, or `[x]` / `[X]` when ticked.
    static func checkboxes(_ tokens: [Token], _ bytes: [UInt8] = []) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: tokens.count)
        var lineStart = 0
        var t = 0
        struct Box { let first: Int; let end: Int; let ticked: Bool }
        func isWord(_ i: Int, _ words: [String]) -> Bool {
            guard i < tokens.count, tokens[i].kind == .word else { return false }
            let len = Int(tokens[i].end - tokens[i].start)
            return words.contains { $0.utf8.count == len && $0.utf8.first == tokens[i].first }
        }
        while t <= tokens.count {
            if t == tokens.count || tokens[t].kind == .newline {
                // Boxes on the line [lineStart, t).
                var boxes: [Box] = []
                var i = lineStart
                while i < t {
                    if let (end, ticked) = box(tokens, bytes, at: i, lineEnd: t) {
                        boxes.append(Box(first: i, end: end, ticked: ticked)); i = end; continue
                    }
                    i += 1
                }
                if let firstBox = boxes.first {
                    for (k, b) in boxes.enumerated() where !b.ticked {
                        let stop = k + 1 < boxes.count ? boxes[k + 1].first : t
                        for j in b.end..<stop { out[j] = unchosen }
                    }
                    // Yes/no boxes decide the label before them; a label whose boxes are all
                    // left empty ("Contrast: [ ] Omnipaque [ ] Isovue [ ] None") is unanswered.
                    let yes = boxes.filter { isWord($0.end, ["y", "yes"]) }
                    let no = boxes.filter { isWord($0.end, ["n", "no"]) }
                    if (!yes.isEmpty || !no.isEmpty) && !yes.contains(where: \.ticked) {
                        for j in lineStart..<firstBox.first { out[j] = denied }
                    } else if boxes.count >= 2 && !boxes.contains(where: \.ticked) {
                        for j in lineStart..<firstBox.first { out[j] = unanswered }
                    }
                }
                lineStart = t + 1
            }
            t += 1
        }
        return out
    }

    /// Whether token `t` is a year written alone ("2024"): four digits from 1980 to 2099.
    static func isYear(_ tokens: [Token], _ bytes: [UInt8], _ t: Int) -> Bool {
        let k = tokens[t]
        guard k.kind == .number, k.end - k.start == 4 else { return false }
        let a = Int(k.start)
        for i in a..<a + 4 where !(bytes[i] >= 0x30 && bytes[i] <= 0x39) { return false }
        return (bytes[a] == 0x32 && bytes[a + 1] == 0x30) || (bytes[a] == 0x31 && bytes[a + 1] == 0x39 && bytes[a + 2] >= 0x38)
    }

    /// The value of a numeric date starting at token `t` ("09/15/2025", "10/2025"):
    /// year * 10000 + month * 100 + day (day 0 when not written), or nil.
    static func numericDate(_ tokens: [Token], _ bytes: [UInt8], _ t: Int) -> Int? {
        let n = tokens.count
        func value(_ k: Int) -> Int? {
            guard k < n, tokens[k].kind == .number, tokens[k].end - tokens[k].start <= 4 else { return nil }
            return digits(tokens, bytes, k)
        }
        func slash(_ k: Int) -> Bool { k < n && tokens[k].first == 0x2F && tokens[k].start == tokens[k - 1].end }
        // Not the middle of a longer date ("10/2026" inside "03/10/2026").
        if t > 0, tokens[t - 1].first == 0x2F, tokens[t - 1].end == tokens[t].start { return nil }
        guard let m = value(t), m >= 1, m <= 12, slash(t + 1), let b = value(t + 2) else { return nil }
        if isYear(tokens, bytes, t + 2) { return b * 10000 + m * 100 }
        guard b >= 1, b <= 31, slash(t + 3), let y = value(t + 4), isYear(tokens, bytes, t + 4) else { return nil }
        return y * 10000 + m * 100 + b
    }

    /// "an outside physician did a right L5 transforaminal injection in 2024", "He had an
    /// L4-L5 interlaminar epidural ... on 09/15/2025": a procedure dated before the note's
    /// latest date is a past one. "in", "on" or "during" before a year or a date earlier
    /// than the latest date the note writes (its service or signing date) is a historical
    /// cue both ways, in a sentence that does not also say "today" (other than "for today").
    static func pastYears(_ tokens: [Token], _ bytes: [UInt8], _ structure: Structure, _ by: inout [[Cue]]) {
        var latest: Int?
        func latestDate() -> Int {
            if let l = latest { return l }
            var l = 0
            for t in tokens.indices where tokens[t].kind == .number {
                if let v = numericDate(tokens, bytes, t) { l = max(l, v) }
            }
            latest = l
            return l
        }
        for t in 1..<max(1, tokens.count) where tokens[t].kind == .number && tokens[t].first >= 0x30 && tokens[t].first <= 0x39 {
            let year = isYear(tokens, bytes, t)
            let date = year ? nil : numericDate(tokens, bytes, t)
            guard year || date != nil else { continue }
            guard Tokenizer.matches(tokens[t - 1], bytes, "in") || Tokenizer.matches(tokens[t - 1], bytes, "during")
                || (date != nil && Tokenizer.matches(tokens[t - 1], bytes, "on")) else { continue }
            let s = Int(structure.sentenceOf[t])
            // ("... and the repeat was booked for today": a plan for today is not today's act.)
            guard s < by.count, !structure.sentences[s].contains(where: { k in tokens[k].kind == .word && Tokenizer.matches(tokens[k], bytes, "today")
                && !(k > 0 && Tokenizer.matches(tokens[k - 1], bytes, "for")) }) else { continue }
            // Not the note's own date or a later one ("performed on 03/10/2026"); a year alone
            // is a past one unless after the note's ("in 2027"): "in 2026" in a note of
            // 03/2026 tells an earlier month.
            let l = latestDate()
            if let v = date { if v >= l || (v % 100 == 0 && v / 100 >= l / 100) { continue } }
            else if l > 0, let y = digits(tokens, bytes, t), y > l / 10000 { continue }
            var cue = Cue(kind: .historical, dir: .bidirectional, first: t - 1, end: t + 1, scope: 15)
            cue.dated = true
            by[s].append(cue)
        }
    }

    /// The value of a token written in digits only, or nil.
    static func digits(_ tokens: [Token], _ bytes: [UInt8], _ t: Int) -> Int? {
        var v = 0
        for i in Int(tokens[t].start)..<Int(tokens[t].end) {
            guard bytes[i] >= 0x30 && bytes[i] <= 0x39 else { return nil }
            v = v * 10 + Int(bytes[i] - 0x30)
        }
        return v
    }

    /// A list line that starts with a date ("- 03/2024 Left L5 transforaminal ESI ...") or a
    /// year alone ("- 2024, outside clinic: right L5 transforaminal ESI") tells a past event.
    func datedSentence(_ s: Int32) -> Bool {
        let r = structure.sentences[Int(s)]
        var t = r.lowerBound
        while t < r.upperBound && (tokens[t].kind == .punct || tokens[t].kind == .newline) { t += 1 }
        // A list line opened by a year and a comma, colon or dash, after a list mark.
        if t + 1 < r.upperBound, t > r.lowerBound, !bytes.isEmpty, tokens[t].kind == .number, ContextIndex.isYear(tokens, bytes, t),
           tokens[t + 1].kind == .punct, tokens[t + 1].first == 0x2C || tokens[t + 1].first == 0x3A || tokens[t + 1].first == 0x2D,
           tokens[t - 1].kind == .punct, tokens[t - 1].first == 0x2D || tokens[t - 1].first == 0x2A || tokens[t - 1].first == 0 {
            return true
        }
        guard t + 2 < r.upperBound && tokens[t].kind == .number && tokens[t + 1].kind == .punct && tokens[t + 1].first == 0x2F
            && tokens[t + 2].kind == .number && tokens[t + 1].start == tokens[t].end else { return false }
        // "5/10 today." opens with a pain score, not a date: a denominator of 10 with no year after it.
        let third = t + 4 < r.upperBound && tokens[t + 3].kind == .punct && tokens[t + 3].first == 0x2F && tokens[t + 4].kind == .number
        let ten = tokens[t + 2].end - tokens[t + 2].start == 2 && bytes.count > Int(tokens[t + 2].start) + 1
            && bytes[Int(tokens[t + 2].start)] == 0x31 && bytes[Int(tokens[t + 2].start) + 1] == 0x30
        guard third || !ten else { return false }
        // "1/2 cc of Isovue-M": a fraction of a unit, not a date.
        let after = third ? t + 5 : t + 3
        if after < r.upperBound, tokens[after].kind == .word, Sectionizer.unitWords.contains(bytes, Int(tokens[after].start), Int(tokens[after].end)) { return false }
        // "01/09/2026 10:15  Left C7 selective nerve root block": the note's own first line, or a
        // date with a clock time after it, stamps this record; it does not list a past event.
        var first = 0
        while first < t && (tokens[first].kind == .punct || tokens[first].kind == .newline) { first += 1 }
        if first == t { return false }
        let y = third ? t + 4 : t + 2
        let clock = y + 3 < r.upperBound && tokens[y + 1].kind == .number && tokens[y + 2].kind == .punct
            && tokens[y + 2].first == 0x3A && tokens[y + 3].kind == .number && tokens[y + 2].start == tokens[y + 1].end
        return !clock
    }

    /// Word distance between two token indexes (punctuation does not count).
    private func words(_ a: Int, _ b: Int) -> Int {
        var n = 0
        var t = a
        while t < b { if tokens[t].kind == .word || tokens[t].kind == .number { n += 1 }; t += 1 }
        return n
    }

    /// Context flags of the tokens `[first, end)`: the section's default plus every cue
    /// whose scope reaches them.
    public func flags(first: Int, end: Int) -> UInt16 {
        guard first < tokens.count else { return 0 }
        var f: UInt16 = 0
        for t in first..<min(end, tokens.count) where unticked[t] != ContextIndex.asserted {
            f |= Mention.bit(unticked[t] == ContextIndex.unanswered ? .hypothetical : .negated); break
        }
        let sec = structure.sections[Int(structure.sectionOf[first])]
        if let d = sec.context { f |= Mention.bit(d) }
        let s = structure.sentenceOf[first]
        if datedSentence(s) { f |= Mention.bit(.historical) }
        let cues = Int(s) < cuesBySentence.count ? cuesBySentence[Int(s)] : []
        if cues.isEmpty { return f }
        for c in cues where c.kind != .terminate {
            if c.end > first && c.first < end {
                // A negation phrase that holds the target ("not saved" over "saved", "PACS down"
                // over "PACS") denies it; otherwise a cue does not reach a target it overlaps.
                // So does one that opens before the target and ends inside it ("not saved" over
                // "saved to PACS").
                if c.kind == .negated && c.first <= first && (c.end >= end || c.first < first) && (c.first < first || c.end > end) { f |= Mention.bit(.negated) }
                continue
            }
            var applies = false
            if c.end <= first && (c.dir == .forward || c.dir == .bidirectional) {
                applies = c.reaches(first) && words(c.end, first) <= c.scope
                    && !cues.contains { $0.kind == .terminate && $0.first >= c.end && $0.end <= first }
                    && !(c.kind == .negated && amountBetween(c.end - 1, first))
            } else if c.first >= end && (c.dir == .backward || c.dir == .bidirectional) {
                applies = reachesBack(c, end, cues)
            }
            if applies { f |= Mention.bit(c.kind) }
        }
        return f
    }

    /// Words between `first` and the nearest forward cue of `kind` that reaches it, or nil.
    public func wordsFromCue(_ first: Int, kind: CueKind) -> Int? {
        let s = structure.sentenceOf[first]
        let cues = Int(s) < cuesBySentence.count ? cuesBySentence[Int(s)] : []
        if cues.isEmpty { return nil }
        var best: Int?
        for c in cues where c.kind == kind && c.end <= first && (c.dir == .forward || c.dir == .bidirectional) && c.reaches(first) {
            let n = words(c.end, first)
            if n <= c.scope { best = min(best ?? n, n) }
        }
        return best
    }

    /// Whether a comma or semicolon separates `first` from every forward cue of `kind`
    /// that reaches it ("no sedation, vitals stable": the vitals are not denied).
    /// Whether a backward negation cue after `[first, end)` denies it ("Depo-Medrol
    /// correction Kenalog", "PT not started"): a denial that no comma separates.
    public func deniedAfter(_ first: Int, _ end: Int) -> Bool {
        let s = structure.sentenceOf[first]
        let cues = Int(s) < cuesBySentence.count ? cuesBySentence[Int(s)] : []
        return cues.contains { c in c.kind == .negated && c.dir == .backward && c.first >= end && reachesBack(c, end, cues) }
    }

    /// Whether the backward cue `c` reaches a target ending at `end` (the cue follows it).
    private func reachesBack(_ c: Cue, _ end: Int, _ cues: [Cue]) -> Bool {
        words(end, c.first) <= c.scope
            // "L4 (L5 not injected)": a cue inside an aside does not reach out of it, unless the
            // aside is a denial alone ("Gabapentin was prescribed today (not yet started)"; a
            // title's "(PLANNED)" may be about part of it).
            && (!(end..<c.first).contains { tokens[$0].kind == .punct && tokens[$0].first == 0x28 } || (c.kind == .negated && asideIsCue(c, end)))
            && (c.dated || !cues.contains { $0.kind == .terminate && $0.first >= end && $0.end <= c.first })
            // "pain score of 9, he will start PT": a plan after a comma does not reach back;
            // nor does anatomy ("to the L5-S1 level, avoiding the laminectomy scar").
            && !((c.kind == .hypothetical || (c.kind == .incidental && c.dir == .bidirectional)) && commaBetween(end, c.first))
    }

    /// Whether `c` fills a parenthesis of its own, the only one opened since `end`.
    private func asideIsCue(_ c: Cue, _ end: Int) -> Bool {
        let open = c.first - 1
        guard open >= end, tokens[open].kind == .punct, tokens[open].first == 0x28, c.end < tokens.count,
              tokens[c.end].kind == .punct, tokens[c.end].first == 0x29 else { return false }
        return !(end..<open).contains { tokens[$0].kind == .punct && tokens[$0].first == 0x28 }
    }

    /// Whether a comma or semicolon outside any aside lies in `[from, to)`: "(0.1% ropivacaine,
    /// 4 mL/h) is to be started" has its comma inside the aside the drug is in.
    private func commaBetween(_ from: Int, _ to: Int) -> Bool {
        var depth = 0
        var comma = false
        for t in from..<to where tokens[t].kind == .punct {
            switch tokens[t].first {
            case 0x28: depth += 1
            case 0x29: if depth > 0 { depth -= 1 } else { comma = false }   // the aside the target is in closes
            case 0x2C, 0x3B: if depth == 0 { comma = true }
            default: break
            }
        }
        return comma
    }

    /// Whether token `t` is in an unticked box, a field answered no or withdrawn text
    /// ("[deleted: ...]"): nothing there is asserted, whatever the cues.
    public func withdrawn(_ t: Int) -> Bool { t < unticked.count && unticked[t] != ContextIndex.asserted }
    /// Whether token `t` is a choice in an unticked box.
    public func unchosen(_ t: Int) -> Bool { t < unticked.count && unticked[t] == ContextIndex.unchosen }

    public func separatedFromCue(_ first: Int, kind: CueKind) -> Bool {
        let s = structure.sentenceOf[first]
        let cues = Int(s) < cuesBySentence.count ? cuesBySentence[Int(s)] : []
        if cues.isEmpty { return true }
        for c in cues where c.kind == kind && c.end <= first && (c.dir == .forward || c.dir == .bidirectional) && c.reaches(first) {
            let between = (c.end..<first).contains { tokens[$0].kind == .punct && (tokens[$0].first == 0x2C || tokens[$0].first == 0x3B) }
            // "No particulate steroid (triamcinolone, methylprednisolone or betamethasone)": a list
            // in parentheses after the denied noun is denied whole.
            var open = false
            for t in c.end..<first where tokens[t].kind == .punct {
                if tokens[t].first == 0x28 { open = true } else if tokens[t].first == 0x29 { open = false }
            }
            if !between || open { return false }
        }
        return true
    }

    public func mark(_ mentions: inout [Mention]) {
        for i in mentions.indices where mentions[i].category != .context {
            mentions[i].context = flags(first: Int(mentions[i].first), end: Int(mentions[i].end))
        }
    }
}
