import Foundation
import Testing
@testable import Lamina

/// Tools for the tests that open the HTML report in a browser.
enum Browser {
    /// `chromium` (or `chromium-browser`) on PATH, else nil.
    static var chromium: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            for name in ["chromium", "chromium-browser"] {
                let p = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: p) { return p }
            }
        }
        return nil
    }

    /// Runs a program with a time limit (output discarded); returns its exit status.
    @discardableResult
    static func run(_ exe: String, _ args: [String], timeout: TimeInterval = 60) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if p.isRunning { p.terminate() }
        p.waitUntilExit()
        return p.terminationStatus
    }

    static func headlessArgs(_ profile: String) -> [String] {
        ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
         "--user-data-dir=\(profile)", "--hide-scrollbars"]
    }
}

/// Renders a small report and has Chromium take a screenshot of it. Runs only when
/// `chromium` is on PATH.
@Suite("HTML report in a browser")
struct HTMLReportBrowserTests {
    typealias F = FormatterFixtures

    @Test func screenshotIsWritten() throws {
        guard let chromium = Browser.chromium else {
            print("HTMLReportBrowserTests: skipped: chromium is not on PATH")
            return
        }
        let items = [
            F.item(F.noArchive, id: "enc-1", file: "export.csv", batch: true, billed: Billed(cpt: ["62322", "77003"], icd10: ["M54.17"])),
            F.item(F.complete, id: "enc-2", file: "export.csv", batch: true, billed: Billed(cpt: ["62323"], modifiers: ["LT"], icd10: ["M54.17"])),
            F.item(F.unicode, id: "enc-3", file: "export.csv", batch: true),
        ]
        let report = HTMLReport(title: "Browser test")
        var s = AuditSummary()
        for it in items { report.add(it); s.recordsIn += 1; s.written += 1 }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lamina-browser-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let html = dir.appendingPathComponent("report.html"), png = dir.appendingPathComponent("report.png")
        try Data(report.render(s)).write(to: html)
        try Browser.run(chromium, Browser.headlessArgs(dir.appendingPathComponent("profile").path)
            + ["--screenshot=\(png.path)", "--window-size=1400,2000", html.absoluteString])
        let size = (try? FileManager.default.attributesOfItem(atPath: png.path)[.size] as? Int) ?? 0
        #expect(size > 10_000, "screenshot \(png.path) is \(size) bytes")
        let head = try Data(contentsOf: png).prefix(8)
        #expect(Array(head) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    }
}

/// `LAMINA_REPORT_OUT=FILE swift test --filter HTMLReportFileTests` writes the report of
/// the sample claims export and the gold corpus to FILE (docs/report-check.sh uses it while
/// `lamina audit --report` is not available). Without the variable it does nothing.
@Suite("HTML report file")
struct HTMLReportFileTests {
    @Test func writeReportOfTheSampleCorpora() throws {
        guard let out = ProcessInfo.processInfo.environment["LAMINA_REPORT_OUT"], !out.isEmpty else { return }
        let inputs = ["corpora/samples/claims-export.csv", "corpora/gold.jsonl"]
        let data = ClaimData.builtIn
        let analyzer = Support.analyzer
        struct Pending { let r: NoteRecord; let note: Note; var a: Assessment; let session: Session?; let policy: Policy }
        var pending: [Pending] = []
        var summary = AuditSummary()
        summary.inputs = inputs
        for item in RecordReader().read(paths: inputs.map(Support.path)) {
            summary.recordsIn += 1
            switch item {
            case .error: summary.errors += 1
            case .note(let r):
                if !r.warnings.isEmpty { summary.warned += 1 }
                let policy = r.payer.flatMap { data.policy(id: $0) } ?? data.defaultPolicy
                let date = r.date.flatMap { DayNumber.parse($0) != nil ? $0 : nil }
                let note = Note(id: r.id, bytes: r.text)
                let a = analyzer.analyze(note, claim: ClaimContext(billed: r.billed, date: date, policy: policy), data: data)
                let s = Session.from(patient: r.patient, encounter: r.id, date: date, billed: r.billed, assessment: a, table: analyzer.lexicon.cptTable)
                pending.append(Pending(r: r, note: note, a: a, session: s, policy: policy))
            }
        }
        let sessions = pending.compactMap(\.session)
        summary.sessions = sessions.count
        let report = HTMLReport(title: "lamina audit: " + inputs.joined(separator: ", "))
        for var p in pending {
            if let s = p.session {
                let f = analyzer.frequencyFinding(s, among: sessions, policy: p.policy, facts: p.a.facts)
                if f.status == .conflict { summary.breaches += 1 }
                p.a.findings.append(f)
            }
            summary.written += 1
            let file = inputs.first { p.r.file.hasSuffix($0) } ?? p.r.file
            report.add(AuditItem(id: p.r.id, file: file, name: "\(file):\(p.r.id)", note: p.note, assessment: p.a, billed: p.r.billed))
        }
        let bytes = report.render(summary)
        try FileManager.default.createDirectory(at: URL(fileURLWithPath: out).deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: out))
        print("HTMLReportFileTests: wrote \(bytes.count) bytes to \(out)")
    }
}
