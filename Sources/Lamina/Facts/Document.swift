/// Everything the stages before Facts produced for one note, with the lookups the
/// extractors share.
public struct Document: Sendable {
    public let note: Note
    public let tokens: [Token]
    public let structure: Structure
    public let mentions: [Mention]
    public let lexicon: Lexicon
    public let context: ContextIndex

    /// Context flags of a token range (for facts that are not lexicon mentions: levels, numbers).
    public func asserted(_ first: Int, _ end: Int) -> Bool { context.flags(first: first, end: end) & (1 | 2 | 4 | 8 | 16) == 0 }
    public func flags(_ first: Int, _ end: Int) -> UInt16 { context.flags(first: first, end: end) }

    public func entry(_ m: Mention) -> LexEntry { lexicon.entries[Int(m.entry)] }
    public func section(ofToken t: Int) -> Section { structure.sections[Int(structure.sectionOf[t])] }
    public func section(_ m: Mention) -> SectionKind { section(ofToken: Int(m.first)).kind }
    public func sentence(_ m: Mention) -> Int { Int(structure.sentenceOf[Int(m.first)]) }
    public func mentions(_ c: Category) -> [Mention] { mentions.filter { $0.category == c } }

    /// Case-folded key bytes of token `t`.
    public func key(_ t: Int) -> [UInt8] { Sectionizer.lexiconKey(tokens[t], note.bytes) }
    public func keyString(_ t: Int) -> String { String(decoding: key(t), as: UTF8.self) }
    public func isWord(_ t: Int, _ w: String) -> Bool {
        t >= 0 && t < tokens.count && tokens[t].end - tokens[t].start == Int32(w.utf8.count) && keyString(t) == w
    }
    /// Raw bytes of token `t`.
    public func raw(_ t: Int) -> ArraySlice<UInt8> { note.bytes[Int(tokens[t].start)..<Int(tokens[t].end)] }

    /// Sections whose text describes the procedure performed.
    public static let procedureSections: Set<SectionKind> = [.none, .title, .technique, .injectate, .guidance, .level,
                                                            .device, .contrast, .other, .anesthetic]
    public func inProcedure(_ m: Mention) -> Bool { Document.procedureSections.contains(section(m)) }
    public func inBody(_ m: Mention) -> Bool { section(m) != .title && inProcedure(m) }

    /// Mentions of a category in the same sentence as token `t`.
    public func sameSentence(_ c: Category, _ t: Int) -> [Mention] {
        let s = structure.sentenceOf[t]
        return mentions.filter { $0.category == c && structure.sentenceOf[Int($0.first)] == s }
    }

    /// Whether any token of the sentence holding `t` has one of `words` as key.
    public func sentenceHas(_ t: Int, _ words: Set<String>) -> Bool {
        let r = structure.sentences[Int(structure.sentenceOf[t])]
        for i in r where tokens[i].kind == .word && words.contains(keyString(i)) { return true }
        return false
    }
}

extension SectionKind {
    static let anesthetic = SectionKind.anesthesia
}
