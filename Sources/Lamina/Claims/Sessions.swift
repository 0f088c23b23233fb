/// One injection session of a patient (docs/CLAIMS.md `policy.frequency`): one date of
/// service and one spinal region, from a record or from the ledger.
public struct Session: Sendable, Equatable {
    public var patient: String
    /// The record id of the encounter.
    public var encounter: String
    /// `YYYY-MM-DD`.
    public var date: String
    public var day: Int
    /// The note's region: cervical, thoracic, lumbar, sacral.
    public var region: String
    /// The primary code: billed, else the one the note supports.
    public var code: String
    public var diagnoses: [String]
    public var pumpTrial: Bool

    public init(patient: String, encounter: String, date: String, day: Int, region: String, code: String,
                diagnoses: [String] = [], pumpTrial: Bool = false) {
        self.patient = patient; self.encounter = encounter; self.date = date; self.day = day
        self.region = region; self.code = code; self.diagnoses = diagnoses; self.pumpTrial = pumpTrial
    }

    /// The session an assessed record documents, or nil (no patient or date, not an
    /// injection of the family, no code). An invalid date is reported by the caller.
    public static func from(patient: String?, encounter: String, date: String?, billed: Billed?,
                            assessment a: Assessment, table: [CPTRow]) -> Session? {
        guard let p = patient, !p.isEmpty, let d = date, let day = DayNumber.parse(d) else { return nil }
        let billedPrimary = BilledCode.parse(billed?.cpt ?? []).first { ClaimChecker.primaries.contains($0.code) }?.code
        guard let code = billedPrimary ?? a.code.cpt else { return nil }
        var region = a.facts.region
        if region == nil, let row = table.first(where: { $0.cpt == code }) {
            region = row.regionGroup == "cervical_thoracic" ? "cervical" : row.regionGroup == "lumbar_sacral" ? "lumbar" : nil
        }
        if region == nil && a.facts.approach == "caudal" { region = "sacral" }
        guard let r = region else { return nil }
        let dx = (billed?.icd10.map(ClaimData.normalizeICD) ?? []) + a.facts.diagnoses
        return Session(patient: p, encounter: encounter, date: d, day: day, region: r, code: code,
                       diagnoses: dx, pumpTrial: a.facts.pumpTrial)
    }
}

extension Facts {
    /// Where a session shows in its note: the levels, else the region, else the approach.
    public var sessionEvidence: [Span] { evidence["levels"] ?? evidence["region"] ?? evidence["approach"] ?? [] }
}

/// Session limits across encounters: rolling windows and the minimum interval of the policy
/// version in force on each session's date.
public enum FrequencyChecker {
    /// The `policy.frequency` finding of `s` among all sessions known (batch and ledger).
    /// `all` may hold `s` itself and duplicates of an encounter: each encounter counts once
    /// and sessions on one date in one region count once.
    public static func check(_ s: Session, among all: [Session], policy: Policy) -> Finding {
        func result(_ st: ElementStatus, _ m: String, _ related: [String] = []) -> Finding {
            Finding(element: "policy.frequency", status: st, severity: st == .conflict ? .error : st == .missing ? .warning : .info,
                    message: m, evidence: [], citation: policy.citation, related: related)
        }
        guard let v = policy.version(on: s.date) else {
            return result(.missing, "no version of policy \(policy.id) is in force on \(s.date); session limits not checked")
        }
        let counted = Set(v.windows.flatMap(\.codes))
        guard counted.contains(s.code) else {
            return result(.met, "\(s.code) is not counted by the session limits of \(policy.id)")
        }
        let exempt = s.diagnoses.contains { c in v.exemptions.diagnoses.contains { ClaimData.matches(pattern: $0, c) } }
            || (v.exemptions.pumpTrial && s.pumpTrial)
        if exempt && v.exemptions.fromFrequency {
            return result(.exempt, "exempt from the session limits of \(policy.id)")
        }
        let group = v.group(s.region)
        // Earlier or same-day sessions of the patient, one per encounter.
        var seen = Set<String>()
        var peers: [Session] = []
        for x in all where x.patient == s.patient && x.day <= s.day && seen.insert(x.encounter).inserted { peers.append(x) }
        if seen.insert(s.encounter).inserted { peers.append(s) }
        var problems: [String] = []
        var related: [String] = []
        for w in v.windows where w.codes.contains(s.code) {
            let inWindow = peers.filter { w.codes.contains($0.code) && $0.day > s.day - w.days && (w.per == "all" || v.group($0.region) == group) }
            struct Key: Hashable { let day: Int; let group: String }
            let keys = Set(inWindow.map { Key(day: $0.day, group: v.group($0.region)) })
            if keys.count > w.maxSessions {
                let scope = w.per == "all" ? "" : " \(group)"
                problems.append("\(ordinal(keys.count))\(scope) session in \(w.days) days (\(w.label): at most \(w.maxSessions))")
                for x in inWindow.sorted(by: { ($0.day, $0.encounter) < ($1.day, $1.encounter) })
                    where !(x.day == s.day && v.group(x.region) == group) {
                    let tag = "\(x.encounter) (\(x.date))"
                    if !related.contains(tag) { related.append(tag) }
                }
            }
        }
        if let minDays = v.minIntervalDays,
           let prev = peers.filter({ counted.contains($0.code) && $0.day < s.day && v.group($0.region) == group }).max(by: { $0.day < $1.day }),
           s.day - prev.day < minDays {
            problems.append("\(s.day - prev.day) days after the \(group) session \(prev.encounter) (\(prev.date)); the policy requires at least \(minDays)")
            let tag = "\(prev.encounter) (\(prev.date))"
            if !related.contains(tag) { related.append(tag) }
        }
        if problems.isEmpty {
            return result(.met, "within the session limits of \(policy.id) (\(v.version)) on \(s.date)")
        }
        return result(.conflict, problems.joined(separator: "; ") + (related.isEmpty ? "" : "; counts " + related.joined(separator: ", ")), related)
    }

    static func ordinal(_ n: Int) -> String {
        let suffix = (11...13).contains(n % 100) ? "th" : [1: "st", 2: "nd", 3: "rd"][n % 10] ?? "th"
        return "\(n)\(suffix)"
    }
}
