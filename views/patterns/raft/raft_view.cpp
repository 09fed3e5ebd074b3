#include "views/patterns/raft/raft_view.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

#include "views/common/run_timeline.h"
#include "views/patterns/raft/raft_history.h"
#include "views/patterns/raft/raft_lanes.h"
#include "views/patterns/raft/raft_log_delegate.h"
#include "views/patterns/raft/raft_log_model.h"

namespace distlab::views {

namespace {

constexpr int kFrameMs = 33;   // at most ~30 repaints a second

QString swatch(const QColor& colour, const QString& name) {
    return QStringLiteral("<span style=\"background-color:%1\">&nbsp;&nbsp;&nbsp;</span>&nbsp;%2")
        .arg(colour.name(), name.toHtmlEscaped());
}

QString glyph(const QColor& colour, const QString& symbol, const QString& name) {
    return QStringLiteral("<span style=\"color:%1\">%2</span>&nbsp;%3").arg(colour.name(), symbol, name.toHtmlEscaped());
}

}  // namespace

RaftView::RaftView(RunTimeline& timeline, QWidget* parent)
    : QWidget(parent), m_timeline(timeline), m_history(std::make_unique<RaftHistory>(timeline)) {
    m_header = new QLabel(this);
    QFont headerFont = m_header->font();
    headerFont.setBold(true);
    m_header->setFont(headerFont);
    m_legend = new QLabel(this);
    m_legend->setTextFormat(Qt::RichText);
    const QString sep = QStringLiteral("&nbsp;&nbsp;");
    const QColor dead(0x5e, 0x5c, 0x64);
    const QColor election(0x91, 0x41, 0xac);
    const QColor crown(0xc6, 0x46, 0x00);
    const QStringList roles{swatch(raftRoleColor(RaftRole::Follower), raftRoleName(RaftRole::Follower)),
                            swatch(raftRoleColor(RaftRole::PreCandidate), raftRoleName(RaftRole::PreCandidate)),
                            swatch(raftRoleColor(RaftRole::Candidate), raftRoleName(RaftRole::Candidate)),
                            swatch(raftRoleColor(RaftRole::Leader), raftRoleName(RaftRole::Leader)),
                            swatch(dead, tr("dead"))};
    const QStringList marks{glyph(election, QStringLiteral("▼"), tr("election")),
                            glyph(crown, QStringLiteral("♛"), tr("elected"))};
    // The legend in as many words as the width allows: all, the roles only, colours only.
    m_legendVariants = {(roles + marks).join(sep), roles.join(sep),
                        QStringList{swatch(raftRoleColor(RaftRole::Follower), {}),
                                    swatch(raftRoleColor(RaftRole::PreCandidate), {}),
                                    swatch(raftRoleColor(RaftRole::Candidate), {}),
                                    swatch(raftRoleColor(RaftRole::Leader), {}), swatch(dead, {})}
                            .join(QStringLiteral("&nbsp;"))};
    m_legend->setToolTip(QStringList{raftRoleName(RaftRole::Follower), raftRoleName(RaftRole::PreCandidate),
                                     raftRoleName(RaftRole::Candidate), raftRoleName(RaftRole::Leader), tr("dead")}
                             .join(QStringLiteral(" · ")));

    auto* top = new QHBoxLayout;
    top->setContentsMargins(6, 4, 6, 2);
    top->addWidget(m_header, 1);
    top->addWidget(m_legend);

    m_lanes = new RaftLanes(*m_history, timeline, this);

    m_model = new RaftLogModel(this);
    m_table = new QTableView(this);
    m_table->setModel(m_model);
    m_table->setItemDelegate(new RaftLogDelegate(m_table));
    m_table->setShowGrid(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_table->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    const QFontMetrics fm = m_table->fontMetrics();
    const int cellWidth = std::max(26, fm.horizontalAdvance(QStringLiteral("888")) + 10);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->horizontalHeader()->setDefaultSectionSize(cellWidth);
    m_table->horizontalHeader()->setMinimumSectionSize(cellWidth);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fm.height() + 8);
    m_table->setToolTip(QString());
    connect(m_table->horizontalScrollBar(), &QScrollBar::valueChanged, this,
            [this](int value) { m_followEnd = value >= m_table->horizontalScrollBar()->maximum() - 1; });
    connect(m_table, &QTableView::clicked, this, [this](const QModelIndex& index) {
        if (index.isValid())
            m_timeline.selectNode(m_model->logs()[std::size_t(index.row())].node);
    });
    connect(m_table->verticalHeader(), &QHeaderView::sectionClicked, this, [this](int row) {
        if (row >= 0 && row < m_model->rowCount())
            m_timeline.selectNode(m_model->logs()[std::size_t(row)].node);
    });

    m_peersTitle = new QLabel(this);
    m_peersTitle->setWordWrap(true);
    m_peers = new QTableWidget(0, 3, this);
    m_peers->setHorizontalHeaderLabels({tr("Follower"), tr("nextIndex"), tr("matchIndex")});
    m_peers->verticalHeader()->hide();
    m_peers->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_peers->setSelectionMode(QAbstractItemView::NoSelection);
    m_peers->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_peers->verticalHeader()->setDefaultSectionSize(fm.height() + 4);
    auto* gridLegend = new QLabel(this);
    gridLegend->setTextFormat(Qt::RichText);
    gridLegend->setWordWrap(true);
    gridLegend->setText(tr("<b>bold</b>: committed, dashed: not yet") + QStringLiteral("<br>") +
                        QStringList{QStringLiteral("<u>2</u>&nbsp;") + tr("applied").toHtmlEscaped(),
                                    glyph(RaftLogDelegate::nextColor(), QStringLiteral("◤"), tr("nextIndex")),
                                    glyph(RaftLogDelegate::matchColor(), QStringLiteral("◢"), tr("matchIndex"))}
                            .join(QStringLiteral(" ")));

    auto* side = new QWidget(this);
    auto* sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(4, 0, 0, 0);
    sideLayout->addWidget(m_peersTitle);
    sideLayout->addWidget(m_peers, 1);
    sideLayout->addWidget(gridLegend);
    side->setMinimumWidth(fm.horizontalAdvance(QStringLiteral("Follower nextIndex matchIndex")) + 24);
    side->setMaximumWidth(fm.horizontalAdvance(QStringLiteral("Follower nextIndex matchIndex")) * 2);

    auto* bottom = new QSplitter(Qt::Horizontal, this);
    bottom->addWidget(m_table);
    bottom->addWidget(side);
    bottom->setStretchFactor(0, 1);
    bottom->setStretchFactor(1, 0);
    bottom->setChildrenCollapsible(true);
    // The logs may shrink to a few rows in a small dock: the lanes keep their readable minimum.
    bottom->setMinimumHeight(fontMetrics().height() * 4);

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->addWidget(m_lanes);
    m_splitter->addWidget(bottom);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(top);
    layout->addWidget(m_splitter, 1);

    m_frame = new QTimer(this);
    m_frame->setSingleShot(true);
    m_frame->setInterval(kFrameMs);
    connect(m_frame, &QTimer::timeout, this, &RaftView::refresh);

    connect(&timeline, &RunTimeline::appended, this, &RaftView::onAppended);
    connect(&timeline, &RunTimeline::cleared, this, &RaftView::onCleared);
    connect(&timeline, &RunTimeline::cursorMoved, this, &RaftView::scheduleRefresh);
    connect(&timeline, &RunTimeline::liveChanged, this, &RaftView::scheduleRefresh);
    connect(&timeline, &RunTimeline::nodeSelected, this, &RaftView::onNodeSelected);

    if (!timeline.events().empty())
        m_history->ingest(0, timeline.events().size());
    refresh();
}

RaftView::~RaftView() = default;

void RaftView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    fitLegend();
}

void RaftView::fitLegend() {
    if (m_legendWidths.empty()) {
        QLabel probe;
        probe.setFont(m_legend->font());
        probe.setTextFormat(Qt::RichText);
        for (const QString& variant : m_legendVariants) {
            probe.setText(variant);
            m_legendWidths.push_back(probe.sizeHint().width());
        }
        // Never wider than the narrowest variant when space is short; fitLegend picks the text.
        m_legend->setMinimumWidth(*std::min_element(m_legendWidths.begin(), m_legendWidths.end()));
    }
    const int available = width() - m_header->sizeHint().width() - 24;
    std::size_t chosen = 0;
    while (chosen + 1 < m_legendWidths.size() && m_legendWidths[chosen] > available)
        ++chosen;
    if (m_legend->text() != m_legendVariants[qsizetype(chosen)]) {
        m_legend->setText(m_legendVariants[qsizetype(chosen)]);
    }
}

int RaftView::laneCount() const {
    return m_lanes->laneCount();
}

void RaftView::setLogWindow(int indices) {
    m_model->setWindow(indices);
    m_followEnd = true;
    refresh();
}

void RaftView::onAppended(std::size_t first, std::size_t count) {
    m_history->ingest(first, count);
    scheduleRefresh();
}

void RaftView::onCleared() {
    m_history->clear();
    m_followEnd = true;
    refresh();
}

void RaftView::onNodeSelected(const QString& node) {
    const int row = m_model->rowOf(node);
    if (row >= 0)
        m_table->selectRow(row);
    else
        m_table->clearSelection();
    m_lanes->update();
}

void RaftView::scheduleRefresh() {
    if (!m_frame->isActive())
        m_frame->start();
}

QString RaftView::headerText() const {
    return m_header->text();
}

void RaftView::refresh() {
    m_frame->stop();
    const qint64 t = m_timeline.cursorNs();
    const bool followEnd = m_followEnd;
    m_model->setLogs(m_history->logsAt(t, m_model->logs()));
    updateSpans();
    if (followEnd && m_model->columnCount() > 0) {
        // Lay the table out now so the scroll bar knows its new range, then show the newest entries.
        m_table->doItemsLayout();
        m_table->horizontalScrollBar()->setValue(m_table->horizontalScrollBar()->maximum());
    }
    const int selected = m_model->rowOf(m_timeline.selectedNode());
    if (selected >= 0 && !m_table->selectionModel()->isRowSelected(selected, {}))
        m_table->selectRow(selected);

    const QString at = tr("at %1 s").arg(double(t) / 1e9, 0, 'f', 3);
    if (m_history->nodes().isEmpty()) {
        m_header->setText(tr("No Raft nodes"));
    } else {
        const QString leader = m_history->leaderAt(t);
        const qint64 term = m_history->termAt(t);
        m_header->setText(leader.isEmpty() ? tr("No leader · term %1 · %2").arg(term).arg(at)
                                           : tr("Leader %1 · term %2 · %3").arg(leader).arg(term).arg(at));
    }
    updatePeers();
    fitLegend();
    m_lanes->update();
}

void RaftView::updateSpans() {
    m_table->clearSpans();
    for (int row = 0; row < m_model->rowCount(); ++row)
        if (const int compacted = m_model->compactedColumns(row); compacted > 1)
            m_table->setSpan(row, 0, 1, compacted);
}

void RaftView::updatePeers() {
    const int leader = m_model->leaderRow();
    if (leader < 0) {
        m_peersTitle->setText(tr("No leader at this time"));
        m_peers->setRowCount(0);
        return;
    }
    const RaftNodeLog& log = m_model->logs()[std::size_t(leader)];
    m_peersTitle->setText(tr("Leader %1, term %2: its followers").arg(log.node).arg(log.term));
    m_peers->setRowCount(int(log.peers.size()));
    for (int row = 0; row < int(log.peers.size()); ++row) {
        const RaftPeerProgress& peer = log.peers[std::size_t(row)];
        const QStringList cells{peer.node, QString::number(peer.next), QString::number(peer.match)};
        for (int column = 0; column < cells.size(); ++column) {
            QTableWidgetItem* item = m_peers->item(row, column);
            if (item == nullptr) {
                item = new QTableWidgetItem;
                m_peers->setItem(row, column, item);
            }
            item->setText(cells[column]);
            item->setTextAlignment(column == 0 ? Qt::AlignLeft | Qt::AlignVCenter : Qt::AlignRight | Qt::AlignVCenter);
        }
    }
}

}  // namespace distlab::views
