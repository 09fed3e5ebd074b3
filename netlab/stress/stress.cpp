#include "netlab/stress/stress.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <map>
#include <mutex>
#include <iomanip>
#include <sstream>
#include <thread>
#include <utility>

#include "core/patterns/common/client.h"
#include "netlab/checks/check.h"
#include "netlab/runner/runner.h"
#include "netlab/runner/workers.h"
#include "netlab/sim/sim_run.h"
#include "netlab/telemetry/event_log.h"
#include "netlab/scenario/loader.h"
#include "netlab/scenario/scenario_writer.h"

namespace distlab::netlab {

namespace {

using Clock = std::chrono::steady_clock;

bool has_param(const core::RoleDescriptor& role, std::string_view name) {
    return std::any_of(role.params.begin(), role.params.end(), [&](const core::ParamSpec& p) { return p.name == name; });
}

std::string rate_text(double rate) {
    std::ostringstream out;
    out << rate;
    return out.str();
}

// One run's events. In the simulator without run_scenario's judging: a step has no checks, and
// the summary's figures (the consistency map's searches over a kv history among them) would be
// thrown away.
core::Result<std::vector<Event>> run_events(const Scenario& scenario, const StressOptions& options) {
    if (options.real) {
        RunRequest request;
        request.scenario = scenario;
        request.node_binary = options.node_binary;
        request.command_line = "distlab-cli stress";
        request.stop_requested = options.stop;
        auto outcome = run_scenario(request);
        if (!outcome)
            return std::unexpected(outcome.error());
        return std::move(outcome->events);
    }
    EventLog log;
    SimRun sim(scenario, core::RoleRegistry::builtin());
    sim.set_interrupt(options.stop);
    sim.telemetry().add_sink(log);
    sim.telemetry().state_patches = false;   // a step reads operations and samples, never patches
    sim.run();
    return log.take();
}

}  // namespace

LoadMeasure measure_load(const std::vector<Event>& events, const std::set<NodeId>& clients, std::int64_t from_ns,
                         std::int64_t to_ns, double offered) {
    LoadMeasure m;
    m.offered = offered;
    std::map<std::pair<NodeId, std::uint64_t>, std::int64_t> open_ops;   // invoked, not yet ended: invoke time
    std::int64_t ok = 0;
    std::int64_t end_ns = 0;
    const auto inside = [&](std::int64_t t) { return t >= from_ns && t < to_ns; };
    for (const Event& e : events) {
        end_ns = std::max(end_ns, e.t_ns);
        if (!clients.contains(e.node))
            continue;
        switch (e.kind) {
        case EventKind::OpInvoked:
            open_ops.emplace(std::pair{e.node, e.msg_id}, e.t_ns);
            break;
        case EventKind::OpCompleted:
            open_ops.erase({e.node, e.msg_id});
            if (inside(e.t_ns)) {
                ++m.ended;
                ok += e.type == "ok" ? 1 : 0;
            }
            break;
        case EventKind::Metric: {
            // Samples are sent in batches after the operations ended: each one's intended start is
            // at most one batch interval (100 ms) later than the batch's time minus its latency.
            const core::Json body = core::Json::parse(e.data, nullptr, false);
            if (!body.is_object() || !body.contains("samples") || !body["samples"].is_object())
                break;
            const auto samples = body["samples"].find(core::client_metric::kOpLatency);
            if (samples == body["samples"].end() || !samples->is_array())
                break;
            for (const core::Json& value : *samples) {
                if (!value.is_number())
                    continue;
                const double ms = value.get<double>();
                const auto intended = e.t_ns - static_cast<std::int64_t>(std::llround(ms * 1e6));
                if (inside(intended))
                    m.latency_us.record(static_cast<std::int64_t>(std::llround(ms * 1000)));
            }
            break;
        }
        default:
            break;
        }
    }
    // Operations that never ended lasted at least until the run's end: leaving them out would
    // hide exactly the slowest ones.
    for (const auto& [op, invoked] : open_ops)
        if (inside(invoked)) {
            ++m.unfinished;
            m.latency_us.record((end_ns - invoked) / 1000);
        }
    const double seconds = static_cast<double>(to_ns - from_ns) / 1e9;
    m.throughput = seconds > 0 ? static_cast<double>(ok) / seconds : 0;
    m.started = seconds > 0 ? static_cast<double>(m.latency_us.count()) / seconds : 0;
    m.ok_fraction = m.ended > 0 ? static_cast<double>(ok) / static_cast<double>(m.ended) : 0;
    return m;
}

core::Result<std::vector<NodeId>> stress_clients(const Scenario& scenario, const core::RoleRegistry& roles) {
    std::vector<NodeId> clients;
    for (const NodeSpec& node : scenario.nodes)
        if (const core::RoleDescriptor* role = roles.find(node.role); role && has_param(*role, "rate") && has_param(*role, "arrival"))
            clients.push_back(node.id);
    if (clients.empty())
        return core::fail(core::Text{
            "no node of " + scenario.name + " generates load: stress drives clients with an open-loop workload "
            "(parameters rate and arrival)",
            scenario.name + " 中没有产生负载的节点：压力测试驱动具有开环负载（参数 rate 和 arrival）的客户端"});
    return clients;
}

std::vector<double> ramp_rates(const StressOptions& options) {
    std::vector<double> rates;
    if (options.step <= 0 || options.from <= 0)
        return rates;
    for (std::size_t i = 0; rates.size() <= kMaxStressSteps; ++i) {
        const double rate = options.from + static_cast<double>(i) * options.step;
        if (rate > options.to + options.step * 1e-6)
            break;
        rates.push_back(rate);
    }
    return rates;
}

std::optional<core::Text> ramp_problem(const StressOptions& options) {
    if (!(options.from > 0) || !(options.to >= options.from))
        return core::Text{"the ramp must rise from a positive rate: FROM..TO with 0 < FROM <= TO",
                          "负载爬升必须从正的速率开始：FROM..TO，且 0 < FROM <= TO"};
    if (!(options.step > 0))
        return core::Text{"the step must be a positive rate", "步长必须是正的速率"};
    if (ramp_rates(options).size() > kMaxStressSteps)
        return core::Text{"the ramp has more than " + std::to_string(kMaxStressSteps) + " steps: use a larger --step",
                          "负载爬升超过 " + std::to_string(kMaxStressSteps) + " 步：请使用更大的 --step"};
    if (options.hold < std::chrono::milliseconds(500))
        return core::Text{"the hold must be at least 500ms", "每步保持时间至少为 500ms"};
    return std::nullopt;
}

core::Result<Scenario> stress_scenario(const Scenario& scenario, const std::vector<NodeId>& clients,
                                       const LoadSetting& setting, core::Duration hold, const core::RoleRegistry& roles) {
    Scenario changed = scenario;
    changed.faults.clear();
    changed.steps.clear();
    changed.checks.clear();
    changed.time_scale = 1.0;
    changed.duration = hold + kStressDrain;
    for (NodeSpec& node : changed.nodes) {
        if (std::find(clients.begin(), clients.end(), node.id) == clients.end())
            continue;
        const core::RoleDescriptor* role = roles.find(node.role);
        if (!node.params.is_object())
            node.params = core::Json::object();
        node.params["stop_at"] = core::format_duration(hold);
        if (setting.closed) {
            if (!role || !has_param(*role, "mode") || !has_param(*role, "concurrency"))
                return core::fail(core::Text{"client " + node.id + " (role " + node.role + ") has no closed loop",
                                             "客户端 " + node.id + "（角色 " + node.role + "）没有闭环模式"});
            node.params["mode"] = "closed";
        } else {
            node.params["rate"] = setting.rate / static_cast<double>(clients.size());
            if (role && has_param(*role, "mode"))
                node.params["mode"] = "open";
        }
    }
    const std::string name = scenario.name + (setting.closed ? " in closed loop" : " at " + rate_text(setting.rate) + "/s");
    auto loaded = load_scenario_text(write_scenario(changed), name, roles,
                                     [](const CheckSpec&, const Scenario&) { return std::vector<core::Text>{}; });
    if (!loaded) {
        std::string problems;
        for (const Diagnostic& d : loaded.error())
            problems += (problems.empty() ? "" : "\n") + d.str();
        return core::fail(problems);
    }
    loaded->file = scenario.file;
    loaded->seed = scenario.seed;
    return std::move(*loaded);
}

std::pair<std::int64_t, std::int64_t> stress_window(core::Duration hold) {
    const std::int64_t to = std::chrono::duration_cast<std::chrono::nanoseconds>(hold).count();
    return {to / 5, to};
}

void find_knee(StressResult& result) {
    result.saturation.reset();
    result.knee.reset();
    result.saturation_reason = {};
    if (result.steps.empty())
        return;
    const LoadMeasure& first = result.steps.front();
    const double ok_fraction = first.ok_fraction > 0 ? first.ok_fraction : 1.0;
    const double p99_limit = std::max(3 * first.percentile_ms(99), first.percentile_ms(99) + 5.0);
    for (std::size_t i = 0; i < result.steps.size(); ++i) {
        const LoadMeasure& s = result.steps[i];
        const auto one = [](double v) {
            std::ostringstream out;
            out << std::fixed << std::setprecision(1) << v;
            return out.str();
        };
        if (s.throughput < 0.9 * ok_fraction * s.started)
            result.saturation_reason = {"throughput " + one(s.throughput) + "/s fell below 90 % of the " +
                                            one(s.started * ok_fraction) + "/s meant to start" +
                                            (ok_fraction < 1 ? " (at the first step's ok fraction)" : ""),
                                        "吞吐量 " + one(s.throughput) + "/s 低于计划开始的 " + one(s.started * ok_fraction) +
                                            "/s 的 90 %" + (ok_fraction < 1 ? "（按第一步的成功比例）" : "")};
        else if (s.percentile_ms(99) > p99_limit)
            result.saturation_reason = {"p99 " + one(s.percentile_ms(99)) + " ms rose above " + one(p99_limit) +
                                            " ms (three times the first step's p99, and 5 ms more)",
                                        "p99 " + one(s.percentile_ms(99)) + " ms 超过了 " + one(p99_limit) +
                                            " ms（第一步 p99 的三倍，且至少多 5 ms）"};
        else
            continue;
        result.saturation = i;
        if (i > 0)
            result.knee = i - 1;
        return;
    }
}

core::Result<StressResult> run_stress(const Scenario& scenario, const StressOptions& options) {
    const core::RoleRegistry& roles = core::RoleRegistry::builtin();
    StressResult result;
    const auto started = Clock::now();
    auto clients = stress_clients(scenario, roles);
    if (!clients)
        return std::unexpected(clients.error());
    result.clients = *clients;
    const std::set<NodeId> client_set(clients->begin(), clients->end());

    // The runs: every step of the ramp, then the closed loop if the clients have one.
    std::vector<LoadSetting> settings;
    for (double rate : ramp_rates(options))
        settings.push_back({rate, false});
    std::vector<Scenario> scenarios;
    for (const LoadSetting& setting : settings) {
        auto s = stress_scenario(scenario, *clients, setting, options.hold, roles);
        if (!s)
            return std::unexpected(s.error());
        scenarios.push_back(std::move(*s));
    }
    if (options.closed_loop) {
        auto closed = stress_scenario(scenario, *clients, {0, true}, options.hold, roles);
        if (closed) {
            for (const NodeSpec& node : closed->nodes)
                if (client_set.contains(node.id))
                    result.closed_concurrency += node.resolved.has("concurrency") ? node.resolved.get_int("concurrency") : 1;
            settings.push_back({0, true});
            scenarios.push_back(std::move(*closed));
        } else {
            result.closed_missing = closed.error().text();
        }
    }

    const auto [from_ns, to_ns] = stress_window(options.hold);
    std::vector<std::optional<LoadMeasure>> measures(settings.size());
    std::mutex mutex;
    std::condition_variable changed;
    std::optional<core::Error> lab_failure;
    std::size_t next = 0;
    int done = 0;
    auto work = [&] {
        for (;;) {
            std::size_t index = 0;
            {
                std::lock_guard lock(mutex);
                if (next >= settings.size() || lab_failure || (options.stop && options.stop->load()))
                    return;
                index = next++;
            }
            auto events = run_events(scenarios[index], options);
            std::lock_guard lock(mutex);
            ++done;
            changed.notify_all();
            if (!events) {
                lab_failure = events.error();
                return;
            }
            if (stopped_at_ns(*events))
                return;
            measures[index] = measure_load(*events, client_set, from_ns, to_ns, settings[index].rate);
        }
    };
    const int hardware = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    const int threads = options.real ? 1 : std::clamp(options.threads > 0 ? options.threads : hardware, 1,
                                                       static_cast<int>(std::max<std::size_t>(1, settings.size())));
    int reported = -1;
    run_workers(threads, mutex, changed, work, [&] {
        if (options.on_progress && done != reported) {
            reported = done;
            options.on_progress("steps", done, static_cast<int>(settings.size()));
        }
    });
    if (lab_failure)
        return std::unexpected(*lab_failure);

    for (std::size_t i = 0; i < settings.size(); ++i) {
        if (!measures[i]) {
            result.stopped = true;
            break;
        }
        if (settings[i].closed)
            result.closed = std::move(measures[i]);
        else
            result.steps.push_back(std::move(*measures[i]));
    }
    // Operations ended but no latency sampled: the clients' roles do not report their ends to
    // the workload driver, and every figure would be empty.
    for (const LoadMeasure& m : result.steps)
        if (m.ended > 0 && m.latency_us.count() == m.unfinished) {
            std::set<std::string> silent;
            for (const NodeSpec& node : scenario.nodes)
                if (client_set.contains(node.id))
                    silent.insert(node.role);
            for (const std::string& role : silent)
                result.no_latency += (result.no_latency.empty() ? "" : ", ") + role;
            break;
        }
    find_knee(result);
    result.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    return result;
}

}  // namespace distlab::netlab
