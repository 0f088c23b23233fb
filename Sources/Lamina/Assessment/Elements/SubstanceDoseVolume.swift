/// `substance.dose_volume`: every injected drug has a dose or concentration and a volume.
struct SubstanceDoseVolume: DocumentationElement {
    let id = "substance.dose_volume"
    let title = "Dose and volume"
    let rationale = "Each injected drug needs its dose or concentration and its volume."
    let severity = Severity.warning
    let missingMessage = "give the dose or concentration and the volume of each injected drug"
    let metMessage = "dose and volume documented for each drug"
    static let dosed: Set<String> = ["steroid", "anesthetic", "opioid", "antispasmodic"]
    func evaluate(_ f: Facts) -> (ElementStatus, [String]) {
        var drugs = f.substances.filter { SubstanceDoseVolume.dosed.contains($0.cls) && !$0.skin }
        // A neurolytic or other injectate alone (phenol neurolysis) is judged on its own amounts.
        if drugs.isEmpty { drugs = f.substances.filter { ["neurolytic", "other"].contains($0.cls) && !$0.skin } }
        guard !drugs.isEmpty else { return (.missing, []) }
        let ok = drugs.allSatisfy { s in
            // A stated mixture total covers the volume of the drugs mixed in it (SPEC.md §7), also when
            // the total and the recipe sit in different sentences ("5 cc of solution ... The solution consisted of ...").
            (s.doseMg != nil || s.concentration != nil) && (s.volumeMl != nil || f.mixtureVolume != nil)
        }
        return ok ? (.met, ["substances", "mixture_volume"]) : (.missing, ["substances"])
    }
    var examples: [ElementExample] { [
        ElementExample(Elements.base, meets: true),
        ElementExample(Elements.variant("Kenalog 80 mg (40 mg/mL, 2 mL) was injected", "2 mL of Kenalog 40 mg/mL was injected"), meets: true),
        ElementExample(Elements.variant("Kenalog 80 mg (40 mg/mL, 2 mL) was injected", "A total of 4 mL containing 80 mg of Depo-Medrol and 0.25% bupivacaine was injected"), meets: true),
        ElementExample(Elements.variant("Kenalog 80 mg (40 mg/mL, 2 mL) was injected", "Kenalog 80 mg was injected"), meets: false),
        ElementExample(Elements.variant("Kenalog 80 mg (40 mg/mL, 2 mL) was injected", "8 cc of solution was injected. The solution consisted of 80 mg Depo-Medrol and 0.2% ropivacaine"), meets: true),
        ElementExample(Elements.variant("Kenalog 80 mg (40 mg/mL, 2 mL) was injected", "Kenalog was injected"), meets: false),
    ] }
}
