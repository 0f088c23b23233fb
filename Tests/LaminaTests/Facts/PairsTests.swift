import Testing
@testable import Lamina

/// Mechanisms found by the ninth session's held-out sets (heldout-58 to heldout-62: minimal
/// pairs, several procedures in a session, real transcriptions): decisions 132–133 in
/// corpora/README.md. Each test checks both sides of the pair.
@Suite("Facts: minimal pairs")
struct PairsTests {
    @Test func notSavedDeniesTheStoreItOpens() {
        let saved = Support.facts(Support.esi + "Technique: AP and lateral images were saved to PACS.\n")
        let not = Support.facts(Support.esi + "Technique: AP and lateral images were reviewed but not saved to PACS.\n")
        #expect(saved.imagesArchived == true)
        #expect(not.imagesArchived != true)
    }

    @Test func aScoreAfterAnEarlierInjectionIsNotTheBaseline() {
        let earlier = Support.facts(Support.esi + "History: The first epidural on 11/24/2025 gave relief. At her last visit, two weeks after that injection, she rated the pain 2/10.\n")
        #expect(earlier.baselinePain == nil)
        let today = Support.facts(Support.esi + "History: The first epidural on 11/24/2025 gave relief. She rates the pain 6/10 today.\n")
        #expect(today.baselinePain == 6)
    }

    @Test func taIsTriamcinoloneOnlyWithMilligrams() {
        let drug = Support.facts(Support.esi + "Steps: TA 40mg/1cc + lido 1% 1cc injected.\n")
        #expect(drug.substances.contains { $0.name == "triamcinolone" && $0.doseMg == 40 })
        let muscle = Support.facts(Support.esi + "Steps: lido 1% 1cc injected. Exam: TA 5/5, EHL 5/5.\n")
        #expect(!muscle.substances.contains { $0.name == "triamcinolone" })
    }

    @Test func laborAnalgesiaAsTheIndicationIsNotAnESI() {
        let text = "ANESTHESIA PROCEDURE NOTE - EPIDURAL CATHETER\nIndication: Labor analgesia. G2P1 in active labor.\n"
            + "Procedure: L3-L4 interspace by palpation. 17 gauge Tuohy needle, loss of resistance to saline. Epidural catheter threaded and left in place. Bolus 10 mL of 0.2% ropivacaine.\n"
        #expect(Support.facts(text).procedure == "other")
    }

    @Test func rootsNamedByTheirPedicles() {
        let title = "PROCEDURE: Left L4 and left L5 transforaminal epidural steroid injections under fluoroscopy.\n"
        let roots = Support.facts(title + "DESCRIPTION: The C-arm was obliqued to line up the left L4 and L5 pedicles. Needles below the left L4 and left L5 pedicles. Dexamethasone 10 mg injected.\n")
        #expect(roots.levels == ["L4", "L5"])
        // The foramen the note names says the level.
        let foramen = Support.facts("PROCEDURE: Right transforaminal epidural steroid injection under fluoroscopy.\n"
            + "DESCRIPTION: A needle was advanced below the right L4 pedicle into the right L4-5 neural foramen. Dexamethasone 10 mg injected.\n")
        #expect(foramen.levels == ["L4-L5"])
    }

    @Test func aNumberedProcedureWithALongNameIsSetApart() {
        let text = "PROCEDURE #1:  L5-S1 INTERLAMINAR EPIDURAL STEROID INJECTION, FLUOROSCOPIC GUIDANCE\nPROCEDURE #2:  BILATERAL L4-L5 AND L5-S1 FACET JOINT INJECTIONS\n\n"
            + "DESCRIPTION OF PROCEDURE #1:  AP fluoroscopy identified the L5-S1 interlaminar space. A 20-gauge Tuohy needle, loss of resistance. Injected 40 mg Depo-Medrol.\n\n"
            + "PROCEDURE #2 - BILATERAL L4-L5 AND L5-S1 FACET JOINT INJECTIONS:  Needles into the right and left facet joints, then 0.5 mL 0.5% bupivacaine with 10 mg triamcinolone per joint.\n"
        let f = Support.facts(text)
        #expect(f.levels == ["L5-S1"])
        #expect(!f.substances.contains { $0.name == "triamcinolone" })
    }

    @Test func aRepeatedParagraphIsOneAdministration() {
        let para = "Consent obtained.  AP fluoroscopy at C6-C7.  2 mL 1% lidocaine skin.  Dexamethasone 10 mg/1 mL with 1 mL preservative-free saline injected.\n\n"
        let f = Support.facts("Procedure: C6-C7 interlaminar epidural steroid injection with fluoroscopy\n\nPROCEDURE DETAILS:\n" + para + "PROCEDURE DETAILS:\n" + para)
        #expect(f.substances.filter { $0.name == "dexamethasone" }.count == 1)
    }

    @Test func careNeverAffordedOrAllergicIsNotCare() {
        let never = Support.facts(Support.esi + "History: Physical therapy was prescribed, but he could not afford the copays and never went.\n")
        #expect(!never.conservativeTherapy.map(\.kind).contains("physical_therapy"))
        let allergic = Support.facts(Support.esi + "Indication: Oral medication is limited by allergies (gabapentin: hives; NSAIDs: angioedema).  Allergies: gabapentin, NSAIDs.\n")
        #expect(allergic.conservativeTherapy.isEmpty)
        let tried = Support.facts(Support.esi + "Indication: Gabapentin and NSAIDs did not help.\n")
        #expect(!tried.conservativeTherapy.isEmpty)
    }

    @Test func aScoreOnA100mmVAS() {
        #expect(Support.facts(Support.esi + "Indication: He marks 64 mm on the 100 mm VAS today.\n").baselinePain == 6.4)
    }
}
