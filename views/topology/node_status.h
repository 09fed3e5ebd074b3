#pragma once

#include <QColor>
#include <QString>

#include <optional>
#include <string_view>

#include "core/model/json.h"
#include "core/model/role_descriptor.h"

namespace distlab::views {

// What the canvas shows of one node, read the way its role's descriptor says: the phase it
// announced (its tone fills the disc and colours the ring, its label is the badge), the first
// declared gauge (drawn on the disc as value / full scale; the ring as wide as the gauge's volume),
// and the epoch (in the badge). The lab's node events (dead, ended, paused) override the phase's
// look. Nothing here knows a pattern.
struct NodeStatus {
    bool known = false;       // a phase or a snapshot has arrived
    bool dead = false;        // killed by a fault, or crashed
    bool ended = false;       // shut down at the end of the run
    bool paused = false;
    bool skewed = false;      // a clock skew fault is in force

    QString phase;            // the phase's name as the role announced it; empty before the first
    QString phaseLabel;       // its label in the UI language
    std::optional<core::Tone> tone;   // its tone; none before the first phase
    // The first declared gauge: value / full scale, in [0, 1]; -1 when the role declares none or
    // the snapshot has no number there (a role that measures nothing now publishes null).
    double gauge = -1;
    QString gaugeText;        // "failure rate 10 %", for the tooltip
    double volume = -1;       // the gauge's volume field; -1 when none
    qint64 epoch = -1;        // the epoch field; -1 when the role has none
    QString epochLabel;

    // Enters `phase` of `role` (role may be nullptr: unknown, the phase's name is its label).
    void setPhase(const core::RoleDescriptor* role, std::string_view phase, bool chinese);
    // Folds a snapshot in: the gauge, its volume and the epoch, as `role` names them.
    void apply(const core::RoleDescriptor* role, const core::Json& snapshot, bool chinese);

    // Dead, ended or paused: the lab's look, not the phase's.
    bool isStopped() const { return dead || ended || paused; }
    // The fill colour of the node's disc.
    QColor fill() const;
    // The ring around the disc, as wide as the gauge's volume: drawn only when there is one.
    bool hasRing() const { return volume >= 0 && !isStopped(); }
    QColor ringColour() const;
    double ringWidth() const;
    bool hasGauge() const { return gauge >= 0 && !isStopped(); }
    // The short badge under the node's name: "leader · epoch 3", "dead", ...
    QString badge() const;
};

}  // namespace distlab::views
