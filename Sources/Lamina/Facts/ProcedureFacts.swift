/// Procedure family, approach, levels, region and laterality.
enum ProcedureFacts {
    static func extract(_ d: Document, _ f: inout Facts) {
        approach(d, &f)
        procedure(d, &f)
        let hits = levelHits(d, includeNegated: true)
        levels(d, &f, all: hits)
        region(d, &f)
        laterality(d, &f, hits: hits.filter { !$0.negated })
    }

    static let procedureExcluded: SectionKinds = [.plan, .consent, .family, .pastHistory, .billing, .allergies, .medications, .imagingStudy, .exam, .separateProcedure]

    static let storySections: SectionKinds = [.history, .indication]

    static func procedure(_ d: Document, _ f: inout Facts) {
        var esi = 0, other = 0
        var esiSpans: [Span] = [], otherSpans: [Span] = []
        // "PLAN: ... No procedure today.": a statement about today, even under a plan.
        func today(_ m: Mention) -> Bool { d.section(m) == .plan && !m.has(.negated) && d.entry(m).has("today") }
        for m in d.live(.procedure) where (m.asserted && !procedureExcluded.contains(d.section(m))) || today(m) {
            let e = d.entry(m)
            var w = Int(e.attr("weight") ?? "1") ?? 1
            if d.section(m) == .title { w *= 2 }
            // Another procedure told in the history ("a spinal cord stimulator trial gave no
            // benefit") is care the patient had, not today's procedure.
            // An indication of "Labor analgesia" is the purpose of today's procedure, though.
            if e.value == "other" && storySections.contains(d.section(m)) && !(d.section(m) == .indication && e.has("purpose")) { continue }
            // "Interval history: right L5 transforaminal epidural steroid injection 01/15/2026,
            // about 70% relief": a dated injection in the story is an earlier one.
            if e.value == "esi" && storySections.contains(d.section(m)) && datedAfter(d, Int(m.end)) { continue }
            if e.value == "esi" { esi += w; esiSpans.append(m.span) }
            if e.value == "other" && w > 0 { other += w; otherSpans.append(m.span) }
            if e.value == "esi" && e.has("neurolytic") { f.neurolytic = true; f.cite("neurolytic", m.span) }
            if e.value == "esi" && e.has("pump_trial") { f.pumpTrial = true; f.cite("pump_trial", m.span) }
            if e.value == "esi" && e.has("diagnostic") { f.diagnosticBlock = true; f.cite("diagnostic_block", m.span) }
        }
        // An ESI approach named in the procedure's own text counts toward the family.
        for m in d.live(.approach) where m.asserted && d.inProcedure(m) && !d.entry(m).has("cue") { esi += 1 }
        // An approach described in the body (Tuohy needle and loss of resistance into the epidural
        // space, a needle into the neural foramen) is an epidural injection even under a title that
        // names only the drug ("Depo-Medrol Injection").
        if f.approach != nil && esi >= 1 { esi += 2 }
        if esi > other && esi >= 2 {
            f.procedure = "esi"
            for s in esiSpans.prefix(3) { f.cite("procedure", s) }
        } else {
            f.procedure = "other"
            for s in otherSpans.prefix(3) { f.cite("procedure", s) }
        }
    }

    /// A date ("01/15/2026", "on 1/15/26", "12/2025") within two words after a token.
    static func datedAfter(_ d: Document, _ t: Int) -> Bool {
        var u = t
        while u < d.tokens.count, u < t + 3, d.tokens[u].kind != .number {
            if d.tokens[u].kind == .newline { return false }
            u += 1
        }
        return u < d.tokens.count && HistoryFacts.numericDate(d, u) != nil
    }

    static let steroidWords: WordSet = ["steroid", "steroids", "corticosteroid", "corticosteroids"]
    static let givenWords: WordSet = ["injected", "given", "administered", "instilled", "injection"]

    /// A denial in the procedure's text that any steroid was given ("No steroid or local
    /// anesthetic was injected"), or nil.
    static func steroidDenied(_ d: Document) -> Span? {
        for t in d.tokens.indices where d.tokens[t].kind == .word && (d.tokens[t].first == 0x73 || d.tokens[t].first == 0x63) && d.keyIn(t, steroidWords) {
            let kind = d.section(ofToken: t).kind
            guard kind != .title, SubstanceFacts.sections.contains(kind) else { continue }
            if d.flags(t, t + 1) & Mention.bit(.negated) != 0 && d.sentenceHas(t, givenWords) { return d.tokens[t].span }
        }
        return nil
    }

    static func approach(_ d: Document, _ f: inout Facts) {
        let all = d.live(.approach).filter { $0.asserted }
        let strong = all.filter { !d.entry($0).has("cue") }
        func pick(_ ms: [Mention]) -> Bool {
            guard let v = majority(ms.map { d.entry($0).value }, preference: ["transforaminal", "caudal", "interlaminar"]) else { return false }
            f.approach = v
            for m in ms where d.entry(m).value == v { f.cite("approach", m.span) }
            return true
        }
        let body = strong.filter { d.inBody($0) }
        let title = strong.filter { d.section($0) == .title }
        let elsewhere = strong.filter { Document.historySections.contains(d.section($0)) || d.section($0) == .level }
        if pick(body) || pick(title) || pick(elsewhere) { return }
        // Described, not named: neural foramen → transforaminal; sacral hiatus area → caudal;
        // a Tuohy needle with loss of resistance, or the ligamentum flavum → interlaminar.
        var votes: [(String, Span)] = all.filter { d.entry($0).has("cue") && d.inProcedure($0) }.map { (d.entry($0).value, $0.span) }
        let tuohy = d.live(.device).first { m in
            let t = d.entry(m).term.lowercased()
            return m.asserted && d.inProcedure(m) && (t.hasPrefix("tuohy") || t.hasPrefix("touhy"))
        }
        if let t = tuohy, let lor = lossOfResistance(d) {
            votes.append(("interlaminar", t.span))
            votes.append(("interlaminar", lor))
        }
        if let v = majority(votes.map(\.0), preference: ["transforaminal", "caudal", "interlaminar"]) {
            f.approach = v
            for (val, span) in votes where val == v { f.cite("approach", span) }
        }
    }

    /// Span of "loss of resistance" / "hanging drop" / "loss-of-resistance".
    static func lossOfResistance(_ d: Document) -> Span? {
        let n = d.tokens.count
        var t = 0
        while t < n {
            if d.isWord(t, "loss") {
                var u = t + 1
                if u < n, d.tokens[u].first == 0x2D { u += 1 }
                if d.isWord(u, "of") { u += 1; if u < n, d.tokens[u].first == 0x2D { u += 1 } }
                if d.isWord(u, "resistance") { return Span(Int(d.tokens[t].start), Int(d.tokens[u].end)) }
            }
            if d.isWord(t, "hanging"), d.isWord(t + 1, "drop") { return Span(Int(d.tokens[t].start), Int(d.tokens[t + 1].end)) }
            // The air techniques of older dictations: "air-negative technique", "a free flow of air".
            if d.isWord(t, "air"), t + 2 < n, d.tokens[t + 1].first == 0x2D || d.tokens[t + 1].kind == .word, d.isWord(t + 1, "negative") || d.isWord(t + 2, "negative") {
                return Span(Int(d.tokens[t].start), Int(d.tokens[d.isWord(t + 1, "negative") ? t + 1 : t + 2].end))
            }
            if d.isWord(t, "free"), d.isWord(t + 1, "flow"), d.isWord(t + 2, "of"), d.isWord(t + 3, "air") {
                return Span(Int(d.tokens[t].start), Int(d.tokens[t + 3].end))
            }
            if d.isWord(t, "lor") { return d.tokens[t].span }
            t += 1
        }
        return nil
    }

    // MARK: levels

    /// Ordinal of a vertebra along the spine (C1 = 1 … C7 = 7, T1 = 8 … T12 = 19, L1 = 20 … L5 = 24, S1 = 25 …).
    static func ordinal(_ letter: UInt8, _ n: Int) -> Int? {
        switch letter {
        case 0x63: return (1...8).contains(n) ? n : nil
        case 0x74: return (1...12).contains(n) ? 7 + n : nil
        case 0x6C: return (1...6).contains(n) ? 19 + n : nil
        case 0x73: return (1...5).contains(n) ? 24 + n : nil
        default: return nil
        }
    }

    static func name(_ ord: Int) -> String {
        if ord <= 7 { return "C\(ord)" }
        if ord <= 19 { return "T\(ord - 7)" }
        if ord <= 25 - 1 { return "L\(ord - 19)" }
        return "S\(ord - 24)"
    }

    static func ordinalName(_ ord: Int, letter: UInt8) -> String {
        // C8 is a root, not a vertebra: keep it as written.
        if letter == 0x63 && ord == 8 { return "C8" }
        return name(ord)
    }

    /// Parses a token key as vertebrae: "l4" → [L4]; "l45" → [L4, L5] (a pair); "l5s1" → [L5, S1].
    /// A cheap test on the raw bytes before building a token's key: C/T/L/S then a digit.
    @inline(__always)
    static func mayBeVertebra(_ d: Document, _ t: Int) -> Bool {
        let tok = d.tokens[t]
        let len = Int(tok.end - tok.start)
        guard len >= 2 && len <= 6 else { return false }
        let b = d.note.bytes[Int(tok.start)] | 0x20
        let c = d.note.bytes[Int(tok.start) + 1]
        return (b == 0x63 || b == 0x74 || b == 0x6C || b == 0x73) && c >= 0x30 && c <= 0x39
    }

    static func vertebrae(_ key: [UInt8]) -> (ords: [Int], letter: UInt8, pair: Bool)? {
        guard key.count >= 2, let l = key.first, [0x63, 0x74, 0x6C, 0x73].contains(l) else { return nil }
        var i = 1
        var d1: [UInt8] = []
        while i < key.count, key[i] >= 0x30, key[i] <= 0x39 { d1.append(key[i]); i += 1 }
        guard !d1.isEmpty, d1.count <= 2 else { return nil }
        let n1 = Int(String(decoding: d1, as: UTF8.self))!
        if i == key.count {
            if d1.count == 2 && (l == 0x6C || l == 0x63) {
                // L45, C56: two consecutive vertebrae written together.
                let a = Int(d1[0] - 0x30), b = Int(d1[1] - 0x30)
                if let oa = ordinal(l, a), let ob = ordinal(l, b), ob == oa + 1 { return ([oa, ob], l, true) }
                if l == 0x6C, a == 5, b == 1 { return ([24, 25], l, true) }
                return nil
            }
            guard let o = ordinal(l, n1) else { return nil }
            return ([o], l, false)
        }
        // "L4to5", "L4to L5" typed without spaces: the same letter again.
        var l2 = key[i]
        if l2 == 0x74, i + 1 < key.count, key[i + 1] == 0x6F, i + 2 < key.count {
            i += 2
            if key[i] >= 0x30 && key[i] <= 0x39 { l2 = l; i -= 1 } else { l2 = key[i] }
        }
        // L5S1, C7T1, T12L1.
        i += 1
        var d2: [UInt8] = []
        while i < key.count, key[i] >= 0x30, key[i] <= 0x39 { d2.append(key[i]); i += 1 }
        guard i == key.count, !d2.isEmpty, let o1 = ordinal(l, n1), let o2 = ordinal(l2, Int(String(decoding: d2, as: UTF8.self))!), o2 == o1 + 1 else { return nil }
        return ([o1, o2], l, true)
    }

    static let ordinalWords = ["first", "second", "third", "fourth", "fifth"]

    struct LevelHit {
        var text: String; var order: Int; var first: Int; var end: Int; var negated = false; var pair = false
        /// Two vertebrae side by side with no connector ("L5 S1", "L five S one"): the
        /// interspace for an interlaminar injection, two roots for a transforaminal one.
        var loose = false
        /// Named only as the pedicle a transforaminal needle went under ("below the left L4
        /// pedicle"): a root unless the note names the foramen it exits.
        var pedicle = false
    }

    static let levelSections: SectionKinds = [.none, .title, .technique, .injectate, .level, .device, .guidance, .contrast, .other, .outcome]

    /// Every level expression in the procedure's text, in context.
    static func levelHits(_ d: Document, includeNegated: Bool = false) -> [LevelHit] {
        var hits: [LevelHit] = []
        let n = d.tokens.count
        var levelWord: [Int: String] = [:]
        for m in d.mentions(.level) { levelWord[Int(m.first)] = d.entry(m).value }
        var t = 0
        while t < n {
            let tok = d.tokens[t]
            var spelled: (ords: [Int], letter: UInt8, pair: Bool)?
            var spelledEnd = t + 1
            var looseSpelled = false
            // "L five S1", "C six seven": a region letter and a number word.
            if tok.kind == .word, tok.end - tok.start == 1, let nw = d.numberAt[t + 1], let num1 = Double(d.entry(nw).value),
               num1 == num1.rounded(), let o = ordinal(d.key(t)[0], Int(num1)) {
                spelled = ([o], d.key(t)[0], false)
                spelledEnd = Int(nw.end)
                if let nw2 = d.numberAt[spelledEnd], let n2 = Double(d.entry(nw2).value), let o2 = ordinal(d.key(t)[0], Int(n2)), o2 == o + 1 {
                    spelled = ([o, o2], d.key(t)[0], true); spelledEnd = Int(nw2.end)
                } else if spelledEnd < n, let v2 = vertebrae(d.key(spelledEnd)), v2.ords.count == 1, v2.ords[0] == o + 1 {
                    spelled = ([o, v2.ords[0]], d.key(t)[0], true); spelledEnd += 1
                } else if spelledEnd + 1 < n, d.tokens[spelledEnd].kind == .word, d.tokens[spelledEnd].end - d.tokens[spelledEnd].start == 1,
                          let nw2 = d.numberAt[spelledEnd + 1], let n2 = Double(d.entry(nw2).value), n2 == n2.rounded(),
                          let o2 = ordinal(d.key(spelledEnd)[0], Int(n2)), o2 == o + 1 {
                    // "L five S one": the second vertebra spelled too.
                    spelled = ([o, o2], d.key(t)[0], true); spelledEnd = Int(nw2.end); looseSpelled = true
                }
            }
            // "L 4-5", "C 6": a capital region letter, one space, then the number (not an amount).
            if spelled == nil, tok.kind == .word, tok.end - tok.start == 1, t + 1 < n, d.tokens[t + 1].kind == .number,
               d.tokens[t + 1].start == tok.end + 1, d.note.bytes[Int(tok.end)] == 0x20,
               [0x4C, 0x43, 0x54, 0x53].contains(d.note.bytes[Int(tok.start)]),
               let (num, glued) = d.numberValue(t + 1), !glued, num == num.rounded(),
               !(t + 2 < n && d.unitAt[t + 2] != nil), let o = ordinal(tok.first, Int(num)) {
                spelled = ([o], tok.first, false)
                spelledEnd = t + 2
            }
            // "The fourth lumbar interspace": the interspace below the lumbar vertebra counted.
            if spelled == nil, tok.kind == .word, t + 2 < n, d.isWord(t + 1, "lumbar"), levelWord[t + 2] == "interspace",
               let k = ordinalWords.firstIndex(where: { d.isWord(t, string: $0) }), let o = ordinal(0x6C, k + 1) {
                spelled = ([o, o + 1], 0x6C, true)
                spelledEnd = t + 2
            }
            guard tok.kind == .word, let v = spelled ?? (mayBeVertebra(d, t) ? vertebrae(d.key(t)) : nil) else { t += 1; continue }
            let first = t
            var end = spelled == nil ? t + 1 : spelledEnd
            var ords = v.ords
            var isPair = v.pair
            var isRange = false
            var loose = looseSpelled
            // Connector and second vertebra: "L4-5", "L4-L5", "L4/5", "L4 to L5", "L3 through L5", "C7–T1".
            if !isPair, end < n {
                var u = end
                var connector = false
                if d.tokens[u].first == 0x2D || d.tokens[u].first == 0x2F { u += 1; connector = true }
                else if let w = levelWord[u], w == "join" || w == "range" { isRange = w == "range"; u += 1; connector = true }
                if u < n {
                    var second: Int?
                    if let v2 = vertebrae(d.key(u)), v2.ords.count == 1 { second = v2.ords[0] }
                    else if connector, d.tokens[u].kind == .number, let (num, glued) = d.numberValue(u), !glued,
                            num == num.rounded(), let o = ordinal(v.letter, Int(num)) {
                        second = o
                    } else if connector, d.tokens[u].kind == .number, let (num, glued) = d.numberValue(u), !glued, v.letter == 0x6C, v.ords[0] == 24, num == 1 {
                        second = 25      // "L5-1" is rare but means L5-S1
                    } else if connector, spelled != nil, d.tokens[u].kind == .word, d.tokens[u].end - d.tokens[u].start == 1,
                              let nw = d.numberAt[u + 1], let num = Double(d.entry(nw).value), num == num.rounded(),
                              let o = ordinal(d.key(u)[0], Int(num)), Int(nw.end) == u + 2 {
                        // "L four to L five": the second vertebra spelled too.
                        second = o; u += 1
                    }
                    // "L4 5", "T8 9": the second number alone right after the vertebra.
                    var bareNumber = false
                    if second == nil, !connector, d.tokens[u].kind == .number, let (num, glued) = d.numberValue(u), !glued,
                       num == num.rounded(), let o = ordinal(v.letter, Int(num)), o == ords[0] + 1, d.unitAt[u + 1] == nil {
                        second = o; bareNumber = true
                    }
                    if let s = second {
                        if s == ords[0] + 1 {
                            if connector || bareNumber || isInterspaceNext(d, u + 1, levelWord) || isBetween(d, first) {
                                ords = [ords[0], s]; isPair = true; end = u + 1
                            } else if spaceOnly(d, end - 1, u) {
                                ords = [ords[0], s]; isPair = true; end = u + 1; loose = true
                            }
                        } else if connector && s > ords[0] + 1 && s - ords[0] <= 4 {
                            ords = Array(ords[0]...s); isRange = true; end = u + 1
                        }
                    }
                }
                // "between L4 and L5"
                if !isPair && !isRange, isBetween(d, first), end + 1 < n, d.isWord(end, "and"),
                   let v2 = vertebrae(d.key(end + 1)), v2.ords.count == 1, v2.ords[0] == ords[0] + 1 {
                    ords = [ords[0], v2.ords[0]]; isPair = true; end = end + 2
                }
            }
            let section = d.section(ofToken: first).kind
            if insideTemplateChoice(d, first) { t = end; continue }
            var fl = d.flags(first, end)
            // "AP fluoro to square the L4-L5 endplates": the interspace lined up for the needle
            // is the target, not anatomy beside it ("square the L3 endplate" stays anatomy).
            if isPair || isRange, fl & Mention.bit(.incidental) != 0, first >= 2, d.isWord(first - 1, "the"), d.keyIn(first - 2, squareWords) {
                fl &= ~Mention.bit(.incidental)
            }
            // "to line up the left L4 and L5 pedicles", "below the left L4 pedicle": the pedicle
            // a transforaminal needle is aimed under names its root (not "L5 pedicle screws").
            var byPedicle = false
            if !isPair && !isRange, fl & Mention.bit(.incidental) != 0, let p = pedicleAfter(d, end) {
                if !(p + 1 < n && d.keyIn(p + 1, screwWords)) { fl &= ~Mention.bit(.incidental); byPedicle = true }
            }
            // "EPIDURAL STEROID INJECTION WITHOUT FLUOROSCOPY AT C5-6": the denial is the
            // imaging's; the level after "at" is where the injection was.
            if fl & Mention.bit(.negated) != 0, first >= 2, d.isWord(first - 1, "at"),
               d.mentions(.imaging).contains(where: { Int($0.end) == first - 1 }) {
                fl &= ~Mention.bit(.negated)
            }
            let assertedLevel = fl & (1 | 2 | 4 | 8 | 16 | 32) == 0
            let negatedLevel = fl & Mention.bit(.negated) != 0
            if levelSections.contains(section) && (assertedLevel || negatedLevel && includeNegated) {
                if isRange && ords.count > 2 || (isRange && ords.count == 2) {
                    for k in 0..<(ords.count - 1) {
                        hits.append(LevelHit(text: "\(name(ords[k]))-\(name(ords[k + 1]))", order: ords[k], first: first, end: end, negated: !assertedLevel, pair: true))
                    }
                } else if isPair {
                    hits.append(LevelHit(text: "\(name(ords[0]))-\(name(ords[1]))", order: ords[0], first: first, end: end, negated: !assertedLevel, pair: true, loose: loose))
                } else {
                    hits.append(LevelHit(text: ordinalName(ords[0], letter: v.letter), order: ords[0], first: first, end: end, negated: !assertedLevel, pedicle: byPedicle))
                }
            }
            t = end
        }
        return hits
    }

    /// Tokens `a` and `b` are on one line with only spaces between them.
    static func spaceOnly(_ d: Document, _ a: Int, _ b: Int) -> Bool {
        let from = Int(d.tokens[a].end), to = Int(d.tokens[b].start)
        guard to > from, to - from <= 2 else { return false }
        return d.note.bytes[from..<to].allSatisfy { $0 == 0x20 }
    }

    /// "{{L4-L5,L5-S1}}", "[L4-5]": an unfilled template choice, not a level.
    static func insideTemplateChoice(_ d: Document, _ t: Int) -> Bool {
        var k = t - 1
        while k >= 0 && d.tokens[k].kind != .newline {
            let b = d.tokens[k].first
            if d.tokens[k].kind == .punct && (b == 0x7D || b == 0x5D) { return false }
            if d.tokens[k].kind == .punct && (b == 0x7B) { return true }
            k -= 1
        }
        return false
    }

    static func isInterspaceNext(_ d: Document, _ u: Int, _ words: [Int: String]) -> Bool {
        var k = u
        while k < d.tokens.count, d.tokens[k].kind == .punct, d.tokens[k].first != 0x0A { k += 1 }
        return words[k] == "interspace"
    }

    static func isBetween(_ d: Document, _ t: Int) -> Bool {
        var k = t - 1
        if k >= 0, d.isWord(k, "the") { k -= 1 }
        return k >= 0 && d.isWord(k, "between")
    }

    static let procedureWords: WordSet = ["inject", "injected", "injection", "injections", "performed", "attempted", "abandoned",
                                              "needle", "placed", "done", "treated", "targeted", "accessed", "entered"]

    static let foramenWords: WordSet = ["foramen", "foramina", "neuroforamen", "neuroforamina", "interspace", "level", "disc", "space"]

    static func levels(_ d: Document, _ f: inout Facts, all: [LevelHit]) {
        // A level the note says was abandoned or not injected ("nothing was injected at L3-L4") is not a level.
        // A denial names the procedure ("not injected", "abandoned"); "no stenosis above L4" does not.
        let procedureWords = ProcedureFacts.procedureWords
        // A level denied on one side only ("the left L5 injection was abandoned" beside "the
        // right L5 root") is still the other side's level.
        let sided = all.filter { !$0.negated }.compactMap { h in sideBefore(d, h).map { (h.text, $0) } }
        var denied = Set(all.filter { h in
            h.negated && d.sentenceHas(h.first, procedureWords)
                && !(sideBefore(d, h).map { side in sided.contains { $0.0 == h.text && $0.1 != side } } ?? false)
        }.map(\.text))
        denied.formUnion(replacedLevels(d, all.filter { !$0.negated }))
        // "The level was documented in error as L3-L4 in the title and technique above": a
        // correction withdraws the level it names everywhere.
        denied.formUnion(all.filter { corrected(d, $0.first) }.map(\.text))
        denied.formUnion(abandonedByReference(d, all))
        var all = all
        if f.approach == "transforaminal" {
            // "L5 S1 transforaminal": two roots, not an interspace ("the L5 S1 foramen" is one,
            // and so is every other "L5 S1" of a note that says "the L5 S1 foramen").
            let foramina = Set(all.filter { $0.pair && $0.end < d.tokens.count && d.keyIn($0.end, foramenWords) }.map(\.text))
            all = all.flatMap { h -> [LevelHit] in
                guard h.loose, !foramina.contains(h.text), let dash = h.text.firstIndex(of: "-") else { return [h] }
                let upper = String(h.text[..<dash]), lower = String(h.text[h.text.index(after: dash)...])
                return [LevelHit(text: upper, order: h.order, first: h.first, end: h.end, negated: h.negated),
                        LevelHit(text: lower, order: h.order + 1, first: h.first, end: h.end, negated: h.negated)]
            }
        }
        var hits = all.filter { !$0.negated && !denied.contains($0.text) }
        // "below the L5 pedicle into the L5-S1 foramen": the foramen named says the level.
        let named = Set(hits.filter { !$0.pedicle }.map(\.text))
        hits.removeAll { h in h.pedicle && !named.contains(h.text) && exitForamen(h.text).map { named.contains($0) } == true }
        // Where a catheter tip ended up is not a level, except for a caudal catheter steered to its target.
        if f.approach != "caudal" {
            let catheterSentences = Set(d.live(.device).filter { d.entry($0).value == "catheter" }.map { d.structure.sentenceOf[Int($0.first)] })
            // "... catheter was threaded 5 cm; AP and lateral images showed the tip at L1-L2":
            // the tip told in the sentence after the catheter's.
            func tipAfterCatheter(_ h: LevelHit) -> Bool {
                let s = d.structure.sentenceOf[h.first]
                guard s > 0, catheterSentences.contains(s - 1) else { return false }
                return (max(0, h.first - 4)..<h.first).contains { d.isWord($0, "tip") }
            }
            let elsewhere = hits.filter { !catheterSentences.contains(d.structure.sentenceOf[$0.first]) && !tipAfterCatheter($0) }
            if !elsewhere.isEmpty { hits = elsewhere }
        }
        // "The interlaminar route was abandoned ... and a caudal approach was used instead": the
        // levels named before the change (the planned interspace, a template's Level field) were
        // not injected.
        if f.approach == "caudal", let change = switchedToCaudal(d) {
            hits = hits.filter { $0.first > change }
        }
        // "AP and lateral views confirmed the tip at S3": where a caudal needle's tip lies in
        // the canal is not a target (a caudal catheter steered to a level is).
        // A catheter that would not thread leaves a needle injection.
        if f.approach == "caudal", f.catheter != "catheter" && f.catheter != "indwelling" {
            hits = hits.filter { h in !(max(0, h.first - 3)..<h.first).contains { d.isWord($0, "tip") } }
        }
        let body = hits.filter { d.section(ofToken: $0.first).kind != .title }
        var chosen = body.isEmpty ? hits : body
        // An interlaminar or caudal injection targets an interspace: a lone vertebra beside it
        // ("the C7 spinous process", "the left S1 root") is anatomy, not a second level.
        if f.approach != "transforaminal" && chosen.contains(where: \.pair) { chosen = chosen.filter(\.pair) }
        // One interlaminar level per session: when the body names several and the title one of them,
        // the title says which was injected (the others were counted past or abandoned).
        let titleLevels = Set(hits.filter { d.section(ofToken: $0.first).kind == .title }.map(\.text))
        if f.approach == "interlaminar", titleLevels.count == 1, Set(chosen.map(\.text)).count > 1,
           chosen.contains(where: { titleLevels.contains($0.text) }) {
            chosen = chosen.filter { titleLevels.contains($0.text) }
        }
        var seen = Set<String>()
        var out: [(String, Int)] = []
        for h in chosen {
            f.cite("levels", Span(Int(d.tokens[h.first].start), Int(d.tokens[h.end - 1].end)))
            if seen.insert(h.text).inserted { out.append((h.text, h.order)) }
        }
        // A transforaminal injection named by its root and by the foramen that root exits
        // ("right L5, through the L5-S1 foramen") is one level: the root stays.
        if f.approach == "transforaminal" {
            // The body names only foramina and the title the roots that exit them ("Right L4 and
            // L5 transforaminal" over "the right L4-5 and L5-S1 foramina"): the roots.
            var rootByExit: [String: (String, Int)] = [:]
            for h in hits where !h.text.utf8.contains(0x2D) && d.section(ofToken: h.first).kind == .title {
                if let e = exitForamen(h.text) { rootByExit[e] = (h.text, h.order) }
            }
            if !rootByExit.isEmpty, out.allSatisfy({ !$0.0.utf8.contains(0x2D) || rootByExit[$0.0] != nil }) {
                var kept = Set<String>()
                out = out.map { rootByExit[$0.0] ?? $0 }.filter { kept.insert($0.0).inserted }
            }
            let roots = Set(out.map(\.0).filter { !$0.utf8.contains(0x2D) })
            let exits = Set(roots.compactMap(exitForamen))
            out.removeAll { exits.contains($0.0) }
            // A root given up ("the L3 injection was abandoned and nothing was injected at that
            // level") takes the foramen it exits with it ("an osteophyte at the L3-L4 foramen").
            let deniedExits = Set(denied.filter { !$0.utf8.contains(0x2D) }.compactMap(exitForamen))
            if !deniedExits.isEmpty, out.contains(where: { !deniedExits.contains($0.0) }) { out.removeAll { deniedExits.contains($0.0) } }
        }
        // Top to bottom; an interspace sorts after the root at its upper vertebra.
        f.levels = out.sorted { a, b in a.1 != b.1 ? a.1 < b.1 : a.0.count < b.0.count }.map(\.0)
    }

    /// Levels a sentence replaces with another: "the L4-5 interspace was too narrow, so the
    /// L5-S1 interspace was selected instead" and "at L5-S1 instead of L4-5" name the level
    /// given up and the one used. The level given up is returned when the one used is named.
    static func replacedLevels(_ d: Document, _ hits: [LevelHit]) -> Set<String> {
        var out = Set<String>()
        for t in d.tokens.indices where d.tokens[t].first == 0x69 && d.tokens[t].kind == .word && d.isWord(t, "instead") {
            let s = d.structure.sentenceOf[t]
            let inSentence = hits.filter { d.structure.sentenceOf[$0.first] == s }
            if d.isWord(t + 1, "of") {
                // "X instead of Y": Y was given up when X is named before it.
                guard let used = inSentence.last(where: { $0.end <= t }) else { continue }
                for h in inSentence where h.first > t + 1 && d.words(between: t + 2, h.first) <= 3 && h.text != used.text { out.insert(h.text) }
            } else {
                // "Y ..., so X was chosen instead": the last level before "instead" was used.
                guard let used = inSentence.last(where: { $0.end <= t && d.words(between: $0.end, t) <= 6 }) else { continue }
                for h in inSentence where h.end <= used.first && h.text != used.text { out.insert(h.text) }
            }
        }
        return out
    }

    /// The last token of a sentence saying a caudal approach was used instead of another.
    static func switchedToCaudal(_ d: Document) -> Int? {
        for m in d.live(.approach) where m.asserted && d.entry(m).value == "caudal" && d.inProcedure(m) {
            let r = d.structure.sentences[Int(d.structure.sentenceOf[Int(m.first)])]
            if r.contains(where: { d.tokens[$0].kind == .word && d.isWord($0, "instead") }) { return r.upperBound - 1 }
        }
        return nil
    }

    static let referenceNouns: WordSet = ["level", "interspace", "space", "site", "segment"]
    static let abandonWords: WordSet = ["abandoned", "aborted"]
    /// Whether token `t` is the value a correction withdraws everywhere: the word after "as"
    /// in a sentence that says it was wrong ("documented in error as left", "as L3-L4",
    /// "as Depo-Medrol"). Sides, levels and drugs share it.
    static func corrected(_ d: Document, _ t: Int) -> Bool {
        t > 0 && d.isWord(t - 1, "as") && d.sentenceHas(t, correctionWords)
    }

    /// Sides a correction withdraws: "left" in "documented in error as left", "originally
    /// dictated as right".
    static func correctedSides(_ d: Document) -> Set<String> {
        var out = Set<String>()
        for t in 1..<max(1, d.tokens.count) where d.tokens[t].kind == .word
            && (d.isWord(t, "left") || d.isWord(t, "right")) && corrected(d, t) {
            out.insert(d.isWord(t, "left") ? "left" : "right")
        }
        return out
    }

    /// Words of a correction ("The side was documented in error as left in the title and
    /// technique above").
    static let correctionWords: WordSet = ["error", "originally", "incorrectly", "mistakenly", "erroneously"]

    /// The side written just before a level ("left L5"), or nil.
    static func sideBefore(_ d: Document, _ h: LevelHit) -> String? {
        for m in d.mentions(.laterality) where Int(m.end) == h.first {
            let v = d.entry(m).value
            if v == "left" || v == "right" { return v }
        }
        return nil
    }
    static let squareWords: WordSet = ["square", "squared", "squaring", "squares"]
    static let pedicleWords: WordSet = ["pedicle", "pedicles"]
    static let screwWords: WordSet = ["screw", "screws", "hardware", "instrumentation"]
    static let pedicleListWords: WordSet = ["and", "or", "left", "right", "bilateral", "l", "r"]

    /// The token of "pedicle(s)" right after a vertebra, past a list of more vertebrae and
    /// sides ("L4 and left L5 pedicles"), within five tokens; or nil.
    static func pedicleAfter(_ d: Document, _ end: Int) -> Int? {
        var k = end
        while k < d.tokens.count && k < end + 6 {
            if d.tokens[k].kind == .word && d.keyIn(k, pedicleWords) { return k }
            let comma = d.tokens[k].kind == .punct && d.tokens[k].first == 0x2C
            guard comma || (d.tokens[k].kind == .word && (d.keyIn(k, pedicleListWords) || vertebrae(d.key(k)) != nil)) else { return nil }
            k += 1
        }
        return nil
    }
    static let injectWords: WordSet = ["injected", "injection", "given", "placed", "administered"]

    /// A level given up by reference: "there was a gush of clear fluid. ... nothing was
    /// injected at that level", "this level was abandoned without any injection". The level
    /// is the one named last before "that level", at most two sentences back.
    static func abandonedByReference(_ d: Document, _ hits: [LevelHit]) -> Set<String> {
        var out = Set<String>()
        for t in d.tokens.indices where t > 0 && d.tokens[t - 1].first == 0x74 && d.tokens[t - 1].end - d.tokens[t - 1].start == 4
            && d.tokens[t].kind == .word && (d.isWord(t - 1, "that") || d.isWord(t - 1, "this")) && d.keyIn(t, referenceNouns) {
            let r = d.structure.sentences[Int(d.structure.sentenceOf[t])]
            // Given up: "abandoned"/"aborted" after the reference, or an injection word the
            // sentence denies ("nothing was injected", "without any injection").
            let abandoned = (t + 1..<r.upperBound).contains { d.tokens[$0].kind == .word && d.keyIn($0, abandonWords) }
            let denied = r.contains { u in
                d.tokens[u].kind == .word && d.keyIn(u, injectWords) && d.flags(u, u + 1) & Mention.bit(.negated) != 0
            }
            guard abandoned || denied, let prior = hits.last(where: { $0.end <= t - 1 }),
                  d.structure.sentenceOf[t] - d.structure.sentenceOf[prior.first] <= 2 else { continue }
            out.insert(prior.text)
        }
        return out
    }

    /// The foramen a nerve root exits: lumbar and thoracic roots below their vertebra (L5 → L5-S1,
    /// T12 → T12-L1), cervical roots above it (C6 → C5-C6, C8 → C7-T1); sacral roots have none.
    static func exitForamen(_ root: String) -> String? {
        guard let r = root.first, let n = Int(root.dropFirst()) else { return nil }
        switch r {
        case "C":
            if n == 8 { return "C7-T1" }
            return n >= 2 && n <= 7 ? "C\(n - 1)-C\(n)" : nil
        case "T":
            if n == 12 { return "T12-L1" }
            return n >= 1 && n < 12 ? "T\(n)-T\(n + 1)" : nil
        case "L":
            if n == 5 { return "L5-S1" }
            return n >= 1 && n < 5 ? "L\(n)-L\(n + 1)" : nil
        default:
            return nil
        }
    }

    static func regionOf(_ level: String) -> String? {
        switch level.first {
        case "C": return "cervical"
        case "T": return "thoracic"
        case "L": return "lumbar"
        case "S": return "sacral"
        default: return nil
        }
    }

    static func region(_ d: Document, _ f: inout Facts) {
        if f.approach == "caudal" {
            f.region = "sacral"
            if let s = f.evidence["approach"]?.first { f.cite("region", s) }
            return
        }
        if let first = f.levels.first {
            f.region = regionOf(first)
            if let s = f.evidence["levels"]?.first { f.cite("region", s) }
            return
        }
        var words: [Mention] = []
        for m in d.mentions(.level) where m.asserted && levelSections.contains(d.section(m)) {
            let v = d.entry(m).value
            if ["cervical", "thoracic", "lumbar", "sacral"].contains(v) { words.append(m) }
        }
        let body = words.filter { d.section($0) != .title }
        let use = body.isEmpty ? words : body
        if let v = majority(use.map { d.entry($0).value }, preference: ["lumbar", "cervical", "thoracic", "sacral"]) {
            f.region = v
            for m in use where d.entry(m).value == v { f.cite("region", m.span) }
        }
    }

    // MARK: laterality

    static let lateralitySections: SectionKinds = [.none, .title, .technique, .injectate, .level, .device, .guidance, .contrast, .other]

    static func laterality(_ d: Document, _ f: inout Facts, hits: [LevelHit]) {
        var anchors: [Int32: [Int]] = [:]
        for a in hits.map(\.first) + d.live(.approach).map({ Int($0.first) })
            + d.mentions(.level).filter({ d.entry($0).value == "structure" }).map({ Int($0.first) }) {
            anchors[d.structure.sentenceOf[a], default: []].append(a)
        }
        func anchored(_ m: Mention) -> Bool {
            let s = d.structure.sentenceOf[Int(m.first)]
            for a in anchors[s] ?? [] {
                let gap = a >= Int(m.end) ? d.words(between: Int(m.end), a) : d.words(between: a + 1, Int(m.first))
                if gap <= 4 { return true }
            }
            return d.entry(m).has("standalone")
        }
        // The letter of a spaced level ("L 4-5") is not "left".
        var inLevel = [Bool](repeating: false, count: d.tokens.count + 1)
        for h in hits { for t in h.first..<h.end { inLevel[t] = true } }
        let sides = d.live(.laterality).filter { m in
            // A side named for the spread or a sensory level ("filling to the S1 foramina
            // bilaterally") is not the side injected.
            // "advanced in the midline between the spinous processes": the needle's path, not
            // anatomy named beside it.
            m.asserted && (!m.has(.incidental) || (d.entry(m).value == "midline" && d.isWord(Int(m.end), "between")))
                && lateralitySections.contains(d.section(m))
                && !(Int(m.first)..<Int(m.end)).allSatisfy { inLevel[$0] }
        }
        let body = sides.filter { d.section($0) != .title && d.section($0) != .level && anchored($0) }
        let title = sides.filter { d.section($0) == .title || d.section($0) == .level }
        let use = body.isEmpty ? title : body
        var vals = Set(use.map { d.entry($0).value })
        // A bilateral title whose body describes one side with a target and the other in passing
        // ("the same procedure was repeated on the left") stays bilateral.
        if !body.isEmpty, title.contains(where: { d.entry($0).value == "bilateral" }) {
            let loose = Set(sides.filter { d.section($0) != .title }.map { d.entry($0).value })
            if loose.contains("left") && loose.contains("right") { vals.insert("bilateral") }
        }
        // A side given up ("the left L5 injection was abandoned and nothing was injected on
        // the left") while the other was injected is not a side of the procedure.
        let givenUp = Set(d.live(.laterality).filter { m in
            m.has(.negated) && lateralitySections.contains(d.section(m)) && d.section(m) != .title
                && (d.sentenceHas(Int(m.first), ProcedureFacts.procedureWords) || d.sentenceHas(Int(m.first), correctionWords))
        }.map { d.entry($0).value }.filter { $0 == "left" || $0 == "right" })
            // "documented in error as left in the title": the side after "as" in a correction.
            .union(correctedSides(d))
        if givenUp.count == 1, let gone = givenUp.first {
            let kept = gone == "left" ? "right" : "left"
            if vals.contains(kept) || vals.contains("bilateral") {
                vals.remove(gone)
                if vals.remove("bilateral") != nil { vals.insert(kept) }
            } else if vals.contains("midline") {
                // A midline interlaminar injection done and the right transforaminal one
                // cancelled ("nothing was injected at the right L5 level").
                vals.remove(gone)
            }
        }
        if f.approach == "caudal" { vals.remove("midline") }
        var v: String?
        if vals.contains("bilateral") || (vals.contains("left") && vals.contains("right")) { v = "bilateral" }
        else if vals.contains("left") { v = "left" }
        else if vals.contains("right") { v = "right" }
        else if vals.contains("midline") { v = "midline" }
        f.laterality = v
        if let v = v {
            for m in use where d.entry(m).value == v || v == "bilateral" { f.cite("laterality", m.span) }
        }
    }
}
