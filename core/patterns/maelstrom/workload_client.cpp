#include "core/patterns/maelstrom/workload_client.h"

#include <algorithm>
#include <cmath>

#include "core/patterns/maelstrom/maelstrom_errors.h"

namespace distlab::core::maelstrom {

namespace {

constexpr TimerId kArrivalTimer{1};
constexpr TimerId kFinalReadTimer{2};

}  // namespace

std::string_view to_string(Topology topology) {
    switch (topology) {
        case Topology::Grid: return "grid";
        case Topology::Line: return "line";
        case Topology::Tree2: return "tree2";
        case Topology::Tree3: return "tree3";
        case Topology::Tree4: return "tree4";
        case Topology::Total: return "total";
    }
    return "grid";
}

std::vector<std::pair<NodeId, std::vector<NodeId>>> topology_of(Topology topology, const std::vector<NodeId>& nodes) {
    const std::size_t n = nodes.size();
    std::vector<std::pair<NodeId, std::vector<NodeId>>> out;
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        std::vector<std::size_t> near;
        switch (topology) {
            case Topology::Grid: {
                // Rows of `side` nodes; the neighbours above, below, left and right.
                const auto side = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(n))));
                const std::size_t row = i / side, col = i % side;
                if (i + side < n)
                    near.push_back(i + side);
                if (row > 0)
                    near.push_back(i - side);
                if (col + 1 < side && i + 1 < n)
                    near.push_back(i + 1);
                if (col > 0)
                    near.push_back(i - 1);
                break;
            }
            case Topology::Line:
                if (i > 0)
                    near.push_back(i - 1);
                if (i + 1 < n)
                    near.push_back(i + 1);
                break;
            case Topology::Tree2:
            case Topology::Tree3:
            case Topology::Tree4: {
                const std::size_t k = topology == Topology::Tree2 ? 2 : topology == Topology::Tree3 ? 3 : 4;
                if (i > 0)
                    near.push_back((i - 1) / k);
                for (std::size_t c = k * i + 1; c <= k * i + k && c < n; ++c)
                    near.push_back(c);
                break;
            }
            case Topology::Total:
                for (std::size_t j = 0; j < n; ++j)
                    if (j != i)
                        near.push_back(j);
                break;
        }
        std::vector<NodeId> names;
        for (std::size_t j : near)
            names.push_back(nodes[j]);
        out.emplace_back(nodes[i], std::move(names));
    }
    return out;
}

bool natural_less(const NodeId& a, const NodeId& b) {
    return a.size() != b.size() ? a.size() < b.size() : a < b;
}

const ParamList<WorkloadBase>& WorkloadBase::params_without_final_read() {
    using C = WorkloadBase;
    static const ParamList<C> list = ParamList<C>{}
        .part(&C::workload, OpenLoopWorkload::params())
        .duration("timeout", &C::timeout, "1s",
                  "How long a request waits for its answer; then its outcome is unknown",
                  "请求等待回复的时长；超时后结果未知", {.min = 1});
    return list;
}

const ParamList<WorkloadBase>& WorkloadBase::params() {
    using C = WorkloadBase;
    static const ParamList<C> list = ParamList<C>(params_without_final_read())
        .duration("final_read_at", &C::final_read_at, "0ms",
                  "One last read at this time (0: none), after the nodes had time to settle: the read the "
                  "workload's check judges",
                  "在此时刻做最后一次读取（0 表示不做），应在节点有时间收敛之后：工作负载的检查判断的就是这次读取",
                  {.min = 0});
    return list;
}

WorkloadClient::WorkloadClient(WorkloadBase base, LoadMode mode, std::int64_t concurrency)
    : base_(std::move(base)),
      driver_(base_.workload, {.mode = mode, .concurrency = concurrency, .arrival_timer = kArrivalTimer}) {}

void WorkloadClient::start(Context& ctx) {
    // Who else runs this client's role, and which nodes are the servers.
    const std::string_view own = ctx.role_of(ctx.self());
    const std::string_view server_role = ctx.role_of(base_.workload.target);
    std::vector<NodeId> peers_of_role{ctx.self()};
    for (const NodeId& peer : ctx.peers()) {
        if (ctx.role_of(peer) == own)
            peers_of_role.push_back(peer);
        if (!server_role.empty() && ctx.role_of(peer) == server_role)
            servers_.push_back(peer);
    }
    std::sort(peers_of_role.begin(), peers_of_role.end(), natural_less);
    std::sort(servers_.begin(), servers_.end(), natural_less);
    clients_ = static_cast<std::int64_t>(peers_of_role.size());
    ordinal_ = std::find(peers_of_role.begin(), peers_of_role.end(), ctx.self()) - peers_of_role.begin();
    driver_.start(ctx, [this](Context& c) { begin(c); });   // announces its phase first
    setup(ctx);
    if (base_.final_read_at > Duration(0))
        ctx.set_timer(kFinalReadTimer, std::max(Duration(0), base_.final_read_at - ctx.now()));
}

void WorkloadClient::on_timer(Context& ctx, TimerId timer) {
    if (driver_.on_timer(ctx, timer, [this](Context& c) { begin(c); }))
        return;
    if (timer == kFinalReadTimer)
        final_read(ctx);
}

void WorkloadClient::on_message(Context& ctx, const Message& msg) {
    // An answer whose call timed out is a late reply; anything else is unexpected.
    const bool answer = msg.type == "error" || (msg.type.size() > 3 && msg.type.ends_with("_ok"));
    ignore_stray_message(ctx, msg, answer ? std::string_view(msg.type) : std::string_view("_ok"));
}

void WorkloadClient::request(Context& ctx, OpId op, Json body, std::string ok_type, Judge judge) {
    const std::int64_t msg_id = next_msg_id_++;
    body["msg_id"] = msg_id;
    const std::string type = body.value("type", std::string());
    ++outstanding_;
    tally_.call(ctx);
    const Duration sent_at = ctx.now();
    ctx.call(base_.workload.target, type, std::move(body), base_.timeout,
             [this, op, sent_at, msg_id, ok_type = std::move(ok_type), judge = std::move(judge)](
                 Context& c, const CallOutcome& outcome) {
                 --outstanding_;
                 const Completion done = outcome.timed_out ? Completion{OpStatus::Info, {{"error", "timeout"}}}
                                                           : read(c, outcome.reply, msg_id, ok_type, judge, sent_at);
                 if (outcome.timed_out)
                     tally_.timeout(c);
                 c.op_complete(op, done.status, done.value);
                 driver_.operation_ended(c, [this](Context& next) { begin(next); });
             });
}

Completion WorkloadClient::read(Context& ctx, const Message& reply, std::int64_t msg_id, const std::string& ok_type,
                                const Judge& judge, Duration sent_at) {
    ctx.observe(client_metric::kLatency, to_ms(ctx.now() - sent_at));
    const Json& b = reply.body;
    const auto unreadable = [&](std::string why) {
        ctx.count(client_metric::kMalformedReplies);
        ctx.log(LogLevel::Warn, "answer " + std::to_string(reply.id) + " from " + reply.from + " " + why + ": " +
                                    b.dump().substr(0, 200));
        return Completion{OpStatus::Info, {{"error", "malformed reply: " + why}}};
    };
    if (!b.is_object() || b.value("in_reply_to", std::int64_t{-1}) != msg_id)
        return unreadable("does not name the request (in_reply_to " + std::to_string(msg_id) + ")");
    const std::string t = b.value("type", std::string());
    if (t == ok_type || t == "error")
        if (std::optional<Completion> judged = judge(ctx, b)) {
            if (judged->status == OpStatus::Ok)
                tally_.success(ctx);
            else if (judged->status == OpStatus::Fail)
                tally_.failure(ctx);
            else
                return unreadable(judged->value.value("error", std::string("cannot be read")));
            return *judged;
        }
    if (t == "error" && b.contains("code") && b["code"].is_number_integer()) {
        const std::int64_t code = b["code"].get<std::int64_t>();
        const std::string_view name = error_code_name(code);
        std::string text = name.empty() ? "error " + std::to_string(code) : std::string(name);
        if (b.contains("text") && b["text"].is_string())
            text += ": " + b["text"].get<std::string>();
        tally_.failure(ctx);
        if (error_code_definite(code)) {
            ++errors_definite_;
            return Completion{OpStatus::Fail, {{"error", text}, {"code", code}}};
        }
        ++errors_indefinite_;
        return Completion{OpStatus::Info, {{"error", text}, {"code", code}}};
    }
    return unreadable(t == "error" ? "is an error without an integer code" : "is a " + t + ", not " + ok_type);
}

void WorkloadClient::notify(Context& ctx, const NodeId& to, Json body, std::string ok_type) {
    body["msg_id"] = next_msg_id_++;
    const std::string type = body.value("type", std::string());
    ctx.call(to, type, std::move(body), base_.timeout,
             [this, to, type, ok_type = std::move(ok_type)](Context& c, const CallOutcome& outcome) {
                 if (!outcome.timed_out && outcome.reply.body.is_object() &&
                     outcome.reply.body.value("type", std::string()) == ok_type)
                     return;
                 ++setup_unanswered_;
                 c.count("setup_unanswered");
                 c.log(LogLevel::Warn, to + " did not answer " + type + " with " + ok_type +
                                           (outcome.timed_out ? " in time" : ": " + outcome.reply.body.dump()));
             });
}

Json WorkloadClient::snapshot() const {
    Json snap = {{"state", driver_.state()},
                 {"target", base_.workload.target},
                 {"outstanding", outstanding_},
                 {"errors_definite", errors_definite_},
                 {"errors_indefinite", errors_indefinite_},
                 {"setup_unanswered", setup_unanswered_}};
    tally_.write(snap);
    write_snapshot(snap);
    return snap;
}

}  // namespace distlab::core::maelstrom
