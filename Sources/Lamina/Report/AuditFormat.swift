/// One analyzed record on its way to an output format.
public struct AuditItem: Sendable {
    /// The record id (file name without extension for `.txt`).
    public let id: String
    /// The input file the record came from (for SARIF artifact locations and messages).
    public let file: String
    /// How diagnostics name the record: the file for a `.txt` note, `file:id` for a record of a batch.
    public let name: String
    public let note: Note
    public let assessment: Assessment
    public let billed: Billed?
    /// The analyzed document, while the record is formatted on its worker (text output
    /// anchors gaps in sections); nil once handed to the serial stage.
    public let document: Document?

    public init(id: String, file: String, name: String, note: Note, assessment: Assessment, billed: Billed?, document: Document? = nil) {
        self.id = id; self.file = file; self.name = name; self.note = note; self.assessment = assessment; self.billed = billed
        self.document = document
    }
}

/// Counts of one audit run, for summaries and reports.
public struct AuditSummary: Sendable {
    public var recordsIn = 0
    public var written = 0
    public var errors = 0
    public var warned = 0
    public var sessions = 0
    public var breaches = 0
    public var inputs: [String] = []
    public init() {}
}

/// An output format of `lamina audit`. `record` is pure (it runs on any worker thread and
/// depends only on its item), so output is byte-identical for any number of jobs; the
/// writer puts `separator` between non-empty records, `header` first and `footer` last.
public protocol AuditFormatter: Sendable {
    func header() -> [UInt8]
    func record(_ item: AuditItem) -> [UInt8]
    var separator: [UInt8] { get }
    func footer(_ summary: AuditSummary) -> [UInt8]
}

extension AuditFormatter {
    public var separator: [UInt8] { [] }
    public func header() -> [UInt8] { [] }
    public func footer(_ summary: AuditSummary) -> [UInt8] { [] }
}

/// `--format jsonl`: one SPEC.md §2 record per line.
public struct JSONLFormatter: AuditFormatter {
    public init() {}
    public func record(_ item: AuditItem) -> [UInt8] {
        var w = JSONWriter()
        RecordJSON.write(item.assessment, id: item.id, note: item.note, into: &w)
        w.byte(0x0A)
        return w.bytes
    }
}

/// `--format json`: one array of records.
public struct JSONArrayFormatter: AuditFormatter {
    public init() {}
    public func header() -> [UInt8] { Array("[\n".utf8) }
    public var separator: [UInt8] { Array(",\n".utf8) }
    public func record(_ item: AuditItem) -> [UInt8] {
        var w = JSONWriter()
        RecordJSON.write(item.assessment, id: item.id, note: item.note, into: &w)
        return w.bytes
    }
    public func footer(_ summary: AuditSummary) -> [UInt8] { Array((summary.written > 0 ? "\n]\n" : "]\n").utf8) }
}

/// `--format text`: the lint lines of each note (SPEC.md §5).
public struct TextFormatter: AuditFormatter {
    public init() {}
    public func record(_ item: AuditItem) -> [UInt8] {
        guard let doc = item.document else { return [] }
        return Array(LintReport.render(item.assessment, document: doc, name: item.name, color: false).0.utf8)
    }
}
