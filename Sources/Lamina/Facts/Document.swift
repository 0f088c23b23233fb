/// Everything the stages before Facts produced for one note, with the lookups the
/// extractors share.
public struct Document: Sendable {
    public let note: Note
    public let tokens: [Token]
    public let structure: Structure
    public let mentions: [Mention]
    public let lexicon: Lexicon
    public let context: ContextIndex
    /// Mentions by category, and by (sentence, category), built once: extractors never scan
    /// every mention per token, so a 10 MB note stays linear.
    let byCategory: [[Mention]]
    let bySentence: [Int64: [Mention]]
    /// Unit and number-word mentions by their first token.
    let unitAt: [Int: Mention]
    let numberAt: [Int: Mention]

    public init(note: Note, tokens: [Token], structure: Structure, mentions: [Mention], lexicon: Lexicon, context: ContextIndex) {
        self.note = note
        self.tokens = tokens
        self.structure = structure
        self.mentions = mentions
        self.lexicon = lexicon
        self.context = context
        var cat = [[Mention]](repeating: [], count: Category.allCases.count)
        var sent: [Int64: [Mention]] = [:]
        var units: [Int: Mention] = [:], numbers: [Int: Mention] = [:]
        for m in mentions {
            cat[m.category.rawValue].append(m)
            sent[Int64(structure.sentenceOf[Int(m.first)]) << 8 | Int64(m.category.rawValue), default: []].append(m)
            if m.category == .unit { units[Int(m.first)] = m }
            if m.category == .number { numbers[Int(m.first)] = m }
        }
        byCategory = cat
        bySentence = sent
        unitAt = units
        numberAt = numbers
    }

    /// Mentions of `c` in sentence `s`.
    public func inSentence(_ c: Category, _ s: Int32) -> [Mention] { bySentence[Int64(s) << 8 | Int64(c.rawValue)] ?? [] }

    /// Context flags of a token range (for facts that are not lexicon mentions: levels, numbers).
    public func asserted(_ first: Int, _ end: Int) -> Bool { context.flags(first: first, end: end) & (1 | 2 | 4 | 8 | 16) == 0 }
    public func flags(_ first: Int, _ end: Int) -> UInt16 { context.flags(first: first, end: end) }

    public func entry(_ m: Mention) -> LexEntry { lexicon.entries[Int(m.entry)] }
    public func section(ofToken t: Int) -> Section { structure.sections[Int(structure.sectionOf[t])] }
    public func section(_ m: Mention) -> SectionKind { section(ofToken: Int(m.first)).kind }
    public func sentence(_ m: Mention) -> Int { Int(structure.sentenceOf[Int(m.first)]) }
    public func mentions(_ c: Category) -> [Mention] { byCategory[c.rawValue] }

    /// Case-folded key bytes of token `t`.
    public func key(_ t: Int) -> [UInt8] { Sectionizer.lexiconKey(tokens[t], note.bytes) }
    public func keyString(_ t: Int) -> String { String(decoding: key(t), as: UTF8.self) }
    public func isWord(_ t: Int, _ w: String) -> Bool {
        t >= 0 && t < tokens.count && tokens[t].end - tokens[t].start == Int32(w.utf8.count) && keyString(t) == w
    }
    /// Raw bytes of token `t`.
    public func raw(_ t: Int) -> ArraySlice<UInt8> { note.bytes[Int(tokens[t].start)..<Int(tokens[t].end)] }

    /// Sections whose text describes the procedure performed.
    public static let procedureSections: Set<SectionKind> = [.none, .title, .technique, .findings, .injectate, .guidance, .level,
                                                            .device, .contrast, .other, .anesthesia]
    public func inProcedure(_ m: Mention) -> Bool { Document.procedureSections.contains(section(m)) }
    public func inBody(_ m: Mention) -> Bool { section(m) != .title && inProcedure(m) }

    /// Mentions of a category in the same sentence as token `t`.
    public func sameSentence(_ c: Category, _ t: Int) -> [Mention] { inSentence(c, structure.sentenceOf[t]) }

    /// Whether any token of the sentence holding `t` has one of `words` as key.
    public func sentenceHas(_ t: Int, _ words: Set<String>) -> Bool {
        let r = structure.sentences[Int(structure.sentenceOf[t])]
        for i in r where tokens[i].kind == .word && words.contains(keyString(i)) { return true }
        return false
    }
}
