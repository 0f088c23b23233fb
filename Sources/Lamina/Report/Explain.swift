/// Dumps of each pipeline stage, for `lamina explain` and snapshot tests.
public enum Explain {
    public static let stages = ["tokens", "sections", "mentions", "context", "facts", "elements"]

    static func loc(_ d: Document, _ s: Span) -> String {
        let l = d.note.location(of: s.start)
        return "\(l.line):\(l.column)"
    }

    static func flagNames(_ m: Mention) -> String {
        let names = CueKind.allCases.filter { $0 != .pseudo && $0 != .terminate && m.has($0) }.map(\.rawValue)
        return names.isEmpty ? "asserted" : names.joined(separator: ",")
    }

    public static func dump(stage: String, document d: Document, analyzer: Analyzer) -> String {
        var out = ""
        switch stage {
        case "tokens":
            for t in d.tokens where t.kind != .newline {
                // A word read as another (a British spelling, an OCR confusion, a typing slip)
                // shows the lexicon word it was read as.
                var note = t.word >= 0 ? "" : "\t(not in lexicon)"
                if t.word >= 0, t.kind == .word || t.kind == .number {
                    let key = Array(analyzer.lexicon.vocabulary.key(t.word))
                    if key != Sectionizer.lexiconKey(t, d.note.bytes) { note = "\t(read as \(String(decoding: key, as: UTF8.self)))" }
                }
                out += "\(loc(d, t.span))\t\(t.kind)\t\(d.note.text(t.span))\(note)\n"
            }
        case "sections":
            for (i, s) in d.structure.sections.enumerated() where s.end > s.first {
                let header = s.header.end > s.header.start ? d.note.text(s.header) : "(before any header)"
                let from = d.note.line(of: Int(d.tokens[s.first].start)), to = d.note.line(of: Int(d.tokens[max(s.first, s.end - 1)].start))
                out += "\(i)\t\(s.kind.rawValue)\(s.context.map { " [\($0.rawValue)]" } ?? "")\t\(s.inline ? "inline" : "own-line")\tlines \(from)-\(to)\t\(header)\n"
            }
            out += "sentences: \(d.structure.sentences.count)\n"
        case "mentions":
            for m in d.mentions {
                let e = d.entry(m)
                out += "\(loc(d, m.span))\t\(m.category.name)\t\(e.value)\t\(d.note.text(m.span))\n"
            }
        case "context":
            for m in d.mentions where m.category != .context {
                let e = d.entry(m)
                out += "\(loc(d, m.span))\t\(m.category.name)=\(e.value)\t\(flagNames(m))\tsection=\(d.section(m).rawValue)\t\(d.note.text(m.span))\n"
            }
        case "facts", "elements":
            let a = Assessor.assess(FactExtractor.extract(d), note: d.note, lexicon: d.lexicon)
            if stage == "facts" {
                var w = JSONWriter()
                RecordJSON.write(a, id: d.note.id, note: d.note, into: &w)
                out += String(decoding: w.bytes, as: UTF8.self) + "\n"
            } else {
                for f in a.findings {
                    let ev = f.evidence.map { "\(loc(d, $0)) \"\(d.note.text($0))\"" }.joined(separator: "; ")
                    out += "\(f.element)\t\(f.status.rawValue)\t\(f.severity.rawValue)\t\(f.message)\(ev.isEmpty ? "" : "\t" + ev)\n"
                }
                out += "code\t\(a.code.cpt ?? "null")\t\(a.code.addons.map { "\($0.cpt)x\($0.units)" }.joined(separator: ","))\t\(a.code.modifiers.joined(separator: ","))\t\(a.code.rationale.joined(separator: "; "))\n"
            }
        default:
            break
        }
        return out
    }
}
