#include "views/shell/checks_panel.h"

#include "views/common/lab_session.h"
#include "views/common/run_timeline.h"
#include "views/timeline/timeline_strip.h"

namespace distlab::views {

namespace {

constexpr int kWindowStartRole = Qt::UserRole;
constexpr int kWindowEndRole = Qt::UserRole + 1;
constexpr int kInvolvedRole = Qt::UserRole + 2;

QColor verdictColor(const QString& verdict) {
    if (verdict == QLatin1String("pass"))
        return {0x26, 0xa2, 0x69};
    if (verdict == QLatin1String("fail"))
        return {0xc0, 0x1c, 0x28};
    return {0xc6, 0x46, 0x00};   // unknown: neither passed nor failed
}

}  // namespace

QString ChecksPanel::verdictText(const QString& verdict) {
    if (verdict == QLatin1String("pass"))
        return tr("passed");
    if (verdict == QLatin1String("fail"))
        return tr("failed");
    return tr("unknown");
}

ChecksPanel::ChecksPanel(RunTimeline& timeline, TimelineStrip& strip, QWidget* parent)
    : QTreeWidget(parent), m_timeline(timeline), m_strip(strip) {
    setColumnCount(3);
    setHeaderLabels({tr("Check"), tr("Verdict"), tr("Detail")});
    setRootIsDecorated(false);
    setColumnWidth(0, 200);
    setColumnWidth(1, 80);
    connect(this, &QTreeWidget::itemClicked, this, &ChecksPanel::onItemClicked);
}

void ChecksPanel::showVerdicts(const QList<CheckVerdict>& checks) {
    clear();
    m_strip.clearCheckMarks();
    for (const CheckVerdict& check : checks) {
        auto* item = new QTreeWidgetItem(this, {check.name, verdictText(check.verdict), check.detail});
        item->setForeground(1, verdictColor(check.verdict));
        item->setToolTip(2, check.detail);
        item->setData(0, kInvolvedRole, QVariant::fromValue(check.involved));
        QStringList tip;
        if (check.windowStartNs >= 0)
            tip << tr("Click to move the timeline to where %1 looked (%2 s to %3 s)")
                       .arg(check.name)
                       .arg(double(check.windowStartNs) / 1e9, 0, 'f', 2)
                       .arg(double(check.windowEndNs) / 1e9, 0, 'f', 2);
        if (!check.involved.isEmpty()) {
            QStringList parts;
            if (!check.involved.nodes.isEmpty())
                parts << tr("the nodes %1").arg(check.involved.nodes.join(QStringLiteral(", ")));
            if (!check.involved.messages.empty())
                parts << tr("%n message(s)", nullptr, int(check.involved.messages.size()));
            if (!check.involved.ops.empty())
                parts << tr("%n operation(s)", nullptr, int(check.involved.ops.size()));
            tip << (check.involved.nodes.isEmpty()
                        ? tr("Click to highlight %1").arg(parts.join(QStringLiteral(", ")))
                        : tr("Click to select %1 (the Log and State follow it) and highlight %2")
                              .arg(check.involved.nodes.front(), parts.join(QStringLiteral(", "))));
        }
        item->setToolTip(0, tip.join(QLatin1Char('\n')));
        item->setToolTip(1, item->toolTip(0));
        if (check.windowStartNs >= 0) {
            item->setData(0, kWindowStartRole, check.windowStartNs);
            item->setData(0, kWindowEndRole, check.windowEndNs);
            if (!check.passed)
                m_strip.addCheckMark(check.windowStartNs, check.windowEndNs, check.name + QStringLiteral(": ") + check.detail);
        }
    }
}

void ChecksPanel::onItemClicked(QTreeWidgetItem* item) {
    const QVariant end = item->data(0, kWindowEndRole);
    if (end.isValid())
        m_timeline.seek(end.toLongLong());   // the anomaly is complete by the window's end
    const Highlight involved = item->data(0, kInvolvedRole).value<Highlight>();
    m_timeline.setHighlight(involved);
    if (!involved.nodes.isEmpty())
        m_timeline.selectNode(involved.nodes.front());
}

}  // namespace distlab::views
