#include "netlab/patterns/backpressure/backpressure_checks.h"
#include "netlab/checks/check_support.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/model/time.h"
#include "core/patterns/backpressure/flow_protocol.h"

namespace distlab::netlab {

namespace {

using Clock = std::chrono::steady_clock;
using core::backpressure::IdRanges;
using core::Text;

bool over_budget(std::size_t i, Clock::time_point budget) {
    return i % 4096 == 4095 && Clock::now() > budget;
}

// ---- bounded_queue ----

struct BoundedArgs {
    double max = 0;
    std::string node;   // empty: every node
};

class BoundedQueue final : public Check {
public:
    explicit BoundedQueue(BoundedArgs args) : args_(std::move(args)) {}

    CheckResult evaluate(const RunView& run, Clock::time_point budget) const override {
        struct Peak {
            double value = 0;
            std::int64_t t_ns = 0;
            std::optional<std::int64_t> first_over_ns;
        };
        std::map<std::string, Peak> peaks;
        for (std::size_t i = 0; i < run.events.size(); ++i) {
            if (over_budget(i, budget))
                return out_of_time(i, run.events.size());
            const Event& e = run.events[i];
            if (e.kind != EventKind::Metric || (!args_.node.empty() && e.node != args_.node))
                continue;
            const Json data = Json::parse(e.data, nullptr, false);
            if (!data.is_object() || !data.contains("gauges") || !data["gauges"].is_object())
                continue;
            const Json& gauges = data["gauges"];
            for (const char* name : {"queue_depth", "queue_depth_max"}) {
                auto it = gauges.find(name);
                if (it == gauges.end() || !it->is_number())
                    continue;
                const double value = it->get<double>();
                auto [peak, added] = peaks.try_emplace(e.node);
                if (added || value > peak->second.value)
                    peak->second = {value, e.t_ns, peak->second.first_over_ns};
                if (value > args_.max && !peak->second.first_over_ns)
                    peak->second.first_over_ns = e.t_ns;
            }
        }
        if (peaks.empty())
            return verdict(Verdict::Unknown, args_.node.empty()
                                                 ? Text{"no node reported a queue_depth", "没有节点报告 queue_depth"}
                                                 : Text{args_.node + " never reported a queue_depth",
                                                        args_.node + " 从未报告 queue_depth"});
        auto worst = std::max_element(peaks.begin(), peaks.end(),
                                      [](const auto& a, const auto& b) { return a.second.value < b.second.value; });
        char value[32];
        std::snprintf(value, sizeof value, "%g", worst->second.value);
        char max[32];
        std::snprintf(max, sizeof max, "%g", args_.max);
        const std::string queues = std::to_string(peaks.size());
        const std::string where =
            peaks.size() == 1 ? worst->first : worst->first + " (the deepest of " + queues + " queues)";
        const std::string where_zh = peaks.size() == 1 ? worst->first : worst->first + "（" + queues + " 个队列中最深的）";
        if (worst->second.value <= args_.max)
            return verdict(Verdict::Pass, Text{"queue depth peaked at " + std::string(value) + " on " + where + ", max " + max,
                                               where_zh + " 上的队列深度峰值为 " + value + "，上限 " + max});
        const std::int64_t first = *worst->second.first_over_ns;
        const std::string at = seconds_text(worst->second.t_ns), over = seconds_text(first);
        CheckResult r = verdict(Verdict::Fail,
                                Text{"queue depth reached " + std::string(value) + " on " + where + " at " + at +
                                         ", max " + max + "; first above it at " + over,
                                     where_zh + " 上的队列深度在 " + at + " 达到 " + value + "，上限 " + max +
                                         "；第一次超过上限在 " + over},
                                std::make_pair(first, worst->second.t_ns));
        // The deepest queue first, then every other one above the bound.
        involve_node(r, worst->first);
        for (const auto& [node, peak] : peaks)
            if (peak.first_over_ns)
                involve_node(r, node);
        return r;
    }

private:
    BoundedArgs args_;
};

// ---- no_acked_loss ----

using ItemKey = std::pair<std::string, std::int64_t>;   // (origin, id)

class NoAckedLoss final : public Check {
public:
    CheckResult evaluate(const RunView& run, Clock::time_point budget) const override {
        std::set<std::string> producers, consumers, stages;
        for (const NodeSpec& n : run.scenario.nodes) {
            if (n.role == "producer")
                producers.insert(n.id);
            else if (n.role == "consumer")
                consumers.insert(n.id);
            else if (n.role == "bounded-stage")
                stages.insert(n.id);
        }
        struct Acked {
            ItemKey key;
            std::int64_t t_ns = 0;   // of the ack
            std::uint64_t op = 0;    // the producer's operation that was acknowledged
        };
        std::vector<Acked> acked;
        std::set<ItemKey> consumed;
        std::map<std::string, const Event*> last_state;
        std::set<std::string> dead;   // exited by a fault or a crash and not started again
        for (std::size_t i = 0; i < run.events.size(); ++i) {
            if (over_budget(i, budget))
                return out_of_time(i, run.events.size());
            const Event& e = run.events[i];
            switch (e.kind) {
            case EventKind::OpCompleted:
                if (e.type == "ok" && producers.count(e.node)) {
                    const Json value = Json::parse(e.data, nullptr, false);
                    if (value.is_object() && value.contains("id") && value["id"].is_number_integer())
                        acked.push_back({{e.node, value["id"].get<std::int64_t>()}, e.t_ns, e.msg_id});
                }
                break;
            case EventKind::MessageSent:
                if (e.type == "item_reply" && consumers.count(e.node)) {
                    const Json body = Json::parse(e.data, nullptr, false);
                    if (body.is_object() && body.value("ok", false) && body.contains("origin") &&
                        body["origin"].is_string() && body.contains("id") && body["id"].is_number_integer())
                        consumed.insert({body["origin"].get<std::string>(), body["id"].get<std::int64_t>()});
                }
                break;
            case EventKind::State:
                if (stages.count(e.node))
                    last_state[e.node] = &e;
                break;
            case EventKind::NodeStarted:
                dead.erase(e.node);
                break;
            case EventKind::NodeExited: {
                const Json data = Json::parse(e.data, nullptr, false);
                // A node stopped at the end of the run still holds its queue in its last state.
                if (!data.is_object() || data.value("cause", "") != "shutdown")
                    dead.insert(e.node);
                break;
            }
            default: break;
            }
        }
        if (acked.empty())
            return verdict(Verdict::Unknown, Text{"no producer saw an item acknowledged", "没有生产者收到数据项的确认"});

        std::multimap<std::string, IdRanges> held;   // by origin, one entry per stage
        for (const auto& [stage, event] : last_state) {
            if (dead.count(stage))
                continue;
            const Json snap = Json::parse(event->data, nullptr, false);
            if (!snap.is_object() || !snap.contains("held") || !snap["held"].is_object())
                continue;
            for (const auto& [origin, ranges] : snap["held"].items()) {
                auto parsed = IdRanges::from_json(ranges);
                if (!parsed)
                    return verdict(Verdict::Unknown, Text{stage + "'s last snapshot has unreadable held ids",
                                                          stage + " 最后一个快照中的 held id 无法读取"});
                held.emplace(origin, std::move(*parsed));
            }
        }

        std::size_t in_consumer = 0, in_stage = 0, lost = 0;
        const Acked* first_lost = nullptr;
        CheckResult involved;   // the lost items' operations and producers
        for (const Acked& entry : acked) {
            const ItemKey& key = entry.key;
            if (consumed.count(key)) {
                ++in_consumer;
            } else if (auto [from, to] = held.equal_range(key.first);
                       std::any_of(from, to, [&](const auto& h) { return h.second.contains(key.second); })) {
                ++in_stage;
            } else {
                ++lost;
                involve_op(involved, key.first, entry.op);
                if (!first_lost)
                    first_lost = &entry;
            }
        }
        const std::string all = std::to_string(acked.size()), consumed_n = std::to_string(in_consumer),
                          queued = std::to_string(in_stage);
        const Text tally{all + " acknowledged items: " + consumed_n + " consumed, " + queued + " still queued at the end",
                         all + " 个已确认的数据项：" + consumed_n + " 个已消费，" + queued + " 个结束时仍在队列中"};
        if (lost == 0)
            return verdict(Verdict::Pass, tally + Text{", none lost", "，没有丢失"});
        const std::string n = std::to_string(lost), item = std::to_string(first_lost->key.second),
                          at = seconds_text(first_lost->t_ns);
        CheckResult r = verdict(Verdict::Fail,
                                tally + Text{", " + n + " lost; first: " + first_lost->key.first + " item " + item +
                                                 ", acknowledged at " + at,
                                             "，" + n + " 个丢失；第一个：" + first_lost->key.first + " 的数据项 " + item +
                                                 "，确认于 " + at},
                                std::make_pair(first_lost->t_ns, first_lost->t_ns));
        r.nodes = std::move(involved.nodes);
        r.ops = std::move(involved.ops);
        // Stages that died holding items are where they were likely lost.
        for (const std::string& stage : stages)
            if (dead.count(stage))
                involve_node(r, stage);
        return r;
    }
};

}  // namespace

void register_backpressure_checks(CheckRegistry& registry) {
    registry.add({.name = "bounded_queue",
                  .en = "A queue's depth never exceeds its bound.",
                  .zh = "队列深度从不超过其上限。",
                  .params = {{.name = "max", .type = core::ParamType::Number, .min = 0,
                              .en = "the deepest a queue may be", .zh = "队列深度上限"},
                             {.name = "node", .type = core::ParamType::Node,
                              .en = "only this node's queue (default: every node reporting one)",
                              .zh = "只看该节点的队列（默认：所有报告队列的节点）", .optional = true}},
                  .make = [](const core::Params& args) -> std::unique_ptr<Check> {
                      return std::make_unique<BoundedQueue>(
                          BoundedArgs{args.get_number("max"), args.has("node") ? args.get_string("node") : ""});
                  }});
    registry.add({.name = "no_acked_loss",
                  .en = "Every acknowledged item is consumed or still queued at the end: none is lost.",
                  .zh = "每个已确认的数据项最终都被消费或仍在队列中：没有丢失。",
                  .applies_to = {RoleFilter::named("producer"), RoleFilter::named("consumer")},
                  .make = [](const core::Params&) -> std::unique_ptr<Check> { return std::make_unique<NoAckedLoss>(); }});
}

}  // namespace distlab::netlab
