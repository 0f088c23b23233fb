/// `placement.device`: the needle or catheter placed.
struct PlacementDevice: DocumentationElement {
    let id = "placement.device"
    let title = "Needle or catheter"
    let rationale = "Needle versus catheter (and an indwelling catheter) changes the code."
    let severity = Severity.warning
    let missingMessage = "describe the needle or catheter placed (type and gauge)"
    let metMessage = "needle or catheter documented"
    func evaluate(_ f: Facts) -> (ElementStatus, [String]) {
        f.catheter == nil ? (.missing, []) : (.met, ["catheter"])
    }
    var examples: [ElementExample] { [
        ElementExample(Elements.base, meets: true),
        ElementExample(Elements.variant("A 20-gauge Tuohy needle entered", "A catheter was threaded into"), meets: true),
        ElementExample(Elements.variant("A 20-gauge Tuohy needle entered the epidural space by loss of resistance.", "The epidural space was entered."), meets: false),
    ] }
}
