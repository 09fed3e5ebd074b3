#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <vector>

namespace distlab::views {

// A message, named by its sender and msg_id, or a client operation, named by its client and op
// id, as the event stream names them (netlab/api/event.h).
struct EventRef {
    QString node;
    quint64 id = 0;

    bool operator==(const EventRef&) const = default;
};

// What every view is asked to point out at once: the nodes, messages and operations of one
// anomaly (a failed check's), drawn emphasised until the highlight is cleared. A plain value.
struct Highlight {
    QString source;                  // what asked for it, for captions: a check's name
    QStringList nodes;               // most telling first
    std::vector<EventRef> messages;
    std::vector<EventRef> ops;
    qint64 startNs = -1;             // the time window it concerns; -1: none
    qint64 endNs = -1;

    bool isEmpty() const { return nodes.isEmpty() && messages.empty() && ops.empty(); }
    bool hasNode(const QString& node) const { return nodes.contains(node); }
    bool hasMessage(const QString& sender, quint64 id) const {
        return std::find(messages.begin(), messages.end(), EventRef{sender, id}) != messages.end();
    }
    bool hasOp(const QString& client, quint64 id) const {
        return std::find(ops.begin(), ops.end(), EventRef{client, id}) != ops.end();
    }
    bool operator==(const Highlight&) const = default;
};

}  // namespace distlab::views

Q_DECLARE_METATYPE(distlab::views::Highlight)
