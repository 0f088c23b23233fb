/// `imaging.contrast`: contrast used, or why it was not.
struct ImagingContrast: DocumentationElement {
    let id = "imaging.contrast"
    let title = "Contrast or its contraindication"
    let rationale = "Guidance must use contrast unless contrast is contraindicated."
    let severity = Severity.error
    let missingMessage = "document the contrast injected, or why contrast was not used (e.g. contrast allergy)"
    let metMessage = "contrast use or contraindication documented"
    func evaluate(_ f: Facts) -> (ElementStatus, [String]) {
        (f.contrast == "used" || f.contrast == "contraindicated") ? (.met, ["contrast"]) : (.missing, f.contrast == nil ? [] : ["contrast"])
    }
    var examples: [ElementExample] { [
        ElementExample(Elements.base, meets: true),
        ElementExample(Elements.variant("Omnipaque 240, 1 mL, showed epidural spread.", "No contrast was used because of a contrast allergy."), meets: true),
        ElementExample(Elements.variant("Omnipaque 240, 1 mL, showed epidural spread.", "No contrast was used."), meets: false),
        ElementExample(Elements.variant("Omnipaque 240, 1 mL, showed epidural spread.", ""), meets: false),
    ] }
}
