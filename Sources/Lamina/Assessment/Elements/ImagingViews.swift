/// `imaging.views`: at least two views documented.
struct ImagingViews: DocumentationElement {
    let id = "imaging.views"
    let title = "Two or more views"
    let rationale = "Retained images must show the needle in at least two views."
    let severity = Severity.error
    let missingMessage = "document at least two views (e.g. AP and lateral, or AP and contralateral oblique)"
    let metMessage = "two or more views documented"
    func evaluate(_ f: Facts) -> (ElementStatus, [String]) {
        f.imageViews.count >= 2 ? (.met, ["image_views"]) : (.missing, f.imageViews.isEmpty ? [] : ["image_views"])
    }
    var examples: [ElementExample] { [
        ElementExample(Elements.base, meets: true),
        ElementExample(Elements.variant("AP and lateral views", "AP and contralateral oblique views"), meets: true),
        ElementExample(Elements.variant("AP and lateral views", "Biplanar fluoroscopy"), meets: true),
        ElementExample(Elements.variant("AP and lateral views", "An AP view"), meets: false),
        ElementExample(Elements.variant("AP and lateral views confirmed position", "Position confirmed in the left lateral decubitus position"), meets: false),
    ] }
}
