import Testing
@testable import Lamina

/// The context traps of DESIGN.md, one test each.
@Suite("Context")
struct ContextTests {
    static let esi = Support.esi

    @Test func preservativeFreeIsNotANegation() {
        let f = Support.facts(Self.esi + "TECHNIQUE: 80 mg Kenalog with 2 mL preservative-free saline was injected.\n")
        #expect(f.substances.contains { $0.name == "saline" && $0.volumeMl == 2 })
        #expect(f.substances.contains { $0.name == "triamcinolone" })
    }

    @Test func consentRisksAreNotComplications() {
        let f = Support.facts(Self.esi + "Risks of infection, bleeding and dural puncture were discussed.\n")
        #expect(f.complications == nil)
    }

    @Test func negatedSpreadDoesNotNegateContrast() {
        let f = Support.facts(Self.esi + "Omnipaque 240 showed epidural flow with no intravascular or intrathecal spread.\n")
        #expect(f.contrast == "used")
    }

    @Test func withoutFluoroscopyInTheTitleIsNoImaging() {
        let f = Support.facts("PROCEDURE: Caudal epidural steroid injection without fluoroscopy.\nTECHNIQUE: The sacral hiatus was palpated and a needle placed.\n")
        #expect(f.imaging == "none")
    }

    @Test func misspellingsRealNotesContain() {
        let f = Support.facts("PROCEDURE: L4-5 intralaminar epidural injection under flouroscopy.\nTECHNIQUE: Depomedrol 80 mg was injected.\n")
        #expect(f.imaging == "fluoroscopy")
        #expect(f.approach == "interlaminar")
        #expect(f.substances.first?.name == "methylprednisolone")
        #expect(Support.facts("PROCEDURE: Caudal ESI under fluroscopy.\n").imaging == "fluoroscopy")
    }

    @Test func abbreviatedSidesBesideATarget() {
        #expect(Support.facts("PROCEDURE: CESI, interlaminar, C7-T1, R paramedian, under fluoro.\n").laterality == "right")
        #expect(Support.facts("PROCEDURE: Bilat L5 TFESI w/ fluoro\n").laterality == "bilateral")
        #expect(Support.facts("PROCEDURE: L5 TFESI.\nTECHNIQUE: Needles to the R and L L5 foramina.\n").laterality == "bilateral")
        #expect(Support.facts("PROCEDURE: L4-5 ILESI.\nTECHNIQUE: Contrast spread along the L side.\n").laterality == nil)
    }

    @Test func silentNoteIsNullImaging() {
        let f = Support.facts("PROCEDURE: Caudal epidural steroid injection.\nTECHNIQUE: The sacral hiatus was palpated and a needle placed.\n")
        #expect(f.imaging == nil)
    }

    @Test func planAndNegationAreNotTherapyHad() {
        #expect(Support.facts(Self.esi + "INDICATION: PT was recommended but never started.\n").conservativeTherapy.isEmpty)
        #expect(Support.facts(Self.esi + "INDICATION: She declined chiropractic care.\n").conservativeTherapy.isEmpty)
        #expect(Support.facts(Self.esi + "INDICATION: Has not tried physical therapy.\n").conservativeTherapy.isEmpty)
        #expect(Support.facts(Self.esi + "PLAN: Will begin physical therapy.\n").conservativeTherapy.isEmpty)
    }

    @Test func continuingCareIsCareHad() {
        #expect(Support.facts(Self.esi + "PLAN: Continue p.r.n. medications.\n").conservativeTherapy.map(\.kind) == ["medication"])
        #expect(Support.facts(Self.esi + "PLAN: She will continue her home exercise program.\n").conservativeTherapy.map(\.kind) == ["home_exercise"])
    }

    @Test func catheterWordsThatAreNotPlacement() {
        #expect(Support.facts(Self.esi + "TECHNIQUE: A 20-gauge Tuohy needle was used.\nCPT: 62323 (needle or catheter tip placement)\n").catheter == "needle")
        #expect(Support.facts(Self.esi + "TECHNIQUE: A Foley catheter was in place. A 20-gauge Tuohy needle was used.\n").catheter == "needle")
    }

    @Test func longestMatchKeepsTheShorterConcept() {
        let f = Support.facts("PROCEDURE: Caudal epidural steroid injection under fluoroscopy.\n")
        #expect(f.procedure == "esi")
        #expect(f.approach == "caudal")
    }

    @Test func headerOnItsOwnLineEndsTheSentenceBefore() {
        let f = Support.facts(Self.esi + "INDICATION: Leg pain, no relief from PT\nTECHNIQUE:\nFluoroscopy used.\n")
        #expect(f.imaging == "fluoroscopy")
    }

    @Test func drugUnderAllergiesIsNotAnInjectate() {
        let f = Support.facts(Self.esi + "ALLERGIES: Kenalog, lidocaine\nTECHNIQUE: Dexamethasone 10 mg (1 mL) injected.\n")
        #expect(f.substances.map(\.name) == ["dexamethasone"])
    }

    @Test func familyHistoryAssertsNothing() {
        let f = Support.facts(Self.esi + "FAMILY HISTORY: Mother had lumbar radiculopathy and a dural puncture.\n")
        #expect(f.complications == nil)
    }

    @Test func hypotheticalApproachDoesNotCount() {
        let f = Support.facts("PROCEDURE: Caudal epidural steroid injection.\nPLAN: Consider transforaminal approach next time.\n")
        #expect(f.approach == "caudal")
    }

    @Test func checkboxTemplatesDenyWhatIsNotTicked() {
        let f = Support.facts("""
        PROCEDURE: L5-S1 interlaminar epidural steroid injection under fluoroscopy.
        Laterality: [ ] L  [x] R  [ ] Bilat
        Views obtained: [x] AP  [x] Lateral  [ ] Oblique
        Images saved: [ ] Y  [x] N
        Contrast:  [ ] Yes  [x] No
        /es/ JANE Q. DOE, MD
        """)
        #expect(f.laterality == "right")
        #expect(f.imageViews == ["ap", "lateral"])
        #expect(f.imagesArchived == false)
        #expect(f.contrast != "used")
        #expect(f.signed)
    }

    @Test func aTickedYesKeepsTheLabel() {
        let f = Support.facts(Support.esi + "Images archived: [x] Yes  [ ] No\n")
        #expect(f.imagesArchived)
        let blank = Support.facts(Support.esi + "Images archived: [ ] Yes  [ ] No\n")
        #expect(blank.imagesArchived == false)
    }

    @Test func levelsNamedForAnotherReasonAreNotInjected() {
        let f = Support.facts("""
        PROCEDURE: CT-guided left T10 transforaminal epidural steroid injection.
        TECHNIQUE: Axial CT images were obtained through T8-T11 for planning. A 22-gauge needle was advanced to the left T10 foramen.
        Imaging reviewed: no canal compromise above T10.
        Response: left T9-T11 sensory change to cold.
        """)
        #expect(f.levels == ["T10"])
    }

    @Test func aRadiologyImpressionReportsTheResponse() {
        let f = Support.facts(Support.esi + "IMPRESSION: Successful injection. The patient tolerated the procedure well and was discharged.\n")
        #expect(f.response)
    }

    /// A denial of complications stops where its list does, punctuated or not; the list
    /// itself stays denied.
    @Test(arguments: [
        "No complications, tolerated well, images saved.",
        "no complications tolerated well images saved",
        "no immediate complications the patient tolerated it well images were saved to PACS",
        "without complications patient tolerated the procedure well images saved",
        "No evidence of complications, tolerated well, images saved.",
        "no bleeding complications tolerated well images saved",
        "no complications or bleeding tolerated well images saved",
    ])
    func aDeniedComplicationListEndsTheDenial(_ line: String) {
        let f = Support.facts(Self.esi + "TECHNIQUE: Kenalog 80 mg in 2 mL was injected.\n" + line + "\n")
        #expect(f.complications == "none")
        #expect(f.response)
        #expect(f.imagesArchived)
    }

    @Test func aDenialThatDoesNotStartWithAComplicationKeepsItsScope() {
        // "no images saved" and "without images saved": the denial names the images first.
        #expect(!Support.facts(Self.esi + "Tolerated well, no images saved.\n").imagesArchived)
        #expect(!Support.facts(Self.esi + "no complications, no images saved\n").imagesArchived)
        // A complication listed after the denied ones is still denied.
        let f = Support.facts(Self.esi + "no complications, bleeding or paresthesias; tolerated well\n")
        #expect(f.complications == "none")
    }

    /// A negation phrase that holds its target ("not saved" over "saved") denies it, even
    /// when "but" stops the phrase from reaching the images before it.
    @Test func reviewedButNotSaved() {
        #expect(!Support.facts(Support.esi + "Images were reviewed but not saved.\n").imagesArchived)
        #expect(Support.facts(Support.esi + "AP and lateral images were saved.\n").imagesArchived)
    }

    /// What a note says was scheduled, when it was cancelled, is a plan, not the procedure.
    @Test func aScheduledProcedureIsAPlan() {
        let text = "PROCEDURE NOTE - PROCEDURE NOT PERFORMED\nScheduled: Left L5 transforaminal epidural steroid injection, fluoroscopic guidance\n\n"
            + "The procedure was cancelled before any prep, needle placement or medication.\n"
        #expect(Support.facts(text).procedure == "other")
    }

    /// A cue inside an unticked box says nothing: "[ ] Not saved" does not deny the ticked
    /// "[x] Saved to VistA Imaging" before it.
    @Test func aCueInAnUntickedBoxIsInert() {
        #expect(Support.facts(Support.esi + "Images: [x] Saved to VistA Imaging   [ ] Not saved\n").imagesArchived)
        #expect(!Support.facts(Support.esi + "Images: [ ] Saved to VistA Imaging   [x] Not saved\n").imagesArchived)
    }

    /// A template field answered no denies its label; a field answered yes, or a "no" that
    /// starts a longer answer, does not; the label stops at a sentence's end.
    @Test(arguments: [
        ("Images saved: No\n", false),
        ("Images saved (Y/N): N\n", false),
        ("Images saved: N/A\n", false),
        ("Images saved: not done\n", false),
        ("Images saved: no images saved\n", false),
        ("Images saved: Yes\n", true),
        ("Images saved (Y/N): Y - PACS\n", true),
        ("AP and lateral images saved to PACS. Complications: none.\n", true),
    ])
    func aFieldAnsweredNo(_ line: String, _ archived: Bool) {
        let f = Support.facts(Self.esi + "Contrast: Omnipaque 240 / 1 mL\n" + line)
        #expect(f.imagesArchived == archived)
        #expect(f.contrast == "used")
    }

    @Test func aFieldAnsweredNoDeniesOnlyItsLabel() {
        let f = Support.facts(Self.esi + "HISTORY: Failed 6 weeks of PT and NSAIDs. Pain 7/10. Anticoagulants: none.\nComplications (Y/N): N\n")
        #expect(f.conservativeTherapy.map(\.kind).sorted() == ["medication", "physical_therapy"])
        #expect(f.complications == "none")
    }

    /// A backward cue inside an aside does not reach out of it: "L4 (L5 not injected)".
    @Test func aCueInsideAnAsideStaysThere() {
        let f = Support.facts("PROCEDURE: Left L4 transforaminal epidural steroid injection under fluoroscopy\nLevel(s): L4 (L5 not injected)\n")
        #expect(f.levels == ["L4"])
    }

    /// "without resistance" is not a denial, but "without resistance or paresthesia" denies
    /// the paresthesia; "stood up without difficulty, strength unchanged" denies nothing.
    @Test func withoutResistanceOrParesthesia() {
        let f = Support.facts(Self.esi + "Medications injected without resistance or paresthesia.\nComplications: none\n")
        #expect(f.complications == "none")
        let g = Support.facts(Self.esi + "He stood up without difficulty, strength and sensation were unchanged.\n")
        #expect(g.response)
    }

    /// "Contrast: No contrast" answers the field no; "Contrast: no vascular uptake" does not.
    @Test func aFieldAnsweredWithItsOwnWordNegated() {
        #expect(Support.facts(Self.esi + "Contrast: No contrast\n").contrast != "used")
        #expect(Support.facts(Self.esi + "Contrast: Omnipaque 240 2 mL, no vascular uptake\n").contrast == "used")
    }
}

