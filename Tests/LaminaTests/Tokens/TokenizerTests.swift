import Testing
@testable import Lamina

@Suite("Tokens")
struct TokenizerTests {
    func keys(_ s: String) -> [String] {
        let note = Note(id: "t", text: s)
        let toks = Tokenizer.tokenize(note.bytes, vocabulary: Support.analyzer.lexicon.vocabulary)
        return toks.filter { $0.kind != .newline }.map { Sectionizer.lexiconKey($0, note.bytes) }.map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func dashesOfEveryKindAreOneDash() {
        #expect(keys("L4-5") == ["l4", "-", "5"])
        #expect(keys("L4–5") == ["l4", "-", "5"])
        #expect(keys("L4—5") == ["l4", "-", "5"])
        #expect(keys("L4\u{2011}5") == ["l4", "-", "5"])
    }

    @Test func decimalsAndCodesStayWhole() {
        #expect(keys("0.25% M54.16 80mg") == ["0.25", "%", "m54.16", "80mg"])
        #expect(keys("End. Next") == ["end", ".", "next"])
    }

    @Test func nonBreakingSpacesSeparate() {
        #expect(keys("L4\u{00A0}L5  interspace") == ["l4", "l5", "interspace"])
    }

    @Test func smartQuotesAreQuotes() {
        #expect(keys("patient’s") == ["patient", "'", "s"])
    }
}
