#include "views/shell/export_actions.h"

#include <QCoreApplication>
#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QProcess>
#include <QUrl>
#include <QtConcurrent/QtConcurrentRun>

#include <filesystem>

#include "netlab/api/event.h"
#include "netlab/api/report_files.h"
#include "netlab/scenario/scenario.h"
#include "report/pdf/pdf_report.h"
#include "views/common/engine_text.h"
#include "views/shell/compare_dialog.h"
#include "views/shell/picture_export.h"

namespace distlab::views {

namespace {

QString fromStd(const std::string& text) {
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

}  // namespace

ExportActions::ExportActions(QWidget& window) : QObject(&window), m_window(window), m_report(new QFutureWatcher<Written>(this)) {
    connect(m_report, &QFutureWatcherBase::finished, this, &ExportActions::onReportWritten);
}

ExportActions::~ExportActions() {
    m_report->waitForFinished();
    for (QProcess* process : findChildren<QProcess*>(Qt::FindDirectChildrenOnly)) {
        process->disconnect(this);   // its end must not reach the window being destroyed
        process->kill();
        process->waitForFinished();
    }
}

void ExportActions::exportReport(const netlab::Scenario& scenario, const std::vector<netlab::Event>& events,
                                 const QString& recording) {
    if (events.empty()) {
        QMessageBox::information(&m_window, tr("Export Report"), tr("Run the scenario or open a recording first."));
        return;
    }
    // A folder to write into: an existing one, or a new one named here (created on Export). The
    // name offered is the scenario's, beside the recording shown when there is one.
    QFileDialog dialog(&m_window, tr("Export Report To"));
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    dialog.setFileMode(QFileDialog::AnyFile);
    dialog.setOption(QFileDialog::ShowDirsOnly);
    dialog.setLabelText(QFileDialog::FileName, tr("Folder:"));
    dialog.setLabelText(QFileDialog::Accept, tr("Export"));
    dialog.setDirectory(recording.isEmpty() ? QDir::homePath() : QFileInfo(recording).absolutePath());
    dialog.selectFile(fromStd(scenario.name.empty() ? std::string("distlab") : scenario.name) + QStringLiteral("-report"));
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty())
        return;
    QString error;
    const QString dir = prepareReportFolder(dialog.selectedFiles().front(), &error);
    if (dir.isEmpty()) {
        QMessageBox::warning(&m_window, tr("Export Report"), error);
        return;
    }
    writeReport(dir, scenario, events, recording);
}

QString ExportActions::prepareReportFolder(const QString& chosen, QString* error) {
    const QFileInfo info(chosen);
    if (info.exists() && !info.isDir()) {
        if (error)
            *error = tr("%1 is a file, not a folder: choose a folder or a new folder's name.").arg(QDir::toNativeSeparators(chosen));
        return {};
    }
    if (!info.exists() && !QDir().mkpath(info.absoluteFilePath())) {
        if (error)
            *error = tr("The folder %1 could not be created.").arg(QDir::toNativeSeparators(info.absoluteFilePath()));
        return {};
    }
    return info.absoluteFilePath();
}

void ExportActions::writeReport(const QString& dir, const netlab::Scenario& scenario, std::vector<netlab::Event> events,
                                const QString& recording) {
    if (isWritingReport()) {
        Q_EMIT note(tr("A report is still being written; export again when it is done."));
        return;
    }
    Q_EMIT statusChanged(tr("Writing the report..."));
    // Judging and writing take a while on a long run: on a worker, with copies of what it needs.
    // The report speaks the window's language.
    m_report->setFuture(QtConcurrent::run([dir, scenario, events = std::move(events), recording = recording.toStdString(),
                                           lang = uiLanguage()] {
        auto written = netlab::write_report_files({scenario, events, recording, lang}, dir.toStdString());
        if (!written)
            return Written{dir, nullptr, fromStd(written.error().message)};
        return Written{dir, *written, QString()};
    }));
}

bool ExportActions::isWritingReport() const {
    return m_report->isRunning();
}

// The PDF is Qt painting: here, on the GUI thread.
void ExportActions::onReportWritten() {
    const QFuture<Written> future = m_report->future();
    if (future.resultCount() == 0)
        return;
    const Written written = future.result();
    QString problem = written.error;
    if (problem.isEmpty())
        if (auto pdf = report::write_report_pdf(*written.doc, std::filesystem::path(written.dir.toStdString()) / "report.pdf"); !pdf)
            problem = fromStd(pdf.error().message);
    if (!problem.isEmpty()) {
        Q_EMIT statusChanged(tr("The report could not be written."));
        QMessageBox::warning(&m_window, tr("Export Report"), problem);
        return;
    }
    Q_EMIT statusChanged(tr("Report written to %1 (report.html, report.pdf, CSV, JSON, trace).").arg(written.dir));
}

void ExportActions::exportPicture(const QString& title, QWidget* widget, QGraphicsScene* scene) {
    const QString path = QFileDialog::getSaveFileName(&m_window, title, QString(), tr("SVG (*.svg);;PNG (*.png)"));
    if (path.isEmpty())
        return;
    if (const QString problem = views::exportPicture(path, widget, scene); !problem.isEmpty())
        QMessageBox::warning(&m_window, title, problem);
    else
        Q_EMIT note(tr("Wrote %1").arg(path));
}

// distlab-cli compare as a child process (argv, no shell), so a long comparison never blocks the
// window.
void ExportActions::compare(const QString& a, const QString& b) {
    CompareDialog dialog(a, b, &m_window);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const QString cli = QFileInfo(QCoreApplication::applicationDirPath(), QStringLiteral("distlab-cli")).absoluteFilePath();
    auto* process = new QProcess(this);
    process->setProcessChannelMode(QProcess::MergedChannels);
    const QString dir = dialog.reportDir();
    connect(process, &QProcess::finished, this, [this, process, dir](int code, QProcess::ExitStatus status) {
        process->deleteLater();
        const QString html = QDir(dir).filePath(QStringLiteral("compare.html"));
        if (status != QProcess::NormalExit || code >= 2 || !QFileInfo::exists(html)) {
            Q_EMIT statusChanged(tr("The comparison failed."));
            QMessageBox::warning(&m_window, tr("Compare"), QString::fromUtf8(process->readAll()).right(2000));
            return;
        }
        Q_EMIT statusChanged(code == 0 ? tr("Comparison written to %1; both sides passed their checks.").arg(html)
                                       : tr("Comparison written to %1; some checks failed.").arg(html));
        QDesktopServices::openUrl(QUrl::fromLocalFile(html));
    });
    connect(process, &QProcess::errorOccurred, this, [this, process, cli](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart) {
            process->deleteLater();
            QMessageBox::warning(&m_window, tr("Compare"), tr("Cannot start %1.").arg(cli));
        }
    });
    Q_EMIT statusChanged(tr("Comparing..."));
    // The comparison's pages in the window's language.
    process->start(cli, dialog.arguments() << QStringLiteral("--lang") << QString::fromStdString(uiLanguage()));
}

}  // namespace distlab::views
