#include "app/cli_support.h"

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/scenario/loader.h"
#include "netlab/telemetry/playback.h"
#include "report/pdf/pdf_report.h"

namespace distlab::cli {

namespace {

std::atomic<bool> g_stop{false};

std::string& usage() {
    static std::string text;
    return text;
}

extern "C" void on_interrupt(int) { g_stop.store(true); }

}  // namespace

void set_usage(std::string text) { usage() = std::move(text); }

int usage_error(const std::string& problem) {
    std::cerr << "distlab-cli: error: " << problem << "\n" << usage();
    return kInvalidInput;
}

std::ostream& human_output(bool json) { return json ? std::cerr : std::cout; }

std::atomic<bool>& stop_flag() { return g_stop; }

void install_signal_handlers() {
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);
    std::signal(SIGPIPE, SIG_IGN);
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::expected<netlab::Scenario, std::vector<netlab::Diagnostic>> load(const std::string& path) {
    return netlab::load_scenario_file(path, core::RoleRegistry::builtin(),
                                      netlab::make_check_validator(netlab::CheckRegistry::builtin()));
}

void print_diagnostics(const std::vector<netlab::Diagnostic>& problems) {
    for (const auto& d : problems)
        std::cerr << d.str() << "\n";
}

std::optional<JudgedRecording> judge_recording(const std::string& path) {
    auto playback = netlab::Playback::open(path);
    if (!playback) {
        std::cerr << "distlab-cli: " << path << ": " << playback.error().message << "\n";
        return std::nullopt;
    }
    std::vector<std::string> problems;
    if (playback->damage()) {
        std::cerr << "distlab-cli: warning: " << path << ": " << playback->damage()->message
                  << "; reporting what can be read\n";
        problems.push_back(playback->damage()->message);
    }
    if (!playback->meta().finished)
        problems.push_back("the recording was not closed: the lab stopped before the run ended");
    auto scenario = netlab::load_scenario_text(playback->meta().scenario_yaml, path + " (scenario)",
                                               core::RoleRegistry::builtin(),
                                               netlab::make_check_validator(netlab::CheckRegistry::builtin()));
    if (!scenario) {
        print_diagnostics(scenario.error());
        return std::nullopt;
    }
    scenario->seed = playback->meta().seed;
    netlab::EventRange range = playback->read_all();
    if (range.problem) {
        std::cerr << "distlab-cli: warning: " << path << ": " << range.problem->message
                  << "; reporting the events before it\n";
        problems.push_back(range.problem->message + "; the report covers the events before it");
    }
    netlab::RunOutcome outcome = netlab::judge_run(*scenario, std::move(range.events), path);
    return JudgedRecording{std::move(*scenario), playback->meta(), std::move(outcome), std::move(problems)};
}

std::string node_binary() {
    if (const char* env = std::getenv("DISTLAB_NODE"); env && *env)
        return env;
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    return (ec ? std::filesystem::path(".") : self.parent_path()).append("distlab-node").string();
}

std::optional<netlab::ReportData> write_report_set(const netlab::Scenario& scenario, const netlab::RunOutcome& outcome,
                                                   const std::string& command_line, std::vector<std::string> problems,
                                                   const std::string& dir, const netlab::ReportFormats& formats,
                                                   std::string_view lang, std::vector<netlab::ReportSection> lead) {
    netlab::ReportData data = netlab::build_report_data(
        {scenario, outcome.events, outcome.checks, scenario.seed, command_line,
         outcome.recording ? outcome.recording->string() : std::string(), std::move(problems)});
    netlab::ReportDocument doc = netlab::build_report_document(data, lang);
    const auto after_title = doc.sections.empty() ? doc.sections.end() : doc.sections.begin() + 1;
    doc.sections.insert(after_title, std::make_move_iterator(lead.begin()), std::make_move_iterator(lead.end()));
    auto written = netlab::write_report(data, doc, outcome.events, outcome.summary, dir, formats);
    if (written && formats.pdf)
        written = report::write_report_pdf(doc, std::filesystem::path(dir) / "report.pdf");
    if (!written) {
        std::cerr << "distlab-cli: cannot write the report: " << written.error().message << "\n";
        return std::nullopt;
    }
    return data;
}

}  // namespace distlab::cli
