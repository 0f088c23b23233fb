import Foundation
import Testing
@testable import Lamina

/// Claims, policies, sessions and the ledger through the built binary.
@Suite("lamina claims on the command line", .serialized)
struct ClaimsCLITests {
    typealias C = CLITests
    static let export = Support.path("corpora/samples/claims-export.csv")

    /// The export's header and the rows whose id is in `ids`, as a new CSV file.
    static func subset(_ ids: [String], in dir: URL, name: String) throws -> String {
        // CRLF is one Character in Swift: split on plain newlines.
        let text = try String(contentsOfFile: export, encoding: .utf8).replacingOccurrences(of: "\r\n", with: "\n")
        var rows: [String] = []
        var current = ""
        var quotes = 0
        for line in text.components(separatedBy: "\n") {
            current += (current.isEmpty ? "" : "\n") + line
            quotes += line.filter { $0 == "\"" }.count
            if quotes % 2 == 0 { rows.append(current); current = ""; quotes = 0 }
        }
        let keep = [rows[0]] + rows.dropFirst().filter { r in ids.contains { r.hasPrefix($0 + ",") } }
        let path = dir.appendingPathComponent(name).path
        try (keep.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func findings(_ jsonl: String, _ id: String) throws -> [String: String] {
        for line in jsonl.split(separator: "\n") {
            let v = try JSONParser.parse(Array(line.utf8))
            guard v["id"]?.string == id else { continue }
            var out: [String: String] = [:]
            for f in v["findings"]?.array ?? [] { out[f["element"]!.string!] = f["status"]!.string! }
            return out
        }
        return [:]
    }

    @Test func auditChecksClaimsAndSessionsOfACSVExport() throws {
        let r = try C.run(["audit", Self.export])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.err.contains("lamina audit: 8 records in, 8 written, 0 in error; 8 sessions, 2 over a policy limit"))
        #expect(try Self.findings(r.out, "enc-101")["claim.code"] == "met")
        #expect(try Self.findings(r.out, "enc-102")["claim.bundled"] == "conflict")
        #expect(try Self.findings(r.out, "enc-103")["claim.diagnosis"] == "conflict")
        #expect(try Self.findings(r.out, "enc-104")["claim.modifiers"] == "conflict")
        #expect(try Self.findings(r.out, "enc-105")["policy.frequency"] == "conflict")
        #expect(try Self.findings(r.out, "enc-106")["policy.frequency"] == "met")
        #expect(try Self.findings(r.out, "enc-202")["policy.frequency"] == "conflict")
        let rec = try #require(r.out.split(separator: "\n").first { $0.contains("\"id\":\"enc-105\"") })
        #expect(rec.contains("\"sessions\":[\"enc-101 (2025-01-06)\",\"enc-102 (2025-03-10)\",\"enc-103 (2025-05-12)\",\"enc-104 (2025-07-14)\"]"))
        #expect(rec.contains("\"citation\":\"A56681 / L36920\""))
        #expect(rec.contains("\"hcpcs\":[{\"code\":\"J3301\",\"units\":8,\"drug\":\"triamcinolone\"}]"))
    }

    @Test func theLedgerCarriesSessionsFromOneAuditToTheNext() throws {
        let dir = try C.tempDir()
        let q1 = try Self.subset(["enc-101", "enc-102", "enc-103"], in: dir, name: "q1.csv")
        let q2 = try Self.subset(["enc-104", "enc-105"], in: dir, name: "q2.csv")
        let ledger = dir.appendingPathComponent("sessions.sqlite").path
        let first = try C.run(["audit", "--ledger", ledger, q1])
        #expect(first.status == 0, "\(first.err)")
        #expect(first.err.contains("ledger: 3 new sessions recorded, 0 already there"))
        // Alone, the second quarter has two sessions; with the ledger, enc-105 is the fifth.
        let alone = try C.run(["audit", q2])
        #expect(try Self.findings(alone.out, "enc-105")["policy.frequency"] == "met")
        let second = try C.run(["audit", "--ledger", ledger, q2])
        #expect(try Self.findings(second.out, "enc-105")["policy.frequency"] == "conflict")
        // Auditing the first quarter again records nothing twice.
        let again = try C.run(["audit", "--ledger", ledger, q1])
        #expect(again.err.contains("ledger: 0 new sessions recorded, 3 already there"))
        // lint before sign-off reads the ledger.
        let note = dir.appendingPathComponent("next.txt").path
        try ClaimCheckTests.il.write(toFile: note, atomically: true, encoding: .utf8)
        let lint = try C.run(["lint", "--color", "never", "--ledger", ledger, "--patient", "P-1001", "--date", "2025-10-01", note])
        #expect(lint.status == 1)
        #expect(lint.out.contains("error: 6th lumbar/sacral session in 365 days (rolling 12 months: at most 4)"), "\(lint.out)")
    }

    @Test func lintWarnsAgainstAHistoryFileBeforeSignOff() throws {
        let dir = try C.tempDir()
        let history = try Self.subset(["enc-101", "enc-102", "enc-103", "enc-104"], in: dir, name: "history.csv")
        let note = dir.appendingPathComponent("today.txt").path
        try ClaimCheckTests.il.write(toFile: note, atomically: true, encoding: .utf8)
        let breach = try C.run(["lint", "--color", "never", "--patient", "P-1001", "--date", "2025-09-15", "--history", history, note])
        #expect(breach.status == 1)
        #expect(breach.out.contains("error: 5th lumbar/sacral session in 365 days (rolling 12 months: at most 4); counts enc-101 (2025-01-06)"), "\(breach.out)")
        #expect(breach.out.contains("[policy.frequency]"))
        let fine = try C.run(["lint", "--color", "never", "--patient", "P-1001", "--date", "2026-01-07", "--history", history, note])
        #expect(!fine.out.contains("[policy.frequency]"), "\(fine.out)")
        let usage = try C.run(["lint", "--history", history, note])
        #expect(usage.status == 2 && usage.err.contains("needs both --patient and --date"))
        let badDate = try C.run(["lint", "--patient", "P", "--date", "2025-13-01", note])
        #expect(badDate.status == 2 && badDate.err.contains("is not a date"))
    }

    @Test func lintChecksTheClaimAboutToBeBilled() throws {
        let r = try C.run(["lint", "--color", "never", "--date", "2025-01-01", "--billed-cpt", "62323;77003", "--billed-modifiers", "50", "--billed-icd10", "M54.4", "-"], stdin: ClaimCheckTests.il)
        #expect(r.status == 1)
        #expect(r.out.contains("[claim.bundled]") && r.out.contains("[claim.modifiers]") && r.out.contains("[claim.diagnosis]"))
        #expect(!r.out.contains("[claim.code]"))
    }

    @Test func policiesAreListedAndPickedByIdOrFile() throws {
        let r = try C.run(["policies"])
        #expect(r.status == 0)
        #expect(r.out.contains("a56681 (default): Novitas billing article A56681"))
        #expect(r.out.contains("at most 4 sessions in 365 days per region"))
        #expect(r.out.contains("evicore-cmm200: eviCore CMM-200"))
        #expect(r.out.contains("at most 6 sessions in 365 days across all regions"))
        let dir = try C.tempDir()
        let broken = dir.appendingPathComponent("mine.json").path
        let text = try String(contentsOfFile: Support.path("lexicons/policies/a56681.json"), encoding: .utf8)
        try text.replacingOccurrences(of: "\"max_sessions\": 4", with: "\"max_sessions\": four").write(toFile: broken, atomically: true, encoding: .utf8)
        let bad = try C.run(["audit", "--policy", broken, Self.export])
        #expect(bad.status == 2)
        #expect(bad.err.hasPrefix("\(broken):"), "\(bad.err)")
        #expect(bad.err.contains(": error: invalid"))
        let unknown = try C.run(["audit", "--policy", "evicore", Self.export])
        #expect(unknown.status == 2 && unknown.err.contains("did you mean 'evicore-cmm200'"))
        let legacy = try C.run(["audit", "--policy", Support.path("lexicons/policies/legacy-aggregate.json"), "-", "--input", "jsonl"],
                               stdin: "{\"id\":\"x\",\"text\":\"PROCEDURE: L4-L5 interlaminar epidural steroid injection under fluoroscopy.\",\"billed\":{\"cpt\":[\"62323\"]}}\n")
        #expect(legacy.status == 0, "\(legacy.err)")
        #expect(legacy.out.contains("\"citation\":\"older MAC LCD aggregate cap (superseded)\""))
    }

    @Test func aCorruptLedgerStopsBeforeAnyOutput() throws {
        let dir = try C.tempDir()
        let ledger = dir.appendingPathComponent("bad.sqlite").path
        try Data(repeating: 0x5A, count: 2048).write(to: URL(fileURLWithPath: ledger))
        let out = dir.appendingPathComponent("out.jsonl").path
        let r = try C.run(["audit", "--ledger", ledger, "--out", out, Self.export])
        #expect(r.status == 2)
        #expect(r.err.contains("\(ledger): error: not a SQLite database or damaged"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func unknownPayersAndBadDatesAreWarnings() throws {
        let input = """
        {"id":"u1","payer":"aetna-x","date":"2025-02-30","patient":"P","text":"PROCEDURE: L4-L5 interlaminar epidural steroid injection under fluoroscopy."}

        """
        let r = try C.run(["audit", "--input", "jsonl", "-"], stdin: input)
        #expect(r.status == 2)
        #expect(r.err.contains("record 'u1': date '2025-02-30' is not a date of service"))
        #expect(r.err.contains("record 'u1': unknown payer policy 'aetna-x'; a56681 applied"))
        #expect(r.err.contains("1 records in, 1 written, 0 in error, 1 with warnings"))
    }
}
