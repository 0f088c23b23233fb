import Foundation
import Testing
@testable import Lamina

/// End-to-end tests of the built `lamina` binary: output, exit status, bad input.
@Suite("lamina command line", .serialized)
struct CLITests {
    static var binary: String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        if dir.lastPathComponent == "MacOS" || dir.pathExtension == "xctest" { dir = dir.deletingLastPathComponent() }
        return dir.appendingPathComponent("lamina").path
    }

    struct Run { var status: Int32; var out: String; var err: String }

    @discardableResult
    static func run(_ args: [String], stdin: String? = nil, cwd: String? = nil) throws -> Run {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        if let c = cwd { p.currentDirectoryURL = URL(fileURLWithPath: c) }
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out; p.standardError = err; p.standardInput = inp
        try p.run()
        if let s = stdin { inp.fileHandleForWriting.write(Data(s.utf8)) }
        try inp.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(status: p.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: e, as: UTF8.self))
    }

    static func tempDir() throws -> URL {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent("lamina-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d
    }

    static let complete = """
    PROCEDURE: Left L5-S1 interlaminar epidural steroid injection under fluoroscopic guidance.
    INDICATION: Lumbar radiculopathy (M54.17), leg pain for 5 months, failed 6 weeks of physical therapy. Pain 7/10.
    TECHNIQUE: 1% lidocaine 2 mL to the skin. A 20-gauge Tuohy needle entered the epidural space by loss of resistance. AP and lateral views confirmed position. Omnipaque 240, 1 mL, showed spread. Kenalog 80 mg (40 mg/mL, 2 mL) was injected. Images saved to PACS.
    COMPLICATIONS: None.
    Tolerated well.
    Electronically signed by A. Doe, MD

    """

    @Test func lintACompleteNoteExitsZero() throws {
        let r = try Self.run(["lint", "-"], stdin: Self.complete)
        #expect(r.status == 0)
        #expect(r.out == "<stdin>: note: suggested CPT 62323 (interlaminar, lumbar L5-S1, fluoroscopy, needle)\n")
    }

    @Test func lintReportsGapsCompilerStyle() throws {
        let r = try Self.run(["lint", "--color", "never", Support.path("corpora/samples/l4-l5-ilesi.txt")])
        #expect(r.status == 1)
        let lines = r.out.split(separator: "\n")
        #expect(lines.first?.hasSuffix("l4-l5-ilesi.txt:8:1: error: images are not documented as saved to the record; state that they were saved or archived (e.g. to PACS) [imaging.archive]") == true)
        #expect(lines.last?.hasSuffix("l4-l5-ilesi.txt: note: suggested CPT 62323 (interlaminar, lumbar L4-L5, fluoroscopy, needle)") == true)
    }

    @Test func lintJSONIsTheRecord() throws {
        let r = try Self.run(["lint", "--format", "json", "-"], stdin: Self.complete)
        let v = try JSONParser.parse(Array(r.out.utf8))
        #expect(v.array?.first?["code"]?["cpt"]?.string == "62323")
        #expect(v.array?.first?["facts"]?["levels"]?.array?.first?.string == "L5-S1")
    }

    @Test func usageErrorsExitTwoWithDidYouMean() throws {
        let r = try Self.run(["lint", "--fromat", "json", "x.txt"])
        #expect(r.status == 2)
        #expect(r.err.contains("unknown option '--fromat' (did you mean '--format'?)"))
        let c = try Self.run(["lnit"])
        #expect(c.status == 2 && c.err.contains("did you mean 'lint'"))
        #expect(try Self.run(["lint", "--help"]).out.contains("OVERVIEW:"))
        #expect(try Self.run(["audit", "--help"]).out.contains("USAGE: lamina audit"))
        #expect(try Self.run(["eval", "--help"]).status == 0)
        #expect(try Self.run(["explain", "--help"]).out.contains("--stage"))
    }

    @Test func missingFileIsAnInputError() throws {
        let r = try Self.run(["lint", "/nonexistent/note.txt"])
        #expect(r.status == 2)
        #expect(r.err.contains("/nonexistent/note.txt: error: no such file or folder"))
    }

    @Test func auditGoesOnPastBadRecordsAndCountsThem() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = Self.complete.replacingOccurrences(of: "\n", with: "\\n")
        let jsonl = "{\"id\": \"g1\", \"text\": \"\(good)\"}\nnot json\n{\"id\": \"e\", \"text\": \"  \"}\n{\"id\": \"g2\", \"text\": \"\(good)\"}\n"
        try jsonl.write(to: dir.appendingPathComponent("a.jsonl"), atomically: true, encoding: .utf8)
        try Data([0x00, 0x01, 0x02, 0xFF]).write(to: dir.appendingPathComponent("bin.txt"))
        try Data().write(to: dir.appendingPathComponent("empty.txt"))
        var bad = Array(Self.complete.utf8); bad.insert(0xFF, at: 10)
        try Data(bad).write(to: dir.appendingPathComponent("latin.txt"))
        try "id,text\nc1,\"open quote\n".write(to: dir.appendingPathComponent("b.csv"), atomically: true, encoding: .utf8)
        let r = try Self.run(["audit", "a.jsonl", "bin.txt", "empty.txt", "latin.txt", "b.csv"], cwd: dir.path)
        #expect(r.status == 2)
        let ids = r.out.split(separator: "\n").compactMap { try? JSONParser.parse(Array($0.utf8))["id"]?.string }
        #expect(ids == ["g1", "g2", "latin"])
        #expect(r.err.contains("a.jsonl:2: error: not a JSON object"))
        #expect(r.err.contains("a.jsonl:3: error: record 'e': note holds only whitespace"))
        #expect(r.err.contains("bin.txt: error: record 'bin': note contains a NUL byte"))
        #expect(r.err.contains("empty.txt: error: record 'empty': empty note"))
        #expect(r.err.contains("latin.txt: warning: record 'latin': invalid UTF-8 at byte 11"))
        #expect(r.err.contains("b.csv:2: error: unterminated quoted field"))
        #expect(r.err.contains("8 records in, 3 written, 5 in error"))
        #expect(!r.err.contains("Tuohy"))
    }

    @Test func auditWritesTheOutputFileWholeOrNotAtAll() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.jsonl").path
        let r = try Self.run(["audit", "--out", out, Support.path("corpora/samples")])
        #expect(r.status == 0)
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        // An unwritable destination leaves nothing behind.
        let bad = try Self.run(["audit", "--out", dir.appendingPathComponent("missing/out.jsonl").path, Support.path("corpora/samples")])
        #expect(bad.status == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out.jsonl"])
    }

    @Test func brokenLexiconIsFileLineColumnAndExitTwo() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try "fluoroscopy\tfluoroscopy\nC-arm\tfluoro\n".write(to: dir.appendingPathComponent("imaging.tsv"), atomically: true, encoding: .utf8)
        let r = try Self.run(["lint", "--lexicons", dir.path, "-"], stdin: Self.complete)
        #expect(r.status == 2)
        #expect(r.err.hasPrefix("lexicons/imaging.tsv:2:7: error: unknown value 'fluoro' for imaging"))
    }

    @Test func evalPrintsTheSummaryLine() throws {
        let r = try Self.run(["eval", Support.path("corpora/gold.jsonl")])
        #expect(r.status == 0)
        #expect(r.out.split(separator: "\n").last?.hasPrefix("notes ") == true)
    }

    @Test func explainDumpsEveryStage() throws {
        for stage in Explain.stages {
            let r = try Self.run(["explain", "--stage", stage, Support.path("corpora/samples/l4-l5-ilesi.txt")])
            #expect(r.status == 0 && !r.out.isEmpty, "stage \(stage)")
        }
    }

    @Test func releaseBinaryRunsFromAnotherFolder() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let copy = dir.appendingPathComponent("lamina").path
        try FileManager.default.copyItem(atPath: Self.binary, toPath: copy)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: copy)
        p.arguments = ["lint", "-"]
        p.currentDirectoryURL = dir
        let inp = Pipe(), out = Pipe()
        p.standardInput = inp; p.standardOutput = out
        try p.run()
        inp.fileHandleForWriting.write(Data(Self.complete.utf8))
        try inp.fileHandleForWriting.close()
        let o = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        #expect(o.contains("suggested CPT 62323"))
    }
}
