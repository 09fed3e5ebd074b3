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

#include "netlab/api/event.h"
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
    std::string detail;                              // one line: "1234 ops, 0 anomalies"
    std::optional<std::pair<std::int64_t, std::int64_t>> window_ns;   // where to look, if known
    // What the anomaly involves, most telling first (a failing check fills them in when it
    // knows; a long list is cut at kMaxInvolved): node ids, messages and client operations.
    std::vector<std::string> nodes;
    std::vector<EventRef> messages;
    std::vector<EventRef> ops;

    static constexpr std::size_t kMaxInvolved = 64;
};

// A finished run as the checkers see it: the scenario and every event, in time order.
struct RunView {
    const Scenario& scenario;
    const std::vector<Event>& events;
};

// Judges a run. `budget` bounds the time it may take; past it, answer Unknown honestly.
class Check {
public:
    virtual ~Check() = default;
    virtual CheckResult evaluate(const RunView& run, std::chrono::steady_clock::time_point budget) const = 0;
};

struct CheckInfo {
    std::string name;
    std::string en;                                  // one-line description
    std::string zh;
    // Problems with `args` or with the scenario (a check that does not apply to the roles
    // present is a problem, not a silent pass). Empty: fine.
    std::function<std::vector<std::string>(const Json& args, const Scenario& scenario)> validate;
    std::function<std::unique_ptr<Check>(const Json& args)> make;
};

class CheckRegistry {
public:
    void add(CheckInfo info);
    const CheckInfo* find(std::string_view name) const;
    std::vector<std::string> names() const;
    static const CheckRegistry& builtin();

private:
    std::map<std::string, CheckInfo, std::less<>> checks_;
};

// Runs every check of the scenario, each within `budget_each`.
std::vector<CheckResult> run_checks(const RunView& run, const CheckRegistry& registry,
                                    std::chrono::milliseconds budget_each = std::chrono::seconds(10));

// The scenario loader's check validation, backed by `registry`: an unknown name lists the known
// ones, otherwise the check's own validate() answers. Requires: `registry` outlives the result.
CheckValidator make_check_validator(const CheckRegistry& registry);

}  // namespace distlab::netlab
