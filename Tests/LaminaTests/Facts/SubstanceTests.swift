import Testing
@testable import Lamina

@Suite("Facts: substances with dose, concentration and volume")
struct SubstanceTests {
    static func substances(_ body: String) -> [Substance] {
        Support.facts("PROCEDURE: Interlaminar epidural steroid injection L4-5.\nTECHNIQUE: \(body)\n").substances
    }

    static func one(_ body: String, _ name: String) -> Substance? { substances(body).first { $0.name == name } }

    @Test func doseBeforeAndAfterTheDrug() {
        #expect(Self.one("80 mg of Depo-Medrol was injected.", "methylprednisolone")?.doseMg == 80)
        #expect(Self.one("Depo-Medrol 80 mg was injected.", "methylprednisolone")?.doseMg == 80)
        #expect(Self.one("Depomedrol 80mg injected.", "methylprednisolone")?.doseMg == 80)
    }

    @Test func concentrationAndVolumeInParentheses() {
        let s = Self.one("Kenalog 80 mg (40 mg/mL, 2 mL) mixed with 2 mL of preservative-free normal saline.", "triamcinolone")
        #expect(s?.doseMg == 80 && s?.concentration == "40 mg/mL" && s?.volumeMl == 2)
        #expect(Self.one("Kenalog 80 mg (40 mg/mL, 2 mL) mixed with 2 mL of preservative-free normal saline.", "saline")?.volumeMl == 2)
    }

    @Test func ccIsMlAndSpacedPercent() {
        let s = Self.one("3 cc of 1 % lidocaine was injected into the epidural space.", "lidocaine")
        #expect(s?.volumeMl == 3 && s?.concentration == "1%")
        #expect(Self.one("Lidocaine 1.5% 2 mL injected.", "lidocaine")?.concentration == "1.5%")
        #expect(Self.one("2 mL of 1 percent lidocaine injected.", "lidocaine")?.concentration == "1%")
    }

    @Test func mixtureWithPlusSign() {
        let xs = Self.substances("80 mg Kenalog (2 mL) + 1 mL 0.25% bupivacaine injected.")
        #expect(xs.first { $0.name == "triamcinolone" }?.volumeMl == 2)
        let b = xs.first { $0.name == "bupivacaine" }
        #expect(b?.volumeMl == 1 && b?.concentration == "0.25%")
    }

    @Test func doseOverVolumeIsDoseAndVolume() {
        let s = Self.one("Depo-Medrol 80 mg/1 mL injected.", "methylprednisolone")
        #expect(s?.doseMg == 80 && s?.volumeMl == 1 && s?.concentration == nil)
    }

    @Test func productStrengthIsNotAConcentration() {
        let s = Self.one("Omnipaque 240, 2 mL, showed spread. Kenalog-40, 2 mL injected.", "iohexol")
        #expect(s?.concentration == nil && s?.volumeMl == 2)
        let k = Self.one("Omnipaque 240, 2 mL, showed spread. Kenalog-40, 2 mL injected.", "triamcinolone")
        #expect(k?.concentration == nil && k?.volumeMl == 2)
    }

    @Test func microgramsBecomeMilligrams() {
        #expect(Self.one("Baclofen 50 mcg in 1 mL was injected.", "baclofen")?.doseMg == 0.05)
    }

    @Test func skinAndInjectateAreTwoEntries() {
        let xs = Self.substances("Skin wheal with 2 mL 1% lidocaine. Then 80 mg Kenalog with 3 mL 1% lidocaine was injected.")
        let lido = xs.filter { $0.name == "lidocaine" }
        #expect(lido.count == 2)
        #expect(lido.contains { $0.skin } && lido.contains { !$0.skin && $0.volumeMl == 3 })
    }

    @Test func unnamedInjectateIsNoSubstance() {
        #expect(Self.substances("40 mg of steroid was injected.").isEmpty)
    }

    @Test func salineForLossOfResistanceIsNotListed() {
        #expect(Self.substances("Loss of resistance with a saline-filled syringe.").isEmpty)
    }

    @Test func totalVolumeOnlyMeetsDoseVolume() {
        let a = Support.analyze("PROCEDURE: Interlaminar epidural steroid injection L4-5.\nTECHNIQUE: A total of 5 mL containing 80 mg Depo-Medrol and 0.25% bupivacaine was injected.\n")
        #expect(a.facts.substances.allSatisfy { $0.volumeMl == nil })
        #expect(Support.status(a, "substance.dose_volume") == .met)
    }

    @Test(arguments: [
        "the needle outlined the root without vascular uptake depo-medrol forty milligrams in one milliliter was injected",
        "no paresthesias were reported kenalog 80 mg in 2 mL was injected",
    ])
    func aDenialDoesNotReachADrugGivenWithItsDoseInRunOnDictation(_ line: String) {
        let f = Support.facts(Support.esi + line + "\n")
        #expect(f.substances.contains { $0.cls == "steroid" && $0.doseMg != nil }, "\(f.substances.map(\.name))")
    }

    @Test func aDrugDeniedRightBeforeItStaysDenied() {
        let f = Support.facts(Support.esi + "No dexamethasone 10 mg was given today.\n")
        #expect(!f.substances.contains { $0.name == "dexamethasone" })
    }

    /// Structured templates: a "Medications" list with routes is the injectate; dot leaders
    /// do not end the row; a table row's "total" is its one drug's.
    @Test func medicationTablesOfTemplates() {
        let leaders = Support.esi + "Medications\nLidocaine 1% (skin) ........ 5 mL\nTriamcinolone .............. 40 mg/1 mL\nBupivacaine 0.25% .......... 6 mL epidural\n"
        let f = Support.facts(leaders)
        #expect(f.substances.contains { $0.name == "triamcinolone" && $0.doseMg == 40 && $0.volumeMl == 1 })
        #expect(f.substances.contains { $0.name == "bupivacaine" && $0.volumeMl == 6 })
        let tabs = Support.esi + "MEDICATIONS ADMINISTERED\nDrug\tDose\tVolume\tRoute\nDexamethasone 10 mg/mL\t10 mg total\t1 mL total\ttransforaminal\n"
        #expect(Support.facts(tabs).substances.contains { $0.name == "dexamethasone" && $0.doseMg == 10 && $0.volumeMl == 1 })
        // A home medication list stays a history.
        let home = Support.esi + "Medications\nGabapentin 300 mg TID\nMeloxicam 15 mg daily\n"
        #expect(!Support.facts(home).substances.contains { $0.name == "gabapentin" })
    }
}

