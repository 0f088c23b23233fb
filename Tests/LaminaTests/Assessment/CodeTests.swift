import Testing
@testable import Lamina

@Suite("Suggested code (SPEC.md §3)")
struct CodeTests {
    static func facts(approach: String?, region: String?, imaging: String?, catheter: String?, levels: [String] = [], laterality: String? = nil, neurolytic: Bool = false) -> Facts {
        var f = Facts()
        f.procedure = "esi"
        f.approach = approach; f.region = region; f.imaging = imaging; f.catheter = catheter
        f.levels = levels; f.laterality = laterality; f.neurolytic = neurolytic
        return f
    }

    static func code(_ f: Facts) -> CodeSuggestion {
        CodeSuggester.suggest(f, note: Note(id: "c", text: "x"), table: Support.analyzer.lexicon.cptTable)
    }

    @Test(arguments: [
        ("interlaminar", "cervical", nil, "needle", "62320"),
        ("interlaminar", "thoracic", "fluoroscopy", "needle", "62321"),
        ("interlaminar", "lumbar", "ultrasound", "needle", "62322"),
        ("caudal", "sacral", "none", "needle", "62322"),
        ("interlaminar", "lumbar", "ct", "catheter", "62323"),
        ("caudal", "sacral", "fluoroscopy", "catheter", "62323"),
        ("interlaminar", "thoracic", "none", "indwelling", "62324"),
        ("interlaminar", "cervical", "fluoroscopy", "indwelling", "62325"),
        ("interlaminar", "lumbar", nil, "indwelling", "62326"),
        ("interlaminar", "lumbar", "fluoroscopy", "indwelling", "62327"),
        ("transforaminal", "cervical", "fluoroscopy", "needle", "64479"),
        ("transforaminal", "sacral", nil, "needle", "64483"),
    ] as [(String, String, String?, String, String)])
    func table(_ row: (String, String, String?, String, String)) {
        #expect(Self.code(Self.facts(approach: row.0, region: row.1, imaging: row.2, catheter: row.3)).cpt == row.4)
    }

    @Test func addOnsAndBilateral() {
        let c = Self.code(Self.facts(approach: "transforaminal", region: "lumbar", imaging: "fluoroscopy", catheter: "needle", levels: ["L4", "L5"], laterality: "bilateral"))
        #expect(c.cpt == "64483")
        #expect(c.addons.map(\.cpt) == ["64484"] && c.addons.map(\.units) == [1])
        #expect(c.modifiers == ["50"])
        let cerv = Self.code(Self.facts(approach: "transforaminal", region: "cervical", imaging: "fluoroscopy", catheter: "needle", levels: ["C5", "C6"]))
        #expect(cerv.cpt == "64479" && cerv.addons.first?.cpt == "64480" && cerv.modifiers.isEmpty)
    }

    @Test func noModifierOnBilateralInterlaminar() {
        #expect(Self.code(Self.facts(approach: "interlaminar", region: "lumbar", imaging: "fluoroscopy", catheter: "needle", laterality: "bilateral")).modifiers.isEmpty)
    }

    @Test func neurolyticOverrides() {
        #expect(Self.code(Self.facts(approach: "interlaminar", region: "thoracic", imaging: "fluoroscopy", catheter: "needle", neurolytic: true)).cpt == "62281")
        #expect(Self.code(Self.facts(approach: "caudal", region: "sacral", imaging: "fluoroscopy", catheter: "needle", neurolytic: true)).cpt == "62282")
    }

    @Test func noApproachNoCode() {
        let c = Self.code(Self.facts(approach: nil, region: "lumbar", imaging: "fluoroscopy", catheter: "needle"))
        #expect(c.cpt == nil)
        #expect(c.rationale.last?.contains("approach") == true)
        var f = Facts(); f.procedure = "other"
        #expect(Self.code(f).cpt == nil)
    }

    @Test func rationaleCitesFacts() {
        let a = Support.analyze("PROCEDURE: L4-5 interlaminar epidural steroid injection under fluoroscopy.\nA 20-gauge Tuohy needle was used.\n")
        #expect(a.code.cpt == "62323")
        #expect(a.code.rationale.contains { $0.contains("approach interlaminar (line 1)") })
        #expect(a.code.rationale.contains { $0.contains("fluoroscopy guidance documented") })
    }
}
