#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/model/result.h"

// Small RAII helpers over the SQLite C API, shared by the Recorder and Playback.
// Private to distlab_telemetry: no public header includes it, so SQLite stays a PRIVATE dependency.
namespace distlab::netlab::sqlite {

struct DbCloser {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DbPtr = std::unique_ptr<sqlite3, DbCloser>;

struct StmtFinalizer {
    void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

// The recording format version this build writes and the newest it reads (it reads 1 too:
// version 2 added the `messages` table, one row per message with its fate).
inline constexpr int kSchemaVersion = 2;
// PRAGMA application_id of a .distlab file ("DLab").
inline constexpr std::int32_t kApplicationId = 0x444c6162;
inline constexpr std::string_view kFormatName = "distlab-recording";

inline std::string message(sqlite3* db, std::string_view what) {
    std::string text(what);
    text += ": ";
    text += db ? sqlite3_errmsg(db) : "out of memory";
    return text;
}

inline core::Result<void> exec(sqlite3* db, const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        std::string text = err ? err : sqlite3_errmsg(db);
        sqlite3_free(err);
        return core::fail(text + " (while running: " + std::string(sql).substr(0, 60) + ")");
    }
    return {};
}

inline core::Result<StmtPtr> prepare(sqlite3* db, std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                           &stmt, nullptr) != SQLITE_OK) {
        return core::fail(message(db, "cannot prepare a statement"));
    }
    return StmtPtr(stmt);
}

// Binds text, or NULL when empty (the Event fields use "" for "none").
inline void bind_text(sqlite3_stmt* stmt, int index, std::string_view text) {
    if (text.empty()) {
        sqlite3_bind_null(stmt, index);
    } else {
        sqlite3_bind_text(stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
    }
}

inline std::string column_text(sqlite3_stmt* stmt, int index) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, index));
    if (!text) return {};
    return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, index)));
}

}  // namespace distlab::netlab::sqlite
