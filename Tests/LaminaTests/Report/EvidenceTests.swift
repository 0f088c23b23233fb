import Foundation
import Testing
@testable import Lamina

/// Every asserted fact's evidence must point at the right text: bytes, line and column,
/// also after CRLF, tabs, non-breaking spaces and multi-byte characters.
@Suite("Evidence spans")
struct EvidenceTests {
    static let body = """
    PROCEDURE: Left L5-S1 interlaminar epidural steroid injection under fluoroscopic guidance.
    INDICATION: Lumbar radiculopathy (M54.17), leg pain for 5 months, failed 6 weeks of physical therapy. Pain 7/10.
    TECHNIQUE: 1% lidocaine 2 mL to the skin. A 20-gauge Tuohy needle entered the epidural space by loss of resistance. AP and lateral views confirmed position. Omnipaque 240, 1 mL, showed spread. Kenalog 80 mg (40 mg/mL, 2 mL) was injected. Images saved to PACS.
    COMPLICATIONS: None.
    Electronically signed by A. Doe, MD
    """

    static let prefixes = ["", "Clínica – ‘Niño’\u{00A0}•\tnote\n", "\t\u{00A0}\u{00A0}café ☕️ 日本\n\n"]

    /// Checks one record's spans against the note, by recomputing line and column from the bytes.
    static func check(_ note: Note, _ spans: [Span]) {
        for s in spans {
            #expect(s.start >= 0 && s.end <= note.bytes.count && s.start < s.end)
            let before = Array(note.bytes[0..<s.start])
            let line = before.filter { $0 == 0x0A }.count + 1
            let lineStart = (before.lastIndex(of: 0x0A).map { $0 + 1 }) ?? 0
            let column = String(decoding: note.bytes[lineStart..<s.start], as: UTF8.self).unicodeScalars.count + 1
            let loc = note.location(of: s.start)
            #expect(loc.line == line && loc.column == column)
        }
    }

    @Test(arguments: prefixes, [false, true])
    func spansFollowTheText(_ prefix: String, _ crlf: Bool) {
        var text = prefix + Self.body
        if crlf { text = text.replacingOccurrences(of: "\n", with: "\r\n") }
        let note = Note(id: "e", text: text)
        let a = Support.analyzer.analyze(note)
        let f = a.facts
        for (_, spans) in f.evidence { Self.check(note, spans) }
        for fd in a.findings { Self.check(note, fd.evidence) }
        #expect(f.evidence["levels"].map { $0.map { note.text($0) } } == ["L5-S1"])
        #expect(note.text(f.evidence["approach"]![0]).hasPrefix("interlaminar"))
        #expect(note.text(f.evidence["baseline_pain"]![0]) == "7/10")
        #expect(note.text(f.substances.first { $0.name == "triamcinolone" }!.evidence[0]) == "Kenalog")
        #expect(f.evidence["signed"].map { $0.map { note.text($0) } } == ["Electronically signed by"])
        // JSON output carries the same line, column and text.
        var w = JSONWriter()
        RecordJSON.write(a, id: "e", note: note, into: &w)
        let json = try! JSONParser.parse(w.bytes)
        let lv = json["evidence"]?["levels"]?.array?.first
        let s = f.evidence["levels"]![0]
        #expect(lv?["start"]?.number == Double(s.start))
        #expect(lv?["line"]?.number == Double(note.location(of: s.start).line))
        #expect(lv?["column"]?.number == Double(note.location(of: s.start).column))
        #expect(lv?["text"]?.string == "L5-S1")
    }

    @Test func everyFactOfTheAcceptanceCorpusHasEvidence() throws {
        guard let path = Support.acceptance else {
            print("skipped: ../shared/acceptance is not beside this clone")
            return
        }
        for r in try Evaluator.load(path: path) {
            let note = Note(id: r.id, text: r.text)
            let a = Support.analyzer.analyze(note)
            let f = a.facts
            for (_, spans) in f.evidence { Self.check(note, spans) }
            if f.approach != nil { #expect(f.evidence["approach"]?.isEmpty == false, "\(r.id) approach has no evidence") }
            if !f.levels.isEmpty { #expect(f.evidence["levels"]?.isEmpty == false, "\(r.id)") }
            if f.imaging != nil { #expect(f.evidence["imaging"]?.isEmpty == false, "\(r.id)") }
            if f.catheter != nil { #expect(f.evidence["catheter"]?.isEmpty == false, "\(r.id)") }
            if f.contrast != nil { #expect(f.evidence["contrast"]?.isEmpty == false, "\(r.id)") }
            if f.baselinePain != nil { #expect(f.evidence["baseline_pain"]?.isEmpty == false, "\(r.id)") }
            if f.signed { #expect(f.evidence["signed"]?.isEmpty == false, "\(r.id)") }
            if f.imagesArchived { #expect(f.evidence["images_archived"]?.isEmpty == false, "\(r.id)") }
            for s in f.substances { #expect(!s.evidence.isEmpty, "\(r.id) \(s.name)") }
            for t in f.conservativeTherapy { #expect(!t.evidence.isEmpty, "\(r.id) \(t.kind)") }
        }
    }

    @Test func jsonEscapesHostileText() throws {
        let note = Note(id: "x\"<script>", text: "PROCEDURE: L4-5 interlaminar ESI \"</script><script>alert(1)</script>\" under fluoroscopy.\n")
        var w = JSONWriter()
        RecordJSON.write(Support.analyzer.analyze(note), id: note.id, note: note, into: &w)
        let s = String(decoding: w.bytes, as: UTF8.self)
        #expect(!s.contains("<script>"))
        #expect(try JSONParser.parse(w.bytes)["id"]?.string == "x\"<script>")
    }
}
