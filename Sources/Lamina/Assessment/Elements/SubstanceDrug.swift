/// `substance.drug`: the therapeutic injectate is named.
struct SubstanceDrug: DocumentationElement {
    let id = "substance.drug"
    let title = "Injectate named"
    let rationale = "The record must name what was injected into the epidural space."
    let severity = Severity.error
    let missingMessage = "name the injectate (steroid, anesthetic or other drug), not only the skin anesthetic or contrast"
    let metMessage = "injectate named"
    static let therapeutic: Set<String> = ["steroid", "anesthetic", "opioid", "antispasmodic", "neurolytic", "other"]
    func evaluate(_ f: Facts) -> (ElementStatus, [String]) {
        f.substances.contains { SubstanceDrug.therapeutic.contains($0.cls) && !$0.skin } ? (.met, ["substances"]) : (.missing, [])
    }
    var examples: [ElementExample] { [
        ElementExample(Elements.base, meets: true),
        ElementExample(Elements.variant("Kenalog 80 mg (40 mg/mL, 2 mL)", "Depo-Medrol 80 mg"), meets: true),
        ElementExample(Elements.variant("Kenalog 80 mg (40 mg/mL, 2 mL)", "40 mg of steroid"), meets: false),
        ElementExample(Elements.variant("Kenalog 80 mg (40 mg/mL, 2 mL) was injected", "The injectate was given").replacingOccurrences(of: "INDICATION:", with: "ALLERGIES: Kenalog.\nINDICATION:"), meets: false),
    ] }
}
