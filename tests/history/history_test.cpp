// Histories from other systems (netlab/history): each format's parser, its errors on malformed
// or truncated input (naming the line, and the column where it helps), and our verdicts on
// histories written in the shapes Knossos' data files, Jepsen's etcd logs and Porcupine's kv
// tests use, each with the verdict it has by construction.

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "netlab/history/edn.h"
#include "netlab/history/history.h"
#include "netlab/history/judge.h"
#include "netlab/telemetry/recorder.h"
#include "tests/support/scratch_dir.h"

namespace distlab::netlab {
namespace {

namespace fs = std::filesystem;

const fs::path kData = fs::path(DISTLAB_SOURCE_DIR) / "tests/history/data";

auto far_deadline() { return std::chrono::steady_clock::now() + std::chrono::seconds(30); }

Judgement judge_file(const std::string& file, HistoryModel model) {
    auto history = read_history(kData / file);
    EXPECT_TRUE(history.has_value()) << (history ? "" : history.error().text());
    if (!history)
        return {};
    auto judged = judge_history(*history, model, far_deadline(), file);
    EXPECT_TRUE(judged.has_value()) << (judged ? "" : judged.error().text());
    return judged ? *judged : Judgement{};
}

// ---- verdicts ----

struct Known {
    const char* file;
    HistoryModel model;
    Verdict verdict;
};

void PrintTo(const Known& known, std::ostream* out) { *out << known.file; }

class KnownVerdicts : public ::testing::TestWithParam<Known> {};

TEST_P(KnownVerdicts, AgreesWithTheVerdictTheHistoryHasByConstruction) {
    const Known& k = GetParam();
    const Judgement j = judge_file(k.file, k.model);
    EXPECT_EQ(j.verdict, k.verdict) << k.file << ": " << j.summary;
    if (k.verdict == Verdict::Fail) {
        ASSERT_TRUE(j.failed_op.has_value());
        EXPECT_FALSE(j.explanation.empty());
    } else {
        EXPECT_FALSE(j.failed_op.has_value());
        EXPECT_TRUE(j.explanation.empty());
    }
}

INSTANTIATE_TEST_SUITE_P(
    Histories, KnownVerdicts,
    ::testing::Values(Known{"knossos-cas-register-good.edn", HistoryModel::CasRegister, Verdict::Pass},
                      Known{"knossos-cas-register-bad.edn", HistoryModel::CasRegister, Verdict::Fail},
                      Known{"register-good.edn", HistoryModel::Register, Verdict::Pass},
                      Known{"register-bad.edn", HistoryModel::Register, Verdict::Fail},
                      Known{"etcd-cas-register-good.log", HistoryModel::CasRegister, Verdict::Pass},
                      Known{"etcd-cas-register-bad.log", HistoryModel::CasRegister, Verdict::Fail},
                      Known{"porcupine-kv-append-good.edn", HistoryModel::Kv, Verdict::Pass},
                      Known{"porcupine-kv-append-bad.edn", HistoryModel::Kv, Verdict::Fail},
                      Known{"porcupine-kv-good.json", HistoryModel::Kv, Verdict::Pass},
                      Known{"porcupine-kv-bad.json", HistoryModel::Kv, Verdict::Fail},
                      Known{"set-good.edn", HistoryModel::Set, Verdict::Pass},
                      Known{"set-bad.edn", HistoryModel::Set, Verdict::Fail},
                      Known{"queue-good.edn", HistoryModel::Queue, Verdict::Pass},
                      Known{"queue-bad.edn", HistoryModel::Queue, Verdict::Fail},
                      Known{"counter-good.edn", HistoryModel::Counter, Verdict::Pass},
                      Known{"counter-bad.edn", HistoryModel::Counter, Verdict::Fail}),
    [](const ::testing::TestParamInfo<Known>& param) {
        std::string name = param.param.file;
        for (char& c : name)
            if (!std::isalnum(static_cast<unsigned char>(c)))
                c = '_';
        return name;
    });

std::vector<std::size_t> witness_lines(const std::string& file, HistoryModel model, std::size_t* failed_line) {
    auto history = read_history(kData / file);
    auto judged = judge_history(*history, model, far_deadline(), file);
    std::vector<std::size_t> lines;
    for (std::size_t i : judged->witness)
        lines.push_back(history->ops[i].at);
    *failed_line = history->ops[*judged->failed_op].at;
    return lines;
}

TEST(HistoryCounterexample, KnossosCasFromAStaleValueIsTheOpNoOrderPlaces) {
    std::size_t failed = 0;
    // write 1; cas 1->2; cas 1->3 (ok, though the value is 2): the read of 3 is not needed.
    EXPECT_EQ(witness_lines("knossos-cas-register-bad.edn", HistoryModel::CasRegister, &failed),
              (std::vector<std::size_t>{1, 3, 5}));
    EXPECT_EQ(failed, 5u);
}

TEST(HistoryCounterexample, EtcdStaleReadWithATimedOutWriteAround) {
    std::size_t failed = 0;
    // The timed-out write of 4 is never observed, so the read of 1 fails with or without it.
    EXPECT_EQ(witness_lines("etcd-cas-register-bad.log", HistoryModel::CasRegister, &failed),
              (std::vector<std::size_t>{1, 3, 7}));
    EXPECT_EQ(failed, 7u);
}

TEST(HistoryCounterexample, StaleReadAfterANewerReadReturned) {
    std::size_t failed = 0;
    const auto lines = witness_lines("register-bad.edn", HistoryModel::Register, &failed);
    EXPECT_EQ(failed, 10u);
    EXPECT_NE(std::find(lines.begin(), lines.end(), 8u), lines.end()) << "the read of 2 that returned first";
    EXPECT_NE(std::find(lines.begin(), lines.end(), 7u), lines.end()) << "the write of 2";
}

TEST(HistoryCounterexample, ExplanationNamesLinesAndProcesses) {
    const Judgement j = judge_file("etcd-cas-register-bad.log", HistoryModel::CasRegister);
    std::string text;
    for (const auto& line : j.explanation)
        text += line + "\n";
    EXPECT_NE(text.find("lines 7–8: process 3 read → 1"), std::string::npos) << text;
    EXPECT_NE(text.find("lines 3–4: process 1 cas [1 2]"), std::string::npos) << text;
}

TEST(HistoryCounterexample, AReadOfAValueNobodyWroteStandsAlone) {
    auto history = parse_history("0\t:invoke\t:write\t1\n0\t:ok\t:write\t1\n1\t:invoke\t:read\tnil\n1\t:ok\t:read\t7\n",
                                 "lone.log");
    ASSERT_TRUE(history.has_value());
    auto j = judge_history(*history, HistoryModel::Register, far_deadline(), "lone.log");
    ASSERT_TRUE(j.has_value());
    EXPECT_EQ(j->verdict, Verdict::Fail);
    ASSERT_EQ(j->witness.size(), 1u);
    ASSERT_EQ(j->explanation.size(), 2u);
    EXPECT_NE(j->explanation[1].find("no operation that may have happened wrote 7"), std::string::npos)
        << j->explanation[1];
}

TEST(HistoryModels, AnOperationTheModelLacksIsAnInputErrorNamingTheLine) {
    auto history = read_history(kData / "etcd-cas-register-good.log");
    ASSERT_TRUE(history.has_value());
    auto j = judge_history(*history, HistoryModel::Register, far_deadline(), "etcd.log");
    ASSERT_FALSE(j.has_value());
    EXPECT_EQ(j.error().line, 6u);   // the first cas
    EXPECT_NE(j.error().text().find(":cas is not an operation of the register model"), std::string::npos)
        << j.error().text();
    EXPECT_NE(j.error().text().find("--model cas-register"), std::string::npos);
}

TEST(HistoryModels, KvTakesJepsenIndependentTuplesAsKeyAndValue) {
    const std::string text =
        "{:process 0, :type :invoke, :f :write, :value [1 3]}\n"
        "{:process 0, :type :ok, :f :write, :value [1 3]}\n"
        "{:process 1, :type :invoke, :f :write, :value [2 4]}\n"
        "{:process 1, :type :ok, :f :write, :value [2 4]}\n"
        "{:process 0, :type :invoke, :f :read, :value [1 nil]}\n"
        "{:process 0, :type :ok, :f :read, :value [1 3]}\n"
        "{:process 1, :type :invoke, :f :read, :value [2 nil]}\n"
        "{:process 1, :type :ok, :f :read, :value [2 3]}\n";
    auto history = parse_history(text, "independent.edn");
    ASSERT_TRUE(history.has_value()) << history.error().text();
    auto j = judge_history(*history, HistoryModel::Kv, far_deadline(), "independent.edn");
    ASSERT_TRUE(j.has_value()) << j.error().text();
    EXPECT_EQ(j->verdict, Verdict::Fail);   // key 2 holds 4, not 3
    EXPECT_EQ(j->partition, "2");
}

TEST(HistoryModels, KvWithoutAKeyIsAnInputError) {
    auto history = parse_history("{:process 0, :type :invoke, :f :write, :value 3}\n", "nokey.edn");
    ASSERT_TRUE(history.has_value());
    auto j = judge_history(*history, HistoryModel::Kv, far_deadline(), "nokey.edn");
    ASSERT_FALSE(j.has_value());
    EXPECT_EQ(j.error().line, 1u);
}

TEST(HistoryModels, OutOfTimeIsUnknownNotAVerdict) {
    auto history = read_history(kData / "knossos-cas-register-good.edn");
    ASSERT_TRUE(history.has_value());
    auto j = judge_history(*history, HistoryModel::CasRegister, std::chrono::steady_clock::now() - std::chrono::seconds(1),
                           "x");
    ASSERT_TRUE(j.has_value());
    // Sixteen ops may finish before the first look at the clock; a past deadline never passes
    // a wrong verdict: either decided correctly or unknown.
    EXPECT_NE(j->verdict, Verdict::Fail);
}

// ---- parsers ----

TEST(JepsenLog, ReadsOperationLinesAndSkipsTheRest) {
    auto h = read_history(kData / "etcd-cas-register-good.log");
    ASSERT_TRUE(h.has_value()) << h.error().text();
    EXPECT_EQ(h->format, HistoryFormat::JepsenLog);
    EXPECT_EQ(h->ops.size(), 9u);
    EXPECT_EQ(h->skipped, 3u);   // two other log lines and the nemesis
    EXPECT_FALSE(h->timed);
    const HistoryOp& cas = h->ops[2];
    EXPECT_EQ(cas.process, "2");
    EXPECT_EQ(cas.f, "cas");
    EXPECT_EQ(cas.input, core::Json::array({3, 1}));
    EXPECT_EQ(cas.at, 6u);
    EXPECT_EQ(cas.completed_at, 7u);
    const HistoryOp& timed_out = h->ops[4];
    EXPECT_EQ(timed_out.outcome, KvOperation::Outcome::Info);
    EXPECT_FALSE(timed_out.completed_ns.has_value());
    EXPECT_EQ(h->ops[5].output, 1);   // the read's result is on its :ok line
}

HistoryError jepsen_error(const std::string& text) {
    auto h = parse_jepsen_log(text, "h.log");
    EXPECT_FALSE(h.has_value());
    return h ? HistoryError{} : h.error();
}

TEST(JepsenLog, MalformedLinesAreNamedByLineAndColumn) {
    // A line cut after the function.
    HistoryError e = jepsen_error("INFO  jepsen.util - 0\t:invoke\t:read\tnil\nINFO  jepsen.util - 0\t:ok\t:read");
    EXPECT_EQ(e.line, 2u);
    EXPECT_EQ(e.column, 27u);
    EXPECT_NE(e.message.find("expected a value after :read"), std::string::npos) << e.text();
    EXPECT_NE(e.message.find("truncated"), std::string::npos);
    // Not a type.
    e = jepsen_error("0\t:invoke\t:read\tnil\n0\t:okay\t:read\t3\n");
    EXPECT_EQ(e.line, 2u);
    EXPECT_EQ(e.column, 3u);
    EXPECT_NE(e.message.find("expected :invoke, :ok, :fail or :info, got \":okay\""), std::string::npos) << e.text();
    // A value cut short.
    e = jepsen_error("0\t:invoke\t:cas\t[1 2\n");
    EXPECT_EQ(e.line, 1u);
    EXPECT_EQ(e.column, 16u);
    EXPECT_NE(e.message.find("truncated"), std::string::npos) << e.text();
    EXPECT_EQ(e.text().rfind("h.log:1:16: ", 0), 0u) << e.text();
    // Text after the value.
    e = jepsen_error("0\t:invoke\t:write\t3 4\n");
    EXPECT_EQ(e.line, 1u);
    EXPECT_NE(e.message.find("unexpected text after the value"), std::string::npos) << e.text();
}

TEST(JepsenLog, PairingProblemsAreNamedByLine) {
    HistoryError e = jepsen_error("0\t:invoke\t:read\tnil\n1\t:ok\t:read\t3\n");
    EXPECT_EQ(e.line, 2u);
    EXPECT_NE(e.message.find("no :invoke before it"), std::string::npos) << e.text();
    e = jepsen_error("0\t:invoke\t:read\tnil\n0\t:invoke\t:write\t3\n");
    EXPECT_EQ(e.line, 2u);
    EXPECT_NE(e.message.find("operation of line 1 has not completed"), std::string::npos) << e.text();
    e = jepsen_error("0\t:invoke\t:read\tnil\n0\t:ok\t:write\t3\n");
    EXPECT_EQ(e.line, 2u);
    EXPECT_NE(e.message.find("invoked :read at line 1"), std::string::npos) << e.text();
}

TEST(JepsenLog, AnInvocationNeverCompletedIsAnUnknownOutcome) {
    auto h = parse_jepsen_log("0\t:invoke\t:write\t1\n1\t:invoke\t:read\tnil\n1\t:ok\t:read\t1\n", "h.log");
    ASSERT_TRUE(h.has_value());
    EXPECT_EQ(h->open, 1u);
    EXPECT_EQ(h->ops[0].outcome, KvOperation::Outcome::Info);
    auto j = judge_history(*h, HistoryModel::Register, far_deadline(), "h.log");
    EXPECT_EQ(j->verdict, Verdict::Pass);
}

TEST(EdnHistory, ReadsAVectorOfMapsAcrossLines) {
    auto h = read_history(kData / "knossos-cas-register-good.edn");
    ASSERT_TRUE(h.has_value()) << h.error().text();
    EXPECT_EQ(h->format, HistoryFormat::Edn);
    EXPECT_EQ(h->ops.size(), 8u);
    EXPECT_EQ(h->skipped, 1u);   // the nemesis
    EXPECT_EQ(h->ops[2].at, 5u);
    EXPECT_EQ(h->ops[2].input, core::Json::array({1, 2}));
}

TEST(EdnHistory, TakesTimesWhenEveryOperationHasOne) {
    auto h = read_history(kData / "register-good.edn");
    ASSERT_TRUE(h.has_value());
    EXPECT_TRUE(h->timed);
    EXPECT_EQ(h->ops[0].invoked_ns, 1000);
    EXPECT_EQ(h->ops[0].completed_ns, 2000);
}

HistoryError edn_error(const std::string& text) {
    auto h = parse_edn_history(text, "h.edn");
    EXPECT_FALSE(h.has_value());
    return h ? HistoryError{} : h.error();
}

TEST(EdnHistory, TruncatedAndMalformedInputIsNamedByLine) {
    // The file ends inside the third map: named where that map begins.
    HistoryError e = edn_error(
        "[{:process 0, :type :invoke, :f :read, :value nil}\n"
        " {:process 0, :type :ok, :f :read, :value nil}\n"
        " {:process 0, :type :invoke, :f :wri");
    EXPECT_EQ(e.line, 3u);
    EXPECT_EQ(e.column, 2u);
    EXPECT_NE(e.message.find("truncated"), std::string::npos) << e.text();
    // The vector never closed.
    e = edn_error("[{:process 0, :type :invoke, :f :read, :value nil}\n");
    EXPECT_EQ(e.line, 1u);
    EXPECT_NE(e.message.find("closed with ]"), std::string::npos) << e.text();
    // Not a map.
    e = edn_error("{:process 0, :type :invoke, :f :read, :value nil}\n[:oops]\n");
    EXPECT_EQ(e.line, 2u);
    EXPECT_NE(e.message.find("expected an operation map"), std::string::npos) << e.text();
    // A map without :type.
    e = edn_error("{:process 0, :type :invoke, :f :read, :value nil}\n  {:process 0, :f :read, :value nil}\n");
    EXPECT_EQ(e.line, 2u);
    EXPECT_EQ(e.column, 3u);
    EXPECT_NE(e.message.find("no :type"), std::string::npos) << e.text();
    // A bad type, a bad number.
    e = edn_error("{:process 0, :type :done, :f :read, :value nil}\n");
    EXPECT_NE(e.message.find(":type must be"), std::string::npos) << e.text();
    e = edn_error("{:process 0, :type :invoke, :f :write, :value 12x}\n");
    EXPECT_EQ(e.line, 1u);
    EXPECT_EQ(e.column, 47u);
    EXPECT_NE(e.message.find("not a number"), std::string::npos) << e.text();
}

TEST(Edn, ReadsTheValuesHistoriesUse) {
    EdnReader r("nil true -3 2.5 \"a\\\"b\" :timed-out [1 nil] #{2} (3) {:k 1} #inst \"2026\" ; comment\n 7N");
    EdnError e;
    const std::vector<core::Json> expected{nullptr, true, -3, 2.5, "a\"b", ":timed-out", core::Json::array({1, nullptr}),
                                           core::Json::array({2}), core::Json::array({3}), core::Json{{"k", 1}}, "2026", 7};
    for (const core::Json& want : expected) {
        auto v = r.read(&e);
        ASSERT_TRUE(v.has_value()) << e.message;
        EXPECT_EQ(*v, want);
    }
    EXPECT_FALSE(r.more());
}

TEST(PorcupineJson, ReadsOperationsWithTheirTimes) {
    auto h = read_history(kData / "porcupine-kv-good.json");
    ASSERT_TRUE(h.has_value()) << h.error().text();
    EXPECT_EQ(h->format, HistoryFormat::PorcupineJson);
    EXPECT_TRUE(h->timed);
    ASSERT_EQ(h->ops.size(), 5u);
    EXPECT_EQ(h->ops[0].f, "put");
    EXPECT_EQ(h->ops[0].key, "x");
    EXPECT_EQ(h->ops[1].output, "a");
    EXPECT_EQ(h->ops[1].at, 3u);   // its line
}

TEST(PorcupineJson, UnknownAndFailedOutcomes) {
    auto h = parse_porcupine_json(
        R"([{"ClientId": 0, "Input": {"Op": "write", "Value": 1}, "Call": 0, "Output": {"Unknown": true}, "Return": 9},
            {"ClientId": 1, "Input": {"Op": "cas", "From": 1, "To": 2}, "Call": 1, "Output": {"Ok": false}, "Return": 5},
            {"ClientId": 2, "Input": {"Op": "read"}, "Call": 2, "Output": {"Value": 1}, "Return": null}])",
        "p.json");
    ASSERT_TRUE(h.has_value()) << h.error().text();
    EXPECT_EQ(h->ops[0].outcome, KvOperation::Outcome::Info);
    EXPECT_EQ(h->ops[1].outcome, KvOperation::Outcome::Fail);
    EXPECT_EQ(h->ops[1].input, core::Json::array({1, 2}));
    EXPECT_EQ(h->ops[2].outcome, KvOperation::Outcome::Info);
}

TEST(PorcupineJson, MalformedInputIsNamedByLineAndOperation) {
    auto h = parse_porcupine_json("[\n  {\"ClientId\": 0, \"Input\": {\"Op\": \"get\"}, \"Call\": 0, \"Return\": 1},\n  {\"ClientId\": 1, \"Inp",
                                  "p.json");
    ASSERT_FALSE(h.has_value());
    EXPECT_EQ(h.error().line, 3u);
    EXPECT_NE(h.error().message.find("truncated"), std::string::npos) << h.error().text();
    h = parse_porcupine_json("[\n  {\"ClientId\": 0, \"Input\": {\"Op\": \"get\"}, \"Call\": 0, \"Return\": 1},\n"
                             "  {\"ClientId\": 1, \"Input\": {\"Op\": \"get\"}, \"Return\": 1}\n]",
                             "p.json");
    ASSERT_FALSE(h.has_value());
    EXPECT_EQ(h.error().line, 3u);
    EXPECT_EQ(h.error().column, 3u);
    EXPECT_NE(h.error().message.find("operation 2: \"Call\" must be an integer time"), std::string::npos)
        << h.error().text();
}

TEST(Recording, OurOwnRecordingsAreJudgedToo) {
    test_support::ScratchDir dir("history-recording");
    const fs::path path = dir.path() / "run.distlab";
    {
        auto recorder = Recorder::open(path, RecordingMeta{.scenario_name = "kv", .scenario_yaml = "name: kv\n"});
        ASSERT_TRUE(recorder.has_value()) << recorder.error().message;
        const std::vector<Event> events{
            {1'000, EventKind::OpInvoked, "c1", "", 1, "put", R"({"key":"k","value":"a"})", ""},
            {2'000, EventKind::OpCompleted, "c1", "", 1, "ok", "{}", ""},
            {3'000, EventKind::OpInvoked, "c2", "", 1, "get", R"({"key":"k"})", ""},
            {4'000, EventKind::OpCompleted, "c2", "", 1, "ok", R"({"value":"b"})", ""},
        };
        (*recorder)->on_events(events);
        ASSERT_TRUE((*recorder)->close("done").has_value());
    }
    auto h = read_history(path);
    ASSERT_TRUE(h.has_value()) << h.error().text();
    EXPECT_EQ(h->format, HistoryFormat::Recording);
    EXPECT_EQ(h->unit, "event");
    ASSERT_EQ(h->ops.size(), 2u);
    EXPECT_EQ(h->ops[1].output, "b");
    auto j = judge_history(*h, HistoryModel::Kv, far_deadline(), path.string());
    ASSERT_TRUE(j.has_value());
    EXPECT_EQ(j->verdict, Verdict::Fail);   // b was never written
}

TEST(ReadHistory, EmptyAndMissingFilesAreErrors) {
    EXPECT_FALSE(parse_history("  \n", "e.log").has_value());
    auto missing = read_history("/nonexistent/history.edn");
    ASSERT_FALSE(missing.has_value());
    EXPECT_NE(missing.error().text().find("cannot open"), std::string::npos);
}

}  // namespace
}  // namespace distlab::netlab
