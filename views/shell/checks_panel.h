#pragma once

#include <QList>
#include <QTreeWidget>

namespace distlab::views {

class RunTimeline;
class TimelineStrip;
struct CheckVerdict;

// The Checks dock's content: one row per check of the last run (or of the recording, judged
// again). A check that knows where its anomaly is gets a mark on the timeline strip; a click on
// its row moves the cursor to the end of that window, selects the anomaly's first node (Log and
// State follow it) and highlights all it involves in every view (none: the highlight ends).
//
// Ownership: the timeline and the strip must outlive the panel. Threading: GUI thread only.
class ChecksPanel final : public QTreeWidget {
    Q_OBJECT
public:
    ChecksPanel(RunTimeline& timeline, TimelineStrip& strip, QWidget* parent = nullptr);

    // Replaces the rows (and the strip's check marks) with `checks`.
    void showVerdicts(const QList<distlab::views::CheckVerdict>& checks);
    // A verdict ("pass", "fail", "unknown") as the panel words it, in the window's language.
    static QString verdictText(const QString& verdict);

private:
    void onItemClicked(QTreeWidgetItem* item);

    RunTimeline& m_timeline;
    TimelineStrip& m_strip;
};

}  // namespace distlab::views
