import Testing
@testable import Lamina

/// Mechanisms found by held-out sets 37 (contradictions), 39 (the transforaminal workhorse)
/// and 40 (short notes): decisions 118–120 in corpora/README.md.
@Suite("Facts: short notes, template flags and the transforaminal workhorse")
struct ShortNoteTests {
    // MARK: template flags against the narrative (decision 118)

    @Test func aBareYesFlagGivesWayToTheNarrativesDenial() {
        let contrast = Support.facts(Support.esi + "Fluoroscopy: Y      Contrast used: Y      Images saved: Y\n"
            + "Technique: Tuohy needle, loss of resistance. No contrast was injected. Kenalog 80 mg/2 mL injected.\n")
        #expect(contrast.contrast == "not_used")
        // Without a denial in the narrative the flag stands.
        let flagOnly = Support.facts(Support.esi + "Contrast used: Y\nTechnique: Tuohy needle, loss of resistance. Kenalog 80 mg/2 mL injected.\n")
        #expect(flagOnly.contrast == "used")
        let archive = Support.facts(Support.esi + "Images saved: Yes\n"
            + "Technique: Tuohy needle. Kenalog 80 mg/2 mL injected. The images could not be stored: the PACS interface was down.\n")
        #expect(archive.imagesArchived == false)
        let saved = Support.facts(Support.esi + "Images saved: Yes\nTechnique: Tuohy needle. Kenalog 80 mg/2 mL injected.\n")
        #expect(saved.imagesArchived == true)
    }

    @Test func aBlankScoreAnswersNothing() {
        let a = Support.analyze(Support.esi + "Technique: Tuohy needle, loss of resistance. Kenalog 80 mg/2 mL injected.\nPost-procedure pain: ***/10\n")
        #expect(Support.status(a, "outcome.response") == .missing)
        let filled = Support.analyze(Support.esi + "Technique: Tuohy needle, loss of resistance. Kenalog 80 mg/2 mL injected.\nPost-procedure pain: 2/10\n")
        #expect(Support.status(filled, "outcome.response") == .met)
    }

    // MARK: drugs (decision 119)

    @Test func anAddendumConfirmingADrugIsNoSecondAdministration() {
        let f = Support.facts(Support.esi + "Technique: 1 mL of 1% lidocaine to the skin. Tuohy needle, loss of resistance. Dexamethasone 10 mg (10 mg/mL, 1 mL) injected.\n"
            + "ADDENDUM: Lidocaine and contrast are correct as written.\n")
        #expect(f.substances.map(\.name) == ["lidocaine", "dexamethasone"])
    }

    @Test func anAnesthesiaFieldAfterTheNeedleListsTheInjectate() {
        let f = Support.facts(Support.esi + "Procedure details: Local skin anesthesia with 1% lidocaine, 2 mL. A 20-gauge Tuohy needle entered the epidural space. Triamcinolone and bupivacaine were then injected.\n"
            + "Medication: Triamcinolone 80 mg / 2 mL\nLocal anesthetic: 0.25% bupivacaine 2 mL\n")
        #expect(f.substances.map(\.name) == ["lidocaine", "triamcinolone", "bupivacaine"])
        #expect(f.substances.last?.skin == false)
        #expect(f.substances.last?.volumeMl == 2)
        // Before the needle the same field is the skin wheal.
        let skin = Support.facts("PROCEDURE: L5-S1 interlaminar ESI under fluoroscopy.\nLocal anesthetic: 1% lidocaine 3 mL\n"
            + "Technique: Tuohy needle, loss of resistance. Kenalog 80 mg/2 mL injected.\n")
        #expect(skin.substances.first?.skin == true)
    }

    @Test func aTotalRightAfterADrugIsItsOwnOnceTheOthersHaveTheirs() {
        let f = Support.facts(Support.esi + "Technique: Tuohy needle. Kenalog-40, 2 mL total (80 mg), and 0.25% bupivacaine, 2 mL total, were divided evenly between the two sides.\n")
        #expect(f.substances.first { $0.name == "bupivacaine" }?.volumeMl == 2)
        // A mixture's total stays the mixture's.
        let mix = Support.facts(Support.esi + "Technique: Tuohy needle. Dexamethasone 10 mg and 0.25% bupivacaine, 4 mL total, were injected.\n")
        #expect(mix.substances.first { $0.name == "bupivacaine" }?.volumeMl == nil)
        #expect(mix.mixtureVolume == 4)
    }

    @Test func aMedicationsHeaderThatSaysTheyWereGivenIsTheInjectate() {
        let text = "NURSING PROCEDURE RECORD\nProcedure: lumbar epidural steroid injection L4-L5.  Prone, prepped.\n"
            + "Meds drawn up/given by MD: lidocaine 1% 3 mL skin; Kenalog 40 mg/mL 2 mL; bupivacaine 0.25% 2 mL.\n"
        #expect(Support.facts(text).substances.map(\.name) == ["lidocaine", "triamcinolone", "bupivacaine"])
        // A home medication list stays a history.
        let home = Support.facts(Support.esi + "Meds: gabapentin 300 mg, meloxicam 15 mg\nTechnique: Tuohy needle. Kenalog 80 mg/2 mL injected.\n")
        #expect(home.substances.map(\.name) == ["triamcinolone"])
    }

    // MARK: short notes (decision 120)

    @Test func aNotesOwnDateStampIsNotAPastEvent() {
        let f = Support.facts("01/09/2026 10:15  Left C7 selective nerve root block, fluoroscopic guidance\n"
            + "25 g spinal needle to the left C7 foramen.  Dexamethasone 10 mg/1 mL.\n")
        #expect(f.procedure == "esi")
        #expect(f.approach == "transforaminal")
        // A dated line in a list of earlier procedures still tells the past.
        let past = Support.facts(Support.esi + "Prior injections:\n- 03/2024 Left L5 transforaminal ESI, 60% relief\n"
            + "Technique: Tuohy needle, loss of resistance. Kenalog 80 mg/2 mL injected.\n")
        #expect(past.approach == "interlaminar")
    }

    @Test func aLabourEpiduralByItsWardIsNotAnESI() {
        let f = Support.facts("L&D epidural  03/01/2026\nG2P1 at 39 wks in active labor, requests epidural.  Sitting, L3-4, 17 g Tuohy, loss of resistance to saline, catheter to 11 cm at skin.  Infusion bupivacaine 0.125% + fentanyl 2 mcg/mL started.\n")
        #expect(f.procedure == "other")
    }

    @Test func aViewThatConfirmsIsAView() {
        let f = Support.facts("Lt S1 TFESI w/ fluoro\nProne, AP view, 22 g spinal needle through the L S1 posterior foramen, lateral confirms depth.  Dex 10 mg/1 cc.\n")
        #expect(f.imageViews == ["ap", "lateral"])
        #expect(Support.facts(Support.esi + "Technique: Tuohy needle, lateral recess stenosis noted. Kenalog 80 mg/2 mL injected.\n").imageViews.isEmpty)
    }

    @Test func painThatReturnedAYearAgoHasLastedAYear() {
        let f = Support.facts(Support.esi + "INDICATION: Fusion in 2021.  Bilateral leg pain returned about a year ago.\n")
        #expect(f.durationWeeks.map { $0 >= 50 } == true)
    }
}
