#include "core/model/role_descriptor.h"

#include <algorithm>
#include <array>
#include <set>
#include <utility>

namespace distlab::core {

namespace {

constexpr std::array<std::pair<Tone, std::string_view>, 6> kTones = {{
    {Tone::Neutral, "neutral"},
    {Tone::Healthy, "healthy"},
    {Tone::Busy, "busy"},
    {Tone::Warning, "warning"},
    {Tone::Failing, "failing"},
    {Tone::Down, "down"},
}};

Json param_json(const ParamSpec& p) {
    Json j = {{"name", p.name}, {"type", to_string(p.type)}, {"default", p.default_value},
              {"en", p.en}, {"zh", p.zh}};
    if (p.min)
        j["min"] = *p.min;
    if (p.max)
        j["max"] = *p.max;
    if (!p.choices.empty())
        j["choices"] = p.choices;
    return j;
}

}  // namespace

std::string_view to_string(Tone tone) {
    for (const auto& [t, name] : kTones) {
        if (t == tone)
            return name;
    }
    return "neutral";
}

std::optional<Tone> tone_from_string(std::string_view name) {
    for (const auto& [t, n] : kTones) {
        if (n == name)
            return t;
    }
    return std::nullopt;
}

const Json* snapshot_field(const Json& snapshot, std::string_view path) {
    const Json* at = &snapshot;
    while (!path.empty()) {
        const std::size_t slash = path.find('/');
        const std::string_view key = path.substr(0, slash);
        if (!at->is_object())
            return nullptr;
        auto it = at->find(key);
        if (it == at->end())
            return nullptr;
        at = &*it;
        path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
    }
    return at;
}

const PhaseSpec* RoleDescriptor::find_phase(std::string_view phase) const {
    auto it = std::find_if(phases.begin(), phases.end(), [&](const PhaseSpec& p) { return p.name == phase; });
    return it == phases.end() ? nullptr : &*it;
}

std::vector<std::string> RoleDescriptor::snapshot_fields() const {
    std::vector<std::string> fields;
    for (const GaugeSpec& g : gauges) {
        fields.push_back(g.field);
        if (!g.volume_field.empty())
            fields.push_back(g.volume_field);
    }
    if (epoch)
        fields.push_back(epoch->field);
    return fields;
}

std::vector<std::string> RoleDescriptor::problems() const {
    std::vector<std::string> out;
    const std::string who = "role '" + name + "': ";
    std::set<std::string, std::less<>> seen;
    for (const PhaseSpec& p : phases) {
        if (p.name.empty())
            out.push_back(who + "a phase without a name");
        else if (!seen.insert(p.name).second)
            out.push_back(who + "phase '" + p.name + "' declared twice");
        if (p.en.empty() || p.zh.empty())
            out.push_back(who + "phase '" + p.name + "' needs both an en and a zh label");
    }
    if (!leader_phase.empty() && !find_phase(leader_phase))
        out.push_back(who + "leader phase '" + leader_phase + "' is not one of its phases");
    for (const GaugeSpec& g : gauges) {
        if (g.field.empty())
            out.push_back(who + "a gauge without a snapshot field");
        if (!(g.full_scale > 0))
            out.push_back(who + "gauge '" + g.field + "' needs a full scale above 0");
        if (g.en.empty() || g.zh.empty())
            out.push_back(who + "gauge '" + g.field + "' needs both an en and a zh label");
    }
    if (epoch && (epoch->field.empty() || epoch->en.empty() || epoch->zh.empty()))
        out.push_back(who + "the epoch needs a snapshot field and en and zh labels");
    std::set<std::string, std::less<>> params_seen;
    for (const ParamSpec& p : params) {
        if (!params_seen.insert(p.name).second)
            out.push_back(who + "parameter '" + p.name + "' declared twice");
    }
    return out;
}

Json RoleDescriptor::to_json() const {
    Json params_json = Json::array();
    for (const ParamSpec& p : params)
        params_json.push_back(param_json(p));
    Json phases_json = Json::array();
    for (const PhaseSpec& p : phases)
        phases_json.push_back({{"name", p.name}, {"tone", to_string(p.tone)}, {"en", p.en}, {"zh", p.zh}});
    Json gauges_json = Json::array();
    for (const GaugeSpec& g : gauges) {
        Json j = {{"field", g.field}, {"full_scale", g.full_scale}, {"unit", g.unit}, {"en", g.en}, {"zh", g.zh}};
        if (!g.volume_field.empty())
            j["volume_field"] = g.volume_field;
        if (!g.full_scale_field.empty())
            j["full_scale_field"] = g.full_scale_field;
        gauges_json.push_back(std::move(j));
    }
    Json out = {{"name", name},     {"pattern", pattern},       {"family", family},
                {"en", en},         {"zh", zh},                 {"client", client},
                {"params", params_json}, {"phases", phases_json}, {"gauges", gauges_json}};
    out["epoch"] = epoch ? Json{{"field", epoch->field}, {"en", epoch->en}, {"zh", epoch->zh}} : Json(nullptr);
    out["leader_phase"] = leader_phase.empty() ? Json(nullptr) : Json(leader_phase);
    return out;
}

namespace {

// Reads string field `key` of `j` into `out`; false when present but not a string, or when
// missing and `required`.
bool read_text(const Json& j, std::string_view key, std::string& out, bool required, std::string& error,
               std::string_view where) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
        if (required)
            error = std::string(where) + ": \"" + std::string(key) + "\" is missing";
        return !required;
    }
    if (!it->is_string()) {
        error = std::string(where) + ": \"" + std::string(key) + "\" must be a string";
        return false;
    }
    out = it->get<std::string>();
    return true;
}

}  // namespace

std::expected<RoleDescriptor, std::string> RoleDescriptor::from_json(const Json& json) {
    std::string error;
    if (!json.is_object())
        return std::unexpected("a role descriptor must be a JSON object");
    RoleDescriptor d;
    if (!read_text(json, "name", d.name, true, error, "role") ||
        !read_text(json, "pattern", d.pattern, false, error, "role " + d.name) ||
        !read_text(json, "family", d.family, false, error, "role " + d.name) ||
        !read_text(json, "en", d.en, false, error, "role " + d.name) ||
        !read_text(json, "zh", d.zh, false, error, "role " + d.name) ||
        !read_text(json, "leader_phase", d.leader_phase, false, error, "role " + d.name))
        return std::unexpected(error);
    d.client = json.value("client", false);
    const std::string where = "role " + d.name;
    if (auto phases = json.find("phases"); phases != json.end() && phases->is_array()) {
        for (const Json& p : *phases) {
            if (!p.is_object())
                return std::unexpected(where + ": a phase must be an object");
            PhaseSpec spec;
            std::string tone = "neutral";
            if (!read_text(p, "name", spec.name, true, error, where + " phase") ||
                !read_text(p, "en", spec.en, false, error, where + " phase " + spec.name) ||
                !read_text(p, "zh", spec.zh, false, error, where + " phase " + spec.name) ||
                !read_text(p, "tone", tone, false, error, where + " phase " + spec.name))
                return std::unexpected(error);
            spec.tone = tone_from_string(tone).value_or(Tone::Neutral);
            d.phases.push_back(std::move(spec));
        }
    }
    if (auto gauges = json.find("gauges"); gauges != json.end() && gauges->is_array()) {
        for (const Json& g : *gauges) {
            if (!g.is_object())
                return std::unexpected(where + ": a gauge must be an object");
            GaugeSpec spec;
            if (!read_text(g, "field", spec.field, true, error, where + " gauge") ||
                !read_text(g, "unit", spec.unit, false, error, where + " gauge " + spec.field) ||
                !read_text(g, "volume_field", spec.volume_field, false, error, where + " gauge " + spec.field) ||
                !read_text(g, "full_scale_field", spec.full_scale_field, false, error, where + " gauge " + spec.field) ||
                !read_text(g, "en", spec.en, false, error, where + " gauge " + spec.field) ||
                !read_text(g, "zh", spec.zh, false, error, where + " gauge " + spec.field))
                return std::unexpected(error);
            auto scale = g.find("full_scale");
            if (scale == g.end() || !scale->is_number() || !(scale->get<double>() > 0))
                return std::unexpected(where + " gauge " + spec.field + ": \"full_scale\" must be a number above 0");
            spec.full_scale = scale->get<double>();
            d.gauges.push_back(std::move(spec));
        }
    }
    if (auto epoch = json.find("epoch"); epoch != json.end() && epoch->is_object()) {
        EpochSpec spec;
        if (!read_text(*epoch, "field", spec.field, true, error, where + " epoch") ||
            !read_text(*epoch, "en", spec.en, false, error, where + " epoch") ||
            !read_text(*epoch, "zh", spec.zh, false, error, where + " epoch"))
            return std::unexpected(error);
        d.epoch = std::move(spec);
    }
    return d;
}

}  // namespace distlab::core
