/// Conservative therapy, duration, pain score, diagnoses and indications.
enum HistoryFacts {
    static func extract(_ d: Document, _ f: inout Facts) {
        therapy(d, &f)
        duration(d, &f)
        pain(d, &f)
        if f.baselinePain == nil { flowsheetPain(d, &f) }
        diagnoses(d, &f)
        conditions(d, &f)
    }

    static let therapySections: SectionKinds = [.none, .indication, .history, .pastHistory, .medications, .diagnosis, .other, .plan, .title, .technique]
    static let strongHistory: SectionKinds = [.indication, .history, .pastHistory, .medications]

    /// Words that make a plan line describe ongoing care ("continue her home exercise program",
    /// "she does the PT home exercises three times a week", "keep doing the stretches").
    static let ongoing: WordSet = ["continue", "continues", "continuing", "continued", "currently", "remains", "ongoing",
                                   "does", "doing", "keep", "keeps"]

    static let allergyWords: WordSet = ["allergy", "allergies", "allergic", "intolerant", "intolerance"]

    /// An allergy word in the sentence of `t`, or before it on its line within 15 tokens
    /// ("limited by allergies (gabapentin: hives; NSAIDs: angioedema)").
    static func allergyBefore(_ d: Document, _ t: Int) -> Bool {
        if d.sentenceHas(t, allergyWords) { return true }
        var k = t - 1
        while k >= 0 && k >= t - 15 && d.tokens[k].kind != .newline {
            if d.tokens[k].kind == .word && d.keyIn(k, allergyWords) { return true }
            k -= 1
        }
        return false
    }

    static func therapy(_ d: Document, _ f: inout Facts) {
        var out: [Therapy] = []
        var generic: [Span] = []
        // Drugs the allergy list names: told beside an allergy word elsewhere, they were not
        // trials ("Oral medication is limited by allergies (gabapentin: hives; NSAIDs: ...)").
        let allergic = Set(d.live(.therapy).filter { m in
            d.section(m) == .allergies || d.keyIn(d.sentenceRange(Int(m.first)).lowerBound, allergyWords)
        }.map { d.entry($0).term })
        for m in d.live(.therapy) {
            let e = d.entry(m)
            if e.value == "failed" { continue }
            let sec = d.section(m)
            guard therapySections.contains(sec) else { continue }
            if !allergic.isEmpty, allergic.contains(e.term), allergyBefore(d, Int(m.first)) { continue }
            // A header naming the topic ("Conservative care:") is not a therapy.
            let header = d.section(ofToken: Int(m.first)).header
            if m.span.start >= header.start && m.span.end <= header.end { continue }
            if m.has(.negated) || m.has(.family) || m.has(.possible) { continue }
            let sentence = d.sentenceRange(Int(m.first))
            let isOngoing = sentence.contains { t in t < Int(m.first) && d.tokens[t].kind == .word && d.keyIn(t, ongoing) }
            if (m.has(.hypothetical) || sec == .plan) && !isOngoing { continue }
            // "a home stretching program from PT": where the home program came from, not a
            // course of therapy of its own.
            if e.value == "physical_therapy", m.first > 0, d.isWord(Int(m.first) - 1, "from"),
               d.inSentence(.therapy, d.structure.sentenceOf[Int(m.first)]).contains(where: {
                   d.entry($0).value == "home_exercise" && $0.end <= m.first && d.words(between: Int($0.end), Int(m.first)) <= 4 }) { continue }
            let failed = d.inSentence(.therapy, d.structure.sentenceOf[Int(m.first)]).contains { d.entry($0).value == "failed" && !$0.has(.negated) }
            if e.has("weak") && !strongHistory.contains(sec) && !failed && !isOngoing { continue }
            // weeks of this therapy: "6 weeks of PT", "PT x 6 weeks", "PT (8 weeks)".
            var weeks: Int?
            let qs = d.quantities(in: sentence).filter { $0.kind == .duration }
            for q in qs where d.tokens[q.end - 1].first == 0x77 {   // weeks, wks, w
                let before = q.end <= Int(m.first) && d.words(between: q.end, Int(m.first)) <= 3
                let after = q.first >= Int(m.end) && d.words(between: Int(m.end), q.first) <= 3
                if before || after { weeks = Int(q.value); break }
            }
            if e.has("generic") { generic.append(m.span) }
            if let j = out.firstIndex(where: { $0.kind == e.value }) {
                out[j].failed = out[j].failed || failed
                out[j].weeks = out[j].weeks ?? weeks
                out[j].evidence.append(m.span)
            } else {
                out.append(Therapy(kind: e.value, weeks: weeks, failed: failed, evidence: [m.span]))
            }
        }
        // "Response to prior conservative care: none" beside the care it names: the generic
        // phrase adds no kind of its own.
        if generic.count > 0, out.contains(where: { $0.kind != "other" }),
           let j = out.firstIndex(where: { $0.kind == "other" }), out[j].evidence.allSatisfy({ e in generic.contains { $0 == e } }) {
            out.remove(at: j)
        }
        f.conservativeTherapy = out
        for t in out { f.cite("conservative_therapy", t.evidence[0]) }
    }

    static let durationSections: SectionKinds = [.none, .indication, .history, .diagnosis, .other, .title, .technique]
    static let onsetWords: WordSet = ["started", "began", "begun", "onset", "start", "starting", "beginning",
                                      "returned", "recurred", "developed"]
    static let notDuration: WordSet = ["follow", "followup", "return", "recheck", "repeat", "observed", "observation", "monitored",
                                           "minutes", "ago", "old", "age", "aged", "year-old", "yo", "scheduled", "appointment", "sooner",
                                           "gestation", "gestational", "pregnant", "postpartum"]

    /// Words that make a number an age or a pregnancy's weeks only when they follow it ("58
    /// year old", "62 yo", "24 weeks gestation", "30 weeks pregnant").
    static let ageAfterWords: WordSet = ["old", "year-old", "yo", "gestation", "gestational", "pregnant", "postpartum"]

    static let otherConditionWords: WordSet = ["diabetes", "diabetic", "dm", "hypertension", "htn", "copd", "asthma", "ckd", "dialysis",
                                               "smoker", "smoked", "smoking", "married", "worked", "employed", "retired", "insulin",
                                               "hyperlipidemia", "afib", "fibrillation", "anticoagulation", "sober", "abstinent"]

    static func duration(_ d: Document, _ f: inout Facts) {
        var best: Double?
        // The date of service, looked up once and only when a "since" needs it.
        var service = ServiceDate()
        for s in d.structure.sentences.indices {
            let range = d.structure.sentences[s]
            guard let first = range.first, durationSections.contains(d.section(ofToken: first).kind) else { continue }
            for q in d.quantities(in: range) where q.kind == .duration {
                if q.first > 0, d.isWord(q.first - 1, "in") || d.isWord(q.first - 1, "every") { continue }
                // "58 year old", "in 2 weeks", "3 years ago"
                var skip = false
                for t in max(range.lowerBound, q.first - 3)..<min(range.upperBound, q.end + 2) where d.keyIn(t, notDuration) {
                    // "started about 8 weeks ago": the onset of the pain, a duration.
                    // "pain since a fall on ice 5 months ago": the event the pain dates from.
                    if d.isWord(t, "ago"), (max(range.lowerBound, q.first - 3)..<q.first).contains(where: { d.keyIn($0, onsetWords) })
                        || (range.lowerBound..<q.first).contains(where: { d.isWord($0, "since") }) { continue }
                    // "68-year-old man with 4 months of pain": the age before it is another phrase's.
                    if t < q.first, d.keyIn(t, ageAfterWords) { continue }
                    skip = true
                }
                if q.end < d.tokens.count, d.tokens[q.end].first == 0x2D, d.isWord(q.end + 1, "old") { skip = true }
                // "type 2 diabetes for 10 years", "smoked for 20 years": another condition's
                // or habit's duration, not the pain's.
                if (max(range.lowerBound, q.first - 3)..<q.first).contains(where: { d.keyIn($0, otherConditionWords) }) { skip = true }
                // Negation is not checked: "... without claudication, and thigh pain for 5 weeks" states a duration.
                if skip || d.flags(q.first, q.end) & (Mention.bit(.hypothetical) | Mention.bit(.family)) != 0 { continue }
                if best == nil || q.weeks > best! {
                    best = q.weeks
                    f.evidence["duration"] = [Span(Int(d.tokens[q.first].start), Int(d.tokens[q.end - 1].end))]
                }
            }
            // "since March", "for years": no number of weeks written.
            if let (w, span) = writtenDuration(d, range, service: &service), best == nil || w > best! {
                best = w
                f.evidence["duration"] = [span]
            }
        }
        f.durationWeeks = best
    }

    static let painExcluded: SectionKinds = [.plan, .consent, .family, .billing, .complications]

    static let pageWords: WordSet = ["page", "pg", "p"]
    static let countedWords: WordSet = ["block", "blocks", "flight", "flights", "mile", "miles", "feet", "ft", "yards", "steps",
                                        "stairs", "times", "pillows", "level", "levels", "children", "kids"]
    static let gradeWords: WordSet = ["grade", "type", "stage", "class", "phase", "asa", "step", "category", "zone", "gauge", "g", "pod", "day", "hd", "week"]
    static let scaleHeaders: Set<String> = ["nrs", "vas", "pain", "pain (0-10)", "pain score", "pain scale", "pain 0-10", "nprs"]

    /// The fields of a table line: separated by tabs or by two or more spaces, with their spans.
    static func fields(_ b: [UInt8], _ start: Int, _ end: Int) -> [Span] {
        var out: [Span] = []
        var i = start
        while i < end {
            while i < end && (b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0D) { i += 1 }
            if i >= end { break }
            let s = i
            while i < end && b[i] != 0x09 && b[i] != 0x0D && !(b[i] == 0x20 && i + 1 < end && b[i + 1] == 0x20) { i += 1 }
            var e = i
            while e > s && b[e - 1] == 0x20 { e -= 1 }
            out.append(Span(s, e))
        }
        return out
    }

    /// A vitals or nursing flowsheet: a header row with a pain column ("Time  BP  HR  NRS",
    /// "Pain (0-10)") and a row of values under it. The first such row before the procedure's
    /// outcome is the baseline score, when the narrative gave none.
    static func flowsheetPain(_ d: Document, _ f: inout Facts) {
        let note = d.note
        let b = note.bytes
        let starts = note.lineStarts
        func lineEnd(_ k: Int) -> Int { k + 1 < starts.count ? starts[k + 1] - 1 : b.count }
        var k = 0
        while k + 1 < starts.count {
            let header = fields(b, starts[k], lineEnd(k))
            guard header.count >= 3,
                  let col = header.firstIndex(where: { scaleHeaders.contains(note.text($0).lowercased()) }) else { k += 1; continue }
            // The header's section: a post-procedure table is not the baseline.
            var lo = 0, hi = d.tokens.count      // the header line's first token (tokens are in order)
            while lo < hi { let mid = (lo + hi) / 2; if Int(d.tokens[mid].start) < starts[k] { lo = mid + 1 } else { hi = mid } }
            if lo < d.tokens.count, [.outcome, .plan, .complications].contains(d.section(ofToken: lo).kind) { return }
            let row = fields(b, starts[k + 1], lineEnd(k + 1))
            guard row.count == header.count else { k += 1; continue }
            let cell = note.text(row[col])
            if let v = Double(cell), v >= 0, v <= 10 {
                f.baselinePain = v
                f.cite("baseline_pain", row[col])
            }
            return
        }
    }
    static let practiceWords: WordSet = ["clinic", "clinics", "center", "centre", "management", "medicine", "institute",
                                         "associates", "specialists", "spine", "physicians", "consultants", "group", "program",
                                         "service", "services", "team", "partners", "care", "llc", "pc", "suite", "unit", "ward",
                                         "room", "department", "dept", "lab", "procedure", "bay", "floor", "building", "bldg", "ste", "office", "rm"]

    /// "Elmhurst Pain Clinic · 7 Beacon Square", "Riverbend Pain & Spine", "Interventional
    /// Pain, Suite 4": the pain word names
    /// a practice, and the number after it is an address or a page, not a score.
    static func namesAPractice(_ d: Document, _ m: Mention) -> Bool {
        var t = Int(m.end)
        // "Cedar Hollow Interventional Pain, Suite 4": an address part after a comma.
        if t < d.tokens.count, d.tokens[t].first == 0x26 || d.tokens[t].first == 0x2C || d.isWord(t, "and") { t += 1 }
        // "Ridgeview Spine & Pain, Bay 2": the practice's name ends in the word.
        let f = Int(m.first)
        if f >= 2, d.tokens[f - 1].first == 0x26 || d.isWord(f - 1, "and"), d.keyIn(f - 2, practiceWords) { return true }
        return t < d.tokens.count && d.keyIn(t, practiceWords)
    }

    /// "on a zero to ten scale", "on a scale of 0 to 10" right after a number.
    static func onScale(_ d: Document, _ t: Int) -> Bool {
        guard d.isWord(t, "on") else { return false }
        var k = t + 1
        while k < d.tokens.count, k < t + 8, d.tokens[k].kind != .newline {
            if d.isWord(k, "scale") || d.isWord(k, "vas") { return true }
            k += 1
        }
        return false
    }

    /// The top of the scale a number is read on ("on the 100 mm visual analog scale": 100, "on
    /// a 0-10 scale": 10), or nil when no scale follows. A scale with no top written is a
    /// 0-10 scale.
    static func scaleTop(_ d: Document, _ t: Int) -> Double? {
        guard onScale(d, t) else { return nil }
        var top = 10.0
        var k = t + 1
        while k < d.tokens.count, !d.isWord(k, "scale") && !d.isWord(k, "vas") {
            if d.tokens[k].kind == .number, let (x, _) = d.numberValue(k), x == 100 { top = 100 }
            k += 1
        }
        return top
    }

    static func pain(_ d: Document, _ f: inout Facts) {
        let n = d.tokens.count
        let units = d.unitAt
        for t in 0..<n where d.tokens[t].kind == .number || d.numberAt[t] != nil {
            // "seven out of ten": a number word is a number too.
            var v: Double
            var spelled = false
            if let (x, glued) = d.numberValue(t), !glued { v = x }
            else if let m = d.numberAt[t], let x = Double(d.entry(m).value), Int(m.end) - t == 1 { v = x; spelled = true }
            else { continue }
            // A number word counts only as "N out of ten" ("a", "past" are number words too).
            if spelled && !(t + 3 < n && d.isWord(t + 1, "out") && d.isWord(t + 2, "of"))
                && !(t + 2 < n && d.isWord(t + 1, "over") && d.isWord(t + 2, "ten")) && !onScale(d, t + 1) { continue }
            // The scale, not a score: the denominator of "***/10" and the top of "(0-10)".
            if t > 0, d.tokens[t - 1].kind == .punct, d.tokens[t - 1].first == 0x2F { continue }
            if t > 1, d.tokens[t - 1].first == 0x2D, d.tokens[t - 2].kind == .number, d.numberValue(t - 2)?.0 == 0 { continue }
            // A list enumerator "(1)" and a page number ("PAGE 1 OF 2") are not scores.
            if t > 0, t + 1 < n, d.tokens[t - 1].first == 0x28, d.tokens[t + 1].first == 0x29 { continue }
            if t > 0, d.keyIn(t - 1, pageWords) { continue }
            // "(RN, 07:40)": a clock time, not a score.
            if t + 2 < n, d.tokens[t + 1].first == 0x3A, d.tokens[t + 1].start == d.tokens[t].end, d.tokens[t + 2].kind == .number,
               d.tokens[t + 2].start == d.tokens[t + 1].end, d.tokens[t + 2].end - d.tokens[t + 2].start == 2 { continue }
            // "grade 1 spondylolisthesis", "ASA class 2", "type 2 diabetes": a grade, not a score.
            if t > 0, d.keyIn(t - 1, gradeWords) { continue }
            // "pain walking > 1 block": a count of something, not a score.
            if t + 1 < n, d.keyIn(t + 1, countedWords) { continue }
            let sec = d.section(ofToken: t).kind
            // "Complications: None. Post: pain 3/10": a score on the complications line is a
            // response when a post cue marks it, never the baseline.
            if painExcluded.contains(sec) && sec != .complications { continue }
            // A copied-forward note's score ("Pain 9/10 before.") is the earlier visit's.
            if sec == .pastHistory && d.flags(t, t + 1) & Mention.bit(.historical) != 0 { continue }
            let painMentions = d.inSentence(.pain, d.structure.sentenceOf[t]).filter { !namesAPractice(d, $0) }
            var score: Double?
            var end = t + 1
            // N/10, N out of 10, N of 10, N/100
            if end + 1 < n, d.tokens[end].first == 0x2F, let (den, g2) = d.numberValue(end + 1), !g2 {
                let afterDen = end + 2
                let isDate = (afterDen < n && d.tokens[afterDen].first == 0x2F && d.tokens[afterDen].start == d.tokens[afterDen - 1].end)
                    || (t > 0 && d.tokens[t - 1].first == 0x2F && d.tokens[t - 1].end == d.tokens[t].start)
                if !isDate && den == 10 && v <= 10 { score = v; end = afterDen }
                if !isDate && den == 100 && v <= 100 { score = v / 10; end = afterDen }
            } else if end + 2 < n, (d.isWord(end, "out") && d.isWord(end + 1, "of")), d.isWord(end + 2, "ten") || d.numberValue(end + 2)?.0 == 10, v <= 10 {
                score = v; end = end + 3
            } else if end + 1 < n, d.isWord(end, "over"), d.isWord(end + 1, "ten") || d.numberValue(end + 1)?.0 == 10, v <= 10 {
                // "six over ten": a slash dictated.
                score = v; end = end + 2
            } else if spelled, onScale(d, end), v <= 10 {
                // "rated a six on a zero to ten scale"
                score = v
            } else if !spelled, !painMentions.isEmpty, let top = scaleTop(d, d.isWord(end, "mm") ? end + 1 : end), v <= top {
                // "He marks 80 on the 100 mm visual analog scale", "7 on a 0-10 scale", "64 mm
                // on the 100 mm VAS".
                score = top == 100 ? v / 10 : v
            } else {
                // "VAS 7", "pain 7", "NRS 70", "rates her pain as 8": a scale or pain word just before.
                let sentenceStart = d.sentenceRange(t).lowerBound
                if let pm = painMentions.last(where: { Int($0.end) <= t && Int($0.first) >= sentenceStart && d.words(between: Int($0.end), t) <= 2 }),
                   // "Baseline: 8", but not "PRE-OP DIAGNOSES: 1. ...": a time word alone right before it.
                   !(d.entry(pm).value == "pre" && d.words(between: Int(pm.end), t) > 0) {
                    let kind = d.entry(pm).value
                    let rangeNext = t + 1 < n && (d.tokens[t + 1].first == 0x2F || d.tokens[t + 1].first == 0x2D)
                    let unitNext = t + 1 < n && units[t + 1].map { ["mg", "ml", "percent", "day", "week", "month", "year", "per"].contains(d.entry($0).value) } == true
                    if !rangeNext && !unitNext {
                        if v <= 10 { score = v } else if kind == "scale" && v <= 100 { score = v / 10 }
                    }
                }
            }
            guard let sc = score else { continue }
            // After the procedure? A post cue shortly before it, or "to" right before it.
            let sentenceStart = d.sentenceRange(t).lowerBound
            let sentenceEnd = d.sentenceRange(t).upperBound
            // A post cue shortly before it, or opening its sentence ("Post-procedure she was
            // walking to the car, pain 3/10").
            let post = painMentions.contains { Int($0.first) >= sentenceStart && Int($0.end) <= t && d.entry($0).value == "post"
                    && d.words(between: Int($0.end), t) <= (Int($0.first) == sentenceStart ? 12 : 6) }
                || painMentions.contains { Int($0.first) >= end && Int($0.end) <= sentenceEnd && d.entry($0).value == "post" && d.words(between: end, Int($0.first)) <= 3 }
                || (t > 0 && d.isWord(t - 1, "to")) || d.flags(t, end) & Mention.bit(.post) != 0 || sec == .outcome
                || (afterComplications(d, t) && !painMentions.contains { d.entry($0).value == "pre" })
                // "Pain 2/10 after;": "after" ending the clause.
                || (end + 1 < n && d.isWord(end, "after") && (d.tokens[end + 1].kind == .punct || d.tokens[end + 1].kind == .newline))
                || (end + 1 == n && d.isWord(end, "after"))
            if post {
                f.response = true
                f.cite("outcome.response", Span(Int(d.tokens[t].start), Int(d.tokens[end - 1].end)))
                continue
            }
            if sec == .complications { continue }
            // Negation cues earlier in a run-on sentence do not deny a score; plans and family do.
            if d.flags(t, end) & (Mention.bit(.hypothetical) | Mention.bit(.family)) != 0 { continue }
            // A dated list line tells an earlier injection's result ("- 11/12/2025 left S1 TFESI: pain 8/10 -> 2/10").
            if d.context.datedSentence(d.structure.sentenceOf[t]) { continue }
            // "At her last visit, two weeks after that injection, she rated the pain 2/10":
            // an earlier injection's result, not today's baseline.
            if d.flags(t, end) & Mention.bit(.historical) != 0 && afterAnInjection(d, t) { continue }
            if f.baselinePain == nil {
                f.baselinePain = sc
                f.cite("baseline_pain", Span(Int(d.tokens[t].start), Int(d.tokens[end - 1].end)))
            }
        }
    }

    static let injectionWords: WordSet = ["injection", "injections", "esi", "epidural", "block", "procedure", "shot", "tfesi", "ilesi"]
    static let demonstratives: WordSet = ["that", "the", "this", "her", "his", "their", "last", "first", "second", "prior", "previous", "earlier"]

    /// Whether the sentence of `t`, before it, times it "after that injection" (up to three
    /// articles or demonstratives between the two words: "after her last prior injection").
    static func afterAnInjection(_ d: Document, _ t: Int) -> Bool {
        let start = d.sentenceRange(t).lowerBound
        var k = start
        while k < t {
            if d.isWord(k, "after") {
                var j = k + 1
                while j < t && j <= k + 3 && d.keyIn(j, demonstratives) { j += 1 }
                if j < t && d.keyIn(j, injectionWords) { return true }
            }
            k += 1
        }
        return false
    }

    static let narrativeSections: SectionKinds = [.none, .technique, .other, .injectate]

    /// Whether a score at `t` comes just after the narrative's own "No complications." (in
    /// one of the three sentences before it, in the same procedure section): the procedure is
    /// over by then (unless the score is marked "pre").
    static func afterComplications(_ d: Document, _ t: Int) -> Bool {
        let sec = d.structure.sectionOf[t]
        guard narrativeSections.contains(d.section(ofToken: t).kind) else { return false }
        let start = d.sentenceRange(t).lowerBound
        let s = Int(d.structure.sentenceOf[t])
        // A terse note's history line after "no cx" ("Dx ... x 8 wk, PT failed, pain 6/10")
        // tells the history: care or a duration in the sentence.
        if !d.inSentence(.therapy, Int32(s)).isEmpty
            || d.quantities(in: d.sentenceRange(t)).contains(where: { $0.kind == .duration }) { return false }
        return d.live(.complication).contains { m in
            Int(m.end) <= start && (d.structure.sectionOf[Int(m.first)] == sec || d.section(m) == .complications)
                && !m.has(.hypothetical) && !m.has(.historical)
                // ... told just before: within the three sentences before the score's.
                && s - Int(d.structure.sentenceOf[Int(m.first)]) <= 3
                && (d.entry(m).value == "none" || m.has(.negated))
        }
    }

    /// ICD-10-CM codes as written: `M54.16`, `M5416` (normalized to `M54.16`).
    static func diagnoses(_ d: Document, _ f: inout Facts) {
        var seen = Set<String>()
        // Tokens inside a drug name ("Isovue-M200") are not codes.
        var inDrug = [Bool](repeating: false, count: d.tokens.count)
        for m in d.mentions(.substance) { for t in Int(m.first)..<Int(m.end) { inDrug[t] = true } }
        let bytes = d.note.bytes
        var lastCode = -10
        for t in 0..<d.tokens.count where d.tokens[t].kind == .word && !inDrug[t] {
            // Cheap test before any allocation: a letter, then a digit, 3 to 8 bytes.
            let s = Int(d.tokens[t].start), n = Int(d.tokens[t].end) - s
            guard n >= 3, n <= 8, bytes[s + 1] >= 0x30, bytes[s + 1] <= 0x39 else { continue }
            let raw = Array(d.raw(t))
            var code = icd(raw)
            var last = t
            // A letter third ("Z3A.24", "M1A.07"): the tokenizer splits at the point, which it
            // joins only between digits.
            if code == nil, raw.count == 3, (raw[2] | 0x20) >= 0x61, (raw[2] | 0x20) <= 0x7A, t + 2 < d.tokens.count,
               d.tokens[t + 1].first == 0x2E, d.tokens[t + 1].start == d.tokens[t].end, d.tokens[t + 2].start == d.tokens[t + 1].end,
               d.tokens[t + 2].kind != .punct, let joined = icd(raw + [0x2E] + Array(d.raw(t + 2))) {
                code = joined
                last = t + 2
            }
            // A three-character code (G35, C61) only in a diagnosis line or in parentheses, and never a spinal level.
            if code == nil, raw.count == 3, raw[0] >= 0x41, raw[0] <= 0x5A, raw[1] >= 0x30, raw[1] <= 0x39, raw[2] >= 0x30, raw[2] <= 0x39,
               ProcedureFacts.vertebrae(d.key(t)) == nil,
               d.section(ofToken: t).kind == .diagnosis || (t > 0 && d.tokens[t - 1].first == 0x28)
                // ... or listed after another code ("(C79.51, C61)").
                || (t >= 2 && lastCode == t - 2 && (d.tokens[t - 1].first == 0x2C || d.tokens[t - 1].first == 0x3B)) {
                code = String(decoding: raw, as: UTF8.self)
            }
            guard let code = code else { continue }
            if d.section(ofToken: t).kind == .family || d.context.withdrawn(t) { continue }
            lastCode = last
            if seen.insert(code).inserted {
                f.diagnoses.append(code)
            }
            f.cite("diagnoses", Span(Int(d.tokens[t].start), Int(d.tokens[last].end)))
        }
    }

    static func icd(_ raw: [UInt8]) -> String? {
        guard raw.count >= 3, raw.count <= 8 else { return nil }
        var raw = raw
        // "v11.3" in lower case is a software version ("PainTrack(R) v11.3"), not a V code.
        if raw[0] == 0x76 { return nil }
        if raw.count > 3, raw[3] == 0x2E, raw[0] >= 0x61, raw[0] <= 0x7A { raw[0] -= 0x20 }   // "m54.16"
        let l = raw[0]
        guard l >= 0x41, l <= 0x5A, l != 0x55 else { return nil }
        func digit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        func alnum(_ b: UInt8) -> Bool { digit(b) || (b >= 0x41 && b <= 0x5A) }
        guard digit(raw[1]), alnum(raw[2]), raw.count > 3 else { return nil }
        if raw[3] == 0x2E {
            let rest = raw[4...]
            guard !rest.isEmpty, rest.count <= 4, rest.allSatisfy(alnum) else { return nil }
            return String(decoding: raw, as: UTF8.self)
        }
        // Without the dot: only the musculoskeletal and nervous-system chapters, 4–7 characters.
        guard l == 0x4D || l == 0x47, raw.count <= 7, raw[3...].allSatisfy(alnum), digit(raw[2]) else { return nil }
        return String(decoding: raw[0..<3], as: UTF8.self) + "." + String(decoding: raw[3...], as: UTF8.self)
    }

    static let conditionExcluded: SectionKinds = [.plan, .consent, .family, .billing, .allergies]

    static func conditions(_ d: Document, _ f: inout Facts) {
        for m in d.live(.condition) where !conditionExcluded.contains(d.section(m)) && !m.has(.negated) && !m.has(.family) && !m.has(.hypothetical) {
            let v = d.entry(m).value
            if v == "zoster" {
                // Acute zoster only: postherpetic neuralgia is not exempt.
                f.zoster = true
                f.cite("zoster", m.span)
            }
            f.conditions.append(d.entry(m).term.lowercased())
            f.cite("indication", m.span)
        }
    }
}
