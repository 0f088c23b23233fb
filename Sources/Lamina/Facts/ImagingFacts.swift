/// Imaging modality, image archive, views and contrast.
enum ImagingFacts {
    static let imagingSections: SectionKinds = [.none, .title, .technique, .findings, .injectate, .guidance, .level, .device, .contrast, .other, .outcome, .anesthesia]

    static func extract(_ d: Document, _ f: inout Facts) {
        imaging(d, &f)
        archive(d, &f)
        views(d, &f)
        // "Right oblique view ... AP and lateral views" with no modality named: two radiographic
        // views of the needle are fluoroscopy.
        if f.imaging == nil, f.imageViews.count >= 2, let spans = f.evidence["image_views"] {
            f.imaging = "fluoroscopy"
            for s in spans.prefix(3) { f.cite("imaging", s) }
        }
        contrast(d, &f)
    }

    static func imaging(_ d: Document, _ f: inout Facts) {
        let ms = d.live(.imaging).filter { imagingSections.contains(d.section($0)) && !$0.has(.hypothetical) && !$0.has(.family) && !$0.has(.historical) && !$0.has(.possible) }
        func positive(_ m: Mention) -> Bool { !m.has(.negated) && d.entry(m).value != "none" }
        func stated(_ set: [Mention]) -> Bool {
            let pos = set.filter(positive)
            if let v = majority(pos.map { d.entry($0).value }, preference: ["fluoroscopy", "ct", "ultrasound"]) {
                f.imaging = v
                for m in pos where d.entry(m).value == v { f.cite("imaging", m.span) }
                return true
            }
            // "without fluoroscopy", "landmark technique": the note says no imaging was used.
            let none = set.filter { !positive($0) && (d.entry($0).value == "none" ? !$0.has(.negated) : true) }
            if let m = none.first {
                f.imaging = "none"
                f.cite("imaging", m.span)
                return true
            }
            return false
        }
        let body = ms.filter { d.section($0) != .title }
        let title = ms.filter { d.section($0) == .title }
        if body.contains(where: positive) { _ = stated(body); return }
        // "The procedure was booked with fluoroscopic guidance, but the C-arm was out of
        // service ... landmark technique without imaging": the body's explicit statement of
        // no imaging outweighs the title ("bony landmarks" alone does not).
        let explicitNone = body.filter { d.entry($0).value == "none" && !$0.has(.negated) && !d.entry($0).has("weak") }
        if !explicitNone.isEmpty, stated(explicitNone) { return }
        if title.contains(where: positive) { _ = stated(title); return }
        if stated(body) { return }
        _ = stated(title)
    }

    static let archiveExcluded: SectionKinds = [.plan, .consent, .history, .indication, .pastHistory, .imagingStudy, .family, .billing]

    static func archive(_ d: Document, _ f: inout Facts) {
        // A second procedure's saved images count for the session ("All images were archived
        // to PACS"), unless they are of another modality than the epidural's ("Ultrasound
        // images of the needle at the suprascapular notch were saved").
        func otherModality(_ m: Mention) -> Bool {
            guard d.section(m) == .separateProcedure, let mine = f.imaging else { return false }
            let s = d.structure.sentenceOf[Int(m.first)]
            return d.inSentence(.imaging, s).contains { !$0.has(.negated) && d.entry($0).value != "none" && d.entry($0).value != mine }
        }
        let ms = d.live(.archive).filter { !archiveExcluded.contains(d.section($0)) && !otherModality($0) }
        // "Images saved: Yes" beside "the images could not be stored": the narrative's denial
        // decides.
        let denied = ms.contains { $0.has(.negated) && ["verb", "store"].contains(d.entry($0).value) && !d.context.unchosen(Int($0.first)) }
        for m in ms where m.asserted && !(denied && d.flagYes(m)) {
            let v = d.entry(m).value
            if v == "store" {
                f.imagesArchived = true
                f.cite("images_archived", m.span)
            } else if v == "verb" {
                let s = d.structure.sentenceOf[Int(m.first)]
                let weakVerb = d.entry(m).has("weak")
                if let noun = d.inSentence(.archive, s).first(where: { d.entry($0).value == "noun" && !$0.has(.negated) && !(weakVerb && d.entry($0).has("weak")) }) {
                    f.imagesArchived = true
                    f.cite("images_archived", noun.span.union(m.span))
                }
            }
        }
    }

    static let showWords: WordSet = ["confirms", "confirmed", "shows", "showed", "demonstrates", "demonstrated", "verifies", "verified"]

    static let viewOrder = ["ap", "lateral", "oblique", "contralateral_oblique"]

    static func views(_ d: Document, _ f: inout Facts) {
        let all = d.live(.view).filter { imagingSections.contains(d.section($0)) && $0.asserted }
        var found = Set<String>()
        let combined = d.structure.sections.contains { $0.kind == .separateProcedure }
        for m in all {
            let s = d.structure.sentenceOf[Int(m.first)]
            let ms = d.inSentence(.view, s).filter { d.entry($0).value != "ignore" && $0.asserted }
            let nouns = ms.filter { d.entry($0).value == "noun" }
            let imagingWords = d.inSentence(.imaging, s)
            let e = d.entry(m)
            if e.value == "noun" { continue }
            if e.has("noun") {
                // "lateral" and "oblique" are views only beside a view word or another view.
                // "lateral: needle tip ...": a view used as a label.
                let label = Int(m.end) < d.tokens.count && d.tokens[Int(m.end)].kind == .punct && d.tokens[Int(m.end)].first == 0x3A
                // "lateral confirms depth": a view as the subject of what it showed.
                let shows = Int(m.end) < d.tokens.count && d.keyIn(Int(m.end), showWords)
                    // "Sacral hiatus ID'd on lateral.": a view named alone after "on".
                    || (m.first > 0 && (d.isWord(Int(m.first) - 1, "on") || d.isWord(Int(m.first) - 1, "in"))
                        && (Int(m.end) >= d.tokens.count || d.tokens[Int(m.end)].kind == .newline
                            || (d.tokens[Int(m.end)].kind == .punct && [0x2E, 0x2C, 0x3B].contains(d.tokens[Int(m.end)].first))))
                let ok = label || shows || nouns.contains { d.near(m, $0, 3) }
                    || ms.contains { $0.first != m.first && d.entry($0).value != "noun" && !d.entry($0).has("noun") && d.near(m, $0, 3) }
                    || imagingWords.contains { d.near(m, $0, 6) }
                if !ok { continue }
            }
            // "Oblique images of the facet needles and AP and lateral images of the epidural
            // needle were saved": in a sentence naming both procedures, a view belongs to the
            // procedure named next after it.
            // (Only when the note tells a second procedure apart.)
            let procs = combined ? d.inSentence(.procedure, s).filter { $0.asserted && ["esi", "other"].contains(d.entry($0).value) } : []
            if procs.contains(where: { d.entry($0).value == "other" }), procs.contains(where: { d.entry($0).value == "esi" }),
               let next = procs.first(where: { $0.first >= m.end && d.words(between: Int(m.end), Int($0.first)) <= 6 }),
               d.entry(next).value == "other" { continue }
            if e.value == "biplanar" { found.insert("ap"); found.insert("lateral") } else { found.insert(e.value) }
            f.cite("image_views", m.span)
        }
        f.imageViews = viewOrder.filter { found.contains($0) }
    }

    static let contrastSections: SectionKinds = imagingSections.union([.complications])

    static func contrast(_ d: Document, _ f: inout Facts) {
        let agents = d.live(.contrast).filter { d.entry($0).value == "agent" && contrastSections.contains(d.section($0)) }
        let products = d.live(.substance).filter { d.entry($0).cls == "contrast" && contrastSections.contains(d.section($0)) }
        let all = (agents + products).filter { !$0.has(.hypothetical) && !$0.has(.family) && !$0.has(.historical) }
        var used = all.filter { !$0.has(.negated) && !$0.has(.possible) }
        // A label ("Radiation / contrast: ... Contrast not used: ...") says what the field is
        // about; when the note names contrast otherwise too, those mentions decide.
        // "Contrast (select):" too: a parenthesis between the label and its colon.
        func label(_ m: Mention) -> Bool {
            var t = Int(m.end)
            guard t < d.tokens.count else { return false }
            if d.tokens[t].first == 0x28 {
                let stop = min(d.tokens.count, t + 6)
                while t < stop && d.tokens[t].first != 0x29 && d.tokens[t].kind != .newline { t += 1 }
                guard t < stop, d.tokens[t].first == 0x29 else { return false }
                t += 1
            }
            return t < d.tokens.count && d.tokens[t].first == 0x3A
        }
        if used.allSatisfy(label), all.contains(where: { !label($0) }) { used = [] }
        // "Contrast used: Y" beside "No contrast was injected": the narrative's denial decides.
        if !used.isEmpty, used.allSatisfy(d.flagYes),
           all.contains(where: { $0.has(.negated) && !d.context.unchosen(Int($0.first)) && !d.flagYes($0) }) { used = [] }
        // "Contrast is therefore contraindicated", "since contrast cannot be seen on ultrasound":
        // the agent named as the subject of its contraindication.
        func ruledOut(_ m: Mention) -> Mention? {
            d.sameSentence(.contrast, Int(m.first)).first { r in
                r.first >= m.end && d.entry(r).value == "reason" && d.words(between: Int(m.end), Int(r.first)) <= 3
                    && (d.isWord(Int(r.first), "contraindicated") || d.isWord(Int(r.first), "contraindication")
                        || d.isWord(Int(r.first), "cannot") || d.isWord(Int(r.first), "can"))
            }
        }
        let ruled = used.compactMap { m in ruledOut(m).map { (m, $0) } }
        if !ruled.isEmpty && ruled.count == used.count {
            f.contrast = "contraindicated"
            f.cite("contrast", ruled[0].0.span.union(ruled[0].1.span))
            return
        }
        if !used.isEmpty {
            f.contrast = "used"
            for m in used.prefix(3) { f.cite("contrast", m.span) }
            return
        }
        // A contrast allergy stated anywhere, or contrast listed under ALLERGIES.
        // (Not a consent form's or a plan's general rule: "contrast is not given to patients who
        // are allergic to iodine".)
        let allergies = d.live(.contrast).filter { d.entry($0).value == "allergy" && !$0.has(.negated) && !$0.has(.family)
            && !$0.has(.hypothetical) && d.section($0) != .consent && d.section($0) != .plan }
            // Contrast named under ALLERGIES (the header's own word "Allergies" is not a contrast).
            + (d.live(.contrast).filter { d.entry($0).value != "reason" } + d.live(.substance).filter { d.entry($0).cls == "contrast" })
                .filter { d.section($0) == .allergies && !$0.has(.negated) }
        // A contrast left in an unticked box was not chosen; that does not say it was withheld.
        let omitted = all.filter { $0.has(.negated) && !d.context.unchosen(Int($0.first)) }
        for m in omitted {
            let reasons = d.sameSentence(.contrast, Int(m.first)).filter { ["reason", "allergy"].contains(d.entry($0).value) && !d.context.unchosen(Int($0.first)) }
            if let r = reasons.first {
                f.contrast = "contraindicated"
                f.cite("contrast", m.span.union(r.span))
                return
            }
        }
        if let a = allergies.first {
            f.contrast = "contraindicated"
            if let m = omitted.first { f.cite("contrast", m.span) }
            f.cite("contrast", a.span)
            return
        }
        // "She is 14 weeks pregnant, so the injection was performed ... and no contrast was
        // given": today's decision, with its reason, told in the history. (Or run on after a
        // consent field: "Consent: ... reviewed. Landmark technique, no fluoro. No contrast
        // given since no imaging used.")
        for m in d.live(.contrast) where d.entry(m).value == "agent" && (d.section(m) == .history || d.section(m) == .indication || d.section(m) == .consent)
            && m.has(.negated) && !m.has(.historical) && !m.has(.hypothetical) && !m.has(.family) {
            let reasons = d.sameSentence(.contrast, Int(m.first)).filter { ["reason", "allergy"].contains(d.entry($0).value) }
            if let r = reasons.first {
                f.contrast = "contraindicated"
                f.cite("contrast", m.span.union(r.span))
                return
            }
        }
        if let m = omitted.first {
            f.contrast = "not_used"
            f.cite("contrast", m.span)
        }
    }
}
