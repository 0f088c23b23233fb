import Testing
@testable import Lamina

/// Mechanisms found by held-out sets 22 (near misses) and 23 (combined sessions, cervical and
/// thoracic work) and by this session's review of older leftovers: decisions 97–102 in
/// corpora/README.md.
@Suite("Facts: near misses, combined sessions and abbreviations")
struct NearMissTests {
    static let esi = Support.esi

    @Test func aRegionAbbreviationNamesNoApproach() {
        // "LESI" is a lumbar ESI of either approach: the note names none.
        let bare = Support.facts("LESI L5-S1 under fluoro\nNeedle into the epidural space, contrast confirmed.\nKenalog 80 mg/2 mL.\n")
        #expect(bare.procedure == "esi")
        #expect(bare.approach == nil)
        #expect(bare.levels == ["L5-S1"])
        // The approach's own abbreviations still name it.
        #expect(Support.facts("ILESI L5-S1 under fluoro\nKenalog 80 mg/2 mL.\n").approach == "interlaminar")
        #expect(Support.facts("Right L5 TFESI under fluoro\nKenalog 40 mg/1 mL.\n").approach == "transforaminal")
    }

    // MARK: combined sessions (decision 99)

    static let combined = """
        PROCEDURES PERFORMED:
        1. Radiofrequency ablation of the left C3, C4 and C5 medial branches.
        2. Cervical interlaminar epidural steroid injection at C6-C7, right paramedian approach.

        DESCRIPTION OF PROCEDURE: Using lateral and left oblique views, three radiofrequency cannulas were placed along the left C3, C4 and C5 articular pillars. \
        Each level was anesthetized with 1 mL of 2% lidocaine and lesioned at 80 degrees. After lesioning, 0.5 mL of dexamethasone 4 mg/mL with 0.5% bupivacaine was injected at each level. \
        The C-arm was then returned to AP and the C6-C7 interlaminar space was aligned under fluoroscopy. A 20-gauge Tuohy needle entered the epidural space with loss of resistance. \
        Then 80 mg of triamcinolone (40 mg/mL, 2 mL) was injected. AP images of the epidural needle and oblique images of the cannulas were saved.

        """

    @Test func aCombinedSessionKeepsTheEpiduralsFacts() {
        let f = Support.facts(Self.combined)
        #expect(f.procedure == "esi")
        #expect(f.approach == "interlaminar")
        #expect(f.levels == ["C6-C7"])
        #expect(f.laterality == "right")
        // The radiofrequency sentences' drugs are not the epidural's.
        #expect(f.substances.map(\.name) == ["triamcinolone"])
        // A sentence that names both procedures is kept for both.
        #expect(f.imagesArchived)
    }

    @Test func aSecondProceduresOtherModalityImagesAreNotTheEpidurals() {
        let text = """
            PROCEDURES PERFORMED:
            1. Cervical interlaminar epidural steroid injection at C6-C7 with fluoroscopic guidance.
            2. Left suprascapular nerve block, ultrasound guided.

            DESCRIPTION OF PROCEDURE: The C6-C7 interlaminar space was identified on AP fluoroscopy. A Tuohy needle entered the epidural space. Dexamethasone 10 mg (10 mg/mL, 1 mL) was injected.

            She then sat up for the shoulder block. A linear probe over the suprascapular fossa showed the nerve. 5 mL of 0.25% bupivacaine with 40 mg of triamcinolone was injected. Ultrasound images of the needle were saved to the record.

            """
        let f = Support.facts(text)
        #expect(f.imaging == "fluoroscopy")
        #expect(f.substances.map(\.name) == ["dexamethasone"])
        #expect(!f.imagesArchived)
        // Without a second procedure in the list, nothing is set apart.
        let single = Support.facts(Self.esi + "A Tuohy needle entered the epidural space. Each level was lesioned. Kenalog 80 mg/2 mL was injected.\n")
        #expect(single.substances.map(\.name) == ["triamcinolone"])
    }

    // MARK: small readings (decisions 98, 100)

    @Test func directionsLandmarksAndDermatomesAreNotLevels() {
        let f = Support.facts("Procedure: L5-S1 midline interlaminar subarachnoid phenol injection, fluoroscopic guidance.\nOmnipaque confirmed layering in the caudal thecal sac.\nResponse: sensory loss S2-S5.\n")
        #expect(f.approach == "interlaminar")
        #expect(f.levels == ["L5-S1"])
        let g = Support.facts("Procedure: Ultrasound-guided right C5 selective nerve root block.\nThe C7 transverse process was identified and the probe was moved up to the right C5 root. Dexamethasone 4 mg injected.\n")
        #expect(g.levels == ["C5"])
    }

    @Test func theComplaintToldAgainIsTheResponse() {
        let f = Support.facts(Self.esi + "History: right occipital headaches several times a week.\nComplications: None.\nDisposition: At 20 minutes the headache had resolved.\n")
        #expect(f.complications == "none")
        // A headache that is no complaint of the patient's is still an event.
        #expect(Support.facts(Self.esi + "Complications: None.\nDisposition: mild headache at 20 minutes.\n").complications == "present")
    }

    @Test func aPracticeAddressIsNoPainScore() {
        #expect(Support.facts("LOCATION: Cedar Hollow Interventional Pain, Suite 4\n" + Self.esi).baselinePain == nil)
    }

    // MARK: denials (decision 101)

    @Test func denialsListedWholeAndAcrossBut() {
        let views = Support.facts(Self.esi + "AP view obtained. A lateral view was not obtained because of her habitus.\n")
        #expect(views.imageViews == ["ap"])
        let contrast = Support.facts(Self.esi + "Contrast was drawn up but not injected.\n")
        #expect(contrast.contrast != "used")
        let imaging = Support.facts("Procedure: caudal epidural steroid injection.\nFluoroscopy was available in the suite but was not needed: landmark technique.\nKenalog 80 mg/2 mL.\n")
        #expect(imaging.imaging == "none")
        let pt = Support.facts(Self.esi + "History: she was referred to physical therapy in October but has not yet started. Takes ibuprofen.\n")
        #expect(pt.conservativeTherapy.map(\.kind) == ["medication"])
        // An active "has not tried PT" is still a forward denial.
        #expect(Support.facts(Self.esi + "History: he has not tried physical therapy.\n").conservativeTherapy.isEmpty)
        #expect(Support.facts(Self.esi + "Contrast was withheld because of the documented contrast anaphylaxis.\n").contrast == "contraindicated")
    }

    @Test func archiveStatementsOfViewsAndPlans() {
        #expect(!Support.facts(Self.esi + "Images: to be sent to PACS by the technologist.\n").imagesArchived)
        #expect(Support.facts(Self.esi + "AP and lateral views saved.\n").imagesArchived)
        #expect(Support.facts(Self.esi + "Record: AP and lateral projections retained in the procedure record.\n").imagesArchived)
        #expect(!Support.facts(Self.esi + "The needle tip was kept below S3 on the lateral view.\n").imagesArchived)
    }

    // MARK: near misses (decision 102)

    @Test func abandonedRootsAndCatheterTips() {
        let tf = Support.facts("PROCEDURE: Right L3 and L4 transforaminal epidural steroid injections (planned), fluoroscopic guidance\nTECHNIQUE: At right L3 the needle met an osteophyte at the L3-L4 foramen; the L3 injection was abandoned and nothing was injected at that level. At right L4 the needle was placed below the L4 pedicle. Celestone was injected.\n")
        #expect(tf.levels == ["L4"])
        let cath = Support.facts("Procedure: Lumbar epidural catheter placement, L3-L4 interlaminar, fluoroscopic guidance.\nTechnique: A Tuohy needle entered the L3-L4 epidural space. A catheter was threaded 5 cm into the epidural space; AP and lateral images showed the tip at L1-L2.\n")
        #expect(cath.levels == ["L3-L4"])
    }

    @Test func storyAndPlanAreNotToday() {
        let visit = Support.facts("SPINE CLINIC FOLLOW-UP\nInterval history: right L5 transforaminal epidural steroid injection 01/15/2026, about 70% relief for 5 weeks.\nPlan: Repeat right L5 transforaminal injection; will schedule.\n")
        #expect(visit.procedure == "other")
        let infusion = Support.facts(Self.esi + "Technique: 6 mL of 0.125% bupivacaine bolus. An infusion of bupivacaine 0.0625% with hydromorphone 10 mcg/mL at 6 mL/h is to be started by the palliative team.\n")
        #expect(!infusion.substances.contains { $0.name == "hydromorphone" })
        let consent = Support.facts(Self.esi + "Background: He gave informed consent after a discussion of bleeding, infection, hypotension and leg numbness.\nKenalog 80 mg/2 mL.\n")
        #expect(consent.complications != "present")
    }

    @Test func durationsAndActivityModification() {
        #expect((Support.facts(Self.esi + "HPI: right leg pain since a fall on ice 5 months ago.\n").durationWeeks ?? 0) >= 20)
        // The diabetes's ten years are not the pain's; the pain "developed 3 weeks ago" (decision 120).
        let diabetes = Support.analyze(Self.esi + "HISTORY: man with type 2 diabetes for 10 years who developed thigh pain 3 weeks ago.\n")
        #expect(diabetes.facts.durationWeeks == 3)
        #expect(Support.status(diabetes, "history.duration") == .missing)
        let f = Support.facts(Self.esi + "History: six weeks of chiropractic care; she has cut back her hours at work and avoids lifting.\n")
        #expect(f.conservativeTherapy.map(\.kind).contains("activity_modification"))
    }

    // MARK: the injectate told twice (decision 103)

    @Test func aMedicationRecordRestatesTheNarrative() {
        let text = Self.esi + """
            Narrative: 40 mg triamcinolone (Kenalog-40, 1 mL) and 1 mL of 0.25% bupivacaine were injected.

            MEDICATION ADMINISTRATION RECORD (procedure room)
            Triamcinolone acetonide       40 mg/mL         1 mL    transforaminal
            Bupivacaine HCl               0.25%            1 mL    transforaminal

            """
        let f = Support.facts(text)
        #expect(f.substances.map(\.name) == ["triamcinolone", "bupivacaine"])
        #expect(f.substances.first?.doseMg == 40)
        #expect(f.substances.first?.concentration == "40 mg/mL")
        // An amendment that adds the volume is the same administration.
        let amended = Support.facts(Self.esi + "Technique: dexamethasone 10 mg and 4 mL of 0.2% ropivacaine were injected.\nAMENDMENT: the dexamethasone line should read \"dexamethasone 10 mg (10 mg/mL, 1 mL)\".\n")
        #expect(amended.substances.filter { $0.name == "dexamethasone" }.count == 1)
        #expect(amended.substances.first { $0.name == "dexamethasone" }?.volumeMl == 1)
    }

    @Test func plansAndDenialsAroundTheInjectate() {
        let ward = Support.facts(Self.esi + "Technique: Bolus 5 mL of 0.1% ropivacaine. The ward infusion (0.1% ropivacaine, 4 mL/h) is to be started on arrival.\n")
        #expect(ward.substances.filter { $0.name == "ropivacaine" }.count == 1)
        let nurse = Support.facts(Self.esi + "Technique: First bolus 8 mL of 0.125% bupivacaine. The acute pain nurse will give 8 mL boluses of 0.125% bupivacaine every 4 hours as needed.\n")
        #expect(nurse.substances.filter { $0.name == "bupivacaine" }.count == 1)
        let spelled = Support.facts(Self.esi + "Technique: a test dose of three cc of one and a half percent lidocaine was negative.\n")
        #expect(spelled.substances.first { $0.name == "lidocaine" }?.volumeMl == 3)
        #expect(!Support.facts(Self.esi + "Images: not saved (PACS down).\n").imagesArchived)
        let gad = Support.facts(Self.esi + "Because of the iodinated contrast allergy, 1 mL of Magnevist was injected and showed epidural spread.\n")
        #expect(gad.contrast == "used")
        #expect(gad.substances.contains { $0.name == "gadopentetate" })
    }

    @Test func radicularPainAndPriorImagingNameNoLevel() {
        let f = Support.facts("Left L5-S1 TFESI under fluoroscopy\nInd: left S1 radicular pain, left L5-S1 foraminal protrusion.\nNeedle to the left L5-S1 foramen. Kenalog 40 mg/1 mL.\n")
        #expect(f.levels == ["L5-S1"])
        let g = Support.facts("PROCEDURE: Cervical epidural steroid injection, interlaminar entry at T1-T2.\nTECHNIQUE: The T1-T2 interspace was identified because the C6-C7 and C7-T1 windows were very narrow on prior imaging. Tuohy needle at T1-T2.\n")
        #expect(g.levels == ["T1-T2"])
    }

    @Test func aftercareThatReportsIsTheResponse() {
        let f = Support.facts(Self.esi + "AFTERCARE: Tolerated well, vitals stable, discharged home. Images saved to PACS.\n")
        #expect(f.response)
        #expect(f.imagesArchived)
    }

    // MARK: context in a history (decision 104)

    @Test func historyContext() {
        let daughter = Support.facts("Date: 01/20/2026\n" + Self.esi + "Indication: Per her daughter, the right leg pain has been present since Thanksgiving.\n")
        #expect((daughter.durationWeeks ?? 0) >= 4)
        let fusion = Support.facts("CAUDAL ESI UNDER FLUOROSCOPY - 10/14/2025\nDx: L4-S1 fusion 2021; back and leg pain since the fusion.\n")
        #expect((fusion.durationWeeks ?? 0) >= 52)
        let pt = Support.facts(Self.esi + "History: PT was prescribed but she never attended. Takes naproxen.\n")
        #expect(pt.conservativeTherapy.map(\.kind) == ["medication"])
        let handout = Support.facts(Self.esi + "History: ibuprofen for 3 weeks and home exercises from a PT handout, without relief.\n")
        #expect(Set(handout.conservativeTherapy.map(\.kind)) == ["medication", "home_exercise"])
        let other = Support.facts(Self.esi + "History: she takes no medication other than occasional ibuprofen.\n")
        #expect(other.conservativeTherapy.map(\.kind) == ["medication"])
        let quote = Support.facts(Self.esi + "Complications: none.\nAddendum: The sentence \"Patient had a brief vasovagal episode, resolved\" came from another patient's template and has been removed.\n")
        #expect(quote.complications == "none")
        let consent = Support.facts(Self.esi + "Consent reviewed, including bleeding, infection, dural puncture with headache and nerve injury. Kenalog 80 mg/2 mL injected.\n")
        #expect(consent.complications != "present")
    }

    @Test func clockTimesAndOtherComplications() {
        let f = Support.facts(Self.esi + "Pre-procedure (RN, 07:40): BP 138/82, HR 76, pain 8/10 left leg.\n")
        #expect(f.baselinePain == 8)
        let g = Support.facts(Self.esi + "COMPLICATIONS: Blood on initial aspiration on the left, resolved with repositioning. No other complications.\n")
        #expect(g.complications == "present")
        #expect(Support.facts(Self.esi + "COMPLICATIONS: None. No other complications.\n").complications == "none")
    }

    // MARK: anatomy and the end of the note (decision 105)

    @Test func anatomyEdges() {
        #expect(Support.facts("Procedure: lumbar interlaminar epidural steroid injection under fluoroscopy.\nThe fourth lumbar interspace was identified and entered with a Tuohy needle.\n").levels == ["L4-L5"])
        let changed = Support.facts("Procedure: L4-5 interlaminar epidural steroid injection, fluoroscopy.\nDetails: the L4-5 interspace was narrow; nothing was injected at that level, so the L3-L4 interspace was selected instead. A Tuohy needle entered at L3-L4. Omnipaque flowed caudally on the left to L5.\n")
        #expect(changed.levels == ["L3-L4"])
        let avoid = Support.facts("Procedure: L5-S1 interlaminar epidural steroid injection.\nTo avoid the left laminotomy defect and scar, the L5-S1 interlaminar space was entered from the right.\n")
        #expect(avoid.levels == ["L5-S1"])
        let hardware = Support.facts("Procedure: right L3 transforaminal epidural steroid injection, fluoroscopy.\nThe L4 screw heads were seen; the needle was placed below the right L3 pedicle.\n")
        #expect(hardware.levels == ["L3"])
        let caudal = Support.facts("Procedure: caudal epidural steroid injection under fluoroscopy.\nA Tuohy needle entered the sacral hiatus; AP and lateral views confirmed the tip at S3. Kenalog 80 mg/2 mL.\n")
        #expect(caudal.levels.isEmpty)
        #expect(Support.facts("Procedure: piriformis injection.\nHistory: no radicular findings, so an epidural injection is not indicated.\n").procedure == "other")
    }

    @Test func theEndOfTheNote() {
        #expect(Support.facts(Self.esi + "Note authenticated electronically by Ottilie Brandvold, MD -- 03/17/2026 14:02\n").signed)
        #expect(Support.facts(Self.esi + "Complications: Blood on initial aspiration, needle repositioned; no further events.\n").complications == "present")
        #expect(Support.facts(Self.esi + "Complications: Transient high block with bilateral upper extremity weakness, resolved.\n").complications == "present")
        #expect(Support.facts(Self.esi + "COMPLICATIONS:  [ ] Vasovagal  [ ] Paresthesia  [x] None\n").complications == "none")
        // The same box reader as the template states: ballot boxes too.
        #expect(Support.facts(Self.esi + "COMPLICATIONS:  ☐ Vasovagal  ☑ None\n").complications == "none")
        #expect(Support.facts(Self.esi + "Complications: ____________________\n").complications == nil)
        let care = Support.facts(Self.esi + "Symptoms: right leg pain for 6 weeks, not improved with a 3-week course of ibuprofen and time off heavy lifting at work.\n")
        #expect(Set(care.conservativeTherapy.map(\.kind)) == ["medication", "activity_modification"])
        #expect(Support.facts(Self.esi + "History: a methylprednisolone taper failed.\n").conservativeTherapy.map(\.kind) == ["medication"])
        #expect(Support.facts(Self.esi + "ADDENDUM: telephone follow-up 2 days after the injection; he reports about 60% less leg pain and is walking farther.\n").response)
    }
}
