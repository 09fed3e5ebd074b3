#include "netlab/checks/check.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <optional>
#include <stdexcept>

#include "core/model/time.h"
#include "netlab/checks/builtin_checks.h"
#include "netlab/checks/check_support.h"

namespace distlab::netlab {

namespace {

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty())
            out += ", ";
        out += item;
    }
    return out;
}

std::string elapsed_text(std::chrono::steady_clock::duration d) {
    const double ms = std::chrono::duration<double, std::milli>(d).count();
    char buf[32];
    if (ms < 1000.0)
        std::snprintf(buf, sizeof buf, "%.1fms", ms);
    else
        std::snprintf(buf, sizeof buf, "%.2fs", ms / 1000.0);
    return buf;
}

CheckResult unknown(const std::string& name, core::Text detail) {
    CheckResult r;
    r.name = name;
    r.verdict = Verdict::Unknown;
    r.set_detail(std::move(detail));
    return r;
}

// Multiplies every duration `specs` resolved in `values` by `scale`: role time to lab time.
void scale_durations(const std::vector<core::ParamSpec>& specs, Json& values, double scale) {
    const auto scaled = [scale](Json& v) {
        if (v.is_number_integer())
            v = static_cast<std::int64_t>(std::llround(static_cast<double>(v.get<std::int64_t>()) * scale));
    };
    for (const core::ParamSpec& spec : specs) {
        auto it = values.find(spec.name);
        if (it == values.end())
            continue;
        switch (spec.type) {
            case core::ParamType::Duration:
            case core::ParamType::ChoiceOrDuration: scaled(*it); break;
            case core::ParamType::DurationRange:
                for (Json& end : *it)
                    scaled(end);
                break;
            case core::ParamType::Mapping: scale_durations(spec.fields, *it, scale); break;
            default: break;
        }
    }
}

std::vector<std::string> param_names(const std::vector<core::ParamSpec>& specs) {
    std::vector<std::string> names;
    for (const core::ParamSpec& spec : specs)
        names.push_back(spec.name);
    return names;
}

// The run's roles: from its events, else the registry's for the scenario's nodes.
RoleCatalog run_catalog(const RunView& run, const core::RoleRegistry& roles) {
    RoleCatalog catalog = catalog_of(run.events, roles);
    if (catalog.node_roles().empty())
        return scenario_catalog(run.scenario, roles);
    return catalog;
}

// One check, guarded: an exception or a result past the budget becomes Unknown.
CheckResult run_one(const CheckSpec& spec, const RunView& run, const CheckRegistry& registry,
                    std::chrono::milliseconds budget) {
    if (!registry.find(spec.name))
        return unknown(spec.name, core::Text{"unknown check \"", "未知的检查“"} + spec.name + core::Text{"\"", "”"});
    const auto started = std::chrono::steady_clock::now();
    const auto deadline = started + budget;
    try {
        auto check = registry.make(spec, run.scenario, run.roles);
        if (!check)
            return unknown(spec.name, core::Text{"the check could not be built: ", "无法构建该检查："} + check.error().text());
        CheckResult result = (*check)->evaluate(run, deadline);
        result.name = spec.name;
        const auto finished = std::chrono::steady_clock::now();
        if (finished > deadline && result.verdict != Verdict::Unknown) {
            result.verdict = Verdict::Unknown;
            result.set_detail(core::Text{"took ", "耗时 "} + elapsed_text(finished - started) +
                              core::Text{", over its budget of ", "，超出了预算 "} + core::format_duration(budget) +
                              core::Text{"; its answer is not trusted (", "；其结论不可信（"} + result.detail_text() +
                              core::Text{")", "）"});
        }
        return result;
    } catch (const std::exception& e) {
        return unknown(spec.name, core::Text{"the check failed with an error: ", "检查出错："} + e.what());
    } catch (...) {
        return unknown(spec.name, core::Text{"the check failed with an unknown error", "检查出现未知错误"});
    }
}

}  // namespace

std::string_view to_string(Verdict verdict) {
    switch (verdict) {
        case Verdict::Pass: return "pass";
        case Verdict::Fail: return "fail";
        case Verdict::Unknown: return "unknown";
    }
    return "unknown";
}

bool RoleFilter::matches(const core::RoleDescriptor& descriptor) const {
    switch (kind) {
        case Kind::Client: return descriptor.client;
        case Kind::Server: return !descriptor.client;
        case Kind::WithPhases: return !descriptor.phases.empty();
        case Kind::Named: return descriptor.name == role;
    }
    return false;
}

core::Text RoleFilter::describe() const {
    switch (kind) {
        case Kind::Client: return {"a client role (one that records operations)", "客户端角色（记录操作的角色）"};
        case Kind::Server: return {"a role that is not a client (one that serves)", "非客户端角色（提供服务的角色）"};
        case Kind::WithPhases: return {"a role with phases", "带阶段的角色"};
        case Kind::Named: return core::Text{"the role ", "角色 "} + role;
    }
    return {};
}

RoleCatalog scenario_catalog(const Scenario& scenario, const core::RoleRegistry& roles) {
    std::map<std::string, std::string, std::less<>> node_roles;
    for (const NodeSpec& node : scenario.nodes)
        node_roles.emplace(node.id, node.role);
    return RoleCatalog(roles, std::move(node_roles));
}

void CheckRegistry::add(CheckInfo info) {
    // Two patterns naming a check alike would silently judge one's scenarios with the other's.
    if (checks_.contains(info.name))
        throw std::invalid_argument("check '" + info.name + "' registered twice");
    std::string name = info.name;
    checks_.emplace(std::move(name), std::move(info));
}

const CheckInfo* CheckRegistry::find(std::string_view name) const {
    auto it = checks_.find(name);
    return it == checks_.end() ? nullptr : &it->second;
}

std::vector<std::string> CheckRegistry::names() const {
    std::vector<std::string> out;
    out.reserve(checks_.size());
    for (const auto& [name, info] : checks_)
        out.push_back(name);
    return out;
}

namespace {

// Whether `check: true` names a value of the check's shorthand argument rather than its defaults.
bool shorthand_is_bool(const CheckInfo& info) {
    for (const core::ParamSpec& p : info.params)
        if (p.name == info.shorthand)
            return p.type == core::ParamType::Bool;
    return false;
}

}  // namespace

Problems CheckRegistry::resolve(const CheckSpec& spec, const Scenario& scenario, const RoleCatalog& catalog,
                                std::unique_ptr<Check>* out) const {
    const CheckInfo* info = find(spec.name);
    if (!info)
        return {core::Text{"unknown check \"", "未知的检查“"} + spec.name + core::Text{"\" (known: ", "”（已知的检查："} +
                joined(names()) + core::Text{")", "）"}};
    const std::string prefix = spec.name + ": ";
    if (info->wrap) {
        if (!spec.args.is_object() || spec.args.size() != 1)
            return {prefix + core::Text{"expected a mapping with exactly one check, as {<check>: <args>}, got ",
                                        "应为只含一个检查的映射，形如 {<检查>: <参数>}，实际为 "} +
                    spec.args.dump()};
        const CheckSpec inner_spec{spec.args.begin().key(), spec.args.begin().value(), spec.pos};
        if (const CheckInfo* inner = find(inner_spec.name); inner && inner->wrap)
            return {prefix + core::Text{"cannot wrap another ", "不能再包装另一个 "} + inner_spec.name};
        std::unique_ptr<Check> inner;
        Problems problems;
        for (const core::Text& problem : resolve(inner_spec, scenario, catalog, out ? &inner : nullptr))
            problems.push_back(prefix + problem);
        if (out && problems.empty())
            *out = info->wrap(inner_spec.name, std::move(inner));
        return problems;
    }

    Problems problems;
    std::optional<core::Params> args;
    Json raw;
    if (info->params.empty()) {
        if (spec.args.is_boolean() && spec.args.get<bool>())
            raw = Json::object();
        else
            problems.push_back(prefix + core::Text{"expected true, got ", "应为 true，实际为 "} + spec.args.dump());
    } else if (spec.args.is_object()) {
        raw = spec.args;
    } else if (spec.args.is_boolean() && spec.args.get<bool>() && !shorthand_is_bool(*info)) {
        raw = Json::object();   // `true`: every argument at its default (a check that gains one keeps working)
    } else if (!info->shorthand.empty()) {
        raw = Json{{info->shorthand, spec.args}};
    } else {
        problems.push_back(prefix + core::Text{"expected a mapping with keys ", "应为键为以下之一的映射："} +
                           joined(param_names(info->params)) + core::Text{", got ", "，实际为 "} + spec.args.dump());
    }
    if (problems.empty()) {
        const std::vector<NodeId> nodes = scenario.node_ids();
        auto resolved = core::resolve_params(info->params, raw, &nodes);
        if (!resolved) {
            for (const core::ParamProblem& p : resolved.error())
                problems.push_back(prefix + p.key + ": " + p.text());
        } else {
            Json values = resolved->json();
            if (scenario.time_scale > 0 && scenario.time_scale != 1.0)
                scale_durations(info->params, values, scenario.time_scale);
            args = core::Params(std::move(values));
        }
    }
    for (const RoleFilter& filter : info->applies_to) {
        const bool present = std::any_of(scenario.nodes.begin(), scenario.nodes.end(), [&](const NodeSpec& n) {
            const core::RoleDescriptor* role = catalog.role_of_node(n.id);
            return role && filter.matches(*role);
        });
        if (!present)
            problems.push_back(prefix + core::Text{"does not apply here: no node has ", "不适用：没有节点属于"} +
                               filter.describe());
    }
    if (args && info->validate)
        for (const core::Text& problem : info->validate(*args, CheckScope{scenario, catalog}))
            problems.push_back(prefix + problem);
    if (out && problems.empty()) {
        *out = info->make ? info->make(*args) : nullptr;
        if (!*out)
            problems.push_back(prefix + core::Text{"the check could not be built from its arguments", "无法用这些参数构建该检查"});
    }
    return problems;
}

Problems CheckRegistry::validate(const CheckSpec& spec, const Scenario& scenario) const {
    return resolve(spec, scenario, scenario_catalog(scenario, *roles_), nullptr);
}

core::Result<std::unique_ptr<Check>> CheckRegistry::make(const CheckSpec& spec, const Scenario& scenario,
                                                         const RoleCatalog* catalog) const {
    std::unique_ptr<Check> check;
    const Problems problems = catalog ? resolve(spec, scenario, *catalog, &check)
                                      : resolve(spec, scenario, scenario_catalog(scenario, *roles_), &check);
    if (!problems.empty())
        return core::fail(problems.front());
    return check;
}

std::vector<CheckResult> run_checks(const RunView& run, const CheckRegistry& registry,
                                    std::chrono::milliseconds budget_each) {
    std::optional<RoleCatalog> catalog;
    if (!run.roles)
        catalog = run_catalog(run, registry.roles());
    const RunView view{run.scenario, run.events, run.roles ? run.roles : &*catalog};
    std::vector<CheckResult> results;
    results.reserve(run.scenario.checks.size());
    for (const CheckSpec& spec : run.scenario.checks)
        results.push_back(run_one(spec, view, registry, budget_each));
    if (const auto stopped = stopped_at_ns(run.events))
        mark_not_reached(results, *stopped);
    if (auto missed = missed_faults_result(view))
        results.push_back(std::move(*missed));
    if (auto flood = flood_result(run.events)) {
        const std::string at = span_text(flood->window_ns->first);
        for (CheckResult& check : results) {
            check.verdict = Verdict::Unknown;
            check.set_detail({"not judged: the simulation was cut short at " + at + " by a flood",
                              "未判定：模拟在 " + at + " 处因洪泛而中止"});
        }
        results.push_back(std::move(*flood));
    }
    return results;
}

std::optional<CheckResult> flood_result(const std::vector<Event>& events) {
    for (auto it = events.rbegin(); it != events.rend(); ++it) {
        if (it->kind != EventKind::RunEnded)
            continue;
        const Json data = Json::parse(it->data, nullptr, /*allow_exceptions=*/false);
        const std::string reason = data.is_object() ? data.value("reason", std::string{}) : std::string{};
        if (!reason.starts_with(kFloodedPrefix))
            return std::nullopt;
        CheckResult r;
        r.name = std::string(kFloodCheck);
        r.verdict = Verdict::Fail;
        const std::string what(reason.substr(kFloodedPrefix.size()));
        r.set_detail({"the simulation was flooded:" + what,
                      "模拟被洪泛：" + span_text(it->t_ns) + " 前后一个模拟秒内的动作过多（某个角色在循环发送消息或设置定时器）"});
        r.window_ns = std::make_pair(it->t_ns, it->t_ns);
        return r;
    }
    return std::nullopt;
}

std::string_view to_string(RunVerdict verdict) {
    switch (verdict) {
        case RunVerdict::Passed: return "passed";
        case RunVerdict::Failed: return "failed";
        case RunVerdict::NoChecks: return "no_checks";
        case RunVerdict::Stopped: return "stopped";
    }
    return "failed";
}

std::optional<std::int64_t> stopped_at_ns(const std::vector<Event>& events) {
    for (auto it = events.rbegin(); it != events.rend(); ++it) {
        if (it->kind != EventKind::RunEnded)
            continue;
        const Json data = Json::parse(it->data, nullptr, false);
        if (data.is_object() && data.value("reason", std::string{}) == kStoppedByUser)
            return it->t_ns;
        return std::nullopt;
    }
    return std::nullopt;
}

RunVerdict run_verdict(const std::vector<CheckResult>& checks, std::optional<std::int64_t> stopped_at_ns) {
    if (stopped_at_ns)
        return RunVerdict::Stopped;
    if (checks.empty())
        return RunVerdict::NoChecks;
    const bool all = std::all_of(checks.begin(), checks.end(), [](const CheckResult& c) { return c.verdict == Verdict::Pass; });
    return all ? RunVerdict::Passed : RunVerdict::Failed;
}

core::Text run_verdict_text(RunVerdict verdict, std::optional<std::int64_t> stopped_at_ns) {
    switch (verdict) {
        case RunVerdict::Passed: return {"PASSED", "通过"};
        case RunVerdict::Failed: return {"FAILED", "未通过"};
        case RunVerdict::NoChecks: return {"NO CHECKS (not judged)", "没有检查（未评判）"};
        case RunVerdict::Stopped: {
            const std::string at = span_text(stopped_at_ns.value_or(0));
            return {"STOPPED at " + at + " (not judged)", "已在 " + at + " 停止（未评判）"};
        }
    }
    return {"FAILED", "未通过"};
}

void mark_not_reached(std::vector<CheckResult>& checks, std::int64_t stopped_at_ns) {
    for (CheckResult& check : checks)
        if (check.verdict == Verdict::Unknown && (!check.window_ns || check.window_ns->second > stopped_at_ns))
            check.set_detail({"not reached (stopped at " + span_text(stopped_at_ns) + ")",
                              "未到达（已在 " + span_text(stopped_at_ns) + " 停止）"});
}

std::optional<CheckResult> missed_faults_result(const RunView& run) {
    std::vector<std::string> missed;
    std::optional<std::pair<std::int64_t, std::int64_t>> window;
    for (const Event& e : run.events) {
        if (e.kind != EventKind::FaultInjected)
            continue;
        const Json data = Json::parse(e.data, nullptr, /*allow_exceptions=*/false);
        if (!data.is_object() || data.value("fails_run", false) != true)
            continue;
        const std::string nodes = data.contains("nodes") && data["nodes"].is_string() ? data["nodes"].get<std::string>()
                                                                                       : std::string("?");
        char at[32];
        std::snprintf(at, sizeof at, "%.3fs", static_cast<double>(e.t_ns) / 1e9);
        missed.push_back(e.type + ": " + nodes + " at " + at);
        window = window ? std::make_pair(window->first, e.t_ns) : std::make_pair(e.t_ns, e.t_ns);
    }
    if (missed.empty())
        return std::nullopt;
    CheckResult r;
    r.name = std::string(kMissedFaultCheck);
    r.verdict = Verdict::Fail;
    const std::string list = joined(missed);
    r.set_detail({(missed.size() == 1 ? "a scheduled fault found no node and did nothing: "
                                      : std::to_string(missed.size()) + " scheduled faults found no node and did nothing: ") +
                      list + "; the scenario's story did not happen (a fault that may miss says may_miss: true)",
                  std::to_string(missed.size()) + " 个计划中的故障没有找到节点，什么也没做：" + list +
                      "；场景要讲的故事没有发生（可能落空的故障应写 may_miss: true）"});
    r.window_ns = window;
    return r;
}

CheckResult run_check(const CheckSpec& spec, const RunView& run, const CheckRegistry& registry,
                      std::chrono::milliseconds budget) {
    std::optional<RoleCatalog> catalog;
    if (!run.roles)
        catalog = run_catalog(run, registry.roles());
    return run_one(spec, RunView{run.scenario, run.events, run.roles ? run.roles : &*catalog}, registry, budget);
}

CheckValidator make_check_validator(const CheckRegistry& registry) {
    return [&registry](const CheckSpec& spec, const Scenario& scenario) { return registry.validate(spec, scenario); };
}

}  // namespace distlab::netlab
