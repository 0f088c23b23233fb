/// Injected substances with dose, concentration and volume attached to the right drug,
/// in either order, in mixtures; neurolytic and pump-trial substances.
enum SubstanceFacts {
    static let sections: SectionKinds = [.none, .title, .technique, .findings, .injectate, .guidance, .level, .device, .contrast, .other, .anesthesia]

    /// Words allowed between a quantity and the drug it precedes ("3 mL of 1% preservative-free lidocaine").
    static let prefixFiller: WordSet = ["of", "a", "an", "the", "preservative", "free", "pf", "plain", "mpf", "sterile",
                                            "normal", "particulate", "non", "nonparticulate", "dilute", "diluted", "undiluted",
                                            "-", "%", "'", "cc", "ml", "mg", "injectable", "strength",
                                            "total", "additional", "concentration", "per", "/", "mcg", "percent", "(", ")",
                                            "test", "injection", ".", "point", "bolus"]

    static let totalWords: WordSet = ["total", "totaling", "totalling"]
    static let mixtureWords: WordSet = ["total", "solution", "mixture", "injectate", "volume", "vol", "containing", "consisting"]
    static let articleWords: WordSet = ["of", "the", "a", "an", "this", "that", "in", "as"]
    static let eachWords: WordSet = ["each", "per"]
    static let levelWords: WordSet = ["level", "levels", "foramen", "side"]
    static let dividedWords: WordSet = ["total", "divided", "mixture", "mixed", "split", "between"]
    static let trialWords: WordSet = ["trial", "pump"]
    /// Words after a percentage that make it a result ("about 50% relief").
    static let outcomeWords: WordSet = ["relief", "improvement", "reduction", "better", "benefit", "improved", "decrease", "pain", "response"]

    /// "1/16th" or "1/8" right after a drug, with no unit after it: a dilution.
    static func fractionStrength(_ d: Document, after t: Int) -> Span? {
        let n = d.tokens.count
        guard t + 2 < n, d.tokens[t].kind == .number, d.tokens[t + 1].first == 0x2F, d.tokens[t + 2].kind == .number,
              d.tokens[t + 1].start == d.tokens[t].end, d.tokens[t + 2].start == d.tokens[t + 1].end,
              let (num, glued) = d.numberValue(t), !glued, num == 1,
              let den = d.scanNumber(t + 2), den.value >= 2, den.value == den.value.rounded() else { return nil }
        // Only an ordinal ending may follow the denominator ("16th"), and no unit after it ("1/2 mL" is a volume).
        if den.end < den.stop {
            let tail = d.note.bytes[den.end..<den.stop].map { $0 | 0x20 }
            guard tail == Array("th".utf8) || tail == Array("nd".utf8) || tail == Array("rd".utf8) else { return nil }
        } else if t + 3 < n, d.unitAt[t + 3] != nil {
            return nil
        }
        return Span(Int(d.tokens[t].start), Int(d.tokens[t + 2].end))
    }

    static func extract(_ d: Document, _ f: inout Facts) {
        let mentions = d.live(.substance).filter { m in
            sections.contains(d.section(m)) && !m.has(.route) && !m.has(.possible) && !m.has(.hypothetical) && !m.has(.historical) && !m.has(.family)
                // "... without intrathecal flow, 80 mg of methylprednisolone": a comma ends the denial.
                && (!m.has(.negated) || (d.context.separatedFromCue(Int(m.first), kind: .negated) && !d.context.deniedAfter(Int(m.first), Int(m.end)))
                    || dosedBeyondDenial(d, m))
                && !d.context.withdrawn(Int(m.first))
                && !confirmsEarlier(d, m)
                // "phenol in saline": the vehicle, not a second administration.
                && !(d.entry(m).cls == "saline" && m.first > 0 && d.isWord(Int(m.first) - 1, "in"))
        }
        guard !mentions.isEmpty else { return }
        let bySentence = Dictionary(grouping: mentions) { d.structure.sentenceOf[Int($0.first)] }
        let firstNeedle = d.live(.device).filter { m in
            ["needle", "catheter"].contains(d.entry(m).value) && m.asserted && d.section(m) != .title && sections.contains(d.section(m))
        }.map { Int($0.first) }.min()
        var result: [Substance] = []
        var mixtureTotal: Double?
        var told: [Int] = []
        for s in bySentence.keys.sorted() {
            let drugs = bySentence[s]!.sorted { $0.first < $1.first }
            let range = d.structure.sentences[Int(s)]
            // A paragraph the export repeated word for word tells the same administration.
            if repeatsEarlier(d, Int(s), told) { continue }
            told.append(Int(s))
            let qs = d.quantities(in: range).filter { $0.kind != .duration }
            var entries: [Substance] = drugs.map { m in
                let e = d.entry(m)
                var x = Substance(name: e.value, cls: e.cls ?? "other", evidence: [m.span])
                x.restatesTotal = restatesTotal(d, m)
                // "40 mg at each level" (not a mixture divided between the levels).
                x.perLevel = !x.restatesTotal && d.sentenceHas(Int(m.first), eachWords)
                    && d.sentenceHas(Int(m.first), levelWords)
                    && !d.sentenceHas(Int(m.first), dividedWords)
                return x
            }
            // Local anesthetic given on its own before any needle is placed is the skin wheal.
            let beforeNeedle = firstNeedle.map { range.upperBound <= $0 } ?? false
            // An anesthesia field after the needle that names drugs the narrative already gave
            // as injectate ("Local anesthetic: 0.25% bupivacaine *** mL") lists that injectate.
            let afterNeedle = firstNeedle.map { range.lowerBound > $0 } ?? false
            let listsInjectate = afterNeedle && d.section(ofToken: range.lowerBound).kind == .anesthesia && drugs.allSatisfy { m in result.contains { $0.name == d.entry(m).value && !$0.skin } }
            let skinSentence = d.section(ofToken: range.lowerBound).kind == .anesthesia
                || (beforeNeedle && drugs.allSatisfy { d.entry($0).cls == "anesthetic" } && d.section(ofToken: range.lowerBound).kind != .title)
            for (i, m) in drugs.enumerated() {
                entries[i].skin = !listsInjectate && (skinSentence || isSkin(d, m, drugs: drugs))
                // "Bupivacaine 1/16th": a dilution written as a fraction is the strength, as written.
                if entries[i].cls == "anesthetic", let span = fractionStrength(d, after: Int(m.end)) {
                    entries[i].concentration = String(decoding: d.note.bytes[span.start..<span.end], as: UTF8.self)
                    entries[i].evidence.append(span)
                }
            }
            // Attach each quantity.
            // "Kenalog-40, 2 mL total (80 mg), and 0.25% bupivacaine, 2 mL total": once the drugs
            // before it have their own volumes, a total right after a drug (or its amounts) is
            // that drug's. "Dexamethasone 20 mg (10 mg/mL, 2 mL total) and 2 mL of 0.25%
            // bupivacaine": so is the first drug's, when the drug after it has its own volume.
            // The drug a total is written right after ("Kenalog-40, 2 mL total"), or nil.
            func closeDrug(_ q: Quantity) -> Int? {
                guard q.end < d.tokens.count, d.isWord(q.end, "total"),
                      let p = drugs.lastIndex(where: { Int($0.end) <= q.first }) else { return nil }
                let close = d.words(between: Int(drugs[p].end), q.first) <= 2
                    || (Int(drugs[p].end)..<q.first).allSatisfy { t in d.tokens[t].kind != .word || d.keyIn(t, Sectionizer.unitWords) }
                return close ? p : nil
            }
            func ownsTotal(_ q: Quantity) -> Bool {
                guard let p = closeDrug(q), entries[p].volumeMl == nil else { return false }
                // The drugs before it have their volumes, or each had its own total right after it
                // ("Dexamethasone 10 mg/mL, 2 mL total, and Naropin 0.2%, 2 mL total"); the skin's
                // local anesthetic is in no mixture ("1 percent lidocaine, Omnipaque 240, 2 mL total").
                let earlierOwn = (0..<p).allSatisfy { i in
                    entries[i].volumeMl != nil || entries[i].skin || entries[i].name == entries[p].name
                        || qs.contains { $0.kind == .ml && $0.end <= q.first && closeDrug($0).map { entries[$0].name == entries[i].name } == true }
                }
                guard earlierOwn else { return false }
                let later = drugs.indices.filter { Int(drugs[$0].first) >= q.end }
                if later.isEmpty { return p > 0 }
                return qs.contains { $0.kind == .ml && $0.first >= q.end && (!isTotal(d, $0, drugs: drugs) || closeDrug($0).map { $0 > p } == true) }
            }
            // "Kenalog 40 mg in 1 mL at each level (total 80 mg, 2 mL)": the total given after a
            // per-level amount is the drug's amount; the level count multiplies both.
            var totalled: (entry: Int, factor: Double, end: Int)?
            let perLevelSentence = d.sentenceHas(range.lowerBound, eachWords) && d.sentenceHas(range.lowerBound, levelWords)
            for q in qs {
                if perLevelSentence, let (i, k) = perLevelTotal(d, q, entries: entries, drugs: drugs, totalled: totalled) {
                    if q.kind == .mg { entries[i].doseMg = q.value; totalled = (i, k, q.end) } else { entries[i].volumeMl = q.value; totalled = nil }
                    entries[i].evidence.append(Span(Int(d.tokens[q.first].start), Int(d.tokens[q.end - 1].end)))
                    continue
                }
                if q.kind == .ml && isTotal(d, q, drugs: drugs) && !ownsTotal(q) {
                    mixtureTotal = mixtureTotal ?? q.value
                    f.cite("mixture_volume", Span(Int(d.tokens[q.first].start), Int(d.tokens[q.end - 1].end)))
                    continue
                }
                var target: Int?
                if let n = drugs.firstIndex(where: { Int($0.first) >= q.end }), prefixes(d, q.end, Int(drugs[n].first), amountFirst: q.first) {
                    target = n
                } else if let p = drugs.lastIndex(where: { Int($0.end) <= q.first }), d.words(between: Int(drugs[p].end), q.first) <= 14 {
                    target = p
                }
                guard let i = target else { continue }
                let qspan = Span(Int(d.tokens[q.first].start), Int(d.tokens[q.end - 1].end))
                var used = false
                switch q.kind {
                case .mg:
                    if entries[i].doseMg == nil { entries[i].doseMg = q.value; used = true }
                    if let v = q.pairedVolume, entries[i].volumeMl == nil { entries[i].volumeMl = v; used = true }
                case .ml:
                    if entries[i].volumeMl == nil { entries[i].volumeMl = q.value; used = true }
                case .percent, .perMl:
                    // "50% relief" is an outcome, not a strength.
                    if q.kind == .percent, q.end < d.tokens.count, d.keyIn(q.end, outcomeWords) { break }
                    if entries[i].concentration == nil { entries[i].concentration = q.text; used = true }
                case .duration: break
                }
                if used { entries[i].evidence.append(qspan) }
            }
            // Within one sentence, a generic and its brand ("80 mg methylprednisolone (Depo-Medrol
            // 40 mg/mL, 2 mL)") are one administration.
            var sentenceEntries: [Substance] = []
            for e in entries {
                if let j = sentenceEntries.firstIndex(where: { $0.name == e.name && $0.skin == e.skin && compatible($0, e) }) {
                    sentenceEntries[j].doseMg = sentenceEntries[j].doseMg ?? e.doseMg
                    sentenceEntries[j].volumeMl = sentenceEntries[j].volumeMl ?? e.volumeMl
                    sentenceEntries[j].concentration = sentenceEntries[j].concentration ?? e.concentration
                    sentenceEntries[j].evidence.append(contentsOf: e.evidence)
                } else {
                    sentenceEntries.append(e)
                }
            }
            result.append(contentsOf: sentenceEntries)
        }
        // "8 cc of solution was injected." with the recipe in another sentence: still the mixture's total.
        if mixtureTotal == nil {
            for (s, range) in d.structure.sentences.enumerated() where bySentence[Int32(s)] == nil {
                guard let first = range.first, sections.contains(d.section(ofToken: first).kind) else { continue }
                for q in d.quantities(in: range) where q.kind == .ml && isTotal(d, q, drugs: []) && d.asserted(q.first, q.end) {
                    mixtureTotal = q.value
                    f.cite("mixture_volume", Span(Int(d.tokens[q.first].start), Int(d.tokens[q.end - 1].end)))
                    break
                }
                if mixtureTotal != nil { break }
            }
        }
        // "for a total triamcinolone dose of 80 mg": a restatement of the total given, not
        // another administration, when the drug's administrations are listed too.
        var totals: [String: Double] = [:]
        let administered = Set(result.filter { !$0.restatesTotal }.map(\.name))
        result.removeAll { s in
            guard s.restatesTotal, let dose = s.doseMg, administered.contains(s.name) else { return false }
            totals[s.name] = dose
            f.cite("total_dose", s.evidence[0])
            return true
        }
        f.totalDoseMg = totals
        // One entry per administration: the same drug in the same role merges.
        var merged: [Substance] = []
        for s in result {
            // Two mentions with their own amounts are two administrations, unless one is the title's.
            func amounts(_ x: Substance) -> Bool { x.doseMg != nil || x.volumeMl != nil || x.concentration != nil }
            // A restatement that adds an amount ("dexamethasone 10 mg" and, in an amendment,
            // "dexamethasone 10 mg (10 mg/mL, 1 mL)") is the same administration.
            func restates(_ a: Substance, _ b: Substance) -> Bool {
                !a.perLevel && !b.perLevel && count(a) != count(b)
            }
            // A medication record or injectate list after the narrative ("MEDICATION
            // ADMINISTRATION RECORD ... Triamcinolone 40 mg/mL 1 mL") restates its drugs, and
            // so does an "ANESTHESIA: 1% lidocaine local" header line the skin wheal's.
            func listed(_ x: Substance) -> Bool {
                let k = d.section(ofToken: tokenAt(d, x.evidence[0].start)).kind
                return k == .injectate || k == .anesthesia
            }
            if let j = merged.firstIndex(where: { $0.name == s.name && $0.skin == s.skin && compatible($0, s)
                && (!amounts($0) || !amounts(s) || restates($0, s) || listed($0) != listed(s)
                    || $0.evidence.contains { inTitle(d, $0) } || s.evidence.contains { inTitle(d, $0) }) }) {
                var m = merged[j]
                m.doseMg = m.doseMg ?? s.doseMg
                m.volumeMl = m.volumeMl ?? s.volumeMl
                m.concentration = m.concentration ?? s.concentration
                m.evidence.append(contentsOf: s.evidence)
                merged[j] = m
            } else {
                merged.append(s)
            }
        }
        // "gadolinium (gadobutrol 1 mL)": the agent named, not a second substance.
        if merged.contains(where: { $0.cls == "contrast" && $0.name.hasPrefix("gado") && $0.name != "gadolinium" }) {
            merged.removeAll { $0.name == "gadolinium" }
        }
        // A drug named only in the title ("Depo-Medrol Injection") when the body gives another drug of
        // the same class is a dictation slip: the body says what was injected.
        let bodyClasses = Set(merged.filter { s in s.evidence.contains { !inTitle(d, $0) } }.map(\.cls))
        merged.removeAll { s in s.evidence.allSatisfy { inTitle(d, $0) } && bodyClasses.contains(s.cls) }
        // "The steroid above was documented in error as Depo-Medrol": a correction withdraws the
        // drug it names everywhere, when the note names another of its class.
        let corrected = Set(d.live(.substance).filter { ProcedureFacts.corrected(d, Int($0.first)) }.map { d.entry($0).value })
        if !corrected.isEmpty {
            let kept = merged
            merged.removeAll { s in corrected.contains(s.name) && kept.contains { $0.cls == s.cls && !corrected.contains($0.name) } }
        }
        f.substances = merged
        f.mixtureVolume = mixtureTotal
        if merged.contains(where: { $0.cls == "neurolytic" }) {
            f.neurolytic = true
            for s in merged where s.cls == "neurolytic" { f.cite("neurolytic", s.evidence[0]) }
        }
        if merged.contains(where: { $0.name == "baclofen" }) && f.pumpTrial == false {
            for s in merged where s.name == "baclofen" && d.sentenceHas(tokenAt(d, s.evidence[0].start), trialWords) {
                f.pumpTrial = true
                f.cite("pump_trial", s.evidence[0])
            }
        }
        for s in merged { f.cite("substances", s.evidence[0]) }
    }

    static let confirmHeads: WordSet = ["correct", "accurate", "unchanged"]
    static let confirmWords: WordSet = ["written", "documented", "dictated", "stated", "above", "recorded"]

    /// "Lidocaine and contrast are correct as written": an addendum confirming a drug named
    /// earlier refers to that administration; it is not another one.
    /// Whether sentence `s` and the one before it repeat, byte for byte, one of the sentences
    /// `earlier` and the one before that (an export that pasted a paragraph twice; one
    /// sentence alike, "Dexamethasone 4 mg was injected.", may be the same dose at two levels).
    static func repeatsEarlier(_ d: Document, _ s: Int, _ earlier: [Int]) -> Bool {
        func same(_ x: Int, _ y: Int) -> Bool {
            let a = d.structure.sentences[x], b = d.structure.sentences[y]
            guard let a0 = a.first, let a1 = a.last, let b0 = b.first, let b1 = b.last else { return false }
            let f = Int(d.tokens[a0].start), t = Int(d.tokens[a1].end), g = Int(d.tokens[b0].start), u = Int(d.tokens[b1].end)
            return t - f == u - g && t - f >= 12 && d.note.bytes[f..<t].elementsEqual(d.note.bytes[g..<u])
        }
        guard s > 0 else { return false }
        return earlier.contains { e in e > 0 && e < s - 1 && same(e, s) && same(e - 1, s - 1) }
    }

    static func confirmsEarlier(_ d: Document, _ m: Mention) -> Bool {
        let t = Int(m.first)
        let s = d.structure.sentenceOf[t]
        let v = d.entry(m).value
        // The drug named before (cheap, and rare) first; then the sentence's words.
        guard d.live(.substance).contains(where: { d.structure.sentenceOf[Int($0.first)] < s && d.entry($0).value == v }) else { return false }
        return d.sentenceHas(t, confirmHeads) && d.sentenceHas(t, confirmWords)
    }

    /// "a total triamcinolone dose of 80 mg", "total of 80 mg of Kenalog": "total" just before the drug.
    static func restatesTotal(_ d: Document, _ m: Mention) -> Bool {
        var t = Int(m.first) - 1
        var n = 0
        while t >= 0 && n < 6 {
            if d.keyIn(t, totalWords) { return true }
            if d.tokens[t].kind == .newline || d.isWord(t, ".") || d.isWord(t, ";") { return false }
            t -= 1; n += 1
        }
        return false
    }

    /// Unpunctuated dictation: "no vascular uptake depo-medrol forty milligrams was injected".
    /// A drug named with its amount right after it, three or more words past the denial, is
    /// an administration the denial does not reach ("no steroid was given" stays denied).
    static func dosedBeyondDenial(_ d: Document, _ m: Mention) -> Bool {
        guard let n = d.context.wordsFromCue(Int(m.first), kind: .negated), n >= 3 else { return false }
        var t = Int(m.end)
        var seen = 0
        while t < d.tokens.count && seen < 3 {
            if d.tokens[t].kind == .newline { return false }
            if d.tokens[t].kind == .number || d.numberAt[t] != nil {
                let qs = d.quantities(in: t..<min(d.tokens.count, t + 4))
                return qs.contains { $0.first == t && ($0.kind == .mg || $0.kind == .ml) }
            }
            if d.tokens[t].kind == .word { seen += 1 }
            t += 1
        }
        return false
    }

    static func inTitle(_ d: Document, _ s: Span) -> Bool { d.section(ofToken: tokenAt(d, s.start)).kind == .title }

    static func tokenAt(_ d: Document, _ byte: Int) -> Int {
        var lo = 0, hi = d.tokens.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if Int(d.tokens[mid].start) <= byte { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// How many amounts a mention states (dose, volume, concentration).
    static func count(_ x: Substance) -> Int {
        (x.doseMg != nil ? 1 : 0) + (x.volumeMl != nil ? 1 : 0) + (x.concentration != nil ? 1 : 0)
    }

    /// Two mentions of a drug are one administration unless their stated amounts differ.
    static func compatible(_ a: Substance, _ b: Substance) -> Bool {
        if let x = a.doseMg, let y = b.doseMg, x != y { return false }
        if let x = a.volumeMl, let y = b.volumeMl, x != y { return false }
        if let x = a.concentration, let y = b.concentration, x != y { return false }
        return true
    }

    static func isSkin(_ d: Document, _ m: Mention, drugs: [Mention]) -> Bool {
        let cls = d.entry(m).cls
        guard cls == "anesthetic" else { return false }
        let skinWords = d.inSentence(.unit, d.structure.sentenceOf[Int(m.first)]).filter { d.entry($0).value == "skin" }
        guard !skinWords.isEmpty else { return false }
        let therapeutic = drugs.contains { let c = d.entry($0).cls; return c == "steroid" || c == "opioid" || c == "antispasmodic" || c == "neurolytic" }
        if !therapeutic { return true }
        return skinWords.contains { d.near(m, $0, 5) }
    }

    static func prefixes(_ d: Document, _ from: Int, _ to: Int, amountFirst: Int? = nil) -> Bool {
        if to - from > 12 { return false }
        var t = from
        var depth = 0
        while t < to {
            let tok = d.tokens[t]
            if tok.kind == .number || tok.kind == .newline { t += 1; continue }
            if let m = d.numberAt[t] { t = max(t + 1, Int(m.end)); continue }   // "a half", "twenty two"
            // "three cc of one and a half percent lidocaine": the "and" of a spelled number.
            if d.isWord(t, "and"), t > from, d.numberAt[t - 1] != nil, d.isWord(t + 1, "a") || d.isWord(t + 1, "half") { t += 1; continue }
            if !d.keyIn(t, prefixFiller) && d.lexicon.singleTokenUnits[d.key(t)] == nil { return false }
            if d.isWord(t, "(") { depth += 1 }
            if d.isWord(t, ")") {
                // A parenthesis closing one opened before the amount ends the previous drug's
                // details; "80 mg (2 cc) of Depo-Medrol" keeps its own aside, and so does
                // "1 cc (40 mg) of Depo-Medrol", the amount alone in an aside after an amount.
                if depth == 0 {
                    let alone = amountFirst.map { a in a >= 2 && d.isWord(a - 1, "(")
                        && (d.tokens[a - 2].kind == .number || d.keyIn(a - 2, Sectionizer.unitWords)) } ?? false
                    if !alone { return false }
                    t += 1
                    continue
                }
                depth -= 1
            }
            t += 1
        }
        return true
    }


    /// A volume that is the mixture's total: "8 cc total", "an 8 mL solution", "a total of 5 mL containing".
    /// Whether the line holding token `t` is a table row: cells split by tabs or pipes.
    static func tableRow(_ d: Document, _ t: Int) -> Bool {
        let b = d.note.bytes
        var s = Int(d.tokens[t].start)
        while s > 0 && b[s - 1] != 0x0A { s -= 1 }
        var e = Int(d.tokens[t].end)
        while e < b.count && b[e] != 0x0A { e += 1 }
        var cells = 0
        for i in s..<e where b[i] == 0x09 || b[i] == 0x7C { cells += 1 }
        return cells >= 2
    }

    /// A total written after a per-level amount ("40 mg in 1 mL at each level (total 80 mg,
    /// 2 mL)"): the entry it totals and the level count, when the amount is a whole multiple
    /// (two or more) of the drug's per-level amount. The volume counts only right after its
    /// total dose.
    static func perLevelTotal(_ d: Document, _ q: Quantity, entries: [Substance], drugs: [Mention],
                              totalled: (entry: Int, factor: Double, end: Int)?) -> (Int, Double)? {
        func multiple(_ total: Double, _ each: Double?) -> Double? {
            guard let each, each > 0 else { return nil }
            let k = total / each
            return k >= 2 && k <= 6 && k == k.rounded() ? k : nil
        }
        switch q.kind {
        case .mg:
            let saysTotal = (q.first >= 1 && d.isWord(q.first - 1, "total"))
                || (q.first >= 2 && d.isWord(q.first - 2, "total") && d.isWord(q.first - 1, "of"))
                || (q.end < d.tokens.count && d.isWord(q.end, "total"))
            guard saysTotal, let p = drugs.lastIndex(where: { Int($0.end) <= q.first }),
                  let k = multiple(q.value, entries[p].doseMg) else { return nil }
            return (p, k)
        case .ml:
            guard let t = totalled, q.first - t.end <= 1, multiple(q.value, entries[t.entry].volumeMl) == t.factor else { return nil }
            return (t.entry, t.factor)
        default:
            return nil
        }
    }

    static func isTotal(_ d: Document, _ q: Quantity, drugs: [Mention]) -> Bool {
        var t = q.end
        var limit = q.end + 3
        while t < d.tokens.count && t < limit {
            // "Four mL of a 1:1 mixture of ...": a ratio before the mixture word.
            if d.tokens[t].kind == .number, t + 2 < d.tokens.count, d.tokens[t + 1].first == 0x3A, d.tokens[t + 2].kind == .number {
                t += 3; limit += 3; continue
            }
            if d.keyIn(t, mixtureWords) {
                let before = drugs.filter { Int($0.end) <= q.first }
                if d.isWord(t, "total"), before.count == 1, d.words(between: Int(before[0].end), q.first) <= 4 { return false }
                // A medication table's row ("Dexamethasone 10 mg/mL <tab> 10 mg total <tab> 1 mL total"):
                // the row's one drug owns its total.
                // (A generic and its brand, "Triamcinolone (Kenalog)", are one drug.)
                if d.isWord(t, "total"), Set(drugs.map { d.entry($0).value }).count == 1, let last = before.last,
                   tableRow(d, q.first) || d.words(between: Int(last.end), q.first) <= 8 { return false }
                return true
            }
            if !d.keyIn(t, articleWords) { break }
            t += 1
        }
        // "Omnipaque 240, 2 mL total": the one drug just before owns its total.
        let before = drugs.filter { Int($0.end) <= q.first }
        if before.count == 1, d.words(between: Int(before[0].end), q.first) <= 4 { return false }
        // "a total of 5 mL" and no drug right after it
        var k = q.first - 1
        var sawTotal = false
        while k >= 0 && k >= q.first - 3 {
            if d.isWord(k, "total") { sawTotal = true; break }
            k -= 1
        }
        if sawTotal {
            if let n = drugs.firstIndex(where: { Int($0.first) >= q.end }), prefixes(d, q.end, Int(drugs[n].first)) { return false }
            return true
        }
        return false
    }
}
