#pragma once

#include <QDialog>
#include <QStringList>

class QCheckBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace distlab::views {

// File > Compare: two sides, each a scenario file (run by the comparison) or a .distlab recording
// (compared as it was recorded, never rerun); how many runs of the scenario sides, their seed (by
// default each scenario's own),
// simulator or real processes (all three disabled when both sides are recordings); the noise
// threshold (a difference within it reads "same"; 5 % unless changed); and the folder for the
// side-by-side report. arguments() is the distlab-cli command line (after the program) that makes
// it: `compare A B [--runs N] [--seed S] [--sim] [--threshold PCT] --report DIR`.
//
// Threading: GUI thread only. Validating a recording reads its meta table (no events).
class CompareDialog final : public QDialog {
    Q_OBJECT
public:
    // `a` and `b` pre-fill the two sides (either may be empty).
    explicit CompareDialog(const QString& a, const QString& b = QString(), QWidget* parent = nullptr);

    QStringList arguments() const;
    QString reportDir() const;
    // Whether `path` is taken as a recording, by the rule distlab-cli compare uses: named
    // *.distlab, or an SQLite file.
    static bool isRecording(const QString& path);
    // distlab-cli compare's default noise threshold (--threshold), as a fraction.
    static constexpr double kDefaultThreshold = 0.05;

private:
    void validate();
    bool bothRecordings() const;
    // What side `name` holds, for the status line; false when it cannot be compared.
    bool describe(const QString& name, const QString& path, QString& text) const;

    QLineEdit* m_a;
    QLineEdit* m_b;
    QLineEdit* m_out;
    QSpinBox* m_runs;
    QSpinBox* m_seed;
    QCheckBox* m_sim;
    QDoubleSpinBox* m_threshold;   // a fraction, shown as a percentage
    QLabel* m_status;
    QPushButton* m_ok = nullptr;
};

}  // namespace distlab::views
