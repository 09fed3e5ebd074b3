#pragma once

#include <QDialog>

class QMainWindow;
class QTableWidget;

namespace distlab::views {

// The keyboard help overlay (F1): every action of the window that has a shortcut, grouped by
// its menu, with the key sequence in the platform's notation. Built from the live actions, so it
// can never drift from what the keys really do.
//
// Threading: GUI thread only.
class ShortcutHelp final : public QDialog {
    Q_OBJECT
public:
    explicit ShortcutHelp(QMainWindow& window);

    int shortcutCount() const;

private:
    QTableWidget* m_table;
};

}  // namespace distlab::views
