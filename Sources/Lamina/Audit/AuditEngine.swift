import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Gaps an earlier audit recorded (`--baseline FILE`): matched by record id, element and the
/// evidence text, never by line numbers, so a re-exported note with shifted lines still matches.
public struct Baseline: Sendable {
    var keys: Set<String> = []
    public var count: Int { keys.count }

    public init() {}

    public static let header = "{\"lamina_baseline\":1}"

    /// The key of a gap: record id, element, and the text of its evidence spans.
    public static func key(id: String, finding f: Finding, note: Note) -> String {
        var k = id + "\u{1F}" + f.element + "\u{1F}"
        for (i, s) in f.evidence.enumerated() {
            if i > 0 { k += "\u{1E}" }
            k += String(decoding: note.bytes[s.start..<s.end], as: UTF8.self)
        }
        return k
    }

    public func contains(_ key: String) -> Bool { keys.contains(key) }

    /// One baseline line: `{"id":..., "element":..., "evidence":[...]}`.
    static func line(id: String, finding f: Finding, note: Note) -> [UInt8] {
        var w = JSONWriter()
        w.raw("{"); w.key("id"); w.string(id); w.comma(); w.key("element"); w.string(f.element); w.comma()
        w.key("evidence"); w.raw("[")
        for (i, s) in f.evidence.enumerated() {
            if i > 0 { w.comma() }
            w.string(bytes: note.bytes[s.start..<s.end])
        }
        w.raw("]}\n")
        return w.bytes
    }

    /// Reads a baseline file written by `--write-baseline`.
    public static func load(path: String) throws -> Baseline {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RecordError(file: path, line: nil, id: nil, message: "cannot read the baseline")
        }
        var b = Baseline()
        var lineNo = 0
        for raw in Array(data).split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNo += 1
            if raw.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) { continue }
            guard let v = try? JSONParser.parse(raw) else {
                throw RecordError(file: path, line: lineNo, id: nil, message: "not a baseline line (JSON expected)")
            }
            if lineNo == 1, v["lamina_baseline"] != nil { continue }
            guard let id = v["id"]?.string, let el = v["element"]?.string, let ev = v["evidence"]?.array else {
                throw RecordError(file: path, line: lineNo, id: nil, message: "a baseline line needs \"id\", \"element\" and \"evidence\"")
            }
            b.keys.insert(id + "\u{1F}" + el + "\u{1F}" + ev.compactMap(\.string).joined(separator: "\u{1E}"))
        }
        return b
    }
}

/// The settings of one audit run.
public struct AuditOptions {
    public var jobs: Int
    public var formatter: any AuditFormatter
    public var fallbackPolicy: Policy
    public var stdinFormat: String = "text"
    public var baseline: Baseline?
    /// Receives every baseline line (`--write-baseline`), in input order.
    public var baselineSink: (([UInt8]) -> Void)?
    /// Receives every analyzed record in input order (`--report`).
    public var observer: ((AuditItem) -> Void)?
    /// Sessions recorded earlier for these patients (`--ledger`).
    public var priorSessions: ((Set<String>) throws -> [Session])?
    /// Notes per chunk handed to the workers.
    public var chunk: Int = 128

    public init(jobs: Int, formatter: any AuditFormatter, fallbackPolicy: Policy) {
        self.jobs = max(1, jobs); self.formatter = formatter; self.fallbackPolicy = fallbackPolicy
    }
}

/// What an audit run did, with the sessions it found (for the ledger).
public struct AuditResult {
    public var summary = AuditSummary()
    public var sessions: [Session] = []
    public var suppressed = 0
}

/// `lamina audit`: streams records from the inputs in chunks, analyzes each chunk on every
/// job, and writes the results in input order, so memory stays flat and the output is
/// byte-identical for any number of jobs. Session limits need every session first: when
/// the input can hold sessions (records with `patient`), a first pass analyzes only those
/// records to count them, and the second pass writes.
public final class AuditEngine {
    let analyzer: Analyzer
    let reader: RecordReader
    let data: ClaimData

    public init(analyzer: Analyzer, reader: RecordReader, data: ClaimData) {
        self.analyzer = analyzer; self.reader = reader; self.data = data
    }

    /// One record of a chunk: a note to analyze with its place in the input, or an error.
    enum Entry { case note(NoteRecord, ordinal: Int, name: String), error(RecordError) }

    /// Records read together, with the reading progress after them.
    struct Chunk {
        var entries: [Entry] = []
        var recordsSeen = 0
        var bytesRead = 0
    }

    /// A bounded hand-over of chunks from the reader thread to the writer.
    /// Hands out index ranges below `limit` to workers, a few at a time.
    final class NextIndex: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private let limit: Int
        init(limit: Int) { self.limit = limit }
        func take(_ n: Int) -> Range<Int>? {
            lock.lock()
            defer { lock.unlock() }
            guard next < limit else { return nil }
            let start = next
            next = min(limit, next + n)
            return start..<next
        }
    }

    final class ChunkQueue: @unchecked Sendable {
        private let cond = NSCondition()
        private var items: [Chunk] = []
        private var closed = false
        private let depth: Int
        init(depth: Int) { self.depth = depth }

        func put(_ c: Chunk) {
            cond.lock()
            while items.count >= depth { cond.wait() }
            items.append(c)
            cond.broadcast()
            cond.unlock()
        }

        func close() {
            cond.lock(); closed = true; cond.broadcast(); cond.unlock()
        }

        /// The next chunk, or nil when the reader is done.
        func take() -> Chunk? {
            cond.lock()
            defer { cond.unlock() }
            while items.isEmpty && !closed { cond.wait() }
            if items.isEmpty { return nil }
            let c = items.removeFirst()
            cond.broadcast()
            return c
        }
    }

    /// A note's result, ready for the serial writer.
    struct Done {
        var bytes: [UInt8] = []
        var item: AuditItem?
        var warnings: [String] = []
        var baseline: [UInt8] = []
        var suppressed = 0
        var breach = false
    }

    /// Runs the audit. `write` gets output bytes in order; `diagnose` gets one line per bad
    /// record or warning (file, line, record id; never note text); `progress` the bytes read.
    public func run(paths: [String], options: AuditOptions, write: ([UInt8]) -> Void,
                    diagnose: (String) -> Void, progress: ((Int, Int) -> Void)? = nil) throws -> AuditResult {
        var result = AuditResult()
        result.summary.inputs = paths
        // Standard input is read twice when it may hold sessions: spool it to a file first.
        var spool: String?
        defer { if let t = spool { unlink(t) } }
        if paths.contains("-") && (options.stdinFormat == "jsonl" || options.stdinFormat == "csv") {
            spool = try AuditEngine.spoolStandardInput()
        }
        func each(_ path: String, _ progress: ((Int) -> Void)?, _ emit: (RecordItem) -> Void) {
            if path == "-", let t = spool {
                reader.read(spooled: t, format: options.stdinFormat, label: "<stdin>", progress: progress, emit)
            } else {
                reader.read(path: path, stdinFormat: options.stdinFormat, progress: progress, emit)
            }
        }
        // Sessions first, when there can be any.
        var frequency: [Int: Finding] = [:]
        if paths.contains(where: { mayHoldSessions($0 == "-" ? (spool ?? $0) : $0, stdinFormat: options.stdinFormat) }) {
            let (sessions, findings) = try countSessions(paths, options, each)
            result.sessions = sessions
            frequency = findings
        }
        write(options.formatter.header())
        var wroteRecord = false
        let separator = options.formatter.separator

        // Writes one analyzed chunk in order: errors and warnings, bytes, report, baseline.
        func emit(_ chunk: Chunk, _ done: [Done?]) {
            var out: [UInt8] = []
            for (i, e) in chunk.entries.enumerated() {
                switch e {
                case .error(let err):
                    result.summary.errors += 1
                    diagnose(err.description)
                case .note(let r, _, _):
                    guard let d = done[i] else { continue }
                    result.summary.written += 1
                    for w in r.warnings + d.warnings { diagnose("\(r.location): warning: record '\(r.id)': \(w)") }
                    if !(r.warnings.isEmpty && d.warnings.isEmpty) { result.summary.warned += 1 }
                    if d.breach { result.summary.breaches += 1 }
                    result.suppressed += d.suppressed
                    if !d.bytes.isEmpty {
                        if wroteRecord { out.append(contentsOf: separator) }
                        out.append(contentsOf: d.bytes)
                        wroteRecord = true
                    }
                    if let item = d.item { options.observer?(item) }
                    if !d.baseline.isEmpty { options.baselineSink?(d.baseline) }
                }
            }
            if !out.isEmpty { write(out) }
            progress?(chunk.recordsSeen, chunk.bytesRead)
        }

        // Records in chunks, in input order, to `sink`.
        func produce(_ sink: (Chunk) -> Void) {
            var ordinal = 0
            var chunk = Chunk()
            var notes = 0
            for path in paths {
                each(path, { bytes in chunk.bytesRead = bytes }) { item in
                    chunk.recordsSeen += 1
                    switch item {
                    case .error(let e): chunk.entries.append(.error(e))
                    case .note(let r):
                        let name = r.line == nil ? (path == "-" ? "<stdin>" : r.file) : "\(r.file):\(r.id)"
                        chunk.entries.append(.note(r, ordinal: ordinal, name: name))
                        notes += 1
                    }
                    ordinal += 1
                    if notes >= options.chunk {
                        sink(chunk)
                        chunk = Chunk(recordsSeen: chunk.recordsSeen, bytesRead: chunk.bytesRead)
                        notes = 0
                    }
                }
            }
            if !chunk.entries.isEmpty { sink(chunk) }
        }
        if options.jobs == 1 {
            // One job is one thread: read, analyze, write in turn.
            produce { chunk in emit(chunk, process(chunk.entries, options, frequency)) }
        } else {
            // A reader thread parses the next chunks while the workers analyze this one.
            let queue = ChunkQueue(depth: 2)
            // The reader thread is the only one that runs `produce`; the main thread only takes
            // from the queue, so handing the function over unchecked is sound.
            let reader = UncheckedBox(produce)
            let reading = Thread {
                reader.value { queue.put($0) }
                queue.close()
            }
            reading.stackSize = 8 << 20
            reading.start()
            while let chunk = queue.take() {
                emit(chunk, process(chunk.entries, options, frequency))
            }
        }
        result.summary.recordsIn = result.summary.written + result.summary.errors
        result.summary.sessions = result.sessions.count
        write(options.formatter.footer(result.summary))
        return result
    }

    /// Analyzes a chunk's notes on `jobs` workers; the result of entry i is at index i.
    func process(_ chunk: [Entry], _ o: AuditOptions, _ frequency: [Int: Finding]) -> [Done?] {
        var done = [Done?](repeating: nil, count: chunk.count)
        let jobs = min(o.jobs, chunk.count)
        // Workers take the next few records as they get free (a worker slowed by the reader
        // thread or another process does not leave the others idle at the end of the chunk);
        // each result goes to its record's index, so the output order never depends on timing.
        let next = NextIndex(limit: chunk.count)
        done.withUnsafeMutableBufferPointer { buf in
            let out = buf
            DispatchQueue.concurrentPerform(iterations: jobs) { _ in
                while let range = next.take(4) {
                    for i in range {
                        if case .note(let r, let ordinal, let name) = chunk[i] {
                            out[i] = analyze(r, ordinal: ordinal, name: name, o, frequency[ordinal])
                        }
                    }
                }
            }
        }
        return done
    }

    func analyze(_ r: NoteRecord, ordinal: Int, name: String, _ o: AuditOptions, _ freq: Finding?) -> Done {
        var d = Done()
        let (date, dateWarning) = AuditEngine.serviceDate(r)
        let (policy, payerWarning) = AuditEngine.policy(for: r, data: data, fallback: o.fallbackPolicy)
        d.warnings = [dateWarning, payerWarning].compactMap { $0 }
        let note = Note(id: r.id, bytes: r.text)
        let doc = analyzer.document(note)
        var a = analyzer.assess(doc, claim: ClaimContext(billed: r.billed, date: date, policy: policy), data: data)
        if var f = freq {
            f.evidence = a.facts.sessionEvidence
            d.breach = f.status == .conflict
            a.findings.append(f)
        }
        if let b = o.baseline {
            let before = a.findings.count
            a.findings.removeAll { !$0.status.isMet && b.contains(Baseline.key(id: r.id, finding: $0, note: note)) }
            d.suppressed = before - a.findings.count
        }
        if o.baselineSink != nil {
            for f in a.findings where !f.status.isMet { d.baseline += Baseline.line(id: r.id, finding: f, note: note) }
        }
        let item = AuditItem(id: r.id, file: r.file, name: name, note: note, assessment: a, billed: r.billed, document: doc)
        d.bytes = o.formatter.record(item)
        if o.observer != nil { d.item = AuditItem(id: r.id, file: r.file, name: name, note: note, assessment: a, billed: r.billed) }
        return d
    }

    // MARK: sessions

    /// Whether a path can hold records with a patient: JSONL naming "patient", CSV with a
    /// patient column. Notes as .txt carry no patient.
    func mayHoldSessions(_ path: String, stdinFormat: String) -> Bool {
        if path == "-" { return false }
        let lower = path.lowercased()
        let spooled = lower.contains("/lamina-stdin-")
        let csv = lower.hasSuffix(".csv") || (spooled && stdinFormat == "csv")
        guard csv || lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") || spooled else { return false }
        guard let s = ByteStream(path: path) else { return false }
        if csv {
            // The header row.
            while s.fill() {
                if s.buffer[s.start..<s.end].contains(0x0A) { break }
                if s.available > 1 << 20 { break }
            }
            let head = s.buffer[s.start..<s.end]
            let line = head.prefix { $0 != 0x0A }
            return String(decoding: line, as: UTF8.self).lowercased().contains("patient")
        }
        let key = Array("\"patient\"".utf8)
        var carry = 0
        while s.fill() {
            // memmem over the window (the unread tail of the last one is kept for a key across chunks).
            let found = AuditEngine.find(key, in: s.buffer, s.start, s.end)
            if found { return true }
            carry = min(key.count - 1, s.available)
            s.advance(s.available - carry)
        }
        return false
    }

    /// Whether `key` occurs in `buf[from..<to]` (memchr for its first byte, then memcmp).
    static func find(_ key: [UInt8], in buf: [UInt8], _ from: Int, _ to: Int) -> Bool {
        buf.withUnsafeBufferPointer { (p: UnsafeBufferPointer<UInt8>) -> Bool in
            key.withUnsafeBufferPointer { (k: UnsafeBufferPointer<UInt8>) -> Bool in
                guard let base = p.baseAddress, let kb = k.baseAddress, let first = k.first else { return false }
                var at = from
                while at < to {
                    guard let q = memchr(base + at, Int32(first), to - at) else { return false }
                    let i = base.distance(to: q.assumingMemoryBound(to: UInt8.self))
                    if to - i >= k.count && memcmp(base + i, kb, k.count) == 0 { return true }
                    at = i + 1
                }
                return false
            }
        }
    }

    /// First pass: the sessions of records with a patient and a date, analyzed on every job,
    /// then the `policy.frequency` finding of each (by record ordinal).
    func countSessions(_ paths: [String], _ o: AuditOptions,
                       _ each: (String, ((Int) -> Void)?, (RecordItem) -> Void) -> Void) throws -> ([Session], [Int: Finding]) {
        var batch: [(Int, Session, Policy)] = []
        var pending: [(NoteRecord, Int)] = []
        func flush() {
            guard !pending.isEmpty else { return }
            var found = [(Session, Policy)?](repeating: nil, count: pending.count)
            let jobs = min(o.jobs, pending.count)
            let items = pending
            found.withUnsafeMutableBufferPointer { buf in
                let out = buf
                DispatchQueue.concurrentPerform(iterations: jobs) { w in
                    var i = w
                    while i < items.count {
                        let (r, _) = items[i]
                        let (date, _) = AuditEngine.serviceDate(r)
                        let (policy, _) = AuditEngine.policy(for: r, data: data, fallback: o.fallbackPolicy)
                        let a = analyzer.analyze(Note(id: r.id, bytes: r.text), claim: ClaimContext(billed: r.billed, date: date, policy: policy), data: data)
                        if let s = Session.from(patient: r.patient, encounter: r.id, date: date, billed: r.billed, assessment: a, table: analyzer.lexicon.cptTable) {
                            out[i] = (s, policy)
                        }
                        i += jobs
                    }
                }
            }
            for (k, f) in found.enumerated() { if let (s, p) = f { batch.append((pending[k].1, s, p)) } }
            pending.removeAll(keepingCapacity: true)
        }
        var ordinal = 0
        for path in paths {
            each(path, nil) { item in
                if case .note(let r) = item, let p = r.patient, !p.isEmpty, r.date.flatMap(DayNumber.parse) != nil {
                    pending.append((r, ordinal))
                    if pending.count >= o.chunk { flush() }
                }
                ordinal += 1
            }
        }
        flush()
        let sessions = batch.map(\.1)
        var all = sessions
        if let prior = o.priorSessions, !sessions.isEmpty {
            all = try prior(Set(sessions.map(\.patient))) + sessions
        }
        // Index the sessions by patient once: each check scans only its patient's.
        var byPatient: [String: [Session]] = [:]
        for s in all { byPatient[s.patient, default: []].append(s) }
        var findings: [Int: Finding] = [:]
        for (ord, s, policy) in batch {
            findings[ord] = FrequencyChecker.check(s, among: byPatient[s.patient] ?? [], policy: policy)
        }
        return (sessions, findings)
    }

    /// Copies standard input to a temporary file (removed when the run ends).
    static func spoolStandardInput() throws -> String {
        var template = Array((NSTemporaryDirectory() + "/lamina-stdin-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw RecordError(file: "<stdin>", line: nil, id: nil, message: "cannot spool standard input to a temporary file") }
        let path = String(cString: template)
        defer { close(fd) }
        var buf = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = buf.withUnsafeMutableBufferPointer { read(0, $0.baseAddress!, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            var off = 0
            while off < n {
                let w = buf.withUnsafeBufferPointer { Glibc.write(fd, $0.baseAddress! + off, n - off) }
                if w <= 0 { unlink(path); throw RecordError(file: "<stdin>", line: nil, id: nil, message: "cannot spool standard input (disk full?)") }
                off += w
            }
        }
        return path
    }

    // MARK: record context

    /// A record's date of service, or a warning when it is not `YYYY-MM-DD`.
    public static func serviceDate(_ r: NoteRecord) -> (String?, String?) {
        guard let d = r.date?.trimmingCharacters(in: .whitespaces), !d.isEmpty else { return (nil, nil) }
        if DayNumber.parse(d) != nil { return (d, nil) }
        return (nil, "date '\(d)' is not a date of service (YYYY-MM-DD); code set and policy of today applied, sessions not counted")
    }

    /// The policy a record names in `payer`, else the default; an unknown payer is a warning.
    public static func policy(for r: NoteRecord, data: ClaimData, fallback: Policy) -> (Policy, String?) {
        guard let payer = r.payer?.trimmingCharacters(in: .whitespaces), !payer.isEmpty else { return (fallback, nil) }
        if let p = data.policy(id: payer) { return (p, nil) }
        let ids = data.policySources.map(\.id)
        let hint = ids.first { $0.hasPrefix(payer.lowercased()) }.map { " (did you mean '\($0)'?)" } ?? didYouMean(payer, ids)
        return (fallback, "unknown payer policy '\(payer)'\(hint); \(fallback.id) applied")
    }
}

/// A value handed to one other thread that alone uses it (Swift cannot see that).
final class UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
