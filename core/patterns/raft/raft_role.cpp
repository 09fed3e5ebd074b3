#include "core/patterns/raft/raft_role.h"

#include <algorithm>
#include <random>
#include <utility>

#include "core/host/role_driver.h"

namespace distlab::core::raft {

namespace {

constexpr TimerId kElectionTimer{1};
constexpr TimerId kHeartbeatTimer{2};
constexpr TimerId kCheckQuorumTimer{3};
constexpr TimerId kFlushTimer{4};
constexpr TimerId kHoldTimer{5};

constexpr std::size_t kSnapshotWindow = 64;      // log entries shown in snapshot()
constexpr std::size_t kHashHistory = 256;        // (index, hash) pairs kept for checks
// Leases assume clocks run within 10% of each other (thesis §6.4.1: bound the drift).
constexpr double kLeaseDriftMargin = 0.1;
// A follower that has not heard its leader for this many heartbeats holds client requests
// until a leader is known instead of pointing clients at one that is probably gone.
constexpr int kLeaderSilenceHeartbeats = 2;
constexpr std::size_t kMaxHeldRequests = 1024;  // beyond it requests are refused at once
// The log file is replaced after compaction once it holds this many snapshot thresholds of records.
constexpr std::size_t kDeadLogRecordsFactor = 4;

std::string join(const std::vector<NodeId>& ids) {
    std::string out;
    for (const auto& id : ids)
        out += (out.empty() ? "" : ",") + id;
    return out;
}

std::string ms(Duration d) {
    return std::to_string(static_cast<std::int64_t>(to_ms(d))) + "ms";
}

Json id_or_null(const std::optional<NodeId>& id) {
    return id ? Json(*id) : Json(nullptr);
}

}  // namespace

RaftRole::RaftRole(RaftConfig config) : config_(std::move(config)) {}

// ---------------------------------------------------------------------------------------------
// Start and recovery

void RaftRole::start(Context& ctx) {
    self_ = ctx.self();
    if (config_.members.empty()) {
        // Every node that runs raft; clients and other roles are not members.
        for (const NodeId& peer : ctx.peers())
            if (ctx.role_of(peer) == ctx.role_of(self_))
                initial_members_.push_back(peer);
        initial_members_.push_back(self_);
    } else {
        initial_members_ = config_.members;
    }
    std::ranges::sort(initial_members_);
    initial_members_.erase(std::unique(initial_members_.begin(), initial_members_.end()), initial_members_.end());
    disk_.emplace(ctx.storage(), config_.fsync);
    std::vector<std::pair<LogLevel, std::string>> recovery_notes;
    recover(ctx, recovery_notes);
    refresh_members(ctx);
    // The phase first (a role with phases announces one before anything else it does), then
    // what recovery found.
    enter(ctx, is_member(self_) ? State::Follower : State::NonMember,
          is_member(self_) ? Text{"starts in term ", "从任期 "} + std::to_string(term_) + Text{"", " 开始"}
                           : Text{"not a member of ", "不是成员："} + join(members_));
    for (auto& [level, text] : recovery_notes)
        ctx.log(level, std::move(text));
    if (state_ == State::NonMember) {
        ctx.log(LogLevel::Info, self_ + " is not a member (" + join(members_) + "); it waits to be added");
    } else {
        ctx.log(LogLevel::Info, self_ + " starts as a follower in cluster " + join(members_) + " (a majority is " +
                                    std::to_string(members_.size() / 2 + 1) + ")");
        arm_election_timer(ctx);
    }
    publish_gauges(ctx);
}

// A restarted node reads back its term, vote, snapshot and log (Raft Figure 2: persistent
// state survives crashes); commit and applied restart from the snapshot and catch up from the leader.
// What it finds for the log goes to `notes`, logged once the node has announced its phase.
void RaftRole::recover(Context& ctx, std::vector<std::pair<LogLevel, std::string>>& notes) {
    auto loaded = disk_->load();
    if (!loaded) {
        ctx.count("storage_errors");
        notes.emplace_back(LogLevel::Error, "cannot recover Raft state: " + loaded.error().message + "; starting empty");
        return;
    }
    for (const auto& problem : loaded->problems)
        notes.emplace_back(LogLevel::Warn, "recovery: " + problem);
    term_ = loaded->term;
    voted_for_ = loaded->voted_for;
    log_ = std::move(loaded->log);
    if (loaded->snapshot) {
        snapshot_ = std::move(loaded->snapshot);
        if (auto restored = kv_.restore(snapshot_->index, snapshot_->state); !restored) {
            notes.emplace_back(LogLevel::Error, "the stored snapshot is unusable: " + restored.error().message);
            snapshot_.reset();
            log_.reset(0, 0);
        } else {
            commit_ = snapshot_->index;
            hash_history_.emplace_back(kv_.applied_index(), kv_.applied_hash());
        }
    }
    if (term_ > 0 || log_.last_index() > 0)
        notes.emplace_back(LogLevel::Info, "recovered from disk: term " + std::to_string(term_) + ", voted for " +
                                               voted_for_.value_or("nobody") + ", log " +
                                               std::to_string(log_.first_index()) + ".." +
                                               std::to_string(log_.last_index()) + ", snapshot at " +
                                               std::to_string(log_.snapshot_index()));
}

// ---------------------------------------------------------------------------------------------
// Dispatch

void RaftRole::on_message(Context& ctx, const Message& msg) {
    if (msg.from == kLabSender) {
        handle_lab(ctx, msg);
        return;
    }
    if (msg.type == kv::kRequestType) {
        handle_client(ctx, msg);
        return;
    }
    auto dispatch = [&](auto decoded) {
        if (!decoded) {
            ctx.count("malformed");
            ctx.log(LogLevel::Warn, "dropped a " + msg.type + " from " + msg.from + ": " + decoded.error().message);
            return;
        }
        handle(ctx, msg, *decoded);
    };
    if (msg.type == kAppendEntries)
        dispatch(decode_append_entries(msg.body));
    else if (msg.type == kAppendEntriesReply)
        dispatch(decode_append_entries_reply(msg.body));
    else if (msg.type == kRequestVote)
        dispatch(decode_request_vote(msg.body));
    else if (msg.type == kRequestVoteReply)
        dispatch(decode_request_vote_reply(msg.body));
    else if (msg.type == kInstallSnapshot)
        dispatch(decode_install_snapshot(msg.body));
    else if (msg.type == kInstallSnapshotReply)
        dispatch(decode_install_snapshot_reply(msg.body));
    else {
        ctx.count("unexpected_messages");
        ctx.log(LogLevel::Warn, "ignored a '" + msg.type + "' message from " + msg.from);
    }
    publish_gauges(ctx);
}

void RaftRole::on_timer(Context& ctx, TimerId timer) {
    if (timer == kElectionTimer)
        on_election_timeout(ctx);
    else if (timer == kHeartbeatTimer)
        on_heartbeat_tick(ctx);
    else if (timer == kCheckQuorumTimer)
        on_check_quorum(ctx);
    else if (timer == kFlushTimer)
        flush(ctx);
    else if (timer == kHoldTimer)
        expire_held(ctx);
    publish_gauges(ctx);
}

// ---------------------------------------------------------------------------------------------
// Elections

Duration RaftRole::draw_election_timeout(Context& ctx) const {
    if (config_.fixed_election_timeout)
        return config_.election_min;
    // Raft §5.2: randomized election timeouts make split votes rare.
    std::uniform_int_distribution<std::int64_t> pick(config_.election_min.count(), config_.election_max.count());
    return Duration(pick(ctx.rng()));
}

void RaftRole::arm_election_timer(Context& ctx) {
    election_timeout_ = draw_election_timeout(ctx);
    ctx.set_timer(kElectionTimer, election_timeout_);
}

void RaftRole::on_election_timeout(Context& ctx) {
    if (state_ == State::Leader || state_ == State::NonMember)
        return;
    // Raft §5.2: no word from a leader for an election timeout -> campaign.
    if (config_.pre_vote)
        start_pre_vote(ctx);
    else
        start_election(ctx);
}

// Thesis §9.6: ask whether we could win before raising the term, so a node that cannot win
// (partitioned, or behind) never forces the cluster into a new term.
void RaftRole::start_pre_vote(Context& ctx) {
    enter(ctx, State::PreCandidate, Text{"heard no leader for ", "已有 "} + ms(election_timeout_) + Text{"", " 没有领导者的消息"});
    leader_.reset();
    ballot_.reset(members_);
    ballot_.grant(self_);
    ctx.count("pre_votes");
    ctx.log(LogLevel::Info, self_ + " heard no leader for " + ms(election_timeout_) +
                                ": pre-vote for term " + std::to_string(term_ + 1) + " (term not raised yet)");
    const Json body = encode(RequestVote{term_ + 1, log_.last_index(), log_.last_term(), true});
    for (const auto& id : members_)
        if (id != self_)
            ctx.send(id, kRequestVote, body);
    arm_election_timer(ctx);
    if (ballot_.won())
        start_election(ctx);
}

// Raft §5.2: increment the term, vote for yourself, ask every member.
void RaftRole::start_election(Context& ctx) {
    const bool timed_out = state_ != State::PreCandidate;
    ++term_;
    enter(ctx, State::Candidate, (timed_out ? Text{"election timeout: asks for votes in term ", "选举超时：在任期 "}
                                            : Text{"won the pre-vote: asks for votes in term ", "赢得预投票：在任期 "}) +
                                     std::to_string(term_) + Text{"", " 请求投票"});
    voted_for_ = self_;
    leader_.reset();
    if (!persist_meta(ctx))
        return;
    ballot_.reset(members_);
    ballot_.grant(self_);
    ctx.count("elections");
    ctx.log(LogLevel::Info, self_ + " starts an election for term " + std::to_string(term_) +
                                (timed_out ? " (heard no leader for " + ms(election_timeout_) + ")"
                                           : " (won the pre-vote)") + " and votes for itself");
    const Json body = encode(RequestVote{term_, log_.last_index(), log_.last_term(), false});
    for (const auto& id : members_)
        if (id != self_)
            ctx.send(id, kRequestVote, body);
    arm_election_timer(ctx);
    if (ballot_.won())
        become_leader(ctx);
}

// Raft §5.4.1: a candidate's log is at least as up-to-date as ours when its last term is
// higher, or equal with a last index at least ours.
bool RaftRole::log_up_to_date(Index last_index, Term last_term) const {
    if (config_.unsafe_skip_log_check)
        return true;
    return last_term > log_.last_term() || (last_term == log_.last_term() && last_index >= log_.last_index());
}

// Thesis §4.2.3 and §6.2: a server that heard from a leader within the minimum election
// timeout does not help depose it (it also keeps leases safe).
bool RaftRole::heard_leader_recently(const Context& ctx) const {
    if (!(config_.check_quorum || config_.read_mode == ReadMode::Lease))
        return false;
    if (state_ == State::Leader)
        return true;
    return leader_ && last_heard_leader_ >= Duration(0) && ctx.now() - last_heard_leader_ < config_.election_min;
}

void RaftRole::handle(Context& ctx, const Message& msg, const RequestVote& m) {
    if (heard_leader_recently(ctx) && m.term > term_) {
        ctx.count("votes_ignored");
        ctx.reply(msg, encode(RequestVoteReply{term_, false, m.pre_vote}));
        return;
    }
    if (m.pre_vote) {
        // Thesis §9.6: grant a pre-vote when the candidate's term would be newer and its log is
        // up to date; nothing changes here.
        const bool granted = m.term > term_ && log_up_to_date(m.last_index, m.last_term);
        ctx.reply(msg, encode(RequestVoteReply{std::max(term_, granted ? m.term : term_), granted, true}));
        return;
    }
    // Raft §5.2, §5.4.1: one vote per term, first come first served, only to an up-to-date log.
    const bool grant = m.term >= term_ && (m.term > term_ || !voted_for_ || *voted_for_ == msg.from) &&
                       log_up_to_date(m.last_index, m.last_term);
    // A vote in a newer term stores the term and the vote in one write, after the vote is cast.
    if (m.term > term_)
        become_follower(ctx, m.term, std::nullopt,
                        msg.from + Text{" asks for votes in term ", " 在任期 "} + std::to_string(m.term) + Text{"", " 请求投票"}, !grant);
    bool granted = false;
    if (grant) {
        granted = true;
        voted_for_ = msg.from;
        // Raft Figure 2: currentTerm and votedFor are on stable storage before the vote leaves.
        if (!persist_meta(ctx, !config_.unsafe_vote_without_persist))
            return;
        arm_election_timer(ctx);
        ctx.count("votes_granted");
        ctx.log(LogLevel::Info, self_ + " votes for " + msg.from + " in term " + std::to_string(term_));
    }
    ctx.reply(msg, encode(RequestVoteReply{term_, granted, false}));
}

void RaftRole::handle(Context& ctx, const Message& msg, const RequestVoteReply& m) {
    if (m.term > term_ && !(m.pre_vote && m.granted)) {
        become_follower(ctx, m.term, std::nullopt, msg.from + Text{" is in term ", " 处于任期 "} + std::to_string(m.term));
        return;
    }
    if (!m.granted)
        return;
    if (m.pre_vote && state_ == State::PreCandidate) {
        ballot_.grant(msg.from);
        if (ballot_.won())
            start_election(ctx);
    } else if (!m.pre_vote && state_ == State::Candidate && m.term == term_) {
        ballot_.grant(msg.from);
        if (ballot_.won())
            become_leader(ctx);
    }
}

void RaftRole::become_leader(Context& ctx) {
    enter(ctx, State::Leader, Text{"votes from ", "在任期 "} + Text{join(ballot_.granted()) + " in term " + std::to_string(term_),
                                                                   std::to_string(term_) + " 获得 " + join(ballot_.granted()) + " 的选票"});
    leader_ = self_;
    ctx.cancel_timer(kElectionTimer);
    ctx.count("became_leader");
    ctx.log(LogLevel::Info, self_ + " is the leader of term " + std::to_string(term_) + " (votes from " +
                                join(ballot_.granted()) + ")");
    reads_.reset();
    leaving_.reset();
    tracker_.clear();
    // Raft Figure 2: nextIndex starts just after the leader's last entry.
    followers_changed(log_.last_index() + 1);
    // Raft §8 (and thesis §6.4): a new leader commits a blank entry of its own term, so it
    // learns which entries are committed and can serve reads. Without it (leader_noop off, as
    // in the paper's Figure 8) the first client write of the term plays that part.
    term_start_index_ = log_.last_index() + 1;
    if (config_.leader_noop) {
        propose(ctx, make_noop(term_));
        replicate_all(ctx);
    } else {
        for (const auto& [id, p] : tracker_.all())
            send_probe(ctx, id);
        advance_commit(ctx);
    }
    ctx.set_timer(kHeartbeatTimer, config_.heartbeat);
    if (config_.check_quorum)
        ctx.set_timer(kCheckQuorumTimer, config_.election_max);
    release_held(ctx);                           // requests held during the election are proposed now
}

void RaftRole::become_follower(Context& ctx, Term term, std::optional<NodeId> leader, const Text& why,
                               bool persist_term) {
    const State before = state_;
    const Term old_term = term_;
    const bool new_term = term > term_;
    // A follower's answers speak for its disk: entries proposed as leader are synced first.
    if (unsynced_from_ != 0)
        persist_log_from(ctx, unsynced_from_);
    if (new_term) {
        term_ = term;
        voted_for_.reset();
        if (persist_term)
            persist_meta(ctx);
    }
    if (before == State::Leader) {
        ctx.count("step_downs");
        ctx.log(LogLevel::Info, self_ + " steps down as leader of term " + std::to_string(old_term) + ": " + why.en);
        ctx.cancel_timer(kHeartbeatTimer);
        ctx.cancel_timer(kCheckQuorumTimer);
        // Writes in flight may still commit under the next leader: their outcome is unknown, so
        // they get no answer (kv_protocol.h). Reads had no effect and can be refused.
        clients_.abandon_pending();
        for (const auto& r : reads_.reset())
            reply_not_leader(ctx, r.request);
        tracker_.clear();
    } else if (new_term && (before == State::Candidate || before == State::PreCandidate)) {
        ctx.log(LogLevel::Info, self_ + " gives up its candidacy: " + why.en);
    }
    const bool leader_changed = leader && leader != leader_;
    leader_ = std::move(leader);
    if (leader_changed)
        ctx.log(LogLevel::Info, self_ + " follows " + *leader_ + " in term " + std::to_string(term_));
    enter(ctx, is_member(self_) ? State::Follower : State::NonMember, why);
    if (state_ == State::Follower) {
        arm_election_timer(ctx);
    } else {
        ctx.cancel_timer(kElectionTimer);
        release_held(ctx);
    }
}

// ---------------------------------------------------------------------------------------------
// Replication: follower side

void RaftRole::handle(Context& ctx, const Message& msg, const AppendEntries& m) {
    ctx.count("append_entries_received");
    AppendEntriesReply reply{.term = term_, .entries = m.entries.size(), .seq = m.seq, .sent = m.sent};
    // Raft §5.1: a message from an older term is refused; the stale leader learns our term.
    if (m.term < term_) {
        ctx.reply(msg, encode(reply));
        return;
    }
    if (state_ == State::Leader && m.term == term_) {
        ctx.violation(Text{"two leaders in term ", "任期 "} + std::to_string(term_) + Text{": ", " 有两个领导者："} + self_ +
                      Text{" and ", " 和 "} + msg.from);
        return;
    }
    if (m.term > term_ || state_ == State::Candidate || state_ == State::PreCandidate || leader_ != msg.from)
        become_follower(ctx, m.term, msg.from, msg.from + Text{" leads term ", " 领导任期 "} + std::to_string(m.term));
    else if (state_ == State::Follower)
        arm_election_timer(ctx);
    last_heard_leader_ = ctx.now();
    release_held(ctx);
    reply.term = term_;

    // Entries at or below our snapshot are committed, so they match (thesis §5.1).
    Index prev = m.prev_index;
    std::size_t skip = 0;
    if (prev < log_.snapshot_index()) {
        skip = static_cast<std::size_t>(std::min<Index>(log_.snapshot_index() - prev, m.entries.size()));
        prev += skip;
        if (prev < log_.snapshot_index()) {
            reply.success = true;
            reply.match = prev;
            ctx.reply(msg, encode(reply));
            return;
        }
    }
    // Raft §5.3 (log matching): refuse unless we hold prev_index with prev_term.
    const Term prev_term = skip > 0 ? m.entries[skip - 1].term : m.prev_term;
    if (prev > log_.last_index()) {
        ctx.count("rejected_appends");
        reply.hint = log_.last_index() + 1;
        ctx.reply(msg, encode(reply));
        return;
    }
    if (log_.term_at(prev) != prev_term) {
        ctx.count("rejected_appends");
        if (prev <= commit_)
            ctx.violation(Text{"the leader's entry ", "领导者的条目 "} + std::to_string(prev) + Text{" (term ", "（任期 "} +
                          std::to_string(prev_term) + Text{") differs from our committed one (term ", "）与本节点已提交的条目（任期 "} +
                          std::to_string(*log_.term_at(prev)) + Text{")", "）不同"});
        // Raft §5.3, end: skip back over the whole conflicting term in one round trip.
        reply.hint = std::max(commit_ + 1, log_.first_index_of_term(prev));
        ctx.reply(msg, encode(reply));
        return;
    }
    // Append what is new; an existing entry with another term and everything after it go
    // (Raft Figure 2, AppendEntries step 3), never an entry that matches (stale messages may
    // arrive late and must not truncate).
    bool truncated = false;
    bool config_changed = false;
    Index first_new = 0;
    for (std::size_t i = skip; i < m.entries.size(); ++i) {
        const Index index = m.prev_index + 1 + i;
        const Entry& entry = m.entries[i];
        if (index <= log_.last_index()) {
            if (log_.at(index).term == entry.term)
                continue;
            if (index <= kv_.applied_index())
                ctx.violation(Text{"entry ", "条目 "} + std::to_string(index) + Text{" was applied as \"", " 已作为“"} +
                              log_.at(index).text + Text{"\" (term ", "”应用（任期 "} + std::to_string(log_.at(index).term) +
                              Text{"), and leader ", "），而领导者 "} + msg.from + Text{" now replaces it with \"", " 现在把它替换为“"} +
                              entry.text + Text{"\" (term ", "”（任期 "} + std::to_string(entry.term) + Text{")", "）"});
            else if (index <= commit_)
                ctx.violation(Text{"leader ", "领导者 "} + msg.from + Text{" overwrites committed entry ", " 覆盖了已提交的条目 "} +
                              std::to_string(index));
            config_changed = config_changed || index <= config_index_;
            log_.truncate_from(index);
            truncated = true;
        }
        if (first_new == 0)
            first_new = index;
        config_changed = config_changed || entry.kind == EntryKind::Config;
        log_.append(entry);
    }
    // Raft Figure 2: the entries are on stable storage before we answer.
    if (truncated ? !persist_log_rewrite(ctx) : (first_new && !persist_log_from(ctx, first_new)))
        return;
    if (config_changed)
        refresh_members(ctx);
    const Index matched = m.prev_index + m.entries.size();
    // Raft Figure 2, step 5: commitIndex = min(leaderCommit, index of last new entry).
    set_commit(ctx, std::min(m.commit, matched));
    reply.success = true;
    reply.match = matched;
    ctx.reply(msg, encode(reply));
}

void RaftRole::handle(Context& ctx, const Message& msg, const InstallSnapshot& m) {
    InstallSnapshotReply reply{.term = term_, .index = 0, .seq = m.seq, .sent = m.sent};
    if (m.term < term_) {
        ctx.reply(msg, encode(reply));
        return;
    }
    if (m.term > term_ || state_ != State::Follower || leader_ != msg.from)
        become_follower(ctx, m.term, msg.from, msg.from + Text{" leads term ", " 领导任期 "} + std::to_string(m.term));
    else
        arm_election_timer(ctx);
    last_heard_leader_ = ctx.now();
    release_held(ctx);
    reply.term = term_;
    const SnapshotData& s = m.snapshot;
    reply.index = s.index;
    if (s.index <= commit_) {
        ctx.reply(msg, encode(reply));                 // we already have all of it
        return;
    }
    // Raft §7 (Figure 13, steps 6-8): keep the log after the snapshot if it matches, else drop it;
    // the snapshot replaces the state machine.
    KvStateMachine restored;
    if (auto ok = restored.restore(s.index, s.state); !ok) {
        ctx.log(LogLevel::Warn, "refused a snapshot from " + msg.from + ": " + ok.error().message);
        return;
    }
    if (auto saved = disk_->save_snapshot(s); !saved) {
        ctx.count("storage_errors");
        ctx.log(LogLevel::Error, "cannot store a snapshot: " + saved.error().message);
        return;
    }
    if (log_.term_at(s.index) == s.term)
        log_.compact_to(s.index, s.term);
    else
        log_.reset(s.index, s.term);
    if (!persist_log_rewrite(ctx))
        return;
    check_state_violations(ctx, s.index, restored.applied_hash());
    kv_ = std::move(restored);
    snapshot_ = s;
    commit_ = s.index;
    hash_history_.emplace_back(kv_.applied_index(), kv_.applied_hash());
    refresh_members(ctx);
    ctx.count("snapshots_installed");
    ctx.log(LogLevel::Info, self_ + " installed a snapshot from " + msg.from + " up to entry " + std::to_string(s.index) +
                                " (" + std::to_string(kv_.size()) + " keys)");
    apply_committed(ctx);
    ctx.reply(msg, encode(reply));
}

// ---------------------------------------------------------------------------------------------
// Replication: leader side

Index RaftRole::propose(Context& ctx, Entry entry) {
    const bool config = entry.kind == EntryKind::Config;
    log_.append(std::move(entry));
    const Index index = log_.last_index();
    // Group commit: every entry proposed in this turn of the event loop goes to disk with one
    // sync when the flush timer fires.
    if (unsynced_from_ == 0) {
        unsynced_from_ = index;
        ctx.set_timer(kFlushTimer, Duration(0));
    }
    if (config)
        refresh_members(ctx);
    return index;
}

// Thesis §10.2.1: the leader sends new entries to its followers first and writes them to its
// own disk meanwhile; it counts itself in a majority only for the entries on its disk.
void RaftRole::flush(Context& ctx) {
    if (state_ == State::Leader)
        for (const auto& [id, p] : tracker_.all())
            replicate(ctx, id);
    if (unsynced_from_ != 0 && !persist_log_from(ctx, unsynced_from_)) {
        ctx.set_timer(kFlushTimer, config_.heartbeat);       // retry; the followers may commit meanwhile
        return;
    }
    advance_commit(ctx);
}

Index RaftRole::durable_index() const {
    return unsynced_from_ == 0 ? log_.last_index() : unsynced_from_ - 1;
}

void RaftRole::replicate_all(Context& ctx) {
    for (const auto& [id, p] : tracker_.all())
        replicate(ctx, id);
    advance_commit(ctx);
}

void RaftRole::replicate(Context& ctx, const NodeId& peer) {
    Progress* p = tracker_.find(peer);
    if (!p)
        return;
    const int window = p->probing ? 1 : config_.max_inflight;
    while (p->inflight < window && !p->snapshot_inflight && p->next <= log_.last_index()) {
        if (p->next <= log_.snapshot_index()) {
            send_snapshot(ctx, peer, *p);
            return;
        }
        // Batching and pipelining: up to max_batch entries a message, up to max_inflight
        // messages unanswered; next moves ahead optimistically and falls back on a refusal.
        const Index first = p->next;
        const Index last = std::min<Index>(log_.last_index(), first + static_cast<Index>(config_.max_batch) - 1);
        const AppendEntries header{.term = term_, .prev_index = first - 1, .prev_term = *log_.term_at(first - 1),
                                   .commit = commit_, .seq = reads_.round(), .sent = ctx.now().count()};
        ctx.send(peer, kAppendEntries, encode_append(header, log_, first, last));
        if (p->inflight == 0)
            p->inflight_since = ctx.now();
        ++p->inflight;
        if (!p->probing)
            p->next = last + 1;
        ctx.count("appends_sent");
        ctx.observe("batch_size", static_cast<double>(last - first + 1));
    }
}

// An empty AppendEntries anchored at what the follower is known to hold, so it never fails the
// log check because of entries still in flight; it carries the commit index and the round.
void RaftRole::send_heartbeat(Context& ctx, const NodeId& peer) {
    Progress* p = tracker_.find(peer);
    if (!p)
        return;
    Index prev = std::min(p->match, log_.last_index());
    if (prev < log_.snapshot_index())
        prev = log_.snapshot_index();
    const AppendEntries header{.term = term_, .prev_index = prev, .prev_term = *log_.term_at(prev),
                               .commit = std::min(commit_, prev), .seq = reads_.round(), .sent = ctx.now().count()};
    ctx.send(peer, kAppendEntries, encode_append(header, log_, prev + 1, prev));
    ctx.count("heartbeats_sent");
}

// Raft Figure 2 (Rules for Servers, Leaders): upon election, an empty AppendEntries at
// nextIndex - 1; a follower that lacks that entry refuses and the leader backs up from its
// hint. The no-op's own AppendEntries does this when there is one.
void RaftRole::send_probe(Context& ctx, const NodeId& peer) {
    const Progress* p = tracker_.find(peer);
    if (!p)
        return;
    const Index prev = std::max(p->next - 1, log_.snapshot_index());
    const AppendEntries header{.term = term_, .prev_index = prev, .prev_term = *log_.term_at(prev),
                               .commit = std::min(commit_, prev), .seq = reads_.round(), .sent = ctx.now().count()};
    ctx.send(peer, kAppendEntries, encode_append(header, log_, prev + 1, prev));
    ctx.count("heartbeats_sent");
}

// Raft §7 (thesis §5.1): a follower that needs compacted entries gets the snapshot instead.
void RaftRole::send_snapshot(Context& ctx, const NodeId& peer, Progress& p) {
    if (!snapshot_)
        return;
    ctx.send(peer, kInstallSnapshot, encode(InstallSnapshot{term_, reads_.round(), ctx.now().count(), *snapshot_}));
    p.snapshot_inflight = true;
    p.inflight_since = ctx.now();
    ctx.count("snapshots_sent");
    ctx.log(LogLevel::Info, self_ + " sends " + peer + " a snapshot up to entry " + std::to_string(snapshot_->index) +
                                ": the entries it needs were compacted");
}

void RaftRole::broadcast(Context& ctx) {
    for (const auto& [id, p] : tracker_.all())
        send_heartbeat(ctx, id);
}

void RaftRole::on_heartbeat_tick(Context& ctx) {
    if (state_ != State::Leader)
        return;
    for (const auto& [id, progress] : tracker_.all()) {
        Progress& p = *tracker_.find(id);
        // Messages lost on the way: after an election timeout without an answer, resend from
        // what the follower is known to hold.
        if ((p.inflight > 0 || p.snapshot_inflight) && ctx.now() - p.inflight_since >= config_.election_min) {
            p.inflight = 0;
            p.snapshot_inflight = false;
            p.next = p.match + 1;
        }
        replicate(ctx, id);
        send_heartbeat(ctx, id);
    }
    ctx.set_timer(kHeartbeatTimer, config_.heartbeat);
}

// Thesis §6.2: a leader that has not heard from a majority for an election timeout steps
// down, so clients stop waiting on a leader that cannot commit.
void RaftRole::on_check_quorum(Context& ctx) {
    if (state_ != State::Leader)
        return;
    if (!tracker_.take_quorum_heard(members_, self_)) {
        become_follower(ctx, term_, std::nullopt,
                        Text{"no answer from a majority for ", "已有 "} + ms(config_.election_max) +
                            Text{" (check-quorum)", " 没有多数派的应答（check-quorum）"});
        return;
    }
    ctx.set_timer(kCheckQuorumTimer, config_.election_max);
}

void RaftRole::handle(Context& ctx, const Message& msg, const AppendEntriesReply& m) {
    if (m.term > term_) {
        become_follower(ctx, m.term, std::nullopt, msg.from + Text{" is in term ", " 处于任期 "} + std::to_string(m.term));
        return;
    }
    if (state_ != State::Leader || m.term < term_)
        return;
    Progress* p = tracker_.find(msg.from);
    if (!p)
        return;
    p->heard = true;
    p->acked_seq = std::max(p->acked_seq, m.seq);
    p->acked_sent = std::max(p->acked_sent, m.sent);
    if (m.entries > 0 && p->inflight > 0) {
        --p->inflight;
        p->inflight_since = ctx.now();
    }
    if (m.success) {
        if (m.match > p->match) {
            p->match = m.match;
            p->probing = false;
            p->next = std::max(p->next, p->match + 1);
            advance_commit(ctx);
        }
    } else if (m.hint > 0) {
        // Raft §5.3: back up and retry, one probe at a time; everything in flight is void. A
        // refusal that backs nothing up (a stale reply to the pipeline, or a follower that will
        // not give up an entry it holds as committed, which only the unsafe switches allow)
        // waits for the next heartbeat: retrying at once would be refused again, forever.
        const Index before = p->next;
        p->next = std::max(p->match + 1, std::min(p->next, m.hint));
        p->inflight = 0;
        p->probing = true;
        ctx.count("append_refusals");
        if (p->next >= before) {
            release_reads(ctx);
            return;
        }
    }
    if (state_ != State::Leader)
        return;
    if (leaving_ == msg.from && p->match >= config_index_) {
        ctx.log(LogLevel::Info, msg.from + " holds the configuration that removed it; " + self_ + " stops replicating to it");
        leaving_.reset();
        followers_changed(log_.last_index() + 1);
        return;
    }
    replicate(ctx, msg.from);
    release_reads(ctx);
}

void RaftRole::handle(Context& ctx, const Message& msg, const InstallSnapshotReply& m) {
    if (m.term > term_) {
        become_follower(ctx, m.term, std::nullopt, msg.from + Text{" is in term ", " 处于任期 "} + std::to_string(m.term));
        return;
    }
    if (state_ != State::Leader || m.term < term_)
        return;
    Progress* p = tracker_.find(msg.from);
    if (!p)
        return;
    p->heard = true;
    p->acked_seq = std::max(p->acked_seq, m.seq);
    p->acked_sent = std::max(p->acked_sent, m.sent);
    p->snapshot_inflight = false;
    p->inflight = 0;
    if (m.index > p->match)
        p->match = m.index;
    p->next = std::max(p->next, p->match + 1);
    if (p->next <= log_.snapshot_index())
        p->next = log_.snapshot_index() + 1;
    advance_commit(ctx);
    if (state_ == State::Leader) {
        replicate(ctx, msg.from);
        release_reads(ctx);
    }
}

void RaftRole::advance_commit(Context& ctx) {
    if (state_ != State::Leader)
        return;
    const Index quorum = tracker_.quorum_match(members_, self_, durable_index());
    if (quorum <= commit_)
        return;
    // Raft §5.4.2: only an entry of the leader's own term is committed by counting replicas;
    // earlier ones follow it. (Counting them directly loses committed entries: Figure 8.)
    if (log_.term_at(quorum) != term_) {
        if (!config_.unsafe_commit_old_term)
            return;
        ctx.log(LogLevel::Warn, self_ + " counts entry " + std::to_string(quorum) + " (term " +
                                    std::to_string(*log_.term_at(quorum)) + ") committed: a majority holds it, though "
                                    "no entry of term " + std::to_string(term_) + " is on a majority yet (unsafe_commit_old_term)");
    }
    set_commit(ctx, quorum);
    // Thesis §4.2.2: a leader removed from the configuration steps down once that
    // configuration is committed.
    if (state_ == State::Leader && !is_member(self_) && commit_ >= config_index_) {
        ctx.log(LogLevel::Info, self_ + " committed its own removal (entry " + std::to_string(config_index_) +
                                    ") and steps down");
        become_follower(ctx, term_, std::nullopt, Text{"removed from the cluster", "已从集群移除"});
    }
}

void RaftRole::followers_changed(Index next) {
    std::vector<NodeId> followers;
    for (const auto& id : members_)
        if (id != self_)
            followers.push_back(id);
    if (leaving_ && *leaving_ != self_)
        followers.push_back(*leaving_);
    tracker_.track(followers, next);
}

// ---------------------------------------------------------------------------------------------
// Clients

void RaftRole::reply_not_leader(Context& ctx, const Message& msg) {
    ctx.count("not_leader");
    ctx.reply(msg, {{"ok", false}, {"error", "not_leader"}, {"leader", id_or_null(leader_)}}, kv::kReplyType);
}

void RaftRole::handle_client(Context& ctx, const Message& msg) {
    // The network may deliver a request twice. A copy of one this node proposed must not run
    // again (a cas would then answer cas_mismatch for its own write) nor be refused as
    // not_leader (its first copy may still commit): it gets the first copy's answer, or none
    // while that is unknown.
    if (auto answer = clients_.duplicate(msg, ctx.now())) {
        ctx.count("duplicate_requests");
        if (!answer->is_null())
            ctx.reply(msg, std::move(*answer), kv::kReplyType);
        return;
    }
    if (state_ != State::Leader) {
        hold_or_refuse(ctx, msg);
        return;
    }
    auto request = kv::decode_request(msg.body);
    if (!request) {
        ctx.count("malformed");
        ctx.reply(msg, {{"ok", false}, {"error", "bad_request"}, {"detail", request.error().message}}, kv::kReplyType);
        return;
    }
    if (request->op == kv::Op::Get && config_.read_mode != ReadMode::Log) {
        serve_read(ctx, msg, request->key);
        return;
    }
    const Index index = propose(ctx, make_command(term_, *request));
    ctx.count("proposals");
    clients_.proposed(index, msg, ctx.now());
}

// A follower whose leader went quiet (or a candidate) does not know where requests should go:
// like etcd's followers, which keep a proposal until a leader exists, it holds them until a leader
// is heard from (it then points them there), it wins the election itself (it serves them), or
// an election timeout passes (it refuses them). A follower that hears its leader refuses at once,
// naming it.
void RaftRole::hold_or_refuse(Context& ctx, const Message& msg) {
    const bool leader_alive = leader_ && last_heard_leader_ >= Duration(0) &&
                              ctx.now() - last_heard_leader_ <= kLeaderSilenceHeartbeats * config_.heartbeat;
    if (state_ == State::NonMember || leader_alive || held_.size() >= kMaxHeldRequests) {
        reply_not_leader(ctx, msg);
        return;
    }
    if (held_.empty())
        ctx.set_timer(kHoldTimer, config_.election_max);
    held_.push_back({ctx.now(), msg});
    ctx.count("requests_held");
}

void RaftRole::release_held(Context& ctx) {
    if (held_.empty())
        return;
    ctx.cancel_timer(kHoldTimer);
    auto held = std::exchange(held_, {});
    for (const auto& h : held) {
        if (state_ == State::Leader)
            handle_client(ctx, h.request);
        else
            reply_not_leader(ctx, h.request);
    }
}

void RaftRole::expire_held(Context& ctx) {
    while (!held_.empty() && ctx.now() - held_.front().since >= config_.election_max) {
        reply_not_leader(ctx, held_.front().request);
        held_.pop_front();
    }
    if (!held_.empty())
        ctx.set_timer(kHoldTimer, held_.front().since + config_.election_max - ctx.now());
}

// Thesis §6.4: a read is served at the commit index once (1) the leader has committed an
// entry of its term, (2) a heartbeat round sent after the read arrived confirmed it still
// leads, and (3) the state machine has applied up to that index. With a lease (§6.4.1), (2)
// is skipped while a majority answered within the lease.
void RaftRole::serve_read(Context& ctx, const Message& msg, const std::string& key) {
    const Index read_index = std::max(commit_, term_start_index_);
    if (config_.read_mode == ReadMode::Lease && lease_valid(ctx) && kv_.applied_index() >= read_index) {
        ctx.count("lease_reads");
        answer_read(ctx, msg, key);
        return;
    }
    reads_.add(msg, key, read_index);
    release_reads(ctx);
}

void RaftRole::release_reads(Context& ctx) {
    if (state_ != State::Leader)
        return;
    for (;;) {
        const std::uint64_t confirmed = tracker_.quorum_seq(members_, self_, reads_.round());
        reads_.confirm(confirmed);
        if (commit_ >= term_start_index_)
            for (const auto& r : reads_.take_ready(confirmed, kv_.applied_index()))
                answer_read(ctx, r.request, r.key);
        if (!reads_.start_round_if_needed())
            return;
        broadcast(ctx);                          // a one-node cluster confirms it at once: loop
    }
}

bool RaftRole::lease_valid(const Context& ctx) const {
    if (commit_ < term_start_index_)
        return false;
    const std::int64_t start = tracker_.quorum_sent(members_, self_, ctx.now().count());
    if (start < 0)
        return false;
    const auto lease = Duration(static_cast<std::int64_t>(
        static_cast<double>(config_.election_min.count()) * (1.0 - kLeaseDriftMargin)));
    return ctx.now() < Duration(start) + lease;
}

void RaftRole::answer_read(Context& ctx, const Message& request, const std::string& key) {
    const auto value = kv_.get(key);
    ctx.count("reads");
    ctx.reply(request, {{"ok", true}, {"value", value ? Json(*value) : Json(nullptr)}}, kv::kReplyType);
}

// ---------------------------------------------------------------------------------------------
// Lab commands: single-server membership changes (thesis §4.1)

void RaftRole::handle_lab(Context& ctx, const Message& msg) {
    if (msg.type != "add_server" && msg.type != "remove_server") {
        ctx.reply(msg, {{"ok", false}, {"error", "unknown command " + msg.type}});
        return;
    }
    const bool add = msg.type == "add_server";
    const std::string id = msg.body.is_object() && msg.body.contains("id") && msg.body["id"].is_string()
                               ? msg.body["id"].get<std::string>()
                               : std::string();
    auto refuse = [&](const std::string& error, const std::string& why) {
        ctx.log(LogLevel::Info, self_ + " cannot " + (add ? "add " : "remove ") + (id.empty() ? "?" : id) + ": " + why);
        ctx.reply(msg, {{"ok", false}, {"error", error}, {"leader", id_or_null(leader_)}});
    };
    if (state_ != State::Leader)
        return refuse("not_leader", "it is not the leader (leader: " + leader_.value_or("unknown") + ")");
    if (id.empty() || (id != self_ && std::ranges::find(ctx.peers(), id) == ctx.peers().end()))
        return refuse("unknown_node", "no node \"" + id + "\" in this scenario");
    // Thesis §4.1: one change at a time, and (the fix of §4.1's bug) only after the leader
    // committed an entry of its own term.
    if (config_index_ > commit_)
        return refuse("change_in_progress", "entry " + std::to_string(config_index_) + " is not committed yet");
    if (commit_ < term_start_index_)
        return refuse("change_in_progress", "this leader has not committed an entry of its term yet");
    std::vector<NodeId> next = members_;
    if (add == is_member(id)) {
        ctx.reply(msg, {{"ok", true}, {"members", members_}});
        return;
    }
    if (add) {
        next.push_back(id);
        std::ranges::sort(next);
    } else {
        std::erase(next, id);
        if (next.empty())
            return refuse("last_member", "a cluster cannot remove its last member");
    }
    // Thesis §4.1: the new configuration takes effect as soon as its entry is appended.
    const Index index = propose(ctx, make_config(term_, next));
    ctx.count("membership_changes");
    ctx.log(LogLevel::Info, self_ + (add ? " adds " : " removes ") + id + ": configuration " + join(next) +
                                " at entry " + std::to_string(index));
    ctx.reply(msg, {{"ok", true}, {"index", index}, {"members", next}});
    replicate_all(ctx);
}

// ---------------------------------------------------------------------------------------------
// Commit, apply, compaction

void RaftRole::set_commit(Context& ctx, Index commit) {
    commit = std::min(commit, log_.last_index());
    if (commit <= commit_)
        return;
    ctx.count("commits", static_cast<double>(commit - commit_));
    commit_ = commit;
    apply_committed(ctx);
}

void RaftRole::apply_committed(Context& ctx) {
    const bool leader = state_ == State::Leader;
    while (kv_.applied_index() < commit_ && kv_.applied_index() + 1 >= log_.first_index()) {
        const Index index = kv_.applied_index() + 1;
        const Entry& entry = log_.at(index);
        Json result = kv_.apply(index, entry);
        ctx.count("applied");
        hash_history_.emplace_back(index, kv_.applied_hash());
        if (hash_history_.size() > kHashHistory)
            hash_history_.pop_front();
        if (entry.kind == EntryKind::Config && index == config_index_)
            ctx.log(LogLevel::Info, "configuration " + join(members_) + " committed (entry " + std::to_string(index) + ")");
        if (!leader)
            continue;
        auto pending = clients_.applied(index, result);
        if (!pending || entry.kind != EntryKind::Command)
            continue;
        ctx.count(entry.text.starts_with("get ") ? "reads" : "writes");
        ctx.observe("commit_latency_ms", to_ms(ctx.now() - pending->proposed_at));
        ctx.reply(pending->request, std::move(result), kv::kReplyType);
    }
    if (leader)
        release_reads(ctx);
    maybe_compact(ctx);
}

std::vector<NodeId> RaftRole::members_at(Index index) const {
    if (auto config = log_.last_config_at_or_before(index))
        return config_members(log_.at(*config));
    if (snapshot_)
        return snapshot_->members;
    return initial_members_;
}

// Thesis §5.1: once enough entries are applied, the state machine's state replaces them.
void RaftRole::maybe_compact(Context& ctx) {
    if (config_.snapshot_threshold <= 0)
        return;
    const Index applied = kv_.applied_index();
    if (applied - log_.snapshot_index() < static_cast<Index>(config_.snapshot_threshold))
        return;
    SnapshotData s{applied, *log_.term_at(applied), members_at(applied), kv_.to_json()};
    if (auto saved = disk_->save_snapshot(s); !saved) {
        ctx.count("storage_errors");
        ctx.log(LogLevel::Error, "cannot store a snapshot: " + saved.error().message);
        return;
    }
    log_.compact_to(s.index, s.term);
    snapshot_ = std::move(s);
    // The records the snapshot covers are skipped when the log is read back, so the log file is
    // replaced (a slow write) only once they outnumber a few snapshots' worth.
    if (disk_->log_records() >= kDeadLogRecordsFactor * static_cast<std::size_t>(config_.snapshot_threshold))
        persist_log_rewrite(ctx);
    ctx.count("snapshots_taken");
    ctx.log(LogLevel::Debug, "snapshot at entry " + std::to_string(applied) + "; log now starts at " +
                                 std::to_string(log_.first_index()));
}

// ---------------------------------------------------------------------------------------------
// Configuration

bool RaftRole::is_member(const NodeId& id) const {
    return std::ranges::find(members_, id) != members_.end();
}

void RaftRole::refresh_members(Context& ctx) {
    const auto config = log_.last_config_at_or_before(log_.last_index());
    std::vector<NodeId> next = members_at(log_.last_index());
    config_index_ = config.value_or(0);
    if (next == members_)
        return;
    const bool first = members_.empty();
    std::vector<NodeId> previous = std::exchange(members_, std::move(next));
    if (!first)
        ctx.log(LogLevel::Info, self_ + " now uses configuration " + join(members_));
    if (state_ == State::Leader) {
        // A removed server still gets entries until it holds the configuration that removes it,
        // so it learns to stop campaigning (thesis §4.2.3's disruptive servers); it never counts
        // in a majority.
        leaving_.reset();
        for (const auto& id : previous)
            if (id != self_ && !is_member(id))
                leaving_ = id;
        // A server just added gets the configuration entry at once (and backs up from there).
        followers_changed(log_.last_index());
        for (const auto& [id, p] : tracker_.all())
            replicate(ctx, id);
        return;
    }
    if (first)
        return;
    if (!is_member(self_) && state_ != State::NonMember) {
        ctx.log(LogLevel::Info, self_ + " is no longer a member: it stops campaigning");
        enter(ctx, State::NonMember, Text{"removed from the cluster", "已从集群移除"});
        ctx.cancel_timer(kElectionTimer);
        release_held(ctx);
    } else if (is_member(self_) && state_ == State::NonMember) {
        ctx.log(LogLevel::Info, self_ + " joins the cluster as a follower");
        enter(ctx, State::Follower, Text{"added to the cluster", "已加入集群"});
        arm_election_timer(ctx);
    }
}

// ---------------------------------------------------------------------------------------------
// Durability

bool RaftRole::persist_meta(Context& ctx, bool store_vote) {
    // The teaching bug (store_vote false): the vote leaves, but the disk does not remember it.
    const std::optional<NodeId> vote = store_vote ? voted_for_ : std::nullopt;
    if (auto ok = disk_->save_meta(term_, vote); !ok) {
        ctx.count("storage_errors");
        ctx.log(LogLevel::Error, "cannot store term and vote: " + ok.error().message);
        return false;
    }
    return true;
}

// Entries proposed but not yet synced (unsynced_from_) are written too: the file never skips one.
bool RaftRole::persist_log_from(Context& ctx, Index from) {
    if (unsynced_from_ != 0)
        from = std::min(from, unsynced_from_);
    if (auto ok = disk_->append(log_, from); !ok) {
        ctx.count("storage_errors");
        ctx.log(LogLevel::Error, "cannot append to the log: " + ok.error().message);
        return false;
    }
    unsynced_from_ = 0;
    return true;
}

bool RaftRole::persist_log_rewrite(Context& ctx) {
    if (auto ok = disk_->rewrite(log_); !ok) {
        ctx.count("storage_errors");
        ctx.log(LogLevel::Error, "cannot rewrite the log: " + ok.error().message);
        return false;
    }
    unsynced_from_ = 0;
    return true;
}

// ---------------------------------------------------------------------------------------------
// Checks, metrics, snapshot

// A snapshot at an index we applied ourselves must carry our own hash there: otherwise two
// state machines applied different commands at the same index.
void RaftRole::check_state_violations(Context& ctx, Index index, std::uint64_t hash) {
    for (const auto& [i, h] : hash_history_)
        if (i == index && h != hash)
            ctx.violation(Text{"state machines diverge at entry " + std::to_string(index) + ": applied hash " +
                                   KvStateMachine::hash_text(h) + " here, " + KvStateMachine::hash_text(hash) + " in the snapshot",
                               "状态机在条目 " + std::to_string(index) + " 处分叉：此处应用后的哈希为 " +
                                   KvStateMachine::hash_text(h) + "，快照中为 " + KvStateMachine::hash_text(hash)});
}

void RaftRole::publish_gauges(Context& ctx) const {
    ctx.gauge("term", static_cast<double>(term_));
    ctx.gauge("commit_index", static_cast<double>(commit_));
    ctx.gauge("applied_index", static_cast<double>(kv_.applied_index()));
    ctx.gauge("log_entries", static_cast<double>(log_.last_index() - log_.snapshot_index()));
    ctx.gauge("is_leader", state_ == State::Leader ? 1.0 : 0.0);
    ctx.gauge("members", static_cast<double>(members_.size()));
}

void RaftRole::enter(Context& ctx, State state, Text reason) {
    state_ = state;
    ctx.phase(describe_state(), std::move(reason));
}

std::string RaftRole::describe_state() const {
    switch (state_) {
    case State::Follower: return "follower";
    case State::PreCandidate: return "pre-candidate";
    case State::Candidate: return "candidate";
    case State::Leader: return "leader";
    case State::NonMember: return "non-member";
    }
    return "follower";
}

Json RaftRole::snapshot() const {
    Json entries = Json::array();
    const Index last = log_.last_index();
    const Index from = std::max<Index>(log_.first_index(), last >= kSnapshotWindow ? last - kSnapshotWindow + 1 : 1);
    for (Index i = from; i <= last; ++i)
        entries.push_back(Json::array({i, log_.at(i).term, log_.at(i).text}));
    Json peers = Json::object();
    if (state_ == State::Leader)
        for (const auto& [id, p] : tracker_.all())
            peers[id] = {{"next", p.next}, {"match", p.match}, {"inflight", p.inflight}};
    return {{"role", describe_state()},
            {"term", term_},
            {"voted_for", id_or_null(voted_for_)},
            {"leader", id_or_null(leader_)},
            {"commit", commit_},
            {"applied", kv_.applied_index()},
            {"log", {{"first_index", log_.first_index()}, {"last_index", last}, {"last_term", log_.last_term()},
                     {"entries", std::move(entries)}}},
            {"snapshot", {{"index", log_.snapshot_index()}, {"term", log_.snapshot_term()}}},
            {"members", members_},
            {"peers", std::move(peers)},
            {"applied_hash", {{"index", kv_.applied_index()}, {"hash", KvStateMachine::hash_text(kv_.applied_hash())}}},
            {"kv_size", kv_.size()},
            {"held_requests", held_.size()}};
}

}  // namespace distlab::core::raft
