#include "netlab/chaos/chaos.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <mutex>
#include <random>
#include <thread>
#include <utility>

#include "netlab/runner/runner.h"
#include "netlab/runner/workers.h"
#include "netlab/sim/sim_run.h"
#include "netlab/telemetry/event_log.h"

namespace distlab::netlab {

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr std::pair<ChaosFault, std::string_view> kFaultNames[] = {
    {ChaosFault::Kill, "kill"},
    {ChaosFault::Pause, "pause"},
    {ChaosFault::Partition, "partition"},
    {ChaosFault::Latency, "latency"},
    {ChaosFault::Loss, "loss"},
    {ChaosFault::Duplicate, "duplicate"},
    {ChaosFault::ClockSkew, "clock_skew"},
    {ChaosFault::LeaderMinority, "leader_minority"},   // moves aimed at the leader: draw_move
    {ChaosFault::DeafFollower, "deaf_follower"},
    {ChaosFault::CrashLeader, "crash_leader"},
    {ChaosFault::Bounce, "bounce"},
};

Duration scaled(Duration d, double factor) {
    return Duration(static_cast<Duration::rep>(static_cast<double>(d.count()) * factor));
}

NodeSelector leader_or_random(std::mt19937_64& rng) {
    NodeSelector selector;
    selector.kind = std::bernoulli_distribution(0.5)(rng) ? NodeSelector::Kind::Leader : NodeSelector::Kind::Random;
    return selector;
}

NodeSelector every_node() {
    NodeSelector selector;
    selector.kind = NodeSelector::Kind::All;
    return selector;
}

// One random fault of `kind` at `at`, undone at `until`.
FaultSpec draw_fault(ChaosFault kind, Duration at, Duration until, std::mt19937_64& rng) {
    FaultSpec fault;
    fault.at = at;
    fault.until = until;
    auto uniform = [&](double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); };
    switch (kind) {
    case ChaosFault::Kill:
        fault.kind = FaultKind::Kill;
        fault.nodes = leader_or_random(rng);
        fault.may_miss = true;   // no leader during an election, every server down: part of chaos
        break;
    case ChaosFault::Pause:
        fault.kind = FaultKind::Pause;
        fault.nodes = leader_or_random(rng);
        fault.may_miss = true;
        break;
    case ChaosFault::Partition: {
        fault.kind = FaultKind::Partition;
        static constexpr const char* kGrudges[] = {"one", "majority", "minority", "majorities-ring"};
        const int pick = std::uniform_int_distribution<int>(0, 4)(rng);
        if (pick < 4) {
            fault.partition.kind = PartitionSpec::Kind::Grudge;
            fault.partition.grudge = kGrudges[pick];
        } else {
            // One server deaf to the others' messages, while its own still flow out.
            fault.partition.kind = PartitionSpec::Kind::OneWay;
            fault.partition.from.kind = NodeSelector::Kind::All;
            fault.partition.to.kind = NodeSelector::Kind::Random;
        }
        break;
    }
    case ChaosFault::Latency:
        fault.kind = FaultKind::Latency;
        fault.link = {every_node(), every_node(), false};
        fault.add = std::chrono::milliseconds(static_cast<int>(uniform(20, 200)));
        fault.jitter = fault.add / 2;
        break;
    case ChaosFault::Loss:
        fault.kind = FaultKind::Loss;
        fault.link = {every_node(), every_node(), false};
        fault.rate = std::round(uniform(0.1, 0.5) * 100) / 100;
        break;
    case ChaosFault::Duplicate:
        fault.kind = FaultKind::Duplicate;
        fault.link = {every_node(), every_node(), false};
        fault.rate = std::round(uniform(0.1, 0.3) * 100) / 100;
        break;
    case ChaosFault::ClockSkew:
        fault.kind = FaultKind::ClockSkew;
        fault.nodes.kind = NodeSelector::Kind::Random;
        fault.offset = std::chrono::milliseconds(static_cast<int>(uniform(-2000, 2000)));
        fault.drift = std::round(uniform(-0.05, 0.05) * 1000) / 1000;
        fault.may_miss = true;
        break;
    case ChaosFault::LeaderMinority:
    case ChaosFault::DeafFollower:
    case ChaosFault::CrashLeader:
    case ChaosFault::Bounce:
        break;   // moves: draw_move
    }
    return fault;
}

Duration whole_ms(Duration d) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(d);
}

// One move aimed at the leader, starting at `at`: ordinary faults whose `leader` selectors
// resolve as each fires, so a later one hits whoever leads by then. None starts at or after
// `last_start`; none lasts past `last_end`.
std::vector<FaultSpec> draw_move(ChaosFault kind, Duration at, Duration interval, Duration last_start, Duration last_end,
                                 std::mt19937_64& rng) {
    auto uniform = [&](double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); };
    std::vector<FaultSpec> faults;
    NodeSelector leader;
    leader.kind = NodeSelector::Kind::Leader;
    switch (kind) {
    case ChaosFault::LeaderMinority: {
        // Jepsen's partition of the primary, chased: the leader and a minority of servers cut
        // off (its new entries reach that minority only) while the majority elects a leader of
        // its own; as that cut heals the next one takes the leader of that moment and a
        // minority, three to five cuts of half an interval to one. Each is in place 10 ms
        // before the previous one heals, so no message slips between them. Old leaders come
        // back to a majority holding other entries, and win again with entries of an old term
        // (the order of the Raft paper's Figure 8).
        const int cuts = std::uniform_int_distribution<int>(3, 5)(rng);
        Duration start = at;
        for (int i = 0; i < cuts && start < last_start; ++i) {
            FaultSpec cut;
            cut.kind = FaultKind::Partition;
            cut.partition.kind = PartitionSpec::Kind::Grudge;
            cut.partition.grudge = "minority";
            cut.at = whole_ms(start);
            cut.until = whole_ms(std::min(start + scaled(interval, uniform(0.5, 1.0)), last_end));
            start = *cut.until - 10ms;
            faults.push_back(std::move(cut));
        }
        break;
    }
    case ChaosFault::DeafFollower: {
        // A one-way cut from the leader to a random server, for one to three intervals: that
        // server stops hearing its leader and campaigns, while its vote requests, the answers
        // to them and everyone else's messages still flow. The leader keeps leading; a grudge
        // would cut the rest too. (The random server may be the leader: then nothing is cut.)
        FaultSpec cut;
        cut.kind = FaultKind::Partition;
        cut.partition.kind = PartitionSpec::Kind::OneWay;
        cut.partition.from = leader;
        cut.partition.to.kind = NodeSelector::Kind::Random;
        cut.at = whole_ms(at);
        cut.until = whole_ms(std::min(at + scaled(interval, uniform(1.0, 3.0)), last_end));
        faults.push_back(std::move(cut));
        break;
    }
    case ChaosFault::CrashLeader: {
        // The leader dies with whatever it appended and not yet replicated; it restarts (to an
        // old term, and possibly an old log) after a tenth to half an interval.
        FaultSpec kill;
        kill.kind = FaultKind::Kill;
        kill.nodes = leader;
        kill.may_miss = true;
        kill.at = whole_ms(at);
        kill.until = whole_ms(std::min(at + scaled(interval, uniform(0.1, 0.5)), last_end));
        faults.push_back(std::move(kill));
        break;
    }
    case ChaosFault::Bounce: {
        // A random server's crash and restart of 10 to 150 ms, too short for the others to
        // miss it: only what it kept in memory and not on disk is gone (a vote not stored).
        FaultSpec kill;
        kill.kind = FaultKind::Kill;
        kill.nodes.kind = NodeSelector::Kind::Random;
        kill.may_miss = true;
        kill.at = whole_ms(at);
        kill.until = whole_ms(std::min(at + std::chrono::milliseconds(static_cast<int>(uniform(10, 150))), last_end));
        faults.push_back(std::move(kill));
        break;
    }
    default:
        break;
    }
    return faults;
}

bool is_move(ChaosFault kind) {
    return kind == ChaosFault::LeaderMinority || kind == ChaosFault::DeafFollower || kind == ChaosFault::CrashLeader ||
           kind == ChaosFault::Bounce;
}

// The failing checks of a finished run, in the scenario's order.
std::vector<std::string> failed_checks(const RunOutcome& outcome) {
    std::vector<std::string> failed;
    for (const CheckResult& result : outcome.checks)
        if (result.verdict == Verdict::Fail)
            failed.push_back(result.name);
    return failed;
}

// The schedule as the run resolved it: `leader` and `random` replaced by the nodes they hit,
// grudges by the links they cut (one one-way cut per sending node), and a kill or pause that hit
// no node dropped. Removing one fault then leaves the others' targets as they were, so shrinking
// keeps the failure instead of chasing the nemesis's random draws. The run's FaultInjected
// events come in schedule order (no fault is injected by hand in a chaos run); if they do not
// match the schedule, nullopt.
std::optional<std::vector<FaultSpec>> pin_schedule(const std::vector<FaultSpec>& faults, const std::vector<Event>& events) {
    std::vector<const Event*> injected;
    for (const Event& e : events)
        if (e.kind == EventKind::FaultInjected)
            injected.push_back(&e);
    if (injected.size() != faults.size())
        return std::nullopt;
    std::vector<FaultSpec> pinned;
    for (std::size_t i = 0; i < faults.size(); ++i) {
        const FaultSpec& fault = faults[i];
        const Json info = Json::parse(injected[i]->data, nullptr, false);
        if (injected[i]->type != to_string(fault.kind) || !info.is_object())
            return std::nullopt;
        switch (fault.kind) {
        case FaultKind::Kill:
        case FaultKind::Pause:
        case FaultKind::ClockSkew: {
            const auto targets = info.find("targets");
            if (targets == info.end() || !targets->is_array())
                return std::nullopt;
            if (targets->empty())
                break;   // it hit nobody: nothing to keep
            FaultSpec f = fault;
            f.nodes = NodeSelector{NodeSelector::Kind::Ids, targets->get<std::vector<NodeId>>()};
            pinned.push_back(std::move(f));
            break;
        }
        case FaultKind::Partition: {
            const auto cut = info.find("cut");
            if (cut == info.end() || !cut->is_array())
                return std::nullopt;
            std::map<NodeId, std::vector<NodeId>> by_sender;
            for (const Json& link : *cut)
                if (link.is_array() && link.size() == 2)
                    by_sender[link[0].get<NodeId>()].push_back(link[1].get<NodeId>());
            for (auto& [from, to] : by_sender) {
                FaultSpec f = fault;
                f.partition = {};
                f.partition.kind = PartitionSpec::Kind::OneWay;
                f.partition.from = NodeSelector{NodeSelector::Kind::Ids, {from}};
                f.partition.to = NodeSelector{NodeSelector::Kind::Ids, std::move(to)};
                pinned.push_back(std::move(f));
            }
            break;
        }
        default:
            pinned.push_back(fault);
            break;
        }
    }
    return pinned;
}

class Campaign {
public:
    Campaign(const Scenario& scenario, const ChaosOptions& options)
        : base_(chaos_base(scenario, options.checks)), options_(options) {}

    core::Result<RunOutcome> run(std::uint64_t seed, std::vector<FaultSpec> faults) const {
        if (!options_.real)
            return simulate(seed, std::move(faults));
        RunRequest request;
        request.scenario = base_;
        request.scenario.seed = seed;
        request.scenario.faults = std::move(faults);
        request.simulate = !options_.real;
        request.node_binary = options_.node_binary;
        request.command_line = "distlab-cli chaos";
        request.stop_requested = options_.stop;
        auto outcome = run_scenario(request);
        if (!outcome) {
            // Which run, so it can be repeated with `--seed S --runs 1`.
            const std::string run = "seed " + std::to_string(seed);
            return core::fail(core::Text{"the run with " + run + ": " + outcome.error().message,
                                         "种子 " + std::to_string(seed) + " 的运行：" +
                                             (outcome.error().zh.empty() ? outcome.error().message : outcome.error().zh)});
        }
        return outcome;
    }

    // One simulated run judged by its checks alone. run_scenario would also build the summary's
    // statistics and figures, among them the consistency map's linearizable and sequential
    // searches over the whole history: more than the checks cost, and a campaign reads none of it.
    core::Result<RunOutcome> simulate(std::uint64_t seed, std::vector<FaultSpec> faults) const {
        Scenario scenario = base_;
        scenario.seed = seed;
        scenario.faults = std::move(faults);
        EventLog log;
        {
            SimRun sim(scenario, core::RoleRegistry::builtin());
            sim.set_interrupt(options_.stop);
            sim.telemetry().add_sink(log);
            sim.telemetry().state_patches = false;   // nobody watches: the checks read snapshots, not patches
            if (stopping())
                sim.stop_now();
            else
                sim.run();
        }
        RunOutcome outcome;
        outcome.events = log.take();
        outcome.stopped_at_ns = stopped_at_ns(outcome.events);
        outcome.checks = run_checks(RunView{scenario, outcome.events}, CheckRegistry::builtin());
        outcome.verdict = run_verdict(outcome.checks, outcome.stopped_at_ns);
        outcome.passed = outcome.verdict == RunVerdict::Passed;
        return outcome;
    }

    bool stopping() const { return options_.stop && options_.stop->load(); }

    const Scenario& base() const { return base_; }
    const ChaosOptions& options() const { return options_; }

private:
    Scenario base_;
    const ChaosOptions& options_;
};

// Two faults that do the same thing to the same nodes, differing only in when: pinned pieces of
// a chain of cuts, or two kills of one node.
bool same_fault(const FaultSpec& a, const FaultSpec& b) {
    auto sorted = [](std::vector<NodeId> ids) {
        std::sort(ids.begin(), ids.end());
        return ids;
    };
    auto same_nodes = [&](const NodeSelector& x, const NodeSelector& y) {
        return x.kind == y.kind && sorted(x.ids) == sorted(y.ids);
    };
    if (a.kind != b.kind || !a.until || !b.until)
        return false;
    if (a.kind == FaultKind::Partition && a.partition.kind == PartitionSpec::Kind::OneWay &&
        b.partition.kind == PartitionSpec::Kind::OneWay)
        return same_nodes(a.partition.from, b.partition.from) && same_nodes(a.partition.to, b.partition.to);
    if (a.kind == FaultKind::Kill || a.kind == FaultKind::Pause)
        return same_nodes(a.nodes, b.nodes);
    Json x = a.to_json();
    Json y = b.to_json();
    for (const char* key : {"at", "at_ns", "until", "until_ns"}) {
        x.erase(key);
        y.erase(key);
    }
    return x == y;
}

// Shrinks `faults` while the run with `seed` still fails `check`: chunks removed as in
// delta debugging (halves, quarters, ... single faults), then faults that do the same thing and
// overlap or touch merged into one, then each remaining fault's duration halved while it still
// fails. Every step is one run; the simulator makes each deterministic.
core::Result<ChaosShrunk> shrink(const Campaign& campaign, std::uint64_t seed, std::vector<FaultSpec> faults,
                                 const std::string& check) {
    ChaosShrunk shrunk;
    shrunk.check = check;
    shrunk.seed = seed;
    shrunk.faults_before = faults.size();
    const ChaosOptions& options = campaign.options();
    std::optional<RunOutcome> kept;   // the last run that still failed
    std::optional<core::Error> lab_failure;

    auto still_fails = [&](const std::vector<FaultSpec>& candidate) {
        if (shrunk.runs >= options.shrink_runs || campaign.stopping()) {
            shrunk.minimal = false;
            return false;
        }
        ++shrunk.runs;
        if (options.on_progress)
            options.on_progress("shrinking", shrunk.runs, options.shrink_runs);
        auto outcome = campaign.run(seed, candidate);
        if (!outcome) {
            lab_failure = outcome.error();
            return false;
        }
        const auto failed = failed_checks(*outcome);
        if (std::find(failed.begin(), failed.end(), check) == failed.end())
            return false;
        kept = std::move(*outcome);
        return true;
    };

    // The failing run once more: its outcome is the detail if nothing can be removed, and its
    // events pin the schedule's targets.
    if (!still_fails(faults)) {
        if (lab_failure)
            return std::unexpected(*lab_failure);
        shrunk.minimal = false;   // not reproduced (real processes) or out of budget
    } else {
        if (auto pinned = pin_schedule(faults, kept->events); pinned && still_fails(*pinned))
            faults = std::move(*pinned);
        if (!faults.empty() && still_fails({}))
            faults.clear();   // it fails without any fault
        std::size_t parts = 2;
        while (faults.size() >= 2 && !lab_failure) {
            const std::size_t chunk = (faults.size() + parts - 1) / parts;
            bool removed = false;
            for (std::size_t start = 0; start < faults.size(); start += chunk) {
                std::vector<FaultSpec> candidate(faults.begin(), faults.begin() + static_cast<std::ptrdiff_t>(start));
                candidate.insert(candidate.end(), faults.begin() + static_cast<std::ptrdiff_t>(std::min(start + chunk, faults.size())),
                                 faults.end());
                if (still_fails(candidate)) {
                    faults = std::move(candidate);
                    parts = std::max<std::size_t>(parts - 1, 2);
                    removed = true;
                    break;
                }
            }
            if (!removed) {
                if (parts >= faults.size())
                    break;
                parts = std::min(parts * 2, faults.size());
            }
        }
        // One fault for two that overlap and do the same (a chain of cuts of one leader).
        for (bool merged = true; merged && !lab_failure;) {
            merged = false;
            for (std::size_t i = 0; i < faults.size() && !merged; ++i)
                for (std::size_t j = i + 1; j < faults.size() && !merged; ++j) {
                    if (faults[j].at > *faults[i].until || !same_fault(faults[i], faults[j]))
                        continue;
                    std::vector<FaultSpec> candidate = faults;
                    candidate[i].until = std::max(*faults[i].until, *faults[j].until);
                    candidate.erase(candidate.begin() + static_cast<std::ptrdiff_t>(j));
                    if (still_fails(candidate)) {
                        faults = std::move(candidate);
                        merged = true;
                    }
                }
        }
        // Shorter faults, down to 100 ms each.
        for (std::size_t i = 0; i < faults.size() && !lab_failure; ++i) {
            while (faults[i].until && *faults[i].until - faults[i].at >= 200ms) {
                std::vector<FaultSpec> candidate = faults;
                candidate[i].until = candidate[i].at + std::chrono::duration_cast<std::chrono::milliseconds>(
                                                           (*faults[i].until - faults[i].at) / 2);
                if (!still_fails(candidate))
                    break;
                faults = std::move(candidate);
            }
        }
    }
    if (lab_failure)
        return std::unexpected(*lab_failure);

    shrunk.scenario = campaign.base();
    shrunk.scenario.seed = seed;
    shrunk.scenario.faults = std::move(faults);
    if (kept)
        for (const CheckResult& result : kept->checks)
            if (result.name == check) {
                shrunk.detail = result.detail;
                shrunk.detail_zh = result.detail_zh;
                break;
            }
    return shrunk;
}

}  // namespace

std::string_view to_string(ChaosFault fault) {
    for (const auto& [kind, name] : kFaultNames)
        if (kind == fault)
            return name;
    return "?";
}

core::Result<std::set<ChaosFault>> parse_chaos_faults(std::string_view text) {
    std::set<ChaosFault> faults;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        const std::string_view name = text.substr(start, comma - start);
        if (name == "all") {
            for (const auto& entry : kFaultNames)
                faults.insert(entry.first);
        } else {
            const auto* found = std::find_if(std::begin(kFaultNames), std::end(kFaultNames),
                                             [&](const auto& entry) { return entry.second == name; });
            if (found == std::end(kFaultNames)) {
                std::string known;
                for (const auto& entry : kFaultNames)
                    known += std::string(known.empty() ? "" : ", ") + std::string(entry.second);
                return core::fail(core::Text{"unknown fault \"" + std::string(name) + "\" (known: " + known + ", all)",
                                             "未知故障 \"" + std::string(name) + "\"（可用：" + known + "、all）"});
            }
            faults.insert(found->first);
        }
        start = comma + 1;
    }
    return faults;
}

Scenario chaos_base(const Scenario& scenario, const std::set<std::string>& only) {
    Scenario base = scenario;
    base.faults.clear();
    base.steps.clear();
    base.checks.clear();
    for (CheckSpec check : scenario.checks) {
        if (check.name == "expect_fail" && check.args.is_object() && check.args.size() == 1) {
            const auto inner = check.args.begin();
            check.name = inner.key();
            check.args = inner.value();
        }
        const bool story = check.args.is_object() && check.args.contains("after");
        if (only.empty() ? !story : only.contains(check.name))
            base.checks.push_back(std::move(check));
    }
    return base;
}

std::vector<FaultSpec> chaos_schedule(const Scenario& base, std::uint64_t seed, const ChaosOptions& options) {
    std::vector<FaultSpec> faults;
    if (options.faults.empty() || options.interval <= Duration::zero())
        return faults;
    const std::vector<ChaosFault> kinds(options.faults.begin(), options.faults.end());
    std::mt19937_64 rng(seed * 0x9e3779b97f4a7c15ULL + 0x632be59bd9b4e019ULL);
    std::exponential_distribution<double> gap(1.0);
    const Duration last_start = scaled(base.duration, 0.8);
    const Duration last_end = scaled(base.duration, 0.9);
    Duration at = scaled(options.interval, 0.25 + 0.5 * gap(rng));
    while (at < last_start) {
        const ChaosFault kind = kinds[std::uniform_int_distribution<std::size_t>(0, kinds.size() - 1)(rng)];
        if (is_move(kind)) {
            for (FaultSpec& fault : draw_move(kind, whole_ms(at), options.interval, last_start, last_end, rng))
                faults.push_back(std::move(fault));
        } else {
            const double length = std::uniform_real_distribution<double>(0.5, 1.5)(rng);
            const Duration until = std::min(at + scaled(options.interval, length), last_end);
            // Whole milliseconds, so the schedule reads as written in a scenario file.
            faults.push_back(draw_fault(kind, whole_ms(at), whole_ms(until), rng));
        }
        at += scaled(options.interval, gap(rng));
    }
    // A move's later faults may start after the next draw's: in order of time, as a scenario's
    // faults are (stable, so faults at one instant fire as drawn).
    std::stable_sort(faults.begin(), faults.end(), [](const FaultSpec& a, const FaultSpec& b) { return a.at < b.at; });
    return faults;
}

core::Result<ChaosSummary> run_chaos(const Scenario& scenario, const ChaosOptions& options) {
    const Campaign campaign(scenario, options);
    ChaosSummary summary;
    const auto started = Clock::now();
    const auto deadline = options.budget > Duration::zero() ? std::optional(started + options.budget) : std::nullopt;
    auto over_budget = [&] { return campaign.stopping() || (deadline && Clock::now() >= *deadline); };

    // Runs are handed out by index; each worker runs whole runs, so the summary is the same for
    // any number of workers (failures sorted by seed at the end). This thread reports progress
    // as the workers finish runs.
    std::mutex mutex;
    std::condition_variable changed;
    std::optional<core::Error> lab_failure;
    int next = 0;
    int limit = options.runs;   // until_failure: lowered to just past the first failing run
    std::vector<ChaosRun> failures;
    std::vector<int> passed_below;   // the passing runs' indexes, to count them below `limit`
    std::map<std::uint64_t, std::vector<FaultSpec>> failing_schedules;
    auto runs = [&] {
        for (;;) {
            int index = 0;
            {
                std::lock_guard lock(mutex);
                if (next >= limit || lab_failure || over_budget()) {
                    if (next < limit)
                        summary.stopped = true;
                    return;
                }
                index = next++;
            }
            const std::uint64_t seed = options.seed + static_cast<std::uint64_t>(index);
            std::vector<FaultSpec> schedule = chaos_schedule(campaign.base(), seed, options);
            auto outcome = campaign.run(seed, schedule);
            std::lock_guard lock(mutex);
            changed.notify_all();
            if (!outcome) {
                lab_failure = outcome.error();
                return;
            }
            if (outcome->stopped_at_ns) {   // a stop request cut it short: not judged
                summary.stopped = true;
                return;
            }
            ++summary.runs;
            auto failed = failed_checks(*outcome);
            if (failed.empty()) {
                ++summary.passed;
                passed_below.push_back(index);
            } else {
                if (options.until_failure)
                    limit = std::min(limit, index + 1);
                for (const std::string& check : failed)
                    ++summary.failures_by_check[check];
                failures.push_back({seed, std::move(failed), schedule.size()});
                failing_schedules.emplace(seed, std::move(schedule));
            }
        }
    };
    const int hardware = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    const int threads = options.real ? 1 : std::max(1, std::min(options.threads > 0 ? options.threads : hardware, options.runs));
    int reported = -1;
    run_workers(threads, mutex, changed, runs, [&] {
        if (options.on_progress && summary.runs != reported) {
            reported = summary.runs;
            options.on_progress("runs", summary.runs, options.runs);
        }
    });
    if (lab_failure)
        return std::unexpected(*lab_failure);
    if (options.on_progress)
        options.on_progress("runs", summary.runs, options.runs);
    std::sort(failures.begin(), failures.end(), [](const ChaosRun& a, const ChaosRun& b) { return a.seed < b.seed; });
    if (limit < options.runs) {
        // Stopped at the first failure: runs of higher seeds that were under way when it came
        // are left out, so the summary is the same for any number of workers.
        const std::uint64_t end = options.seed + static_cast<std::uint64_t>(limit);
        std::erase_if(failures, [&](const ChaosRun& run) { return run.seed >= end; });
        summary.passed = static_cast<int>(std::count_if(passed_below.begin(), passed_below.end(), [&](int i) { return i < limit; }));
        summary.runs = summary.passed + static_cast<int>(failures.size());
        summary.failures_by_check.clear();
        for (const ChaosRun& run : failures)
            for (const std::string& check : run.failed_checks)
                ++summary.failures_by_check[check];
    }
    summary.failures = std::move(failures);

    if (!summary.failures.empty() && !campaign.stopping()) {
        const ChaosRun& first = summary.failures.front();
        auto shrunk = shrink(campaign, first.seed, failing_schedules.at(first.seed), first.failed_checks.front());
        if (!shrunk)
            return std::unexpected(shrunk.error());
        summary.shrunk = std::move(*shrunk);
    }
    summary.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    return summary;
}

Scenario shrunk_scenario(const ChaosShrunk& shrunk, const Scenario& original, const core::Text& found_by) {
    Scenario s = shrunk.scenario;
    const std::string seed = std::to_string(shrunk.seed);
    const std::string n = std::to_string(s.faults.size());
    const std::string before = std::to_string(shrunk.faults_before);
    s.name = original.name + "-chaos-" + seed;
    s.title = {original.title.en + " (chaos: " + shrunk.check + ")", original.title.zh + "（混沌测试：" + shrunk.check + "）"};
    const std::string minimal_en = shrunk.minimal ? " Removing any one of them makes it pass." : "";
    const std::string minimal_zh = shrunk.minimal ? "去掉其中任何一个，检查就会通过。" : "";
    s.summary = {"Found by " + found_by.en + ": with seed " + seed + ", the check " + shrunk.check + " fails under these " + n +
                     " faults, shrunk from a random schedule of " + before + "." + minimal_en + " " + shrunk.detail,
                 "由 " + found_by.zh + " 找到：种子为 " + seed + " 时，检查 " + shrunk.check + " 在这 " + n + " 个故障下失败（由 " + before +
                     " 个随机故障缩减而来）。" + minimal_zh + (shrunk.detail_zh.empty() ? shrunk.detail : shrunk.detail_zh)};
    s.file.clear();
    return s;
}

}  // namespace distlab::netlab
