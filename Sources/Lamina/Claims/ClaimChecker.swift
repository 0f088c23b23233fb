/// A billed code with its units (`64484x2`).
public struct BilledCode: Sendable, Equatable {
    public var code: String
    public var units: Int

    /// `64484`, `64484x2`, `64484*2`, `64484 x 2`; repeated codes add up.
    public static func parse(_ list: [String]) -> [BilledCode] {
        var out: [BilledCode] = []
        for raw in list {
            let s = raw.uppercased().replacingOccurrences(of: " ", with: "")
            var code = s, units = 1
            if let sep = s.firstIndex(where: { $0 == "X" || $0 == "*" }), sep != s.startIndex, s[..<sep].count == 5,
               let n = Int(s[s.index(after: sep)...]), n > 0 {
                code = String(s[..<sep]); units = n
            }
            guard !code.isEmpty else { continue }
            if let i = out.firstIndex(where: { $0.code == code }) { out[i].units += units } else { out.append(BilledCode(code: code, units: units)) }
        }
        return out
    }
}

/// The claim side of a record: what was billed, on which date, under which policy version.
public struct ClaimContext: Sendable {
    public var billed: Billed?
    /// Date of service `YYYY-MM-DD` (the code set and policy version in force); today when nil.
    public var date: String
    public var policy: Policy
    public var version: PolicyVersion?

    public init(billed: Billed?, date: String?, policy: Policy) {
        self.billed = billed
        self.date = date ?? DayNumber.today()
        self.policy = policy
        self.version = policy.version(on: self.date)
    }
}

/// The claim checks of docs/CLAIMS.md: each one a finding under a stable id of SPEC.md §4.
public enum ClaimChecker {
    public static let primaries: Set<String> = ["62320", "62321", "62322", "62323", "62324", "62325", "62326", "62327",
                                                "62280", "62281", "62282", "64479", "64483"]
    public static let addonOf: [String: String] = ["64480": "64479", "64484": "64483"]

    /// Claim findings for an assessed note (none without `billed`), plus `policy.levels`.
    public static func check(_ a: Assessment, note: Note, claim: ClaimContext, data: ClaimData, table: [CPTRow]) -> [Finding] {
        var out: [Finding] = []
        let cite = claim.policy.citation
        func finding(_ id: String, _ status: ElementStatus, _ sev: Severity, _ msg: String, _ fields: [String]) -> Finding {
            var ev: [Span] = []
            for k in fields { ev.append(contentsOf: a.facts.evidence[k] ?? []) }
            return Finding(element: id, status: status, severity: status == .met ? .info : sev,
                           message: msg, evidence: Array(Set(ev)).sorted(), citation: cite)
        }
        // The level rules follow what the note documents (the code it supports); the billed
        // code is judged by claim.code.
        if let lv = levels(a.facts, code: a.code.cpt ?? billedPrimary(claim), version: claim.version) {
            out.append(finding("policy.levels", lv.0, .error, lv.1, ["levels", "region", "laterality", "approach"]))
        }
        guard let billed = claim.billed, !billed.cpt.isEmpty || !billed.icd10.isEmpty || !billed.modifiers.isEmpty else { return out }
        let codes = BilledCode.parse(billed.cpt)
        let mods = Set(billed.modifiers.map { $0.uppercased().trimmingCharacters(in: .whitespaces) })
        let hasESI = codes.contains { primaries.contains($0.code) || addonOf[$0.code] != nil }

        if !billed.cpt.isEmpty {
            let (s, m, f) = code(a, codes: codes, table: table)
            out.append(finding("claim.code", s, .error, m, f))
        }
        if hasESI {
            let extra = codes.filter { data.bundled[$0.code] != nil }
            out.append(extra.isEmpty
                ? finding("claim.bundled", .met, .info, "no imaging or epidurography code billed beside the injection code", [])
                : finding("claim.bundled", .conflict, .error,
                          extra.map { "\($0.code) (\(data.bundled[$0.code]!))" }.joined(separator: ", ")
                            + (extra.count == 1 ? " is" : " are") + " included in the injection code; remove from the claim", ["imaging"]))
            let (s, m, f) = modifiers(a.facts, codes: codes, mods: mods, version: claim.version, data: data)
            out.append(finding("claim.modifiers", s, .error, m, f))
        }
        if !billed.cpt.isEmpty {
            let (s, m) = diagnosis(a.facts, billed: billed.icd10, codes: codes, claim: claim, data: data, table: table)
            out.append(finding("claim.diagnosis", s, s == .risk ? .warning : .error, m, ["diagnoses"]))
        }
        let jcodes = codes.filter { $0.code.hasPrefix("J") }
        if !jcodes.isEmpty {
            let (s, m) = drugs(jcodes, expected: expectedDrugCodes(a.facts, date: claim.date, data: data))
            out.append(finding("claim.drugs", s, .error, m, ["substances"]))
        }
        return out
    }

    static func billedPrimary(_ claim: ClaimContext) -> String? {
        BilledCode.parse(claim.billed?.cpt ?? []).first { primaries.contains($0.code) }?.code
    }

    // MARK: claim.code

    static func describe(_ code: String, _ table: [CPTRow]) -> CPTRow? { table.first { $0.cpt == code } }

    static func code(_ a: Assessment, codes: [BilledCode], table: [CPTRow]) -> (ElementStatus, String, [String]) {
        let f = a.facts
        let billedPrimaries = codes.filter { primaries.contains($0.code) }
        let billedAddons = codes.filter { addonOf[$0.code] != nil }
        for ad in billedAddons where !codes.contains(where: { $0.code == addonOf[ad.code] }) {
            return (.conflict, "add-on \(ad.code) billed without its primary \(addonOf[ad.code]!)", ["levels"])
        }
        guard let p = billedPrimaries.first else {
            return (.conflict, "no epidural injection code billed; the note supports \(a.code.cpt ?? "no code")", ["procedure"])
        }
        if billedPrimaries.count > 1 {
            return (.conflict, "\(billedPrimaries.map(\.code).joined(separator: " and ")) billed for one session; the note supports \(a.code.cpt ?? "no code")", ["approach", "levels"])
        }
        // "64483, 64483" or "64483x2": a primary is billed once per session; a second side takes
        // modifier 50 and a second level the add-on.
        if p.units > 1 {
            return (.conflict, "\(p.code) billed \(p.units) times for one session; the note supports \(a.code.cpt ?? "no code")\(a.code.modifiers.isEmpty ? "" : "-" + a.code.modifiers.joined(separator: "-"))", ["laterality", "levels"])
        }
        guard let s = a.code.cpt else {
            return (.conflict, "\(p.code) billed but the note supports no code: \(a.code.rationale.last ?? "")", ["procedure", "approach", "region"])
        }
        if p.code != s {
            var why: [String] = []
            var fields: [String] = []
            if let b = describe(p.code, table), let n = describe(s, table) {
                if b.approach != n.approach {
                    why.append(n.approach.hasPrefix("neurolytic") || b.approach.hasPrefix("neurolytic")
                        ? (f.neurolytic ? "the note documents a neurolytic injection" : "the note documents no neurolytic substance")
                        : "\(p.code) is \(b.approach == "transforaminal" ? "transforaminal" : "interlaminar/caudal") but the note documents \(f.approach ?? "another") approach")
                    fields += ["approach", "neurolytic"]
                }
                if b.regionGroup != n.regionGroup && b.regionGroup != "any" && n.regionGroup != "any" {
                    why.append("\(p.code) is \(b.regionGroup.replacingOccurrences(of: "_", with: "/")) but the note documents \(f.region ?? "another region")")
                    fields += ["region", "levels"]
                }
                if b.imaging == "yes" && n.imaging == "no" {
                    why.append("\(p.code) includes fluoroscopy or CT guidance but the note documents \(f.imaging.map { $0 == "none" ? "no imaging" : $0 } ?? "no imaging") (overcoding)")
                    fields += ["imaging"]
                } else if b.imaging == "no" && n.imaging == "yes" {
                    why.append("the note documents \(f.imaging ?? "imaging") guidance, which \(s) includes (undercoding)")
                    fields += ["imaging"]
                }
                if b.catheter != n.catheter && b.catheter != "any" && n.catheter != "any" {
                    why.append(n.catheter == "indwelling" ? "the note documents a catheter left indwelling" : "\(p.code) is for an indwelling catheter but the note documents none left in place")
                    fields += ["catheter"]
                }
            }
            if why.isEmpty { why.append("codes differ") }
            return (.conflict, "billed \(p.code); the note supports \(s): " + why.joined(separator: "; "), fields)
        }
        // Add-on units against levels.
        let expected = a.code.addons.first.map { ($0.cpt, $0.units) }
        let got = billedAddons.first.map { ($0.code, $0.units) }
        if expected?.0 != got?.0 || expected?.1 != got?.1 {
            let lv = "\(f.levels.count) level\(f.levels.count == 1 ? "" : "s") documented"
            let exp = expected.map { "\($0.0) x\($0.1)" } ?? "no add-on"
            let b = got.map { "\($0.0) x\($0.1)" } ?? "no add-on"
            return (.conflict, "billed \(s) with \(b); \(lv) supports \(s) with \(exp)", ["levels"])
        }
        return (.met, "billed \(s)\(expected.map { " + \($0.0) x\($0.1)" } ?? "") is the code the note supports", ["approach", "levels", "imaging"])
    }

    // MARK: claim.modifiers

    static func modifiers(_ f: Facts, codes: [BilledCode], mods: Set<String>, version: PolicyVersion?, data: ClaimData) -> (ElementStatus, String, [String]) {
        let tf = codes.contains { ["64479", "64483", "64480", "64484"].contains($0.code) }
        let il = codes.contains { $0.code.hasPrefix("6232") }
        var why: [String] = []
        var fields: [String] = []
        let bilateral = f.laterality == "bilateral"
        if mods.contains("50") {
            if il && !tf { why.append("modifier 50 on an interlaminar/caudal code (not a bilateral procedure)"); fields.append("approach") }
            else if tf && !bilateral { why.append("modifier 50 but the note documents \(f.laterality.map { "a \($0)" } ?? "no") side, not bilateral"); fields.append("laterality") }
        } else if tf && bilateral {
            why.append("bilateral transforaminal injection documented; bill it with modifier 50\(mods.contains("RT") && mods.contains("LT") ? ", not RT and LT" : "")")
            fields.append("laterality")
        }
        for side in ["RT", "LT"] where mods.contains(side) {
            let want = side == "RT" ? "right" : "left"
            if mods.contains("RT") && mods.contains("LT") && bilateral && !mods.contains("50") { continue }
            if f.laterality != want {
                why.append("\(side) but the note documents \(f.laterality.map { $0 == "midline" ? "a midline injection" : "the \($0) side" } ?? "no side")")
                fields.append("laterality")
            }
        }
        let diagnostic = f.diagnosticBlock && tf
        if version?.kxForDiagnosticBlock == true {
            if diagnostic && !mods.contains("KX") { why.append("diagnostic selective nerve root block without modifier KX"); fields.append("diagnostic_block") }
            if !diagnostic && mods.contains("KX") { why.append("KX but the note documents no diagnostic nerve root block") }
        }
        // Procedure codes: the injection primaries and other CPT procedures (not add-ons, bundled
        // imaging, E/M visits, Category III add-ons or HCPCS supplies and drugs).
        let distinct = Set(codes.map(\.code).filter { c in
            primaries.contains(c) || (addonOf[c] == nil && data.bundled[c] == nil && c.count == 5
                && c.allSatisfy(\.isNumber) && !c.hasPrefix("99"))
        })
        let x = mods.contains("59") || mods.contains("XS")
        if distinct.count >= 2 && !x { why.append("\(distinct.sorted().joined(separator: " and ")) are distinct procedures on one date; add 59 or XS") }
        if distinct.count < 2 && x { why.append("59/XS without a second distinct procedure on the claim") }
        if why.isEmpty { return (.met, mods.isEmpty ? "no modifier needed and none billed" : "modifiers \(mods.sorted().joined(separator: ", ")) agree with the note", ["laterality"]) }
        return (.conflict, why.joined(separator: "; "), fields)
    }

    // MARK: claim.diagnosis

    /// CPT region group of a diagnosis region.
    static func groups(ofDx region: String) -> Set<String> {
        switch region {
        case "cervical", "cervicothoracic", "thoracic": return ["cervical_thoracic"]
        case "thoracolumbar": return ["cervical_thoracic", "lumbar_sacral"]
        case "lumbar", "lumbosacral", "sacral": return ["lumbar_sacral"]
        default: return []
        }
    }

    static func diagnosis(_ f: Facts, billed: [String], codes: [BilledCode], claim: ClaimContext, data: ClaimData, table: [CPTRow]) -> (ElementStatus, String) {
        let dx = billed.map(ClaimData.normalizeICD).filter { !$0.isEmpty }
        guard !dx.isEmpty else { return (.missing, "no ICD-10-CM code billed; add the diagnosis the note documents") }
        var problems: [String] = []
        let date = claim.date
        var known: [ICDCode] = []
        for c in dx {
            guard let x = data.icd[c] else {
                problems.append(data.inScope(c) ? "\(c) is not an ICD-10-CM code" : "\(c) is outside the ICD-10-CM ranges lamina ships; verify it")
                continue
            }
            if let from = x.from, date < from { problems.append("\(c) is not valid before \(from) (date of service \(date))"); continue }
            if !x.billable && (x.billableUntil.map { date > $0 } ?? true) {
                problems.append("\(c) is a header, not billable\(x.billableUntil.map { " after \($0)" } ?? ""); use a more specific code")
                continue
            }
            known.append(x)
        }
        for i in 0..<known.count {
            for j in (i + 1)..<max(i + 1, known.count) {
                if data.excludes(known[i].code, known[j].code) || data.excludes(known[j].code, known[i].code) {
                    problems.append("\(known[i].code) and \(known[j].code) are an Excludes1 pair: they cannot be billed together")
                }
            }
        }
        let v = claim.version
        let exempt = (v?.exemptions.fromDiagnosisChecks == true) &&
            (dx.contains { c in v!.exemptions.diagnoses.contains { ClaimData.matches(pattern: $0, c) } } || (v!.exemptions.pumpTrial && f.pumpTrial))
        if !exempt {
            // The procedure's region group: the note's, else the billed code's.
            var group: String? = nil
            switch f.region {
            case "cervical", "thoracic": group = "cervical_thoracic"
            case "lumbar", "sacral": group = "lumbar_sacral"
            default:
                if let p = codes.first(where: { primaries.contains($0.code) }), let r = describe(p.code, table), r.regionGroup != "any" { group = r.regionGroup }
            }
            if let g = group {
                for x in known {
                    guard let r = x.region else { continue }
                    let gs = groups(ofDx: r)
                    if !gs.isEmpty && !gs.contains(g) {
                        problems.append("\(x.code) (\(x.descriptor)) is \(r); the injection is \(g.replacingOccurrences(of: "_", with: "/"))")
                    }
                }
            }
        }
        if !problems.isEmpty { return (.conflict, problems.joined(separator: "; ")) }
        let risky = Set(v?.diagnoses.notCoveredClasses ?? [])
        if !exempt, !risky.isEmpty, !known.isEmpty, known.allSatisfy({ risky.contains($0.cls) }) {
            return (.risk, "\(known.map(\.code).joined(separator: ", ")): \(known.allSatisfy { $0.cls == "nonspecific" } ? "non-specific" : "axial or non-specific") pain only; the policy does not cover axial pain: code the radicular diagnosis the note documents")
        }
        return (.met, "\(dx.joined(separator: ", ")) valid and billable on \(date), consistent with each other and the injection region")
    }

    // MARK: claim.drugs

    /// HCPCS drug codes and units the documented steroid doses support on a date.
    public static func expectedDrugCodes(_ f: Facts, date: String, data: ClaimData) -> [(code: String, units: Int, drug: String)] {
        // The total per drug: a stated total, else the doses summed (a dose "at each level" once per level).
        var doses: [(String, Double)] = []
        for s in f.substances where !s.skin && s.cls == "steroid" {
            guard let dose = s.doseMg, dose > 0 else { continue }
            let given = s.perLevel ? dose * Double(max(1, Set(f.levels).count)) : dose
            if let i = doses.firstIndex(where: { $0.0 == s.name }) { doses[i].1 += given } else { doses.append((s.name, given)) }
        }
        for i in doses.indices { if let t = f.totalDoseMg[doses[i].0] { doses[i].1 = t } }
        var out: [(String, Int, String)] = []
        for (name, dose) in doses {
            for (c, n) in data.drugCodes(drug: name, doseMg: dose, date: date) {
                if let i = out.firstIndex(where: { $0.0 == c }) { out[i].1 += n } else { out.append((c, n, name)) }
            }
        }
        return out
    }

    static func drugs(_ billed: [BilledCode], expected: [(code: String, units: Int, drug: String)]) -> (ElementStatus, String) {
        var why: [String] = []
        for b in billed {
            if let e = expected.first(where: { $0.code == b.code }) {
                if e.units != b.units { why.append("\(b.code) x\(b.units) billed; the documented \(e.drug) dose supports x\(e.units)") }
            } else {
                why.append("\(b.code) billed; the documented drugs support \(expected.isEmpty ? "no drug code" : expected.map { "\($0.code) x\($0.units)" }.joined(separator: ", "))")
            }
        }
        if why.isEmpty { return (.met, "drug codes and units agree with the documented doses") }
        return (.conflict, why.joined(separator: "; "))
    }

    // MARK: policy.levels

    /// Level, region and bilateral rules of the policy version for the session's code.
    static func levels(_ f: Facts, code: String?, version: PolicyVersion?) -> (ElementStatus, String)? {
        guard f.procedure == "esi", let v = version, let c = code, v.levelRuleCodes.contains(c), let approach = f.approach else { return nil }
        var why: [String] = []
        let distinctLevels = Set(f.levels)
        if let max = v.levelsPerSession[approach], distinctLevels.count > max {
            why.append("\(distinctLevels.count) \(approach) levels (\(f.levels.joined(separator: ", "))); the policy allows \(max) per session")
        }
        if let maxRegions = v.regionsPerSession {
            let regions = Set(f.levels.compactMap { ProcedureFacts.regionOf($0) }.map { v.group($0) })
            if regions.count > maxRegions { why.append("\(regions.count) spinal regions (\(regions.sorted().joined(separator: ", "))); the policy allows \(maxRegions) per session") }
        }
        if f.laterality == "bilateral", v.bilateralAllowed[approach] == false {
            why.append("bilateral \(approach) injection; the policy does not allow it")
        }
        if why.isEmpty { return (.met, "\(max(1, distinctLevels.count)) \(approach) level\(distinctLevels.count > 1 ? "s" : "") in one region: within the policy's limits") }
        return (.conflict, why.joined(separator: "; "))
    }

}
