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
        if path == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            if stdinFormat == "jsonl" { readJSONL(Array(data), file: "<stdin>", emit) }
            else if stdinFormat == "csv" { readCSV(Array(data), file: "<stdin>", emit) }
            else { emit(validate(NoteRecord(id: "stdin", text: Array(data), file: "<stdin>"))) }
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
            for rel in files.sorted() { read(path: (path as NSString).appendingPathComponent(rel), emit) }
            return
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            emit(.error(RecordError(file: path, line: nil, id: nil, message: "cannot read the file (permissions?)")))
            return
        }
        let bytes = Array(data)
        let lower = path.lowercased()
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { readJSONL(bytes, file: path, emit) }
        else if lower.hasSuffix(".csv") { readCSV(bytes, file: path, emit) }
        else {
            let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            emit(validate(NoteRecord(id: name, text: bytes, file: path)))
        }
    }

    // MARK: JSONL

    public func readJSONL(_ bytes: [UInt8], file: String, _ emit: (RecordItem) -> Void) {
        var lineNo = 0
        var start = 0
        var sawAny = false
        let n = bytes.count
        if n >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        while start < n {
            var end = start
            while end < n && bytes[end] != 0x0A { end += 1 }
            lineNo += 1
            var line = bytes[start..<end]
            if line.last == 0x0D { line = line.dropLast() }
            start = end + 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            sawAny = true
            var warnings: [String] = []
            if let bad = firstInvalidUTF8(Array(line)) { warnings.append("invalid UTF-8 at byte \(bad + 1) of the line; analyzed with replacement characters") }
            let value: JSONValue
            do { value = try JSONParser.parse(line) } catch {
                emit(.error(RecordError(file: file, line: lineNo, id: nil, message: "not a JSON object: \(error)")))
                continue
            }
            guard case .object = value else {
                emit(.error(RecordError(file: file, line: lineNo, id: nil, message: "not a JSON object")))
                continue
            }
            let id = value["id"]?.string ?? value["id"]?.number.map { String(Int($0)) } ?? "\((file as NSString).lastPathComponent):\(lineNo)"
            guard let text = value["text"]?.string else {
                emit(.error(RecordError(file: file, line: lineNo, id: id, message: "no \"text\" string field")))
                continue
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
            case .note(var ok): ok.warnings = warnings + ok.warnings; emit(.note(ok))
            case .error(let e): emit(.error(e))
            }
        }
        if !sawAny { emit(.error(RecordError(file: file, line: nil, id: nil, message: "the file holds no records"))) }
    }

    // MARK: CSV

    public func readCSV(_ bytes: [UInt8], file: String, _ emit: (RecordItem) -> Void) {
        var parser = CSVParser(bytes)
        guard let header = (try? parser.next()) ?? nil else {
            emit(.error(RecordError(file: file, line: 1, id: nil, message: "no header row")))
            return
        }
        let names = header.fields.map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespaces).lowercased() }
        guard let idCol = names.firstIndex(of: "id"), let textCol = names.firstIndex(of: "text") else {
            emit(.error(RecordError(file: file, line: 1, id: nil, message: "the header needs the columns 'id' and 'text' (found: \(names.joined(separator: ", ")))")))
            return
        }
        func col(_ n: String) -> Int? { names.firstIndex(of: n) }
        func list(_ s: String) -> [String] {
            s.split(whereSeparator: { $0 == ";" || $0 == "|" || $0 == "," }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        var records = 0
        while true {
            let row: CSVParser.Row?
            do { row = try parser.next() } catch let e as CSVParser.Failure {
                records += 1
                emit(.error(RecordError(file: file, line: e.line, id: nil, message: e.message)))
                continue
            } catch { break }
            guard let r = row else { break }
            if r.fields.count == 1 && r.fields[0].isEmpty { continue }
            records += 1
            guard r.fields.count == names.count else {
                emit(.error(RecordError(file: file, line: r.line, id: nil,
                                        message: "row has \(r.fields.count) fields, the header has \(names.count)")))
                continue
            }
            func str(_ i: Int?) -> String? {
                guard let i = i else { return nil }
                let s = String(decoding: r.fields[i], as: UTF8.self).trimmingCharacters(in: .whitespaces)
                return s.isEmpty ? nil : s
            }
            let id = str(idCol) ?? "\((file as NSString).lastPathComponent):\(r.line)"
            var rec = NoteRecord(id: id, text: r.fields[textCol], file: file, line: r.line)
            rec.patient = str(col("patient"))
            rec.date = str(col("date"))
            rec.payer = str(col("payer"))
            let cpt = str(col("billed_cpt")).map(list) ?? []
            let mods = str(col("billed_modifiers")).map(list) ?? []
            let icd = str(col("billed_icd10")).map(list) ?? []
            if !cpt.isEmpty || !mods.isEmpty || !icd.isEmpty { rec.billed = Billed(cpt: cpt, modifiers: mods, icd10: icd) }
            emit(validate(rec))
        }
        if records == 0 { emit(.error(RecordError(file: file, line: nil, id: nil, message: "the file holds no records"))) }
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
    var line = 1

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
