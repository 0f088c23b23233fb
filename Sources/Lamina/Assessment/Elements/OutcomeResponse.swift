/// `outcome.response`: the patient's response after the procedure.
struct OutcomeResponse: DocumentationElement {
    let id = "outcome.response"
    let title = "Response after the procedure"
    let rationale = "The immediate response (tolerance, vitals, pain relief, neurologic check) documents the outcome."
    let severity = Severity.warning
    let missingMessage = "record the patient's response after the procedure (tolerance, vital signs, pain score, neurologic check)"
    let metMessage = "response documented"
    func evaluate(_ f: Facts) -> (ElementStatus, [String]) {
        f.response ? (.met, ["outcome.response"]) : (.missing, [])
    }
    var examples: [ElementExample] { [
        ElementExample(Elements.base, meets: true),
        ElementExample(Elements.variant("Tolerated well, vitals stable.", "Pain 1/10 after the procedure."), meets: true),
        ElementExample(Elements.variant("Tolerated well, vitals stable.", ""), meets: false),
    ] }
}
