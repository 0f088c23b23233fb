import Foundation
import Testing
@testable import Lamina

/// Hostile and damaged input never crashes the analyzer: random bytes, and corpus notes with
/// bytes flipped, cut mid-character, or stuffed with NULs, CRs and odd Unicode. Deterministic
/// (a fixed seed), so a failure reproduces.
@Suite("Fuzz: damaged notes do not crash")
struct FuzzTests {
    /// SplitMix64: a tiny deterministic generator.
    struct Rng { var s: UInt64; mutating func next() -> UInt64 { s &+= 0x9E3779B97F4A7C15; var z = s; z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9; z = (z ^ (z >> 27)) &* 0x94D049BB133111EB; return z ^ (z >> 31) } }

    static let seeds: [String] = [
        "PROCEDURE: Left L5-S1 interlaminar epidural steroid injection under fluoroscopic guidance.\nINDICATION: Lumbar radiculopathy (M54.17), pain 7/10 x 5 months; failed 6 weeks of PT.\nTECHNIQUE: 1% lidocaine 2 mL. 20-gauge Tuohy, loss of resistance. Omnipaque 240, 1 mL. Kenalog 80 mg (40 mg/mL, 2 mL) with 2 mL PF NS. Images saved to PACS.\nCOMPLICATIONS: None.\nElectronically signed by A. Doe, MD\n",
        "Procedure:\tBilat L4 and L5 TFESI w/ fluoro\nLevels Treated: {{L4-L5,L5-S1}}\nC7-T1 __________ *** C# L45 L3-L5 T12-L1 L5/S1 M5416 80mg/1mL 0.25 % x6 wks VAS 70/100 R/L\n",
    ]

    static let junk: [[UInt8]] = [[0], [0xFF], [0xC3], [0xE2, 0x80], [0x0D], [0x0A], [0x09], [0xC2, 0xA0], [0xE2, 0x80, 0x93],
                                  Array("–".utf8), Array("’".utf8), Array(":".utf8), Array("-".utf8), Array("/".utf8), Array(".".utf8), Array("(".utf8), Array("%".utf8)]

    @Test func randomBytes() {
        var rng = Rng(s: 42)
        for _ in 0..<300 {
            let n = Int(rng.next() % 400)
            let bytes = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let a = Support.analyzer.analyze(Note(id: "r", bytes: bytes))
            var w = JSONWriter()
            RecordJSON.write(a, id: "r", note: Note(id: "r", bytes: bytes), into: &w)
            #expect((try? JSONParser.parse(w.bytes)) != nil)
        }
    }

    @Test func mutatedNotes() throws {
        var rng = Rng(s: 7)
        var texts = Self.seeds.map { Array($0.utf8) }
        if let path = Support.acceptance { texts += try Evaluator.load(path: path).prefix(10).map { Array($0.text.utf8) } }
        for base in texts {
            for _ in 0..<60 {
                var b = base
                for _ in 0..<(1 + Int(rng.next() % 8)) {
                    let i = Int(rng.next() % UInt64(max(1, b.count)))
                    switch rng.next() % 4 {
                    case 0: if !b.isEmpty { b[i] = UInt8(truncatingIfNeeded: rng.next()) }
                    case 1: b.insert(contentsOf: Self.junk[Int(rng.next() % UInt64(Self.junk.count))], at: min(i, b.count))
                    case 2: if !b.isEmpty { b.removeSubrange(i..<min(b.count, i + Int(rng.next() % 12))) }
                    default: b = Array(b[0..<min(i, b.count)])
                    }
                }
                let note = Note(id: "m", bytes: b)
                let a = Support.analyzer.analyze(note)
                for f in a.findings { for s in f.evidence { #expect(s.start >= 0 && s.end <= b.count && s.start < s.end) } }
                var w = JSONWriter()
                RecordJSON.write(a, id: "m", note: note, into: &w)
                #expect((try? JSONParser.parse(w.bytes)) != nil)
                _ = LintReport.render(a, document: Support.analyzer.document(note), name: "m", color: false)
            }
        }
    }
}
