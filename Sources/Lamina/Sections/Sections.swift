/// A section: a header (own line or inline) and the tokens it scopes.
public struct Section: Sendable {
    public let kind: SectionKind
    /// Default context its text carries (plan → hypothetical, ...).
    public let context: CueKind?
    /// Header text span (empty for the implicit leading section).
    public let header: Span
    /// Token range `[first, end)` the section scopes (header included).
    public var first: Int
    public var end: Int
    public let inline: Bool
}

/// Sections and sentences of a tokenized note.
public struct Structure: Sendable {
    public var sections: [Section]
    /// Section index of each token.
    public var sectionOf: [Int32]
    /// Sentence index of each token, and each sentence's token range.
    public var sentenceOf: [Int32]
    public var sentences: [Range<Int>]
}

public enum Sectionizer {
    /// A second procedure of the session under its own header ("PROCEDURE #2: BILATERAL
    /// L4-L5 FACET JOINT INJECTIONS", "PROCEDURE B, RIGHT SACROILIAC JOINT: ..."): a header
    /// line that names another procedure (facet, SI joint, trigger points ...) and neither
    /// an epidural injection nor its approach, in a note where another header line names
    /// one. Its section becomes `separateProcedure` and reaches to the next blank line or
    /// header, so its levels, sides, views and drugs stay out of the epidural's facts.
    /// A header that numbers or letters a procedure: "PROCEDURE #2", "PROCEDURE B, ...",
    /// "Procedure 2:", "PROCEDURE II".
    static func numberedProcedure(_ sec: Section, _ tokens: [Token], _ bytes: [UInt8]) -> Bool {
        var t = sec.first
        while t < tokens.count, tokens[t].kind == .punct, Int(tokens[t].end) <= sec.header.end { t += 1 }
        guard t + 1 < tokens.count, Int(tokens[t + 1].end) <= sec.header.end,
              bytes[Int(tokens[t].start)..<Int(tokens[t].end)].map({ $0 | 0x20 }) == Array("procedure".utf8) else { return false }
        var u = t + 1
        if tokens[u].kind == .punct && tokens[u].first == 0x23 { u += 1 }
        guard u < tokens.count, Int(tokens[u].end) <= sec.header.end else { return false }
        let n = tokens[u].end - tokens[u].start
        return tokens[u].kind == .number || (tokens[u].kind == .word && (n == 1 || (n <= 3 && (tokens[u].first == 0x69))))
    }

    static func separateProcedures(_ st: Structure, _ mentions: [Mention], _ tokens: [Token], _ bytes: [UInt8], _ lexicon: Lexicon) -> Structure {
        guard st.sections.count > 2 else { return st }
        // Per section: whether its header line names an ESI, another procedure, or neither.
        var esi = [Bool](repeating: false, count: st.sections.count)
        var other = [Bool](repeating: false, count: st.sections.count)
        var lineEnd = [Int](repeating: 0, count: st.sections.count)
        for (k, sec) in st.sections.enumerated() where k > 0 && sec.header.end > sec.header.start {
            var e = sec.first
            while e < tokens.count && tokens[e].kind != .newline { e += 1 }
            lineEnd[k] = e
        }
        for m in mentions where m.category == .procedure || m.category == .approach {
            let k = Int(st.sectionOf[Int(m.first)])
            guard k > 0, Int(m.first) < lineEnd[k], m.first >= st.sections[k].first else { continue }
            let e = lexicon.entries[Int(m.entry)]
            if m.category == .approach { if !e.has("cue") && e.value != "ignore" { esi[k] = true } }
            else if e.value == "esi" { esi[k] = true }
            else if e.value == "other", (Int(e.attr("weight") ?? "1") ?? 1) >= 4 { other[k] = true }
        }
        guard esi.contains(true) else { return st }
        var out = st
        for k in out.sections.indices where other[k] && !esi[k] && numberedProcedure(out.sections[k], tokens, bytes) {
            let old = out.sections[k]
            guard procedureHeaderKinds.contains(old.kind) else { continue }
            out.sections[k] = Section(kind: .separateProcedure, context: nil, header: old.header, first: old.first, end: old.end, inline: old.inline)
            // Reach the lines after the header line up to a blank line or another header.
            var t = lineEnd[k]
            while t + 1 < tokens.count {
                if tokens[t].kind == .newline && tokens[t + 1].kind == .newline { break }
                let s = Int(out.sectionOf[t + 1])
                if s != k && out.sections[s].first == t + 1 && out.sections[s].header.end > out.sections[s].header.start { break }
                t += 1
                out.sectionOf[t] = Int32(k)
            }
            out.sections[k].end = max(out.sections[k].end, min(t + 1, tokens.count))
        }
        return out
    }

    /// A list of earlier procedures under its own header ("Prior epidural injections (this
    /// office):" and lines "- 03/12/2025 L5-S1 ILESI ...") ends where its list does: the first
    /// line after the list items that is not one returns to the section before the header,
    /// so today's history told after the list is not an earlier event's.
    static func listEnds(_ st: Structure, _ tokens: [Token]) -> Structure {
        var out = st
        let n = tokens.count
        func listMark(_ t: Int) -> Bool {
            let k = tokens[t]
            if k.kind == .punct { return k.first == 0x2D || k.first == 0x2A || k.first == 0 }
            if k.kind == .number, t + 1 < n { let f = tokens[t + 1].first; return f == 0x2E || f == 0x29 || f == 0x2F || f == 0x2C || f == 0x3A }
            return false
        }
        for k in st.sections.indices where k > 0 {
            let sec = st.sections[k]
            guard sec.kind == .pastHistory, sec.context == .historical, !sec.inline, sec.first > 0 else { continue }
            var t = sec.first
            while t < sec.end && tokens[t].kind != .newline { t += 1 }     // the header line
            var sawList = false
            var cut: Int?
            while t < sec.end {
                while t < sec.end && tokens[t].kind == .newline { t += 1 }
                guard t < sec.end else { break }
                if listMark(t) { sawList = true } else { if sawList { cut = t }; break }
                while t < sec.end && tokens[t].kind != .newline { t += 1 }
            }
            guard let c = cut else { continue }
            let before = st.sections[Int(st.sectionOf[sec.first - 1])]
            out.sections.append(Section(kind: before.kind, context: before.context, header: Span(Int(tokens[c].start), Int(tokens[c].start)),
                                        first: c, end: sec.end, inline: true))
            let m = Int32(out.sections.count - 1)
            for i in c..<sec.end where out.sectionOf[i] == Int32(k) { out.sectionOf[i] = m }
            out.sections[k].end = c
            // A sentence the list's last line ran into ends where the list does.
            let si = Int(out.sentenceOf[c])
            let r = out.sentences[si]
            if r.lowerBound < c {
                out.sentences[si] = r.lowerBound..<c
                out.sentences.insert(c..<r.upperBound, at: si + 1)
                for i in c..<out.sentenceOf.count { out.sentenceOf[i] += 1 }
            }
        }
        return out
    }

    /// Sections whose sentences can tell either procedure of a combined session.
    static let narrativeKinds: SectionKinds = [.none, .technique, .other, .injectate, .guidance, .level, .device, .contrast, .findings]

    /// A combined session told in one list and one narrative (decision 99): a procedure
    /// list that names an epidural injection and another procedure the same session can
    /// hold (`session` in procedure.tsv: facet and medial branch blocks, radiofrequency,
    /// SI joint, trigger points, occipital and other nerve blocks). Its list lines that
    /// name only the other procedure, and its narrative sentences that tell the other
    /// procedure ("three cannulas were placed along the C3-C5 medial branches ... lesioned
    /// ..."), become `separateProcedure` sections, so their levels, sides, views and drugs
    /// stay out of the epidural's facts. A sentence that names neither continues the
    /// procedure before it in its paragraph, one that names both is kept for both, and a
    /// blank line or a new section returns to the epidural.
    static func secondProcedureSentences(_ st: Structure, _ mentions: [Mention], _ tokens: [Token], _ lexicon: Lexicon) -> Structure {
        var titleEsi = false, titleOther = false
        for m in mentions where m.category == .procedure {
            let kind = st.sections[Int(st.sectionOf[Int(m.first)])].kind
            guard kind == .title else { continue }
            let e = lexicon.entries[Int(m.entry)]
            let w = Int(e.attr("weight") ?? "1") ?? 1
            if e.value == "esi" && w >= 2 { titleEsi = true }
            if e.value == "other" && w >= 4 && e.has("session") { titleOther = true }
        }
        guard titleEsi && titleOther else { return st }
        // Per sentence: does it name the epidural (its names, approach, a Tuohy needle), the
        // other procedure (its names and instruments), or both.
        var esi = [Bool](repeating: false, count: st.sentences.count)
        var other = [Bool](repeating: false, count: st.sentences.count)
        for m in mentions {
            let k = Int(st.sentenceOf[Int(m.first)])
            let e = lexicon.entries[Int(m.entry)]
            switch m.category {
            case .procedure:
                if e.value == "esi" { esi[k] = true } else if e.value == "other" && e.has("session") { other[k] = true }
            case .approach:
                if e.value != "ignore" { esi[k] = true }
            case .device:
                if e.has("epidural") { esi[k] = true }
            default: break
            }
        }
        var out = st
        var state = false           // true: the sentence tells the other procedure
        var lastSection = -1
        var lastEnd = 0
        for (k, r) in st.sentences.enumerated() where !r.isEmpty {
            let sec = Int(st.sectionOf[r.lowerBound])
            let kind = st.sections[sec].kind
            // A blank line before the sentence (the line breaks may close the sentence before).
            var blank = false
            var t = lastEnd
            while t + 1 < r.lowerBound { if tokens[t].kind == .newline && tokens[t + 1].kind == .newline { blank = true; break }; t += 1 }
            var breaks = 0
            t = r.lowerBound - 1
            while t >= 0 && tokens[t].kind == .newline { breaks += 1; t -= 1 }
            if breaks >= 2 { blank = true }
            if sec != lastSection || blank { state = false }
            lastSection = sec; lastEnd = r.upperBound
            let mark: Bool
            if kind == .title {
                // A list line that names only the other procedure.
                mark = other[k] && !esi[k]
                state = false
            } else if narrativeKinds.contains(kind) {
                if other[k] && !esi[k] { state = true } else if esi[k] && !other[k] { state = false }
                // A sentence naming both tells both ("AP images of the epidural needle and
                // oblique images of each medial branch needle were saved").
                mark = state && !(esi[k] && other[k])
            } else {
                state = false
                mark = false
            }
            guard mark else { continue }
            out.sections.append(Section(kind: .separateProcedure, context: nil, header: Span(Int(tokens[r.lowerBound].start), Int(tokens[r.lowerBound].start)),
                                        first: r.lowerBound, end: r.upperBound, inline: true))
            let n = Int32(out.sections.count - 1)
            for t in r { out.sectionOf[t] = n }
        }
        return out
    }

    /// Finds headers and sentence ends. Own-line headers scope until the next header;
    /// inline headers (`Indication: ...`) scope their line and the lines after it up to a
    /// blank line or the next header, then the enclosing section resumes.
    public static func structure(note: Note, tokens: [Token], lexicon: Lexicon) -> Structure {
        let bytes = note.bytes
        var widest = 0
        for (k, s) in note.lineStarts.enumerated() {
            let e = k + 1 < note.lineStarts.count ? note.lineStarts[k + 1] : bytes.count
            widest = max(widest, e - s)
        }
        var wrapWidth = max(50, widest * 7 / 10)
        // A hard-wrapped note has several lines near its width; a terse list of lines does not.
        var longLines = 0
        for (k, s) in note.lineStarts.enumerated() {
            let e = k + 1 < note.lineStarts.count ? note.lineStarts[k + 1] : bytes.count
            if e - s >= wrapWidth { longLines += 1 }
        }
        if longLines < 3 { wrapWidth = Int.max }
        var headerLines = Set<Int>()
        var sections: [Section] = [Section(kind: .none, context: nil, header: Span(0, 0), first: 0, end: tokens.count, inline: false)]
        var sectionOf = [Int32](repeating: 0, count: tokens.count)
        var enclosing: Int32 = 0       // last own-line section
        var current: Int32 = 0
        var i = 0
        var lineIndex = 0
        var previousLineBlank = true
        while i < tokens.count {
            // One line: tokens [i, j).
            var j = i
            while j < tokens.count && tokens[j].kind != .newline { j += 1 }
            let blank = i == j || (i..<j).allSatisfy { t in tokens[t].kind == .punct && (tokens[t].first == 0x5F || tokens[t].first == 0) }
            if blank {
                if current != enclosing && sections[Int(current)].inline { current = enclosing }
            } else if current != enclosing && sections[Int(current)].inline
                        && (lineOnlyKinds.contains(sections[Int(current)].kind) || colonAllergies(sections[Int(current)], bytes))
                        && !continuesLine(i, tokens, bytes, wrapWidth), header(tokens, i, j, bytes, lexicon, firstLine: false) == nil {
                // An inline title ("PROCEDURE: ...") names the procedure on its line (and a hard-wrapped
                // continuation); the lines after it are not title.
                current = enclosing
            } else if current != enclosing && sections[Int(current)].inline && storyKinds.contains(sections[Int(current)].kind) {
                let story = sections[Int(current)]
                // "DX: lumbar radiculopathy ...\nProne, prepped and draped. A 22-gauge needle ...": a terse
                // note without blank lines goes from the history to the procedure; the needle is not
                // history (unless the history header introduced a copied note).
                let toTechnique = !continuesLine(i, tokens, bytes, wrapWidth) && describesTechnique(tokens, i, j, bytes) && !introducesCopy(story, tokens)
                // "Pain score: 8/10" then a bulleted list of steps: a one-line field, not a history.
                let toList = listLine(tokens, i, j) && shortField(story, tokens)
                if toTechnique || toList { current = enclosing }
            }
            // A note carried in under its own line ("Prior procedure note 08/2025 (copied
            // forward, for reference):") keeps its headers ("Complications: transient
            // hypotension") until the blank line that ends it.
            let inCopy = current != 0 && sections[Int(current)].kind == .pastHistory && sections[Int(current)].inline
                && sections[Int(current)].header.end < bytes.count && (bytes[sections[Int(current)].header.end] == 0x0A || bytes[sections[Int(current)].header.end] == 0x0D)
            if blank || inCopy {
            } else if let h = header(tokens, i, j, bytes, lexicon, firstLine: lineIndex == 0 || previousLineBlank && sections.count == 1) {
                var kind = h.rule.kind
                // A radiology report's "EXAM: FLUOROSCOPIC GUIDED CERVICAL INTERLAMINAR EPIDURAL
                // ..." near the top names the study done, not a physical examination.
                if kind == .exam && h.inline && lineIndex <= 4 && namesTheStudy(tokens, i, j, bytes) { kind = .title }
                let sec = Section(kind: kind, context: h.rule.context, header: h.span, first: i, end: j, inline: h.inline)
                headerLines.insert(i)
                if h.inline && kind == .other {
                    // An unknown inline label ("Needle: 22 g") is a field of the enclosing section.
                    current = enclosing
                } else {
                    sections.append(sec)
                    current = Int32(sections.count - 1)
                    // A header scopes until the next header: an own-line header ends where any other begins;
                    // an inline one also ends at a blank line.
                    enclosing = h.inline ? 0 : current
                }
            }
            for t in i..<min(j + 1, tokens.count) { sectionOf[t] = current }
            // A title line without a colon names the procedure; the text after it is not title.
            if sections[Int(current)].kind == .title && !sections[Int(current)].inline && sections[Int(current)].first == i && titleLineOnly(tokens, i, j) {
                enclosing = 0
                current = 0
            }
            if !blank { lineIndex += 1 }
            previousLineBlank = blank
            i = j + 1
        }
        // Section token ranges from the assignment.
        for s in sections.indices { sections[s].first = Int.max; sections[s].end = 0 }
        for (t, s) in sectionOf.enumerated() {
            sections[Int(s)].first = min(sections[Int(s)].first, t)
            sections[Int(s)].end = max(sections[Int(s)].end, t + 1)
        }
        for s in sections.indices where sections[s].first == Int.max { sections[s].first = 0 }
        // A "Medications" list that gives routes ("epidural", "skin", "transforaminal") lists
        // what was injected, not the patient's home medications.
        for s in sections.indices where sections[s].kind == .medications && sections[s].first < sections[s].end {
            var routes = 0
            // "Meds drawn up/given by MD:": a header that says the drugs were given.
            var given = false
            for t in sections[s].first..<sections[s].end where tokens[t].kind == .word {
                if routeWords.contains(bytes, Int(tokens[t].start), Int(tokens[t].end)) { routes += 1 }
                if Int(tokens[t].end) <= sections[s].header.end && givenWords.contains(bytes, Int(tokens[t].start), Int(tokens[t].end)) { given = true }
            }
            // "Needle: ... Contrast: ... Meds: Kenalog 40 mg/mL 2 mL": a medications field among
            // the procedure's own fields lists what was injected.
            let amongProcedure = s > 0 && ([.technique, .device, .contrast, .guidance, .level, .anesthesia, .injectate] as [SectionKind]).contains(sections[s - 1].kind)
                && sections[s].inline && sections[s - 1].end >= sections[s].first - 2
            if routes >= 2 || given || amongProcedure {
                let old = sections[s]
                sections[s] = Section(kind: .injectate, context: nil, header: old.header, first: old.first, end: old.end, inline: old.inline)
            }
        }
        // A section pasted twice (the same header and text again, at least 60 bytes) is a
        // copy: its drugs and levels are not a second administration.
        var spans: [(Int, Int)] = sections.map { sec in
            sec.first < sec.end && sec.end <= tokens.count ? (Int(tokens[sec.first].start), Int(tokens[sec.end - 1].end)) : (0, 0)
        }
        for k in sections.indices where k > 0 && sections[k].header.end > sections[k].header.start && spans[k].1 - spans[k].0 >= 60 {
            let len = spans[k].1 - spans[k].0
            if (1..<k).contains(where: { j in
                spans[j].1 - spans[j].0 == len && sections[j].kind == sections[k].kind
                    && bytes[spans[j].0..<spans[j].1].elementsEqual(bytes[spans[k].0..<spans[k].1])
            }) {
                let old = sections[k]
                sections[k] = Section(kind: .pastHistory, context: nil, header: old.header, first: old.first, end: old.end, inline: old.inline)
                spans[k] = (0, 0)
            }
        }
        // A radiology report's "IMPRESSION:" that sums up the procedure done ("Technically
        // successful right L5-S1 interlaminar epidural injection. No complications.") tells the
        // procedure, not a diagnosis: its level, complications and response count.
        for s in sections.indices where sections[s].kind == .diagnosis && sections[s].first < sections[s].end
            && headerWord(tokens, sections[s].header).map({ summaryHeaders.contains(bytes, Int($0.start), Int($0.end)) }) == true
            && reportsProcedure(tokens, sections[s], bytes) {
            let old = sections[s]
            sections[s] = Section(kind: .technique, context: nil, header: old.header, first: old.first, end: old.end, inline: old.inline)
        }
        // "cc: Antonio Greer, MD; Physical Therapy Dept." after the procedure is told: the
        // distribution list of a dictated report, not a chief complaint (its names are no history).
        for s in sections.indices where s > 0 && sections[s].kind == .history
            && headerWord(tokens, sections[s].header).map({ Tokenizer.matches($0, bytes, "cc") }) == true
            && sections[1..<s].contains(where: { distributionAfter.contains($0.kind) }) {
            let old = sections[s]
            sections[s] = Section(kind: .signature, context: nil, header: old.header, first: old.first, end: old.end, inline: old.inline)
        }
        // "Imaging:  Cervical MRI 10/10/2025 report: ...": a field that opens with a diagnostic
        // study reports the study, not the guidance.
        for s in sections.indices where s > 0 && sections[s].kind == .guidance && sections[s].first < sections[s].end {
            var words = 0
            var t = sections[s].first
            while t < sections[s].end, Int(tokens[t].start) < sections[s].header.end { t += 1 }
            var study = false
            while t < sections[s].end, words < 3, tokens[t].kind != .newline {
                if tokens[t].kind == .word {
                    words += 1
                    if studyWords.contains(bytes, Int(tokens[t].start), Int(tokens[t].end)) { study = true; break }
                }
                t += 1
            }
            if study {
                let old = sections[s]
                sections[s] = Section(kind: .imagingStudy, context: nil, header: old.header, first: old.first, end: old.end, inline: old.inline)
            }
        }
        // "PROCEDURE:" used for the narrative: a long title section is the technique.
        for s in sections.indices where sections[s].kind == .title && sections[s].first < sections[s].end {
            var words = 0
            for t in sections[s].first..<sections[s].end where tokens[t].kind == .word { words += 1 }
            if words > 45 {
                let old = sections[s]
                sections[s] = Section(kind: .technique, context: nil, header: old.header, first: old.first, end: old.end, inline: old.inline)
            }
        }

        // Sentences: a newline, or . ! ? ; followed by space or end. A header's colon
        // ends the header phrase too.
        var sentenceOf = [Int32](repeating: 0, count: tokens.count)
        var sentences: [Range<Int>] = []
        var start = 0
        func close(_ end: Int) {
            guard end > start else { return }
            if (start..<end).allSatisfy({ tokens[$0].kind == .newline }), let last = sentences.popLast() {
                // A bare line break belongs to the sentence before it.
                sentences.append(last.lowerBound..<end)
                for t in start..<end { sentenceOf[t] = Int32(sentences.count - 1) }
            } else {
                sentences.append(start..<end)
            }
            start = end
        }
        // A sentence ending inside a quotation ('it "takes the edge off." PT is planned')
        // closes after the closing quote.
        var closeAtQuote = -1
        for t in 0..<tokens.count {
            // A "sentence" longer than any written one (unpunctuated dictation run into one
            // block, a damaged export) is cut, so the per-sentence work stays linear.
            if t - start >= Sectionizer.maxSentenceTokens { close(t) }
            sentenceOf[t] = Int32(sentences.count)
            if t == closeAtQuote { close(t + 1); continue }
            let tok = tokens[t]
            if tok.kind == .newline {
                if !wrapped(t, tokens, bytes, wrapWidth, headerLines: headerLines) { close(t + 1) }
                continue
            }
            if tok.kind == .punct, tok.end - tok.start == 1 || Tokenizer.isSpoken(tok, bytes) {
                let b = tok.first
                // A dot leader or an ellipsis ("Triamcinolone ........ 40 mg") does not end a sentence.
                let leader = b == 0x2E && t > 0 && tokens[t - 1].first == 0x2E && tokens[t - 1].end == tok.start
                // "plus 1 cc. 1% lidocaine": a unit's abbreviation point before a number.
                // So is "1 ml. and 1 ml. of 0.5% ropivacaine" (a lower-case word after it) and
                // "0.5 ml. Omnipaque 240 outlined ..." (the amount alone so far).
                let afterUnit = b == 0x2E && t > 0 && t + 1 < tokens.count && tokens[t - 1].end == tok.start
                    && Sectionizer.unitWords.contains(bytes, Int(tokens[t - 1].start), Int(tokens[t - 1].end))
                var unitPoint = false
                if afterUnit {
                    let next = tokens[t + 1]
                    unitPoint = next.kind == .number || (next.kind == .word && bytes[Int(next.start)] >= 0x61 && bytes[Int(next.start)] <= 0x7A)
                    if !unitPoint {
                        var u = start
                        while u < t - 1, tokens[u].kind == .number || tokens[u].kind == .newline { u += 1 }
                        unitPoint = u >= t - 1
                    }
                }
                // "Consent reviewed incl. bleeding", "Dr. Reyes": an abbreviation's point.
                let abbreviation = b == 0x2E && t > 0 && tokens[t - 1].end == tok.start && tokens[t - 1].kind == .word
                    && Sectionizer.abbreviations.contains(bytes, Int(tokens[t - 1].start), Int(tokens[t - 1].end))
                if (b == 0x2E || b == 0x21 || b == 0x3F || b == 0x3B) && !leader && !unitPoint && !abbreviation {
                    let next = Int(tok.end)
                    if next >= bytes.count || bytes[next] == 0x20 || bytes[next] == 0x0A || bytes[next] == 0x0D
                        || bytes[next] == 0x09 || (bytes[next] == 0xC2 && next + 1 < bytes.count && bytes[next + 1] == 0xA0) {
                        close(t + 1)
                    } else if (bytes[next] == 0x22 || bytes[next] == 0x27), t + 1 < tokens.count, Int(tokens[t + 1].start) == next,
                              Int(tokens[t + 1].end) >= bytes.count || bytes[Int(tokens[t + 1].end)] == 0x20 || bytes[Int(tokens[t + 1].end)] == 0x0A
                                || bytes[Int(tokens[t + 1].end)] == 0x0D {
                        closeAtQuote = t + 1
                    }
                }
            }
        }
        close(tokens.count)
        return Structure(sections: sections, sectionOf: sectionOf, sentenceOf: sentenceOf, sentences: sentences)
    }

    struct Header { let rule: SectionRule; let span: Span; let inline: Bool }

    /// The longest sentence, in tokens: the longest in the corpora is about 250.
    static let maxSentenceTokens = 400

    /// Inline headers whose value is one line ("PROCEDURE: ...", "COMPLICATIONS: None."):
    /// the narrative on the lines after them is not theirs.
    /// "Allergies: NKDA." answers on its line; the lines after it are not allergies (a table
    /// under an "Allergen<TAB>Reactions" row is).
    static func colonAllergies(_ sec: Section, _ bytes: [UInt8]) -> Bool {
        sec.kind == .allergies && sec.header.end > 0 && sec.header.end <= bytes.count && bytes[sec.header.end - 1] == 0x3A
    }

    static let unitWords: WordSet = ["cc", "ml", "mls", "mg", "mgs", "mcg", "ccs"]
    /// Sections a numbered procedure header can open (`separateProcedures`).
    static let procedureHeaderKinds: SectionKinds = [.title, .technique, .other, .separateProcedure]

    static let lineOnlyKinds: SectionKinds = [.title, .complications, .signature, .level, .device, .guidance, .contrast, .anesthesia, .billing]

    /// Inline sections that tell the history: they run on over the next lines, but not into
    /// the procedure's description.
    static let abbreviations: WordSet = ["incl", "approx", "dr", "vs", "esp", "resp"]
    static let givenWords: WordSet = ["given", "injected", "administered", "drawn"]
    static let examStudyWords: WordSet = ["injection", "epidural", "esi", "guided", "guidance", "fluoroscopic", "transforaminal",
                                          "interlaminar", "caudal", "epidurogram"]

    /// "PROCEDURE #2 - ... :", "Procedure 1 - ... :": the colon after a numbered procedure's
    /// name (a dash after the number, the colon within 24 tokens), or nil.
    static func numberedNameColon(_ tokens: [Token], _ s: Int, _ j: Int, _ bytes: [UInt8]) -> Int? {
        guard s + 3 < j, tokens[s].end - tokens[s].start == 9,
              bytes[Int(tokens[s].start)..<Int(tokens[s].end)].elementsEqual("procedure".utf8, by: { $0 | 0x20 == $1 }) else { return nil }
        var u = s + 1
        if tokens[u].kind == .punct && tokens[u].first == 0x23 { u += 1 }
        guard u + 1 < j, tokens[u].kind == .number, tokens[u + 1].kind == .punct, tokens[u + 1].first == 0x2D else { return nil }
        var c = u + 2
        while c < j && c < u + 26 {
            if tokens[c].kind == .punct && tokens[c].first == 0x3A { return c }
            c += 1
        }
        return nil
    }

    /// Whether a one-word "EXAM:" header (tokens from `i`) is followed, up to token `j`, by a
    /// short line (at most 20 words) with two or more words naming an injection study.
    static func namesTheStudy(_ tokens: [Token], _ i: Int, _ j: Int, _ bytes: [UInt8]) -> Bool {
        var s = i
        while s < j, tokens[s].kind == .punct { s += 1 }
        guard s + 1 < j, tokens[s].kind == .word, tokens[s + 1].kind == .punct, tokens[s + 1].first == 0x3A else { return false }
        var words = 0, named = 0
        for t in (s + 2)..<j where tokens[t].kind == .word || tokens[t].kind == .number {
            words += 1
            if examStudyWords.contains(bytes, Int(tokens[t].start), Int(tokens[t].end)) { named += 1 }
        }
        return named >= 2 && words <= 20
    }
    static let routeWords: WordSet = ["epidural", "transforaminal", "interlaminar", "caudal", "skin", "subcutaneous",
                                      "infiltration", "injected", "injectate", "perineural"]
    static let storyKinds: SectionKinds = [.indication, .diagnosis, .history, .pastHistory]
    /// Words only the description of the procedure uses.
    static let techniqueWords: WordSet = ["prepped", "draped", "prone", "needle", "needles", "gauge", "tuohy", "quincke", "resistance",
                                          "aspiration", "supine", "prep", "drape", "lor"]

    /// Whether the line `[i, j)` describes the procedure (its positioning, prep or needle).
    static func describesTechnique(_ tokens: [Token], _ i: Int, _ j: Int, _ bytes: [UInt8]) -> Bool {
        for t in i..<j where tokens[t].kind == .word {
            if techniqueWords.contains(bytes, Int(tokens[t].start), Int(tokens[t].end)) { return true }
        }
        return false
    }

    /// Whether the line starting at token `i` continues the previous line mid-sentence:
    /// the previous line is long and does not end a sentence.
    static func continuesLine(_ i: Int, _ tokens: [Token], _ bytes: [UInt8], _ width: Int) -> Bool {
        guard i >= 2, tokens[i - 1].kind == .newline, !spokenBreak(tokens[i - 1], bytes) else { return false }
        let prev = tokens[i - 2]
        if prev.kind == .newline { return false }
        var lineStart = Int(tokens[i - 1].start)
        while lineStart > 0 && bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
        guard Int(tokens[i - 1].start) - lineStart >= width else { return false }
        return !(prev.kind == .punct && [0x2E, 0x3A, 0x3B, 0x21, 0x3F].contains(prev.first))
    }

    /// A line break dictated as words ("new paragraph"): always a break.
    static func spokenBreak(_ t: Token, _ bytes: [UInt8]) -> Bool {
        let b = bytes[Int(t.start)] | 0x20
        return b >= 0x61 && b <= 0x7A
    }

    /// A hard-wrapped line: long, and the next line goes on in lower case ("...with 2 mL of 1%\nlidocaine").
    static func wrapped(_ t: Int, _ tokens: [Token], _ bytes: [UInt8], _ width: Int, headerLines: Set<Int>) -> Bool {
        let nl = Int(tokens[t].start)
        guard t + 1 < tokens.count, tokens[t + 1].kind != .newline, !spokenBreak(tokens[t], bytes) else { return false }
        var lineStart = nl
        while lineStart > 0 && bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
        guard nl - lineStart >= width else { return false }
        if t > 0, tokens[t - 1].kind == .punct, [0x2E, 0x3A, 0x21, 0x3F].contains(tokens[t - 1].first) { return false }
        let next = tokens[t + 1]
        let c = bytes[Int(next.start)]
        // A long line that stops mid-sentence goes on, unless the next line is a header or a bullet.
        if headerLines.contains(t + 1) { return false }
        return (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x28 || (c >= 0x41 && c <= 0x5A)
    }

    /// An own-line title written without a colon ("CAUDAL EPIDURAL STEROID INJECTION").
    static func titleLineOnly(_ tokens: [Token], _ i: Int, _ j: Int) -> Bool {
        !(i..<j).contains { tokens[$0].kind == .punct && tokens[$0].first == 0x3A }
    }

    /// A header at the start of the line `[i, j)`: `WORDS:` (known, or an unknown label),
    /// or an all-caps line without a colon that the section lexicon knows or that opens
    /// the note.
    static func header(_ tokens: [Token], _ i: Int, _ j: Int, _ bytes: [UInt8], _ lexicon: Lexicon, firstLine: Bool) -> Header? {
        var s = i
        // Skip bullets, numbering and leading asterisks.
        while s < j, tokens[s].kind == .punct, tokens[s].first != 0x28 { s += 1 }
        guard s < j, tokens[s].kind == .word else { return nil }
        var k = s
        var words = 0
        var allCaps = true
        // "MEDICATION ADMINISTRATION RECORD (procedure room)": an aside after a header in
        // capitals neither counts toward its case nor belongs to its name.
        var aside: Int?
        while k < j && words <= 7 {
            let t = tokens[k]
            if t.kind == .punct && t.first == 0x3A { break }
            if k > s, bytes[Int(tokens[k - 1].end)] == 0x09 { break }
            if t.kind == .punct && t.first == 0x28 && aside == nil && k > s { aside = k }
            if t.kind == .word || t.kind == .number {
                words += 1
                if aside == nil { for b in bytes[Int(t.start)..<Int(t.end)] where b >= 0x61 && b <= 0x7A { allCaps = false } }
            } else if !(t.first == 0x2D || t.first == 0x2F || t.first == 0x26 || t.first == 0x28 || t.first == 0x29 || t.first == 0x27)
                        // "PROCEDURE #2:", "PROCEDURE B, RIGHT SACROILIAC JOINT:" in capitals.
                        && !((t.first == 0x23 || t.first == 0x2C) && allCaps) {
                break
            }
            k += 1
        }
        // A long aside before the colon ("INFUSION ORDERS (to be started by hospice nursing):"):
        // the colon after its closing parenthesis ends the header.
        if let a = aside, words > 7, k < j, !(tokens[k].kind == .punct && tokens[k].first == 0x3A),
           !(s..<j).contains(where: { tokens[$0].kind == .word && copyWords.contains(bytes, Int(tokens[$0].start), Int(tokens[$0].end)) }) {
            var c = k
            while c < j, c < a + 24, !(tokens[c].kind == .punct && tokens[c].first == 0x29) { c += 1 }
            if c + 1 < j, tokens[c].first == 0x29, tokens[c + 1].kind == .punct, tokens[c + 1].first == 0x3A {
                k = c + 1
                words = 7
            }
        }
        // A header's rule by its key: the tokens' keys one space apart, looked up as bytes.
        var keyBuffer: [UInt8] = []
        keyBuffer.reserveCapacity(64)
        func ruleFor(_ a: Int, _ b: Int) -> SectionRule? {
            keyBuffer.removeAll(keepingCapacity: true)
            for t in a..<b {
                if t > a { keyBuffer.append(0x20) }
                appendLexiconKey(tokens[t], bytes, &keyBuffer)
            }
            return lexicon.sectionRule(keyBuffer)
        }
        // "PROCEDURE #2 - BILATERAL L4-L5 AND L5-S1 FACET JOINT INJECTIONS:": a numbered
        // procedure's header, however long its name, up to the colon that ends the line's name.
        // Its text is that procedure's technique (`separateProcedures` sets apart one that is
        // not an epidural injection).
        if let c = numberedNameColon(tokens, s, j, bytes) {
            return Header(rule: SectionRule(kind: .technique, context: nil), span: Span(Int(tokens[s].start), Int(tokens[c].end)), inline: c + 1 < j)
        }
        // "PROCEDURE NOTE - left paramedian C6-C7 interlaminar ...": a known header in
        // capitals, a spaced dash, then its text (not the note's title line, and not a second
        // procedure's name: "TRIGGER POINT INJECTIONS - bilateral lumbar paraspinals").
        if !firstLine, s + 1 < j, bytes[Int(tokens[s].start)] >= 0x41, bytes[Int(tokens[s].start)] <= 0x5A,
           bytes[Int(tokens[s].start) + 1] >= 0x41, bytes[Int(tokens[s].start) + 1] <= 0x5A,
           let dash = (s..<min(j, s + 6)).first(where: { tokens[$0].kind == .punct && tokens[$0].first == 0x2D }), dash > s, dash + 1 < j,
           Int(tokens[dash].start) > 0, bytes[Int(tokens[dash].start) - 1] == 0x20, Int(tokens[dash].end) < bytes.count, bytes[Int(tokens[dash].end)] == 0x20,
           (s..<dash).allSatisfy({ t in tokens[t].kind == .word && tokens[t].end - tokens[t].start >= 2
               && bytes[Int(tokens[t].start)..<Int(tokens[t].end)].allSatisfy { !($0 >= 0x61 && $0 <= 0x7A) } }),
           let rule = ruleFor(s, dash), rule.kind != .separateProcedure, rule.kind != .title {
            return Header(rule: rule, span: Span(Int(tokens[s].start), Int(tokens[dash].end)), inline: true)
        }
        if k < j, tokens[k].kind == .punct, tokens[k].first == 0x3A, words >= 1 {
            var colonEnd = k + 1
            while colonEnd < j, tokens[colonEnd].kind == .punct, tokens[colonEnd].first == 0x3A { colonEnd += 1 }
            let inline = colonEnd < j
            let span = Span(Int(tokens[s].start), Int(tokens[k].end))
            if let rule = ruleFor(s, k) { return Header(rule: rule, span: span, inline: inline) }
            // Longest known prefix ("DESCRIPTION OF THE PROCEDURE IN DETAIL").
            var e = k - 1
            while e > s + 0 {
                if let rule = ruleFor(s, e), words > 1 { return Header(rule: rule, span: span, inline: inline) }
                e -= 1
            }
            // "LCD L36920 / A56681 REQUIREMENTS (reference):", "Department imaging protocol:": a
            // header that names a policy holds what is done as a rule, not what was done.
            let nameEnd = aside ?? k
            if nameEnd > s, let last = (s..<nameEnd).last(where: { tokens[$0].kind == .word }),
               policyHeaderWords.contains(bytes, Int(tokens[last].start), Int(tokens[last].end)) {
                return Header(rule: SectionRule(kind: .plan, context: .hypothetical), span: span, inline: inline)
            }
            if words <= 5 && (allCaps || !inline) {
                return Header(rule: SectionRule(kind: .other, context: nil), span: span, inline: inline)
            }
            if words <= 4 { return Header(rule: SectionRule(kind: .other, context: nil), span: span, inline: true) }
            return nil
        }
        // "Prior procedure note 01/2026 (copied forward, for reference):": a line ending in a
        // colon that opens with a known history or imaging-study header introduces the text
        // below it.
        if j - s >= 2, j - s <= 20, tokens[j - 1].kind == .punct, tokens[j - 1].first == 0x3A {
            var e = min(s + 4, j - 1)
            while e > s {
                // "XR SACRUM/COCCYX 2 VIEWS 11/03/2025 (outside), report:": a study's report too.
                if let rule = ruleFor(s, e), rule.kind == .pastHistory || rule.kind == .imagingStudy {
                    // Scoped like an inline header: the copied text ends at a blank line.
                    return Header(rule: rule, span: Span(Int(tokens[s].start), Int(tokens[j - 1].end)), inline: true)
                }
                e -= 1
            }
            // "Procedure note 12/22/2025 (pasted for reference):": a note carried in.
            if (s..<j).contains(where: { tokens[$0].kind == .word && copyWords.contains(bytes, Int(tokens[$0].start), Int(tokens[$0].end)) }) {
                return Header(rule: SectionRule(kind: .pastHistory, context: .historical), span: Span(Int(tokens[s].start), Int(tokens[j - 1].end)), inline: true)
            }
            // "REFERRAL (quoted from Dr. Benoit's letter of 09/22/2025):": a known header, then
            // an aside; the text below is the header's.
            if let p = (s..<(j - 1)).first(where: { tokens[$0].kind == .punct && tokens[$0].first == 0x28 }), p > s,
               tokens[j - 2].kind == .punct, tokens[j - 2].first == 0x29, let rule = ruleFor(s, p) {
                return Header(rule: rule, span: Span(Int(tokens[s].start), Int(tokens[j - 1].end)), inline: false)
            }
        }
        // "Field<TAB>value" templates: a known label followed by a tab.
        if k < j, k > s, Int(tokens[k - 1].end) < bytes.count, bytes[Int(tokens[k - 1].end)] == 0x09,
           let rule = ruleFor(s, k) {
            return Header(rule: rule, span: Span(Int(tokens[s].start), Int(tokens[k - 1].end)), inline: true)
        }
        // "HISTORY 55 year old woman ...", "DESCRIPTION prone position ...": a known header in
        // capitals opening a line, then the text in lower case with no colon (dictation).
        if !(k < j && tokens[k].kind == .punct && tokens[k].first == 0x3A), tokens[s].end - tokens[s].start >= 3 {
            func caps(_ t: Token) -> Bool {
                var letter = false
                for b in bytes[Int(t.start)..<Int(t.end)] {
                    if b >= 0x61 && b <= 0x7A { return false }
                    if b >= 0x41 && b <= 0x5A { letter = true }
                }
                return letter
            }
            var e = s
            while e < j, e - s < 4, tokens[e].kind == .word, caps(tokens[e]) { e += 1 }
            var p = e
            while p > s {
                if p < j, tokens[p].kind == .number || (tokens[p].kind == .word && !caps(tokens[p])),
                   let rule = ruleFor(s, p) {
                    return Header(rule: rule, span: Span(Int(tokens[s].start), Int(tokens[p - 1].end)), inline: true)
                }
                p -= 1
            }
        }
        // All-caps line with no colon.
        if k >= j, allCaps, words >= 1, words <= 8 {
            let span = Span(Int(tokens[s].start), Int(tokens[j - 1].end))
            if let rule = ruleFor(s, j) { return Header(rule: rule, span: span, inline: false) }
            if let a = aside, tokens[j - 1].first == 0x29, let rule = ruleFor(s, a) {
                return Header(rule: rule, span: Span(Int(tokens[s].start), Int(tokens[a - 1].end)), inline: false)
            }
            if firstLine && words >= 2 { return Header(rule: SectionRule(kind: .title, context: nil), span: span, inline: false) }
        }
        // A line that is exactly a known list header, without a colon, in any case
        // ("Allergies", "Current Outpatient Medications" in EHR exports).
        // A visit note's own-line titles, capitalized ("Interval History", "Review of Systems",
        // "Assessment and Plan", "Procedure", "Medications injected"): a known header.
        if k >= j, !allCaps, words >= 1, words <= 8, let rule = ruleFor(s, j),
           [.allergies, .medications, .pastHistory, .family, .social].contains(rule.kind)
            || (words <= 5 && bytes[Int(tokens[s].start)] >= 0x41 && bytes[Int(tokens[s].start)] <= 0x5A) {
            return Header(rule: rule, span: Span(Int(tokens[s].start), Int(tokens[j - 1].end)), inline: false)
        }
        return nil
    }

    /// "Prior procedure note (copied forward):" alone on its line: the lines under it are the
    /// copied note, technique and all.
    static func introducesCopy(_ sec: Section, _ tokens: [Token]) -> Bool {
        guard sec.kind == .pastHistory else { return false }
        var t = sec.first
        while t < tokens.count, Int(tokens[t].start) < sec.header.end { t += 1 }
        return t >= tokens.count || tokens[t].kind == .newline
    }

    static let copyWords: WordSet = ["copied", "pasted", "reference", "carried"]

    /// A line that starts a list item: "- ", "* ", "• ", "1) ", "2. ".
    static func listLine(_ tokens: [Token], _ i: Int, _ j: Int) -> Bool {
        guard i < j else { return false }
        let t = tokens[i]
        if t.kind == .punct && (t.first == 0x2D || t.first == 0x2A) { return true }
        if t.kind == .punct && t.end - t.start == 3 && t.first == 0xE2 { return true }   // • ▪ ‣
        if t.kind == .number, i + 1 < j, tokens[i + 1].kind == .punct, tokens[i + 1].first == 0x29 || tokens[i + 1].first == 0x2E,
           t.end - t.start <= 2, tokens[i + 1].start == t.end { return true }
        return false
    }

    /// An inline field whose value is a few words on its own line ("Pain score: ***/10").
    static func shortField(_ sec: Section, _ tokens: [Token]) -> Bool {
        var t = sec.first
        while t < tokens.count, Int(tokens[t].start) < sec.header.end { t += 1 }
        var words = 0
        while t < tokens.count, tokens[t].kind != .newline {
            if tokens[t].kind == .word || tokens[t].kind == .number { words += 1 }
            t += 1
        }
        return words <= 4
    }

    /// Headers that sum up a report: in a radiology procedure report they tell what was done.
    /// Last words of a header that names a policy or a payer's list ("... REQUIREMENTS:").
    static let policyHeaderWords: WordSet = ["requirements", "protocol", "protocols", "policy", "policies", "reference"]
    /// Diagnostic studies whose report may sit under an "Imaging:" field.
    static let studyWords: WordSet = ["mri", "mris", "myelogram", "emg", "ncs", "radiographs", "xrays"]
    /// Sections after which a "cc:" line is the report's distribution list.
    static let distributionAfter: SectionKinds = [.technique, .complications, .outcome, .signature, .injectate]
    static let summaryHeaders: WordSet = ["impression", "impressions", "conclusion", "conclusions", "summary"]
    /// Words naming an injection procedure, and words that make its mention something other
    /// than the report of today's procedure (a plan, a past one).
    static let summaryProcedureWords: WordSet = ["injection", "injections", "esi", "tfesi", "ilesi", "epidurogram", "epidurography"]
    static let summaryOtherWords: WordSet = ["plan", "recommend", "recommended", "consider", "candidate", "would", "will",
                                             "schedule", "scheduled", "request", "requested", "status", "prior",
                                             "previous", "history", "after", "following", "since", "post", "refer", "referral"]

    /// The header's word when the header is one word ("IMPRESSION:").
    static func headerWord(_ tokens: [Token], _ header: Span) -> Token? {
        guard header.end > header.start else { return nil }
        var lo = 0, hi = tokens.count
        while lo < hi { let m = (lo + hi) / 2; if Int(tokens[m].start) < header.start { lo = m + 1 } else { hi = m } }
        var t = lo
        while t < tokens.count, Int(tokens[t].start) < header.end, tokens[t].kind != .word { t += 1 }
        guard t < tokens.count, Int(tokens[t].end) <= header.end else { return nil }
        // One word, then at most the colon.
        return Int(tokens[t].end) + 1 < header.end ? nil : tokens[t]
    }

    /// Whether the first sentence after a section's header reports an injection as done.
    static func reportsProcedure(_ tokens: [Token], _ sec: Section, _ bytes: [UInt8]) -> Bool {
        var named = false
        var seen = false
        for t in sec.first..<sec.end where Int(tokens[t].start) >= sec.header.end {
            let tok = tokens[t]
            // "1.  Technically successful ...": a list number's point is no sentence end.
            if tok.kind == .punct && tok.first == 0x2E && !(t > 0 && tokens[t - 1].kind == .number && !seen) { break }
            if tok.kind == .word { seen = true }
            guard tok.kind == .word else { continue }
            let (a, b) = (Int(tok.start), Int(tok.end))
            if summaryOtherWords.contains(bytes, a, b) { return false }
            if summaryProcedureWords.contains(bytes, a, b) { named = true }
        }
        return named
    }

    /// The case-folded key bytes of a token (normalized dash and quote).
    /// Appends the case-folded key of `t` to `out` (no array per token).
    static func appendLexiconKey(_ t: Token, _ bytes: [UInt8], _ out: inout [UInt8]) {
        if t.kind == .punct && (t.first == 0x2D || t.first == 0x27) { out.append(t.first); return }
        bytes.withUnsafeBufferPointer { Tokenizer.appendFolded($0, Int(t.start), Int(t.end), &out) }
    }

    static func lexiconKey(_ t: Token, _ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(Int(t.end - t.start))
        appendLexiconKey(t, bytes, &out)
        return out
    }
}
