/// Compiler-style diagnostics (SPEC.md §5): one line per gap, then the suggested code.
public enum LintReport {
    public struct Counts { public var errors = 0; public var warnings = 0 }

    /// Where a missing element should be added: the section it belongs in, else line 1.
    static func anchor(_ element: String, _ d: Document) -> Int {
        let kinds: [SectionKind]
        if element.hasPrefix("indication") { kinds = [.diagnosis, .indication, .history, .title] }
        else if element.hasPrefix("history") { kinds = [.indication, .history, .diagnosis] }
        else if element.hasPrefix("outcome.complications") { kinds = [.complications, .outcome, .technique] }
        else if element.hasPrefix("outcome") { kinds = [.outcome, .complications, .technique] }
        else if element.hasPrefix("attestation") { kinds = [.signature] }
        else { kinds = [.technique, .injectate, .title] }
        for k in kinds {
            if let s = d.structure.sections.first(where: { $0.kind == k && $0.header.end > $0.header.start }) { return s.header.start }
        }
        if element.hasPrefix("attestation") || element.hasPrefix("outcome") {
            // The last line with text.
            if let t = d.tokens.last(where: { $0.kind != .newline }) {
                return d.note.lineStarts[d.note.line(of: Int(t.start)) - 1]
            }
        }
        return 0
    }

    public static func render(_ a: Assessment, document d: Document, name: String, color: Bool, strict: Bool = false) -> (String, Counts) {
        var out = ""
        var counts = Counts()
        func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
        for f in a.findings where !f.status.isMet {
            let offset = f.evidence.first?.start ?? anchor(f.element, d)
            let loc = d.note.location(of: offset)
            let sev = strict && f.severity == .warning ? Severity.error : f.severity
            if sev == .error { counts.errors += 1 } else if sev == .warning { counts.warnings += 1 }
            let label = sev == .error ? paint("error", "1;31") : sev == .warning ? paint("warning", "1;35") : "note"
            out += "\(name):\(loc.line):\(loc.column): \(label): \(f.message) [\(f.element)]\n"
        }
        let fcts = a.facts
        if fcts.procedure != "esi" {
            out += "\(name): note: not an epidural steroid injection note (procedure: other); no documentation elements apply\n"
        } else if let cpt = a.code.cpt {
            var parts: [String] = []
            if fcts.neurolytic { parts.append("neurolytic") }
            if let ap = fcts.approach { parts.append(ap) }
            parts.append(([fcts.region ?? ""] + fcts.levels).filter { !$0.isEmpty }.joined(separator: " "))
            if fcts.approach != "transforaminal" { parts.append(fcts.imaging == "fluoroscopy" || fcts.imaging == "ct" ? fcts.imaging! : "no fluoroscopy/CT") }
            else if let im = fcts.imaging { parts.append(im) }
            if let c = fcts.catheter { parts.append(c) }
            if fcts.laterality == "bilateral" { parts.append("bilateral") }
            var code = cpt
            for ad in a.code.addons { code += " + \(ad.cpt) x\(ad.units)" }
            if !a.code.modifiers.isEmpty { code += " -" + a.code.modifiers.joined(separator: " -") }
            out += "\(name): note: suggested CPT \(code) (\(parts.joined(separator: ", ")))\n"
        } else {
            out += "\(name): note: no CPT code can be suggested: \(a.code.rationale.last ?? "")\n"
        }
        return (out, counts)
    }
}
