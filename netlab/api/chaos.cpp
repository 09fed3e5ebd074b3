#include "netlab/api/chaos.h"

#include "netlab/chaos/chaos.h"

namespace distlab::netlab {

namespace {

constexpr ChaosFault kFaults[] = {
    ChaosFault::Kill,           ChaosFault::Pause,        ChaosFault::Partition,   ChaosFault::Latency,
    ChaosFault::Loss,           ChaosFault::Duplicate,    ChaosFault::ClockSkew,   ChaosFault::LeaderMinority,
    ChaosFault::DeafFollower,   ChaosFault::CrashLeader,  ChaosFault::Bounce,
};

}  // namespace

std::vector<std::string> chaos_fault_names() {
    std::vector<std::string> names;
    for (ChaosFault fault : kFaults)
        names.emplace_back(to_string(fault));
    return names;
}

std::vector<std::string> chaos_checks(const Scenario& scenario) {
    std::vector<std::string> names;
    for (const CheckSpec& check : chaos_base(scenario).checks)
        names.push_back(check.name);
    return names;
}

std::expected<ChaosOutcome, core::Text> run_chaos_campaign(const Scenario& scenario, const ChaosCampaign& campaign,
                                                           const core::Text& found_by) {
    if (campaign.runs < 1)
        return std::unexpected(core::Text{"chaos: at least one run is needed", "混沌测试：至少需要运行一次"});
    if (campaign.faults.empty())
        return std::unexpected(core::Text{"chaos: choose at least one kind of fault", "混沌测试：至少选择一种故障"});
    if (campaign.interval <= std::chrono::milliseconds::zero())
        return std::unexpected(core::Text{"chaos: the mean interval between faults must be positive",
                                          "混沌测试：故障之间的平均间隔必须为正"});
    if (chaos_base(scenario).checks.empty())
        return std::unexpected(core::Text{"chaos: " + scenario.name + " has no check to judge under random faults",
                                          "混沌测试：" + scenario.name + " 没有可在随机故障下判定的检查"});
    ChaosOptions options;
    options.runs = campaign.runs;
    options.seed = campaign.seed;
    options.faults.clear();
    for (const std::string& name : campaign.faults) {
        auto parsed = parse_chaos_faults(name);
        if (!parsed)
            return std::unexpected(parsed.error().text());
        options.faults.insert(parsed->begin(), parsed->end());
    }
    options.interval = campaign.interval;
    options.budget = campaign.budget;
    options.stop = campaign.stop;
    options.on_progress = campaign.on_progress;

    auto summary = run_chaos(scenario, options);
    if (!summary)
        return std::unexpected(core::Text{"chaos: the lab failed: " + summary.error().message,
                                          "混沌测试：实验室运行失败：" + (summary.error().zh.empty() ? summary.error().message : summary.error().zh)});
    ChaosOutcome outcome;
    outcome.runs = summary->runs;
    outcome.passed = summary->passed;
    for (const ChaosRun& run : summary->failures)
        outcome.failures.push_back({run.seed, run.failed_checks});
    outcome.failures_by_check = summary->failures_by_check;
    outcome.stopped = summary->stopped;
    outcome.seconds = summary->seconds;
    if (summary->shrunk) {
        const ChaosShrunk& s = *summary->shrunk;
        outcome.shrunk = ChaosReplay{s.check,     s.seed,      s.faults_before, s.detail, s.detail_zh,
                                     s.runs,      s.minimal,   shrunk_scenario(s, scenario, found_by)};
    }
    return outcome;
}

}  // namespace distlab::netlab
