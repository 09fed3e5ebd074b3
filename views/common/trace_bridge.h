#pragma once

#include <QObject>
#include <QTimer>

#include <mutex>
#include <span>
#include <vector>

#include "netlab/api/event.h"

namespace distlab::views {

using EventBatch = std::vector<netlab::Event>;

// The one crossing from the engine to the GUI (STYLE.md §5). Engine threads hand it events with
// post(); the GUI thread receives them as batches, at most one eventsArrived per drain interval
// (~30 ms), however many bursts arrived in between.
//
// Threading: lives on the GUI thread; post() may be called from any thread, everything else only
// from the object's own thread.
class TraceBridge final : public QObject {
    Q_OBJECT
public:
    static constexpr int kDrainIntervalMs = 30;

    explicit TraceBridge(QObject* parent = nullptr);

    // Any thread. Buffers the events and wakes the GUI thread on the first of a burst.
    void post(std::span<const netlab::Event> events);
    // GUI thread. Hands everything buffered so far to the listeners now (end of a run).
    void drain();

Q_SIGNALS:
    // A batch of events in time order; never empty.
    void eventsArrived(const distlab::views::EventBatch& batch);

private:
    void armDrain();

    QTimer m_drainTimer;
    std::mutex m_mutex;
    EventBatch m_pending;   // Guarded by m_mutex.
};

}  // namespace distlab::views
