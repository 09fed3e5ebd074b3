#include "core/patterns/maelstrom/workloads.h"

#include <functional>
#include <memory>
#include <random>

#include "core/patterns/common/client.h"
#include "core/patterns/maelstrom/reference_node_role.h"

namespace distlab::core::maelstrom {

namespace {

bool chance(Context& ctx, double p) {
    return std::uniform_real_distribution<double>(0.0, 1.0)(ctx.rng()) < p;
}

// A read's answer: the field `field` of the ok body, recorded as {"value": ...} when it has the
// expected shape, else an unknown outcome (nothing can be concluded from it).
std::optional<Completion> read_value(const Json& body, std::string_view ok_type, const char* field,
                                     bool array) {
    if (body.value("type", std::string()) != ok_type)
        return std::nullopt;
    const auto it = body.find(field);
    if (it == body.end() || (array ? !it->is_array() : !it->is_number_integer())) {
        return Completion{OpStatus::Info,
                          {{"error", std::string(ok_type) + " without " + (array ? "a list " : "an integer ") + field}}};
    }
    return Completion{OpStatus::Ok, {{"value", *it}}};
}

std::optional<Completion> acknowledged(const Json& body, std::string_view ok_type) {
    if (body.value("type", std::string()) != ok_type)
        return std::nullopt;
    return Completion{OpStatus::Ok, Json::object()};
}

}  // namespace

// ---- unique-ids ----

void UniqueIdsClient::begin(Context& ctx) {
    const OpId op = ctx.op_invoke("generate", Json::object());
    request(ctx, op, {{"type", "generate"}}, "generate_ok", [](Context&, const Json& body) -> std::optional<Completion> {
        if (body.value("type", std::string()) != "generate_ok")
            return std::nullopt;
        if (!body.contains("id") || body["id"].is_null()) {
            return Completion{OpStatus::Info, {{"error", "generate_ok without an id"}}};
        }
        return Completion{OpStatus::Ok, {{"id", body["id"]}}};
    });
}

// ---- broadcast ----

const ParamList<BroadcastConfig>& BroadcastConfig::params() {
    using C = BroadcastConfig;
    static const ParamList<C> list = ParamList<C>{}
        .part(&C::base, WorkloadBase::params())
        .choice("topology", &C::topology, "grid",
                {{"grid", Topology::Grid}, {"line", Topology::Line}, {"tree2", Topology::Tree2},
                 {"tree3", Topology::Tree3}, {"tree4", Topology::Tree4}, {"total", Topology::Total}},
                "The neighbours the topology message gives each node: a square grid, a line, a tree of 2, 3 or 4 "
                "children, or every other node",
                "topology 消息告诉每个节点的邻居：方形网格、直线、每个节点有 2、3 或 4 个子节点的树，或所有其他节点")
        .probability("read_ratio", &C::read_ratio, 0.5, "Share of operations that are reads (the rest broadcast)",
                     "操作中读操作所占比例（其余为 broadcast）");
    return list;
}

void BroadcastClient::setup(Context& ctx) {
    const auto topology = topology_of(config_.topology, servers());
    for (std::size_t i = 0; i < topology.size(); ++i) {
        if (static_cast<std::int64_t>(i) % clients() != ordinal())
            continue;
        Json map = Json::object();
        for (const auto& [node, near] : topology)
            map[node] = near;
        notify(ctx, topology[i].first, {{"type", "topology"}, {"topology", std::move(map)}}, "topology_ok");
    }
}

void BroadcastClient::begin(Context& ctx) {
    if (chance(ctx, config_.read_ratio)) {
        read(ctx, false);
        return;
    }
    const std::int64_t message = seq_++ * clients() + ordinal();
    const OpId op = ctx.op_invoke("broadcast", {{"value", message}});
    request(ctx, op, {{"type", "broadcast"}, {"message", message}}, "broadcast_ok",
            [](Context&, const Json& body) { return acknowledged(body, "broadcast_ok"); });
}

void BroadcastClient::final_read(Context& ctx) { read(ctx, true); }

void BroadcastClient::read(Context& ctx, bool final) {
    Json invoked = Json::object();
    if (final)
        invoked["final"] = true;
    const OpId op = ctx.op_invoke("read", std::move(invoked));
    request(ctx, op, {{"type", "read"}}, "read_ok",
            [](Context&, const Json& body) { return read_value(body, "read_ok", "messages", true); });
}

// ---- g-set, g-counter, pn-counter ----

const ParamList<CrdtWorkloadConfig>& CrdtWorkloadConfig::params(CrdtWorkload kind) {
    using C = CrdtWorkloadConfig;
    static const ParamList<C> set = ParamList<C>{}
        .part(&C::base, WorkloadBase::params())
        .probability("read_ratio", &C::read_ratio, 0.2, "Share of operations that are reads (the rest add)",
                     "操作中读操作所占比例（其余为 add）");
    static const ParamList<C> counter = ParamList<C>(set)
        .integer("max_delta", &C::max_delta, 5, "Each add's delta is 1 to this much (pn-counter: either sign)",
                 "每次 add 的增量为 1 到此值（pn-counter：正负皆可）", {.min = 1, .max = 1000000});
    return kind == CrdtWorkload::GSet ? set : counter;
}

std::string_view CrdtWorkloadClient::type_name() const {
    switch (kind_) {
        case CrdtWorkload::GSet: return "g-set";
        case CrdtWorkload::GCounter: return "g-counter";
        case CrdtWorkload::PnCounter: return "pn-counter";
    }
    return "g-set";
}

void CrdtWorkloadClient::begin(Context& ctx) {
    if (chance(ctx, config_.read_ratio)) {
        read(ctx, false);
        return;
    }
    const std::string type(type_name());
    if (kind_ == CrdtWorkload::GSet) {
        const std::int64_t element = seq_++ * clients() + ordinal();
        // Recorded as text: the set judgement compares elements as text.
        const OpId op = ctx.op_invoke("add", {{"type", type}, {"key", type}, {"value", std::to_string(element)}});
        request(ctx, op, {{"type", "add"}, {"element", element}}, "add_ok",
                [](Context&, const Json& body) { return acknowledged(body, "add_ok"); });
        return;
    }
    std::int64_t delta = std::uniform_int_distribution<std::int64_t>(1, config_.max_delta)(ctx.rng());
    if (kind_ == CrdtWorkload::PnCounter && chance(ctx, 0.5))
        delta = -delta;
    const OpId op = ctx.op_invoke("add", {{"type", type}, {"key", type}, {"value", delta}});
    request(ctx, op, {{"type", "add"}, {"delta", delta}}, "add_ok",
            [](Context&, const Json& body) { return acknowledged(body, "add_ok"); });
}

void CrdtWorkloadClient::final_read(Context& ctx) { read(ctx, true); }

void CrdtWorkloadClient::read(Context& ctx, bool final) {
    const std::string type(type_name());
    Json invoked = {{"type", type}, {"key", type}};
    if (final)
        invoked["final"] = true;
    const OpId op = ctx.op_invoke("read", std::move(invoked));
    const bool set = kind_ == CrdtWorkload::GSet;
    request(ctx, op, {{"type", "read"}}, "read_ok",
            [set](Context&, const Json& body) { return read_value(body, "read_ok", "value", set); });
}

// ---- lin-kv ----

const ParamList<LinKvConfig>& LinKvConfig::params() {
    using C = LinKvConfig;
    static const ParamList<C> list = ParamList<C>{}
        .part(&C::base, WorkloadBase::params_without_final_read())
        .integer("key_count", &C::key_count, 5, "Keys the operations pick from (0, 1, ...)",
                 "操作从中选择的键的数量（0、1……）", {.min = 1, .max = 100000})
        .probability("read_ratio", &C::read_ratio, 0.4, "Share of operations that are reads",
                     "操作中读操作所占比例")
        .probability("cas_ratio", &C::cas_ratio, 0.3, "Share of operations that are compare-and-set (the rest write)",
                     "操作中 compare-and-set 所占比例（其余为 write）")
        .integer("max_value", &C::max_value, 5, "Values written are 0 to this", "写入的值为 0 到此值",
                 {.min = 1, .max = 1000000});
    return list;
}

void LinKvClient::begin(Context& ctx) {
    const std::int64_t key = std::uniform_int_distribution<std::int64_t>(0, config_.key_count - 1)(ctx.rng());
    const auto value = [&] { return std::uniform_int_distribution<std::int64_t>(0, config_.max_value)(ctx.rng()); };
    const std::string k = std::to_string(key);
    const double u = std::uniform_real_distribution<double>(0.0, 1.0)(ctx.rng());
    if (u < config_.read_ratio) {
        const OpId op = ctx.op_invoke("get", {{"key", k}});
        request(ctx, op, {{"type", "read"}, {"key", key}}, "read_ok",
                [](Context&, const Json& body) -> std::optional<Completion> {
                    const std::string t = body.value("type", std::string());
                    if (t == "error" && body.value("code", std::int64_t{-1}) == 20)
                        return Completion{OpStatus::Ok, {{"value", nullptr}}};
                    if (t != "read_ok")
                        return std::nullopt;
                    const auto v = body.find("value");
                    if (v == body.end() || !(v->is_number_integer() || v->is_null())) {
                        return Completion{OpStatus::Info, {{"error", "read_ok without an integer value"}}};
                    }
                    return Completion{OpStatus::Ok,
                                      {{"value", v->is_null() ? Json(nullptr) : Json(std::to_string(v->get<std::int64_t>()))}}};
                });
        return;
    }
    if (u < config_.read_ratio + config_.cas_ratio) {
        const std::int64_t from = value(), to = value();
        const OpId op = ctx.op_invoke("cas", {{"key", k}, {"from", std::to_string(from)}, {"to", std::to_string(to)}});
        request(ctx, op, {{"type", "cas"}, {"key", key}, {"from", from}, {"to", to}}, "cas_ok",
                [](Context&, const Json& body) { return acknowledged(body, "cas_ok"); });
        return;
    }
    const std::int64_t v = value();
    const OpId op = ctx.op_invoke("put", {{"key", k}, {"value", std::to_string(v)}});
    request(ctx, op, {{"type", "write"}, {"key", key}, {"value", v}}, "write_ok",
            [](Context&, const Json& body) { return acknowledged(body, "write_ok"); });
}

// ---- the roles ----

void register_workload_clients(RoleRegistry& registry) {
    const auto add = [&registry](std::string_view name, std::string en, std::string zh, std::vector<ParamSpec> params,
                                 std::function<std::unique_ptr<Role>(const Params&)> make) {
        registry.add({.name = std::string(name),
                      .pattern = "maelstrom",
                      .family = "testing",
                      .en = std::move(en),
                      .zh = std::move(zh),
                      .client = true,
                      .params = std::move(params),
                      .make = std::move(make),
                      .phases = client_phases()});
    };
    add(kUniqueIdsClient,
        "Maelstrom's unique-ids workload: asks its node to generate ids; unique_ids checks no two are equal",
        "Maelstrom 的 unique-ids 工作负载：请求节点生成 id；unique_ids 检查没有两个 id 相同",
        WorkloadBase::params_without_final_read().specs(), [](const Params& p) -> std::unique_ptr<Role> {
            return std::make_unique<UniqueIdsClient>(WorkloadBase::params_without_final_read().bind(p));
        });
    add(kBroadcastClient,
        "Maelstrom's broadcast workload: sends the topology, then broadcasts and reads; broadcast_delivered checks "
        "every acknowledged message reaches every node",
        "Maelstrom 的 broadcast 工作负载：先发送 topology，再广播并读取；broadcast_delivered 检查每条已确认的消息都到达每个节点",
        BroadcastConfig::params().specs(), [](const Params& p) -> std::unique_ptr<Role> {
            return std::make_unique<BroadcastClient>(BroadcastConfig::from(p));
        });
    add(kGSetClient,
        "Maelstrom's g-set workload: adds elements and reads the set; maelstrom_values_allowed checks no "
        "acknowledged add is missing from the final reads",
        "Maelstrom 的 g-set 工作负载：添加元素并读取集合；maelstrom_values_allowed 检查最终读取不缺少任何已确认的添加",
        CrdtWorkloadConfig::params(CrdtWorkload::GSet).specs(), [](const Params& p) -> std::unique_ptr<Role> {
            return std::make_unique<CrdtWorkloadClient>(CrdtWorkload::GSet, CrdtWorkloadConfig::from(CrdtWorkload::GSet, p));
        });
    add(kGCounterClient,
        "Maelstrom's g-counter workload: adds positive deltas and reads; maelstrom_values_allowed checks the final "
        "reads lie within what the adds allow",
        "Maelstrom 的 g-counter 工作负载：加上正增量并读取；maelstrom_values_allowed 检查最终读取在加法所允许的范围内",
        CrdtWorkloadConfig::params(CrdtWorkload::GCounter).specs(), [](const Params& p) -> std::unique_ptr<Role> {
            return std::make_unique<CrdtWorkloadClient>(CrdtWorkload::GCounter,
                                                        CrdtWorkloadConfig::from(CrdtWorkload::GCounter, p));
        });
    add(kPnCounterClient,
        "Maelstrom's pn-counter workload: adds deltas of either sign and reads; maelstrom_values_allowed checks the "
        "final reads lie within what the adds allow",
        "Maelstrom 的 pn-counter 工作负载：加上正或负的增量并读取；maelstrom_values_allowed 检查最终读取在加法所允许的范围内",
        CrdtWorkloadConfig::params(CrdtWorkload::PnCounter).specs(), [](const Params& p) -> std::unique_ptr<Role> {
            return std::make_unique<CrdtWorkloadClient>(CrdtWorkload::PnCounter,
                                                        CrdtWorkloadConfig::from(CrdtWorkload::PnCounter, p));
        });
    registry.add({.name = "maelstrom-node",
                  .pattern = "maelstrom",
                  .family = "testing",
                  .en = "A built-in node for Maelstrom's unique-ids, broadcast, g-set, counter and lin-kv workloads, correct "
                        "or with each workload's classic flaw: the reference for your own",
                  .zh = "内置节点，服务 Maelstrom 的 unique-ids、broadcast、g-set、计数器与 lin-kv 工作负载，可以正确实现，"
                        "也可以带有各工作负载的典型缺陷：作为你自己节点的参照",
                  .client = false,
                  .params = ReferenceNodeConfig::params().specs(),
                  .make = [](const Params& p) -> std::unique_ptr<Role> {
                      return std::make_unique<ReferenceNodeRole>(ReferenceNodeConfig::from(p));
                  }});
    add(kLinKvClient,
        "Maelstrom's lin-kv workload: reads, writes and compare-and-sets integer keys on its node; judged by "
        "linearizable: kv",
        "Maelstrom 的 lin-kv 工作负载：在节点上对整数键读、写与 compare-and-set；由 linearizable: kv 判断",
        LinKvConfig::params().specs(), [](const Params& p) -> std::unique_ptr<Role> {
            return std::make_unique<LinKvClient>(LinKvConfig::from(p));
        });
}

}  // namespace distlab::core::maelstrom
