/// The SPEC.md §2 output record, written by hand.
public enum RecordJSON {
    public static func write(_ a: Assessment, id: String, note: Note, into w: inout JSONWriter, pretty: Bool = false) {
        let f = a.facts
        w.raw("{")
        w.key("id"); w.string(id); w.comma()
        w.key("facts"); w.raw("{")
        w.key("procedure"); w.string(f.procedure); w.comma()
        w.key("approach"); w.optionalString(f.approach); w.comma()
        w.key("region"); w.optionalString(f.region); w.comma()
        w.key("levels"); stringList(f.levels, &w); w.comma()
        w.key("laterality"); w.optionalString(f.laterality); w.comma()
        w.key("imaging"); w.optionalString(f.imaging); w.comma()
        w.key("images_archived"); w.bool(f.imagesArchived); w.comma()
        w.key("image_views"); stringList(f.imageViews, &w); w.comma()
        w.key("contrast"); w.optionalString(f.contrast); w.comma()
        w.key("catheter"); w.optionalString(f.catheter); w.comma()
        w.key("substances"); w.raw("[")
        for (i, s) in f.substances.enumerated() {
            if i > 0 { w.comma() }
            w.raw("{"); w.key("name"); w.string(s.name); w.comma(); w.key("class"); w.string(s.cls)
            if let v = s.doseMg { w.comma(); w.key("dose_mg"); w.number(v) }
            if let v = s.concentration { w.comma(); w.key("concentration"); w.string(v) }
            if let v = s.volumeMl { w.comma(); w.key("volume_ml"); w.number(v) }
            if s.skin { w.comma(); w.key("skin"); w.bool(true) }
            w.comma(); w.key("evidence"); spans(s.evidence, note, &w)
            w.raw("}")
        }
        w.raw("]"); w.comma()
        w.key("conservative_therapy"); w.raw("[")
        for (i, t) in f.conservativeTherapy.enumerated() {
            if i > 0 { w.comma() }
            w.raw("{"); w.key("kind"); w.string(t.kind); w.comma()
            w.key("weeks"); if let v = t.weeks { w.number(v) } else { w.null() }; w.comma()
            w.key("failed"); w.bool(t.failed); w.comma()
            w.key("evidence"); spans(t.evidence, note, &w)
            w.raw("}")
        }
        w.raw("]"); w.comma()
        w.key("baseline_pain"); if let v = f.baselinePain { w.number(v) } else { w.null() }; w.comma()
        w.key("complications"); w.optionalString(f.complications); w.comma()
        w.key("diagnoses"); stringList(f.diagnoses, &w); w.comma()
        w.key("neurolytic"); w.bool(f.neurolytic); w.comma()
        w.key("pump_trial"); w.bool(f.pumpTrial); w.comma()
        w.key("signed"); w.bool(f.signed)
        w.raw("}"); w.comma()
        // Evidence per fact field.
        w.key("evidence"); w.raw("{")
        var first = true
        for k in f.evidence.keys.sorted() {
            if !first { w.comma() }
            first = false
            w.key(dynamic: k); spans(f.evidence[k]!, note, &w)
        }
        w.raw("}"); w.comma()
        let c = a.code
        w.key("code"); w.raw("{")
        w.key("cpt"); w.optionalString(c.cpt); w.comma()
        w.key("addons"); w.raw("[")
        for (i, ad) in c.addons.enumerated() {
            if i > 0 { w.comma() }
            w.raw("{"); w.key("cpt"); w.string(ad.cpt); w.comma(); w.key("units"); w.number(ad.units); w.raw("}")
        }
        w.raw("]"); w.comma()
        w.key("modifiers"); stringList(c.modifiers, &w); w.comma()
        if !c.hcpcs.isEmpty {
            w.key("hcpcs"); w.raw("[")
            for (i, h) in c.hcpcs.enumerated() {
                if i > 0 { w.comma() }
                w.raw("{"); w.key("code"); w.string(h.code); w.comma(); w.key("units"); w.number(h.units); w.comma()
                w.key("drug"); w.string(h.drug); w.raw("}")
            }
            w.raw("]"); w.comma()
        }
        w.key("rationale"); stringList(c.rationale, &w)
        w.raw("}"); w.comma()
        w.key("findings"); w.raw("[")
        for (i, fd) in a.findings.enumerated() {
            if i > 0 { w.comma() }
            w.raw("{"); w.key("element"); w.string(fd.element); w.comma()
            w.key("status"); w.string(fd.status.rawValue); w.comma()
            w.key("severity"); w.string(fd.severity.rawValue); w.comma()
            w.key("message"); w.string(fd.message); w.comma()
            if let c = fd.citation { w.key("citation"); w.string(c); w.comma() }
            if !fd.related.isEmpty { w.key("sessions"); stringList(fd.related, &w); w.comma() }
            w.key("evidence"); spans(fd.evidence, note, &w)
            w.raw("}")
        }
        w.raw("]")
        w.raw("}")
    }

    static func stringList(_ xs: [String], _ w: inout JSONWriter) {
        w.raw("[")
        for (i, x) in xs.enumerated() { if i > 0 { w.comma() }; w.string(x) }
        w.raw("]")
    }

    static func spans(_ xs: [Span], _ note: Note, _ w: inout JSONWriter) {
        w.raw("[")
        for (i, s) in xs.enumerated() {
            if i > 0 { w.comma() }
            let loc = note.location(of: s.start)
            w.raw("{"); w.key("line"); w.number(loc.line); w.comma()
            w.key("column"); w.number(loc.column); w.comma()
            w.key("start"); w.number(s.start); w.comma()
            w.key("end"); w.number(s.end); w.comma()
            w.key("text"); w.string(bytes: note.bytes[s.start..<s.end])
            w.raw("}")
        }
        w.raw("]")
    }
}
