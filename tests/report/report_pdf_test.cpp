// The PDF report opens with poppler's pdftotext and says what the HTML says.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <unistd.h>

#include "netlab/report/report_document.h"
#include "report/pdf/pdf_report.h"
#include "report_fixture.h"
#include "tests/support/run_program.h"

namespace distlab::report {
namespace {

namespace fs = std::filesystem;

TEST(ReportPdf, PdftotextFindsTitleFiguresAndVerdicts) {
    const netlab::test::KnownRun run;
    const netlab::ReportDocument doc = netlab::build_report_document(run.data());
    const fs::path dir = fs::temp_directory_path() / ("report-pdf-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const fs::path file = dir / "report.pdf";
    ASSERT_TRUE(write_report_pdf(doc, file));
    ASSERT_GT(fs::file_size(file), 1000u);
    const std::string text = test_support::run_program("pdftotext", {"-layout", file.string(), "-"}, dir).out;
    const std::string info = test_support::run_program("pdfinfo", {file.string()}, dir).out;
    fs::remove_all(dir);
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
