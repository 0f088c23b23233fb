import Foundation
import Testing
@testable import Lamina

/// Policies as data: the shipped files, versions by date, and broken files as file:line:col.
@Suite("Policies")
struct PolicyTests {
    @Test func shippedPoliciesLoad() throws {
        let data = ClaimData.builtIn
        #expect(data.policies.map(\.id) == ["a56681", "evicore-cmm200", "legacy-aggregate"])
        #expect(data.defaultPolicy.id == "a56681")
        let a = try #require(data.policy(id: "a56681")?.version(on: "2025-06-01"))
        #expect(a.windows.count == 1 && a.windows[0].days == 365 && a.windows[0].maxSessions == 4 && a.windows[0].per == "region")
        #expect(a.levelsPerSession["transforaminal"] == 2 && a.levelsPerSession["interlaminar"] == 1)
        #expect(a.bilateralAllowed["interlaminar"] == false)
        let e = try #require(data.policy(id: "evicore-cmm200")?.version(on: "2025-06-01"))
        #expect(e.windows.map(\.maxSessions) == [3, 4] && e.minIntervalDays == 14)
        let l = try #require(data.policy(id: "legacy-aggregate")?.version(on: "2019-06-01"))
        #expect(l.windows.map(\.per) == ["all", "all"] && l.windows.map(\.maxSessions) == [3, 6])
        #expect(data.icd.count > 800 && data.icdRelease == "2026-04-01")
    }

    /// The decoder over the parsed JSON gives exactly what Foundation's `JSONDecoder` with
    /// snake_case keys gives, for every shipped policy (dictionary keys kept as written).
    @Test func policyDecoderAgreesWithJSONDecoder() throws {
        let dir = Support.path("lexicons/policies")
        for name in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() where name.hasSuffix(".json") {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name)))
            let ours = try PolicyLoader.decode(bytes, name: name)
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            let theirs = try decoder.decode(Policy.self, from: Data(bytes))
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            #expect(try encoder.encode(ours) == encoder.encode(theirs), "\(name)")
        }
        // Types are checked: a string where a number belongs, a fraction where an integer does.
        let tree = try JSONParser.parse(Array(#"{"label": "x", "days": 36.5, "max_sessions": 4, "per": "all", "codes": []}"#.utf8))
        #expect(throws: DecodingError.self) { try JSONValueDecoder.decode(SessionWindow.self, from: tree) }
        let ok = try JSONParser.parse(Array(#"{"label": "x", "days": 365, "max_sessions": 4, "per": "all", "codes": ["62323"]}"#.utf8))
        let w = try JSONValueDecoder.decode(SessionWindow.self, from: ok)
        #expect(w.days == 365 && w.maxSessions == 4 && w.codes == ["62323"])
    }

    @Test func versionByDateOfService() throws {
        let p = try #require(ClaimData.builtIn.policy(id: "a56681"))
        #expect(p.version(on: "2021-12-11") == nil)
        #expect(p.version(on: "2021-12-12") != nil)
        #expect(p.version(on: nil) != nil)
    }

    @Test func elementSeveritiesComeFromThePolicy() throws {
        let base = try #require(ClaimData.builtIn.policy(id: "a56681"))
        var p = base
        p.versions[0].elements["imaging.archive"] = "warning"
        let note = Note(id: "n", text: ClaimCheckTests.il.replacingOccurrences(of: " Images saved to PACS.", with: ""))
        let strict = Support.analyzer.analyze(note, claim: ClaimContext(billed: nil, date: "2025-01-01", policy: base), data: .builtIn)
        let lenient = Support.analyzer.analyze(note, claim: ClaimContext(billed: nil, date: "2025-01-01", policy: p), data: .builtIn)
        #expect(strict.findings.first { $0.element == "imaging.archive" }?.severity == .error)
        #expect(lenient.findings.first { $0.element == "imaging.archive" }?.severity == .warning)
    }

    struct Broken: CustomTestStringConvertible, Sendable {
        let edit: (String, String), line: Int, column: Int, message: String
        var testDescription: String { message }
    }
    static let broken: [Broken] = [
        Broken(edit: ("\"days\": 365,", "\"days\": 365,,"), line: 0, column: 0, message: "expected a string key"),
        Broken(edit: ("\"max_sessions\": 4", "\"max_sesions\": 4"), line: 0, column: 0, message: "unknown key 'max_sesions' (did you mean 'max_sessions'?)"),
        Broken(edit: ("\"days\": 365", "\"days\": \"365\""), line: 0, column: 0, message: "wrong value for 'days'"),
        Broken(edit: ("\"per\": \"region\"", "\"per\": \"regoin\""), line: 0, column: 0, message: "per must be 'region' or 'all' (did you mean 'region'?)"),
        Broken(edit: ("\"effective_from\": \"2021-12-12\"", "\"effective_from\": \"2021-13-12\""), line: 0, column: 0, message: "is not a date"),
        Broken(edit: ("\"citation\": \"A56681 / L36920\",", ""), line: 0, column: 0, message: "missing key 'citation'"),
        Broken(edit: ("\"imaging.archive\": \"error\"", "\"imaging.archive\": \"fatal\""), line: 0, column: 0, message: "severity 'fatal' is not one of error, warning, info"),
    ]

    @Test(arguments: broken)
    func brokenPolicyFileIsAFileLineColumnError(_ b: Broken) throws {
        let text = try String(contentsOfFile: Support.path("lexicons/policies/a56681.json"), encoding: .utf8)
        #expect(text.contains(b.edit.0))
        let edited = text.replacingOccurrences(of: b.edit.0, with: b.edit.1)
        do {
            _ = try PolicyLoader.decode(Array(edited.utf8), name: "lexicons/policies/a56681.json")
            Issue.record("no error for \(b.message)")
        } catch let e as PolicyError {
            #expect(e.message.contains(b.message), "\(e)")
            #expect(e.description.hasPrefix("lexicons/policies/a56681.json:\(e.line):\(e.column): error: "))
            // The position points at the edited line (or the object that lacks the key).
            let lines = edited.components(separatedBy: "\n")
            let target = lines.firstIndex { $0.contains(b.edit.1.isEmpty ? "\"title\"" : b.edit.1) }.map { $0 + 1 } ?? 1
            #expect(e.line == target || (b.edit.1.isEmpty && e.line == 1), "\(e) expected line \(target)")
        }
    }

    @Test func overlappingVersionsAreRejected() throws {
        let text = try String(contentsOfFile: Support.path("lexicons/policies/a56681.json"), encoding: .utf8)
        let v = try #require(text.range(of: "    {\n      \"version\"")).lowerBound
        let end = try #require(text.range(of: "\n  ]\n}")).lowerBound
        let version = String(text[v..<end])
        let doubled = text.replacingOccurrences(of: version, with: version + ",\n" + version)
        #expect(throws: PolicyError.self) { try PolicyLoader.decode(Array(doubled.utf8), name: "x.json") }
    }

    @Test func policyResolvesByIdOrFile() throws {
        let data = ClaimData.builtIn
        #expect(try data.resolvePolicy("EVICORE-CMM200").id == "evicore-cmm200")
        #expect(throws: PolicyError.self) { try data.resolvePolicy("a5668") }
        do { _ = try data.resolvePolicy("a5668") } catch let e as PolicyError { #expect(e.message.contains("did you mean 'a56681'")) }
        #expect(try data.resolvePolicy(Support.path("lexicons/policies/legacy-aggregate.json")).id == "legacy-aggregate")
    }

    @Test func icdTableRules() {
        let d = ClaimData.builtIn
        #expect(ClaimData.normalizeICD("m5416") == "M54.16")
        #expect(d.excludes("M54.16", "M51.16") || d.excludes("M51.16", "M54.16"))
        #expect(d.excludes("G54.4", "M51.17"), "G54 excludes M50-M51")
        #expect(!d.excludes("M54.17", "M48.062"))
        #expect(ClaimData.matches(pattern: "M50-M51", "M51.16"))
        #expect(!ClaimData.matches(pattern: "M50-M51", "M54.16"))
        #expect(d.icd["G54.3"]?.region == "thoracic")
        #expect(d.icd["M54.50"]?.cls == "nonspecific")
        #expect(d.icd["M54.5"]?.billableUntil == "2021-09-30")
    }

    @Test func drugCodesByDate() {
        let d = ClaimData.builtIn
        #expect(d.drugCodes(drug: "triamcinolone", doseMg: 40, date: "2025-01-01").map { "\($0.code)x\($0.units)" } == ["J3301x4"])
        #expect(d.drugCodes(drug: "methylprednisolone", doseMg: 120, date: "2023-01-01").map { "\($0.code)x\($0.units)" } == ["J1040x1", "J1030x1"])
        #expect(d.drugCodes(drug: "methylprednisolone", doseMg: 80, date: "2024-04-01").map { "\($0.code)x\($0.units)" } == ["J1010x80"])
        #expect(d.drugCodes(drug: "betamethasone", doseMg: 12, date: "2024-04-01").map { "\($0.code)x\($0.units)" } == ["J0702x2"])
        #expect(d.drugCodes(drug: "lidocaine", doseMg: 20, date: "2024-04-01").isEmpty)
    }
}
