/// `anatomy.approach`: interlaminar, caudal or transforaminal.
struct AnatomyApproach: DocumentationElement {
    let id = "anatomy.approach"
    let title = "Approach"
    let rationale = "The approach decides the code family (interlaminar/caudal vs transforaminal)."
    let severity = Severity.error
    let missingMessage = "name the approach (interlaminar, caudal or transforaminal); no code can be suggested without it"
    let metMessage = "approach documented"
    func evaluate(_ f: Facts) -> (ElementStatus, [String]) {
        f.approach == nil ? (.missing, []) : (.met, ["approach"])
    }
    var examples: [ElementExample] { [
        ElementExample(Elements.base, meets: true),
        ElementExample(Elements.variant("interlaminar epidural", "transforaminal epidural").replacingOccurrences(of: "A 20-gauge Tuohy needle entered the epidural space by loss of resistance.", with: "A 22-gauge spinal needle was placed in the left L5 foramen."), meets: true),
        ElementExample(Elements.variant("interlaminar epidural", "epidural").replacingOccurrences(of: "A 20-gauge Tuohy needle entered the epidural space by loss of resistance.", with: "A 22-gauge spinal needle was advanced into the epidural space."), meets: false),
    ] }
}
