#include "views/patterns/raft/raft_history.h"

#include <QCoreApplication>

#include <algorithm>
#include <array>

#include "core/model/json.h"
#include "views/common/phase_style.h"
#include "views/common/run_timeline.h"

namespace distlab::views {

using netlab::Event;
using netlab::EventKind;

namespace {

QString fromStd(const std::string& s) {
    return QString::fromStdString(s);
}

qint64 intField(const core::Json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_number_integer() ? it->get<qint64>() : 0;
}

QString stringField(const core::Json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? fromStd(it->get<std::string>()) : QString();
}

// Parses a snapshot's top level, skipping the bulky fields the lanes do not need (the log
// window, the leader's peers): far less to allocate for each of thousands of State events.
core::Json parseHead(const std::string& text) {
    const core::Json::parser_callback_t skipBulk = [](int depth, core::Json::parse_event_t event,
                                                       core::Json& parsed) {
        if (depth == 1 && event == core::Json::parse_event_t::key && parsed.is_string()) {
            const auto& key = parsed.get_ref<const std::string&>();
            return key != "log" && key != "peers" && key != "members" && key != "applied_hash";
        }
        return true;
    };
    return core::Json::parse(text, skipBulk, /*allow_exceptions=*/false);
}

// A Raft snapshot has a role, a term, a commit index and a log (RaftRole::snapshot()).
bool looksLikeRaft(const core::Json& head, const std::string& text) {
    return head.contains("role") && head.contains("term") && head.contains("commit") &&
           text.find("\"log\"") != std::string::npos;
}

template <typename T>
auto latestAt(const std::vector<T>& items, qint64 tNs) -> const T* {
    const auto it = std::upper_bound(items.begin(), items.end(), tNs,
                                     [](qint64 t, const T& item) { return t < item.tNs; });
    return it == items.begin() ? nullptr : &*(it - 1);
}

}  // namespace

RaftRole raftRoleFromString(const QString& name) {
    if (name == QLatin1String("follower"))
        return RaftRole::Follower;
    if (name == QLatin1String("pre-candidate"))
        return RaftRole::PreCandidate;
    if (name == QLatin1String("candidate"))
        return RaftRole::Candidate;
    if (name == QLatin1String("leader"))
        return RaftRole::Leader;
    if (name == QLatin1String("non-member"))
        return RaftRole::NonMember;
    return RaftRole::Unknown;
}

QString raftRoleName(RaftRole role) {
    switch (role) {
    case RaftRole::Follower: return QCoreApplication::translate("distlab::views::RaftHistory", "follower");
    case RaftRole::PreCandidate: return QCoreApplication::translate("distlab::views::RaftHistory", "pre-candidate");
    case RaftRole::Candidate: return QCoreApplication::translate("distlab::views::RaftHistory", "candidate");
    case RaftRole::Leader: return QCoreApplication::translate("distlab::views::RaftHistory", "leader");
    case RaftRole::NonMember: return QCoreApplication::translate("distlab::views::RaftHistory", "non-member");
    case RaftRole::Unknown: break;
    }
    return QCoreApplication::translate("distlab::views::RaftHistory", "unknown");
}

// Follower and leader in their phases' tones, as the canvas fills them (in every colour scheme);
// the candidates keep purples of their own, apart from every tone.
QColor raftRoleColor(RaftRole role) {
    switch (role) {
    case RaftRole::Follower: return toneColour(core::Tone::Neutral);
    case RaftRole::PreCandidate: return QColor(0xdc, 0x8a, 0xdd);
    case RaftRole::Candidate: return QColor(0x91, 0x41, 0xac);
    case RaftRole::Leader: return toneColour(core::Tone::Busy);
    case RaftRole::NonMember: return QColor(0xc0, 0xbf, 0xbc);
    case RaftRole::Unknown: break;
    }
    return QColor(0xde, 0xdd, 0xda);
}

QColor raftTermColor(qint64 term) {
    static const std::array<QColor, 8> kHues = {
        QColor(0xa6, 0xd8, 0xf5), QColor(0xb5, 0xe8, 0xa8), QColor(0xf9, 0xd3, 0x8c), QColor(0xe4, 0xb8, 0xf0),
        QColor(0xf5, 0xb0, 0xa8), QColor(0x9e, 0xe6, 0xd8), QColor(0xf0, 0xe6, 0x8c), QColor(0xc8, 0xc4, 0xf5)};
    return kHues[std::size_t(std::max<qint64>(term, 0) % qint64(kHues.size()))];
}

int RaftLane::elections() const {
    return int(std::count_if(marks.begin(), marks.end(), [](const LaneMark& m) { return m.kind == LaneMark::Election; }));
}

const LaneSegment* RaftLane::segmentAt(qint64 tNs) const {
    const LaneSegment* segment = nullptr;
    const auto it = std::upper_bound(segments.begin(), segments.end(), tNs,
                                     [](qint64 t, const LaneSegment& s) { return t < s.startNs; });
    if (it != segments.begin() && ((it - 1)->endNs < 0 || tNs < (it - 1)->endNs))
        segment = &*(it - 1);
    return segment;
}

const DownInterval* RaftLane::downAt(qint64 tNs) const {
    for (auto it = downs.rbegin(); it != downs.rend(); ++it)
        if (it->startNs <= tNs && (it->endNs < 0 || tNs < it->endNs))
            return &*it;
    return nullptr;
}

qint64 RaftNodeLog::termAt(qint64 index) const {
    if (index < windowFirst || index >= windowFirst + qint64(terms.size()))
        return -1;
    return terms[std::size_t(index - windowFirst)];
}

QString RaftNodeLog::commandAt(qint64 index) const {
    if (index < windowFirst || index >= windowFirst + qint64(commands.size()))
        return {};
    return commands[std::size_t(index - windowFirst)];
}

RaftHistory::RaftHistory(const RunTimeline& timeline) : m_timeline(timeline) {}

void RaftHistory::clear() {
    m_nodes.clear();
    m_index.clear();
    m_isRaft.clear();
    m_samples.clear();
    m_lanes.clear();
}

int RaftHistory::nodeIndex(const QString& node, bool create) {
    if (const auto it = m_index.constFind(node); it != m_index.constEnd())
        return *it;
    if (!create)
        return -1;
    const int index = int(m_nodes.size());
    m_nodes.push_back(node);
    m_index.insert(node, index);
    m_samples.emplace_back();
    m_lanes.push_back(RaftLane{.node = node, .segments = {}, .marks = {}, .downs = {}});
    return index;
}

void RaftHistory::ingest(std::size_t first, std::size_t count) {
    const std::vector<Event>& events = m_timeline.events();
    const std::size_t end = std::min(events.size(), first + count);
    for (std::size_t i = first; i < end; ++i) {
        const Event& event = events[i];
        if (event.node.empty())
            continue;
        const QString node = fromStd(event.node);
        switch (event.kind) {
        case EventKind::NodeStarted: {
            const core::Json data = core::Json::parse(event.data, nullptr, false);
            const bool raft = data.is_object() && stringField(data, "role") == QLatin1String("raft");
            m_isRaft.insert(node, raft);
            if (const int n = nodeIndex(node, raft); n >= 0)
                nodeUp(n, event.t_ns, false);
            break;
        }
        case EventKind::NodeExited: {
            if (const int n = nodeIndex(node, false); n >= 0) {
                const core::Json data = core::Json::parse(event.data, nullptr, false);
                // A shutdown at the end of the run is not a failure worth hatching.
                const bool shutdown = data.is_object() && stringField(data, "cause") == QLatin1String("shutdown");
                nodeDown(n, event.t_ns, false);
                if (shutdown)
                    m_lanes[std::size_t(n)].downs.back().endNs = event.t_ns;
            }
            break;
        }
        case EventKind::NodePaused:
            if (const int n = nodeIndex(node, false); n >= 0)
                nodeDown(n, event.t_ns, true);
            break;
        case EventKind::NodeResumed:
            if (const int n = nodeIndex(node, false); n >= 0)
                nodeUp(n, event.t_ns, true);
            break;
        case EventKind::State: {
            const auto known = m_isRaft.constFind(node);
            if (known != m_isRaft.constEnd() && !*known)
                continue;
            const core::Json head = parseHead(event.data);
            if (!head.is_object() || (known == m_isRaft.constEnd() && !looksLikeRaft(head, event.data)))
                continue;
            RaftSample sample;
            sample.tNs = event.t_ns;
            sample.eventIndex = i;
            sample.role = raftRoleFromString(stringField(head, "role"));
            sample.term = intField(head, "term");
            sample.leader = stringField(head, "leader");
            addSample(nodeIndex(node, true), std::move(sample));
            break;
        }
        case EventKind::MessageSent: {
            // The vote requests say when an election (or a pre-vote) began, between two sampled
            // snapshots: RequestVote carries the candidate's new term; a pre-vote's term is the
            // one the node would stand in, one above its own (thesis §9.6).
            if (event.type != "request_vote")
                continue;
            const int n = nodeIndex(node, false);
            if (n < 0)
                continue;
            const core::Json body = core::Json::parse(event.data, nullptr, false);
            if (!body.is_object())
                continue;
            const bool preVote = body.value("pre_vote", false);
            const qint64 term = intField(body, "term");
            applyRole(n, event.t_ns, preVote ? RaftRole::PreCandidate : RaftRole::Candidate, preVote ? term - 1 : term);
            break;
        }
        default:
            break;
        }
    }
}

void RaftHistory::addSample(int node, RaftSample sample) {
    applyRole(node, sample.tNs, sample.role, sample.term);
    m_samples[std::size_t(node)].push_back(std::move(sample));
}

void RaftHistory::applyRole(int node, qint64 tNs, RaftRole role, qint64 term) {
    RaftLane& lane = m_lanes[std::size_t(node)];
    LaneSegment* open = lane.segments.empty() || lane.segments.back().endNs >= 0 ? nullptr : &lane.segments.back();
    if (open != nullptr && open->role == role && open->term == term)
        return;
    const auto lastMark = [&](LaneMark::Kind kind) {
        for (auto it = lane.marks.rbegin(); it != lane.marks.rend(); ++it)
            if (it->kind == kind)
                return it->term;
        return qint64(-1);
    };
    // Raft §5.2: a node starts an election by incrementing its term and becoming a candidate; a
    // candidate that times out starts another in the next term. Snapshots are sampled, so a node
    // may be seen leading a term it was never seen standing for: that election happened too.
    if ((role == RaftRole::Candidate || role == RaftRole::Leader) && lastMark(LaneMark::Election) != term)
        lane.marks.push_back({.tNs = tNs, .term = term, .kind = LaneMark::Election});
    if (role == RaftRole::Leader && lastMark(LaneMark::Elected) != term)
        lane.marks.push_back({.tNs = tNs, .term = term, .kind = LaneMark::Elected});
    if (open != nullptr)
        open->endNs = tNs;
    lane.segments.push_back({.startNs = tNs, .endNs = -1, .role = role, .term = term});
}

void RaftHistory::nodeDown(int node, qint64 tNs, bool paused) {
    RaftLane& lane = m_lanes[std::size_t(node)];
    if (!paused && !lane.segments.empty() && lane.segments.back().endNs < 0)
        lane.segments.back().endNs = tNs;
    if (!lane.downs.empty() && lane.downs.back().endNs < 0)
        lane.downs.back().endNs = tNs;
    lane.downs.push_back({.startNs = tNs, .endNs = -1, .paused = paused});
}

void RaftHistory::nodeUp(int node, qint64 tNs, bool paused) {
    RaftLane& lane = m_lanes[std::size_t(node)];
    if (!lane.downs.empty() && lane.downs.back().endNs < 0 && lane.downs.back().paused == paused)
        lane.downs.back().endNs = tNs;
}

const RaftSample* RaftHistory::sampleAt(int node, qint64 tNs) const {
    if (node < 0 || node >= int(m_samples.size()))
        return nullptr;
    return latestAt(m_samples[std::size_t(node)], tNs);
}

std::vector<RaftNodeLog> RaftHistory::logsAt(qint64 tNs, const std::vector<RaftNodeLog>& previous) const {
    std::vector<RaftNodeLog> logs(std::size_t(m_nodes.size()));
    for (int n = 0; n < int(m_nodes.size()); ++n) {
        RaftNodeLog& log = logs[std::size_t(n)];
        const RaftLane& lane = m_lanes[std::size_t(n)];
        const RaftSample* sample = sampleAt(n, tNs);
        if (sample != nullptr) {
            const auto same = std::find_if(previous.begin(), previous.end(), [&](const RaftNodeLog& p) {
                return p.node == m_nodes[n] && p.eventIndex == sample->eventIndex;
            });
            if (same != previous.end()) {
                log = *same;
            } else {
                const core::Json snapshot =
                    core::Json::parse(m_timeline.events()[sample->eventIndex].data, nullptr, false);
                log.known = snapshot.is_object();
                log.eventIndex = sample->eventIndex;
                if (log.known) {
                    log.role = raftRoleFromString(stringField(snapshot, "role"));
                    log.term = intField(snapshot, "term");
                    log.leader = stringField(snapshot, "leader");
                    log.commit = intField(snapshot, "commit");
                    log.applied = intField(snapshot, "applied");
                    if (const auto s = snapshot.find("snapshot"); s != snapshot.end() && s->is_object()) {
                        log.snapshotIndex = intField(*s, "index");
                        log.snapshotTerm = intField(*s, "term");
                    }
                    if (const auto l = snapshot.find("log"); l != snapshot.end() && l->is_object()) {
                        log.lastIndex = intField(*l, "last_index");
                        const auto entries = l->find("entries");
                        bool first = true;
                        if (entries != l->end() && entries->is_array()) {
                            for (const core::Json& entry : *entries) {
                                if (!entry.is_array() || entry.size() < 3 || !entry[0].is_number_integer() ||
                                    !entry[1].is_number_integer())
                                    continue;
                                const qint64 index = entry[0].get<qint64>();
                                // The window is contiguous; a gap would misplace every later entry.
                                if (!first && index != log.windowFirst + qint64(log.terms.size()))
                                    break;
                                if (first)
                                    log.windowFirst = index;
                                first = false;
                                log.terms.push_back(entry[1].get<qint64>());
                                log.commands.push_back(entry[2].is_string() ? fromStd(entry[2].get<std::string>())
                                                                            : fromStd(entry[2].dump()));
                            }
                        }
                        if (first)
                            log.windowFirst = log.lastIndex + 1;
                    }
                    if (const auto p = snapshot.find("peers"); p != snapshot.end() && p->is_object())
                        for (const auto& [peer, progress] : p->items())
                            if (progress.is_object())
                                log.peers.push_back({.node = fromStd(peer),
                                                     .next = intField(progress, "next"),
                                                     .match = intField(progress, "match"),
                                                     .inflight = intField(progress, "inflight")});
                }
            }
        }
        log.node = m_nodes[n];
        const DownInterval* down = lane.downAt(tNs);
        log.dead = down != nullptr && !down->paused;
        log.paused = down != nullptr && down->paused;
    }
    return logs;
}

QString RaftHistory::leaderAt(qint64 tNs) const {
    QString leader;
    qint64 best = -1;
    for (int n = 0; n < int(m_nodes.size()); ++n) {
        const RaftSample* sample = sampleAt(n, tNs);
        const DownInterval* down = m_lanes[std::size_t(n)].downAt(tNs);
        if (sample == nullptr || (down != nullptr && !down->paused) || sample->role != RaftRole::Leader)
            continue;
        if (sample->term > best) {
            best = sample->term;
            leader = m_nodes[n];
        }
    }
    return leader;
}

qint64 RaftHistory::termAt(qint64 tNs) const {
    qint64 term = 0;
    for (int n = 0; n < int(m_nodes.size()); ++n) {
        const RaftSample* sample = sampleAt(n, tNs);
        const DownInterval* down = m_lanes[std::size_t(n)].downAt(tNs);
        if (sample != nullptr && (down == nullptr || down->paused))
            term = std::max(term, sample->term);
    }
    return term;
}

}  // namespace distlab::views
