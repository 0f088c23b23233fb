import Foundation

/// Scores analyses against gold records (SPEC.md §6).
public struct Evaluation: Sendable {
    public var notes = 0
    /// Figure name → (agreeing, total) for accuracies, or precision/recall counts for F1s.
    public var scalar: [(String, Int, Int)] = []
    public var lists: [(String, Int, Int, Int)] = []      // name, tp, fp, fn
    public var substanceClass = (0, 0)
    public var substanceDose = (0, 0)
    public var substanceVolume = (0, 0)
    public var codeAgree = 0
    public var codeTotal = 0
    public var modifierAgree = 0
    public var elementAgree = 0
    public var elementTotal = 0
    public var falseMet = 0
    public var falseMissing = 0
    public var perElement: [String: (agree: Int, total: Int, falseMet: Int)] = [:]
    public var disagreements: [(id: String, what: String)] = []
    /// Claim and policy findings of gold records with `gold.findings` (docs/CLAIMS.md).
    public var claimAgree = 0
    public var claimTotal = 0
    /// Gold says the check fails (conflict, missing, risk), lamina says met or reports nothing.
    public var claimFalsePass = 0
    public var perClaim: [String: (agree: Int, total: Int, falsePass: Int)] = [:]

    static func f1(_ tp: Int, _ fp: Int, _ fn: Int) -> Double {
        let d = 2 * tp + fp + fn
        return d == 0 ? 1 : Double(2 * tp) / Double(d)
    }
    static func acc(_ a: Int, _ t: Int) -> Double { t == 0 ? 1 : Double(a) / Double(t) }

    /// Every figure that enters the facts mean.
    public var factFigures: [(String, Double)] {
        var out: [(String, Double)] = scalar.map { ($0.0, Evaluation.acc($0.1, $0.2)) }
        out += lists.map { ($0.0 + " F1", Evaluation.f1($0.1, $0.2, $0.3)) }
        out.append(("substances class", Evaluation.acc(substanceClass.0, substanceClass.1)))
        out.append(("substances dose_mg", Evaluation.acc(substanceDose.0, substanceDose.1)))
        out.append(("substances volume_ml", Evaluation.acc(substanceVolume.0, substanceVolume.1)))
        return out
    }
    public var facts: Double { let f = factFigures; return f.map(\.1).reduce(0, +) / Double(max(1, f.count)) }
    public var code: Double { Evaluation.acc(codeAgree, codeTotal) }
    public var elements: Double { Evaluation.acc(elementAgree, elementTotal) }
    public var falseMetRate: Double { elementTotal == 0 ? 0 : Double(falseMet) / Double(elementTotal) }

    public var claims: Double { Evaluation.acc(claimAgree, claimTotal) }

    /// The claims line, printed before the summary line when gold records carry findings.
    public var claimsLine: String {
        String(format: "claims %d checks %.3f (false pass %d)", claimTotal, claims, claimFalsePass)
    }

    public var summaryLine: String {
        String(format: "notes %d facts %.3f code %.3f elements %.3f (false met %.3f)", notes, facts, code, elements, falseMetRate)
    }
}

public struct GoldRecord {
    public var id: String
    public var text: String
    public var gold: JSONValue
    public var patient: String? = nil
    public var date: String? = nil
    public var payer: String? = nil
    public var billed: Billed? = nil
}

public enum Evaluator {
    static let scalarFields = ["procedure", "approach", "region", "laterality", "imaging", "images_archived", "contrast",
                               "catheter", "baseline_pain", "complications", "neurolytic", "pump_trial", "signed"]
    static let listFields = ["levels", "image_views", "diagnoses"]

    /// Reads gold records; a broken line is an error naming the file and line.
    public static func load(path: String) throws -> [GoldRecord] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RecordError(file: path, line: nil, id: nil, message: "cannot read the gold file")
        }
        var out: [GoldRecord] = []
        var lineNo = 0
        for raw in Array(data).split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNo += 1
            if raw.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            let v: JSONValue
            do { v = try JSONParser.parse(raw) } catch {
                throw RecordError(file: path, line: lineNo, id: nil, message: "not a JSON object: \(error)")
            }
            guard let id = v["id"]?.string, let text = v["text"]?.string, let gold = v["gold"] else {
                throw RecordError(file: path, line: lineNo, id: v["id"]?.string, message: "a gold record needs \"id\", \"text\" and \"gold\"")
            }
            var g = GoldRecord(id: id, text: text, gold: gold)
            g.patient = v["patient"]?.string
            g.date = v["date"]?.string
            g.payer = v["payer"]?.string
            if let b = v["billed"] {
                func list(_ k: String) -> [String] { (b[k]?.array ?? []).compactMap(\.string) }
                g.billed = Billed(cpt: list("cpt"), modifiers: list("modifiers"), icd10: list("icd10"))
            }
            out.append(g)
        }
        return out
    }

    static func scalarString(_ v: JSONValue?) -> String {
        guard let v = v else { return "null" }
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n == n.rounded() ? String(Int(n)) : String(n)
        case .string(let s): return s.lowercased()
        default: return "?"
        }
    }

    static func predictedScalar(_ f: Facts, _ k: String) -> String {
        func s(_ x: String?) -> String { x?.lowercased() ?? "null" }
        switch k {
        case "procedure": return f.procedure
        case "approach": return s(f.approach)
        case "region": return s(f.region)
        case "laterality": return s(f.laterality)
        case "imaging": return s(f.imaging)
        case "images_archived": return f.imagesArchived ? "true" : "false"
        case "contrast": return s(f.contrast)
        case "catheter": return s(f.catheter)
        case "baseline_pain": return f.baselinePain.map { $0 == $0.rounded() ? String(Int($0)) : String($0) } ?? "null"
        case "complications": return s(f.complications)
        case "neurolytic": return f.neurolytic ? "true" : "false"
        case "pump_trial": return f.pumpTrial ? "true" : "false"
        case "signed": return f.signed ? "true" : "false"
        default: return "?"
        }
    }

    public static func evaluate(_ records: [GoldRecord], analyzer: Analyzer, data: ClaimData = .builtIn) -> Evaluation {
        var ev = Evaluation()
        scoreClaims(records, analyzer: analyzer, data: data, into: &ev)
        var scalarCounts: [String: (Int, Int)] = [:]
        var listCounts: [String: (Int, Int, Int)] = [:]
        var subst = (0, 0, 0)
        var therapy = (0, 0, 0)
        for r in records {
            ev.notes += 1
            let note = Note(id: r.id, text: r.text)
            let a = analyzer.analyze(note)
            let f = a.facts
            guard r.gold["facts"] != nil || r.gold["code"] != nil || r.gold["elements"] != nil else { continue }
            let gf = r.gold["facts"]
            let goldProcedure = scalarString(gf?["procedure"])
            let isESI = goldProcedure == "esi"
            for k in scalarFields where k == "procedure" || isESI {
                let g = scalarString(gf?[k]), p = predictedScalar(f, k)
                var c = scalarCounts[k] ?? (0, 0)
                c.1 += 1
                if g == p { c.0 += 1 } else { ev.disagreements.append((r.id, "\(k): gold \(g), got \(p)")) }
                scalarCounts[k] = c
            }
            if isESI {
                for k in listFields {
                    let g = (gf?[k]?.array ?? []).compactMap(\.string).map { $0.uppercased() == $0 ? $0 : $0.lowercased() }
                    let p: [String] = k == "levels" ? f.levels : k == "image_views" ? f.imageViews : f.diagnoses
                    let (tp, fp, fn) = multisetCounts(g, p)
                    var c = listCounts[k] ?? (0, 0, 0)
                    c.0 += tp; c.1 += fp; c.2 += fn
                    listCounts[k] = c
                    if fp + fn > 0 { ev.disagreements.append((r.id, "\(k): gold \(g), got \(p)")) }
                }
                // Substances (saline is listed but not scored).
                let gs = (gf?["substances"]?.array ?? []).filter { $0["class"]?.string != "saline" && $0["name"]?.string != "saline" }
                let ps = f.substances.filter { $0.cls != "saline" }
                var tp = 0
                for (g, p) in pairSubstances(gs, ps) {
                    let name = g["name"]?.string?.lowercased() ?? ""
                    let gd = g["dose_mg"]?.number, gv = g["volume_ml"]?.number
                    tp += 1
                    ev.substanceClass.1 += 1
                    if p.cls == g["class"]?.string { ev.substanceClass.0 += 1 } else { ev.disagreements.append((r.id, "substance \(name) class: gold \(g["class"]?.string ?? "?"), got \(p.cls)")) }
                    if let d = gd {
                        ev.substanceDose.1 += 1
                        if let pd = p.doseMg, abs(pd - d) < 1e-6 { ev.substanceDose.0 += 1 } else { ev.disagreements.append((r.id, "substance \(name) dose_mg: gold \(d), got \(p.doseMg.map { String($0) } ?? "none")")) }
                    }
                    if let v = gv {
                        ev.substanceVolume.1 += 1
                        if let pv = p.volumeMl, abs(pv - v) < 1e-6 { ev.substanceVolume.0 += 1 } else { ev.disagreements.append((r.id, "substance \(name) volume_ml: gold \(v), got \(p.volumeMl.map { String($0) } ?? "none")")) }
                    }
                }
                let fn = gs.count - tp, fp = ps.count - tp
                subst.0 += tp; subst.1 += fp; subst.2 += fn
                if fn + fp > 0 {
                    ev.disagreements.append((r.id, "substances: gold \(gs.compactMap { $0["name"]?.string }), got \(f.substances.filter { $0.cls != "saline" }.map(\.name))"))
                }
                let gk = Array(Set((gf?["conservative_therapy"]?.array ?? []).compactMap { $0["kind"]?.string }))
                let pk = Array(Set(f.conservativeTherapy.map(\.kind)))
                let (t1, t2, t3) = multisetCounts(gk, pk)
                therapy.0 += t1; therapy.1 += t2; therapy.2 += t3
                if t2 + t3 > 0 { ev.disagreements.append((r.id, "conservative_therapy: gold \(gk.sorted()), got \(pk.sorted())")) }
            }
            // Code.
            let gc = r.gold["code"]
            let gcpt = gc?["cpt"]?.string
            let gadd = (gc?["addons"]?.array ?? []).map { "\($0["cpt"]?.string ?? "")x\(Int($0["units"]?.number ?? 1))" }
            let padd = a.code.addons.map { "\($0.cpt)x\($0.units)" }
            ev.codeTotal += 1
            if gcpt == a.code.cpt && gadd == padd { ev.codeAgree += 1 } else {
                ev.disagreements.append((r.id, "code: gold \(gcpt ?? "null") \(gadd), got \(a.code.cpt ?? "null") \(padd)"))
            }
            let gmods = (gc?["modifiers"]?.array ?? []).compactMap(\.string)
            if gmods == a.code.modifiers { ev.modifierAgree += 1 }
            // Elements.
            if case .object(let kv)? = r.gold["elements"] {
                for (element, status) in kv {
                    let goldMet = status.string == "met" || status.string == "exempt"
                    let found = a.findings.first { $0.element == element }
                    let predMet = found?.status.isMet ?? false
                    ev.elementTotal += 1
                    var pe = ev.perElement[element] ?? (0, 0, 0)
                    pe.total += 1
                    if goldMet == predMet { ev.elementAgree += 1; pe.agree += 1 } else {
                        if predMet { ev.falseMet += 1; pe.falseMet += 1 } else { ev.falseMissing += 1 }
                        ev.disagreements.append((r.id, "\(element): gold \(status.string ?? "?"), got \(found?.status.rawValue ?? "none")"))
                    }
                    ev.perElement[element] = pe
                }
            }
        }
        ev.scalar = scalarFields.map { ($0, scalarCounts[$0]?.0 ?? 0, scalarCounts[$0]?.1 ?? 0) }
        ev.lists = listFields.map { ($0, listCounts[$0]?.0 ?? 0, listCounts[$0]?.1 ?? 0, listCounts[$0]?.2 ?? 0) }
        ev.lists.append(("substances", subst.0, subst.1, subst.2))
        ev.lists.append(("conservative_therapy", therapy.0, therapy.1, therapy.2))
        return ev
    }

    /// Scores the claim and policy findings of records whose gold has `findings`: status per
    /// id, `none` when the check must not be reported. Sessions are counted across the set.
    static func scoreClaims(_ records: [GoldRecord], analyzer: Analyzer, data: ClaimData, into ev: inout Evaluation) {
        let claimRecords = records.filter { if case .object? = $0.gold["findings"] { return true }; return false }
        guard !claimRecords.isEmpty else { return }
        var assessed: [(GoldRecord, Assessment, Policy, Session?)] = []
        for r in claimRecords {
            var rec = NoteRecord(id: r.id, text: [], file: "gold")
            rec.date = r.date; rec.payer = r.payer
            let (date, _) = AuditEngine.serviceDate(rec)
            let (policy, _) = AuditEngine.policy(for: rec, data: data, fallback: data.defaultPolicy)
            let a = analyzer.analyze(Note(id: r.id, text: r.text), claim: ClaimContext(billed: r.billed, date: date, policy: policy), data: data)
            let s = Session.from(patient: r.patient, encounter: r.id, date: date, billed: r.billed, assessment: a, table: analyzer.lexicon.cptTable)
            assessed.append((r, a, policy, s))
        }
        let sessions = assessed.compactMap(\.3)
        for (r, a0, policy, s) in assessed {
            var a = a0
            if let s = s { a.findings.append(analyzer.frequencyFinding(s, among: sessions, policy: policy, facts: a.facts)) }
            guard case .object(let kv)? = r.gold["findings"] else { continue }
            for (id, status) in kv {
                let gold = status.string ?? "none"
                let got = a.findings.first { $0.element == id }?.status.rawValue ?? "none"
                var pc = ev.perClaim[id] ?? (0, 0, 0)
                pc.total += 1
                ev.claimTotal += 1
                if gold == got { pc.agree += 1; ev.claimAgree += 1 } else {
                    if ["conflict", "missing", "risk"].contains(gold) && ["met", "exempt", "none"].contains(got) { pc.falsePass += 1; ev.claimFalsePass += 1 }
                    let msg = a.findings.first { $0.element == id }?.message ?? ""
                    ev.disagreements.append((r.id, "\(id): gold \(gold), got \(got)\(msg.isEmpty ? "" : " (\(msg))")"))
                }
                ev.perClaim[id] = pc
            }
        }
    }

    /// Pairs gold and predicted entries of the same name so that the most stated amounts
    /// agree (skin lidocaine with skin lidocaine); every permutation is tried per name.
    static func pairSubstances(_ gs: [JSONValue], _ ps: [Substance]) -> [(JSONValue, Substance)] {
        var out: [(JSONValue, Substance)] = []
        let names = Set(gs.compactMap { $0["name"]?.string?.lowercased() })
        for name in names.sorted() {
            let g = gs.filter { $0["name"]?.string?.lowercased() == name }
            let p = ps.filter { $0.name == name }
            guard !p.isEmpty else { continue }
            func agree(_ a: JSONValue, _ b: Substance) -> Int {
                var s = 0
                s += a["dose_mg"]?.number == b.doseMg ? 1 : 0
                s += a["volume_ml"]?.number == b.volumeMl ? 1 : 0
                s += a["concentration"]?.string?.replacingOccurrences(of: " ", with: "").lowercased() == b.concentration?.replacingOccurrences(of: " ", with: "").lowercased() ? 1 : 0
                return s
            }
            var best: [(Int, Int)] = []
            var bestScore = -1
            func search(_ i: Int, _ used: Set<Int>, _ acc: [(Int, Int)], _ score: Int) {
                if i == g.count || used.count == p.count {
                    if score > bestScore { bestScore = score; best = acc }
                    return
                }
                for j in p.indices where !used.contains(j) {
                    search(i + 1, used.union([j]), acc + [(i, j)], score + agree(g[i], p[j]))
                }
                if g.count - i > p.count - used.count { search(i + 1, used, acc, score) }
            }
            if g.count <= 5 && p.count <= 5 { search(0, [], [], 0) } else { best = Array(zip(g.indices, p.indices)) }
            for (i, j) in best { out.append((g[i], p[j])) }
        }
        return out
    }

    static func multisetCounts(_ gold: [String], _ pred: [String]) -> (Int, Int, Int) {
        var g: [String: Int] = [:]
        for x in gold { g[x, default: 0] += 1 }
        var tp = 0, fp = 0
        for x in pred { if let c = g[x], c > 0 { g[x] = c - 1; tp += 1 } else { fp += 1 } }
        return (tp, fp, g.values.reduce(0, +))
    }

    /// The printed table.
    public static func table(_ ev: Evaluation, show: Int) -> String {
        var s = "figure                              value\n"
        for (name, v) in ev.factFigures { s += name.padding(toLength: 34, withPad: " ", startingAt: 0) + String(format: "  %.3f\n", v) }
        s += String(format: "%@  %.3f\n", "FACTS (mean)".padding(toLength: 34, withPad: " ", startingAt: 0), ev.facts)
        s += String(format: "%@  %.3f  (%d/%d)\n", "CODE".padding(toLength: 34, withPad: " ", startingAt: 0), ev.code, ev.codeAgree, ev.codeTotal)
        s += String(format: "%@  %.3f\n", "code modifiers".padding(toLength: 34, withPad: " ", startingAt: 0), Evaluation.acc(ev.modifierAgree, ev.codeTotal))
        s += String(format: "%@  %.3f  (%d/%d pairs)\n", "ELEMENTS".padding(toLength: 34, withPad: " ", startingAt: 0), ev.elements, ev.elementAgree, ev.elementTotal)
        s += String(format: "%@  %.3f  (%d pairs)\n", "false met".padding(toLength: 34, withPad: " ", startingAt: 0), ev.falseMetRate, ev.falseMet)
        s += String(format: "%@  %d\n", "false missing".padding(toLength: 34, withPad: " ", startingAt: 0), ev.falseMissing)
        s += "\nelement                             agree  false met\n"
        for e in Elements.all {
            if let p = ev.perElement[e.id] {
                s += e.id.padding(toLength: 34, withPad: " ", startingAt: 0) + String(format: "  %.3f  %d\n", Evaluation.acc(p.agree, p.total), p.falseMet)
            }
        }
        if ev.claimTotal > 0 {
            s += "\nclaim check                         agree  false pass\n"
            for id in ev.perClaim.keys.sorted() {
                let p = ev.perClaim[id]!
                s += id.padding(toLength: 34, withPad: " ", startingAt: 0) + String(format: "  %.3f  %d  (%d)\n", Evaluation.acc(p.agree, p.total), p.falsePass, p.total)
            }
            s += String(format: "%@  %.3f  (%d/%d)\n", "CLAIMS".padding(toLength: 34, withPad: " ", startingAt: 0), ev.claims, ev.claimAgree, ev.claimTotal)
        }
        if show > 0 && !ev.disagreements.isEmpty {
            s += "\ndisagreements (first \(min(show, ev.disagreements.count)) of \(ev.disagreements.count)):\n"
            for d in ev.disagreements.prefix(show) { s += "  \(d.id)  \(d.what)\n" }
        }
        if ev.claimTotal > 0 { s += ev.claimsLine + "\n" }
        s += ev.summaryLine + "\n"
        return s
    }
}
