import Testing
@testable import Lamina

@Suite("Note: line index and code-point columns")
struct NoteTests {
    @Test func locationsCountCodePoints() {
        let text = "é–x\r\n\tL4\u{00A0}L5\n"
        let note = Note(id: "n", text: text)
        let bytes = Array(text.utf8)
        let l4 = bytes.firstIndex(of: UInt8(ascii: "L"))!
        #expect(note.location(of: 0) == (1, 1))
        // "é" is 2 bytes, "–" 3 bytes: "x" is the 3rd code point.
        #expect(note.location(of: 5) == (1, 3))
        #expect(note.location(of: l4) == (2, 2))
        // After the non-breaking space (2 bytes), L5 is the 5th code point of line 2.
        #expect(note.location(of: l4 + 4) == (2, 5))
    }

    @Test func invalidUTF8IsFound() {
        #expect(firstInvalidUTF8(Array("ok é".utf8)) == nil)
        #expect(firstInvalidUTF8([0x61, 0xFF, 0x62]) == 1)
        #expect(firstInvalidUTF8([0x61, 0xC3]) == 1)
        #expect(firstInvalidUTF8([0xE2, 0x28, 0xA1]) == 0)
        #expect(firstInvalidUTF8([0xED, 0xA0, 0x80]) == 0)   // surrogate
    }

    /// The eight-bytes-at-a-time ASCII scan finds a bad byte at every offset, before and
    /// after multi-byte characters, and at the very end.
    @Test func invalidUTF8IsFoundAtEveryOffset() {
        let ascii = Array("Kenalog 80 mg at L4-5 under fluoroscopy".utf8)
        for k in 0...ascii.count {
            var b = ascii
            b.insert(0xFF, at: k)
            #expect(firstInvalidUTF8(b) == k)
            var c = Array("é".utf8) + ascii
            c.insert(0x80, at: k + 2)
            #expect(firstInvalidUTF8(c) == k + 2)
        }
        #expect(firstInvalidUTF8(ascii + Array("–é".utf8) + ascii) == nil)
        #expect(firstInvalidUTF8(ascii + [0xE2, 0x80]) == ascii.count)
    }
}
