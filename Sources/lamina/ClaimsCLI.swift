import Foundation
import Lamina

/// Claims, policies, sessions and the ledger on the command line (docs/CLAIMS.md).
extension CLI {
    static let policyFlag = Flag(name: "policy", value: "ID|FILE", help: "Payer policy for records without a 'payer' field: an id of 'lamina policies' or a policy JSON file.", defaultValue: "a56681")
    static let ledgerFlag = Flag(name: "ledger", value: "FILE", help: "SQLite session ledger: audit records each session there; lint and audit count the sessions it holds.")

    /// Claim reference data and the default policy, or nil after printing why not.
    static func claimSetup(_ p: Parsed, _ command: String) -> (ClaimData, Policy)? {
        do {
            let data = try p.value("lexicons").map { try ClaimData.load(directory: $0) } ?? ClaimData.builtIn
            let policy = try data.resolvePolicy(p.value("policy") ?? data.defaultPolicy.id)
            return (data, policy)
        } catch let e as PolicyError {
            Out.err(e.description)
        } catch let e as LexiconError {
            Out.err(e.description)
        } catch {
            Out.err("lamina \(command): error: \(error)")
        }
        return nil
    }

    static func openLedger(_ p: Parsed, _ command: String) -> (ok: Bool, ledger: Ledger?) {
        guard let path = p.value("ledger") else { return (true, nil) }
        do { return (true, try Ledger(path: path)) } catch let e as LedgerError {
            Out.err("lamina \(command): \(e.description)")
        } catch {
            Out.err("lamina \(command): \(path): error: \(error)")
        }
        return (false, nil)
    }

    // MARK: policies

    static let policies = Command(
        name: "policies",
        summary: "List the payer policies lamina knows, with their versions and session limits.",
        usage: "lamina policies [options] [ID|FILE...]",
        arguments: [("ID|FILE", "Show these policies only (an id, or a policy JSON file to check).")],
        flags: [lexiconFlag],
        discussion: "Policies are JSON files in lexicons/policies/ (format: lexicons/README.md). A record's 'payer' field or --policy picks one.",
        run: runPolicies)

    static func runPolicies(_ p: Parsed) -> Int32 {
        guard let (data, _) = claimSetup(p, "policies") else { return 2 }
        var list: [Policy] = []
        for x in p.positionals {
            do { list.append(try data.resolvePolicy(x)) } catch let e as PolicyError { Out.err(e.description); return 2 } catch { return 2 }
        }
        if p.positionals.isEmpty { list = data.policies }
        var out = ""
        for pol in list {
            out += "\(pol.id)\(pol.isDefault == true ? " (default)" : ""): \(pol.title)\n"
            out += "  source: \(pol.source)\n"
            for v in pol.versions {
                out += "  version \(v.version): \(v.effectiveFrom) to \(v.effectiveTo ?? "open")\n"
                for w in v.windows {
                    out += "    at most \(w.maxSessions) sessions in \(w.days) days \(w.per == "all" ? "across all regions" : "per region") (\(w.label)); codes \(w.codes.joined(separator: " "))\n"
                }
                if let m = v.minIntervalDays { out += "    at least \(m) days between sessions in a region\n" }
                if !v.levelsPerSession.isEmpty {
                    out += "    levels per session: " + v.levelsPerSession.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                    out += v.regionsPerSession.map { "; regions per session: \($0)" } ?? ""
                    out += "\n"
                }
            }
            for n in pol.notes ?? [] { out += "  note: \(n)\n" }
        }
        out += "ICD-10-CM subset: \(data.icd.count) codes, release \(data.icdRelease)\n"
        Out.print(out)
        return 0
    }

    /// Sessions of history records (`lint --history FILE`): every readable record analyzed.
    static func historySessions(_ paths: [String], analyzer: Analyzer, reader: RecordReader, data: ClaimData, fallback: Policy) -> [Session]? {
        var out: [Session] = []
        var bad = false
        for path in paths {
            reader.read(path: path) { item in
                switch item {
                case .error(let e): report(e); bad = true
                case .note(let r):
                    let (date, _) = AuditEngine.serviceDate(r)
                    let (pol, _) = AuditEngine.policy(for: r, data: data, fallback: fallback)
                    let a = analyzer.analyze(Note(id: r.id, bytes: r.text), claim: ClaimContext(billed: r.billed, date: date, policy: pol), data: data)
                    if let s = Session.from(patient: r.patient, encounter: r.id, date: date, billed: r.billed, assessment: a, table: analyzer.lexicon.cptTable) {
                        out.append(s)
                    }
                }
            }
        }
        return bad ? nil : out
    }
}
