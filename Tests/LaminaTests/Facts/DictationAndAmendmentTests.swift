import Testing
@testable import Lamina

/// Mechanisms found by held-out sets 15–18 (element edges, speech-recognition dictations,
/// amended notes, the code table's edges): decisions 79–92 in corpora/README.md.
@Suite("Facts: dictation, amended notes and code-table edges")
struct DictationAndAmendmentTests {
    static let esi = Support.esi

    // MARK: dictation

    /// A note dictated with its punctuation spoken, as a recognizer leaves it.
    static let dictated = """
        procedure performed colon left L five S one interlaminar epidural steroid injection with fluoroscopic guidance new paragraph \
        indication colon sixty one year old man with left leg pain for about five months period he did eight weeks of physical therapy period \
        pain today is seven out of ten new paragraph description colon the L five S one interspace was identified under AP fluoroscopy and \
        the skin was numbed with three cc of one percent lidocaine a twenty gauge Tuohy needle was advanced with loss of resistance to saline \
        aspiration was negative for blood and CSF two cc of omnipaque two forty showed epidural spread with no vascular uptake then eighty \
        milligrams of Depo Medrol two cc with one cc of point two five percent bupivacaine was injected period complications colon none period

        """

    @Test func spokenPunctuationBecomesMarks() {
        let d = Support.document(Self.dictated)
        // "colon" after a header word opens the section; "period" ends sentences.
        #expect(d.structure.sections.contains { $0.kind == .indication })
        #expect(d.structure.sections.contains { $0.kind == .technique })
        #expect(d.structure.sentences.count >= 6)
        let f = Support.facts(Self.dictated)
        #expect(f.levels == ["L5-S1"] && f.laterality == "left" && f.approach == "interlaminar")
        #expect(f.baselinePain == 7)
        #expect(f.complications == "none")
    }

    @Test func spokenPeriodThatIsAWordStays() {
        // One dictated mark is not enough, and "a period of" is the noun.
        let d = Support.document(Self.esi + "INDICATION: pain for a period of six weeks, colon cancer history.\n")
        #expect(!d.tokens.contains { Tokenizer.isSpoken($0, d.note.bytes) })
        let text = Self.dictated + "observed for a recovery period of twenty minutes period\n"
        let dd = Support.document(text)
        let periodWords = dd.tokens.filter { dd.note.text($0.span).lowercased() == "period" }
        #expect(periodWords.contains { $0.kind == .word })      // "recovery period of"
        #expect(periodWords.contains { $0.kind == .punct })     // "... five months period"
    }

    @Test func spelledAmountsAndStrengths() {
        let f = Support.facts(Self.dictated)
        // "two cc of omnipaque two forty": 240 is the product's strength, 2 mL the amount.
        #expect(f.contrast == "used")
        #expect(f.substances.first { $0.name == "iohexol" }?.volumeMl == 2)
        let bupi = f.substances.first { $0.name == "bupivacaine" }
        #expect(bupi?.concentration == "0.25%" && bupi?.volumeMl == 1)
        #expect(f.substances.first { $0.name == "methylprednisolone" }?.doseMg == 80)
        let g = Support.facts(Self.esi + "TECHNIQUE: one and a half cc of Isovue M two hundred, then half a cc of dexamethasone.\n")
        #expect(g.substances.first { $0.name == "iopamidol" }?.volumeMl == 1.5)
        #expect(g.substances.first { $0.name == "dexamethasone" }?.volumeMl == 0.5)
    }

    @Test func spokenPainScores() {
        #expect(Support.facts(Self.esi + "HISTORY: Leg pain for 3 months. Pain today six over ten.\n").baselinePain == 6)
        #expect(Support.facts(Self.esi + "HISTORY: Leg pain for 3 months; pain is rated a six on a zero to ten scale.\n").baselinePain == 6)
        // A grade is not a score.
        #expect(Support.facts(Self.esi + "INDICATION: radicular pain from grade 1 spondylolisthesis. Pain 6/10.\n").baselinePain == 6)
    }

    @Test func dictatedLevels() {
        #expect(Support.facts("Procedure: lumbar interlaminar epidural steroid injection at L four to L five with fluoroscopy.\n").levels == ["L4-L5"])
        // Side by side without a dash: the interspace for an interlaminar injection, two roots
        // for a transforaminal one, and one foramen when "foramen" follows.
        #expect(Support.facts("PROCEDURE: L5 S1 interlaminar epidural steroid injection under fluoroscopy.\n").levels == ["L5-S1"])
        #expect(Support.facts("PROCEDURE: right L4 L5 transforaminal epidural steroid injection under fluoroscopy.\n").levels == ["L4", "L5"])
        #expect(Support.facts("PROCEDURE: right transforaminal epidural steroid injection under fluoroscopy.\nTECHNIQUE: needle into the right L5 S1 foramen.\n").levels == ["L5-S1"])
        // A note that names "the L5 S1 foramen" means that foramen by every "L5 S1" (decision 98).
        #expect(Support.facts("PROCEDURE: bilateral L five S one transforaminal epidural steroid injection period the right L five S one foramen was seen in an oblique view.\n").levels == ["L5-S1"])
    }

    @Test func dictatedCorrectionsWithdrawWhatTheyFollow() {
        let f = Support.facts("PROCEDURE: lumbar interlaminar epidural steroid injection at L3-4, correction, L4-5 under fluoroscopy.\nTECHNIQUE: Depo-Medrol correction Kenalog 80 mg injected.\n")
        #expect(f.levels == ["L4-L5"])
        #expect(f.substances.map(\.name) == ["triamcinolone"])
    }

    @Test func anAmountEndsADenial() {
        // Run-on dictation: the denial of blood and CSF does not reach the contrast.
        let f = Support.facts(Self.esi + "TECHNIQUE: aspiration was negative for blood and CSF 2 mL of Omnipaque 240 showed epidural spread.\n")
        #expect(f.contrast == "used")
    }

    // MARK: amended and copied notes

    @Test func withdrawnTextIsNotAsserted() {
        let f = Support.facts(Self.esi + "TECHNIQUE: Injected: [deleted: Depo-Medrol 80 mg/1 mL] dexamethasone 10 mg.\nDiagnosis: ~~M54.12~~ M50.122\n")
        #expect(f.substances.map(\.name) == ["dexamethasone"])
        #expect(f.diagnoses == ["M50.122"])
        // Brackets without a deletion word are text.
        #expect(Support.facts(Self.esi + "TECHNIQUE: [note] Depo-Medrol 80 mg injected.\n").substances.contains { $0.name == "methylprednisolone" })
    }

    @Test func originallyDictatedAsWithdrawsAValue() {
        let f = Support.facts("PROCEDURE: RIGHT L4 TRANSFORAMINAL EPIDURAL STEROID INJECTION UNDER FLUOROSCOPY\nTECHNIQUE: needle to the right L4 foramen (*** corrected: originally dictated as left ***).\n")
        #expect(f.laterality == "right")
    }

    @Test func aCopiedPriorNoteIsHistory() {
        let text = """
            Interval history: returns for right leg pain. Pain 7/10.

            Prior procedure note 01/2026 (copied forward, for reference):
            "Left L4-5 interlaminar epidural steroid injection. 20-gauge Tuohy, loss of resistance at L4-5. Depo-Medrol 80 mg. Images saved to PACS."

            Today's procedure: Right L5 transforaminal epidural steroid injection under fluoroscopic guidance.
            22-gauge spinal needle to the right L5 foramen. Dexamethasone 10 mg injected.

            """
        let f = Support.facts(text)
        #expect(f.approach == "transforaminal" && f.levels == ["L5"] && f.laterality == "right")
        #expect(!f.substances.contains { $0.name == "methylprednisolone" })
        #expect(!f.imagesArchived)
        // Pasted for reference without a known header word.
        let g = Support.facts("Reason for visit: follow-up.\n\nProcedure note 12/22/2025 (pasted for reference):\n\"Right L5 transforaminal epidural steroid injection under fluoroscopy. Dexamethasone 10 mg.\"\n\nPlan: may repeat the injection.\n")
        #expect(g.procedure == "other")
    }

    // MARK: signatures and responses

    @Test func signatureEdges() {
        // A signature line with no name, then another empty field.
        #expect(Support.facts(Self.esi + "Complications: none.\n\nElectronically signed by:\nDate/Time:\n").signed != true)
        // The name on the next line signs.
        #expect(Support.facts(Self.esi + "Complications: none.\n\nElectronically signed by:\nPriya Raman, MD 02/11/2026\n").signed == true)
        // A co-signature still to come does not undo the author's signature.
        #expect(Support.facts(Self.esi + "Electronically signed by K. Fair, MD (resident) 09/03/2025\nAttending co-signature pending.\n").signed == true)
        // Staff signing for the physician is not the physician's signature.
        #expect(Support.facts(Self.esi + "Electronically signed by J. Marsh, CMA, on behalf of N. Crewe, MD 01/08/2026\n").signed == false)
    }

    @Test func responsePhrasings() {
        #expect(Support.facts(Self.esi + "Complications: None. Post: left leg pain 3/10, walking well.\n").response)
        #expect(Support.facts(Self.esi + "Post-procedure vitals: BP 132/78, HR 72.\n").response)
        #expect(Support.facts(Self.esi + "IMPRESSION: Technically successful L5-S1 interlaminar epidural injection. No complications. She reported no change in her leg pain.\n").response)
        // Vital signs by reference, or before the procedure, are no response.
        #expect(!Support.facts(Self.esi + "Post-procedure vitals: see nursing record.\n").response)
        #expect(!Support.facts(Self.esi + "HISTORY: BP 150/90 at intake.\n").response)
    }

    @Test func impressionThatSumsUpTheProcedure() {
        let f = Support.facts("CT-GUIDED LUMBAR INTERLAMINAR EPIDURAL INJECTION\n\nTECHNIQUE: Axial images through L5-S1 were used to plan the trajectory. Tuohy needle, loss of resistance. Dexamethasone 10 mg.\n\nIMPRESSION: Technically successful right paramedian L5-S1 interlaminar epidural injection. No complications.\n")
        #expect(f.levels == ["L5-S1"] && f.complications == "none")
        // A clinic's impression is a diagnosis: its levels are not injected.
        let g = Support.facts(Self.esi + "IMPRESSION: Multilevel lumbar stenosis, worst at L3-L4; plan repeat injection.\n")
        #expect(g.levels == ["L5-S1"])
    }

    // MARK: durations

    @Test func durationsFromDatesAndWords() {
        func weeks(_ body: String) -> Double? { Support.facts(Self.esi + "Date of service: 08/19/2025\n" + body).durationWeeks }
        #expect((weeks("INDICATION: leg pain since March of this year.\n") ?? 0) > 20)
        #expect((weeks("INDICATION: neck pain since a fall from a ladder in May.\n") ?? 0) > 12)
        #expect((weeks("INDICATION: leg pain since 02/2025.\n") ?? 0) > 20)
        #expect((weeks("INDICATION: shin pain for years, worse lately.\n") ?? 0) >= 52)
        #expect((weeks("INDICATION: leg symptoms with walking since early 2024.\n") ?? 0) >= 52)
        #expect((weeks("INDICATION: leg pain that started about 8 weeks ago.\n") ?? 0) == 8)
        // "since the fall" may be the fall the patient had: no season read.
        #expect(weeks("INDICATION: back pain since the fall on the ice.\n") == nil)
        // A date of birth is not the date of service.
        #expect(Support.facts(Self.esi + "DOB: 01/02/1960\nINDICATION: leg pain since March.\n").durationWeeks == nil)
    }

    // MARK: code-table edges

    @Test func proceduresByName() {
        let f = Support.facts("PROCEDURE: Intrathecal drug delivery trial, intrathecal catheter at L2-L3 under fluoroscopy, left in place for a 72-hour morphine infusion.\nHISTORY: a spinal cord stimulator trial gave no benefit.\n")
        #expect(f.procedure == "esi" && f.pumpTrial)
        let g = Support.facts("Referred for right L4 and L5 nerve root injections. Using fluoroscopy the right L4-5 and L5-S1 foramina were targeted with 22 gauge spinal needles; betamethasone 12 mg divided between the two levels.\n")
        #expect(g.procedure == "esi")
    }

    @Test func viewsWithoutAModalityAreFluoroscopy() {
        let f = Support.facts("Procedure: Diagnostic selective nerve root block, right L5\nTechnique: Right oblique view; 22-gauge needle to the right L5 foramen. AP and lateral views. Lidocaine 2% 0.75 mL.\n")
        #expect(f.imaging == "fluoroscopy")
        #expect(f.evidence["imaging"]?.isEmpty == false)
    }

    @Test func historyCareEdges() {
        // Not started yet, pending authorization, and home traction equipment.
        let f = Support.facts(Self.esi + "Hx: naproxen 500 bid x 6 wks - no help. PT not started (pending auth). Uses a home cervical traction unit.\n")
        #expect(f.conservativeTherapy.map(\.kind).sorted() == ["medication", "other"])
        // Referral header: its levels are the referrer's question, not the target.
        let g = Support.facts("Procedure: Diagnostic selective nerve root block, right L5, fluoroscopy\nRequested by: Dr. Kell (to separate an L5 from an S1 pain source)\nTechnique: needle to the right L5 foramen.\n")
        #expect(g.levels == ["L5"])
        // Contrast left out because it cannot be seen is a contraindication.
        #expect(Support.facts(Self.esi + "TECHNIQUE: No contrast, as contrast cannot be seen on ultrasound.\n").contrast == "contraindicated")
    }

    @Test func credentialsAreNotViews() {
        let f = Support.facts(Self.esi + "Referring: B. Lomax, PA-C\nTECHNIQUE: AP view only.\n")
        #expect(f.imageViews == ["ap"])
        #expect(f.evidence["image_views"]?.count == 1)
    }

    // MARK: provider drafts (heldout-19)

    @Test func templatePlaceholdersAnswerNothing() {
        let f = Support.facts(Self.esi + "TECHNIQUE: Tuohy, LOR. Omnipaque 240 2 mL. Kenalog 80 mg.\nImages saved: {Yes/No}\nViews: {AP/lateral/CLO}\nComplications: ***\nApproach: {midline/Lt paramedian/Rt paramedian}\n")
        #expect(!f.imagesArchived)
        #expect(f.imageViews.isEmpty)
        // A placeholder is not a denial: "Complications: ***" says nothing, not "none".
        #expect(f.complications == nil)
        #expect(f.laterality == nil)
        // A filled field still answers.
        #expect(Support.facts(Self.esi + "Complications: None.\n").complications == "none")
    }

    @Test func boxesAllLeftEmptyLeaveTheLabelUnanswered() {
        let f = Support.facts(Self.esi + "Contrast:\t[ ] Omnipaque 240  [ ] Isovue-M 200  [ ] None (allergy)\nTECHNIQUE: Tuohy, LOR. Dexamethasone 10 mg.\n")
        #expect(f.contrast == nil)
    }

    @Test func clinicShorthand() {
        let f = Support.facts(Self.esi + "- Omni 240 1.5 mL: epidural spread\n- Injected: DMP 80 mg (40 mg/mL, 2 mL) + PF NS 2 mL\n")
        #expect(f.contrast == "used")
        #expect(f.substances.first { $0.name == "methylprednisolone" }?.doseMg == 80)
        #expect(f.conservativeTherapy.isEmpty)
        let g = Support.facts(Self.esi + "Dx: R S1 radiculopathy. Calf pain x 4 mo; HEP 8 wks + chiro, no change.\n")
        #expect(g.conservativeTherapy.map(\.kind).sorted() == ["chiropractic", "home_exercise"])
    }

    @Test func aShortFieldBeforeAListEndsAtItsLine() {
        let f = Support.facts("LEFT L4, L5 TFESI\nIndication: Lt L4 and L5 radicular pain x 4 mo.\nPain score: ***/10\n- Fluoro guidance; Lt oblique for each target\n- 22g spinal needles to the Lt L4 and Lt L5 foramina\n- Omnipaque 180 0.5 mL each level\n- Kenalog 40 mg/mL, 2 mL (80 mg), split between levels\n")
        #expect(f.substances.contains { $0.name == "triamcinolone" })
        #expect(f.contrast == "used" && f.imaging == "fluoroscopy")
    }

    @Test func ordersAndObliques() {
        // An order is a request: nothing was performed.
        let f = Support.facts("PAIN CLINIC\nOrder: L5-S1 ILESI w/ fluoro, DMP 80 mg\nPre-procedure check: pt took clopidogrel this morning. Procedure NOT performed. No needle placed, no medications given.\nPlan: reschedule ILESI in 2 wks.\n")
        #expect(f.procedure == "other")
        #expect(f.levels.isEmpty)
        let g = Support.facts("Procedure: Rt L5 TFESI (fluoro)\n- R oblique to align the L5 pedicle; skin 1% lido 1 mL\n- AP + lateral confirm\n")
        #expect(g.imageViews == ["ap", "lateral", "oblique"])
    }

    @Test func scoresAndCounts() {
        // A score opening its sentence is not a dated line.
        #expect(Support.facts(Self.esi + "Hx: L5 radiculopathy, 3 mo, PT 6 wks failed. 5/10 today.\n").baselinePain == 5)
        // "pain walking > 1 block" counts blocks.
        #expect(Support.facts(Self.esi + "Hx: pain walking > 1 block x 1 yr. Pain 5/10.\n").baselinePain == 5)
    }

    // MARK: boilerplate-heavy reports (heldout-20)

    @Test func instructionsAndBoilerplateAreNotEvents() {
        let f = Support.facts(Self.esi + "TECHNIQUE: Tuohy, LOR. Dexamethasone 10 mg.\nCOMPLICATIONS: None apparent.\nPOST-PROCEDURE INSTRUCTIONS GIVEN: Report fever, severe or positional headache, or new weakness.\nPATIENT EDUCATION: Warning signs reviewed: headache, fever, urinary retention.\n")
        #expect(f.complications == "none")
        // The ALLERGIES header's own word is no contrast allergy.
        let g = Support.facts(Self.esi + "ALLERGIES: NKDA.\nTECHNIQUE: Tuohy, LOR. Dexamethasone 10 mg.\n")
        #expect(g.contrast == nil)
        // A protocol's "are to be transmitted to PACS" is a plan; the fluoroscopy table is furniture.
        let h = Support.facts("PROCEDURE: L4-L5 interlaminar epidural steroid injection.\nSUITE PROTOCOL: representative fluoroscopic images are to be transmitted to PACS.\nREASON FOR BEDSIDE TECHNIQUE: weight exceeds the limit of the fluoroscopy table.\nTECHNIQUE: landmark technique, Tuohy, LOR. Dexamethasone 10 mg.\n")
        #expect(!h.imagesArchived)
        #expect(h.imaging != "fluoroscopy")
        // The level counted from is not a target.
        #expect(Support.facts("PROCEDURE: right T8 transforaminal epidural steroid injection under fluoroscopy.\nTECHNIQUE: the right T8 foramen was identified after counting up from the sacrum and down from T1 on AP fluoroscopy.\n").levels == ["T8"])
        // "Pain Procedure Suite, 3 West" names a place.
        #expect(Support.facts(Self.esi + "Location: Pain Procedure Suite, 3 West\nHISTORY: leg pain 7/10.\n").baselinePain == 7)
    }

    // MARK: everyday notes (heldout-21)

    @Test func everydayPhrasings() {
        let f = Support.facts(Self.esi + "Indication: severe left leg pain that began 5 weeks ago and has not responded to scheduled oxycodone and acetaminophen. Pain 9/10.\n")
        #expect(f.conservativeTherapy.map(\.kind) == ["medication"])
        #expect(f.conservativeTherapy.first?.failed == true)
        let g = Support.facts(Self.esi + "COMPLICATIONS: None.\nVITAL SIGNS: See nurse's records.\nThe patient tolerated the procedure well and was discharged home.\n")
        #expect(g.response)
    }

    @Test func aPathologicalDictatedBlockIsRead() {
        // 100,000 spoken marks and levels in one block: every per-note pass stays linear
        // (laterality's level-letter test and evidence de-duplication were quadratic).
        let text = "PROCEDURE: L4-5 interlaminar ESI.\n" + String(repeating: "period colon new paragraph L five S one point two five ", count: 20000)
        let f = Support.facts(text)
        #expect(f.levels.contains("L5-S1"))
        #expect((f.evidence["levels"]?.count ?? 0) > 1000)
    }
}

