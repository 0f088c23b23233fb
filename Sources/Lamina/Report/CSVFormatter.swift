/// `--format csv`: one RFC 4180 row per note (CRLF line ends) under a header row, for a
/// spreadsheet. Columns: the record, its main facts, the suggested code, counts of gaps by
/// severity, then one column per finding id of `AuditRules.ids` holding the finding's
/// status (empty when the note does not report it).
///
/// Ids and file names come from untrusted input: every cell that a spreadsheet would read
/// as a formula (starting with `=`, `+`, `-`, `@`, a tab, CR or LF) gets a leading `'`.
public struct CSVFormatter: AuditFormatter {
    public init() {}

    /// The fixed columns before the per-element ones.
    public static let leadingColumns = ["id", "file", "procedure", "approach", "region", "levels", "laterality",
                                        "imaging", "catheter", "cpt", "addons", "modifiers", "hcpcs", "errors", "warnings"]
    public static let columns: [String] = leadingColumns + AuditRules.ids

    public func header() -> [UInt8] { CSVFormatter.row(CSVFormatter.columns) }

    public func record(_ item: AuditItem) -> [UInt8] { CSVFormatter.row(CSVFormatter.cells(item)) }

    /// The cells of one note, one per column of `columns`, before quoting.
    public static func cells(_ item: AuditItem) -> [String] {
        let a = item.assessment, f = a.facts, c = a.code
        var errors = 0, warnings = 0
        var status: [String: ElementStatus] = [:]
        for fd in a.findings {
            if !fd.status.isMet {
                if fd.severity == .error { errors += 1 } else if fd.severity == .warning { warnings += 1 }
            }
            // One finding per id in practice; should an id repeat, a gap wins over met.
            if let old = status[fd.element], !old.isMet || fd.status.isMet { continue }
            status[fd.element] = fd.status
        }
        var out: [String] = [
            item.id, item.file, f.procedure, f.approach ?? "", f.region ?? "", f.levels.joined(separator: ";"),
            f.laterality ?? "", f.imaging ?? "", f.catheter ?? "", c.cpt ?? "",
            c.addons.map { "\($0.cpt)x\($0.units)" }.joined(separator: ";"),
            c.modifiers.joined(separator: ";"),
            c.hcpcs.map { "\($0.code)x\($0.units)" }.joined(separator: ";"),
            String(errors), String(warnings),
        ]
        for id in AuditRules.ids { out.append(status[id]?.rawValue ?? "") }
        return out
    }

    /// One CSV line: cells neutralized, quoted where needed, joined by commas, CRLF at the end.
    public static func row(_ cells: [String]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(cells.count * 8)
        for (i, cell) in cells.enumerated() {
            if i > 0 { out.append(0x2C) }
            out.append(contentsOf: field(cell).utf8)
        }
        out.append(contentsOf: [0x0D, 0x0A])
        return out
    }

    /// Characters that make a spreadsheet read a cell as a formula when they come first
    /// (full-width forms included: some spreadsheets normalize them).
    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r", "\n",
                                                     "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}"]

    /// One cell: a leading `'` when it could start a formula, then RFC 4180 quoting when it
    /// holds a comma, a quote, CR or LF (quotes doubled).
    public static func field(_ s: String) -> String {
        var v = s
        if let first = v.unicodeScalars.first, formulaStarts.contains(first) { v = "'" + v }
        var quote = false
        for u in v.utf8 where u == 0x2C || u == 0x22 || u == 0x0D || u == 0x0A { quote = true; break }
        guard quote else { return v }
        var q = String.UnicodeScalarView()
        q.append("\"")
        for u in v.unicodeScalars { q.append(u); if u == "\"" { q.append("\"") } }
        q.append("\"")
        return String(q)
    }
}
