/// The pipeline, top to bottom: bytes → Note → Tokens → Sections/Sentences → Mentions →
/// Context → Facts → Assessment. Each stage is a value in, value out; nothing reaches back.
public struct Analyzer: Sendable {
    public let lexicon: Lexicon

    public init(lexicon: Lexicon = .builtIn) { self.lexicon = lexicon }

    /// Runs the stages up to Facts.
    public func document(_ note: Note) -> Document {
        let tokens = Tokenizer.tokenize(note.bytes, vocabulary: lexicon.vocabulary, fuzzy: lexicon.fuzzy)
        var structure = Sectionizer.structure(note: note, tokens: tokens, lexicon: lexicon)
        var mentions = MentionMatcher.match(note: note, tokens: tokens, lexicon: lexicon, structure: structure)
        structure = Sectionizer.separateProcedures(structure, mentions, tokens, note.bytes, lexicon)
        structure = Sectionizer.secondProcedureSentences(structure, mentions, tokens, lexicon)
        structure = Sectionizer.listEnds(structure, tokens)
        let context = ContextIndex(mentions: mentions, tokens: tokens, structure: structure, lexicon: lexicon, bytes: note.bytes)
        context.mark(&mentions)
        return Document(note: note, tokens: tokens, structure: structure, mentions: mentions, lexicon: lexicon, context: context)
    }

    /// The whole analysis of one note.
    public func analyze(_ note: Note) -> Assessment {
        let doc = document(note)
        let facts = FactExtractor.extract(doc)
        return Assessor.assess(facts, note: note, lexicon: lexicon)
    }

    /// The analysis of one note with its claim: the policy version's severities, the
    /// drug codes the doses support and the claim findings of docs/CLAIMS.md.
    public func analyze(_ note: Note, claim: ClaimContext, data: ClaimData) -> Assessment {
        assess(document(note), claim: claim, data: data)
    }

    public func assess(_ doc: Document, claim: ClaimContext, data: ClaimData) -> Assessment {
        let facts = FactExtractor.extract(doc)
        var a = Assessor.assess(facts, note: doc.note, lexicon: lexicon, version: claim.version)
        a.code.hcpcs = ClaimChecker.expectedDrugCodes(facts, date: claim.date, data: data)
        a.findings += ClaimChecker.check(a, note: doc.note, claim: claim, data: data, table: lexicon.cptTable)
        return a
    }

    /// The `policy.frequency` finding of a session, with the note's level or region as evidence.
    public func frequencyFinding(_ s: Session, among all: [Session], policy: Policy, facts: Facts) -> Finding {
        var f = FrequencyChecker.check(s, among: all, policy: policy)
        f.evidence = facts.sessionEvidence
        return f
    }
}
