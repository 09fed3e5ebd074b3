#include "views/shell/state_panel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

#include "core/model/json.h"
#include "netlab/api/event.h"
#include "views/common/run_timeline.h"
#include "views/state/state_model.h"

namespace distlab::views {

StatePanel::StatePanel(StateModel& model, RunTimeline& timeline, QWidget* parent)
    : QWidget(parent), m_model(model), m_timeline(timeline) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_node = new QComboBox(this);
    m_node->setPlaceholderText(tr("Select a node"));
    m_since = new QToolButton(this);
    m_since->setText(tr("Since Cursor"));
    m_since->setCheckable(true);
    m_since->setToolTip(tr("Highlight the fields that differ from the node's state at the timeline cursor's "
                           "time (move the cursor there first), instead of those its last update changed"));
    auto* row = new QHBoxLayout;
    row->addWidget(m_node, 1);
    row->addWidget(m_since);
    layout->addLayout(row);
    connect(m_since, &QToolButton::toggled, this, [this](bool on) {
        m_sinceNs = m_timeline.cursorNs();
        m_since->setText(on ? tr("Since %1 s").arg(double(m_sinceNs) / 1e9, 0, 'f', 2) : tr("Since Cursor"));
        applyBaseline();
    });
    m_tree = new QTreeView(this);
    m_tree->setModel(&m_model);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setStretchLastSection(true);
    m_tree->setColumnWidth(StateModel::FieldColumn, 150);
    layout->addWidget(m_tree);
    connect(m_node, &QComboBox::currentTextChanged, this, &StatePanel::nodeChosen);
}

void StatePanel::setNodes(const QStringList& nodes) {
    m_node->clear();
    m_node->addItems(nodes);
}

void StatePanel::addNode(const QString& node) {
    if (m_node->findText(node) < 0)
        m_node->addItem(node);
    if (m_model.node() == node)
        expand();
}

void StatePanel::showNode(const QString& node) {
    m_model.setNode(node);
    applyBaseline();
    if (m_node->currentText() != node)
        m_node->setCurrentIndex(m_node->findText(node));
    expand();
}

void StatePanel::expand() {
    m_tree->expandToDepth(0);
}

// "Since" mode: the shown node's snapshot at the chosen time is the baseline of the state view.
void StatePanel::applyBaseline() {
    if (!m_since->isChecked()) {
        if (m_model.hasBaseline())
            m_model.setBaseline(std::nullopt);
        return;
    }
    const std::string node = m_model.node().toStdString();
    const auto& events = m_timeline.events();
    core::Json baseline = core::Json::object();
    for (std::size_t i = m_timeline.countUntil(m_sinceNs); i-- > 0;)
        if (events[i].kind == netlab::EventKind::State && events[i].node == node) {
            baseline = core::Json::parse(events[i].data, nullptr, false);
            break;
        }
    m_model.setBaseline(baseline.is_discarded() ? core::Json::object() : std::move(baseline));
}

}  // namespace distlab::views
