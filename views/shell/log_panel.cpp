#include "views/shell/log_panel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QScrollBar>
#include <QTableView>
#include <QVBoxLayout>

#include "views/log/event_log_filter.h"
#include "views/log/event_log_model.h"

namespace distlab::views {

LogPanel::LogPanel(EventLogFilter& filter, QWidget* parent) : QWidget(parent), m_filter(filter) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto* filters = new QHBoxLayout;
    m_node = new QComboBox(this);
    m_node->addItem(tr("All nodes"), QString());
    m_level = new QComboBox(this);
    for (LogSeverity s : {LogSeverity::Debug, LogSeverity::Info, LogSeverity::Lab, LogSeverity::Warn,
                          LogSeverity::Error, LogSeverity::Violation})
        m_level->addItem(tr("%1 and above").arg(EventLogModel::severityName(s)), int(s));
    m_level->setCurrentIndex(1);
    m_filter.setMinimumSeverity(LogSeverity::Info);
    m_text = new QLineEdit(this);
    m_text->setPlaceholderText(tr("Search messages"));
    m_text->setClearButtonEnabled(true);
    filters->addWidget(m_node);
    filters->addWidget(m_level);
    filters->addWidget(m_text, 1);
    layout->addLayout(filters);
    m_table = new QTableView(this);
    m_table->setModel(&m_filter);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(EventLogModel::TimeColumn, 80);
    m_table->setColumnWidth(EventLogModel::NodeColumn, 70);
    m_table->setColumnWidth(EventLogModel::LevelColumn, 80);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    layout->addWidget(m_table);
    connect(m_node, &QComboBox::currentIndexChanged, this, [this] { m_filter.setNode(m_node->currentData().toString()); });
    connect(m_level, &QComboBox::currentIndexChanged, this,
            [this] { m_filter.setMinimumSeverity(LogSeverity(m_level->currentData().toInt())); });
    connect(m_text, &QLineEdit::textChanged, &m_filter, &EventLogFilter::setText);
    connect(m_table, &QTableView::clicked, this, [this](const QModelIndex& index) {
        Q_EMIT lineClicked(index.siblingAtColumn(EventLogModel::NodeColumn).data().toString(),
                           index.data(EventLogModel::TimeRole).toLongLong());
    });
    QScrollBar* bar = m_table->verticalScrollBar();
    connect(bar, &QScrollBar::valueChanged, this, [this, bar](int value) { m_follow = value >= bar->maximum(); });
    connect(bar, &QScrollBar::rangeChanged, this, [this, bar](int, int maximum) {
        if (m_follow)
            bar->setValue(maximum);
    });
}

void LogPanel::setNodes(const QStringList& nodes) {
    m_node->clear();
    m_node->addItem(tr("All nodes"), QString());
    for (const QString& node : nodes)
        m_node->addItem(node, node);
}

void LogPanel::addNode(const QString& node) {
    if (m_node->findData(node) < 0)
        m_node->addItem(node, node);
}

}  // namespace distlab::views
