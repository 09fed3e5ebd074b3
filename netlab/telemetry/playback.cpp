#include "netlab/telemetry/playback.h"

#include <algorithm>
#include <array>
#include <map>
#include <fstream>
#include <limits>
#include <system_error>
#include <utility>

#include "netlab/telemetry/sqlite_util.h"

namespace distlab::netlab {

namespace {

using core::Json;

std::optional<Json> parse_json(std::string_view text) {
    Json parsed = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded()) return std::nullopt;
    return parsed;
}

constexpr std::array<char, 16> kSqliteMagic{'S', 'Q', 'L', 'i', 't', 'e', ' ', 'f',
                                            'o', 'r', 'm', 'a', 't', ' ', '3', '\0'};

// Checks the file before SQLite sees it, so the common mistakes get a plain answer.
core::Result<void> check_file(const std::filesystem::path& path) {
    const std::string name = path.string();
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return core::fail("cannot open " + name + ": no such file");
    if (std::filesystem::is_directory(path, ec)) return core::fail("cannot open " + name + ": it is a directory");
    std::ifstream in(path, std::ios::binary);
    if (!in) return core::fail("cannot open " + name + ": permission denied or unreadable");
    std::array<char, 16> head{};
    in.read(head.data(), head.size());
    const auto got = in.gcount();
    if (got == 0) return core::fail(name + " is empty: not a DistLab recording");
    if (got < static_cast<std::streamsize>(head.size()) || head != kSqliteMagic) {
        return core::fail(name + " is not a DistLab recording (not a SQLite database)");
    }
    return {};
}

core::Result<std::int64_t> single_int(sqlite3* db, const char* sql) {
    auto stmt = sqlite::prepare(db, sql);
    if (!stmt) return std::unexpected(stmt.error());
    const int rc = sqlite3_step(stmt->get());
    if (rc == SQLITE_ROW) return sqlite3_column_int64(stmt->get(), 0);
    if (rc == SQLITE_DONE) return 0;
    return core::fail(sqlite::message(db, "cannot read"));
}

// The meta table as key -> value; the error says why the file is not a readable recording.
core::Result<std::map<std::string, std::string, std::less<>>> read_meta(sqlite3* h, const std::string& name) {
    sqlite3_stmt* raw_stmt = nullptr;
    if (sqlite3_prepare_v2(h, "SELECT key, value FROM meta", -1, &raw_stmt, nullptr) != SQLITE_OK) {
        const int code = sqlite3_errcode(h);
        const std::string why = sqlite3_errmsg(h);
        if (code == SQLITE_ERROR && why.find("no such table") != std::string::npos) {
            return core::fail(name + " is not a DistLab recording (it is a SQLite database without a meta table)");
        }
        if (code == SQLITE_NOTADB) return core::fail(name + " is not a DistLab recording (not a SQLite database)");
        return core::fail(name + " is damaged: its header cannot be read (" + why + ")");
    }
    sqlite::StmtPtr stmt(raw_stmt);
    std::map<std::string, std::string, std::less<>> meta;
    for (;;) {
        const int step = sqlite3_step(stmt.get());
        if (step == SQLITE_DONE) break;
        if (step != SQLITE_ROW) {
            return core::fail(name + " is damaged: its header cannot be read (" + sqlite3_errmsg(h) + ")");
        }
        meta[sqlite::column_text(stmt.get(), 0)] = sqlite::column_text(stmt.get(), 1);
    }
    return meta;
}

}  // namespace

void PlaybackDbCloser::operator()(sqlite3* db) const { sqlite3_close_v2(db); }

core::Result<Playback> Playback::open(const std::filesystem::path& path) {
    if (auto r = check_file(path); !r) return std::unexpected(r.error());
    const std::string name = path.string();

    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(name.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
    std::unique_ptr<sqlite3, PlaybackDbCloser> db(raw);
    if (rc != SQLITE_OK) return core::fail(sqlite::message(db.get(), "cannot open " + name));
    // A damaged file must fail a query, not loop or allocate wildly.
    sqlite3_exec(db.get(), "PRAGMA cell_size_check=ON", nullptr, nullptr, nullptr);

    Playback playback(path, std::move(db));
    sqlite3* h = playback.db_.get();

    auto meta = read_meta(h, name);
    bool truncated = false;
    if (!meta && sqlite3_errcode(h) == SQLITE_CORRUPT) {
        // A file shorter than its header says (a truncated copy) is refused unless SQLite is
        // told to trust the file size; on a read-only connection that only relaxes the check.
        sqlite3_exec(h, "PRAGMA writable_schema=ON", nullptr, nullptr, nullptr);
        meta = read_meta(h, name);
        truncated = meta.has_value();
    }
    if (!meta) return std::unexpected(meta.error());
    if (auto it = meta->find("format"); it == meta->end() || it->second != sqlite::kFormatName) {
        return core::fail(name + " is not a DistLab recording (its meta table does not name the format)");
    }
    int version = 0;
    if (auto it = meta->find("schema_version"); it != meta->end()) {
        try {
            version = std::stoi(it->second);
        } catch (const std::exception&) {
            version = 0;
        }
    }
    if (version < 1) return core::fail(name + " is damaged: its schema version is missing or invalid");
    if (version > sqlite::kSchemaVersion) {
        return core::fail(name + " was written by a newer DistLab (recording schema " + std::to_string(version) +
                          "; this build reads up to " + std::to_string(sqlite::kSchemaVersion) + ")");
    }

    RecordingMeta& m = playback.meta_;
    auto get = [&](std::string_view key) {
        auto it = meta->find(key);
        return it == meta->end() ? std::string{} : it->second;
    };
    m.schema_version = version;
    m.scenario_name = get("scenario_name");
    m.scenario_yaml = get("scenario_yaml");
    m.command_line = get("command_line");
    m.start_wall_time = get("start_wall_time");
    m.finished = get("finished") == "1";
    m.end_reason = get("end_reason");
    m.end_wall_time = get("end_wall_time");
    m.fork_parent = get("fork_parent");
    m.fork_change = get("fork_change");
    m.fork_replayed_real = get("fork_parent_host") == "real";
    m.fork_prefix = get("fork_prefix");
    try {
        m.seed = std::stoull(get("seed"));
    } catch (const std::exception&) {
        m.seed = 0;
    }
    try {
        const std::string at = get("fork_at_ns");
        m.fork_at_ns = at.empty() ? 0 : std::stoll(at);
    } catch (const std::exception&) {
        m.fork_at_ns = 0;
    }
    try {
        const std::string lag = get("max_fate_lag_ns");
        playback.max_fate_lag_ns_ = lag.empty() ? 0 : std::max<std::int64_t>(0, std::stoll(lag));
    } catch (const std::exception&) {
        playback.damage_ = core::Error{name + " is damaged: its max_fate_lag_ns is not a number"};
    }

    if (auto r = playback.load_summary(); !r) {
        playback.damage_ = core::Error{name + " is damaged: " + r.error().message};
    } else if (truncated) {
        playback.damage_ = core::Error{name + " is damaged: it is shorter than its header says (truncated?)"};
    }
    return playback;
}

core::Result<void> Playback::load_summary() {
    sqlite3* h = db_.get();
    // Schema 2 keeps messages and their fates in their own table (either table may be empty).
    const bool v2 = meta_.schema_version >= 2;
    auto duration = single_int(h, v2 ? "SELECT max(t) FROM (SELECT max(t_ns) AS t FROM events UNION ALL "
                                       "SELECT max(t_ns) FROM messages UNION ALL SELECT max(fate_t_ns) FROM messages)"
                                     : "SELECT max(t_ns) FROM events");
    if (!duration) return std::unexpected(duration.error());
    duration_ns_ = *duration;
    auto count = single_int(h, v2 ? "SELECT max(s) FROM (SELECT max(seq) AS s FROM events UNION ALL "
                                    "SELECT max(seq) FROM messages UNION ALL SELECT max(fate_seq) FROM messages)"
                                  : "SELECT max(seq) FROM events");
    if (!count) return std::unexpected(count.error());
    event_count_ = static_cast<std::uint64_t>(*count);

    auto stmt = sqlite::prepare(h, "SELECT node FROM nodes ORDER BY node");
    if (!stmt) return std::unexpected(stmt.error());
    for (;;) {
        const int rc = sqlite3_step(stmt->get());
        if (rc == SQLITE_DONE) break;
        if (rc != SQLITE_ROW) return core::fail(sqlite::message(h, "cannot read the node list"));
        nodes_.push_back(sqlite::column_text(stmt->get(), 0));
    }
    return {};
}

core::Result<void> Playback::read(std::int64_t from_ns, std::int64_t to_ns,
                                  const std::function<void(const Event&)>& on_event) const {
    sqlite3* h = db_.get();
    // Schema 2: a message row yields its MessageSent event and, if it has one, its fate event. A
    // fate is never earlier than its message and at most max_fate_lag_ns later, so the messages
    // whose fate falls in the window are found through the time index too.
    static constexpr std::string_view kEventsV1 =
        "SELECT seq, t_ns, kind, node, peer, msg_id, type, data, aux FROM events "
        "WHERE t_ns >= ?1 AND t_ns < ?2 ORDER BY t_ns, seq";
    static constexpr std::string_view kEventsV2 =
        "SELECT seq, t_ns, kind, node, peer, msg_id, type, data, aux FROM events WHERE t_ns >= ?1 AND t_ns < ?2 "
        "UNION ALL SELECT seq, t_ns, 7, node, peer, msg_id, type, data, aux FROM messages "
        "WHERE t_ns >= ?1 AND t_ns < ?2 "
        "UNION ALL SELECT fate_seq, fate_t_ns, fate, node, peer, msg_id, type, fate_data, NULL FROM messages "
        "WHERE t_ns >= ?3 AND t_ns < ?2 AND fate IS NOT NULL AND fate_t_ns >= ?1 AND fate_t_ns < ?2 "
        "ORDER BY 2, 1";
    static_assert(static_cast<int>(EventKind::MessageSent) == 7);
    const bool v2 = meta_.schema_version >= 2;
    auto stmt = sqlite::prepare(h, v2 ? kEventsV2 : kEventsV1);
    if (!stmt) return core::fail(path_.string() + " is damaged: " + stmt.error().message);
    sqlite3_stmt* s = stmt->get();
    if (v2) {
        const std::int64_t lowest = std::numeric_limits<std::int64_t>::min();
        sqlite3_bind_int64(s, 3, from_ns < lowest + max_fate_lag_ns_ ? lowest : from_ns - max_fate_lag_ns_);
    }
    // Looked up per State event rather than joined, so a damaged states table costs only those.
    auto state_stmt = sqlite::prepare(h, "SELECT n, snapshot, patch FROM states WHERE seq = ?1");
    if (!state_stmt) return core::fail(path_.string() + " is damaged: " + state_stmt.error().message);
    sqlite3_stmt* st = state_stmt->get();
    sqlite3_bind_int64(s, 1, from_ns);
    sqlite3_bind_int64(s, 2, to_ns);

    std::map<std::string, Cursor, std::less<>> cursors;
    Event e;
    auto damaged = [&](const std::string& why) {
        return core::fail(path_.string() + " is damaged near t=" + std::to_string(e.t_ns) + "ns: " + why);
    };
    for (;;) {
        const int rc = sqlite3_step(s);
        if (rc == SQLITE_DONE) return {};
        if (rc != SQLITE_ROW) return damaged(sqlite3_errmsg(h));

        e.t_ns = sqlite3_column_int64(s, 1);
        const int kind = sqlite3_column_int(s, 2);
        if (kind < static_cast<int>(EventKind::RunStarted) || kind > static_cast<int>(kLastEventKind)) {
            return damaged("unknown event kind " + std::to_string(kind));
        }
        e.kind = static_cast<EventKind>(kind);
        e.node = sqlite::column_text(s, 3);
        e.peer = sqlite::column_text(s, 4);
        e.msg_id = static_cast<std::uint64_t>(sqlite3_column_int64(s, 5));
        e.type = sqlite::column_text(s, 6);
        e.data = sqlite::column_text(s, 7);
        e.aux = sqlite::column_text(s, 8);

        if (e.kind == EventKind::State) {
            sqlite3_reset(st);
            sqlite3_bind_int64(st, 1, sqlite3_column_int64(s, 0));
            const int src = sqlite3_step(st);
            if (src == SQLITE_DONE) return damaged("a state event lost its snapshot");
            if (src != SQLITE_ROW) return damaged(sqlite3_errmsg(h));
            const std::int64_t n = sqlite3_column_int64(st, 0);
            e.aux = sqlite::column_text(st, 2);
            Cursor& cursor = cursors[e.node];
            if (sqlite3_column_type(st, 1) != SQLITE_NULL) {
                e.data = sqlite::column_text(st, 1);
                cursor.state = parse_json(e.data);
            } else {
                if (cursor.n != n - 1 || !cursor.state) {
                    auto base = state_number(e.node, n - 1);
                    if (!base) return damaged(base.error().message);
                    cursor.state = std::move(*base);
                }
                auto patch = parse_json(e.aux);
                if (!cursor.state || !patch) return damaged("a state patch of " + e.node + " cannot be applied");
                try {
                    cursor.state = cursor.state->patch(*patch);
                } catch (const Json::exception& ex) {
                    return damaged("a state patch of " + e.node + " cannot be applied: " + ex.what());
                }
                e.data = cursor.state->dump();
            }
            cursor.n = n;
        }
        on_event(e);
    }
}

EventRange Playback::read(std::int64_t from_ns, std::int64_t to_ns) const {
    EventRange range;
    auto r = read(from_ns, to_ns, [&](const Event& e) { range.events.push_back(e); });
    if (!r) range.problem = r.error();
    return range;
}

EventRange Playback::read_all() const {
    return read(std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max());
}

core::Result<std::optional<core::Json>> Playback::state_at(const core::NodeId& node, std::int64_t t_ns) const {
    sqlite3* h = db_.get();
    auto stmt = sqlite::prepare(h, "SELECT n FROM states WHERE node = ?1 AND t_ns <= ?2 ORDER BY t_ns DESC, n DESC LIMIT 1");
    if (!stmt) return core::fail(path_.string() + " is damaged: " + stmt.error().message);
    sqlite::bind_text(stmt->get(), 1, node);
    sqlite3_bind_int64(stmt->get(), 2, t_ns);
    const int rc = sqlite3_step(stmt->get());
    if (rc == SQLITE_DONE) return std::optional<core::Json>{};
    if (rc != SQLITE_ROW) return core::fail(path_.string() + " is damaged: " + sqlite3_errmsg(h));
    const std::int64_t n = sqlite3_column_int64(stmt->get(), 0);
    auto state = state_number(node, n);
    if (!state) return core::fail(path_.string() + " is damaged: " + state.error().message);
    if (!*state) return core::fail("state " + std::to_string(n) + " of " + node + " is not JSON");
    return state;
}

core::Result<std::optional<core::Json>> Playback::state_number(const core::NodeId& node, std::int64_t n) const {
    sqlite3* h = db_.get();
    // The latest keyframe at or before n, then every patch after it up to n.
    auto stmt = sqlite::prepare(h,
                                "SELECT n, snapshot, patch FROM states WHERE node = ?1 AND n <= ?2 AND n >= "
                                "(SELECT max(n) FROM states WHERE node = ?1 AND n <= ?2 AND snapshot IS NOT NULL) "
                                "ORDER BY n");
    if (!stmt) return std::unexpected(stmt.error());
    sqlite3_stmt* s = stmt->get();
    sqlite::bind_text(s, 1, node);
    sqlite3_bind_int64(s, 2, n);
    std::optional<Json> state;
    std::int64_t expected = -1;
    for (;;) {
        const int rc = sqlite3_step(s);
        if (rc == SQLITE_DONE) break;
        if (rc != SQLITE_ROW) return core::fail(sqlite::message(h, "cannot read the states of " + node));
        const std::int64_t row_n = sqlite3_column_int64(s, 0);
        if (expected >= 0 && row_n != expected) {
            return core::fail("state " + std::to_string(expected) + " of " + node + " is missing");
        }
        expected = row_n + 1;
        if (sqlite3_column_type(s, 1) != SQLITE_NULL) {
            state = parse_json(sqlite::column_text(s, 1));
            continue;
        }
        auto patch = parse_json(sqlite::column_text(s, 2));
        if (!state || !patch) return core::fail("state " + std::to_string(row_n) + " of " + node + " cannot be rebuilt");
        try {
            state = state->patch(*patch);
        } catch (const Json::exception& ex) {
            return core::fail("state " + std::to_string(row_n) + " of " + node + " cannot be rebuilt: " + ex.what());
        }
    }
    if (expected != n + 1) return core::fail("state " + std::to_string(n) + " of " + node + " has no keyframe");
    return state;
}

}  // namespace distlab::netlab
