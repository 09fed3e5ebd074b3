// `distlab-cli run --report` and `distlab-cli report` on the real binary: every file of the set
// is written and parses, the figures match the run, bad input gets a clear message.
#include <gtest/gtest.h>


#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/model/json.h"
#include "cli_fixture.h"

namespace distlab {
namespace {

namespace fs = std::filesystem;

class ReportCli : public test::CliTest {
protected:
    std::string pdf_text(const fs::path& pdf) {
        std::string out = test_support::run_program("pdftotext", {pdf.string(), "-"}, dir_).out;
        // Qt draws "fi" and "fl" as ligature glyphs, which pdftotext gives back as U+FB01/U+FB02.
        for (const auto& [ligature, letters] : {std::pair{"\uFB01", "fi"}, std::pair{"\uFB02", "fl"}})
            for (auto at = out.find(ligature); at != std::string::npos; at = out.find(ligature))
                out.replace(at, std::string(ligature).size(), letters);
        return out;
    }
};

const std::string kScenario = std::string(DISTLAB_SOURCE_DIR) + "/scenarios/consensus/first-election.yaml";

TEST_F(ReportCli, RunWritesTheWholeSetAndReportRewritesItFromTheRecording) {
    const fs::path report = dir_ / "report";
    const fs::path recording = dir_ / "run.distlab";
    ASSERT_EQ(cli("run '" + kScenario + "' --sim --json --record '" + recording.string() + "' --report '" +
                  report.string() + "'"),
              0)
        << err_;
    // The --json contract: the summary is the last line on stdout.
    const core::Json line = core::Json::parse(last_line());
    EXPECT_EQ(line["scenario"], "raft-first-election");

    for (const char* f : {"report.html", "report.pdf", "ops.csv", "timeseries.csv", "summary.json", "trace.json"})
        ASSERT_TRUE(fs::exists(report / f)) << f;
    const std::string html = slurp(report / "report.html");
    EXPECT_TRUE(well_formed_xml(html));
    EXPECT_NE(html.find("Raft: the first election"), std::string::npos);
    EXPECT_EQ(html.find("Raft：第一次选举"), std::string::npos);   // English unless --lang says otherwise
    EXPECT_NE(html.find("--sim"), std::string::npos);   // the command to rerun
    const core::Json summary = core::Json::parse(slurp(report / "summary.json"));
    EXPECT_TRUE(summary["passed"].get<bool>());
    EXPECT_GE(summary["report"]["pattern"]["raft"]["max_term"].get<int>(), 1);
    EXPECT_GE(summary["report"]["pattern"]["raft"]["elections"].get<int>(), 1);
    // Patterns add their figures under stats: the figure sources' JSON, as the report has it.
    EXPECT_EQ(line["stats"]["raft"], summary["report"]["pattern"]["raft"]);
    EXPECT_EQ(line["stats"]["phases"], summary["report"]["pattern"]["phases"]);
    EXPECT_FALSE(summary["report"]["pattern"]["phases"]["nodes"].empty());
    EXPECT_GT(summary["report"]["ops"]["ok"].get<int>(), 50);
    const core::Json trace = core::Json::parse(slurp(report / "trace.json"));
    EXPECT_GT(trace["traceEvents"].size(), 100u);
    EXPECT_NE(pdf_text(report / "report.pdf").find("Raft: the first election"), std::string::npos);

    // The same figures from the recording, in just the formats asked for.
    const fs::path again = dir_ / "again";
    ASSERT_EQ(cli("report '" + recording.string() + "' --out '" + again.string() + "' --format html,json"), 0) << err_;
    EXPECT_TRUE(fs::exists(again / "report.html"));
    EXPECT_TRUE(fs::exists(again / "summary.json"));
    EXPECT_FALSE(fs::exists(again / "report.pdf"));
    EXPECT_FALSE(fs::exists(again / "trace.json"));
    const core::Json from_recording = core::Json::parse(slurp(again / "summary.json"));
    EXPECT_EQ(from_recording["report"]["ops"], summary["report"]["ops"]);
    EXPECT_EQ(from_recording["report"]["pattern"]["raft"]["max_term"], summary["report"]["pattern"]["raft"]["max_term"]);
    EXPECT_NE(from_recording["rerun"]["command"].get<std::string>().find("first-election.yaml"), std::string::npos);
    EXPECT_TRUE(well_formed_xml(slurp(again / "report.html")));
}

// --lang zh_CN: the page and the PDF in Chinese, headings, verdicts and the scenario's own texts.
TEST_F(ReportCli, LangWritesTheReportInChinese) {
    const fs::path recording = dir_ / "run.distlab";
    ASSERT_EQ(cli("run '" + kScenario + "' --sim --record '" + recording.string() + "'"), 0) << err_;
    const fs::path zh = dir_ / "zh";
    ASSERT_EQ(cli("report '" + recording.string() + "' --out '" + zh.string() + "' --format html,pdf --lang zh_CN"), 0)
        << err_;
    const std::string html = slurp(zh / "report.html");
    EXPECT_TRUE(well_formed_xml(html));
    for (const char* text : {"lang=\"zh-CN\"", "<h1>Raft：第一次选举</h1>", "<h2>拓扑</h2>", "<h2>检查器结论</h2>", "最大任期</th>"})
        EXPECT_NE(html.find(text), std::string::npos) << text;
    for (const char* text : {"Raft: the first election", "<h2>Topology</h2>", "Checker verdicts"})
        EXPECT_EQ(html.find(text), std::string::npos) << text;
    // pdftotext gives Chinese text back without the spaces between it and digits: "第1页".
    std::string pdf = pdf_text(zh / "report.pdf");
    std::erase(pdf, ' ');
    for (const char* text : {"Raft：第一次选举", "拓扑", "检查器结论", "第1页"})
        EXPECT_NE(pdf.find(text), std::string::npos) << text;
}

TEST_F(ReportCli, UnknownLanguageIsInvalidInput) {
    EXPECT_EQ(cli("report x.distlab --out '" + (dir_ / "o").string() + "' --lang fr"), 2);
    EXPECT_NE(err_.find("--lang"), std::string::npos) << err_;
    EXPECT_NE(err_.find("fr"), std::string::npos) << err_;
}

TEST_F(ReportCli, UnknownFormatIsInvalidInput) {
    EXPECT_EQ(cli("report x.distlab --out '" + (dir_ / "o").string() + "' --format html,docx"), 2);
    EXPECT_NE(err_.find("docx"), std::string::npos);
}

TEST_F(ReportCli, TruncatedRecordingGetsAClearMessage) {
    const fs::path recording = dir_ / "run.distlab";
    ASSERT_EQ(cli("run '" + kScenario + "' --sim --record '" + recording.string() + "'"), 0) << err_;
    const auto size = fs::file_size(recording);
    fs::resize_file(recording, size / 3);
    const int code = cli("report '" + recording.string() + "' --out '" + (dir_ / "cut").string() + "'");
    // Either what could be read is reported with a warning, or the file is refused with a reason.
    if (code == 0) {
        EXPECT_NE(err_.find("warning"), std::string::npos) << err_;
        const std::string html = slurp(dir_ / "cut" / "report.html");
        EXPECT_TRUE(well_formed_xml(html));
        EXPECT_NE(html.find("Incomplete data"), std::string::npos);   // the report says so too
    } else {
        EXPECT_EQ(code, 2);
        EXPECT_NE(err_.find(recording.string()), std::string::npos) << err_;
    }
    EXPECT_EQ(err_.find("terminate"), std::string::npos);
}

}  // namespace
}  // namespace distlab
