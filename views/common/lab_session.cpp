#include "views/common/lab_session.h"

#include <chrono>

#include "core/model/role_registry.h"
#include "netlab/checks/check.h"
#include "netlab/runner/runner.h"
#include "netlab/scenario/loader.h"
#include "netlab/scenario/scenario_writer.h"
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

LabSession::LabSession(QObject* parent) : QObject(parent), m_bridge(new TraceBridge(this)) {}

LabSession::~LabSession() {
    m_stop = true;
    join();
}

QString LabSession::load(const QString& path) {
    if (m_running)
        return tr("A run is in progress; stop it first.");
    auto loaded = netlab::load_scenario_file(path.toStdString(), core::RoleRegistry::builtin(),
                                             netlab::make_check_validator(netlab::CheckRegistry::builtin()));
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

QString LabSession::load(const netlab::Scenario& scenario, const QString& path) {
    if (m_running)
        return tr("A run is in progress; stop it first.");
    const std::string name = path.isEmpty() ? std::string("lab.yaml") : path.toStdString();
    auto loaded = netlab::load_scenario_text(netlab::write_scenario(scenario), name, core::RoleRegistry::builtin(),
                                             netlab::make_check_validator(netlab::CheckRegistry::builtin()));
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
    const bool paced = simulate && m_paced;
    const double timeScale = m_scenario->time_scale;
    const auto wallStart = std::chrono::steady_clock::now();
    request->on_progress = [this, paced, timeScale, wallStart](const netlab::RunProgress& progress) {
        const qint64 elapsedMs = std::chrono::duration_cast<std::chrono::milliseconds>(progress.elapsed).count();
        const qint64 totalMs = std::chrono::duration_cast<std::chrono::milliseconds>(progress.total).count();
        QMetaObject::invokeMethod(this, [this, elapsedMs, totalMs] { Q_EMIT progressed(elapsedMs, totalMs); },
                                  Qt::QueuedConnection);
        if (paced && !m_stop) {
            // Virtual time runs ahead of the wall clock otherwise; hold it back so a person can
            // watch (the real lab runs at time_scale, so the simulator does too).
            const auto due = wallStart + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                             progress.elapsed / timeScale);
            std::this_thread::sleep_until(due);
        }
    };

    Q_EMIT runStarted(simulate);
    m_worker = std::thread([this, request] {
        BridgeSink sink(*m_bridge);
        request->extra_sinks.push_back(&sink);
        Outcome outcome;
        auto ran = netlab::run_scenario(*request);
        if (!ran) {
            outcome.error = QString::fromStdString(ran.error().message);
        } else {
            outcome.passed = ran->passed;
            for (const auto& check : ran->checks)
                outcome.checks.push_back({QString::fromStdString(check.name),
                                          QString::fromLatin1(netlab::to_string(check.verdict).data(), qsizetype(netlab::to_string(check.verdict).size())),
                                          QString::fromStdString(check.detail),
                                          check.verdict == netlab::Verdict::Pass});
        }
        QMetaObject::invokeMethod(this, [this, outcome] { finish(outcome); }, Qt::QueuedConnection);
    });
    return true;
}

void LabSession::stop() {
    m_stop = true;
}

void LabSession::finish(const Outcome& outcome) {
    join();
    m_running = false;
    m_bridge->drain();
    Q_EMIT runFinished(outcome.passed, outcome.checks, outcome.error);
}

void LabSession::join() {
    if (m_worker.joinable())
        m_worker.join();
}

}  // namespace distlab::views
