#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "core/model/result.h"
#include "netlab/api/event.h"
#include "netlab/telemetry/recording_meta.h"
#include "netlab/telemetry/telemetry.h"

namespace distlab::netlab {

// Writes the event stream to one `.distlab` file: SQLite in WAL mode, batched transactions,
// events indexed by time, and each node's state stored as keyframes plus JSON patches.
//
// Schema (version 2; docs/recording-format.md):
//   meta(key PRIMARY KEY, value)    format, schema_version, scenario_name, scenario_yaml, seed,
//                                   command_line, start_wall_time, finished, end_reason,
//                                   max_fate_lag_ns, ...
//   kinds(kind PRIMARY KEY, name)   EventKind numbers, for people reading the file with sqlite3
//   events(seq INTEGER PRIMARY KEY, t_ns, kind, node, peer, msg_id, type, data, aux)
//                                   every event not in `messages`; index on t_ns; State rows
//                                   keep data and aux NULL
//   messages(seq INTEGER PRIMARY KEY, t_ns, node, peer, msg_id, type, data, aux,
//            fate, fate_seq, fate_t_ns, fate_data)
//                                   one row per MessageSent, with the first event of the same
//                                   commit that tells its fate (delivered, dropped, duplicated,
//                                   held) when that event adds nothing but its time, seq and
//                                   data; index on t_ns; fate_t_ns - t_ns <= max_fate_lag_ns
//   states(seq PRIMARY KEY -> events.seq, node, n, t_ns, snapshot, patch)
//                                   n counts the node's state events from 0. A keyframe has
//                                   `snapshot` (the full text); otherwise `snapshot` is NULL and
//                                   `patch` applied to state n-1 gives it. `patch` is always the
//                                   event's aux.
//   nodes(node PRIMARY KEY, first_t_ns)
// A state event is a keyframe every kKeyframeInterval-th time for its node, when its patch is
// longer than the snapshot, and whenever the patch does not reproduce the snapshot text exactly
// (so reading back always yields the very same events).
//
// Durability: every committed transaction survives the process being killed (WAL with
// synchronous=NORMAL); a recording not closed says finished=0 and opens fine.
//
// Threading: on_events, flush, close and the accessors may be called from any one thread at a
// time (the lab's); the Recorder writes on its own thread. on_events only copies the batch into
// a queue; when kMaxQueued events wait, it blocks until the writer catches up.
class Recorder final : public EventSink {
public:
    static constexpr std::size_t kCommitEvents = 10'000;          // a transaction at most this often
    static constexpr std::chrono::milliseconds kCommitInterval{50};  // ... or after this long
    static constexpr std::size_t kMaxQueued = 262'144;
    static constexpr std::int64_t kKeyframeInterval = 64;

    // Creates `path` (refuses to overwrite an existing file) and writes the meta table.
    static core::Result<std::unique_ptr<Recorder>> open(const std::filesystem::path& path,
                                                        RecordingMeta meta);

    Recorder(const Recorder&) = delete;
    Recorder& operator=(const Recorder&) = delete;
    ~Recorder() override;

    void on_events(std::span<const Event> batch) override;

    // Blocks until every event handed over so far is committed (or writing has failed).
    void flush();
    // Writes what is queued, marks the recording finished with `reason` and closes the file.
    // Idempotent: later calls return the first call's outcome.
    core::Result<void> close(std::string reason);

    // Fine, or the first write error (disk full, I/O error); after one, nothing more is written.
    core::Result<void> status() const;
    std::uint64_t committed() const;          // events in the file
    std::uint64_t dropped() const;            // events given after a failure or after close
    const std::filesystem::path& path() const { return path_; }

private:
    struct Writer;   // the SQLite connection, statements and per-node state (writer thread)

    // Queued events: fixed fields per event and all their text in one buffer, so queueing a
    // batch and handing it to the writer allocates nothing once the buffers have grown.
    struct Packed {
        struct Record {
            std::int64_t t_ns;
            std::uint64_t msg_id;
            std::size_t text_at;               // node, peer, type, data, aux follow each other
            std::uint32_t length[5];
            EventKind kind;
        };
        std::vector<Record> records;
        std::string text;

        void append(const Event& e);
        std::size_t size() const { return records.size(); }
        bool empty() const { return records.empty(); }
        void clear() {
            records.clear();
            text.clear();
        }
        void swap(Packed& other) noexcept {
            records.swap(other.records);
            text.swap(other.text);
        }
    };

    Recorder(std::filesystem::path path, std::unique_ptr<Writer> writer);
    void run();

    std::filesystem::path path_;
    std::unique_ptr<Writer> writer_;
    std::thread thread_;

    mutable std::mutex mutex_;
    std::condition_variable wake_;        // the writer: work, flush or stop
    std::condition_variable progress_;    // flush() and a blocked on_events: the writer advanced
    Packed queue_;                        // Guarded by mutex_.
    std::uint64_t enqueued_ = 0;          // Guarded by mutex_.
    std::uint64_t processed_ = 0;         // Guarded by mutex_. Taken by the writer (written or dropped).
    std::uint64_t committed_ = 0;         // Guarded by mutex_.
    std::uint64_t dropped_ = 0;           // Guarded by mutex_.
    bool flush_requested_ = false;        // Guarded by mutex_.
    bool stopping_ = false;               // Guarded by mutex_.
    std::optional<core::Error> error_;    // Guarded by mutex_.
    std::optional<core::Result<void>> closed_;   // only touched by close()
};

}  // namespace distlab::netlab
