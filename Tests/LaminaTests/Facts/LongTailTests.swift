import Testing
@testable import Lamina

/// Mechanisms found by the eighth session's held-out sets and its leftovers (heldout-46 and
/// heldout-47, and sets 50–52): decisions 126 onward in corpora/README.md.
@Suite("Facts: the long tail of phrasing")
struct LongTailTests {
    // MARK: amounts (decision 126)

    @Test func aTotalAfterAPerLevelAmountIsTheDrugsAmount() {
        let twoLevels = "PROCEDURE: Right L4 and L5 transforaminal epidural steroid injections under fluoroscopy.\n"
        let f = Support.facts(twoLevels + "Technique: 22-gauge spinal needles to the right L4 and L5 foramina. "
            + "Kenalog 40 mg in 1 mL at each level (total 80 mg, 2 mL).\n")
        let tri = f.substances.first { $0.name == "triamcinolone" }
        #expect(tri?.doseMg == 80)
        #expect(tri?.volumeMl == 2)
        // A figure that is no whole multiple of the per-level amount is not read as its total.
        let odd = Support.facts(twoLevels + "Technique: 22-gauge spinal needles to the right L4 and L5 foramina. "
            + "Kenalog 40 mg in 1 mL at each level (total 50 mg).\n")
        #expect(odd.substances.first { $0.name == "triamcinolone" }?.doseMg == 40)
    }

    // MARK: conservative care (decision 126)

    @Test func carePracticedNowInAPlanLineIsOngoing() {
        let f = Support.facts(Support.esi + "HPI: 6 months of leg pain despite 8 weeks of physical therapy.\n"
            + "Plan: Injection today. She does the PT home exercises three times per week and will keep doing them.\n")
        #expect(f.conservativeTherapy.map(\.kind).contains("home_exercise"))
        // Care only proposed in the plan is still not care received.
        let planned = Support.facts(Support.esi + "HPI: 6 months of leg pain despite 8 weeks of physical therapy.\n"
            + "Plan: Injection today. Will start PT home exercises after the injection.\n")
        #expect(!planned.conservativeTherapy.map(\.kind).contains("home_exercise"))
    }

    // MARK: conditions (decision 126)

    @Test func aProcedureListedOnAConditionIsNotDone() {
        let a = Support.analyze("Procedure(s) Performed:\n1. Bilateral L4-L5 facet joint injections, intra-articular.\n"
            + "2. L5-S1 interlaminar epidural steroid injection if the facet arthrograms show capsular rupture.\n"
            + "Description: 22-gauge needles into each facet joint under fluoroscopy. Kenalog 40 mg divided among the joints.\n")
        #expect(a.facts.procedure != "esi")
        #expect(a.code.cpt == nil)
        // Done as listed, the same item is the procedure.
        let done = Support.analyze("Procedure(s) Performed:\n1. L5-S1 interlaminar epidural steroid injection.\n"
            + "Description: Tuohy needle to the L5-S1 epidural space under fluoroscopy, loss of resistance. Kenalog 40 mg injected.\n")
        #expect(done.facts.procedure == "esi")
    }

    // MARK: pain scores (decision 126)

    @Test func aScoreReadOnAScaleNamedAfterIt() {
        let mm = Support.facts(Support.esi + "Indications: 5 months of low back and leg pain. He marks 80 on the 100 mm visual analog scale today.\n")
        #expect(mm.baselinePain == 8)
        let ten = Support.facts(Support.esi + "Indications: 5 months of leg pain, rated 7 on a 0-10 scale.\n")
        #expect(ten.baselinePain == 7)
        // A scale that is not a pain scale, in a sentence without pain, gives no score.
        let insulin = Support.facts(Support.esi + "Indications: 5 months of leg pain.\nDiabetes: insulin 8 on a sliding scale.\n")
        #expect(insulin.baselinePain == nil)
    }

    // MARK: durations (decision 126)

    @Test func anAgeOrAPregnancyBeforeTheDurationLeavesIt() {
        let age = Support.facts(Support.esi + "Indications: 68-year-old man with 4 months of severe sacral and leg pain despite radiation.\n")
        #expect(age.durationWeeks.map { $0 > 16 } == true)
        let pregnant = Support.facts(Support.esi + "Indication: 31-year-old G2P1 at 24 weeks gestation with 6 weeks of severe left leg pain.\n")
        #expect(pregnant.durationWeeks == 6)
        // The age itself is still no duration.
        let ageOnly = Support.facts(Support.esi + "Indication: 68 year old man with leg pain.\n")
        #expect(ageOnly.durationWeeks == nil)
    }

    // MARK: drugs each with their own total (decision 126)

    @Test func twoDrugsEachWithTheirOwnTotal() {
        let f = Support.facts("PROCEDURE: Bilateral L4 transforaminal epidural steroid injections under fluoroscopy.\n"
            + "Technique: 22 g Quincke needles beneath each L4 pedicle. Dexamethasone (Decadron) 10 mg/mL, 2 mL total, "
            + "and Naropin 0.2%, 2 mL total, were divided evenly between the two sides.\n")
        #expect(f.substances.first { $0.name == "dexamethasone" }?.volumeMl == 2)
        #expect(f.substances.first { $0.name == "ropivacaine" }?.volumeMl == 2)
    }

    // MARK: complications and care in other words (decision 126)

    @Test func plainWordsForNoComplicationAndAWorkRestriction() {
        let a = Support.analyze(Support.esi + "Technique: Tuohy needle, loss of resistance. Kenalog 80 mg/2 mL injected.\nComplications: Nothing adverse occurred.\n")
        #expect(a.facts.complications == "none")
        let f = Support.facts(Support.esi + "Dx: Leg pain for 6 months. His employer has restricted him to no lifting over 20 lb since January.\n")
        #expect(f.conservativeTherapy.map(\.kind) == ["activity_modification"])
    }

    // MARK: earlier procedures beside today's (decision 127)

    @Test func anEarlierProcedureDatedByItsYearLendsNothing() {
        let f = Support.facts("PROCEDURE: Lumbar interlaminar epidural steroid injection, L5-S1, with fluoroscopic guidance.\n"
            + "HISTORY: Before that an outside physician did a right L5 transforaminal injection in 2024 with little benefit.\n"
            + "PRIOR SPINE INJECTIONS (from chart):\n- 2024, outside clinic: right L5 transforaminal ESI, little benefit\n\n"
            + "DESCRIPTION OF PROCEDURE: 20-gauge Tuohy needle in the midline at L5-S1, loss of resistance. 80 mg Depo-Medrol injected.\n")
        #expect(f.approach == "interlaminar")
        #expect(f.levels == ["L5-S1"])
        // Today's procedure in a sentence that also dates an earlier one keeps today's.
        let today = Support.facts("PROCEDURE: Right L5 transforaminal epidural steroid injection in 2026 today under fluoroscopy.\n")
        #expect(today.approach == "transforaminal")
    }

    @Test func aListOfEarlierInjectionsEndsWhereTheListDoes() {
        let a = Support.analyze(Support.esi + "INTERVAL HISTORY:\nPrior epidural injections (this office):\n"
            + "- 03/12/2025 L5-S1 ILESI (Kenalog 80 mg): 70% relief x 4 months\n"
            + "Low back and left leg pain for 2 years. The leg pain is now 7/10 in the left calf.\n"
            + "Technique: Tuohy needle, loss of resistance. Kenalog 80 mg/2 mL injected.\n")
        #expect(a.facts.baselinePain == 7)
        #expect(Support.status(a, "history.duration") == .met)
    }

    @Test func anEarlierProcedureDatedBeforeTheNoteIsPast() {
        let f = Support.facts("PROCEDURE ROOM NOTE - PROCEDURE CANCELLED\nDOS: 03/10/2026\n"
            + "He had an L4-L5 interlaminar epidural under fluoroscopy with 80 mg Depo-Medrol at this clinic on 09/15/2025 with relief.\n"
            + "The procedure was not performed.\n")
        #expect(f.procedure != "esi")
        // A repeat booked for today does not make the earlier one today's.
        let booked = Support.facts("PROCEDURE ROOM NOTE - PROCEDURE CANCELLED\nDOS: 03/10/2026\n"
            + "He had an L4-L5 interlaminar epidural at this clinic on 09/15/2025, and the repeat was booked for today.\n"
            + "The procedure was not performed.\n")
        #expect(booked.procedure != "esi")
        // The note's own date is today's.
        let today = Support.facts("DOS: 03/10/2026\nA right L5 transforaminal epidural steroid injection was performed on 03/10/2026 under fluoroscopy.\n")
        #expect(today.approach == "transforaminal")
    }

    // MARK: the words that decide the code, where they do not (decision 127)

    @Test func optionsAKitAndAPickListDecideNothing() {
        let options = Support.facts("PROCEDURE: LEFT T8 TRANSFORAMINAL EPIDURAL STEROID INJECTION UNDER FLUOROSCOPY\n"
            + "OPTIONS DISCUSSED: (1) T7-T8 interlaminar epidural injection; (2) left T8 transforaminal injection. She chose option 2.\n"
            + "TECHNIQUE: 22 gauge spinal needle to the left T8-T9 foramen below the T8 pedicle. Dexamethasone 10 mg injected.\n")
        #expect(options.levels == ["T8"])
        let kit = Support.facts("PROCEDURE: Caudal epidural steroid injection under fluoroscopy.\n"
            + "TECHNIQUE: An 18 gauge Tuohy needle into the caudal canal. A Racz catheter kit had been opened, but the catheter was not used "
            + "and the injection was given through the needle: 80 mg triamcinolone.\n")
        #expect(kit.catheter == "needle")
        let pick = Support.facts("PROCEDURE: L3-L4 interlaminar epidural steroid injection\n"
            + "Imaging guidance (select):  fluoroscopy | CT | none  -->  NONE, landmark technique\n"
            + "Contrast (select):  Omnipaque | Isovue | none  -->  none, no contrast because no imaging was available\n"
            + "Description: Tuohy needle in the midline, loss of resistance. Kenalog 80 mg injected.\n")
        #expect(pick.contrast == "contraindicated")
    }

    @Test func risksAndPrecautionsAreNoComplications() {
        let a = Support.analyze(Support.esi + "Procedure: Consent reviewed, incl. dural puncture, headache, infection, bleeding. "
            + "Tuohy needle, loss of resistance. Kenalog 80 mg/2 mL injected.\nTolerated well. Nurse to review discharge precautions (headache, fever, weakness).\n")
        #expect(a.facts.complications != "present")
    }

    @Test func aPastedXRayReportsViewsAreNotTodays() {
        let f = Support.facts("PROCEDURE: Caudal epidural steroid injection under fluoroscopy.\n"
            + "XR SACRUM/COCCYX 2 VIEWS 11/03/2025 (outside), report:\nAP and lateral views of the sacrum and coccyx. No fracture.\n\n"
            + "Procedure: The sacral hiatus was identified under fluoroscopy in the lateral projection. Tuohy needle into the caudal canal. Kenalog 80 mg injected.\n")
        #expect(f.imageViews == ["lateral"])
    }

    // MARK: the element words where they do not count (decision 128)

    @Test func careOrderedForLaterAndAProgramFromPT() {
        let ordered = Support.analyze(Support.esi + "Hx: low back pain, now right calf pain for 3 weeks. Meloxicam for the last 3 weeks without relief. "
            + "PT has been ordered for 6 weeks starting next Monday.\n")
        #expect(Support.status(ordered, "history.duration") == .missing)
        let program = Support.facts(Support.esi + "History: chest wall pain for 5 months. He takes gabapentin 300 mg TID and does a home stretching program from PT, without much help.\n")
        #expect(program.conservativeTherapy.map(\.kind).sorted() == ["home_exercise", "medication"])
    }

    @Test func aResponseInPlainWords() {
        let a = Support.analyze(Support.esi + "Technique: Tuohy needle, loss of resistance. Kenalog 80 mg/2 mL injected.\nCOMPLICATIONS: None.\n"
            + "POST: Sat up without dizziness, no leg weakness, walking.\n")
        #expect(Support.status(a, "outcome.response") == .met)
    }

    // MARK: shorthand (decision 129)

    @Test func clinicShorthand() {
        let title = Support.facts("CERVICAL ILESI C5-6 w/o fluoro\nSeated. 20g Tuohy midline, LOR to saline. Dex 10mg/1cc + PF NS 2cc injected.\n")
        #expect(title.imaging != "fluoroscopy")
        let k40 = Support.facts(Support.esi + "Tech: 20g Tuohy, LOR to saline. K40 2cc (80mg) + PF NS 2cc injected.\n")
        #expect(k40.substances.first { $0.name == "triamcinolone" }?.doseMg == 80)
        let views = Support.facts(Support.esi + "Tech: 18g Tuohy, advanced under intermittent fluoro; contralat oblique (CLO) view used for depth.\n")
        #expect(views.imageViews.contains("contralateral_oblique") && !views.imageViews.contains("oblique"))
        let signed = Support.facts(Support.esi + "Tech: 20g Tuohy, LOR. DMP 80mg/1cc injected.\ne-sig: C. Abernethy-Lowe MD 02/11/2026 15:20\n")
        #expect(signed.signed == true)
        let allergy = Support.facts("ILESI L5-S1 (Rt paramedian) - fluoro\nAll: IV contrast → anaphylaxis (2019).\n"
            + "Tech: 20g Tuohy, LOR to saline. Dex 10mg/1cc injected.\n")
        #expect(allergy.contrast == "contraindicated")
    }

    @Test func aPracticesNameIsNoPainScore() {
        let f = Support.facts("PAIN PROCEDURE LOG - Ridgeview Spine & Pain, Bay 2\n" + Support.esi + "Hx: leg pain x 5 mos. NRS 7 today.\n")
        #expect(f.baselinePain == 7)
        let room = Support.facts("Clinic: Cold Spring Family Pain, Rm 3\n" + Support.esi + "Reason: leg pain x 7 mos. NRS 6.\n")
        #expect(room.baselinePain == 6)
    }

    // MARK: negation, uncertainty and time in the clinic's voice (decision 130)

    @Test func careNeverReceivedAndADatedAllergy() {
        let f = Support.facts(Support.esi + "HISTORY: leg pain for 7 months. Gabapentin was prescribed in September but he never filled it because of the cost. "
            + "PT was prescribed in November but his insurance denied it and he never started. "
            + "A home exercise handout was given today and he plans to start it this week.\n")
        #expect(f.conservativeTherapy.isEmpty)
        let hives = Support.facts(Support.esi + "CONTRAST: Patient declined contrast. She reports hives after IV contrast for an abdominal CT in 2021.\n"
            + "Technique: Tuohy needle, loss of resistance. Kenalog 80 mg injected.\nCOMPLICATIONS: None.\n")
        #expect(hives.complications == "none")
        let doubled = Support.facts(Support.esi + "Review: 7 months of leg pain. It is not that she has not tried other treatment: she did 10 weeks of physical therapy.\n")
        #expect(doubled.conservativeTherapy.map(\.kind) == ["physical_therapy"])
        let lasting = Support.facts(Support.esi + "HISTORY: 9 months of pain. He saw a chiropractor weekly for 8 weeks with no lasting change "
            + "and does a home stretching program every morning.\n")
        #expect(lasting.conservativeTherapy.map(\.kind).sorted() == ["chiropractic", "home_exercise"])
        #expect(lasting.conservativeTherapy.first { $0.kind == "chiropractic" }?.failed == true)
    }

    @Test func aBriefElectricSensationIsAComplication() {
        let f = Support.facts(Support.esi + "Technique: While the needle was advanced she felt a brief electric sensation into the left thumb; "
            + "the needle was withdrawn 1 mm and it stopped at once. Kenalog 80 mg injected.\n")
        #expect(f.complications == "present")
        let after = Support.analyze(Support.esi + "Technique: Tuohy needle, loss of resistance. Kenalog 80 mg/2 mL injected.\nCOMPLICATIONS: None.\n"
            + "AFTER: No change in her arm pain immediately after. Strength intact. Home with her partner.\n")
        #expect(Support.status(after, "outcome.response") == .met)
    }

    // MARK: real transcriptions (decision 131)

    @Test func aDurationWrittenAsAnAdjective() {
        let f = Support.facts(Support.esi + "INDICATION: The patient is a 66-year-old male with a 2-year history of low back and bilateral leg pain.\n")
        #expect(f.durationWeeks.map { $0 >= 100 } == true)
        let month = Support.facts(Support.esi + "HISTORY: This 72-year-old female has had a 3-month history of low back pain.\n")
        #expect(month.durationWeeks.map { $0 > 12 && $0 < 14 } == true)
        // The age stays an age.
        let age = Support.facts(Support.esi + "HISTORY: A 58-year-old man with leg pain.\n")
        #expect(age.durationWeeks == nil)
    }
}
