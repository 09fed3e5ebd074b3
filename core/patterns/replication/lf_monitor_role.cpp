#include "core/patterns/replication/lf_monitor_role.h"

#include <algorithm>
#include <utility>

#include "core/patterns/common/client.h"
#include "core/patterns/replication/lf_protocol.h"

namespace distlab::core::replication {

namespace {

constexpr TimerId kTickTimer{1};

}  // namespace

const ParamList<LfMonitorConfig>& LfMonitorConfig::params() {
    using C = LfMonitorConfig;
    static const ParamList<C> list = ParamList<C>{}
        .nodes("members", &C::members, nullptr, "The lf-nodes it watches and fails over",
               "它监视并负责故障转移的 lf-node 节点")
        .node("primary", &C::primary, nullptr, "The primary at start", "启动时的主库")
        .duration("interval", &C::interval, "100ms", "Asks every node its mode, epoch and log this often",
                  "按此间隔询问每个节点的模式、纪元和日志", {.min = 1})
        .duration("down_after", &C::down_after, "800ms",
                  "A primary that has not answered for this long is failed over (as Redis Sentinel's "
                  "down-after-milliseconds; kept short here); keep it above the nodes' lease when they fence",
                  "主库超过此时长未应答即进行故障转移（如 Redis Sentinel 的 down-after-milliseconds；此处取较短值）；"
                  "节点启用隔离时应大于它们的 lease",
                  {.min = 1});
    return list;
}

LfMonitorRole::LfMonitorRole(LfMonitorConfig config) : config_(std::move(config)) {}

void LfMonitorRole::start(Context& ctx) {
    primary_ = config_.primary;
    primary_ok_at_ = ctx.now();
    ctx.phase("watching", Text{"watching ", "监视 "} + std::to_string(config_.members.size()) + Text{" nodes, primary ", " 个节点，主库 "} + primary_);
    on_timer(ctx, kTickTimer);
}

bool LfMonitorRole::alive(const Context& ctx, const NodeId& node) const {
    const auto it = status_.find(node);
    return it != status_.end() && ctx.now() - it->second.at < config_.down_after;
}

void LfMonitorRole::on_timer(Context& ctx, TimerId timer) {
    if (timer != kTickTimer)
        return;
    ctx.set_timer(kTickTimer, config_.interval);
    for (const NodeId& m : config_.members)
        ctx.call(m, kStatus, {{"epoch", epoch_}}, config_.interval,
                 [this, m](Context& c, const CallOutcome& outcome) {
                     if (!outcome.timed_out)
                         on_status(c, m, outcome.reply.body);
                 });
    if (ctx.now() - primary_ok_at_ >= config_.down_after)
        fail_over(ctx);
}

void LfMonitorRole::on_status(Context& ctx, const NodeId& node, const Json& reply) {
    auto epoch = int_field(reply, "epoch", 1);
    auto length = int_field(reply, "length", 0);
    auto last_epoch = int_field(reply, "last_epoch", 0);
    const auto mode = reply.is_object() ? reply.find("mode") : reply.end();
    if (!epoch || !length || !last_epoch || mode == reply.end() || !mode->is_string()) {
        ctx.count("malformed");
        ctx.log(LogLevel::Warn, "lf_status_reply from " + node + " is not a status");
        return;
    }
    Status s{.mode = mode->get<std::string>(), .epoch = *epoch, .length = *length, .last_epoch = *last_epoch,
             .primary = reply.value("primary", Json(nullptr)).is_string() ? reply["primary"].get<std::string>() : "",
             .at = ctx.now()};
    if (s.epoch > epoch_) {
        // A newer epoch than ours: someone failed over before us (or we restarted).
        epoch_ = s.epoch;
        if (s.mode == "primary")
            primary_ = node;
    }
    if (node == primary_) {
        if (s.mode == "primary" && s.epoch == epoch_) {
            primary_ok_at_ = ctx.now();
            sync_set_.reset();
            if (const auto sync = reply.find("sync_replicas"); sync != reply.end() && sync->is_array()) {
                sync_set_.emplace();
                for (const Json& n : *sync)
                    if (n.is_string())
                        sync_set_->push_back(n.get<std::string>());
            }
            ctx.phase("watching", node + Text{" is primary at epoch ", " 是纪元 "} + std::to_string(epoch_) + Text{"", " 的主库"});
        }
    } else if (s.epoch < epoch_ || s.primary != primary_ || s.mode == "primary") {
        ctx.send(node, kFollow, {{"epoch", epoch_}, {"primary", primary_}});
    }
    status_[node] = std::move(s);
}

void LfMonitorRole::fail_over(Context& ctx) {
    const NodeId old = primary_;
    const NodeId* best = nullptr;
    const auto in_sync_set = [this](const NodeId& m) {
        return !sync_set_ || std::find(sync_set_->begin(), sync_set_->end(), m) != sync_set_->end();
    };
    for (const NodeId& m : config_.members) {
        if (m == old || !alive(ctx, m) || !in_sync_set(m))
            continue;
        const Status& s = status_.at(m);
        if (!best || std::pair(s.last_epoch, s.length) >
                         std::pair(status_.at(*best).last_epoch, status_.at(*best).length))
            best = &m;
    }
    if (!best) {
        ctx.phase("no-candidate", old + (sync_set_ ? Text{" is down and no replica of its sync set answers", " 已宕机，其同步集中没有从库应答"}
                                                   : Text{" is down and no replica answers", " 已宕机，没有从库应答"}));
        return;
    }
    const NodeId chosen = *best;
    ++epoch_;
    ++failovers_;
    ctx.count("failovers");
    Json sync = Json::array();
    for (const NodeId& m : config_.members)
        if (m != chosen && m != old && alive(ctx, m))
            sync.push_back(m);
    primary_ = chosen;
    primary_ok_at_ = ctx.now();
    if (sync_set_) {
        // Until the new primary reports its own: the live replicas it will wait for.
        sync_set_->clear();
        for (const Json& n : sync)
            sync_set_->push_back(n.get<std::string>());
    }
    const Status& s = status_.at(chosen);
    ctx.log(LogLevel::Warn, old + " silent for " + format_duration(config_.down_after) + ": promoting " + chosen +
                                " (" + std::to_string(s.length) + " entries, the most up to date) at epoch " +
                                std::to_string(epoch_));
    ctx.phase("failing-over", Text{"promoting " + chosen + " at epoch " + std::to_string(epoch_),
                                   "在纪元 " + std::to_string(epoch_) + " 提升 " + chosen});
    ctx.send(chosen, kPromote, {{"epoch", epoch_}, {"sync_replicas", sync}});
}

void LfMonitorRole::on_message(Context& ctx, const Message& msg) {
    // Promote and follow need no answer; replies to them are only acknowledgements.
    if (msg.type == kPromoteReply || msg.type == kFollowReply)
        return;
    ignore_stray_message(ctx, msg, "lf_status_reply");
}

Json LfMonitorRole::snapshot() const {
    Json members = Json::object();
    for (const auto& [node, s] : status_)
        members[node] = {{"mode", s.mode}, {"epoch", s.epoch}, {"length", s.length}};
    return {{"epoch", epoch_}, {"primary", primary_}, {"failovers", failovers_}, {"members", std::move(members)}};
}

}  // namespace distlab::core::replication
