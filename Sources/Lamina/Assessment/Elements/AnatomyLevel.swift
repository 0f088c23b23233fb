/// `anatomy.level`: the spinal level, or caudal entry through the sacral hiatus.
struct AnatomyLevel: DocumentationElement {
    let id = "anatomy.level"
    let title = "Spinal level"
    let rationale = "Levels per session are limited; the level injected must be documented."
    let severity = Severity.error
    let missingMessage = "state the spinal level injected (e.g. L5-S1) or the caudal entry"
    let metMessage = "level documented"
    func evaluate(_ f: Facts) -> (ElementStatus, [String]) {
        if !f.levels.isEmpty { return (.met, ["levels"]) }
        if f.approach == "caudal" { return (.met, ["approach"]) }
        return (.missing, [])
    }
    var examples: [ElementExample] { [
        ElementExample(Elements.base, meets: true),
        ElementExample(Elements.variant("Left L5-S1 interlaminar", "Left L5/S1 interlaminar"), meets: true),
        ElementExample(Elements.variant("Left L5-S1 interlaminar epidural", "Caudal epidural").replacingOccurrences(of: "epidural space", with: "sacral hiatus"), meets: true),
        ElementExample(Elements.variant("Left L5-S1 interlaminar", "Left __________ interlaminar"), meets: false),
    ] }
}
