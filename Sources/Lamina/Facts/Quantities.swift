/// A number with its unit, parsed from tokens: a dose, a volume, a concentration or a
/// duration.
public struct Quantity: Sendable {
    public enum Kind: Sendable { case mg, ml, percent, perMl, duration }
    public var kind: Kind
    public var value: Double
    /// Concentration as written, normalized spacing (`40 mg/mL`, `0.25%`).
    public var text: String = ""
    /// Duration in weeks.
    public var weeks: Double = 0
    public var first: Int
    public var end: Int
    /// A volume that is the mixture's total, not one drug's.
    public var total = false
    /// A dose with its own volume ("80 mg/1 mL"): the volume part.
    public var pairedVolume: Double?
}

extension Document {
    /// Unit mention starting at each token.

    /// The numeric value of a number token, where its digits are, plus any letters glued
    /// after it ("80mg" → 80, "mg"). The digits' text is built only when a caller needs it
    /// (`digitsText`): most number tokens carry no unit.
    func numberParts(_ t: Int) -> (Double, Digits, [UInt8])? {
        guard let n = scanNumber(t) else { return nil }
        let bytes = note.bytes
        var rest: [UInt8] = []
        if n.end < n.stop {
            rest.reserveCapacity(n.stop - n.end)
            for i in n.end..<n.stop { let b = bytes[i]; rest.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b) }
        }
        return (n.value, Digits(start: n.start, end: n.end, oIsZero: n.oIsZero), rest)
    }

    /// Where a number token's digits are, and whether OCR's letter O stands for a zero.
    struct Digits { var start: Int; var end: Int; var oIsZero: Bool }

    /// The written digits of a number ("0.25", ".5" as "0.5", OCR's "1O" as "10").
    func digitsText(_ d: Digits) -> String {
        var text = ""
        text.reserveCapacity(d.end - d.start + 1)
        let bytes = note.bytes
        if bytes[d.start] == 0x2E { text.append("0") }
        for i in d.start..<d.end {
            let b = bytes[i]
            text.unicodeScalars.append(Unicode.Scalar(d.oIsZero && (b == 0x4F || b == 0x6F) ? 0x30 : b))
        }
        return text
    }

    /// The numeric value of a number token and whether letters are glued after it, with
    /// no allocation (most callers need only these).
    @inline(__always)
    func numberValue(_ t: Int) -> (Double, glued: Bool)? {
        guard let n = scanNumber(t) else { return nil }
        return (n.value, n.end < n.stop)
    }

    /// The digits of a number token: its value, where the digits start and end, where the
    /// token stops, and whether OCR's letter O stands for a zero in it.
    func scanNumber(_ t: Int) -> (value: Double, start: Int, end: Int, stop: Int, oIsZero: Bool)? {
        let tok = tokens[t]
        var start = Int(tok.start)
        let stop = Int(tok.end)
        let bytes = note.bytes
        if tok.kind == .word {
            // "x6 wks": a count written after "x" (the token's first byte is folded).
            guard tok.first == 0x78, stop - start >= 2, bytes[start + 1] >= 0x30, bytes[start + 1] <= 0x39 else { return nil }
            start += 1
        } else if tok.kind != .number { return nil }
        // Digits and one decimal point, parsed by hand (no String per number token).
        var mantissa = 0.0, divisor = 1.0
        var fraction = false
        var end = start
        var sawDigit = false
        // OCR's letter O for a zero after a digit ("1O mg", "1OO mcg"), when the rest of the
        // token is digits and O's.
        var oIsZero = false
        if tok.kind == .number {
            var k = start
            var sawO = false
            while k < stop, (bytes[k] >= 0x30 && bytes[k] <= 0x39) || bytes[k] == 0x4F || bytes[k] == 0x6F {
                if bytes[k] == 0x4F || bytes[k] == 0x6F { sawO = true }
                k += 1
            }
            oIsZero = sawO && k == stop
        }
        while end < stop {
            var b = bytes[end]
            if oIsZero && (b == 0x4F || b == 0x6F) { b = 0x30 }
            if b >= 0x30 && b <= 0x39 {
                sawDigit = true
                mantissa = mantissa * 10 + Double(b - 0x30)
                if fraction { divisor *= 10 }
            } else if b == 0x2E && !fraction && end + 1 < stop && bytes[end + 1] >= 0x30 && bytes[end + 1] <= 0x39 {
                fraction = true
            } else { break }
            end += 1
        }
        guard sawDigit else { return nil }
        let value = mantissa / divisor   // exact for the decimals notes write (0.25, 0.125)
        return (value, start, end, stop, oIsZero)
    }

    /// Quantities among the tokens `range`, computed once per range (substances, durations
    /// and totals all read the same sentences).
    func quantities(in range: Range<Int>) -> [Quantity] {
        if let q = quantityCache.get(range) { return q }
        let q = computeQuantities(in: range)
        quantityCache.put(range, q)
        return q
    }

    func computeQuantities(in range: Range<Int>) -> [Quantity] {
        let units = unitAt
        let numberWords = numberAt
        var out: [Quantity] = []
        var t = range.lowerBound
        func unit(at i: Int) -> (String, Int)? {
            var i = i
            // "(1.5\nmL)": a hard-wrapped line between the number and its unit.
            if i < range.upperBound, tokens[i].kind == .newline { i += 1 }
            guard i < range.upperBound, let m = units[i] else { return nil }
            return (entry(m).value, Int(m.end))
        }
        while t < range.upperBound {
            var value: Double
            // The number as written, built only for the quantities that keep it.
            var written: Digits?
            var fixedText = ""
            var glued: [UInt8] = []
            var next: Int
            // A leading decimal point ".5 mL" is a separate token.
            if let (v, d, rest) = numberParts(t) {
                value = v; written = d; glued = rest; next = t + 1
                if t > range.lowerBound, tokens[t - 1].first == 0x2E, tokens[t - 1].end == tokens[t].start,
                   !(t > range.lowerBound + 1 && tokens[t - 2].kind == .number && tokens[t - 2].end == tokens[t - 1].start) {
                    let s = "0." + digitsText(d)
                    if let dv = Double(s) { value = dv; fixedText = s; written = nil }
                }
            } else if tokens[t].kind == .word, numberWords[t] != nil || (tokens[t].first == 0x70 && isWord(t, "point")), let (v, e) = spelledNumber(t, range.upperBound) {
                // "point two five percent", "one and a half cc", "twenty two gauge"
                value = v; fixedText = Document.decimalText(v); next = e
            } else if let m = numberWords[t], let v = Double(entry(m).value) {
                value = v; fixedText = entry(m).value; next = Int(m.end)
                if next < range.upperBound, tokens[next].first == 0x2D { next += 1 }   // "one-half"
            } else { t += 1; continue }
            var text: String { if let d = written { return digitsText(d) } else { return fixedText } }
            var u: String?
            if !glued.isEmpty {
                if let v = lexicon.singleTokenUnits[glued] { u = v } else { t = next; continue }
            } else if let (v, e) = unit(at: next) {
                u = v
                if v != "per" { next = e }
            } else if next + 1 < range.upperBound, tokens[next].first == 0x2D, tokens[next].start == tokens[t].end,
                      tokens[next + 1].start == tokens[next].end, let (v, e) = unit(at: next + 1),
                      v == "day" || v == "week" || v == "month" || v == "year" {
                // "a 3-month history of low back pain": a duration written as an adjective.
                u = v
                next = e
            }
            // "1/2 cc of Isovue-M": a proper fraction of a unit (not "80/2 mL", a dose over its volume).
            if u == nil || u == "per", glued.isEmpty, written != nil, next + 1 < range.upperBound, tokens[next].first == 0x2F, tokens[next].kind == .punct,
               tokens[next].start == tokens[t].end, tokens[next + 1].start == tokens[next].end,
               let (den, g2) = numberValue(next + 1), !g2, den >= 2, den <= 16, value >= 1, value < den, value == value.rounded(),
               let (fu, e) = unit(at: next + 2), fu != "per" {
                value = value / den
                fixedText = Document.decimalText(value); written = nil
                u = fu
                next = e
            }
            // "Kenalog 80/2 mL": a dose in mg over its volume.
            if u == nil || u == "per", glued.isEmpty, next < range.upperBound, tokens[next].first == 0x2F, tokens[next].kind == .punct,
               next + 1 < range.upperBound, let (vol, g2) = numberValue(next + 1), !g2, let (ml, e) = unit(at: next + 2), ml == "ml" {
                var q = Quantity(kind: .mg, value: value, first: t, end: e)
                q.pairedVolume = vol
                out.append(q)
                t = e
                continue
            }
            guard let unitName = u else { t = next; continue }
            var q: Quantity
            switch unitName {
            case "mg", "mcg", "g":
                let mg = unitName == "mcg" ? value / 1000 : unitName == "g" ? value * 1000 : value
                q = Quantity(kind: .mg, value: mg, first: t, end: next)
                // mg/mL or mg per mL: a concentration, unless a number precedes mL (a dose and a volume).
                if let (p, afterPer) = unit(at: next), p == "per" {
                    if let (mlU, afterMl) = unit(at: afterPer), mlU == "ml" {
                        q = Quantity(kind: .perMl, value: mg, text: "\(text) \(unitName == "mcg" ? "mcg" : "mg")/mL", first: t, end: afterMl)
                        next = afterMl
                    } else if let (pv, _, pg) = (afterPer < range.upperBound ? numberParts(afterPer) : nil) {
                        var volEnd = afterPer + 1
                        var isMl = false
                        if !pg.isEmpty { isMl = lexicon.singleTokenUnits[pg] == "ml" }
                        else if let (mlU, e) = unit(at: volEnd), mlU == "ml" { isMl = true; volEnd = e }
                        if isMl {
                            q.pairedVolume = pv
                            q.end = volEnd
                            next = volEnd
                        }
                    }
                }
                // "80 mg (2 cc) of Depo-Medrol": the dose with its volume in an aside.
                if q.kind == .mg, q.pairedVolume == nil, next + 3 < range.upperBound, tokens[next].first == 0x28,
                   let (pv, _, pg) = numberParts(next + 1) {
                    var e = next + 2
                    var isMl = false
                    if !pg.isEmpty { isMl = lexicon.singleTokenUnits[pg] == "ml" }
                    else if let (mlU, ue) = unit(at: e), mlU == "ml" { isMl = true; e = ue }
                    if isMl, e < range.upperBound, tokens[e].first == 0x29 {
                        q.pairedVolume = pv
                        q.end = e + 1
                        next = e + 1
                    }
                }
            case "ml":
                q = Quantity(kind: .ml, value: value, first: t, end: next)
            case "percent":
                q = Quantity(kind: .percent, value: value, text: "\(text)%", first: t, end: next)
            case "day", "week", "month", "year":
                let weeks = unitName == "day" ? value / 7 : unitName == "week" ? value : unitName == "month" ? value * 4.345 : value * 52
                q = Quantity(kind: .duration, value: value, weeks: weeks, first: t, end: next)
            default:
                t = next; continue
            }
            out.append(q)
            t = next
        }
        return out
    }
}
