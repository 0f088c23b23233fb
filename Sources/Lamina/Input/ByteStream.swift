#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Reads a file descriptor in chunks into one growing window: `bytes[start..<end]` holds the
/// unread part. Callers look for record boundaries in the window and ask for more when a
/// record is not complete yet, so memory is bounded by the largest record, not the file.
final class ByteStream {
    private let fd: Int32
    private let ownsFD: Bool
    private(set) var buffer: [UInt8]
    /// Window of unread bytes.
    var start = 0
    private(set) var end = 0
    private(set) var eof = false
    /// Bytes handed out so far (progress).
    private(set) var consumed = 0
    let chunk: Int

    init(fd: Int32, ownsFD: Bool, chunk: Int = 1 << 20) {
        self.fd = fd; self.ownsFD = ownsFD; self.chunk = chunk
        buffer = [UInt8](repeating: 0, count: chunk)
    }

    /// Bytes already in memory (a whole input): nothing more to read.
    init(bytes: [UInt8]) {
        fd = -1; ownsFD = false; chunk = 1 << 20
        buffer = bytes
        end = bytes.count
        eof = true
    }

    /// Opens a file; nil when it cannot be opened.
    convenience init?(path: String, chunk: Int = 1 << 20) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        self.init(fd: fd, ownsFD: true, chunk: chunk)
    }

    deinit { if ownsFD { close(fd) } }

    var available: Int { end - start }

    /// Index of the first newline at or after `from` in the window, or nil.
    func newline(from: Int) -> Int? {
        guard from < end else { return nil }
        return buffer.withUnsafeBufferPointer { p -> Int? in
            guard let hit = memchr(p.baseAddress! + from, 0x0A, end - from) else { return nil }
            return p.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Reads one more chunk into the window (moving the unread bytes to the front first).
    /// Returns false at end of input.
    @discardableResult
    func fill() -> Bool {
        if eof { return false }
        if start > 0 {
            let n = end - start
            if n > 0 {
                buffer.withUnsafeMutableBufferPointer { p in
                    _ = memmove(p.baseAddress!, p.baseAddress! + start, n)
                }
            }
            end = n
            start = 0
        }
        if buffer.count - end < chunk { buffer.append(contentsOf: [UInt8](repeating: 0, count: max(chunk, buffer.count))) }
        while true {
            let room = min(chunk, buffer.count - end)
            let got = buffer.withUnsafeMutableBufferPointer { p in read(fd, p.baseAddress! + end, room) }
            if got < 0 && errno == EINTR { continue }
            if got <= 0 { eof = true; return false }
            end += got
            return true
        }
    }

    /// Marks `n` bytes of the window as consumed.
    func advance(_ n: Int) { start += n; consumed += n }

    /// Drops the buffer's excess capacity after a large record passed.
    func shrinkIfLarge() {
        if buffer.count > 8 * chunk && available < chunk {
            let rest = Array(buffer[start..<end])
            buffer = [UInt8](repeating: 0, count: 2 * chunk)
            buffer.replaceSubrange(0..<rest.count, with: rest)
            start = 0; end = rest.count
        }
    }
}
