/// Durations written without a number of weeks: "since March", "since 02/2025", "worse
/// since the spring" read against the note's date of service, and "for years", "for several
/// months".
extension HistoryFacts {
    static let monthNames: [(String, Int)] = [
        ("january", 1), ("jan", 1), ("february", 2), ("feb", 2), ("march", 3), ("mar", 3), ("april", 4), ("apr", 4),
        ("may", 5), ("june", 6), ("jun", 6), ("july", 7), ("jul", 7), ("august", 8), ("aug", 8),
        ("september", 9), ("sep", 9), ("sept", 9), ("october", 10), ("oct", 10), ("november", 11), ("nov", 11),
        ("december", 12), ("dec", 12),
    ]
    /// The month a season starts in (northern hemisphere, as the notes are US notes).
    static let seasons: [(String, Int)] = [("spring", 3), ("summer", 6), ("fall", 9), ("autumn", 9), ("winter", 12)]
    static let dateLabelWords: WordSet = ["dos", "dop", "date", "dated", "exam", "service", "seen", "visit"]
    /// Dates that are not the service's: birth, and the injury or referral a history dates from.
    static let birthWords: WordSet = ["dob", "birth", "born", "injury", "doi", "accident", "onset", "referral", "referred"]
    static let sinceWords: WordSet = ["since", "onset"]
    /// Events a history dates pain from ("since the injury").
    static let eventWords: WordSet = ["injury", "accident", "collision", "crash", "mva", "mvc", "incident", "surgery", "operation"]
    /// Words before "in" + a month that date the pain's onset ("came back in September").
    static let onsetInWords: WordSet = ["began", "begun", "started", "start", "back", "returned", "recurred", "onset", "starting", "beginning"]
    static let ordinalWords: WordSet = ["first", "second", "third", "last", "latest", "recent", "original", "index"]
    static let manyWords: WordSet = ["many", "several", "some", "few", "multiple", "numerous"]
    static let longUnits: WordSet = ["months", "years", "decades"]

    /// Holidays a history dates pain from: name, month, day (Thanksgiving and Easter move;
    /// their usual late-November and early-April days are close enough for four weeks).
    static let holidays: [(String, Int, Int)] = [("thanksgiving", 11, 25), ("christmas", 12, 25), ("xmas", 12, 25),
                                                  ("halloween", 10, 31), ("easter", 4, 5)]

    /// A year (1950–2100) written within three tokens of another occurrence of the word at
    /// `k` ("L4-S1 fusion 2021", "fusion in 2021").
    static func yearNear(_ d: Document, sameWordAs k: Int) -> Int? {
        let n = d.tokens.count
        for t in 0..<n where t != k && d.tokens[t].kind == .word && d.tokens[t].first == d.tokens[k].first && d.tokens[t].word == d.tokens[k].word
            && d.note.bytes[Int(d.tokens[t].start)..<Int(d.tokens[t].end)].elementsEqual(d.note.bytes[Int(d.tokens[k].start)..<Int(d.tokens[k].end)], by: { ($0 | 0x20) == ($1 | 0x20) }) {
            for u in max(0, t - 3)...min(n - 1, t + 3) where d.tokens[u].kind == .number && d.tokens[u].end - d.tokens[u].start == 4 {
                if let (v, glued) = d.numberValue(u), !glued, v >= 1950, v <= 2100 { return Int(v) }
            }
        }
        return nil
    }

    /// A month as a count of months (year × 12 + month − 1), with the day when written.
    struct MonthDate { var months: Int; var day: Int? }

    /// The month named at token `t` (1–12).
    static func monthName(_ d: Document, _ t: Int) -> Int? {
        guard t < d.tokens.count, d.tokens[t].kind == .word else { return nil }
        let tok = d.tokens[t]
        // "May" is a month only in capitals ("may have" is a verb).
        for (name, m) in monthNames where d.isWord(t, string: name) {
            if name == "may" && d.note.bytes[Int(tok.start)] != 0x4D { return nil }
            // "Mar", "Jun": three-letter abbreviations only capitalized.
            if name.count <= 4 && name != "june" && name != "july" && d.note.bytes[Int(tok.start)] >= 0x61 { return nil }
            return m
        }
        return nil
    }

    /// A date written as digits at token `t`: MM/DD/YYYY, MM/DD/YY, MM/YYYY, YYYY-MM-DD.
    /// Returns the date and the token after it.
    static func numericDate(_ d: Document, _ t: Int) -> (MonthDate, Int)? {
        let n = d.tokens.count
        func num(_ k: Int) -> Int? {
            guard k < n, d.tokens[k].kind == .number, let (v, glued) = d.numberValue(k), !glued, v == v.rounded() else { return nil }
            return Int(v)
        }
        func digits(_ k: Int) -> Int { Int(d.tokens[k].end - d.tokens[k].start) }
        func adjacent(_ a: Int, _ b: Int) -> Bool { d.tokens[a].end == d.tokens[b].start }
        guard let a = num(t), t + 2 < n, adjacent(t, t + 1), adjacent(t + 1, t + 2), let b = num(t + 2) else { return nil }
        let sep = d.tokens[t + 1].first
        if sep == 0x2F || sep == 0x2D {
            // MM/DD/YYYY or MM/DD/YY
            if t + 4 < n, d.tokens[t + 3].first == sep, adjacent(t + 2, t + 3), adjacent(t + 3, t + 4), let c = num(t + 4) {
                if digits(t) == 4, (1...12).contains(b), (1...31).contains(c) { return (MonthDate(months: a * 12 + b - 1, day: c), t + 5) }
                let year = digits(t + 4) == 2 ? 2000 + c : c
                if (1...12).contains(a), (1...31).contains(b), year >= 1950, year <= 2100 {
                    return (MonthDate(months: year * 12 + a - 1, day: b), t + 5)
                }
                return nil
            }
            // MM/YYYY
            if sep == 0x2F, (1...12).contains(a), digits(t + 2) == 4, b >= 1950, b <= 2100 {
                return (MonthDate(months: b * 12 + a - 1, day: nil), t + 3)
            }
        }
        return nil
    }

    /// The note's date of service: the first full date on a line that labels a date
    /// ("DOS:", "Date of service:", "Exam date:", "Date:") and is not a birth date.
    static func serviceMonth(_ d: Document) -> MonthDate? {
        let n = d.tokens.count
        var t = 0
        var labelled = false, birth = false
        while t < n {
            let tok = d.tokens[t]
            if tok.kind == .newline { labelled = false; birth = false; t += 1; continue }
            if tok.kind == .word {
                // "DOB: ... DOS: ...": the last label before the date decides.
                if d.keyIn(t, dateLabelWords) { labelled = true; birth = false }
                if d.keyIn(t, birthWords) { birth = true }
            }
            if tok.kind == .number, labelled, !birth, let (date, _) = numericDate(d, t), date.day != nil {
                return date
            }
            t += 1
        }
        // "CAUDAL ESI UNDER FLUOROSCOPY - 10/14/2025": a full date on the title line.
        t = 0
        while t < n, d.tokens[t].kind != .newline {
            if d.tokens[t].kind == .number, let (date, _) = numericDate(d, t), date.day != nil { return date }
            t += 1
        }
        return nil
    }

    /// Weeks from a start written after "since" / "onset" at token `t` (the word after the
    /// cue) to the date of service.
    static func weeksSince(_ d: Document, _ t: Int, _ service: MonthDate, end: Int) -> (Double, Int)? {
        var k = t
        // "since the spring", "since last summer", "since early March", "since mid-2024"
        while k < end, k < t + 3, d.isWord(k, "the") || d.isWord(k, "last") || d.isWord(k, "this") || d.isWord(k, "early")
                || d.isWord(k, "late") || d.isWord(k, "mid") || d.isWord(k, "in") || d.isWord(k, "of") || d.tokens[k].first == 0x2D { k += 1 }
        guard k < end else { return nil }
        // "since a fall from a ladder in August": an event, then when it happened.
        if numericDate(d, k) == nil, monthName(d, k) == nil, !seasons.contains(where: { d.isWord(k, string: $0.0) }), d.tokens[k].kind != .number {
            var u = k
            while u < end, u < k + 8, d.tokens[u].kind == .word || d.tokens[u].first == 0x2D {
                if d.isWord(u, "in") || d.isWord(u, "on"), u + 1 < end, monthName(d, u + 1) != nil || numericDate(d, u + 1) != nil
                    // "since his L4-L5 laminectomy in 2019"
                    || (d.isWord(u, "in") && d.tokens[u + 1].kind == .number && d.tokens[u + 1].end - d.tokens[u + 1].start == 4
                        && (d.numberValue(u + 1).map { $0.0 >= 1950 && $0.0 <= 2100 && !$0.1 } ?? false))
                    || (u + 2 < end && d.isWord(u + 1, "last") && seasons.contains(where: { d.isWord(u + 2, string: $0.0) })) {
                    return weeksSince(d, u + 1, service, end: end)
                }
                u += 1
            }
            // "since Thanksgiving", "since Christmas": the latest such day before the service.
            if let (m, day) = holidays.first(where: { d.isWord(k, string: $0.0) }).map({ ($0.1, $0.2) }) {
                var months = (service.months / 12) * 12 + m - 1
                if months > service.months || (months == service.months && (service.day ?? 31) < day) { months -= 12 }
                var weeks = Double(service.months - months) * 4.345
                if let b = service.day { weeks += Double(b - day) / 7 }
                return (max(0, weeks), k + 1)
            }
            // "Forklift collision at work 06/02/2025. Neck pain since the injury.": the event's
            // date, written in the sentence before or earlier in this one.
            // "since the second surgery" after "microdiscectomy (2021)": a year alone counts
            // from its middle.
            var ev = k
            if d.keyIn(ev, ordinalWords) { ev += 1 }
            if d.isWord(k - 1, "the"), ev < end, d.keyIn(ev, eventWords) {
                let s = Int(d.structure.sentenceOf[k])
                let from = d.structure.sentences[max(0, s - 1)].lowerBound
                var u = k - 1
                while u >= from {
                    // A date starts at a boundary ("02/2025" inside "06/02/2025" is not one).
                    if u == 0 || (d.tokens[u - 1].first != 0x2F && d.tokens[u - 1].first != 0x2D),
                       let (date, _) = numericDate(d, u), date.months <= service.months {
                        var weeks = Double(service.months - date.months) * 4.345
                        if let a = date.day, let b = service.day { weeks += Double(b - a) / 7 }
                        return (max(0, weeks), ev + 1)
                    }
                    if d.tokens[u].kind == .number, d.tokens[u].end - d.tokens[u].start == 4, let (y, glued) = d.numberValue(u), !glued,
                       y >= 1950, Int(y) * 12 + 5 <= service.months, u == 0 || d.tokens[u - 1].first != 0x2F {
                        return (Double(service.months - (Int(y) * 12 + 5)) * 4.345, ev + 1)
                    }
                    u -= 1
                }
            }
            // "pain since the fusion" and, elsewhere in the note, "L4-S1 fusion 2021": the
            // event's year.
            if d.isWord(k - 1, "the"), d.tokens[k].kind == .word, d.tokens[k].end - d.tokens[k].start >= 4,
               let y = yearNear(d, sameWordAs: k), y * 12 + 5 <= service.months {
                return (Double(service.months - (y * 12 + 5)) * 4.345, k + 1)
            }
            return nil
        }
        let serviceMonth = service.months % 12 + 1
        var start: MonthDate?
        var stop = k + 1
        if let (date, next) = numericDate(d, k) {
            start = date
            stop = next
        } else if let m = monthName(d, k) {
            // "March 2025", "March of last year", else the latest such month not after the service.
            if k + 1 < end, let (y, _) = d.numberValue(k + 1), y >= 1950, y <= 2100 {
                start = MonthDate(months: Int(y) * 12 + m - 1, day: nil)
                stop = k + 2
            } else {
                let lastYear = (k + 3 < end && d.isWord(k + 1, "of") && d.isWord(k + 2, "last") && d.isWord(k + 3, "year"))
                let year = service.months / 12 - (m > serviceMonth || lastYear ? 1 : 0)
                start = MonthDate(months: year * 12 + m - 1, day: nil)
            }
        } else if let (name, m) = seasons.first(where: { d.isWord(k, string: $0.0) }),
                  // "since the fall" may be a fall the patient had: the season only as "last fall", "this fall", "fall 2025".
                  name != "fall" || (k > t && (d.isWord(k - 1, "last") || d.isWord(k - 1, "this"))) {
            // The latest start of that season before the service; "last summer" when the
            // service is in summer is the year before.
            var months = (service.months / 12) * 12 + m - 1
            if months > service.months || (months + 3 > service.months && d.isWord(k - 1, "last")) { months -= 12 }
            start = MonthDate(months: months, day: nil)
        } else if d.tokens[k].kind == .number, d.tokens[k].end - d.tokens[k].start == 4, let (y, glued) = d.numberValue(k), !glued,
                  y >= 1950, Int(y) <= service.months / 12 {
            // "since 2019": from the middle of that year at the latest.
            start = MonthDate(months: Int(y) * 12 + 5, day: nil)
        }
        guard let s = start, s.months <= service.months else { return nil }
        var weeks = Double(service.months - s.months) * 4.345
        if let a = s.day, let b = service.day { weeks += Double(b - a) / 7 }
        return (max(0, weeks), stop)
    }

    /// "since March", "for years": the longest such duration in the history, in weeks, with its span.
    /// The note's date of service, read on first use.
    struct ServiceDate {
        private var cached: MonthDate??
        mutating func get(_ d: Document) -> MonthDate? {
            if let c = cached { return c }
            let s = HistoryFacts.serviceMonth(d)
            cached = .some(s)
            return s
        }
    }

    static func writtenDuration(_ d: Document, _ range: Range<Int>, service: inout ServiceDate) -> (Double, Span)? {
        var best: (Double, Span)?
        var dated = false
        for t in range {
            let kind = d.tokens[t].kind
            // A date in the sentence: the care-range check below runs.
            if kind == .number, !dated, opensDate(d, t, range.upperBound) { dated = true }
            guard kind == .word else { continue }
            // First letters of "since", "onset", "for", "over".
            let first = d.tokens[t].first
            guard first == 0x73 || first == 0x6F || first == 0x66 || first == 0x69 else { continue }
            var found: (Double, Int)?
            if d.keyIn(t, sinceWords), let sv = service.get(d) {
                found = weeksSince(d, t + 1, sv, end: range.upperBound)
            } else if first == 0x69 {
                // "pain that came back in September", "started in March": the onset's month.
                guard d.isWord(t, "in"), t > range.lowerBound, d.keyIn(t - 1, onsetInWords), t + 1 < range.upperBound,
                      monthName(d, t + 1) != nil || numericDate(d, t + 1) != nil,
                      let sv = service.get(d) else { continue }
                found = weeksSince(d, t + 1, sv, end: range.upperBound)
            } else if d.isWord(t, "for") || d.isWord(t, "over") {
                // "for years", "for several months", "over the past few years"
                var k = t + 1
                while k < range.upperBound, k < t + 4, d.isWord(k, "the") || d.isWord(k, "past") || d.isWord(k, "last")
                        || d.isWord(k, "a") || d.keyIn(k, manyWords) { k += 1 }
                if k < range.upperBound, d.keyIn(k, longUnits) {
                    found = (d.isWord(k, "months") ? 8.69 : 104, k + 1)
                }
            }
            guard let (w, stop) = found else { continue }
            if d.flags(t, stop) & (Mention.bit(.hypothetical) | Mention.bit(.family)) != 0 { continue }
            let span = Span(Int(d.tokens[t].start), Int(d.tokens[stop - 1].end))
            if best == nil || w > best!.0 { best = (w, span) }
        }
        if dated, let r = careDateRange(d, range), best == nil || r.0 > best!.0 { best = r }
        return best
    }

    static let rangeWords: WordSet = ["through", "thru", "to", "until", "till", "-"]

    /// Whether the number at `t` is glued to a slash or dash after it: a date may start here.
    static func opensDate(_ d: Document, _ t: Int, _ end: Int) -> Bool {
        t + 1 < end && d.tokens[t + 1].kind == .punct && (d.tokens[t + 1].first == 0x2F || d.tokens[t + 1].first == 0x2D)
            && d.tokens[t + 1].start == d.tokens[t].end
    }

    /// "Completed physical therapy 08/11/2025 through 09/22/2025": care given between two
    /// dates lasted the weeks between them.
    static func careDateRange(_ d: Document, _ range: Range<Int>) -> (Double, Span)? {
        guard let first = range.first else { return nil }
        var best: (Double, Span)?
        var care: Bool?
        for t in range where d.tokens[t].kind == .number && opensDate(d, t, range.upperBound) {
            guard let (a, next) = numericDate(d, t), next < range.upperBound, d.keyIn(next, rangeWords),
                  let (b, stop) = numericDate(d, next + 1), stop <= range.upperBound, b.months >= a.months else { continue }
            if care == nil {
                // Any kind of care named (not a word that says how it went).
                care = d.sameSentence(.therapy, first).contains { $0.asserted && d.entry($0).value != "failed" && d.entry($0).value != "ignore" }
            }
            guard care == true else { return nil }
            let w = Double(b.months - a.months) * 4.345 + Double((b.day ?? 15) - (a.day ?? 15)) / 7
            if w > 0, d.flags(t, stop) & (Mention.bit(.hypothetical) | Mention.bit(.family) | Mention.bit(.negated)) == 0,
               best == nil || w > best!.0 {
                best = (w, Span(Int(d.tokens[t].start), Int(d.tokens[stop - 1].end)))
            }
        }
        return best
    }
}
