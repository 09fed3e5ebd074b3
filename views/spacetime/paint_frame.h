#pragma once

#include <QColor>
#include <QFont>
#include <QLineF>
#include <QPalette>
#include <QRect>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

#include "views/spacetime/message_index.h"

class QPainter;

namespace distlab::views {

// What one paint of the message diagram sees, shared by its passes (the canvas fills it in
// paintEvent and the passes only read it): where the plot is, the time and lane mapping, the
// cursor, and the colours and fonts of the palette.
struct PaintFrame {
    QRect area;               // the whole viewport
    QRect plot;               // right of the lane labels, below the axis band
    int scroll = 0;           // the vertical scrollbar's value
    double laneHeight = 24;
    qint64 startNs = 0;       // the time at plot.left()
    double nsPerPx = 1e6;
    qint64 fromNs = 0;        // the visible time range
    qint64 toNs = 0;
    qint64 cursorNs = 0;      // the run as of this time
    bool live = false;
    const QStringList* lanes = nullptr;             // node names, one per lane, top to bottom
    const std::vector<int>* laneOfNode = nullptr;   // by MessageIndex node id
    QString selectedNode;                           // the timeline's selected node (or empty)

    QPalette palette;
    bool dark = false;
    QColor text;
    QColor base;
    QColor faint;          // grid lines
    QColor laneColour;     // lane lines, separators, the live cursor
    QColor selectedFill;   // behind the selected node's lane and label
    QColor marked;         // the timeline's highlight
    QColor dropColour;     // drop crosses
    QFont font;
    QFont small;

    double xOf(qint64 tNs) const { return plot.left() + double(tNs - startNs) / nsPerPx; }
    double laneY(int lane) const { return plot.top() + (lane + 0.5) * laneHeight - scroll; }
    int laneOf(std::uint32_t node) const { return node < laneOfNode->size() ? (*laneOfNode)[node] : 0; }
    // The line colour of a message type in this palette.
    QColor colourOf(std::uint32_t type) const;
};

// What the last paint drew, for tests and the benchmark.
struct PaintStats {
    int lanes = 0;
    int messages = 0;        // messages meeting the visible range and the filters
    int arrows = 0;          // single messages (delivered, travelling, held, dropped)
    int drops = 0;           // red crosses
    int held = 0;            // held messages still waiting
    int inFlight = 0;        // messages drawn up to the cursor
    int aggregates = 0;      // aggregate lines
    int labels = 0;          // count labels on aggregate lines
    int primitives = 0;      // every line, cross, arrowhead and label of the messages
    int highlighted = 0;     // messages of the timeline's highlight drawn
    int highlightedOps = 0;  // operations of the timeline's highlight drawn
    bool aggregated = false;
};

// Which messages stand out: the timeline's highlight (a flag per indexed message) and the
// selected message with how every other message relates to it (MessageIndex::Order by message).
struct MessageEmphasis {
    std::vector<std::uint8_t> highlighted;
    bool highlighting = false;   // the highlight names messages: the others are dimmed
    qint64 selected = -1;
    std::vector<std::uint8_t> relations;

    bool isHighlighted(std::size_t i) const { return i < highlighted.size() && highlighted[i] != 0; }
    // How message i relates to the selected one (Same when nothing is selected).
    MessageIndex::Order relationToSelected(std::size_t i) const {
        if (selected < 0)
            return MessageIndex::Order::Same;
        return i < relations.size() ? MessageIndex::Order(relations[i]) : MessageIndex::Order::Unknown;
    }
};

namespace paint {

// How far towards the receiver a dropped message gets.
inline constexpr double kDropFraction = 0.45;
// Where a held or travelling message waits at the cursor.
inline constexpr double kWaitFraction = 0.5;

// The colour of a message type, the same in the legend and on the lines.
QColor typeColour(std::uint32_t type);
// Magenta: apart from the type hues, red drops, orange faults and the orange cursor.
QColor highlightColour();
QColor dropColour();
// over mixed with under by amount (0-1). Colours are mixed with the background instead of
// painted translucent: Qt's raster engine hands translucent fills of many spans to its thread
// pool, which costs more than it saves for thousands of thin lines on a busy machine.
QColor mix(const QColor& over, const QColor& under, double amount);
bool isDark(const QPalette& palette);
// Clips a segment whose p1 is left of p2 to x in [x0, x1]; false when nothing is left.
bool clipX(QLineF& line, double x0, double x1);
void drawArrowHead(QPainter& painter, const QLineF& line, const QColor& colour);
void drawCross(QPainter& painter, const QPointF& at, double size);

}  // namespace paint

}  // namespace distlab::views
