#include "netlab/checks/role_conformance.h"

#include <cstdio>
#include <map>
#include <utility>

#include "core/model/json.h"

namespace distlab::netlab {

namespace {

std::string seconds(std::int64_t ns) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3fs", static_cast<double>(ns) / 1e9);
    return buf;
}

std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

// Keeps the first problem of each (node, rule) and counts the repeats.
class Findings {
public:
    void add(const Event& e, const core::RoleDescriptor& role, const std::string& rule, std::string text) {
        auto [it, added] = found_.try_emplace({e.node, rule}, Found{});
        ++it->second.count;
        if (!added)
            return;
        it->second.text = e.node + " (" + role.name + ") at " + seconds(e.t_ns) + ": " + std::move(text);
        order_.push_back(it->first);
    }

    std::vector<std::string> lines() const {
        std::vector<std::string> out;
        for (const auto& key : order_) {
            const Found& f = found_.at(key);
            out.push_back(f.text + (f.count > 1 ? " (and " + std::to_string(f.count - 1) + " more times)" : ""));
        }
        return out;
    }

private:
    struct Found {
        std::size_t count = 0;
        std::string text;
    };
    std::map<std::pair<std::string, std::string>, Found> found_;
    std::vector<std::pair<std::string, std::string>> order_;
};

bool is_a_deed(EventKind kind) {
    switch (kind) {
        case EventKind::MessageSent:
        case EventKind::Log:
        case EventKind::State:
        case EventKind::Metric:
        case EventKind::OpInvoked:
        case EventKind::OpCompleted:
        case EventKind::Violation: return true;
        default: return false;
    }
}

// Whether an object the path `field` descends through is null ("window": null stands for every
// "window/..." field being null: nothing measured now).
bool null_above(const core::Json& snapshot, std::string_view field) {
    for (auto slash = field.find('/'); slash != std::string_view::npos; slash = field.find('/', slash + 1))
        if (const core::Json* parent = core::snapshot_field(snapshot, field.substr(0, slash)); parent && parent->is_null())
            return true;
    return false;
}

void check_snapshot(const Event& e, const core::RoleDescriptor& role, Findings& findings) {
    const core::Json snapshot = core::Json::parse(e.data, nullptr, false);
    if (!snapshot.is_object()) {
        findings.add(e, role, "snapshot", "its snapshot is not a JSON object");
        return;
    }
    for (const std::string& field : role.snapshot_fields())
        if (!core::snapshot_field(snapshot, field) && !null_above(snapshot, field))
            findings.add(e, role, "field " + field, "its snapshot lacks the field \"" + field + "\" its descriptor names");
    for (const core::GaugeSpec& gauge : role.gauges) {
        const core::Json* value = core::snapshot_field(snapshot, gauge.field);
        if (!value || value->is_null())
            continue;
        if (!value->is_number()) {
            findings.add(e, role, "gauge " + gauge.field, "gauge " + gauge.field + " is " + value->dump() + ", not a number");
            continue;
        }
        double full = gauge.full_scale;
        std::string scale_from = "full_scale";
        if (!gauge.full_scale_field.empty())
            if (const core::Json* f = core::snapshot_field(snapshot, gauge.full_scale_field);
                f && f->is_number() && f->get<double>() > 0) {
                full = f->get<double>();
                scale_from = gauge.full_scale_field;
            }
        const double v = value->get<double>();
        if (v < 0 || v > full)
            findings.add(e, role, "gauge " + gauge.field,
                         "gauge " + gauge.field + " = " + number(v) + " is outside [0, " + number(full) + "] (" +
                             scale_from + ")");
    }
}

}  // namespace

std::vector<std::string> role_conformance_problems(const std::vector<Event>& events, const RoleCatalog& catalog) {
    Findings findings;
    std::map<std::string, bool, std::less<>> announced;   // node -> announced a phase in this process
    for (const Event& e : events) {
        const core::RoleDescriptor* role = e.node.empty() ? nullptr : catalog.role_of_node(e.node);
        if (!role)
            continue;
        if (e.kind == EventKind::NodeStarted || e.kind == EventKind::NodeExited) {
            announced[e.node] = false;
            continue;
        }
        if (e.kind == EventKind::Phase) {
            announced[e.node] = true;
            if (!role->find_phase(e.type))
                findings.add(e, *role, "phase " + e.type, "announced the phase \"" + e.type + "\" its role does not declare");
            continue;
        }
        if (!is_a_deed(e.kind))
            continue;
        if (!role->phases.empty() && !announced[e.node])
            findings.add(e, *role, "first phase",
                         "its role has phases, but its " + std::string(to_string(e.kind)) +
                             " came before it announced one");
        if (e.kind == EventKind::State)
            check_snapshot(e, *role, findings);
    }
    return findings.lines();
}

}  // namespace distlab::netlab
