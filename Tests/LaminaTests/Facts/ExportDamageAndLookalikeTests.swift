import Testing
@testable import Lamina

/// Mechanisms found by held-out sets 13 (look-alike procedures) and 14 (damaged exports and
/// hurried typing): decisions 64–75 in corpora/README.md.
@Suite("Facts: damaged exports, typing slips and look-alike procedures")
struct ExportDamageAndLookalikeTests {
    static let esi = Support.esi

    // MARK: markup and mojibake

    @Test func htmlMarkupIsReadThrough() {
        let text = "<p>PROCEDURE:&nbsp;Right L3 transforaminal epidural steroid injection, fluoroscopic guidance</p>\n<p>Technique: Prone. Prep &amp; drape. 22 g spinal needle into the right L3 foramen. Kenalog40 1 mL (40 mg) injected.<br>Images saved to PACS.</p>\n"
        let f = Support.facts(text)
        #expect(f.approach == "transforaminal" && f.levels == ["L3"] && f.imaging == "fluoroscopy")
        #expect(f.substances.first { $0.name == "triamcinolone" }?.doseMg == 40)
        #expect(f.imagesArchived)
        // Evidence keeps the bytes of the note: the level's span is "L3" as written.
        let bytes = Array(text.utf8)
        #expect(f.evidence["levels"]?.allSatisfy { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) == "L3" } == true)
    }

    @Test func notMarkupStaysText() {
        let d = Support.document(Self.esi + "INDICATION: pain L<R, grade < 2, A & B.\n")
        #expect(d.tokens.contains { d.note.text($0.span) == "<" })
        #expect(d.tokens.contains { d.note.text($0.span) == "&" })
    }

    @Test func rtfControlWordsAreReadThrough() {
        let f = Support.facts("{\\rtf1\\ansi\\deff0 {\\fonttbl{\\f0 Calibri;}}\\f0\\fs20 PROCEDURE: L4-L5 interlaminar epidural steroid injection under fluoroscopy.\\par Kenalog 80 mg injected.\\par}\n")
        #expect(f.levels == ["L4-L5"] && f.substances.contains { $0.name == "triamcinolone" })
    }

    @Test func mojibakeDashesAndQuotes() {
        // "L4–L5" saved as UTF-8, read as Windows-1252 and saved again.
        let f = Support.facts("PROCEDURE: L4\u{E2}\u{20AC}\u{201C}L5 interlaminar epidural steroid injection under fluoroscopy.\n")
        #expect(f.levels == ["L4-L5"])
    }

    @Test func ballotBoxes() {
        let f = Support.facts("Procedure:  \u{2612} Interlaminar ESI   \u{2610} Transforaminal ESI   \u{2610} Caudal ESI\nLevel: C6-7\nGuidance:  \u{2612} Fluoroscopy   \u{2610} CT\nImages saved:  \u{2610} Yes   \u{2612} No\nTechnique: 20 g Tuohy, loss of resistance at C6-7. Dexamethasone 10 mg.\n")
        #expect(f.approach == "interlaminar")
        #expect(f.imagesArchived == false)
    }

    // MARK: typing

    @Test func typingSlipsInGenericWords() {
        let lexicon = Support.analyzer.lexicon
        func read(_ w: String) -> String? {
            lexicon.fuzzy.lookup(Array(w.utf8), vocabulary: lexicon.vocabulary).map { String(decoding: lexicon.vocabulary.key($0), as: UTF8.self) }
        }
        #expect(read("transforminal") == "transforaminal")   // a letter left out
        #expect(read("epidrual") == "epidural")             // neighbours swapped
        #expect(read("dexamethazone") == "dexamethasone")   // a letter replaced
        #expect(read("contract") == nil)                     // a real word one slip from "contrast"
        #expect(read("epidur") == nil)                       // too short to guess
        #expect(FuzzyIndex.oneSlip(Array("abcdefg".utf8).withUnsafeBufferPointer { $0 }, ArraySlice(Array("abcdefg".utf8))) == false)
        // A name one slip from a brand is not the brand: brands are not targets.
        #expect(!Support.facts(Self.esi + "Patient: Mbeki-Hart, Celestine\nTECHNIQUE: Dexamethasone 10 mg.\n").substances.contains { $0.name == "betamethasone" })
    }

    @Test func carelessLevelsAndUnits() {
        #expect(Support.facts("PROCEDURE: interlaminar epidural steroid injection.\nLevel: L4to5\n").levels == ["L4-L5"])
        let f = Support.facts(Self.esi + "TECHNIQUE: Then Kenalog40 2 mL (80 mg) plus 1 cc. 1% preservative free lidocaine were injected.\n")
        #expect(f.substances.contains { $0.name == "lidocaine" && $0.volumeMl == 1 })
    }

    @Test func allLowerCaseNotes() {
        let f = Support.facts("procedure: left l2-l3 interlaminar epidural steroid injection under fluoroscopy\nhx: l thigh pain x 6 mos. did 8 wks pt + hep, still doing hep, no better. celecoxib helps a little. pain 6/10 today. the procedure was explained and consent was obtained from the patient after discussion of the risks.\n")
        #expect(Set(f.conservativeTherapy.map(\.kind)) == ["physical_therapy", "home_exercise", "medication"])
        // In a note with capitals, "pt" stays the patient.
        #expect(Support.facts(Self.esi + "INDICATION: Pt was placed prone.\n").conservativeTherapy.isEmpty)
    }

    @Test func unpunctuatedDenialEndsAtItsVerb() {
        let f = Support.facts("LUMBAR INTERLAMINAR EPIDURAL STEROID INJECTION L5S1 MIDLINE UNDER FLUOROSCOPY\nPT PRONE PREPPED AND DRAPED 20G TUOHY MIDLINE LOSS OF RESISTANCE TO AIR AT L5S1 NO CONTRAST GIVEN DEPOMEDROL 80MG/2ML AND 3CC PRESERVATIVE FREE SALINE INJECTED\n")
        #expect(f.substances.contains { $0.name == "methylprednisolone" && $0.doseMg == 80 })
        #expect(f.conservativeTherapy.isEmpty)
    }

    @Test func allergiesAnswerOnTheirLine() {
        let f = Support.facts("L-ESI @L4-5 - interlaminar, midline\nAllergies: NKDA.  Anticoag: none.\nFluoro AP/lat. 20g Tuohy midline @L4-5, LOR air. Omnipaque 240 1cc - epidural. Kenalog 40mg/ml 1cc.\n")
        #expect(f.imaging == "fluoroscopy" && f.contrast == "used")
        #expect(f.substances.contains { $0.name == "triamcinolone" })
    }

    @Test func sectionsPastedTwiceCountOnce() {
        let block = "DESCRIPTION OF PROCEDURE: Prone, prepped and draped. Tuohy needle at L4-5 with loss of resistance. Kenalog40 2 mL (80 mg) was injected.\n\n"
        let f = Support.facts("PROCEDURE: L4-L5 interlaminar epidural steroid injection with fluoroscopy.\n\n" + block + block)
        #expect(f.substances.filter { $0.name == "triamcinolone" }.count == 1)
    }

    @Test func dictatedHeaderDoesNotSwallowAnOrdinarySentence() {
        #expect(Support.facts(Self.esi + "Procedure went well, no complications.\n").complications == "none")
    }

    // MARK: look-alikes

    @Test func neuraxialLookalikesAreOther() {
        #expect(Support.facts("OBSTETRIC ANESTHESIA - PROCEDURE NOTE\nProcedure: Lumbar epidural catheter for labor analgesia\nTechnique: L3-L4 by palpation. 17G Tuohy, loss of resistance to saline. Catheter threaded.\n").procedure == "other")
        #expect(Support.facts("Anesthetic plan: Lumbar epidural anesthesia (primary anesthetic) for left total knee arthroplasty.\nNEURAXIAL: 18 g Tuohy, loss of resistance at L2-L3. Catheter removed at the end of the case.\n").procedure == "other")
        #expect(Support.facts("PROCEDURE NOTE: PERCUTANEOUS SPINAL CORD STIMULATOR TRIAL - LEAD PLACEMENT\nA 14-gauge Tuohy epidural needle entered the epidural space at L1-L2 under fluoroscopy.\n").procedure == "other")
        #expect(Support.facts("PROCEDURE: Percutaneous epidural lysis of adhesions (Racz technique), caudal approach, with hyaluronidase and hypertonic saline.\n").procedure == "other")
        // A thoracic epidural catheter left in for post-operative analgesia stays an ESI (decision 21).
        let c = Support.facts("Procedure: Thoracic epidural catheter placement for postoperative analgesia.\nTechnique: T6-T7, 18-gauge Tuohy, loss of resistance. Catheter threaded; the catheter stays in postoperatively. Bupivacaine 0.1% 5 mL bolus.\n")
        #expect(c.procedure == "esi" && c.catheter == "indwelling")
    }

    @Test func numberedSecondProcedureIsSeparate() {
        let f = Support.facts("""
        PROCEDURE #1: RIGHT L5-S1 INTERLAMINAR EPIDURAL STEROID INJECTION, FLUOROSCOPIC GUIDANCE
        Tuohy needle, right paramedian, loss of resistance at L5-S1. Triamcinolone 40 mg injected.

        PROCEDURE #2: BILATERAL L4-L5 FACET JOINT INJECTIONS
        The C-arm was obliqued to each side. Each joint received bupivacaine and Depo-Medrol 40 mg.

        COMPLICATIONS: None.

        """)
        #expect(f.procedure == "esi" && f.levels == ["L5-S1"] && f.laterality == "right")
        #expect(!f.substances.contains { $0.name == "methylprednisolone" })
        // A facet note without any epidural header is still the facet procedure.
        #expect(Support.facts("PROCEDURE #1: BILATERAL L4-L5 FACET JOINT INJECTIONS\nEach joint received bupivacaine.\n").procedure == "other")
    }

    // MARK: element edges (heldout-15)

    @Test func elementEdges() {
        // A pain range keeps the number written with its scale (decision 76).
        #expect(Support.facts(Self.esi + "INDICATION: Pain 7-8/10 today.\n").baselinePain == 8)
        // A blank field answers nothing.
        #expect(Support.facts(Self.esi + "Images saved:\t__________\nComplications:\tNone\n").imagesArchived == false)
        // Care ordered but not begun is not care had.
        #expect(Support.facts(Self.esi + "INDICATION: She has not started any treatment yet; physical therapy has been ordered and will begin next week.\n").conservativeTherapy.isEmpty)
        // The body's explicit "without imaging" outweighs the title.
        let f = Support.facts("Procedure: L3-L4 interlaminar epidural steroid injection with fluoroscopy\nDescription: The procedure was booked with fluoroscopic guidance, but the C-arm was out of service. The injection was performed by landmark technique without imaging. Tuohy needle, loss of resistance at L3-L4.\n")
        #expect(f.imaging == "none")
        // "anatomic landmarks" alone names landmarks, not the absence of imaging: the title stands.
        #expect(Support.facts("Procedure: L3-L4 interlaminar epidural steroid injection with fluoroscopy\nDescription: The anatomic landmarks were palpated. Tuohy needle, loss of resistance at L3-L4.\n").imaging == "fluoroscopy")
        // A bilateral sensory level after a thoracic catheter is not the side.
        #expect(Support.facts("PROCEDURE: Thoracic epidural catheter placement.\nTECHNIQUE: T6-T7 midline, Tuohy, loss of resistance. Bolus given, with bilateral loss of cold sensation T4 to T9 at 15 minutes.\n").laterality == "midline")
    }
}
