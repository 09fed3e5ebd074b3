#include "core/model/params.h"
#include "core/model/param_bounds.h"

#include <algorithm>
#include <cassert>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <set>

namespace distlab::core {

namespace {

constexpr std::size_t kMaxShownValueChars = 60;

// A value as the user wrote it, for messages: `"150"`, `1.5`, `[1, 2]`.
std::string shown(const Json& value) {
    std::string text = value.dump();
    if (text.size() > kMaxShownValueChars)
        text = text.substr(0, kMaxShownValueChars - 3) + "...";
    return text;
}

// A bound as people write it: 3, 0.5, 1e+20.
std::string shown_number(double v) {
    if (std::isfinite(v) && std::floor(v) == v && std::fabs(v) < 1e15)
        return std::to_string(static_cast<std::int64_t>(v));
    return Json(v).dump();
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty())
            out += ", ";
        out += item;
    }
    return out;
}

// "must be between 1 and 10, got 0", or the one-sided forms; empty when in range.
template <class T, class Show>
std::string range_problem(T value, const ParamSpec& spec, T lo, T hi, Show show) {
    const bool below = spec.min && value < lo;
    const bool above = spec.max && value > hi;
    if (!below && !above)
        return {};
    if (spec.min && spec.max)
        return "must be between " + show(lo) + " and " + show(hi) + ", got " + show(value);
    if (below)
        return "must be at least " + show(lo) + ", got " + show(value);
    return "must be at most " + show(hi) + ", got " + show(value);
}

Duration ms_to_duration(double ms) {
    return std::chrono::duration_cast<Duration>(std::chrono::duration<double, std::milli>(ms));
}

const char* kDurationExpected = "expected a duration with a unit (ms, s, m)";

// One written duration: a string with a unit, or an integer of milliseconds.
Result<Duration> duration_value(const Json& value) {
    if (value.is_number_integer()) {
        const bool negative = value.is_number_unsigned() ? false : value.get<std::int64_t>() < 0;
        if (negative)
            return fail("must not be negative, got " + shown(value));
        const auto ms = value.is_number_unsigned() ? value.get<std::uint64_t>()
                                                   : static_cast<std::uint64_t>(value.get<std::int64_t>());
        constexpr std::uint64_t kMaxMs = std::numeric_limits<std::int64_t>::max() / 1'000'000;
        if (ms > kMaxMs)
            return fail("duration " + shown(value) + " ms is too long");
        return Duration(static_cast<std::int64_t>(ms) * 1'000'000);
    }
    if (value.is_string()) {
        const auto& text = value.get_ref<const std::string&>();
        // A bare number in a string is ambiguous; the format requires a unit there.
        if (text.empty() || !std::isalpha(static_cast<unsigned char>(text.back())))
            return fail(std::string(kDurationExpected) + ", got " + shown(value));
        return parse_duration(text);
    }
    return fail(std::string(kDurationExpected) + " or an integer of milliseconds, got " + shown(value));
}

std::string duration_range_problem(Duration d, const ParamSpec& spec) {
    const Duration lo = spec.min ? ms_to_duration(*spec.min) : Duration::min();
    const Duration hi = spec.max ? ms_to_duration(*spec.max) : Duration::max();
    return range_problem(d, spec, lo, hi, [](Duration x) { return format_duration(x); });
}

// Checks a node id against the declared ones (when known).
std::string node_problem(const Json& value, const std::vector<NodeId>* known_nodes) {
    if (!value.is_string())
        return "expected a node id, got " + shown(value);
    const auto& id = value.get_ref<const std::string&>();
    if (known_nodes && std::find(known_nodes->begin(), known_nodes->end(), id) == known_nodes->end())
        return "node \"" + id + "\" is not declared (declared: " + joined(*known_nodes) + ")";
    return {};
}

std::vector<std::string> spec_names(const std::vector<ParamSpec>& specs) {
    std::vector<std::string> names;
    names.reserve(specs.size());
    for (const auto& spec : specs)
        names.push_back(spec.name);
    return names;
}

// Validates one value against its spec; the resolved form, or what is wrong with it.
Result<Json> resolve_value(const ParamSpec& spec, const Json& value,
                           const std::vector<NodeId>* known_nodes) {
    switch (spec.type) {
        case ParamType::Int: {
            if (!value.is_number_integer())
                return fail("expected an integer, got " + shown(value));
            if (value.is_number_unsigned() &&
                value.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
                return fail("expected a 64-bit integer, got " + shown(value));
            const auto v = value.get<std::int64_t>();
            const auto lo = spec.min ? static_cast<double>(*spec.min) : 0.0;
            const auto hi = spec.max ? static_cast<double>(*spec.max) : 0.0;
            auto problem = range_problem(static_cast<double>(v), spec, lo, hi, shown_number);
            if (!problem.empty())
                return fail(problem);
            return Json(v);
        }
        case ParamType::Number: {
            if (!value.is_number())
                return fail("expected a number, got " + shown(value));
            const auto v = value.get<double>();
            auto problem = range_problem(v, spec, spec.min.value_or(0.0), spec.max.value_or(0.0),
                                         shown_number);
            if (!problem.empty())
                return fail(problem);
            return Json(v);
        }
        case ParamType::Probability: {
            if (!value.is_number())
                return fail("expected a probability (a number between 0 and 1), got " + shown(value));
            const auto v = value.get<double>();
            if (!(v >= 0.0 && v <= 1.0))
                return fail("must be between 0 and 1, got " + shown(value));
            return Json(v);
        }
        case ParamType::Bool:
            if (!value.is_boolean())
                return fail("expected true or false, got " + shown(value));
            return value;
        case ParamType::String:
            if (!value.is_string())
                return fail("expected a string, got " + shown(value));
            return value;
        case ParamType::Choice: {
            if (!value.is_string() || std::find(spec.choices.begin(), spec.choices.end(),
                                                value.get_ref<const std::string&>()) == spec.choices.end())
                return fail("expected one of " + joined(spec.choices) + ", got " + shown(value));
            return value;
        }
        case ParamType::Duration: {
            auto d = duration_value(value);
            if (!d)
                return std::unexpected(d.error());
            auto problem = duration_range_problem(*d, spec);
            if (!problem.empty())
                return fail(problem);
            return Json(d->count());
        }
        case ParamType::DurationRange: {
            if (!value.is_array() || value.size() != 2)
                return fail("expected a range [min, max] of two durations, got " + shown(value));
            Duration ends[2];
            for (std::size_t i = 0; i < 2; ++i) {
                auto d = duration_value(value[i]);
                if (!d)
                    return fail((i == 0 ? "range start: " : "range end: ") + d.error().message);
                auto problem = duration_range_problem(*d, spec);
                if (!problem.empty())
                    return fail((i == 0 ? "range start " : "range end ") + problem);
                ends[i] = *d;
            }
            if (ends[0] > ends[1])
                return fail("range start " + format_duration(ends[0]) + " is after its end " +
                            format_duration(ends[1]) + " (expected [min, max] with min <= max)");
            return Json::array({ends[0].count(), ends[1].count()});
        }
        case ParamType::Node: {
            auto problem = node_problem(value, known_nodes);
            if (!problem.empty())
                return fail(problem);
            return value;
        }
        case ParamType::Nodes: {
            if (value.is_array() && value.empty())
                return fail("expected a node id or a list of them, got an empty list");
            if (!value.is_array()) {
                auto problem = node_problem(value, known_nodes);
                if (!problem.empty())
                    return fail(problem);
                return Json::array({value});
            }
            [[fallthrough]];
        }
        case ParamType::NodeList: {
            if (!value.is_array())
                return fail("expected a list of node ids, got " + shown(value));
            std::set<std::string, std::less<>> seen;
            for (const auto& item : value) {
                auto problem = node_problem(item, known_nodes);
                if (!problem.empty())
                    return fail(problem);
                if (!seen.insert(item.get<std::string>()).second)
                    return fail("node \"" + item.get<std::string>() + "\" is listed twice");
            }
            return value;
        }
        case ParamType::ChoiceOrDuration: {
            if (value.is_string() && std::find(spec.choices.begin(), spec.choices.end(),
                                               value.get_ref<const std::string&>()) != spec.choices.end())
                return value;
            auto d = duration_value(value);
            if (!d)
                return fail("expected " + joined(spec.choices) + " or a duration with a unit (ms, s, m), got " +
                            shown(value));
            auto problem = duration_range_problem(*d, spec);
            if (!problem.empty())
                return fail(problem);
            return Json(d->count());
        }
        case ParamType::Mapping: {
            if (!value.is_object())
                return fail("expected a mapping with keys " + joined(spec_names(spec.fields)) + ", got " +
                            shown(value));
            auto resolved = resolve_params(spec.fields, value, known_nodes);
            if (!resolved) {
                std::string message;
                for (const ParamProblem& p : resolved.error())
                    message += (message.empty() ? "" : "; ") + p.key + ": " + p.message;
                return fail(message);
            }
            return resolved->json();
        }
    }
    return fail("unsupported parameter type");
}

}  // namespace

std::string bound_text(double value, ParamType type) {
    if (type == ParamType::Duration || type == ParamType::DurationRange)
        return format_duration(ms_to_duration(value));
    if (std::isfinite(value) && std::floor(value) == value && std::fabs(value) < 1e18)
        return std::to_string(static_cast<std::int64_t>(value));
    // The shortest decimal that reads back as the value, without an exponent.
    for (int digits = 1; digits <= 17; ++digits) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.*f", digits, value);
        if (std::strtod(buf, nullptr) == value)
            return buf;
    }
    return Json(value).dump();
}

std::string bounds_text(const ParamSpec& spec) {
    if (spec.min && spec.max)
        return "[" + bound_text(*spec.min, spec.type) + ", " + bound_text(*spec.max, spec.type) + "]";
    if (spec.min)
        return ">= " + bound_text(*spec.min, spec.type);
    if (spec.max)
        return "<= " + bound_text(*spec.max, spec.type);
    return {};
}

std::string_view to_string(ParamType type) {
    switch (type) {
        case ParamType::Int: return "int";
        case ParamType::Number: return "number";
        case ParamType::Probability: return "probability";
        case ParamType::Bool: return "bool";
        case ParamType::String: return "string";
        case ParamType::Choice: return "choice";
        case ParamType::Duration: return "duration";
        case ParamType::DurationRange: return "duration-range";
        case ParamType::Node: return "node";
        case ParamType::NodeList: return "node-list";
        case ParamType::Nodes: return "nodes";
        case ParamType::ChoiceOrDuration: return "choice-or-duration";
        case ParamType::Mapping: return "mapping";
    }
    return "unknown";
}

const Json& Params::at(std::string_view name) const {
    static const Json kNull;
    auto it = values_.find(name);
    // Requires: `name` is declared in the role's schema (resolve_params filled it in).
    assert(it != values_.end() && "parameter not declared in the role's schema");
    return it == values_.end() ? kNull : *it;
}

bool Params::has(std::string_view name) const { return values_.contains(name); }

std::int64_t Params::get_int(std::string_view name) const {
    const Json& v = at(name);
    if (v.is_number_integer())
        return v.get<std::int64_t>();
    return v.is_number() ? static_cast<std::int64_t>(v.get<double>()) : 0;
}

double Params::get_number(std::string_view name) const {
    const Json& v = at(name);
    return v.is_number() ? v.get<double>() : 0.0;
}

bool Params::get_bool(std::string_view name) const {
    const Json& v = at(name);
    return v.is_boolean() && v.get<bool>();
}

std::string Params::get_string(std::string_view name) const {
    const Json& v = at(name);
    return v.is_string() ? v.get<std::string>() : std::string();
}

Duration Params::get_duration(std::string_view name) const {
    const Json& v = at(name);
    return v.is_number_integer() ? Duration(v.get<std::int64_t>()) : Duration(0);
}

std::pair<Duration, Duration> Params::get_duration_range(std::string_view name) const {
    const Json& v = at(name);
    if (!v.is_array() || v.size() != 2 || !v[0].is_number_integer() || !v[1].is_number_integer())
        return {Duration(0), Duration(0)};
    return {Duration(v[0].get<std::int64_t>()), Duration(v[1].get<std::int64_t>())};
}

std::vector<NodeId> Params::get_nodes(std::string_view name) const {
    const Json& v = at(name);
    std::vector<NodeId> nodes;
    if (v.is_string()) {
        nodes.push_back(v.get<std::string>());
    } else if (v.is_array()) {
        for (const auto& item : v)
            if (item.is_string())
                nodes.push_back(item.get<std::string>());
    }
    return nodes;
}

std::optional<Duration> Params::get_duration_or_choice(std::string_view name) const {
    const Json& v = at(name);
    if (v.is_number_integer())
        return Duration(v.get<std::int64_t>());
    return std::nullopt;
}

std::expected<Params, std::vector<ParamProblem>> resolve_params(
    const std::vector<ParamSpec>& specs, const Json& raw, const std::vector<NodeId>* known_nodes) {
    std::vector<ParamProblem> problems;
    if (!raw.is_null() && !raw.is_object()) {
        problems.push_back({"params", "expected a mapping of parameter names to values, got " + shown(raw)});
        return std::unexpected(std::move(problems));
    }

    if (raw.is_object()) {
        for (const auto& [name, value] : raw.items()) {
            const bool known = std::any_of(specs.begin(), specs.end(),
                                           [&](const ParamSpec& s) { return s.name == name; });
            if (known)
                continue;
            problems.push_back({name, specs.empty()
                                          ? "unknown parameter: this role takes none"
                                          : "unknown parameter (known: " + joined(spec_names(specs)) + ")"});
        }
    }

    Json resolved = Json::object();
    for (const auto& spec : specs) {
        const Json* value = nullptr;
        bool from_default = false;
        if (raw.is_object()) {
            auto it = raw.find(spec.name);
            if (it != raw.end())
                value = &*it;
        }
        if (!value) {
            if (spec.default_value.is_null() && spec.optional)
                continue;
            if (spec.default_value.is_null()) {
                problems.push_back({spec.name, "missing required parameter (" +
                                                   std::string(to_string(spec.type)) + ")"});
                continue;
            }
            value = &spec.default_value;
            from_default = true;
        }
        auto result = resolve_value(spec, *value, known_nodes);
        if (!result) {
            problems.push_back({spec.name, from_default ? "default value: " + result.error().message
                                                        : result.error().message});
            continue;
        }
        resolved[spec.name] = std::move(*result);
    }

    if (!problems.empty())
        return std::unexpected(std::move(problems));
    return Params(std::move(resolved));
}

}  // namespace distlab::core
