#include "netlab/checks/check.h"

#include <cstdio>
#include <exception>

#include "core/model/role_registry.h"
#include "core/model/time.h"
#include "netlab/checks/builtin_checks.h"

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

CheckResult unknown(const std::string& name, std::string detail) {
    CheckResult r;
    r.name = name;
    r.verdict = Verdict::Unknown;
    r.detail = std::move(detail);
    return r;
}

// One check, guarded: an exception or a result past the budget becomes Unknown.
CheckResult run_one(const CheckSpec& spec, const RunView& run, const CheckRegistry& registry,
                    std::chrono::milliseconds budget) {
    const CheckInfo* info = registry.find(spec.name);
    if (!info || !info->make)
        return unknown(spec.name, "unknown check \"" + spec.name + "\"");
    const auto started = std::chrono::steady_clock::now();
    const auto deadline = started + budget;
    try {
        std::unique_ptr<Check> check = info->make(spec.args);
        if (!check)
            return unknown(spec.name, "the check could not be built from its arguments");
        CheckResult result = check->evaluate(run, deadline);
        result.name = spec.name;
        const auto finished = std::chrono::steady_clock::now();
        if (finished > deadline && result.verdict != Verdict::Unknown) {
            result.verdict = Verdict::Unknown;
            result.detail = "took " + elapsed_text(finished - started) + ", over its budget of " +
                            core::format_duration(budget) + "; its answer is not trusted (" + result.detail + ")";
        }
        return result;
    } catch (const std::exception& e) {
        return unknown(spec.name, std::string("the check failed with an error: ") + e.what());
    } catch (...) {
        return unknown(spec.name, "the check failed with an unknown error");
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

void CheckRegistry::add(CheckInfo info) {
    std::string name = info.name;
    checks_.insert_or_assign(std::move(name), std::move(info));
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

const CheckRegistry& CheckRegistry::builtin() {
    // Filled in place: expect_fail keeps the address of the registry it wraps checks from.
    static CheckRegistry registry;
    static const bool filled = (register_builtin_checks(registry, core::RoleRegistry::builtin()), true);
    (void)filled;
    return registry;
}

std::vector<CheckResult> run_checks(const RunView& run, const CheckRegistry& registry,
                                    std::chrono::milliseconds budget_each) {
    std::vector<CheckResult> results;
    results.reserve(run.scenario.checks.size());
    for (const CheckSpec& spec : run.scenario.checks)
        results.push_back(run_one(spec, run, registry, budget_each));
    return results;
}

CheckValidator make_check_validator(const CheckRegistry& registry) {
    return [&registry](const CheckSpec& spec, const Scenario& scenario) -> std::vector<std::string> {
        const CheckInfo* info = registry.find(spec.name);
        if (!info)
            return {"unknown check \"" + spec.name + "\" (known: " + joined(registry.names()) + ")"};
        if (!info->validate)
            return {};
        return info->validate(spec.args, scenario);
    };
}

}  // namespace distlab::netlab
