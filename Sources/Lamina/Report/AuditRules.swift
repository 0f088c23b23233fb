/// Every finding id an audit can report, in a fixed order: the 16 documentation elements
/// of `Elements.all`, then the code, claim and policy checks (SPEC.md §4, docs/CLAIMS.md).
/// Output formats with a fixed layout (CSV columns, SARIF rules, HTML charts) use it.
public struct AuditRule: Sendable {
    public let id: String
    public let title: String
    public let rationale: String
    public let severity: Severity
    public let citation: String
}

public enum AuditRules {
    /// The claim, code and policy ids after the documentation elements, in report order.
    public static let claimIds = ["code.suggestion", "claim.code", "claim.bundled", "claim.modifiers",
                                  "claim.diagnosis", "claim.drugs", "policy.levels", "policy.frequency"]

    static let claimRules: [AuditRule] = [
        AuditRule(id: "code.suggestion", title: "Suggested code",
                  rationale: "A CPT code can only be suggested when the note documents the approach and the spinal region; without them the claim has no documented basis.",
                  severity: .warning, citation: "CPT 62320-62327, 62280-62282, 64479-64484 (SPEC.md section 3)"),
        AuditRule(id: "claim.code", title: "Billed code matches the note",
                  rationale: "The billed injection code and add-on units must be the ones the note supports: approach, region, imaging, catheter and number of levels.",
                  severity: .error, citation: "CPT 62320-62327, 64479-64484; docs/CLAIMS.md claim.code"),
        AuditRule(id: "claim.bundled", title: "No bundled imaging billed",
                  rationale: "Fluoroscopic, CT or ultrasound guidance and epidurography are included in the injection codes and are not billed beside them.",
                  severity: .error, citation: "CPT guidelines and NCCI edits for 62320-62327, 64479-64484; lexicons/bundled.tsv"),
        AuditRule(id: "claim.modifiers", title: "Modifiers agree with the note",
                  rationale: "Modifiers 50, RT/LT, KX and 59/XS must reflect the side, the number of procedures and the kind of block the note documents.",
                  severity: .error, citation: "Payer policy in force (default A56681 / L36920); docs/CLAIMS.md claim.modifiers"),
        AuditRule(id: "claim.diagnosis", title: "Diagnosis codes valid and covered",
                  rationale: "Billed ICD-10-CM codes must exist and be billable on the date of service, must not form an Excludes1 pair, must match the injected region and should be a covered indication.",
                  severity: .error, citation: "ICD-10-CM code set on the date of service; payer policy (default A56681 / L36920)"),
        AuditRule(id: "claim.drugs", title: "Drug codes and units match the doses",
                  rationale: "HCPCS J-codes and their units must follow from the steroid and dose the note documents, with the code in force on the date of service.",
                  severity: .error, citation: "HCPCS Level II drug codes (lexicons/hcpcs.tsv)"),
        AuditRule(id: "policy.levels", title: "Levels and regions per session",
                  rationale: "A session may treat only as many levels and regions as the payer policy allows for its approach.",
                  severity: .error, citation: "Payer policy in force (default A56681 / L36920)"),
        AuditRule(id: "policy.frequency", title: "Sessions within the policy's limits",
                  rationale: "Sessions per patient and region must stay within every rolling window of the policy and respect its minimum interval.",
                  severity: .error, citation: "Payer policy in force (default A56681 / L36920)"),
    ]

    /// The 24 rules: documentation elements first, then `claimIds`.
    public static let all: [AuditRule] = Elements.all.map {
        AuditRule(id: $0.id, title: $0.title, rationale: $0.rationale, severity: $0.severity, citation: $0.citation)
    } + claimRules

    /// Every id of `all`, in order.
    public static let ids: [String] = all.map(\.id)

    /// Index of an id in `all`.
    public static let index: [String: Int] = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($1.id, $0) })
}
