#pragma once

#include <QFutureWatcher>
#include <QList>
#include <QObject>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

#include "views/common/lab_session.h"
#include "views/patterns/pattern_view.h"

namespace distlab::netlab {
class RecordingReader;
struct Event;
struct Scenario;
}

namespace distlab::views {

// What reading a recording gave.
struct LoadedRecording {
    QString path;
    std::shared_ptr<const std::vector<netlab::Event>> events;
    QList<CheckVerdict> verdicts;   // its checks judged again (none when its scenario did not load)
    RoleUse roles;                  // the roles of its role catalog (RunStarted, NodeStarted)
    QString problem;                // the damage, when reading stopped early; empty when sound
};

// Reads a recording for playback on a worker (QtConcurrent, the global pool): every event,
// time slice by time slice, then its checks judged again. Reading a big recording takes
// seconds; the window stays responsive and gets the result through `loaded`.
//
// Ownership: owns the work it started. cancel(), a new load() and the destructor cancel a load
// in progress (it stops at its next slice, before judging) and wait for it, so nothing runs on
// after this object, and `loaded` never reports a cancelled load.
// Threading: GUI thread only; the worker shares nothing with it but the future.
class RecordingLoader final : public QObject {
    Q_OBJECT
public:
    // Events per time slice, on average: how often a load looks for a cancel.
    static constexpr std::uint64_t kSliceEvents = 20000;

    explicit RecordingLoader(QObject* parent = nullptr);
    ~RecordingLoader() override;

    // Starts reading `playback`, judging its events with `scenario` when given (the recording's
    // own scenario, loaded from its text). A load in progress is cancelled first.
    void load(const QString& path, netlab::RecordingReader reader, std::optional<netlab::Scenario> scenario);
    bool isLoading() const;
    // Cancels a load in progress and waits for its worker (bounded by one slice, or by judging
    // when it had got that far).
    void cancel();

Q_SIGNALS:
    void loaded(const distlab::views::LoadedRecording& recording);

private:
    void onFinished();

    QFutureWatcher<LoadedRecording>* m_watcher;
};

}  // namespace distlab::views
