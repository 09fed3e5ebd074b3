#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

#include <cstddef>
#include <vector>

#include "netlab/api/event.h"

namespace distlab::views {

class RunTimeline;

// One participant's hold of one transaction's locks: from its yes vote to its decision. For a
// saga, its semantic lock: from its step to its finish (commit) or compensation (abort).
struct TxHold {
    QString tx;
    int locks = 0;                 // keys the prepare asked it to write; 1 for a saga's step
    qint64 startNs = 0;            // its yes vote, or its step
    qint64 endNs = -1;             // its decision; -1: none yet
    bool commit = false;           // the decision, once endNs >= 0
    bool split = false;            // the transaction was committed somewhere and aborted elsewhere
};

// The transactions of a run as the transaction view draws them, read incrementally from the
// RunTimeline's events: per `tx-participant` node, its holds in the order it voted, from the
// messages the roles sent (the coordinator's prepare, the participant's prepare_reply and
// outcome; core/patterns/atomic_commit/tx_protocol.h); per `saga-participant` node, its
// pending sagas, from the `applied` entries of the messages it sent (step, finish, compensate;
// core/patterns/saga/saga_protocol.h).
//
// Ownership: reads the timeline, which must outlive it. Threading: GUI thread only.
class TxLaneHistory {
public:
    explicit TxLaneHistory(const RunTimeline& timeline) : m_timeline(timeline) {}

    // Folds in events()[first, first + count).
    void ingest(std::size_t first, std::size_t count);
    void clear();

    const QStringList& participants() const { return m_participants; }
    // Whether the participants run sagas (their holds are semantic locks, not locks in doubt).
    bool sagas() const { return m_sagas; }
    // The participant's holds, by yes vote time; empty for an unknown node.
    const std::vector<TxHold>& holdsOf(const QString& node) const;
    // Locks held in doubt at `tNs` (voted yes by then, not decided by then), and by how many
    // transactions.
    int locksAt(const QString& node, qint64 tNs, int* transactions = nullptr) const;
    // Transactions decided both ways, up to `tNs`.
    int splitCount(qint64 tNs) const;

private:
    struct Decision {
        bool commit = false;
        qint64 tNs = 0;
    };
    TxHold& holdFor(const QString& node, const QString& tx);
    void markSplits(const QString& tx);
    void decide(const QString& node, const QString& tx, bool commit, qint64 tNs);
    void ingestSaga(const netlab::Event& e);

    const RunTimeline& m_timeline;
    QStringList m_participants;
    bool m_sagas = false;
    QHash<QString, std::vector<TxHold>> m_holds;
    QHash<QString, QHash<QString, std::size_t>> m_index;          // node -> tx -> hold
    QHash<QString, int> m_pendingLocks;                           // "node tx" -> locks asked
    QHash<QString, std::vector<std::pair<QString, Decision>>> m_decisions;   // tx -> (node, decision)
    QHash<QString, qint64> m_splitAt;                             // tx -> when it became split
};

}  // namespace distlab::views
