/// Growable output bytes behind a raw pointer: the writer's hot path stores bytes
/// without Array's uniqueness and bounds checks.
final class ByteBuffer {
    var base: UnsafeMutablePointer<UInt8>
    var count = 0
    var capacity: Int
    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }
    deinit { base.deallocate() }
    /// Makes room for `n` more bytes.
    @inline(__always) func reserve(_ n: Int) {
        if count + n > capacity { grow(count + n) }
    }
    @inline(never) func grow(_ need: Int) {
        var c = capacity * 2
        while c < need { c *= 2 }
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        p.update(from: base, count: count)
        base.deallocate()
        base = p
        capacity = c
    }
}

/// A hand-written JSON writer over bytes (the hot path never touches JSONEncoder).
/// Noncopyable: a writer owns its buffer, so a store needs no uniqueness check.
public struct JSONWriter: ~Copyable {
    private var buf: ByteBuffer
    public init() { buf = ByteBuffer(capacity: 4096) }

    /// The bytes written so far.
    public var bytes: [UInt8] {
        Array(UnsafeBufferPointer(start: buf.base, count: buf.count))
    }
    public var count: Int { buf.count }

    @inline(__always) public mutating func byte(_ b: UInt8) {
        buf.reserve(1)
        buf.base[buf.count] = b
        buf.count += 1
    }

    @inline(__always) mutating func append(_ p: UnsafeBufferPointer<UInt8>) {
        let n = p.count
        buf.reserve(n)
        if n > 0 { (buf.base + buf.count).update(from: p.baseAddress!, count: n) }
        buf.count += n
    }

    /// `"bytes"`, and a colon after it for a key: bytes that need no escape, copied at once.
    @inline(__always) mutating func quoted(_ p: UnsafeBufferPointer<UInt8>, colon: Bool) {
        let n = p.count
        buf.reserve(n + 3)
        let o = buf.base + buf.count
        o[0] = 0x22
        if n > 0 { (o + 1).update(from: p.baseAddress!, count: n) }
        o[n + 1] = 0x22
        if colon { o[n + 2] = 0x3A }
        buf.count += colon ? n + 3 : n + 2
    }

    @inline(__always) public mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { append($0) }
    }
    /// Raw text from a run-time string (literals go through the `StaticString` form).
    public mutating func raw(dynamic s: String) {
        var s = s
        s.withUTF8 { append($0) }
    }

    static let hex: [UInt8] = Array("0123456789abcdef".utf8)
    /// 1 for bytes a JSON string cannot carry as they are (controls, quote, backslash,
    /// non-ASCII to validate, and `<`, `>`, `&`).
    static let escapeTable: [UInt8] = (0..<256).map { b in
        b < 0x20 || b >= 0x7F || b == 0x22 || b == 0x5C || b == 0x3C || b == 0x3E || b == 0x26 ? 1 : 0
    }

    /// A JSON string from UTF-8 bytes; invalid sequences become U+FFFD.
    public mutating func string<C: Collection>(bytes src: C) where C.Element == UInt8 {
        if let done: Void = src.withContiguousStorageIfAvailable({ fastString($0) }) { return done }
        slowString(Array(src))
    }

    /// Copies a string that needs no escape in one go; anything else goes the slow way.
    mutating func fastString(_ p: UnsafeBufferPointer<UInt8>) {
        var plain = true
        JSONWriter.escapeTable.withUnsafeBufferPointer { table in
            for b in p where table[Int(b)] != 0 { plain = false; break }
        }
        if plain {
            quoted(p, colon: false)
        } else {
            slowString(Array(p))
        }
    }

    mutating func slowString(_ arr: [UInt8]) {
        byte(0x22)
        var i = 0
        let n = arr.count
        while i < n {
            let b = arr[i]
            if b < 0x80 {
                switch b {
                case 0x22: byte(0x5C); byte(0x22)
                case 0x5C: byte(0x5C); byte(0x5C)
                case 0x0A: byte(0x5C); byte(0x6E)
                case 0x0D: byte(0x5C); byte(0x72)
                case 0x09: byte(0x5C); byte(0x74)
                case 0..<0x20, 0x7F:
                    appendBytes([0x5C, 0x75, 0x30, 0x30, JSONWriter.hex[Int(b >> 4)], JSONWriter.hex[Int(b & 15)]])
                case 0x3C, 0x3E, 0x26:
                    // <, >, & escaped so JSON embedded in HTML stays inert.
                    appendBytes([0x5C, 0x75, 0x30, 0x30, JSONWriter.hex[Int(b >> 4)], JSONWriter.hex[Int(b & 15)]])
                default: byte(b)
                }
                i += 1
                continue
            }
            let len = utf8Length(arr, i)
            if len > 0 {
                // U+2028 and U+2029 are escaped (JavaScript line terminators).
                if len == 3 && b == 0xE2 && arr[i + 1] == 0x80 && (arr[i + 2] == 0xA8 || arr[i + 2] == 0xA9) {
                    raw(arr[i + 2] == 0xA8 ? "\\u2028" : "\\u2029")
                } else {
                    for k in 0..<len { byte(arr[i + k]) }
                }
                i += len
            } else {
                appendBytes([0xEF, 0xBF, 0xBD])
                i += 1
            }
        }
        byte(0x22)
    }

    public mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { fastString($0) }
    }
    mutating func appendBytes(_ xs: [UInt8]) { xs.withUnsafeBufferPointer { append($0) } }

    public mutating func number(_ v: Double) {
        if v == v.rounded() && abs(v) < 1e15 { number(Int(v)) } else { raw(dynamic: String(v)) }
    }
    /// Digits written straight into the buffer (no String per number: spans have four each).
    public mutating func number(_ v: Int) {
        if v < 0 { byte(0x2D); number(-v); return }
        if v < 10 { byte(0x30 + UInt8(v)); return }
        var n = 0
        var x = v
        while x > 0 { n += 1; x /= 10 }
        buf.reserve(n)
        var o = buf.base + buf.count + n - 1
        x = v
        while x > 0 { o.pointee = 0x30 + UInt8(x % 10); x /= 10; o -= 1 }
        buf.count += n
    }
    public mutating func bool(_ v: Bool) { if v { raw("true") } else { raw("false") } }
    public mutating func null() { raw("null") }
    public mutating func optionalString(_ s: String?) { if let s = s { string(s) } else { null() } }
    public mutating func key(_ k: StaticString) {
        k.withUTF8Buffer { quoted($0, colon: true) }
    }
    /// A key from a run-time string (literals go through the `StaticString` form).
    public mutating func key(dynamic k: String) { string(k); byte(0x3A) }
    public mutating func comma() { byte(0x2C) }
}

/// Length of the valid UTF-8 sequence at `i`, or 0.
func utf8Length(_ a: [UInt8], _ i: Int) -> Int {
    a.withUnsafeBufferPointer { utf8Length($0, i) }
}

func utf8Length(_ a: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
    let b = a[i]
    let n = a.count
    var need = 0
    var minScalar: UInt32 = 0
    var scalar: UInt32 = 0
    if b & 0xE0 == 0xC0 { need = 1; scalar = UInt32(b & 0x1F); minScalar = 0x80 }
    else if b & 0xF0 == 0xE0 { need = 2; scalar = UInt32(b & 0x0F); minScalar = 0x800 }
    else if b & 0xF8 == 0xF0 { need = 3; scalar = UInt32(b & 0x07); minScalar = 0x10000 }
    else { return 0 }
    if i + need >= n { return 0 }
    for k in 1...need {
        let c = a[i + k]
        if c & 0xC0 != 0x80 { return 0 }
        scalar = scalar << 6 | UInt32(c & 0x3F)
    }
    if scalar < minScalar || scalar > 0x10FFFF || (scalar >= 0xD800 && scalar <= 0xDFFF) { return 0 }
    return need + 1
}
