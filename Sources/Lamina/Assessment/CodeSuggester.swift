/// One row of `lexicons/cpt.tsv`, the decision table of SPEC.md §3.
public struct CPTRow: Sendable {
    public let approach: String, regionGroup: String, imaging: String, catheter: String, cpt: String, addon: String?

    init(_ r: Lexicon.Row, file: String) throws {
        guard r.cols.count >= 6 else {
            throw LexiconError(file: file, line: r.line, column: r.cols.last?.1 ?? 1,
                               message: "expected approach, region_group, imaging, catheter, cpt, addon (6 columns)")
        }
        func check(_ i: Int, _ allowed: [String]) throws -> String {
            let v = r.cols[i].0
            guard allowed.contains(v) else {
                throw LexiconError(file: file, line: r.line, column: r.cols[i].1,
                                   message: "unknown value '\(v)'\(didYouMean(v, allowed))")
            }
            return v
        }
        approach = try check(0, ["interlaminar", "transforaminal", "neurolytic_epidural", "neurolytic_subarachnoid"])
        regionGroup = try check(1, ["cervical_thoracic", "lumbar_sacral", "any"])
        imaging = try check(2, ["yes", "no", "any"])
        catheter = try check(3, ["indwelling", "not_indwelling", "any"])
        let code = r.cols[4].0
        guard code.count == 5, code.allSatisfy({ $0.isNumber || $0.isUppercase }) else {
            throw LexiconError(file: file, line: r.line, column: r.cols[4].1, message: "'\(code)' is not a CPT code")
        }
        cpt = code
        addon = r.cols[5].0 == "-" || r.cols[5].0.isEmpty ? nil : r.cols[5].0
    }
}

/// The code a note supports.
public struct CodeSuggestion: Sendable {
    public var cpt: String?
    public var addons: [(cpt: String, units: Int)] = []
    public var modifiers: [String] = []
    public var rationale: [String] = []
    /// HCPCS drug codes and units the documented steroid doses support (claim checks only).
    public var hcpcs: [(code: String, units: Int, drug: String)] = []
}

/// Reads the decision table against the facts.
public enum CodeSuggester {
    public static func suggest(_ f: Facts, note: Note, table: [CPTRow]) -> CodeSuggestion {
        var c = CodeSuggestion()
        func at(_ field: String) -> String {
            guard let s = f.evidence[field]?.first else { return "" }
            return " (line \(note.line(of: s.start)))"
        }
        guard f.procedure == "esi" else {
            c.rationale = ["not an epidural injection of the 62320–62327, 62280–62282, 64479–64484 family\(at("procedure"))"]
            return c
        }
        let group: String?
        switch f.region {
        case "cervical", "thoracic": group = "cervical_thoracic"
        case "lumbar", "sacral": group = "lumbar_sacral"
        default: group = f.approach == "caudal" ? "lumbar_sacral" : nil
        }
        let guided = f.imaging == "fluoroscopy" || f.imaging == "ct"
        let approachKey: String
        if f.neurolytic {
            approachKey = "neurolytic_epidural"
            c.rationale.append("neurolytic substance\(at("neurolytic"))")
        } else if let a = f.approach {
            approachKey = a == "transforaminal" ? "transforaminal" : "interlaminar"
            c.rationale.append("approach \(a)\(at("approach"))")
        } else {
            c.rationale.append("approach not documented: no code can be suggested")
            return c
        }
        guard let g = group else {
            c.rationale.append("region not documented: no code can be suggested")
            return c
        }
        c.rationale.append("region \(f.region ?? "sacral")\(f.levels.isEmpty ? "" : " " + f.levels.joined(separator: ", "))\(at(f.levels.isEmpty ? "region" : "levels"))")
        if approachKey == "interlaminar" {
            c.rationale.append(guided ? "\(f.imaging!) guidance documented\(at("imaging"))"
                                      : "no fluoroscopy or CT documented (\(f.imaging ?? "imaging not stated")): coded without imaging")
            c.rationale.append(f.catheter == "indwelling" ? "catheter left indwelling\(at("catheter"))" : "\(f.catheter ?? "needle") placement, not left indwelling\(at("catheter"))")
        }
        let row = table.first { r in
            r.approach == approachKey && (r.regionGroup == "any" || r.regionGroup == g)
                && (r.imaging == "any" || r.imaging == (guided ? "yes" : "no"))
                && (r.catheter == "any" || r.catheter == (f.catheter == "indwelling" ? "indwelling" : "not_indwelling"))
        }
        guard let r = row else {
            c.rationale.append("no row of the code table matches")
            return c
        }
        c.cpt = r.cpt
        if approachKey == "transforaminal" {
            let levels = max(1, f.levels.count)
            if let add = r.addon, levels > 1 {
                c.addons = [(add, levels - 1)]
                c.rationale.append("\(levels) levels: add-on \(add) x\(levels - 1)")
            }
            if f.laterality == "bilateral" {
                c.modifiers = ["50"]
                c.rationale.append("bilateral\(at("laterality")): modifier 50")
            }
        }
        return c
    }
}
