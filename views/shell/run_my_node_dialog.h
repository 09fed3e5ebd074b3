#pragma once

#include <QDialog>

#include "core/patterns/maelstrom/maelstrom_test.h"

class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

namespace distlab::views {

// File > Run My Node...: asks for a program that speaks Maelstrom's protocol (and its arguments),
// the workload, the number of nodes, the time limit and the rate, as `distlab-cli maelstrom test`
// takes them. The window then builds the same scenario (core/patterns/maelstrom/maelstrom_test.h),
// opens it and runs it on real processes. OK is enabled once a program is named.
class RunMyNodeDialog final : public QDialog {
    Q_OBJECT
public:
    explicit RunMyNodeDialog(QWidget* parent = nullptr);

    // What the fields say; the arguments split as a command line is (quotes group, no shell).
    core::maelstrom::MaelstromTest test() const;
    // Fills the fields (for tests and for the next time the dialog opens).
    void setTest(const core::maelstrom::MaelstromTest& test);

private:
    void browse();
    void updateOk();

    QLineEdit* m_program = nullptr;
    QLineEdit* m_arguments = nullptr;
    QComboBox* m_workload = nullptr;
    QSpinBox* m_nodes = nullptr;
    QDoubleSpinBox* m_timeLimit = nullptr;
    QDoubleSpinBox* m_rate = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

}  // namespace distlab::views
