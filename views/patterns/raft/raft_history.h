#pragma once

#include <QColor>
#include <QHash>
#include <QString>
#include <QStringList>

#include <cstddef>
#include <vector>

namespace distlab::views {

class RunTimeline;

// The role a Raft node reports in its snapshot ("role", core/patterns/raft/raft_role.cpp).
enum class RaftRole { Follower, PreCandidate, Candidate, Leader, NonMember, Unknown };

RaftRole raftRoleFromString(const QString& name);
// The role's name for people, translated.
QString raftRoleName(RaftRole role);
// Fixed colours (the same in light and dark palettes), the topology canvas's hues.
QColor raftRoleColor(RaftRole role);
// A fill for a term: one hue per term, cycling, light enough for black text.
QColor raftTermColor(qint64 term);

// One State snapshot of a Raft node, the fields the lanes need (parsed once, when it arrives).
struct RaftSample {
    qint64 tNs = 0;
    std::size_t eventIndex = 0;   // the State event in RunTimeline::events()
    RaftRole role = RaftRole::Unknown;
    qint64 term = 0;
    QString leader;               // the leader it knows, empty when none
};

// A stretch of a lane in one role and term. endNs < 0: still open (until the run's end).
struct LaneSegment {
    qint64 startNs = 0;
    qint64 endNs = -1;
    RaftRole role = RaftRole::Unknown;
    qint64 term = 0;
};

// A moment on a lane: the node started an election (became candidate in a term) or won one.
struct LaneMark {
    enum Kind { Election, Elected };
    qint64 tNs = 0;
    qint64 term = 0;
    Kind kind = Election;
};

// The node was dead (killed or crashed) or paused. endNs < 0: still so.
struct DownInterval {
    qint64 startNs = 0;
    qint64 endNs = -1;
    bool paused = false;
};

// One Raft node over the whole run.
struct RaftLane {
    QString node;
    std::vector<LaneSegment> segments;
    std::vector<LaneMark> marks;
    std::vector<DownInterval> downs;

    // How many elections the node started (times it became candidate in a new term).
    int elections() const;
    // The segment (or down interval) in force at tNs, null when none.
    const LaneSegment* segmentAt(qint64 tNs) const;
    const DownInterval* downAt(qint64 tNs) const;
};

// A leader's view of one follower (Raft Figure 2: nextIndex[], matchIndex[]).
struct RaftPeerProgress {
    QString node;
    qint64 next = 0;
    qint64 match = 0;
    qint64 inflight = 0;
};

// One node's log and indices at a time, parsed from its latest snapshot at or before that time.
// The snapshot carries a window of the newest entries (log.entries); entries before the window
// and after the compacted prefix are not known here.
struct RaftNodeLog {
    QString node;
    bool known = false;           // a snapshot exists at or before the time
    bool dead = false;
    bool paused = false;
    RaftRole role = RaftRole::Unknown;
    qint64 term = 0;
    QString leader;
    qint64 commit = 0;
    qint64 applied = 0;
    qint64 snapshotIndex = 0;     // entries up to here are compacted into a snapshot
    qint64 snapshotTerm = 0;
    qint64 lastIndex = 0;
    qint64 windowFirst = 1;       // log index of terms[0]
    std::vector<qint64> terms;    // the window's entries
    std::vector<QString> commands;
    std::vector<RaftPeerProgress> peers;   // a leader's followers; empty otherwise
    std::size_t eventIndex = static_cast<std::size_t>(-1);

    // The term of entry `index` when the window holds it, else -1.
    qint64 termAt(qint64 index) const;
    QString commandAt(qint64 index) const;
};

// The Raft nodes of a run, indexed from a RunTimeline's events as they are appended: for every
// node whose role is raft (its NodeStarted says so, or its snapshots look like Raft's), its
// samples, its lane (segments, election marks, dead / paused intervals), and its log at any time.
// Other nodes (kv clients) are ignored.
//
// Ownership: reads the timeline's events by index and keeps no copy of them; the timeline must
// outlive it. Threading: GUI thread only.
class RaftHistory {
public:
    explicit RaftHistory(const RunTimeline& timeline);

    // Indexes events()[first, first + count). Requires: the events before `first` were indexed.
    void ingest(std::size_t first, std::size_t count);
    // Forgets everything (the timeline was cleared).
    void clear();

    // Raft nodes in order of first appearance.
    const QStringList& nodes() const { return m_nodes; }
    const std::vector<RaftLane>& lanes() const { return m_lanes; }
    // The node's samples, in time order.
    const std::vector<RaftSample>& samples(int node) const { return m_samples[std::size_t(node)]; }
    // The latest sample of `node` with tNs <= t, null when none.
    const RaftSample* sampleAt(int node, qint64 tNs) const;
    // Every raft node's log at tNs. `previous` (the last call's result, may be empty) lets
    // unchanged nodes keep their parsed log instead of parsing their snapshot again.
    std::vector<RaftNodeLog> logsAt(qint64 tNs, const std::vector<RaftNodeLog>& previous = {}) const;

    // The leader at tNs (the live node claiming leadership in the highest term; empty: none),
    // and the highest term any live node reports.
    QString leaderAt(qint64 tNs) const;
    qint64 termAt(qint64 tNs) const;

private:
    int nodeIndex(const QString& node, bool create);
    void addSample(int node, RaftSample sample);
    // The node is in `role` and `term` from tNs on: closes its open segment, opens another and
    // marks elections.
    void applyRole(int node, qint64 tNs, RaftRole role, qint64 term);
    void nodeDown(int node, qint64 tNs, bool paused);
    void nodeUp(int node, qint64 tNs, bool paused);

    const RunTimeline& m_timeline;
    QStringList m_nodes;
    QHash<QString, int> m_index;
    QHash<QString, bool> m_isRaft;          // what NodeStarted said of every node seen
    std::vector<std::vector<RaftSample>> m_samples;
    std::vector<RaftLane> m_lanes;
};

}  // namespace distlab::views
