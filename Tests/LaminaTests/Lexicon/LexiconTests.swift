import Foundation
import Testing
@testable import Lamina

@Suite("Lexicons")
struct LexiconTests {
    @Test func builtInLoads() {
        let lx = Lexicon.builtIn
        #expect(lx.entries.count > 500)
        #expect(lx.cptTable.count == 13)
        #expect(lx.sections["description of procedure"]?.kind == .technique)
    }

    /// The written-out category names are the case names, in case order (a file's name
    /// picks its category).
    @Test func categoryNamesAreTheCaseNames() {
        #expect(Category.names.count == Category.allCases.count)
        for c in Category.allCases { #expect(c.name == String(describing: c)) }
    }

    @Test func malformedLineIsReportedWithFileLineColumn() {
        #expect(throws: LexiconError.self) { try Lexicon(files: [("imaging.tsv", "fluoroscopy\tfluoroscopy\nC-arm\tflouroscopy\n")]) }
        do {
            _ = try Lexicon(files: [("imaging.tsv", "fluoroscopy\tfluoroscopy\nC-arm\tflouroscopy\n")])
        } catch let e as LexiconError {
            #expect(e.description == "lexicons/imaging.tsv:2:7: error: unknown value 'flouroscopy' for imaging (did you mean 'fluoroscopy'?)")
        } catch { Issue.record("unexpected error \(error)") }
        do {
            _ = try Lexicon(files: [("substance.tsv", "# drugs\nKenalog\ttriamcinolone\tclass=sterod\n")])
        } catch let e as LexiconError {
            #expect(e.line == 2 && e.column == 23)
            #expect(e.description.contains("did you mean 'steroid'"))
        } catch { Issue.record("unexpected error \(error)") }
        do {
            _ = try Lexicon(files: [("aproach.tsv", "x\ty\n")])
        } catch let e as LexiconError {
            #expect(e.description.contains("did you mean 'approach.tsv'"))
        } catch { Issue.record("unexpected error \(error)") }
        do {
            _ = try Lexicon(files: [("therapy.tsv", "physical therapy\n")])
        } catch let e as LexiconError {
            #expect(e.description.hasPrefix("lexicons/therapy.tsv:1:1: error:"))
        } catch { Issue.record("unexpected error \(error)") }
    }

    @Test func aDirectoryOverridesBuiltInFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lamina-lex-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // A new brand, added as data.
        let builtIn = EmbeddedLexicons.files.first { $0.name == "substance.tsv" }!.text
        try (builtIn + "\nZilretta\ttriamcinolone\tclass=steroid\n").write(to: dir.appendingPathComponent("substance.tsv"), atomically: true, encoding: .utf8)
        let lx = try Lexicon.load(directory: dir.path)
        let f = Analyzer(lexicon: lx).analyze(Note(id: "z", text: "PROCEDURE: L4-5 interlaminar ESI.\nZilretta 32 mg injected.\n")).facts
        #expect(f.substances.first?.name == "triamcinolone")
        #expect(Analyzer().analyze(Note(id: "z", text: "PROCEDURE: L4-5 interlaminar ESI.\nZilretta 32 mg injected.\n")).facts.substances.isEmpty)
    }

    @Test func shippedFilesMatchTheEmbeddedCopy() throws {
        for f in EmbeddedLexicons.files {
            let disk = try String(contentsOfFile: Support.path("lexicons/\(f.name)"), encoding: .utf8)
            #expect(disk == f.text, "lexicons/\(f.name) differs from the compiled-in copy: rebuild")
        }
    }
}
