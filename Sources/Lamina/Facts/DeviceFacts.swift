/// Needle, catheter placed and removed, or catheter left indwelling.
enum DeviceFacts {
    static let sections: SectionKinds = [.none, .title, .technique, .findings, .injectate, .guidance, .level, .device, .contrast, .other, .outcome]

    static let failWords: WordSet = ["advance", "pass", "thread", "threaded", "threading", "placed", "passed", "advanced"]

    static func extract(_ d: Document, _ f: inout Facts) {
        let ms = d.live(.device).filter { sections.contains(d.section($0)) && $0.asserted }
        // "The catheter will remain in place for two days": a plan for the catheter still says it stays in.
        let staying = d.live(.device).filter { sections.contains(d.section($0)) && d.entry($0).value == "indwelling" && !$0.has(.negated) && !$0.has(.family) }
        let catheters = ms.filter { d.entry($0).value == "catheter" }
        let needles = ms.filter { d.entry($0).value == "needle" }
        // A catheter that would not thread ("would not advance beyond the needle tip ... the
        // injection was completed through the needle") leaves a needle injection, unless a
        // catheter was left in after all.
        let failed = d.live(.device).contains { m in
            d.entry(m).value == "catheter" && m.has(.negated) && sections.contains(d.section(m)) && d.sentenceHas(Int(m.first), failWords)
        }
        if failed, let n = needles.first, !staying.contains(where: { !$0.has(.hypothetical) && !$0.has(.negated) }) {
            f.catheter = "needle"
            f.cite("catheter", n.span)
            return
        }
        if !catheters.isEmpty {
            let catheterSentences = Set(catheters.map { d.structure.sentenceOf[Int($0.first)] })
            // Removal counts for the catheter when the catheter is named just before it
            // ("catheter and needle removed"), not for "the needle was withdrawn over the catheter".
            // "The catheter was withdrawn 1 cm": a repositioning, not a removal.
            let removals = ms.filter { r in
                d.entry(r).value == "removed" && catheters.contains { c in c.end <= r.first && d.near(c, r, 4) }
                    && !(Int(r.end)..<min(Int(r.end) + 3, d.tokens.count)).contains { d.tokens[$0].kind == .number }
            }
            // "left in place" needs the catheter in its sentence (a needle can be left in place too);
            // "continuous infusion" or "infusion pump" counts anywhere.
            let indwelling = staying.filter { m in
                !d.entry(m).has("sentence") || catheterSentences.contains(d.structure.sentenceOf[Int(m.first)])
            }
            // The last word on the catheter decides: removed, then left in place, stays in.
            if let m = indwelling.last, !removals.contains(where: { $0.first > m.first }) {
                f.catheter = "indwelling"
                f.cite("catheter", catheters[0].span)
                f.cite("catheter", m.span)
            } else {
                f.catheter = "catheter"
                f.cite("catheter", catheters[0].span)
            }
            return
        }
        if let n = needles.first {
            f.catheter = "needle"
            f.cite("catheter", n.span)
        }
    }
}
