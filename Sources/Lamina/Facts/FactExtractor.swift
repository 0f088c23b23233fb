/// Runs every fact extractor over a document. Order matters only where a fact reads
/// another (region reads approach and levels; laterality reads approach).
public enum FactExtractor {
    public static func extract(_ d: Document) -> Facts {
        var f = Facts()
        ProcedureFacts.extract(d, &f)
        ImagingFacts.extract(d, &f)
        DeviceFacts.extract(d, &f)
        SubstanceFacts.extract(d, &f)
        HistoryFacts.extract(d, &f)
        OutcomeFacts.extract(d, &f)
        if f.approach == "caudal" { f.caudalEntry = true }
        return f
    }
}
