import Foundation
import Lamina

/// The `lamina` command line: a thin layer over the library (files, flags, exit status).
enum CLI {
    static let version = "0.1.0"

    static let lexiconFlag = Flag(name: "lexicons", value: "DIR", help: "Read term lists from DIR instead of the built-in ones.")
    static let maxBytesFlag = Flag(name: "max-note-bytes", value: "N", help: "Reject notes larger than N bytes.", defaultValue: String(16 << 20))
    static let inputFlag = Flag(name: "input", value: "FORMAT", help: "Format of standard input ('-').", defaultValue: "text", choices: ["text", "jsonl", "csv"])

    static var commands: [Command] { [lint, audit, eval, explain, policies, generate, bench] }

    static let overview = """
    OVERVIEW: lamina reads epidural steroid injection procedure notes and reports what they
    document, what they miss (CMS billing article A56681) and which CPT code they support.

    USAGE: lamina <command> [options] [arguments]

    COMMANDS:
      lint      Check notes before sign-off: one diagnostic per documentation gap.
      audit     Analyze .txt files, folders, .jsonl or .csv exports: one JSON record per note.
      eval      Score lamina against a gold corpus (SPEC.md §6).
      explain   Dump one pipeline stage for a note (tokens, sections, mentions, context, facts, elements).
      policies  List the payer policies (session limits, levels, versions by date of service).
      generate  Write seeded synthetic notes as JSONL (benchmarks only).
      bench     Measure audit throughput and memory on generated notes, per number of jobs.

    Run 'lamina <command> --help' for a command's options. 'lamina --version' prints the version.
    Exit status: 0 no gap at error severity, 1 at least one, 2 the input or command line was unusable.
    """

    static func main(_ args: [String]) -> Int32 {
        Out.setup()
        guard let first = args.first else { Out.print(overview + "\n"); return 2 }
        if first == "--help" || first == "-h" || first == "help" {
            if args.count > 1, let c = commands.first(where: { $0.name == args[1] }) { Out.print(c.help); return 0 }
            Out.print(overview + "\n"); return 0
        }
        if first == "--version" || first == "version" { Out.print("lamina \(version)\n"); return 0 }
        guard let cmd = commands.first(where: { $0.name == first }) else {
            let hint = closest(first, commands.map(\.name)).map { " (did you mean '\($0)'?)" } ?? ""
            Out.err("lamina: error: unknown command '\(first)'\(hint); run 'lamina --help'")
            return 2
        }
        do {
            let p = try cmd.parse(Array(args.dropFirst()))
            if p.has("help") { Out.print(cmd.help); return 0 }
            return cmd.run(p)
        } catch let e as UsageError {
            Out.err("lamina \(cmd.name): error: \(e.message)")
            return 2
        } catch {
            Out.err("lamina \(cmd.name): error: \(error)")
            return 2
        }
    }

    /// The analyzer with built-in or `--lexicons` term lists; nil after printing the error.
    static func analyzer(_ p: Parsed) -> Analyzer? {
        guard let dir = p.value("lexicons") else { return Analyzer() }
        do { return Analyzer(lexicon: try Lexicon.load(directory: dir)) } catch let e as LexiconError {
            Out.err(e.description)
        } catch {
            Out.err("lamina: error: cannot read lexicons in \(dir): \(error.localizedDescription)")
        }
        return nil
    }

    static func reader(_ p: Parsed) throws -> RecordReader {
        guard let n = Int(p.value("max-note-bytes") ?? ""), n > 0 else { throw UsageError(message: "--max-note-bytes needs a positive number") }
        return RecordReader(maxNoteBytes: n)
    }

    static func report(_ e: RecordError) { Out.err(e.description) }

    /// The analyzer and record reader a command needs, or nil after printing why not.
    static func setup(_ p: Parsed, _ command: String) -> (Analyzer, RecordReader)? {
        guard let analyzer = analyzer(p) else { return nil }
        do { return (analyzer, try reader(p)) } catch let e as UsageError {
            Out.err("lamina \(command): error: \(e.message)")
        } catch {
            Out.err("lamina \(command): error: \(error)")
        }
        return nil
    }

    /// Counts of a batch: records that could not be read, and notes read with a warning.
    final class Tally { var errors = 0; var warned = 0; var written = 0 }

    /// Reads every record of `paths` in order, reports bad ones (file and line, never text)
    /// and calls `body` with each readable note and the name to print for it.
    static func eachNote(_ paths: [String], _ reader: RecordReader, _ p: Parsed, _ tally: Tally, _ body: (NoteRecord, Note, String) -> Void) {
        for path in paths {
            reader.read(path: path, stdinFormat: p.value("input") ?? "text") { item in
                switch item {
                case .error(let e): tally.errors += 1; report(e)
                case .note(let r):
                    warn(r)
                    if !r.warnings.isEmpty { tally.warned += 1 }
                    let name = r.line == nil ? (path == "-" ? "<stdin>" : r.file) : "\(r.file):\(r.id)"
                    body(r, Note(id: r.id, bytes: r.text), name)
                }
            }
        }
    }

    static func warn(_ r: NoteRecord) {
        for w in r.warnings { Out.err("\(r.location): warning: record '\(r.id)': \(w)") }
    }

    // MARK: lint

    static let lint = Command(
        name: "lint",
        summary: "Check procedure notes before sign-off: one compiler-style diagnostic per documentation gap, then the code the note supports.",
        usage: "lamina lint [options] NOTE... | -",
        arguments: [("NOTE", "A note as a .txt file (or .jsonl/.csv of notes); '-' reads standard input.")],
        flags: [
            Flag(name: "format", value: "FORMAT", help: "Output format.", defaultValue: "text", choices: ["text", "json", "jsonl"]),
            Flag(name: "color", value: "WHEN", help: "Color diagnostics (auto honours NO_COLOR and TERM=dumb).", defaultValue: "auto", choices: ["auto", "always", "never"]),
            Flag(name: "strict", value: nil, help: "Treat warnings as errors for the exit status."),
            Flag(name: "patient", value: "ID", help: "The patient, to count this session against earlier ones (needs --date)."),
            Flag(name: "date", value: "YYYY-MM-DD", help: "Date of service: the code set, policy version and session window."),
            Flag(name: "history", value: "FILE", help: "Earlier encounters (.jsonl/.csv/folder with patient and date) to count sessions against; repeatable as a comma list."),
            Flag(name: "billed-cpt", value: "CODES", help: "Codes to be billed (e.g. '64483;64484x1'), checked against the note."),
            Flag(name: "billed-modifiers", value: "MODS", help: "Modifiers to be billed (e.g. '50' or 'RT')."),
            Flag(name: "billed-icd10", value: "CODES", help: "Diagnosis codes to be billed (e.g. 'M54.16')."),
            policyFlag, ledgerFlag, inputFlag, lexiconFlag, maxBytesFlag,
        ],
        discussion: """
        With --patient and --date the note is counted as a session against --history and
        --ledger: lint warns before sign-off that it would break the policy's limits.
        EXIT STATUS: 0 no gap at error severity; 1 at least one; 2 an input or the command line was unusable.
        """,
        run: runLint)

    static func runLint(_ p: Parsed) -> Int32 {
        var paths = p.positionals
        if paths.isEmpty {
            if Out.stdinIsTTY { Out.err(lint.help); return 2 }
            paths = ["-"]
        }
        guard let (analyzer, reader) = setup(p, "lint"), let (data, fallback) = claimSetup(p, "lint") else { return 2 }
        if let d = p.value("date"), DayNumber.parse(d) == nil {
            Out.err("lamina lint: error: --date '\(d)' is not a date (YYYY-MM-DD)"); return 2
        }
        if (p.value("history") != nil || p.value("patient") != nil) && (p.value("patient") == nil || p.value("date") == nil) {
            Out.err("lamina lint: error: counting sessions needs both --patient and --date"); return 2
        }
        let (ok, ledger) = openLedger(p, "lint")
        guard ok else { return 2 }
        var history: [Session] = []
        if let h = p.value("history") {
            guard let s = historySessions(h.split(separator: ",").map(String.init), analyzer: analyzer, reader: reader, data: data, fallback: fallback) else { return 2 }
            history = s
        }
        if let l = ledger {
            do { history += try l.sessions(patients: p.value("patient").map { [$0] }) } catch let e as LedgerError { Out.err("lamina lint: \(e.description)"); return 2 } catch { return 2 }
        }
        func list(_ k: String) -> [String]? {
            p.value(k).map { $0.split(whereSeparator: { $0 == ";" || $0 == "|" || $0 == "," }).map { $0.trimmingCharacters(in: .whitespaces) } }
        }
        let format = p.value("format") ?? "text"
        let color = Out.useColor(p.value("color"))
        let tally = Tally()
        var gapErrors = 0
        var jsonRecords: [[UInt8]] = []
        eachNote(paths, reader, p, tally) { r0, note, name in
            var r = r0
            r.patient = p.value("patient") ?? r.patient
            r.date = p.value("date") ?? r.date
            if list("billed-cpt") != nil || list("billed-modifiers") != nil || list("billed-icd10") != nil {
                r.billed = Billed(cpt: list("billed-cpt") ?? [], modifiers: list("billed-modifiers") ?? [], icd10: list("billed-icd10") ?? [])
            }
            let (pol, date) = recordContext(r, data, fallback, tally)
            let doc = analyzer.document(note)
            var a = analyzer.assess(doc, claim: ClaimContext(billed: r.billed, date: date, policy: pol), data: data)
            if let s = Session.from(patient: r.patient, encounter: r.id, date: date, billed: r.billed, assessment: a, table: analyzer.lexicon.cptTable) {
                a.findings.append(analyzer.frequencyFinding(s, among: history + [s], policy: pol, facts: a.facts))
            }
            let (text, counts) = LintReport.render(a, document: doc, name: name, color: color, strict: p.has("strict"))
            gapErrors += counts.errors
            if format == "text" { Out.print(text) } else {
                var w = JSONWriter()
                RecordJSON.write(a, id: r.id, note: note, into: &w)
                if format == "jsonl" { w.byte(0x0A); Out.write(w.bytes) } else { jsonRecords.append(w.bytes) }
            }
        }
        if format == "json" { Out.write(jsonArray(jsonRecords)) }
        if tally.errors + tally.warned > 0 { return 2 }
        return gapErrors > 0 ? 1 : 0
    }

    /// A record's policy and date of service; problems with them are warnings on the record.
    static func recordContext(_ r: NoteRecord, _ data: ClaimData, _ fallback: Policy, _ tally: Tally) -> (Policy, String?) {
        let (date, dw) = AuditEngine.serviceDate(r)
        let (pol, pw) = AuditEngine.policy(for: r, data: data, fallback: fallback)
        let extra = [dw, pw].compactMap { $0 }
        for w in extra { Out.err("\(r.location): warning: record '\(r.id)': \(w)") }
        if !extra.isEmpty && r.warnings.isEmpty { tally.warned += 1 }
        return (pol, date)
    }

    static func jsonArray(_ records: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = Array("[\n".utf8)
        for (i, r) in records.enumerated() {
            out.append(contentsOf: r)
            out.append(contentsOf: Array((i + 1 < records.count ? ",\n" : "\n").utf8))
        }
        out.append(contentsOf: Array("]\n".utf8))
        return out
    }

    // MARK: audit

    static let audit = Command(
        name: "audit",
        summary: "Analyze a batch of notes and write one SPEC.md §2 record per note, in input order.",
        usage: "lamina audit [options] PATH...",
        arguments: [("PATH", "A .txt note, a folder (every *.txt below it, sorted), a .jsonl or .csv export, or '-'.")],
        flags: [
            Flag(name: "format", value: "FORMAT", help: "Output format.", defaultValue: "jsonl", choices: ["jsonl", "json", "text", "csv", "sarif"]),
            Flag(name: "out", value: "FILE", help: "Write the output to FILE (whole or not at all) instead of standard output."),
            Flag(name: "jobs", value: "N", help: "Analyze on N threads; the output is the same for any N (default: all cores)."),
            Flag(name: "report", value: "FILE", help: "Also write a self-contained HTML report for people to read."),
            Flag(name: "baseline", value: "FILE", help: "Report only gaps not in FILE (written by --write-baseline), matched by element and evidence text."),
            Flag(name: "write-baseline", value: "FILE", help: "Record this run's gaps in FILE, for a later --baseline."),
            Flag(name: "progress", value: "WHEN", help: "A progress line on standard error.", defaultValue: "auto", choices: ["auto", "always", "never"]),
            policyFlag, ledgerFlag, inputFlag, lexiconFlag, maxBytesFlag,
        ],
        discussion: """
        Input is read and written in chunks: memory stays flat whatever the input size.
        Records that cannot be read are reported on standard error with their file and line
        or record id; the others are still analyzed. The summary on standard error counts
        records in, records written and records in error (in = written + in error).
        Records with 'billed' get the claim checks of docs/CLAIMS.md; records with 'patient'
        and 'date' are counted as sessions against the policy's limits, with the sessions of
        --ledger FILE, where this batch's sessions are then recorded.
        EXIT STATUS: 0 all records analyzed; 2 at least one record or input was unusable.
        """,
        run: runAudit)

    static func runAudit(_ p: Parsed) -> Int32 {
        guard !p.positionals.isEmpty else { Out.err(audit.help); return 2 }
        guard let (analyzer, reader) = setup(p, "audit"), let (data, fallback) = claimSetup(p, "audit") else { return 2 }
        let jobs: Int
        if let j = p.value("jobs") {
            guard let n = Int(j), n >= 1, n <= 512 else { Out.err("lamina audit: error: --jobs needs a number from 1 to 512"); return 2 }
            jobs = n
        } else { jobs = ProcessInfo.processInfo.activeProcessorCount }
        let format = p.value("format") ?? "jsonl"
        let formatter: any AuditFormatter
        switch format {
        case "json": formatter = JSONArrayFormatter()
        case "text": formatter = TextFormatter()
        case "csv": formatter = CSVFormatter()
        case "sarif": formatter = SARIFFormatter(version: version)
        default: formatter = JSONLFormatter()
        }
        var options = AuditOptions(jobs: jobs, formatter: formatter, fallbackPolicy: fallback)
        options.stdinFormat = p.value("input") ?? "text"
        if let b = p.value("baseline") {
            do { options.baseline = try Baseline.load(path: b) } catch let e as RecordError { Out.err("lamina audit: \(e.description)"); return 2 } catch { return 2 }
        }
        let (ok, ledger) = openLedger(p, "audit")
        guard ok else { return 2 }
        if let l = ledger { options.priorSessions = { patients in try l.sessions(patients: patients) } }
        // Outputs: written to temporary files and renamed at the end, removed if interrupted.
        var out: AtomicFile?
        var baselineFile: AtomicFile?
        do {
            if let o = p.value("out") { out = try AtomicFile(path: o) }
            if let w = p.value("write-baseline") {
                baselineFile = try AtomicFile(path: w)
                baselineFile!.write(Array((Baseline.header + "\n").utf8))
                options.baselineSink = { baselineFile!.write($0) }
            }
        } catch let e as UsageError { Out.err("lamina audit: error: \(e.message)"); out?.abort(); return 2 } catch { return 2 }
        var report: HTMLReport?
        if p.value("report") != nil {
            let r = HTMLReport(title: "lamina audit: " + p.positionals.map { ($0 as NSString).lastPathComponent }.joined(separator: ", "))
            report = r
            options.observer = { r.add($0) }
        }
        let showProgress = p.value("progress") == "always" || (p.value("progress") != "never" && Out.stderrIsTTY)
        let meter = showProgress ? Progress(total: p.positionals.reduce(0) { $0 + fileSize($1) }) : nil
        let engine = AuditEngine(analyzer: analyzer, reader: reader, data: data)
        let result: AuditResult
        do {
            result = try engine.run(paths: p.positionals, options: options,
                                    write: { bytes in if let o = out { o.write(bytes) } else { Out.write(bytes) } },
                                    diagnose: { line in meter?.finish(); Out.err(line) },
                                    progress: { n, b in meter?.update(notes: n, bytes: b) })
        } catch let e as LedgerError {
            meter?.finish(); out?.abort(); baselineFile?.abort()
            Out.err("lamina audit: \(e.description)"); return 2
        } catch {
            meter?.finish(); out?.abort(); baselineFile?.abort()
            Out.err("lamina audit: error: \(error)"); return 2
        }
        meter?.finish()
        do {
            try out?.commit()
            try baselineFile?.commit()
            if let r = report, let path = p.value("report") { try Out.writeAtomically(r.render(result.summary), to: path) }
        } catch let e as UsageError {
            out?.abort(); baselineFile?.abort()
            Out.err("lamina audit: error: \(e.message)"); return 2
        } catch { return 2 }
        let s = result.summary
        var ledgerNote = ""
        if let l = ledger {
            do {
                let added = try l.record(result.sessions, source: p.positionals.joined(separator: " "))
                ledgerNote = "; ledger: \(added) new session\(added == 1 ? "" : "s") recorded, \(result.sessions.count - added) already there"
            } catch let e as LedgerError {
                Out.err("lamina audit: \(e.description)")
                Out.err("lamina audit: \(s.recordsIn) records in, \(s.written) written, \(s.errors) in error; the ledger was not updated")
                return 2
            } catch { return 2 }
        }
        let sessions = result.sessions.isEmpty ? "" : "; \(result.sessions.count) session\(result.sessions.count == 1 ? "" : "s"), \(s.breaches) over a policy limit"
        let known = options.baseline == nil ? "" : "; \(result.suppressed) known gap\(result.suppressed == 1 ? "" : "s") in the baseline not reported"
        Out.err("lamina audit: \(s.recordsIn) records in, \(s.written) written, \(s.errors) in error\(s.warned > 0 ? ", \(s.warned) with warnings" : "")\(sessions)\(known)\(ledgerNote)")
        return s.errors + s.warned > 0 ? 2 : 0
    }

    static func fileSize(_ path: String) -> Int {
        var st = stat()
        guard path != "-", stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return 0 }
        return Int(st.st_size)
    }

    // MARK: eval

    static let eval = Command(
        name: "eval",
        summary: "Score lamina against gold-annotated notes (SPEC.md §6) and print the figures.",
        usage: "lamina eval [options] GOLD.jsonl...",
        arguments: [("GOLD.jsonl", "Gold records: {\"id\", \"text\", \"gold\": {\"facts\", \"code\", \"elements\"}} one per line.")],
        flags: [Flag(name: "show", value: "N", help: "Print the first N disagreements.", defaultValue: "0"), lexiconFlag],
        discussion: "The last line reads: notes N facts F code C elements E (false met M).",
        run: runEval)

    static func runEval(_ p: Parsed) -> Int32 {
        guard !p.positionals.isEmpty else { Out.err(eval.help); return 2 }
        guard let analyzer = analyzer(p) else { return 2 }
        var records: [GoldRecord] = []
        for path in p.positionals {
            do { records += try Evaluator.load(path: path) } catch let e as RecordError { report(e); return 2 } catch { return 2 }
        }
        let ev = Evaluator.evaluate(records, analyzer: analyzer)
        Out.print(Evaluator.table(ev, show: Int(p.value("show") ?? "0") ?? 0))
        return 0
    }

    // MARK: explain

    static let explain = Command(
        name: "explain",
        summary: "Dump one stage of the pipeline for a note.",
        usage: "lamina explain [options] NOTE | -",
        arguments: [("NOTE", "A note as a .txt file; '-' reads standard input.")],
        flags: [Flag(name: "stage", value: "STAGE", help: "The stage to dump.", defaultValue: "facts", choices: Explain.stages),
                inputFlag, lexiconFlag, maxBytesFlag],
        discussion: "",
        run: runExplain)

    static func runExplain(_ p: Parsed) -> Int32 {
        let paths = p.positionals.isEmpty ? ["-"] : p.positionals
        if p.positionals.isEmpty && Out.stdinIsTTY { Out.err(explain.help); return 2 }
        guard let (analyzer, reader) = setup(p, "explain") else { return 2 }
        let tally = Tally()
        eachNote(paths, reader, p, tally) { r, note, _ in
            if paths.count > 1 || r.line != nil { Out.print("== \(r.id)\n") }
            Out.print(Explain.dump(stage: p.value("stage") ?? "facts", document: analyzer.document(note), analyzer: analyzer))
        }
        let status: Int32 = tally.errors > 0 ? 2 : 0
        return status
    }
}
