import Foundation
import Testing
@testable import Lamina

/// Session limits across encounters at their boundaries (docs/CLAIMS.md `policy.frequency`).
@Suite("Session limits")
struct SessionTests {
    static let data = ClaimData.builtIn
    static let a56681 = data.policy(id: "a56681")!
    static let evicore = data.policy(id: "evicore-cmm200")!
    static let legacy = data.policy(id: "legacy-aggregate")!

    /// A lumbar 62323 session `days` after 2023-01-01.
    func s(_ id: String, _ day: Int, region: String = "lumbar", code: String = "62323", patient: String = "P1", dx: [String] = []) -> Session {
        let base = DayNumber.parse("2023-01-01")!
        return Session(patient: patient, encounter: id, date: DayNumber.format(base + day), day: base + day, region: region, code: code, diagnoses: dx)
    }

    static func status(_ target: Session, _ all: [Session], _ policy: Policy = SessionTests.a56681) -> Finding {
        FrequencyChecker.check(target, among: all, policy: policy)
    }

    @Test func dayNumbersRoundTrip() {
        #expect(DayNumber.parse("1970-01-01") == 0)
        #expect(DayNumber.parse("2024-02-29") != nil)
        #expect(DayNumber.parse("2023-02-29") == nil)
        #expect(DayNumber.parse("2024-13-01") == nil)
        #expect(DayNumber.parse("24-01-01") == nil)
        let d = DayNumber.parse("2025-03-01")!
        #expect(DayNumber.format(d) == "2025-03-01")
        #expect(d - DayNumber.parse("2024-03-01")! == 365)
    }

    @Test func fourthSessionIsWithinFifthBreaks() {
        let four = [s("e1", 0), s("e2", 90), s("e3", 180), s("e4", 270)]
        #expect(Self.status(four[3], four).status == .met)
        let fifth = s("e5", 300)
        let f = Self.status(fifth, four + [fifth])
        #expect(f.status == .conflict)
        #expect(f.message.contains("5th lumbar/sacral session in 365 days"))
        #expect(f.related == ["e1 (2023-01-01)", "e2 (2023-04-01)", "e3 (2023-06-30)", "e4 (2023-09-28)"])
        #expect(f.citation == "A56681 / L36920")
    }

    @Test func windowBoundaryDay364Versus365() {
        // The window of 365 days ending on day d covers d-364 ... d.
        let four = [s("e1", 0), s("e2", 100), s("e3", 200), s("e4", 300)]
        let on364 = s("e5", 364)
        #expect(Self.status(on364, four + [on364]).status == .conflict)
        let on365 = s("e5", 365)
        #expect(Self.status(on365, four + [on365]).status == .met)
        let on366 = s("e5", 366)
        #expect(Self.status(on366, four + [on366]).status == .met)
    }

    @Test func sameDaySessionsCountOnce() {
        // Two records on one date and region are one session: four sessions, not five.
        let all = [s("e1", 0), s("e2", 100), s("e3", 200), s("e4a", 300), s("e4b", 300)]
        #expect(Self.status(all[3], all).status == .met)
        #expect(Self.status(all[4], all).status == .met)
        let fifth = s("e5", 320)
        #expect(Self.status(fifth, all + [fifth]).status == .conflict)
    }

    @Test func theSameEncounterTwiceCountsOnce() {
        let all = [s("e1", 0), s("e2", 100), s("e3", 200), s("e4", 300), s("e4", 300), s("e4", 300)]
        #expect(Self.status(s("e4", 300), all).status == .met)
    }

    @Test func regionsAreCountedApart() {
        let lumbar = [s("e1", 0), s("e2", 100), s("e3", 200), s("e4", 300)]
        let cervical = s("c1", 310, region: "cervical", code: "62321")
        #expect(Self.status(cervical, lumbar + [cervical]).status == .met)
        // Lumbar and sacral are one region under the CPT grouping (a setting of the policy).
        let sacral = s("s1", 320, region: "sacral", code: "62323")
        #expect(Self.status(sacral, lumbar + [sacral]).status == .conflict)
    }

    @Test func codesOutsideTheWindowsDoNotCount() {
        // a56681 counts the guided interlaminar and transforaminal primaries only.
        let all = [s("e1", 0), s("e2", 100), s("e3", 200), s("e4", 300), s("u1", 310, code: "62322")]
        #expect(Self.status(all[4], all).status == .met)
        let fifth = s("e5", 320)
        #expect(Self.status(fifth, all + [fifth]).status == .conflict, "62322 was not counted but the 5th counted session breaks")
        #expect(Self.status(fifth, Array(all.prefix(3)) + [all[4], fifth]).status == .met)
    }

    @Test func evicoreSixMonthWindowAndInterval() {
        let three = [s("e1", 0), s("e2", 60), s("e3", 120)]
        #expect(Self.status(three[2], three, Self.evicore).status == .met)
        let fourth = s("e4", 170)
        let f = Self.status(fourth, three + [fourth], Self.evicore)
        #expect(f.status == .conflict)
        #expect(f.message.contains("4th lumbar/sacral session in 183 days"))
        let later = s("e4", 183)
        #expect(Self.status(later, three + [later], Self.evicore).status == .met, "day 0 left the 183-day window")
        // 14 days minimum interval: 13 days breaks, 14 does not.
        let close = s("e2", 13)
        #expect(Self.status(close, [s("e1", 0), close], Self.evicore).status == .conflict)
        let ok = s("e2", 14)
        #expect(Self.status(ok, [s("e1", 0), ok], Self.evicore).status == .met)
    }

    @Test func legacyAggregateCountsAcrossRegions() {
        let all = [s("e1", 0), s("c1", 30, region: "cervical", code: "62321"), s("e2", 60)]
        #expect(Self.status(all[2], all, Self.legacy).status == .met)
        let fourth = s("t1", 90, region: "thoracic", code: "62321")
        let f = Self.status(fourth, all + [fourth], Self.legacy)
        #expect(f.status == .conflict)
        #expect(f.message.contains("4th session in 183 days"))
        // 6 in 12 months across all: the 7th in 365 days breaks even when spread out.
        let spread = (0..<6).map { s("x\($0)", $0 * 62) }
        let seventh = s("x6", 364)
        #expect(Self.status(spread[5], spread, Self.legacy).status == .met)
        #expect(Self.status(seventh, spread + [seventh], Self.legacy).status == .conflict)
    }

    @Test func policyVersionChangeMidHistory() throws {
        // Version 1 (to 2023-06-30): 2 sessions per 365 days; version 2 (from 2023-07-01): 4.
        let json = """
        {"id": "versioned", "title": "t", "source": "test", "citation": "test policy", "versions": [
          {"version": "v1", "effective_from": "2020-01-01", "effective_to": "2023-06-30", "elements": {},
           "level_rule_codes": [], "levels_per_session": {}, "regions_per_session": null, "bilateral_allowed": {},
           "region_groups": {"lumbar": "lumbar/sacral"}, "windows": [{"label": "old", "days": 365, "max_sessions": 2, "per": "region", "codes": ["62323"]}],
           "min_interval_days": null, "kx_for_diagnostic_block": false,
           "exemptions": {"diagnoses": [], "pump_trial": false, "from_diagnosis_checks": false, "from_frequency": false},
           "diagnoses": {"covered": [], "not_covered_classes": []}},
          {"version": "v2", "effective_from": "2023-07-01", "effective_to": null, "elements": {},
           "level_rule_codes": [], "levels_per_session": {}, "regions_per_session": null, "bilateral_allowed": {},
           "region_groups": {"lumbar": "lumbar/sacral"}, "windows": [{"label": "new", "days": 365, "max_sessions": 4, "per": "region", "codes": ["62323"]}],
           "min_interval_days": null, "kx_for_diagnostic_block": false,
           "exemptions": {"diagnoses": [], "pump_trial": false, "from_diagnosis_checks": false, "from_frequency": false},
           "diagnoses": {"covered": [], "not_covered_classes": []}}
        ]}
        """
        let p = try PolicyLoader.decode(Array(json.utf8), name: "versioned.json")
        let history = [s("e1", 0), s("e2", 60)]   // 2023-01-01, 2023-03-02
        let third = s("e3", 120)                     // 2023-05-01: v1, 3rd in 365 days > 2
        #expect(Self.status(third, history + [third], p).status == .conflict)
        let later = s("e3", 200)                     // 2023-07-20: v2, 3rd in 365 days <= 4
        #expect(Self.status(later, history + [later], p).status == .met)
        #expect(Self.status(later, history + [later], p).message.contains("v2"))
    }

    @Test func noVersionInForceIsReported() {
        let early = Session(patient: "P", encounter: "old", date: "2019-05-01", day: DayNumber.parse("2019-05-01")!, region: "lumbar", code: "62323")
        let f = Self.status(early, [early])
        #expect(f.status == .missing)
        #expect(f.message.contains("no version of policy a56681"))
    }

    @Test func sessionsComeFromRecords() {
        let a = Support.analyzer.analyze(Note(id: "r", text: ClaimCheckTests.il))
        let s = Session.from(patient: "P", encounter: "r", date: "2025-01-02", billed: nil, assessment: a, table: Support.analyzer.lexicon.cptTable)
        #expect(s?.code == "62323")
        #expect(s?.region == "lumbar")
        #expect(Session.from(patient: nil, encounter: "r", date: "2025-01-02", billed: nil, assessment: a, table: []) == nil)
        #expect(Session.from(patient: "P", encounter: "r", date: "01/02/2025", billed: nil, assessment: a, table: []) == nil)
        let billed = Session.from(patient: "P", encounter: "r", date: "2025-01-02", billed: Billed(cpt: ["62322"]), assessment: a, table: [])
        #expect(billed?.code == "62322", "the billed primary is the session's code")
    }
}
