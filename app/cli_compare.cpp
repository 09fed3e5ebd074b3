#include "app/cli_compare.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include "app/cli_options.h"
#include "app/cli_support.h"
#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/report/comparison.h"
#include "netlab/report/sweep.h"

namespace distlab::cli {

namespace {

namespace fs = std::filesystem;

constexpr std::uint64_t kMaxRuns = 100;

constexpr CommandText kCompareText{
    "run two scenarios (or judge two recordings) and put them side by side",
    "Puts two runs side by side. A and B are each a scenario file (run N times, each under its own seed unless "
    "--seed is given) or a recording (judged again from its events, never rerun). The console prints the key "
    "figures, each marked A better, B better or same; a difference within run-to-run noise reads same. With "
    "--report, writes DIR/compare.html, DIR/compare.json and each run's report set in DIR/a-K/ and DIR/b-K/.",
    "exit codes: 0 every run of both sides passed, 1 a check failed, 2 invalid input, 3 the lab\n"
    "failed.\n"
    "\n"
    "example:\n"
    "  distlab-cli compare scenarios/resilience/circuit-breaker.yaml \\\n"
    "      scenarios/resilience/circuit-breaker-off.yaml \\\n"
    "      --sim --runs 3\n"};

constexpr CommandText kSweepText{
    "run one scenario once per value of a parameter and plot the figures",
    "Runs FILE once per value of one parameter (N times each) and plots the run's figures against it. The part "
    "of --param before the last '.' is a node id or a role (every node of it); the part after it is one of the "
    "role's parameters (`distlab-cli roles`). Values are written as in a scenario file; a duration range as "
    "LO..HI. Writes DIR/sweep.html, DIR/sweep.json and DIR/sweep.csv.",
    "exit codes: 0 every run passed, 1 a check failed, 2 invalid input, 3 the lab failed.\n"
    "\n"
    "example:\n"
    "  distlab-cli sweep scenarios/consensus/leader-failover.yaml --sim \\\n"
    "      --param raft.election_timeout=150ms..300ms,300ms..600ms --report sweep/\n"};

// The options compare and sweep share, after their own.
void add_series_options(CLI::App& command, SeriesCommand& c, bool report_required) {
    CLI::Option* report = add_parsed(command, "--report", "DIR",
                                     report_required ? "where the sweep goes" : "also write the comparison's files there",
                                     c.report_dir, non_empty("a folder"));
    if (report_required)
        report->required();
    add_parsed(command, "--runs", "N",
               "runs per " + std::string(report_required ? "value" : "scenario side") + ", in [1, " +
                   std::to_string(kMaxRuns) + "] (default 1); run K uses seed S+K-1",
               c.runs, count_value("a number of runs", 1, kMaxRuns));
    add_parsed(command, "--seed", "N",
               report_required ? "S, the first seed (default: the scenario's seed)"
                               : "S, the first seed of both sides (default: each scenario's own)",
               c.seed, seed_value());
}

}  // namespace

CLI::App& declare_compare(CLI::App& app, SeriesCommand& c) {
    CLI::App& command = add_command(app, "compare", kCompareText);
    command.add_option("FILES", c.files, "two scenario files or recordings")->required()->type_name("A B");
    add_series_options(command, c, false);
    add_parsed<double>(command, "--threshold", "PCT", "a difference counts beyond PCT % of the larger value (default 5)",
                       c.threshold, [](const std::string& v) -> core::Result<double> {
                           char* end = nullptr;
                           const double pct = std::strtod(v.c_str(), &end);
                           if (v.empty() || *end != '\0' || !(pct > 0 && pct <= 100))
                               return core::fail("expected a percentage in (0, 100], got \"" + v + "\"");
                           return pct / 100.0;
                       });
    command.add_flag("--sim", c.sim, "run the scenario sides in the simulator");
    add_lang(command, c.lang);
    command.add_flag("--json", c.json, "a one-line JSON summary on stdout");
    return command;
}

CLI::App& declare_sweep(CLI::App& app, SeriesCommand& c) {
    CLI::App& command = add_command(app, "sweep", kSweepText);
    command.add_option("FILE", c.files, "the scenario file")->required()->expected(1)->type_name("FILE");
    add_parsed(command, "--param", "NODE_OR_ROLE.PARAM=v1,v2,...", "the parameter and its values (checked against its type and range first)",
               c.param, non_empty("NODE_OR_ROLE.PARAM=v1,v2,..."))
        ->required();
    add_series_options(command, c, true);
    command.add_flag("--sim", c.sim, "run in the simulator");
    add_lang(command, c.lang);
    command.add_flag("--json", c.json, "a one-line JSON summary on stdout");
    return command;
}

namespace {

// The options as the commands read them: defaults filled in.
struct Series {
    std::vector<std::string> files;
    std::size_t runs = 1;
    bool runs_given = false;
    bool sim = false;
    std::optional<std::uint64_t> seed;
    std::string report_dir;
    bool json = false;
    std::optional<std::string> param;
    netlab::NoiseRule noise;
    std::string lang;
};

Series series(const SeriesCommand& c) {
    Series s{c.files, static_cast<std::size_t>(c.runs.value_or(1)), c.runs.has_value(), c.sim, c.seed,
             c.report_dir.value_or(""), c.json, c.param, {}, c.lang};
    if (c.threshold)
        s.noise.threshold = *c.threshold;
    return s;
}

// Whether `file` is taken as a recording: named *.distlab, or an SQLite file (a recording is one),
// so that a recording renamed still compares and a broken *.distlab gets the recording's errors.
bool is_recording(const std::string& file) {
    std::string extension = fs::path(file).extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(), [](unsigned char c) { return std::tolower(c); });
    if (extension == ".distlab")
        return true;
    static constexpr char kSqliteHeader[16] = "SQLite format 3";   // and its terminating NUL
    char head[16] = {};
    std::ifstream in(file, std::ios::binary);
    in.read(head, sizeof head);
    return in.gcount() == sizeof head && std::memcmp(head, kSqliteHeader, sizeof head) == 0;
}

// One run of `scenario` under `seed`; an error means the lab failed (or was interrupted).
core::Result<netlab::RunOutcome> run_one(netlab::Scenario scenario, std::string yaml, bool sim, std::uint64_t seed,
                                         const std::string& command_line) {
    if (stop_flag().load())
        return core::fail("interrupted");
    scenario.seed = seed;
    netlab::RunRequest request;
    request.scenario = std::move(scenario);
    request.scenario_yaml = std::move(yaml);
    request.simulate = sim;
    request.command_line = command_line;
    request.node_binary = node_binary();
    request.stop_requested = &stop_flag();
    auto outcome = netlab::run_scenario(request);
    if (outcome && stop_flag().load())
        return core::fail("interrupted");
    return outcome;
}

// The command that reruns one run alone, for its own report.
std::string run_command(const std::string& file, std::uint64_t seed, bool sim) {
    return "distlab-cli run " + file + " --seed " + std::to_string(seed) + (sim ? " --sim" : "");
}

core::Result<void> write_text(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out)
        return core::fail("cannot write " + path.string());
    return {};
}

// Creates `dir` and writes NAME.html, NAME.json and the extra files; false after saying why not.
bool write_files(const fs::path& dir, const std::vector<std::pair<std::string, std::string>>& files) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
        std::cerr << "distlab-cli: cannot create " << dir.string() << ": " << ec.message() << "\n";
        return false;
    }
    for (const auto& [name, text] : files)
        if (auto r = write_text(dir / name, text); !r) {
            std::cerr << "distlab-cli: " << r.error().message << "\n";
            return false;
        }
    return true;
}

// One run's figures; with `dir`, also its report set there (nullopt after saying why not).
std::optional<netlab::ReportData> report_of(const netlab::Scenario& scenario, const netlab::RunOutcome& outcome,
                                            const std::string& command_line, std::vector<std::string> problems,
                                            const std::string& dir, std::string_view lang) {
    if (!dir.empty())
        return write_report_set(scenario, outcome, command_line, std::move(problems), dir, netlab::ReportFormats{}, lang);
    return netlab::build_report_data({scenario, outcome.events, outcome.checks, scenario.seed, command_line,
                                      outcome.recording ? outcome.recording->string() : std::string(),
                                      std::move(problems)});
}

// Whether a recorded run ran in the simulator, from its RunStarted event.
bool ran_simulated(const std::vector<netlab::Event>& events) {
    for (const netlab::Event& e : events)
        if (e.kind == netlab::EventKind::RunStarted) {
            const core::Json data = core::Json::parse(e.data, nullptr, /*allow_exceptions=*/false);
            return data.is_object() && data.value("sim", false);
        }
    return false;
}

// The key figures side by side, one a line: label, A, B and the verdict ("B better", "same").
void print_key_figures(std::ostream& out, const std::vector<netlab::FigureComparison>& figures) {
    const auto label = [](const netlab::FigureComparison& f) { return netlab::figure_name(f); };
    std::size_t width = 0;
    for (const auto& f : figures)
        if (f.is_key)
            width = std::max(width, label(f).size());
    if (width == 0)
        return;
    out << "  key figures:\n";
    for (const auto& f : figures) {
        if (!f.is_key)
            continue;
        auto value = [&](const std::optional<netlab::FigureSummary>& v) {
            return v ? netlab::figure_text(v->mean, f.unit) : std::string("-");
        };
        const std::string verdict = f.better_side == netlab::Side::A   ? "A better"
                                    : f.better_side == netlab::Side::B ? "B better"
                                    : !f.a || !f.b                     ? ""
                                    : f.differs                        ? "differs"
                                                                       : "same";
        std::string line = "    " + label(f) + std::string(width - label(f).size(), ' ');
        std::string a = value(f.a);
        std::string b = value(f.b);
        line += "  A " + a + std::string(a.size() < 14 ? 14 - a.size() : 0, ' ') + "  B " + b +
                std::string(b.size() < 14 ? 14 - b.size() : 0, ' ') + "  " + verdict;
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        out << line << "\n";
    }
}

}  // namespace

int cmd_compare(const SeriesCommand& c, const std::string& command_line) {
    if (c.files.size() != 2)
        return usage_error("compare takes two scenario files or recordings, got " + std::to_string(c.files.size()));
    const Series o = series(c);
    const bool recorded[2] = {is_recording(o.files[0]), is_recording(o.files[1])};
    if (recorded[0] && recorded[1]) {
        // Two recordings are compared as they were recorded: nothing runs.
        for (const auto& [option, given] : {std::pair{"--runs", o.runs_given}, std::pair{"--seed", o.seed.has_value()},
                                            std::pair{"--sim", o.sim}})
            if (given)
                return usage_error(std::string("compare: ") + option +
                                   " applies to scenario sides only, and A and B are both recordings (compared as "
                                   "they were recorded, never rerun)");
    }
    // A recording side is judged again from its events; a scenario side is run below.
    std::optional<netlab::Scenario> scenarios[2];
    std::optional<JudgedRecording> judged[2];
    bool loaded = true;
    for (std::size_t s = 0; s < 2; ++s) {
        if (recorded[s]) {
            judged[s] = judge_recording(o.files[s]);
            loaded = loaded && judged[s].has_value();
            continue;
        }
        auto scenario = load(o.files[s]);
        if (!scenario) {
            print_diagnostics(scenario.error());
            loaded = false;
            continue;
        }
        scenarios[s] = std::move(*scenario);
    }
    if (!loaded)
        return kInvalidInput;
    install_signal_handlers();
    // With --json, stdout holds the JSON line alone; people read the rest on stderr.
    std::ostream& out = o.json ? std::cerr : std::cout;
    const bool write = !o.report_dir.empty();

    netlab::CompareSide sides[2];
    for (std::size_t s = 0; s < 2; ++s) {
        sides[s].file = o.files[s];
        const netlab::Scenario& scenario = recorded[s] ? judged[s]->scenario : *scenarios[s];
        for (const netlab::NodeSpec& node : scenario.nodes)
            sides[s].roles.push_back(node.role);
        std::sort(sides[s].roles.begin(), sides[s].roles.end());
        sides[s].roles.erase(std::unique(sides[s].roles.begin(), sides[s].roles.end()), sides[s].roles.end());
        if (!recorded[s])
            continue;
        JudgedRecording& r = *judged[s];
        auto data = report_of(r.scenario, r.outcome, r.meta.command_line, std::move(r.problems),
                              write ? (fs::path(o.report_dir) / (s == 0 ? "a-1" : "b-1")).string() : std::string(), o.lang);
        if (!data)
            return kLabFailed;
        sides[s].runs.push_back(std::move(*data));
        sides[s].summaries.push_back(std::move(r.outcome.summary));
        sides[s].recording = true;
        sides[s].recorded_at = r.meta.start_wall_time;
        sides[s].simulated = ran_simulated(r.outcome.events);
        r.outcome.events.clear();
        r.outcome.events.shrink_to_fit();
    }

    // Each scenario side's seeds: --seed for both; else a recording's seed (so that run 1 of the
    // scenario meets the same random choices as the recording); else the scenario's own.
    std::vector<std::uint64_t> seeds[2];
    for (std::size_t s = 0; s < 2; ++s) {
        if (recorded[s])
            continue;
        const std::size_t other = 1 - s;
        std::uint64_t base = scenarios[s]->seed;
        sides[s].seed_source = "its own";
        if (o.seed) {
            base = *o.seed;
            sides[s].seed_source = "--seed";
        } else if (recorded[other]) {
            base = judged[other]->scenario.seed;
            sides[s].seed_source = "the recording's";
        }
        for (std::size_t i = 0; i < o.runs; ++i)
            seeds[s].push_back(netlab::run_seed(base, i));
        sides[s].simulated = o.sim;
    }
    for (std::size_t i = 0; i < o.runs; ++i) {
        for (std::size_t s = 0; s < 2; ++s) {
            if (recorded[s])
                continue;
            const char letter = s == 0 ? 'a' : 'b';
            const std::uint64_t seed = seeds[s][i];
            std::cerr << "compare: run " << (i + 1) << "/" << o.runs << " of " << static_cast<char>(letter - 32) << " ("
                      << o.files[s] << ", seed " << seed << ")" << std::endl;
            const std::string rerun = run_command(o.files[s], seed, o.sim);
            auto outcome = run_one(*scenarios[s], read_file(o.files[s]), o.sim, seed, rerun);
            if (!outcome) {
                std::cerr << "distlab-cli: the lab failed: " << outcome.error().message << "\n";
                return kLabFailed;
            }
            netlab::Scenario ran = *scenarios[s];
            ran.seed = seed;
            std::vector<std::string> problems;
            if (outcome->recording_problem)
                problems.push_back("recording: " + outcome->recording_problem->message);
            const std::string dir =
                write ? (fs::path(o.report_dir) / (std::string(1, letter) + "-" + std::to_string(i + 1))).string()
                      : std::string();
            auto data = report_of(ran, *outcome, rerun, std::move(problems), dir, o.lang);
            if (!data)
                return kLabFailed;
            sides[s].runs.push_back(std::move(*data));
            sides[s].summaries.push_back(outcome->summary);
        }
    }

    const netlab::CompareInput input{sides[0], sides[1], command_line, o.noise, o.lang};
    const core::Json json = netlab::compare_json(input);
    if (write && !write_files(o.report_dir, {{"compare.html", netlab::render_html(netlab::build_compare_document(input))},
                                             {"compare.json", json.dump(2) + "\n"}}))
        return kLabFailed;

    const bool passed = sides[0].passed() && sides[1].passed();
    for (std::size_t s = 0; s < 2; ++s) {
        const netlab::CompareSide& side = sides[s];
        const netlab::ReportData& first = side.runs.front();
        std::string seeds_text;
        for (std::size_t i = 0; i < side.runs.size(); ++i)
            seeds_text += (i ? ", " : "") + std::to_string(side.runs[i].seed);
        out << (s == 0 ? "A: " : "B: ") << (first.title.en.empty() ? first.name : first.title.en) << " (" << first.name
            << "): " << (side.passed() ? "PASSED" : "FAILED") << "\n     "
            << (side.recording ? "recording made " : std::to_string(side.runs.size()) + (side.runs.size() == 1 ? " run " : " runs "))
            << (side.simulated ? "in the simulator" : "on real processes") << ", seed" << (side.runs.size() == 1 ? " " : "s ")
            << seeds_text << (side.seed_source.empty() ? std::string() : " (" + side.seed_source + ")") << "\n";
    }
    if (const core::Json& unrelated = json["unrelated"]; unrelated.is_string())
        out << "warning: " << unrelated.get<std::string>() << "\n";
    print_key_figures(out, netlab::compare_sides(input));
    out << "  " << json["headline"].get<std::string>() << "\n";
    out << "  (" << netlab::noise_rule_text(o.noise, o.runs > 1) << ")\n";
    if (write)
        out << "  report: " << (fs::path(o.report_dir) / "compare.html").string() << "\n";
    out << (passed ? "PASSED" : "FAILED") << "\n";
    if (o.json) {
        std::size_t better[2] = {0, 0};
        core::Json key_figures = core::Json::array();
        for (const core::Json& f : json["figures"]) {
            if (f["better_side"].is_string())
                ++better[f["better_side"] == "a" ? 0 : 1];
            if (f["key_figure"].get<bool>())
                key_figures.push_back({{"key", f["key"]},
                                       {"label", f["label"]},
                                       {"unit", f["unit"]},
                                       {"a", f["a"].is_null() ? core::Json(nullptr) : f["a"]["mean"]},
                                       {"b", f["b"].is_null() ? core::Json(nullptr) : f["b"]["mean"]},
                                       {"differs", f["differs"]},
                                       {"better_side", f["better_side"]}});
        }
        auto side_line = [&](std::size_t s) {
            const core::Json& side = json[s == 0 ? "a" : "b"];
            return core::Json{{"file", o.files[s]},      {"kind", side["kind"]},         {"scenario", side["scenario"]},
                              {"passed", side["passed"]}, {"simulated", side["simulated"]}, {"seeds", side["seeds"]},
                              {"seed_source", side["seed_source"]}};
        };
        const core::Json line = {{"command", "compare"},
                                 {"passed", passed},
                                 {"a", side_line(0)},
                                 {"b", side_line(1)},
                                 {"runs", recorded[0] && recorded[1] ? 1 : o.runs},
                                 {"noise_threshold", o.noise.threshold},
                                 {"headline", json["headline"]},
                                 {"better", {{"a", better[0]}, {"b", better[1]}}},
                                 {"unrelated", json["unrelated"]},
                                 {"key_figures", std::move(key_figures)},
                                 {"report", write ? core::Json(o.report_dir) : core::Json(nullptr)}};
        std::cout << line.dump() << std::endl;
    }
    return passed ? kPassed : kCheckFailed;
}

int cmd_sweep(const SeriesCommand& c, const std::string& command_line) {
    const Series o = series(c);
    auto scenario = load(o.files[0]);
    if (!scenario) {
        print_diagnostics(scenario.error());
        return kInvalidInput;
    }
    const auto& roles = core::RoleRegistry::builtin();
    auto param = netlab::parse_sweep_param(*o.param, *scenario, roles);
    if (!param) {
        std::cerr << "distlab-cli: error: " << param.error().message << "\n";
        return kInvalidInput;
    }
    const auto checks = netlab::make_check_validator(netlab::CheckRegistry::builtin());
    std::vector<std::pair<netlab::Scenario, std::string>> variants;
    for (std::size_t v = 0; v < param->texts.size(); ++v) {
        auto variant = netlab::apply_sweep_value(*scenario, *param, v, roles, checks);
        if (!variant) {
            std::cerr << "distlab-cli: error: " << *o.param << ": value \"" << param->texts[v]
                      << "\" makes an invalid scenario:\n" << variant.error().message << "\n";
            return kInvalidInput;
        }
        variants.push_back(std::move(*variant));
    }
    install_signal_handlers();

    const std::uint64_t base = o.seed.value_or(scenario->seed);
    netlab::SweepInput input{*scenario, *param, {}, o.sim, command_line, o.lang};
    bool passed = true;
    for (std::size_t v = 0; v < variants.size(); ++v) {
        netlab::SweepPoint point;
        for (std::size_t i = 0; i < o.runs; ++i) {
            const std::uint64_t seed = netlab::run_seed(base, i);
            std::cerr << "sweep: " << param->target << "." << param->spec.name << "=" << param->texts[v] << ", run "
                      << (i + 1) << "/" << o.runs << " (seed " << seed << ")" << std::endl;
            auto outcome = run_one(variants[v].first, variants[v].second, o.sim, seed, command_line);
            if (!outcome) {
                std::cerr << "distlab-cli: the lab failed: " << outcome.error().message << "\n";
                return kLabFailed;
            }
            netlab::Scenario ran = variants[v].first;
            ran.seed = seed;
            const netlab::ReportData data =
                netlab::build_report_data({ran, outcome->events, outcome->checks, seed, command_line, {}, {}});
            point.add_run(data, outcome->passed, seed);
            passed = passed && outcome->passed;
        }
        input.points.push_back(std::move(point));
    }

    const core::Json json = netlab::sweep_json(input);
    if (!write_files(o.report_dir, {{"sweep.html", netlab::render_html(netlab::build_sweep_document(input))},
                                    {"sweep.json", json.dump(2) + "\n"},
                                    {"sweep.csv", netlab::sweep_csv(input)}}))
        return kLabFailed;

    // With --json, stdout holds the JSON line alone; people read the rest on stderr.
    std::ostream& out = o.json ? std::cerr : std::cout;
    out << (scenario->title.en.empty() ? scenario->name : scenario->title.en) << " (" << scenario->name
        << "): sweep of " << param->target << "." << param->spec.name << "\n";
    out << netlab::sweep_console_table(input);
    out << "  report: " << (fs::path(o.report_dir) / "sweep.html").string() << "\n";
    out << (passed ? "PASSED" : "FAILED") << "\n";
    if (o.json) {
        const core::Json line = {{"command", "sweep"},
                                 {"passed", passed},
                                 {"scenario", scenario->name},
                                 {"param", param->target + "." + param->spec.name},
                                 {"values", param->texts},
                                 {"runs", o.runs},
                                 {"report", o.report_dir}};
        std::cout << line.dump() << std::endl;
    }
    return passed ? kPassed : kCheckFailed;
}

}  // namespace distlab::cli
