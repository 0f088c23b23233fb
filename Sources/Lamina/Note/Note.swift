/// A note as given: its bytes, never rewritten, plus a line index so that any byte
/// offset maps to a 1-based line and a 1-based column in Unicode code points.
public struct Note: Sendable {
    public let id: String
    public let bytes: [UInt8]
    /// Byte offset at which each line starts (line 1 at index 0).
    public let lineStarts: [Int]
    /// Whether each line is pure ASCII (then a column is a byte count).
    let asciiLine: [Bool]

    public init(id: String, bytes: [UInt8]) {
        self.id = id
        self.bytes = bytes
        var starts = [0]
        var ascii: [Bool] = []
        starts.reserveCapacity(bytes.count / 40 + 1)
        bytes.withUnsafeBufferPointer { p in
            var high: UInt8 = 0
            for i in 0..<p.count {
                let b = p[i]
                high |= b
                if b == 0x0A { starts.append(i + 1); ascii.append(high < 0x80); high = 0 }
            }
            ascii.append(high < 0x80)
        }
        self.lineStarts = starts
        self.asciiLine = ascii
    }

    public init(id: String, text: String) { self.init(id: id, bytes: Array(text.utf8)) }

    /// 1-based line and column (in code points) of a byte offset.
    public func location(of offset: Int) -> (line: Int, column: Int) {
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        let end = min(offset, bytes.count)
        if asciiLine[lo] { return (lo + 1, end - lineStarts[lo] + 1) }
        var column = 1
        var i = lineStarts[lo]
        while i < end {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        // Offsets inside a multi-byte scalar count as that scalar.
        if end < bytes.count, bytes[end] & 0xC0 == 0x80, column > 1 { column -= 1 }
        return (lo + 1, column)
    }

    /// The text of a byte span (invalid UTF-8 is shown as U+FFFD).
    public func text(_ span: Span) -> String {
        let s = max(0, min(span.start, bytes.count)), e = max(s, min(span.end, bytes.count))
        return String(decoding: bytes[s..<e], as: UTF8.self)
    }

    /// Line number (1-based) holding a byte offset.
    public func line(of offset: Int) -> Int { location(of: offset).line }
}

/// A half-open byte range `[start, end)` into a note.
public struct Span: Sendable, Hashable, Comparable {
    public var start: Int
    public var end: Int
    public init(_ start: Int, _ end: Int) { self.start = start; self.end = end }
    public static func < (a: Span, b: Span) -> Bool { a.start != b.start ? a.start < b.start : a.end < b.end }
    public func union(_ o: Span) -> Span { Span(min(start, o.start), max(end, o.end)) }
}

/// Checks that bytes are valid UTF-8; returns the offset of the first invalid byte.
public func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
    bytes.withUnsafeBytes { firstInvalidUTF8(raw: $0) }
}

/// `firstInvalidUTF8` of a slice (a JSONL line), without copying it.
public func firstInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> Int? {
    bytes.withUnsafeBytes { firstInvalidUTF8(raw: $0) }
}

func firstInvalidUTF8(raw: UnsafeRawBufferPointer) -> Int? {
    let bytes = raw.assumingMemoryBound(to: UInt8.self)
    let n = raw.count
    var i = 0
    while i < n {
        // ASCII eight bytes at a time: no byte has its high bit set.
        while i + 8 <= n, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
        guard i < n else { break }
        if bytes[i] < 0x80 { i += 1; continue }
        let len = utf8Length(bytes, i)
        if len == 0 { return i }
        i += len
    }
    return nil
}
