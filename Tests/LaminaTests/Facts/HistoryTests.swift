import Testing
@testable import Lamina

@Suite("Facts: history, pain, diagnoses, outcome, signature")
struct HistoryTests {
    static let esi = Support.esi

    @Test func therapyKindsWeeksAndFailure() {
        let f = Support.facts(Self.esi + "INDICATION: Completed 6 weeks of physical therapy and naproxen without relief.\n")
        let pt = f.conservativeTherapy.first { $0.kind == "physical_therapy" }
        #expect(pt?.weeks == 6 && pt?.failed == true)
        #expect(f.conservativeTherapy.contains { $0.kind == "medication" })
    }

    @Test func ptIsNotPatient() {
        #expect(Support.facts(Self.esi + "INDICATION: Pt was placed prone.\n").conservativeTherapy.isEmpty)
    }

    @Test func painScores() {
        #expect(Support.facts(Self.esi + "INDICATION: Pain 7/10.\n").baselinePain == 7)
        #expect(Support.facts(Self.esi + "INDICATION: VAS 70/100.\n").baselinePain == 7)
        #expect(Support.facts(Self.esi + "INDICATION: She rates her pain 8 out of 10.\n").baselinePain == 8)
        #expect(Support.facts(Self.esi + "INDICATION: NRS 6.\n").baselinePain == 6)
        #expect(Support.facts(Self.esi + "POST: Pain 2/10 after the procedure.\n").baselinePain == nil)
        #expect(Support.facts(Self.esi + "DOS: 02/10/2026\n").baselinePain == nil)
        #expect(Support.facts(Self.esi + "INDICATION: Pain went from 8/10 to 2/10.\n").baselinePain == 8)
    }

    @Test func durationAtLeastFourWeeks() {
        #expect(Support.facts(Self.esi + "INDICATION: Leg pain x 5 months.\n").durationWeeks! >= 4)
        #expect(Support.facts(Self.esi + "INDICATION: Chronic leg pain. 58 year old.\n").durationWeeks == nil)
        #expect(Support.facts(Self.esi + "Follow up in 6 weeks.\n").durationWeeks == nil)
    }

    @Test func diagnosesNormalized() {
        #expect(Support.facts(Self.esi + "DIAGNOSIS: M5416, M48.062, m54.17\n").diagnoses == ["M54.16", "M48.062", "M54.17"])
        #expect(Support.facts(Self.esi + "Levels L45 and C56; J1010 billed.\n").diagnoses.isEmpty)
    }

    @Test func complications() {
        #expect(Support.facts(Self.esi + "COMPLICATIONS: None.\n").complications == "none")
        #expect(Support.facts(Self.esi + "There were no complications.\n").complications == "none")
        #expect(Support.facts(Self.esi + "A transient vasovagal episode resolved with positioning.\n").complications == "present")
        #expect(Support.facts(Self.esi + "EBL: minimal.\n").complications == nil)
        #expect(Support.facts(Self.esi + "No paresthesias were noted.\n").complications == nil)
    }

    @Test func signatures() {
        #expect(Support.facts(Self.esi + "Electronically signed by A. Doe, MD\n").signed)
        #expect(Support.facts(Self.esi + "I was present for the entire procedure.\n").signed)
        #expect(!Support.facts(Self.esi + "Consent: signed\n").signed)
        #expect(!Support.facts(Self.esi + "Dictated but not read\n").signed)
        #expect(!Support.facts(Self.esi + "Signature pending\n").signed)
        #expect(!Support.facts(Self.esi + "Signed by: __________\n").signed)
    }

    @Test func procedureFamily() {
        #expect(Support.facts("PROCEDURE: Epidural blood patch at L3-4.\nA Tuohy needle entered the epidural space by loss of resistance.\n").procedure == "other")
        #expect(Support.facts("PROCEDURE: Bilateral L4-5 facet joint injections with fluoroscopy.\n80 mg Depo-Medrol.\n").procedure == "other")
        #expect(Support.facts("ASSESSMENT: Lumbar radiculopathy.\nPLAN: Will schedule a lumbar epidural steroid injection.\n").procedure == "other")
        #expect(Support.facts("PROCEDURE: Thoracic epidural neurolysis with phenol, T8-9 interlaminar.\n").neurolytic)
        #expect(Support.facts("PROCEDURE: Intrathecal baclofen trial, L3-4.\n").pumpTrial)
    }

    @Test func ehrListsAndCopiedProceduresLendNothing() {
        let f = Support.facts("""
        PAIN PROCEDURE NOTE
        HPI: Low back and left leg pain for 3 months, failed PT. Pain 7/10.
        Current Outpatient Medications
        • methylPREDNISolone (MEDROL DOSEPACK) 4 mg tablet — take as directed
        Allergies
        • Sulfa — Hives
        Previous procedure 08/2025: Right L5 transforaminal ESI, AP, lateral and oblique views, 80 mg Depo-Medrol, images saved.
        PROCEDURE: Left L5-S1 interlaminar epidural steroid injection under fluoroscopy.
        TECHNIQUE: Tuohy needle, loss of resistance. AP and lateral views. Omnipaque 240 1 mL. Dexamethasone 10 mg (10 mg/mL, 1 mL).
        COMPLICATIONS: None.
        """)
        #expect(f.substances.filter { $0.cls == "steroid" }.map(\.name) == ["dexamethasone"])
        #expect(f.imageViews == ["ap", "lateral"])
        #expect(f.complications == "none")
        #expect(f.imagesArchived == false)
        #expect(f.levels == ["L5-S1"])
    }

    @Test func symptomsBeforeTheProcedureAndAllergiesAreNotComplications() {
        let f = Support.facts("""
        PAIN MANAGEMENT PROCEDURE NOTE

        Her pain is now bilateral, 7/10, with bilateral L5 paresthesias. Allergies: shellfish (hives).

        DETAILS OF PROCEDURE: L5-S1 interlaminar epidural steroid injection under fluoroscopy, Tuohy needle. Contrast was not used because of her anaphylaxis to iodinated contrast.
        COMPLICATIONS: None.
        """)
        #expect(f.complications == "none")
        #expect(f.contrast != "used", "the contrast named as the allergen was not injected")
    }

    @Test(arguments: ["Pain score today: ***/10.", "Time\tBP\tPain (0-10)\n0800\t130/80\t"])
    func aScaleIsNotAScore(_ line: String) {
        #expect(Support.facts(Support.esi + line + "\n").baselinePain == nil)
    }

    /// Numbers beside a pain word that are not scores: a fax banner's page number, a list
    /// enumerator, and an earlier injection's result on a dated list line.
    @Test func pageNumbersEnumeratorsAndPastResultsAreNotTheBaseline() {
        let banner = "*** FAXED ***  Riverbend Pain & Spine   PAGE 1 OF 2\n" + Support.esi + "HISTORY: Leg pain. Pain 6/10 before the procedure.\n"
        #expect(Support.facts(banner).baselinePain == 6)
        let list = "Procedures today: (1) L5-S1 interlaminar epidural steroid injection; (2) trigger points.\nHistory: Pain 7/10.\n"
        #expect(Support.facts(list).baselinePain == 7)
        let address = "Elmhurst Pain Clinic · 7 Beacon Square · Suite 300\n" + Support.esi + "HISTORY: Back pain. Pain 6/10.\n"
        #expect(Support.facts(address).baselinePain == 6)
        #expect(Support.facts(Support.esi + "HISTORY: Back pain 7/10, worse standing.\n").baselinePain == 7)
        let prior = Support.esi + "PRIOR RESULTS:\n- 11/12/2025 left S1 TFESI: pain 8/10 -> 2/10 for 9 weeks\n\nToday's pain 7/10.\n"
        #expect(Support.facts(prior).baselinePain == 7)
    }

    /// A vitals or nursing flowsheet's pain column gives the baseline when the narrative
    /// gives none; a post-procedure table does not; the narrative wins.
    @Test func flowsheetPainColumn() {
        let pre = Support.esi + "NURSING PRE-PROCEDURE ASSESSMENT\nTime\tBP\tHR\tSpO2\tPain (0-10)\n0812\t138/86\t78\t98%\t8\n"
        let f = Support.facts(pre)
        #expect(f.baselinePain == 8)
        #expect(f.evidence["baseline_pain"]?.count == 1)
        let spaced = Support.esi + "Vitals:\n Time   BP       HR   SpO2   NRS\n 0905   150/88   80   97%    6\n"
        #expect(Support.facts(spaced).baselinePain == 6)
        let narrative = Support.esi + "History: leg pain. Pain 7/10.\nTime\tBP\tNRS\n0812\t138/86\t8\n"
        #expect(Support.facts(narrative).baselinePain == 7)
        let post = Support.esi + "POST-PROCEDURE:\nTime\tBP\tHR\tNRS\n0905\t132/80\t74\t3\n"
        #expect(Support.facts(post).baselinePain == nil)
    }
}

