#include "netlab/patterns/atomic_commit/atomic_commit_checks.h"

#include <algorithm>
#include <map>

#include "netlab/checks/check_support.h"
#include "netlab/patterns/atomic_commit/tx_history.h"

namespace distlab::netlab {

namespace {

using core::Text;
using Deadline = std::chrono::steady_clock::time_point;

constexpr const char* kParticipantRole = "tx-participant";

CheckResult no_roles() {
    return verdict(Verdict::Unknown, Text{"the run's roles are not known", "不知道本次运行的角色"});
}

Text decision_text(const std::string& decision) {
    return decision == "commit" ? Text{"committed", "提交"} : Text{"aborted", "中止"};
}

// "c1.17: committed on p1; aborted on p2, p3"
Text describe_split(const TxHistory::Tx& tx) {
    std::map<std::string, std::vector<std::string>> by_decision;
    for (const auto& [node, part] : tx.parts)
        if (part.decision)
            by_decision[*part.decision].push_back(node + (part.by.empty() ? "" : " (" + part.by + ")"));
    std::vector<Text> pieces;
    for (const auto& [decision, nodes] : by_decision) {
        std::string list;
        for (const std::string& n : nodes)
            list += (list.empty() ? "" : ", ") + n;
        pieces.push_back(decision_text(decision) + Text{" on ", "："} + list);
    }
    Text out = Text{tx.id + ": ", tx.id + "："} + joined_text(pieces, Text{"; ", "；"});
    if (tx.client_decision)
        out += Text{"; the client was told ", "；客户端得到的结果为"} + decision_text(*tx.client_decision);
    return out;
}

class Atomicity final : public Check {
public:
    CheckResult evaluate(const RunView& run, Deadline) const override {
        if (!run.roles)
            return no_roles();
        const TxHistory h = TxHistory::read(run.events, *run.roles);
        std::size_t committed = 0, aborted = 0, undecided = 0, alone = 0, bad = 0;
        CheckResult involved;
        Text first;
        std::optional<std::pair<std::int64_t, std::int64_t>> window;
        for (const auto& [id, tx] : h.txs) {
            std::optional<std::string> decision;
            bool split = TxHistory::split(tx), flipped = false, by_self = false;
            for (const auto& [node, part] : tx.parts) {
                flipped = flipped || part.flipped;
                by_self = by_self || part.by == "timeout" || part.by == "peers";
                if (part.decision && !decision)
                    decision = part.decision;
            }
            const bool client_disagrees =
                decision && tx.client_decision && !split && *tx.client_decision != *decision;
            if (split || flipped || client_disagrees) {
                if (bad++ == 0) {
                    std::int64_t lo = h.end_ns, hi = 0;
                    for (const auto& [node, part] : tx.parts) {
                        involve_node(involved, node);
                        if (part.decision) {
                            lo = std::min(lo, part.yes_ns.value_or(part.decided_ns));
                            hi = std::max(hi, part.decided_ns);
                        }
                    }
                    if (!tx.client.empty())
                        involve_op(involved, tx.client, tx.op);
                    window = std::make_pair(std::min(lo, hi), hi);
                    first = describe_split(tx);
                    if (flipped && !split)
                        first += Text{" (a participant reported both decisions)", "（某参与者先后报告了两种决定）"};
                } else {
                    for (const auto& [node, part] : tx.parts)
                        involve_node(involved, node);
                }
                continue;
            }
            if (!decision) {
                ++undecided;
                continue;
            }
            (*decision == "commit" ? committed : aborted) += 1;
            alone += by_self;
        }
        if (bad > 0) {
            const std::string n = std::to_string(bad), all = std::to_string(h.txs.size());
            CheckResult r = verdict(Verdict::Fail,
                                    Text{n + " of " + all + " transactions are not atomic; first: ",
                                         all + " 个事务中有 " + n + " 个不满足原子性；第一个："} +
                                        first,
                                    window);
            r.nodes = std::move(involved.nodes);
            r.ops = std::move(involved.ops);
            return r;
        }
        const std::string all = std::to_string(h.txs.size()), c = std::to_string(committed),
                          a = std::to_string(aborted), u = std::to_string(undecided), s = std::to_string(alone);
        return verdict(Verdict::Pass,
                       Text{all + " transactions: " + c + " committed on every participant, " + a +
                                " aborted on every participant (" + s + " settled by participants alone), " + u +
                                " decided by no participant",
                            all + " 个事务：" + c + " 个在所有参与者上提交，" + a + " 个在所有参与者上中止（其中 " + s +
                                " 个由参与者自行决定），" + u + " 个没有任何参与者做出决定"});
    }
};

class NoTxInDoubt final : public Check {
public:
    CheckResult evaluate(const RunView& run, Deadline) const override {
        if (!run.roles)
            return no_roles();
        const TxHistory h = TxHistory::read(run.events, *run.roles);
        std::size_t yes = 0, open = 0;
        std::int64_t last = 0;
        std::map<std::string, std::size_t> per_node;
        CheckResult involved;
        Text first;
        std::optional<std::pair<std::int64_t, std::int64_t>> window;
        for (const auto& [id, tx] : h.txs)
            for (const auto& [node, part] : tx.parts) {
                if (!part.yes_ns)
                    continue;
                ++yes;
                if (part.decision) {
                    last = std::max(last, part.decided_ns);
                    continue;
                }
                ++per_node[node];
                involve_node(involved, node);
                if (open++ == 0) {
                    const std::string at = seconds_text(*part.yes_ns);
                    first = Text{id + " on " + node + ", prepared at " + at,
                                 node + " 上的 " + id + "，于 " + at + " 准备"};
                    window = std::make_pair(*part.yes_ns, h.end_ns);
                }
            }
        if (open > 0) {
            std::vector<Text> nodes;
            for (const auto& [node, n] : per_node)
                nodes.push_back(Text{node + " " + std::to_string(n), node + " " + std::to_string(n) + " 个"});
            const std::string n = std::to_string(open);
            CheckResult r = verdict(Verdict::Fail,
                                    Text{n + " yes votes never reached a decision by the end (", "到运行结束仍有 " + n +
                                                                                                     " 张赞成票未得到决定（"} +
                                        joined_text(nodes, Text{", ", "，"}) +
                                        Text{"): their locks are still held; first: ", "）：它们的锁仍被持有；第一个："} +
                                        first,
                                    window);
            r.nodes = std::move(involved.nodes);
            return r;
        }
        const std::string n = std::to_string(yes), at = seconds_text(last);
        return verdict(Verdict::Pass, Text{"every one of " + n + " yes votes reached a decision (the last at " + at + ")",
                                           n + " 张赞成票全部得到了决定（最后一个在 " + at + "）"});
    }
};

class InDoubtTime final : public Check {
public:
    explicit InDoubtTime(std::int64_t max_ns) : max_ns_(max_ns) {}

    CheckResult evaluate(const RunView& run, Deadline) const override {
        if (!run.roles)
            return no_roles();
        const TxHistory h = TxHistory::read(run.events, *run.roles);
        struct Worst {
            std::int64_t ns = 0;
            std::string tx;
            std::int64_t locks = 0;
            std::int64_t from = 0;
        };
        std::map<std::string, Worst> worst;
        double lock_seconds = 0;
        std::size_t over = 0, measured = 0;
        for (const auto& [id, tx] : h.txs)
            for (const auto& [node, part] : tx.parts) {
                if (!part.yes_ns)
                    continue;
                ++measured;
                lock_seconds += static_cast<double>(part.locks) * static_cast<double>(part.in_doubt_ns) / 1e9;
                over += part.in_doubt_ns > max_ns_;
                Worst& w = worst[node];
                if (part.in_doubt_ns > w.ns)
                    w = {part.in_doubt_ns, id, part.locks, *part.yes_ns};
            }
        if (measured == 0)
            return verdict(Verdict::Unknown, Text{"no participant voted yes: nothing was held in doubt",
                                                  "没有参与者投赞成票：没有任何事务处于不确定状态"});
        std::string top_node;
        for (const auto& [node, w] : worst)
            if (top_node.empty() || w.ns > worst[top_node].ns)
                top_node = node;
        const Worst& top = worst[top_node];
        std::vector<Text> per;
        for (const auto& [node, w] : worst) {
            const auto blocked = h.blocked_ns.find(node);
            const std::string b = span_text(blocked != h.blocked_ns.end() ? blocked->second : 0);
            per.push_back(Text{node + " " + span_text(w.ns) + " (blocked " + b + ")",
                               node + " " + span_text(w.ns) + "（阻塞 " + b + "）"});
        }
        char ls[32];
        std::snprintf(ls, sizeof ls, "%.1f", lock_seconds);
        const std::string locks = std::to_string(top.locks), longest = span_text(top.ns), limit = span_text(max_ns_);
        Text detail = Text{"longest in doubt: " + top_node + " held " + locks + (top.locks == 1 ? " lock" : " locks") + " of " + top.tx + " for " +
                               longest + " (limit " + limit + "); longest per participant: ",
                           "最长的不确定时间：" + top_node + " 为 " + top.tx + " 持有 " + locks + " 把锁达 " +
                               longest + "（上限 " + limit + "）；各参与者最长："} +
                      joined_text(per, Text{", ", "，"}) +
                      Text{"; " + std::string(ls) + " lock·s held in doubt over " + std::to_string(measured) +
                               " yes votes",
                           "；" + std::to_string(measured) + " 张赞成票共在不确定状态下持锁 " + std::string(ls) +
                               " 锁·s"};
        if (over > 0) {
            CheckResult r = verdict(Verdict::Fail,
                                    Text{std::to_string(over) + " times a participant held locks in doubt longer than " +
                                             limit + "; ",
                                         "参与者有 " + std::to_string(over) + " 次在不确定状态下持锁超过 " + limit + "；"} +
                                        detail,
                                    std::make_pair(top.from, top.from + top.ns));
            involve_node(r, top_node);
            for (const auto& [node, w] : worst)
                if (w.ns > max_ns_)
                    involve_node(r, node);
            return r;
        }
        return verdict(Verdict::Pass, detail);
    }

private:
    std::int64_t max_ns_;
};

}  // namespace

void register_atomic_commit_checks(CheckRegistry& registry) {
    registry.add({.name = "atomicity",
                  .en = "Every participant of a transaction reaches the same decision: all commit or all abort.",
                  .zh = "同一事务的所有参与者做出相同的决定：全部提交或全部中止。",
                  .applies_to = {RoleFilter::named(kParticipantRole)},
                  .make = [](const core::Params&) -> std::unique_ptr<Check> { return std::make_unique<Atomicity>(); }});
    registry.add({.name = "no_tx_in_doubt",
                  .en = "No participant is left in doubt at the end: every yes vote reached a decision.",
                  .zh = "运行结束时没有参与者处于不确定状态：每张赞成票都得到了决定。",
                  .applies_to = {RoleFilter::named(kParticipantRole)},
                  .make = [](const core::Params&) -> std::unique_ptr<Check> {
                      return std::make_unique<NoTxInDoubt>();
                  }});
    registry.add({.name = "in_doubt_time",
                  .en = "No participant holds a transaction's locks in doubt longer than a bound.",
                  .zh = "参与者在不确定状态下为某事务持锁的时间不超过上限。",
                  .params = {{.name = "max", .type = core::ParamType::Duration, .min = kShortestSpanMs,
                              .en = "the longest a participant may hold locks between its yes vote and the decision",
                              .zh = "参与者从投赞成票到得知决定之间持锁的最长时间"}},
                  .shorthand = "max",
                  .applies_to = {RoleFilter::named(kParticipantRole)},
                  .make = [](const core::Params& args) -> std::unique_ptr<Check> {
                      return std::make_unique<InDoubtTime>(args.get_duration("max").count());
                  }});
}

}  // namespace distlab::netlab
