import Foundation
import Lamina
#if canImport(Glibc)
import Glibc
#endif

/// `lamina generate` and `lamina bench`: synthetic notes and the throughput of `audit`.
extension CLI {
    static let generate = Command(
        name: "generate",
        summary: "Write seeded synthetic procedure notes as JSONL (for benchmarks, never for accuracy).",
        usage: "lamina generate [options]",
        arguments: [],
        flags: [
            Flag(name: "notes", value: "N", help: "How many notes.", defaultValue: "1000"),
            Flag(name: "megabytes", value: "M", help: "Instead of --notes: generate until M MB of note text."),
            Flag(name: "seed", value: "S", help: "Seed; the same seed gives the same notes.", defaultValue: "1"),
        ],
        discussion: "Notes are 1.5-3 KB: interlaminar, caudal and transforaminal, lumbar and cervical, with varied drugs, negations and missing elements.",
        run: runGenerate)

    static func runGenerate(_ p: Parsed) -> Int32 {
        guard let seed = UInt64(p.value("seed") ?? "1"), let notes = Int(p.value("notes") ?? "1000"), notes >= 0 else {
            Out.err("lamina generate: error: --seed and --notes need non-negative whole numbers"); return 2
        }
        let limitBytes = p.value("megabytes").flatMap(Double.init).map { Int($0 * 1_000_000) }
        generateNotes(seed: seed, notes: notes, bytes: limitBytes) { Out.write($0) }
        return 0
    }

    /// Writes generated JSONL in blocks to `sink` until `notes` notes (or `bytes` bytes of
    /// note text when given); returns the notes and the note-text bytes written.
    @discardableResult
    static func generateNotes(seed: UInt64, notes: Int, bytes: Int?, sink: ([UInt8]) -> Void) -> (notes: Int, textBytes: Int) {
        var g = NoteGenerator(seed: seed)
        var buf: [UInt8] = []
        var textBytes = 0
        var n = 0
        while bytes.map({ textBytes < $0 }) ?? (n < notes) {
            let (id, text) = g.next()
            var w = JSONWriter()
            w.raw("{"); w.key("id"); w.string(id); w.comma(); w.key("text"); w.string(text); w.raw("}\n")
            buf.append(contentsOf: w.bytes)
            textBytes += text.utf8.count
            n += 1
            if buf.count > 4 << 20 { sink(buf); buf.removeAll(keepingCapacity: true) }
        }
        sink(buf)
        return (n, textBytes)
    }

    static let bench = Command(
        name: "bench",
        summary: "Measure `lamina audit --format jsonl` on generated notes: notes/s, MB/s of note text, peak memory, per number of jobs.",
        usage: "lamina bench [options]",
        arguments: [],
        flags: [
            Flag(name: "notes", value: "N", help: "How many generated notes.", defaultValue: "20000"),
            Flag(name: "megabytes", value: "M", help: "Instead of --notes: generate M MB of note text (e.g. 1000 for the 1 GB memory check)."),
            Flag(name: "seed", value: "S", help: "Generator seed.", defaultValue: "1"),
            Flag(name: "jobs", value: "LIST", help: "Comma-separated job counts to run (default: 1 and all cores)."),
            Flag(name: "input", value: "FILE", help: "Benchmark this JSONL file instead of generating one."),
        ],
        discussion: "Each run is a separate `lamina audit --format jsonl --jobs N` process writing to /dev/null; peak memory is its maximum resident set size.",
        run: runBench)

    struct BenchRun { var jobs: Int; var seconds: Double; var maxRSSKB: Int; var status: Int32 }

    static func runBench(_ p: Parsed) -> Int32 {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let jobsList = (p.value("jobs") ?? (cores > 1 ? "1,\(cores)" : "1")).split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !jobsList.isEmpty, jobsList.allSatisfy({ $0 >= 1 }) else { Out.err("lamina bench: error: --jobs needs a list like 1,2"); return 2 }
        var input = p.value("input")
        var tempPath: String?
        var notes = 0, textBytes = 0
        if input == nil {
            guard let seed = UInt64(p.value("seed") ?? "1"), let n = Int(p.value("notes") ?? "20000"), n > 0 else {
                Out.err("lamina bench: error: --seed and --notes need whole numbers"); return 2
            }
            let limit = p.value("megabytes").flatMap(Double.init).map { Int($0 * 1_000_000) }
            let path = NSTemporaryDirectory() + "/lamina-bench-\(getpid()).jsonl"
            guard let f = try? AtomicFile(path: path) else { Out.err("lamina bench: error: cannot write \(path)"); return 2 }
            (notes, textBytes) = generateNotes(seed: seed, notes: n, bytes: limit) { f.write($0) }
            do { try f.commit() } catch { Out.err("lamina bench: error: cannot write \(path)"); return 2 }
            Cleanup.register(path)
            tempPath = path
            input = path
        } else {
            // Count notes and text bytes of a given file.
            let reader = RecordReader()
            reader.read(path: input!) { item in
                if case .note(let r) = item { notes += 1; textBytes += r.text.count }
            }
        }
        defer { if let t = tempPath { unlink(t); Cleanup.unregister(t) } }
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        Out.print(String(format: "input: %d notes, %.1f MB of note text (%@)\n", notes, Double(textBytes) / 1e6, p.value("input") ?? "generated, seed \(p.value("seed") ?? "1")"))
        Out.print("jobs   seconds   notes/s      MB/s   peak RSS MB   speed-up\n")
        var base: Double?
        for j in jobsList {
            let r = spawnAudit(exe, input!, jobs: j)
            guard r.status == 0 else { Out.err("lamina bench: error: audit exited \(r.status)"); return 2 }
            let rate = Double(notes) / r.seconds
            let mbs = Double(textBytes) / 1e6 / r.seconds
            if base == nil { base = mbs }
            Out.print(String(format: "%4d  %8.2f  %8.0f  %8.2f  %12.1f  %8.2fx\n", j, r.seconds, rate, mbs, Double(r.maxRSSKB) / 1024, mbs / base!))
        }
        return 0
    }

    /// Runs `exe audit --format jsonl --jobs N --progress never input` with its output to
    /// /dev/null; wall time and the child's peak resident memory.
    static func spawnAudit(_ exe: String, _ input: String, jobs: Int) -> BenchRun {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let args = [exe, "audit", "--format", "jsonl", "--jobs", String(jobs), "--progress", "never", input]
        var cargs: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
        defer { for a in cargs { free(a) } }
        var pid: pid_t = 0
        let start = Date()
        let rc = posix_spawn(&pid, exe, &actions, nil, &cargs, environ)
        guard rc == 0 else { return BenchRun(jobs: jobs, seconds: 0, maxRSSKB: 0, status: 127) }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let secs = Date().timeIntervalSince(start)
        let exited = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return BenchRun(jobs: jobs, seconds: secs, maxRSSKB: Int(usage.ru_maxrss), status: exited)
    }
}
