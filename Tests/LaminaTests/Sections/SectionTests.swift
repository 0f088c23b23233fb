import Testing
@testable import Lamina

@Suite("Sections and sentences")
struct SectionTests {
    func kinds(_ text: String) -> [SectionKind] {
        let d = Support.document(text)
        return d.structure.sections.filter { $0.end > $0.first && $0.header.end > $0.header.start }.map(\.kind)
    }

    @Test func headersOwnLineAndInline() {
        let text = "PROCEDURE: Lumbar ESI\n\nINDICATIONS:\nLeg pain.\n\nPLAN: Will start PT.\nALLERGIES: Kenalog\n"
        #expect(kinds(text) == [.title, .indication, .plan, .allergies])
    }

    @Test func realHeaderVariants() {
        #expect(kinds("OPERATION PERFORMED: x\nDETAILS OF PROCEDURE: y\nPRE-OP DIAGNOSIS: z\n") == [.title, .technique, .diagnosis])
        #expect(kinds("PROCEDURE:: x\nDescription:The needle\n") == [.title, .technique])
    }

    /// Dictated headers without a colon: a known header in capitals, then lower-case text.
    @Test func capitalHeaderWithoutAColon() {
        #expect(kinds("PROCEDURE bilateral L4 and L5 transforaminal injection\n\nHISTORY 55 year old woman with leg pain\n\nDESCRIPTION prone position, fluoroscopy\n") == [.title, .history, .technique])
        // A sentence that merely starts with a capitalized word is not a header, nor is a
        // capitals-only title line.
        #expect(kinds("Procedure went well and the patient left.\n").isEmpty)
        #expect(kinds("LUMBAR EPIDURAL STEROID INJECTION\n").count <= 1)
    }

    @Test func allCapsTitleLineCoversOnlyItself() {
        let d = Support.document("CAUDAL EPIDURAL STEROID INJECTION\nThe sacral hiatus was entered.\n")
        let body = d.tokens.firstIndex { d.note.text($0.span) == "sacral" }!
        #expect(d.section(ofToken: 0).kind == .title)
        #expect(d.section(ofToken: body).kind == .none)
    }

    @Test func twoSpacesAfterAPeriodAreNotAParagraph() {
        let d = Support.document("INDICATION: Leg pain.  Failed PT.\n")
        #expect(d.structure.sentences.count == 2)
        #expect(d.structure.sections.filter { $0.kind == .indication }.count == 1)
        let pt = d.mentions.first { $0.category == .therapy }!
        #expect(d.section(pt) == .indication)
    }

    @Test func hardWrappedLinesContinueTheSentence() {
        let text = """
        The patient was placed prone and the low back was prepped and draped in the
        usual sterile fashion using chlorhexidine.  The interspace was identified.
        Skin and subcutaneous tissue were anesthetized with 2 mL of 1% plain
        lidocaine.  Then the needle was placed.

        """
        let d = Support.document(text)
        #expect(d.structure.sentences.count == 4)
        // A terse list whose lines happen to be long is not joined.
        let terse = Support.document("18g Tuohy, LOR saline @ 5.5 cm, Omnipaque 240 1 mL -> epidural pattern, no vasc\ndexamethasone 10 mg/1 mL + PF NS 2 mL\n")
        #expect(terse.structure.sentences.count == 2)
    }

    @Test func aLineBreakWithoutAPeriodEndsAScope() {
        let f = Support.facts("Interlaminar epidural steroid injection L4-5 with fluoroscopy\nNo complications\nFluoroscopy used\n")
        #expect(f.imaging == "fluoroscopy")
        #expect(f.complications == "none")
    }

    /// A terse note without blank lines: the history's inline section runs on over its next
    /// lines, but stops where the positioning, prep or needle is described.
    @Test func anInlineHistoryStopsAtTheTechnique() {
        let text = "DX: Lumbar radiculopathy M54.16. Leg pain for 10 weeks\ndespite therapy.\nProne, prepped and draped. A 22-gauge needle was placed.\nKenalog 40 mg injected.\n"
        let d = Support.document(text)
        func kind(of word: String) -> SectionKind {
            let t = d.tokens.indices.first { d.keyString($0) == word }!
            return d.section(ofToken: t).kind
        }
        #expect(kind(of: "radiculopathy") == .diagnosis)
        #expect(kind(of: "despite") == .diagnosis)
        #expect(kind(of: "prepped") != .diagnosis)
        #expect(kind(of: "kenalog") != .diagnosis)
        #expect(Support.facts(text).substances.contains { $0.name == "triamcinolone" && $0.doseMg == 40 })
    }

    /// One unpunctuated block (dictation run together, a damaged export) is cut into
    /// bounded sentences, so the per-sentence work of the later stages stays linear.
    @Test func anEndlessSentenceIsCut() {
        let block = String(repeating: "no complications bleeding or paresthesias tolerated well images saved ", count: 3000)
        let d = Support.document("PROCEDURE: L5-S1 interlaminar epidural steroid injection under fluoroscopy.\n" + block)
        #expect(d.structure.sentences.allSatisfy { $0.count <= Sectionizer.maxSentenceTokens })
        #expect(d.structure.sentences.count > 3000 * 9 / Sectionizer.maxSentenceTokens)
        // The analysis still reads the block (a cut may split a phrase, so only what every
        // piece says is checked).
        let f = FactExtractor.extract(d)
        #expect(f.procedure == "esi")
        #expect(f.imagesArchived)
        #expect(f.response)
    }
}

