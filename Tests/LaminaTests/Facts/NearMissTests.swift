import Testing
@testable import Lamina

/// Mechanisms found by held-out sets 22 and 23 and by this session's review of the older
/// sets' leftovers: decisions 97 onward in corpora/README.md.
@Suite("Facts: near misses, combined sessions and abbreviations")
struct NearMissTests {
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
}
