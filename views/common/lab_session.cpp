#include "views/common/lab_session.h"

#include <algorithm>
#include <filesystem>
#include <chrono>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/metrics_http/live_metrics.h"
#include "netlab/metrics_http/metrics_server.h"
#include "netlab/runner/run_control.h"
#include "netlab/runner/runner.h"
#include "netlab/scenario/loader.h"
#include "netlab/scenario/scenario_writer.h"
#include "netlab/telemetry/runs_folder.h"
#include "netlab/telemetry/telemetry.h"
#include "views/common/trace_bridge.h"

namespace distlab::views {

namespace {

// Hands the run's stream to the bridge, on the run's thread.
class BridgeSink final : public netlab::EventSink {
public:
    explicit BridgeSink(TraceBridge& bridge) : m_bridge(bridge) {}
    void on_events(std::span<const netlab::Event> batch) override { m_bridge.post(batch); }

private:
    TraceBridge& m_bridge;
};

}  // namespace

struct LabSession::Outcome {
    bool passed = false;
    QList<CheckVerdict> checks;
    QString error;
};

QList<CheckVerdict> verdictsOf(const std::vector<netlab::CheckResult>& results) {
    QList<CheckVerdict> verdicts;
    for (const auto& check : results) {
        const std::string_view verdict = netlab::to_string(check.verdict);
        CheckVerdict v{QString::fromStdString(check.name), QString::fromLatin1(verdict.data(), qsizetype(verdict.size())),
                       QString::fromStdString(check.detail), check.verdict == netlab::Verdict::Pass};
        if (check.window_ns) {
            v.windowStartNs = check.window_ns->first;
            v.windowEndNs = check.window_ns->second;
        }
        v.involved.source = v.name;
        v.involved.startNs = v.windowStartNs;
        v.involved.endNs = v.windowEndNs;
        for (const std::string& node : check.nodes)
            v.involved.nodes.push_back(QString::fromStdString(node));
        for (const netlab::EventRef& m : check.messages)
            v.involved.messages.push_back({QString::fromStdString(m.node), m.id});
        for (const netlab::EventRef& op : check.ops)
            v.involved.ops.push_back({QString::fromStdString(op.node), op.id});
        verdicts.push_back(std::move(v));
    }
    return verdicts;
}

LabSession::LabSession(QObject* parent) : QObject(parent), m_bridge(new TraceBridge(this)) {}

LabSession::~LabSession() {
    m_stop = true;
    join();
}

QString LabSession::load(const QString& path) {
    if (m_running)
        return tr("A run is in progress; stop it first.");
    return adopt(netlab::load_scenario_file(path.toStdString(), core::RoleRegistry::builtin(),
                                            netlab::make_check_validator(netlab::CheckRegistry::builtin())),
                 path);
}

QString LabSession::load(const netlab::Scenario& scenario, const QString& path) {
    if (m_running)
        return tr("A run is in progress; stop it first.");
    const std::string name = path.isEmpty() ? std::string("lab.yaml") : path.toStdString();
    return adopt(netlab::load_scenario_text(netlab::write_scenario(scenario), name, core::RoleRegistry::builtin(),
                                            netlab::make_check_validator(netlab::CheckRegistry::builtin())),
                 path);
}

// Keeps a loaded scenario, or returns the loader's diagnostics, one per line.
QString LabSession::adopt(std::expected<netlab::Scenario, std::vector<netlab::Diagnostic>> loaded, const QString& path) {
    if (!loaded) {
        QStringList lines;
        for (const auto& diagnostic : loaded.error())
            lines << QString::fromStdString(diagnostic.str());
        return lines.join(QLatin1Char('\n'));
    }
    m_scenario = std::make_unique<netlab::Scenario>(std::move(*loaded));
    m_path = path;
    return {};
}

bool LabSession::hasScenario() const {
    return m_scenario != nullptr;
}

const netlab::Scenario& LabSession::scenario() const {
    Q_ASSERT(m_scenario);
    return *m_scenario;
}

bool LabSession::start(bool simulate) {
    if (m_running || !m_scenario)
        return false;
    join();
    m_stop = false;
    m_running = true;

    auto request = std::make_shared<netlab::RunRequest>();
    request->scenario = *m_scenario;
    request->simulate = simulate;
    request->node_binary = m_nodeBinary.toStdString();
    request->stop_requested = &m_stop;
    m_lastRecording.clear();
    if (!m_runsFolder.isEmpty()) {
        const netlab::RunsFolder folder(m_runsFolder.toStdString(), std::uint64_t(m_runsCap));
        if (auto path = folder.new_recording_path(m_scenario->name); path) {
            request->record_path = *path;
            request->scenario_yaml = netlab::write_scenario(*m_scenario);
            request->command_line = std::string("distlab-cli run ") + (m_path.isEmpty() ? std::string("lab.yaml") : m_path.toStdString()) +
                                    (simulate ? " --sim" : "") + " --seed " + std::to_string(m_scenario->seed);
            m_lastRecording = QString::fromStdString(path->string());
        }
    }
    if (m_metrics)
        request->extra_sinks.push_back(m_metrics.get());
    m_control = std::make_shared<netlab::RunControl>();
    m_control->set_step_mode(m_stepMode);
    request->control = m_control.get();
    m_pausedShown = false;
    const bool paced = simulate && m_paced;
    const double timeScale = m_scenario->time_scale;
    // Pacing anchors on the last tick, not on the start, so time spent paused (or a slowdown
    // changed mid-run) never makes the simulation race to catch up.
    auto anchor = std::make_shared<std::pair<std::chrono::steady_clock::time_point, netlab::Duration>>(
        std::chrono::steady_clock::now(), netlab::Duration(0));
    request->on_progress = [this, paced, timeScale, anchor, control = m_control](const netlab::RunProgress& progress) {
        const qint64 elapsedMs = std::chrono::duration_cast<std::chrono::milliseconds>(progress.elapsed).count();
        const qint64 totalMs = std::chrono::duration_cast<std::chrono::milliseconds>(progress.total).count();
        const bool paused = control->paused();
        QMetaObject::invokeMethod(this, [this, elapsedMs, totalMs, paused] {
            Q_EMIT progressed(elapsedMs, totalMs);
            if (paused != m_pausedShown) {
                m_pausedShown = paused;
                Q_EMIT pausedChanged(paused);
            }
        }, Qt::QueuedConnection);
        if (paced && !m_stop) {
            // Virtual time runs ahead of the wall clock otherwise; hold it back so a person can
            // watch (the real lab runs at time_scale, so the simulator does too).
            const auto now = std::chrono::steady_clock::now();
            const auto due = anchor->first + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                 (progress.elapsed - anchor->second) * m_slowdown.load() / timeScale);
            if (due > now)
                std::this_thread::sleep_until(due);
            *anchor = {std::max(due, now), progress.elapsed};
        }
    };

    Q_EMIT runStarted(simulate);
    m_worker = std::thread([this, request, runsCap = m_runsCap] {
        BridgeSink sink(*m_bridge);
        request->extra_sinks.push_back(&sink);
        Outcome outcome;
        auto ran = netlab::run_scenario(*request);
        if (ran && request->record_path) {
            // The verdict goes into the recording, and old recordings make room for this one.
            (void)netlab::RunsFolder::record_verdict(*request->record_path, ran->passed);
            const netlab::RunsFolder folder(request->record_path->parent_path(), std::uint64_t(runsCap));
            const std::filesystem::path keep[] = {*request->record_path};
            folder.enforce_cap(keep);
            if (ran->recording_problem)
                outcome.error = tr("The recording has a problem: %1").arg(QString::fromStdString(ran->recording_problem->message));
        }
        if (!ran) {
            outcome.error = QString::fromStdString(ran.error().message);
        } else {
            outcome.passed = ran->passed;
            outcome.checks = verdictsOf(ran->checks);
        }
        QMetaObject::invokeMethod(this, [this, outcome] { finish(outcome); }, Qt::QueuedConnection);
    });
    return true;
}

void LabSession::stop() {
    m_stop = true;
    if (m_control)
        m_control->set_paused(false);
}

void LabSession::setRunsFolder(const QString& dir, qint64 sizeCapBytes) {
    m_runsFolder = dir;
    m_runsCap = sizeCapBytes;
}

QString LabSession::serveMetrics(quint16 port) {
    if (!m_metrics)
        m_metrics = std::make_shared<netlab::LiveMetrics>();
    m_metricsServer.reset();
    netlab::MetricsServer::Options options;
    options.port = port;
    auto started = netlab::MetricsServer::start(options, [metrics = m_metrics] { return metrics->render(); });
    if (!started)
        return QStringLiteral("error: ") + QString::fromStdString(started.error().message);
    m_metricsServer = std::move(*started);
    return QString::fromStdString(m_metricsServer->url());
}

void LabSession::setSlowdown(double factor) {
    m_slowdown = std::clamp(factor, 1.0, 1000.0);
}

void LabSession::setPaused(bool paused) {
    if (!m_running || !m_control || m_control->paused() == paused)
        return;
    m_control->set_paused(paused);
    m_pausedShown = paused;
    Q_EMIT pausedChanged(paused);
}

bool LabSession::isPaused() const {
    return m_running && m_control && m_control->paused();
}

void LabSession::setStepMode(bool on) {
    m_stepMode = on;
    if (m_control)
        m_control->set_step_mode(on);
}

void LabSession::finish(const Outcome& outcome) {
    join();
    m_running = false;
    if (m_pausedShown) {
        m_pausedShown = false;
        Q_EMIT pausedChanged(false);
    }
    m_bridge->drain();
    Q_EMIT runFinished(outcome.passed, outcome.checks, outcome.error);
}

void LabSession::join() {
    if (m_worker.joinable())
        m_worker.join();
}

}  // namespace distlab::views
