/// `--format sarif`: one SARIF 2.1.0 log with one run. Every finding id of `AuditRules` is a
/// rule of the driver; every finding that is not met (or exempt) is a result. Columns are
/// Unicode code points (`columnKind`), as in the JSON record.
///
/// Streaming: `header` writes the log up to and including `"results": [`, `record` writes
/// one note's results joined by `,\n` (nothing when it has none), the writer puts
/// `separator` between non-empty records and `footer` closes the array, the run and the log.
///
/// Lines and columns of a record of a batch (JSONL, CSV) count in the note's text, not in the
/// input file; such results name the record in `logicalLocations` and `properties.record`.
public struct SARIFFormatter: AuditFormatter {
    public let version: String

    public init(version: String) { self.version = version }

    public static let schema = "https://json.schemastore.org/sarif-2.1.0.json"

    public func header() -> [UInt8] {
        var w = JSONWriter()
        w.raw("{\n")
        w.key("$schema"); w.string(SARIFFormatter.schema); w.raw(",\n")
        w.key("version"); w.string("2.1.0"); w.raw(",\n")
        w.key("runs"); w.raw("[{\n")
        w.key("tool"); w.raw("{"); w.key("driver"); w.raw("{")
        w.key("name"); w.string("lamina"); w.comma()
        w.key("version"); w.string(version); w.comma()
        w.key("rules"); w.raw("[\n")
        for (i, r) in AuditRules.all.enumerated() {
            if i > 0 { w.raw(",\n") }
            w.raw("{"); w.key("id"); w.string(r.id); w.comma()
            w.key("name"); w.string(SARIFFormatter.ruleName(r.id)); w.comma()
            w.key("shortDescription"); w.raw("{"); w.key("text"); w.string(r.title); w.raw("}"); w.comma()
            w.key("fullDescription"); w.raw("{"); w.key("text"); w.string(r.rationale); w.raw("}"); w.comma()
            w.key("defaultConfiguration"); w.raw("{"); w.key("level"); w.string(SARIFFormatter.level(r.severity)); w.raw("}"); w.comma()
            w.key("properties"); w.raw("{"); w.key("citation"); w.string(r.citation); w.raw("}")
            w.raw("}")
        }
        w.raw("\n]}},\n")
        w.key("columnKind"); w.string("unicodeCodePoints"); w.raw(",\n")
        w.key("results"); w.raw("[\n")
        return w.bytes
    }

    public var separator: [UInt8] { Array(",\n".utf8) }

    public func record(_ item: AuditItem) -> [UInt8] {
        var w = JSONWriter()
        let batch = item.name != item.file
        let uri = SARIFFormatter.uri(item.file)
        var first = true
        for f in item.assessment.findings where !f.status.isMet {
            if !first { w.raw(",\n") }
            first = false
            w.raw("{"); w.key("ruleId"); w.string(f.element); w.comma()
            if let i = AuditRules.index[f.element] { w.key("ruleIndex"); w.number(i); w.comma() }
            w.key("level"); w.string(SARIFFormatter.level(f.severity)); w.comma()
            w.key("message"); w.raw("{"); w.key("text"); w.string(f.message); w.raw("}"); w.comma()
            w.key("locations"); w.raw("[{")
            w.key("physicalLocation"); w.raw("{")
            w.key("artifactLocation"); w.raw("{"); w.key("uri"); w.string(uri); w.raw("}"); w.comma()
            w.key("region"); region(f.evidence.first, item.note, &w)
            w.raw("}")
            if batch {
                w.comma(); w.key("logicalLocations"); w.raw("[{")
                w.key("name"); w.string(item.id); w.comma(); w.key("kind"); w.string("object"); w.raw("}]")
            }
            w.raw("}]"); w.comma()
            w.key("properties"); w.raw("{")
            if batch { w.key("record"); w.string(item.id); w.comma() }
            w.key("status"); w.string(f.status.rawValue)
            if let c = f.citation { w.comma(); w.key("citation"); w.string(c) }
            if !f.related.isEmpty {
                w.comma(); w.key("sessions"); w.raw("[")
                for (i, s) in f.related.enumerated() { if i > 0 { w.comma() }; w.string(s) }
                w.raw("]")
            }
            w.raw("}}")
        }
        return w.bytes
    }

    public func footer(_ summary: AuditSummary) -> [UInt8] { Array("\n]}]}\n".utf8) }

    /// The region of a finding's first evidence span (lines and code-point columns of the
    /// note, end column exclusive), or line 1 when it has none.
    func region(_ span: Span?, _ note: Note, _ w: inout JSONWriter) {
        w.raw("{")
        guard let s = span else { w.key("startLine"); w.number(1); w.raw("}"); return }
        let n = note.bytes.count
        let start = max(0, min(s.start, n)), end = max(start, min(s.end, n))
        let a = note.location(of: start), b = note.location(of: end)
        w.key("startLine"); w.number(a.line); w.comma()
        w.key("startColumn"); w.number(a.column); w.comma()
        w.key("endLine"); w.number(b.line); w.comma()
        w.key("endColumn"); w.number(b.column); w.comma()
        w.key("snippet"); w.raw("{"); w.key("text"); w.string(bytes: note.bytes[start..<end]); w.raw("}")
        w.raw("}")
    }

    /// SARIF level of a severity.
    public static func level(_ s: Severity) -> String {
        switch s { case .error: return "error"; case .warning: return "warning"; case .info: return "note" }
    }

    /// A rule's `name`: its id in UpperCamelCase (`imaging.archive` → `ImagingArchive`).
    static func ruleName(_ id: String) -> String {
        var out = ""
        var upper = true
        for ch in id {
            if ch == "." || ch == "_" { upper = true; continue }
            out += upper ? ch.uppercased() : String(ch)
            upper = false
        }
        return out
    }

    /// A file path as an RFC 3986 URI reference: unreserved characters and `/` stay, every
    /// other byte of its UTF-8 is percent-encoded; an absolute path becomes a `file://` URI.
    public static func uri(_ path: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for b in path.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.append(b)
            default:
                out.append(UInt8(ascii: "%")); out.append(hex[Int(b >> 4)]); out.append(hex[Int(b & 15)])
            }
        }
        let s = String(decoding: out, as: UTF8.self)
        return path.hasPrefix("/") ? "file://" + s : s
    }
}
