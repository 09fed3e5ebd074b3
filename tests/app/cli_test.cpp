// The distlab-cli contract (docs/scenario-format.md): commands, exit codes 0/1/2/3, the --json
// summary as the only line on stdout, errors as FILE:LINE:COLUMN, --help and --version. Runs the
// real binary.

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <map>
#include <string>
#include <vector>

#include "core/model/json.h"
#include "tests/support/project_version.h"
#include "tests/support/run_program.h"

namespace distlab {
namespace {

namespace fs = std::filesystem;

struct CliResult {
    int exit_code = -1;
    std::string out;
    std::string err;
    // The last non-empty line of stdout.
    std::string last_line() const {
        std::istringstream in(out);
        std::string line, last;
        while (std::getline(in, line))
            if (!line.empty())
                last = line;
        return last;
    }
};

class Cli : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "distlab-cli-test-XXXXXX").string();
        dir_ = ::mkdtemp(pattern.data());
    }
    void TearDown() override { fs::remove_all(dir_); }

    static std::string slurp(const fs::path& p) {
        std::ostringstream s;
        s << std::ifstream(p).rdbuf();
        return s.str();
    }

    // Runs distlab-cli with `args` (and extra environment), stdout and stderr to files.
    CliResult run(const std::vector<std::string>& args, const std::vector<std::string>& extra_env = {}) {
        const std::string cli = (fs::path(DISTLAB_NODE_BINARY).parent_path() / "distlab-cli").string();
        const test_support::ProgramResult ran = test_support::run_program(cli, args, dir_, extra_env);
        return {ran.exit_code, ran.out, ran.err};
    }

    fs::path write(const std::string& name, const std::string& text) {
        const fs::path p = dir_ / name;
        std::ofstream(p) << text;
        return p;
    }

    static std::string scenario(const std::string& checks, const std::string& duration = "2s") {
        return R"(version: 1
name: cli-test
family: communication
title: { en: "CLI test", zh: "命令行测试" }
summary: { en: "A small run.", zh: "一次小运行。" }
duration: )" + duration + R"(
seed: 5
nodes:
  - { id: s1, role: server }
  - { id: c1, role: client, params: { target: s1, rate: 50, stop_at: 1500ms } }
checks:
)" + checks;
    }

    fs::path dir_;
};

TEST_F(Cli, RunWithPassingChecksExitsZeroAndEndsWithTheJsonSummary) {
    const auto file = write("ok.yaml", scenario("  - no_violations: true\n  - all_ops_complete: true\n"));
    const CliResult r = run({"run", file.string(), "--sim", "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const core::Json summary = core::Json::parse(r.last_line(), nullptr, false);
    ASSERT_TRUE(summary.is_object()) << r.out;
    EXPECT_EQ(summary["scenario"], "cli-test");
    EXPECT_EQ(summary["passed"], true);
    EXPECT_EQ(summary["verdict"], "passed");
    EXPECT_EQ(summary["checks"].size(), 2u);
    EXPECT_EQ(summary["checks"][0]["verdict"], "pass");
    EXPECT_EQ(summary["recording"], nullptr);
    for (const char* key : {"duration_s", "nodes", "messages", "ops", "throughput_ops_s", "latency_ms"})
        EXPECT_TRUE(summary["stats"].contains(key)) << key;
    EXPECT_EQ(summary["stats"]["nodes"], 2);
    EXPECT_GT(summary["stats"]["ops"]["ok"].get<int>(), 50);
}

// `distlab-cli run F --json | jq` works: stdout holds the JSON document on one line and nothing
// else; the human summary (verdicts, figures, the recording) goes to stderr.
TEST_F(Cli, JsonIsTheOnlyLineOnStdoutAndTheHumanSummaryGoesToStderr) {
    const auto file = write("ok.yaml", scenario("  - no_violations: true\n"));
    const CliResult r = run({"run", file.string(), "--sim", "--json", "--record", (dir_ / "r.distlab").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    ASSERT_FALSE(r.out.empty());
    EXPECT_EQ(r.out.find('\n'), r.out.size() - 1) << r.out;
    const core::Json summary = core::Json::parse(r.out, nullptr, false);
    EXPECT_TRUE(summary.is_object()) << r.out;
    for (const char* human : {"PASS  no_violations", "messages:", "latency", "recording:", "PASSED"})
        EXPECT_NE(r.err.find(human), std::string::npos) << human << " missing from stderr:\n" << r.err;

    // Without --json the summary is on stdout.
    const CliResult plain = run({"run", file.string(), "--sim"});
    EXPECT_NE(plain.out.find("PASSED"), std::string::npos) << plain.out;
    EXPECT_EQ(plain.err.find("PASSED"), std::string::npos) << plain.err;

    // roles --json: one line too.
    const CliResult roles = run({"roles", "--json"});
    EXPECT_EQ(roles.out.find('\n'), roles.out.size() - 1);
}

// Stderr that is not a terminal (a CI log) still hears from a long run: plain lines, no
// terminal control codes, every few seconds. A real run of 4 s passes the 3 s mark once.
TEST_F(Cli, ProgressReachesALogFileAsPlainLines) {
    const auto file = write("slow.yaml", scenario("  - no_violations: true\n", "4s"));
    const CliResult r = run({"run", file.string(), "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err.find('\033'), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find('\r'), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("s / 4.0s] "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(" sent "), std::string::npos) << r.err;
}

// Several clients: the summary gives each its latency, so a check on one of them reads against
// its own figures (the overall p99 mixes them).
TEST_F(Cli, TheSummaryGivesEachClientItsLatency) {
    const auto file = write("two.yaml", R"(version: 1
name: two-clients
family: communication
title: { en: "Two clients", zh: "两个客户端" }
summary: { en: "Two clients, one server.", zh: "两个客户端，一个服务器。" }
duration: 2s
nodes:
  - { id: s1, role: server }
  - { id: c1, role: client, params: { target: s1, rate: 50, stop_at: 1500ms } }
  - { id: c2, role: client, params: { target: s1, rate: 20, stop_at: 1500ms } }
checks:
  - latency: { p99: 1s, where: { client: c1 } }
)");
    const CliResult r = run({"run", file.string(), "--sim", "--json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("latency (all ok operations): p50 "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("    client c1 ("), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("    client c2 ("), std::string::npos) << r.err;
    const core::Json summary = core::Json::parse(r.out, nullptr, false);
    ASSERT_TRUE(summary.is_object()) << r.out;
    EXPECT_GT(summary["stats"]["latency_by_client"]["c1"]["ops"].get<int>(), 50);
    EXPECT_GT(summary["stats"]["latency_by_client"]["c2"]["ops"].get<int>(), 20);
}

TEST_F(Cli, AFailedCheckExitsOne) {
    const auto file = write("fail.yaml", scenario("  - latency: { p50: 1ms }\n"));
    const CliResult r = run({"run", file.string(), "--sim", "--json"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    const core::Json summary = core::Json::parse(r.last_line(), nullptr, false);
    ASSERT_TRUE(summary.is_object());
    EXPECT_EQ(summary["passed"], false);
    EXPECT_EQ(summary["checks"][0]["passed"], false);
}

// No checks is not a pass: exit 0 with a note, the verdict "no checks" (summary: `passed`
// false, `verdict` "no_checks"), never "PASSED".
TEST_F(Cli, ALabWithoutChecksExitsZeroWithANoteAndIsNotPassed) {
    std::string text = scenario("");
    text.erase(text.rfind("checks:\n"));
    const auto file = write("none.yaml", text);
    const CliResult human = run({"run", file.string(), "--sim"});
    EXPECT_EQ(human.exit_code, 0) << human.err;
    const std::string said = human.out + human.err;
    EXPECT_NE(said.find("the scenario has no checks, so nothing was judged"), std::string::npos) << said;
    EXPECT_NE(said.find("NO CHECKS (not judged)"), std::string::npos) << said;
    EXPECT_EQ(said.find("PASSED"), std::string::npos) << said;

    const CliResult r = run({"run", file.string(), "--sim", "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const core::Json summary = core::Json::parse(r.last_line(), nullptr, false);
    ASSERT_TRUE(summary.is_object()) << r.out;
    EXPECT_EQ(summary["passed"], false);
    EXPECT_EQ(summary["verdict"], "no_checks");
    EXPECT_TRUE(summary["checks"].is_array() && summary["checks"].empty());
}

TEST_F(Cli, AnInvalidScenarioExitsTwoWithPositionedErrors) {
    const auto file = write("bad.yaml", scenario("  - no_violations: true\n") + "durration: 3s\n");
    const CliResult run_result = run({"run", file.string()});
    EXPECT_EQ(run_result.exit_code, 2);
    EXPECT_NE(run_result.err.find(file.string() + ":13:1: error: "), std::string::npos) << run_result.err;
    EXPECT_NE(run_result.err.find("durration"), std::string::npos);

    const CliResult validate = run({"validate", file.string()});
    EXPECT_EQ(validate.exit_code, 2);
    EXPECT_EQ(validate.err, run_result.err);
}

TEST_F(Cli, ValidateAcceptsGoodFilesAndRejectsMissingOnes) {
    const auto file = write("ok.yaml", scenario("  - no_violations: true\n"));
    EXPECT_EQ(run({"validate", file.string()}).exit_code, 0);
    const CliResult missing = run({"validate", file.string(), (dir_ / "nope.yaml").string()});
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_NE(missing.err.find("nope.yaml"), std::string::npos);
}

TEST_F(Cli, BadArgumentsExitTwoAndSayWhy) {
    const auto file = write("ok.yaml", scenario("  - no_violations: true\n"));
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {"run", file.string(), "--seed", "abc"},
             {"run", file.string(), "--time-scale", "0"},
             {"run", file.string(), "--duration", "5 parsecs"},
             {"run", file.string(), "--frobnicate"},
             {"run"},
             {"explode"},
             {"report", "x.distlab"}}) {
        const CliResult r = run(args);
        EXPECT_EQ(r.exit_code, 2) << args[0] << " " << (args.size() > 2 ? args[2] : "");
        EXPECT_NE(r.err.find("error"), std::string::npos) << r.err;
    }
}

// Every command that writes a report takes --lang en|zh_CN, and nothing else.
TEST_F(Cli, ReportCommandsRefuseALanguageTheyDoNotSpeak) {
    const auto file = write("ok.yaml", scenario("  - no_violations: true\n"));
    const std::string history = write("h.log", "0\t:invoke\t:read\tnil\n0\t:ok\t:read\tnil\n").string();
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {"run", file.string(), "--lang", "fr"},
             {"chaos", file.string(), "--lang", "fr"},
             {"stress", file.string(), "--ramp", "1..2", "--lang", "fr"},
             {"sweep", file.string(), "--param", "c1.rate=1,2", "--report", "out", "--lang", "fr"},
             {"check", history, "--model", "register", "--lang", "fr"}}) {
        const CliResult r = run(args);
        EXPECT_EQ(r.exit_code, 2) << args[0];
        EXPECT_NE(r.err.find("expected en or zh_CN, got \"fr\""), std::string::npos) << args[0] << ": " << r.err;
    }
}

TEST_F(Cli, ALabThatCannotStartItsNodesExitsThree) {
    const auto file = write("ok.yaml", scenario("  - no_violations: true\n"));
    const CliResult r = run({"run", file.string()}, {"DISTLAB_NODE=/bin/false"});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_NE(r.err.find("the lab failed"), std::string::npos) << r.err;
}

// --help describes every command, the exit codes and an example; COMMAND --help (anywhere among
// its arguments) and `help COMMAND` give the command's own page; neither runs anything.
TEST_F(Cli, HelpDescribesEveryCommandItsOptionsExitCodesAndAnExample) {
    const CliResult overview = run({"--help"});
    ASSERT_EQ(overview.exit_code, 0);
    for (const char* text : {"run ", "validate ", "roles ", "report ", "compare ", "sweep ", "fork ", "new ", "exit codes", "  3  ",
                             "example", "--json", "docs/scenario-format.md"})
        EXPECT_NE(overview.out.find(text), std::string::npos) << text;

    const std::map<std::string, std::vector<std::string>> options{
        {"run", {"--record", "--report", "--json", "--seed", "--time-scale", "--duration", "--sim", "--metrics-port"}},
        {"validate", {}},
        {"roles", {"--json"}},
        {"report", {"--out", "--format"}},
        {"compare", {"--report", "--runs", "--sim", "--seed", "--json"}},
        {"sweep", {"--param", "--report", "--runs", "--sim", "--seed", "--json"}},
        {"fork", {"--at", "--drop", "--deliver", "--fault", "--param", "--record", "--json"}},
        {"new", {}}};
    const auto file = write("ok.yaml", scenario("  - no_violations: true\n"));
    for (const auto& [command, flags] : options) {
        const CliResult page = run({command, "--help"});
        ASSERT_EQ(page.exit_code, 0) << command;
        EXPECT_TRUE(page.out.starts_with("usage: distlab-cli " + command)) << page.out;
        EXPECT_NE(page.out.find("exit codes"), std::string::npos) << command;
        EXPECT_NE(page.out.find("example"), std::string::npos) << command;
        EXPECT_NE(page.out.find("\n  distlab-cli " + command + " "), std::string::npos) << command;
        for (const std::string& flag : flags)
            EXPECT_NE(page.out.find(flag), std::string::npos) << command << " " << flag;
        EXPECT_EQ(run({"help", command}).out, page.out);
        // --help after other arguments still shows the page instead of running.
        const CliResult later = run({command, file.string(), "-h"});
        EXPECT_EQ(later.exit_code, 0);
        EXPECT_EQ(later.out, page.out);
    }
    EXPECT_EQ(run({"help", "explode"}).exit_code, 2);
}

TEST_F(Cli, VersionIsTheProjectVersion) {
    const std::string version = test_support::project_version();
    ASSERT_FALSE(version.empty());
    const CliResult cli = run({"--version"});
    EXPECT_EQ(cli.exit_code, 0);
    // The build's commit follows in parentheses (tests/app/programs_test.cpp checks its form).
    EXPECT_TRUE(cli.out.starts_with("distlab-cli " + version + " (")) << cli.out;
}

TEST_F(Cli, RolesListsEveryRoleWithItsSchema) {
    const CliResult r = run({"roles", "--json"});
    ASSERT_EQ(r.exit_code, 0);
    const core::Json roles = core::Json::parse(r.out, nullptr, false);
    ASSERT_TRUE(roles.is_array());
    bool server = false;
    for (const auto& role : roles)
        if (role["name"] == "server") {
            server = true;
            EXPECT_FALSE(role["params"].empty());
            EXPECT_FALSE(role["zh"].get<std::string>().empty());
        }
    EXPECT_TRUE(server);
}

// Each role's phases, gauges and epoch field, as the pattern kit declares them.
TEST_F(Cli, RolesJsonListsPhasesGaugesAndEpoch) {
    const CliResult r = run({"roles", "--json"});
    ASSERT_EQ(r.exit_code, 0);
    const core::Json roles = core::Json::parse(r.out, nullptr, false);
    ASSERT_TRUE(roles.is_array());
    std::map<std::string, core::Json> by_name;
    for (const auto& role : roles) {
        by_name[role["name"].get<std::string>()] = role;
        ASSERT_TRUE(role.contains("phases")) << role["name"];
        ASSERT_TRUE(role.contains("gauges")) << role["name"];
        ASSERT_TRUE(role.contains("epoch")) << role["name"];
    }
    const core::Json& raft = by_name.at("raft");
    EXPECT_EQ(raft["epoch"]["field"], "term");
    EXPECT_EQ(raft["leader_phase"], "leader");
    std::vector<std::string> phases;
    for (const auto& p : raft["phases"])
        phases.push_back(p["name"].get<std::string>());
    EXPECT_EQ(phases, (std::vector<std::string>{"follower", "pre-candidate", "candidate", "leader", "non-member"}));
    const core::Json& breaker = by_name.at("breaker-client");
    EXPECT_EQ(breaker["gauges"][0]["field"], "failure_rate");
    EXPECT_EQ(breaker["gauges"][0]["full_scale"], 100);
    EXPECT_EQ(breaker["gauges"][0]["unit"], "%");
    EXPECT_TRUE(breaker["epoch"].is_null());
}

TEST_F(Cli, RecordThenReportGivesTheSameFigures) {
    const auto file = write("ok.yaml", scenario("  - no_violations: true\n"));
    const auto recording = dir_ / "run.distlab";
    const CliResult ran = run({"run", file.string(), "--sim", "--json", "--record", recording.string()});
    ASSERT_EQ(ran.exit_code, 0) << ran.err;
    const core::Json live = core::Json::parse(ran.last_line());
    EXPECT_EQ(live["recording"], recording.string());

    // Never overwrite a recording.
    EXPECT_EQ(run({"run", file.string(), "--sim", "--record", recording.string()}).exit_code, 2);

    const CliResult reported = run({"report", recording.string(), "--out", (dir_ / "report").string()});
    ASSERT_EQ(reported.exit_code, 0) << reported.err;
    const core::Json summary = core::Json::parse(slurp(dir_ / "report" / "summary.json"));
    EXPECT_EQ(summary["stats"]["messages"], live["stats"]["messages"]);
    EXPECT_EQ(summary["stats"]["ops"], live["stats"]["ops"]);
    EXPECT_EQ(summary["passed"], true);
    EXPECT_TRUE(fs::exists(dir_ / "report" / "ops.csv"));
    EXPECT_TRUE(fs::exists(dir_ / "report" / "timeseries.csv"));
}

TEST_F(Cli, ChaosReportLeadsWithTheCampaignAndShowsTheShrunkRun) {
    const std::string source = DISTLAB_SOURCE_DIR;
    const CliResult failed = run({"chaos", source + "/scenarios/consensus/unsafe-skip-log-check.yaml", "--runs", "1",
                                  "--seed", "2", "--out", (dir_ / "shrunk.yaml").string(), "--report",
                                  (dir_ / "failed").string(), "--json"});
    ASSERT_EQ(failed.exit_code, 1) << failed.err;
    EXPECT_EQ(core::Json::parse(failed.last_line())["report"], (dir_ / "failed").string());
    const std::string html = slurp(dir_ / "failed" / "report.html");
    const auto campaign = html.find("Chaos campaign");
    ASSERT_NE(campaign, std::string::npos);
    EXPECT_LT(campaign, html.find("Topology")) << "the campaign comes first";
    EXPECT_NE(html.find("The first failure, shrunk"), std::string::npos);
    EXPECT_NE(html.find("distlab-cli run " + (dir_ / "shrunk.yaml").string() + " --sim"), std::string::npos);
    // The report is the shrunk run: its summary names the shrunk scenario and fails its check.
    const core::Json summary = core::Json::parse(slurp(dir_ / "failed" / "summary.json"));
    EXPECT_EQ(summary["passed"], false);

    const CliResult passed = run({"chaos", source + "/scenarios/consensus/leader-failover.yaml", "--runs", "2",
                                  "--report", (dir_ / "passed").string()});
    ASSERT_EQ(passed.exit_code, 0) << passed.err;
    EXPECT_NE(slurp(dir_ / "passed" / "report.html").find("No run failed a check"), std::string::npos);
}

TEST_F(Cli, ChaosReportSpeaksTheChosenLanguage) {
    const std::string source = DISTLAB_SOURCE_DIR;
    const CliResult r = run({"chaos", source + "/scenarios/consensus/unsafe-skip-log-check.yaml", "--runs", "1", "--seed", "2",
                             "--out", (dir_ / "shrunk.yaml").string(), "--report", (dir_ / "zh").string(), "--lang", "zh_CN"});
    ASSERT_EQ(r.exit_code, 1) << r.err;
    const std::string html = slurp(dir_ / "zh" / "report.html");
    const auto campaign = html.find("<h2>混沌测试</h2>");
    ASSERT_NE(campaign, std::string::npos);
    EXPECT_LT(campaign, html.find("<h2>拓扑</h2>")) << "the campaign first, then the shrunk run's report in Chinese";
    EXPECT_NE(html.find("<h3>缩减后的第一次失败</h3>"), std::string::npos);
    EXPECT_EQ(html.find("Chaos campaign"), std::string::npos);
    EXPECT_EQ(html.find("The first failure, shrunk"), std::string::npos);
}

// A user's smallest scenario: version, name and three lines of nodes.
TEST_F(Cli, AMinimalScenarioOfThreeNodesRuns) {
    const auto file = write("mine.yaml", "version: 1\nname: mine\nnodes:\n"
                                         "  - { id: s1, role: server }\n"
                                         "  - { id: c1, role: client, params: { target: s1 } }\n"
                                         "  - { id: c2, role: client, params: { target: s1 } }\n");
    const CliResult r = run({"run", file.string(), "--sim", "--duration", "2s", "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const core::Json summary = core::Json::parse(r.last_line(), nullptr, false);
    ASSERT_TRUE(summary.is_object()) << r.out;
    EXPECT_EQ(summary["scenario"], "mine");
    EXPECT_GT(summary["stats"]["messages"]["sent"].get<int>(), 10);
    EXPECT_TRUE(r.err.starts_with("mine (mine, seed 1)")) << r.err;
}

// fork: a recorded run, a change at a moment, the prefix compared; bad requests exit 2.
TEST_F(Cli, ForkRecordsAWhatIfBesideItsParent) {
    const auto file = write("ok.yaml", scenario("  - no_violations: true\n"));
    const auto parent = dir_ / "parent.distlab";
    ASSERT_EQ(run({"run", file.string(), "--sim", "--record", parent.string()}).exit_code, 0);
    const auto child = dir_ / "fork.distlab";
    const CliResult r = run({"fork", parent.string(), "--at", "1s", "--fault", "{kill: s1}", "--record",
                             child.string(), "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const core::Json summary = core::Json::parse(r.last_line(), nullptr, false);
    ASSERT_TRUE(summary.is_object()) << r.out;
    EXPECT_EQ(summary["fork"]["prefix_equal"], true) << r.err;
    EXPECT_EQ(summary["fork"]["change"], "fault {kill: s1}");
    EXPECT_EQ(summary["fork"]["parent_host"], "sim");
    EXPECT_TRUE(fs::exists(child));
    EXPECT_NE(r.err.find("the replay equals the recording"), std::string::npos) << r.err;
    // The fork and its parent compare like any two recordings.
    const int compared = run({"compare", parent.string(), child.string()}).exit_code;
    EXPECT_TRUE(compared == 0 || compared == 1) << compared;

    EXPECT_EQ(run({"fork", parent.string(), "--at", "1s", "--drop", "c1:999999"}).exit_code, 2);
    EXPECT_EQ(run({"fork", parent.string(), "--at", "1s", "--drop", "c1"}).exit_code, 2);
    EXPECT_EQ(run({"fork", parent.string(), "--at", "1s", "--drop", "c1:1", "--fault", "{kill: s1}"}).exit_code, 2);
    EXPECT_EQ(run({"fork", parent.string(), "--at", "99s"}).exit_code, 2);
    EXPECT_EQ(run({"fork", parent.string()}).exit_code, 2);   // --at is required
    EXPECT_EQ(run({"fork", parent.string(), "--at", "1s", "--record", child.string()}).exit_code, 2);   // exists
}

// new: a starter written to a file runs as written; an existing file and an unknown name exit 2.
TEST_F(Cli, NewWritesAStarterThatRuns) {
    const auto file = dir_ / "my-raft.yaml";
    const CliResult made = run({"new", "raft", file.string()});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    const std::string text = slurp(file);
    EXPECT_TRUE(text.starts_with("# A starter DistLab lab for the pattern raft")) << text;
    const CliResult ran = run({"run", file.string(), "--sim", "--duration", "3s"});
    EXPECT_NE(ran.exit_code, 2) << ran.err;
    EXPECT_NE(ran.exit_code, 3) << ran.err;
    EXPECT_EQ(run({"new", "raft", file.string()}).exit_code, 2);
    const CliResult unknown = run({"new", "raftt"});
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_NE(unknown.err.find("neither a pattern nor a role"), std::string::npos) << unknown.err;
    const CliResult printed = run({"new", "breaker-client"});
    EXPECT_EQ(printed.exit_code, 0) << printed.err;
    EXPECT_NE(printed.out.find("name: my-breaker-client"), std::string::npos) << printed.out;
}

TEST_F(Cli, ReportRefusesWhatIsNotARecording) {
    const auto junk = write("junk.distlab", "this is not a database");
    const CliResult r = run({"report", junk.string(), "--out", (dir_ / "out").string()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("junk.distlab"), std::string::npos) << r.err;
}

// run --listen and --remote (docs/beyond-one-machine.md): bad values are exit 2, named.
TEST_F(Cli, ListeningOptionsAreCheckedBeforeAnythingRuns) {
    const auto file = write("ok.yaml", scenario("  - no_violations: true\n"));
    const CliResult name = run({"run", file.string(), "--listen", "lab.example:7700"});
    EXPECT_EQ(name.exit_code, 2);
    EXPECT_NE(name.err.find("\"lab.example\" is not an IP address"), std::string::npos) << name.err;
    const CliResult port = run({"run", file.string(), "--listen", "127.0.0.1:99999"});
    EXPECT_EQ(port.exit_code, 2);
    EXPECT_NE(port.err.find("\"99999\" is not a port number"), std::string::npos) << port.err;
    const CliResult unknown = run({"run", file.string(), "--remote", "s1,nobody"});
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_NE(unknown.err.find("--remote: the scenario has no node \"nobody\""), std::string::npos) << unknown.err;
    const CliResult sim = run({"run", file.string(), "--sim", "--listen", "127.0.0.1"});
    EXPECT_EQ(sim.exit_code, 2);
    EXPECT_NE(sim.err.find("not with --sim"), std::string::npos) << sim.err;
}

}  // namespace
}  // namespace distlab
