import Foundation

/// One ICD-10-CM code of `lexicons/icd10cm.tsv`.
public struct ICDCode: Sendable {
    public let code: String
    public let billable: Bool
    /// First valid date of service, when the code was added after the base release.
    public let from: String?
    /// Last billable date of a header that was a leaf before.
    public let billableUntil: String?
    /// cervical, cervicothoracic, thoracic, thoracolumbar, lumbar, lumbosacral, sacral; nil: none.
    public let region: String?
    /// radicular | axial | nonspecific | other.
    public let cls: String
    public let excludes1: [String]
    public let descriptor: String
}

/// A HCPCS drug code row of `lexicons/hcpcs.tsv`.
public struct HCPCSRow: Sendable {
    public let drug: String, code: String, unitMg: Double, from: String?, to: String?
    func applies(_ date: String) -> Bool { (from.map { $0 <= date } ?? true) && (to.map { date <= $0 } ?? true) }
}

/// The reference data of claim checks: policies, the ICD-10-CM subset, HCPCS drug codes
/// and the codes bundled into the injection codes. Built once, shared by every thread.
/// Policies and the ICD-10-CM table are parsed on first use (start-up time matters for
/// `lint`); files given with `--lexicons` are checked when loaded.
public final class ClaimData: @unchecked Sendable {
    public let hcpcs: [HCPCSRow]
    public let bundled: [String: String]
    /// Policy files: id (from the file name), name for messages, text.
    let policySources: [(id: String, name: String, text: String)]
    let icdText: String
    private let lock = NSLock()
    private var decoded: [String: Policy] = [:]
    private var icdTable: (codes: [String: ICDCode], release: String, categories: Set<String>)?

    /// The data compiled into the binary.
    public static let builtIn: ClaimData = {
        do { return try ClaimData(files: EmbeddedLexicons.files.map { ($0.name, $0.text) }, check: false) }
        catch { fatalError("built-in claim data is invalid: \(error)") }
    }()

    public static let fileNames: Set<String> = ["icd10cm.tsv", "hcpcs.tsv", "bundled.tsv"]

    /// `files`: (name, text) with policies named `policies/ID.json`. `check` parses every
    /// policy and the ICD-10-CM table now, so a broken file fails at once.
    public init(files: [(String, String)], check: Bool = true) throws {
        var sources: [(String, String, String)] = []
        var icdText = ""
        var hcpcs: [HCPCSRow] = []
        var bundled: [String: String] = [:]
        for (name, text) in files {
            if name.hasPrefix("policies/") && name.hasSuffix(".json") {
                let id = String(name.dropFirst(9).dropLast(5))
                sources.append((id, "lexicons/" + name, text))
            } else if name == "icd10cm.tsv" {
                icdText = text
            } else if name == "hcpcs.tsv" {
                for r in Lexicon.rows(text) {
                    guard r.cols.count >= 5, let unit = Double(r.cols[2].0), unit > 0 else {
                        throw LexiconError(file: name, line: r.line, column: r.cols.count > 2 ? r.cols[2].1 : 1, message: "expected drug, code, unit_mg (a number), from, to")
                    }
                    func opt(_ i: Int) -> String? { r.cols[i].0 == "-" ? nil : r.cols[i].0 }
                    hcpcs.append(HCPCSRow(drug: r.cols[0].0, code: r.cols[1].0, unitMg: unit, from: opt(3), to: opt(4)))
                }
            } else if name == "bundled.tsv" {
                for r in Lexicon.rows(text) { bundled[r.cols[0].0] = r.cols.count > 1 ? r.cols[1].0 : "" }
            }
        }
        self.policySources = sources.sorted { $0.0 < $1.0 }.map { (id: $0.0, name: $0.1, text: $0.2) }
        self.icdText = icdText
        self.hcpcs = hcpcs
        self.bundled = bundled
        if check {
            for src in policySources { _ = try decodePolicy(src) }
            _ = try ClaimData.parseICD(icdText)
        }
    }

    private func decodePolicy(_ src: (id: String, name: String, text: String)) throws -> Policy {
        lock.lock(); defer { lock.unlock() }
        if let p = decoded[src.id] { return p }
        let p = try PolicyLoader.decode(Array(src.text.utf8), name: src.name)
        guard p.id == src.id else {
            throw PolicyError(file: src.name, line: 1, column: 1, message: "policy id '\(p.id)' does not match its file name (\(src.id).json)")
        }
        decoded[src.id] = p
        return p
    }

    private func policyNow(_ src: (id: String, name: String, text: String)) -> Policy {
        do { return try decodePolicy(src) } catch { fatalError("\(error)") }
    }

    /// Every policy, the default first.
    public var policies: [Policy] {
        policySources.map(policyNow).sorted { ($0.isDefault == true ? 0 : 1, $0.id) < ($1.isDefault == true ? 0 : 1, $1.id) }
    }

    /// The ICD-10-CM subset by code.
    public var icd: [String: ICDCode] { icdLoaded().codes }
    public var icdRelease: String { icdLoaded().release }

    private func icdLoaded() -> (codes: [String: ICDCode], release: String, categories: Set<String>) {
        lock.lock(); defer { lock.unlock() }
        if let t = icdTable { return t }
        let t = (try? ClaimData.parseICD(icdText)) ?? ([:], "unknown", [])
        icdTable = t
        return t
    }

    static func parseICD(_ text: String) throws -> (codes: [String: ICDCode], release: String, categories: Set<String>) {
        var icd: [String: ICDCode] = [:]
        var release = "unknown"
        let marker = Array("# release: ".utf8)
        let bytes = Array(text.utf8)
        if let r = bytes.indices.first(where: { bytes[$0...].starts(with: marker) }) {
            var e = r + marker.count
            while e < bytes.count && bytes[e] != 0x0A { e += 1 }
            release = String(decoding: bytes[(r + marker.count)..<e], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        }
        for r in Lexicon.rows(text) {
            guard r.cols.count >= 8 else {
                throw LexiconError(file: "icd10cm.tsv", line: r.line, column: 1, message: "expected 8 columns: code, billable, from, billable_until, region, class, excludes1, descriptor")
            }
            func opt(_ i: Int) -> String? { r.cols[i].0 == "-" || r.cols[i].0.isEmpty ? nil : r.cols[i].0 }
            let c = ICDCode(code: r.cols[0].0, billable: r.cols[1].0 == "yes", from: opt(2), billableUntil: opt(3),
                            region: r.cols[4].0 == "none" ? nil : r.cols[4].0, cls: r.cols[5].0,
                            excludes1: opt(6).map { $0.split(separator: ",").map(String.init) } ?? [],
                            descriptor: r.cols[7].0)
            icd[c.code] = c
        }
        return (icd, release, Set(icd.keys.map { String($0.prefix(3)) }))
    }

    /// Loads `--lexicons DIR`: its files and `DIR/policies/*.json` override the built-in ones.
    public static func load(directory: String) throws -> ClaimData {
        var byName: [String: String] = [:]
        for f in EmbeddedLexicons.files { byName[f.name] = f.text }
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: directory)) ?? [] where fileNames.contains(name) {
            byName[name] = try readText(directory + "/" + name, name)
        }
        let pdir = directory + "/policies"
        for name in (try? fm.contentsOfDirectory(atPath: pdir)) ?? [] where name.hasSuffix(".json") {
            byName["policies/" + name] = try readText(pdir + "/" + name, "policies/" + name)
        }
        return try ClaimData(files: byName.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    static func readText(_ path: String, _ name: String) throws -> String {
        guard let d = FileManager.default.contents(atPath: path), let t = String(data: d, encoding: .utf8) else {
            throw LexiconError(file: name, line: 1, column: 1, message: "cannot read the file as UTF-8 text")
        }
        return t
    }

    /// The policy marked default (a56681 as shipped).
    public var defaultPolicy: Policy {
        for src in policySources where src.text.contains("\"default\": true") {
            let p = policyNow(src)
            if p.isDefault == true { return p }
        }
        return policies[0]
    }

    public func policy(id: String) -> Policy? {
        policySources.first { $0.id.lowercased() == id.lowercased() }.map(policyNow)
    }

    /// A policy by id, or a policy file by path (`--policy ID|FILE`).
    public func resolvePolicy(_ idOrFile: String) throws -> Policy {
        if let p = policy(id: idOrFile) { return p }
        if idOrFile.hasSuffix(".json") || idOrFile.contains("/") {
            guard let d = FileManager.default.contents(atPath: idOrFile) else {
                throw PolicyError(file: idOrFile, line: 1, column: 1, message: "cannot read the policy file")
            }
            return try PolicyLoader.decode(Array(d), name: idOrFile)
        }
        let ids = policySources.map(\.id)
        let hint = ids.first { $0.lowercased().hasPrefix(idOrFile.lowercased()) }.map { " (did you mean '\($0)'?)" } ?? didYouMean(idOrFile, ids)
        throw PolicyError(file: idOrFile, line: 1, column: 1,
                          message: "unknown policy '\(idOrFile)'\(hint); `lamina policies` lists them")
    }

    /// `M5416` → `M54.16`; upper case, trimmed.
    public static func normalizeICD(_ s: String) -> String {
        var c = s.trimmingCharacters(in: .whitespaces).uppercased()
        if c.count > 3 && !c.contains(".") { c.insert(".", at: c.index(c.startIndex, offsetBy: 3)) }
        return c
    }

    /// Whether a code's category is one the shipped subset covers (unknown codes there are errors).
    public func inScope(_ code: String) -> Bool { icdLoaded().categories.contains(String(code.prefix(3))) }

    /// The code and its ancestors present in the table (M54.16 → M54.1 → M54).
    func lineage(_ code: String) -> [ICDCode] {
        let table = icd
        var out: [ICDCode] = []
        var c = code
        while c.count >= 3 {
            if let x = table[c] { out.append(x) }
            c.removeLast()
            if c.hasSuffix(".") { c.removeLast() }
        }
        return out
    }

    /// Whether an Excludes1 note of `a` (or an ancestor) names `b`.
    func excludes(_ a: String, _ b: String) -> Bool {
        for x in lineage(a) {
            for p in x.excludes1 where ClaimData.matches(pattern: p, b) { return true }
        }
        return false
    }

    /// `M51.1-` (M51.1 and its children), `M47.-`, `M50-M51` (a range of categories), `M54.16`.
    static func matches(pattern p: String, _ code: String) -> Bool {
        if p.count == 7, p.dropFirst(3).first == "-" {
            let lo = String(p.prefix(3)), hi = String(p.suffix(3))
            let cat = String(code.prefix(3))
            return lo <= cat && cat <= hi
        }
        var stem = p
        while stem.hasSuffix("-") || stem.hasSuffix(".") { stem.removeLast() }
        return code.hasPrefix(stem)
    }

    /// Expected drug codes and units for a dose on a date (docs/CLAIMS.md `claim.drugs`).
    public func drugCodes(drug: String, doseMg: Double, date: String) -> [(code: String, units: Int)] {
        let rows = hcpcs.filter { $0.drug == drug && $0.applies(date) }.sorted { $0.unitMg > $1.unitMg }
        var out: [(String, Int)] = []
        var left = doseMg
        for (i, r) in rows.enumerated() {
            let last = i == rows.count - 1
            let n = last ? Int((left / r.unitMg - 1e-9).rounded(.up)) : Int((left / r.unitMg + 1e-9).rounded(.down))
            if n > 0 { out.append((r.code, n)); left -= Double(n) * r.unitMg }
            if left <= 0.0001 { break }
        }
        return out
    }
}
