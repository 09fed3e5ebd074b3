#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <memory>
#include <vector>

class QGraphicsScene;
class QWidget;

namespace distlab::netlab {
struct ReportDocument;
struct Event;
struct Scenario;
}

namespace distlab::views {

// What goes out of the window: the report of the run shown (HTML, PDF, CSV, JSON, trace),
// pictures of views (SVG, PNG) and side-by-side comparisons (distlab-cli compare).
//
// Ownership: a report is judged and written by a worker this object owns (QtConcurrent, with a
// watcher); the PDF (Qt painting) follows on the GUI thread. A comparison is a distlab-cli child
// process this object owns. The destructor waits for a report being written (it cannot be cut
// short without leaving half a report) and ends a comparison in progress; neither calls back
// into the window afterwards. Threading: GUI thread only.
class ExportActions final : public QObject {
    Q_OBJECT
public:
    // `window` is the parent of the dialogs (and of this object).
    explicit ExportActions(QWidget& window);
    ~ExportActions() override;

    // Export Report: asks for a folder (an existing one, or a new one's name, offered as
    // "<scenario>-report"), creates it if needed, then writes the report of `events` there.
    void exportReport(const netlab::Scenario& scenario, const std::vector<netlab::Event>& events, const QString& recording);
    // Judges the run and writes its report into `dir` in the background; statusChanged tells how
    // it went, and a warning shows what failed. Refused (with a note) while another is written.
    void writeReport(const QString& dir, const netlab::Scenario& scenario, std::vector<netlab::Event> events,
                     const QString& recording);
    bool isWritingReport() const;
    // The folder a report goes to, made if it does not exist yet; empty with `error` saying why
    // when `chosen` is a file or cannot be made.
    static QString prepareReportFolder(const QString& chosen, QString* error);
    // Export Picture: asks for a file, then writes a picture of `widget` (or `scene`).
    void exportPicture(const QString& title, QWidget* widget, QGraphicsScene* scene);
    // File > Compare: the dialog with `a` and `b` pre-filled, then distlab-cli compare; the
    // report opens in the browser when it is written.
    void compare(const QString& a, const QString& b);

Q_SIGNALS:
    // The status line's new text.
    void statusChanged(const QString& text);
    // A passing note for the status bar.
    void note(const QString& text);

private:
    struct Written {
        QString dir;
        std::shared_ptr<const netlab::ReportDocument> doc;
        QString error;
    };

    void onReportWritten();

    QWidget& m_window;
    QFutureWatcher<Written>* m_report;
};

}  // namespace distlab::views
