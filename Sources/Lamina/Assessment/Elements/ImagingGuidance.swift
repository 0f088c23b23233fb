/// `imaging.guidance`: fluoroscopy or CT used for the placement.
struct ImagingGuidance: DocumentationElement {
    let id = "imaging.guidance"
    let title = "Image guidance"
    let rationale = "The policy requires fluoroscopic or CT guidance; ultrasound or no imaging does not meet it."
    let severity = Severity.error
    let missingMessage = "document the fluoroscopic or CT guidance used to place the needle"
    let metMessage = "fluoroscopic or CT guidance documented"
    func evaluate(_ f: Facts) -> (ElementStatus, [String]) {
        (f.imaging == "fluoroscopy" || f.imaging == "ct") ? (.met, ["imaging"]) : (.missing, ["imaging"])
    }
    var examples: [ElementExample] { [
        ElementExample(Elements.base, meets: true),
        ElementExample(Elements.variant("under fluoroscopic guidance", "under CT guidance"), meets: true),
        ElementExample(Elements.variant("under fluoroscopic guidance", "without fluoroscopy"), meets: false),
        ElementExample(Elements.variant("under fluoroscopic guidance", "under ultrasound guidance"), meets: false),
        ElementExample(Elements.variant("under fluoroscopic guidance", "; no fluoroscopy was available"), meets: false),
    ] }
}
