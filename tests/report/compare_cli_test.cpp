// `distlab-cli compare` and `distlab-cli sweep` on the real binary (simulator runs): the files are
// written and parse, the HTML has both sides' figures and charts, the JSON the differences, the
// exit codes follow spec/scenario-format.md, bad --param values get a clear message; recordings
// compare as they were recorded, alone or against a scenario, and bad ones are refused clearly.
#include <gtest/gtest.h>


#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <sqlite3.h>

#include "core/model/json.h"
#include "cli_fixture.h"

namespace distlab {
namespace {

namespace fs = std::filesystem;

const std::string kScenarios = std::string(DISTLAB_SOURCE_DIR) + "/scenarios/";
const std::string kBreaker = kScenarios + "resilience/circuit-breaker.yaml";
const std::string kBreakerOff = kScenarios + "resilience/circuit-breaker-off.yaml";
const std::string kFailover = kScenarios + "consensus/leader-failover.yaml";

class CompareCli : public test::CliTest {
protected:
    static std::size_t count(const std::string& text, const std::string& what) {
        std::size_t n = 0;
        for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size()))
            ++n;
        return n;
    }

    static const core::Json* figure(const core::Json& compare, const std::string& key) {
        for (const core::Json& f : compare["figures"])
            if (f["key"] == key)
                return &f;
        return nullptr;
    }

    // A simulated run of `scenario` recorded to `name` in the scratch folder.
    fs::path record(const std::string& scenario, const std::string& name, const std::string& extra = "") {
        const fs::path path = dir_ / name;
        EXPECT_EQ(cli("run '" + scenario + "' --sim --record '" + path.string() + "'" + extra), 0) << err_;
        return path;
    }

    // Whether a compare report or a run's report set was written anywhere under the scratch folder
    // (the CLI's working directory).
    bool wrote_a_report() const {
        for (const auto& entry : fs::recursive_directory_iterator(dir_))
            if (entry.path().filename() == "compare.html" || entry.path().filename() == "report.html")
                return true;
        return false;
    }

    static void run_sql(const fs::path& path, const char* sql) {
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
        char* error = nullptr;
        EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, &error), SQLITE_OK) << (error ? error : "");
        sqlite3_free(error);
        sqlite3_close(db);
    }
};

TEST_F(CompareCli, CompareWritesTheSideBySideReportAndEachRunsOwnSet) {
    const fs::path report = dir_ / "cmp";
    ASSERT_EQ(cli("compare '" + kBreaker + "' '" + kBreakerOff + "' --sim --json --report '" + report.string() + "'"), 0)
        << err_;
    const core::Json summary = core::Json::parse(last_line());
    EXPECT_EQ(summary["command"], "compare");
    EXPECT_TRUE(summary["passed"].get<bool>());
    EXPECT_EQ(summary["a"]["scenario"], "circuit-breaker");
    EXPECT_EQ(summary["b"]["scenario"], "circuit-breaker-off");

    for (const char* f : {"compare.html", "compare.json", "a-1/report.html", "a-1/report.pdf", "a-1/summary.json",
                          "b-1/report.html", "b-1/summary.json"})
        EXPECT_TRUE(fs::exists(report / f)) << f;
    EXPECT_FALSE(fs::exists(report / "a-2"));

    const std::string html = slurp(report / "compare.html");
    EXPECT_TRUE(well_formed_xml(html));
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_NE(html.find("Circuit breaker: fail fast"), std::string::npos);
    EXPECT_NE(html.find("Circuit breaker switched off"), std::string::npos);
    EXPECT_NE(html.find("throughput (ok operations / s)"), std::string::npos);
    EXPECT_NE(html.find("p99 (all)"), std::string::npos);
    EXPECT_NE(html.find("class=\"better\""), std::string::npos);
    EXPECT_NE(html.find("breaker_opens"), std::string::npos);   // A's checks
    EXPECT_NE(html.find("expect_fail"), std::string::npos);     // B's checks
    EXPECT_EQ(count(html, "<svg"), 4u);                         // two overlaid charts, two topologies
    EXPECT_NE(html.find(">A p99<"), std::string::npos);         // the overlay's legend
    EXPECT_NE(html.find(">B p50<"), std::string::npos);

    const core::Json compare = core::Json::parse(slurp(report / "compare.json"));
    // Each scenario under its own seed (both say 7), in the simulator.
    for (const char* side : {"a", "b"}) {
        EXPECT_EQ(compare[side]["seeds"], core::Json::array({7})) << side;
        EXPECT_EQ(compare[side]["seed_source"], "its own") << side;
        EXPECT_TRUE(compare[side]["simulated"].get<bool>()) << side;
    }
    EXPECT_TRUE(compare["unrelated"].is_null());
    EXPECT_NE(compare["headline"].get<std::string>().find("A better in"), std::string::npos) << compare["headline"];
    EXPECT_NE(html.find("its own seed"), std::string::npos);
    EXPECT_NE(html.find("A and B ran under the same seed (7)"), std::string::npos);
    EXPECT_NE(html.find("in the simulator"), std::string::npos);
    EXPECT_EQ(compare["b"]["runs"][0]["scenario"], "circuit-breaker-off");   // B's own summary
    const core::Json* availability = figure(compare, "availability");
    ASSERT_NE(availability, nullptr);
    // The breaker's fallback answers during the outage; without it the calls fail.
    EXPECT_LT((*availability)["difference"].get<double>(), 0);
    EXPECT_EQ((*availability)["better_side"], "a");
    EXPECT_TRUE((*availability)["differs"].get<bool>());
    EXPECT_EQ((*availability)["better"], "higher");
    // A figure the same on both sides is "same", never a winner.
    for (const core::Json& f : compare["figures"])
        if (!f["a"].is_null() && !f["b"].is_null() && f["a"]["mean"] == f["b"]["mean"]) {
            EXPECT_FALSE(f["differs"].get<bool>()) << f["key"];
            EXPECT_TRUE(f["better_side"].is_null()) << f["key"];
        }
    const core::Json* transitions = figure(compare, "breaker.transitions");
    ASSERT_NE(transitions, nullptr);
    EXPECT_TRUE((*transitions)["b"].is_null());                 // only A has a breaker that moves
    // Each run's own report reruns that run alone.
    const core::Json a1 = core::Json::parse(slurp(report / "a-1" / "summary.json"));
    EXPECT_EQ(a1["rerun"]["seed"], 7);
    EXPECT_NE(a1["rerun"]["command"].get<std::string>().find("--seed 7 --sim"), std::string::npos);
}

TEST_F(CompareCli, SeveralRunsGiveMeanMinAndMax) {
    const fs::path report = dir_ / "cmp";
    ASSERT_EQ(cli("compare '" + kBreaker + "' '" + kBreakerOff + "' --sim --runs 2 --seed 40 --report '" +
                  report.string() + "'"),
              0)
        << err_;
    EXPECT_TRUE(fs::exists(report / "a-2" / "report.html"));
    EXPECT_TRUE(fs::exists(report / "b-2" / "summary.json"));
    const core::Json compare = core::Json::parse(slurp(report / "compare.json"));
    EXPECT_EQ(compare["a"]["seeds"], core::Json::array({40, 41}));
    EXPECT_EQ(compare["b"]["seeds"], core::Json::array({40, 41}));
    EXPECT_EQ(compare["a"]["seed_source"], "--seed");
    for (const core::Json& f : compare["figures"]) {
        // With several runs, a difference counts only where A's and B's runs do not overlap.
        if (f["differs"].get<bool>()) {
            EXPECT_TRUE(f["a"]["max"].get<double>() < f["b"]["min"].get<double>() ||
                        f["b"]["max"].get<double>() < f["a"]["min"].get<double>())
                << f["key"];
        }
        for (const char* side : {"a", "b"}) {
            if (f[side].is_null())
                continue;
            EXPECT_EQ(f[side]["runs"].size(), 2u) << f["key"];
            EXPECT_LE(f[side]["min"].get<double>(), f[side]["mean"].get<double>() + 1e-9) << f["key"];
            EXPECT_LE(f[side]["mean"].get<double>(), f[side]["max"].get<double>() + 1e-9) << f["key"];
        }
    }
    EXPECT_TRUE(well_formed_xml(slurp(report / "compare.html")));
}

// Without --report nothing is written: the console gives each side, the key figures with their
// verdict, and the headline. With --json, stdout is the JSON line alone.
TEST_F(CompareCli, WithoutReportTheConsoleGivesTheKeyFigures) {
    ASSERT_EQ(cli("compare '" + kBreaker + "' '" + kBreakerOff + "' --sim"), 0) << err_;
    EXPECT_NE(out_.find("A: Circuit breaker: fail fast"), std::string::npos) << out_;
    EXPECT_NE(out_.find("1 run in the simulator, seed 7 (its own)"), std::string::npos) << out_;
    EXPECT_NE(out_.find("key figures:"), std::string::npos) << out_;
    EXPECT_NE(out_.find("availability (all operations)"), std::string::npos) << out_;
    EXPECT_NE(out_.find("A better"), std::string::npos) << out_;
    EXPECT_NE(out_.find("the same within noise"), std::string::npos) << out_;
    EXPECT_NE(out_.find("read \"same\""), std::string::npos) << out_;
    EXPECT_EQ(out_.find("report:"), std::string::npos) << out_;
    EXPECT_EQ(out_.find("warning:"), std::string::npos) << out_;
    EXPECT_FALSE(wrote_a_report());

    ASSERT_EQ(cli("compare '" + kBreaker + "' '" + kBreakerOff + "' --sim --json"), 0) << err_;
    EXPECT_EQ(std::count(out_.begin(), out_.end(), '\n'), 1) << out_;
    const core::Json line = core::Json::parse(out_);
    EXPECT_TRUE(line["report"].is_null());
    EXPECT_GE(line["better"]["a"].get<int>(), 1);
    EXPECT_FALSE(line["key_figures"].empty());
    EXPECT_NE(err_.find("key figures:"), std::string::npos) << err_;
    EXPECT_FALSE(wrote_a_report());
}

// Each scenario runs under its own seed, and the page says so; comparing scenarios of different
// families and roles warns.
TEST_F(CompareCli, OwnSeedsAndUnrelatedScenarios) {
    std::string reseeded = slurp(kBreakerOff);
    const auto at = reseeded.find("\nseed: 7\n");
    ASSERT_NE(at, std::string::npos);
    reseeded.replace(at, 9, "\nseed: 11\n");
    const fs::path b = dir_ / "off-11.yaml";
    std::ofstream(b) << reseeded;
    const fs::path report = dir_ / "cmp";
    ASSERT_EQ(cli("compare '" + kBreaker + "' '" + b.string() + "' --sim --report '" + report.string() + "'"), 0) << err_;
    const core::Json compare = core::Json::parse(slurp(report / "compare.json"));
    EXPECT_EQ(compare["a"]["seeds"], core::Json::array({7}));
    EXPECT_EQ(compare["b"]["seeds"], core::Json::array({11}));
    EXPECT_NE(slurp(report / "compare.html").find("Each scenario ran under its own seed (A: 7; B: 11)"), std::string::npos);

    ASSERT_EQ(cli("compare '" + kBreaker + "' '" + kScenarios + "communication/request-response.yaml' --sim --json"), 0)
        << err_;
    const core::Json line = core::Json::parse(last_line());
    ASSERT_TRUE(line["unrelated"].is_string());
    EXPECT_NE(line["unrelated"].get<std::string>().find(
                  "A (circuit-breaker) and B (request-response) have different families (resilience and communication) "
                  "and no role in common"),
              std::string::npos)
        << line["unrelated"];
    EXPECT_NE(err_.find("warning: A (circuit-breaker)"), std::string::npos) << err_;
}

TEST_F(CompareCli, ExitCodes) {
    // A failing check on one side: 1.
    std::string strict = slurp(kBreaker);
    const auto at = strict.find("min: 0.6");
    ASSERT_NE(at, std::string::npos);
    strict.replace(at, 8, "min: 1.0");
    const fs::path strict_file = dir_ / "strict.yaml";
    std::ofstream(strict_file) << strict;
    EXPECT_EQ(cli("compare '" + kBreaker + "' '" + strict_file.string() + "' --sim --json --report '" +
                  (dir_ / "r").string() + "'"),
              1)
        << err_;
    EXPECT_FALSE(core::Json::parse(last_line())["passed"].get<bool>());
    EXPECT_TRUE(fs::exists(dir_ / "r" / "compare.html"));

    EXPECT_EQ(cli("compare '" + kBreaker + "' --sim --report x"), 2);
    EXPECT_NE(err_.find("two scenario files"), std::string::npos);
    EXPECT_EQ(cli("compare '" + kBreaker + "' '" + kBreakerOff + "' --runs 0 --report x"), 2);
    EXPECT_EQ(cli("compare '" + kBreaker + "' '" + kBreakerOff + "' --sim --threshold 0"), 2);
    EXPECT_NE(err_.find("--threshold: expected a percentage in (0, 100], got \"0\""), std::string::npos) << err_;
    EXPECT_EQ(cli("compare '" + kBreaker + "' '" + (dir_ / "missing.yaml").string() + "' --sim --report x"), 2);
    EXPECT_NE(err_.find("missing.yaml"), std::string::npos);
    EXPECT_EQ(cli("sweep '" + kFailover + "' --sim --report x"), 2);
    EXPECT_NE(err_.find("--param"), std::string::npos);
}

TEST_F(CompareCli, SweepPlotsEveryValueAndWritesCsv) {
    const fs::path report = dir_ / "sweep";
    ASSERT_EQ(cli("sweep '" + kFailover + "' --param raft.election_timeout=150ms..300ms,300ms..600ms,600ms..1200ms --sim --json --report '" +
                  report.string() + "'"),
              0)
        << err_;
    const core::Json summary = core::Json::parse(last_line());
    EXPECT_EQ(summary["command"], "sweep");
    EXPECT_EQ(summary["values"].size(), 3u);

    const std::string html = slurp(report / "sweep.html");
    EXPECT_TRUE(well_formed_xml(html));
    EXPECT_NE(html.find("Raft failover time"), std::string::npos);
    // Each chart: one marker per value per series.
    const auto svg_begin = html.find("<svg");
    const std::string first_chart = html.substr(svg_begin, html.find("</svg>", svg_begin) - svg_begin);
    EXPECT_NE(first_chart.find("Throughput"), std::string::npos);
    EXPECT_EQ(count(first_chart, "<circle"), 3u);
    EXPECT_NE(first_chart.find("600ms..1200ms"), std::string::npos);

    const core::Json json = core::Json::parse(slurp(report / "sweep.json"));
    ASSERT_EQ(json["points"].size(), 3u);
    EXPECT_EQ(json["param"]["name"], "election_timeout");
    EXPECT_EQ(json["param"]["nodes"].size(), 3u);
    // A longer election timeout makes a longer failover.
    const auto failover = [&](int i) { return json["points"][i]["figures"]["raft.failover_ms.mean"]["mean"].get<double>(); };
    EXPECT_LT(failover(0), failover(2));

    std::istringstream csv(slurp(report / "sweep.csv"));
    std::vector<std::string> rows;
    for (std::string line; std::getline(csv, line);)
        rows.push_back(line);
    ASSERT_EQ(rows.size(), 4u);
    EXPECT_TRUE(rows[0].starts_with("value,run,seed,passed,throughput"));
    EXPECT_TRUE(rows[3].starts_with("600ms..1200ms,1,"));
}

TEST_F(CompareCli, SweepWithRunsAndAFailingValue) {
    const fs::path report = dir_ / "sweep";
    // Clients that give up after 1 ms (less than a round trip to the cluster) see no write
    // succeed: the scenario's recovery check fails for that value and passes for 1 s.
    EXPECT_EQ(cli("sweep '" + kFailover + "' --param kv-client.timeout=1ms,1s --runs 2 --sim --report '" +
                  report.string() + "'"),
              1)
        << err_;
    const core::Json json = core::Json::parse(slurp(report / "sweep.json"));
    ASSERT_EQ(json["points"].size(), 2u);
    EXPECT_EQ(json["points"][0]["seeds"].size(), 2u);
    EXPECT_EQ(json["param"]["nodes"], core::Json::array({"c1", "c2"}));
    EXPECT_FALSE(json["points"][0]["passed"][0].get<bool>());
    EXPECT_TRUE(json["points"][1]["passed"][0].get<bool>());
    const core::Json& throughput = json["points"][1]["figures"]["throughput"];
    EXPECT_LE(throughput["min"].get<double>(), throughput["max"].get<double>());
    std::istringstream csv(slurp(report / "sweep.csv"));
    std::size_t rows = 0;
    for (std::string line; std::getline(csv, line);)
        ++rows;
    EXPECT_EQ(rows, 1u + 2 * 2);
}

TEST_F(CompareCli, BadParamIsInvalidInputWithAClearMessage) {
    const std::string report = "--report '" + (dir_ / "x").string() + "'";
    EXPECT_EQ(cli("sweep '" + kFailover + "' --sim --param raft.heartbeet=10ms " + report), 2);
    EXPECT_NE(err_.find("role raft has no parameter \"heartbeet\""), std::string::npos) << err_;
    EXPECT_NE(err_.find("heartbeat"), std::string::npos);   // the parameters it has
    EXPECT_EQ(cli("sweep '" + kFailover + "' --sim --param n9.heartbeat=10ms " + report), 2);
    EXPECT_NE(err_.find("\"n9\" is neither a node nor a role"), std::string::npos) << err_;
    EXPECT_EQ(cli("sweep '" + kFailover + "' --sim --param raft.max_batch=0 " + report), 2);
    EXPECT_NE(err_.find("must be between 1 and"), std::string::npos) << err_;
    EXPECT_NE(err_.find("node n1"), std::string::npos) << err_;
    EXPECT_FALSE(fs::exists(dir_ / "x"));
}

TEST_F(CompareCli, TwoRecordingsCompareAsRecorded) {
    const fs::path a = record(kBreaker, "breaker.distlab");
    const fs::path b = record(kBreakerOff, "breaker-off.distlab", " --seed 9");
    const fs::path report = dir_ / "cmp";
    ASSERT_EQ(cli("compare '" + a.string() + "' '" + b.string() + "' --json --report '" + report.string() + "'"), 0)
        << err_;
    EXPECT_EQ(err_.find("compare: run"), std::string::npos) << err_;   // nothing ran
    const core::Json summary = core::Json::parse(last_line());
    EXPECT_TRUE(summary["passed"].get<bool>());
    EXPECT_EQ(summary["a"]["kind"], "recording");
    EXPECT_EQ(summary["b"]["kind"], "recording");
    EXPECT_EQ(summary["a"]["seeds"], core::Json::array({7}));
    EXPECT_EQ(summary["b"]["seeds"], core::Json::array({9}));
    EXPECT_TRUE(summary["a"]["simulated"].get<bool>());   // recorded with --sim

    const core::Json compare = core::Json::parse(slurp(report / "compare.json"));
    for (const auto& [side, path, seed, scenario] :
         {std::tuple{"a", a, 7, "circuit-breaker"}, std::tuple{"b", b, 9, "circuit-breaker-off"}}) {
        const core::Json& s = compare[side];
        EXPECT_EQ(s["kind"], "recording");
        EXPECT_EQ(s["scenario"], scenario);
        EXPECT_EQ(s["recording"]["path"], path.string());
        EXPECT_EQ(s["recording"]["seed"], seed);
        EXPECT_EQ(s["seeds"], core::Json::array({seed}));
        EXPECT_FALSE(s["recording"]["recorded_at"].get<std::string>().empty());
        EXPECT_NE(s["recording"]["command"].get<std::string>().find("--record"), std::string::npos);
        // The verdicts, judged again from the recorded events.
        EXPECT_TRUE(s["passed"].get<bool>());
        EXPECT_GE(s["runs"][0]["checks"].size(), 3u);
    }
    const core::Json* availability = figure(compare, "availability");
    ASSERT_NE(availability, nullptr);
    EXPECT_FALSE((*availability)["a"].is_null());
    EXPECT_FALSE((*availability)["b"].is_null());
    EXPECT_EQ((*availability)["better_side"], "a");
    ASSERT_NE(figure(compare, "breaker.transitions"), nullptr);
    EXPECT_TRUE((*figure(compare, "breaker.transitions"))["b"].is_null());

    const std::string html = slurp(report / "compare.html");
    EXPECT_TRUE(well_formed_xml(html));
    EXPECT_NE(html.find("Both sides are recordings"), std::string::npos);
    EXPECT_NE(html.find("different seeds (7 and 9)"), std::string::npos);
    EXPECT_EQ(count(html, "<b>recording</b>"), 2u);
    EXPECT_NE(html.find(a.string()), std::string::npos);
    EXPECT_NE(html.find(b.string()), std::string::npos);
    EXPECT_NE(html.find("throughput (ok operations / s)"), std::string::npos);
    EXPECT_NE(html.find("breaker_opens"), std::string::npos);
    EXPECT_NE(html.find("expect_fail"), std::string::npos);
    EXPECT_NE(html.find("was recorded by:"), std::string::npos);
    // Each recording's own report set, made as `distlab-cli report` makes it.
    EXPECT_TRUE(fs::exists(report / "a-1" / "report.html"));
    EXPECT_TRUE(fs::exists(report / "b-1" / "summary.json"));
    EXPECT_EQ(core::Json::parse(slurp(report / "b-1" / "summary.json"))["rerun"]["seed"], 9);
}

TEST_F(CompareCli, ARecordingAgainstItsScenarioRunsUnderTheRecordedSeed) {
    const fs::path recording = record(kBreaker, "breaker.distlab", " --seed 12");
    const fs::path report = dir_ / "cmp";
    // --runs and --sim apply to the scenario side; its run 1 takes the recording's seed.
    ASSERT_EQ(cli("compare '" + recording.string() + "' '" + kBreaker + "' --sim --runs 2 --json --report '" +
                  report.string() + "'"),
              0)
        << err_;
    const core::Json compare = core::Json::parse(slurp(report / "compare.json"));
    EXPECT_EQ(compare["a"]["kind"], "recording");
    EXPECT_EQ(compare["b"]["kind"], "scenario");
    EXPECT_EQ(compare["a"]["seeds"], core::Json::array({12}));
    EXPECT_EQ(compare["b"]["seed_source"], "the recording's");
    EXPECT_EQ(compare["b"]["seeds"], core::Json::array({12, 13}));
    EXPECT_TRUE(fs::exists(report / "a-1" / "report.html"));
    EXPECT_FALSE(fs::exists(report / "a-2"));
    EXPECT_TRUE(fs::exists(report / "b-2" / "report.html"));
    // The simulator is deterministic: B's run 1 is the recorded run, figure for figure.
    for (const core::Json& f : compare["figures"]) {
        ASSERT_FALSE(f["a"].is_null()) << f["key"];
        ASSERT_FALSE(f["b"].is_null()) << f["key"];
        EXPECT_DOUBLE_EQ(f["a"]["runs"][0].get<double>(), f["b"]["runs"][0].get<double>()) << f["key"];
    }
    const std::string html = slurp(report / "compare.html");
    EXPECT_TRUE(well_formed_xml(html));
    EXPECT_NE(html.find("A is a recording"), std::string::npos);
    EXPECT_NE(html.find("B is 2 runs of its scenario in the simulator under seeds 12, 13"), std::string::npos);
}

TEST_F(CompareCli, RunsSeedAndSimAreUsageErrorsForTwoRecordings) {
    const fs::path a = record(kBreaker, "a.distlab");
    const fs::path b = record(kBreakerOff, "b.distlab");
    const std::string files = "compare '" + a.string() + "' '" + b.string() + "' --report '" + (dir_ / "x").string() + "' ";
    for (const std::string option : {"--runs 2", "--seed 3", "--sim"}) {
        EXPECT_EQ(cli(files + option), 2) << option;
        const std::string name = option.substr(0, option.find(' '));
        EXPECT_NE(err_.find("compare: " + name + " applies to scenario sides only"), std::string::npos) << err_;
    }
    EXPECT_FALSE(fs::exists(dir_ / "x"));
}

TEST_F(CompareCli, BadRecordingsAreRefusedClearly) {
    const std::string report = " --sim --report '" + (dir_ / "x").string() + "'";
    // Not a recording at all.
    const fs::path junk = dir_ / "junk.distlab";
    std::ofstream(junk) << "this is not SQLite";
    EXPECT_EQ(cli("compare '" + junk.string() + "' '" + kBreaker + "'" + report), 2);
    EXPECT_NE(err_.find(junk.string()), std::string::npos) << err_;
    // A missing one.
    EXPECT_EQ(cli("compare '" + kBreaker + "' '" + (dir_ / "gone.distlab").string() + "'" + report), 2);
    EXPECT_NE(err_.find("gone.distlab"), std::string::npos) << err_;
    // Written by a newer DistLab.
    const fs::path newer = record(kBreaker, "newer.distlab");
    run_sql(newer, "UPDATE meta SET value = '99' WHERE key = 'schema_version'");
    EXPECT_EQ(cli("compare '" + kBreaker + "' '" + newer.string() + "'" + report), 2);
    EXPECT_NE(err_.find("newer"), std::string::npos) << err_;
    EXPECT_FALSE(fs::exists(dir_ / "x"));
    // Truncated: either compared with what can be read, said in the report, or refused with a reason.
    const fs::path cut = record(kBreaker, "cut.distlab");
    fs::resize_file(cut, fs::file_size(cut) / 3);
    const fs::path out = dir_ / "cut";
    const int code = cli("compare '" + cut.string() + "' '" + kBreaker + "' --sim --report '" + out.string() + "'");
    if (code == 2) {
        EXPECT_NE(err_.find(cut.string()), std::string::npos) << err_;
    } else {
        EXPECT_NE(err_.find("warning"), std::string::npos) << err_;
        const std::string html = slurp(out / "compare.html");
        EXPECT_TRUE(well_formed_xml(html));
        EXPECT_NE(html.find("Incomplete data"), std::string::npos);
    }
    EXPECT_EQ(err_.find("terminate"), std::string::npos);
}

}  // namespace
}  // namespace distlab
