#include "views/shell/run_my_node_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSpinBox>

namespace distlab::views {

RunMyNodeDialog::RunMyNodeDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Run My Node"));
    auto* form = new QFormLayout;
    auto* intro = new QLabel(tr("Runs a program of yours that speaks Maelstrom's protocol (JSON lines on stdin and stdout, "
                                "its log on stderr) as nodes n1, n2, ... under one of Maelstrom's workloads, as "
                                "distlab-cli maelstrom test does. Maelstrom's services lin-kv, seq-kv, lww-kv and "
                                "lin-tso run beside them."));
    intro->setWordWrap(true);

    m_program = new QLineEdit;
    m_program->setObjectName(QStringLiteral("program"));
    m_program->setPlaceholderText(tr("/path/to/my-node"));
    auto* browseButton = new QPushButton(tr("Browse..."));
    connect(browseButton, &QPushButton::clicked, this, &RunMyNodeDialog::browse);
    auto* programRow = new QHBoxLayout;
    programRow->addWidget(m_program, 1);
    programRow->addWidget(browseButton);
    auto* programLabel = new QLabel(tr("&Program:"));   // a row that is a layout gets no buddy by itself
    programLabel->setBuddy(m_program);
    form->addRow(programLabel, programRow);

    m_arguments = new QLineEdit;
    m_arguments->setObjectName(QStringLiteral("arguments"));
    m_arguments->setPlaceholderText(tr("optional, e.g. --verbose \"two words\""));
    m_arguments->setToolTip(tr("Split as a command line is (quotes group words); the program is started without a shell"));
    form->addRow(tr("&Arguments:"), m_arguments);

    m_workload = new QComboBox;
    for (const std::string& w : core::maelstrom::maelstrom_workloads())
        m_workload->addItem(QString::fromStdString(w));
    form->addRow(tr("&Workload:"), m_workload);

    m_nodes = new QSpinBox;
    m_nodes->setRange(1, 100);
    m_nodes->setValue(1);
    form->addRow(tr("&Nodes:"), m_nodes);

    m_timeLimit = new QDoubleSpinBox;
    m_timeLimit->setRange(1, 3600);
    m_timeLimit->setDecimals(1);
    m_timeLimit->setValue(10);
    m_timeLimit->setSuffix(tr(" s"));
    m_timeLimit->setToolTip(tr("Seconds of workload; the run lasts one more to settle"));
    form->addRow(tr("&Time limit:"), m_timeLimit);

    m_rate = new QDoubleSpinBox;
    m_rate->setRange(0.1, 100000);
    m_rate->setDecimals(1);
    m_rate->setValue(10);
    m_rate->setSuffix(tr(" ops/s"));
    m_rate->setToolTip(tr("Operations per second over all clients"));
    form->addRow(tr("&Rate:"), m_rate);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Run"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_program, &QLineEdit::textChanged, this, &RunMyNodeDialog::updateOk);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_buttons);
    updateOk();
}

core::maelstrom::MaelstromTest RunMyNodeDialog::test() const {
    core::maelstrom::MaelstromTest t;
    t.command.push_back(m_program->text().trimmed().toStdString());
    for (const QString& arg : QProcess::splitCommand(m_arguments->text()))
        t.command.push_back(arg.toStdString());
    t.workload = m_workload->currentText().toStdString();
    t.node_count = static_cast<std::uint64_t>(m_nodes->value());
    t.time_limit_s = m_timeLimit->value();
    t.rate = m_rate->value();
    return t;
}

void RunMyNodeDialog::setTest(const core::maelstrom::MaelstromTest& test) {
    QStringList args;
    for (std::size_t i = 1; i < test.command.size(); ++i) {
        QString arg = QString::fromStdString(test.command[i]);
        if (arg.contains(QLatin1Char(' ')) || arg.isEmpty())
            arg = QLatin1Char('"') + arg + QLatin1Char('"');
        args << arg;
    }
    m_program->setText(test.command.empty() ? QString() : QString::fromStdString(test.command[0]));
    m_arguments->setText(args.join(QLatin1Char(' ')));
    m_workload->setCurrentText(QString::fromStdString(test.workload));
    m_nodes->setValue(static_cast<int>(test.node_count));
    m_timeLimit->setValue(test.time_limit_s);
    m_rate->setValue(test.rate);
}

void RunMyNodeDialog::browse() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Your Node Program"), m_program->text());
    if (!path.isEmpty())
        m_program->setText(path);
}

void RunMyNodeDialog::updateOk() {
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!m_program->text().trimmed().isEmpty());
}

}  // namespace distlab::views
