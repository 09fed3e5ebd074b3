// How long a full report of a large recording takes: synthesizes a 10-minute, 5-server Raft run
// of about 1,000,000 events (heartbeats and their deliveries, client puts, state snapshots, logs,
// a leader kill and restart), records it, then times what `distlab-cli report` does: open the
// recording, read every event, judge the run, compute the figures and write HTML, PDF, CSV, JSON
// and the Chrome trace.
//
//   report_bench [EVENTS]        (default 1000000)
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

#include "core/model/json.h"
#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/report/report.h"
#include "netlab/runner/runner.h"
#include "netlab/scenario/loader.h"
#include "netlab/telemetry/playback.h"
#include "netlab/telemetry/recorder.h"
#include "report/pdf/pdf_report.h"

namespace {

using namespace distlab;
using namespace distlab::netlab;
using Clock = std::chrono::steady_clock;

constexpr const char* kScenario = R"(version: 1
name: report-bench
family: consensus
title: { en: "Report bench: ten minutes of Raft", zh: "报告基准：十分钟的 Raft" }
summary: { en: "A synthesized run for timing reports.", zh: "用于测量报告耗时的合成运行。" }
duration: 600s
seed: 42
nodes:
  - { id: n1, role: raft, params: { members: [n1, n2, n3, n4, n5] } }
  - { id: n2, role: raft, params: { members: [n1, n2, n3, n4, n5] } }
  - { id: n3, role: raft, params: { members: [n1, n2, n3, n4, n5] } }
  - { id: n4, role: raft, params: { members: [n1, n2, n3, n4, n5] } }
  - { id: n5, role: raft, params: { members: [n1, n2, n3, n4, n5] } }
  - { id: c1, role: kv-client, params: { targets: [n1, n2, n3, n4, n5], rate: 20 } }
links: full
faults:
  - { at: 200s, until: 210s, kill: n1 }
checks:
  - single_leader_per_term: true
  - no_violations: true
  - all_ops_complete: true
  - availability: { min: 0.5 }
)";

std::string snapshot(const std::string& role, int term, const std::string& leader, std::int64_t index) {
    core::Json entries = core::Json::array();
    for (std::int64_t i = std::max<std::int64_t>(1, index - 4); i <= index; ++i)
        entries.push_back(core::Json::array({i, term, "put k" + std::to_string(i % 7) + " v" + std::to_string(i)}));
    return core::Json{{"role", role}, {"term", term}, {"leader", leader}, {"commit", index},
                      {"log", {{"first_index", 1}, {"last_index", index}, {"last_term", term}, {"entries", entries}}}}
        .dump();
}

std::vector<Event> synthesize(std::size_t target) {
    std::vector<Event> ev;
    ev.reserve(target + 64);
    const std::int64_t run_ns = 600'000'000'000;
    const std::size_t per_cycle = 12;
    const std::int64_t cycle_ns = run_ns / static_cast<std::int64_t>(target / per_cycle);
    const std::vector<std::string> servers{"n1", "n2", "n3", "n4", "n5"};
    ev.push_back({0, EventKind::RunStarted, "", "", 0, "", R"({"scenario":"report-bench","seed":42})", ""});
    for (const auto& n : servers)
        ev.push_back({0, EventKind::NodeStarted, n, "", 0, "", R"({"pid":1,"role":"raft","restart":false})", ""});
    std::string leader = "n1";
    int term = 1;
    std::uint64_t msg = 0;
    std::uint64_t op = 0;
    bool killed = false;
    bool restarted = false;
    for (std::int64_t t = 1'000'000; ev.size() + per_cycle < target && t < run_ns; t += cycle_ns) {
        if (!killed && t >= 200'000'000'000) {
            killed = true;
            ev.push_back({t, EventKind::FaultInjected, "n1", "", 0, "kill", R"({"kind":"kill","id":1,"targets":["n1"]})", ""});
            ev.push_back({t, EventKind::NodeExited, "n1", "", 0, "", R"({"cause":"fault"})", ""});
            ev.push_back({t + 400'000'000, EventKind::State, "n2", "", 0, "", snapshot("leader", 2, "n2", 1), ""});
            leader = "n2";
            term = 2;
        }
        if (!restarted && t >= 210'000'000'000) {
            restarted = true;
            ev.push_back({t, EventKind::FaultHealed, "n1", "", 0, "kill", R"({"kind":"kill","id":1,"targets":["n1"]})", ""});
            ev.push_back({t, EventKind::NodeStarted, "n1", "", 0, "", R"({"restart":true})", ""});
        }
        for (const auto& peer : servers) {
            if (peer == leader || (killed && !restarted && peer == "n1"))
                continue;
            ++msg;
            ev.push_back({t, EventKind::MessageSent, leader, peer, msg, "append_entries",
                          R"({"term":)" + std::to_string(term) + R"(,"entries":[]})", ""});
            ev.push_back({t + 150'000, EventKind::MessageDelivered, leader, peer, msg, "append_entries", "", ""});
        }
        ++op;
        ev.push_back({t, EventKind::OpInvoked, "c1", "", op, "write", R"({"key":"k1","value":"v"})", ""});
        const bool down = killed && !restarted && t < 200'500'000'000;
        ev.push_back({t + 900'000, EventKind::OpCompleted, "c1", "", op, down ? "fail" : "ok", "", ""});
        const std::string& who = servers[op % servers.size()];
        ev.push_back({t + 200'000, EventKind::State, who, "", 0, "",
                      snapshot(who == leader ? "leader" : "follower", term, leader, static_cast<std::int64_t>(op)), ""});
        ev.push_back({t + 300'000, EventKind::Log, who, "", 0, "info", "applied entry " + std::to_string(op), ""});
    }
    // Completions and snapshots were stamped a little ahead: restore time order.
    std::stable_sort(ev.begin(), ev.end(), [](const Event& a, const Event& b) { return a.t_ns < b.t_ns; });
    ev.push_back({run_ns, EventKind::RunEnded, "", "", 0, "", R"({"reason":"duration"})", ""});
    return ev;
}

double since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

}  // namespace

int main(int argc, char** argv) {
    const std::size_t target = argc > 1 ? std::stoul(argv[1]) : 1'000'000;
    const auto dir = std::filesystem::temp_directory_path() / ("report-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto recording = dir / "run.distlab";

    const std::vector<Event> events = synthesize(target);
    RecordingMeta meta;
    meta.scenario_name = "report-bench";
    meta.scenario_yaml = kScenario;
    meta.seed = 42;
    meta.command_line = "report_bench " + std::to_string(target);
    auto recorder = Recorder::open(recording, meta);
    if (!recorder) {
        std::fprintf(stderr, "%s\n", recorder.error().message.c_str());
        return 1;
    }
    for (std::size_t i = 0; i < events.size(); i += 4096)
        (*recorder)->on_events(std::span<const Event>(events).subspan(i, std::min<std::size_t>(4096, events.size() - i)));
    if (auto closed = (*recorder)->close("bench"); !closed) {
        std::fprintf(stderr, "%s\n", closed.error().message.c_str());
        return 1;
    }

    const auto start = Clock::now();
    auto playback = Playback::open(recording);
    if (!playback) {
        std::fprintf(stderr, "%s\n", playback.error().message.c_str());
        return 1;
    }
    auto scenario = load_scenario_text(playback->meta().scenario_yaml, "bench", core::RoleRegistry::builtin(),
                                       make_check_validator(CheckRegistry::builtin()));
    if (!scenario) {
        for (const auto& d : scenario.error())
            std::fprintf(stderr, "%s\n", d.str().c_str());
        return 1;
    }
    EventRange range = playback->read_all();
    const double t_read = since(start);
    const RunOutcome outcome = judge_run(*scenario, std::move(range.events), recording);
    const double t_judge = since(start);
    const ReportData data = build_report_data({*scenario, outcome.events, outcome.checks, playback->meta().seed,
                                               playback->meta().command_line, recording.string(), {}});
    const ReportDocument doc = build_report_document(data);
    const double t_figures = since(start);
    auto written = write_report(data, doc, outcome.events, outcome.summary, dir / "report", ReportFormats{});
    const double t_files = since(start);
    auto pdf = written ? report::write_report_pdf(doc, dir / "report" / "report.pdf") : written;
    const double total = since(start);
    std::uintmax_t trace_bytes = std::filesystem::exists(dir / "report" / "trace.json")
                                     ? std::filesystem::file_size(dir / "report" / "trace.json") : 0;
    std::filesystem::remove_all(dir);
    if (!pdf) {
        std::fprintf(stderr, "%s\n", pdf.error().message.c_str());
        return 1;
    }
    std::printf("report: %zu events in %.2f s (read %.2f, judge %.2f, figures %.2f, html/csv/json/trace %.2f, pdf %.2f);"
                " trace.json %.0f MB\n",
                outcome.events.size(), total, t_read, t_judge - t_read, t_figures - t_judge, t_files - t_figures,
                total - t_files, static_cast<double>(trace_bytes) / 1e6);
    return total < 30 ? 0 : 1;
}
