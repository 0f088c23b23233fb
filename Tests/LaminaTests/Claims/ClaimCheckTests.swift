import Foundation
import Testing
@testable import Lamina

/// Each claim check of docs/CLAIMS.md with a claim that trips it and one that does not.
@Suite("Claim checks")
struct ClaimCheckTests {
    static let tail = """
    INDICATION: Lumbar radiculopathy, leg pain for 5 months, failed 6 weeks of physical therapy. Pain 7/10.
    COMPLICATIONS: None.
    Tolerated well.
    Electronically signed by A. Doe, MD
    """
    /// Left L5-S1 interlaminar under fluoroscopy, Kenalog 80 mg.
    static let il = """
    PROCEDURE: Left L5-S1 interlaminar epidural steroid injection under fluoroscopic guidance.
    TECHNIQUE: 1% lidocaine 2 mL to the skin. A 20-gauge Tuohy needle entered the epidural space by loss of resistance. AP and lateral views confirmed position. Omnipaque 240, 1 mL, showed spread. Kenalog 80 mg (40 mg/mL, 2 mL) was injected. Images saved to PACS.

    """ + tail
    static let ilNoImaging = il.replacingOccurrences(of: " under fluoroscopic guidance", with: " without imaging guidance")
        .replacingOccurrences(of: " AP and lateral views confirmed position. Omnipaque 240, 1 mL, showed spread.", with: "")
    static let ilTwoLevels = il.replacingOccurrences(of: "Left L5-S1 interlaminar", with: "Left L4-L5 and L5-S1 interlaminar")
    static let ilBilateral = il.replacingOccurrences(of: "Left L5-S1 interlaminar", with: "Bilateral L5-S1 interlaminar")
    static let ilCatheter = il.replacingOccurrences(of: "Kenalog 80 mg (40 mg/mL, 2 mL) was injected.",
                                                    with: "Kenalog 80 mg (40 mg/mL, 2 mL) was injected. The epidural catheter was left indwelling for infusion.")
    static let ilDepo = il.replacingOccurrences(of: "Kenalog 80 mg (40 mg/mL, 2 mL)", with: "Depo-Medrol 80 mg (40 mg/mL, 2 mL)")
    /// Bilateral transforaminal at two lumbar levels.
    static let tf2 = """
    PROCEDURE: Bilateral L4-L5 and L5-S1 transforaminal epidural steroid injections under fluoroscopy.
    TECHNIQUE: The skin was anesthetized with 1% lidocaine. A 22-gauge spinal needle was advanced into each neural foramen under AP and oblique views. Isovue-M 200 showed spread along the nerve root. Dexamethasone 4 mg (4 mg/mL, 1 mL) was injected at each level. Images saved.

    """ + tail
    static let tf2Left = tf2.replacingOccurrences(of: "Bilateral L4-L5", with: "Left L4-L5")
    static let tf3 = tf2Left.replacingOccurrences(of: "Left L4-L5 and L5-S1", with: "Left L3-L4, L4-L5 and L5-S1")
    /// One right L5 transforaminal level named by root and by foramen.
    static let tf1Root = """
    PROCEDURE: Right L5 transforaminal epidural steroid injection under fluoroscopy.
    TECHNIQUE: A 22-gauge needle was advanced into the right L5-S1 neural foramen under AP and oblique views. Omnipaque 180, 0.5 mL, outlined the right L5 nerve root. Kenalog 40 mg (40 mg/mL, 1 mL) was injected. Images saved.

    """ + tail
    static let snrb = """
    PROCEDURE: Diagnostic selective nerve root block, right L5, transforaminal approach under fluoroscopy.
    TECHNIQUE: A 22-gauge needle was placed in the right L5-S1 neural foramen under AP and oblique views. Omnipaque 180, 0.5 mL, outlined the L5 root. Lidocaine 2%, 1 mL, was injected. Images saved.

    """ + tail
    static let neurolytic = """
    PROCEDURE: Lumbar epidural neurolysis at L4-L5, interlaminar approach, under fluoroscopic guidance.
    TECHNIQUE: A Tuohy needle entered the epidural space by loss of resistance. AP and lateral views. Omnipaque 240, 2 mL. Phenol 6%, 2 mL, was injected. Images saved.

    """ + tail

    struct Case: CustomTestStringConvertible, Sendable {
        let note: String, cpt: [String], mods: [String], icd: [String], date: String?, element: String, expect: String, why: String
        var testDescription: String { "\(element) \(expect): \(why)" }
    }
    static func c(_ note: String, _ cpt: [String], mods: [String] = [], icd: [String] = ["M54.17"], date: String? = "2025-03-03",
                  _ element: String, _ expect: String, _ why: String) -> Case {
        Case(note: note, cpt: cpt, mods: mods, icd: icd, date: date, element: element, expect: expect, why: why)
    }

    static let cases: [Case] = [
        // claim.code
        c(il, ["62323"], "claim.code", "met", "the supported code"),
        c(il, ["62322"], "claim.code", "conflict", "undercoding: fluoroscopy documented"),
        c(ilNoImaging, ["62323"], "claim.code", "conflict", "overcoding: no fluoroscopy or CT documented"),
        c(ilNoImaging, ["62322"], "claim.code", "met", "no imaging, billed without"),
        c(il, ["64483"], "claim.code", "conflict", "transforaminal billed, interlaminar documented"),
        c(il, ["62321"], "claim.code", "conflict", "cervical/thoracic billed, lumbar documented"),
        c(il, ["62327"], "claim.code", "conflict", "indwelling catheter billed, none documented"),
        c(ilCatheter, ["62323"], "claim.code", "conflict", "catheter left indwelling, needle code billed"),
        c(ilCatheter, ["62327"], "claim.code", "met", "indwelling catheter code"),
        c(neurolytic, ["62282"], "claim.code", "met", "neurolytic documented and billed"),
        c(neurolytic, ["62323"], "claim.code", "conflict", "neurolytic documented, steroid code billed"),
        c(tf2, ["64483", "64484"], mods: ["50"], "claim.code", "met", "two levels: primary and one add-on unit"),
        c(tf2, ["64483", "64484x2"], mods: ["50"], "claim.code", "conflict", "add-on units exceed the levels"),
        c(tf2, ["64483"], mods: ["50"], "claim.code", "conflict", "second level not billed"),
        c(tf2, ["64483", "64483", "64484"], mods: ["RT", "LT"], "claim.code", "conflict", "the primary billed twice for two sides (it takes 50)"),
        c(tf2, ["64483x2", "64484"], mods: ["50"], "claim.code", "conflict", "the primary billed with two units"),
        c(tf2, ["64484"], mods: ["50"], "claim.code", "conflict", "add-on without its primary"),
        c(il, ["62323", "64483"], mods: ["59"], "claim.code", "conflict", "two primaries for one documented injection"),
        // claim.bundled
        c(il, ["62323"], "claim.bundled", "met", "no imaging code"),
        c(il, ["62323", "77003"], "claim.bundled", "conflict", "fluoroscopy billed beside its including code"),
        c(tf2, ["64483", "64484", "72275"], mods: ["50"], "claim.bundled", "conflict", "epidurography billed"),
        c(il, ["62323", "77012"], "claim.bundled", "conflict", "CT guidance billed"),
        // claim.modifiers
        c(il, ["62323"], "claim.modifiers", "met", "no modifier needed"),
        c(il, ["62323"], mods: ["50"], "claim.modifiers", "conflict", "50 on an interlaminar code"),
        c(tf2, ["64483", "64484"], "claim.modifiers", "conflict", "bilateral transforaminal without 50"),
        c(tf2, ["64483", "64484"], mods: ["50"], "claim.modifiers", "met", "bilateral with 50"),
        c(tf2Left, ["64483", "64484"], mods: ["50"], "claim.modifiers", "conflict", "50 on a unilateral injection"),
        c(tf2, ["64483", "64484"], mods: ["RT", "LT"], "claim.modifiers", "conflict", "bilateral billed RT and LT instead of 50"),
        c(tf1Root, ["64483"], mods: ["RT"], "claim.code", "met", "a root and its exit foramen are one level"),
        c(tf1Root, ["64483", "64484"], mods: ["RT"], "claim.code", "conflict", "an add-on for the root's own foramen"),
        c(il, ["62323"], mods: ["RT"], "claim.modifiers", "conflict", "RT against a documented left side"),
        c(il, ["62323"], mods: ["LT"], "claim.modifiers", "met", "LT on the documented left side"),
        c(snrb, ["64483"], mods: ["RT"], "claim.modifiers", "conflict", "diagnostic nerve root block without KX"),
        c(snrb, ["64483"], mods: ["RT", "KX"], "claim.modifiers", "met", "diagnostic nerve root block with KX"),
        c(tf2Left, ["64483", "64484"], mods: ["LT", "KX"], "claim.modifiers", "conflict", "KX on a therapeutic injection"),
        c(il, ["62323", "20552"], "claim.modifiers", "conflict", "two distinct procedures without 59/XS"),
        c(il, ["62323", "20552"], mods: ["XS"], "claim.modifiers", "met", "two distinct procedures with XS"),
        c(il, ["62323"], mods: ["59"], "claim.modifiers", "conflict", "59 without a second procedure"),
        // claim.diagnosis
        c(il, ["62323"], icd: [], "claim.diagnosis", "missing", "no diagnosis billed"),
        c(il, ["62323"], icd: ["M54.17"], "claim.diagnosis", "met", "lumbosacral radiculopathy"),
        c(il, ["62323"], icd: ["M5417"], "claim.diagnosis", "met", "written without the dot"),
        c(il, ["62323"], icd: ["M54.19"], "claim.diagnosis", "conflict", "no such code"),
        c(il, ["62323"], icd: ["M54.4"], "claim.diagnosis", "conflict", "a header"),
        c(il, ["62323"], icd: ["M54.5", "M54.17"], date: "2021-06-01", "claim.diagnosis", "met", "M54.5 billable before its split"),
        c(il, ["62323"], icd: ["M54.5", "M54.17"], date: "2021-10-01", "claim.diagnosis", "conflict", "M54.5 a header from 2021-10-01"),
        c(il, ["62323"], icd: ["M51.36", "M54.17"], date: "2024-09-30", "claim.diagnosis", "met", "M51.36 billable on its last day"),
        c(il, ["62323"], icd: ["M51.36", "M54.17"], date: "2024-10-01", "claim.diagnosis", "conflict", "M51.36 a header after the split"),
        c(il, ["62323"], icd: ["M51.362"], date: "2024-06-01", "claim.diagnosis", "conflict", "not valid before 2024-10-01"),
        c(il, ["62323"], icd: ["M54.16", "M51.16"], "claim.diagnosis", "conflict", "Excludes1 pair"),
        c(il, ["62323"], icd: ["G54.3"], "claim.diagnosis", "conflict", "thoracic root disorder with a lumbar injection"),
        c(il, ["62323"], icd: ["M54.12"], "claim.diagnosis", "conflict", "cervical radiculopathy with a lumbar injection"),
        c(il, ["62323"], icd: ["M54.50"], "claim.diagnosis", "risk", "non-specific low back pain only"),
        c(il, ["62323"], icd: ["M47.816"], "claim.diagnosis", "risk", "axial spondylosis only"),
        c(il, ["62323"], icd: ["M47.816", "M54.16"], "claim.diagnosis", "met", "axial plus radicular"),
        c(il, ["62323"], icd: ["G89.18", "M54.12"], "claim.diagnosis", "met", "exempt postprocedural pain diagnosis skips the region check"),
        // claim.drugs
        c(il, ["62323", "J3301x8"], "claim.drugs", "met", "triamcinolone 80 mg = 8 units of 10 mg"),
        c(il, ["62323", "J3301x4"], "claim.drugs", "conflict", "units do not match the dose"),
        c(il, ["62323"], "claim.drugs", "none", "no drug code billed"),
        c(ilDepo, ["62323", "J1040"], date: "2024-03-31", "claim.drugs", "met", "methylprednisolone acetate 80 mg before J1010"),
        c(ilDepo, ["62323", "J1040"], date: "2024-04-01", "claim.drugs", "conflict", "J1040 deleted on 2024-04-01"),
        c(ilDepo, ["62323", "J1010x80"], date: "2024-04-01", "claim.drugs", "met", "J1010 per mg from 2024-04-01"),
        c(ilDepo, ["62323", "J2920"], date: "2023-01-10", "claim.drugs", "conflict", "the sodium succinate salt"),
        // policy.levels
        c(il, ["62323"], "policy.levels", "met", "one interlaminar level"),
        c(ilTwoLevels, ["62323"], "policy.levels", "conflict", "two interlaminar levels"),
        c(tf3, ["64483", "64484x2"], mods: ["LT"], "policy.levels", "conflict", "three transforaminal levels"),
        c(tf2, ["64483", "64484"], mods: ["50"], "policy.levels", "met", "two transforaminal levels, bilateral"),
        c(ilBilateral, ["62323"], "policy.levels", "conflict", "bilateral interlaminar"),
        c(ilNoImaging, ["62322"], "policy.levels", "none", "unguided codes are outside a56681's level rules"),
    ]

    @Test(arguments: cases)
    func check(_ k: Case) throws {
        let data = ClaimData.builtIn
        let claim = ClaimContext(billed: Billed(cpt: k.cpt, modifiers: k.mods, icd10: k.icd), date: k.date, policy: data.defaultPolicy)
        let a = Support.analyzer.analyze(Note(id: "c", text: k.note), claim: claim, data: data)
        let f = a.findings.first { $0.element == k.element }
        #expect((f?.status.rawValue ?? "none") == k.expect, "\(k.why): \(f?.message ?? "not reported"); code \(a.code.cpt ?? "nil")")
        if let f = f, f.status != .met {
            #expect(!f.message.isEmpty)
            #expect(f.citation == "A56681 / L36920")
            #expect(f.severity != .info)
        }
    }

    @Test func noBilledCodesNoClaimFindings() {
        let data = ClaimData.builtIn
        let a = Support.analyzer.analyze(Note(id: "c", text: Self.il), claim: ClaimContext(billed: nil, date: "2025-01-01", policy: data.defaultPolicy), data: data)
        #expect(a.findings.filter { $0.element.hasPrefix("claim.") }.isEmpty)
        #expect(a.code.hcpcs.map { "\($0.code)x\($0.units)" } == ["J3301x8"])
    }

    @Test func billedUnitsParse() {
        #expect(BilledCode.parse(["64484x2"]) == [BilledCode(code: "64484", units: 2)])
        #expect(BilledCode.parse(["64484", "64484"]) == [BilledCode(code: "64484", units: 2)])
        #expect(BilledCode.parse(["64484*3", "j3301 x 8"]) == [BilledCode(code: "64484", units: 3), BilledCode(code: "J3301", units: 8)])
    }

    @Test func conflictsCarryEvidenceFromTheNote() {
        let data = ClaimData.builtIn
        let claim = ClaimContext(billed: Billed(cpt: ["62323"], icd10: ["M54.17"]), date: "2025-01-01", policy: data.defaultPolicy)
        let note = Note(id: "c", text: Self.ilNoImaging)
        let a = Support.analyzer.analyze(note, claim: claim, data: data)
        let f = try! #require(a.findings.first { $0.element == "claim.code" })
        #expect(f.status == .conflict)
        #expect(f.message.contains("overcoding"))
        #expect(!f.evidence.isEmpty)
    }

    @Test func doseBeforeTheDrugWithAVolumeAside() {
        let f = Support.facts(Support.esi + "Then 80 mg (2 cc) of Depo-Medrol (methylprednisolone acetate 40 mg/mL) mixed with 2 cc of saline was injected.\n")
        let m = f.substances.first { $0.name == "methylprednisolone" }
        #expect(m?.doseMg == 80)
        #expect(m?.volumeMl == 2)
    }

    @Test func aStatedTotalIsNotASecondAdministration() {
        let text = ClaimCheckTests.tf2Left.replacingOccurrences(of: "Dexamethasone 4 mg (4 mg/mL, 1 mL) was injected at each level.",
            with: "At each level 40 mg of triamcinolone (Kenalog, 1 cc of 40 mg/mL) was injected, for a total triamcinolone dose of 80 mg.")
        let data = ClaimData.builtIn
        let a = Support.analyzer.analyze(Note(id: "t", text: text), claim: ClaimContext(billed: nil, date: "2025-01-01", policy: data.defaultPolicy), data: data)
        #expect(a.facts.substances.filter { $0.name == "triamcinolone" }.map(\.doseMg) == [40])
        #expect(a.facts.totalDoseMg["triamcinolone"] == 80)
        #expect(a.code.hcpcs.map { "\($0.code)x\($0.units)" } == ["J3301x8"])
    }

    @Test func aDoseAtEachLevelCountsOncePerLevel() {
        let text = ClaimCheckTests.tf2Left.replacingOccurrences(of: "Dexamethasone 4 mg (4 mg/mL, 1 mL) was injected at each level.",
            with: "Kenalog 40 mg (40 mg/mL, 1 mL) was injected at each level.")
        let data = ClaimData.builtIn
        let a = Support.analyzer.analyze(Note(id: "t", text: text), claim: ClaimContext(billed: Billed(cpt: ["64483", "64484", "J3301x8"]), date: "2025-01-01", policy: data.defaultPolicy), data: data)
        #expect(a.code.hcpcs.map { "\($0.code)x\($0.units)" } == ["J3301x8"])
        #expect(Support.status(a, "claim.drugs") == .met)
    }
}
