import Foundation
import Lamina

/// The `lamina` command line: a thin layer over the library (files, flags, exit status).
enum CLI {
    static let version = "0.1.0"

    static let lexiconFlag = Flag(name: "lexicons", value: "DIR", help: "Read term lists from DIR instead of the built-in ones.")
    static let maxBytesFlag = Flag(name: "max-note-bytes", value: "N", help: "Reject notes larger than N bytes.", defaultValue: String(16 << 20))
    static let inputFlag = Flag(name: "input", value: "FORMAT", help: "Format of standard input ('-').", defaultValue: "text", choices: ["text", "jsonl", "csv"])

    static var commands: [Command] { [lint, audit, eval, explain] }

    static let overview = """
    OVERVIEW: lamina reads epidural steroid injection procedure notes and reports what they
    document, what they miss (CMS billing article A56681) and which CPT code they support.

    USAGE: lamina <command> [options] [arguments]

    COMMANDS:
      lint      Check notes before sign-off: one diagnostic per documentation gap.
      audit     Analyze .txt files, folders, .jsonl or .csv exports: one JSON record per note.
      eval      Score lamina against a gold corpus (SPEC.md §6).
      explain   Dump one pipeline stage for a note (tokens, sections, mentions, context, facts, elements).

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
            inputFlag, lexiconFlag, maxBytesFlag,
        ],
        discussion: "EXIT STATUS: 0 no gap at error severity; 1 at least one; 2 an input or the command line was unusable.",
        run: runLint)

    static func runLint(_ p: Parsed) -> Int32 {
        var paths = p.positionals
        if paths.isEmpty {
            if Out.stdinIsTTY { Out.err(lint.help); return 2 }
            paths = ["-"]
        }
        guard let (analyzer, reader) = setup(p, "lint") else { return 2 }
        let format = p.value("format") ?? "text"
        let color = Out.useColor(p.value("color"))
        let tally = Tally()
        var gapErrors = 0
        var jsonRecords: [[UInt8]] = []
        eachNote(paths, reader, p, tally) { r, note, name in
            let doc = analyzer.document(note)
            let a = Assessor.assess(FactExtractor.extract(doc), note: note, lexicon: analyzer.lexicon)
            let (text, counts) = LintReport.render(a, document: doc, name: name, color: color, strict: p.has("strict"))
            gapErrors += counts.errors
            if format == "text" { Out.print(text) } else {
                var w = JSONWriter()
                RecordJSON.write(a, id: r.id, note: note, into: &w)
                if format == "jsonl" { w.bytes.append(0x0A); Out.write(w.bytes) } else { jsonRecords.append(w.bytes) }
            }
        }
        if format == "json" { Out.write(jsonArray(jsonRecords)) }
        if tally.errors + tally.warned > 0 { return 2 }
        return gapErrors > 0 ? 1 : 0
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
            Flag(name: "format", value: "FORMAT", help: "Output format.", defaultValue: "jsonl", choices: ["jsonl", "json", "text"]),
            Flag(name: "out", value: "FILE", help: "Write the output to FILE (whole or not at all) instead of standard output."),
            inputFlag, lexiconFlag, maxBytesFlag,
        ],
        discussion: """
        Records that cannot be read are reported on standard error with their file and line
        or record id; the others are still analyzed. The summary on standard error counts
        records in, records written and records in error.
        EXIT STATUS: 0 all records analyzed; 2 at least one record or input was unusable.
        """,
        run: runAudit)

    static func runAudit(_ p: Parsed) -> Int32 {
        guard !p.positionals.isEmpty else { Out.err(audit.help); return 2 }
        guard let (analyzer, reader) = setup(p, "audit") else { return 2 }
        let format = p.value("format") ?? "jsonl"
        let outPath = p.value("out")
        var buffer: [UInt8] = []
        var records: [[UInt8]] = []
        let tally = Tally()
        func emit(_ bytes: [UInt8]) { if outPath != nil || format == "json" { buffer.append(contentsOf: bytes) } else { Out.write(bytes) } }
        eachNote(p.positionals, reader, p, tally) { r, note, name in
            tally.written += 1
            if format == "text" {
                let doc = analyzer.document(note)
                let a = Assessor.assess(FactExtractor.extract(doc), note: note, lexicon: analyzer.lexicon)
                emit(Array(LintReport.render(a, document: doc, name: name, color: false).0.utf8))
                return
            }
            var w = JSONWriter()
            RecordJSON.write(analyzer.analyze(note), id: r.id, note: note, into: &w)
            if format == "json" { records.append(w.bytes) } else { w.bytes.append(0x0A); emit(w.bytes) }
        }
        if format == "json" { buffer = jsonArray(records) }
        if let path = outPath {
            do { try Out.writeAtomically(buffer, to: path) } catch let e as UsageError { Out.err("lamina audit: error: \(e.message)"); return 2 } catch { return 2 }
        } else if format == "json" { Out.write(buffer) }
        Out.err("lamina audit: \(tally.written + tally.errors) records in, \(tally.written) written, \(tally.errors) in error\(tally.warned > 0 ? ", \(tally.warned) with warnings" : "")")
        return tally.errors + tally.warned > 0 ? 2 : 0
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
