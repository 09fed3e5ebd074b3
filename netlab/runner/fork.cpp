#include "netlab/runner/fork.h"

#include <charconv>
#include <cstdio>
#include <memory>
#include <regex>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/scenario/loader.h"
#include "netlab/scenario/scenario_writer.h"
#include "netlab/sim/sim_run.h"
#include "netlab/telemetry/event_log.h"
#include "netlab/telemetry/playback.h"
#include "netlab/telemetry/recorder.h"

namespace distlab::netlab {

namespace {

std::string seconds(std::int64_t t_ns) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.3f s", static_cast<double>(t_ns) / 1e9);
    return buf;
}

std::string clipped(const std::string& text, std::size_t max = 120) {
    return text.size() <= max ? text : text.substr(0, max) + "...";
}

// One event in a line, for a mismatch report.
std::string describe(const Event& e) {
    std::string out = std::string(to_string(e.kind)) + " at " + seconds(e.t_ns);
    if (!e.node.empty())
        out += " " + e.node;
    if (!e.peer.empty())
        out += " -> " + e.peer;
    if (!e.type.empty())
        out += " " + e.type;
    if (e.msg_id != 0)
        out += " #" + std::to_string(e.msg_id);
    if (!e.data.empty())
        out += " " + clipped(e.data);
    return out;
}

// RunStarted's data without its `sim` flag: a real run and its replay differ there by design.
std::string without_sim_flag(const std::string& data) {
    core::Json json = core::Json::parse(data, nullptr, false);
    if (json.is_discarded() || !json.is_object())
        return data;
    json.erase("sim");
    return json.dump();
}

// The replayed event without the Chinese a recording made before roles said their reasons and
// violations in Chinese does not have (a phase's "reason_zh", a violation's aux): the same run,
// said in one language more.
Event without_chinese_it_lacks(const Event& recorded, Event replayed) {
    if (replayed.kind == EventKind::Violation && recorded.kind == EventKind::Violation && recorded.aux.empty())
        replayed.aux.clear();
    if (replayed.kind == EventKind::Phase && recorded.kind == EventKind::Phase &&
        recorded.data.find("\"reason_zh\"") == std::string::npos) {
        core::Json data = core::Json::parse(replayed.data, nullptr, false);
        if (data.is_object() && data.erase("reason_zh") > 0)
            replayed.data = data.dump();
    }
    return replayed;
}

bool same(const Event& recorded, const Event& replayed) {
    if (recorded.kind == EventKind::RunStarted && replayed.kind == EventKind::RunStarted) {
        Event a = recorded;
        Event b = replayed;
        a.data = without_sim_flag(a.data);
        b.data = without_sim_flag(b.data);
        return a == b;
    }
    return recorded == replayed || recorded == without_chinese_it_lacks(recorded, replayed);
}

std::vector<Event> replayed_only(std::vector<Event> events) {
    std::erase_if(events, [](const Event& e) { return !replayed_kind(e.kind); });
    return events;
}

std::optional<core::Json> json_of(const std::string& text) {
    core::Json json = core::Json::parse(text, nullptr, false);
    if (json.is_discarded())
        return std::nullopt;
    return json;
}

// The loader's first problem, without the line and column of a text made here.
std::string first_problem(const std::vector<Diagnostic>& problems) {
    return problems.empty() ? std::string("it does not load") : problems.front().message;
}

core::Result<Scenario> reload(const Scenario& scenario, std::string text, const std::string& what) {
    auto loaded = load_scenario_text(text, what, core::RoleRegistry::builtin(),
                                     make_check_validator(CheckRegistry::builtin()));
    if (!loaded)
        return core::fail(what + ": " + first_problem(loaded.error()));
    loaded->seed = scenario.seed;
    return std::move(*loaded);
}

// --fault: the entry as one of the scenario's faults, validated by the loader against its nodes.
core::Result<FaultSpec> parse_fault(const Scenario& scenario, const std::string& text) {
    std::string entry = text;
    while (!entry.empty() && (entry.back() == '\n' || entry.back() == ' '))
        entry.pop_back();
    if (entry.empty())
        return core::fail("--fault: expected one fault, e.g. \"{kill: n2}\"");
    if (entry.find('\n') != std::string::npos)
        return core::fail("--fault: write the fault on one line, in flow style: \"{partition: [[n1], [n2, n3]]}\"");
    if (entry.front() == '{' && entry.back() == '}')
        entry = entry.substr(1, entry.size() - 2);
    // It fires at the fork: its `at`, which a file's fault must have, is the run's start here.
    static const std::regex kAt(R"((^|[\s,])at\s*:)");
    if (!std::regex_search(entry, kAt))
        entry = "at: 0s, " + entry;
    entry = "{" + entry + "}";
    Scenario bare = scenario;
    bare.faults.clear();
    auto loaded = reload(scenario, write_scenario(bare) + "\nfaults: [" + entry + "]\n", "--fault");
    if (!loaded)
        return std::unexpected(loaded.error());
    if (loaded->faults.size() != 1)
        return core::fail("--fault: expected one fault, got " + std::to_string(loaded->faults.size()));
    return loaded->faults.front();
}

// --param: the node's parameters with KEY=VALUE, validated by the loader against its role.
core::Result<core::Params> parse_param(const Scenario& scenario, const ForkChange& change) {
    Scenario edited = scenario;
    NodeSpec* node = nullptr;
    std::size_t index = 0;
    for (std::size_t i = 0; i < edited.nodes.size(); ++i)
        if (edited.nodes[i].id == change.node) {
            node = &edited.nodes[i];
            index = i;
        }
    if (!node)
        return core::fail("--param: no node \"" + change.node + "\" in the scenario");
    // A JSON value (a number, true, [n1, n2] written as JSON) as such; anything else as text,
    // which is how durations are written.
    core::Json value = core::Json::parse(change.value, nullptr, false);
    if (value.is_discarded())
        value = change.value;
    if (!node->params.is_object())
        node->params = core::Json::object();
    node->params[change.key] = value;
    auto loaded = reload(scenario, write_scenario(edited), "--param");
    if (!loaded)
        return std::unexpected(loaded.error());
    return loaded->nodes[index].resolved;
}

}  // namespace

std::string ForkChange::text() const {
    switch (kind) {
    case Kind::None: return "none";
    case Kind::Drop: return "drop " + sender + ":" + std::to_string(id);
    case Kind::Deliver: return "deliver " + sender + ":" + std::to_string(id);
    case Kind::Fault: return "fault " + fault;
    case Kind::Param: return "param " + node + "." + key + "=" + value;
    }
    return "none";
}

core::Result<ForkChange> ForkChange::message(Kind kind, const std::string& text) {
    const auto colon = text.rfind(':');
    const std::string option = kind == Kind::Drop ? "--drop" : "--deliver";
    if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
        return core::fail(option + ": expected SENDER:ID (the message's sender and its id, e.g. n1:12), got \"" + text +
                          "\"");
    ForkChange change;
    change.kind = kind;
    change.sender = text.substr(0, colon);
    const char* first = text.data() + colon + 1;
    const char* last = text.data() + text.size();
    const auto [end, ec] = std::from_chars(first, last, change.id);
    if (ec != std::errc{} || end != last)
        return core::fail(option + ": the message id must be a whole number, got \"" + text.substr(colon + 1) + "\"");
    return change;
}

core::Result<ForkChange> ForkChange::param(const std::string& text) {
    const auto eq = text.find('=');
    const auto dot = text.find('.');
    if (eq == std::string::npos || dot == std::string::npos || dot == 0 || dot + 1 >= eq || eq + 1 > text.size())
        return core::fail("--param: expected NODE.KEY=VALUE (e.g. n2.pre_vote=false), got \"" + text + "\"");
    ForkChange change;
    change.kind = Kind::Param;
    change.node = text.substr(0, dot);
    change.key = text.substr(dot + 1, eq - dot - 1);
    change.value = text.substr(eq + 1);
    return change;
}

bool replayed_kind(EventKind kind) {
    return kind != EventKind::RunPaused && kind != EventKind::RunResumed;
}

std::optional<std::string> first_difference(const std::vector<Event>& recorded, const std::vector<Event>& replayed) {
    const std::size_t n = std::min(recorded.size(), replayed.size());
    for (std::size_t i = 0; i < n; ++i)
        if (!same(recorded[i], replayed[i]))
            return "event " + std::to_string(i + 1) + ": the recording has " + describe(recorded[i]) +
                   ", the simulator " + describe(replayed[i]);
    if (recorded.size() != replayed.size()) {
        const bool more_recorded = recorded.size() > replayed.size();
        const Event& extra = more_recorded ? recorded[n] : replayed[n];
        return "event " + std::to_string(n + 1) + ": only the " + (more_recorded ? "recording" : "simulator") +
               " has " + describe(extra);
    }
    return std::nullopt;
}

core::Result<ForkOutcome> fork_run(const ForkRequest& request) {
    const std::string parent_name = request.parent.string();
    auto playback = Playback::open(request.parent);
    if (!playback)
        return std::unexpected(playback.error());
    const RecordingMeta& meta = playback->meta();
    EventRange range = playback->read_all();
    if (range.problem)
        return core::fail(parent_name + ": " + range.problem->message + "; a fork needs the whole recording");
    std::vector<Event> parent = replayed_only(std::move(range.events));

    auto loaded = load_scenario_text(meta.scenario_yaml, parent_name + " (scenario)", core::RoleRegistry::builtin(),
                                     make_check_validator(CheckRegistry::builtin()));
    if (!loaded)
        return core::fail(parent_name + ": its scenario does not load in this build: " + first_problem(loaded.error()));
    ForkOutcome outcome;
    Scenario& scenario = outcome.scenario;
    scenario = std::move(*loaded);
    scenario.seed = meta.seed;
    // The recording keeps the scenario file's text; the run's own time scale and length (a
    // --time-scale or --duration on its command line) are in its events.
    for (const Event& e : parent) {
        if (e.kind == EventKind::RunStarted) {
            if (auto data = json_of(e.data)) {
                outcome.parent_real = !data->value("sim", false);
                if (data->contains("time_scale") && (*data)["time_scale"].is_number())
                    scenario.time_scale = (*data)["time_scale"].get<double>();
            }
        } else if (e.kind == EventKind::RunEnded) {
            if (auto data = json_of(e.data); data && data->value("reason", std::string{}) == "duration reached")
                scenario.duration = Duration(static_cast<std::int64_t>(static_cast<double>(e.t_ns) / scenario.time_scale));
        }
    }
    if (request.at_ns < 0 || request.at_ns > playback->duration_ns())
        return core::fail("--at: " + seconds(request.at_ns) + " is outside the recording (0 to " +
                          seconds(playback->duration_ns()) + ")");
    if (auto refusal = simulation_refusal(scenario, core::RoleRegistry::builtin()))
        return core::fail(*refusal);

    const ForkChange& change = request.change;
    std::optional<FaultSpec> fault;
    std::optional<core::Params> params;
    if (change.kind == ForkChange::Kind::Fault) {
        auto parsed = parse_fault(scenario, change.fault);
        if (!parsed)
            return std::unexpected(parsed.error());
        fault = std::move(*parsed);
    } else if (change.kind == ForkChange::Kind::Param) {
        auto parsed = parse_param(scenario, change);
        if (!parsed)
            return std::unexpected(parsed.error());
        params = std::move(*parsed);
    }

    // Up to T: the recording's decisions again.
    EventLog log;
    SimRun sim(scenario, core::RoleRegistry::builtin());
    sim.set_interrupt(request.stop_requested);
    sim.telemetry().add_sink(log);
    sim.start();
    sim.run_for(Duration(request.at_ns));
    sim.telemetry().flush();
    std::vector<Event> recorded_prefix;
    for (const Event& e : parent)
        if (e.t_ns <= request.at_ns)
            recorded_prefix.push_back(e);
    const std::vector<Event> replayed_prefix = replayed_only(log.events());
    outcome.prefix_events = replayed_prefix.size();
    outcome.mismatch = first_difference(recorded_prefix, replayed_prefix);

    // At T: the change.
    switch (change.kind) {
    case ForkChange::Kind::None:
        outcome.applied = "nothing changed: a replay";
        break;
    case ForkChange::Kind::Drop:
    case ForkChange::Kind::Deliver: {
        const bool deliver = change.kind == ForkChange::Kind::Deliver;
        const auto to = sim.hold_message(change.sender, change.id);
        if (!to) {
            std::string where;
            for (const Event& e : parent)
                if (e.kind == EventKind::MessageSent && e.node == change.sender && e.msg_id == change.id) {
                    where = " (the recording has it sent at " + seconds(e.t_ns) + ")";
                    break;
                }
            if (where.empty())
                where = " (the recording has no message " + std::to_string(change.id) + " from " + change.sender + ")";
            return core::fail(std::string(deliver ? "--deliver" : "--drop") + ": message " + change.sender + ":" +
                              std::to_string(change.id) + " is not in flight at " + seconds(request.at_ns) + where);
        }
        std::string type;
        for (const Event& e : log.events())
            if (e.kind == EventKind::MessageSent && e.node == change.sender && e.msg_id == change.id)
                type = e.type;
        sim.release_held(change.sender, change.id, deliver);
        outcome.applied = std::string(deliver ? "delivered " : "dropped ") + type + " " + change.sender + " -> " + *to +
                          " (id " + std::to_string(change.id) + ") at " + seconds(request.at_ns);
        break;
    }
    case ForkChange::Kind::Fault:
        sim.nemesis().inject(*fault);
        outcome.applied = "fault " + fault->to_json().dump() + " at " + seconds(request.at_ns);
        break;
    case ForkChange::Kind::Param:
        sim.restart_with(change.node, std::move(*params));
        outcome.applied = change.node + " restarted with " + change.key + "=" + change.value + " at " +
                          seconds(request.at_ns);
        break;
    }

    std::unique_ptr<Recorder> recorder;
    if (request.record_path) {
        RecordingMeta fork_meta;
        fork_meta.scenario_name = meta.scenario_name;
        fork_meta.scenario_yaml = meta.scenario_yaml;
        fork_meta.seed = meta.seed;
        fork_meta.command_line = request.command_line;
        fork_meta.fork_parent = std::filesystem::absolute(request.parent).lexically_normal().string();
        fork_meta.fork_at_ns = request.at_ns;
        fork_meta.fork_change = change.text();
        fork_meta.fork_replayed_real = outcome.parent_real;
        fork_meta.fork_prefix = outcome.mismatch ? "differs: " + *outcome.mismatch
                                                 : "equal (" + std::to_string(outcome.prefix_events) + " events)";
        auto opened = Recorder::open(*request.record_path, std::move(fork_meta));
        if (!opened)
            return std::unexpected(opened.error());
        recorder = std::move(*opened);
        recorder->on_events(log.events());
        sim.telemetry().add_sink(*recorder);
    }

    // After T: the fork's own run.
    if (request.stop_requested && request.stop_requested->load())
        sim.stop_now();
    else
        sim.run();
    std::optional<core::Error> recording_problem;
    if (recorder)
        if (auto closed = recorder->close(request.stop_requested && request.stop_requested->load()
                                              ? std::string(kStoppedByUser)
                                              : std::string("completed"));
            !closed)
            recording_problem = closed.error();
    outcome.run = judge_run(scenario, log.take(), request.record_path);
    outcome.run.recording_problem = std::move(recording_problem);
    return outcome;
}

}  // namespace distlab::netlab
