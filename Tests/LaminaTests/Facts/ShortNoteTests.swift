import Testing
@testable import Lamina

/// Mechanisms found by held-out sets 37 (contradictions), 39 (the transforaminal workhorse),
/// 40 (short notes), 41 (an everyday draw), 42 (caudal, cervical and catheters) and 43 (the
/// history half written for prior authorization), 44 (flattened exports), 45 (a
/// transcription-service draw), 46 (a clinic visit with a same-day injection), 47 (amounts
/// written every way), 48 (follow-up visits) and 49 (surgery-centre op reports): decisions
/// 118–125 in corpora/README.md.
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

    @Test func aFirstDrugsTotalInsideItsAmountsIsItsOwn() {
        let f = Support.facts(Support.esi + "Technique: Tuohy needle. Dexamethasone 20 mg (10 mg/mL, 2 mL total) and 2 mL of 0.25% bupivacaine were divided among the four needles.\n")
        #expect(f.substances.first { $0.name == "dexamethasone" }?.volumeMl == 2)
        #expect(f.substances.first { $0.name == "bupivacaine" }?.volumeMl == 2)
        #expect(f.mixtureVolume == nil)
        // A bolus's volume is the drug's.
        let bolus = Support.facts(Support.esi + "Technique: catheter threaded. A 6 mL bolus of 0.125% bupivacaine was given through the catheter.\n")
        #expect(bolus.substances.first { $0.name == "bupivacaine" }?.volumeMl == 6)
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

    @Test func anInterspaceSquaredUpIsTheTarget() {
        let f = Support.facts("EPIDURAL STEROID INJECTION - LUMBAR INTERLAMINAR\n2. AP fluoro to square the L4-L5 endplates; skin 1% lidocaine 2 mL.\n3. 20g Tuohy, right paramedian; LOR to saline.\n4. Kenalog 80 mg/2 mL.\n")
        #expect(f.levels == ["L4-L5"])
        // One vertebra's endplate stays anatomy beside the target.
        let tf = Support.facts("RIGHT L3-4 TRANSFORAMINAL EPIDURAL INJECTION\nFluoroscopy was used to square the L3 endplate, then a needle to the right L3-4 neuroforamen. Dexamethasone 10 mg/1 mL injected.\n")
        #expect(tf.levels == ["L3-L4"])
    }

    @Test func aSingleShotIntrathecalTrialIsAPumpTrial() {
        let f = Support.facts("PROCEDURE: Intrathecal morphine bolus trial (single injection) for implantable drug delivery system evaluation, L3-L4, fluoroscopic guidance\nSprotte needle, free flow of CSF. Preservative-free morphine 300 mcg in 1.5 mL injected intrathecally.\n")
        #expect(f.pumpTrial == true)
    }

    @Test func painThatReturnedAYearAgoHasLastedAYear() {
        let f = Support.facts(Support.esi + "INDICATION: Fusion in 2021.  Bilateral leg pain returned about a year ago.\n")
        #expect(f.durationWeeks.map { $0 >= 50 } == true)
    }

    // MARK: prior authorization (decision 121)

    @Test func aPriorAuthorizationRequestIsNoProcedure() {
        let f = Support.facts("LETTER OF MEDICAL NECESSITY / PRIOR AUTHORIZATION REQUEST\n"
            + "Requested service: Right L5 transforaminal epidural steroid injection with fluoroscopic guidance (CPT 64483), one level\n\n"
            + "Dear Reviewer,\nHe has completed 8 weeks of physical therapy.  We request authorization for one right L5 transforaminal epidural steroid injection under fluoroscopy.  The procedure has not been scheduled pending your determination.\n")
        #expect(f.procedure == "other")
    }

    @Test func careRefusedOrNotYetBegunIsNotCare() {
        let aside = Support.facts(Support.esi + "HISTORY: Gabapentin 300 mg at bedtime was prescribed today (not yet started).\n")
        #expect(aside.conservativeTherapy.isEmpty)
        // An aside that holds more than the denial stays inside it ("L4 (L5 not injected)").
        let declined = Support.facts(Support.esi + "Conservative care: Chiropractic care was offered and he declined.  He has taken acetaminophen for 6 weeks without relief.\n")
        #expect(declined.conservativeTherapy.map(\.kind) == ["medication"])
        let field = Support.facts(Support.esi + "Tried: chiropractic 10 visits since 07/2025 (stopped, no change).\nNot tried: PT (scheduled to start 12/2025).\n")
        #expect(field.conservativeTherapy.map(\.kind) == ["chiropractic"])
        let forward = Support.facts(Support.esi + "HPI: She declined physical therapy because of the copay and declined opioid medication.\n")
        #expect(forward.conservativeTherapy.isEmpty)
    }

    @Test func careAttemptedMisspelledOrBesideAFailureIsCare() {
        let attempted = Support.facts(Support.esi + "HISTORY: She attempted physical therapy but stopped after 2 sessions because of pain.\n")
        #expect(attempted.conservativeTherapy.map(\.kind) == ["physical_therapy"])
        let typo = Support.facts(Support.esi + "HISTORY: Physcial therapy in 2023 without lasting change.\n")
        #expect(typo.conservativeTherapy.map(\.kind) == ["physical_therapy"])
        let collar = Support.facts(Support.esi + "History: He completed 6 weeks of physical therapy without sustained benefit, wore a soft collar early on.\n")
        #expect(collar.conservativeTherapy.map(\.kind).sorted() == ["other", "physical_therapy"])
        let controlled = Support.facts(Support.esi + "Indication: Pain has not been controlled on a fentanyl patch despite dose escalation.\n")
        #expect(controlled.conservativeTherapy.map(\.kind) == ["medication"])
        let job = Support.facts(Support.esi + "History: Physical therapy for 8 weeks has not helped; she also stopped working her weekend retail job.\n")
        #expect(job.conservativeTherapy.map(\.kind).sorted() == ["activity_modification", "physical_therapy"])
    }

    @Test func aChecklistsFieldsAreHistoryNotPlanOrInjectate() {
        let text = "PROCEDURE: Right L5 transforaminal epidural steroid injection under fluoroscopy.\n"
            + "Activity modification - Yes: light duty at the post office since 06/2025\n"
            + "Medication history:  gabapentin 300 mg three times daily for 6 weeks without benefit, which she stopped because of dizziness.\n"
            + "AUTHORIZATION DOCUMENTATION:\n- Symptoms:  leg pain and paresthesias, L5 distribution, x 7 months\n"
            + "TECHNIQUE: Needle to the right L5 foramen.  Dexamethasone 10 mg/1 mL injected.\nCOMPLICATIONS: None.\n"
        let f = Support.facts(text)
        #expect(f.conservativeTherapy.map(\.kind).sorted() == ["activity_modification", "medication"])
        #expect(f.substances.map(\.name) == ["dexamethasone"])
        #expect(f.complications == "none")
    }

    @Test func careBetweenTwoDatesLastedTheWeeksBetweenThem() {
        let a = Support.analyze(Support.esi + "Indication:  Low back pain.  Completed physical therapy 08/11/2025 through 09/22/2025 without relief.\n")
        #expect(a.facts.durationWeeks.map { $0 >= 5.9 && $0 <= 6.1 } == true)
        #expect(Support.status(a, "history.duration") == .met)
        // Two dates with no care in the sentence are not a duration.
        #expect(Support.facts(Support.esi + "Indication: MRI 08/11/2025 through 09/22/2025 reviewed.\n").durationWeeks == nil)
    }

    // MARK: caudal, cervical and catheters (decision 122)

    @Test func aCatheterLeftIndwellingHasNoSide() {
        let f = Support.facts("PROCEDURE:  Caudal epidural catheter placement with the catheter steered to L5-S1 under fluoroscopy, left indwelling for infusion.\n"
            + "TECHNIQUE: Tuohy needle through the sacral hiatus; catheter threaded to L5-S1. Dexamethasone 10 mg/1 mL through the catheter.\n")
        #expect(f.laterality == nil)
    }

    @Test func aViewNamedAloneAfterOnIsAView() {
        let f = Support.facts("Caudal ESI\nProne, prep/drape.  Fluoro.  Sacral hiatus ID'd on lateral.  22g spinal needle thru hiatus.  Kenalog 80mg/2cc injected.\n")
        #expect(f.imageViews == ["lateral"])
        #expect(Support.facts(Support.esi + "Technique: Tuohy needle placed with the patient on lateral decubitus. Kenalog 80 mg/2 mL.\n").imageViews.isEmpty)
    }

    @Test func aReductionOfPainIsAResponse() {
        let a = Support.analyze(Support.esi + "Technique: Tuohy needle. Celestone 6 mg (1 mL) injected.\nPostprocedure, no complications were noted.  The patient reported reduction of his leg pain before discharge.\n")
        #expect(Support.status(a, "outcome.response") == .met)
    }

    // MARK: flattened exports (decision 123)

    static let flatTail = "Kenalog 80 mg (40 mg/mL, 2 mL) was injected.  AP and lateral images were saved to PACS.COMPLICATIONS: None.DISPOSITION: Pain improved to 2/10.PLAN: Follow up in 2 weeks.Electronically signed by A. Reyes, MD"

    @Test func aNoteWithoutLineBreaksKeepsItsHeaders() {
        let text = "PROCEDURE: Lumbar interlaminar epidural steroid injection, L5-S1, under fluoroscopic guidance.INDICATION: Leg pain for 5 months after 8 weeks of physical therapy.  Pain 7/10.DESCRIPTION OF PROCEDURE: Prone.  A 20-gauge Tuohy needle entered the epidural space by loss of resistance under AP fluoroscopy.  " + Self.flatTail
        let f = Support.facts(text)
        #expect(f.imagesArchived == true)
        #expect(f.complications == "none")
        #expect(f.signed == true)
        // A note with its line breaks keeps its glued points as written ("e.g.Kenalog" is no line).
        let d = Support.document("PROCEDURE: ESI.\nKenalog 80 mg.Depo was not used.\n")
        #expect(!d.tokens.contains { $0.kind == .newline && d.note.bytes[Int($0.start)] == 0x2E })
    }

    @Test func exportSeparatorsEndLines() {
        for sep in ["~", "\\n", "<br>"] {
            let text = ["PROCEDURE: Lumbar interlaminar epidural steroid injection, L5-S1, under fluoroscopy.",
                        "TECHNIQUE: Tuohy needle, loss of resistance.  Kenalog 80 mg (40 mg/mL, 2 mL) was injected.  Images saved.",
                        "COMPLICATIONS: None.", "POST: Pain 3/10.", "PLAN: Return in 3 weeks.", "Electronically signed by A. Reyes, MD"].joined(separator: sep)
            let f = Support.facts(text)
            #expect(f.imagesArchived == true, "separator \(sep)")
            #expect(f.complications == "none", "separator \(sep)")
            #expect(f.signed == true, "separator \(sep)")
        }
        // "~6 weeks" is about six weeks, not a line break.
        let d = Support.document("HPI: leg pain ~6 weeks.\n")
        #expect(d.tokens.filter { $0.kind == .newline }.count == 1)
    }

    @Test func aCTPlanningSliceIsNoPlan() {
        let f = Support.facts("CT-GUIDED RIGHT L3 TRANSFORAMINAL EPIDURAL STEROID INJECTION\nTECHNIQUE: Prone on the CT table.  AP and\nlateral scout images were obtained and axial images planned through the right L3-L4 foramen.  Dexamethasone 10 mg/1 mL injected.\n")
        #expect(f.imageViews == ["ap", "lateral"])
    }

    @Test func aLevelAfterAnImagingDenialIsTheTarget() {
        let f = Support.facts("CERVICAL EPIDURAL STEROID INJECTION WITHOUT FLUOROSCOPY AT C5-6\nAn 18-gauge Tuohy needle was advanced in the C5-6 interspace using the hanging drop technique.  Depo-Medrol 80 mg/2 cc injected.\n")
        #expect(f.levels == ["C5-C6"])
        #expect(f.imaging == "none")
    }

    @Test func anAmountAloneInAnAsideAfterAnAmountIsTheDrugs() {
        let f = Support.facts(Support.esi + "Technique: Tuohy needle.  Then 1 cc (40 mg) of Depo-Medrol and 1 cc of 2% lidocaine were injected.\n")
        #expect(f.substances.first { $0.name == "methylprednisolone" }?.doseMg == 40)
        #expect(f.substances.first { $0.name == "methylprednisolone" }?.volumeMl == 1)
    }

    @Test func symptomsEasedOrDeniedAtDischargeAreAResponse() {
        for line in ["He stated the left leg pain had eased before he left the department.", "The patient was kept flat and monitored for one hour, denied headache at discharge."] {
            let a = Support.analyze(Support.esi + "Technique: Tuohy needle. Kenalog 80 mg/2 mL injected.\n" + line + "\n")
            #expect(Support.status(a, "outcome.response") == .met, "\(line)")
        }
    }

    // MARK: visit notes and amounts (decision 124)

    @Test func aVisitNotesOwnTitlesAndDashedHeadersOpenSections() {
        let text = "NORTHGATE INTERVENTIONAL PAIN\n\nInterval History\nHe had an L4-L5 interlaminar epidural steroid injection on 03/14/2025 with Depo-Medrol 80 mg, which gave 50% relief.\n\n"
            + "Assessment and Plan\nProceed today with right L5 transforaminal epidural steroid injection.\n\n"
            + "PROCEDURE NOTE - right L5 transforaminal epidural steroid injection, fluoroscopically guided\nA 22-gauge needle to the right L5 foramen.  Dexamethasone 10 mg/1 mL injected.\n"
        let f = Support.facts(text)
        #expect(f.procedure == "esi")
        #expect(f.levels == ["L5"])
        #expect(f.substances.map(\.name) == ["dexamethasone"])
    }

    @Test func aVisitWhoseInjectionWasPutOffIsNoProcedure() {
        let f = Support.facts("Procedure visit\nHPI: 74-year-old woman with leg pain for 10 months, scheduled today for a caudal epidural steroid injection.\n"
            + "Plan:\n- The caudal epidural steroid injection is deferred today: fever, and apixaban not held.\n")
        #expect(f.procedure == "other")
    }

    @Test func aMedicationsFieldAmongTheProceduresFieldsIsTheInjectate() {
        let f = Support.facts("PROCEDURE (ILESI L5-S1 w/ fluoro)\nLocal: 1% lidocaine 3 mL\nNeedle: 20G Tuohy, midline, loss of resistance to saline\nMeds: Kenalog 40 mg/mL 2 mL + PF NS 2 mL\n")
        #expect(f.substances.contains { $0.name == "triamcinolone" && $0.volumeMl == 2 })
    }

    @Test func fractionsRatiosAndUnitPoints() {
        let half = Support.facts(Support.esi + "Technique: Tuohy needle.\n1/2 cc of Isovue-M 300 under live fluoroscopy showed flow.  Dexamethasone 10 mg/1 mL injected.\n")
        #expect(half.substances.first { $0.name == "iopamidol" }?.volumeMl == 0.5)
        #expect(half.contrast == "used")
        let ratio = Support.facts(Support.esi + "Technique: Tuohy needle.  Four mL of a 1:1 mixture of Kenalog (40 mg/mL) and 1% lidocaine was injected.\n")
        #expect(ratio.mixtureVolume == 4)
        let points = Support.facts(Support.esi + "Technique: Needle placed. 0.5 ml. Omnipaque 240 outlined the root.  Injected triamcinolone 40 mgs in 1 ml. and 1 ml. of 0.5% ropivacaine.\n")
        #expect(points.substances.first { $0.name == "iohexol" }?.volumeMl == 0.5)
        #expect(points.substances.first { $0.name == "ropivacaine" }?.volumeMl == 1)
    }

    @Test func theMidlineBetweenTheSpinousProcessesIsTheSide() {
        let f = Support.facts("LUMBAR EPIDURAL STEROID INJECTION\nThe fourth lumbar interspace was identified.  An 18-gauge Tuohy needle was advanced in the midline between the spinous processes and the epidural space was identified.  Depo-Medrol 80 mg (2 cc) injected.\n")
        #expect(f.laterality == "midline")
    }

    @Test func aLidocainePatchIsMedication() {
        let f = Support.facts(Support.esi + "HISTORY: She tried a lidocaine 5% patch and 4 weeks of physical therapy, both without relief.\n")
        #expect(f.conservativeTherapy.map(\.kind).sorted() == ["medication", "physical_therapy"])
    }

    // MARK: follow-up visits and op reports (decision 125)

    @Test func aVisitOrCallWithNoProcedureTodayIsNone() {
        let visit = Support.facts("PAIN MANAGEMENT - RETURN VISIT\nINTERVAL HISTORY: Seen after his second L5-S1 interlaminar epidural steroid injection on 12/30/2025.\n"
            + "ASSESSMENT: Left S1 radiculopathy, not responding to two epidural injections.\nPLAN: He declines further injections. No procedure today.\n")
        #expect(visit.procedure == "other")
        let call = Support.facts("TELEPHONE ENCOUNTER\nTwo-week call after his caudal epidural steroid injection of 01/21/2026.  He reports about 65% less leg pain.\n")
        #expect(call.procedure == "other")
        let scs = Support.facts("OPERATIVE REPORT\nProcedure(s) Performed:\n1. Percutaneous implantation of neurostimulator electrode array, epidural, two leads, for 7-day trial.\n"
            + "DESCRIPTION: Tuohy needles entered the epidural space by loss of resistance and the leads were advanced to T8.\n")
        #expect(scs.procedure == "other")
    }

    @Test func aConsentAbbreviatedStillListsOnlyRisks() {
        let f = Support.facts(Support.esi + "Consent reviewed incl. bleeding, infection, dural puncture, headache; signed.\nTechnique: Tuohy needle, loss of resistance.  Kenalog 80 mg/2 mL injected.  No compl.\n")
        #expect(f.complications == "none")
        // "Dr." is no sentence end either.
        let d = Support.document("Seen by Dr. Reyes today.\n")
        #expect(d.structure.sentences.count == 1)
    }
}
