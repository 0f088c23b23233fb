/// Runs every fact extractor over a document. Order matters only where a fact reads
/// another (region reads approach and levels; laterality reads approach; levels read the
/// device).
public enum FactExtractor {
    public static func extract(_ d: Document) -> Facts {
        var f = Facts()
        // The device first: a caudal needle's tip is a level only when a catheter was used.
        DeviceFacts.extract(d, &f)
        ProcedureFacts.extract(d, &f)
        ImagingFacts.extract(d, &f)
        SubstanceFacts.extract(d, &f)
        // A contrast study that says no steroid was given ("epidurogram and radiculogram ... No
        // steroid or local anesthetic was injected") injects nothing the codes pay for.
        if f.procedure == "esi", f.substances.allSatisfy({ $0.cls == "contrast" || $0.skin }), let s = ProcedureFacts.steroidDenied(d) {
            f.procedure = "other"
            f.cite("procedure", s)
        }
        HistoryFacts.extract(d, &f)
        OutcomeFacts.extract(d, &f)
        if f.approach == "caudal" { f.caudalEntry = true }
        return f
    }
}
