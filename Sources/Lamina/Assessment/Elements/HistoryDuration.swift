/// `history.duration`: at least four weeks of pain or of conservative care.
struct HistoryDuration: DocumentationElement {
    let id = "history.duration"
    let title = "Duration of at least 4 weeks"
    let rationale = "Pain must have lasted at least 4 weeks (acute herpes zoster is exempt)."
    let severity = Severity.error
    let missingMessage = "state how long the pain or the conservative care has lasted (at least 4 weeks)"
    let metMessage = "duration of at least 4 weeks documented"
    func evaluate(_ f: Facts) -> (ElementStatus, [String]) {
        if let w = f.durationWeeks, w >= 4 { return (.met, ["duration"]) }
        if f.zoster { return (.exempt, ["zoster"]) }
        return (.missing, [])
    }
    var examples: [ElementExample] { [
        ElementExample(Elements.base, meets: true),
        ElementExample(Elements.variant("leg pain for 5 months, failed 6 weeks", "leg pain x 9 months, failed"), meets: true),
        ElementExample(Elements.variant("leg pain for 5 months, failed 6 weeks", "chronic leg pain, failed"), meets: false),
        ElementExample(Elements.variant("leg pain for 5 months, failed 6 weeks", "leg pain for 2 weeks, failed"), meets: false),
        ElementExample(Elements.variant("leg pain for 5 months, failed 6 weeks of physical therapy", "leg pain, failed physical therapy") + "Follow up in 6 weeks.\n", meets: false),
        ElementExample(Elements.variant("Lumbar radiculopathy (M54.17), leg pain for 5 months, failed 6 weeks of physical therapy", "Acute herpes zoster with thoracic radicular pain"), meets: true),
    ] }
}
