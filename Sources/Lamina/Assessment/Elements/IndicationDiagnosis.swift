/// `indication.diagnosis`: a diagnosis or indication is documented.
struct IndicationDiagnosis: DocumentationElement {
    let id = "indication.diagnosis"
    let title = "Diagnosis or indication"
    let rationale = "The record must state the procedural indication and support the ICD-10-CM code billed."
    let severity = Severity.error
    let missingMessage = "state the indication: a diagnosis (e.g. lumbar radiculopathy) or its ICD-10-CM code"
    let metMessage = "indication documented"
    func evaluate(_ f: Facts) -> (ElementStatus, [String]) {
        (!f.diagnoses.isEmpty || !f.conditions.isEmpty) ? (.met, ["diagnoses", "indication"]) : (.missing, [])
    }
    var examples: [ElementExample] { [
        ElementExample(Elements.base, meets: true),
        ElementExample(Elements.variant("Lumbar radiculopathy (M54.17), leg pain", "Leg pain"), meets: true),
        ElementExample(Elements.variant("INDICATION: Lumbar radiculopathy (M54.17), leg pain for 5 months,", "INDICATION: __________. Symptoms for 5 months,"), meets: false),
        ElementExample(Elements.variant("Lumbar radiculopathy (M54.17), leg pain", "Symptoms").replacingOccurrences(of: "INDICATION", with: "HISTORY"), meets: false),
    ] }
}
