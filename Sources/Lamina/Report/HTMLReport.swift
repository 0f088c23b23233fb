/// `lamina audit --report FILE`: one self-contained HTML5 page for an auditor. Summary
/// figures, a chart of gap rates by element, a chart of billed against supported codes, a
/// sortable table of notes and, per note, its text with the evidence of every finding
/// highlighted beside the findings.
///
/// Used from the serial writer stage: `add` each item in input order, then `render` once.
/// Each `add` turns its note into a table row and a section at once and keeps only those
/// bytes and a few counters, so memory grows with the output, not with the analyses. Only
/// the first `limit` notes get a row and a section; figures and charts count every note.
///
/// Note text, ids, file names and billed codes are untrusted: everything is escaped, anchors
/// use the note's index, nothing is loaded from anywhere (a Content-Security-Policy forbids
/// it and allows only the page's own script, by hash) and nothing depends on the clock.
public final class HTMLReport {
    public let title: String
    public let limit: Int

    /// Notes added; ESI notes among them; notes with at least one error-severity gap.
    private(set) var notes = 0
    private(set) var esiNotes = 0
    private(set) var notesWithErrorGap = 0
    /// Notes with warnings but no error; ESI notes with no gap; other procedures with no gap.
    private var notesWarningOnly = 0, notesClean = 0, notesOther = 0
    /// Per finding id (ESI notes only): notes reporting it, notes where it is not met.
    private var reported: [String: Int] = [:]
    private var notMet: [String: Int] = [:]
    /// Notes with billed codes, per supported code: billed the same, billed differently
    /// (and as what).
    private var billedNotes = 0
    private var codeRows: [String: CodeRow] = [:]
    private struct CodeRow { var same = 0; var different = 0; var billedAs: [String: Int] = [:] }

    private var rows: [UInt8] = []
    private var sections: [UInt8] = []

    public init(title: String, limit: Int = 2000) {
        self.title = title
        self.limit = max(0, limit)
    }

    // MARK: adding notes

    public func add(_ item: AuditItem) {
        notes += 1
        let index = notes
        let a = item.assessment
        let esi = a.facts.procedure == "esi"
        var errors = 0, warnings = 0
        for f in a.findings where !f.status.isMet {
            if f.severity == .error { errors += 1 } else if f.severity == .warning { warnings += 1 }
        }
        if errors > 0 { notesWithErrorGap += 1 }
        else if warnings > 0 { notesWarningOnly += 1 }
        else if esi { notesClean += 1 }
        else { notesOther += 1 }
        if esi {
            esiNotes += 1
            var seen = Set<String>(), gap = Set<String>()
            for f in a.findings {
                seen.insert(f.element)
                if !f.status.isMet { gap.insert(f.element) }
            }
            for id in seen { reported[id, default: 0] += 1 }
            for id in gap { notMet[id, default: 0] += 1 }
        }
        let billedCodes = item.billed?.cpt.filter { $0.contains { !$0.isWhitespace } } ?? []
        let supported = HTMLReport.codeLabel(a.code)
        var mismatch = false
        if !billedCodes.isEmpty {
            billedNotes += 1
            let billedESI = HTMLReport.billedESILabel(billedCodes)
            let same: Bool
            if let f = a.findings.first(where: { $0.element == "claim.code" }) { same = f.status.isMet }
            else { same = billedESI == (a.code.cpt == nil ? "" : HTMLReport.codeLabel(a.code, modifiers: false)) }
            mismatch = !same
            let key = supported ?? "no code supported"
            var r = codeRows[key] ?? CodeRow()
            if same { r.same += 1 } else { r.different += 1; r.billedAs[billedESI.isEmpty ? "no ESI code" : billedESI, default: 0] += 1 }
            codeRows[key] = r
        }
        guard index <= limit else { return }
        let firstGap = a.findings.first { !$0.status.isMet }
        var row = "<tr><td class=\"num\" data-v=\"\(index)\">\(index)</td>"
        row += "<td class=\"id\"><a href=\"#n-\(index)\">\(HTMLReport.escape(item.id))</a></td>"
        row += "<td class=\"code\">\(supported.map(HTMLReport.escape) ?? "<span class=\"none\">none</span>")</td>"
        row += "<td class=\"code\(mismatch ? " mismatch" : "")\">\(HTMLReport.escape(HTMLReport.billedLabel(item.billed)))</td>"
        row += "<td class=\"num\(errors > 0 ? " e" : "")\" data-v=\"\(errors)\">\(errors)</td>"
        row += "<td class=\"num\(warnings > 0 ? " w" : "")\" data-v=\"\(warnings)\">\(warnings)</td>"
        row += "<td class=\"gap\">\(firstGap.map { "<code>\(HTMLReport.escape($0.element))</code>" } ?? "")</td></tr>\n"
        rows.append(contentsOf: row.utf8)
        section(item, index: index, errors: errors, warnings: warnings, supported: supported)
    }

    /// One note's section: header, the text with highlights, the findings.
    private func section(_ item: AuditItem, index: Int, errors: Int, warnings: Int, supported: String?) {
        let a = item.assessment, f = a.facts
        var h = "<section class=\"note\" id=\"n-\(index)\">\n<header class=\"nh\"><h3><span class=\"idx\">#\(index)</span> \(HTMLReport.escape(item.id))</h3>"
        h += "<div class=\"counts\">"
        h += errors > 0 ? "<span class=\"pill e\">\(errors) error\(errors == 1 ? "" : "s")</span>" : ""
        h += warnings > 0 ? "<span class=\"pill w\">\(warnings) warning\(warnings == 1 ? "" : "s")</span>" : ""
        h += errors + warnings == 0 ? "<span class=\"pill ok\">no gaps</span>" : ""
        h += "</div></header>\n<dl class=\"meta\">"
        h += "<div><dt>Source</dt><dd>\(HTMLReport.escape(item.name))</dd></div>"
        h += "<div><dt>Supported code</dt><dd class=\"code\">\(supported.map(HTMLReport.escape) ?? "none")</dd></div>"
        if let b = item.billed, !(b.cpt.isEmpty && b.modifiers.isEmpty && b.icd10.isEmpty) {
            h += "<div><dt>Billed</dt><dd class=\"code\">\(HTMLReport.escape(HTMLReport.billedLabel(b)))</dd></div>"
            if !b.icd10.isEmpty { h += "<div><dt>ICD-10-CM</dt><dd class=\"code\">\(HTMLReport.escape(b.icd10.joined(separator: ", ")))</dd></div>" }
        }
        if !a.code.hcpcs.isEmpty {
            h += "<div><dt>Drug codes</dt><dd class=\"code\">\(HTMLReport.escape(a.code.hcpcs.map { "\($0.code)×\($0.units)" }.joined(separator: ", ")))</dd></div>"
        }
        var facts: [String] = [f.procedure == "esi" ? "ESI" : "not an ESI"]
        let values: [String?] = [f.approach, ([f.region ?? ""] + f.levels).filter { !$0.isEmpty }.joined(separator: " "), f.laterality, f.imaging, f.catheter]
        for v in values {
            if let v = v, !v.isEmpty { facts.append(v) }
        }
        h += "<div><dt>Facts</dt><dd>\(facts.map { "<span class=\"chip\">\(HTMLReport.escape($0))</span>" }.joined())</dd></div>"
        h += "</dl>\n<div class=\"nb\">\n<pre class=\"text\">"
        sections.append(contentsOf: h.utf8)
        HTMLReport.highlight(item.note, a.findings, into: &sections)
        var s = "</pre>\n<aside class=\"findings\">"
        let gaps = a.findings.filter { !$0.status.isMet }.sorted { $0.severity > $1.severity }
        let met = a.findings.filter { $0.status.isMet }
        if gaps.isEmpty {
            s += f.procedure == "esi" ? "<p class=\"empty\">Every reported element is met.</p>"
                                      : "<p class=\"empty\">Not an epidural steroid injection note: no documentation elements apply.</p>"
        } else {
            s += "<ol class=\"fl\">"
            for fd in gaps { s += HTMLReport.findingItem(fd, item.note) }
            s += "</ol>"
        }
        if !met.isEmpty {
            s += "<details><summary>\(met.count) met</summary><ol class=\"fl met\">"
            for fd in met { s += HTMLReport.findingItem(fd, item.note) }
            s += "</ol></details>"
        }
        s += "</aside>\n</div>\n<p class=\"back\"><a href=\"#table\">Back to the table</a></p>\n</section>\n"
        sections.append(contentsOf: s.utf8)
    }

    static func findingItem(_ f: Finding, _ note: Note) -> String {
        let sev = f.status.isMet ? "ok" : f.severity == .error ? "e" : f.severity == .warning ? "w" : "i"
        var s = "<li class=\"\(sev)\"><div class=\"fh\"><span class=\"st \(sev)\">\(escape(f.status.rawValue))</span>"
        if !f.status.isMet { s += "<span class=\"sv\">\(escape(f.severity.rawValue))</span>" }
        s += "<code>\(escape(f.element))</code>"
        if let first = f.evidence.first {
            let loc = note.location(of: max(0, min(first.start, note.bytes.count)))
            s += "<span class=\"loc\">line \(loc.line)</span>"
        }
        s += "</div><p>\(escape(f.message))</p>"
        if let first = f.related.first, !f.message.contains(first) {
            s += "<p class=\"rel\">counts \(escape(f.related.joined(separator: ", ")))</p>"
        }
        if let c = f.citation { s += "<p class=\"cite\">\(escape(c))</p>" }
        return s + "</li>"
    }

    // MARK: rendering

    public func render(_ summary: AuditSummary) -> [UInt8] {
        var o = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        o += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        o += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src '\(HTMLReport.scriptHash)'; base-uri 'none'; form-action 'none'\">\n"
        o += "<meta name=\"referrer\" content=\"no-referrer\">\n"
        o += "<meta name=\"generator\" content=\"lamina\">\n"
        o += "<title>\(HTMLReport.escape(title))</title>\n<style>\(HTMLReport.css)</style>\n</head>\n<body>\n"
        o += "<header class=\"top\"><div class=\"wrap\"><p class=\"kicker\">lamina audit report</p><h1>\(HTMLReport.escape(title))</h1>"
        if !summary.inputs.isEmpty {
            o += "<p class=\"inputs\">Inputs: \(summary.inputs.map { "<code>\(HTMLReport.escape($0))</code>" }.joined(separator: " "))</p>"
        }
        o += "</div></header>\n<main class=\"wrap\">\n"
        o += cards(summary)
        if notes > limit {
            o += "<p class=\"notice\">This page shows the first \(limit) of \(notes) notes in the table and the note sections. The figures and charts count all \(notes) notes.</p>\n"
        }
        o += "<section class=\"charts\">\n" + gapChart() + "<div class=\"col\">\n" + outcomeChart() + codeChart() + "</div>\n</section>\n"
        o += "<section class=\"card\" id=\"table\"><h2>Notes</h2>"
        o += "<p class=\"hint\">Click a column header to sort; click an id to open the note.</p>"
        o += "<div class=\"tw\"><table id=\"notes\"><thead><tr>"
        for (key, label, type) in [("index", "#", "num"), ("id", "Id", "text"), ("code", "Supported code", "text"), ("billed", "Billed", "text"),
                                   ("errors", "Errors", "num"), ("warnings", "Warnings", "num"), ("gap", "First gap", "text")] {
            o += "<th scope=\"col\" data-key=\"\(key)\" data-type=\"\(type)\"\(type == "num" ? " class=\"num\"" : "")><button type=\"button\">\(label)</button></th>"
        }
        o += "</tr></thead>\n<tbody>\n"
        var bytes = Array(o.utf8)
        bytes.append(contentsOf: rows)
        o = "</tbody></table></div>"
        if notes == 0 { o += "<p class=\"empty\">No notes were written.</p>" }
        o += "</section>\n<section id=\"sections\">\n"
        bytes.append(contentsOf: o.utf8)
        bytes.append(contentsOf: sections)
        o = "</section>\n</main>\n<footer class=\"wrap foot\">Generated by lamina. Evidence spans are highlighted in each note: "
        o += "<mark class=\"ok\">evidence of a met element</mark> <mark class=\"g\">evidence of a gap</mark>; hover a highlight for its elements.</footer>\n"
        o += "<script>\(HTMLReport.script)</script>\n</body>\n</html>\n"
        bytes.append(contentsOf: o.utf8)
        return bytes
    }

    private func cards(_ s: AuditSummary) -> String {
        func card(_ value: Int, _ label: String, _ detail: String = "", _ tone: String = "") -> String {
            "<div class=\"fig\(tone.isEmpty ? "" : " " + tone)\"><div class=\"v\">\(value)</div><div class=\"l\">\(label)</div>\(detail.isEmpty ? "" : "<div class=\"d\">\(detail)</div>")</div>"
        }
        var o = "<section class=\"figs\">"
        o += card(s.recordsIn, "records in")
        o += card(s.written, "written", notes == s.written ? "" : "\(notes) in this report")
        o += card(s.errors, "in error", "records that could not be read", s.errors > 0 ? "e" : "")
        o += card(s.warned, "with warnings", "read with a warning", s.warned > 0 ? "w" : "")
        o += card(notesWithErrorGap, "notes with an error-severity gap", notes > 0 ? "\(HTMLReport.percent(notesWithErrorGap, notes)) of \(notes) notes" : "", notesWithErrorGap > 0 ? "e" : "")
        o += card(s.breaches, "sessions over a limit", "of \(s.sessions) session\(s.sessions == 1 ? "" : "s") counted", s.breaches > 0 ? "e" : "")
        return o + "</section>\n"
    }

    /// Horizontal bars: share of ESI notes where each element is not met.
    private func gapChart() -> String {
        var o = "<figure class=\"card chart\"><h2>Gap rate by element</h2>"
        let ids = AuditRules.ids.filter { reported[$0] != nil } + reported.keys.filter { AuditRules.index[$0] == nil }.sorted()
        guard esiNotes > 0, !ids.isEmpty else {
            return o + "<p class=\"empty\">No epidural steroid injection notes: no elements were reported.</p></figure>\n"
        }
        o += "<figcaption>Share of the \(esiNotes) ESI note\(esiNotes == 1 ? "" : "s") in which each element is not met.</figcaption>"
        let rowH = 24, labelW = 190, barW = 250, top = 6
        let height = top + ids.count * rowH + 6
        o += "<svg class=\"bars\" viewBox=\"0 0 560 \(height)\" width=\"560\" height=\"\(height)\" role=\"img\" aria-label=\"Gap rate by element\">"
        for (i, id) in ids.enumerated() {
            let k = notMet[id] ?? 0, n = reported[id] ?? 0
            let y = top + i * rowH
            let w = (k * barW + esiNotes / 2) / esiNotes
            let sev = AuditRules.index[id].map { AuditRules.all[$0].severity } ?? .error
            let rate = HTMLReport.percent(k, esiNotes)
            o += "<g><title>\(HTMLReport.escape(id)): not met in \(k) of \(esiNotes) ESI notes (\(rate)); reported in \(n)</title>"
            o += "<text x=\"\(labelW - 8)\" y=\"\(y + 16)\" text-anchor=\"end\" class=\"lab\">\(HTMLReport.escape(id))</text>"
            o += "<rect x=\"\(labelW)\" y=\"\(y + 4)\" width=\"\(barW)\" height=\"16\" rx=\"3\" class=\"track\"/>"
            if w > 0 { o += "<rect x=\"\(labelW)\" y=\"\(y + 4)\" width=\"\(w)\" height=\"16\" rx=\"3\" class=\"\(sev == .error ? "be" : "bw")\"/>" }
            o += "<text x=\"\(labelW + barW + 8)\" y=\"\(y + 16)\" class=\"val\">\(rate) <tspan class=\"sub\">(\(k))</tspan></text></g>"
        }
        o += "</svg><p class=\"legend\"><span class=\"sw be\"></span>error severity <span class=\"sw bw\"></span>warning severity</p></figure>\n"
        return o
    }

    /// One stacked bar: notes with an error-severity gap, with warnings only, with no gap,
    /// and other procedures.
    private func outcomeChart() -> String {
        var o = "<figure class=\"card chart\"><h2>Notes by outcome</h2>"
        guard notes > 0 else { return o + "<p class=\"empty\">No notes.</p></figure>\n" }
        o += "<figcaption>Each of the \(notes) note\(notes == 1 ? "" : "s") by its most serious gap.</figcaption>"
        let parts = [(notesWithErrorGap, "at least one error", "be"), (notesWarningOnly, "warnings only", "bw"),
                     (notesClean, "no gaps", "bs"), (notesOther, "not an ESI note", "bo")]
        let width = 540
        o += "<svg class=\"bars\" viewBox=\"0 0 560 34\" width=\"560\" height=\"34\" role=\"img\" aria-label=\"Notes by outcome\">"
        var x = 0, left = notes
        for (i, (n, label, cls)) in parts.enumerated() where n > 0 {
            // Widths add up to the whole bar exactly.
            let w = i == parts.count - 1 || left == n ? width - x : (n * width + notes / 2) / notes
            left -= n
            o += "<g><title>\(label): \(n) (\(HTMLReport.percent(n, notes)))</title><rect x=\"\(10 + x)\" y=\"4\" width=\"\(w)\" height=\"26\" class=\"\(cls)\"/>"
            if w >= 40 { o += "<text x=\"\(10 + x + w / 2)\" y=\"22\" text-anchor=\"middle\" class=\"inbar\">\(n)</text>" }
            o += "</g>"
            x += w
        }
        o += "</svg><p class=\"legend\">"
        for (n, label, cls) in parts {
            o += "<span class=\"li\"><span class=\"sw \(cls)\"></span>\(label) <b>\(n)</b> <span class=\"pct\">\(HTMLReport.percent(n, notes))</span></span>"
        }
        return o + "</p></figure>\n"
    }

    /// Stacked bars per supported code: billed the same code vs billed differently.
    private func codeChart() -> String {
        var o = "<figure class=\"card chart\"><h2>Billed vs supported codes</h2>"
        guard billedNotes > 0 else {
            return o + "<p class=\"empty\">No note carried billed codes.</p></figure>\n"
        }
        let same = codeRows.values.reduce(0) { $0 + $1.same }
        o += "<figcaption>\(billedNotes) note\(billedNotes == 1 ? "" : "s") with billed codes; \(same) billed as the note supports (\(HTMLReport.percent(same, billedNotes))). One bar per supported code.</figcaption>"
        let keys = codeRows.keys.sorted {
            let a = codeRows[$0]!, b = codeRows[$1]!
            return (a.same + a.different, $1) > (b.same + b.different, $0)
        }
        let shown = Array(keys.prefix(16))
        let maxTotal = shown.map { codeRows[$0]!.same + codeRows[$0]!.different }.max() ?? 1
        let rowH = 26, labelW = 190, barW = 270, top = 6
        let height = top + shown.count * rowH + 6
        o += "<svg class=\"bars\" viewBox=\"0 0 560 \(height)\" width=\"560\" height=\"\(height)\" role=\"img\" aria-label=\"Billed vs supported codes\">"
        for (i, key) in shown.enumerated() {
            let r = codeRows[key]!
            let y = top + i * rowH
            let ws = (r.same * barW + maxTotal / 2) / maxTotal, wd = (r.different * barW + maxTotal / 2) / maxTotal
            let how = r.billedAs.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")
            o += "<g><title>supported \(HTMLReport.escape(key)): billed the same \(r.same), differently \(r.different)\(how.isEmpty ? "" : " (" + HTMLReport.escape(how) + ")")</title>"
            o += "<text x=\"\(labelW - 8)\" y=\"\(y + 17)\" text-anchor=\"end\" class=\"lab code\">\(HTMLReport.escape(key))</text>"
            if ws > 0 { o += "<rect x=\"\(labelW)\" y=\"\(y + 4)\" width=\"\(ws)\" height=\"18\" class=\"bs\"/>" }
            if wd > 0 { o += "<rect x=\"\(labelW + ws)\" y=\"\(y + 4)\" width=\"\(wd)\" height=\"18\" class=\"bd\"/>" }
            o += "<text x=\"\(labelW + ws + wd + 8)\" y=\"\(y + 17)\" class=\"val\">\(r.same) / \(r.different)</text></g>"
        }
        o += "</svg><p class=\"legend\"><span class=\"sw bs\"></span>billed the same <span class=\"sw bd\"></span>billed differently (same / differently)</p>"
        if keys.count > shown.count { o += "<p class=\"hint\">\(keys.count - shown.count) less frequent codes not shown.</p>" }
        // The differences, as a small table an auditor can read without hovering.
        let diffs = keys.flatMap { k in codeRows[k]!.billedAs.map { (k, $0.key, $0.value) } }
            .sorted { ($0.2, $1.0, $1.1) > ($1.2, $0.0, $0.1) }
        if !diffs.isEmpty {
            o += "<table class=\"mini\"><thead><tr><th>Supported</th><th>Billed</th><th class=\"num\">Notes</th></tr></thead><tbody>"
            for (s, b, n) in diffs.prefix(10) {
                o += "<tr><td class=\"code\">\(HTMLReport.escape(s))</td><td class=\"code mismatch\">\(HTMLReport.escape(b))</td><td class=\"num\">\(n)</td></tr>"
            }
            o += "</tbody></table>"
        }
        return o + "</figure>\n"
    }

    // MARK: labels

    /// `62323`, `64483 + 64484×1 -50`; nil when no code is supported.
    static func codeLabel(_ c: CodeSuggestion, modifiers: Bool = true) -> String? {
        guard let cpt = c.cpt else { return nil }
        var s = cpt
        for ad in c.addons { s += " + \(ad.cpt)×\(ad.units)" }
        if modifiers && !c.modifiers.isEmpty { s += " -" + c.modifiers.joined(separator: " -") }
        return s
    }

    /// The billed ESI-family codes as `codeLabel` writes them (without modifiers).
    static func billedESILabel(_ cpt: [String]) -> String {
        let codes = BilledCode.parse(cpt)
        let primaries = codes.filter { ClaimChecker.primaries.contains($0.code) }
        let addons = codes.filter { ClaimChecker.addonOf[$0.code] != nil }
        var parts: [String] = []
        for p in primaries { parts.append(p.units > 1 ? "\(p.code)×\(p.units)" : p.code) }
        var s = parts.joined(separator: ", ")
        for ad in addons { s += (s.isEmpty ? "" : " + ") + "\(ad.code)×\(ad.units)" }
        return s
    }

    /// Billed codes and modifiers as written: `62323, J3301x8 (LT)`.
    static func billedLabel(_ b: Billed?) -> String {
        guard let b = b else { return "" }
        var s = b.cpt.joined(separator: ", ")
        if !b.modifiers.isEmpty { s += " (" + b.modifiers.joined(separator: ", ") + ")" }
        return s
    }

    static func percent(_ k: Int, _ n: Int) -> String {
        guard n > 0 else { return "0%" }
        let tenths = (k * 1000 + n / 2) / n
        return tenths % 10 == 0 ? "\(tenths / 10)%" : "\(tenths / 10).\(tenths % 10)%"
    }

    // MARK: escaping and highlighting

    /// Text or attribute value for HTML: `&`, `<`, `>`, `"`, `'` escaped; C0 controls other
    /// than tab, LF and CR, and DEL, become U+FFFD.
    public static func escape(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            switch u {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            case "'": out.append(contentsOf: "&#39;".unicodeScalars)
            case "\t", "\n", "\r": out.append(u)
            default:
                if u.value < 0x20 || u.value == 0x7F { out.append("\u{FFFD}") } else { out.append(u) }
            }
        }
        return String(out)
    }

    /// Escapes note bytes `[from, to)` as HTML text: invalid UTF-8 and control bytes become
    /// U+FFFD, a CR before LF is dropped and a lone CR is shown as U+240D.
    static func appendText(_ b: [UInt8], _ from: Int, _ to: Int, into out: inout [UInt8]) {
        var i = from
        while i < to {
            let c = b[i]
            if c < 0x80 {
                switch c {
                case 0x26: out.append(contentsOf: "&amp;".utf8)
                case 0x3C: out.append(contentsOf: "&lt;".utf8)
                case 0x3E: out.append(contentsOf: "&gt;".utf8)
                case 0x22: out.append(contentsOf: "&quot;".utf8)
                case 0x27: out.append(contentsOf: "&#39;".utf8)
                case 0x09, 0x0A: out.append(c)
                case 0x0D: if !(i + 1 < b.count && b[i + 1] == 0x0A) { out.append(contentsOf: [0xE2, 0x90, 0x8D]) }
                case 0..<0x20, 0x7F: out.append(contentsOf: [0xEF, 0xBF, 0xBD])
                default: out.append(c)
                }
                i += 1
                continue
            }
            let n = utf8Length(b, i)
            if n > 0 && i + n <= to {
                out.append(contentsOf: b[i..<(i + n)])
                i += n
            } else {
                out.append(contentsOf: [0xEF, 0xBF, 0xBD])
                i += 1
            }
        }
    }

    /// The note's text as lines (`<span class="l">`, numbered by CSS) with every evidence
    /// span of every finding in a `<mark>`. The text is cut at every span boundary and line
    /// end, so overlapping and nested spans become runs of non-overlapping marks whose title
    /// names all the elements covering them: tags always balance and no mark crosses a line.
    /// Boundaries inside a multi-byte character move to its edges (start back, end forward).
    static func highlight(_ note: Note, _ findings: [Finding], into out: inout [UInt8]) {
        let b = note.bytes, n = b.count
        func back(_ o: Int) -> Int { var o = max(0, min(o, n)), k = 0; while o > 0, o < n, b[o] & 0xC0 == 0x80, k < 3 { o -= 1; k += 1 }; return o }
        func fwd(_ o: Int) -> Int { var o = max(0, min(o, n)), k = 0; while o < n, b[o] & 0xC0 == 0x80, k < 3 { o += 1; k += 1 }; return o }
        // Spans: (start, end, finding index); events sorted by position.
        var spans: [(Int, Int, Int)] = []
        for (fi, f) in findings.enumerated() {
            for s in f.evidence {
                let st = back(s.start), en = fwd(max(s.start, s.end))
                if en > st { spans.append((st, en, fi)) }
            }
        }
        var cuts: [Int] = [0, n]
        for s in spans { cuts.append(s.0); cuts.append(s.1) }
        for i in 0..<n where b[i] == 0x0A { cuts.append(i); cuts.append(i + 1) }
        cuts = Array(Set(cuts)).sorted()
        let starts = spans.indices.sorted { spans[$0].0 < spans[$1].0 }
        var next = 0
        var active: [Int] = []   // indices into spans
        out.append(contentsOf: "<span class=\"l\">".utf8)
        for ci in 0..<(cuts.count - 1) {
            let a = cuts[ci], z = cuts[ci + 1]
            active.removeAll { spans[$0].1 <= a }
            while next < starts.count && spans[starts[next]].0 <= a {
                if spans[starts[next]].1 > a { active.append(starts[next]) }
                next += 1
            }
            if z == a + 1 && b[a] == 0x0A {
                out.append(contentsOf: "</span><span class=\"l\">".utf8)
                continue
            }
            if active.isEmpty {
                appendText(b, a, z, into: &out)
                continue
            }
            // The findings covering this run, once each, in report order.
            let fis = Array(Set(active.map { spans[$0].2 })).sorted()
            let gap = fis.contains { !findings[$0].status.isMet }
            let depth = min(fis.count, 3)
            let label = fis.map { "\(findings[$0].element) (\(findings[$0].status.rawValue))" }.joined(separator: "; ")
            out.append(contentsOf: "<mark class=\"\(gap ? "g" : "ok")\(depth > 1 ? " d\(depth)" : "")\" title=\"\(escape(label))\">".utf8)
            appendText(b, a, z, into: &out)
            out.append(contentsOf: "</mark>".utf8)
        }
        out.append(contentsOf: "</span>".utf8)
    }

    // MARK: page assets

    /// Sorting of the notes table: a header click sorts by that column (numbers first
    /// descending, text ascending; a second click reverses); ties keep input order.
    /// `?sort=KEY` or `?sort=KEY-asc|desc` sorts on load (used by docs/report-check.sh).
    /// The table gets `data-js="ready"` once wired and `data-sorted` after a sort.
    static let script = """
    (function(){
    "use strict";
    var t=document.getElementById("notes");if(!t){return;}
    var body=t.tBodies[0],ths=t.tHead.rows[0].cells;
    function val(r,i,num){var c=r.cells[i],v=c.getAttribute("data-v");if(v===null){v=c.textContent;}return num?(parseFloat(v)||0):v.toLowerCase();}
    function sort(i,dir){
    var num=ths[i].getAttribute("data-type")==="num",rows=Array.prototype.slice.call(body.rows);
    rows.sort(function(a,b){var x=val(a,i,num),y=val(b,i,num),r=x<y?-1:(x>y?1:0);
    if(r===0){return val(a,0,true)-val(b,0,true);}return r*dir;});
    var f=document.createDocumentFragment();rows.forEach(function(r){f.appendChild(r);});body.appendChild(f);
    for(var j=0;j<ths.length;j++){ths[j].removeAttribute("aria-sort");}
    ths[i].setAttribute("aria-sort",dir>0?"ascending":"descending");
    t.setAttribute("data-sorted",ths[i].getAttribute("data-key")+(dir>0?"-asc":"-desc"));}
    Array.prototype.forEach.call(ths,function(th,i){th.querySelector("button").addEventListener("click",function(){
    var cur=th.getAttribute("aria-sort"),num=th.getAttribute("data-type")==="num";
    sort(i,cur===null?(num?-1:1):(cur==="ascending"?-1:1));});});
    var m=/[?&]sort=([a-z]+)(?:-(asc|desc))?/.exec(location.search);
    if(m){for(var k=0;k<ths.length;k++){if(ths[k].getAttribute("data-key")===m[1]){
    sort(k,m[2]==="asc"?1:(m[2]==="desc"?-1:(ths[k].getAttribute("data-type")==="num"?-1:1)));}}}
    t.setAttribute("data-js","ready");
    })();
    """

    /// `sha256-...` of `script` for the Content-Security-Policy.
    static let scriptHash: String = "sha256-" + base64(ReportSHA256.digest(Array(script.utf8)))

    static func base64(_ d: [UInt8]) -> String {
        let t = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        var i = 0
        while i < d.count {
            let b0 = d[i], b1 = i + 1 < d.count ? d[i + 1] : 0, b2 = i + 2 < d.count ? d[i + 2] : 0
            out.append(t[Int(b0 >> 2)])
            out.append(t[Int((b0 & 3) << 4 | b1 >> 4)])
            out.append(i + 1 < d.count ? t[Int((b1 & 15) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            out.append(i + 2 < d.count ? t[Int(b2 & 63)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    static let css = """
    :root{--ink:#0f172a;--ink2:#334155;--muted:#64748b;--line:#e2e8f0;--bg:#f1f5f9;--card:#fff;--accent:#1d4ed8;
    --e:#b91c1c;--ebg:#fee2e2;--w:#b45309;--wbg:#fef3c7;--ok:#15803d;--okbg:#dcfce7;
    --mono:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono","DejaVu Sans Mono",monospace}
    *{box-sizing:border-box}
    html{-webkit-text-size-adjust:100%}
    body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Liberation Sans",sans-serif}
    .wrap{max-width:1320px;margin:0 auto;padding:0 24px}
    header.top{background:#0f172a;color:#e2e8f0;padding:22px 0 20px;margin-bottom:20px}
    header.top h1{margin:2px 0 0;font-size:24px;font-weight:650;color:#fff;letter-spacing:-.01em}
    .kicker{margin:0;text-transform:uppercase;letter-spacing:.08em;font-size:11px;color:#94a3b8;font-weight:600}
    .inputs{margin:8px 0 0;color:#cbd5e1;font-size:13px}
    .inputs code{background:#1e293b;color:#e2e8f0;padding:1px 6px;border-radius:4px;margin-right:4px}
    code,.code{font-family:var(--mono);font-size:12.5px}
    h2{font-size:15px;margin:0 0 4px;font-weight:650}
    .card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px 18px;margin:0 0 20px;box-shadow:0 1px 2px rgba(15,23,42,.04)}
    .figs{display:grid;grid-template-columns:repeat(6,1fr);gap:12px;margin-bottom:20px}
    .fig{background:var(--card);border:1px solid var(--line);border-left:4px solid #94a3b8;border-radius:10px;padding:12px 14px}
    .fig .v{font-size:28px;font-weight:700;line-height:1.1;font-variant-numeric:tabular-nums}
    .fig .l{font-weight:600;color:var(--ink2);margin-top:2px}
    .fig .d{color:var(--muted);font-size:12px}
    .fig.e{border-left-color:var(--e)}.fig.e .v{color:var(--e)}
    .fig.w{border-left-color:#d97706}.fig.w .v{color:var(--w)}
    .notice{background:var(--wbg);border:1px solid #fcd34d;color:#78350f;border-radius:8px;padding:10px 14px;margin:0 0 20px}
    .charts{display:grid;grid-template-columns:1fr 1fr;gap:20px;align-items:start}
    figure.card{margin:0 0 20px}
    figcaption,.hint{color:var(--muted);font-size:12.5px;margin:0 0 10px}
    svg.bars{width:100%;height:auto;display:block}
    svg .lab{font:12px var(--mono);fill:var(--ink2)}
    svg .val{font-size:12px;fill:var(--ink);font-variant-numeric:tabular-nums}
    svg .sub{fill:var(--muted)}
    svg .track{fill:#f1f5f9}
    .be{fill:#dc2626;background:#dc2626}.bw{fill:#f59e0b;background:#f59e0b}
    .bs{fill:#16a34a;background:#16a34a}.bd{fill:#dc2626;background:#dc2626}.bo{fill:#94a3b8;background:#94a3b8}
    svg .inbar{font-size:12px;font-weight:700;fill:#fff}
    .legend .li{white-space:nowrap;display:inline-block;margin-right:8px}
    .legend b{font-variant-numeric:tabular-nums}.legend .pct{color:var(--muted);margin-right:6px}
    .col{display:flex;flex-direction:column;gap:0}
    svg g:hover rect:not(.track){opacity:.8}
    .legend{color:var(--muted);font-size:12px;margin:8px 0 0}
    .sw{display:inline-block;width:10px;height:10px;border-radius:2px;margin:0 5px 0 10px;vertical-align:-1px}
    .legend .sw:first-child{margin-left:0}
    table{border-collapse:collapse;width:100%}
    .tw{max-height:640px;overflow:auto;border:1px solid var(--line);border-radius:8px}
    #notes th{position:sticky;top:0;background:#f8fafc;z-index:1;border-bottom:1px solid var(--line);text-align:left;padding:0}
    #notes th button{all:unset;box-sizing:border-box;display:block;width:100%;padding:8px 10px;cursor:pointer;font-weight:600;color:var(--ink2);font-size:12.5px}
    #notes th button:hover{background:#eef2f7}
    #notes th button:focus-visible{outline:2px solid var(--accent);outline-offset:-2px}
    #notes th.num button{text-align:right}
    #notes th button::after{content:"\\2195";color:#cbd5e1;margin-left:6px;font-size:11px}
    #notes th[aria-sort=ascending] button::after{content:"\\25B2";color:var(--accent)}
    #notes th[aria-sort=descending] button::after{content:"\\25BC";color:var(--accent)}
    td{padding:6px 10px;border-bottom:1px solid #f1f5f9;vertical-align:top}
    tbody tr:nth-child(even){background:#fafbfd}
    tbody tr:hover{background:#eff6ff}
    td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
    td.e{color:var(--e);font-weight:650}td.w{color:var(--w);font-weight:650}
    td.id a{color:var(--accent);text-decoration:none;font-weight:600;word-break:break-all}
    td.id a:hover{text-decoration:underline}
    .mismatch{color:var(--e)}
    .none{color:var(--muted)}
    table.mini{margin-top:12px;font-size:12.5px}
    table.mini th{text-align:left;color:var(--muted);font-weight:600;border-bottom:1px solid var(--line);padding:4px 10px}
    table.mini td{padding:4px 10px}
    section.note{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px 18px;margin:0 0 20px;scroll-margin-top:12px}
    section.note:target{border-color:var(--accent);box-shadow:0 0 0 3px #bfdbfe}
    .nh{display:flex;align-items:center;justify-content:space-between;gap:12px;border-bottom:1px solid var(--line);padding-bottom:8px;margin-bottom:10px}
    .nh h3{margin:0;font-size:16px;word-break:break-all}
    .idx{color:var(--muted);font-weight:500;margin-right:4px}
    .pill{display:inline-block;border-radius:999px;padding:2px 10px;font-size:12px;font-weight:600;margin-left:6px}
    .pill.e{background:var(--ebg);color:var(--e)}.pill.w{background:var(--wbg);color:var(--w)}.pill.ok{background:var(--okbg);color:var(--ok)}
    dl.meta{display:flex;flex-wrap:wrap;gap:6px 24px;margin:0 0 12px}
    dl.meta div{display:flex;gap:8px;align-items:baseline}
    dt{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
    dd{margin:0}
    .chip{display:inline-block;background:#f1f5f9;border:1px solid var(--line);border-radius:4px;padding:0 6px;margin:0 4px 2px 0;font-size:12px}
    .nb{display:grid;grid-template-columns:minmax(0,1.45fr) minmax(0,1fr);gap:18px;align-items:start}
    pre.text{margin:0;padding:10px 12px 10px 0;background:#fbfcfe;border:1px solid var(--line);border-radius:8px;font:12.5px/1.6 var(--mono);
    white-space:pre-wrap;overflow-wrap:anywhere;counter-reset:ln;max-height:720px;overflow:auto;tab-size:4}
    pre.text .l{display:block;position:relative;padding-left:4.2em;min-height:1.6em}
    pre.text .l::before{counter-increment:ln;content:counter(ln);position:absolute;left:0;width:3.2em;text-align:right;color:#94a3b8;user-select:none}
    mark{border-radius:2px;padding:1px 0;color:inherit}
    mark.ok{background:#e0ecfe;box-shadow:inset 0 -1px #93c5fd}
    mark.g{background:#fecaca;box-shadow:inset 0 -2px #ef4444}
    mark.ok.d2{background:#c7dcfd}mark.ok.d3{background:#a5c6fb}
    mark.g.d2{background:#fca5a5}mark.g.d3{background:#f87171}
    .findings{font-size:13px}
    ol.fl{list-style:none;margin:0;padding:0}
    ol.fl li{border:1px solid var(--line);border-left:4px solid #94a3b8;border-radius:6px;padding:7px 10px;margin-bottom:8px;background:#fff}
    ol.fl li.e{border-left-color:var(--e)}ol.fl li.w{border-left-color:#d97706}ol.fl li.ok{border-left-color:#22c55e}
    ol.fl li p{margin:3px 0 0}
    .fh{display:flex;flex-wrap:wrap;gap:6px;align-items:center}
    .st{font-size:11px;font-weight:700;text-transform:uppercase;letter-spacing:.04em;border-radius:4px;padding:1px 6px;background:#e2e8f0;color:var(--ink2)}
    .st.e{background:var(--ebg);color:var(--e)}.st.w{background:var(--wbg);color:var(--w)}.st.ok{background:var(--okbg);color:var(--ok)}
    .sv{font-size:11px;color:var(--muted)}
    .loc{margin-left:auto;font-size:11.5px;color:var(--muted)}
    .rel,.cite{color:var(--muted);font-size:12px}
    details{margin-top:6px}
    summary{cursor:pointer;color:var(--ok);font-weight:600;padding:4px 0}
    ol.fl.met li{padding:4px 10px}
    .empty{color:var(--muted)}
    .back{margin:10px 0 0;font-size:12.5px}
    .back a,.foot a{color:var(--accent)}
    .foot{color:var(--muted);font-size:12.5px;padding-bottom:28px}
    @media (max-width:1100px){.figs{grid-template-columns:repeat(3,1fr)}.charts,.nb{grid-template-columns:1fr}}
    @media print{body{background:#fff}.tw{max-height:none}pre.text{max-height:none}header.top{background:#fff;color:var(--ink)}header.top h1{color:var(--ink)}}
    """
}

/// SHA-256 (FIPS 180-4), for the script hash of the report's Content-Security-Policy.
enum ReportSHA256 {
    static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    static func digest(_ message: [UInt8]) -> [UInt8] {
        var h: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
        var m = message
        let bitLength = UInt64(message.count) * 8
        m.append(0x80)
        while m.count % 64 != 56 { m.append(0) }
        for i in (0..<8).reversed() { m.append(UInt8(truncatingIfNeeded: bitLength >> (UInt64(i) * 8))) }
        func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
        var w = [UInt32](repeating: 0, count: 64)
        for chunk in stride(from: 0, to: m.count, by: 64) {
            for i in 0..<16 {
                let j = chunk + i * 4
                w[i] = UInt32(m[j]) << 24 | UInt32(m[j + 1]) << 16 | UInt32(m[j + 2]) << 8 | UInt32(m[j + 3])
            }
            for i in 16..<64 {
                let s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
                let s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7]
            for i in 0..<64 {
                let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                let ch = (e & f) ^ (~e & g)
                let t1 = hh &+ s1 &+ ch &+ k[i] &+ w[i]
                let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                let maj = (a & b) ^ (a & c) ^ (b & c)
                let t2 = s0 &+ maj
                hh = g; g = f; f = e; e = d &+ t1; d = c; c = b; b = a; a = t1 &+ t2
            }
            h[0] = h[0] &+ a; h[1] = h[1] &+ b; h[2] = h[2] &+ c; h[3] = h[3] &+ d
            h[4] = h[4] &+ e; h[5] = h[5] &+ f; h[6] = h[6] &+ g; h[7] = h[7] &+ hh
        }
        var out: [UInt8] = []
        for v in h { for s in [24, 16, 8, 0] as [UInt32] { out.append(UInt8(truncatingIfNeeded: v >> s)) } }
        return out
    }
}
