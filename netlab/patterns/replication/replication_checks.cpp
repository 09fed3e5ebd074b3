#include "netlab/patterns/replication/replication_checks.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/patterns/replication/lf_protocol.h"
#include "core/patterns/replication/write_ids.h"
#include "netlab/checks/check_support.h"

namespace distlab::netlab {

namespace {

using Clock = std::chrono::steady_clock;
using core::Json;
using core::Text;

constexpr const char* kClientRole = "kv-client";
// Lost writes named in the detail; the rest are counted.
constexpr std::size_t kListed = 8;

std::string n(std::int64_t value) { return std::to_string(value); }

struct Write {
    std::string client;
    std::uint64_t op = 0;
    std::string key;
    std::string value;
    std::int64_t acked_ns = -1;     // -1: not acknowledged
};

class AckedWritesLost final : public Check {
public:
    CheckResult evaluate(const RunView& run, Clock::time_point) const override {
        if (!run.roles)
            return verdict(Verdict::Unknown, Text{"the run's roles are not known", "不知道本次运行的角色"});
        const auto& roles = run.roles->node_roles();
        const auto is = [&roles](const std::string& node, std::string_view role) {
            const auto it = roles.find(node);
            return it != roles.end() && it->second == role;
        };
        std::map<std::pair<std::string, std::uint64_t>, Write> writes;
        std::map<std::string, const Event*> last_state;
        std::set<std::string> dead;
        for (const Event& e : run.events) {
            switch (e.kind) {
            case EventKind::OpInvoked: {
                if (!is(e.node, kClientRole) || (e.type != "put" && e.type != "cas"))
                    break;
                const Json v = Json::parse(e.data, nullptr, false);
                const char* field = e.type == "put" ? "value" : "to";
                if (!v.is_object() || !v.contains(field) || !(*v.find(field)).is_string())
                    break;
                writes[{e.node, e.msg_id}] = Write{.client = e.node, .op = e.msg_id,
                                                   .key = v.value("key", std::string()),
                                                   .value = (*v.find(field)).get<std::string>()};
                break;
            }
            case EventKind::OpCompleted: {
                const auto it = writes.find({e.node, e.msg_id});
                if (it != writes.end() && e.type == "ok" && it->second.acked_ns < 0)
                    it->second.acked_ns = e.t_ns;
                break;
            }
            case EventKind::State:
                if (is(e.node, core::replication::kNodeRole))
                    last_state[e.node] = &e;
                break;
            case EventKind::NodeStarted: dead.erase(e.node); break;
            case EventKind::NodeExited: {
                const Json data = Json::parse(e.data, nullptr, false);
                if (!data.is_object() || data.value("cause", "") != "shutdown")
                    dead.insert(e.node);
                break;
            }
            default: break;
            }
        }
        // The primary at the end: the live lf-node in primary mode with the highest epoch.
        std::string primary;
        std::int64_t epoch = -1;
        Json final_state;
        for (const auto& [node, event] : last_state) {
            if (dead.contains(node))
                continue;
            Json snap = Json::parse(event->data, nullptr, false);
            if (!snap.is_object() || snap.value("mode", "") != "primary")
                continue;
            const std::int64_t e = snap.value("epoch", std::int64_t{0});
            if (e > epoch) {
                epoch = e;
                primary = node;
                final_state = std::move(snap);
            }
        }
        if (primary.empty())
            return verdict(Verdict::Unknown, Text{"no lf-node is primary at the end: nothing to compare with",
                                                  "结束时没有 lf-node 是主库：无从比较"});
        const auto held = core::replication::WriteIds::from_json(final_state.value("writes", Json(nullptr)));
        if (!held)
            return verdict(Verdict::Unknown, Text{"the snapshot of " + primary + " does not list its writes",
                                                  primary + " 的快照没有列出它持有的写入"});
        std::vector<const Write*> lost;
        std::int64_t acked = 0;
        for (const auto& [id, w] : writes) {
            if (w.acked_ns < 0)
                continue;
            ++acked;
            if (!held->contains(w.value))
                lost.push_back(&w);
        }
        std::sort(lost.begin(), lost.end(), [](const Write* a, const Write* b) { return a->acked_ns < b->acked_ns; });
        const std::string at_end = primary + ", the primary at the end (epoch " + n(epoch) + ")";
        const std::string at_end_zh = "结束时的主库 " + primary + "（纪元 " + n(epoch) + "）";
        if (acked == 0)
            return verdict(Verdict::Unknown, Text{"no write was acknowledged", "没有任何写入被确认"});
        if (lost.empty())
            return involving(verdict(Verdict::Pass, Text{n(acked) + " acknowledged writes, every one held by " + at_end,
                                                         n(acked) + " 个已确认的写入全部由" + at_end_zh + "持有"}),
                             {primary});
        std::string list;
        for (std::size_t i = 0; i < lost.size() && i < kListed; ++i) {
            const Write& w = *lost[i];
            list += (i ? ", " : "") + w.value + " (" + w.key + " @ " + seconds_text(w.acked_ns) + ")";
        }
        if (lost.size() > kListed)
            list += ", …";
        const std::string count = n(std::ssize(lost));
        CheckResult r = verdict(Verdict::Fail,
                                Text{n(acked) + " acknowledged writes, " + count + " lost: missing from " + at_end +
                                         ": " + list,
                                     n(acked) + " 个已确认的写入中有 " + count + " 个丢失，" + at_end_zh +
                                         "中没有它们：" + list},
                                std::make_pair(lost.front()->acked_ns, lost.back()->acked_ns));
        involve_node(r, primary);
        for (const Write* w : lost)
            involve_op(r, w->client, w->op);
        return r;
    }
};

}  // namespace

void register_replication_checks(CheckRegistry& registry) {
    registry.add({.name = "acked_writes_lost",
                  .en = "Every write a client saw acknowledged is held by the primary at the end: none lost in a "
                        "failover (counted and listed when some are).",
                  .zh = "客户端收到确认的每个写入都由结束时的主库持有：故障转移中没有丢失（若有丢失则计数并列出）。",
                  .applies_to = {RoleFilter::named(core::replication::kNodeRole), RoleFilter::named(kClientRole)},
                  .make = [](const core::Params&) -> std::unique_ptr<Check> {
                      return std::make_unique<AckedWritesLost>();
                  }});
}

}  // namespace distlab::netlab
