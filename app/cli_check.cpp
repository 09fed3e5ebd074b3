#include "app/cli_check.h"

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "app/cli_options.h"
#include "app/cli_support.h"
#include "netlab/history/history.h"
#include "netlab/history/history_report.h"
#include "netlab/history/judge.h"
#include "netlab/report/report_document.h"
#include "report/pdf/pdf_report.h"

namespace distlab::cli {

namespace {

constexpr auto kDefaultTimeLimit = std::chrono::seconds(60);

constexpr CommandText kCheckText{
    "judge an operation history from another system (Jepsen, Knossos, Porcupine) for linearizability",
    "Reads the operation history HISTORY and judges it with the lab's linearizability checker (the one behind "
    "`linearizable: kv`: Wing & Gong's search with Lowe's memo, per key) against MODEL, then prints the verdict "
    "and the first counterexample: the operations that cannot be ordered and the one no order places, each by "
    "its line in the file. The format is recognised from the content: Jepsen's logged operations (`... "
    "jepsen.util: 3<TAB>:invoke<TAB>:read<TAB>nil`, or `jepsen.util - ` in older logs; other log lines "
    "skipped), EDN operation maps one per line or in a vector (Jepsen's history.edn, Knossos' data files), a "
    "JSON array of Porcupine-style operations "
    "({\"ClientId\", \"Input\", \"Call\", \"Output\", \"Return\"}), or a DistLab recording (.distlab). Models: "
    "register (read, write), cas-register (read, write, cas [old new]), kv (get, put, cas, append per :key), set "
    "(add, read), queue (enqueue, dequeue), counter (add, read). A bad or truncated file is refused with "
    "FILE:LINE:COLUMN: what.",
    "exit codes: 0 linearizable, 1 not linearizable (or not decided within --time-limit), 2 invalid\n"
    "input (a bad option, an unreadable or malformed history, an operation the model does not have).\n"
    "\n"
    "examples:\n"
    "  distlab-cli check etcd_000.log --model cas-register\n"
    "  distlab-cli check history.edn --model register --report check-report\n"
    "  distlab-cli check kv-ops.json --model kv --json | jq .verdict\n"
    "\n"
    "The formats and models: docs/check-histories.md.\n"};

void print_judgement(std::ostream& out, const netlab::History& history, const netlab::Judgement& j,
                     const CheckCommand& c) {
    out << c.file << " (" << to_string(history.format) << ", " << history.ops.size() << " operations";
    if (history.skipped > 0)
        out << ", " << history.skipped << " other lines skipped";
    out << ")\n";
    const char* mark = j.verdict == netlab::Verdict::Pass ? "PASS" : j.verdict == netlab::Verdict::Fail ? "FAIL" : "UNKNOWN";
    out << "  " << mark << "  " << j.summary << "\n";
    for (const std::string& line : j.explanation)
        out << "    " << line << "\n";
    char seconds[64];
    std::snprintf(seconds, sizeof seconds, "  judged in %.3f s\n", j.seconds);
    out << seconds;
}

}  // namespace

CLI::App& declare_check(CLI::App& app, CheckCommand& c) {
    CLI::App& command = add_command(app, "check", kCheckText);
    command.add_option("HISTORY", c.file, "the history file")->required()->type_name("HISTORY");
    add_value(command, "--model", "MODEL", "the object the history is judged against: " + std::string(netlab::kHistoryModels),
              [&c](const std::string& v) -> std::optional<std::string> {
                  if (!netlab::parse_history_model(v))
                      return "expected one of " + std::string(netlab::kHistoryModels) + ", got \"" + v + "\"";
                  c.model = v;
                  return std::nullopt;
              })
        ->required();
    add_parsed(command, "--report", "DIR",
               "write report.html, report.pdf and check.json into DIR: the verdict, the counterexample and the "
               "history as a timeline",
               c.report_dir, non_empty("a folder"));
    add_lang(command, c.lang);
    add_parsed(command, "--time-limit", "D", "give the checker at most D (default 60s); past it the verdict is unknown",
               c.time_limit, positive_duration());
    command.add_flag("--json", c.json, "the verdict as one JSON line on stdout; the human summary to stderr");
    return command;
}

int cmd_check(const CheckCommand& c, const std::string& command_line) {
    if (!std::filesystem::exists(c.file))
        return usage_error("check: " + c.file + ": no such file");
    auto history = netlab::read_history(c.file);
    if (!history) {
        std::cerr << "distlab-cli: error: " << history.error().text() << "\n";
        return kInvalidInput;
    }
    const netlab::HistoryModel model = *netlab::parse_history_model(c.model);
    const auto limit = c.time_limit ? *c.time_limit : std::chrono::duration_cast<core::Duration>(kDefaultTimeLimit);
    auto judged = netlab::judge_history(*history, model, std::chrono::steady_clock::now() + limit, c.file);
    if (!judged) {
        std::cerr << "distlab-cli: error: " << judged.error().text() << "\n";
        return kInvalidInput;
    }
    std::ostream& human = human_output(c.json);
    print_judgement(human, *history, *judged, c);
    const netlab::HistoryReportInput input{*history, model, *judged, c.file, command_line, c.lang};
    core::Json summary = netlab::history_summary(input);
    summary["report"] = c.report_dir ? core::Json(*c.report_dir) : core::Json();
    if (c.report_dir) {
        const std::filesystem::path dir(*c.report_dir);
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        const netlab::ReportDocument doc = netlab::history_report_document(input);
        std::ofstream html(dir / "report.html");
        html << netlab::render_html(doc);
        std::ofstream json(dir / "check.json");
        json << summary.dump(2) << "\n";
        html.close();
        json.close();
        if (ec || !html || !json)
            return usage_error("--report: cannot write into " + *c.report_dir);
        if (auto pdf = report::write_report_pdf(doc, dir / "report.pdf"); !pdf)
            return usage_error("--report: " + pdf.error().message);
        human << "  report: " << *c.report_dir << std::endl;
    }
    if (c.json)
        std::cout << summary.dump() << std::endl;
    return judged->verdict == netlab::Verdict::Pass ? kPassed : kCheckFailed;
}

}  // namespace distlab::cli
