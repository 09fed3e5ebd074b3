#include "netlab/patterns/multi_leader/multi_leader_checks.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/model/json.h"
#include "core/patterns/multi_leader/mm_node_role.h"
#include "netlab/checks/check_support.h"
#include "netlab/patterns/crdt/convergence.h"

namespace distlab::netlab {

namespace {

using Clock = std::chrono::steady_clock;
using core::Json;
using core::Text;

// Edits and reads named in the detail; the rest are counted.
constexpr std::size_t kListed = 6;

struct CartOp {
    std::string client;
    std::uint64_t id = 0;
    std::string f;                 // add | remove | read
    std::string key;
    std::string item;
    bool final_read = false;
    std::int64_t invoked_ns = 0;
    std::optional<std::int64_t> completed_ns;
    std::string status;
    Json value;                    // a read's cart
};

std::vector<CartOp> read_ops(const RunView& run) {
    const auto& roles = run.roles->node_roles();
    std::vector<CartOp> ops;
    std::map<std::pair<std::string, std::uint64_t>, std::size_t> by_op;
    for (const Event& e : run.events) {
        if (e.kind == EventKind::OpInvoked) {
            const auto role = roles.find(e.node);
            if (role == roles.end() || role->second != core::multi_leader::kClientRole)
                continue;
            const Json v = Json::parse(e.data, nullptr, false);
            if (!v.is_object())
                continue;
            by_op[{e.node, e.msg_id}] = ops.size();
            ops.push_back(CartOp{.client = e.node,
                                 .id = e.msg_id,
                                 .f = e.type,
                                 .key = v.value("key", std::string()),
                                 .item = v.value("item", std::string()),
                                 .final_read = v.value("final", false),
                                 .invoked_ns = e.t_ns});
        } else if (e.kind == EventKind::OpCompleted) {
            const auto it = by_op.find({e.node, e.msg_id});
            if (it == by_op.end() || ops[it->second].completed_ns)
                continue;
            CartOp& op = ops[it->second];
            op.completed_ns = e.t_ns;
            op.status = e.type;
            const Json v = Json::parse(e.data, nullptr, false);
            if (v.is_object())
                op.value = v.value("value", Json(nullptr));
        }
    }
    return ops;
}

std::string counted(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string at(const CartOp& op) { return op.client + " @ " + seconds_text(op.invoked_ns); }

class CartUpdatesLost final : public Check {
public:
    explicit CartUpdatesLost(std::int64_t settle_ns) : settle_ns_(settle_ns) {}

    CheckResult evaluate(const RunView& run, Clock::time_point) const override {
        if (!run.roles)
            return verdict(Verdict::Unknown, Text{"the run's roles are not known", "不知道本次运行的角色"});
        const std::vector<CartOp> ops = read_ops(run);
        // Per key: the edits every final read must show.
        std::map<std::string, std::vector<const CartOp*>> by_key;
        for (const CartOp& op : ops)
            by_key[op.key].push_back(&op);
        std::size_t reads = 0, edits = 0;
        std::vector<std::pair<const CartOp*, const CartOp*>> lost;   // (edit, the read that lacks it)
        for (const auto& [key, key_ops] : by_key) {
            std::vector<const CartOp*> finals;
            for (const CartOp* op : key_ops)
                if (op->f == "read" && op->final_read && op->status == "ok" && op->value.is_array())
                    finals.push_back(op);
            if (finals.empty())
                continue;
            reads += finals.size();
            const auto others = [&](const CartOp* edit, const char* f) {
                std::vector<const CartOp*> out;
                for (const CartOp* o : key_ops)
                    if (o->f == f && o->item == edit->item)
                        out.push_back(o);
                return out;
            };
            for (const CartOp* edit : key_ops) {
                if (edit->status != "ok" || (edit->f != "add" && edit->f != "remove"))
                    continue;
                ++edits;
                bool binding = true;
                if (edit->f == "add") {
                    // After every remove of the item completed: no remove can have seen this add.
                    for (const CartOp* rm : others(edit, "remove"))
                        binding = binding && rm->completed_ns && *rm->completed_ns < edit->invoked_ns;
                } else {
                    // Long after every add completed: every region held those adds when it removed.
                    for (const CartOp* add : others(edit, "add"))
                        binding = binding && add->completed_ns && *add->completed_ns + settle_ns_ < edit->invoked_ns;
                }
                if (!binding)
                    continue;
                for (const CartOp* read : finals) {
                    const bool present = std::find(read->value.begin(), read->value.end(), Json(edit->item)) !=
                                         read->value.end();
                    if (present != (edit->f == "add")) {
                        lost.emplace_back(edit, read);
                        break;
                    }
                }
            }
        }
        if (reads == 0)
            return verdict(Verdict::Unknown, Text{"no cart-client made a final read (final_read_at)",
                                                  "没有 cart-client 做最终读取（final_read_at）"});
        const std::string resolution = resolution_of(run);
        const std::string by = resolution.empty() ? "" : " (resolution " + resolution + ")";
        const std::string by_zh = resolution.empty() ? "" : "（冲突解决方式 " + resolution + "）";
        if (lost.empty())
            return verdict(Verdict::Pass, Text{std::to_string(edits) + " acknowledged edits, every one kept in " +
                                                   std::to_string(reads) + " final reads" + by,
                                               std::to_string(edits) + " 个已确认的修改在 " + std::to_string(reads) +
                                                   " 次最终读取中全部保留" + by_zh});
        std::size_t adds = 0;
        std::string list, list_zh;
        for (std::size_t i = 0; i < lost.size(); ++i) {
            const CartOp& e = *lost[i].first;
            adds += e.f == "add" ? 1 : 0;
            if (i >= kListed)
                continue;
            list += (i ? "; " : "") + e.f + " " + e.item + " (" + at(e) + ") " +
                    (e.f == "add" ? "missing from " : "undone in ") + lost[i].second->client + "'s cart";
            list_zh += (i ? "；" : "") + e.f + " " + e.item + "（" + at(e) + "）" +
                       (e.f == "add" ? "不在 " : "在 ") + lost[i].second->client +
                       (e.f == "add" ? " 的购物车中" : " 的购物车中被撤销");
        }
        if (lost.size() > kListed) {
            list += "; …";
            list_zh += "；……";
        }
        const std::string counts = std::to_string(lost.size()) + " of " + std::to_string(edits) +
                                   " acknowledged edits lost" + by + ": " + counted(adds, "add dropped", "adds dropped") +
                                   ", " + counted(lost.size() - adds, "remove undone", "removes undone");
        const std::string counts_zh = std::to_string(edits) + " 个已确认的修改中丢失 " + std::to_string(lost.size()) +
                                      " 个" + by_zh + "：" + std::to_string(adds) + " 个添加被丢弃，" +
                                      std::to_string(lost.size() - adds) + " 个删除被撤销";
        CheckResult r = verdict(Verdict::Fail, Text{counts + " — " + list, counts_zh + "——" + list_zh});
        for (const auto& [edit, read] : lost) {
            involve_op(r, edit->client, edit->id);
            involve_op(r, read->client, read->id);
        }
        return r;
    }

private:
    // The mm-nodes' resolution, as their snapshots say ("" when unknown or mixed).
    static std::string resolution_of(const RunView& run) {
        const auto& roles = run.roles->node_roles();
        std::set<std::string> seen;
        for (const Event& e : run.events) {
            if (e.kind != EventKind::State)
                continue;
            const auto role = roles.find(e.node);
            if (role == roles.end() || role->second != core::multi_leader::kNodeRole)
                continue;
            const Json s = Json::parse(e.data, nullptr, false);
            if (s.is_object() && s.contains("resolution") && s["resolution"].is_string())
                seen.insert(s["resolution"].get<std::string>());
        }
        return seen.size() == 1 ? *seen.begin() : "";
    }

    std::int64_t settle_ns_;
};

}  // namespace

void register_multi_leader_checks(CheckRegistry& registry) {
    registry.add({.name = "mm_converged",
                  .en = "Every mm-node holds the same carts at the end, reached within the bound after the heal and "
                        "the last edit.",
                  .zh = "结束时每个 mm-node 的购物车相同，且在分区恢复与最后一次修改之后的时限内达成一致。",
                  .params = convergence_params(),
                  .applies_to = {RoleFilter::named(core::multi_leader::kNodeRole)},
                  .validate = convergence_problems,
                  .make = [](const core::Params& args) {
                      return make_convergence_check(core::multi_leader::kNodeRole, "carts",
                                                    args.get_duration("within").count(), args);
                  }});
    registry.add({.name = "cart_updates_lost",
                  .en = "Every final cart keeps every acknowledged edit: no add dropped by a conflict resolution, no "
                        "remove undone by a merge (counted and listed).",
                  .zh = "每个最终购物车都保留了每个已确认的修改：没有添加被冲突解决丢弃，没有删除被合并撤销（计数并列出）。",
                  .params = {{.name = "settle",
                              .type = core::ParamType::Duration,
                              .default_value = "500ms",
                              .min = 0,
                              .en = "a remove binds only this long after every add of the item completed (longer "
                                    "than replication between regions takes)",
                              .zh = "只有在对该商品的每次添加完成此时长之后的删除才有约束力（应长于区域间复制所需时间）"}},
                  .applies_to = {RoleFilter::named(core::multi_leader::kClientRole)},
                  .make = [](const core::Params& args) -> std::unique_ptr<Check> {
                      return std::make_unique<CartUpdatesLost>(args.get_duration("settle").count());
                  }});
}

}  // namespace distlab::netlab
