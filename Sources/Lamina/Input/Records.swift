import Foundation

/// Billed codes carried by a record (SPEC.md §1).
public struct Billed: Sendable {
    public var cpt: [String] = []
    public var modifiers: [String] = []
    public var icd10: [String] = []
    public init(cpt: [String] = [], modifiers: [String] = [], icd10: [String] = []) {
        self.cpt = cpt; self.modifiers = modifiers; self.icd10 = icd10
    }
}

/// One note to analyze, with where it came from.
public struct NoteRecord: Sendable {
    public var id: String
    public var text: [UInt8]
    /// File the record came from and its line (JSONL/CSV), for messages.
    public var file: String
    public var line: Int?
    public var patient: String?
    public var date: String?
    public var payer: String?
    public var billed: Billed?
    /// Problems that did not stop the analysis (e.g. invalid UTF-8 replaced).
    public var warnings: [String] = []

    /// "file:line (record id)" — never the note's text.
    public var location: String { line.map { "\(file):\($0)" } ?? file }
}

/// A record that could not be analyzed. Messages name the file, line and record id, never the note's text.
public struct RecordError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var id: String?
    public var message: String
    public var description: String {
        let loc = line.map { "\(file):\($0)" } ?? file
        return "\(loc): error: \(id.map { "record '\($0)': " } ?? "")\(message)"
    }
}

public enum RecordItem: Sendable {
    case note(NoteRecord)
    case error(RecordError)
}

/// Reads the inputs of SPEC.md §1: `.txt` files, folders of them, `.jsonl`, `.csv`.
public struct RecordReader {
    public var maxNoteBytes: Int

    public init(maxNoteBytes: Int = 16 << 20) { self.maxNoteBytes = maxNoteBytes }

    /// Checks a note's bytes: not empty, not binary, not too large; invalid UTF-8 is
    /// tolerated with a warning (SPEC.md §1).
    public func validate(_ r: NoteRecord) -> RecordItem {
        var r = r
        if r.text.count > maxNoteBytes {
            return .error(RecordError(file: r.file, line: r.line, id: r.id,
                                      message: "note is \(r.text.count) bytes, over the \(maxNoteBytes)-byte limit (--max-note-bytes)"))
        }
        if r.text.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return .error(RecordError(file: r.file, line: r.line, id: r.id, message: r.text.isEmpty ? "empty note" : "note holds only whitespace"))
        }
        if let nul = r.text.firstIndex(of: 0) {
            return .error(RecordError(file: r.file, line: r.line, id: r.id,
                                      message: "note contains a NUL byte at byte \(nul + 1): binary data, not text"))
        }
        if let bad = firstInvalidUTF8(r.text) {
            // A few stray bytes are tolerated (SPEC.md §1); mostly undecodable bytes or control
            // characters mean a binary file, not a note.
            if RecordReader.looksBinary(r.text) {
                return .error(RecordError(file: r.file, line: r.line, id: r.id,
                                          message: "binary data, not text (invalid UTF-8 from byte \(bad + 1))"))
            }
            r.warnings.append("invalid UTF-8 at byte \(bad + 1); analyzed with replacement characters")
        }
        return .note(r)
    }

    /// More than 2% of the bytes are invalid UTF-8 or control characters (not tab, CR, LF, FF).
    static func looksBinary(_ b: [UInt8]) -> Bool {
        var bad = 0
        var i = 0
        while i < b.count {
            let c = b[i]
            if c < 0x80 {
                if c < 0x20 && c != 0x09 && c != 0x0A && c != 0x0D && c != 0x0C { bad += 1 }
                i += 1
            } else {
                let n = utf8Length(b, i)
                if n == 0 { bad += 1; i += 1 } else { i += n }
            }
        }
        return bad * 50 > b.count
    }

    /// Every record of `paths` in order (folders sorted by path).
    public func read(paths: [String], stdinFormat: String = "text") -> [RecordItem] {
        var out: [RecordItem] = []
        for p in paths { read(path: p, stdinFormat: stdinFormat) { out.append($0) } }
        return out
    }

    public func read(path: String, stdinFormat: String = "text", _ emit: (RecordItem) -> Void) {
        read(path: path, stdinFormat: stdinFormat, progress: nil, emit)
    }

    /// Streams the records of one path; `progress` gets the bytes consumed so far.
    public func read(path: String, stdinFormat: String = "text", progress: ((Int) -> Void)?, _ emit: (RecordItem) -> Void) {
        if path == "-" {
            let input = ByteStream(fd: 0, ownsFD: false)
            if stdinFormat == "jsonl" { streamJSONL(input, file: "<stdin>", progress: progress, emit) }
            else if stdinFormat == "csv" { streamCSV(input, file: "<stdin>", progress: progress, emit) }
            else {
                while input.fill() {}
                let text = Array(input.buffer[input.start..<input.end])
                progress?(text.count)
                emit(validate(NoteRecord(id: "stdin", text: text, file: "<stdin>")))
            }
            return
        }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            emit(.error(RecordError(file: path, line: nil, id: nil, message: "no such file or folder")))
            return
        }
        if isDir.boolValue {
            guard let walker = FileManager.default.enumerator(atPath: path) else {
                emit(.error(RecordError(file: path, line: nil, id: nil, message: "cannot read the folder")))
                return
            }
            var files: [String] = []
            while let rel = walker.nextObject() as? String {
                if rel.lowercased().hasSuffix(".txt") { files.append(rel) }
            }
            if files.isEmpty {
                emit(.error(RecordError(file: path, line: nil, id: nil, message: "the folder holds no .txt notes")))
            }
            for rel in files.sorted() { read(path: (path as NSString).appendingPathComponent(rel), stdinFormat: stdinFormat, progress: progress, emit) }
            return
        }
        let lower = path.lowercased()
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".csv") {
            guard let input = ByteStream(path: path) else {
                emit(.error(RecordError(file: path, line: nil, id: nil, message: "cannot read the file (permissions?)")))
                return
            }
            if lower.hasSuffix(".csv") { streamCSV(input, file: path, progress: progress, emit) } else { streamJSONL(input, file: path, progress: progress, emit) }
            return
        }
        // One note: refuse a file over the limit without reading it.
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        var st = stat()
        if stat(path, &st) == 0, Int(st.st_size) > maxNoteBytes {
            progress?(Int(st.st_size))
            emit(.error(RecordError(file: path, line: nil, id: name,
                                    message: "note is \(st.st_size) bytes, over the \(maxNoteBytes)-byte limit (--max-note-bytes)")))
            return
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            emit(.error(RecordError(file: path, line: nil, id: name, message: "cannot read the file (permissions?)")))
            return
        }
        let text = [UInt8](data)
        progress?(text.count)
        emit(validate(NoteRecord(id: name, text: text, file: path)))
    }

    /// Streams a spooled copy of standard input (`format` jsonl or csv), naming records by `label`.
    public func read(spooled path: String, format: String, label: String, progress: ((Int) -> Void)?, _ emit: (RecordItem) -> Void) {
        guard let input = ByteStream(path: path) else {
            emit(.error(RecordError(file: label, line: nil, id: nil, message: "cannot read the spooled input")))
            return
        }
        if format == "csv" { streamCSV(input, file: label, progress: progress, emit) } else { streamJSONL(input, file: label, progress: progress, emit) }
    }

    /// The longest JSONL line or CSV record kept in memory: a note at the limit with room for
    /// JSON escapes and the other fields. Longer ones are reported and skipped while streaming.
    var maxRecordBytes: Int { maxNoteBytes * 2 + (1 << 20) }

    // MARK: JSONL

    /// Records of JSONL bytes already in memory (the streaming reader over them).
    public func readJSONL(_ bytes: [UInt8], file: String, _ emit: (RecordItem) -> Void) {
        streamJSONL(ByteStream(bytes: bytes), file: file, progress: nil, emit)
    }

    func streamJSONL(_ s: ByteStream, file: String, progress: ((Int) -> Void)?, _ emit: (RecordItem) -> Void) {
        var lineNo = 0
        var sawAny = false
        var first = true
        var scanned = 0          // bytes of the window already searched for a newline
        var skipping = false     // inside a line over the limit
        while true {
            if first {
                while s.available < 3 && s.fill() {}
                if s.available >= 3, s.buffer[s.start] == 0xEF, s.buffer[s.start + 1] == 0xBB, s.buffer[s.start + 2] == 0xBF { s.advance(3) }
                first = false
            }
            let nl = s.newline(from: s.start + scanned) ?? -1
            if nl < 0 {
                scanned = s.available
                if skipping { s.advance(s.available); scanned = 0 }
                else if s.available > maxRecordBytes {
                    lineNo += 1
                    sawAny = true
                    emit(.error(RecordError(file: file, line: lineNo, id: nil,
                                            message: "record is over \(maxRecordBytes) bytes, the note over the \(maxNoteBytes)-byte limit (--max-note-bytes); skipped")))
                    skipping = true
                    s.advance(s.available); scanned = 0
                }
                if s.fill() { continue }
                // End of input: a last line without a newline.
                if !skipping && s.available > 0 {
                    lineNo += 1
                    if let item = jsonlRecord(s.buffer[s.start..<s.end], lineNo: lineNo, file: file) { sawAny = true; emit(item) }
                    s.advance(s.available)
                }
                progress?(s.consumed)
                break
            }
            if skipping {
                skipping = false
                s.advance(nl + 1 - s.start); scanned = 0
                s.shrinkIfLarge()
                continue
            }
            lineNo += 1
            if let item = jsonlRecord(s.buffer[s.start..<nl], lineNo: lineNo, file: file) { sawAny = true; emit(item) }
            s.advance(nl + 1 - s.start); scanned = 0
            progress?(s.consumed)
        }
        if !sawAny { emit(.error(RecordError(file: file, line: nil, id: nil, message: "the file holds no records"))) }
    }

    /// One JSONL line as a record; nil for a blank line.
    func jsonlRecord(_ raw: ArraySlice<UInt8>, lineNo: Int, file: String) -> RecordItem? {
        var line = raw
        if line.last == 0x0D { line = line.dropLast() }
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return nil }
        var warnings: [String] = []
        if let bad = firstInvalidUTF8(line) { warnings.append("invalid UTF-8 at byte \(bad + 1) of the line; analyzed with replacement characters") }
        let value: JSONValue
        do { value = try JSONParser.parse(line) } catch {
            return .error(RecordError(file: file, line: lineNo, id: nil, message: "not a JSON object: \(error)"))
        }
        guard case .object = value else {
            return .error(RecordError(file: file, line: lineNo, id: nil, message: "not a JSON object"))
        }
        let id = value["id"]?.string ?? value["id"]?.number.map { String(Int($0)) } ?? "\((file as NSString).lastPathComponent):\(lineNo)"
        guard let text = value["text"]?.string else {
            return .error(RecordError(file: file, line: lineNo, id: id, message: "no \"text\" string field"))
        }
        var r = NoteRecord(id: id, text: Array(text.utf8), file: file, line: lineNo)
        r.patient = value["patient"]?.string
        r.date = value["date"]?.string
        r.payer = value["payer"]?.string
        if let b = value["billed"], case .object = b {
            r.billed = Billed(cpt: b["cpt"]?.array?.compactMap(\.string) ?? [],
                              modifiers: b["modifiers"]?.array?.compactMap(\.string) ?? [],
                              icd10: b["icd10"]?.array?.compactMap(\.string) ?? [])
        }
        switch validate(r) {
        case .note(var ok): ok.warnings = warnings + ok.warnings; return .note(ok)
        case .error(let e): return .error(e)
        }
    }

    // MARK: CSV

    /// Records of CSV bytes already in memory (the streaming reader over them).
    public func readCSV(_ bytes: [UInt8], file: String, _ emit: (RecordItem) -> Void) {
        streamCSV(ByteStream(bytes: bytes), file: file, progress: nil, emit)
    }

    func streamCSV(_ s: ByteStream, file: String, progress: ((Int) -> Void)?, _ emit: (RecordItem) -> Void) {
        var columns: CSVColumns?
        var records = 0
        var line = 1
        var first = true
        func countLines(_ a: Int, _ b: Int) -> Int { var n = 0; var i = a; while i < b { if s.buffer[i] == 0x0A { n += 1 }; i += 1 }; return n }
        while true {
            if first {
                while s.available < 3 && s.fill() {}
                if s.available >= 3, s.buffer[s.start] == 0xEF, s.buffer[s.start + 1] == 0xBB, s.buffer[s.start + 2] == 0xBF { s.advance(3) }
                first = false
            }
            if s.available == 0 && !s.fill() { break }
            // Find the end of the record at the window's start: a line break outside quotes.
            var quoted = false, atFieldStart = true, complete = false, stop = 0
            var i = s.start
            scan: while i < s.end {
                let c = s.buffer[i]
                if quoted {
                    if c == 0x22 {
                        if i + 1 >= s.end && !s.eof { break scan }
                        if i + 1 < s.end, s.buffer[i + 1] == 0x22 { i += 2; continue }
                        quoted = false
                    }
                    i += 1; continue
                }
                switch c {
                case 0x22 where atFieldStart: quoted = true; atFieldStart = false
                case 0x2C: atFieldStart = true
                case 0x0A: complete = true; stop = i + 1; break scan
                default: atFieldStart = false
                }
                i += 1
            }
            if !complete {
                if s.available <= maxRecordBytes && s.fill() { continue }
                if quoted || s.available > maxRecordBytes {
                    // An open quote never closed (or a record past the limit): report the row and
                    // resume on the next physical line so later rows are not lost.
                    records += 1
                    emit(.error(RecordError(file: file, line: line, id: nil,
                                            message: quoted ? "unterminated quoted field (a '\"' is never closed); row skipped"
                                                            : "record is over \(maxRecordBytes) bytes; skipped")))
                    var j = s.start
                    while j < s.end && s.buffer[j] != 0x0A { j += 1 }
                    s.advance(min(j + 1, s.end) - s.start)
                    line += 1
                    s.shrinkIfLarge()
                    progress?(s.consumed)
                    continue
                }
                stop = s.end   // last record without a line break
            }
            var parser = CSVParser(Array(s.buffer[s.start..<stop]))
            parser.line = line
            let row = try? parser.next()
            line += countLines(s.start, stop)
            s.advance(stop - s.start)
            progress?(s.consumed)
            guard let r = row else { continue }
            if columns == nil {
                switch CSVColumns.from(header: r.fields, file: file) {
                case .success(let c): columns = c; continue
                case .failure(let e): emit(.error(e)); return
                }
            }
            if let item = csvRecord(r, columns!, file: file) { records += 1; emit(item) }
        }
        if columns == nil { emit(.error(RecordError(file: file, line: 1, id: nil, message: "no header row"))); return }
        if records == 0 { emit(.error(RecordError(file: file, line: nil, id: nil, message: "the file holds no records"))) }
    }

    /// One CSV row as a record; nil for an empty line.
    func csvRecord(_ r: CSVParser.Row, _ c: CSVColumns, file: String) -> RecordItem? {
        if r.fields.count == 1 && r.fields[0].isEmpty { return nil }
        guard r.fields.count == c.names.count else {
            return .error(RecordError(file: file, line: r.line, id: nil,
                                      message: "row has \(r.fields.count) fields, the header has \(c.names.count)"))
        }
        func str(_ i: Int?) -> String? {
            guard let i = i else { return nil }
            let s = String(decoding: r.fields[i], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            return s.isEmpty ? nil : s
        }
        func list(_ s: String) -> [String] {
            s.split(whereSeparator: { $0 == ";" || $0 == "|" || $0 == "," }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        let id = str(c.id) ?? "\((file as NSString).lastPathComponent):\(r.line)"
        var rec = NoteRecord(id: id, text: r.fields[c.text], file: file, line: r.line)
        rec.patient = str(c.col("patient"))
        rec.date = str(c.col("date"))
        rec.payer = str(c.col("payer"))
        let cpt = str(c.col("billed_cpt")).map(list) ?? []
        let mods = str(c.col("billed_modifiers")).map(list) ?? []
        let icd = str(c.col("billed_icd10")).map(list) ?? []
        if !cpt.isEmpty || !mods.isEmpty || !icd.isEmpty { rec.billed = Billed(cpt: cpt, modifiers: mods, icd10: icd) }
        return validate(rec)
    }
}

/// The columns of a CSV export's header row.
struct CSVColumns {
    let names: [String]
    let id: Int
    let text: Int
    func col(_ n: String) -> Int? { names.firstIndex(of: n) }

    static func from(header fields: [[UInt8]], file: String) -> Result<CSVColumns, RecordError> {
        let names = fields.map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespaces).lowercased() }
        guard let id = names.firstIndex(of: "id"), let text = names.firstIndex(of: "text") else {
            return .failure(RecordError(file: file, line: 1, id: nil, message: "the header needs the columns 'id' and 'text' (found: \(names.joined(separator: ", ")))"))
        }
        return .success(CSVColumns(names: names, id: id, text: text))
    }
}

/// RFC 4180 CSV over bytes: quoted fields with embedded commas, quotes ("") and line
/// breaks; a leading BOM; CRLF or LF. An unterminated quote is an error for that row,
/// and reading resumes on the next physical line so later rows are not lost.
public struct CSVParser {
    public struct Row { public var fields: [[UInt8]]; public var line: Int }
    public struct Failure: Error { public var line: Int; public var message: String }
    let b: [UInt8]
    var i = 0
    public var line = 1

    public init(_ bytes: [UInt8]) {
        b = bytes
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { i = 3 }
    }

    public mutating func next() throws -> Row? {
        guard i < b.count else { return nil }
        let startLine = line
        let startI = i
        var fields: [[UInt8]] = []
        var field: [UInt8] = []
        var quoted = false
        var atFieldStart = true
        while i < b.count {
            let c = b[i]
            if quoted {
                if c == 0x22 {
                    if i + 1 < b.count, b[i + 1] == 0x22 { field.append(0x22); i += 2; continue }
                    quoted = false; i += 1; continue
                }
                if c == 0x0A { line += 1 }
                field.append(c); i += 1; continue
            }
            switch c {
            case 0x22 where atFieldStart:
                quoted = true; atFieldStart = false; i += 1
            case 0x2C:
                fields.append(field); field = []; atFieldStart = true; i += 1
            case 0x0D where i + 1 < b.count && b[i + 1] == 0x0A:
                i += 2; line += 1
                fields.append(field)
                return Row(fields: fields, line: startLine)
            case 0x0A:
                i += 1; line += 1
                fields.append(field)
                return Row(fields: fields, line: startLine)
            default:
                field.append(c); atFieldStart = false; i += 1
            }
        }
        if quoted {
            // Resume after the line where the broken row began.
            i = startI
            line = startLine
            while i < b.count && b[i] != 0x0A { i += 1 }
            if i < b.count { i += 1 }
            line = startLine + 1
            throw Failure(line: startLine, message: "unterminated quoted field (a '\"' is never closed); row skipped")
        }
        fields.append(field)
        return Row(fields: fields, line: startLine)
    }
}
