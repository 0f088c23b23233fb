/// A small JSON parser over bytes for JSONL input and gold files: strings keep their
/// bytes exactly (a note's offsets must match its text).
public indirect enum JSONValue: Sendable, Equatable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.number(x), .number(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)): return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let kv) = self { return kv.first { $0.0 == key }?.1 }
        return nil
    }
    public var string: String? { if case .string(let s) = self { return s }; return nil }
    public var number: Double? { if case .number(let n) = self { return n }; return nil }
    public var bool: Bool? { if case .bool(let b) = self { return b }; return nil }
    public var array: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    public var isNull: Bool { if case .null = self { return true }; return false }
}

public struct JSONParseError: Error, CustomStringConvertible {
    public let offset: Int
    public let message: String
    public var description: String { "\(message) at byte \(offset + 1)" }
}

public struct JSONParser {
    let b: [UInt8]
    var i = 0

    public static func parse<C: Collection>(_ bytes: C) throws -> JSONValue where C.Element == UInt8 {
        var p = JSONParser(b: Array(bytes))
        p.ws()
        let v = try p.value(depth: 0)
        p.ws()
        if p.i != p.b.count { throw JSONParseError(offset: p.i, message: "unexpected text after the JSON value") }
        return v
    }

    mutating func ws() { while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 } }

    func fail(_ m: String) -> JSONParseError { JSONParseError(offset: i, message: m) }

    mutating func value(depth: Int) throws -> JSONValue {
        guard depth < 64 else { throw fail("JSON nested too deeply") }
        guard i < b.count else { throw fail("unexpected end of JSON") }
        switch b[i] {
        case 0x7B:
            i += 1; ws()
            var kv: [(String, JSONValue)] = []
            if i < b.count, b[i] == 0x7D { i += 1; return .object(kv) }
            while true {
                ws()
                guard i < b.count, b[i] == 0x22 else { throw fail("expected a string key") }
                let k = try string()
                ws()
                guard i < b.count, b[i] == 0x3A else { throw fail("expected ':'") }
                i += 1; ws()
                kv.append((k, try value(depth: depth + 1)))
                ws()
                guard i < b.count else { throw fail("unterminated object") }
                if b[i] == 0x2C { i += 1; continue }
                if b[i] == 0x7D { i += 1; return .object(kv) }
                throw fail("expected ',' or '}'")
            }
        case 0x5B:
            i += 1; ws()
            var xs: [JSONValue] = []
            if i < b.count, b[i] == 0x5D { i += 1; return .array(xs) }
            while true {
                ws()
                xs.append(try value(depth: depth + 1))
                ws()
                guard i < b.count else { throw fail("unterminated array") }
                if b[i] == 0x2C { i += 1; continue }
                if b[i] == 0x5D { i += 1; return .array(xs) }
                throw fail("expected ',' or ']'")
            }
        case 0x22: return .string(try string())
        case 0x74: try lit("true"); return .bool(true)
        case 0x66: try lit("false"); return .bool(false)
        case 0x6E: try lit("null"); return .null
        default:
            let s = i
            while i < b.count, (b[i] >= 0x30 && b[i] <= 0x39) || b[i] == 0x2D || b[i] == 0x2B || b[i] == 0x2E || b[i] == 0x65 || b[i] == 0x45 { i += 1 }
            guard i > s, let d = Double(String(decoding: b[s..<i], as: UTF8.self)) else { i = s; throw fail("invalid JSON value") }
            return .number(d)
        }
    }

    mutating func lit(_ s: String) throws {
        let u = Array(s.utf8)
        guard i + u.count <= b.count, Array(b[i..<(i + u.count)]) == u else { throw fail("invalid literal") }
        i += u.count
    }

    mutating func hex4() throws -> UInt32 {
        guard i + 4 <= b.count else { throw fail("truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = b[i]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            default: throw fail("invalid \\u escape")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }

    mutating func string() throws -> String {
        i += 1
        var out: [UInt8] = []
        while true {
            // A run of plain bytes is copied at once.
            let runStart = i
            i = b.withUnsafeBufferPointer { p in
                var k = runStart
                while k < p.count { let c = p[k]; if c == 0x22 || c == 0x5C || c < 0x20 { break }; k += 1 }
                return k
            }
            if i > runStart {
                // A string without escapes is decoded straight from the input.
                if out.isEmpty, i < b.count, b[i] == 0x22 { i += 1; return String(decoding: b[runStart..<(i - 1)], as: UTF8.self) }
                out.append(contentsOf: b[runStart..<i])
            }
            guard i < b.count else { throw fail("unterminated string") }
            let c = b[i]
            if c == 0x22 { i += 1; break }
            if c == 0x5C {
                i += 1
                guard i < b.count else { throw fail("unterminated escape") }
                let e = b[i]; i += 1
                switch e {
                case 0x22: out.append(0x22)
                case 0x5C: out.append(0x5C)
                case 0x2F: out.append(0x2F)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x6E: out.append(0x0A)
                case 0x72: out.append(0x0D)
                case 0x74: out.append(0x09)
                case 0x75:
                    var scalar = try hex4()
                    if scalar >= 0xD800 && scalar < 0xDC00, i + 6 <= b.count, b[i] == 0x5C, b[i + 1] == 0x75 {
                        i += 2
                        let lo = try hex4()
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (lo &- 0xDC00)
                    }
                    let u = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default: throw fail("invalid escape")
                }
                continue
            }
            if c < 0x20 { throw fail("control character in string") }
            out.append(c)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
