// The system SQLite (libsqlite3-dev), linked as a system library: no package dependency.
#include <sqlite3.h>
