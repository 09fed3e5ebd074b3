#pragma once

#include <algorithm>
#include <chrono>
#include <concepts>
#include <cstdint>
#include <expected>
#include <functional>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/model/params.h"

namespace distlab::core {

// Bounds of an Int, Number, Duration or DurationRange parameter: {.min = 1}, {.min = 0, .max = 10}.
// Durations are bounded in milliseconds, as ParamSpec keeps them.
struct ParamBounds {
    std::optional<double> min;
    std::optional<double> max;
};

// Where a parameter's value goes: a member of the config (&ServerConfig::timeout), or a
// converter called with the config and the value, for what a member cannot say (a value that
// fills a nested member, "0 keeps the preset", two members from one range).
template <class Target, class Config, class T>
concept ParamTarget = std::same_as<Target, T Config::*> || std::invocable<const Target&, Config&, T>;

namespace param_list_detail {
template <class T, class Target>
struct ChoiceValue {
    using type = T;
};
template <class M, class C>
struct ChoiceValue<void, M C::*> {
    using type = M;
};
}  // namespace param_list_detail

// The value type of a choice: the member's, unless given.
template <class T, class Target>
using ChoiceValue = typename param_list_detail::ChoiceValue<T, Target>::type;

// A role's parameters, each declared once with where its value goes: the ParamSpecs the loader,
// the CLI and the GUI read come from it, and so does the config the role is built from.
//
//   static const ParamList<ServerConfig> list = ParamList<ServerConfig>{}
//       .duration("service_time", &ServerConfig::service_time, "10ms", "en", "zh", {.min = 0})
//       .choice("down_mode", &ServerConfig::down_mode, "fail",
//               {{"fail", DownMode::Fail}, {"drop", DownMode::Drop}}, "en", "zh");
//   list.specs();          // for the RoleDescriptor
//   list.bind(params);     // the ServerConfig
//
// bind() starts from a value-initialised Config and applies the parameters in declaration
// order, so a converter may rely on the ones before it (the breaker's preset comes before the
// values that override it). Numbers are clamped into their bounds, so a config bound from
// Params that skipped validation still holds what the role may assume.
//
// Immutable once built; a role keeps its list in a function-local static.
template <class Config>
class ParamList {
public:
    using Binder = std::function<void(Config&, const Params&)>;

    ParamList& integer(std::string name, ParamTarget<Config, std::int64_t> auto target, Json default_value,
                       std::string en, std::string zh, ParamBounds bounds = {}) {
        ParamSpec spec = make_spec(std::move(name), ParamType::Int, std::move(default_value), std::move(en),
                                   std::move(zh), bounds);
        return add(std::move(spec), [target, bounds](Config& c, const Params& p, const std::string& n) {
            std::int64_t v = p.get_int(n);
            if (bounds.min)
                v = std::max(v, static_cast<std::int64_t>(*bounds.min));
            if (bounds.max)
                v = std::min(v, static_cast<std::int64_t>(*bounds.max));
            assign(c, target, v);
        });
    }

    ParamList& number(std::string name, ParamTarget<Config, double> auto target, Json default_value,
                      std::string en, std::string zh, ParamBounds bounds = {}) {
        ParamSpec spec = make_spec(std::move(name), ParamType::Number, std::move(default_value), std::move(en),
                                   std::move(zh), bounds);
        return add(std::move(spec), [target, bounds](Config& c, const Params& p, const std::string& n) {
            constexpr double kInf = std::numeric_limits<double>::infinity();
            assign(c, target, std::clamp(p.get_number(n), bounds.min.value_or(-kInf), bounds.max.value_or(kInf)));
        });
    }

    // A real in [0, 1].
    ParamList& probability(std::string name, ParamTarget<Config, double> auto target, Json default_value,
                           std::string en, std::string zh) {
        ParamSpec spec = make_spec(std::move(name), ParamType::Probability, std::move(default_value),
                                   std::move(en), std::move(zh), {});
        return add(std::move(spec), [target](Config& c, const Params& p, const std::string& n) {
            assign(c, target, std::clamp(p.get_number(n), 0.0, 1.0));
        });
    }

    ParamList& boolean(std::string name, ParamTarget<Config, bool> auto target, Json default_value,
                       std::string en, std::string zh) {
        ParamSpec spec = make_spec(std::move(name), ParamType::Bool, std::move(default_value), std::move(en),
                                   std::move(zh), {});
        return add(std::move(spec), [target](Config& c, const Params& p, const std::string& n) {
            assign(c, target, p.get_bool(n));
        });
    }

    ParamList& duration(std::string name, ParamTarget<Config, Duration> auto target, Json default_value,
                        std::string en, std::string zh, ParamBounds bounds = {}) {
        ParamSpec spec = make_spec(std::move(name), ParamType::Duration, std::move(default_value), std::move(en),
                                   std::move(zh), bounds);
        return add(std::move(spec), [target, bounds](Config& c, const Params& p, const std::string& n) {
            assign(c, target, clamp_duration(p.get_duration(n), bounds));
        });
    }

    // [min, max] of durations; the target receives them as a pair.
    ParamList& duration_range(std::string name, ParamTarget<Config, std::pair<Duration, Duration>> auto target,
                              Json default_value, std::string en, std::string zh, ParamBounds bounds = {}) {
        ParamSpec spec = make_spec(std::move(name), ParamType::DurationRange, std::move(default_value),
                                   std::move(en), std::move(zh), bounds);
        return add(std::move(spec), [target, bounds](Config& c, const Params& p, const std::string& n) {
            auto [lo, hi] = p.get_duration_range(n);
            lo = clamp_duration(lo, bounds);
            hi = std::max(clamp_duration(hi, bounds), lo);
            assign(c, target, std::pair{lo, hi});
        });
    }

    // Free text (a subject, a name); the role checks its form.
    ParamList& string(std::string name, ParamTarget<Config, std::string> auto target, Json default_value,
                      std::string en, std::string zh) {
        ParamSpec spec = make_spec(std::move(name), ParamType::String, std::move(default_value), std::move(en),
                                   std::move(zh), {});
        return add(std::move(spec), [target](Config& c, const Params& p, const std::string& n) {
            assign(c, target, p.get_string(n));
        });
    }

    // A list of strings (argv, NAME=VALUE entries); default nullptr: required.
    ParamList& strings(std::string name, ParamTarget<Config, std::vector<std::string>> auto target, Json default_value,
                       std::string en, std::string zh) {
        ParamSpec spec = make_spec(std::move(name), ParamType::StringList, std::move(default_value), std::move(en),
                                   std::move(zh), {});
        return add(std::move(spec), [target](Config& c, const Params& p, const std::string& n) {
            assign(c, target, p.json().at(n).template get<std::vector<std::string>>());
        });
    }

    // One node of the scenario; default nullptr: required.
    ParamList& node(std::string name, ParamTarget<Config, NodeId> auto target, Json default_value,
                    std::string en, std::string zh) {
        ParamSpec spec = make_spec(std::move(name), ParamType::Node, std::move(default_value), std::move(en),
                                   std::move(zh), {});
        return add(std::move(spec), [target](Config& c, const Params& p, const std::string& n) {
            assign(c, target, p.get_string(n));
        });
    }

    // One node of the scenario, or none: left out, the member keeps its default (empty).
    ParamList& optional_node(std::string name, ParamTarget<Config, NodeId> auto target, std::string en, std::string zh) {
        ParamSpec spec = make_spec(std::move(name), ParamType::Node, nullptr, std::move(en), std::move(zh), {});
        spec.optional = true;
        return add(std::move(spec), [target](Config& c, const Params& p, const std::string& n) {
            if (p.has(n))
                assign(c, target, p.get_string(n));
        });
    }

    ParamList& nodes(std::string name, ParamTarget<Config, std::vector<NodeId>> auto target, Json default_value,
                     std::string en, std::string zh) {
        ParamSpec spec = make_spec(std::move(name), ParamType::NodeList, std::move(default_value), std::move(en),
                                   std::move(zh), {});
        return add(std::move(spec), [target](Config& c, const Params& p, const std::string& n) {
            assign(c, target, p.get_nodes(n));
        });
    }

    // One of the written names in `choices`, each standing for a value (an enum, a bool, or the
    // name itself). The spec lists the names in this order. A name not in the list (only
    // possible without validation) binds the default's value. The value type is the member's;
    // give it as choice<T>(...) for a converter.
    template <class T = void, class Target>
    ParamList& choice(std::string name, Target target, std::string default_value,
                      std::vector<std::pair<std::string, ChoiceValue<T, Target>>> choices, std::string en,
                      std::string zh) {
        using Value = ChoiceValue<T, Target>;
        static_assert(ParamTarget<Target, Config, Value>, "a choice binds a member or a converter of its value");
        ParamSpec spec = make_spec(std::move(name), ParamType::Choice, default_value, std::move(en), std::move(zh), {});
        for (const auto& [written, value] : choices)
            spec.choices.push_back(written);
        const auto fallback = std::find_if(choices.begin(), choices.end(),
                                           [&](const auto& c) { return c.first == default_value; });
        if (fallback == choices.end())
            throw std::invalid_argument("parameter " + spec.name + ": default \"" + default_value +
                                        "\" is not one of its choices");
        Value fallback_value = fallback->second;
        return add(std::move(spec), [target, choices = std::move(choices), fallback_value](
                                        Config& c, const Params& p, const std::string& n) {
            const std::string written = p.get_string(n);
            const auto it = std::find_if(choices.begin(), choices.end(),
                                         [&](const auto& choice) { return choice.first == written; });
            assign(c, target, it != choices.end() ? it->second : fallback_value);
        });
    }

    // Every parameter of `part`, binding into the member `member` of this config (a workload,
    // a retry policy), in `part`'s order.
    template <class Part>
    ParamList& part(Part Config::*member, const ParamList<Part>& part) {
        for (const auto& entry : part.entries()) {
            check_unique(entry.spec.name);
            entries_.push_back({entry.spec, [member, bind = entry.bind](Config& c, const Params& p) {
                                    bind(c.*member, p);
                                }});
        }
        return *this;
    }

    // A copy with another default for `name`: a role that is another role with other defaults
    // (flaky-server). Throws std::invalid_argument when there is no such parameter.
    ParamList with_default(std::string_view name, Json default_value) const {
        ParamList copy = *this;
        copy.find(name).default_value = std::move(default_value);
        return copy;
    }

    // A copy with another description of `name`: a shared part read in a role's own words.
    ParamList with_text(std::string_view name, std::string en, std::string zh) const {
        ParamList copy = *this;
        ParamSpec& spec = copy.find(name);
        spec.en = std::move(en);
        spec.zh = std::move(zh);
        return copy;
    }

    std::vector<ParamSpec> specs() const {
        std::vector<ParamSpec> out;
        out.reserve(entries_.size());
        for (const auto& entry : entries_)
            out.push_back(entry.spec);
        return out;
    }

    // The config from resolved parameters (resolve_params against specs(), which fills every
    // declared name).
    Config bind(const Params& params) const {
        Config config{};
        for (const auto& entry : entries_)
            entry.bind(config, params);
        return config;
    }

    // Validates `raw` (as a scenario writes it) against specs() and binds it: the config, or every
    // problem, with resolve_params' messages.
    std::expected<Config, std::vector<ParamProblem>> resolve(const Json& raw,
                                                             const std::vector<NodeId>* known_nodes = nullptr) const {
        auto params = resolve_params(specs(), raw, known_nodes);
        if (!params)
            return std::unexpected(std::move(params.error()));
        return bind(*params);
    }

    struct Entry {
        ParamSpec spec;
        Binder bind;
    };
    const std::vector<Entry>& entries() const { return entries_; }

private:
    static ParamSpec make_spec(std::string name, ParamType type, Json default_value, std::string en,
                               std::string zh, ParamBounds bounds) {
        ParamSpec spec;
        spec.name = std::move(name);
        spec.type = type;
        spec.default_value = std::move(default_value);
        spec.min = bounds.min;
        spec.max = bounds.max;
        spec.en = std::move(en);
        spec.zh = std::move(zh);
        return spec;
    }

    template <class Target, class T>
    static void assign(Config& config, const Target& target, T&& value) {
        if constexpr (std::is_member_object_pointer_v<Target>)
            config.*target = std::forward<T>(value);
        else
            std::invoke(target, config, std::forward<T>(value));
    }

    static Duration clamp_duration(Duration d, const ParamBounds& bounds) {
        const auto ms = [](double v) {
            return std::chrono::duration_cast<Duration>(std::chrono::duration<double, std::milli>(v));
        };
        if (bounds.min)
            d = std::max(d, ms(*bounds.min));
        if (bounds.max)
            d = std::min(d, ms(*bounds.max));
        return d;
    }

    template <class Fn>
    ParamList& add(ParamSpec spec, Fn bind) {
        check_unique(spec.name);
        std::string name = spec.name;
        entries_.push_back({std::move(spec), [name = std::move(name), bind = std::move(bind)](
                                                 Config& c, const Params& p) { bind(c, p, name); }});
        return *this;
    }

    void check_unique(const std::string& name) const {
        if (std::any_of(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.spec.name == name; }))
            throw std::invalid_argument("parameter " + name + " is declared twice");
    }

    ParamSpec& find(std::string_view name) {
        for (auto& entry : entries_)
            if (entry.spec.name == name)
                return entry.spec;
        throw std::invalid_argument("no parameter named " + std::string(name));
    }

    std::vector<Entry> entries_;
};

// A converter that sets a member of a member: nested(&KvClientConfig::load, &ClientLoad::rate).
template <class Config, class Part, class T>
auto nested(Part Config::*part, T Part::*member) {
    return [part, member](Config& config, T value) { (config.*part).*member = std::move(value); };
}

}  // namespace distlab::core
