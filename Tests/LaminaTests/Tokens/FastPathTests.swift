import Testing
@testable import Lamina

/// The allocation-free helpers of the hot path give the same answers as the plain forms
/// they replaced (strings, `Set`, `[UInt8]` appends).
@Suite("Hot-path helpers agree with their plain forms")
struct FastPathTests {
    static let literals: [StaticString] = ["procedure", "left", "l4", "-", "'", "kenalog", "mg", "ml", "total", "per", "level", "none",
                                           "follow", "up", "weeks", "m54.16", "x6", "wks", "café", "each", ".", "(", ")", ";", ":", "1", "%", "2"]
    static let text = "PROCEDURE: Left L4-L5 TFESI \u{2014} \u{201C}Kenalog\u{201D} 40 MG/mL, total 2 cc.\n"
        + "Per level: 1% LIDOCAINE \u{2013} none; Follow-up in 2 WEEKS. M54.16 (x6 wks) caf\u{00E9}\u{00A0}each.\n"

    @Test func sectionKindSetsMatchSets() {
        let all = SectionKind.allCases
        #expect(Set(all.map(\.ordinal)).count == all.count)
        #expect(all.allSatisfy { $0.ordinal >= 0 && $0.ordinal < 64 })
        // Every third kind, and every kind against the subset.
        let subset = all.enumerated().filter { $0.offset % 3 == 0 }.map(\.element)
        var bits: SectionKinds = []
        for k in subset { bits = bits.union([k]) }
        for k in all { #expect(bits.contains(k) == Set(subset).contains(k), "\(k)") }
        let empty: SectionKinds = []
        #expect(!all.contains { empty.contains($0) })
    }

    @Test func wordTestsMatchKeyStrings() {
        let d = Support.document(Self.text)
        #expect(Self.literals.count == 28)
        let words = ["procedure", "left", "l4", "-", "'", "kenalog", "mg", "ml", "total", "per", "level", "none",
                     "follow", "up", "weeks", "m54.16", "x6", "wks", "café", "each", ".", "(", ")", ";", ":", "1", "%", "2"]
        let set = WordSet(words)
        var checked = 0
        for t in d.tokens.indices where d.tokens[t].kind != .newline {
            let key = d.keyString(t)
            let raw = Int(d.tokens[t].end - d.tokens[t].start)
            for w in words {
                // The plain form: same raw length and the same folded key.
                let plain = raw == w.utf8.count && key == w
                #expect(d.isWord(t, string: w) == plain, "token \(t) '\(key)' vs '\(w)'")
            }
            // The literal form compares the stored first byte, then the rest.
            for w in Self.literals {
                let plain = raw == w.utf8CodeUnitCount && key == w.description
                #expect(d.isWord(t, w) == plain, "token \(t) '\(key)' vs '\(w)'")
            }
            #expect(d.keyIn(t, set) == words.contains(key), "token \(t) '\(key)'")
            checked += 1
        }
        #expect(checked > 40)
        // A sentence test finds a word in any case, and not one that is absent.
        let first = d.tokens.indices.first { d.keyString($0) == "kenalog" }!
        #expect(d.sentenceHas(first, ["total"]))
        #expect(!d.sentenceHas(first, ["weeks"]))
    }

    @Test func tokenKeysFoldInPlace() {
        let lexicon = Lexicon.builtIn
        let bytes = Array("LIDOCAINE Lidocaine lidocaine KENALOG-40 Café \u{FB02}uoroscopy".utf8)
        let tokens = Tokenizer.tokenize(bytes, vocabulary: lexicon.vocabulary)
        let ids = tokens.filter { $0.kind == .word }.map(\.word)
        #expect(ids[0] >= 0 && ids[0] == ids[1] && ids[1] == ids[2])
        for t in tokens {
            let key = Sectionizer.lexiconKey(t, bytes)
            #expect(t.word == lexicon.vocabulary.lookup(key), "\(String(decoding: key, as: UTF8.self))")
            #expect(t.first == key.first)
        }
    }

    @Test func writerGrowsAndWritesNumbers() {
        // JSONWriter is noncopyable: a copy does not compile, so no two writers share a buffer.
        // Past the first buffer: 10,000 numbers and keys.
        var w = JSONWriter()
        w.raw("{")
        for i in 0..<10_000 { if i > 0 { w.comma() }; w.key(dynamic: "k\(i)"); w.number(i) }
        w.raw("}")
        let s = String(decoding: w.bytes, as: UTF8.self)
        #expect(w.count == w.bytes.count)
        #expect(s.hasPrefix("{\"k0\":0,\"k1\":1,"))
        #expect(s.hasSuffix("\"k9999\":9999}"))
        var n = JSONWriter()
        for v in [0, 7, 9, 10, 99, 100, 101, 1000, -7, -10, 1_234_567_890_123, Int.max] { n.number(v); n.byte(0x20) }
        n.number(2.5)
        #expect(String(decoding: n.bytes, as: UTF8.self)
                == "0 7 9 10 99 100 101 1000 -7 -10 1234567890123 \(Int.max) 2.5")
    }

    @Test func escapeTableMatchesThePredicate() {
        for b in 0..<256 {
            let needs = b < 0x20 || b >= 0x7F || b == 0x22 || b == 0x5C || b == 0x3C || b == 0x3E || b == 0x26
            #expect((JSONWriter.escapeTable[b] != 0) == needs, "byte \(b)")
        }
    }

    /// Scanned and faxed text: a ligature or an OCR confusion reads as the lexicon word; the
    /// evidence keeps the bytes as written; unknown words stay unknown.
    @Test func ocrReadingsOfLexiconWords() {
        let text = Support.esi + "Under \u{FB02}uoroscopy, 0mnipaque 180 2 mL, then Depo-Medro1 80 mg and 2 mL of 1% Iidocaine; Dexarnethasone 1O mg.\n"
        let f = Support.facts(text)
        #expect(f.contrast == "used")
        #expect(f.substances.contains { $0.name == "iohexol" && $0.volumeMl == 2 })
        #expect(f.substances.contains { $0.name == "methylprednisolone" && $0.doseMg == 80 })
        #expect(f.substances.contains { $0.name == "lidocaine" })
        #expect(f.substances.contains { $0.name == "dexamethasone" && $0.doseMg == 10 })
        let note = Note(id: "t", text: text)
        let evidence = f.evidence["contrast"]?.map { note.text($0) } ?? []
        #expect(evidence.contains("0mnipaque"))
        // Unknown words and plain numbers are left alone.
        let lexicon = Lexicon.builtIn
        for word in ["return", "Informed", "10days", "100mcg", "L5-S1", "0.25"] {
            let bytes = Array(word.utf8)
            let plain = Tokenizer.tokenize(bytes, vocabulary: lexicon.vocabulary)
            for t in plain where t.word >= 0 {
                #expect(lexicon.vocabulary.lookup(Sectionizer.lexiconKey(t, bytes)) == t.word, "\(word)")
            }
        }
    }

    @Test func plainTermKeysMatchTheTokenizer() {
        // The loader's fast path for plain words must key every built-in term as the
        // tokenizer does, or a lexicon term would stop matching.
        var terms = Lexicon.builtIn.entries.map(\.term)
        // Section headers are keyed the same way.
        for f in EmbeddedLexicons.files where f.name == "section.tsv" { terms += Lexicon.rows(f.text).map { $0.cols[0].0 } }
        #expect(terms.count > 2_500)
        terms += ["epidural steroid injection", "L4-L5", "Depo-Medrol", "a  b", "trailing ", "80mg", "PT",
                  "h/o", "s/p (left)", "consent reviewed,  including", "compl.", "why?", "x;y", " -lead", "can't", "e.g."]
        for t in terms {
            #expect(Tokenizer.keys(of: t) == Tokenizer.tokenizedKeys(of: t), "term \(t)")
        }
    }
}
