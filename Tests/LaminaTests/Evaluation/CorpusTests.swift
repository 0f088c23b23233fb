import Foundation
import Testing
@testable import Lamina

/// The acceptance corpus (when ../shared is beside the clone) and our own gold corpus
/// must stay at or above their floors.
@Suite("Gold corpora")
struct CorpusTests {
    @Test func acceptanceCorpusMeetsTheIssueThresholds() throws {
        guard let path = Support.acceptance else {
            print("skipped: ../shared/acceptance is not beside this clone")
            return
        }
        let ev = Evaluator.evaluate(try Evaluator.load(path: path), analyzer: Support.analyzer)
        #expect(ev.notes >= 45)
        #expect(ev.facts >= 0.95, "\(ev.summaryLine)")
        #expect(ev.code >= 0.97, "\(ev.summaryLine)")
        #expect(ev.elements >= 0.95, "\(ev.summaryLine)")
        #expect(ev.falseMetRate <= 0.01, "\(ev.summaryLine)")
    }

    /// Floors recorded in corpora/floors.json, one entry per corpus file: raise them when the
    /// tool improves, never lower them to pass.
    @Test(arguments: ["gold.jsonl", "real-style.jsonl", "heldout-3.jsonl", "heldout-4.jsonl", "heldout-5.jsonl", "heldout-6.jsonl", "heldout-7.jsonl", "claims.jsonl", "claims-heldout.jsonl", "histories.jsonl"])
    func ownCorpusStaysAboveItsFloors(_ file: String) throws {
        let floors = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: Support.path("corpora/floors.json")))))
        guard let fl = floors[file] else { Issue.record("corpora/floors.json has no entry for \(file)"); return }
        let ev = Evaluator.evaluate(try Evaluator.load(path: Support.path("corpora/\(file)")), analyzer: Support.analyzer)
        #expect(Double(ev.notes) >= fl["notes"]!.number!)
        #expect(ev.facts >= fl["facts"]!.number!, "\(file): \(ev.summaryLine)")
        #expect(ev.code >= fl["code"]!.number!, "\(file): \(ev.summaryLine)")
        #expect(ev.elements >= fl["elements"]!.number!, "\(file): \(ev.summaryLine)")
        #expect(ev.falseMetRate <= fl["false_met_max"]!.number!, "\(file): \(ev.summaryLine)")
        // Claim and policy findings (docs/CLAIMS.md) where the corpus has them.
        if let c = fl["claims"]?.number {
            #expect(ev.claimTotal > 0, "\(file) has no gold findings")
            #expect(ev.claims >= c, "\(file): \(ev.claimsLine)")
            #expect(Double(ev.claimFalsePass) <= fl["claims_false_pass_max"]!.number!, "\(file): \(ev.claimsLine)")
        }
    }

    @Test func evaluatorScoresAPerfectPrediction() throws {
        let text = "PROCEDURE: L4-5 interlaminar epidural steroid injection under fluoroscopy.\\nElectronically signed by A. Doe, MD\\n"
        let a = Support.analyze(text.replacingOccurrences(of: "\\n", with: "\n"))
        var w = JSONWriter()
        RecordJSON.write(a, id: "p", note: Note(id: "p", text: text), into: &w)
        let rec = try JSONParser.parse(w.bytes)
        var elements: [(String, JSONValue)] = []
        for f in a.findings where f.element.contains(".") && !f.element.hasPrefix("code") { elements.append((f.element, .string(f.status.rawValue))) }
        let gold = JSONValue.object([("facts", rec["facts"]!), ("code", rec["code"]!), ("elements", .object(elements))])
        let ev = Evaluator.evaluate([GoldRecord(id: "p", text: text.replacingOccurrences(of: "\\n", with: "\n"), gold: gold)], analyzer: Support.analyzer)
        #expect(ev.facts == 1 && ev.code == 1 && ev.elements == 1 && ev.falseMet == 0)
        #expect(ev.summaryLine == "notes 1 facts 1.000 code 1.000 elements 1.000 (false met 0.000)")
    }
}
