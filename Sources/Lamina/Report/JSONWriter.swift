/// A hand-written JSON writer over bytes (the hot path never touches JSONEncoder).
public struct JSONWriter {
    public var bytes: [UInt8] = []
    public init() { bytes.reserveCapacity(4096) }

    @inline(__always) public mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }
    public mutating func raw(_ s: String) { bytes.append(contentsOf: s.utf8) }

    static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// A JSON string from UTF-8 bytes; invalid sequences become U+FFFD.
    public mutating func string<C: Collection>(bytes src: C) where C.Element == UInt8 {
        if let done: Void = src.withContiguousStorageIfAvailable({ fastString($0) }) { return done }
        slowString(Array(src))
    }

    /// Copies runs of bytes that need no escape in one go; anything else goes the slow way.
    mutating func fastString(_ p: UnsafeBufferPointer<UInt8>) {
        var plain = true
        for b in p where b < 0x20 || b >= 0x7F || b == 0x22 || b == 0x5C || b == 0x3C || b == 0x3E || b == 0x26 { plain = false; break }
        if plain {
            bytes.append(0x22)
            bytes.append(contentsOf: p)
            bytes.append(0x22)
        } else {
            slowString(Array(p))
        }
    }

    mutating func slowString(_ arr: [UInt8]) {
        bytes.append(0x22)
        var i = 0
        let n = arr.count
        while i < n {
            let b = arr[i]
            if b < 0x80 {
                switch b {
                case 0x22: bytes.append(0x5C); bytes.append(0x22)
                case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
                case 0x0A: bytes.append(0x5C); bytes.append(0x6E)
                case 0x0D: bytes.append(0x5C); bytes.append(0x72)
                case 0x09: bytes.append(0x5C); bytes.append(0x74)
                case 0..<0x20, 0x7F:
                    bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, JSONWriter.hex[Int(b >> 4)], JSONWriter.hex[Int(b & 15)]])
                case 0x3C, 0x3E, 0x26:
                    // <, >, & escaped so JSON embedded in HTML stays inert.
                    bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, JSONWriter.hex[Int(b >> 4)], JSONWriter.hex[Int(b & 15)]])
                default: bytes.append(b)
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
                    for k in 0..<len { bytes.append(arr[i + k]) }
                }
                i += len
            } else {
                bytes.append(contentsOf: [0xEF, 0xBF, 0xBD])
                i += 1
            }
        }
        bytes.append(0x22)
    }

    public mutating func string(_ s: String) { string(bytes: s.utf8) }

    public mutating func number(_ v: Double) {
        if v == v.rounded() && abs(v) < 1e15 { number(Int(v)) } else { raw(String(v)) }
    }
    /// Digits written straight into the buffer (no String per number: spans have four each).
    public mutating func number(_ v: Int) {
        if v < 0 { bytes.append(0x2D); number(-v); return }
        if v < 10 { bytes.append(0x30 + UInt8(v)); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        var x = v
        withUnsafeMutableBytes(of: &digits) { d in
            while x > 0 { d[n] = 0x30 + UInt8(x % 10); x /= 10; n += 1 }
            var i = n - 1
            while i >= 0 { bytes.append(d[i]); i -= 1 }
        }
    }
    public mutating func bool(_ v: Bool) { if v { raw("true") } else { raw("false") } }
    public mutating func null() { raw("null") }
    public mutating func optionalString(_ s: String?) { if let s = s { string(s) } else { null() } }
    public mutating func key(_ k: StaticString) { bytes.append(0x22); raw(k); bytes.append(0x22); bytes.append(0x3A) }
    public mutating func key(_ k: String) { string(k); bytes.append(0x3A) }
    public mutating func comma() { bytes.append(0x2C) }
}

/// Length of the valid UTF-8 sequence at `i`, or 0.
func utf8Length(_ a: [UInt8], _ i: Int) -> Int {
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
