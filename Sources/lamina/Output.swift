import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Standard output and error. A closed pipe (`lamina audit ... | head`) ends the run
/// quietly with status 0.
enum Out {
    static func setup() { signal(SIGPIPE, SIG_IGN) }

    static func write(_ bytes: [UInt8], fd: Int32 = 1) {
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeBufferPointer { p in Glibc.write(fd, p.baseAddress! + off, p.count - off) }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { exit(0) }
                return
            }
            off += n
        }
    }
    static func print(_ s: String) { write(Array(s.utf8)) }
    static func err(_ s: String) { write(Array((s.hasSuffix("\n") ? s : s + "\n").utf8), fd: 2) }

    static var stdoutIsTTY: Bool { isatty(1) == 1 }
    static var stdinIsTTY: Bool { isatty(0) == 1 }
    static var stderrIsTTY: Bool { isatty(2) == 1 }

    static func useColor(_ mode: String?) -> Bool {
        switch mode ?? "auto" {
        case "always": return true
        case "never": return false
        default:
            let env = ProcessInfo.processInfo.environment
            return stdoutIsTTY && env["NO_COLOR"] == nil && env["TERM"] != "dumb"
        }
    }

    /// Writes `bytes` to `path` whole or not at all: a temporary file beside it, then rename.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        let f = try AtomicFile(path: path)
        f.write(bytes)
        try f.commit()
    }
}

/// Temporary files to remove if the run is interrupted (SIGINT, SIGTERM, SIGHUP): an
/// interrupted audit leaves no partial output behind.
enum Cleanup {
    nonisolated(unsafe) static let slots = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: 16)
    nonisolated(unsafe) static var installed = false

    static func register(_ path: String) {
        install()
        for i in 0..<16 where slots[i] == nil { slots[i] = strdup(path); return }
    }

    static func unregister(_ path: String) {
        for i in 0..<16 {
            if let p = slots[i], String(cString: p) == path { slots[i] = nil; free(p) }
        }
    }

    static func install() {
        guard !installed else { return }
        installed = true
        for i in 0..<16 { slots[i] = nil }
        // Signals may arrive blocked from the parent (test runners do that): unblock them.
        var set = sigset_t()
        sigemptyset(&set)
        for sig in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&set, sig) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig) { s in
                for i in 0..<16 { if let p = Cleanup.slots[i] { unlink(p) } }
                _exit(128 + s)
            }
        }
    }
}

/// An output file written in chunks to a temporary file beside it and renamed into place
/// at the end: whole or not at all, even when the run is interrupted.
final class AtomicFile {
    let path: String
    let tmp: String
    private var fd: Int32
    private(set) var failed: String?

    init(path: String) throws {
        self.path = path
        let dir = (path as NSString).deletingLastPathComponent
        tmp = (dir.isEmpty ? "." : dir) + "/.\((path as NSString).lastPathComponent).tmp-\(getpid())"
        fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw UsageError(message: "cannot write \(path): \(String(cString: strerror(errno)))") }
        Cleanup.register(tmp)
    }

    func write(_ bytes: [UInt8]) {
        guard failed == nil else { return }
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeBufferPointer { p in Glibc.write(fd, p.baseAddress! + off, p.count - off) }
            if n < 0 {
                if errno == EINTR { continue }
                failed = String(cString: strerror(errno))
                return
            }
            off += n
        }
    }

    /// Renames the file into place; on failure the temporary file is removed.
    func commit() throws {
        if let f = failed { abort(); throw UsageError(message: "cannot write \(path): \(f)") }
        if fsync(fd) != 0 || close(fd) != 0 { fd = -1; abort(); throw UsageError(message: "cannot write \(path)") }
        fd = -1
        if rename(tmp, path) != 0 {
            let msg = String(cString: strerror(errno))
            abort()
            throw UsageError(message: "cannot write \(path): \(msg)")
        }
        Cleanup.unregister(tmp)
    }

    func abort() {
        if fd >= 0 { close(fd); fd = -1 }
        unlink(tmp)
        Cleanup.unregister(tmp)
    }
}

/// The progress line of a long audit on a terminal: notes, notes per second, ETA.
final class Progress {
    let total: Int
    let start = Date()
    var last = Date.distantPast
    var notes = 0
    var shown = false

    init(total: Int) { self.total = total }

    func update(notes: Int, bytes: Int) {
        self.notes = notes
        let now = Date()
        guard now.timeIntervalSince(last) >= 0.25 else { return }
        last = now
        let secs = max(0.001, now.timeIntervalSince(start))
        let rate = Double(notes) / secs
        var line = "lamina audit: \(notes) records, \(Int(rate)) notes/s"
        if total > 0 && bytes > 0 {
            let frac = min(1, Double(bytes) / Double(total))
            let eta = frac > 0 ? secs / frac - secs : 0
            line += String(format: ", %d%%, ETA %d:%02d", Int(frac * 100), Int(eta) / 60, Int(eta) % 60)
        }
        Out.write(Array(("\r\u{1B}[K" + line).utf8), fd: 2)
        shown = true
    }

    func finish() { if shown { Out.write(Array("\r\u{1B}[K".utf8), fd: 2) } }
}
