/// `outcome.complications`: complications, or their absence.
struct OutcomeComplications: DocumentationElement {
    let id = "outcome.complications"
    let title = "Complications"
    let rationale = "Complications, or their absence, must be recorded."
    let severity = Severity.warning
    let missingMessage = "state whether there were complications (e.g. 'Complications: none')"
    let metMessage = "complications documented"
    func evaluate(_ f: Facts) -> (ElementStatus, [String]) {
        f.complications == nil ? (.missing, []) : (.met, ["complications"])
    }
    var examples: [ElementExample] { [
        ElementExample(Elements.base, meets: true),
        ElementExample(Elements.variant("COMPLICATIONS: None.", "A transient vasovagal episode resolved."), meets: true),
        ElementExample(Elements.variant("COMPLICATIONS: None.", "EBL minimal."), meets: false),
        ElementExample(Elements.variant("COMPLICATIONS: None.", "Risks of infection, bleeding and dural puncture were discussed."), meets: false),
    ] }
}
