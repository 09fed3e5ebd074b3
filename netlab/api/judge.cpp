#include "netlab/api/judge.h"

#include <algorithm>

#include "netlab/checks/check.h"

namespace distlab::netlab {

Judgement judge(const Scenario& scenario, const std::vector<Event>& events) {
    return judgement_of(run_checks(RunView{scenario, events}, CheckRegistry::builtin()));
}

Judgement judgement_of(const std::vector<CheckResult>& results) {
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
    judgement.passed = std::all_of(judgement.checks.begin(), judgement.checks.end(),
                                   [](const JudgedCheck& c) { return c.passed; });
    return judgement;
}

}  // namespace distlab::netlab
