#include "views/common/lab_session.h"

#include <chrono>

#include "netlab/api/judge.h"
#include "netlab/api/lab_run.h"
#include "netlab/api/metrics_endpoint.h"
#include "views/common/trace_bridge.h"
#include "views/common/engine_text.h"

namespace distlab::views {

struct LabSession::Outcome {
    bool passed = false;
    QString verdict;
    qint64 stoppedAtNs = -1;
    QList<CheckVerdict> checks;
    QString error;
};

QList<CheckVerdict> verdictsOf(const netlab::Judgement& judgement) {
    QList<CheckVerdict> verdicts;
    for (const netlab::JudgedCheck& check : judgement.checks) {
        CheckVerdict v{QString::fromStdString(check.name), QString::fromStdString(check.verdict),
                       uiText(core::Text{check.detail, check.detail_zh}), check.passed};
        if (check.window_ns) {
            v.windowStartNs = check.window_ns->first;
            v.windowEndNs = check.window_ns->second;
        }
        v.involved.source = v.name;
        v.involved.startNs = v.windowStartNs;
        v.involved.endNs = v.windowEndNs;
        for (const std::string& node : check.nodes)
            v.involved.nodes.push_back(QString::fromStdString(node));
        for (const netlab::EventMention& m : check.messages)
            v.involved.messages.push_back({QString::fromStdString(m.node), m.id});
        for (const netlab::EventMention& op : check.ops)
            v.involved.ops.push_back({QString::fromStdString(op.node), op.id});
        verdicts.push_back(std::move(v));
    }
    return verdicts;
}

LabSession::LabSession(QObject* parent) : QObject(parent), m_bridge(new TraceBridge(this)) {}

LabSession::~LabSession() {
    m_run.reset();   // stops a run in progress and waits for it: it feeds the bridge
}

QString LabSession::load(const QString& path) {
    if (m_running)
        return tr("A run is in progress; stop it first.");
    return adopt(netlab::read_scenario_file(path.toStdString()), path);
}

QString LabSession::load(const netlab::Scenario& scenario, const QString& path) {
    if (m_running)
        return tr("A run is in progress; stop it first.");
    const std::string name = path.isEmpty() ? std::string("lab.yaml") : path.toStdString();
    return adopt(netlab::read_scenario_text(netlab::scenario_text(scenario), name), path);
}

// Keeps a loaded scenario, or returns the loader's diagnostics, one per line.
QString LabSession::adopt(netlab::ScenarioLoad loaded, const QString& path) {
    if (!loaded) {
        QStringList lines;
        for (const auto& diagnostic : loaded.error())
            lines << QString::fromStdString(diagnostic.str(uiLanguage()));
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
    m_run.reset();   // the last run has finished: this only frees it
    m_running = true;
    m_simulated = simulate;
    m_pausedShown = false;

    netlab::RunSetup setup;
    setup.scenario = *m_scenario;
    setup.source = m_path.toStdString();
    setup.simulate = simulate;
    setup.node_binary = m_nodeBinary.toStdString();
    setup.runs_folder = m_runsFolder.toStdString();
    setup.runs_cap_bytes = std::uint64_t(m_runsCap);
    setup.paced = m_paced;
    setup.slowdown = m_slowdown;
    setup.step_mode = m_stepMode;
    setup.metrics = m_metrics;
    if (m_listen && !simulate) {
        setup.listen = *m_listen;
        setup.on_listening = [this, listen = *m_listen, scenario = *m_scenario](const netlab::JoinInfo& join) {
            QStringList remote;
            for (const auto& node : scenario.nodes)
                if (listen.is_remote(node.id))
                    remote << QString::fromStdString(node.id);
            const QString where = QStringLiteral("%1:%2").arg(QString::fromStdString(join.address)).arg(join.port);
            QString command = QStringLiteral("distlab-node --connect %1 --token %2").arg(where, QString::fromStdString(join.token));
            if (join.tls)
                command += QStringLiteral(" --fingerprint ") + QString::fromStdString(join.fingerprint);
            command += QStringLiteral(" --node ID");
            QMetaObject::invokeMethod(this, [this, where, command, remote] { Q_EMIT listening(where, command, remote); },
                                      Qt::QueuedConnection);
        };
    }
    setup.on_events = [bridge = m_bridge](std::span<const netlab::Event> batch) { bridge->post(batch); };
    setup.on_progress = [this](const netlab::RunTick& tick) {
        const qint64 elapsedMs = std::chrono::duration_cast<std::chrono::milliseconds>(tick.elapsed).count();
        const qint64 totalMs = std::chrono::duration_cast<std::chrono::milliseconds>(tick.total).count();
        QMetaObject::invokeMethod(this, [this, elapsedMs, totalMs, paused = tick.paused] {
            Q_EMIT progressed(elapsedMs, totalMs);
            if (paused != m_pausedShown) {
                m_pausedShown = paused;
                Q_EMIT pausedChanged(paused);
            }
        }, Qt::QueuedConnection);
    };
    setup.on_finished = [this](const netlab::RunEnd& end) {
        Outcome outcome;
        if (!end.error.empty()) {
            outcome.error = QString::fromStdString(end.error);
        } else {
            outcome.passed = end.judgement.passed;
            outcome.verdict = QString::fromStdString(end.judgement.verdict);
            outcome.stoppedAtNs = end.judgement.stopped_at_ns.value_or(-1);
            outcome.checks = verdictsOf(end.judgement);
            if (!end.recording_problem.empty())
                outcome.error = tr("The recording has a problem: %1").arg(QString::fromStdString(end.recording_problem));
        }
        QMetaObject::invokeMethod(this, [this, outcome] { finish(outcome); }, Qt::QueuedConnection);
    };
    m_run = netlab::LabRun::start(std::move(setup));
    m_lastRecording = m_run->recording() ? QString::fromStdString(m_run->recording()->string()) : QString();
    Q_EMIT runStarted(simulate);
    return true;
}

void LabSession::stop() {
    if (m_run)
        m_run->stop();
}

netlab::RunControl* LabSession::control() {
    return m_running ? &m_run->control() : nullptr;
}

void LabSession::setRunsFolder(const QString& dir, qint64 sizeCapBytes) {
    m_runsFolder = dir;
    m_runsCap = sizeCapBytes;
}

QString LabSession::serveMetrics(quint16 port) {
    if (!m_metrics)
        m_metrics = std::make_shared<netlab::MetricsEndpoint>();
    auto url = m_metrics->serve(port);
    if (!url)
        return QStringLiteral("error: ") + QString::fromStdString(url.error().message);
    return QString::fromStdString(*url);
}

QString LabSession::setListen(const QString& address, const QString& remote, const QString& credentialsDir) {
    auto listen = std::make_shared<netlab::ListenOptions>();
    if (auto parsed = netlab::parse_listen_address(address.toStdString(), *listen); !parsed)
        return QString::fromStdString(parsed.error().message);
    if (remote == QLatin1String("all"))
        listen->all_remote = true;
    else
        for (const QString& id : remote.split(QLatin1Char(','), Qt::SkipEmptyParts))
            listen->remote.push_back(id.trimmed().toStdString());
    listen->credentials_dir = credentialsDir.toStdString();
    m_listen = std::move(listen);
    return {};
}

void LabSession::setSlowdown(double factor) {
    m_slowdown = factor;
    if (m_run)
        m_run->set_slowdown(factor);
}

void LabSession::setPaused(bool paused) {
    if (!m_running || m_run->paused() == paused)
        return;
    m_run->set_paused(paused);
    m_pausedShown = paused;
    Q_EMIT pausedChanged(paused);
}

bool LabSession::isPaused() const {
    return m_running && m_run->paused();
}

void LabSession::setStepMode(bool on) {
    m_stepMode = on;
    if (m_run)
        m_run->set_step_mode(on);
}

void LabSession::finish(const Outcome& outcome) {
    m_run->wait();
    m_running = false;
    if (m_pausedShown) {
        m_pausedShown = false;
        Q_EMIT pausedChanged(false);
    }
    m_bridge->drain();
    m_lastVerdict = outcome.verdict;
    m_lastStoppedAtNs = outcome.stoppedAtNs;
    Q_EMIT runFinished(outcome.passed, outcome.checks, outcome.error);
}

}  // namespace distlab::views
