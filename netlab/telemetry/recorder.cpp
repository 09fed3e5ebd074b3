#include "netlab/telemetry/recorder.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <system_error>
#include <utility>

#include "core/model/json.h"
#include "netlab/telemetry/sqlite_util.h"

namespace distlab::netlab {

namespace {

using core::Json;

std::string now_iso8601() {
    const auto now = std::chrono::system_clock::now();
    const std::time_t secs = std::chrono::system_clock::to_time_t(now);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char text[40];
    const std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
    char tail[8];
    std::snprintf(tail, sizeof tail, ".%03dZ", static_cast<int>(ms));
    return std::string(text, n) + tail;
}

constexpr const char* kSchemaSql = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE kinds(kind INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE events(
  seq INTEGER PRIMARY KEY,
  t_ns INTEGER NOT NULL,
  kind INTEGER NOT NULL,
  node TEXT,
  peer TEXT,
  msg_id INTEGER NOT NULL,
  type TEXT,
  data TEXT,
  aux TEXT);
CREATE INDEX events_by_time ON events(t_ns);
CREATE TABLE states(
  seq INTEGER PRIMARY KEY,
  node TEXT NOT NULL,
  n INTEGER NOT NULL,
  t_ns INTEGER NOT NULL,
  snapshot TEXT,
  patch TEXT);
CREATE UNIQUE INDEX states_by_node ON states(node, n);
CREATE INDEX states_by_node_time ON states(node, t_ns);
CREATE TABLE nodes(node TEXT PRIMARY KEY, first_t_ns INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE messages(
  seq INTEGER PRIMARY KEY,
  t_ns INTEGER NOT NULL,
  node TEXT,
  peer TEXT,
  msg_id INTEGER NOT NULL,
  type TEXT,
  data TEXT,
  aux TEXT,
  fate INTEGER,
  fate_seq INTEGER,
  fate_t_ns INTEGER,
  fate_data TEXT);
CREATE INDEX messages_by_time ON messages(t_ns);
)sql";

// An event as the writer sees it: its text lives in the batch's buffer.
struct EventView {
    std::int64_t t_ns = 0;
    EventKind kind = EventKind::Log;
    std::string_view node;
    std::string_view peer;
    std::uint64_t msg_id = 0;
    std::string_view type;
    std::string_view data;
    std::string_view aux;
};

// The events that can be a message's fate, stored in its `messages` row.
bool is_fate(EventKind kind) {
    return kind == EventKind::MessageDelivered || kind == EventKind::MessageDropped ||
           kind == EventKind::MessageDuplicated || kind == EventKind::MessageHeld;
}

constexpr std::size_t kMessagesPerInsert = 16;

// Where a message (sender, id) hashes in the per-batch table of open messages.
std::size_t message_hash(std::string_view node, std::uint64_t msg_id) {
    return std::hash<std::string_view>{}(node) ^ (msg_id * 0x9E3779B97F4A7C15ull);
}

std::optional<Json> parse_json(std::string_view text) {
    Json parsed = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded()) return std::nullopt;
    return parsed;
}

core::Result<void> put_meta(sqlite3* db, std::string_view key, std::string_view value) {
    auto stmt = sqlite::prepare(db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)");
    if (!stmt) return std::unexpected(stmt.error());
    sqlite3_bind_text(stmt->get(), 1, key.data(), static_cast<int>(key.size()), SQLITE_STATIC);
    sqlite3_bind_text(stmt->get(), 2, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
    if (sqlite3_step(stmt->get()) != SQLITE_DONE) {
        return core::fail(sqlite::message(db, "cannot write meta '" + std::string(key) + "'"));
    }
    return {};
}

}  // namespace

// Owned by the writer thread while it runs, then by close().
struct Recorder::Writer {
    struct NodeChain {
        std::int64_t next_n = 0;
        std::optional<Json> last;   // the state n-1 as the file reproduces it; nullopt: not JSON
    };

    sqlite::DbPtr db;
    sqlite::StmtPtr insert_event;
    sqlite::StmtPtr insert_message;
    sqlite::StmtPtr insert_messages;   // kMessagesPerInsert rows at once: fewer statement runs
    sqlite::StmtPtr insert_state;
    sqlite::StmtPtr insert_node;
    sqlite::StmtPtr put_fate_lag;
    std::int64_t next_seq = 1;
    std::int64_t max_fate_lag = 0;     // the largest fate_t_ns - t_ns written so far
    std::map<std::string, NodeChain, std::less<>> chains;
    std::set<std::string, std::less<>> known_nodes;
    // Per batch, reused: the events, the fate (batch index) of each MessageSent, and which events
    // are fates already stored in their message's row.
    std::vector<EventView> views;
    std::vector<std::size_t> message_rows;
    std::vector<std::ptrdiff_t> fate_of;
    std::vector<bool> folded;
    // Open addressing, no allocation once grown: the batch index + 1 of the latest MessageSent
    // per (sender, id), 0 for an empty slot.
    std::vector<std::size_t> open_messages;

    core::Result<void> prepare() {
        auto ev = sqlite::prepare(db.get(),
                                  "INSERT INTO events(seq, t_ns, kind, node, peer, msg_id, type, data, aux) "
                                  "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)");
        if (!ev) return std::unexpected(ev.error());
        auto msg = sqlite::prepare(db.get(),
                                   "INSERT INTO messages(seq, t_ns, node, peer, msg_id, type, data, aux, fate, "
                                   "fate_seq, fate_t_ns, fate_data) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        if (!msg) return std::unexpected(msg.error());
        std::string many = "INSERT INTO messages(seq, t_ns, node, peer, msg_id, type, data, aux, fate, fate_seq, "
                           "fate_t_ns, fate_data) VALUES";
        for (std::size_t i = 0; i < kMessagesPerInsert; ++i) many += i == 0 ? "(?,?,?,?,?,?,?,?,?,?,?,?)" : ",(?,?,?,?,?,?,?,?,?,?,?,?)";
        auto msgs = sqlite::prepare(db.get(), many);
        if (!msgs) return std::unexpected(msgs.error());
        auto st = sqlite::prepare(db.get(),
                                  "INSERT INTO states(seq, node, n, t_ns, snapshot, patch) VALUES(?, ?, ?, ?, ?, ?)");
        if (!st) return std::unexpected(st.error());
        auto nd = sqlite::prepare(db.get(), "INSERT OR IGNORE INTO nodes(node, first_t_ns) VALUES(?, ?)");
        if (!nd) return std::unexpected(nd.error());
        auto lag = sqlite::prepare(db.get(), "INSERT OR REPLACE INTO meta(key, value) VALUES('max_fate_lag_ns', ?)");
        if (!lag) return std::unexpected(lag.error());
        insert_event = std::move(*ev);
        insert_message = std::move(*msg);
        insert_messages = std::move(*msgs);
        insert_state = std::move(*st);
        insert_node = std::move(*nd);
        put_fate_lag = std::move(*lag);
        return {};
    }

    core::Result<void> note_node(const EventView& e) {
        if (e.node.empty() || known_nodes.contains(e.node)) return {};
        sqlite3_stmt* nd = insert_node.get();
        sqlite::bind_text(nd, 1, e.node);
        sqlite3_bind_int64(nd, 2, e.t_ns);
        const int rc = sqlite3_step(nd);
        sqlite3_reset(nd);
        if (rc != SQLITE_DONE) return core::fail(sqlite::message(db.get(), "cannot write a node"));
        known_nodes.emplace(e.node);
        return {};
    }

    // Binds the messages row of batch[i] (a MessageSent and, if paired, its fate) at parameter
    // `base` + 1 onwards; notes the fate's lag.
    void bind_message(sqlite3_stmt* s, int base, std::span<const EventView> batch, std::size_t i,
                      std::int64_t first_seq) {
        const EventView& e = batch[i];
        sqlite3_bind_int64(s, base + 1, first_seq + static_cast<std::int64_t>(i));
        sqlite3_bind_int64(s, base + 2, e.t_ns);
        sqlite::bind_text(s, base + 3, e.node);
        sqlite::bind_text(s, base + 4, e.peer);
        sqlite3_bind_int64(s, base + 5, static_cast<std::int64_t>(e.msg_id));
        sqlite::bind_text(s, base + 6, e.type);
        sqlite::bind_text(s, base + 7, e.data);
        sqlite::bind_text(s, base + 8, e.aux);
        if (const std::ptrdiff_t f = fate_of[i]; f >= 0) {
            const EventView& fate = batch[static_cast<std::size_t>(f)];
            sqlite3_bind_int(s, base + 9, static_cast<int>(fate.kind));
            sqlite3_bind_int64(s, base + 10, first_seq + f);
            sqlite3_bind_int64(s, base + 11, fate.t_ns);
            sqlite::bind_text(s, base + 12, fate.data);
            max_fate_lag = std::max(max_fate_lag, fate.t_ns - e.t_ns);
        } else {
            for (int k = 9; k <= 12; ++k) sqlite3_bind_null(s, base + k);
        }
    }

    // Writes the messages rows of the batch indices in `rows`, kMessagesPerInsert at a time.
    core::Result<void> write_messages(std::span<const EventView> batch, std::span<const std::size_t> rows,
                                      std::int64_t first_seq) {
        std::size_t done = 0;
        auto step = [&](sqlite3_stmt* s) -> core::Result<void> {
            const int rc = sqlite3_step(s);
            sqlite3_reset(s);
            if (rc != SQLITE_DONE) return core::fail(sqlite::message(db.get(), "cannot write a message"));
            return {};
        };
        for (; rows.size() - done >= kMessagesPerInsert; done += kMessagesPerInsert) {
            sqlite3_stmt* s = insert_messages.get();
            for (std::size_t k = 0; k < kMessagesPerInsert; ++k)
                bind_message(s, static_cast<int>(12 * k), batch, rows[done + k], first_seq);
            if (auto r = step(s); !r) return r;
        }
        for (; done < rows.size(); ++done) {
            bind_message(insert_message.get(), 0, batch, rows[done], first_seq);
            if (auto r = step(insert_message.get()); !r) return r;
        }
        for (const std::size_t i : rows)
            if (auto r = note_node(batch[i]); !r) return r;
        return {};
    }

    core::Result<void> write_fate_lag() {
        const std::string text = std::to_string(max_fate_lag);
        sqlite3_stmt* lag = put_fate_lag.get();
        sqlite3_bind_text(lag, 1, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
        const int rc = sqlite3_step(lag);
        sqlite3_reset(lag);
        if (rc != SQLITE_DONE) return core::fail(sqlite::message(db.get(), "cannot write meta"));
        return {};
    }

    // Pairs each MessageSent of `batch` with the first later event of the same batch that tells
    // its fate, when that event says nothing the message row does not already hold (same sender,
    // receiver, id and type, no aux, not earlier). Which of two same-keyed messages a fate is
    // paired with does not matter: the events read back are the same either way.
    void pair_fates(std::span<const EventView> batch) {
        fate_of.assign(batch.size(), -1);
        folded.assign(batch.size(), false);
        std::size_t capacity = 16;
        while (capacity < 2 * batch.size()) capacity *= 2;
        open_messages.assign(capacity, 0);
        const std::size_t mask = capacity - 1;
        // The slot holding (node, msg_id), or the empty slot where it belongs.
        auto slot_of = [&](const EventView& e) -> std::size_t& {
            std::size_t at = message_hash(e.node, e.msg_id) & mask;
            for (;;) {
                std::size_t& slot = open_messages[at];
                if (slot == 0) return slot;
                const EventView& held = batch[slot - 1];
                if (held.msg_id == e.msg_id && held.node == e.node) return slot;
                at = (at + 1) & mask;
            }
        };
        for (std::size_t i = 0; i < batch.size(); ++i) {
            const EventView& e = batch[i];
            if (e.kind == EventKind::MessageSent) {
                slot_of(e) = i + 1;   // a later message with the same key takes the slot over
                continue;
            }
            if (!is_fate(e.kind) || !e.aux.empty()) continue;
            const std::size_t slot = slot_of(e);
            if (slot == 0 || fate_of[slot - 1] >= 0) continue;
            const EventView& sent = batch[slot - 1];
            if (sent.peer != e.peer || sent.type != e.type || e.t_ns < sent.t_ns) continue;
            fate_of[slot - 1] = static_cast<std::ptrdiff_t>(i);
            folded[i] = true;
        }
    }

    // Whether the state event `e` is stored as a keyframe; advances the node's chain.
    bool take_keyframe_decision(NodeChain& chain, const EventView& e) {
        const std::int64_t n = chain.next_n++;
        if (n % kKeyframeInterval != 0 && chain.last && e.aux.size() <= e.data.size()) {
            if (auto patch = parse_json(e.aux); patch && patch->is_array()) {
                try {
                    Json patched = chain.last->patch(*patch);
                    if (patched.dump() == e.data) {
                        chain.last = std::move(patched);
                        return false;
                    }
                } catch (const Json::exception&) {
                    // A patch that does not apply to the previous state: store a keyframe.
                }
            }
        }
        chain.last = parse_json(e.data);
        return true;
    }

    core::Result<void> write_one(std::int64_t seq, const EventView& e) {
        sqlite3_stmt* s = insert_event.get();
        const bool is_state = e.kind == EventKind::State;
        sqlite3_bind_int64(s, 1, seq);
        sqlite3_bind_int64(s, 2, e.t_ns);
        sqlite3_bind_int(s, 3, static_cast<int>(e.kind));
        sqlite::bind_text(s, 4, e.node);
        sqlite::bind_text(s, 5, e.peer);
        sqlite3_bind_int64(s, 6, static_cast<std::int64_t>(e.msg_id));
        sqlite::bind_text(s, 7, e.type);
        sqlite::bind_text(s, 8, is_state ? std::string_view{} : std::string_view{e.data});
        sqlite::bind_text(s, 9, is_state ? std::string_view{} : std::string_view{e.aux});
        const int rc = sqlite3_step(s);
        sqlite3_reset(s);
        if (rc != SQLITE_DONE) return core::fail(sqlite::message(db.get(), "cannot write an event"));
        if (auto r = note_node(e); !r) return r;

        if (!is_state) return {};
        auto chain = chains.find(e.node);
        if (chain == chains.end()) chain = chains.emplace(std::string(e.node), NodeChain{}).first;
        const std::int64_t n = chain->second.next_n;
        const bool keyframe = take_keyframe_decision(chain->second, e);
        sqlite3_stmt* st = insert_state.get();
        sqlite3_bind_int64(st, 1, seq);
        sqlite3_bind_text(st, 2, e.node.data(), static_cast<int>(e.node.size()), SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, n);
        sqlite3_bind_int64(st, 4, e.t_ns);
        if (keyframe) {
            sqlite3_bind_text(st, 5, e.data.data(), static_cast<int>(e.data.size()), SQLITE_STATIC);
        } else {
            sqlite3_bind_null(st, 5);
        }
        sqlite::bind_text(st, 6, e.aux);
        const int src = sqlite3_step(st);
        sqlite3_reset(st);
        if (src != SQLITE_DONE) return core::fail(sqlite::message(db.get(), "cannot write a state"));
        return {};
    }

    core::Result<void> write(std::span<const EventView> batch) {
        pair_fates(batch);
        const std::int64_t first_seq = next_seq;
        const std::int64_t lag_before = max_fate_lag;
        auto write_all = [&]() -> core::Result<void> {
            message_rows.clear();
            for (std::size_t i = 0; i < batch.size(); ++i) {
                if (folded[i]) continue;
                if (batch[i].kind == EventKind::MessageSent) {
                    message_rows.push_back(i);
                    continue;
                }
                if (auto r = write_one(first_seq + static_cast<std::int64_t>(i), batch[i]); !r) return r;
            }
            if (auto r = write_messages(batch, message_rows, first_seq); !r) return r;
            if (max_fate_lag > lag_before) return write_fate_lag();
            return {};
        };
        if (auto r = sqlite::exec(db.get(), "BEGIN"); !r) return r;
        auto written = write_all();
        if (written) written = sqlite::exec(db.get(), "COMMIT");
        if (!written) {
            sqlite3_exec(db.get(), "ROLLBACK", nullptr, nullptr, nullptr);
            max_fate_lag = lag_before;
            return written;
        }
        next_seq += static_cast<std::int64_t>(batch.size());
        return {};
    }
};

core::Result<std::unique_ptr<Recorder>> Recorder::open(const std::filesystem::path& path, RecordingMeta meta) {
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) {
        return core::fail("cannot record to " + path.string() + ": the file already exists");
    }
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                   nullptr);
    sqlite::DbPtr db(raw);
    if (rc != SQLITE_OK) {
        return core::fail(sqlite::message(db.get(), "cannot create recording " + path.string()));
    }
    auto setup = [&]() -> core::Result<void> {
        // Bigger pages and a roomier cache and WAL: fewer b-tree splits, syscalls and checkpoints.
        if (auto r = sqlite::exec(db.get(), "PRAGMA page_size=16384"); !r) return r;
        if (auto r = sqlite::exec(db.get(), "PRAGMA journal_mode=WAL"); !r) return r;
        if (auto r = sqlite::exec(db.get(), "PRAGMA cache_size=-32768"); !r) return r;
        if (auto r = sqlite::exec(db.get(), "PRAGMA wal_autocheckpoint=2048"); !r) return r;
        if (auto r = sqlite::exec(db.get(), "PRAGMA synchronous=NORMAL"); !r) return r;
        const std::string app_id = "PRAGMA application_id=" + std::to_string(sqlite::kApplicationId);
        if (auto r = sqlite::exec(db.get(), app_id.c_str()); !r) return r;
        if (auto r = sqlite::exec(db.get(), "BEGIN"); !r) return r;
        if (auto r = sqlite::exec(db.get(), kSchemaSql); !r) return r;
        for (int k = static_cast<int>(EventKind::RunStarted); k <= static_cast<int>(kLastEventKind); ++k) {
            const std::string sql = "INSERT INTO kinds VALUES(" + std::to_string(k) + ", '" +
                                    std::string(to_string(static_cast<EventKind>(k))) + "')";
            if (auto r = sqlite::exec(db.get(), sql.c_str()); !r) return r;
        }
        if (meta.start_wall_time.empty()) meta.start_wall_time = now_iso8601();
        const std::pair<std::string_view, std::string> rows[] = {
            {"format", std::string(sqlite::kFormatName)},
            {"schema_version", std::to_string(sqlite::kSchemaVersion)},
            {"scenario_name", meta.scenario_name},
            {"scenario_yaml", meta.scenario_yaml},
            {"seed", std::to_string(meta.seed)},
            {"command_line", meta.command_line},
            {"start_wall_time", meta.start_wall_time},
            {"finished", "0"},
        };
        for (const auto& [key, value] : rows) {
            if (auto r = put_meta(db.get(), key, value); !r) return r;
        }
        if (!meta.fork_parent.empty()) {
            const std::pair<std::string_view, std::string> fork_rows[] = {
                {"fork_parent", meta.fork_parent},
                {"fork_at_ns", std::to_string(meta.fork_at_ns)},
                {"fork_change", meta.fork_change},
                {"fork_parent_host", meta.fork_replayed_real ? "real" : "sim"},
                {"fork_prefix", meta.fork_prefix},
            };
            for (const auto& [key, value] : fork_rows) {
                if (auto r = put_meta(db.get(), key, value); !r) return r;
            }
        }
        return sqlite::exec(db.get(), "COMMIT");
    };
    if (auto r = setup(); !r) {
        db.reset();
        std::filesystem::remove(path, ec);
        return core::fail("cannot create recording " + path.string() + ": " + r.error().message);
    }
    auto writer = std::make_unique<Writer>();
    writer->db = std::move(db);
    if (auto r = writer->prepare(); !r) return std::unexpected(r.error());
    return std::unique_ptr<Recorder>(new Recorder(path, std::move(writer)));
}

Recorder::Recorder(std::filesystem::path path, std::unique_ptr<Writer> writer)
    : path_(std::move(path)), writer_(std::move(writer)) {
    thread_ = std::thread([this] { run(); });
}

Recorder::~Recorder() { close("recorder destroyed"); }

void Recorder::on_events(std::span<const Event> batch) {
    if (batch.empty()) return;
    std::unique_lock lock(mutex_);
    // Backpressure: a writer far behind (a slow disk) slows the producer rather than eating memory.
    progress_.wait(lock, [&] { return queue_.size() < kMaxQueued || stopping_ || error_; });
    if (stopping_ || error_) {
        dropped_ += batch.size();
        return;
    }
    const bool was_below = queue_.size() < kCommitEvents;
    for (const Event& e : batch) queue_.append(e);
    enqueued_ += batch.size();
    if (queue_.size() == batch.size() || (was_below && queue_.size() >= kCommitEvents)) wake_.notify_one();
}

void Recorder::Packed::append(const Event& e) {
    Record r{e.t_ns, e.msg_id, text.size(),
             {static_cast<std::uint32_t>(e.node.size()), static_cast<std::uint32_t>(e.peer.size()),
              static_cast<std::uint32_t>(e.type.size()), static_cast<std::uint32_t>(e.data.size()),
              static_cast<std::uint32_t>(e.aux.size())},
             e.kind};
    text.append(e.node).append(e.peer).append(e.type).append(e.data).append(e.aux);
    records.push_back(r);
}

void Recorder::run() {
    Packed batch;
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;   // stopping, nothing left
        // Gather for up to kCommitInterval so a transaction carries many events.
        wake_.wait_for(lock, kCommitInterval,
                       [&] { return stopping_ || flush_requested_ || queue_.size() >= kCommitEvents; });
        flush_requested_ = false;
        batch.swap(queue_);
        const bool failed = error_.has_value();
        lock.unlock();
        progress_.notify_all();   // room in the queue again

        core::Result<void> written;
        if (!failed) {
            std::vector<EventView>& views = writer_->views;
            views.clear();
            for (const Packed::Record& r : batch.records) {
                std::string_view text(batch.text.data() + r.text_at,
                                      std::size_t{r.length[0]} + r.length[1] + r.length[2] + r.length[3] + r.length[4]);
                auto take = [&text](std::uint32_t n) {
                    const std::string_view part = text.substr(0, n);
                    text.remove_prefix(n);
                    return part;
                };
                EventView& v = views.emplace_back();
                v.t_ns = r.t_ns;
                v.kind = r.kind;
                v.msg_id = r.msg_id;
                v.node = take(r.length[0]);
                v.peer = take(r.length[1]);
                v.type = take(r.length[2]);
                v.data = take(r.length[3]);
                v.aux = take(r.length[4]);
            }
            written = writer_->write(views);
        }

        lock.lock();
        processed_ += batch.size();
        if (failed || !written) {
            dropped_ += batch.size();
            if (!failed) error_ = written.error();
        } else {
            committed_ += batch.size();
        }
        batch.clear();
        progress_.notify_all();
    }
}

void Recorder::flush() {
    std::unique_lock lock(mutex_);
    if (!thread_.joinable()) return;
    const std::uint64_t target = enqueued_;
    if (processed_ >= target) return;
    flush_requested_ = true;
    wake_.notify_one();
    progress_.wait(lock, [&] { return processed_ >= target; });
}

core::Result<void> Recorder::close(std::string reason) {
    if (closed_) return *closed_;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    progress_.notify_all();
    if (thread_.joinable()) thread_.join();

    core::Result<void> outcome = status();
    sqlite3* db = writer_->db.get();
    auto finish = [&]() -> core::Result<void> {
        if (auto r = sqlite::exec(db, "BEGIN"); !r) return r;
        if (auto r = put_meta(db, "finished", "1"); !r) return r;
        if (auto r = put_meta(db, "end_reason", reason); !r) return r;
        if (auto r = put_meta(db, "end_wall_time", now_iso8601()); !r) return r;
        if (auto r = put_meta(db, "event_count", std::to_string(committed())); !r) return r;
        return sqlite::exec(db, "COMMIT");
    };
    if (auto r = finish(); !r) {
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        if (outcome) outcome = core::fail("cannot finish recording " + path_.string() + ": " + r.error().message);
    }
    writer_->insert_event.reset();
    writer_->insert_message.reset();
    writer_->insert_messages.reset();
    writer_->insert_state.reset();
    writer_->insert_node.reset();
    writer_->put_fate_lag.reset();
    // A finished recording becomes one self-contained file (no -wal/-shm beside it), readable
    // from a read-only directory too. Fails harmlessly (stays WAL) while a reader has it open.
    sqlite3_exec(db, "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr);
    if (sqlite3_close(writer_->db.release()) != SQLITE_OK && outcome) {
        outcome = core::fail("cannot close recording " + path_.string());
    }
    closed_ = outcome;
    return outcome;
}

core::Result<void> Recorder::status() const {
    std::lock_guard lock(mutex_);
    if (error_) return std::unexpected(*error_);
    return {};
}

std::uint64_t Recorder::committed() const {
    std::lock_guard lock(mutex_);
    return committed_;
}

std::uint64_t Recorder::dropped() const {
    std::lock_guard lock(mutex_);
    return dropped_;
}

}  // namespace distlab::netlab
