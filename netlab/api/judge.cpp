#include "netlab/api/judge.h"


#include "netlab/checks/check.h"

namespace distlab::netlab {

Judgement judge(const Scenario& scenario, const std::vector<Event>& events) {
    return judgement_of(run_checks(RunView{scenario, events}, CheckRegistry::builtin()), stopped_at_ns(events));
}

Judgement judgement_of(const std::vector<CheckResult>& results, std::optional<std::int64_t> stopped_at_ns) {
    Judgement judgement;
    judgement.checks.reserve(results.size());
    for (const CheckResult& result : results) {
        JudgedCheck check;
        check.name = result.name;
        check.verdict = std::string(to_string(result.verdict));
        check.detail = result.detail;
        check.detail_zh = result.detail_zh;
        check.passed = result.verdict == Verdict::Pass;
        check.window_ns = result.window_ns;
        check.nodes = result.nodes;
        for (const EventRef& m : result.messages)
            check.messages.push_back({m.node, m.id});
        for (const EventRef& op : result.ops)
            check.ops.push_back({op.node, op.id});
        judgement.checks.push_back(std::move(check));
    }
    const RunVerdict verdict = run_verdict(results, stopped_at_ns);
    judgement.passed = verdict == RunVerdict::Passed;
    judgement.verdict = std::string(to_string(verdict));
    judgement.stopped_at_ns = stopped_at_ns;
    return judgement;
}

}  // namespace distlab::netlab
