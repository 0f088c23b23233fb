import CSQLite
import Foundation

/// A ledger that cannot be used. Messages name the file, never a patient or a note.
public struct LedgerError: Error, CustomStringConvertible, Sendable {
    public let path: String, message: String
    public var description: String { "\(path): error: \(message)" }
}

/// The session ledger (`--ledger FILE`): every session `audit` has seen, in SQLite, so one
/// quarter's audit counts the last quarter's sessions. One row per patient and encounter:
/// recording an encounter twice keeps one row. Writes are one transaction: a failure
/// leaves what was recorded before untouched.
public final class Ledger {
    /// Schema versions: 1 sessions(patient, encounter, date, region, code);
    /// 2 adds diagnoses, pump_trial, source and recorded_at.
    public static let schemaVersion: Int32 = 2
    /// "LAMI": marks a SQLite file as a lamina ledger.
    static let applicationID: Int32 = 0x4C41_4D49

    public let path: String
    private var db: OpaquePointer?

    /// Opens or creates a ledger and brings its schema up to date.
    public init(path: String, busyTimeoutMs: Int32 = 2000) throws {
        self.path = path
        let rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK else {
            let m = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(db); db = nil
            throw LedgerError(path: path, message: "cannot open the ledger: \(m)")
        }
        sqlite3_busy_timeout(db, busyTimeoutMs)
        try migrate()
    }

    deinit { sqlite3_close(db) }

    // MARK: schema

    private func migrate() throws {
        let app = try scalar("PRAGMA application_id")
        let version = Int32(try scalar("PRAGMA user_version"))
        let tables = try scalar("SELECT count(*) FROM sqlite_master")
        if version > Ledger.schemaVersion {
            throw LedgerError(path: path, message: "the ledger has schema version \(version), newer than this lamina's \(Ledger.schemaVersion); use a newer lamina")
        }
        if app != Int64(Ledger.applicationID) && tables > 0 {
            throw LedgerError(path: path, message: "not a lamina ledger (a SQLite database of another application); nothing was changed")
        }
        if version == Ledger.schemaVersion { return }
        try transaction {
            if tables == 0 {
                try exec("""
                    CREATE TABLE sessions(
                      patient TEXT NOT NULL, encounter TEXT NOT NULL, date TEXT NOT NULL,
                      region TEXT NOT NULL, code TEXT NOT NULL,
                      diagnoses TEXT NOT NULL DEFAULT '', pump_trial INTEGER NOT NULL DEFAULT 0,
                      source TEXT, recorded_at TEXT,
                      PRIMARY KEY(patient, encounter));
                    CREATE INDEX sessions_by_patient_date ON sessions(patient, date);
                    """)
            } else {
                if version < 2 {
                    try exec("""
                        ALTER TABLE sessions ADD COLUMN diagnoses TEXT NOT NULL DEFAULT '';
                        ALTER TABLE sessions ADD COLUMN pump_trial INTEGER NOT NULL DEFAULT 0;
                        ALTER TABLE sessions ADD COLUMN source TEXT;
                        ALTER TABLE sessions ADD COLUMN recorded_at TEXT;
                        CREATE INDEX IF NOT EXISTS sessions_by_patient_date ON sessions(patient, date);
                        """)
                }
            }
            try exec("PRAGMA application_id = \(Ledger.applicationID); PRAGMA user_version = \(Ledger.schemaVersion);")
        }
    }

    // MARK: reading and writing

    /// Sessions of the given patients (all when nil), by date.
    public func sessions(patients: Set<String>? = nil) throws -> [Session] {
        var out: [Session] = []
        try query("SELECT patient, encounter, date, region, code, diagnoses, pump_trial FROM sessions ORDER BY patient, date, encounter") { st in
            let patient = Ledger.text(st, 0)
            if let ps = patients, !ps.contains(patient) { return }
            let date = Ledger.text(st, 2)
            guard let day = DayNumber.parse(date) else { return }
            let dx = Ledger.text(st, 5)
            out.append(Session(patient: patient, encounter: Ledger.text(st, 1), date: date, day: day,
                               region: Ledger.text(st, 3), code: Ledger.text(st, 4),
                               diagnoses: dx.isEmpty ? [] : dx.split(separator: ",").map(String.init),
                               pumpTrial: sqlite3_column_int(st, 6) != 0))
        }
        return out
    }

    /// Records sessions in one transaction; an encounter already there is kept as it was.
    /// Returns how many were new.
    @discardableResult
    public func record(_ sessions: [Session], source: String) throws -> Int {
        var added = 0
        let now = DayNumber.today()
        try transaction {
            var st: OpaquePointer?
            let sql = "INSERT OR IGNORE INTO sessions(patient, encounter, date, region, code, diagnoses, pump_trial, source, recorded_at) VALUES (?,?,?,?,?,?,?,?,?)"
            try check(sqlite3_prepare_v2(db, sql, -1, &st, nil))
            defer { sqlite3_finalize(st) }
            for s in sessions {
                sqlite3_reset(st)
                let values = [s.patient, s.encounter, s.date, s.region, s.code, s.diagnoses.joined(separator: ","), "", source, now]
                for (i, v) in values.enumerated() where i != 6 {
                    sqlite3_bind_text(st, Int32(i + 1), v, -1, Ledger.transient)
                }
                sqlite3_bind_int(st, 7, s.pumpTrial ? 1 : 0)
                try check(sqlite3_step(st))
                added += Int(sqlite3_changes(db))
            }
        }
        return added
    }

    // MARK: SQLite plumbing

    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    static func text(_ st: OpaquePointer?, _ i: Int32) -> String {
        guard let c = sqlite3_column_text(st, i) else { return "" }
        return String(cString: c)
    }

    private func transaction(_ body: () throws -> Void) throws {
        try exec("BEGIN IMMEDIATE")
        do {
            try body()
            try exec("COMMIT")
        } catch {
            _ = sqlite3_exec(db, "ROLLBACK", nil, nil, nil)
            throw error
        }
    }

    private func exec(_ sql: String) throws {
        try check(sqlite3_exec(db, sql, nil, nil, nil))
    }

    private func scalar(_ sql: String) throws -> Int64 {
        var v: Int64 = 0
        try query(sql) { v = sqlite3_column_int64($0, 0) }
        return v
    }

    private func query(_ sql: String, _ row: (OpaquePointer?) -> Void) throws {
        var st: OpaquePointer?
        try check(sqlite3_prepare_v2(db, sql, -1, &st, nil))
        defer { sqlite3_finalize(st) }
        while true {
            let rc = sqlite3_step(st)
            if rc == SQLITE_ROW { row(st); continue }
            try check(rc)
            return
        }
    }

    private func check(_ rc: Int32) throws {
        switch rc {
        case SQLITE_OK, SQLITE_DONE, SQLITE_ROW: return
        case SQLITE_BUSY, SQLITE_LOCKED:
            throw LedgerError(path: path, message: "the ledger is locked by another process; nothing was recorded (try again when it finishes)")
        case SQLITE_NOTADB, SQLITE_CORRUPT:
            throw LedgerError(path: path, message: "not a SQLite database or damaged (\(String(cString: sqlite3_errstr(rc)))); nothing was changed")
        case SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_PERM:
            throw LedgerError(path: path, message: "cannot write the ledger (\(String(cString: sqlite3_errstr(rc))))")
        default:
            throw LedgerError(path: path, message: "ledger error: \(String(cString: sqlite3_errmsg(db)))")
        }
    }
}
