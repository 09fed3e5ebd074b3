#include "netlab/patterns/replication/replication_checks.h"

#include "core/patterns/replication/lf_protocol.h"
#include "netlab/checks/check_support.h"
#include "netlab/patterns/replication/lf_history.h"

namespace distlab::netlab {

namespace {

using Clock = std::chrono::steady_clock;
using core::Text;

constexpr const char* kClientRole = "kv-client";
// Lost writes named in the detail; the rest are counted.
constexpr std::size_t kListed = 8;

std::string n(std::int64_t value) { return std::to_string(value); }

class AckedWritesLost final : public Check {
public:
    CheckResult evaluate(const RunView& run, Clock::time_point) const override {
        if (!run.roles)
            return verdict(Verdict::Unknown, Text{"the run's roles are not known", "不知道本次运行的角色"});
        const lf::LfHistory h = lf::LfHistory::read(run.events, run.roles->node_roles());
        if (h.final_primary.empty())
            return verdict(Verdict::Unknown, Text{"no lf-node is primary at the end: nothing to compare with",
                                                  "结束时没有 lf-node 是主库：无从比较"});
        if (!h.final_writes_known)
            return verdict(Verdict::Unknown, Text{"the snapshot of " + h.final_primary + " does not list its writes",
                                                  h.final_primary + " 的快照没有列出它持有的写入"});
        if (h.acked == 0)
            return verdict(Verdict::Unknown, Text{"no write was acknowledged", "没有任何写入被确认"});
        const std::string at_end = h.final_primary + ", the primary at the end (epoch " + n(h.final_epoch) + ")";
        const std::string at_end_zh = "结束时的主库 " + h.final_primary + "（纪元 " + n(h.final_epoch) + "）";
        if (h.lost.empty())
            return involving(verdict(Verdict::Pass, Text{n(h.acked) + " acknowledged writes, every one held by " + at_end,
                                                         n(h.acked) + " 个已确认的写入全部由" + at_end_zh + "持有"}),
                             {h.final_primary});
        std::string list;
        for (std::size_t i = 0; i < h.lost.size() && i < kListed; ++i) {
            const lf::Write& w = h.writes[h.lost[i]];
            list += (i ? ", " : "") + w.value + " (" + w.key + " @ " + seconds_text(w.acked_ns) + ")";
        }
        if (h.lost.size() > kListed)
            list += ", …";
        const std::string count = n(std::ssize(h.lost));
        CheckResult r = verdict(Verdict::Fail,
                                Text{n(h.acked) + " acknowledged writes, " + count + " lost: missing from " + at_end +
                                         ": " + list,
                                     n(h.acked) + " 个已确认的写入中有 " + count + " 个丢失，" + at_end_zh +
                                         "中没有它们：" + list},
                                std::make_pair(h.writes[h.lost.front()].acked_ns, h.writes[h.lost.back()].acked_ns));
        involve_node(r, h.final_primary);
        for (const std::size_t i : h.lost)
            involve_op(r, h.writes[i].client, h.writes[i].op);
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
