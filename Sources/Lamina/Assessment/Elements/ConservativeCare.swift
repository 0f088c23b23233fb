/// `history.conservative_care`: conservative treatment the patient has had.
struct ConservativeCare: DocumentationElement {
    let id = "history.conservative_care"
    let title = "Conservative care"
    let rationale = "Coverage requires failed conservative therapy before an epidural steroid injection."
    let severity = Severity.error
    let missingMessage = "document the conservative care tried (physical therapy, medication, home exercise) and its result"
    let metMessage = "conservative care documented"
    func evaluate(_ f: Facts) -> (ElementStatus, [String]) {
        f.conservativeTherapy.isEmpty ? (.missing, []) : (.met, ["conservative_therapy"])
    }
    var examples: [ElementExample] { [
        ElementExample(Elements.base, meets: true),
        ElementExample(Elements.variant("failed 6 weeks of physical therapy", "no relief from naproxen"), meets: true),
        ElementExample(Elements.variant("failed 6 weeks of physical therapy", "she will continue her home exercise program"), meets: true),
        ElementExample(Elements.variant("failed 6 weeks of physical therapy", "has not tried physical therapy"), meets: false),
        ElementExample(Elements.variant("failed 6 weeks of physical therapy", "PT was recommended but never started"), meets: false),
        ElementExample(Elements.variant("failed 6 weeks of physical therapy", "declined chiropractic care") + "PLAN: Will start physical therapy.\n", meets: false),
    ] }
}
