#include "netlab/patterns/tcc/tcc_checks.h"

#include <map>
#include <set>

#include "core/model/json.h"
#include "netlab/checks/check_support.h"

namespace distlab::netlab {

namespace {

using core::Json;
using core::Text;
using Deadline = std::chrono::steady_clock::time_point;

constexpr const char* kParticipantRole = "tcc-participant";

CheckResult no_roles() {
    return verdict(Verdict::Unknown, Text{"the run's roles are not known", "不知道本次运行的角色"});
}

std::int64_t int_field(const Json& snap, const char* name) {
    const auto it = snap.find(name);
    return it != snap.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

// The participants' snapshots over the run: the last one of each, and the first time one of
// them reported releasing what was never reserved.
struct Ledger {
    std::map<std::string, Json> last;          // participant -> its last snapshot
    std::map<std::string, std::int64_t> initial;
    std::optional<std::pair<std::string, std::int64_t>> first_unreserved;   // node, time
    std::int64_t most_unreserved = 0;

    std::int64_t expected() const {
        std::int64_t total = 0;
        for (const auto& [node, t] : initial)
            total += t;
        return total;
    }
    std::int64_t end_sum() const {
        std::int64_t total = 0;
        for (const auto& [node, snap] : last)
            total += int_field(snap, "sum");
        return total;
    }
    // "p1 3000, p2 2950, p3 3050"
    std::string end_sums() const {
        std::string out;
        for (const auto& [node, snap] : last)
            out += (out.empty() ? "" : ", ") + node + " " + std::to_string(int_field(snap, "sum"));
        return out;
    }
};

std::set<std::string> participants(const RunView& run) {
    std::set<std::string> out;
    for (const auto& node : run.scenario.nodes)
        if (const auto* d = run.roles->role_of_node(node.id); d && d->name == kParticipantRole)
            out.insert(node.id);
    return out;
}

Ledger read_ledger(const RunView& run, const std::set<std::string>& nodes) {
    Ledger l;
    for (const Event& e : run.events) {
        if (e.kind != EventKind::State || !nodes.contains(e.node))
            continue;
        Json snap = Json::parse(e.data, nullptr, false);
        if (!snap.is_object() || !snap.contains("sum"))
            continue;
        l.initial.emplace(e.node, int_field(snap, "initial_total"));
        const std::int64_t unreserved = int_field(snap, "unreserved");
        if (unreserved > 0 && !l.first_unreserved)
            l.first_unreserved = std::make_pair(e.node, e.t_ns);
        l.most_unreserved = std::max(l.most_unreserved, unreserved);
        l.last[e.node] = std::move(snap);
    }
    return l;
}

class Conservation final : public Check {
public:
    CheckResult evaluate(const RunView& run, Deadline) const override {
        if (!run.roles)
            return no_roles();
        const std::set<std::string> nodes = participants(run);
        const Ledger l = read_ledger(run, nodes);
        if (l.last.size() < nodes.size())
            return verdict(Verdict::Unknown, Text{"not every participant reported its balances",
                                                  "并非每个参与者都报告了余额"});
        const std::int64_t total = l.expected();
        std::map<std::pair<std::string, std::uint64_t>, bool> reads;   // (client, op) -> is a read
        std::size_t ok_reads = 0, bad = 0;
        std::int64_t first_sum = 0, first_t = 0;
        std::string first_client;
        std::uint64_t first_op = 0;
        for (const Event& e : run.events) {
            if (e.kind == EventKind::OpInvoked && e.type == "read")
                reads[{e.node, e.msg_id}] = true;
            if (e.kind != EventKind::OpCompleted || e.type != "ok" || !reads.contains({e.node, e.msg_id}))
                continue;
            const Json value = Json::parse(e.data, nullptr, false);
            if (!value.is_object() || !value.contains("sum") || !value["sum"].is_number_integer())
                continue;
            ++ok_reads;
            const std::int64_t sum = value["sum"].get<std::int64_t>();
            if (sum != total && bad++ == 0) {
                first_sum = sum;
                first_t = e.t_ns;
                first_client = e.node;
                first_op = e.msg_id;
            }
        }
        const std::int64_t end = l.end_sum();
        const std::string t = std::to_string(total), n = std::to_string(ok_reads), sums = l.end_sums();
        if (bad > 0 || end != total) {
            Text detail;
            CheckResult involved;
            std::optional<std::pair<std::int64_t, std::int64_t>> window;
            if (bad > 0) {
                const std::string b = std::to_string(bad), s = std::to_string(first_sum),
                                  d = std::to_string(first_sum - total), at = seconds_text(first_t);
                detail = Text{b + " of " + n + " reads did not sum to " + t + "; first at " + at + ": " + s + " (" +
                                  (first_sum > total ? "+" : "") + d + ")",
                              n + " 次读取中有 " + b + " 次总额不等于 " + t + "；第一次在 " + at + "：" + s + "（" +
                                  (first_sum > total ? "+" : "") + d + "）"};
                involve_op(involved, first_client, first_op);
                window = std::make_pair(first_t, first_t);
            } else {
                detail = Text{"every one of " + n + " reads summed to " + t, n + " 次读取的总额都等于 " + t};
            }
            const std::string e = std::to_string(end);
            detail += Text{"; at the end the participants hold " + e + " (" + sums + "), " +
                               (end == total ? "as they should" : "not " + t),
                           "；运行结束时各参与者共持有 " + e + "（" + sums + "）" +
                               (end == total ? "，与应有的一致" : "，而不是 " + t)};
            if (bad == 0 && end == total)
                return verdict(Verdict::Pass, detail);
            CheckResult r = verdict(Verdict::Fail, detail, window);
            r.ops = std::move(involved.ops);
            r.nodes = std::move(involved.nodes);
            if (end != total)
                for (const std::string& node : nodes)
                    involve_node(r, node);
            return r;
        }
        return verdict(Verdict::Pass,
                       Text{"the money is conserved: every one of " + n + " reads summed to " + t +
                                ", and at the end the participants hold " + t + " (" + sums + ")",
                            "资金守恒：" + n + " 次读取的总额都等于 " + t + "，运行结束时各参与者共持有 " + t + "（" +
                                sums + "）"});
    }
};

class NoReservationHeld final : public Check {
public:
    CheckResult evaluate(const RunView& run, Deadline) const override {
        if (!run.roles)
            return no_roles();
        const std::set<std::string> nodes = participants(run);
        const Ledger l = read_ledger(run, nodes);
        if (l.last.size() < nodes.size())
            return verdict(Verdict::Unknown, Text{"not every participant reported its reservations",
                                                  "并非每个参与者都报告了预留"});
        std::vector<Text> held;
        std::int64_t tries = 0, confirms = 0, cancels = 0, empty = 0, refused = 0;
        CheckResult r;
        for (const auto& [node, snap] : l.last) {
            tries += int_field(snap, "tries");
            confirms += int_field(snap, "confirms");
            cancels += int_field(snap, "cancels");
            empty += int_field(snap, "empty_rollbacks");
            refused += int_field(snap, "suspensions_refused");
            const std::int64_t rows = int_field(snap, "reservations"), amount = int_field(snap, "held");
            if (rows > 0 || amount > 0) {
                const std::string n = std::to_string(rows), a = std::to_string(amount);
                held.push_back(Text{node + " holds " + n + (rows == 1 ? " reservation (" : " reservations (") + a +
                                        " reserved)",
                                    node + " 持有 " + n + " 笔预留（共 " + a + "）"});
                involve_node(r, node);
            }
        }
        const std::string counts_en = std::to_string(tries) + " tries, " + std::to_string(confirms) + " confirms, " +
                                      std::to_string(cancels) + " cancels, " + std::to_string(empty) +
                                      " empty rollbacks, " + std::to_string(refused) + " late tries refused";
        const std::string counts_zh = std::to_string(tries) + " 次 Try，" + std::to_string(confirms) + " 次 Confirm，" +
                                      std::to_string(cancels) + " 次 Cancel，" + std::to_string(empty) + " 次空回滚，" +
                                      std::to_string(refused) + " 次拒绝迟到的 Try";
        if (held.empty() && !l.first_unreserved)
            return verdict(Verdict::Pass, Text{"no reservation is left held at the end (" + counts_en + ")",
                                               "运行结束时没有遗留的预留（" + counts_zh + "）"});
        Text detail;
        if (!held.empty())
            detail = Text{"at the end ", "运行结束时，"} + joined_text(held, Text{", ", "，"}) +
                     Text{": reserved by a try nobody will confirm or cancel", "：这些由 Try 预留的金额再也不会被 Confirm 或 Cancel"};
        if (l.first_unreserved) {
            const auto& [node, at] = *l.first_unreserved;
            const std::string most = std::to_string(l.most_unreserved), when = seconds_text(at);
            if (!held.empty())
                detail += Text{"; ", "；"};
            detail += Text{node + " released what was never reserved from " + when + " (up to " + most +
                               "): that money can be spent twice",
                           node + " 从 " + when + " 起释放了从未预留的金额（最多 " + most + "）：这笔钱可以被花两次"};
            involve_node(r, node);
            r.window_ns = std::make_pair(at, at);
        }
        detail += Text{" (" + counts_en + ")", "（" + counts_zh + "）"};
        r.verdict = Verdict::Fail;
        r.set_detail(std::move(detail));
        return r;
    }
};

}  // namespace

void register_tcc_checks(CheckRegistry& registry) {
    registry.add({.name = "conservation",
                  .en = "The money is conserved: every read of all balances, and the balances at the end, sum to "
                        "the total the accounts started with (Jepsen's bank test).",
                  .zh = "资金守恒：每次读取的全部余额之和、以及运行结束时的余额之和，都等于账户初始总额"
                        "（Jepsen 银行测试）。",
                  .applies_to = {RoleFilter::named(kParticipantRole)},
                  .make = [](const core::Params&) -> std::unique_ptr<Check> {
                      return std::make_unique<Conservation>();
                  }});
    registry.add({.name = "no_reservation_held",
                  .en = "Every reservation a try made is confirmed or cancelled by the end, and nothing is "
                        "released that was never reserved.",
                  .zh = "运行结束时每笔由 Try 产生的预留都已被 Confirm 或 Cancel，且没有释放过从未预留的金额。",
                  .applies_to = {RoleFilter::named(kParticipantRole)},
                  .make = [](const core::Params&) -> std::unique_ptr<Check> {
                      return std::make_unique<NoReservationHeld>();
                  }});
}

}  // namespace distlab::netlab
