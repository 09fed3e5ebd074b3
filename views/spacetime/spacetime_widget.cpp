#include "views/spacetime/spacetime_widget.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QResizeEvent>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

#include "core/model/json.h"
#include "views/common/run_timeline.h"
#include "views/spacetime/spacetime_canvas.h"

namespace distlab::views {

namespace {

constexpr int kTypeIdRole = Qt::UserRole + 1;
constexpr std::size_t kMaxBodyChars = 20000;

QString seconds(qint64 tNs) {
    return QString::number(double(tNs) / 1e9, 'f', 6);
}

QIcon swatch(const QColor& colour) {
    QPixmap pixmap(14, 14);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(colour.darker(130), 1));
    painter.setBrush(colour);
    painter.drawRoundedRect(QRectF(1.5, 1.5, 11, 11), 2, 2);
    return QIcon(pixmap);
}

}  // namespace

SpacetimeWidget::SpacetimeWidget(RunTimeline& timeline, QWidget* parent) : QWidget(parent), m_timeline(timeline) {
    m_canvas = new SpacetimeCanvas(timeline, this);
    m_canvas->setWhatsThis(tr("Space-time diagram: one lane per node, one arrow per message from its send to its "
                              "delivery. Mouse wheel zooms, dragging pans, clicking a message selects it."));

    m_fit = new QToolButton(this);
    m_fit->setText(tr("Fit"));
    m_fit->setToolTip(tr("Show the whole run"));
    auto* zoomOut = new QToolButton(this);
    zoomOut->setText(QStringLiteral("−"));
    zoomOut->setObjectName(QStringLiteral("zoomOut"));
    zoomOut->setToolTip(tr("Zoom out (-)"));
    auto* zoomIn = new QToolButton(this);
    zoomIn->setText(QStringLiteral("+"));
    zoomIn->setObjectName(QStringLiteral("zoomIn"));
    zoomIn->setToolTip(tr("Zoom in (+)"));
    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("zoomHint"));
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    m_hint->setToolTip(tr("Wheel or +/− zooms · drag pans · click a line for its message"));
    // As much of the hint as there is room for: the bar never makes the dock wider.
    m_hint->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_hint->setMinimumWidth(0);
    m_hint->installEventFilter(this);
    m_nodeOnly = new QCheckBox(tr("Selected node only"), this);
    m_nodeOnly->setToolTip(tr("Show only the messages sent or received by the node selected in any view"));
    m_status = new QLabel(this);
    m_status->setTextInteractionFlags(Qt::NoTextInteraction);

    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 2);
    bar->addWidget(m_fit);
    bar->addWidget(zoomOut);
    bar->addWidget(zoomIn);
    bar->addWidget(m_hint, 1);
    bar->addSpacing(8);
    bar->addWidget(m_nodeOnly);
    bar->addWidget(m_status);

    // The legend: every type in rows across the whole width, as tall as its rows, never scrolled.
    m_types = new QListWidget(this);
    m_types->setToolTip(tr("Message types: the colour of their arrows; uncheck one to hide it"));
    m_types->setFlow(QListView::LeftToRight);
    m_types->setWrapping(true);
    m_types->setResizeMode(QListView::Adjust);
    m_types->setSpacing(1);
    m_types->setFrameShape(QFrame::NoFrame);
    m_types->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_types->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_types->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    m_types->setFixedHeight(0);
    m_detail = new QPlainTextEdit(this);
    m_detail->setReadOnly(true);
    m_detail->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_detail->setPlaceholderText(tr("Click a message to see its body and what happened before and after it."));

    m_detail->setMinimumWidth(140);

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_canvas);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    split->setChildrenCollapsible(false);
    split->setSizes({700, 220});

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
    layout->addWidget(m_types);
    layout->addWidget(split, 1);

    connect(m_fit, &QToolButton::clicked, m_canvas, &SpacetimeCanvas::fit);
    connect(zoomIn, &QToolButton::clicked, m_canvas, &SpacetimeCanvas::zoomIn);
    connect(zoomOut, &QToolButton::clicked, m_canvas, &SpacetimeCanvas::zoomOut);
    connect(m_nodeOnly, &QCheckBox::toggled, m_canvas, &SpacetimeCanvas::setSelectedNodeOnly);
    connect(m_types, &QListWidget::itemChanged, this, &SpacetimeWidget::onTypeItemChanged);
    connect(m_canvas, &SpacetimeCanvas::contentChanged, this, &SpacetimeWidget::refresh);
    connect(m_canvas, &SpacetimeCanvas::messageSelected, this, &SpacetimeWidget::showMessage);
    refresh();
}

void SpacetimeWidget::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() != QEvent::PaletteChange)
        return;
    const QSignalBlocker blocker(m_types);
    for (int row = 0; row < m_types->count(); ++row) {
        QListWidgetItem* item = m_types->item(row);
        item->setIcon(swatch(SpacetimeCanvas::typeColour(std::uint32_t(item->data(kTypeIdRole).toInt()))));
    }
}

void SpacetimeWidget::refresh() {
    const MessageIndex& index = m_canvas->index();
    const QSignalBlocker blocker(m_types);
    for (std::size_t type = std::size_t(m_types->count()); type < index.types().size(); ++type) {
        auto* item = new QListWidgetItem(swatch(SpacetimeCanvas::typeColour(std::uint32_t(type))),
                                         QString::fromStdString(index.types()[type]), m_types);
        item->setData(kTypeIdRole, int(type));
        item->setToolTip(item->text());
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(m_canvas->isTypeVisible(std::uint32_t(type)) ? Qt::Checked : Qt::Unchecked);
    }
    fitLegend();
    const qint64 cursor = m_timeline.cursorNs();
    const std::size_t sent = index.sentUntil(cursor);
    const std::size_t travelling = index.inFlightAt(cursor).size();
    QString status = tr("%1 messages · %2 in flight").arg(sent).arg(travelling);
    const Highlight& highlight = m_timeline.highlight();
    if (!highlight.isEmpty())
        status += QStringLiteral(" · ") + tr("highlighted by %1: %2 messages, %3 operations")
                                              .arg(highlight.source)
                                              .arg(highlight.messages.size())
                                              .arg(highlight.ops.size());
    m_status->setText(status);
    if (m_canvas->selectedMessage() >= 0)
        showMessage(m_canvas->selectedMessage());
}

void SpacetimeWidget::fitLegend() {
    // As tall as the rows the types wrap into at the current width.
    int height = 0;
    if (m_types->count() > 0) {
        m_types->doItemsLayout();
        for (int i = 0; i < m_types->count(); ++i)
            height = std::max(height, m_types->visualItemRect(m_types->item(i)).bottom() + 1);
        height += 2 * m_types->frameWidth() + m_types->spacing();
    }
    if (height != m_types->height()) {
        m_types->setFixedHeight(height);
        layout()->activate();   // the canvas gives up the room now, not at the next event loop pass
    }
}

void SpacetimeWidget::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    fitLegend();
}

bool SpacetimeWidget::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_hint && event->type() == QEvent::Resize)
        m_hint->setText(m_hint->fontMetrics().elidedText(m_hint->toolTip(), Qt::ElideRight, m_hint->width()));
    return QWidget::eventFilter(watched, event);
}

void SpacetimeWidget::onTypeItemChanged(QListWidgetItem* item) {
    m_canvas->setTypeVisible(std::uint32_t(item->data(kTypeIdRole).toInt()), item->checkState() == Qt::Checked);
}

void SpacetimeWidget::showMessage(qint64 message) {
    const MessageIndex& index = m_canvas->index();
    if (message < 0 || std::size_t(message) >= index.size()) {
        m_detail->clear();
        return;
    }
    const auto i = std::size_t(message);
    const MessageIndex::Message& m = index.message(i);
    const qint64 cursor = m_timeline.cursorNs();
    QStringList lines;
    lines << tr("%1 → %2 · %3 #%4")
                 .arg(QString::fromStdString(index.nodes()[m.from]), QString::fromStdString(index.nodes()[m.to]),
                      QString::fromStdString(index.types()[m.type]))
                 .arg(m.msgId);
    lines << tr("Sent: %1 s").arg(seconds(m.sentNs));
    if (m.heldNs >= 0 && m.heldNs <= cursor)
        lines << tr("Held by the network: %1 s").arg(seconds(m.heldNs));
    bool first = true;
    for (const MessageIndex::Ending& ending : index.endings(i)) {
        if (ending.tNs > cursor)
            break;
        const QString after = QString::number(double(ending.tNs - m.sentNs) / 1e6, 'f', 3);
        if (ending.dropped)
            lines << (first ? tr("Dropped: %1 s (after %2 ms)") : tr("Duplicate dropped: %1 s (after %2 ms)"))
                         .arg(seconds(ending.tNs), after);
        else
            lines << (first ? tr("Delivered: %1 s (after %2 ms)") : tr("Duplicate delivered: %1 s (after %2 ms)"))
                         .arg(seconds(ending.tNs), after);
        first = false;
    }
    const MessageIndex::Fate fate = index.fateAt(i, cursor);
    if (fate == MessageIndex::Fate::InFlight)
        lines << tr("In flight at the cursor");
    else if (fate == MessageIndex::Fate::Held)
        lines << tr("Held, waiting at the cursor");

    QStringList clock;
    for (const auto& [node, count] : index.clock(i))
        clock << QStringLiteral("%1=%2").arg(QString::fromStdString(node)).arg(count);
    lines << tr("Vector clock: %1").arg(m.hasClock ? clock.join(QStringLiteral(", ")) : tr("none"));

    if (m.hasClock) {
        std::size_t before = 0;
        std::size_t after = 0;
        std::size_t concurrent = 0;
        const std::size_t visible = index.sentUntil(cursor);
        for (std::size_t other = 0; other < visible; ++other) {
            switch (m_canvas->relationToSelected(other)) {
            case MessageIndex::Order::Before:
                ++before;
                break;
            case MessageIndex::Order::After:
                ++after;
                break;
            case MessageIndex::Order::Concurrent:
                ++concurrent;
                break;
            default:
                break;
            }
        }
        lines << tr("Happened before it: %1 messages · after it: %2 · concurrent (dimmed): %3")
                     .arg(before)
                     .arg(after)
                     .arg(concurrent);
    }

    const auto& events = m_timeline.events();
    QString body;
    if (m.eventIndex < events.size()) {
        const std::string& data = events[m.eventIndex].data;
        const core::Json parsed = core::Json::parse(data, nullptr, false);
        body = QString::fromStdString(parsed.is_discarded() ? data : parsed.dump(2));
        if (std::size_t(body.size()) > kMaxBodyChars)
            body = body.left(qsizetype(kMaxBodyChars)) + QStringLiteral("\n…");
    }
    lines << QString() << tr("Body:") << (body.isEmpty() ? tr("(empty)") : body);
    const QString text = lines.join(QLatin1Char('\n'));
    if (text != m_detail->toPlainText())
        m_detail->setPlainText(text);
}

}  // namespace distlab::views
