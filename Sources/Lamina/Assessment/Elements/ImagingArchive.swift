/// `imaging.archive`: images saved, stored, retained or archived.
struct ImagingArchive: DocumentationElement {
    let id = "imaging.archive"
    let title = "Images retained"
    let rationale = "Images showing needle position must be retained in the record."
    let severity = Severity.error
    let missingMessage = "images are not documented as saved to the record; state that they were saved or archived (e.g. to PACS)"
    let metMessage = "images documented as saved"
    func evaluate(_ f: Facts) -> (ElementStatus, [String]) {
        f.imagesArchived ? (.met, ["images_archived"]) : (.missing, [])
    }
    var examples: [ElementExample] { [
        ElementExample(Elements.base, meets: true),
        ElementExample(Elements.variant("Images saved to PACS.", "AP and lateral images were stored in the chart."), meets: true),
        ElementExample(Elements.variant("Images saved to PACS.", ""), meets: false),
        ElementExample(Elements.variant("Images saved to PACS.", "Images were not saved."), meets: false),
        ElementExample(Elements.variant("Images saved to PACS.", "Images were reviewed."), meets: false),
    ] }
}
