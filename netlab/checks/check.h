#pragma once

#include <chrono>
#include <compare>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/model/params.h"
#include "core/model/result.h"
#include "core/model/role_registry.h"
#include "core/model/text.h"
#include "netlab/api/event.h"
#include "netlab/api/role_catalog.h"
#include "netlab/scenario/loader.h"
#include "netlab/scenario/scenario.h"

namespace distlab::netlab {

enum class Verdict { Pass, Fail, Unknown };
std::string_view to_string(Verdict verdict);

// A message or a client operation a check points at: a message is named by its sender and its
// msg_id (unique per sender), an operation by its client and its op id (unique per client), as in
// the Event stream (netlab/api/event.h).
struct EventRef {
    std::string node;
    std::uint64_t id = 0;

    bool operator==(const EventRef&) const = default;
    auto operator<=>(const EventRef&) const = default;
};

struct CheckResult {
    std::string name;
    Verdict verdict = Verdict::Unknown;
    std::string detail;                              // one line, in English: "1234 ops, 0 anomalies"
    std::optional<std::pair<std::int64_t, std::int64_t>> window_ns;   // where to look, if known
    // What the anomaly involves, most telling first (a failing check fills them in when it
    // knows; a long list is cut at kMaxInvolved): node ids, messages and client operations.
    std::vector<std::string> nodes;
    std::vector<EventRef> messages;
    std::vector<EventRef> ops;
    // The detail in Chinese ("1234 个操作，0 个异常"); empty where not translated, and readers
    // then show the English.
    std::string detail_zh;

    static constexpr std::size_t kMaxInvolved = 64;

    core::Text detail_text() const { return {detail, detail_zh}; }
    void set_detail(core::Text text) {
        detail = std::move(text.en);
        detail_zh = std::move(text.zh);
    }
};

// A finished run as the checkers see it: the scenario and every event, in time order.
struct RunView {
    const Scenario& scenario;
    const std::vector<Event>& events;
    // The run's roles, read from its RunStarted event (netlab/api/role_catalog.h), or the
    // registry's for the scenario's nodes when the stream carries none. run_checks fills it in;
    // a check reads role descriptors from here, never from a registry.
    const RoleCatalog* roles = nullptr;
};

// What is wrong with a check's arguments or with its use in a scenario, one line each, in both
// languages.
using Problems = std::vector<core::Text>;

// Judges a run. `budget` bounds the time it may take; past it, answer Unknown honestly.
class Check {
public:
    virtual ~Check() = default;
    virtual CheckResult evaluate(const RunView& run, std::chrono::steady_clock::time_point budget) const = 0;
};

// Which roles a check applies to, read from role descriptors. Validation refuses a scenario in
// which no node's role matches (a check that does not apply is a problem, not a silent pass).
struct RoleFilter {
    enum class Kind {
        Client,       // RoleDescriptor::client: records client operations
        Server,       // not a client
        WithPhases,   // declares phases
        Named,        // the role `role`
    };
    Kind kind = Kind::WithPhases;
    std::string role;                    // Named

    static RoleFilter client() { return {Kind::Client, {}}; }
    static RoleFilter server() { return {Kind::Server, {}}; }
    static RoleFilter with_phases() { return {Kind::WithPhases, {}}; }
    static RoleFilter named(std::string role) { return {Kind::Named, std::move(role)}; }

    bool matches(const core::RoleDescriptor& descriptor) const;
    // How a problem names it: "a client role (one that records operations)", "the role kv-client".
    core::Text describe() const;
};

// What a check's validation sees: the scenario, and the descriptors of its nodes' roles.
struct CheckScope {
    const Scenario& scenario;
    const RoleCatalog& roles;
};

struct CheckInfo {
    std::string name;
    std::string en;                                  // one-line description
    std::string zh;
    // Its arguments, declared and resolved as a role's parameters are (core::resolve_params):
    // written as a mapping of them, or, when `shorthand` names one of them, as that one's value
    // alone (`linearizable: kv` is {model: kv}). A check without arguments is written
    // `name: true`. Every duration is role time, as faults and role parameters are written: the
    // resolve multiplies it by the scenario's time_scale once for every check, so `make` and
    // `validate` read lab (host) nanoseconds.
    std::vector<core::ParamSpec> params;
    std::string shorthand;
    // The roles it applies to: every filter must match some node of the scenario.
    std::vector<RoleFilter> applies_to;
    // Optional: further problems with the resolved arguments in a scenario (a phase no role of
    // the scenario declares, after: last_heal with nothing ever healed). Empty: fine.
    std::function<Problems(const core::Params& args, const CheckScope& scope)> validate;
    std::function<std::unique_ptr<Check>(const core::Params& args)> make;
    // Instead of params and make: a check that wraps one other check, written
    // {<check>: <its arguments>} (expect_fail), built around the inner check.
    std::function<std::unique_ptr<Check>(const std::string& inner_name, std::unique_ptr<Check> inner)> wrap;
};

class CheckRegistry {
public:
    // `roles` describes the roles scenarios use (validation's RoleFilters, phases); it must
    // outlive the registry.
    explicit CheckRegistry(const core::RoleRegistry& roles) : roles_(&roles) {}

    // Adds a check; throws std::invalid_argument when one of that name is registered already.
    void add(CheckInfo info);
    const CheckInfo* find(std::string_view name) const;
    std::vector<std::string> names() const;
    const core::RoleRegistry& roles() const { return *roles_; }

    // Every problem with `spec` in `scenario` (unknown check, arguments, roles it applies to),
    // each starting with the check's name; empty when fine.
    Problems validate(const CheckSpec& spec, const Scenario& scenario) const;
    // The check `spec` names, built from the same resolve of its arguments; the first problem
    // when it cannot be. `catalog`: the run's roles (default: scenario_catalog()).
    core::Result<std::unique_ptr<Check>> make(const CheckSpec& spec, const Scenario& scenario,
                                              const RoleCatalog* catalog = nullptr) const;

    // The generic checks and those every pattern of the pattern list registers.
    static const CheckRegistry& builtin();

private:
    // The one resolve: the problems, and the check itself when `out` is given and there are none.
    Problems resolve(const CheckSpec& spec, const Scenario& scenario, const RoleCatalog& catalog,
                     std::unique_ptr<Check>* out) const;

    const core::RoleRegistry* roles_;
    std::map<std::string, CheckInfo, std::less<>> checks_;
};

// The catalog validation reads: the descriptors `roles` has for the scenario's nodes.
RoleCatalog scenario_catalog(const Scenario& scenario, const core::RoleRegistry& roles);

// The result run_checks adds after the scenario's checks when one of the scenario's kill, pause
// or clock_skew faults found no node when it fired (`kill: leader` during an election) and the
// fault does not say `may_miss: true`: the run did not tell the scenario's story, so it fails.
// The nemesis marks such a FaultInjected event `"fails_run": true` (docs/nemesis.md).
inline constexpr std::string_view kMissedFaultCheck = "scheduled_faults";
// That result (Fail, naming each missed fault and when), or nullopt when there was no such miss.
std::optional<CheckResult> missed_faults_result(const RunView& run);

// The result run_checks adds when the simulator cut the run short because a role flooded it
// (RunEnded's reason starts with kFloodedPrefix): Fail, with the reason; the scenario's own
// checks are then Unknown ("not judged"), since the run they would judge did not happen.
inline constexpr std::string_view kFloodCheck = "no_flood";
std::optional<CheckResult> flood_result(const std::vector<Event>& events);

// Runs every check of the scenario, each within `budget_each`, then adds missed_faults_result
// and flood_result when there is one. The run's role catalog is read from its events when `run.roles` is null.
std::vector<CheckResult> run_checks(const RunView& run, const CheckRegistry& registry,
                                    std::chrono::milliseconds budget_each = std::chrono::seconds(10));
// Runs one check, as run_checks does: an error or a result past the budget is Unknown.
CheckResult run_check(const CheckSpec& spec, const RunView& run, const CheckRegistry& registry,
                      std::chrono::milliseconds budget = std::chrono::seconds(10));

// A run's verdict as a whole: passed (every check passed), failed (some did not), no checks
// (nothing was judged: not a pass), or stopped (a user ended it early: neither passed nor
// failed, whatever its checks said up to then).
enum class RunVerdict { Passed, Failed, NoChecks, Stopped };
// "passed", "failed", "no_checks", "stopped" (the --json summary's `verdict`).
std::string_view to_string(RunVerdict verdict);

// When a user stopped the run before its end: the time of its RunEnded event (reason
// kStoppedByUser); nullopt for a run that reached its end or has not ended.
std::optional<std::int64_t> stopped_at_ns(const std::vector<Event>& events);

RunVerdict run_verdict(const std::vector<CheckResult>& checks, std::optional<std::int64_t> stopped_at_ns);
// The verdict's headline for people (the CLI and the reports): "PASSED", "FAILED",
// "NO CHECKS (not judged)", "STOPPED at 2.5s (not judged)"; in Chinese as well.
core::Text run_verdict_text(RunVerdict verdict, std::optional<std::int64_t> stopped_at_ns);

// A stopped run's checks that could not decide because their window lies past the stop (or
// they name none) read "not reached (stopped at 2.5s)" instead of a detail about the run's
// end. run_checks applies it; decided verdicts are left alone.
void mark_not_reached(std::vector<CheckResult>& checks, std::int64_t stopped_at_ns);

// The scenario loader's check validation, backed by `registry` (CheckRegistry::validate).
// Requires: `registry` outlives the result.
CheckValidator make_check_validator(const CheckRegistry& registry);

}  // namespace distlab::netlab
