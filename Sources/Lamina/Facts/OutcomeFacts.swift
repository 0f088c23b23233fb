/// Complications, response after the procedure, and signature.
enum OutcomeFacts {
    static let complicationSections: SectionKinds = [.none, .technique, .findings, .complications, .outcome, .injectate, .other, .contrast, .guidance, .device]

    static func extract(_ d: Document, _ f: inout Facts) {
        complications(d, &f)
        response(d, &f)
        signature(d, &f)
    }

    static let noneWords: WordSet = ["none", "no", "nil", "negative", "denied"]
    static let pendingWords: WordSet = ["pending", "follow", "awaiting", "later", "unsigned"]
    static let toleratedWords: WordSet = ["tolerated", "discharged"]
    static let narrativeSections: SectionKinds = [.technique, .injectate, .guidance, .device, .contrast, .findings]

    static let complaintSections: SectionKinds = [.history, .indication, .diagnosis, .title]

    static func complications(_ d: Document, _ f: inout Facts) {
        let ms = d.live(.complication).filter { complicationSections.contains(d.section($0)) && !$0.has(.hypothetical) && !$0.has(.historical) && !$0.has(.family) && !$0.has(.possible) }
        // Symptoms told before the procedure's description starts ("with bilateral L5
        // paresthesias" in an unheaded history paragraph) are not complications.
        let narrative = OutcomeFacts.narrativeSections
        let start = d.structure.sections.filter { narrative.contains($0.kind) }.map(\.first).min() ?? 0
        // The complaint the patient came with, told again after the procedure ("the headache
        // had resolved" after an occipital nerve block for headaches), is the response.
        func stem(_ m: Mention) -> Substring {
            let t = d.entry(m).term
            return t.hasSuffix("s") ? t.dropLast() : t[...]
        }
        let complaints = Set(d.live(.complication).filter { complaintSections.contains(d.section($0)) }.map { stem($0).lowercased() })
        // "Reason Not Used: Contrast allergy (anaphylaxis)": the allergy's past reaction.
        let allergySentences = Set(d.live(.contrast).filter { d.entry($0).value == "allergy" }.map { d.structure.sentenceOf[Int($0.first)] })
        let events = ms.filter { d.entry($0).value == "event" && !$0.has(.negated)
            && !allergySentences.contains(d.structure.sentenceOf[Int($0.first)])
            && !(d.section($0) == .none && Int($0.first) < start)
            && !(d.section($0) == .outcome && complaints.contains(stem($0).lowercased())) }
        if !events.isEmpty {
            f.complications = "present"
            for m in events { f.cite("complications", m.span) }
            return
        }
        // "COMPLICATIONS: Blood on initial aspiration, resolved with repositioning. No other
        // complications.": "other" says what the field told first was one.
        for m in ms where d.entry(m).value == "generic" && m.has(.negated) && Int(m.first) > 0 && d.isWord(Int(m.first) - 1, "other") {
            let k = Int(d.structure.sectionOf[Int(m.first)])
            let sec = d.structure.sections[k]
            guard sec.kind == .complications, sec.header.end > sec.header.start else { continue }
            var t = sec.first
            while t < sec.end && Int(d.tokens[t].start) < sec.header.end { t += 1 }
            while t < sec.end && (d.tokens[t].kind == .punct || d.tokens[t].kind == .newline) { t += 1 }
            guard t < Int(m.first) - 2, !d.keyIn(t, OutcomeFacts.noneWords), !d.context.withdrawn(t),
                  d.structure.sentenceOf[t] != d.structure.sentenceOf[Int(m.first)] else { continue }
            let r = d.structure.sentences[Int(d.structure.sentenceOf[t])]
            f.complications = "present"
            f.cite("complications", Span(Int(d.tokens[t].start), Int(d.tokens[r.upperBound - 1].end)))
            return
        }
        let none = ms.filter { m in
            let v = d.entry(m).value
            return (v == "generic" && m.has(.negated)) || (v == "none" && !m.has(.negated))
        }
        if !none.isEmpty {
            f.complications = "none"
            for m in none.prefix(2) { f.cite("complications", m.span) }
            return
        }
        // "Cx: none." — a complications line whose first word denies any.
        for s in d.structure.sections where s.kind == .complications && s.header.end > s.header.start {
            var t = s.first
            while t < s.end && Int(d.tokens[t].start) < s.header.end { t += 1 }
            while t < s.end && (d.tokens[t].kind == .punct || d.tokens[t].kind == .newline) { t += 1 }
            if t < s.end, d.keyIn(t, OutcomeFacts.noneWords), !d.context.withdrawn(t) {
                f.complications = "none"
                f.cite("complications", Span(s.header.start, Int(d.tokens[t].end)))
                return
            }
        }
        // "COMPLICATIONS: [ ] Vasovagal [ ] Paresthesia [x] None": the ticked box answers.
        for s in d.structure.sections where s.kind == .complications && s.header.end > s.header.start {
            var t = s.first
            while t + 1 < s.end {
                if let (a, ticked) = ContextIndex.box(d.tokens, d.note.bytes, at: t, lineEnd: s.end), ticked, a < s.end, d.keyIn(a, OutcomeFacts.noneWords) {
                    f.complications = "none"
                    f.cite("complications", Span(Int(d.tokens[t].start), Int(d.tokens[a].end)))
                    return
                }
                t += 1
            }
        }
        // "COMPLICATIONS: Spinal tap." is handled as an event; "COMPLICATIONS:" followed by
        // other words that are not a denial leaves the field unknown.
    }

    static let responseExcluded: SectionKinds = [.plan, .consent, .history, .indication, .pastHistory, .family, .billing, .diagnosis, .imagingStudy, .exam]

    static func response(_ d: Document, _ f: inout Facts) {
        // An "Assessment:" after the complications line assesses the patient after the
        // procedure ("Assessment: Comfortable ... To the OR hemodynamically stable").
        let complicationsStart = d.structure.sections.filter { $0.kind == .complications && $0.header.end > $0.header.start }.map(\.first).min()
        // A radiology IMPRESSION (a diagnosis-kind header) that says how the patient tolerated
        // the procedure reports the response.
        func allowed(_ m: Mention) -> Bool {
            let k = d.section(m)
            if k == .diagnosis, let c = complicationsStart, d.section(ofToken: Int(m.first)).first > c, !d.entry(m).has("weak") { return true }
            // ... and so does "The patient tolerated the procedure well" run on under "VITAL SIGNS:".
            if k == .diagnosis || k == .exam { return d.sentenceHas(Int(m.first), OutcomeFacts.toleratedWords) }
            // "BP 132/78, HR 72": vital signs read out count after the procedure only.
            if d.entry(m).has("weak") {
                guard k == .outcome || m.has(.post) else { return false }
                let range = d.sentenceRange(Int(m.first))
                return (Int(m.end)..<min(Int(m.end) + 4, range.upperBound)).contains { d.tokens[$0].kind == .number }
            }
            return !responseExcluded.contains(k)
        }
        for m in d.live(.outcome) where allowed(m) && !m.has(.hypothetical) && !m.has(.historical)
            && (!m.has(.negated) || d.context.separatedFromCue(Int(m.first), kind: .negated)) {
            f.response = true
            f.cite("outcome.response", m.span)
        }
    }

    /// Whether a signature word is its section's header and the first words after it are
    /// hypothetical ("ATTESTATION:  By signing below, ...").
    static func headerOnly(_ d: Document, _ m: Mention) -> Bool {
        let sec = d.section(ofToken: Int(m.first))
        guard m.span.start >= sec.header.start, m.span.end <= sec.header.end else { return false }
        var t = Int(m.end)
        while t < d.tokens.count, d.tokens[t].kind == .punct { t += 1 }
        guard t < d.tokens.count, d.tokens[t].kind == .word else { return false }
        var e = t
        while e < d.tokens.count, e < t + 10, d.tokens[e].kind != .newline { e += 1 }
        return (t..<e).contains { d.tokens[$0].kind == .word && d.flags($0, $0 + 1) & Mention.bit(.hypothetical) != 0 }
    }

    static func signature(_ d: Document, _ f: inout Facts) {
        var last: (Bool, Mention)?
        for m in d.live(.signature) {
            let v = d.entry(m).value
            if v == "signed" {
                if m.has(.negated) { continue }
                // "PLAN: Return in 3 weeks.\nElectronically signed by ...": a signature opening its
                // own sentence in a plan's section is no plan.
                if m.has(.hypothetical) && !(d.section(m) == .plan && opensSentence(d, m)) { continue }
                if blankAfter(d, m) { continue }
                // "ATTESTATION:  By signing below, the provider attests ...": a header whose text
                // says what a later signature will mean signs nothing.
                if headerOnly(d, m) { continue }
                // "Attending attestation: to follow", "Signature: [pending]".
                if deferred(d, Int(m.end)) { last = (false, m); continue }
                last = (true, m)
            } else if v == "unsigned" {
                last = (false, m)
            }
        }
        if let (signed, m) = last {
            f.signed = signed
            f.cite(signed ? "signed" : "unsigned", m.span)
        }
        // "Signed: A. Name, MD" / "Signature<TAB>A. Name": a signature line with a name on it.
        if last == nil {
            for s in d.structure.sections where s.kind == .signature && s.header.end > s.header.start {
                let header = d.note.text(s.header).lowercased()
                guard header.contains("sign") else { continue }
                var t = s.first
                while t < d.tokens.count && Int(d.tokens[t].start) < s.header.end { t += 1 }
                var words = 0, blank = false
                var end = t
                while end < d.tokens.count && d.tokens[end].kind != .newline {
                    if d.tokens[end].kind == .word { words += 1 }
                    if d.tokens[end].first == 0x5F { blank = true }
                    end += 1
                }
                if words >= 1 && !blank && !deferred(d, t) {
                    f.signed = true
                    f.cite("signed", Span(s.header.start, Int(d.tokens[end - 1].end)))
                }
            }
        }
    }

    /// Whether `m` is the first word of its sentence.
    static func opensSentence(_ d: Document, _ m: Mention) -> Bool {
        var t = d.sentenceRange(Int(m.first)).lowerBound
        while t < Int(m.first), d.tokens[t].kind != .word && d.tokens[t].kind != .number { t += 1 }
        return t == Int(m.first)
    }

    /// A signature line that puts the signing off: "pending", "to follow", "awaiting".
    static func deferred(_ d: Document, _ from: Int) -> Bool {
        var t = from
        while t < d.tokens.count, d.tokens[t].kind != .newline {
            if d.keyIn(t, OutcomeFacts.pendingWords) { return true }
            t += 1
        }
        return false
    }

    /// "Signed by: ________" — the signature line is blank.
    static func blankAfter(_ d: Document, _ m: Mention) -> Bool {
        var t = Int(m.end)
        var sawBlank = false
        let n = d.tokens.count
        while t < n, d.tokens[t].kind != .newline {
            let tok = d.tokens[t]
            if tok.kind == .word || tok.kind == .number { return false }
            if tok.first == 0x5F || tok.first == 0x2A { sawBlank = true }
            t += 1
        }
        if sawBlank { return true }
        // "Electronically signed by:" ending its line: the name may be on the next line; when
        // the next line is another empty field ("Date/Time:") or the note ends, no one signed.
        let last = Int(m.end) - 1
        let asksName = d.isWord(last, "by") || (Int(m.end) < n && d.tokens[Int(m.end)].first == 0x3A)
        guard asksName else { return false }
        while t < n, d.tokens[t].kind == .newline { t += 1 }
        if t >= n { return true }
        var k = t, words = 0
        while k < n, d.tokens[k].kind != .newline {
            if d.tokens[k].kind == .punct && d.tokens[k].first == 0x3A {
                // A label with nothing after it on its line.
                var r = k + 1
                while r < n, d.tokens[r].kind != .newline, d.tokens[r].kind == .punct { r += 1 }
                return words <= 3 && (r >= n || d.tokens[r].kind == .newline)
            }
            if d.tokens[k].kind == .word { words += 1 }
            k += 1
        }
        return false
    }
}
