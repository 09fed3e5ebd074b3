#pragma once

#include <QDialog>
#include <QStringList>

class QCheckBox;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace distlab::views {

// File > Compare Scenarios: two scenario files, how many runs of each, simulator or real
// processes, and the folder for the side-by-side report. arguments() is the distlab-cli command
// line (after the program) that makes it: `compare A B --runs N [--sim] --report DIR`.
//
// Threading: GUI thread only.
class CompareDialog final : public QDialog {
    Q_OBJECT
public:
    explicit CompareDialog(const QString& first, QWidget* parent = nullptr);

    QStringList arguments() const;
    QString reportDir() const;

private:
    void validate();

    QLineEdit* m_a;
    QLineEdit* m_b;
    QLineEdit* m_out;
    QSpinBox* m_runs;
    QCheckBox* m_sim;
    QPushButton* m_ok = nullptr;
};

}  // namespace distlab::views
