/// Facts scored against the policy's elements, plus the suggested code.
public struct Assessment: Sendable {
    public var facts: Facts
    public var code: CodeSuggestion
    public var findings: [Finding]
}

public enum Assessor {
    /// Spans in order, each once (sorting then dropping repeats: no hashing).
    static func sortedUnique(_ xs: [Span]) -> [Span] {
        if xs.count < 2 { return xs }
        let s = xs.sorted()
        var out: [Span] = [s[0]]
        out.reserveCapacity(s.count)
        for x in s.dropFirst() where x != out[out.count - 1] { out.append(x) }
        return out
    }

    /// `version`: the payer policy version whose element severities apply (lamina's defaults otherwise).
    public static func assess(_ f: Facts, note: Note, lexicon: Lexicon, version: PolicyVersion? = nil) -> Assessment {
        let code = CodeSuggester.suggest(f, note: note, table: lexicon.cptTable)
        var findings: [Finding] = []
        if f.procedure == "esi" {
            for e in Elements.all {
                let (status, fields) = e.evaluate(f)
                var ev: [Span] = []
                for k in fields { ev.append(contentsOf: f.evidence[k] ?? []) }
                findings.append(Finding(element: e.id, status: status,
                                        severity: status.isMet ? .info : (version?.elements[e.id].flatMap(Severity.init) ?? e.severity),
                                        message: status.isMet ? e.metMessage : e.missingMessage,
                                        evidence: sortedUnique(ev)))
            }
            if code.cpt == nil {
                findings.append(Finding(element: "code.suggestion", status: .missing, severity: .warning,
                                        message: "no CPT code can be suggested: " + (code.rationale.last ?? ""), evidence: []))
            }
        }
        return Assessment(facts: f, code: code, findings: findings)
    }
}
