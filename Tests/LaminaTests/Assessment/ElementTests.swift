import Testing
@testable import Lamina

/// One generic test runs every example of every element, as written and varied: with
/// CRLF line ends, and behind a multi-byte prefix line. Status must not change, and
/// evidence must still point at the same words.
@Suite("Documentation elements")
struct ElementTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let element: any DocumentationElement
        let example: ElementExample
        var testDescription: String { "\(element.id) \(example.meets ? "meets" : "misses") (line \(example.line))" }
    }

    static let cases: [Case] = Elements.all.flatMap { e in e.examples.map { Case(element: e, example: $0) } }

    enum Variant: String, CaseIterable, Sendable { case asWritten, crlf, multibytePrefix }

    static func vary(_ text: String, _ v: Variant) -> String {
        switch v {
        case .asWritten: return text
        case .crlf: return text.replacingOccurrences(of: "\n", with: "\r\n")
        case .multibytePrefix: return "Clínica Niño – ‘Pain’ •\u{00A0}note\n" + text
        }
    }

    @Test(arguments: cases, Variant.allCases)
    func example(_ c: Case, _ v: Variant) {
        let text = Self.vary(c.example.text, v)
        let note = Note(id: "ex", text: text)
        let a = Support.analyzer.analyze(note)
        let (status, _) = c.element.evaluate(a.facts)
        let loc = SourceLocation(fileID: "LaminaTests/\(c.example.file.split(separator: "/").last ?? "")", filePath: c.example.file, line: c.example.line, column: 1)
        #expect(status.isMet == c.example.meets, "\(c.element.id): expected \(c.example.meets ? "met" : "missing"), got \(status.rawValue) [\(v.rawValue)]", sourceLocation: loc)
        // Evidence spans point at real text of the note.
        for f in a.findings {
            for s in f.evidence {
                #expect(s.start >= 0 && s.end <= note.bytes.count && s.start < s.end, sourceLocation: loc)
            }
        }
    }

    @Test func everyElementHasExamplesBothWays() {
        #expect(Elements.all.count == 16)
        for e in Elements.all {
            #expect(e.examples.contains { $0.meets }, "\(e.id) has no example that meets it")
            #expect(e.examples.contains { !$0.meets }, "\(e.id) has no example that misses it")
            #expect(!e.missingMessage.isEmpty && !e.title.isEmpty)
        }
    }

    @Test func idsAreTheStableOnes() {
        let ids = Elements.all.map(\.id)
        #expect(ids == ["indication.diagnosis", "history.conservative_care", "history.duration", "history.baseline_pain",
                        "imaging.guidance", "imaging.archive", "imaging.views", "imaging.contrast", "substance.drug",
                        "substance.dose_volume", "anatomy.level", "anatomy.approach", "placement.device",
                        "outcome.response", "outcome.complications", "attestation.signature"])
    }

    @Test func otherProceduresGetNoElements() {
        let a = Support.analyze("PROCEDURE: Right L4-5 facet joint injection under fluoroscopy.\n")
        #expect(a.findings.isEmpty)
        #expect(a.code.cpt == nil)
    }

    @Test func zosterIsExemptFromDuration() {
        let a = Support.analyze("PROCEDURE: T8-9 interlaminar epidural steroid injection.\nINDICATION: Acute herpes zoster, pain for 10 days.\n")
        #expect(Support.status(a, "history.duration") == .exempt)
    }
}
