/// `history.baseline_pain`: a pre-procedure pain score.
struct BaselinePain: DocumentationElement {
    let id = "history.baseline_pain"
    let title = "Baseline pain score"
    let rationale = "A baseline pain or function score is required to judge the response and any repeat injection."
    let severity = Severity.error
    let missingMessage = "record a pre-procedure pain score (e.g. 7/10 on the numeric scale)"
    let metMessage = "baseline pain score documented"
    func evaluate(_ f: Facts) -> (ElementStatus, [String]) {
        f.baselinePain == nil ? (.missing, []) : (.met, ["baseline_pain"])
    }
    var examples: [ElementExample] { [
        ElementExample(Elements.base, meets: true),
        ElementExample(Elements.variant("Pain 7/10.", "VAS 70/100."), meets: true),
        ElementExample(Elements.variant("Pain 7/10.", "She rates her pain 8 out of 10."), meets: true),
        ElementExample(Elements.variant("Pain 7/10.", ""), meets: false),
        ElementExample(Elements.variant("Pain 7/10.", "").replacingOccurrences(of: "Tolerated well", with: "Pain 2/10 after the procedure. Tolerated well"), meets: false),
    ] }
}
