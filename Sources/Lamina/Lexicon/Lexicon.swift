import Foundation

/// The lexicon a term list belongs to; its id is the file name (`approach.tsv` → approach).
public enum Category: Int, CaseIterable, Sendable {
    case approach, procedure, imaging, view, archive, contrast, substance, unit, device, therapy,
         pain, complication, outcome, signature, condition, laterality, level, number, context

    public var name: String { Category.names[rawValue] }
    /// Case names in case order, written out: `String(describing:)` goes through reflection,
    /// whose first use costs 1.5 ms of start-up in a static binary. A test checks they agree.
    static let names = ["approach", "procedure", "imaging", "view", "archive", "contrast", "substance", "unit", "device", "therapy",
                        "pain", "complication", "outcome", "signature", "condition", "laterality", "level", "number", "context"]
    /// The number of categories (`allCases` builds an array on every call).
    static let caseCount = allCases.count
    /// `allowedValues` by raw value, built once (the loader asks for every entry).
    static let allowed = allCases.map { $0.allowedValues }

    /// Values the second column may take (nil: free text, e.g. a generic drug name).
    var allowedValues: [String]? {
        switch self {
        case .approach: return ["interlaminar", "caudal", "transforaminal", "ignore"]
        case .procedure: return ["esi", "other", "modifier"]
        case .imaging: return ["fluoroscopy", "ct", "ultrasound", "none", "ignore"]
        case .view: return ["ap", "lateral", "oblique", "contralateral_oblique", "biplanar", "noun", "ignore"]
        case .archive: return ["verb", "noun", "store", "ignore"]
        case .contrast: return ["agent", "allergy", "reason", "ignore"]
        case .substance: return nil
        case .unit: return ["mg", "mcg", "g", "ml", "percent", "per", "day", "week", "month", "year", "total", "skin"]
        case .device: return ["needle", "catheter", "indwelling", "removed", "ignore"]
        case .therapy: return ["physical_therapy", "medication", "home_exercise", "chiropractic",
                               "activity_modification", "other", "failed", "ignore"]
        case .pain: return ["word", "scale", "post", "pre"]
        case .complication: return ["generic", "event", "none", "ignore"]
        case .outcome: return ["response", "ignore"]
        case .signature: return ["signed", "unsigned", "ignore"]
        case .condition: return ["diagnosis", "zoster", "ignore"]
        case .laterality: return ["left", "right", "bilateral", "midline", "ignore"]
        case .level: return ["interspace", "structure", "range", "join", "cervical", "thoracic", "lumbar", "sacral"]
        case .number: return nil
        case .context: return nil
        }
    }
}

/// One lexicon row (a class: extractors read entries often and must not copy them).
public final class LexEntry: Sendable {
    public let category: Category
    public let term: String
    public let value: String
    public let attrs: [String: String]
    /// `attrs["class"]`, read on the hot path without hashing.
    public let cls: String?
    /// A context cue's kind, direction and scope in words, parsed once (nil for other
    /// categories and for an unknown kind, which the loader rejects).
    let cue: (kind: CueKind, dir: CueDirection, scope: Int)?
    /// When set, the matched text must equal the term byte for byte (e.g. `PT`, not `pt`).
    let exact: [UInt8]?
    /// `dosed=yes` on a case-exact term: it counts only with a number right after it
    /// ("TA 40 mg", not "TA 5/5").
    let dosed: Bool
    /// Where it came from, for diagnostics.
    public let file: String
    public let line: Int
    init(category: Category, term: String, value: String, attrs: [String: String], exact: [UInt8]?, file: String, line: Int) {
        self.category = category; self.term = term; self.value = value; self.attrs = attrs
        self.cls = attrs["class"]
        if category == .context, let kind = CueKind(rawValue: value) {
            let dir = CueDirection(rawValue: attrs["dir"] ?? "forward") ?? .forward
            cue = (kind, dir, Int(attrs["scope"] ?? "") ?? (dir == .backward ? 5 : 10))
        } else {
            cue = nil
        }
        self.exact = exact; self.file = file; self.line = line
        self.dosed = exact != nil && attrs["dosed"] == "yes"
    }
    public func attr(_ k: String) -> String? { attrs.isEmpty ? nil : attrs[k] }
    public func has(_ k: String) -> Bool { !attrs.isEmpty && attrs[k] != nil }
}

/// ConText cue categories (Harkema et al., 2009), plus `incidental` (a level named for
/// anatomy, not as the target) and `pseudo` (blocks a shorter cue).
public enum CueKind: String, Sendable, CaseIterable {
    case negated, possible, historical, hypothetical, family, incidental, pseudo, terminate, post, route
}
public enum CueDirection: String, Sendable { case forward, backward, bidirectional, none }

/// Section kinds; each sets which facts its text may assert.
public enum SectionKind: String, Sendable, CaseIterable {
    case none, title, indication, diagnosis, history, pastHistory = "past_history", family, social,
         medications, allergies, exam, imagingStudy = "imaging_study", consent, technique, findings, injectate,
         guidance, level, device, contrast, complications, outcome, plan, signature, billing, anesthesia,
         other,
         /// A second, separate procedure in the same note (trigger points, a facet injection):
         /// its levels, sides and drugs are not the epidural injection's.
         separateProcedure = "separate_procedure"

    /// The case's position, for bit sets (a raw-valued enum would hash its string).
    var ordinal: Int {
        switch self {
        case .none: return 0
        case .title: return 1
        case .indication: return 2
        case .diagnosis: return 3
        case .history: return 4
        case .pastHistory: return 5
        case .family: return 6
        case .social: return 7
        case .medications: return 8
        case .allergies: return 9
        case .exam: return 10
        case .imagingStudy: return 11
        case .consent: return 12
        case .technique: return 13
        case .findings: return 14
        case .injectate: return 15
        case .guidance: return 16
        case .level: return 17
        case .device: return 18
        case .contrast: return 19
        case .complications: return 20
        case .outcome: return 21
        case .plan: return 22
        case .signature: return 23
        case .billing: return 24
        case .anesthesia: return 25
        case .other: return 26
        case .separateProcedure: return 27
        }
    }
}

/// A set of section kinds as bits: membership without hashing.
public struct SectionKinds: Sendable, ExpressibleByArrayLiteral {
    private var bits: UInt64 = 0
    public init(arrayLiteral kinds: SectionKind...) { for k in kinds { bits |= 1 << UInt64(k.ordinal) } }
    @inline(__always) public func contains(_ k: SectionKind) -> Bool { bits & (1 << UInt64(k.ordinal)) != 0 }
    public func union(_ o: SectionKinds) -> SectionKinds { var r = self; r.bits |= o.bits; return r }
}

public struct SectionRule: Sendable {
    public let kind: SectionKind
    public let context: CueKind?
}

/// A malformed lexicon line, reported `lexicons/FILE:LINE:COL: error: MESSAGE`.
public struct LexiconError: Error, CustomStringConvertible {
    public let file: String, line: Int, column: Int, message: String
    public var description: String { "lexicons/\(file):\(line):\(column): error: \(message)" }
}

/// All term lists compiled into one token trie, plus section and context rules.
/// Immutable and shared by every thread.
public final class Lexicon: Sendable {
    public let vocabulary: WordTable
    public let entries: [LexEntry]
    /// Trie edges: (node, word) → child node.
    let edges: EdgeTable
    /// Entries ending at each node (indexed by node).
    /// Entries ending at each trie node, flat: node n's are
    /// `terminalEntries[terminalStart[n]..<terminalStart[n + 1]]`.
    let terminalStart: [Int32]
    /// Child of the trie's root for each word id, or -1.
    let rootChild: [Int32]
    let terminalEntries: [Int32]
    /// Per entry: its category's raw value, and whether it matches case-sensitively
    /// (flat arrays: the matcher touches no entry object on the hot path).
    let entryCategory: [Int]
    let entryHasExact: [Bool]
    public let sections: [String: SectionRule]
    /// The same headers by their key bytes, for the sectionizer (no `String` per candidate line).
    let sectionKeys: WordTable
    let sectionRuleById: [SectionRule]
    public let cptTable: [CPTRow]
    public let files: [String]
    /// Units written as one token, by key ("mg", "cc"), for numbers with a glued unit ("80mg").
    public let singleTokenUnits: [[UInt8]: String]
    /// Words of the drug, approach, imaging, procedure, view, device and contrast lists that a
    /// typing slip away still reads as (`FuzzyIndex`).
    public let fuzzy: FuzzyIndex

    /// The lexicons compiled into the binary.
    public static let builtIn: Lexicon = {
        do { return try Lexicon(files: EmbeddedLexicons.files.map { ($0.name, $0.text) }) }
        catch { fatalError("built-in lexicons are invalid: \(error)") }
    }()

    /// Loads every file of a directory (`--lexicons DIR`); files missing there fall back
    /// to the built-in ones.
    public static func load(directory: String) throws -> Lexicon {
        var byName: [String: String] = [:]
        for f in EmbeddedLexicons.files { byName[f.name] = f.text }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
        for name in names where name.hasSuffix(".tsv") && !ClaimData.fileNames.contains(name) {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path),
                  let text = String(data: data, encoding: .utf8) else {
                throw LexiconError(file: name, line: 1, column: 1, message: "cannot read the file as UTF-8 text")
            }
            byName[name] = text
        }
        return try Lexicon(files: byName.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    public init(files: [(String, String)]) throws {
        var entries: [LexEntry] = []
        var sections: [String: SectionRule] = [:]
        var cpt: [CPTRow] = []
        var names: [String] = []
        var keyTable = WordTable(capacity: 512)
        var byId: [SectionRule] = []
        for (name, text) in files {
            guard name.hasSuffix(".tsv"), !ClaimData.fileNames.contains(name) else { continue }
            names.append(name)
            let id = String(name.dropLast(4))
            let rows = Lexicon.rows(text)
            if id == "section" {
                for r in rows {
                    let key = try Lexicon.sectionKey(r, name), rule = try Lexicon.sectionRule(r, name)
                    sections[key] = rule
                    // The same key as bytes; a header listed twice keeps its last rule, as the dictionary does.
                    let id = Int(keyTable.intern(Array(key.utf8)))
                    if id == byId.count { byId.append(rule) } else { byId[id] = rule }
                }
                continue
            }
            if id == "cpt" {
                for r in rows { cpt.append(try CPTRow(r, file: name)) }
                continue
            }
            guard let cat = Category.allCases.first(where: { $0.name == id }) else {
                let known = Category.allCases.map { $0.name + ".tsv" } + ["section.tsv", "cpt.tsv"]
                throw LexiconError(file: name, line: 1, column: 1,
                                   message: "unknown lexicon '\(name)'\(didYouMean(name, known))")
            }
            for r in rows { entries.append(try Lexicon.entry(r, cat, name)) }
        }
        self.files = names
        // Vocabulary and trie: each term's keys are interned as they are read, and kept as
        // word ids, flat (term i's are `termWords[termStart[i]..<termStart[i + 1]]`).
        var vocab = WordTable(capacity: entries.count * 2 + sections.count * 2)
        var termWords: [Int32] = []
        termWords.reserveCapacity(entries.count * 2)
        var termStart: [Int] = [0]
        termStart.reserveCapacity(entries.count + 1)
        for e in entries {
            Tokenizer.forEachKey(of: e.term) { termWords.append(vocab.intern($0)) }
            termStart.append(termWords.count)
        }
        for k in sections.keys { Tokenizer.forEachKey(of: k) { _ = vocab.intern($0) } }
        vocab.finish()
        var edges = EdgeTable(capacity: termWords.count + 64)
        // (node, entry) for every term's last node, then grouped by node (a counting sort).
        var ends: [(node: Int32, entry: Int32)] = []
        ends.reserveCapacity(entries.count)
        var nodeCount: Int32 = 1
        for i in 0..<entries.count {
            var node: Int32 = 0
            for t in termStart[i]..<termStart[i + 1] {
                let edge = Int64(node) << 32 | Int64(termWords[t])
                if let next = edges.get(edge) { node = next } else {
                    edges.insert(edge, nodeCount); node = nodeCount; nodeCount += 1
                }
            }
            ends.append((node, Int32(i)))
        }
        self.vocabulary = vocab
        self.entries = entries
        self.edges = edges
        var root = [Int32](repeating: -1, count: vocab.count)
        for w in 0..<vocab.count { if let c = edges.get(Int64(w)) { root[w] = c } }
        self.rootChild = root
        var starts = [Int32](repeating: 0, count: Int(nodeCount) + 1)
        for e in ends { starts[Int(e.node) + 1] += 1 }
        for n in 0..<Int(nodeCount) { starts[n + 1] += starts[n] }
        var fill = starts
        var flat = [Int32](repeating: 0, count: ends.count)
        for e in ends { flat[Int(fill[Int(e.node)])] = e.entry; fill[Int(e.node)] += 1 }
        self.terminalStart = starts
        self.terminalEntries = flat
        self.entryCategory = entries.map { $0.category.rawValue }
        self.entryHasExact = entries.map { $0.exact != nil }
        self.sections = sections
        keyTable.finish()
        self.sectionKeys = keyTable
        self.sectionRuleById = byId
        self.cptTable = cpt
        var units: [[UInt8]: String] = [:]
        for (i, e) in entries.enumerated() where e.category == .unit && termStart[i + 1] - termStart[i] == 1 {
            units[Array(vocab.key(termWords[termStart[i]]))] = e.value
        }
        self.singleTokenUnits = units
        var targets: [(Int32, [UInt8])] = []
        var seenTargets = Set<Int32>()
        let fuzzyCategories: [Category] = [.substance, .approach, .imaging, .procedure, .view, .device, .contrast]
        // Common nouns only: a brand ("Celestone") is a slip away from a name ("Celestine").
        // Care kinds too ("Physcial therapy", "gabapentn"), not the words of their outcomes.
        let careKinds: Set<String> = ["physical_therapy", "medication", "chiropractic", "home_exercise"]
        for (i, e) in entries.enumerated() where (fuzzyCategories.contains(e.category) || (e.category == .therapy && careKinds.contains(e.value)))
            && e.value != "ignore" && e.cls != "ignore"
            && !e.term.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) {
            for t in termStart[i]..<termStart[i + 1] {
                let id = termWords[t]
                let k = vocab.key(id)
                guard k.count >= FuzzyIndex.minLength && k.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { continue }
                if seenTargets.insert(id).inserted { targets.append((id, Array(k))) }
            }
        }
        self.fuzzy = FuzzyIndex(words: targets)
    }

    /// A parsed TSV row: its line number and columns with their 1-based byte columns.
    struct Row { let line: Int; let cols: [(String, Int)] }

    /// Splits a TSV file into rows over its UTF-8 bytes (start-up time matters for `lint`).
    static func rows(_ text: String) -> [Row] {
        var out: [Row] = []
        let b = Array(text.utf8)
        var lineNo = 0
        var i = 0
        func trimmed(_ s: Int, _ e: Int) -> (Int, Int) {
            var s = s, e = e
            while s < e && (b[s] == 0x20 || b[s] == 0x0D) { s += 1 }
            while e > s && (b[e - 1] == 0x20 || b[e - 1] == 0x0D) { e -= 1 }
            return (s, e)
        }
        while i <= b.count {
            var j = i
            while j < b.count && b[j] != 0x0A { j += 1 }
            lineNo += 1
            let (ls, le) = trimmed(i, j)
            if ls < le && b[ls] != 0x23 {
                var cols: [(String, Int)] = []
                cols.reserveCapacity(4)
                var s = i
                while true {
                    var e = s
                    while e < j && b[e] != 0x09 { e += 1 }
                    let (cs, ce) = trimmed(s, e)
                    cols.append((String(decoding: b[cs..<ce], as: UTF8.self), s - i + 1))
                    if e >= j { break }
                    s = e + 1
                }
                out.append(Row(line: lineNo, cols: cols))
            }
            if j >= b.count { break }
            i = j + 1
        }
        return out
    }

    static let substanceClasses = ["steroid", "anesthetic", "contrast", "opioid", "antispasmodic", "saline", "neurolytic", "other", "ignore"]

    static func entry(_ r: Row, _ cat: Category, _ file: String) throws -> LexEntry {
        guard r.cols.count >= 2, !r.cols[0].0.isEmpty else {
            throw LexiconError(file: file, line: r.line, column: r.cols.last.map { $0.1 } ?? 1,
                               message: "expected 'term<TAB>value[<TAB>attributes]'")
        }
        let term = r.cols[0].0, value = r.cols[1].0
        if value.isEmpty {
            throw LexiconError(file: file, line: r.line, column: r.cols[1].1, message: "missing value for '\(term)'")
        }
        if let allowed = Category.allowed[cat.rawValue], !allowed.contains(value) {
            throw LexiconError(file: file, line: r.line, column: r.cols[1].1,
                               message: "unknown value '\(value)' for \(cat.name)\(didYouMean(value, allowed))")
        }
        var attrs: [String: String] = [:]
        if r.cols.count >= 3 {
            // "weight=6 session": words split by spaces, each "key=value" or a bare key
            // (scanned over bytes: the loader reads about 3,500 rows at every start).
            let u = Array(r.cols[2].0.utf8)
            var i = 0
            while i < u.count {
                while i < u.count && u[i] == 0x20 { i += 1 }
                let s = i
                var eq = -1
                while i < u.count && u[i] != 0x20 { if u[i] == 0x3D && eq < 0 { eq = i }; i += 1 }
                guard s < i else { continue }
                if eq >= 0 { attrs[String(decoding: u[s..<eq], as: UTF8.self)] = String(decoding: u[(eq + 1)..<i], as: UTF8.self) }
                else { attrs[String(decoding: u[s..<i], as: UTF8.self)] = "" }
            }
        }
        if cat == .substance {
            let classes = Lexicon.substanceClasses
            let c = attrs["class"] ?? ""
            if !classes.contains(c) {
                throw LexiconError(file: file, line: r.line, column: r.cols.count >= 3 ? r.cols[2].1 : r.cols[1].1,
                                   message: "substance needs class=one of \(classes.joined(separator: "|"))\(didYouMean(c, classes))")
            }
        }
        if cat == .context {
            guard CueKind(rawValue: value) != nil else {
                throw LexiconError(file: file, line: r.line, column: r.cols[1].1,
                                   message: "unknown cue category '\(value)'\(didYouMean(value, CueKind.allCases.map(\.rawValue)))")
            }
            let dir = attrs["dir"] ?? "forward"
            guard CueDirection(rawValue: dir) != nil else {
                throw LexiconError(file: file, line: r.line, column: r.cols[2].1,
                                   message: "unknown direction '\(dir)'\(didYouMean(dir, ["forward", "backward", "bidirectional", "none"]))")
            }
        }
        if cat == .number, Double(value) == nil {
            throw LexiconError(file: file, line: r.line, column: r.cols[1].1, message: "'\(value)' is not a number")
        }
        let exact = attrs["case"] == "exact" ? Array(term.utf8) : nil
        return LexEntry(category: cat, term: term, value: value, attrs: attrs, exact: exact, file: file, line: r.line)
    }

    static func sectionKey(_ r: Row, _ file: String) throws -> String {
        guard r.cols.count >= 2, !r.cols[0].0.isEmpty else {
            throw LexiconError(file: file, line: r.line, column: 1, message: "expected 'header<TAB>kind[<TAB>context]'")
        }
        return Tokenizer.keys(of: r.cols[0].0).map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
    }

    static func sectionRule(_ r: Row, _ file: String) throws -> SectionRule {
        guard let kind = SectionKind(rawValue: r.cols[1].0) else {
            throw LexiconError(file: file, line: r.line, column: r.cols[1].1,
                               message: "unknown section kind '\(r.cols[1].0)'\(didYouMean(r.cols[1].0, SectionKind.allCases.map(\.rawValue)))")
        }
        var ctx: CueKind? = nil
        if r.cols.count >= 3, !r.cols[2].0.isEmpty {
            guard let c = CueKind(rawValue: r.cols[2].0) else {
                throw LexiconError(file: file, line: r.line, column: r.cols[2].1,
                                   message: "unknown context '\(r.cols[2].0)'\(didYouMean(r.cols[2].0, CueKind.allCases.map(\.rawValue)))")
            }
            ctx = c
        }
        return SectionRule(kind: kind, context: ctx)
    }

    /// The rule of a section header given its key bytes (words folded, one space apart).
    func sectionRule(_ key: [UInt8]) -> SectionRule? {
        let id = Int(sectionKeys.lookup(key, hash: WordTable.hash(key)))
        return id >= 0 && id < sectionRuleById.count ? sectionRuleById[id] : nil
    }

    @inline(__always)
    func child(_ node: Int32, _ word: Int32) -> Int32? {
        if node == 0 {
            // The root's children by word id: every token starts there, so a flat array.
            let c = rootChild[Int(word)]
            return c < 0 ? nil : c
        }
        return edges.get(Int64(node) << 32 | Int64(word))
    }
}

/// " (did you mean 'x'?)" for the closest candidate by edit distance, or "".
func didYouMean(_ s: String, _ candidates: [String]) -> String {
    func dist(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        var prev = Array(0...b.count), cur = prev
        for i in 1...a.count {
            cur[0] = i
            for j in 1...max(1, b.count) where !b.isEmpty {
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            if b.isEmpty { cur[0] = i }
            swap(&prev, &cur)
        }
        return prev[b.count]
    }
    let a = Array(s.lowercased().utf8)
    guard let best = candidates.min(by: { dist(a, Array($0.utf8)) < dist(a, Array($1.utf8)) }) else { return "" }
    return dist(a, Array(best.utf8)) <= max(2, a.count / 3) ? " (did you mean '\(best)'?)" : ""
}

/// An immutable open-addressing table from trie edge keys to child nodes, with a cheap
/// multiplicative hash (the standard Dictionary's seeded SipHash dominated matching).
struct EdgeTable: Sendable {
    private var keys: [Int64]
    private var values: [Int32]
    private var mask: Int
    private var count = 0

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [Int64](repeating: -1, count: size)
        values = [Int32](repeating: 0, count: size)
        mask = size - 1
    }

    mutating func insert(_ k: Int64, _ v: Int32) {
        if (count + 1) * 2 > keys.count {
            let old = zip(keys, values).filter { $0.0 != -1 }
            self = EdgeTable(capacity: keys.count)
            for (ok, ov) in old { insert(ok, ov) }
        }
        var h = EdgeTable.hash(k) & mask
        while keys[h] != -1 && keys[h] != k { h = (h + 1) & mask }
        if keys[h] == -1 { count += 1 }
        keys[h] = k; values[h] = v
    }

    @inline(__always)
    static func hash(_ k: Int64) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: k) &* 0x9E37_79B9_7F4A_7C15) >> 20)
    }

    @inline(__always)
    func get(_ k: Int64) -> Int32? {
        var h = EdgeTable.hash(k) & mask
        while true {
            let x = keys[h]
            if x == k { return values[h] }
            if x == -1 { return nil }
            h = (h + 1) & mask
        }
    }
}
