#include "views/shell/recording_loader.h"

#include <QPromise>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <limits>

#include "core/model/role_registry.h"
#include "netlab/api/judge.h"
#include "netlab/api/recording.h"
#include "netlab/api/role_catalog.h"
#include "netlab/scenario/scenario.h"

namespace distlab::views {

namespace {

QString fromStd(const std::string& text) {
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

// The worker: no QObject, no window; what it needs is its own (the playback, the scenario).
void readRecording(QPromise<LoadedRecording>& promise, const QString& path, const std::shared_ptr<netlab::RecordingReader>& playback,
                   const std::optional<netlab::Scenario>& scenario) {
    std::vector<netlab::Event> events;
    events.reserve(std::size_t(playback->event_count()));
    // Time slices of kSliceEvents events on average, so a cancel is seen soon.
    const std::int64_t duration = playback->duration_ns();
    const std::int64_t slices =
        std::clamp<std::int64_t>(std::int64_t(playback->event_count() / RecordingLoader::kSliceEvents), 1, 1000);
    std::optional<core::Error> damage;
    for (std::int64_t i = 0; i < slices && !damage; ++i) {
        if (promise.isCanceled())
            return;
        const std::int64_t from = i == 0 ? std::numeric_limits<std::int64_t>::min() : duration / slices * i;
        const std::int64_t to = i + 1 == slices ? std::numeric_limits<std::int64_t>::max() : duration / slices * (i + 1);
        netlab::EventWindow read = playback->read(from, to);
        events.insert(events.end(), std::make_move_iterator(read.events.begin()), std::make_move_iterator(read.events.end()));
        damage = std::move(read.problem);
    }
    if (promise.isCanceled())
        return;
    LoadedRecording result;
    result.path = path;
    if (damage)
        result.problem = RecordingLoader::tr("The recording is damaged (%1); showing the %n event(s) before the damage.",
                                             nullptr, int(events.size()))
                             .arg(fromStd(damage->message));
    else if (playback->damage())
        result.problem = RecordingLoader::tr("The recording is damaged: %1").arg(fromStd(playback->damage()->message));
    const netlab::RoleCatalog catalog = netlab::catalog_of(events, core::RoleRegistry::builtin());
    for (const auto& [name, role] : catalog.roles())
        result.roles.add(role);
    // The recording's checks, judged again from its events (the verdicts are not stored).
    if (scenario)
        result.verdicts = verdictsOf(netlab::judge(*scenario, events));
    result.events = std::make_shared<const std::vector<netlab::Event>>(std::move(events));
    promise.addResult(std::move(result));
}

}  // namespace

RecordingLoader::RecordingLoader(QObject* parent) : QObject(parent), m_watcher(new QFutureWatcher<LoadedRecording>(this)) {
    connect(m_watcher, &QFutureWatcherBase::finished, this, &RecordingLoader::onFinished);
}

RecordingLoader::~RecordingLoader() {
    cancel();
}

void RecordingLoader::load(const QString& path, netlab::RecordingReader reader, std::optional<netlab::Scenario> scenario) {
    cancel();
    m_watcher->setFuture(QtConcurrent::run(readRecording, path, std::make_shared<netlab::RecordingReader>(std::move(reader)),
                                           std::move(scenario)));
}

bool RecordingLoader::isLoading() const {
    return m_watcher->isRunning();
}

void RecordingLoader::cancel() {
    if (m_watcher->isFinished())
        return;
    m_watcher->cancel();
    m_watcher->waitForFinished();
}

void RecordingLoader::onFinished() {
    const QFuture<LoadedRecording> future = m_watcher->future();
    if (future.isCanceled() || future.resultCount() == 0)
        return;
    Q_EMIT loaded(future.result());
}

}  // namespace distlab::views
