#include "views/shell/compare_dialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

#include "netlab/api/recording.h"
#include "views/common/number_box.h"

namespace distlab::views {

CompareDialog::CompareDialog(const QString& a, const QString& b, QWidget* parent)
    : QDialog(parent),
      m_a(new QLineEdit(a, this)),
      m_b(new QLineEdit(b, this)),
      m_out(new QLineEdit(QDir::temp().filePath(QStringLiteral("distlab-compare")), this)),
      m_runs(new QSpinBox(this)),
      m_seed(new QSpinBox(this)),
      m_sim(new QCheckBox(tr("In the simulator (fast, deterministic)"), this)),
      m_threshold(new NumberBox(true, this)),
      m_status(new QLabel(this)) {
    setWindowTitle(tr("Compare Scenarios or Recordings"));
    for (QLineEdit* edit : {m_a, m_b})
        edit->setPlaceholderText(tr("A scenario (.yaml) or a recording (.distlab)"));
    m_runs->setRange(1, 100);
    m_runs->setValue(1);
    m_runs->setToolTip(tr("Runs of each scenario. Several runs show the run-to-run spread: differences within it "
                          "read \"same\". A recording is one run."));
    m_seed->setRange(-1, std::numeric_limits<int>::max());
    m_seed->setValue(-1);
    m_seed->setToolTip(tr("The seed of run 1 of both sides (run k uses seed + k - 1). By default each scenario "
                          "runs under its own seed, or under the recording's when the other side is a recording."));
    m_sim->setChecked(true);
    // distlab-cli takes (0, 100] %; the box shows 5 % as "5 %" and keeps 0.05.
    m_threshold->setRange(0.001, 1);
    m_threshold->setSingleStep(0.01);
    m_threshold->setValue(kDefaultThreshold);
    m_threshold->setKeyboardTracking(false);
    m_threshold->setToolTip(tr("A difference between A and B counts only beyond this share of the larger value (for a "
                               "percentage: that many points) and, with several runs, beyond their spread; anything "
                               "less reads \"same\". 5 % unless changed."));
    m_status->setTextFormat(Qt::PlainText);
    auto picker = [this](QLineEdit* edit, bool folder) {
        auto* row = new QHBoxLayout;
        auto* browse = new QPushButton(tr("Browse..."), this);
        row->addWidget(edit, 1);
        row->addWidget(browse);
        connect(browse, &QPushButton::clicked, this, [this, edit, folder] {
            const QString path =
                folder ? QFileDialog::getExistingDirectory(this, tr("Report Folder"), edit->text())
                       : QFileDialog::getOpenFileName(this, tr("Scenario or Recording"), QFileInfo(edit->text()).absolutePath(),
                                                      tr("Scenarios and recordings (*.yaml *.yml *.distlab);;"
                                                         "Scenarios (*.yaml *.yml);;Recordings (*.distlab)"));
            if (!path.isEmpty())
                edit->setText(path);
        });
        connect(edit, &QLineEdit::textChanged, this, &CompareDialog::validate);
        return row;
    };
    auto* form = new QFormLayout;
    form->addRow(tr("Side A"), picker(m_a, false));
    form->addRow(tr("Side B"), picker(m_b, false));
    form->addRow(QString(), m_status);
    form->addRow(tr("Runs of each scenario"), m_runs);
    form->addRow(tr("Seed"), m_seed);
    form->addRow(QString(), m_sim);
    form->addRow(tr("Noise threshold"), m_threshold);
    form->addRow(tr("Report folder"), picker(m_out, true));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Compare"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
    validate();
    resize(std::max(680, sizeHint().width()), sizeHint().height());
}

bool CompareDialog::isRecording(const QString& path) {
    if (path.endsWith(QLatin1String(".distlab"), Qt::CaseInsensitive))
        return true;
    QFile file(path);
    // An SQLite file starts with "SQLite format 3" and a NUL.
    return file.open(QIODevice::ReadOnly) && file.read(16) == QByteArray("SQLite format 3", 16);
}

bool CompareDialog::bothRecordings() const {
    return !m_a->text().isEmpty() && !m_b->text().isEmpty() && isRecording(m_a->text()) && isRecording(m_b->text());
}

bool CompareDialog::describe(const QString& name, const QString& path, QString& text) const {
    if (path.isEmpty()) {
        text = tr("%1: choose a scenario (.yaml) or a recording (.distlab).").arg(name);
        return false;
    }
    const QFileInfo info(path);
    if (!info.isFile()) {
        text = tr("%1: %2 does not exist.").arg(name, path);
        return false;
    }
    if (!isRecording(path)) {
        text = tr("%1: scenario %2, run by the comparison.").arg(name, info.fileName());
        return true;
    }
    const auto reader = netlab::RecordingReader::open(path.toStdString());
    if (!reader) {
        text = tr("%1: not a recording DistLab can read: %2").arg(name, QString::fromStdString(reader.error().message));
        return false;
    }
    const netlab::RecordingMeta& meta = reader->meta();
    // ISO 8601 UTC to the second: "2024-05-01 10:00:00".
    const QString when = QString::fromStdString(meta.start_wall_time).left(19).replace(QLatin1Char('T'), QLatin1Char(' '));
    text = when.isEmpty() ? tr("%1: recording of %2, seed %3.").arg(name, QString::fromStdString(meta.scenario_name),
                                                                    QString::number(meta.seed))
                          : tr("%1: recording of %2, seed %3, recorded %4 UTC.")
                                .arg(name, QString::fromStdString(meta.scenario_name), QString::number(meta.seed), when);
    return true;
}

void CompareDialog::validate() {
    QString a;
    QString b;
    const bool okA = describe(tr("A"), m_a->text(), a);
    const bool okB = describe(tr("B"), m_b->text(), b);
    QString status = a + QLatin1Char('\n') + b;
    const bool recordings = bothRecordings();
    if (recordings)
        status += QLatin1Char('\n') + tr("Both are recordings: nothing runs, so runs, seed and simulator do not apply.");
    m_status->setText(status);
    for (QWidget* w : {static_cast<QWidget*>(m_runs), static_cast<QWidget*>(m_seed), static_cast<QWidget*>(m_sim)})
        w->setEnabled(!recordings);
    const bool oneRecording = !recordings && ((okA && isRecording(m_a->text())) || (okB && isRecording(m_b->text())));
    m_seed->setSpecialValueText(oneRecording ? tr("the recording's") : tr("each scenario's own"));
    if (m_ok)
        m_ok->setEnabled(okA && okB && !m_out->text().isEmpty());
}

QString CompareDialog::reportDir() const {
    return m_out->text();
}

QStringList CompareDialog::arguments() const {
    QStringList args{QStringLiteral("compare"), m_a->text(), m_b->text()};
    if (!bothRecordings()) {
        args << QStringLiteral("--runs") << QString::number(m_runs->value());
        if (m_seed->value() >= 0)
            args << QStringLiteral("--seed") << QString::number(m_seed->value());
        if (m_sim->isChecked())
            args << QStringLiteral("--sim");
    }
    // The threshold judges recordings too; left out at the CLI's default.
    if (std::abs(m_threshold->value() - kDefaultThreshold) > 1e-9)
        args << QStringLiteral("--threshold") << QString::number(m_threshold->value() * 100);
    args << QStringLiteral("--report") << m_out->text();
    return args;
}

}  // namespace distlab::views
