import Foundation
import Testing
@testable import Lamina

@Suite("Input: files, JSONL, CSV and bad input")
struct RecordReaderTests {
    static let good = "PROCEDURE: L4-5 interlaminar epidural steroid injection under fluoroscopy.\n"

    func notes(_ items: [RecordItem]) -> [NoteRecord] { items.compactMap { if case .note(let n) = $0 { return n }; return nil } }
    func errors(_ items: [RecordItem]) -> [RecordError] { items.compactMap { if case .error(let e) = $0 { return e }; return nil } }

    @Test func jsonlBadLineDoesNotStopTheRest() {
        let text = """
        {"id": "a", "text": "\(Self.good.replacingOccurrences(of: "\n", with: "\\n"))"}
        this is not json
        {"id": "b", "text": ""}
        {"id": "c", "text": "note\\u0000with nul"}
        {"id": "d"}
        {"id": "e", "text": "\(Self.good.replacingOccurrences(of: "\n", with: "\\n"))", "patient": "p1", "date": "2026-01-02", "billed": {"cpt": ["62323"], "modifiers": [], "icd10": ["M54.16"]}}
        """
        var items: [RecordItem] = []
        RecordReader().readJSONL(Array(text.utf8), file: "x.jsonl") { items.append($0) }
        #expect(notes(items).map(\.id) == ["a", "e"])
        let errs = errors(items)
        #expect(errs.map(\.line) == [2, 3, 4, 5])
        #expect(errs[0].description.hasPrefix("x.jsonl:2: error: not a JSON object"))
        #expect(errs[1].description.contains("record 'b': empty note"))
        #expect(errs[2].description.contains("NUL"))
        #expect(notes(items)[1].billed?.cpt == ["62323"])
        #expect(notes(items)[1].patient == "p1")
        // No message repeats note text.
        for e in errs { #expect(!e.description.contains("interlaminar")) }
    }

    @Test func csvWithBOMQuotedMultilineAndAnOpenQuote() {
        let csv = "\u{FEFF}id,text,billed_cpt\r\nn1,\"PROCEDURE: L4-5 interlaminar ESI.\r\nSecond line, with a comma and \"\"quotes\"\".\",62323\r\nn2,\"never closed,62323\r\nn3,plain text note about an epidural steroid injection,62322;77003\r\n"
        var items: [RecordItem] = []
        RecordReader().readCSV(Array(csv.utf8), file: "e.csv") { items.append($0) }
        let ns = notes(items)
        #expect(ns.map(\.id) == ["n1", "n3"])
        #expect(String(decoding: ns[0].text, as: UTF8.self).contains("\"quotes\""))
        #expect(ns[1].billed?.cpt == ["62322", "77003"])
        let errs = errors(items)
        #expect(errs.count == 1)
        #expect(errs.first?.line == 4)
        #expect(errs.first?.description.contains("unterminated quoted field") == true)
    }

    @Test func csvNeedsIdAndText() {
        var items: [RecordItem] = []
        RecordReader().readCSV(Array("name,body\nx,y\n".utf8), file: "h.csv") { items.append($0) }
        #expect(errors(items).first?.description.contains("'id' and 'text'") == true)
    }

    @Test func invalidUTF8IsToleratedWithAWarning() {
        let r = RecordReader().validate(NoteRecord(id: "u", text: Array(Self.good.utf8) + [0xFF, 0x0A], file: "u.txt"))
        guard case .note(let n) = r else { Issue.record("expected a note"); return }
        #expect(n.warnings.first?.contains("invalid UTF-8 at byte") == true)
        let a = Support.analyzer.analyze(Note(id: "u", bytes: n.text))
        #expect(a.facts.approach == "interlaminar")
    }

    @Test func binaryFilesAreErrorsNotNotes() {
        var rng: UInt64 = 99
        let noise = (0..<2000).map { _ -> UInt8 in rng = rng &* 6364136223846793005 &+ 1442695040888963407; return UInt8(truncatingIfNeeded: rng >> 33) | 0x80 }
        #expect(errors([RecordReader().validate(NoteRecord(id: "b", text: noise, file: "b.txt"))]).first?.message.hasPrefix("binary data, not text") == true)
    }

    @Test func whitespaceOnlyAndOversized() {
        #expect(errors([RecordReader().validate(NoteRecord(id: "w", text: Array(" \n\t\r\n".utf8), file: "w.txt"))]).first?.message == "note holds only whitespace")
        let big = RecordReader(maxNoteBytes: 100).validate(NoteRecord(id: "b", text: [UInt8](repeating: 0x61, count: 101), file: "b.txt"))
        #expect(errors([big]).first?.message.contains("over the 100-byte limit") == true)
    }

    @Test func aTenMegabyteNoteIsAnalyzed() {
        var text = Self.good
        let filler = "The patient rested quietly and the weather was discussed at length. "
        while text.utf8.count < 10 << 20 { text += filler }
        text += "\nElectronically signed by A. Doe, MD\n"
        let a = Support.analyze(text)
        #expect(a.facts.signed)
        #expect(a.code.cpt == "62323")
    }

    @Test func foldersAreReadSortedByPath() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lamina-dir-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.good.write(to: dir.appendingPathComponent("b.txt"), atomically: true, encoding: .utf8)
        try Self.good.write(to: dir.appendingPathComponent("a.txt"), atomically: true, encoding: .utf8)
        try Self.good.write(to: dir.appendingPathComponent("sub/c.txt"), atomically: true, encoding: .utf8)
        try "ignored".write(to: dir.appendingPathComponent("notes.md"), atomically: true, encoding: .utf8)
        let ids = notes(RecordReader().read(paths: [dir.path])).map(\.id)
        #expect(ids == ["a", "b", "c"])
    }
}
