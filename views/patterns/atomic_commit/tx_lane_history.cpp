#include "views/patterns/atomic_commit/tx_lane_history.h"

#include <algorithm>

#include "core/model/json.h"
#include "views/common/run_timeline.h"

namespace distlab::views {

namespace {

const std::vector<TxHold> kNoHolds;

bool isRole(const RunTimeline& timeline, const std::string& node, std::string_view role) {
    const core::RoleDescriptor* d = timeline.roleOf(QString::fromStdString(node));
    return d != nullptr && d->name == role;
}

QString field(const core::Json& body, const char* name) {
    if (!body.is_object())
        return {};
    const auto it = body.find(name);
    return it != body.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
}

}  // namespace

void TxLaneHistory::clear() {
    m_participants.clear();
    m_sagas = false;
    m_holds.clear();
    m_index.clear();
    m_pendingLocks.clear();
    m_decisions.clear();
    m_splitAt.clear();
}

const std::vector<TxHold>& TxLaneHistory::holdsOf(const QString& node) const {
    const auto it = m_holds.constFind(node);
    return it == m_holds.constEnd() ? kNoHolds : *it;
}

TxHold& TxLaneHistory::holdFor(const QString& node, const QString& tx) {
    if (!m_participants.contains(node)) {
        m_participants.append(node);
        m_participants.sort();
    }
    auto& index = m_index[node];
    auto& holds = m_holds[node];
    const auto it = index.constFind(tx);
    if (it != index.constEnd())
        return holds[*it];
    index.insert(tx, holds.size());
    holds.push_back(TxHold{.tx = tx});
    return holds.back();
}

void TxLaneHistory::ingest(std::size_t first, std::size_t count) {
    const auto& events = m_timeline.events();
    const std::size_t end = std::min(events.size(), first + count);
    for (std::size_t i = first; i < end; ++i) {
        const netlab::Event& e = events[i];
        if (e.kind != netlab::EventKind::NodeStarted && e.kind != netlab::EventKind::MessageSent)
            continue;
        const bool saga = isRole(m_timeline, e.node, "saga-participant");
        if (e.kind == netlab::EventKind::NodeStarted && (saga || isRole(m_timeline, e.node, "tx-participant"))) {
            const QString node = QString::fromStdString(e.node);
            m_sagas = m_sagas || saga;
            if (!m_participants.contains(node)) {
                m_participants.append(node);
                m_participants.sort();
            }
            continue;
        }
        if (e.kind == netlab::EventKind::MessageSent && saga) {
            ingestSaga(e);
            continue;
        }
        if (e.kind != netlab::EventKind::MessageSent ||
            (e.type != "prepare" && e.type != "prepare_reply" && e.type != "outcome"))
            continue;
        const core::Json body = core::Json::parse(e.data, nullptr, false);
        const QString tx = field(body, "tx");
        if (tx.isEmpty())
            continue;
        const QString node = QString::fromStdString(e.node);
        if (e.type == "prepare") {
            if (!isRole(m_timeline, e.peer, "tx-participant"))
                continue;
            const auto writes = body.find("writes");
            m_pendingLocks.insert(QString::fromStdString(e.peer) + QLatin1Char(' ') + tx,
                                  writes != body.end() && writes->is_array() ? int(writes->size()) : 0);
        } else if (!isRole(m_timeline, e.node, "tx-participant")) {
            continue;
        } else if (e.type == "prepare_reply") {
            if (field(body, "vote") != QLatin1String("yes"))
                continue;
            const bool known = m_index.value(node).contains(tx);
            TxHold& hold = holdFor(node, tx);
            if (!known) {
                hold.startNs = e.t_ns;
                hold.locks = m_pendingLocks.take(node + QLatin1Char(' ') + tx);
            }
        } else {
            const QString decision = field(body, "decision");
            if (decision != QLatin1String("commit") && decision != QLatin1String("abort"))
                continue;
            decide(node, tx, decision == QLatin1String("commit"), e.t_ns);
        }
    }
}

void TxLaneHistory::decide(const QString& node, const QString& tx, bool commit, qint64 tNs) {
    auto& decided = m_decisions[tx];
    if (std::any_of(decided.begin(), decided.end(), [&](const auto& d) { return d.first == node; }))
        return;   // its first report counts
    decided.push_back({node, Decision{commit, tNs}});
    if (m_index.value(node).contains(tx)) {
        TxHold& hold = holdFor(node, tx);
        hold.endNs = tNs;
        hold.commit = commit;
    }
    markSplits(tx);
}

void TxLaneHistory::ingestSaga(const netlab::Event& e) {
    const core::Json body = core::Json::parse(e.data, nullptr, false);
    const QString saga = field(body, "saga");
    const auto applied = body.is_object() ? body.find("applied") : body.end();
    if (saga.isEmpty() || !body.is_object() || applied == body.end())
        return;
    const QString node = QString::fromStdString(e.node);
    m_sagas = true;
    const auto take = [&](const core::Json& entry) {
        const QString action = field(entry, "action");
        if (action == QLatin1String("step")) {
            const bool known = m_index.value(node).contains(saga);
            TxHold& hold = holdFor(node, saga);
            if (!known) {
                hold.startNs = e.t_ns;
                hold.locks = 1;
            }
        } else if (action == QLatin1String("finish") || action == QLatin1String("compensate")) {
            decide(node, saga, action == QLatin1String("finish"), e.t_ns);
        }
    };
    if (applied->is_array())
        for (const core::Json& entry : *applied)
            take(entry);
    else
        take(*applied);
}

void TxLaneHistory::markSplits(const QString& tx) {
    const auto& decided = m_decisions[tx];
    bool commit = false, abort = false;
    qint64 at = 0;
    for (const auto& [node, d] : decided) {
        commit = commit || d.commit;
        abort = abort || !d.commit;
        at = std::max(at, d.tNs);
    }
    if (!(commit && abort) || m_splitAt.contains(tx))
        return;
    m_splitAt.insert(tx, at);
    for (const auto& [node, d] : decided)
        if (m_index.value(node).contains(tx))
            holdFor(node, tx).split = true;
}

int TxLaneHistory::locksAt(const QString& node, qint64 tNs, int* transactions) const {
    int locks = 0, txs = 0;
    for (const TxHold& h : holdsOf(node)) {
        if (h.startNs > tNs)
            break;
        if (h.endNs < 0 || h.endNs > tNs) {
            locks += h.locks;
            ++txs;
        }
    }
    if (transactions)
        *transactions = txs;
    return locks;
}

int TxLaneHistory::splitCount(qint64 tNs) const {
    int n = 0;
    for (auto it = m_splitAt.constBegin(); it != m_splitAt.constEnd(); ++it)
        n += *it <= tNs;
    return n;
}

}  // namespace distlab::views
