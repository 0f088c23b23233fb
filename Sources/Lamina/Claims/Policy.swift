import Foundation

/// A payer policy as data (`lexicons/policies/*.json`, docs/CLAIMS.md): its versions by
/// date of service carry the element severities, level and region rules, session windows,
/// intervals, exemptions and diagnosis rules. Numbers live in the file, never in code.
public struct Policy: Codable, Sendable {
    public var id: String
    public var title: String
    public var payer: String?
    public var source: String
    public var citation: String
    public var isDefault: Bool?
    public var notes: [String]?
    public var versions: [PolicyVersion]

    enum CodingKeys: String, CodingKey {
        case id, title, payer, source, citation, isDefault = "default", notes, versions
    }

    /// The version in force on a date of service (`YYYY-MM-DD`); the newest when no date.
    public func version(on date: String?) -> PolicyVersion? {
        guard let d = date else { return versions.last }
        return versions.last { $0.effectiveFrom <= d && ($0.effectiveTo.map { d <= $0 } ?? true) }
    }
}

public struct PolicyVersion: Codable, Sendable {
    public var version: String
    public var effectiveFrom: String
    public var effectiveTo: String?
    /// Element id → severity (`error`, `warning`, `info`); absent ids keep lamina's default.
    public var elements: [String: String]
    /// Codes the level and region rules apply to (empty: no level rules).
    public var levelRuleCodes: [String]
    /// Approach (`interlaminar`, `caudal`, `transforaminal`) → most levels per session.
    public var levelsPerSession: [String: Int]
    public var regionsPerSession: Int?
    /// Approach → whether a bilateral injection is allowed.
    public var bilateralAllowed: [String: Bool]
    /// Note region (`cervical`, `thoracic`, `lumbar`, `sacral`) → the spinal region sessions are counted in.
    public var regionGroups: [String: String]
    public var windows: [SessionWindow]
    public var minIntervalDays: Int?
    public var kxForDiagnosticBlock: Bool
    public var exemptions: Exemptions
    public var diagnoses: DiagnosisRules

    /// The counting region of a note region.
    public func group(_ region: String) -> String { regionGroups[region] ?? region }
}

/// A rolling window: at most `maxSessions` sessions in `days` days, per region or across all.
public struct SessionWindow: Codable, Sendable {
    public var label: String
    public var days: Int
    public var maxSessions: Int
    /// `region` or `all`.
    public var per: String
    /// The primary codes whose sessions count.
    public var codes: [String]
}

public struct Exemptions: Codable, Sendable {
    /// ICD-10-CM codes (or prefixes ending in `-`) that exempt a claim.
    public var diagnoses: [String]
    public var pumpTrial: Bool
    public var fromDiagnosisChecks: Bool
    public var fromFrequency: Bool
}

public struct DiagnosisRules: Codable, Sendable {
    /// Covered code patterns where the source lists them (empty: not given).
    public var covered: [String]
    /// Classes of `icd10cm.tsv` (`axial`, `nonspecific`) that are a coverage risk.
    public var notCoveredClasses: [String]
    public var note: String?
}

/// A policy file that cannot be used: `file:line:col: error: ...`.
public struct PolicyError: Error, CustomStringConvertible, Sendable {
    public let file: String, line: Int, column: Int, message: String
    public var description: String { "\(file):\(line):\(column): error: \(message)" }
}

public enum PolicyLoader {
    static let topKeys = ["id", "title", "payer", "source", "citation", "default", "notes", "versions"]
    static let versionKeys = ["version", "effective_from", "effective_to", "elements", "level_rule_codes",
                              "levels_per_session", "regions_per_session", "bilateral_allowed", "region_groups",
                              "windows", "min_interval_days", "kx_for_diagnostic_block", "exemptions", "diagnoses"]
    static let windowKeys = ["label", "days", "max_sessions", "per", "codes"]

    /// Decodes and checks one policy file. `name` is how messages name the file.
    public static func decode(_ bytes: [UInt8], name: String) throws -> Policy {
        let tree: JSONValue
        do { tree = try JSONParser.parse(bytes) } catch let e as JSONParseError {
            let (l, c) = lineColumn(bytes, e.offset)
            throw PolicyError(file: name, line: l, column: c, message: e.message)
        }
        func fail(_ path: [PathKey], _ m: String) -> PolicyError {
            let (l, c) = lineColumn(bytes, JSONLocator.offset(of: path, in: bytes))
            return PolicyError(file: name, line: l, column: c, message: m)
        }
        // Unknown keys are errors (a misspelt limit must not be silently ignored).
        func checkKeys(_ v: JSONValue?, _ allowed: [String], _ path: [PathKey]) throws {
            guard case .object(let o)? = v else { return }
            for (k, _) in o where !allowed.contains(k) {
                throw fail(path + [.key(k)], "unknown key '\(k)'\(didYouMean(k, allowed))")
            }
        }
        try checkKeys(tree, topKeys, [])
        if case .object(let o) = tree, case .array(let vs)? = o.first(where: { $0.0 == "versions" })?.1 {
            for (i, v) in vs.enumerated() {
                try checkKeys(v, versionKeys, [.key("versions"), .index(i)])
                if case .object(let vo) = v, case .array(let ws)? = vo.first(where: { $0.0 == "windows" })?.1 {
                    for (j, w) in ws.enumerated() { try checkKeys(w, windowKeys, [.key("versions"), .index(i), .key("windows"), .index(j)]) }
                }
            }
        }
        let p: Policy
        do { p = try JSONValueDecoder.decode(Policy.self, from: tree) } catch let e as DecodingError {
            switch e {
            case .keyNotFound(let k, let ctx):
                throw fail(ctx.codingPath.map(PathKey.init), "missing key '\(snake(k.stringValue))'")
            case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx), .dataCorrupted(let ctx):
                throw fail(ctx.codingPath.map(PathKey.init), "wrong value for '\(ctx.codingPath.last.map { snake($0.stringValue) } ?? "policy")': \(ctx.debugDescription)")
            @unknown default:
                throw PolicyError(file: name, line: 1, column: 1, message: "\(e)")
            }
        }
        // Values.
        if p.id.isEmpty { throw fail([.key("id")], "the policy id is empty") }
        if p.versions.isEmpty { throw fail([.key("versions")], "a policy needs at least one version") }
        for (i, v) in p.versions.enumerated() {
            let at: [PathKey] = [.key("versions"), .index(i)]
            guard DayNumber.parse(v.effectiveFrom) != nil else { throw fail(at + [.key("effective_from")], "'\(v.effectiveFrom)' is not a date (YYYY-MM-DD)") }
            if let to = v.effectiveTo {
                guard DayNumber.parse(to) != nil else { throw fail(at + [.key("effective_to")], "'\(to)' is not a date (YYYY-MM-DD)") }
                if to < v.effectiveFrom { throw fail(at + [.key("effective_to")], "effective_to is before effective_from") }
            }
            if i > 0 {
                let prev = p.versions[i - 1]
                guard let pto = prev.effectiveTo, pto < v.effectiveFrom else {
                    throw fail(at + [.key("effective_from")], "versions overlap: the previous version must end (effective_to) before \(v.effectiveFrom)")
                }
            }
            for (k, s) in v.elements where Severity(rawValue: s) == nil {
                throw fail(at + [.key("elements"), .key(k)], "severity '\(s)' is not one of error, warning, info\(didYouMean(s, ["error", "warning", "info"]))")
            }
            for (j, w) in v.windows.enumerated() {
                let wat = at + [.key("windows"), .index(j)]
                if w.days < 1 { throw fail(wat + [.key("days")], "a window needs at least 1 day") }
                if w.maxSessions < 1 { throw fail(wat + [.key("max_sessions")], "max_sessions must be at least 1") }
                if w.per != "region" && w.per != "all" { throw fail(wat + [.key("per")], "per must be 'region' or 'all'\(didYouMean(w.per, ["region", "all"]))") }
            }
            for k in v.levelsPerSession.keys where !["interlaminar", "caudal", "transforaminal"].contains(k) {
                throw fail(at + [.key("levels_per_session"), .key(k)], "unknown approach '\(k)'\(didYouMean(k, ["interlaminar", "caudal", "transforaminal"]))")
            }
        }
        return p
    }

    static func snake(_ s: String) -> String {
        var out = ""
        for ch in s { if ch.isUppercase { out += "_" + ch.lowercased() } else { out.append(ch) } }
        return out == "is_default" ? "default" : out
    }

    /// 1-based line and code-point column, as for note evidence.
    static func lineColumn(_ b: [UInt8], _ offset: Int) -> (Int, Int) {
        let loc = Note(id: "policy", bytes: b).location(of: min(offset, b.count))
        return (loc.line, loc.column)
    }
}

/// A step of a path into a JSON document.
public enum PathKey: Sendable, Equatable {
    case key(String), index(Int)
    init(_ k: any CodingKey) {
        if let i = k.intValue { self = .index(i) } else { self = .key(PolicyLoader.snake(k.stringValue)) }
    }
}

/// Finds where a path points in JSON text, for messages (the deepest step that exists).
enum JSONLocator {
    static func offset(of path: [PathKey], in b: [UInt8]) -> Int {
        var i = 0
        func ws() { while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 } }
        func skipString() {
            i += 1
            while i < b.count, b[i] != 0x22 { if b[i] == 0x5C { i += 1 }; i += 1 }
            i += 1
        }
        func skipValue() {
            ws()
            guard i < b.count else { return }
            if b[i] == 0x22 { skipString(); return }
            if b[i] == 0x7B || b[i] == 0x5B {
                var depth = 0
                while i < b.count {
                    if b[i] == 0x22 { skipString(); continue }
                    if b[i] == 0x7B || b[i] == 0x5B { depth += 1 }
                    if b[i] == 0x7D || b[i] == 0x5D { depth -= 1; if depth == 0 { i += 1; return } }
                    i += 1
                }
                return
            }
            while i < b.count, b[i] != 0x2C, b[i] != 0x7D, b[i] != 0x5D { i += 1 }
        }
        ws()
        var found = i
        for step in path {
            ws()
            guard i < b.count else { return found }
            switch step {
            case .key(let k):
                guard b[i] == 0x7B else { return found }
                i += 1
                var hit = false
                while true {
                    ws()
                    guard i < b.count, b[i] == 0x22 else { return found }
                    let keyStart = i
                    skipString()
                    let name = String(decoding: b[(keyStart + 1)..<max(keyStart + 1, i - 1)], as: UTF8.self)
                    ws(); if i < b.count, b[i] == 0x3A { i += 1 }
                    ws()
                    if name == k { found = keyStart; hit = true; break }
                    skipValue(); ws()
                    if i < b.count, b[i] == 0x2C { i += 1 } else { return found }
                }
                if hit { found = i < b.count && b[i] != 0x7B && b[i] != 0x5B ? i : found }
            case .index(let n):
                guard b[i] == 0x5B else { return found }
                i += 1
                for _ in 0..<n {
                    skipValue(); ws()
                    if i < b.count, b[i] == 0x2C { i += 1 } else { return found }
                }
                ws()
                found = i
            }
        }
        return found
    }
}

/// Days since 1970-01-01 for `YYYY-MM-DD`, without calendars or time zones.
public enum DayNumber {
    public static func parse(_ s: String) -> Int? {
        let u = Array(s.utf8)
        guard u.count == 10, u[4] == 0x2D, u[7] == 0x2D else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r { guard u[i] >= 0x30 && u[i] <= 0x39 else { return nil }; v = v * 10 + Int(u[i] - 0x30) }
            return v
        }
        guard let y = num(0..<4), let m = num(5..<7), let d = num(8..<10), (1...12).contains(m), d >= 1 else { return nil }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        guard d <= days else { return nil }
        // Howard Hinnant's days_from_civil.
        let yy = m <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// Today in UTC, as `YYYY-MM-DD`.
    public static func today() -> String {
        let days = Int(Date().timeIntervalSince1970 / 86400)
        return format(days)
    }

    public static func format(_ z0: Int) -> String {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(two(m))-\(two(d))"
    }
}
