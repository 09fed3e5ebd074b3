#include "netlab/patterns/maelstrom/workload_checks.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "core/patterns/maelstrom/workloads.h"
#include "netlab/api/percentile.h"
#include "netlab/checks/check_support.h"
#include "netlab/patterns/crdt/crdt_history.h"

namespace distlab::netlab::maelstrom {

namespace {

using Clock = std::chrono::steady_clock;
using core::Json;
using core::Text;
namespace roles = core::maelstrom;

std::string text_of(const Json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

CheckResult no_roles() {
    return verdict(Verdict::Unknown, Text{"the run's roles are not known", "不知道本次运行的角色"});
}

// ---- unique_ids ----

class UniqueIds final : public Check {
public:
    CheckResult evaluate(const RunView& run, Clock::time_point) const override {
        if (!run.roles)
            return no_roles();
        const auto ops = client_ops(run.events, run.roles->node_roles(), {roles::kUniqueIdsClient});
        std::map<std::string, const ClientOp*> first_of;
        std::size_t acknowledged = 0, unknown = 0;
        for (const ClientOp& op : ops) {
            if (op.f != "generate")
                continue;
            if (!op.ok()) {
                unknown += op.status != "fail";
                continue;
            }
            ++acknowledged;
            const std::string id = op.result.is_object() && op.result.contains("id") ? op.result["id"].dump() : "null";
            const auto [it, fresh] = first_of.emplace(id, &op);
            if (fresh)
                continue;
            const ClientOp& earlier = *it->second;
            CheckResult r = verdict(
                Verdict::Fail,
                Text{"id " + id + " was generated twice: by " + earlier.client + " at " + seconds_text(earlier.invoked_ns) +
                         " and by " + op.client + " at " + seconds_text(op.invoked_ns),
                     "id " + id + " 被生成了两次：" + earlier.client + " 在 " + seconds_text(earlier.invoked_ns) + "，" +
                         op.client + " 在 " + seconds_text(op.invoked_ns)},
                std::make_pair(earlier.invoked_ns, op.completed_ns.value_or(op.invoked_ns)));
            involve_op(r, earlier.client, earlier.id);
            involve_op(r, op.client, op.id);
            return r;
        }
        if (acknowledged == 0)
            return verdict(Verdict::Unknown, Text{"no generate was acknowledged", "没有 generate 得到确认"});
        return verdict(Verdict::Pass,
                       Text{std::to_string(acknowledged) + " ids generated, all distinct (" + std::to_string(unknown) +
                                " requests of unknown outcome)",
                            "生成了 " + std::to_string(acknowledged) + " 个 id，互不相同（" + std::to_string(unknown) +
                                " 个请求结果未知）"});
    }
};

// ---- broadcast_delivered ----

class BroadcastDelivered final : public Check {
public:
    explicit BroadcastDelivered(std::optional<std::int64_t> max_stable_ns) : max_stable_ns_(max_stable_ns) {}

    CheckResult evaluate(const RunView& run, Clock::time_point budget) const override {
        if (!run.roles)
            return no_roles();
        const auto ops = client_ops(run.events, run.roles->node_roles(), {roles::kBroadcastClient});
        std::vector<const ClientOp*> broadcasts, reads, finals;
        std::set<std::string> ever;
        for (const ClientOp& op : ops) {
            if (op.f == "broadcast") {
                broadcasts.push_back(&op);
                ever.insert(text_of(op.invoked.value("value", Json())));
            } else if (op.f == "read" && op.ok() && op.result.is_object() && op.result.contains("value") &&
                       op.result["value"].is_array()) {
                reads.push_back(&op);
                if (op.final_read())
                    finals.push_back(&op);
            }
        }
        if (finals.empty())
            return verdict(Verdict::Unknown, Text{"no broadcast-client made a final read (final_read_at)",
                                                  "没有 broadcast-client 做最终读取（final_read_at）"});
        // What each read holds.
        std::map<const ClientOp*, std::set<std::string>> held;
        for (const ClientOp* r : reads) {
            std::set<std::string>& s = held[r];
            for (const Json& v : r->result["value"])
                s.insert(text_of(v));
        }
        // Nothing read that was never broadcast.
        for (const ClientOp* r : reads)
            for (const std::string& v : held[r])
                if (!ever.contains(v)) {
                    CheckResult out = verdict(
                        Verdict::Fail,
                        Text{r->client + "'s read at " + seconds_text(r->invoked_ns) + " holds " + v +
                                 ", which was never broadcast",
                             r->client + " 在 " + seconds_text(r->invoked_ns) + " 的读取包含 " + v + "，但从未有人广播过它"});
                    involve_op(out, r->client, r->id);
                    return out;
                }
        std::size_t acknowledged = 0, unknown = 0, unknown_seen = 0;
        std::vector<double> stable_ns;
        for (const ClientOp* b : broadcasts) {
            if (Clock::now() > budget)
                return out_of_time(acknowledged, broadcasts.size(), Text{"broadcasts", "次广播"});
            const std::string v = text_of(b->invoked.value("value", Json()));
            if (!b->ok()) {
                if (b->status == "fail")
                    continue;
                ++unknown;
                unknown_seen += std::any_of(finals.begin(), finals.end(), [&](const ClientOp* r) { return held[r].contains(v); });
                continue;
            }
            ++acknowledged;
            for (const ClientOp* r : finals)
                if (!held[r].contains(v)) {
                    CheckResult out = verdict(
                        Verdict::Fail,
                        Text{"message " + v + ", broadcast by " + b->client + " at " + seconds_text(b->invoked_ns) +
                                 " and acknowledged, is missing from " + r->client + "'s final read at " +
                                 seconds_text(r->invoked_ns) + ": it was lost",
                             "消息 " + v + " 由 " + b->client + " 在 " + seconds_text(b->invoked_ns) + " 广播并已确认，但 " +
                                 r->client + " 在 " + seconds_text(r->invoked_ns) + " 的最终读取中没有它：消息丢失了"},
                        std::make_pair(b->invoked_ns, r->completed_ns.value_or(r->invoked_ns)));
                    involve_op(out, b->client, b->id);
                    involve_op(out, r->client, r->id);
                    return out;
                }
            // Stable: the first read (invoked after the broadcast) after which every read holds it.
            const ClientOp* stable = nullptr;
            for (const ClientOp* r : reads) {
                if (r->invoked_ns < b->invoked_ns)
                    continue;
                if (!held[r].contains(v))
                    stable = nullptr;
                else if (!stable)
                    stable = r;
            }
            if (stable)
                stable_ns.push_back(static_cast<double>(std::max<std::int64_t>(0, stable->invoked_ns - b->invoked_ns)));
        }
        if (acknowledged == 0)
            return verdict(Verdict::Unknown, Text{"no broadcast was acknowledged", "没有广播得到确认"});
        std::sort(stable_ns.begin(), stable_ns.end());
        const auto median = static_cast<std::int64_t>(nearest_rank(stable_ns, 0.5));
        const auto max = stable_ns.empty() ? std::int64_t{0} : static_cast<std::int64_t>(stable_ns.back());
        const Text figures{
            std::to_string(acknowledged) + " acknowledged broadcasts in all " + std::to_string(finals.size()) +
                " final reads (" + std::to_string(unknown) + " of unknown outcome, " + std::to_string(unknown_seen) +
                " of them read); stable latency median " + span_text(median) + ", max " + span_text(max),
            std::to_string(acknowledged) + " 条已确认的广播出现在全部 " + std::to_string(finals.size()) + " 次最终读取中（" +
                std::to_string(unknown) + " 条结果未知，其中 " + std::to_string(unknown_seen) + " 条被读到）；稳定延迟中位数 " +
                span_text(median) + "，最大 " + span_text(max)};
        if (max_stable_ns_ && max > *max_stable_ns_)
            return verdict(Verdict::Fail, figures + Text{", above the bound " + span_text(*max_stable_ns_),
                                                         "，超过上限 " + span_text(*max_stable_ns_)});
        return verdict(Verdict::Pass, figures);
    }

private:
    std::optional<std::int64_t> max_stable_ns_;
};

// ---- maelstrom_values_allowed ----

const std::vector<std::string_view>& crdt_workloads() {
    static const std::vector<std::string_view> names{roles::kGSetClient, roles::kGCounterClient, roles::kPnCounterClient};
    return names;
}

class ValuesAllowed final : public Check {
public:
    CheckResult evaluate(const RunView& run, Clock::time_point) const override {
        if (!run.roles)
            return no_roles();
        const auto ops = client_ops(run.events, run.roles->node_roles(), crdt_workloads());
        crdt::CrdtHistory h;
        for (const ClientOp& op : ops) {
            if (!op.invoked.is_object())
                continue;
            h.ops.push_back(crdt::Op{.client = op.client,
                                     .id = op.id,
                                     .f = op.f,
                                     .type = op.invoked.value("type", std::string()),
                                     .key = op.invoked.value("key", std::string()),
                                     .argument = op.invoked.value("value", Json(nullptr)),
                                     .final_read = op.final_read(),
                                     .invoked_ns = op.invoked_ns,
                                     .completed_ns = op.completed_ns,
                                     .status = op.status,
                                     .result = op.result.is_object() ? op.result.value("value", Json(nullptr)) : Json()});
        }
        const std::vector<crdt::KeyJudgement> keys = crdt::judge_final_reads(h);
        if (keys.empty())
            return verdict(Verdict::Unknown, Text{"no g-set, g-counter or pn-counter client made a final read (final_read_at)",
                                                  "没有 g-set、g-counter 或 pn-counter 客户端做最终读取（final_read_at）"});
        std::vector<Text> parts;
        for (const crdt::KeyJudgement& j : keys) {
            const Text line{j.type + ": " + j.detail, j.type + "：" + j.detail_zh};
            if (j.allowed) {
                parts.push_back(line);
                continue;
            }
            CheckResult r = verdict(Verdict::Fail, line);
            for (const crdt::Op* op : j.culprits)
                involve_op(r, op->client, op->id);
            return r;
        }
        return verdict(Verdict::Pass, joined_text(parts, Text{"; ", "；"}));
    }
};

Problems values_allowed_problems(const core::Params&, const CheckScope& scope) {
    for (const auto& [node, role] : scope.roles.node_roles())
        if (std::find(crdt_workloads().begin(), crdt_workloads().end(), role) != crdt_workloads().end())
            return {};
    return {Text{"needs a node running g-set-client, g-counter-client or pn-counter-client",
                 "需要一个运行 g-set-client、g-counter-client 或 pn-counter-client 的节点"}};
}

// ---- maelstrom_stats ----

struct StatsBounds {
    std::optional<double> messages_per_op;
    std::optional<std::int64_t> median_ns;
    std::optional<std::int64_t> max_ns;
};

class Stats final : public Check {
public:
    explicit Stats(StatsBounds bounds) : bounds_(bounds) {}

    CheckResult evaluate(const RunView& run, Clock::time_point) const override {
        if (!run.roles)
            return no_roles();
        const auto is_server = [&](const std::string& node) {
            const core::RoleDescriptor* d = run.roles->role_of_node(node);
            return d && !d->client;
        };
        std::map<std::pair<std::string_view, std::uint64_t>, std::int64_t> open;
        std::uint64_t ops = 0, server_messages = 0;
        std::vector<double> latencies;
        for (const Event& e : run.events) {
            if (e.kind == EventKind::MessageSent && is_server(e.node) && is_server(e.peer)) {
                ++server_messages;
            } else if (e.kind == EventKind::OpInvoked) {
                ++ops;
                open[{e.node, e.msg_id}] = e.t_ns;
            } else if (e.kind == EventKind::OpCompleted) {
                const auto it = open.find({e.node, e.msg_id});
                if (it == open.end())
                    continue;
                if (e.type == "ok")
                    latencies.push_back(static_cast<double>(e.t_ns - it->second));
                open.erase(it);
            }
        }
        if (ops == 0)
            return verdict(Verdict::Unknown, Text{"no client operation", "没有客户端操作"});
        std::sort(latencies.begin(), latencies.end());
        const double per_op = static_cast<double>(server_messages) / static_cast<double>(ops);
        const auto median = static_cast<std::int64_t>(nearest_rank(latencies, 0.5));
        const auto max = latencies.empty() ? std::int64_t{0} : static_cast<std::int64_t>(latencies.back());
        char per_op_text[32];
        std::snprintf(per_op_text, sizeof per_op_text, "%.2f", per_op);
        Text figures{std::to_string(ops) + " ops, " + per_op_text + " server-to-server messages per op (" +
                         std::to_string(server_messages) + "); latency median " + span_text(median) + ", max " +
                         span_text(max) + " (" + std::to_string(latencies.size()) + " acknowledged)",
                     std::to_string(ops) + " 个操作，每个操作 " + per_op_text + " 条服务器间消息（共 " +
                         std::to_string(server_messages) + " 条）；延迟中位数 " + span_text(median) + "，最大 " +
                         span_text(max) + "（" + std::to_string(latencies.size()) + " 个已确认）"};
        std::vector<Text> over;
        if (bounds_.messages_per_op && per_op > *bounds_.messages_per_op) {
            char bound[32];
            std::snprintf(bound, sizeof bound, "%g", *bounds_.messages_per_op);
            over.push_back(Text{std::string("messages per op above ") + bound, std::string("每个操作的消息数超过 ") + bound});
        }
        if (bounds_.median_ns && median > *bounds_.median_ns)
            over.push_back(Text{"median latency above " + span_text(*bounds_.median_ns),
                                "延迟中位数超过 " + span_text(*bounds_.median_ns)});
        if (bounds_.max_ns && max > *bounds_.max_ns)
            over.push_back(Text{"max latency above " + span_text(*bounds_.max_ns), "最大延迟超过 " + span_text(*bounds_.max_ns)});
        if (!over.empty())
            return verdict(Verdict::Fail, figures + Text{": ", "："} + joined_text(over, Text{", ", "，"}));
        return verdict(Verdict::Pass, figures);
    }

private:
    StatsBounds bounds_;
};

}  // namespace

std::vector<ClientOp> client_ops(const std::vector<Event>& events,
                                     const std::map<std::string, std::string, std::less<>>& node_roles,
                                     const std::vector<std::string_view>& roles) {
    const auto wanted = [&](const std::string& node) {
        const auto it = node_roles.find(node);
        return it != node_roles.end() && std::find(roles.begin(), roles.end(), it->second) != roles.end();
    };
    std::vector<ClientOp> ops;
    std::map<std::pair<std::string, std::uint64_t>, std::size_t> by_op;
    for (const Event& e : events) {
        if (e.kind == EventKind::OpInvoked && wanted(e.node)) {
            by_op[{e.node, e.msg_id}] = ops.size();
            ops.push_back(ClientOp{.client = e.node,
                                     .id = e.msg_id,
                                     .f = e.type,
                                     .invoked = Json::parse(e.data, nullptr, false),
                                     .invoked_ns = e.t_ns});
        } else if (e.kind == EventKind::OpCompleted) {
            const auto it = by_op.find({e.node, e.msg_id});
            if (it == by_op.end() || ops[it->second].completed_ns)
                continue;
            ClientOp& op = ops[it->second];
            op.completed_ns = e.t_ns;
            op.status = e.type;
            op.result = Json::parse(e.data, nullptr, false);
        }
    }
    return ops;
}

void register_workload_checks(CheckRegistry& registry) {
    registry.add({.name = "unique_ids",
                  .en = "No two acknowledged generate operations returned the same id (Maelstrom's unique-ids checker).",
                  .zh = "没有两个已确认的 generate 操作返回相同的 id（Maelstrom 的 unique-ids 检查）。",
                  .applies_to = {RoleFilter::named(std::string(roles::kUniqueIdsClient))},
                  .make = [](const core::Params&) -> std::unique_ptr<Check> { return std::make_unique<UniqueIds>(); }});
    registry.add({.name = "broadcast_delivered",
                  .en = "Every acknowledged broadcast is in every node's final read, nothing read was never broadcast; "
                        "reports stable latencies (Maelstrom's broadcast checker).",
                  .zh = "每条已确认的广播都出现在每个节点的最终读取中，读到的都被广播过；并报告稳定延迟（Maelstrom 的 broadcast "
                        "检查）。",
                  .params = {{.name = "max_stable_latency",
                              .type = core::ParamType::Duration,
                              .min = kShortestSpanMs,
                              .en = "optional bound on the longest stable latency",
                              .zh = "可选：最长稳定延迟的上限",
                              .optional = true}},
                  .applies_to = {RoleFilter::named(std::string(roles::kBroadcastClient))},
                  .make = [](const core::Params& args) -> std::unique_ptr<Check> {
                      std::optional<std::int64_t> bound;
                      if (args.has("max_stable_latency"))
                          bound = args.get_duration("max_stable_latency").count();
                      return std::make_unique<BroadcastDelivered>(bound);
                  }});
    registry.add({.name = "maelstrom_values_allowed",
                  .en = "The g-set, g-counter and pn-counter final reads are values the operations allow: no "
                        "acknowledged add lost, no add counted twice (Maelstrom's set and counter checkers).",
                  .zh = "g-set、g-counter 与 pn-counter 的最终读取都是操作所允许的值：没有丢失已确认的添加，没有重复计数的加法"
                        "（Maelstrom 的集合与计数器检查）。",
                  .applies_to = {RoleFilter::client()},
                  .validate = values_allowed_problems,
                  .make = [](const core::Params&) -> std::unique_ptr<Check> { return std::make_unique<ValuesAllowed>(); }});
    registry.add({.name = "maelstrom_stats",
                  .en = "Server-to-server messages per operation and operation latency median and maximum, with optional "
                        "bounds.",
                  .zh = "每个操作的服务器间消息数，以及操作延迟的中位数与最大值，可设上限。",
                  .params = {{.name = "max_messages_per_op",
                              .type = core::ParamType::Number,
                              .min = 0,
                              .en = "optional bound on server-to-server messages per operation",
                              .zh = "可选：每个操作的服务器间消息数上限",
                              .optional = true},
                             {.name = "max_latency_median",
                              .type = core::ParamType::Duration,
                              .min = kShortestSpanMs,
                              .en = "optional bound on the median latency of acknowledged operations",
                              .zh = "可选：已确认操作的延迟中位数上限",
                              .optional = true},
                             {.name = "max_latency_max",
                              .type = core::ParamType::Duration,
                              .min = kShortestSpanMs,
                              .en = "optional bound on the longest latency of an acknowledged operation",
                              .zh = "可选：已确认操作的最长延迟上限",
                              .optional = true}},
                  .applies_to = {RoleFilter::client()},
                  .make = [](const core::Params& args) -> std::unique_ptr<Check> {
                      StatsBounds b;
                      if (args.has("max_messages_per_op"))
                          b.messages_per_op = args.get_number("max_messages_per_op");
                      if (args.has("max_latency_median"))
                          b.median_ns = args.get_duration("max_latency_median").count();
                      if (args.has("max_latency_max"))
                          b.max_ns = args.get_duration("max_latency_max").count();
                      return std::make_unique<Stats>(b);
                  }});
}

}  // namespace distlab::netlab::maelstrom
