import Testing
@testable import Lamina

/// Mechanisms found by held-out sets 28 (dictation-service transcriptions), 29 (the
/// indication half of the note), 30 (patient circumstances), 31 (sides and levels), 32 (an
/// everyday draw), 33 (text that claims without documenting), 34 (the neck and the chest), 35
/// (needles and catheters) and 36 (procedure-system output): decisions 106–116 in
/// corpora/README.md.
@Suite("Facts: transcriptions, histories and patient circumstances")
struct CircumstanceTests {
    // MARK: sections (decision 106)

    @Test func aDistributionListAfterTheProcedureIsNoHistory() {
        let text = """
            PROCEDURE: Left L5 transforaminal epidural steroid injection under fluoroscopy.

            INDICATIONS: Leg pain for 6 months despite a home exercise program and naproxen.

            DESCRIPTION OF PROCEDURE: A 22-gauge needle was placed in the left L5 foramen. Kenalog 40 mg/1 mL was injected.

            SIGNATURE: Electronically signed by A. Reyes, MD
            cc:  Antonio Greer, MD; Physical Therapy Dept.

            """
        let f = Support.facts(text)
        #expect(f.conservativeTherapy.map(\.kind).sorted() == ["home_exercise", "medication"])
        // At the top of a note "CC:" is the chief complaint, a history.
        let d = Support.document("CC: low back pain after physical therapy\n\n" + text)
        #expect(d.section(ofToken: 0).kind == .history)
    }

    @Test func aKnownHeaderWithAnAsideStillOpensItsSection() {
        let text = """
            REFERRAL (quoted from Dr. Benoit's letter of 09/22/2025):
            "I would appreciate your consideration of right L4-5 and L5-S1 transforaminal injections."

            PROCEDURE: Right L5 transforaminal epidural steroid injection under fluoroscopy. Needle to the right L5 foramen.

            """
        let f = Support.facts(text)
        #expect(f.levels == ["L5"])
        // A long aside before the colon ("INFUSION ORDERS (to be started by hospice nursing):").
        let orders = Support.facts(Support.esi + "Tuohy needle, loss of resistance. Depo-Medrol 80 mg/2 mL injected.\n"
            + "INFUSION ORDERS (to be started by hospice nursing): bupivacaine 0.1% with hydromorphone 20 mcg/mL at 4 mL/h.\n")
        #expect(orders.substances.map(\.name) == ["methylprednisolone"])
    }

    @Test func aStudyUnderAnImagingFieldIsNotTheGuidance() {
        let text = """
            PROCEDURE: Cervical interlaminar epidural steroid injection under fluoroscopy.
            Imaging:  Cervical MRI 10/10/2025 report: C6-7 left foraminal stenosis; C7-T1 normal.

            Technique: AP view of the C6-C7 interlaminar space, Tuohy needle, loss of resistance. Dexamethasone 10 mg/1 mL injected.

            """
        let f = Support.facts(text)
        #expect(f.levels == ["C6-C7"])
        #expect(f.imaging == "fluoroscopy")
        // A study header with a date and an aside.
        let d = Support.document("CT LUMBAR SPINE 08/2025 (outside), report:  L4-L5 severe stenosis.\n")
        #expect(d.section(ofToken: 0).kind == .imagingStudy)
    }

    @Test func aPregnancyParagraphStatesTheContrastDecision() {
        let text = """
            PROCEDURE: Cervical interlaminar epidural steroid injection at C6-C7, WITHOUT FLUOROSCOPY (pregnancy)

            PREOPERATIVE DIAGNOSES:
            1. Cervical disc disorder at C6-C7 with radiculopathy (M50.123)
            2. 24 weeks gestation of pregnancy (Z3A.24)

            PREGNANCY: No fluoroscopy and no contrast because of the pregnancy.

            DESCRIPTION: 20-gauge Tuohy needle in the midline, loss of resistance to saline at C6-C7. Dexamethasone 10 mg (10 mg/mL, 1 mL) injected.

            """
        let f = Support.facts(text)
        #expect(f.contrast == "contraindicated")
        // A code whose third character is a letter is read across the point.
        #expect(f.diagnoses == ["M50.123", "Z3A.24"])
    }

    // MARK: the injectate and contrast (decision 107)

    @Test func anAnesthesiaHeaderRestatesTheSkinWheal() {
        let text = """
            PROCEDURE: Right L5 transforaminal epidural steroid injection under fluoroscopy.
            ANESTHESIA:  Local with 1% lidocaine.
            DESCRIPTION OF PROCEDURE:  After skin infiltration with 1% lidocaine, a 22-gauge needle was placed in the right L5 foramen. Dexamethasone 10 mg (10 mg/mL, 1 mL) was injected.

            """
        #expect(Support.facts(text).substances.map(\.name) == ["lidocaine", "dexamethasone"])
    }

    @Test func contrastTheNoteDeclinesIsNotUsedBecauseOfItsLabel() {
        let label = Support.facts(Support.esi
            + "Radiation / contrast: No fluoroscopy because of the pregnancy. Contrast not used: it cannot be seen on ultrasound.\n")
        #expect(label.contrast == "contraindicated")
        // A label alone still says contrast was given ("Contrast: 2 mL").
        #expect(Support.facts(Support.esi + "Contrast: 2 mL, epidural spread.\n").contrast == "used")
        // "Non-contrast MRI" and "gadolinium ... not an option" name no contrast given.
        let mri = Support.facts(Support.esi + "History: non-contrast MRI 01/2026 showed an L5-S1 herniation.\n\n"
            + "CKD stage 4, so gadolinium-based contrast was also not an option. Contrast is therefore contraindicated and was not used.\n")
        #expect(mri.contrast == "contraindicated")
        #expect(!mri.substances.contains { $0.name == "gadolinium" })
        // A reaction to dye is an allergy, not dye given.
        let dye = Support.facts(Support.esi + "She reports a \"bad reaction to X-ray dye\" in the 1990s and declined contrast. Contrast therefore not used.\n")
        #expect(dye.contrast == "contraindicated")
    }

    @Test func aContrastAllergyHeaderIsAnAllergyList() {
        let f = Support.facts(Support.esi + "CONTRAST ALLERGY: hives and wheezing after IV contrast in 2021.\n"
            + "Omnipaque 240, 0.5 mL, outlined the epidural space after premedication.\nCOMPLICATIONS: None.\n")
        #expect(f.complications == "none")
        #expect(f.contrast == "used")
    }

    // MARK: the history (decision 108)

    @Test func painSinceADatedEventIsDated() {
        let text = """
            DOS: 02/27/2026
            Date of injury: 06/02/2025
            PROCEDURE: Cervical interlaminar epidural steroid injection under fluoroscopy.
            History: Forklift collision at work 06/02/2025. Neck and left arm pain since the injury.

            """
        let a = Support.analyze(text)
        #expect((a.facts.durationWeeks ?? 0) > 30)
        #expect(Support.status(a, "history.duration") == .met)
        // "since the second surgery" after "microdiscectomy (2021)": the year counts.
        let year = Support.analyze("DOS: 03/02/2026\n" + Support.esi
            + "HPI: s/p L5-S1 microdiscectomy (2021), with leg pain constantly since the second surgery.\n")
        #expect((year.facts.durationWeeks ?? 0) > 52)
        // "came back in September": the month it started.
        let back = Support.analyze("DOS 01/08/2026\n" + Support.esi + "HPI: buttock pain that came back in September.\n")
        #expect((back.facts.durationWeeks ?? 0) >= 12)
    }

    @Test func aSentenceEndingInAQuotationEndsThere() {
        let f = Support.facts(Support.esi + "History: He has tried ibuprofen and it \"takes the edge off.\"  PT is planned to start after the injection.\n")
        #expect(f.conservativeTherapy.map(\.kind) == ["medication"])
        // Worry about radiation is not radiation treatment.
        let worry = Support.facts(Support.esi + "History: he is anxious about radiation after his brother's cancer treatment.\n")
        #expect(worry.conservativeTherapy.isEmpty)
    }

    @Test func surgeryAndMRIFindingsAreNotTargets() {
        let text = """
            Surgeon of record: Dr. M. Castellanos (L4-L5 TLIF 2022)
            PROCEDURE: Right L5-S1 interlaminar epidural steroid injection under fluoroscopy.
            She had an MRI in May which showed a protrusion at L5-S1 and a small annular fissure at L4-L5. The L5-S1 interspace was identified with fluoroscopy and a Tuohy needle entered the epidural space.

            """
        #expect(Support.facts(text).levels == ["L5-S1"])
    }

    @Test func aScoreJustAfterTheNarrativesComplicationsIsTheResponse() {
        let text = Support.esi + "History: leg pain for 3 months. Pain 7/10.\n"
            + "A Tuohy needle entered the epidural space. Dexamethasone 10 mg injected. No complications.  Leg pain 4/10, comfortable.\n"
        let a = Support.analyze(text)
        #expect(a.facts.baselinePain == 7)
        #expect(Support.status(a, "outcome.response") == .met)
        // A terse note's history line after "no cx" is still the history.
        let terse = Support.analyze("Rt L5 TFESI, fluoro AP/lat\nKenalog 40 mg/1 mL\nno cx, tol well\nDx Rt L5 radic x 8 wk, PT failed, pain 6/10\n")
        #expect(terse.facts.baselinePain == 6)
        // "pain 8/10 pre" is the baseline.
        #expect(Support.facts("Rt L5 TFESI, fluoro\nno cx. leg pain 2/10 post\npain 8/10 pre\n").baselinePain == 8)
        // "Pain 2/10 after;" is the response.
        #expect(Support.status(Support.analyze(Support.esi + "Complications: none.  Pain 2/10 after; walking without a limp.\n"), "outcome.response") == .met)
    }

    @Test func careNamedInEverydayWords() {
        let f = Support.facts(Support.esi + "Indication: 6 weeks of physical therapy, ibuprofen, and out of wrestling for the season; not improving.\n")
        #expect(f.conservativeTherapy.map(\.kind).sorted() == ["activity_modification", "medication", "physical_therapy"])
        let g = Support.facts(Support.esi + "Hx: treated with a Medrol Dosepak and a soft collar, and off work as a mechanic, without relief.\n")
        #expect(g.conservativeTherapy.map(\.kind).sorted() == ["activity_modification", "medication", "other"])
        let h = Support.facts(Support.esi + "- Tried: TLSO brace for 8 weeks, tramadol 50 mg prn.\n")
        #expect(h.conservativeTherapy.contains { $0.kind == "other" && $0.weeks == 8 })
    }

    @Test func aSharedSentencesViewsGoToTheProcedureNamedAfterThem() {
        let text = """
            PROCEDURES PERFORMED:
            1. Right L4-L5 interlaminar epidural steroid injection.
            2. Right L4-L5 and L5-S1 facet joint injections.

            DESCRIPTION OF PROCEDURE #1: The L4-L5 interspace was identified on AP fluoroscopy. A Tuohy needle entered the epidural space by loss of resistance, confirmed on a lateral view. Triamcinolone 40 mg (40 mg/mL, 1 mL) was injected.

            PROCEDURE #2: RIGHT L4-L5 AND L5-S1 FACET JOINT INJECTIONS. A spinal needle was placed into each joint under oblique fluoroscopic views. Bupivacaine 0.5 mL was injected into each joint.

            Oblique images of the facet needles and AP and lateral images of the epidural needle were saved to PACS.

            """
        let f = Support.facts(text)
        #expect(f.imageViews == ["ap", "lateral"])
        #expect(f.imagesArchived)
        // In a note with one procedure, a view of the facet column is still a view.
        let one = Support.facts(Support.esi + "An oblique view showed the L5-S1 facet column and the epidural needle tip; AP and lateral images saved.\n")
        #expect(one.imageViews == ["ap", "lateral", "oblique"])
    }

    @Test func aSideGivenUpIsNotASide() {
        let text = """
            PROCEDURE: BILATERAL L5 TRANSFORAMINAL EPIDURAL STEROID INJECTION (PLANNED) - RIGHT SIDE PERFORMED

            PROCEDURE: Right: with a right oblique view the right L5 pedicle was identified; a 22-gauge needle was advanced to the right L5-S1 foramen below it; Omnipaque outlined the right L5 root; dexamethasone 10 mg (10 mg/mL, 1 mL) was injected. \
            Left: an osteophyte blocked access to the left L5-S1 foramen; the left L5 injection was abandoned and nothing was injected on the left.

            """
        let f = Support.facts(text)
        #expect(f.laterality == "right")
        #expect(f.levels == ["L5"])
        // Both sides done stay bilateral.
        let both = Support.facts("PROCEDURE: Bilateral L5 transforaminal epidural steroid injection.\n"
            + "A needle was placed at the right L5 foramen and dexamethasone 5 mg injected. The same was repeated at the left L5 foramen. No complications on the left.\n")
        #expect(both.laterality == "bilateral")
    }

    @Test func aSpreadAlongRootsHasNoSide() {
        let f = Support.facts(Support.esi + "An 18-gauge Tuohy needle was advanced in the midline to the epidural space. "
            + "2 mL of Isovue-M 200 showed epidural spread along the S1 and S2 roots bilaterally.\n")
        #expect(f.laterality == "midline")
        // "lateral for depth" is a lateral view.
        #expect(Support.facts(Support.esi + "Fluoroscopy: AP view of the L5-S1 interlaminar space, lateral for depth.\n").imageViews == ["ap", "lateral"])
    }

    // MARK: text that claims without documenting (decisions 111–112)

    @Test func policyTextIsNotARecord() {
        let base = Support.esi + "A Tuohy needle entered the epidural space under fluoroscopy. Kenalog 80 mg/2 mL injected.\n"
        // A policy header, a "per ... protocol" sentence and a bracketed macro record nothing.
        let protocolNote = Support.analyze(base + "Fluoroscopy protocol:  Per practice protocol, AP and lateral views are obtained for all injections and images are archived to PACS.\n")
        #expect(!protocolNote.facts.imagesArchived)
        #expect(Support.status(protocolNote, "imaging.views") == .missing)
        let unit = Support.analyze(base + "DISPOSITION:  Per unit protocol, patients are observed for 20 minutes and discharged when criteria are met.\n")
        #expect(Support.status(unit, "outcome.response") == .missing)
        let lcd = Support.analyze(base + "LCD L36920 / A56681 REQUIREMENTS (reference):\n1. Radicular pain for at least 4 weeks.\n5. Images retained in the record, at least two views.\n")
        #expect(!lcd.facts.imagesArchived)
        #expect(lcd.facts.durationWeeks == nil)
        let macro = Support.analyze(base + "[LCD MACRO - provider must document: baseline pain score; fluoroscopic images retained in at least two views; signed record.]\n")
        #expect(!macro.facts.imagesArchived)
        // The same words told of this procedure still count.
        let real = Support.analyze(base + "AP and lateral images were archived to PACS.\n")
        #expect(real.facts.imagesArchived)
        #expect(Support.status(real, "imaging.views") == .met)
    }

    @Test func aPracticeStatementIsNotTheGuidance() {
        let text = """
            Practice statement:  It is the policy of Ridgeview Spine Center that epidural injections be performed under fluoroscopic guidance with contrast confirmation whenever the equipment is available.

            Procedure:  The L4-L5 interspace was palpated. A 17-gauge Tuohy needle was advanced in the midline and the epidural space found with loss of resistance. Injected 80 mg of triamcinolone.

            """
        let f = Support.facts("Lumbar interlaminar epidural steroid injection\n" + text)
        #expect(f.imaging == nil)
        #expect(f.contrast == nil)
    }

    @Test func aConsentFormsRuleIsNoAllergy() {
        let f = Support.facts(Support.esi + "CONSENT:  The standard consent form explains that contrast is not given to patients who are allergic to iodine or who are pregnant.\n\n"
            + "PROCEDURE DETAILS: Tuohy needle, loss of resistance. No contrast was injected. Kenalog 80 mg/2 mL injected.\n")
        #expect(f.contrast == "not_used")
        // A reason told with today's decision in the history still counts.
        let g = Support.facts(Support.esi + "History: She is 14 weeks pregnant, so the injection was performed with a landmark technique without fluoroscopy and no contrast was given.\n")
        #expect(g.contrast == "contraindicated")
    }

    @Test func anAttestationHeaderOverABlankSignatureLineSignsNothing() {
        let text = Support.esi + "Complications: none.\n\n"
            + "ATTESTATION:  By signing below, the provider attests that this note accurately reflects the services rendered.\n\n"
            + "Provider signature: ______________________   Date: __________\n"
        #expect(Support.facts(text).signed == false)
        // A named attestation signs.
        #expect(Support.facts(Support.esi + "Attestation: I was present for the entire procedure. Dr. A. Reyes\n").signed == true)
    }

    // MARK: sides, levels and everyday notes (decisions 110, 113)

    @Test func aSideCorrectedInAnAddendumIsWithdrawn() {
        let text = """
            PROCEDURE:  Left L5-S1 transforaminal epidural steroid injection with fluoroscopic guidance.
            Technique:  Left oblique view. 22-gauge spinal needle into the left L5-S1 foramen. Celestone 6 mg (6 mg/mL, 1 mL) injected.

            ADDENDUM:  The side was documented in error as left in the title and technique above.  The injection was performed at the RIGHT L5-S1 foramen.

            """
        #expect(Support.facts(text).laterality == "right")
    }

    @Test func contrastSpreadAndReferralsAreNotTheProcedure() {
        // "spread ... to the L5-S1 disc" and "filling up to the L4-5 level and along both S1 roots".
        let spread = Support.facts("Right S1 transforaminal epidural steroid injection\nA needle was advanced into the right S1 posterior foramen. 1 mL Omnipaque outlined the right S1 nerve root and spread cephalad in the ventral epidural space to the L5-S1 disc.\n")
        #expect(spread.levels == ["S1"])
        // "a PT referral was placed today" is a plan; "modified her work duties" is care.
        let care = Support.facts(Support.esi + "History: She has not tried physical therapy; a PT referral was placed today. She has modified her work duties.\n")
        #expect(care.conservativeTherapy.map(\.kind) == ["activity_modification"])
    }

    @Test func aFollowUpVisitIsNotAProcedure() {
        let text = """
            Pain Management Follow-up Visit
            S: Returns 3 weeks after caudal epidural steroid injection under fluoroscopy (80 mg Depo-Medrol).  Reports about 70% relief.
            A: Lumbar spinal stenosis (M48.062), improved after caudal ESI.

            """
        #expect(Support.facts(text).procedure != "esi")
        // An impression's numbered summary reports the procedure ("1.  Technically successful ...").
        let ct = Support.facts("EXAM:  CT-GUIDED LEFT S1 TRANSFORAMINAL EPIDURAL STEROID INJECTION\nPROCEDURE: A needle was placed at the left S1 foramen under CT. Kenalog 40 mg injected.\n\nIMPRESSION:\n1.  Technically successful CT-guided left S1 transforaminal epidural steroid injection.\n2.  No immediate complications.\n")
        #expect(ct.complications == "none")
        // Return precautions name no complication.
        let dc = Support.facts(Support.esi + "Complications: none\nDischarge: written instructions given; call for fever, severe headache, new arm weakness.\n")
        #expect(dc.complications == "none")
        // "since his L4-L5 laminectomy in 2019" is dated.
        let since = Support.facts("DATE OF PROCEDURE:  12/11/2025\n" + Support.esi + "INDICATION:  Persistent leg pain since his L4-L5 laminectomy in 2019.\n")
        #expect((since.durationWeeks ?? 0) > 300)
    }

    // MARK: procedure-system output, the neck and the chest, catheters (decisions 114–116)

    @Test func fieldsAnsweredAfterADashOrADotLeader() {
        let text = Support.esi + "Tuohy needle, loss of resistance. Kenalog 80 mg/2 mL injected.\n"
            + "Conservative Therapy: Physical Therapy - No; Medications - Yes (ibuprofen 800 mg TID) - no relief; Chiropractic - Not Documented\n"
            + "Catheter .................. N/A\n"
        let f = Support.facts(text)
        #expect(f.conservativeTherapy.map(\.kind) == ["medication"])
        #expect(f.catheter == "needle")
        // "Not Documented" answers nothing: no complication statement.
        let blank = Support.facts(Support.esi + "Complications ............. Not Documented\n")
        #expect(blank.complications == nil)
        // "HEP - not helping" is a result, not a field answered no.
        let result = Support.facts(Support.esi + "Hx: PT x 4 wks, NSAIDs, HEP - not helping. Pain 5/10.\n")
        #expect(result.conservativeTherapy.map(\.kind).sorted() == ["home_exercise", "medication", "physical_therapy"])
        // A spaced dash ends a label ("INJECTION — LEVEL: ______").
        let title = Support.facts("CERVICAL INTERLAMINAR EPIDURAL STEROID INJECTION — LEVEL: __________\nTuohy needle, loss of resistance. Dexamethasone 10 mg injected.\n")
        #expect(title.region == "cervical")
    }

    @Test func systemOutputThatIsNotTheNote() {
        // A software version in a footer is no V code.
        #expect(Support.facts(Support.esi + "PainTrack(R) v11.3  -  Page 1 of 1\n").diagnoses.isEmpty)
        // A contrast allergy's past reaction is no complication of today's procedure.
        let allergy = Support.facts(Support.esi + "Contrast Used: No\nReason Not Used: Contrast allergy (anaphylaxis)\nCOMPLICATIONS: None\n")
        #expect(allergy.complications == "none")
        #expect(allergy.contrast == "contraindicated")
        // A generic phrase beside named care adds no kind.
        let care = Support.facts(Support.esi + "Has completed physical therapy (Yes). Response to prior conservative care: none.\n")
        #expect(care.conservativeTherapy.map(\.kind) == ["physical_therapy"])
        // A grid row's total is its one drug's volume, a brand beside its generic included.
        let grid = Support.facts(Support.esi + "Medication\tDose\tVolume\nTriamcinolone (Kenalog) 40 mg/mL\t80 mg\t2 mL total\tTransforaminal\n")
        #expect(grid.substances.first { $0.name == "triamcinolone" }?.volumeMl == 2)
    }

    @Test func theNeckAndTheChest() {
        // Particulate steroids named only as not used.
        let f = Support.facts("Right C6 transforaminal epidural steroid injection\nNo particulate steroid (triamcinolone, methylprednisolone or betamethasone) was used; dexamethasone 10 mg/1 mL only.\n")
        #expect(f.substances.map(\.name) == ["dexamethasone"])
        // A landmark counted from is not the target.
        let t = Support.facts("UPPER THORACIC INTERLAMINAR EPIDURAL STEROID INJECTION, T1-T2\nOn the AP view the C7-T1 interspace was identified by the C7 spinous process, and counting down one level the T1-T2 interlaminar space was marked. Tuohy needle, loss of resistance.\n")
        #expect(t.levels == ["T1-T2"])
        #expect(t.region == "thoracic")
        // A procedure put off to another day is not today's.
        let later = Support.facts("PROCEDURE NOTE: TRIGGER POINT INJECTIONS, RIGHT UPPER TRAPEZIUS\nIndication: a C7-T1 interlaminar epidural steroid injection under fluoroscopy may be scheduled later.\nProcedure: 1 mL of 1% lidocaine was injected at each point.\n")
        #expect(later.procedure != "esi")
        // "the lateral third of the pillar" is anatomy; "left arm radiation" is the pain's spread.
        let anatomy = Support.facts(Support.esi + "Hx: chronic neck pain with left arm radiation; chiropractor twice weekly.\nAP view: tip at the lateral third of the pillar.\n")
        #expect(anatomy.imageViews == ["ap"])
        #expect(anatomy.conservativeTherapy.map(\.kind) == ["chiropractic"])
        // "POD 1." is a post-operative day, not a pain score.
        #expect(Support.facts(Support.esi + "Pre-Procedure Review: POD 1.  Pain 8/10 with coughing.\n").baselinePain == 8)
    }

    @Test func aCatheterThatWouldNotThreadLeavesANeedleInjection() {
        let text = Support.esi + "A 20-gauge Tuohy needle entered the epidural space. A 20-gauge catheter was passed into the needle but would not advance beyond the needle tip. "
            + "The catheter was withdrawn and its tip inspected intact. Depo-Medrol 80 mg was injected through the needle.\n"
        #expect(Support.facts(text).catheter == "needle")
        // A catheter tray opened in case is no catheter.
        #expect(Support.facts(Support.esi + "Tuohy needle placed. An epidural catheter tray had been opened in case threading was needed.\n").catheter == "needle")
        // Withdrawn 1 cm, then left in place: indwelling.
        let kept = Support.facts(Support.esi + "Tuohy needle. A 20 G catheter was threaded 4 cm; the catheter was withdrawn 1 cm and the paresthesia resolved. "
            + "Catheter secured and left in place for intermittent boluses.\n")
        #expect(kept.catheter == "indwelling")
    }

    // MARK: contradictions inside one note (decision 117)

    @Test func aCorrectionWithdrawsTheLevelOrDrugItNames() {
        let text = """
            PROCEDURE: L3-L4 interlaminar epidural steroid injection with fluoroscopy
            DESCRIPTION: The L3-L4 interlaminar space was identified under AP fluoroscopy. A Tuohy needle entered the epidural space. Depo-Medrol 80 mg was injected.

            ADDENDUM: The level was documented in error as L3-L4 in the title and technique above; the injection was performed at the L4-L5 interspace. \
            The steroid above was documented in error as Depo-Medrol. The injectate was dexamethasone 10 mg (10 mg/mL, 1 mL).

            """
        let f = Support.facts(text)
        #expect(f.levels == ["L4-L5"])
        #expect(f.substances.map(\.name) == ["dexamethasone"])
    }

    @Test func aCopiedNoteKeepsItsOwnHeaders() {
        let text = """
            Prior procedure note 08/2025 (copied forward, for reference):
            Caudal epidural steroid injection; Depo-Medrol 80 mg.
            Complications: transient hypotension, resolved. Pain 9/10 before.

            INTERVAL HISTORY: Left leg pain has returned over the last 6 weeks, now 6/10.

            TODAY: Prone. A 20-gauge Tuohy needle was advanced into the L5-S1 epidural space with loss of resistance. Kenalog 40 mg injected.
            Complications: none.
            Walking comfortably; leg pain 2/10.

            """
        let a = Support.analyze(text)
        #expect(a.facts.complications == "none")
        #expect(a.facts.baselinePain == 6)
        #expect(Support.status(a, "outcome.response") == .met)
    }
}
