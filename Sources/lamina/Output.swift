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
        let dir = (path as NSString).deletingLastPathComponent
        let tmp = (dir.isEmpty ? "." : dir) + "/.\((path as NSString).lastPathComponent).tmp-\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw UsageError(message: "cannot write \(path): \(String(cString: strerror(errno)))") }
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeBufferPointer { p in Glibc.write(fd, p.baseAddress! + off, p.count - off) }
            if n < 0 {
                if errno == EINTR { continue }
                let msg = String(cString: strerror(errno))
                close(fd); unlink(tmp)
                throw UsageError(message: "cannot write \(path): \(msg)")
            }
            off += n
        }
        if fsync(fd) != 0 || close(fd) != 0 {
            unlink(tmp)
            throw UsageError(message: "cannot write \(path)")
        }
        if rename(tmp, path) != 0 {
            let msg = String(cString: strerror(errno))
            unlink(tmp)
            throw UsageError(message: "cannot write \(path): \(msg)")
        }
    }
}
