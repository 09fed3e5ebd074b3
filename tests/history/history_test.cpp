// Histories from other systems (netlab/history): each format's parser, its errors on malformed
// or truncated input (naming the line, and the column where it helps), and our verdicts on
// histories written in the shapes Knossos' data files, Jepsen's etcd logs and Porcupine's kv
// tests use, each with the verdict it has by construction.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "netlab/history/edn.h"
#include "netlab/history/history.h"
#include "netlab/history/history_report.h"
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
    // The same in Chinese, line for line, for a Chinese report.
    ASSERT_EQ(j.explanation_zh.size(), j.explanation.size());
    std::string zh;
    for (const auto& line : j.explanation_zh)
        zh += line + "\n";
    EXPECT_NE(zh.find("第 7–8 行：进程 3 read → 1"), std::string::npos) << zh;
    EXPECT_NE(zh.find("第 3–4 行：进程 1 cas [1 2]"), std::string::npos) << zh;
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

TEST(JepsenLog, ReadsNewerLogsWhosePrefixHasTabs) {
    // jepsen.util: as Jepsen has logged since 2021, among other loggers' lines with tabs too.
    const std::string text =
        "2026-12-01 10:00:00,001{GMT}\tINFO\t[jepsen test runner] jepsen.core: Relative time begins now\n"
        "2026-12-01 10:00:00,002{GMT}\tINFO\t[jepsen worker 1] jepsen.util: 1\t:invoke\t:write\t[0 2]\n"
        "2026-12-01 10:00:00,003{GMT}\tINFO\t[jepsen worker 1] jepsen.util: 1\t:ok\t:write\t[0 2]\n"
        "2026-12-01 10:00:00,004{GMT}\tINFO\t[jepsen worker 0] jepsen.util: 0\t:invoke\t:read\t[0 nil]\n"
        "2026-12-01 10:00:00,005{GMT}\tINFO\t[jepsen worker 0] jepsen.util: 0\t:ok\t:read\t[0 3]\n"
        "2026-12-01 10:00:00,006{GMT}\tINFO\t[jepsen nemesis] jepsen.util: :nemesis\t:info\t:start\tnil\n"
        "2026-12-01 10:00:00,007{GMT}\tINFO\t[jepsen worker 0] jepsen.util: 0\t:invoke\t:read\t[0 nil\n";
    auto h = parse_history(text, "jepsen.log");
    ASSERT_FALSE(h.has_value());   // the last value is cut short
    EXPECT_EQ(h.error().line, 7u);
    EXPECT_EQ(h.error().column, 82u);
    auto whole = parse_history(text.substr(0, text.rfind("2026-12-01")), "jepsen.log");
    ASSERT_TRUE(whole.has_value()) << whole.error().text();
    EXPECT_EQ(whole->ops.size(), 2u);
    EXPECT_EQ(whole->skipped, 2u);
    auto j = judge_history(*whole, HistoryModel::Kv, far_deadline(), "jepsen.log");
    ASSERT_TRUE(j.has_value()) << j.error().text();
    EXPECT_EQ(j->verdict, Verdict::Fail);   // key 0 holds 2; 3 was never written
    EXPECT_EQ(j->partition, "0");
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

TEST(EdnHistory, ReadsTaggedOperationMaps) {
    auto h = parse_history("#jepsen.history.Op{:index 0, :type :invoke, :process 0, :f :read, :value nil}\n"
                           "#jepsen.history.Op{:index 1, :type :ok, :process 0, :f :read, :value 5}\n",
                           "h.edn");
    ASSERT_TRUE(h.has_value()) << h.error().text();
    ASSERT_EQ(h->ops.size(), 1u);
    EXPECT_EQ(h->ops[0].output, 5);
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

TEST(Edn, DeepNestingIsAnErrorNotACrash) {
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    EdnReader r(deep);
    EdnError e;
    EXPECT_FALSE(r.read(&e).has_value());
    EXPECT_NE(e.message.find("nested more than"), std::string::npos) << e.message;
    EXPECT_EQ(e.at.column, 201u);
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

TEST(PorcupineJson, CallAndReturnEventsPairedById) {
    // Porcupine's other way of giving a history (its README's second example, in kv terms): a
    // read of the old value after a read of the new one returned.
    const std::string stale =
        "[{\"Kind\": \"call\", \"ClientId\": 0, \"Id\": 0, \"Value\": {\"Op\": \"put\", \"Key\": \"x\", \"Value\": \"200\"}},\n"
        " {\"Kind\": \"call\", \"ClientId\": 1, \"Id\": 1, \"Value\": {\"Op\": \"get\", \"Key\": \"x\"}},\n"
        " {\"Kind\": \"return\", \"ClientId\": 1, \"Id\": 1, \"Value\": {\"Value\": \"200\"}},\n"
        " {\"Kind\": \"call\", \"ClientId\": 2, \"Id\": 2, \"Value\": {\"Op\": \"get\", \"Key\": \"x\"}},\n"
        " {\"Kind\": \"return\", \"ClientId\": 2, \"Id\": 2, \"Value\": {\"Value\": \"\"}},\n"
        " {\"Kind\": \"return\", \"ClientId\": 0, \"Id\": 0, \"Value\": {}}]\n";
    auto h = parse_history(stale, "events.json");
    ASSERT_TRUE(h.has_value()) << h.error().text();
    ASSERT_EQ(h->ops.size(), 3u);
    EXPECT_FALSE(h->timed);
    EXPECT_EQ(h->ops[2].at, 4u);
    EXPECT_EQ(h->ops[2].completed_at, 5u);
    auto j = judge_history(*h, HistoryModel::Kv, far_deadline(), "events.json");
    EXPECT_EQ(j->verdict, Verdict::Fail);
    EXPECT_EQ(j->failed_op, 2u);
    // The same reads overlapping (the README's first example): linearizable.
    std::string overlapping = stale;
    const std::size_t c2 = overlapping.find(" {\"Kind\": \"call\", \"ClientId\": 2");
    const std::size_t r1 = overlapping.find(" {\"Kind\": \"return\", \"ClientId\": 1");
    const std::string c2_line = overlapping.substr(c2, overlapping.find('\n', c2) + 1 - c2);
    overlapping.erase(c2, c2_line.size());
    overlapping.insert(r1, c2_line);
    h = parse_history(overlapping, "events.json");
    ASSERT_TRUE(h.has_value()) << h.error().text();
    EXPECT_EQ(judge_history(*h, HistoryModel::Kv, far_deadline(), "events.json")->verdict, Verdict::Pass);
    // A return with nothing open.
    auto bad = parse_history("[{\"Kind\": \"return\", \"ClientId\": 1, \"Id\": 7, \"Value\": {}}]", "e.json");
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().line, 1u);
    EXPECT_NE(bad.error().message.find("event 1: a return for \"Id\" 7 with no call open before it"), std::string::npos)
        << bad.error().text();
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
    test_support::ScratchDir dir("history-empty");
    std::ofstream(dir / "prose.txt") << "This is not a history.\nNor is this.\n";
    auto prose = read_history(dir / "prose.txt");
    ASSERT_FALSE(prose.has_value());
    EXPECT_NE(prose.error().message.find("no operation found in 2 non-empty lines"), std::string::npos)
        << prose.error().text();
    auto missing = read_history("/nonexistent/history.edn");
    ASSERT_FALSE(missing.has_value());
    EXPECT_NE(missing.error().text().find("cannot open"), std::string::npos);
}


// ---- generated histories: linearizable by construction, and with one impossible answer ----

namespace generated {

// Processes run operations back to back; each takes effect at a random instant inside its
// interval on a real object, which gives each read its answer: linearizable by construction.
struct Op {
    std::string f;
    core::Json input, output;
    std::int64_t call = 0, ret = 0, effect = 0;
    std::size_t process = 0;
};

std::vector<Op> schedule(std::mt19937_64& rng, std::size_t n, std::size_t processes) {
    std::uniform_int_distribution<std::int64_t> duration(50, 400), gap(0, 100);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::vector<std::int64_t> clock(processes, 0);
    std::vector<Op> ops;
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t p = static_cast<std::size_t>(std::min_element(clock.begin(), clock.end()) - clock.begin());
        Op op;
        op.process = p;
        op.call = clock[p] + gap(rng);
        op.ret = op.call + duration(rng);
        op.effect = op.call + static_cast<std::int64_t>(unit(rng) * static_cast<double>(op.ret - op.call));
        clock[p] = op.ret + 1;
        ops.push_back(std::move(op));
    }
    return ops;
}

History to_history(const std::vector<Op>& ops) {
    History h;
    h.format = HistoryFormat::PorcupineJson;
    h.timed = true;
    for (std::size_t i = 0; i < ops.size(); ++i) {
        HistoryOp op;
        op.process = std::to_string(ops[i].process);
        op.f = ops[i].f;
        op.input = ops[i].input;
        op.output = ops[i].output;
        op.outcome = KvOperation::Outcome::Ok;
        op.invoked_ns = ops[i].call;
        op.completed_ns = ops[i].ret;
        op.at = i + 1;
        h.ops.push_back(std::move(op));
    }
    return h;
}

// The ops in the order they took effect.
std::vector<Op*> by_effect(std::vector<Op>& ops) {
    std::vector<Op*> order;
    for (Op& op : ops)
        order.push_back(&op);
    std::sort(order.begin(), order.end(), [](const Op* a, const Op* b) { return a->effect < b->effect; });
    return order;
}

// A read in the last third that answers what the object held before an operation that had
// returned before the read was invoked changed it: stale, so not linearizable.
Op* late_read(std::vector<Op>& ops, const std::string& f) {
    for (std::size_t i = ops.size() * 2 / 3; i < ops.size(); ++i)
        if (ops[i].f == f)
            return &ops[i];
    return nullptr;
}

}  // namespace generated

class GeneratedHistories : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(GeneratedHistories, CounterLinearizableAndAStaleRead) {
    std::mt19937_64 rng(GetParam());
    auto ops = generated::schedule(rng, 120, 5);
    for (auto& op : ops)
        op.f = rng() % 2 ? "add" : "read", op.input = op.f == "add" ? core::Json(1) : core::Json();
    std::int64_t count = 0;
    for (auto* op : generated::by_effect(ops))
        op->f == "add" ? void(count += 1) : void(op->output = count);
    auto j = judge_history(generated::to_history(ops), HistoryModel::Counter, far_deadline(), "gen");
    ASSERT_TRUE(j.has_value());
    EXPECT_EQ(j->verdict, Verdict::Pass) << j->summary;
    generated::Op* read = generated::late_read(ops, "read");
    ASSERT_NE(read, nullptr);
    std::int64_t done_before = 0;   // adds that returned before the read began: it must count them
    for (const auto& op : ops)
        done_before += op.f == "add" && op.ret < read->call ? 1 : 0;
    ASSERT_GT(done_before, 0);
    read->output = done_before - 1;
    j = judge_history(generated::to_history(ops), HistoryModel::Counter, far_deadline(), "gen");
    EXPECT_EQ(j->verdict, Verdict::Fail);
    EXPECT_EQ(j->failed_op, static_cast<std::size_t>(read - ops.data()));
}

TEST_P(GeneratedHistories, SetLinearizableAndAnAddMissing) {
    std::mt19937_64 rng(GetParam());
    auto ops = generated::schedule(rng, 120, 5);
    for (std::size_t i = 0; i < ops.size(); ++i)
        ops[i].f = rng() % 3 ? "add" : "read", ops[i].input = ops[i].f == "add" ? core::Json(i) : core::Json();
    core::Json set = core::Json::array();
    for (auto* op : generated::by_effect(ops))
        op->f == "add" ? set.push_back(op->input) : void(op->output = set);
    auto j = judge_history(generated::to_history(ops), HistoryModel::Set, far_deadline(), "gen");
    ASSERT_TRUE(j.has_value());
    EXPECT_EQ(j->verdict, Verdict::Pass) << j->summary;
    generated::Op* read = generated::late_read(ops, "read");
    ASSERT_NE(read, nullptr);
    core::Json without = core::Json::array();   // drop an add that returned before the read began
    bool dropped = false;
    for (const auto& e : read->output) {
        const auto adder = std::find_if(ops.begin(), ops.end(), [&](const auto& op) { return op.f == "add" && op.input == e; });
        if (!dropped && adder->ret < read->call)
            dropped = true;
        else
            without.push_back(e);
    }
    ASSERT_TRUE(dropped);
    read->output = without;
    j = judge_history(generated::to_history(ops), HistoryModel::Set, far_deadline(), "gen");
    EXPECT_EQ(j->verdict, Verdict::Fail);
}

TEST_P(GeneratedHistories, QueueLinearizableAndAnInventedElement) {
    std::mt19937_64 rng(GetParam());
    // Few processes, more dequeues than enqueues: every order of concurrent enqueues still in the
    // queue is a state of its own, and proving a failure visits them all.
    auto ops = generated::schedule(rng, 60, 3);
    for (std::size_t i = 0; i < ops.size(); ++i)
        ops[i].f = rng() % 5 < 2 ? "enqueue" : "dequeue", ops[i].input = ops[i].f == "enqueue" ? core::Json(i) : core::Json();
    std::deque<core::Json> queue;
    for (auto* op : generated::by_effect(ops)) {
        if (op->f == "enqueue") {
            queue.push_back(op->input);
        } else if (!queue.empty()) {
            op->output = queue.front();
            queue.pop_front();
        }
    }
    auto j = judge_history(generated::to_history(ops), HistoryModel::Queue, far_deadline(), "gen");
    ASSERT_TRUE(j.has_value());
    EXPECT_EQ(j->verdict, Verdict::Pass) << j->summary;
    generated::Op* dequeue = generated::late_read(ops, "dequeue");
    ASSERT_NE(dequeue, nullptr);
    dequeue->output = 100000;   // never enqueued
    j = judge_history(generated::to_history(ops), HistoryModel::Queue, far_deadline(), "gen");
    EXPECT_EQ(j->verdict, Verdict::Fail);
}

TEST_P(GeneratedHistories, CasRegisterLinearizableAndAStaleRead) {
    std::mt19937_64 rng(GetParam());
    auto ops = generated::schedule(rng, 200, 5);
    int last = 0;
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const auto r = rng() % 4;
        ops[i].f = r < 2 ? "read" : r == 2 || last == 0 ? "write" : "cas";
        const int value = static_cast<int>(i) + 1;   // every value written is new
        ops[i].input = ops[i].f == "read" ? core::Json() : ops[i].f == "write" ? core::Json(value) : core::Json::array({last, value});
        if (ops[i].f != "read")
            last = value;
    }
    core::Json reg;   // nil
    std::vector<core::Json> held{reg};
    for (auto* op : generated::by_effect(ops)) {
        if (op->f == "read") {
            op->output = reg;
        } else if (op->f == "write" || reg == op->input[0]) {
            reg = op->f == "write" ? op->input : op->input[1];
            held.push_back(reg);
            op->output = op->input;
        }
    }
    // A cas that found another value failed: it did not happen.
    History h = generated::to_history(ops);
    for (std::size_t i = 0; i < ops.size(); ++i)
        if (ops[i].f == "cas" && ops[i].output.is_null())
            h.ops[i].outcome = KvOperation::Outcome::Fail;
    auto j = judge_history(h, HistoryModel::CasRegister, far_deadline(), "gen");
    ASSERT_TRUE(j.has_value());
    EXPECT_EQ(j->verdict, Verdict::Pass) << j->summary;
    generated::Op* read = generated::late_read(ops, "read");
    ASSERT_NE(read, nullptr);
    const std::size_t index = static_cast<std::size_t>(read - ops.data());
    h.ops[index].output = held[held.size() / 4];   // long overwritten, and never written again
    ASSERT_NE(h.ops[index].output, read->output);
    j = judge_history(h, HistoryModel::CasRegister, far_deadline(), "gen");
    EXPECT_EQ(j->verdict, Verdict::Fail);
    EXPECT_EQ(j->failed_op, index);
    EXPECT_TRUE(j->minimal);
    EXPECT_LE(j->witness.size(), 5u) << "a stale read needs its write, the overwrite and itself";
}

INSTANTIATE_TEST_SUITE_P(Seeds, GeneratedHistories, ::testing::Range<std::uint64_t>(1, 21));

TEST(HistoryReport, TheTimelineShowsTheStretchAroundTheCounterexampleOfALongHistory) {
    // 50 processes taking turns (one register with 50 writers at once is beyond any search).
    std::vector<generated::Op> ops(2000);
    for (std::size_t i = 0; i < ops.size(); ++i) {
        ops[i].f = "write";
        ops[i].input = static_cast<int>(i);
        ops[i].process = i % 50;
        ops[i].call = static_cast<std::int64_t>(i) * 10;
        ops[i].ret = ops[i].call + 15;
    }
    ops[1800].f = "read";
    ops[1800].input = nullptr;
    ops[1800].output = 99999;   // nobody wrote it
    const History h = generated::to_history(ops);
    auto j = judge_history(h, HistoryModel::Register, far_deadline(), "gen");
    ASSERT_TRUE(j.has_value());
    ASSERT_EQ(j->verdict, Verdict::Fail);
    const HistoryReportInput input{h, HistoryModel::Register, *j, "gen.json", "distlab-cli check gen.json"};
    const std::string svg = history_timeline_svg(input);
    EXPECT_NE(svg.find("operations 501–2000 of 2000"), std::string::npos) << svg.substr(0, 400);
    EXPECT_NE(svg.find("lane 1"), std::string::npos) << "50 processes are packed into lanes";
    EXPECT_NE(svg.find("#e53935"), std::string::npos) << "the operation no order places";
    const ReportDocument doc = history_report_document(input);
    ASSERT_GE(doc.sections.size(), 2u);
    EXPECT_EQ(doc.sections[1].id, "counterexample");
    const core::Json summary = history_summary(input);
    EXPECT_EQ(summary["failed_op"]["at"], 1801);
    EXPECT_EQ(summary["witness"].size(), 1u);
}

}  // namespace
}  // namespace distlab::netlab
