#pragma once

#include <QDialog>
#include <QPromise>
#include <QString>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <functional>
#include <string_view>
#include <type_traits>
#include <utility>

#include "core/model/text.h"

class QFutureWatcherBase;
class QLabel;
class QLayout;
class QProgressBar;
class QPushButton;
class QTextBrowser;

namespace distlab::views {

// How a campaign reports its progress: the phase it is in, and how far it is in it.
using CampaignProgress = std::function<void(std::string_view phase, int done, int total)>;

// `campaign` (a callable given a CampaignProgress that returns the campaign's result) run on a
// QtConcurrent worker; its progress goes through the promise, so a watcher reports it on the GUI
// thread (throttled): each report sets the progress value and text (the phase), a new phase sets
// the range.
template <class Campaign>
auto runCampaign(Campaign campaign) {
    using Result = std::invoke_result_t<Campaign&, CampaignProgress>;
    return QtConcurrent::run([campaign = std::move(campaign)](QPromise<Result>& promise) mutable {
        QString phase;
        promise.addResult(campaign([&promise, &phase](std::string_view what, int done, int total) {
            const QString name = QString::fromUtf8(what.data(), qsizetype(what.size()));
            if (name != phase) {
                phase = name;
                promise.setProgressRange(0, total);
            }
            promise.setProgressValueAndText(done, name);
        }));
    });
}

// What Run > Chaos and Run > Stress share: a campaign on the open scenario in the simulator, run
// on a worker (runCampaign); Start, which becomes Stop while it runs; a progress bar, a status line
// and the result's summary; an action on the result beside Start; Close. A subclass brings its
// options, starts its campaign (launch) and shows its outcome (ended); it owns the watcher, typed
// by its outcome, and hands it to setUp().
//
// Threading: GUI thread only. Stop sets the stop flag the campaign is given (stopFlag()), which
// ends it promptly; closing the dialog stops it too. The destructor stops the campaign and waits
// for it, so the flag outlives the worker.
class CampaignDialog : public QDialog {
    Q_OBJECT
public:
    ~CampaignDialog() override;

    bool isRunning() const;
    // Starts a campaign with the options shown (nothing if one is running or they are not valid).
    void start();
    // Asks the campaign to stop; finished() follows promptly.
    void stop();

Q_SIGNALS:
    void finished();

protected:
    explicit CampaignDialog(QWidget* parent);

    // Called once, after the subclass has made its options (so they come first in the tab order;
    // connect what calls updateControls() after it, as the widgets it makes are null before): lays
    // the dialog out, `intro` (plain text), the options `form`, `note` (may be null), the progress bar,
    // the status line, the summary, and the buttons Start, `action` and Close. `watcher` is the
    // subclass's (a child of the dialog): its progress drives the bar, its end ended().
    void setUp(const QString& intro, QLayout* form, QWidget* note, QPushButton* action, QFutureWatcherBase* watcher);
    void reject() override;

    // Whether the options shown make a campaign.
    virtual bool canStart() const = 0;
    // Starts the campaign with the options shown, stopFlag() as its stop flag, on the watcher;
    // sets the progress bar's range and format. The summary is cleared and the status says it runs.
    virtual void launch() = 0;
    // The campaign ended (the watcher has its result): keep and show it.
    virtual void ended() = 0;
    // Start or Stop as the campaign runs or not; a subclass also enables its options (and calls this).
    virtual void updateControls();
    // The campaign's progress text (its phase) changed.
    virtual void showPhase(const QString& phase) { (void)phase; }

    // A campaign that could not run: `error` in the status line, the bar empty.
    void showError(const core::Text& error);
    // A campaign that ran (to its end or until stopped): the bar full, `status` in the status line.
    void showEnd(bool stopped, const QString& status);

    std::atomic<bool>* stopFlag() { return &m_stop; }
    bool stopping() const { return m_stop; }
    QProgressBar* progress() const { return m_progress; }
    QLabel* status() const { return m_status; }
    QTextBrowser* summary() const { return m_summary; }

private:
    // Made by setUp.
    QFutureWatcherBase* m_watcher = nullptr;
    QPushButton* m_start = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QTextBrowser* m_summary = nullptr;
    std::atomic<bool> m_stop{false};
};

}  // namespace distlab::views
