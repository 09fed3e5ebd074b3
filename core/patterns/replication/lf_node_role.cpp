#include "core/patterns/replication/lf_node_role.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <sstream>
#include <utility>

#include "core/patterns/common/client.h"
#include "core/patterns/replication/write_ids.h"

namespace distlab::core::replication {

namespace {

constexpr TimerId kHeartbeatTimer{1};
constexpr TimerId kSemiSyncTimer{2};
constexpr TimerId kFlushTimer{3};
constexpr const char* kLogKey = "lf_log";
constexpr const char* kEpochKey = "lf_epoch";
// Entries in one append at most: a replica far behind catches up over several heartbeats.
constexpr std::int64_t kMaxBatch = 256;
// A replica that hears nothing from its primary for this many heartbeats counts its lag up.
constexpr int kSilentHeartbeats = 4;

double ms(Duration d) { return to_ms(d); }

Json optional_node(const NodeId& node) { return node.empty() ? Json(nullptr) : Json(node); }

}  // namespace

std::string_view to_string(ReplicationMode mode) {
    switch (mode) {
    case ReplicationMode::Async: return "async";
    case ReplicationMode::SemiSync: return "semi_sync";
    case ReplicationMode::Sync: return "sync";
    }
    return "async";
}

const ParamList<LfNodeConfig>& LfNodeConfig::params() {
    using C = LfNodeConfig;
    static const ParamList<C> list = ParamList<C>{}
        .nodes("members", &C::members, nullptr,
               "The lf-nodes of the replication group, this one included",
               "复制组中的 lf-node 节点，包括本节点")
        .node("primary", &C::primary, nullptr,
              "The primary at first start; the others start as its replicas (a restarted node always "
              "comes back as a replica)",
              "首次启动时的主库；其余节点作为它的从库启动（重启的节点总是以从库身份恢复）")
        .choice("replication", &C::replication, "async",
                {{"async", ReplicationMode::Async}, {"semi_sync", ReplicationMode::SemiSync},
                 {"sync", ReplicationMode::Sync}},
                "When the primary acknowledges a write: async at once (replicas follow later); semi_sync once "
                "wait_for_replica_count replicas hold it, falling back to async after semi_sync_timeout "
                "(as MySQL's semi-synchronous replication); sync once every replica holds it",
                "主库何时确认写入：async 立即确认（从库随后跟上）；semi_sync 在 wait_for_replica_count 个从库"
                "持有后确认，超过 semi_sync_timeout 则退回异步（如 MySQL 半同步复制）；sync 在所有从库都持有后确认")
        .choice("wait_point", &C::wait_point, "after_sync",
                {{"after_sync", WaitPoint::AfterSync}, {"after_commit", WaitPoint::AfterCommit}},
                "Semi-sync and sync: after_sync (MySQL's default) shows a write to readers only once it is "
                "acknowledged; after_commit shows it at once while its writer waits for the replicas "
                "(MySQL's rpl_semi_sync_source_wait_point)",
                "半同步与同步：after_sync（MySQL 的默认值）在写入被确认后才对读者可见；after_commit 立即可见，"
                "而写入者仍在等待从库确认（即 MySQL 的 rpl_semi_sync_source_wait_point）")
        .integer("wait_for_replica_count", &C::wait_for_replica_count, 1,
                 "Semi-sync: replica acknowledgements a write waits for (MySQL's "
                 "rpl_semi_sync_source_wait_for_replica_count, default 1)",
                 "半同步：一次写入需等待的从库确认数（即 MySQL 的 rpl_semi_sync_source_wait_for_replica_count，"
                 "默认 1）",
                 {.min = 1, .max = 100})
        .duration("semi_sync_timeout", &C::semi_sync_timeout, "1s",
                  "Semi-sync: how long a write waits for its acknowledgements before the primary quietly falls "
                  "back to asynchronous replication, until a replica catches up again (MySQL's "
                  "rpl_semi_sync_source_timeout, 10 s by default; 1 s here to keep runs short)",
                  "半同步：写入等待确认的时长，超时后主库悄然退回异步复制，直到有从库重新追上（即 MySQL 的 "
                  "rpl_semi_sync_source_timeout，默认 10 s；此处取 1 s 以缩短运行时间）",
                  {.min = 1})
        .duration("heartbeat", &C::heartbeat, "50ms",
                  "The primary sends every replica what it lacks (or an empty append) this often",
                  "主库按此间隔向每个从库发送其缺少的日志（或空的追加消息）", {.min = 1})
        .boolean("fencing", &C::fencing, false,
                 "Fencing by epoch: the primary serves only while a replica acknowledged an append at its epoch "
                 "within `lease` (as Redis' min-replicas-to-write 1 with min-replicas-max-lag), so a primary cut "
                 "off from its replicas stops before the monitor promotes another; off, it keeps accepting "
                 "writes (split brain). Not consensus: a primary that still reaches a replica the monitor cannot "
                 "see keeps its lease",
                 "按纪元隔离旧主库：主库只在 lease 时间内有从库确认过本纪元的追加时才提供服务（如 Redis 的 "
                 "min-replicas-to-write 1 配合 min-replicas-max-lag），与从库失联的主库在监控者提升新主库之前"
                 "就停止服务；关闭时它继续接受写入（脑裂）。这不是共识：仍能联系到某个监控者看不到的从库的主库会保有租约")
        .duration("lease", &C::lease, "500ms",
                  "Fencing: how recent a replica's acknowledgement must be for the primary to serve; keep it "
                  "below the monitor's down_after",
                  "隔离：主库提供服务所需的从库确认的最长时效；应小于监控者的 down_after", {.min = 1})
        .boolean("fsync", &C::fsync, true,
                 "Each log write reaches the disk before it is acknowledged or applied",
                 "每次日志写入在确认或应用之前先落盘");
    return list;
}

LfNodeRole::LfNodeRole(LfNodeConfig config) : config_(std::move(config)) {}

void LfNodeRole::start(Context& ctx) {
    self_ = ctx.self();
    const auto stored_epoch = ctx.storage().read(kEpochKey);
    const auto stored_log = ctx.storage().read(kLogKey);
    if (!stored_epoch || !stored_log) {
        ctx.log(LogLevel::Error, "cannot read the node's log from disk");
        ctx.phase("replica", Text{"cannot read its log", "无法读取自己的日志"});
        return;
    }
    if (*stored_epoch) {
        // A restart: the log and the epoch from disk; back as a replica, the primary unknown.
        epoch_ = std::max<std::int64_t>(1, std::atoll((*stored_epoch)->c_str()));
        std::istringstream lines((*stored_log).value_or(""));
        std::string line;
        while (std::getline(lines, line)) {
            auto entry = Entry::from_json(Json::parse(line, nullptr, false));
            if (!entry) {
                ctx.log(LogLevel::Error, "log entry " + std::to_string(log_.size() + 1) +
                                             " unreadable (" + entry.error().message + "): the log ends before it");
                break;
            }
            log_.push_back(std::move(*entry));
        }
        commit_ = length();
        durable_ = length();
        rebuild_state();
        is_primary_ = false;
        primary_.clear();
        update_phase(ctx, Text{"restarted with " + std::to_string(log_.size()) + " entries at epoch " + std::to_string(epoch_),
                               "以纪元 " + std::to_string(epoch_) + " 和 " + std::to_string(log_.size()) + " 条日志重启"});
    } else {
        persist_epoch(ctx);
        is_primary_ = config_.primary == self_;
        primary_ = config_.primary;
        if (is_primary_) {
            for (const NodeId& m : config_.members)
                if (m != self_)
                    replicas_[m] = Peer{};
            sync_replicas_.clear();
            for (const auto& [m, p] : replicas_)
                sync_replicas_.push_back(m);
            primary_since_ = ctx.now();
            if (config_.replication == ReplicationMode::SemiSync)
                ctx.gauge("semi_sync_on", 1);
        }
        update_phase(ctx, is_primary_ ? Text{"the initial primary, ", "初始主库，"} + std::string(to_string(config_.replication)) +
                                            Text{" replication", " 复制"}
                                      : Text{"replica of " + primary_, primary_ + " 的从库"});
    }
    ctx.set_timer(kHeartbeatTimer, config_.heartbeat);
}

void LfNodeRole::persist_epoch(Context& ctx) {
    if (auto r = ctx.storage().write(kEpochKey, std::to_string(epoch_), config_.fsync); !r)
        ctx.log(LogLevel::Error, "cannot store the epoch: " + r.error().message);
}

void LfNodeRole::rebuild_state() {
    state_.clear();
    tip_.clear();
    for (std::int64_t i = 0; i < length(); ++i) {
        tip_[log_[i].key] = log_[i].value;
        if (i < commit_)
            state_[log_[i].key] = log_[i].value;
    }
}

void LfNodeRole::append_local(Context&, Entry entry) {
    unsynced_ += entry.to_json().dump() + "\n";
    tip_[entry.key] = entry.value;
    log_.push_back(std::move(entry));
}

void LfNodeRole::sync_log(Context& ctx) {
    if (unsynced_.empty())
        return;
    if (auto r = ctx.storage().append(kLogKey, unsynced_, config_.fsync); !r)
        ctx.log(LogLevel::Error, "cannot append to the log: " + r.error().message);
    ctx.observe("commit_group", static_cast<double>(length() - durable_));
    unsynced_.clear();
    durable_ = length();
}

void LfNodeRole::truncate(Context& ctx, std::int64_t new_length) {
    if (new_length >= length())
        return;
    ctx.log(LogLevel::Warn, "cutting " + std::to_string(length() - new_length) +
                                " entries the primary does not have from the log (from index " +
                                std::to_string(new_length + 1) + ")");
    ctx.count("entries_discarded", static_cast<double>(length() - new_length));
    log_.resize(static_cast<std::size_t>(new_length));
    commit_ = std::min(commit_, new_length);
    unsynced_.clear();
    durable_ = new_length;
    std::string text;
    for (const Entry& e : log_)
        text += e.to_json().dump() + "\n";
    if (auto r = ctx.storage().write(kLogKey, text, config_.fsync); !r)
        ctx.log(LogLevel::Error, "cannot rewrite the log: " + r.error().message);
    rebuild_state();
}

void LfNodeRole::on_message(Context& ctx, const Message& msg) {
    if (msg.type == kv::kRequestType)
        handle_kv(ctx, msg);
    else if (msg.type == kAppend)
        handle_append(ctx, msg);
    else if (msg.type == kAppendReply)
        handle_append_reply(ctx, msg);
    else if (msg.type == kStatus)
        handle_status(ctx, msg);
    else if (msg.type == kPromote)
        handle_promote(ctx, msg);
    else if (msg.type == kFollow)
        handle_follow(ctx, msg);
    else
        ignore_stray_message(ctx, msg, "");
}

// ---- the primary's side ----

bool LfNodeRole::holds_lease(Duration now) const {
    if (!config_.fencing || replicas_.empty())
        return true;
    if (now - primary_since_ < config_.lease)
        return true;
    return std::any_of(replicas_.begin(), replicas_.end(), [&](const auto& r) {
        return r.second.acked_at && now - *r.second.acked_at < config_.lease;
    });
}

void LfNodeRole::handle_kv(Context& ctx, const Message& msg) {
    auto request = kv::decode_request(msg.body);
    if (!request) {
        ctx.count("malformed");
        ctx.reply(msg, {{"ok", false}, {"error", request.error().message}}, kv::kReplyType);
        return;
    }
    if (!leading()) {
        ctx.reply(msg, {{"ok", false}, {"error", "not_leader"}, {"leader", optional_node(primary_)}},
                  kv::kReplyType);
        return;
    }
    if (!holds_lease(ctx.now())) {
        ++refused_fenced_;
        ctx.count("refused_fenced");
        update_phase(ctx, Text{"no replica acknowledged within the lease", "租约内没有从库确认"});
        ctx.reply(msg, {{"ok", false}, {"error", "unavailable"}}, kv::kReplyType);
        return;
    }
    const kv::Request& r = *request;
    if (r.op == kv::Op::Get) {
        const auto& visible = config_.wait_point == WaitPoint::AfterCommit ? tip_ : state_;
        const auto it = visible.find(r.key);
        ctx.reply(msg, {{"ok", true}, {"value", it == visible.end() ? Json(nullptr) : Json(it->second)}},
                  kv::kReplyType);
        return;
    }
    if (r.op == kv::Op::Cas) {
        const auto it = tip_.find(r.key);
        const std::optional<std::string> current =
            it == tip_.end() ? std::nullopt : std::optional<std::string>(it->second);
        if (current != r.from) {
            // Answered once what it compared against is committed.
            pending_.push_back({length(), msg,
                                {{"ok", false}, {"error", "cas_mismatch"},
                                 {"value", current ? Json(*current) : Json(nullptr)}},
                                ctx.now()});
            try_commit(ctx);
            return;
        }
    }
    append_local(ctx, Entry{.epoch = epoch_, .key = r.key, .value = *r.value,
                            .at_ms = static_cast<std::int64_t>(ms(ctx.now()))});
    pending_.push_back({length(), msg, {{"ok", true}}, ctx.now()});
    if (config_.replication == ReplicationMode::Async) {
        // Acknowledged as soon as it is on this disk: each write alone, at once.
        sync_log(ctx);
        replicate(ctx);
        try_commit(ctx);
        return;
    }
    if (!flush_armed_) {
        flush_armed_ = true;
        ctx.set_timer(kFlushTimer, Duration(0));
    }
}

void LfNodeRole::send_append(Context& ctx, const NodeId& to, Peer& peer, std::int64_t from) {
    from = std::clamp<std::int64_t>(from, 1, durable_ + 1);
    const std::int64_t prev = from - 1;
    Json entries = Json::array();
    const std::int64_t last = std::min(durable_, prev + kMaxBatch);
    for (std::int64_t i = from; i <= last; ++i)
        entries.push_back(log_[i - 1].to_json());
    ctx.send(to, kAppend,
             {{"epoch", epoch_},
              {"prev_index", prev},
              {"prev_epoch", prev == 0 ? 0 : log_[prev - 1].epoch},
              {"entries", std::move(entries)},
              {"head", durable_},
              {"sent_at_ms", ms(ctx.now())}});
    peer.next = last + 1;
}

void LfNodeRole::replicate(Context& ctx) {
    for (auto& [node, peer] : replicas_)
        if (peer.next <= durable_)
            send_append(ctx, node, peer, peer.next);
}

std::int64_t LfNodeRole::commit_target() const {
    const bool async = config_.replication == ReplicationMode::Async ||
                       (config_.replication == ReplicationMode::SemiSync && !semi_sync_on_);
    if (async || replicas_.empty())
        return length();
    if (config_.replication == ReplicationMode::Sync) {
        std::int64_t target = length();
        for (const NodeId& r : sync_replicas_) {
            const auto it = replicas_.find(r);
            target = std::min(target, it == replicas_.end() ? 0 : it->second.match);
        }
        return target;
    }
    std::vector<std::int64_t> matches;
    for (const auto& [node, peer] : replicas_)
        matches.push_back(peer.match);
    const auto k = static_cast<std::size_t>(config_.wait_for_replica_count);
    if (matches.size() < k)
        return commit_;
    std::nth_element(matches.begin(), matches.begin() + static_cast<std::ptrdiff_t>(k - 1), matches.end(),
                     std::greater<>());
    return matches[k - 1];
}

std::int64_t LfNodeRole::replicas_holding(std::int64_t index) const {
    return std::count_if(replicas_.begin(), replicas_.end(), [&](const auto& r) { return r.second.match >= index; });
}

void LfNodeRole::try_commit(Context& ctx) {
    if (!leading())
        return;
    if (config_.fencing && !holds_lease(ctx.now()))
        return;   // nothing acknowledged while fenced: the writes waiting are unknown, not lost
    const std::int64_t target = std::min(commit_target(), durable_);
    if (target > commit_) {
        for (std::int64_t i = commit_; i < target; ++i)
            state_[log_[i].key] = log_[i].value;
        commit_ = target;
    }
    while (!pending_.empty() && pending_.front().index <= commit_) {
        const Pending& p = pending_.front();
        if (p.reply.value("ok", false)) {
            ++writes_acked_;
            ctx.count("writes_acked");
            ctx.observe("ack_wait_ms", ms(ctx.now() - p.since));
        }
        ctx.reply(p.request, p.reply, kv::kReplyType);
        pending_.pop_front();
    }
    if (config_.replication == ReplicationMode::SemiSync) {
        if (!semi_sync_on_ && replicas_holding(length()) >= config_.wait_for_replica_count) {
            // Back on once enough replicas hold the whole log again.
            semi_sync_on_ = true;
            ctx.gauge("semi_sync_on", 1);
            update_phase(ctx, Text{"replicas caught up: semi-synchronous again", "从库已追上：恢复半同步"});
        }
        if (semi_sync_on_ && !pending_.empty())
            ctx.set_timer(kSemiSyncTimer, std::max(Duration(0), pending_.front().since + config_.semi_sync_timeout -
                                                                    ctx.now()));
    }
    ctx.gauge("pending_acks", static_cast<double>(pending_.size()));
}

void LfNodeRole::handle_append_reply(Context& ctx, const Message& msg) {
    auto epoch = int_field(msg.body, "epoch", 1);
    if (!epoch) {
        ctx.count("malformed");
        ctx.log(LogLevel::Warn, "lf_append_reply from " + msg.from + ": " + epoch.error().message);
        return;
    }
    if (*epoch > epoch_) {
        become_replica(ctx, *epoch, "", msg.from + Text{" is at epoch ", " 处于纪元 "} + std::to_string(*epoch) +
                                            Text{": stepping down", "：退位"});
        return;
    }
    if (*epoch < epoch_ || !leading())
        return;
    auto it = replicas_.find(msg.from);
    if (it == replicas_.end())
        it = replicas_.emplace(msg.from, Peer{.match = 0, .next = length() + 1}).first;
    Peer& peer = it->second;
    // The lease runs from when the answered append was sent (its echo), never from the answer's
    // arrival: answers that waited while this primary was paused prove nothing about now.
    if (const auto sent = msg.body.find("sent_at_ms"); sent != msg.body.end() && sent->is_number()) {
        const Duration sent_at(static_cast<std::int64_t>(std::llround(sent->get<double>() * 1e6)));
        if (sent_at <= ctx.now() && (!peer.acked_at || sent_at > *peer.acked_at))
            peer.acked_at = sent_at;
    }
    const auto len = int_field(msg.body, "length", 0);
    const bool ok = msg.body.value("ok", false);
    if (len) {
        const std::int64_t held = std::min(*len, length());
        if (ok) {
            peer.match = std::max(peer.match, held);
            peer.next = std::max(peer.next, peer.match + 1);
            // Sync: a replica that holds every acknowledged write joins the replicas each write
            // waits for (a deposed primary back as a replica, a replica the monitor left out),
            // and so becomes one the monitor may promote. None ever leaves the set.
            if (config_.replication == ReplicationMode::Sync && peer.match >= commit_ &&
                std::find(sync_replicas_.begin(), sync_replicas_.end(), msg.from) == sync_replicas_.end()) {
                sync_replicas_.push_back(msg.from);
                ctx.log(LogLevel::Info, msg.from + " holds every acknowledged write: writes now wait for it too");
            }
        } else {
            // A gap or a conflict: resend from where its log agrees with ours.
            peer.match = std::min(peer.match, held);
            send_append(ctx, msg.from, peer, held + 1);
        }
    }
    try_commit(ctx);
    update_phase(ctx, {});
}

void LfNodeRole::on_timer(Context& ctx, TimerId timer) {
    if (timer == kFlushTimer) {
        flush_armed_ = false;
        sync_log(ctx);
        if (leading()) {
            replicate(ctx);
            try_commit(ctx);
        }
        return;
    }
    if (timer == kSemiSyncTimer) {
        if (!leading() || config_.replication != ReplicationMode::SemiSync || !semi_sync_on_ || pending_.empty())
            return;
        if (ctx.now() - pending_.front().since < config_.semi_sync_timeout) {
            ctx.set_timer(kSemiSyncTimer, pending_.front().since + config_.semi_sync_timeout - ctx.now());
            return;
        }
        semi_sync_on_ = false;
        ++fallbacks_;
        ctx.count("semi_sync_fallbacks");
        ctx.gauge("semi_sync_on", 0);
        ctx.log(LogLevel::Warn, "no write got " + std::to_string(config_.wait_for_replica_count) +
                                    " replica acknowledgement(s) within " + format_duration(config_.semi_sync_timeout) +
                                    ": falling back to asynchronous replication");
        update_phase(ctx, Text{"semi-sync timed out after ", "半同步等待 "} + format_duration(config_.semi_sync_timeout) +
                              Text{": acknowledging without replicas", " 后超时：不等从库就确认"});
        try_commit(ctx);
        return;
    }
    if (timer != kHeartbeatTimer)
        return;
    ctx.set_timer(kHeartbeatTimer, config_.heartbeat);
    if (leading()) {
        for (auto& [node, peer] : replicas_)
            send_append(ctx, node, peer, peer.match + 1);
        try_commit(ctx);
        update_phase(ctx, Text{"no replica acknowledged within " + format_duration(config_.lease),
                               format_duration(config_.lease) + " 内没有从库确认"});
        return;
    }
    if (lag_ms_ && ctx.now() - heard_at_ > kSilentHeartbeats * config_.heartbeat) {
        // Nothing from the primary: at least this far behind what it had when it last spoke.
        lag_ms_ = ms(ctx.now() - synced_at_);
        lag_scale_ms_ = std::max(lag_scale_ms_, std::ceil(*lag_ms_ / 1000.0) * 1000.0);
        ctx.gauge("replication_lag_ms", *lag_ms_);
    }
}

// ---- the replica's side ----

void LfNodeRole::handle_append(Context& ctx, const Message& msg) {
    const Json& b = msg.body;
    auto epoch = int_field(b, "epoch", 1);
    auto prev_index = int_field(b, "prev_index", 0);
    auto prev_epoch = int_field(b, "prev_epoch", 0);
    auto head = int_field(b, "head", 0);
    const auto entries = b.is_object() ? b.find("entries") : b.end();
    std::string problem;
    if (!epoch)
        problem = epoch.error().message;
    else if (!prev_index)
        problem = prev_index.error().message;
    else if (!prev_epoch)
        problem = prev_epoch.error().message;
    else if (!head)
        problem = head.error().message;
    else if (entries == b.end() || !entries->is_array())
        problem = "\"entries\" must be an array";
    std::vector<Entry> incoming;
    if (problem.empty())
        for (const Json& j : *entries) {
            auto e = Entry::from_json(j);
            if (!e) {
                problem = e.error().message;
                break;
            }
            incoming.push_back(std::move(*e));
        }
    if (!problem.empty()) {
        ctx.count("malformed");
        ctx.log(LogLevel::Warn, "lf_append from " + msg.from + ": " + problem);
        ctx.reply(msg, {{"ok", false}, {"error", problem}});
        return;
    }
    if (*epoch < epoch_) {
        ctx.reply(msg, {{"ok", false}, {"epoch", epoch_}});
        return;
    }
    if (*epoch == epoch_ && leading()) {
        ctx.log(LogLevel::Warn, msg.from + " claims to be primary at my epoch " + std::to_string(epoch_));
        ctx.reply(msg, {{"ok", false}, {"epoch", epoch_}});
        return;
    }
    if (*epoch > epoch_ || primary_ != msg.from)
        become_replica(ctx, *epoch, msg.from, Text{"appends from " + msg.from + " at epoch " + std::to_string(*epoch),
                                                   "纪元 " + std::to_string(*epoch) + " 中来自 " + msg.from + " 的追加"});
    heard_at_ = ctx.now();
    // Every answer at the primary's epoch echoes when the primary sent this append: its lease runs
    // from that moment, not from when the answer arrives (an answer can wait in a paused primary's
    // socket for seconds).
    const auto answer = [&](Json body) {
        if (const auto sent = b.find("sent_at_ms"); sent != b.end() && sent->is_number())
            body["sent_at_ms"] = *sent;
        ctx.reply(msg, std::move(body));
    };
    if (*prev_index > length()) {
        answer({{"ok", false}, {"epoch", epoch_}, {"length", length()}});
        return;
    }
    if (*prev_index > 0 && log_[*prev_index - 1].epoch != *prev_epoch) {
        // Ours differs from the primary's there: drop every entry of that epoch from its first.
        const std::int64_t bad = log_[*prev_index - 1].epoch;
        std::int64_t first = *prev_index;
        while (first > 1 && log_[first - 2].epoch == bad)
            --first;
        truncate(ctx, first - 1);
        answer({{"ok", false}, {"epoch", epoch_}, {"length", length()}});
        return;
    }
    std::int64_t index = *prev_index;
    for (Entry& e : incoming) {
        ++index;
        if (index <= length()) {
            if (log_[index - 1].epoch == e.epoch)
                continue;   // held already
            truncate(ctx, index - 1);
        }
        append_local(ctx, std::move(e));
    }
    sync_log(ctx);   // one fsync for the whole append, before answering
    // A replica applies what it holds: it never answers reads, and a promotion starts from it.
    for (std::int64_t i = commit_; i < length(); ++i)
        state_[log_[i].key] = log_[i].value;
    commit_ = length();
    const double sent_at = b.value("sent_at_ms", ms(ctx.now()));
    if (length() >= *head) {
        lag_ms_ = std::max(0.0, ms(ctx.now()) - sent_at);
        synced_at_ = ctx.now() - Duration(static_cast<std::int64_t>(*lag_ms_ * 1e6));
    } else {
        lag_ms_ = ms(ctx.now() - synced_at_);
    }
    lag_scale_ms_ = std::max(lag_scale_ms_, std::ceil(*lag_ms_ / 1000.0) * 1000.0);
    ctx.gauge("replication_lag_ms", *lag_ms_);
    answer({{"ok", true}, {"epoch", epoch_}, {"length", length()}});
}

void LfNodeRole::become_replica(Context& ctx, std::int64_t epoch, NodeId primary, const Text& reason) {
    const bool was_primary = leading();
    if (epoch > epoch_) {
        epoch_ = epoch;
        persist_epoch(ctx);
    }
    is_primary_ = false;
    primary_ = std::move(primary);
    if (was_primary) {
        // Writes still waiting for acknowledgements stay unanswered: the client cannot know.
        if (!pending_.empty())
            ctx.log(LogLevel::Warn, std::to_string(pending_.size()) + " operations left unanswered on stepping down");
        pending_.clear();
        replicas_.clear();
        commit_ = length();
        rebuild_state();
        ctx.cancel_timer(kSemiSyncTimer);
    }
    update_phase(ctx, reason);
}

void LfNodeRole::update_phase(Context& ctx, Text reason) {
    std::string next;
    if (!leading())
        next = "replica";
    else if (!holds_lease(ctx.now()))
        next = "fenced";
    else if (config_.replication == ReplicationMode::SemiSync && !semi_sync_on_)
        next = "primary-async";
    else
        next = "primary";
    if (next == phase_)
        return;
    phase_ = next;
    if (reason.empty()) {
        const std::string epoch = std::to_string(epoch_);
        reason = next == "primary"   ? Text{"a replica acknowledged at epoch " + epoch, "纪元 " + epoch + " 有从库确认"}
                 : next == "replica" ? Text{"replica", "从库"}
                 : next == "fenced"  ? Text{"fenced", "已隔离"}
                                     : Text{next, "已退回异步"};
    }
    ctx.phase(next, std::move(reason));
}

// ---- the monitor's side ----

void LfNodeRole::handle_status(Context& ctx, const Message& msg) {
    Json sync = nullptr;
    if (leading() && config_.replication == ReplicationMode::Sync) {
        sync = Json::array();
        for (const NodeId& r : sync_replicas_)
            sync.push_back(r);
    }
    ctx.reply(msg, {{"mode", leading() ? "primary" : "replica"},
                    {"epoch", epoch_},
                    {"length", length()},
                    {"last_epoch", last_epoch()},
                    {"primary", optional_node(primary_)},
                    {"sync_replicas", std::move(sync)}});
}

void LfNodeRole::handle_promote(Context& ctx, const Message& msg) {
    auto epoch = int_field(msg.body, "epoch", 1);
    const auto sync = msg.body.is_object() ? msg.body.find("sync_replicas") : msg.body.end();
    if (!epoch || sync == msg.body.end() || !sync->is_array() ||
        !std::all_of(sync->begin(), sync->end(), [](const Json& n) { return n.is_string(); })) {
        ctx.count("malformed");
        const std::string problem = !epoch ? epoch.error().message : "\"sync_replicas\" must be an array of node ids";
        ctx.log(LogLevel::Warn, "lf_promote from " + msg.from + ": " + problem);
        ctx.reply(msg, {{"ok", false}, {"error", problem}});
        return;
    }
    if (*epoch <= epoch_) {
        ctx.reply(msg, {{"ok", false}, {"epoch", epoch_}});
        return;
    }
    epoch_ = *epoch;
    persist_epoch(ctx);
    is_primary_ = true;
    primary_ = self_;
    commit_ = length();
    rebuild_state();
    replicas_.clear();
    for (const NodeId& m : config_.members)
        if (m != self_)
            replicas_[m] = Peer{.match = 0, .next = length() + 1};
    sync_replicas_.clear();
    for (const Json& n : *sync)
        if (n.get<std::string>() != self_)
            sync_replicas_.push_back(n.get<std::string>());
    semi_sync_on_ = true;
    primary_since_ = ctx.now();
    if (config_.replication == ReplicationMode::SemiSync)
        ctx.gauge("semi_sync_on", 1);
    lag_ms_.reset();
    update_phase(ctx, Text{"promoted by " + msg.from + " at epoch " + std::to_string(epoch_) + " with " + std::to_string(length()) + " entries",
                           "由 " + msg.from + " 在纪元 " + std::to_string(epoch_) + " 提升，带着 " + std::to_string(length()) + " 条日志"});
    ctx.reply(msg, {{"ok", true}, {"epoch", epoch_}});
    for (auto& [node, peer] : replicas_)
        send_append(ctx, node, peer, peer.next);
}

void LfNodeRole::handle_follow(Context& ctx, const Message& msg) {
    auto epoch = int_field(msg.body, "epoch", 1);
    const auto primary = msg.body.is_object() ? msg.body.find("primary") : msg.body.end();
    if (!epoch || primary == msg.body.end() || !primary->is_string()) {
        ctx.count("malformed");
        const std::string problem = !epoch ? epoch.error().message : "\"primary\" must be a node id";
        ctx.log(LogLevel::Warn, "lf_follow from " + msg.from + ": " + problem);
        ctx.reply(msg, {{"ok", false}, {"error", problem}});
        return;
    }
    const NodeId who = primary->get<std::string>();
    if (*epoch == epoch_ && primary_ == who && !leading()) {
        ctx.reply(msg, {{"ok", true}, {"epoch", epoch_}});
        return;
    }
    if (*epoch < epoch_ || who == self_) {
        ctx.reply(msg, {{"ok", false}, {"epoch", epoch_}});
        return;
    }
    become_replica(ctx, *epoch, who, Text{"told by " + msg.from + " to follow " + who + " at epoch " + std::to_string(*epoch),
                                          msg.from + " 要求在纪元 " + std::to_string(*epoch) + " 跟随 " + who});
    ctx.reply(msg, {{"ok", true}, {"epoch", epoch_}});
}

Json LfNodeRole::snapshot() const {
    WriteIds writes;
    for (const Entry& e : log_)
        writes.add(e.value);
    Json replicas = Json::object();
    for (const auto& [node, peer] : replicas_)
        replicas[node] = {{"match", peer.match}, {"next", peer.next}};
    Json snap = {{"mode", leading() ? "primary" : "replica"},
                 {"epoch", epoch_},
                 {"primary", optional_node(primary_)},
                 {"replication", to_string(config_.replication)},
                 {"fencing", config_.fencing},
                 {"length", length()},
                 {"commit", commit_},
                 {"pending", pending_.size()},
                 {"lag_ms", lag_ms_ && !leading() ? Json(*lag_ms_) : Json(nullptr)},
                 {"lag_scale_ms", lag_scale_ms_},
                 {"semi_sync", config_.replication == ReplicationMode::SemiSync && leading()
                                   ? Json(semi_sync_on_ ? "on" : "off")
                                   : Json(nullptr)},
                 {"fallbacks", fallbacks_},
                 {"writes_acked", writes_acked_},
                 {"refused_fenced", refused_fenced_},
                 {"replicas", std::move(replicas)},
                 {"sync_replicas", sync_replicas_},
                 {"writes", writes.to_json()}};
    return snap;
}

}  // namespace distlab::core::replication
