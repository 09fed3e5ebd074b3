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

// ", got VALUE" after what was expected.
Text got(const std::string& value) {
    return Text{", got ", "，实际为 "} + value;
}

// "expected WHAT, got VALUE".
Text expected_got(const Text& what, const Json& value) {
    return Text{"expected ", "应为"} + what + got(shown(value));
}

// "must be between 1 and 10, got 0", or the one-sided forms; empty when in range. A negative
// value under a minimum of 0 reads "must not be negative".
template <class T, class Show>
Text range_problem(T value, const ParamSpec& spec, T lo, T hi, Show show) {
    const bool below = spec.min && value < lo;
    const bool above = spec.max && value > hi;
    if (!below && !above)
        return {};
    if (spec.min && spec.max)
        return Text{"must be between ", "必须介于 "} + show(lo) + Text{" and ", " 与 "} + show(hi) +
               Text{"", " 之间"} + got(show(value));
    if (below)
        return Text{"must be at least ", "必须至少为 "} + show(lo) + got(show(value));
    return Text{"must be at most ", "必须至多为 "} + show(hi) + got(show(value));
}

Duration ms_to_duration(double ms) {
    return std::chrono::duration_cast<Duration>(std::chrono::duration<double, std::milli>(ms));
}

const Text kDuration{"a duration with a unit (ms, s, m)", "带单位的时长（ms、s、m）"};

// One written duration: a string with a unit, or an integer of milliseconds.
Result<Duration> duration_value(const Json& value) {
    if (value.is_number_integer()) {
        const bool negative = value.is_number_unsigned() ? false : value.get<std::int64_t>() < 0;
        if (negative)
            return fail(Text{"must not be negative", "不能为负数"} + got(shown(value)));
        const auto ms = value.is_number_unsigned() ? value.get<std::uint64_t>()
                                                   : static_cast<std::uint64_t>(value.get<std::int64_t>());
        constexpr std::uint64_t kMaxMs = std::numeric_limits<std::int64_t>::max() / 1'000'000;
        if (ms > kMaxMs)
            return fail(Text{"duration ", "时长 "} + shown(value) + Text{" ms is too long", " ms 过长"});
        return Duration(static_cast<std::int64_t>(ms) * 1'000'000);
    }
    if (value.is_string()) {
        const auto& text = value.get_ref<const std::string&>();
        // A bare number in a string is ambiguous; the format requires a unit there.
        if (text.starts_with('-'))
            return fail(Text{"must not be negative", "不能为负数"} + got(shown(value)));
        if (text.empty() || !std::isalpha(static_cast<unsigned char>(text.back())))
            return fail(expected_got(kDuration, value));
        return parse_duration(text);
    }
    return fail(expected_got(kDuration + Text{" or an integer of milliseconds", "或毫秒数（整数）"}, value));
}

Text duration_range_problem(Duration d, const ParamSpec& spec) {
    const Duration lo = spec.min ? ms_to_duration(*spec.min) : Duration::min();
    const Duration hi = spec.max ? ms_to_duration(*spec.max) : Duration::max();
    return range_problem(d, spec, lo, hi, [](Duration x) { return format_duration(x); });
}

// Checks a node id against the declared ones (when known).
Text node_problem(const Json& value, const std::vector<NodeId>* known_nodes) {
    if (!value.is_string())
        return expected_got(Text{"a node id", "节点 id"}, value);
    const auto& id = value.get_ref<const std::string&>();
    if (known_nodes && std::find(known_nodes->begin(), known_nodes->end(), id) == known_nodes->end())
        return Text{"node \"", "节点 \""} + id + Text{"\" is not declared (declared: ", "\" 未声明（已声明："} +
               joined(*known_nodes) + Text{")", "）"};
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
                return fail(expected_got(Text{"an integer", "整数"}, value));
            if (value.is_number_unsigned() &&
                value.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
                return fail(expected_got(Text{"a 64-bit integer", "64 位整数"}, value));
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
                return fail(expected_got(Text{"a number", "数字"}, value));
            const auto v = value.get<double>();
            auto problem = range_problem(v, spec, spec.min.value_or(0.0), spec.max.value_or(0.0),
                                         shown_number);
            if (!problem.empty())
                return fail(problem);
            return Json(v);
        }
        case ParamType::Probability: {
            if (!value.is_number())
                return fail(expected_got(Text{"a probability (a number between 0 and 1)", "概率（0 到 1 之间的数）"}, value));
            const auto v = value.get<double>();
            if (!(v >= 0.0 && v <= 1.0))
                return fail(Text{"must be between 0 and 1", "必须介于 0 与 1 之间"} + got(shown(value)));
            return Json(v);
        }
        case ParamType::Bool:
            if (!value.is_boolean())
                return fail(expected_got(Text{"true or false", "true 或 false"}, value));
            return value;
        case ParamType::String:
            if (!value.is_string())
                return fail(expected_got(Text{"a string", "字符串"}, value));
            return value;
        case ParamType::StringList:
            if (!value.is_array())
                return fail(expected_got(Text{"a list of strings", "字符串列表"}, value));
            for (const auto& item : value)
                if (!item.is_string())
                    return fail(expected_got(Text{"a string", "字符串"}, item));
            return value;
        case ParamType::Choice: {
            if (!value.is_string() || std::find(spec.choices.begin(), spec.choices.end(),
                                                value.get_ref<const std::string&>()) == spec.choices.end())
                return fail(expected_got(Text{"one of ", "以下之一："} + joined(spec.choices), value));
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
                return fail(expected_got(Text{"a range [min, max] of two durations", "由两个时长组成的范围 [min, max]"}, value));
            Duration ends[2];
            for (std::size_t i = 0; i < 2; ++i) {
                auto d = duration_value(value[i]);
                if (!d)
                    return fail((i == 0 ? Text{"range start: ", "范围起点："} : Text{"range end: ", "范围终点："}) + d.error().text());
                auto problem = duration_range_problem(*d, spec);
                if (!problem.empty())
                    return fail((i == 0 ? Text{"range start ", "范围起点"} : Text{"range end ", "范围终点"}) + problem);
                ends[i] = *d;
            }
            if (ends[0] > ends[1])
                return fail(Text{"range start ", "范围起点 "} + format_duration(ends[0]) + Text{" is after its end ", " 晚于终点 "} +
                            format_duration(ends[1]) +
                            Text{" (expected [min, max] with min <= max)", "（应为 [min, max] 且 min <= max）"});
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
                return fail(Text{"expected a node id or a list of them, got an empty list", "应为节点 id 或其列表，实际为空列表"});
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
                return fail(expected_got(Text{"a list of node ids", "节点 id 列表"}, value));
            std::set<std::string, std::less<>> seen;
            for (const auto& item : value) {
                auto problem = node_problem(item, known_nodes);
                if (!problem.empty())
                    return fail(problem);
                if (!seen.insert(item.get<std::string>()).second)
                    return fail(Text{"node \"", "节点 \""} + item.get<std::string>() + Text{"\" is listed twice", "\" 列出了两次"});
            }
            return value;
        }
        case ParamType::ChoiceOrDuration: {
            if (value.is_string() && std::find(spec.choices.begin(), spec.choices.end(),
                                               value.get_ref<const std::string&>()) != spec.choices.end())
                return value;
            auto d = duration_value(value);
            if (!d)
                return fail(expected_got(joined(spec.choices) + Text{" or ", " 或"} + kDuration, value));
            auto problem = duration_range_problem(*d, spec);
            if (!problem.empty())
                return fail(problem);
            return Json(d->count());
        }
        case ParamType::Mapping: {
            if (!value.is_object())
                return fail(expected_got(Text{"a mapping with keys ", "键为以下之一的映射："} + joined(spec_names(spec.fields)), value));
            auto resolved = resolve_params(spec.fields, value, known_nodes);
            if (!resolved) {
                Text message;
                for (const ParamProblem& p : resolved.error())
                    message += (message.empty() ? "" : "; ") + p.key + ": " + p.text();
                return fail(message);
            }
            return resolved->json();
        }
    }
    return fail(Text{"unsupported parameter type", "不支持的参数类型"});
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
        case ParamType::StringList: return "string-list";
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
        problems.push_back(ParamProblem::of("params", expected_got(Text{"a mapping of parameter names to values", "参数名到取值的映射"}, raw)));
        return std::unexpected(std::move(problems));
    }

    if (raw.is_object()) {
        for (const auto& [name, value] : raw.items()) {
            const bool known = std::any_of(specs.begin(), specs.end(),
                                           [&](const ParamSpec& s) { return s.name == name; });
            if (known)
                continue;
            problems.push_back(ParamProblem::of(name, specs.empty() ? Text{"unknown parameter: this role takes none", "未知参数：该角色不接受参数"}
                                                    : Text{"unknown parameter (known: ", "未知参数（已知："} +
                                                          joined(spec_names(specs)) + Text{")", "）"}));
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
                problems.push_back(ParamProblem::of(spec.name, Text{"missing required parameter (", "缺少必需的参数（"} +
                                                   std::string(to_string(spec.type)) + Text{")", "）"}));
                continue;
            }
            value = &spec.default_value;
            from_default = true;
        }
        auto result = resolve_value(spec, *value, known_nodes);
        if (!result) {
            problems.push_back(ParamProblem::of(spec.name, from_default ? Text{"default value: ", "默认值："} + result.error().text()
                                                        : result.error().text()));
            continue;
        }
        resolved[spec.name] = std::move(*result);
    }

    if (!problems.empty())
        return std::unexpected(std::move(problems));
    return Params(std::move(resolved));
}

}  // namespace distlab::core
