// The PDF report opens with poppler's pdftotext and says what the HTML says.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <unistd.h>

#include "netlab/report/report_document.h"
#include "report/pdf/pdf_report.h"
#include "report_fixture.h"

namespace distlab::report {
namespace {

namespace fs = std::filesystem;

std::string command_output(const std::string& command) {
    std::string out;
    if (FILE* p = ::popen(command.c_str(), "r")) {
        char buf[4096];
        for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;)
            out.append(buf, n);
        ::pclose(p);
    }
    return out;
}

TEST(ReportPdf, PdftotextFindsTitleFiguresAndVerdicts) {
    const netlab::test::KnownRun run;
    const netlab::ReportDocument doc = netlab::build_report_document(run.data());
    const fs::path file = fs::temp_directory_path() / ("report-" + std::to_string(::getpid()) + ".pdf");
    ASSERT_TRUE(write_report_pdf(doc, file));
    ASSERT_GT(fs::file_size(file), 1000u);
    const std::string text = command_output("pdftotext -layout '" + file.string() + "' -");
    const std::string info = command_output("pdfinfo '" + file.string() + "'");
    fs::remove(file);
    EXPECT_NE(text.find("Known run: a leader dies"), std::string::npos) << text;
    EXPECT_NE(text.find("Latency percentiles"), std::string::npos);
    EXPECT_NE(text.find("750 ms"), std::string::npos);   // the Raft failover
    EXPECT_NE(text.find("availability"), std::string::npos);
    EXPECT_NE(text.find("FAIL"), std::string::npos);
    EXPECT_NE(text.find("Throughput and latency over time"), std::string::npos);   // the charts' section
    EXPECT_NE(text.find("distlab-cli run known.yaml --seed 9"), std::string::npos);
    EXPECT_NE(text.find("page 2"), std::string::npos);
    EXPECT_NE(info.find("A4"), std::string::npos);
}

TEST(ReportPdf, UnwritablePathIsAnError) {
    const netlab::test::KnownRun run;
    const auto written = write_report_pdf(netlab::build_report_document(run.data()), "/nonexistent-dir/x/report.pdf");
    EXPECT_FALSE(written);
}

}  // namespace
}  // namespace distlab::report
