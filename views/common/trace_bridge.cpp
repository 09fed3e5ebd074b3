#include "views/common/trace_bridge.h"

#include <QThread>

namespace distlab::views {

TraceBridge::TraceBridge(QObject* parent) : QObject(parent) {
    m_drainTimer.setSingleShot(true);
    m_drainTimer.setInterval(kDrainIntervalMs);
    connect(&m_drainTimer, &QTimer::timeout, this, &TraceBridge::drain);
}

void TraceBridge::post(std::span<const netlab::Event> events) {
    if (events.empty())
        return;
    bool wasEmpty = false;
    {
        std::lock_guard lock(m_mutex);
        wasEmpty = m_pending.empty();
        m_pending.insert(m_pending.end(), events.begin(), events.end());
    }
    if (wasEmpty)   // the first event of a burst arms the drain; later ones ride along
        QMetaObject::invokeMethod(this, &TraceBridge::armDrain, Qt::QueuedConnection);
}

void TraceBridge::armDrain() {
    if (!m_drainTimer.isActive())
        m_drainTimer.start();
}

void TraceBridge::drain() {
    Q_ASSERT(thread() == QThread::currentThread());
    m_drainTimer.stop();
    EventBatch batch;
    {
        std::lock_guard lock(m_mutex);
        batch.swap(m_pending);
    }
    if (!batch.empty())
        Q_EMIT eventsArrived(batch);
}

}  // namespace distlab::views
