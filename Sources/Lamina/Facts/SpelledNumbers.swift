import Foundation

/// Numbers spelled out in words, as dictation transcribes them: "twenty two", "one hundred
/// twenty", "one and a half", "point two five", "one point five", "half a".
extension Document {
    static let spelledUnits: [String: Int] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
        "seventeen": 17, "eighteen": 18, "nineteen": 19,
    ]
    static let spelledTens: [String: Int] = [
        "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    ]

    /// A value as a note would write it: "0.25", "1.5", "22".
    static func decimalText(_ v: Double) -> String {
        if v == v.rounded() { return String(Int(v)) }
        var s = String(format: "%.4f", v)
        while s.hasSuffix("0") { s.removeLast() }
        return s
    }

    /// The lower-case word at `t`, when it is a short ASCII word (number words are).
    func smallWord(_ t: Int) -> String? {
        guard t >= 0, t < tokens.count, tokens[t].kind == .word, tokens[t].end - tokens[t].start <= 9 else { return nil }
        let k = key(t)
        return String(decoding: k, as: UTF8.self)
    }

    /// A number written in two or more words starting at `t` (before `limit`): its value and
    /// the token after it. Nil for a single number word, which the number lexicon reads.
    func spelledNumber(_ t: Int, _ limit: Int) -> (Double, Int)? {
        // Most number words stand alone ("a", "one"): only a number word, "point", "and" or
        // "hundred" after it can make a longer number.
        guard t + 1 < limit, tokens[t + 1].kind == .word else { return nil }
        if numberAt[t + 1] == nil {
            let f = tokens[t + 1].first
            guard (f == 0x70 && isWord(t + 1, "point")) || (f == 0x61 && (isWord(t + 1, "and") || isWord(t + 1, "a") || isWord(t + 1, "an"))) else { return nil }
        }
        var k = t
        func word(_ i: Int) -> String? { i < limit ? smallWord(i) : nil }
        // "half a cc", "half an mL"
        if word(k) == "half", let a = word(k + 1), a == "a" || a == "an" { return (0.5, k + 2) }
        var whole: Int?
        // Integer part: [units | tens [units]] [hundred [and] [tens [units] | units]]
        func below100(_ i: Int) -> (Int, Int)? {
            guard let w = word(i) else { return nil }
            if let u = Document.spelledUnits[w] {
                // "Omnipaque two forty", "one eighty": hundreds said as two numbers; a product's
                // strength is a round number, so the words after it are another amount
                // ("two forty one and a half cc" is 240, then 1.5 mL).
                if u >= 1, u <= 9, let w2 = word(i + 1), let tn = Document.spelledTens[w2] { return (u * 100 + tn, i + 2) }
                return (u, i + 1)
            }
            if let tn = Document.spelledTens[w] {
                if let w2 = word(i + 1), let u = Document.spelledUnits[w2], u >= 1, u <= 9 { return (tn + u, i + 2) }
                if i + 2 < limit, tokens[i + 1].first == 0x2D, let w2 = word(i + 2), let u = Document.spelledUnits[w2], u >= 1, u <= 9 { return (tn + u, i + 3) }
                return (tn, i + 1)
            }
            return nil
        }
        if let (v, e) = below100(k) {
            whole = v; k = e
            if word(k) == "hundred", v >= 1, v <= 9 {
                whole = v * 100; k += 1
                var r = k
                if word(r) == "and" { r += 1 }
                if let (v2, e2) = below100(r), v2 <= 99 { whole! += v2; k = e2 }
            }
        }
        var value = Double(whole ?? 0)
        var any = whole != nil
        // "point two five", "one point five"
        if word(k) == "point", let first = word(k + 1), let d0 = Document.spelledUnits[first], d0 <= 9 {
            var scale = 0.1
            k += 1
            while let w = word(k), let dg = Document.spelledUnits[w], dg <= 9 {
                value += Double(dg) * scale
                scale /= 10
                k += 1
            }
            any = true
        } else if whole != nil, word(k) == "and", word(k + 1) == "a", word(k + 2) == "half" {
            // "one and a half"
            value += 0.5
            k += 3
        }
        guard any, k - t >= 2 else { return nil }
        return (value, k)
    }
}
