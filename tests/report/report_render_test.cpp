// The report's files: the HTML is well-formed XML with its charts and the right numbers, the
// JSON and the Chrome trace parse and say what the figures say, the formats list parses.
#include <gtest/gtest.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include <array>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <unistd.h>

#include "core/model/json.h"
#include "netlab/api/report_files.h"
#include "netlab/report/report.h"
#include "netlab/report/report_charts.h"
#include "netlab/report/svg_writer.h"
#include "netlab/report/trace_export.h"
#include "report_fixture.h"

namespace distlab::netlab {
namespace {

namespace fs = std::filesystem;

struct XmlDocFree {
    void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using XmlDoc = std::unique_ptr<xmlDoc, XmlDocFree>;

// Strict XML parse: no recovery, no network, errors make it fail.
XmlDoc parse_xml(const std::string& text) {
    return XmlDoc(xmlReadMemory(text.data(), static_cast<int>(text.size()), "report.html", "UTF-8",
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
}

// The number of elements matching `xpath` (local names, namespace-agnostic).
int count(xmlDoc* doc, const char* xpath) {
    xmlXPathContext* ctx = xmlXPathNewContext(doc);
    xmlXPathObject* result = xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>(xpath), ctx);
    const int n = result && result->nodesetval ? result->nodesetval->nodeNr : -1;
    xmlXPathFreeObject(result);
    xmlXPathFreeContext(ctx);
    return n;
}

std::string html_of(const ReportData& d) { return render_html(build_report_document(d)); }

TEST(ReportHtml, IsWellFormedAndSelfContained) {
    const std::string html = html_of(test::KnownRun().data());
    const XmlDoc doc = parse_xml(html.substr(html.find("<html")));
    ASSERT_TRUE(doc) << "not well-formed XML";
    EXPECT_EQ(count(doc.get(), "//*[local-name()='script']"), 0);
    EXPECT_EQ(count(doc.get(), "//*[local-name()='link']"), 0);
    EXPECT_EQ(count(doc.get(), "//*[local-name()='img']"), 0);
    EXPECT_EQ(html.find("http://www.w3.org/1999/xhtml") != std::string::npos, true);
    // No reference out of the file other than XML namespace names.
    std::string rest = html;
    for (const char* ns : {"http://www.w3.org/1999/xhtml", "http://www.w3.org/2000/svg"})
        for (auto at = rest.find(ns); at != std::string::npos; at = rest.find(ns))
            rest.erase(at, std::string(ns).size());
    EXPECT_EQ(rest.find("http"), std::string::npos);
}

TEST(ReportHtml, HasEveryChartAndSection) {
    const std::string html = html_of(test::KnownRun().data());
    const XmlDoc doc = parse_xml(html.substr(html.find("<html")));
    ASSERT_TRUE(doc);
    EXPECT_EQ(count(doc.get(), "//*[local-name()='svg']"), 4);   // topology, timeline, throughput, latency
    for (const char* id : {"topology", "timeline", "series", "latency", "availability", "messages", "pattern",
                           "checks", "rerun"})
        EXPECT_EQ(count(doc.get(), (std::string("//*[local-name()='section'][@id='") + id + "']").c_str()), 1) << id;
    // Faults shaded in the line charts, with axis labels.
    EXPECT_GE(count(doc.get(), "//*[local-name()='rect'][@opacity='0.35']"), 2);
    EXPECT_EQ(count(doc.get(), "//*[local-name()='text'][.='time (s)']"), 3);
    EXPECT_EQ(count(doc.get(), "//*[local-name()='text'][.='latency (ms)']"), 1);
    // Four node circles plus the legend's role circles.
    EXPECT_EQ(count(doc.get(), "//*[local-name()='section'][@id='topology']//*[local-name()='circle']"), 6);
}

TEST(ReportHtml, ShowsTheRightNumbers) {
    const std::string html = html_of(test::KnownRun().data());
    EXPECT_NE(html.find("Known run: a leader dies"), std::string::npos);
    EXPECT_EQ(html.find("已知运行：领导者宕机"), std::string::npos);   // the English page is English
    EXPECT_NE(render_html(build_report_document(test::KnownRun().data(), "zh_CN")).find("已知运行：领导者宕机"),
              std::string::npos);
    EXPECT_NE(html.find("Three servers &amp; a client &lt;test&gt;."), std::string::npos);
    // Latency row: all, 3 ops, p50 20, p90 40, p99 40, p99.9 40, max 40.
    EXPECT_NE(html.find("<td>all</td><td align=\"right\">3</td><td align=\"right\">20.00</td>"
                        "<td align=\"right\">40.00</td>"),
              std::string::npos);
    // Availability of the kill window: before 100 %, during 0 %, after 50 %.
    EXPECT_NE(html.find("100.0 % (2/2)"), std::string::npos);
    EXPECT_NE(html.find("0.0 % (0/2)"), std::string::npos);
    EXPECT_NE(html.find("50.0 % (1/2)"), std::string::npos);
    EXPECT_NE(html.find("750 ms"), std::string::npos);   // the failover
    EXPECT_NE(html.find("<span class=\"fail\">FAIL</span>"), std::string::npos);
    EXPECT_NE(html.find("0.50 &lt; 0.95 after 1s"), std::string::npos);
    EXPECT_NE(html.find(">nodes involved</th>"), std::string::npos);
    EXPECT_NE(html.find("<td>c1, n&lt;1&gt;</td>"), std::string::npos);   // the failed check's nodes, escaped
    EXPECT_NE(html.find("distlab-cli run known.yaml --seed 9"), std::string::npos);
}

TEST(ReportJson, SummaryCarriesTheFigures) {
    const test::KnownRun run;
    const ReportData d = run.data();
    const core::Json summary = {{"scenario", "known-run"}, {"passed", false}};
    const core::Json j = core::Json::parse(report_summary(summary, d).dump());
    EXPECT_EQ(j["scenario"], "known-run");
    EXPECT_EQ(j["rerun"]["seed"], 9);
    const core::Json& r = j["report"];
    EXPECT_EQ(r["ops"]["ok"], 3);
    EXPECT_DOUBLE_EQ(r["latency_ms"][0]["p50"].get<double>(), 20.0);
    EXPECT_DOUBLE_EQ(r["availability"][0]["during"]["share"].get<double>(), 0.0);
    EXPECT_EQ(r["messages"].back()["dropped"], 1);
    EXPECT_EQ(r["pattern"]["raft"]["max_term"], 2);
    EXPECT_EQ(r["pattern"]["raft"]["elections"], 2);
    EXPECT_NEAR(r["pattern"]["raft"]["failovers"][0]["seconds"].get<double>(), 0.75, 1e-9);
    EXPECT_EQ(r["series"].size(), 61u);
}

TEST(ChromeTrace, TracksFlowsAndOperations) {
    const test::KnownRun run;
    std::ostringstream out;
    write_chrome_trace(run.events, out);
    const core::Json trace = core::Json::parse(out.str());
    ASSERT_TRUE(trace["traceEvents"].is_array());
    int starts = 0, finishes = 0, ops = 0, instants = 0;
    std::set<std::string> processes;
    for (const core::Json& e : trace["traceEvents"]) {
        const std::string ph = e["ph"];
        if (ph == "s")
            ++starts;
        if (ph == "f") {
            ++finishes;
            EXPECT_EQ(e["bp"], "e");
        }
        if (ph == "X" && e["cat"] == "op")
            ++ops;
        if (ph == "i")
            ++instants;
        if (ph == "M" && e["name"] == "process_name")
            processes.insert(e["args"]["name"].get<std::string>());
    }
    EXPECT_EQ(starts, 3);     // three messages sent
    EXPECT_EQ(finishes, 2);   // one dropped; the duplicate delivery has no second flow end
    EXPECT_EQ(ops, 6);        // five completed and one pending
    EXPECT_GT(instants, 5);
    EXPECT_EQ(processes, (std::set<std::string>{"lab", "n1", "n2", "n3", "c1"}));
}

TEST(ChromeTrace, InvalidUtf8AndControlCharactersStayValidJson) {
    const std::vector<Event> ev{{1000, EventKind::Log, "n1", "", 0, "info", std::string("bad \xff byte \x01 \"q\""), ""}};
    std::ostringstream out;
    write_chrome_trace(ev, out);
    EXPECT_TRUE(core::Json::accept(out.str()));
}

TEST(ReportFiles, WriteReportWritesEveryFileAndTheyParse) {
    const test::KnownRun run;
    const ReportData d = run.data();
    const fs::path dir = fs::temp_directory_path() / ("report-files-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    ReportFormats formats;
    formats.pdf = false;
    ASSERT_TRUE(write_report(d, build_report_document(d), run.events, core::Json{{"scenario", "known-run"}}, dir, formats));
    for (const char* f : {"report.html", "ops.csv", "timeseries.csv", "summary.json", "trace.json"})
        EXPECT_TRUE(fs::exists(dir / f)) << f;
    std::ifstream json(dir / "summary.json");
    EXPECT_EQ(core::Json::parse(json)["report"]["ops"]["invoked"], 6);
    std::ifstream ops(dir / "ops.csv");
    std::string header, line;
    std::getline(ops, header);
    EXPECT_EQ(header.rfind("client,op_id,function", 0), 0u);
    int rows = 0;
    while (std::getline(ops, line))
        rows += line.empty() ? 0 : 1;
    EXPECT_EQ(rows, 6);
    fs::remove_all(dir);
}

TEST(ReportFormats, ParsesListsAndRejectsUnknownNames) {
    const auto some = ReportFormats::parse("html,trace");
    ASSERT_TRUE(some);
    EXPECT_TRUE(some->html);
    EXPECT_TRUE(some->trace);
    EXPECT_FALSE(some->pdf);
    EXPECT_FALSE(some->csv);
    const auto all = ReportFormats::parse("all");
    ASSERT_TRUE(all);
    EXPECT_TRUE(all->pdf && all->json && all->csv);
    const auto bad = ReportFormats::parse("html,docx");
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("docx"), std::string::npos);
}

TEST(SvgWriter, EscapesTextAndFormatsNumbers) {
    SvgWriter svg(100, 50);
    svg.text(1, 2, "a < b & \"c\"", {});
    svg.rect(0, 0, 10.005, 3, {.fill = "#fff"});
    const std::string s = svg.str();
    EXPECT_NE(s.find("a &lt; b &amp; &quot;c&quot;"), std::string::npos);
    EXPECT_TRUE(parse_xml(s));
    EXPECT_EQ(svg_number(2.50), "2.5");
    EXPECT_EQ(svg_number(3.0), "3");
    EXPECT_EQ(nice_step(100, 5), 20);
    EXPECT_EQ(nice_step(7, 5), 2);
}

}  // namespace
}  // namespace distlab::netlab

namespace distlab::netlab {

namespace {

namespace fs = std::filesystem;

struct Disc {
    double x = 0;
    double y = 0;
};

// The node discs of a topology picture (radius 22), in the order they are drawn (scenario order).
std::vector<Disc> node_discs(const std::string& svg) {
    std::vector<Disc> out;
    static const std::regex circle(R"re(<circle cx="([-0-9.]+)" cy="([-0-9.]+)" r="22")re");
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), circle); it != std::sregex_iterator(); ++it)
        out.push_back({std::stod((*it)[1]), std::stod((*it)[2])});
    return out;
}

}  // namespace

TEST(ReportTopology, DrawsTheCanvasLayoutWithLinksAroundNodes) {
    // The default scenario's shape: n2, n3 and c1 nearly in a row, n1 above them. The report used
    // to draw every lab as a circle.
    test::KnownRun run;
    const std::array<std::array<double, 2>, 4> at = {{{300, 80}, {180, 280}, {420, 280}, {620, 260}}};
    for (std::size_t i = 0; i < run.scenario.nodes.size(); ++i)
        run.scenario.nodes[i].at = at[i];
    const std::string svg = topology_svg(run.data());
    const std::vector<Disc> discs = node_discs(svg);
    ASSERT_EQ(discs.size(), 4u);
    const Disc &n1 = discs[0], &n2 = discs[1], &n3 = discs[2], &c1 = discs[3];
    EXPECT_LT(n2.x, n1.x);
    EXPECT_LT(n1.x, n3.x);
    EXPECT_LT(n3.x, c1.x);
    EXPECT_LT(n1.y, n2.y);
    EXPECT_NEAR(n2.y, n3.y, 0.01);
    EXPECT_LT(c1.y, n3.y);
    // Same proportions as on the canvas: n2-n3 is 240 wide, n2-c1 440.
    EXPECT_NEAR((n3.x - n2.x) / (c1.x - n2.x), 240.0 / 440.0, 0.01);
    // The n2-c1 link bends around n3: a curve, and none of its points on n3's disc.
    static const std::regex polyline(R"re(<polyline points="([^"]+)")re");
    std::smatch curve;
    ASSERT_TRUE(std::regex_search(svg, curve, polyline)) << svg;
    std::istringstream points(curve[1].str());
    std::string point;
    int samples = 0;
    while (points >> point) {
        const auto comma = point.find(',');
        const double x = std::stod(point.substr(0, comma));
        const double y = std::stod(point.substr(comma + 1));
        EXPECT_GT(std::hypot(x - n3.x, y - n3.y), 22.0) << point;
        ++samples;
    }
    EXPECT_GT(samples, 10);
}

TEST(ReportFaults, FaultsByHandAreMarked) {
    test::KnownRun run;
    run.events.push_back({3000 * test::kMs, EventKind::FaultInjected, "", "", 0, "partition",
                          R"({"kind":"partition","id":8,"sides":[["n1"],["n2","n3"]],"by":"hand"})", ""});
    std::stable_sort(run.events.begin(), run.events.end(), [](const Event& a, const Event& b) { return a.t_ns < b.t_ns; });
    const ReportData d = run.data();
    ASSERT_EQ(d.faults.size(), 2u);
    EXPECT_FALSE(d.faults[0].by_hand);   // the scenario's kill
    EXPECT_TRUE(d.faults[1].by_hand);
    EXPECT_NE(d.faults[1].label.find("(by hand)"), std::string::npos) << d.faults[1].label;
    EXPECT_NE(timeline_svg(d).find("#6a1b9a"), std::string::npos);
    EXPECT_NE(html_of(d).find("(by hand)"), std::string::npos);
    const core::Json json = report_json(d);
    EXPECT_EQ(json["faults"][0]["by_hand"], false);
    EXPECT_EQ(json["faults"][1]["by_hand"], true);
}

TEST(ReportFiles, SummaryNamesTheRecordingItCameFrom) {
    // An export from playback: the summary names the recording, it is not null.
    const test::KnownRun run;
    const fs::path dir = fs::temp_directory_path() / ("report-recording-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    ASSERT_TRUE(write_report_files({run.scenario, run.events, "/runs/known-run-20250101.distlab"}, dir,
                                   {.html = false, .csv = false, .json = true, .trace = false}));
    std::ifstream json(dir / "summary.json");
    EXPECT_EQ(core::Json::parse(json)["recording"], "/runs/known-run-20250101.distlab");
    fs::remove_all(dir);
    ASSERT_TRUE(write_report_files({run.scenario, run.events, ""}, dir, {.html = false, .csv = false, .json = true, .trace = false}));
    std::ifstream unrecorded(dir / "summary.json");
    EXPECT_TRUE(core::Json::parse(unrecorded)["recording"].is_null());
    fs::remove_all(dir);
}

}  // namespace distlab::netlab
