#include "netlab/patterns/saga/saga_checks.h"

#include <algorithm>
#include <map>

#include "netlab/checks/check_support.h"
#include "netlab/patterns/saga/saga_history.h"

namespace distlab::netlab {

namespace {

using core::Text;
using Deadline = std::chrono::steady_clock::time_point;

constexpr const char* kParticipantRole = "saga-participant";

CheckResult no_roles() {
    return verdict(Verdict::Unknown, Text{"the run's roles are not known", "不知道本次运行的角色"});
}

class Compensations final : public Check {
public:
    CheckResult evaluate(const RunView& run, Deadline) const override {
        if (!run.roles)
            return no_roles();
        const SagaHistory h = SagaHistory::read(run.events, *run.roles);
        std::size_t completed = 0, backward = 0, compensations = 0, doubles = 0, disorders = 0, late = 0, missing = 0;
        CheckResult involved;
        Text first;
        std::optional<std::pair<std::int64_t, std::int64_t>> window;
        const auto flag = [&](const SagaHistory::Saga& s, Text what, std::int64_t from, std::int64_t to,
                              std::initializer_list<std::string> nodes) {
            for (const std::string& n : nodes)
                involve_node(involved, n);
            if (!first.en.empty())
                return;
            first = Text{s.id + ": ", s.id + "："} + what;
            window = std::make_pair(std::min(from, to), std::max(from, to));
            if (!s.client.empty())
                involve_op(involved, s.client, s.op);
        };
        for (const auto& [id, s] : h.sagas) {
            if (!s.failed()) {
                completed += std::any_of(s.parts.begin(), s.parts.end(),
                                         [](const auto& p) { return p.second.finish.has_value(); });
                continue;
            }
            ++backward;
            // The steps that ran, in the order they ran.
            std::vector<std::pair<std::string, const SagaHistory::Part*>> ran;
            for (const auto& [node, part] : s.parts) {
                compensations += part.compensations.size();
                if (part.compensations.size() > 1) {
                    ++doubles;
                    const std::string n = std::to_string(part.compensations.size());
                    flag(s,
                         Text{node + " applied its compensation " + n + " times (" + part.compensations[0].id + ", " +
                                  part.compensations[1].id + "): a retried message refunded again",
                              node + " 执行了 " + n + " 次补偿（" + part.compensations[0].id + "、" +
                                  part.compensations[1].id + "）：重试的消息导致重复退款"},
                         part.compensations[0].t_ns, part.compensations[1].t_ns, {node});
                }
                if (!part.step)
                    continue;
                if (!part.compensations.empty() && part.step->t_ns > part.compensations[0].t_ns) {
                    ++late;
                    flag(s,
                         Text{node + " ran its step after its compensation (suspension)",
                              node + " 在补偿之后才执行步骤（悬挂）"},
                         part.compensations[0].t_ns, part.step->t_ns, {node});
                }
                if (part.compensations.empty() && !part.finish) {
                    ++missing;
                    flag(s,
                         Text{node + "'s step (" + part.step->id + ") was never compensated: the saga is left half done",
                              node + " 的步骤（" + part.step->id + "）从未被补偿：Saga 只完成了一半"},
                         part.step->t_ns, h.end_ns, {node});
                }
                ran.emplace_back(node, &part);
            }
            std::sort(ran.begin(), ran.end(),
                      [](const auto& a, const auto& b) { return a.second->step->t_ns < b.second->step->t_ns; });
            for (std::size_t i = 0; i + 1 < ran.size(); ++i) {
                const auto& [a, pa] = ran[i];
                const auto& [b, pb] = ran[i + 1];
                if (pa->compensations.empty() || pb->compensations.empty())
                    continue;
                if (pa->compensations[0].t_ns < pb->compensations[0].t_ns) {
                    ++disorders;
                    flag(s,
                         Text{a + " was compensated before " + b + ", whose step ran later: not in reverse order",
                              a + " 先于 " + b + " 被补偿，而 " + b + " 的步骤执行得更晚：补偿顺序没有反转"},
                         pa->compensations[0].t_ns, pb->compensations[0].t_ns, {a, b});
                }
            }
        }
        const std::string all = std::to_string(h.sagas.size()), c = std::to_string(completed),
                          b = std::to_string(backward), k = std::to_string(compensations);
        if (doubles + disorders + late + missing > 0) {
            std::vector<Text> what;
            if (doubles > 0)
                what.push_back(Text{std::to_string(doubles) + " compensated more than once",
                                    std::to_string(doubles) + " 次补偿执行了不止一次"});
            if (disorders > 0)
                what.push_back(Text{std::to_string(disorders) + " out of reverse order",
                                    std::to_string(disorders) + " 次补偿顺序未反转"});
            if (late > 0)
                what.push_back(Text{std::to_string(late) + " steps after their compensation",
                                    std::to_string(late) + " 个步骤在补偿之后执行"});
            if (missing > 0)
                what.push_back(Text{std::to_string(missing) + " steps never compensated",
                                    std::to_string(missing) + " 个步骤从未被补偿"});
            CheckResult r = verdict(Verdict::Fail,
                                    Text{"of " + b + " sagas that went backward: ", b + " 个回退的 Saga 中："} +
                                        joined_text(what, Text{", ", "，"}) + Text{"; first: ", "；第一个："} + first,
                                    window);
            r.nodes = std::move(involved.nodes);
            r.ops = std::move(involved.ops);
            return r;
        }
        return verdict(Verdict::Pass,
                       Text{all + " sagas: " + c + " completed, " + b + " went backward; their " + k +
                                " compensations each ran once, in reverse step order",
                            all + " 个 Saga：" + c + " 个完成，" + b + " 个回退；其 " + k +
                                " 次补偿均只执行一次，且按步骤的相反顺序执行"});
    }
};

class UnitsConserved final : public Check {
public:
    CheckResult evaluate(const RunView& run, Deadline) const override {
        if (!run.roles)
            return no_roles();
        const SagaHistory h = SagaHistory::read(run.events, *run.roles);
        std::size_t snapshots = 0, bad = 0;
        std::int64_t initial = 0, available = 0, held = 0, consumed = 0;
        CheckResult r;
        Text first;
        std::optional<std::pair<std::int64_t, std::int64_t>> window;
        for (const auto& [node, list] : h.balances) {
            if (list.empty())
                continue;
            initial += list.back().initial;
            available += list.back().available;
            held += list.back().held;
            consumed += list.back().consumed;
            for (const SagaHistory::Balance& b : list) {
                ++snapshots;
                const bool negative = b.available < 0 || b.held < 0 || b.consumed < 0;
                if (b.total() == b.initial && !negative)
                    continue;
                involve_node(r, node);
                if (bad++ > 0)
                    continue;
                const std::int64_t diff = b.total() - b.initial;
                const std::string at = seconds_text(b.t_ns), sum = std::to_string(b.total()),
                                  init = std::to_string(b.initial), d = std::to_string(diff < 0 ? -diff : diff),
                                  parts = "available " + std::to_string(b.available) + " + held " +
                                          std::to_string(b.held) + " + consumed " + std::to_string(b.consumed);
                first = diff > 0 ? Text{node + " at " + at + ": " + parts + " = " + sum + ", " + d +
                                            " units more than its " + init + " (given back twice)",
                                        node + " 在 " + at + "：可用 " + std::to_string(b.available) + " + 占用 " +
                                            std::to_string(b.held) + " + 已消耗 " + std::to_string(b.consumed) + " = " +
                                            sum + "，比初始的 " + init + " 多出 " + d + "（被重复归还）"}
                        : diff < 0 ? Text{node + " at " + at + ": " + parts + " = " + sum + ", " + d +
                                              " units fewer than its " + init + " (lost)",
                                          node + " 在 " + at + "：可用 " + std::to_string(b.available) + " + 占用 " +
                                              std::to_string(b.held) + " + 已消耗 " + std::to_string(b.consumed) +
                                              " = " + sum + "，比初始的 " + init + " 少了 " + d + "（丢失）"}
                                   : Text{node + " at " + at + ": a negative amount (" + parts + ")",
                                          node + " 在 " + at + "：出现负数（可用 " + std::to_string(b.available) +
                                              " + 占用 " + std::to_string(b.held) + " + 已消耗 " +
                                              std::to_string(b.consumed) + "）"};
                window = std::make_pair(b.t_ns, b.t_ns);
            }
        }
        if (snapshots == 0)
            return verdict(Verdict::Unknown, Text{"no participant's snapshot was recorded", "没有记录到参与者的快照"});
        const std::string n = std::to_string(snapshots), total = std::to_string(available + held + consumed),
                          init = std::to_string(initial);
        if (bad > 0) {
            CheckResult out = verdict(Verdict::Fail,
                                      Text{std::to_string(bad) + " of " + n + " snapshots do not add up; first: ",
                                           n + " 个快照中有 " + std::to_string(bad) + " 个总数不守恒；第一个："} +
                                          first + Text{"; at the end the participants hold " + total + " of " + init,
                                                       "；结束时参与者共持有 " + total + "，初始为 " + init},
                                      window);
            out.nodes = std::move(r.nodes);
            return out;
        }
        return verdict(Verdict::Pass,
                       Text{"all " + n + " snapshots add up; at the end " + init + " units = available " +
                                std::to_string(available) + " + held " + std::to_string(held) + " + consumed " +
                                std::to_string(consumed),
                            n + " 个快照全部守恒；结束时 " + init + " = 可用 " + std::to_string(available) +
                                " + 占用 " + std::to_string(held) + " + 已消耗 " + std::to_string(consumed)});
    }
};

class NoPendingLeft final : public Check {
public:
    CheckResult evaluate(const RunView& run, Deadline) const override {
        if (!run.roles)
            return no_roles();
        const SagaHistory h = SagaHistory::read(run.events, *run.roles);
        std::vector<Text> holding;
        CheckResult r;
        std::size_t seen = 0;
        for (const auto& [node, list] : h.balances) {
            if (list.empty())
                continue;
            ++seen;
            const SagaHistory::Balance& b = list.back();
            if (b.pending == 0 && b.held == 0)
                continue;
            involve_node(r, node);
            const std::string p = std::to_string(b.pending), u = std::to_string(b.held);
            holding.push_back(Text{node + " holds " + u + " units for " + p + " pending sagas",
                                   node + " 为 " + p + " 个待定 Saga 占用 " + u});
        }
        if (seen == 0)
            return verdict(Verdict::Unknown, Text{"no participant's snapshot was recorded", "没有记录到参与者的快照"});
        if (!holding.empty()) {
            CheckResult out = verdict(Verdict::Fail,
                                      Text{"semantic locks left held at the end: ", "结束时仍有语义锁未释放："} +
                                          joined_text(holding, Text{"; ", "；"}),
                                      std::make_pair(h.end_ns, h.end_ns));
            out.nodes = std::move(r.nodes);
            return out;
        }
        const std::string n = std::to_string(seen);
        return verdict(Verdict::Pass, Text{"none of " + n + " participants holds a pending saga at the end",
                                           n + " 个参与者在结束时都没有待定的 Saga"});
    }
};

}  // namespace

void register_saga_checks(CheckRegistry& registry) {
    registry.add({.name = "compensations",
                  .en = "A saga that goes backward compensates every step that ran, each once, in reverse order.",
                  .zh = "回退的 Saga 补偿每个已执行的步骤，每个只补偿一次，并按相反顺序进行。",
                  .applies_to = {RoleFilter::named(kParticipantRole)},
                  .make = [](const core::Params&) -> std::unique_ptr<Check> {
                      return std::make_unique<Compensations>();
                  }});
    registry.add({.name = "units_conserved",
                  .en = "No stock or money is created or lost: each participant's units always add up to its "
                        "initial units.",
                  .zh = "库存或金额既不凭空产生也不丢失：每个参与者的各项数量之和始终等于初始数量。",
                  .applies_to = {RoleFilter::named(kParticipantRole)},
                  .make = [](const core::Params&) -> std::unique_ptr<Check> {
                      return std::make_unique<UnitsConserved>();
                  }});
    registry.add({.name = "no_pending_left",
                  .en = "No saga is left pending at the end: every semantic lock was released.",
                  .zh = "运行结束时没有待定的 Saga：所有语义锁都已释放。",
                  .applies_to = {RoleFilter::named(kParticipantRole)},
                  .make = [](const core::Params&) -> std::unique_ptr<Check> {
                      return std::make_unique<NoPendingLeft>();
                  }});
}

}  // namespace distlab::netlab
