#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/model/ids.h"
#include "core/model/json.h"
#include "core/model/result.h"
#include "core/model/time.h"

namespace distlab::core {

enum class ParamType {
    Int,             // integer, with optional min / max
    Number,          // real, with optional min / max
    Probability,     // real in [0, 1]
    Bool,
    String,
    Choice,          // one of `choices`
    Duration,        // "150ms" or an integer of milliseconds
    DurationRange,   // [min, max] of durations, min <= max
    Node,            // a node id declared in the scenario
    NodeList,        // a list of such ids
    Nodes,           // a node id or a non-empty list of them; resolved as a list
    ChoiceOrDuration,  // one of `choices` or a duration ("last_heal", "2s"); resolved as the
                       // choice or as integer nanoseconds
    Mapping,         // a mapping of its own parameters (`fields`); resolved as theirs
    StringList,      // a list of strings (a program's argv, NAME=VALUE entries)
};

std::string_view to_string(ParamType type);

// One parameter of a role, as the CLI lists it, the GUI offers it and the loader checks it.
struct ParamSpec {
    std::string name;
    ParamType type = ParamType::Int;
    Json default_value;                   // in the written form ("150ms", 3, [..]); null = required
    std::optional<double> min;            // Int / Number: the value; Duration: milliseconds
    std::optional<double> max;
    std::vector<std::string> choices;     // Choice, ChoiceOrDuration
    std::string en;                       // one-line description
    std::string zh;
    bool optional = false;                // with a null default: may be left out, and is then
                                          // absent from the resolved Params (Params::has)
    std::vector<ParamSpec> fields;        // Mapping only
};

// A problem with one parameter value: `key` names it, `message` says what was expected (`zh`:
// the same in Chinese).
struct ParamProblem {
    std::string key;
    std::string message;
    std::string zh;

    static ParamProblem of(std::string key, Text what) { return {std::move(key), std::move(what.en), std::move(what.zh)}; }
    Text text() const { return {message, zh}; }
};

// Parameters after validation: every declared name present, defaults filled in, durations as
// integer nanoseconds, ranges as [lo, hi] pairs of nanoseconds (optional ones left out are
// absent).
class Params {
public:
    Params() = default;
    explicit Params(Json resolved) : values_(std::move(resolved)) {}

    // False for an optional parameter left out.
    bool has(std::string_view name) const;
    std::int64_t get_int(std::string_view name) const;
    double get_number(std::string_view name) const;
    bool get_bool(std::string_view name) const;
    std::string get_string(std::string_view name) const;
    Duration get_duration(std::string_view name) const;
    std::pair<Duration, Duration> get_duration_range(std::string_view name) const;
    std::vector<NodeId> get_nodes(std::string_view name) const;
    // A ChoiceOrDuration: the duration, or nullopt when a choice was given (get_string has it).
    std::optional<Duration> get_duration_or_choice(std::string_view name) const;

    const Json& json() const { return values_; }

private:
    const Json& at(std::string_view name) const;
    Json values_ = Json::object();
};

// Checks `raw` (as written in a scenario, a JSON object) against `specs`: unknown names,
// wrong types, out-of-range values, undeclared nodes (when `known_nodes` is given). Returns
// the resolved Params, or every problem found.
std::expected<Params, std::vector<ParamProblem>> resolve_params(
    const std::vector<ParamSpec>& specs, const Json& raw,
    const std::vector<NodeId>* known_nodes = nullptr);

}  // namespace distlab::core
