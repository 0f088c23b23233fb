import Testing
@testable import Lamina

@Suite("Facts: levels, region, laterality, approach")
struct LevelTests {
    static func levels(_ written: String, approach: String = "interlaminar") -> [String] {
        Support.facts("PROCEDURE: Lumbar \(approach) epidural steroid injection at \(written) under fluoroscopy.\n").levels
    }

    @Test(arguments: ["L4-5", "L4/5", "L4–L5", "L4-L5", "L45", "L4/L5", "the L4 L5 interspace", "L4 to L5", "between L4 and L5"])
    func interspaceForms(_ written: String) {
        #expect(Self.levels(written) == ["L4-L5"])
    }

    @Test func crossRegionPairs() {
        #expect(Self.levels("C7-T1") == ["C7-T1"])
        #expect(Self.levels("L5-S1") == ["L5-S1"])
        #expect(Self.levels("L5S1") == ["L5-S1"])
        #expect(Self.levels("T12-L1") == ["T12-L1"])
        #expect(Support.facts("PROCEDURE: Cervical interlaminar ESI at C7-T1 with fluoroscopy.\n").region == "cervical")
    }

    @Test func rootsAndRanges() {
        #expect(Self.levels("left L4 and L5", approach: "transforaminal") == ["L4", "L5"])
        #expect(Self.levels("L3-L5") == ["L3-L4", "L4-L5"])
        #expect(Self.levels("L5-S1 and L4-5") == ["L4-L5", "L5-S1"])
    }

    @Test func placeholdersAreNoLevel() {
        #expect(Self.levels("__________").isEmpty)
        #expect(Self.levels("***").isEmpty)
        #expect(Self.levels("C#").isEmpty)
    }

    @Test func mriFindingsAndSpreadAreNotLevels() {
        let f = Support.facts("""
        PROCEDURE: Interlaminar epidural steroid injection at L5-S1 with fluoroscopy.
        INDICATION: MRI shows an L3-4 disc protrusion.
        TECHNIQUE: Contrast spread to L4. Kenalog injected at L5-S1.
        """)
        #expect(f.levels == ["L5-S1"])
    }

    @Test func bodyResolvesTheTitle() {
        let f = Support.facts("PROCEDURE: Interlaminar ESI at L4-5 with fluoroscopy.\nTECHNIQUE: The needle entered the L5-S1 interspace.\n")
        #expect(f.levels == ["L5-S1"])
    }

    @Test func regions() {
        #expect(Support.facts("PROCEDURE: Transforaminal epidural injection, S1, fluoroscopy.\n").region == "sacral")
        #expect(Support.facts("PROCEDURE: Caudal epidural steroid injection.\n").region == "sacral")
        #expect(Support.facts("PROCEDURE: Thoracic interlaminar epidural steroid injection, T10-11.\n").region == "thoracic")
    }

    @Test func laterality() {
        #expect(Support.facts("PROCEDURE: Interlaminar ESI L4-5 via a left paramedian approach.\n").laterality == "left")
        #expect(Support.facts("PROCEDURE: Bilateral L5 transforaminal epidural steroid injections.\n").laterality == "bilateral")
        #expect(Support.facts("PROCEDURE: Interlaminar ESI L4-5, midline approach.\n").laterality == "midline")
        #expect(Support.facts("PROCEDURE: Interlaminar ESI L4-5.\nTECHNIQUE: Left lateral decubitus position.\n").laterality == nil)
        #expect(Support.facts("PROCEDURE: Caudal epidural steroid injection via the midline sacral hiatus.\n").laterality == nil)
    }

    @Test func approachesNamedOrDescribed() {
        #expect(Support.facts("PROCEDURE: Lumbar intralaminar epidural injection L4-5.\n").approach == "interlaminar")
        #expect(Support.facts("PROCEDURE: TFESI right L5.\n").approach == "transforaminal")
        #expect(Support.facts("PROCEDURE: Right L5 selective nerve root block.\n").approach == "transforaminal")
        #expect(Support.facts("PROCEDURE: Epidural steroid injection L4-5.\nTECHNIQUE: A Tuohy needle entered the epidural space with loss of resistance.\n").approach == "interlaminar")
        #expect(Support.facts("PROCEDURE: Epidural steroid injection L4-5.\nTECHNIQUE: A spinal needle was advanced into the epidural space.\n").approach == nil)
        #expect(Support.facts("PROCEDURE: Epidural steroid injection.\nTECHNIQUE: A needle was walked off the bone into the neural foramen at right L5.\n").approach == "transforaminal")
    }

    @Test(arguments: [
        ("Left C6 transforaminal injection; the needle entered the left C5-C6 foramen.", ["C6"]),
        ("Right L5 transforaminal injection through the right L5-S1 foramen; S1 was not injected.", ["L5"]),
        ("Left L4 and L5 transforaminal injections at the L4-L5 and L5-S1 foramina.", ["L4", "L5"]),
        ("Left L4-L5 and L5-S1 transforaminal injections.", ["L4-L5", "L5-S1"]),
    ])
    func aRootAndTheForamenItExitsAreOneTransforaminalLevel(_ k: (String, [String])) {
        #expect(Support.facts("PROCEDURE: Transforaminal epidural steroid injection under fluoroscopy.\nTECHNIQUE: " + k.0 + "\n").levels == k.1)
    }

    @Test func aSeparateProcedureSectionLendsNoLevelsOrSides() {
        let f = Support.facts("""
        PROCEDURE: Left S1 transforaminal epidural steroid injection under fluoroscopy.
        TECHNIQUE: A 22-gauge needle was placed in the left S1 foramen. Dexamethasone 10 mg was injected.
        TRIGGER POINTS: Right lumbar paraspinals at L3 were injected with 2 cc of 0.25% bupivacaine.
        """)
        #expect(f.levels == ["S1"])
        #expect(f.laterality == "left")
        #expect(!f.substances.contains { $0.name == "bupivacaine" })
    }

    @Test(arguments: ["Pre-op dx: radiculopathy, L>R.", "Good epidural spread bilaterally.", "Bilateral leg pain, R>L."])
    func symptomSidesAndSpreadAreNotTheInjectionSide(_ line: String) {
        let f = Support.facts("PROCEDURE: L5-S1 interlaminar epidural steroid injection under fluoroscopy.\nTECHNIQUE: Tuohy needle, loss of resistance, midline. " + line + "\n")
        #expect(f.laterality == "midline")
    }

    /// A spaced level ("L 4-5", "C 6-7") is the level, and its letter is not "left"; a
    /// letter before an amount is not a level.
    @Test func spacedLevels() {
        let f = Support.facts("Lumbar epidural steroid injection (interlaminar), L 4-5, right paramedian, under fluoroscopy.\n")
        #expect(f.levels == ["L4-L5"])
        #expect(f.laterality == "right")
        #expect(Support.facts("PROCEDURE: Cervical interlaminar ESI at C 6-7 under fluoroscopy.\n").levels == ["C6-C7"])
        let amount = Support.facts(Support.esi + "TECHNIQUE: 1% lidocaine L 2 mL to the skin.\n")
        #expect(amount.levels == ["L5-S1"])
    }
}
