#pragma once

// The run as the topology canvas holds it (TopologyScene::Live) and the messages it draws in
// flight: shared by the scene's files (topology_run.cpp folds events in, topology_flights.cpp
// paints the flights). Private to views/topology.

#include <QColor>
#include <QElapsedTimer>
#include <QHash>
#include <QPointF>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "views/topology/topology_scene.h"

namespace distlab::views {

class LinkItem;
class NodeItem;

// How long recent messages are kept: the rate window and the longest flight drawn.
inline constexpr qint64 kKeepNs = 2'000'000'000;
inline constexpr qint64 kSecondNs = 1'000'000'000;

// A stable colour index per message type (FNV-1a), the same in every run, and its colour.
quint8 typeColour(const std::string& type);
QColor flightColour(quint8 index);
// A message's key: its sender's item and its id.
quint64 flightKey(const NodeItem* sender, std::uint64_t msgId);

// A message the canvas knows of: sent, and maybe delivered or dropped since.
struct Flight {
    qint64 sentNs = 0;
    qint64 endNs = -1;          // delivered or dropped at; -1 while in flight
    LinkItem* link = nullptr;
    quint64 key = 0;            // sender and message id, see flightKey()
    std::uint64_t msgId = 0;
    bool forward = true;        // sent from link->from()
    bool dropped = false;
    quint8 colour = 0;          // see typeColour()
};

// The run as the canvas shows it, beyond each node's status: faults in force, held messages, and
// the recent messages (the last kKeepNs of lab time) in the order they were sent.
struct TopologyScene::Live {
    struct Fault {
        bool cut = false;                                 // a partition: `links` are blocked
        std::vector<std::pair<QString, QString>> links;   // directed
        QStringList nodes;                                // clock skew
        QString label;                                    // degrading faults
    };
    struct Dot {
        QPointF at;
        quint8 colour;
        bool dropped;
        quint64 seq;                                     // its flight's sequence number
    };

    std::map<qint64, Fault> faults;                      // by the nemesis' fault id
    std::unordered_map<quint64, LinkItem*> held;         // held messages, by flight key
    std::deque<Flight> flights;
    quint64 firstSeq = 0;                                // sequence number of flights.front()
    std::unordered_map<quint64, quint64> pending;        // in flight: key -> sequence number
    QHash<NodeItem*, std::string> states;                // newest snapshot not yet folded in
    qint64 endNs = 0;                                    // the newest event's time
    qint64 lastNow = 0;
    QElapsedTimer sinceEvent;                            // wall time since endNs moved
    std::vector<Dot> dots;                               // the last frame
    qint64 frameNs = 0;                                  // the last frame's lab time
    // Lookups for events (std::string ids), rebuilt when the drawing changes.
    std::unordered_map<std::string, NodeItem*> nodeIndex;
    QHash<std::pair<NodeItem*, NodeItem*>, LinkItem*> linkIndex;   // both directions
    bool indexed = false;

    void clear() {
        indexed = false;
        faults.clear();
        held.clear();
        flights.clear();
        firstSeq = 0;
        pending.clear();
        states.clear();
        endNs = 0;
        lastNow = 0;
        dots.clear();
        frameNs = 0;
    }
};

}  // namespace distlab::views
