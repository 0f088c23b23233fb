extension Document {
    /// Mentions of `c` whose value is not `ignore`.
    func live(_ c: Category) -> [Mention] {
        if let xs = quantityCache.live[c.rawValue] { return xs }
        let xs = byCategory[c.rawValue].filter { entry($0).value != "ignore" && entry($0).cls != "ignore" }
        quantityCache.live[c.rawValue] = xs
        return xs
    }

    /// Sections where history (indication, therapy, duration) is told.
    static let historySections: SectionKinds = [.none, .indication, .history, .pastHistory, .medications, .diagnosis, .other, .title, .technique]

    /// Token index of the first word of the sentence holding `t`.
    func sentenceRange(_ t: Int) -> Range<Int> { structure.sentences[Int(structure.sentenceOf[t])] }

    /// Whether `a` and `b` are within `n` word tokens of each other (in the same sentence).
    func near(_ a: Mention, _ b: Mention, _ n: Int) -> Bool {
        guard structure.sentenceOf[Int(a.first)] == structure.sentenceOf[Int(b.first)] else { return false }
        let (x, y) = a.first < b.first ? (Int(a.end), Int(b.first)) : (Int(b.end), Int(a.first))
        if y <= x { return true }
        var w = 0
        for t in x..<y where tokens[t].kind == .word || tokens[t].kind == .number { w += 1 }
        return w <= n
    }

    static let flagYes: WordSet = ["y", "yes"]

    /// Whether `m` heads a template flag answered with a bare yes ("Contrast used: Y",
    /// "Images saved: Yes"): at most two words, a colon, then "Y" or "Yes" standing alone
    /// (the line ends or a wide gap opens the next field). Such a flag is the template's
    /// pick; an explicit statement in the narrative outweighs it.
    func flagYes(_ m: Mention) -> Bool {
        var t = Int(m.end)
        var skipped = 0
        while t < tokens.count, tokens[t].kind == .word, skipped < 2 { t += 1; skipped += 1 }
        guard t + 1 < tokens.count, tokens[t].kind == .punct, tokens[t].first == 0x3A,
              keyIn(t + 1, Document.flagYes) else { return false }
        let a = t + 2
        return a >= tokens.count || tokens[a].kind == .newline || tokens[a].start - tokens[t + 1].end >= 2
    }

    func words(between a: Int, _ b: Int) -> Int {
        var w = 0
        if a < b { for t in a..<b where tokens[t].kind == .word || tokens[t].kind == .number { w += 1 } }
        return w
    }
}

/// Picks the most frequent value (ties: the order of `preference`, then first seen).
func majority(_ values: [String], preference: [String] = []) -> String? {
    guard !values.isEmpty else { return nil }
    var counts: [String: Int] = [:]
    for v in values { counts[v, default: 0] += 1 }
    let best = counts.values.max()!
    let tied = counts.filter { $0.value == best }.map(\.key)
    if tied.count == 1 { return tied[0] }
    for p in preference where tied.contains(p) { return p }
    return values.first { tied.contains($0) }
}
