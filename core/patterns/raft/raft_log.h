#pragma once

#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "core/model/json.h"
#include "core/model/result.h"
#include "core/model/storage.h"
#include "core/patterns/raft/raft_entry.h"

namespace distlab::core::raft {

// The Raft log in memory: entries first_index()..last_index(), after a compacted prefix that a
// snapshot replaced (thesis §5.1). Index 0 is the empty log's "previous" entry, of term 0.
//
// Owned by RaftRole; single-threaded.
class RaftLog {
public:
    Index first_index() const { return snapshot_index_ + 1; }
    Index last_index() const { return snapshot_index_ + entries_.size(); }
    Term last_term() const { return entries_.empty() ? snapshot_term_ : entries_.back().term; }
    Index snapshot_index() const { return snapshot_index_; }
    Term snapshot_term() const { return snapshot_term_; }

    // The term of entry `index`: known for snapshot_index()..last_index(), else nullopt.
    std::optional<Term> term_at(Index index) const;
    // Requires: first_index() <= index <= last_index().
    const Entry& at(Index index) const { return entries_[index - first_index()]; }

    void append(Entry entry) { entries_.push_back(std::move(entry)); }
    // Removes entries index..last_index(). Requires: index >= first_index().
    void truncate_from(Index index);
    // Drops entries up to `index` (a snapshot now covers them). Requires: index <= last_index().
    void compact_to(Index index, Term term);
    // Drops every entry: the log restarts after a snapshot at (index, term).
    void reset(Index index, Term term);

    // The first index of the term of entry `index` (for the conflict hint, Raft §5.3 end).
    Index first_index_of_term(Index index) const;
    // The newest Config entry at or before `upto`, if any is still in the log.
    std::optional<Index> last_config_at_or_before(Index upto) const;

private:
    std::deque<Entry> entries_;
    Index snapshot_index_ = 0;
    Term snapshot_term_ = 0;
};

// What a snapshot holds (thesis §5.1): the last included index and term, the configuration
// at that index, and the state machine.
struct SnapshotData {
    Index index = 0;
    Term term = 0;
    std::vector<NodeId> members;
    Json state;                            // KvStateMachine::to_json()

    Json to_json() const;
    static Result<SnapshotData> from_json(const Json& j);
};

// A node's durable Raft state in its Storage, in three keys:
//   raft/meta      records {"term": T, "voted_for": ID|null}, one JSON line each, appended; the
//                  last whole one is in effect
//   raft/log       records "<index> <term> <length> <text>\n", appended; a record whose index
//                  is at or below the last one replaces it and everything after (so a torn or
//                  replayed tail reads back right); records at or below the snapshot are skipped
//   raft/snapshot  records SnapshotData as one JSON line each, appended; the last whole one is
//                  in effect
// An append costs one data sync; replacing a file whole (temporary file, sync, rename, sync of
// the directory) costs several and stalls for tens of milliseconds on a busy disk. So a file is
// replaced only when it is new, when its tail is torn, or when it has grown enough: meta after
// kMetaRecordsPerFile records, the snapshot file at kSnapshotFileFactor times its newest record,
// the log when the caller asks (after truncation, or once compaction left enough dead records).
// Every write syncs when `fsync` is on: Raft's persistence rule (Figure 2, "Persistent state
// ... updated on stable storage before responding to RPCs") relies on it.
//
// Owned by RaftRole; single-threaded.
class RaftStorage {
public:
    struct Loaded {
        Term term = 0;
        std::optional<NodeId> voted_for;
        std::optional<SnapshotData> snapshot;
        RaftLog log;
        std::vector<std::string> problems;  // recovered anyway; each is logged as a warning
    };

    RaftStorage(Storage& storage, bool fsync) : storage_(storage), fsync_(fsync) {}

    // Reads the three files back, and learns how full each one is.
    Result<Loaded> load();
    Result<void> save_meta(Term term, const std::optional<NodeId>& voted_for);
    // Appends entries from..log.last_index() to the log file.
    Result<void> append(const RaftLog& log, Index from);
    // Replaces the log file with the log's current entries.
    Result<void> rewrite(const RaftLog& log);
    Result<void> save_snapshot(const SnapshotData& snapshot);
    // Records in the log file, those a snapshot covers included.
    std::size_t log_records() const { return log_records_; }

    static constexpr const char* kMetaKey = "raft/meta";
    static constexpr const char* kLogKey = "raft/log";
    static constexpr const char* kSnapshotKey = "raft/snapshot";
    static constexpr std::size_t kMetaRecordsPerFile = 1024;
    static constexpr std::size_t kSnapshotFileFactor = 4;

private:
    Storage& storage_;
    bool fsync_;
    std::string buffer_;                    // reused between appends: no allocation per record
    std::size_t meta_records_ = 0;          // whole records in raft/meta; 0: replace it next
    std::size_t snapshot_bytes_ = 0;        // bytes of raft/snapshot; 0: replace it next
    std::size_t log_records_ = 0;
};

}  // namespace distlab::core::raft
