/// The pipeline, top to bottom: bytes → Note → Tokens → Sections/Sentences → Mentions →
/// Context → Facts → Assessment. Each stage is a value in, value out; nothing reaches back.
public struct Analyzer: Sendable {
    public let lexicon: Lexicon

    public init(lexicon: Lexicon = .builtIn) { self.lexicon = lexicon }

    /// Runs the stages up to Facts.
    public func document(_ note: Note) -> Document {
        let tokens = Tokenizer.tokenize(note.bytes, vocabulary: lexicon.vocabulary)
        let structure = Sectionizer.structure(note: note, tokens: tokens, lexicon: lexicon)
        var mentions = MentionMatcher.match(note: note, tokens: tokens, lexicon: lexicon, structure: structure)
        let context = ContextIndex(mentions: mentions, tokens: tokens, structure: structure, lexicon: lexicon)
        context.mark(&mentions)
        return Document(note: note, tokens: tokens, structure: structure, mentions: mentions, lexicon: lexicon, context: context)
    }

    /// The whole analysis of one note.
    public func analyze(_ note: Note) -> Assessment {
        let doc = document(note)
        let facts = FactExtractor.extract(doc)
        return Assessor.assess(facts, note: note, lexicon: lexicon)
    }
}
