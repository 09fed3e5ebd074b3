#include "views/shell/shortcut_help.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QTableWidget>
#include <QVBoxLayout>

#include <set>

namespace distlab::views {

ShortcutHelp::ShortcutHelp(QMainWindow& window) : QDialog(&window), m_table(new QTableWidget(this)) {
    setWindowTitle(tr("Keyboard shortcuts"));
    m_table->setColumnCount(3);
    m_table->setHorizontalHeaderLabels({tr("Menu"), tr("Action"), tr("Keys")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);

    std::set<const QAction*> seen;
    auto addRow = [&](const QString& group, const QAction* action) {
        // A hidden action (a pattern view the open scenario does not use) has no shortcut to offer.
        if (action->isSeparator() || !action->isVisible() || action->shortcuts().isEmpty() ||
            !seen.insert(action).second)
            return;
        QStringList keys;
        for (const QKeySequence& key : action->shortcuts())
            keys << key.toString(QKeySequence::NativeText);
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, 0, new QTableWidgetItem(group));
        m_table->setItem(row, 1, new QTableWidgetItem(action->text().remove(QLatin1Char('&'))));
        m_table->setItem(row, 2, new QTableWidgetItem(keys.join(QStringLiteral(", "))));
    };
    for (QAction* top : window.menuBar()->actions()) {
        if (QMenu* menu = top->menu()) {
            const QString group = top->text().remove(QLatin1Char('&'));
            for (QAction* action : menu->actions()) {
                if (QMenu* sub = action->menu())
                    for (QAction* inner : sub->actions())
                        addRow(group, inner);
                else
                    addRow(group, action);
            }
        }
    }
    // Window-level actions that live in no menu (canvas and dock shortcuts).
    for (QAction* action : window.actions())
        addRow(tr("Window"), action);
    m_table->resizeColumnsToContents();
    m_table->horizontalHeader()->setStretchLastSection(true);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addWidget(buttons);
    resize(520, 480);
}

int ShortcutHelp::shortcutCount() const {
    return m_table->rowCount();
}

}  // namespace distlab::views
