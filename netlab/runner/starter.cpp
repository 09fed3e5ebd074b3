#include "netlab/runner/starter.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>
#include <tuple>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/runner/runner.h"
#include "netlab/scenario/loader.h"
#include "netlab/scenario/scenario_writer.h"

namespace distlab::netlab {

namespace {

bool has_expected_failure(const Scenario& s) {
    return std::any_of(s.checks.begin(), s.checks.end(), [](const CheckSpec& c) { return c.name == "expect_fail"; });
}

// "# " + text, wrapped at about 96 columns, each line with `indent` before it.
void comment(std::ostringstream& out, const std::string& indent, const std::string& text) {
    std::istringstream words(text);
    std::string word;
    std::string line;
    const auto flush = [&] {
        if (!line.empty())
            out << indent << "# " << line << "\n";
        line.clear();
    };
    while (words >> word) {
        if (!line.empty() && indent.size() + 2 + line.size() + 1 + word.size() > 96)
            flush();
        line += (line.empty() ? "" : " ") + word;
    }
    flush();
}

// `text` ending in one full stop.
std::string sentence(std::string text) {
    while (!text.empty() && (text.back() == '.' || text.back() == ' '))
        text.pop_back();
    return text + ".";
}

std::string params_text(const core::RoleDescriptor& role) {
    std::string out;
    for (const core::ParamSpec& p : role.params) {
        out += (out.empty() ? "" : ", ") + p.name;
        if (!p.default_value.is_null())
            out += " = " + (p.default_value.is_string() ? p.default_value.get<std::string>() : p.default_value.dump());
        else if (!p.optional)
            out += " (required)";
    }
    return out;
}

// `what` as a scenario name: lowercase letters, digits and '-' ("circuit breaker" -> circuit-breaker).
std::string name_of(std::string_view what) {
    std::string out;
    for (const char c : what) {
        const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        out += (std::isalnum(static_cast<unsigned char>(lower)) || lower == '-') ? lower : '-';
    }
    return out;
}

std::string seconds_text(Duration d) {
    const double s = static_cast<double>(d.count()) / 1e9;
    std::ostringstream out;
    out << s << "s";
    return out.str();
}

}  // namespace

std::vector<std::string> pattern_names(const core::RoleRegistry& roles) {
    std::set<std::string> names;
    for (const auto& [name, role] : roles.all())
        names.insert(role.pattern);
    return {names.begin(), names.end()};
}

std::vector<Lesson> load_lessons(const std::filesystem::path& scenarios, const core::RoleRegistry& roles,
                                 const CheckRegistry& checks) {
    std::vector<Lesson> lessons;
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(scenarios, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file() || it->path().extension() != ".yaml")
            continue;
        auto loaded = load_scenario_file(it->path().string(), roles, make_check_validator(checks));
        if (loaded && !simulation_refusal(*loaded, roles))
            lessons.push_back({it->path().lexically_relative(scenarios.parent_path()), std::move(*loaded)});
    }
    return lessons;
}

core::Result<std::string> starter_scenario(std::string_view what, const std::vector<Lesson>& lessons,
                                           const core::RoleRegistry& roles, const CheckRegistry& checks) {
    // A name that is both (raft, registry) is taken as the pattern, the wider of the two.
    const std::vector<std::string> patterns = pattern_names(roles);
    const bool as_pattern = std::find(patterns.begin(), patterns.end(), what) != patterns.end();
    const core::RoleDescriptor* as_role = as_pattern ? nullptr : roles.find(what);
    if (!as_role && !as_pattern) {
        std::string known;
        for (const std::string& p : patterns)
            known += (known.empty() ? "" : ", ") + p;
        return core::fail("\"" + std::string(what) + "\" is neither a pattern nor a role; patterns: " + known +
                          " (roles: distlab-cli roles)");
    }
    const auto uses = [&](const Scenario& s) {
        return std::any_of(s.nodes.begin(), s.nodes.end(), [&](const NodeSpec& n) {
            if (as_role)
                return n.role == what;
            const core::RoleDescriptor* role = roles.find(n.role);
            return role && role->pattern == what;
        });
    };

    std::vector<const Lesson*> candidates;
    for (const Lesson& lesson : lessons)
        if (uses(lesson.scenario))
            candidates.push_back(&lesson);
    if (candidates.empty())
        return core::fail("no shipped scenario the simulator runs uses " + std::string(what) + " to start from");
    // The plainest lesson: no expected failure, a fault, few nodes, few parameters set.
    const auto rank = [](const Lesson* c) {
        std::size_t params = 0;
        for (const NodeSpec& n : c->scenario.nodes)
            params += n.params.is_object() ? n.params.size() : 0;
        return std::tuple(has_expected_failure(c->scenario), c->scenario.faults.empty(), c->scenario.nodes.size(),
                          params, c->scenario.faults.size(), c->file.string());
    };
    const Lesson& from = **std::min_element(candidates.begin(), candidates.end(),
                                            [&](const Lesson* a, const Lesson* b) { return rank(a) < rank(b); });

    Scenario s = from.scenario;
    s.name = "my-" + name_of(what);
    s.title = Text{"My " + std::string(what) + " lab", "我的 " + std::string(what) + " 实验"};
    s.summary = Text{"Started from the lesson \"" + from.scenario.title.en + "\". " + from.scenario.summary.en,
                     from.scenario.summary.zh.empty()
                         ? std::string()
                         : "从课程“" + from.scenario.title.zh + "”开始。" + from.scenario.summary.zh};
    s.steps.clear();
    std::erase_if(s.checks, [](const CheckSpec& c) { return c.name == "expect_fail"; });
    bool added_fault = false;
    if (s.faults.empty()) {
        // A fault to start from: a slow link from the first node for a while.
        FaultSpec fault;
        fault.kind = FaultKind::Latency;
        using std::chrono::seconds;
        fault.at = std::chrono::duration_cast<seconds>(s.duration / 3);
        fault.until = std::max<Duration>(std::chrono::duration_cast<seconds>(s.duration / 2), fault.at + seconds(1));
        fault.link.from.ids = {s.nodes.front().id};
        fault.link.to.kind = NodeSelector::Kind::All;
        fault.add = std::chrono::milliseconds(20);
        s.faults.push_back(fault);
        added_fault = true;
    }

    const std::string relative = from.file.string();
    std::ostringstream out;
    comment(out, "", "A starter DistLab lab for " + std::string(as_role ? "the role " : "the pattern ") +
                         std::string(what) + ", written by `distlab-cli new " + std::string(what) +
                         "` from the lesson " + relative + ".");
    comment(out, "", "Run it with `distlab-cli run FILE --sim` (or without --sim on real processes), open it with "
                     "`distlab FILE`. Only version, name and nodes are required; the whole format is "
                     "docs/scenario-format.md.");
    out << "\n";

    const std::string body = write_scenario(s);
    std::istringstream lines(body);
    std::string line;
    std::string section;
    std::size_t node = 0;
    std::size_t check = 0;
    std::size_t fault = 0;
    while (std::getline(lines, line)) {
        if (!line.empty() && line[0] != ' ' && line[0] != '-') {
            section = line.substr(0, line.find(':'));
            if (section == "duration")
                comment(out, "", "How long the run lasts, and the seed of every random choice: the same seed "
                                 "replays the same run in the simulator.");
            else if (section == "network")
                comment(out, "", "What every link does unless a link says otherwise: preset lan, wan or "
                                 "lossy, or latency, jitter, loss, duplicate, reorder, bandwidth.");
            else if (section == "nodes")
                comment(out, "", "One entry per node: its id, its role (`distlab-cli roles` lists them) and "
                                 "the parameters that differ from the role's defaults.");
            else if (section == "links")
                comment(out, "", "full: every node reaches every other; or a list of pairs, each with its own "
                                 "latency, loss ...");
            else if (section == "faults")
                comment(out, "", "What goes wrong, and when: kill, restart, pause, resume, partition, heal, "
                                 "latency, loss, duplicate, reorder, clock_skew, command.");
            else if (section == "checks")
                comment(out, "", "How the run is judged: the checks of the lesson, which apply to these roles.");
        } else if (section == "nodes" && line.starts_with("  - id: ") && node < s.nodes.size()) {
            const NodeSpec& n = s.nodes[node++];
            const auto first = std::find_if(s.nodes.begin(), s.nodes.end(),
                                            [&](const NodeSpec& other) { return other.role == n.role; });
            if (first->id != n.id) {
                comment(out, "  ", n.id + ": " + n.role + ", as " + first->id + ".");
            } else if (const core::RoleDescriptor* role = roles.find(n.role)) {
                comment(out, "  ", n.id + ": " + role->name + ", " + sentence(role->en));
                if (!role->params.empty())
                    comment(out, "  ", "Its parameters (default): " + params_text(*role) + ".");
            }
        } else if (section == "faults" && line.starts_with("  - ") && fault < s.faults.size()) {
            if (added_fault && fault == 0)
                comment(out, "  ", "Added to start from: the lesson has no fault. Change it, or add your own.");
            ++fault;
        } else if (section == "checks" && line.starts_with("  - ") && check < s.checks.size()) {
            if (const CheckInfo* info = checks.find(s.checks[check].name))
                comment(out, "  ", info->name + ": " + sentence(info->en));
            ++check;
        }
        out << line << "\n";
    }
    out << "\n";
    comment(out, "", "A narrative, shown during the run and paused at when asked:");
    out << "# steps:\n"
        << "#   - at: " << seconds_text(std::chrono::duration_cast<std::chrono::seconds>(s.duration / 3)) << "\n"
        << "#     say: { en: \"Something happens here.\", zh: \"这里发生了一些事情。\" }\n"
        << "#     pause: true\n";
    return out.str();
}

}  // namespace distlab::netlab
