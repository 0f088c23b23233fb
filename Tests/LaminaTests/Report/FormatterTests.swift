import Foundation
import Testing
@testable import Lamina

/// Items for the output formatter tests.
enum FormatterFixtures {
    /// A note that meets every documentation element (no claim: no result in SARIF).
    static let complete = Elements.base
    /// `complete` without the archive sentence: `imaging.archive` missing (error).
    static let noArchive = Elements.variant("Images saved to PACS.", "")
    /// A non-ASCII line before the evidence, so code-point columns differ from byte columns.
    static let unicode = Elements.variant("PROCEDURE: Left L5-S1", "PROCEDURE — “José”: Left L5-S1")
        .replacingOccurrences(of: "Images saved to PACS.", with: "")

    static func item(_ text: String, id: String = "n-1", file: String? = nil, batch: Bool = false,
                     billed: Billed? = nil, date: String = "2025-03-03") -> AuditItem {
        let note = Note(id: id, text: text)
        let a: Assessment
        if let b = billed {
            let data = ClaimData.builtIn
            a = Support.analyzer.analyze(note, claim: ClaimContext(billed: b, date: date, policy: data.defaultPolicy), data: data)
        } else {
            a = Support.analyzer.analyze(note)
        }
        let f = file ?? (batch ? "export.jsonl" : "\(id).txt")
        return AuditItem(id: id, file: f, name: batch ? "\(f):\(id)" : f, note: note, assessment: a, billed: billed)
    }

    /// What the audit writer does with a formatter: header, non-empty records joined by the
    /// separator, footer.
    static func write(_ fmt: some AuditFormatter, _ items: [AuditItem]) -> [UInt8] {
        var out = fmt.header()
        var first = true
        var summary = AuditSummary()
        for it in items {
            summary.recordsIn += 1; summary.written += 1
            let r = fmt.record(it)
            if r.isEmpty { continue }
            if !first { out += fmt.separator }
            first = false
            out += r
        }
        return out + fmt.footer(summary)
    }

    /// RFC 4180 rows (CRLF or LF line ends, quoted fields), for checking the CSV writer.
    static func parseCSV(_ s: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false, i = s.unicodeScalars.startIndex
        let u = s.unicodeScalars
        var started = false
        while i < u.endIndex {
            let c = u[i]
            if quoted {
                if c == "\"" {
                    let n = u.index(after: i)
                    if n < u.endIndex && u[n] == "\"" { field.unicodeScalars.append("\""); i = u.index(after: n); continue }
                    quoted = false
                } else { field.unicodeScalars.append(c) }
            } else if c == "\"" && field.isEmpty { quoted = true; started = true }
            else if c == "," { row.append(field); field = ""; started = true }
            else if c == "\r" || c == "\n" {
                if c == "\r" { let n = u.index(after: i); if n < u.endIndex && u[n] == "\n" { i = n } }
                row.append(field); rows.append(row); row = []; field = ""; started = false
            } else { field.unicodeScalars.append(c); started = true }
            i = u.index(after: i)
        }
        if started || !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}

@Suite("CSV formatter")
struct CSVFormatterTests {
    typealias F = FormatterFixtures

    @Test func headerAndEveryRowHaveTheSameColumns() throws {
        let items = [F.item(F.complete, id: "a"), F.item(F.noArchive, id: "b, with comma", batch: true),
                     F.item(F.complete, id: "c", batch: true, billed: Billed(cpt: ["62322", "77003"], modifiers: ["LT"], icd10: ["M54.17"]))]
        let bytes = F.write(CSVFormatter(), items)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasSuffix("\r\n"))
        // Every line end is CRLF (no bare LF outside quotes here: no field holds a newline).
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        let rows = F.parseCSV(text)
        #expect(rows.count == 4)
        #expect(rows[0] == CSVFormatter.columns)
        #expect(rows[0].count == 15 + 16 + 8)
        #expect(Array(rows[0].suffix(8)) == ["code.suggestion", "claim.code", "claim.bundled", "claim.modifiers",
                                            "claim.diagnosis", "claim.drugs", "policy.levels", "policy.frequency"])
        #expect(Array(rows[0][15..<31]) == Elements.all.map(\.id))
        for r in rows { #expect(r.count == rows[0].count) }
        let col = Dictionary(uniqueKeysWithValues: rows[0].enumerated().map { ($1, $0) })
        // a: complete, no claim.
        #expect(rows[1][col["id"]!] == "a")
        #expect(rows[1][col["cpt"]!] == "62323")
        #expect(rows[1][col["errors"]!] == "0")
        #expect(rows[1][col["imaging.archive"]!] == "met")
        #expect(rows[1][col["claim.code"]!] == "")
        // b: archive missing; the id with a comma survives quoting.
        #expect(rows[2][col["id"]!] == "b, with comma")
        #expect(rows[2][col["file"]!] == "export.jsonl")
        #expect(rows[2][col["imaging.archive"]!] == "missing")
        #expect(rows[2][col["errors"]!] == "1")
        // c: billed without imaging though fluoroscopy is documented, plus bundled 77003.
        #expect(rows[3][col["claim.code"]!] == "conflict")
        #expect(rows[3][col["claim.bundled"]!] == "conflict")
        #expect(rows[3][col["hcpcs"]!] == "J3301x8")
        #expect(rows[3][col["levels"]!] == "L5-S1")
        #expect(Int(rows[3][col["errors"]!])! >= 2)
    }

    @Test func transforaminalAddonsAndModifiers() {
        let tf = """
        PROCEDURE: Bilateral L4-L5 and L5-S1 transforaminal epidural steroid injections under fluoroscopy.
        TECHNIQUE: A 22-gauge spinal needle was advanced into each neural foramen under AP and oblique views. Dexamethasone 4 mg (4 mg/mL, 1 mL) was injected at each level. Images saved.
        """
        let rows = F.parseCSV(String(decoding: F.write(CSVFormatter(), [F.item(tf)]), as: UTF8.self))
        let col = Dictionary(uniqueKeysWithValues: rows[0].enumerated().map { ($1, $0) })
        #expect(rows[1][col["cpt"]!] == "64483")
        #expect(rows[1][col["addons"]!] == "64484x1")
        #expect(rows[1][col["modifiers"]!] == "50")
        #expect(rows[1][col["levels"]!] == "L4-L5;L5-S1")
    }

    @Test(arguments: [
        ("=HYPERLINK(\"http://x.invalid\",\"y\")", "\"'=HYPERLINK(\"\"http://x.invalid\"\",\"\"y\"\")\""),
        ("+1", "'+1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tcmd", "'\tcmd"),
        ("\r=1", "\"'\r=1\""), ("＝1", "'＝1"),
        ("plain", "plain"), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("two\nlines", "\"two\nlines\""),
        ("", ""), ("x=1", "x=1"), ("é-1", "é-1"),
    ])
    func fieldQuotingAndFormulaInjection(input: String, expected: String) {
        #expect(CSVFormatter.field(input) == expected)
    }

    @Test func hostileIdsStayInTheirCellAndAreNeutralized() {
        let ids = ["=cmd|' /C calc'!A0", "@x", "-1,2", "a\"b\r\nc"]
        let items = ids.enumerated().map { F.item(F.complete, id: $1, file: "export.csv", batch: true) }
        let rows = F.parseCSV(String(decoding: F.write(CSVFormatter(), items), as: UTF8.self))
        #expect(rows.count == ids.count + 1)
        for (i, id) in ids.enumerated() {
            #expect(rows[i + 1].count == CSVFormatter.columns.count)
            let cell = rows[i + 1][0]
            let first = id.unicodeScalars.first!
            #expect(cell == (CSVFormatter.formulaStarts.contains(first) ? "'" + id : id))
            #expect(!["=", "+", "-", "@"].contains(cell.first.map(String.init) ?? ""))
        }
    }
}

@Suite("SARIF formatter")
struct SARIFFormatterTests {
    typealias F = FormatterFixtures

    static func parse(_ bytes: [UInt8]) throws -> [String: Any] {
        let obj = try JSONSerialization.jsonObject(with: Data(bytes))
        return try #require(obj as? [String: Any])
    }
    static func run(_ log: [String: Any]) throws -> [String: Any] {
        let runs = try #require(log["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        return runs[0]
    }

    @Test func emptyLogIsValidAndListsEveryRule() throws {
        let fmt = SARIFFormatter(version: "9.9.9")
        let log = try Self.parse(F.write(fmt, []))
        #expect(log["version"] as? String == "2.1.0")
        #expect(log["$schema"] as? String == "https://json.schemastore.org/sarif-2.1.0.json")
        let run = try Self.run(log)
        #expect(run["columnKind"] as? String == "unicodeCodePoints")
        #expect((run["results"] as? [Any])?.isEmpty == true)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "lamina")
        #expect(driver["version"] as? String == "9.9.9")
        #expect(driver["informationUri"] == nil)
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let ids = rules.compactMap { $0["id"] as? String }
        #expect(ids == Elements.all.map(\.id) + AuditRules.claimIds)
        #expect(ids.count == 24)
        for (r, e) in zip(rules, Elements.all) {
            #expect((r["shortDescription"] as? [String: Any])?["text"] as? String == e.title)
            #expect((r["fullDescription"] as? [String: Any])?["text"] as? String == e.rationale)
            let level = (r["defaultConfiguration"] as? [String: Any])?["level"] as? String
            #expect(level == (e.severity == .error ? "error" : e.severity == .warning ? "warning" : "note"))
            #expect((r["properties"] as? [String: Any])?["citation"] as? String == e.citation)
        }
        for r in rules.suffix(8) {
            let full = (r["fullDescription"] as? [String: Any])?["text"] as? String ?? ""
            #expect(full.count > 20)
            #expect(r["name"] as? String != nil)
        }
        #expect(!String(decoding: F.write(fmt, []), as: UTF8.self).contains("informationUri"))
    }

    @Test func oneRecordWithoutResultsAndOneWithResults() throws {
        let fmt = SARIFFormatter(version: "1")
        // A complete note has no result: the record is empty and the log still parses.
        #expect(fmt.record(F.item(F.complete)).isEmpty)
        let none = try Self.run(Self.parse(F.write(fmt, [F.item(F.complete)])))
        #expect((none["results"] as? [Any])?.count == 0)
        let one = try Self.run(Self.parse(F.write(fmt, [F.item(F.noArchive, id: "n-7")])))
        let results = try #require(one["results"] as? [[String: Any]])
        #expect(results.count == 1)
        let r = results[0]
        #expect(r["ruleId"] as? String == "imaging.archive")
        #expect(r["ruleIndex"] as? Int == AuditRules.index["imaging.archive"])
        #expect(r["level"] as? String == "error")
        #expect((r["locations"] as? [[String: Any]])?.first?["logicalLocations"] == nil)
        #expect((r["properties"] as? [String: Any])?["record"] == nil)
        let loc = try #require((r["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        #expect((loc["artifactLocation"] as? [String: Any])?["uri"] as? String == "n-7.txt")
        // No evidence for a missing element: line 1.
        #expect((loc["region"] as? [String: Any])?["startLine"] as? Int == 1)
    }

    @Test func severalRecordsMixedWithEmptyOnes() throws {
        let items = [
            F.item(F.complete, id: "ok-1", batch: true),
            F.item(F.noArchive, id: "gap-1", batch: true),
            F.item(F.complete, id: "ok-2", batch: true),
            F.item(F.complete, id: "claim", batch: true, billed: Billed(cpt: ["62322", "77003"], modifiers: ["RT"], icd10: ["M54.17"])),
            F.item(F.unicode, id: "uni", batch: true),
            F.item(F.complete, id: "ok-3", batch: true),
        ]
        let log = try Self.parse(F.write(SARIFFormatter(version: "1"), items))
        let results = try #require(Self.run(log)["results"] as? [[String: Any]])
        let expected = items.reduce(0) { $0 + $1.assessment.findings.filter { !$0.status.isMet }.count }
        #expect(results.count == expected)
        #expect(expected >= 5)
        for r in results {
            let record = try #require((r["properties"] as? [String: Any])?["record"] as? String)
            // SARIF 2.1.0 §3.28.4: logicalLocations belong to the location object.
            let location = try #require((r["locations"] as? [[String: Any]])?.first)
            let logical = try #require((location["logicalLocations"] as? [[String: Any]])?.first)
            #expect(logical["name"] as? String == record)
            #expect(logical["kind"] as? String == "object")
            let rule = try #require(r["ruleId"] as? String)
            #expect(r["ruleIndex"] as? Int == AuditRules.index[rule])
        }
        #expect(Set(results.compactMap { ($0["properties"] as? [String: Any])?["record"] as? String }) == ["gap-1", "claim", "uni"])
    }

    @Test func regionMatchesTheEvidenceInCodePoints() throws {
        // Billing 62322 for a fluoroscopic note: a claim.code conflict whose evidence sits
        // after an em dash and curly quotes on the first line.
        let item = F.item(F.unicode, id: "uni", billed: Billed(cpt: ["62322"], icd10: ["M54.17"]))
        let results = try #require(Self.run(Self.parse(F.write(SARIFFormatter(version: "1"), [item])))["results"] as? [[String: Any]])
        let gaps = item.assessment.findings.filter { !$0.status.isMet }
        #expect(results.count == gaps.count)
        var checked = 0
        for (r, f) in zip(results, gaps) {
            #expect(r["ruleId"] as? String == f.element)
            #expect((r["message"] as? [String: Any])?["text"] as? String == f.message)
            let region = try #require(((r["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["region"] as? [String: Any])
            guard let span = f.evidence.first else { #expect(region["startLine"] as? Int == 1); continue }
            // Independent count: code points from the start of the line.
            func lineCol(_ offset: Int) -> (Int, Int) {
                let before = item.note.bytes[0..<offset]
                let line = before.filter { $0 == 0x0A }.count + 1
                let lineStart = (before.lastIndex(of: 0x0A).map { $0 + 1 }) ?? 0
                return (line, String(decoding: item.note.bytes[lineStart..<offset], as: UTF8.self).unicodeScalars.count + 1)
            }
            let (sl, sc) = lineCol(span.start), (el, ec) = lineCol(span.end)
            #expect(region["startLine"] as? Int == sl)
            #expect(region["startColumn"] as? Int == sc)
            #expect(region["endLine"] as? Int == el)
            #expect(region["endColumn"] as? Int == ec)
            #expect((region["snippet"] as? [String: Any])?["text"] as? String == item.note.text(span))
            if sl == 1 && sc < span.start + 1 { checked += 1 }   // after the multi-byte characters
        }
        #expect(checked >= 1, "no result had evidence after the non-ASCII characters of line 1")
    }

    @Test(arguments: [
        ("note.txt", "note.txt"), ("my notes/ñ.txt", "my%20notes/%C3%B1.txt"), ("/abs/a b.txt", "file:///abs/a%20b.txt"),
        ("a#b?c%d.txt", "a%23b%3Fc%25d.txt"), ("c:\\x.txt", "c%3A%5Cx.txt"), ("-", "-"),
    ])
    func artifactURIs(path: String, uri: String) {
        #expect(SARIFFormatter.uri(path) == uri)
    }

    @Test func sameBytesForTheSameItems() {
        let items = [F.item(F.noArchive, id: "a"), F.item(F.unicode, id: "b")]
        let fmt = SARIFFormatter(version: "1")
        #expect(F.write(fmt, items) == F.write(fmt, items))
    }
}

@Suite("HTML report")
struct HTMLReportTests {
    typealias F = FormatterFixtures

    static let hostileText = Elements.variant("COMPLICATIONS: None.",
        "COMPLICATIONS: None. <script>alert('x')</script> The patient said \"quotes\" &amp; more <img src=x onerror=alert(2)>.")
    static let hostileId = "\"><img src=x onerror=alert(1)>"

    static func render(_ items: [AuditItem], limit: Int = 2000, title: String = "Audit <test>") -> String {
        let r = HTMLReport(title: title, limit: limit)
        var s = AuditSummary()
        for it in items { r.add(it); s.recordsIn += 1; s.written += 1 }
        s.inputs = ["in<put>.jsonl"]
        return String(decoding: r.render(s), as: UTF8.self)
    }

    @Test(arguments: [
        ("plain", "plain"), ("<b>", "&lt;b&gt;"), ("a & b", "a &amp; b"), ("\"x\"", "&quot;x&quot;"), ("it's", "it&#39;s"),
        ("&amp;", "&amp;amp;"), ("é—“x”", "é—“x”"), ("a\u{0}b\u{7F}", "a\u{FFFD}b\u{FFFD}"),
    ])
    func escape(input: String, expected: String) {
        #expect(HTMLReport.escape(input) == expected)
    }

    @Test func untrustedTextAndIdsAreEscaped() {
        let item = F.item(Self.hostileText, id: Self.hostileId, file: "ex\"port<1>.jsonl", batch: true,
                          billed: Billed(cpt: ["<b>62323</b>"], modifiers: ["'LT'"], icd10: ["M54.17"]))
        let html = Self.render([item])
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("onerror=alert(1)>"))
        #expect(!html.contains("<b>62323"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(html.contains("&quot;quotes&quot;"))
        #expect(html.contains("&amp;amp;"))
        #expect(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
        #expect(html.contains("Audit &lt;test&gt;"))
        // Anchors use the index, never the id.
        #expect(html.contains("href=\"#n-1\""))
        #expect(html.contains("id=\"n-1\""))
        // Exactly one script, ours, and nothing loaded from anywhere.
        #expect(html.components(separatedBy: "<script").count == 2)
        #expect(!html.contains("<script src"))
        #expect(!html.contains("http://"))
        #expect(!html.contains("https://"))
        #expect(!html.contains("<link"))
        #expect(html.contains("<mark"))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
    }

    @Test func deterministic() {
        let items = [F.item(F.noArchive, id: "a"), F.item(F.complete, id: "b", batch: true, billed: Billed(cpt: ["62322"], icd10: ["M54.17"])),
                     F.item(F.unicode, id: "c")]
        let r = HTMLReport(title: "t")
        for it in items { r.add(it) }
        var s = AuditSummary(); s.recordsIn = 3; s.written = 3
        let first = r.render(s)
        #expect(first == r.render(s))
        let r2 = HTMLReport(title: "t")
        for it in items { r2.add(it) }
        #expect(first == r2.render(s))
    }

    /// The `<pre>` of the first note section.
    static func pre(_ html: String) -> String {
        let start = html.range(of: "<pre class=\"text\">")!.upperBound
        let end = html.range(of: "</pre>", range: start..<html.endIndex)!.lowerBound
        return String(html[start..<end])
    }

    static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Checks tags nest: marks never inside marks, every mark inside a line span.
    static func balanced(_ pre: String) -> (ok: Bool, marks: Int) {
        var stack: [String] = []
        var marks = 0
        var rest = pre[...]
        while let lt = rest.firstIndex(of: "<") {
            guard let gt = rest[lt...].firstIndex(of: ">") else { return (false, marks) }
            let tag = rest[rest.index(after: lt)..<gt]
            if tag.hasPrefix("/") {
                guard stack.popLast() == String(tag.dropFirst()) else { return (false, marks) }
            } else {
                let name = String(tag.prefix { $0 != " " })
                if name == "mark" { marks += 1; if stack != ["span"] { return (false, marks) } }
                if name == "span" && !stack.isEmpty { return (false, marks) }
                stack.append(name)
            }
            rest = rest[rest.index(after: gt)...]
        }
        return (stack.isEmpty, marks)
    }

    @Test func overlappingAndNestedSpansGiveBalancedMarks() throws {
        let text = "Line one: Kenalog 80 mg — “José” 2 mL.\nSecond line with L5-S1.\n\nFourth."
        var item = F.item(text, id: "ov")
        let b = item.note.bytes
        func at(_ s: String) -> Int { Array(text.utf8).firstRange(of: Array(s.utf8))!.lowerBound }
        let k = at("Kenalog"), j = at("José"), sec = at("Second"), l5 = at("L5-S1")
        var a = item.assessment
        a.findings = [
            Finding(element: "substance.drug", status: .met, severity: .info, message: "m1", evidence: [Span(k, k + 13)]),              // Kenalog 80 mg
            Finding(element: "substance.dose_volume", status: .missing, severity: .warning, message: "m2", evidence: [Span(k + 8, j + 4)]), // overlaps, ends inside é
            Finding(element: "anatomy.level", status: .met, severity: .info, message: "m3", evidence: [Span(k + 8, k + 10), Span(j - 2, sec + 6)]), // nested; starts inside “, crosses the line end
            Finding(element: "claim.code", status: .conflict, severity: .error, message: "m4", evidence: [Span(l5, l5 + 5), Span(l5, l5 + 5), Span(b.count - 3, b.count + 40)]),
        ]
        item = AuditItem(id: item.id, file: item.file, name: item.name, note: item.note, assessment: a, billed: nil)
        let html = Self.render([item])
        let pre = Self.pre(html)
        let (ok, marks) = Self.balanced(pre)
        #expect(ok)
        #expect(marks >= 6)
        #expect(pre.components(separatedBy: "<mark").count - 1 == pre.components(separatedBy: "</mark>").count - 1)
        // The text survives, lines included, every character whole.
        var plain = pre.replacingOccurrences(of: "</span><span class=\"l\">", with: "\n")
        while let r = plain.range(of: "<[^>]*>", options: .regularExpression) { plain.removeSubrange(r) }
        #expect(Self.unescape(plain) == text)
        #expect(!pre.contains("\u{FFFD}"))
        // The run covered by three findings names them all and is marked as a gap.
        #expect(pre.contains("title=\"substance.drug (met); substance.dose_volume (missing); anatomy.level (met)\">80</mark>"))
        #expect(pre.contains("class=\"g d3\""))
        #expect(pre.contains("<mark class=\"g\" title=\"claim.code (conflict)\">L5-S1</mark>"))
        // A span that runs past the end is cut at the end.
        #expect(pre.hasSuffix("<mark class=\"g\" title=\"claim.code (conflict)\">th.</mark></span>"))
    }

    @Test func hostileNoteHighlightsStayBalanced() {
        let html = Self.render([F.item(Self.hostileText, id: Self.hostileId, billed: Billed(cpt: ["62322"], icd10: ["M54.17"]))])
        let (ok, marks) = Self.balanced(Self.pre(html))
        #expect(ok)
        #expect(marks > 5)
    }

    @Test func limitCutsRowsAndSectionsButNotTheFigures() {
        let items = (1...3).map { F.item($0 == 2 ? F.noArchive : F.complete, id: "n\($0)", batch: true) }
        let html = Self.render(items, limit: 1)
        #expect(html.components(separatedBy: "<section class=\"note\"").count == 2)
        #expect(html.components(separatedBy: "<tr><td class=\"num\" data-v=").count == 2)
        #expect(html.contains("first 1 of 3 notes"))
        #expect(!html.contains("id=\"n-2\""))
        // The gap chart counts the note beyond the limit: imaging.archive missing in 1 of 3.
        #expect(html.contains("imaging.archive: not met in 1 of 3 ESI notes (33.3%)"))
        let all = Self.render(items)
        #expect(!all.contains("first 1 of"))
        #expect(all.contains("id=\"n-3\""))
    }

    @Test func billedVersusSupportedChart() {
        let items = [
            F.item(F.complete, id: "same", batch: true, billed: Billed(cpt: ["62323", "J3301x8"], modifiers: ["LT"], icd10: ["M54.17"])),
            F.item(F.complete, id: "under", batch: true, billed: Billed(cpt: ["62322"], icd10: ["M54.17"])),
            F.item(F.complete, id: "nobill", batch: true),
        ]
        let html = Self.render(items)
        #expect(html.contains("2 notes with billed codes; 1 billed as the note supports (50%)"))
        #expect(html.contains("supported 62323: billed the same 1, differently 1 (62322 ×1)"))
        #expect(html.contains("<td class=\"code mismatch\">62322</td>"))
    }

    @Test func scriptHashMatchesTheScript() {
        // SHA-256 of "abc" (FIPS 180-2 example).
        #expect(HTMLReport.base64(ReportSHA256.digest(Array("abc".utf8))) == "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=")
        #expect(HTMLReport.base64(ReportSHA256.digest([])) == "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
        let html = Self.render([])
        #expect(html.contains("script-src '\(HTMLReport.scriptHash)'"))
        #expect(html.contains("<script>\(HTMLReport.script)</script>"))
        #expect(html.contains("No notes were written."))
    }
}
