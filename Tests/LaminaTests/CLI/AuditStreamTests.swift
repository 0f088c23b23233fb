import Foundation
import Testing
@testable import Lamina

/// Batch audits at scale through the built binary: byte-identical output for any --jobs,
/// counts that add up under bad records, no partial output when interrupted, formats,
/// reports and baselines.
@Suite("lamina audit: streaming, jobs, formats, baselines", .serialized)
struct AuditStreamTests {
    typealias C = CLITests

    static func generated(_ n: Int, in dir: URL) throws -> String {
        let r = try C.run(["generate", "--notes", String(n), "--seed", "11"])
        #expect(r.status == 0)
        let path = dir.appendingPathComponent("gen.jsonl").path
        try r.out.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test(arguments: ["jsonl", "json", "text", "csv", "sarif"])
    func outputIsByteIdenticalForAnyNumberOfJobs(_ format: String) throws {
        let dir = try C.tempDir()
        let input = try Self.generated(60, in: dir)
        let inputs = [input, Support.path("corpora/samples/claims-export.csv"), Support.path("corpora/samples")]
        var outs: [String] = []
        for jobs in ["1", "2", "8"] {
            let r = try C.run(["audit", "--format", format, "--jobs", jobs] + inputs)
            #expect(r.status == 0, "\(r.err)")
            outs.append(r.out)
        }
        #expect(!outs[0].isEmpty)
        #expect(outs[0] == outs[1])
        #expect(outs[0] == outs[2])
        if format == "sarif" || format == "json" {
            #expect((try? JSONSerialization.jsonObject(with: Data(outs[0].utf8))) != nil, "\(format) output is not valid JSON")
        }
    }

    @Test func countsAddUpUnderBadRecords() throws {
        let dir = try C.tempDir()
        var jsonl = Data()
        func line(_ s: String) { jsonl.append(Data((s + "\n").utf8)) }
        line(#"{"id":"ok-1","text":"PROCEDURE: L4-L5 interlaminar epidural steroid injection under fluoroscopy."}"#)
        line(#"{"id":"empty","text":""}"#)
        line("this is not JSON")
        line(#"{"id":"nul","text":"PROCEDURE: ESI\u0000 L5-S1"}"#)
        jsonl.append(Data(#"{"id":"bad-utf8","text":"PROCEDURE: L5-S1 interlaminar ESI "#.utf8)); jsonl.append(contentsOf: [0xC3, 0x28]); jsonl.append(Data("\"}\n".utf8))
        // A 50 MB note on one line.
        jsonl.append(Data(#"{"id":"huge","text":""#.utf8))
        jsonl.append(Data(repeating: 0x61, count: 50 << 20))
        jsonl.append(Data("\"}\n".utf8))
        line(#"{"id":"ok-2","text":"PROCEDURE: Right L5 transforaminal epidural steroid injection under fluoroscopy."}"#)
        let jpath = dir.appendingPathComponent("bad.jsonl").path
        try jsonl.write(to: URL(fileURLWithPath: jpath))
        let csv = "id,text\r\nc-1,\"PROCEDURE: C6-C7 interlaminar ESI under fluoroscopy.\"\r\nc-2,\"never closed\r\nc-3,PROCEDURE: caudal epidural steroid injection\r\n"
        let cpath = dir.appendingPathComponent("bad.csv").path
        try csv.write(toFile: cpath, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out.jsonl").path
        for jobs in ["1", "2"] {
            let r = try C.run(["audit", "--jobs", jobs, "--out", out, jpath, cpath])
            #expect(r.status == 2)
            let summary = try #require(r.err.split(separator: "\n").last { $0.hasPrefix("lamina audit: ") })
            // 7 JSONL records (ok-1, empty, not JSON, nul, bad-utf8, huge, ok-2) + 3 CSV rows.
            #expect(summary.hasPrefix("lamina audit: 10 records in, 5 written, 5 in error, 1 with warnings"), "\(r.err)")
            let written = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map { try JSONParser.parse(Array($0.utf8))["id"]?.string ?? "" }
            #expect(written == ["ok-1", "bad-utf8", "ok-2", "c-1", "c-3"])
            #expect(r.err.contains("bad.jsonl:2: error: record 'empty': empty note"))
            #expect(r.err.contains("bad.jsonl:3: error: not a JSON object"))
            #expect(r.err.contains("bad.jsonl:6: error: record is over") || r.err.contains("bad.jsonl:6: error: record 'huge': note is 52428800 bytes, over"), "\(r.err)")
            #expect(r.err.contains("bad.csv:3: error: unterminated quoted field"))
            #expect(!r.err.contains("aaaaaaaa"), "no note text in messages")
        }
    }

    @Test func anInterruptedRunLeavesNoPartialOutput() throws {
        let dir = try C.tempDir()
        let input = try Self.generated(1500, in: dir)
        let out = dir.appendingPathComponent("audit.jsonl").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: C.binary)
        p.arguments = ["audit", "--jobs", "1", "--out", out, "--write-baseline", dir.appendingPathComponent("base.jsonl").path, input]
        p.standardError = FileHandle.nullDevice
        try p.run()
        Thread.sleep(forTimeInterval: 0.8)
        #expect(p.isRunning, "the run should still be going")
        p.terminate()
        p.waitUntilExit()
        #expect(p.terminationStatus != 0)
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(left == ["gen.jsonl"], "left behind: \(left)")
    }

    @Test func reportEscapesHostileNoteText() throws {
        let dir = try C.tempDir()
        let hostile = #"{"id":"\"><img src=x onerror=alert(1)>","text":"PROCEDURE: L4-L5 interlaminar ESI <script>alert('x')</script> \"quoted\" & more, under fluoroscopy."}"#
        let input = dir.appendingPathComponent("h.jsonl").path
        try (hostile + "\n").write(toFile: input, atomically: true, encoding: .utf8)
        let report = dir.appendingPathComponent("r.html").path
        let r = try C.run(["audit", "--report", report, "--out", dir.appendingPathComponent("o.jsonl").path, input])
        #expect(r.status == 0, "\(r.err)")
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<img src=x"))
        #expect(html.contains("&lt;script&gt;alert("))
        #expect(!html.contains("http://") && !html.contains("https://"))
    }

    @Test func aBaselineReportsOnlyNewGaps() throws {
        let dir = try C.tempDir()
        let base = """
        PROCEDURE: Left L5-S1 interlaminar epidural steroid injection under fluoroscopic guidance.
        INDICATION: Lumbar radiculopathy, leg pain for 5 months, failed 6 weeks of physical therapy. Pain 7/10.
        TECHNIQUE: A 20-gauge Tuohy needle entered the epidural space by loss of resistance. AP and lateral views. Omnipaque 240, 1 mL. Kenalog 80 mg (40 mg/mL, 2 mL) was injected.
        Electronically signed by A. Doe, MD
        """
        func write(_ text: String, _ name: String) throws -> String {
            let p = dir.appendingPathComponent(name).path
            var w = JSONWriter()
            w.raw("{"); w.key("id"); w.string("n-1"); w.comma(); w.key("text"); w.string(text); w.raw("}\n")
            try Data(w.bytes).write(to: URL(fileURLWithPath: p))
            return p
        }
        let first = try write(base, "q1.jsonl")
        let baseline = dir.appendingPathComponent("baseline.jsonl").path
        let r1 = try C.run(["audit", "--format", "text", "--write-baseline", baseline, first])
        #expect(r1.out.contains("[imaging.archive]"))
        // The same gaps, lines shifted by a new first line: nothing new.
        let shifted = try write("Patient seen in the procedure suite.\n" + base, "q2.jsonl")
        let r2 = try C.run(["audit", "--format", "text", "--baseline", baseline, shifted])
        #expect(!r2.out.contains("error:"), "\(r2.out)")
        #expect(r2.err.contains("known gaps in the baseline not reported"))
        // A new gap (the signature removed) is reported; the old ones are not.
        let worse = try write(base.replacingOccurrences(of: "Electronically signed by A. Doe, MD", with: ""), "q3.jsonl")
        let r3 = try C.run(["audit", "--format", "text", "--baseline", baseline, worse])
        #expect(r3.out.contains("[attestation.signature]"))
        #expect(!r3.out.contains("[imaging.archive]"))
    }

    @Test func aProgressLineOnlyWhenAskedOrOnATerminal() throws {
        let input = Support.path("corpora/samples/claims-export.csv")
        let quiet = try C.run(["audit", "--out", "/dev/null", input].filter { $0 != "--out" && $0 != "/dev/null" })
        #expect(!quiet.err.contains("notes/s"), "stderr is not a terminal here: no progress line")
        let shown = try C.run(["audit", "--progress", "always", input])
        #expect(shown.err.contains("notes/s"))
        #expect(shown.err.contains("lamina audit: 8 records in, 8 written, 0 in error"))
    }
}
