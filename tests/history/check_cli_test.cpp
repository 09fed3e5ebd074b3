// `distlab-cli check` on the real binary: the verdict and exit code (0 linearizable, 1 not, 2 bad
// input), errors as FILE:LINE:COLUMN, the --json line, the report set, and --help.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/model/json.h"
#include "tests/support/run_program.h"
#include "tests/support/scratch_dir.h"

namespace distlab {
namespace {

namespace fs = std::filesystem;

const fs::path kData = fs::path(DISTLAB_SOURCE_DIR) / "tests/history/data";

class CheckCli : public ::testing::Test {
protected:
    test_support::ProgramResult run(const std::vector<std::string>& args) {
        const std::string cli = (fs::path(DISTLAB_NODE_BINARY).parent_path() / "distlab-cli").string();
        return test_support::run_program(cli, args, dir_.path());
    }
    fs::path write(const std::string& name, const std::string& text) {
        const fs::path p = dir_ / name;
        std::ofstream(p) << text;
        return p;
    }
    static std::string slurp(const fs::path& p) {
        std::ostringstream s;
        s << std::ifstream(p).rdbuf();
        return s.str();
    }
    test_support::ScratchDir dir_{"distlab-check-cli"};
};

TEST_F(CheckCli, LinearizableExitsZero) {
    const auto r = run({"check", (kData / "etcd-cas-register-good.log").string(), "--model", "cas-register"});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("PASS  linearizable as a cas-register: 9 operations"), std::string::npos) << r.out;
}

TEST_F(CheckCli, NotLinearizableExitsOneAndExplainsTheFirstCounterexample) {
    const auto r = run({"check", (kData / "knossos-cas-register-bad.edn").string(), "--model", "cas-register"});
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_NE(r.out.find("FAIL  not linearizable as a cas-register"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("✗ lines 5–6: process 2 cas [1 3]"), std::string::npos) << r.out;
}

TEST_F(CheckCli, JsonIsTheOnlyLineOnStdout) {
    const auto r = run({"check", (kData / "porcupine-kv-bad.json").string(), "--model", "kv", "--json"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    const core::Json j = core::Json::parse(r.out);
    EXPECT_EQ(j["command"], "check");
    EXPECT_EQ(j["format"], "porcupine-json");
    EXPECT_EQ(j["verdict"], "fail");
    EXPECT_EQ(j["passed"], false);
    EXPECT_EQ(j["partition"], "x");
    EXPECT_EQ(j["failed_op"]["at"], 4);
    EXPECT_NE(r.err.find("FAIL"), std::string::npos) << "the human summary goes to stderr";
}

TEST_F(CheckCli, MalformedInputExitsTwoNamingTheLine) {
    const fs::path bad = write("cut.log", "0\t:invoke\t:read\tnil\n0\t:ok\t:read\t[1 2\n");
    const auto r = run({"check", bad.string(), "--model", "register"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find(bad.string() + ":2:13: bad value"), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty());
}

TEST_F(CheckCli, BadOptionsExitTwo) {
    const std::string file = (kData / "register-good.edn").string();
    auto r = run({"check", file, "--model", "bag"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("--model: expected one of register, cas-register, kv, set, queue, counter, got \"bag\""),
              std::string::npos)
        << r.err;
    r = run({"check", file});
    EXPECT_EQ(r.exit_code, 2);
    r = run({"check", (dir_ / "missing.edn").string(), "--model", "register"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("no such file"), std::string::npos) << r.err;
    const fs::path blocker = write("a-file", "not a folder");
    r = run({"check", file, "--model", "register", "--report", (blocker / "report").string()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("--report: cannot write into"), std::string::npos) << r.err;
    r = run({"check", (kData / "queue-good.edn").string(), "--model", "register"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("queue-good.edn:1: :enqueue is not an operation of the register model"), std::string::npos) << r.err;
}

TEST_F(CheckCli, ReportDrawsTheHistoryAsATimeline) {
    const fs::path out = dir_ / "report";
    const auto r = run({"check", (kData / "register-bad.edn").string(), "--model", "register", "--report", out.string()});
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    const std::string html = slurp(out / "report.html");
    EXPECT_NE(html.find("NOT LINEARIZABLE"), std::string::npos);
    EXPECT_NE(html.find("The history as a timeline"), std::string::npos);
    EXPECT_NE(html.find("<svg"), std::string::npos);
    EXPECT_NE(html.find("lines 10–11"), std::string::npos) << "the failing read, in the counterexample and its tooltip";
    const core::Json summary = core::Json::parse(slurp(out / "check.json"));
    EXPECT_EQ(summary["verdict"], "fail");
    EXPECT_GT(fs::file_size(out / "report.pdf"), 1000u);
}

TEST_F(CheckCli, ReportSpeaksTheChosenLanguage) {
    const fs::path out = dir_ / "zh";
    const auto r = run({"check", (kData / "register-bad.edn").string(), "--model", "register", "--report", out.string(),
                        "--lang", "zh_CN"});
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    const std::string html = slurp(out / "report.html");
    for (const char* text : {"lang=\"zh-CN\"", "不是线性一致的", "<h2>第一个反例</h2>", "<h2>历史的时间线</h2>", "第 10–11 行"})
        EXPECT_NE(html.find(text), std::string::npos) << text;
    for (const char* text : {"NOT LINEARIZABLE", "The history as a timeline", "lines 10–11"})
        EXPECT_EQ(html.find(text), std::string::npos) << text;
    // The Chinese PDF too; check.json keeps both languages.
    EXPECT_GT(fs::file_size(out / "report.pdf"), 1000u);
    const core::Json summary = core::Json::parse(slurp(out / "check.json"));
    EXPECT_FALSE(summary["explanation_zh"].empty());
}

TEST_F(CheckCli, HelpDescribesFormatsModelsAndExitCodes) {
    const auto r = run({"check", "--help"});
    EXPECT_EQ(r.exit_code, 0);
    for (const char* text : {"--model", "Porcupine", "history.edn", "exit codes: 0 linearizable, 1 not linearizable"})
        EXPECT_NE(r.out.find(text), std::string::npos) << text << "\n" << r.out;
    const auto overview = run({"--help"});
    EXPECT_NE(overview.out.find("check"), std::string::npos);
}

}  // namespace
}  // namespace distlab
