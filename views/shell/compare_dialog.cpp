#include "views/shell/compare_dialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace distlab::views {

CompareDialog::CompareDialog(const QString& first, QWidget* parent)
    : QDialog(parent),
      m_a(new QLineEdit(first, this)),
      m_b(new QLineEdit(this)),
      m_out(new QLineEdit(QDir::temp().filePath(QStringLiteral("distlab-compare")), this)),
      m_runs(new QSpinBox(this)),
      m_sim(new QCheckBox(tr("In the simulator (fast, deterministic)"), this)) {
    setWindowTitle(tr("Compare Two Scenarios"));
    m_runs->setRange(1, 100);
    m_runs->setValue(1);
    m_runs->setToolTip(tr("Runs of each scenario; run k of A and of B share a seed"));
    m_sim->setChecked(true);
    auto picker = [this](QLineEdit* edit, bool folder) {
        auto* row = new QHBoxLayout;
        auto* browse = new QPushButton(tr("Browse..."), this);
        row->addWidget(edit, 1);
        row->addWidget(browse);
        connect(browse, &QPushButton::clicked, this, [this, edit, folder] {
            const QString path = folder ? QFileDialog::getExistingDirectory(this, tr("Report Folder"), edit->text())
                                        : QFileDialog::getOpenFileName(this, tr("Scenario"), QFileInfo(edit->text()).absolutePath(),
                                                                       tr("Scenarios (*.yaml *.yml)"));
            if (!path.isEmpty())
                edit->setText(path);
        });
        connect(edit, &QLineEdit::textChanged, this, &CompareDialog::validate);
        return row;
    };
    auto* form = new QFormLayout;
    form->addRow(tr("Scenario A"), picker(m_a, false));
    form->addRow(tr("Scenario B"), picker(m_b, false));
    form->addRow(tr("Runs of each"), m_runs);
    form->addRow(QString(), m_sim);
    form->addRow(tr("Report folder"), picker(m_out, true));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Compare"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
    resize(560, sizeHint().height());
    validate();
}

void CompareDialog::validate() {
    if (m_ok)
        m_ok->setEnabled(QFileInfo::exists(m_a->text()) && QFileInfo::exists(m_b->text()) && !m_out->text().isEmpty());
}

QString CompareDialog::reportDir() const {
    return m_out->text();
}

QStringList CompareDialog::arguments() const {
    QStringList args{QStringLiteral("compare"), m_a->text(), m_b->text(), QStringLiteral("--runs"),
                     QString::number(m_runs->value()), QStringLiteral("--report"), m_out->text()};
    if (m_sim->isChecked())
        args << QStringLiteral("--sim");
    return args;
}

}  // namespace distlab::views
