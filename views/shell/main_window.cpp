#include "views/shell/main_window.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPointer>
#include <QProgressBar>
#include <QScreen>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>
#include <QDesktopServices>
#include <QUrl>
#include <QVBoxLayout>

#include <optional>

#include "core/model/role_registry.h"
#include "netlab/api/event.h"
#include "netlab/api/recording.h"
#include "netlab/scenario/scenario.h"
#include "views/common/engine_text.h"
#include "views/common/lab_session.h"
#include "views/common/run_timeline.h"
#include "views/common/trace_bridge.h"
#include "views/editor/editor_controller.h"
#include "views/editor/inspector.h"
#include "views/editor/role_palette.h"
#include "views/editor/lab_document.h"
#include "views/faults/hand_faults.h"
#include "views/library/past_runs.h"
#include "views/library/recent_files.h"
#include "views/library/scenario_library.h"
#include "views/log/event_log_filter.h"
#include "views/log/event_log_model.h"
#include "views/shell/chaos_dialog.h"
#include "views/shell/stress_dialog.h"
#include "views/shell/checks_panel.h"
#include "views/shell/export_actions.h"
#include "views/shell/fork_actions.h"
#include "views/shell/log_panel.h"
#include "views/shell/playback_controls.h"
#include "views/shell/presentation.h"
#include "views/shell/recording_loader.h"
#include "views/shell/run_my_node_dialog.h"
#include "views/shell/shortcut_help.h"
#include "views/shell/state_panel.h"
#include "views/shell/theme.h"
#include "views/shell/window_docks.h"
#include "views/spacetime/spacetime_canvas.h"
#include "views/spacetime/spacetime_widget.h"
#include "views/state/state_model.h"
#include "views/timeline/narrative_bar.h"
#include "views/timeline/timeline_strip.h"
#include "views/topology/topology_scene.h"
#include "views/topology/topology_view.h"

namespace distlab::views {

namespace {

QString fromStd(const std::string& text) {
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

// Seconds for the status bar: "12", "2.5" (tenths below a minute), in the UI's locale.
QString secondsText(qint64 ms) {
    const double seconds = double(ms) / 1000.0;
    QString text = QLocale().toString(seconds, 'f', ms < 60'000 ? 1 : 0);
    const QString zero = QLocale().decimalPoint() + QLatin1Char('0');
    if (text.endsWith(zero))
        text.chop(zero.size());
    return text;
}

// The roles a scenario's nodes run, for the pattern views (unknown roles are left out).
RoleUse roleUseOf(const netlab::Scenario& scenario) {
    RoleUse use;
    for (const auto& node : scenario.nodes)
        if (const core::RoleDescriptor* role = core::RoleRegistry::builtin().find(node.role))
            use.add(*role);
    return use;
}

// One campaign at a time (Run > Chaos, Run > Stress): a dialog still running comes forward (closed
// while stopping, it comes back); a finished one gives way to `make()`'s, on the lab as it is now.
template <class Dialog, class Make>
Dialog* openCampaign(QPointer<Dialog>& open, Make make) {
    if (open && open->isRunning()) {
        open->show();
        open->raise();
        open->activateWindow();
        return open;
    }
    delete open;
    open = make();
    open->show();
    return open;
}

}  // namespace

// The window's actions and the widgets it updates after construction.
struct MainWindow::Ui {
    QAction* open = nullptr;
    QAction* run = nullptr;
    QAction* stop = nullptr;
    QAction* simulate = nullptr;
    QAction* pause = nullptr;
    QAction* restart = nullptr;
    QAction* stepMode = nullptr;
    QAction* library = nullptr;
    QAction* exportReport = nullptr;
    QAction* chaos = nullptr;
    QAction* stress = nullptr;
    QAction* quit = nullptr;
    QList<QAction*> zoomActions;         // View > Zoom In, Zoom Out, Zoom to Fit
    QPointer<ChaosDialog> chaosDialog;   // Run > Chaos, while open
    QPointer<StressDialog> stressDialog; // Run > Stress, while open
    std::optional<core::maelstrom::MaelstromTest> lastMyNode;   // File > Run My Node, last asked
    QStackedWidget* stack = nullptr;
    QMenu* recentMenu = nullptr;
    QMenu* viewMenu = nullptr;
    QString recordingPath;         // the open recording, when in playback
    QString forkParentPath;        // the recording in playback is a fork of this one
    QAction* compareParent = nullptr;   // Run > Compare with the Parent Run
    bool runSimulated = false;     // the run in progress (or last) is in the simulator
    QLabel* scenarioLabel = nullptr;
    QLabel* statusLabel = nullptr;
    QProgressBar* progress = nullptr;
};

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      m_ui(new Ui),
      m_session(new LabSession(this)),
      m_logModel(new EventLogModel(this)),
      m_logFilter(new EventLogFilter(this)),
      m_stateModel(new StateModel(this)),
      m_scene(new TopologyScene(this)),
      m_view(new TopologyView(m_scene, this)),
      m_editor(new EditorController(this, m_scene, m_view)),
      m_timeline(new RunTimeline(this)),
      m_strip(new TimelineStrip(*m_timeline, this)),
      m_narrative(new NarrativeBar(*m_timeline, this)),
      m_recent(new RecentFiles(this)),
      m_library(new LibraryPage(*m_recent, this)),
      m_faults(new HandFaults(*m_session, *m_timeline, this)),
      m_logPanel(new LogPanel(*m_logFilter, this)),
      m_statePanel(new StatePanel(*m_stateModel, *m_timeline, this)),
      m_checks(new ChecksPanel(*m_timeline, *m_strip, this)),
      m_playback(new PlaybackControls(*m_timeline, this)),
      m_loader(new RecordingLoader(this)),
      m_exports(new ExportActions(*this)),
      m_forks(new ForkActions(*this, *m_timeline, *m_session, [this] { return forkParent(); })) {
    setWindowTitle(tr("DistLab"));
    setObjectName(QStringLiteral("MainWindow"));
    setDockOptions(AnimatedDocks | AllowTabbedDocks);
    m_logModel->setChinese(chineseUi());
    m_logFilter->setSourceModel(m_logModel);
    m_narrative->setChinese(chineseUi());
    m_strip->setChinese(chineseUi());
    setAcceptDrops(true);

    // The lab page: caption, canvas, and the timeline strip with its controls.
    auto* lab = new QWidget(this);
    auto* labLayout = new QVBoxLayout(lab);
    labLayout->setContentsMargins(0, 0, 0, 0);
    labLayout->setSpacing(2);
    labLayout->addWidget(m_narrative);
    labLayout->addWidget(m_view, 1);
    auto* timelineRow = new QHBoxLayout;
    timelineRow->setContentsMargins(4, 0, 4, 4);
    timelineRow->addWidget(m_strip, 1);
    labLayout->addLayout(timelineRow);
    m_ui->stack = new QStackedWidget(this);
    m_ui->stack->addWidget(m_library);
    m_ui->stack->addWidget(lab);
    m_ui->stack->setCurrentIndex(1);
    setCentralWidget(m_ui->stack);

    buildActions();
    buildMenus();
    m_docks = new WindowDocks(*this, *m_ui->viewMenu, *m_timeline, *m_editor, *m_faults,
                              {m_logPanel, m_checks, m_statePanel}, chineseUi());
    // Presentation mode (F11) and the canvas' zoom head the View menu.
    m_presentation = new Presentation(*this, *m_docks, *m_timeline, {m_view, m_narrative, m_strip});
    connect(m_presentation, &Presentation::aboutToEnter, this, &MainWindow::showLab);
    connect(m_presentation, &Presentation::continueRequested, this, [this] {
        if (m_session->isRunning() && m_session->isPaused())
            m_session->setPaused(false);
    });
    // The run's keys (F5, F6, F7, Shift+F5, Ctrl+F5), Play, Live and the canvas' zoom belong to the
    // window too, so they work while presentation mode hides the menu bar and the toolbar.
    addActions({m_ui->run, m_ui->pause, m_ui->stop, m_ui->restart, m_ui->stepMode, m_playback->playAction(),
                m_playback->liveAction()});
    addActions(m_ui->zoomActions);
    QAction* firstViewEntry = m_ui->viewMenu->actions().value(0);
    m_ui->viewMenu->insertAction(firstViewEntry, m_presentation->toggleAction());
    m_ui->viewMenu->insertActions(firstViewEntry, m_ui->zoomActions);
    m_ui->viewMenu->insertSeparator(firstViewEntry);
    auto* timelineButtons = new QVBoxLayout;
    for (QAction* action : {m_playback->playAction(), m_playback->liveAction()}) {
        auto* button = new QToolButton(this);
        button->setDefaultAction(action);
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        timelineButtons->addWidget(button);
    }
    timelineButtons->addWidget(m_playback->speedCaption());
    timelineButtons->addWidget(m_playback->speedBox());
    timelineButtons->addStretch();
    timelineRow->addLayout(timelineButtons);

    // Every event goes to the timeline; the log, state and canvas take it while live, and are
    // rebuilt from the timeline when the cursor moves.
    TraceBridge& bridge = m_session->bridge();
    connect(&bridge, &TraceBridge::eventsArrived, this, &MainWindow::takeEvents);
    connect(m_timeline, &RunTimeline::cursorMoved, this, &MainWindow::replayToCursor);
    connect(m_timeline, &RunTimeline::cursorMoved, this, &MainWindow::showCursorTime);
    connect(m_playback, &PlaybackControls::speedChanged, this, &MainWindow::applySpeed);
    m_scene->setTimeline(m_timeline);
    // Faults by hand: menus on the canvas, and a line drawn across it while a run is live.
    connect(m_scene, &TopologyScene::nodeMenuRequested, m_faults, &HandFaults::showNodeMenu);
    connect(m_scene, &TopologyScene::linkMenuRequested, m_faults, &HandFaults::showLinkMenu);
    connect(m_scene, &TopologyScene::canvasMenuRequested, m_faults, &HandFaults::showCanvasMenu);
    connect(m_scene, &TopologyScene::partitionDrawn, m_faults, &HandFaults::partition);
    connect(m_scene, &TopologyScene::messageClicked, m_faults, &HandFaults::messageClicked);
    connect(m_scene, &TopologyScene::messageMenuRequested, m_faults, &HandFaults::showMessageMenu);
    connect(m_timeline, &RunTimeline::nodeSelected, this, &MainWindow::selectNode);
    connect(m_timeline, &RunTimeline::liveChanged, this, &MainWindow::updateActions);
    connect(m_session, &LabSession::pausedChanged, this, &MainWindow::showPaused);
    connect(m_faults, &HandFaults::message, this, [this](const QString& text) { statusBar()->showMessage(text, 6000); });
    // What if: forks from the message diagram's menu and Run > Fork Here open in a window of their own.
    connect(m_docks->messages()->canvas(), &SpacetimeCanvas::messageMenuRequested, this,
            [this](qint64 message, const QPoint& screenPos) {
                m_forks->showMessageMenu(m_docks->messages()->canvas()->index(), message, screenPos);
            });
    connect(m_forks, &ForkActions::note, this, [this](const QString& text) { statusBar()->showMessage(text, 10000); });
    connect(m_forks, &ForkActions::forked, this,
            [this](const QString& recording, const QString&, const QString& summary) { openFork(recording, summary); });
    connect(m_library, &LibraryPage::openRequested, this, &MainWindow::openFile);
    connect(m_library, &LibraryPage::newLabRequested, this, [this] {
        showLab();
        m_editor->newLab();
    });
    connect(this, &MainWindow::recordingOpened, this, [this](const QString& path, const QString& error) {
        if (!error.isEmpty())
            QMessageBox::warning(this, tr("Recording"), error);
        if (!path.isEmpty())
            m_recent->add(path);
    });
    connect(m_loader, &RecordingLoader::loaded, this, &MainWindow::showRecording);
    connect(m_session, &LabSession::runStarted, this, &MainWindow::showRunStarted);
    connect(m_session, &LabSession::listening, this, &MainWindow::showListening);
    connect(m_session, &LabSession::progressed, this, &MainWindow::showProgress);
    connect(m_session, &LabSession::runFinished, this, &MainWindow::showRunFinished);
    connect(m_scene, &TopologyScene::nodeSelected, this, &MainWindow::selectNode);
    connect(m_stateModel, &StateModel::nodeAppeared, this, &MainWindow::addNodeToLists);
    connect(m_statePanel, &StatePanel::nodeChosen, this, &MainWindow::selectNode);
    // A click on a log line selects its node and moves the timeline to it.
    connect(m_logPanel, &LogPanel::lineClicked, this, [this](const QString& node, qint64 tNs) {
        if (!node.isEmpty())
            selectNode(node);
        m_timeline->seek(tNs);
    });
    connect(this, &MainWindow::openRequested, this, &MainWindow::chooseScenario);
    LabDocument& document = m_editor->document();
    connect(&document, &LabDocument::dirtyChanged, this, &QWidget::setWindowModified);
    // A name or title changed in the lab settings (or undone) shows in the title at once.
    connect(&document, &LabDocument::settingsChanged, this, &MainWindow::updateTitle);
    // Saved under a new name (Save As): a recent file like an opened one.
    connect(&document, &LabDocument::filePathChanged, this, [this](const QString& path) {
        if (path.isEmpty() || !QFileInfo::exists(path))
            return;
        m_recent->add(path);
        m_ui->scenarioLabel->setText(QFileInfo(path).fileName());
    });
    connect(document.undoStack(), &QUndoStack::indexChanged, this, &MainWindow::updateActions);
    // A new lab starts clean (nothing of the last run or recording stays) and is shown at once.
    connect(m_editor, &EditorController::documentReplaced, this, [this] {
        m_loader->cancel();
        m_ui->recordingPath.clear();
        m_ui->forkParentPath.clear();
        m_playback->stop();
        m_timeline->clear();
        showDocument({});
        showLab();
    });
    connect(m_editor, &EditorController::canvasWanted, this, &MainWindow::showLab);
    connect(m_editor, &EditorController::message, this, [this](const QString& text) { statusBar()->showMessage(text, 6000); });
    connect(m_exports, &ExportActions::note, this, [this](const QString& text) { statusBar()->showMessage(text, 6000); });

    m_ui->scenarioLabel = new QLabel(this);
    m_ui->statusLabel = new QLabel(tr("Open a scenario to begin."), this);
    connect(m_exports, &ExportActions::statusChanged, m_ui->statusLabel, &QLabel::setText);
    m_ui->progress = new QProgressBar(this);
    m_ui->progress->setMaximumWidth(220);
    m_ui->progress->setTextVisible(true);
    m_ui->progress->setRange(0, 1);
    m_ui->progress->setValue(0);
    m_ui->progress->setFormat(QString());   // no lab yet: no time to show
    statusBar()->addWidget(m_ui->statusLabel, 1);
    statusBar()->addPermanentWidget(m_ui->scenarioLabel);
    statusBar()->addPermanentWidget(m_ui->progress);

    // 1200 x 780 where it fits; on a small screen (1366 x 768) the available area less the frame,
    // so the status bar and its progress stay visible when the window is restored from maximised.
    // A screen that small (a classroom projector's) is better used whole: the window starts
    // maximised there, unless a saved geometry says otherwise.
    QSize size(1200, 780);
    bool small = false;
    if (const QScreen* screen = QGuiApplication::primaryScreen()) {
        const QSize available = screen->availableGeometry().size();
        size = size.boundedTo(QSize(available.width() - 40, available.height() - 60));
        small = size != QSize(1200, 780);
    }
    resize(size);
    if (small)
        setWindowState(windowState() | Qt::WindowMaximized);
    restoreSettings();
    updateActions();
}

MainWindow::~MainWindow() {
    m_loader->cancel();  // a recording being read: stopped before the views it would feed go away
    delete m_session;    // ends a run in progress before the views it feeds go away
    delete m_ui;
}

void MainWindow::buildActions() {
    m_ui->open = new QAction(QIcon::fromTheme(QStringLiteral("document-open")), tr("&Open Scenario..."), this);
    m_ui->open->setShortcut(QKeySequence::Open);
    m_ui->open->setToolTip(tr("Open a scenario file (Ctrl+O)"));
    connect(m_ui->open, &QAction::triggered, this, &MainWindow::openRequested);

    m_ui->run = new QAction(QIcon::fromTheme(QStringLiteral("media-playback-start")), tr("&Run"), this);
    m_ui->run->setShortcut(Qt::Key_F5);
    m_ui->run->setToolTip(tr("Run the scenario (F5)"));
    connect(m_ui->run, &QAction::triggered, this, &MainWindow::runScenario);

    m_ui->stop = new QAction(QIcon::fromTheme(QStringLiteral("media-playback-stop")), tr("&Stop"), this);
    m_ui->stop->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
    m_ui->stop->setToolTip(tr("Stop the run (Shift+F5)"));
    connect(m_ui->stop, &QAction::triggered, this, &MainWindow::stopRun);

    m_ui->simulate = new QAction(tr("S&imulate"), this);
    m_ui->simulate->setCheckable(true);
    m_ui->simulate->setToolTip(tr("Run in the deterministic simulator instead of on real node processes"));
    connect(m_ui->simulate, &QAction::toggled, this, &MainWindow::updateActions);

    m_ui->pause = new QAction(QIcon::fromTheme(QStringLiteral("media-playback-pause")), tr("&Pause"), this);
    m_ui->pause->setCheckable(true);
    m_ui->pause->setShortcut(Qt::Key_F6);
    m_ui->pause->setToolTip(tr("Pause or continue the run (F6). A simulation stops its clock; a real run freezes its node processes."));
    connect(m_ui->pause, &QAction::toggled, this, [this](bool on) { m_session->setPaused(on); });

    m_ui->restart = new QAction(QIcon::fromTheme(QStringLiteral("view-refresh")), tr("Rest&art"), this);
    m_ui->restart->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_F5));
    m_ui->restart->setToolTip(tr("Stop the run and start it again from the beginning (Ctrl+F5)"));
    connect(m_ui->restart, &QAction::triggered, this, [this] {
        if (!m_session->isRunning()) {
            runScenario();
            return;
        }
        stopRun();
        auto* once = new QObject(this);
        connect(m_session, &LabSession::runFinished, once, [this, once] {
            once->deleteLater();
            QTimer::singleShot(0, this, &MainWindow::runScenario);
        });
    });

    m_ui->stepMode = new QAction(tr("Step &Mode"), this);
    m_ui->stepMode->setCheckable(true);
    m_ui->stepMode->setShortcut(Qt::Key_F7);
    m_ui->stepMode->setToolTip(tr("Pause at every narrative step marked pause (F7); F6 continues"));
    connect(m_ui->stepMode, &QAction::toggled, this, [this](bool on) { m_session->setStepMode(on); });

    m_ui->library = new QAction(QIcon::fromTheme(QStringLiteral("go-home")), tr("Scenario &Library"), this);
    m_ui->library->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    m_ui->library->setToolTip(tr("Every shipped scenario, by family (Ctrl+L)"));
    m_ui->library->setCheckable(true);
    connect(m_ui->library, &QAction::triggered, this, [this] { isShowingLibrary() ? showLab() : showLibrary(); });

    m_ui->exportReport = new QAction(tr("&Export Report..."), this);
    m_ui->exportReport->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_ui->exportReport->setToolTip(tr("Write the report of the run shown (HTML, PDF, CSV, JSON, trace) to a folder"));
    connect(m_ui->exportReport, &QAction::triggered, this, [this] {
        // The recording shown: the one open in playback, or the last run's.
        m_exports->exportReport(m_editor->document().scenario(), m_timeline->events(),
                                m_ui->recordingPath.isEmpty() ? m_session->lastRecording() : m_ui->recordingPath);
    });

    m_ui->chaos = new QAction(tr("&Chaos..."), this);
    m_ui->chaos->setShortcut(Qt::Key_F8);
    m_ui->chaos->setToolTip(tr("Run the lab many times in the simulator under random fault schedules and shrink the first "
                               "failure to a scenario to replay (F8)"));
    connect(m_ui->chaos, &QAction::triggered, this, &MainWindow::openChaos);
    m_ui->stress = new QAction(tr("&Stress..."), this);
    m_ui->stress->setToolTip(tr("Drive the lab's clients open loop at a rising rate in the simulator until it saturates, "
                                "and open the report: throughput and latency against the offered load"));
    connect(m_ui->stress, &QAction::triggered, this, &MainWindow::openStress);

    // The canvas follows the window and the topology at "fit" until the user zooms.
    QAction* zoomIn = new QAction(tr("Zoom &In"), this);
    zoomIn->setShortcut(QKeySequence::ZoomIn);
    connect(zoomIn, &QAction::triggered, this, [this] { m_view->zoomBy(1.25); });
    QAction* zoomOut = new QAction(tr("Zoom &Out"), this);
    zoomOut->setShortcut(QKeySequence::ZoomOut);
    connect(zoomOut, &QAction::triggered, this, [this] { m_view->zoomBy(0.8); });
    QAction* zoomFit = new QAction(tr("Zoom to &Fit"), this);
    zoomFit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    zoomFit->setToolTip(tr("Show the whole topology, and follow the window's size again (Ctrl+0)"));
    connect(zoomFit, &QAction::triggered, m_view, &TopologyView::fit);
    m_ui->zoomActions = {zoomIn, zoomOut, zoomFit};

    m_ui->quit = new QAction(tr("&Quit"), this);
    m_ui->quit->setShortcut(QKeySequence::Quit);
    connect(m_ui->quit, &QAction::triggered, this, &QWidget::close);
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_ui->library);
    file->addAction(m_ui->open);
    m_ui->recentMenu = file->addMenu(tr("Open &Recent"));
    connect(m_ui->recentMenu, &QMenu::aboutToShow, this, [this] {
        m_ui->recentMenu->clear();
        for (const QString& path : m_recent->files())
            m_ui->recentMenu->addAction(QFileInfo(path).fileName(), this, [this, path] { openFile(path); })->setToolTip(path);
        if (m_ui->recentMenu->isEmpty())
            m_ui->recentMenu->addAction(tr("(none yet)"))->setEnabled(false);
    });
    // The shipped scenarios (wherever DistLab is installed) by family, as the library lists them.
    QMenu* examples = file->addMenu(tr("Open &Example"));
    connect(examples, &QMenu::aboutToShow, this, [this, examples] {
        examples->clear();
        const ScenarioLibraryModel& model = m_library->model();
        for (int f = 0; f < model.rowCount(); ++f) {
            const QStandardItem* family = model.item(f);
            QMenu* sub = examples->addMenu(family->text());
            for (int r = 0; r < family->rowCount(); ++r) {
                const QString path = family->child(r)->data(ScenarioLibraryModel::PathRole).toString();
                sub->addAction(family->child(r)->text(), this, [this, path] { openFile(path); })->setToolTip(path);
            }
        }
        if (examples->isEmpty())
            examples->addAction(tr("(no scenarios installed)"))->setEnabled(false);
    });
    QAction* pastRuns = file->addAction(tr("&Past Runs..."));
    pastRuns->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    connect(pastRuns, &QAction::triggered, this, [this] {
        if (m_session->runsFolder().isEmpty()) {
            QMessageBox::information(this, tr("Past Runs"), tr("Recording is switched off."));
            return;
        }
        PastRunsDialog dialog(m_session->runsFolder(), chineseUi(), this);
        connect(&dialog, &PastRunsDialog::openRequested, this, &MainWindow::openRecording);
        QStringList compared;
        connect(&dialog, &PastRunsDialog::compareRequested, this,
                [&compared](const QString& a, const QString& b) { compared = {a, b}; });
        dialog.exec();
        if (compared.size() == 2)
            compareScenarios(compared[0], compared[1]);
    });
    QAction* myNode = file->addAction(tr("Run My &Node..."));
    myNode->setToolTip(tr("Run a program of yours that speaks Maelstrom's protocol under one of Maelstrom's workloads, "
                          "as distlab-cli maelstrom test does"));
    connect(myNode, &QAction::triggered, this, [this] {
        if (m_session->isRunning()) {
            QMessageBox::information(this, tr("Run My Node"), tr("A run is in progress: stop it first."));
            return;
        }
        RunMyNodeDialog dialog(this);
        if (m_ui->lastMyNode)
            dialog.setTest(*m_ui->lastMyNode);
        if (dialog.exec() != QDialog::Accepted)
            return;
        m_ui->lastMyNode = dialog.test();
        runMyNode(*m_ui->lastMyNode);
    });
    file->addAction(m_ui->exportReport);
    QMenu* pictures = file->addMenu(tr("Export &Picture"));
    pictures->addAction(tr("&Topology..."), this, [this] { m_exports->exportPicture(tr("Export the Topology"), m_view, m_scene); });
    pictures->addAction(tr("&Message Diagram..."), this, [this] {
        m_exports->exportPicture(tr("Export the Message Diagram"), m_docks->messages()->canvas(), nullptr);
    });
    QAction* compare = file->addAction(tr("&Compare..."));
    compare->setToolTip(tr("Compare two scenarios (run under the same seeds) or two recordings in a side-by-side report"));
    connect(compare, &QAction::triggered, this, [this] { compareScenarios(); });
    file->addSeparator();
    file->addAction(m_ui->quit);
    m_editor->addFileActions(file, m_ui->quit);
    menuBar()->addMenu(m_editor->editMenu());
    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->addAction(m_ui->run);
    run->addAction(m_ui->pause);
    run->addAction(m_ui->stop);
    run->addAction(m_ui->restart);
    run->addSeparator();
    run->addAction(m_ui->simulate);
    run->addAction(m_ui->stepMode);
    run->addSeparator();
    run->addAction(m_forks->forkHereAction());
    m_ui->compareParent = run->addAction(tr("Compare with the &Parent Run"));
    m_ui->compareParent->setToolTip(tr("The fork in playback beside the run it was forked from, in a side-by-side report"));
    connect(m_ui->compareParent, &QAction::triggered, this,
            [this] { compareScenarios(m_ui->forkParentPath, m_ui->recordingPath); });
    run->addSeparator();
    run->addAction(m_ui->chaos);
    run->addAction(m_ui->stress);
    run->addSeparator();
    run->addAction(m_faults->healAllAction());
    QMenu* timeline = menuBar()->addMenu(tr("&Timeline"));
    m_playback->addTo(timeline);
    m_ui->viewMenu = menuBar()->addMenu(tr("&View"));
    QMenu* theme = m_ui->viewMenu->addMenu(tr("&Theme"));
    auto* themes = new QActionGroup(this);
    for (const auto& [key, label] : {std::pair{QStringLiteral("system"), tr("Follow the System")},
                                     std::pair{QStringLiteral("light"), tr("Light")},
                                     std::pair{QStringLiteral("dark"), tr("Dark")}}) {
        QAction* action = theme->addAction(label);
        action->setCheckable(true);
        action->setChecked(savedTheme() == key);
        themes->addAction(action);
        connect(action, &QAction::triggered, this, [key] {
            saveTheme(key);
            applyTheme(key);
        });
    }
    // The colours of the node tones and message types, independent of light and dark.
    theme->addSeparator();
    auto* schemes = new QActionGroup(this);
    for (const auto& [scheme, label] : {std::pair{ColourScheme::Standard, tr("Standard Colours")},
                                        std::pair{ColourScheme::HighContrast, tr("High Contrast Colours")},
                                        std::pair{ColourScheme::ColourBlindSafe, tr("Colour-Blind Safe Colours")}}) {
        QAction* action = theme->addAction(label);
        action->setObjectName(QStringLiteral("ColourScheme:") + colourSchemeKey(scheme));
        action->setCheckable(true);
        action->setChecked(savedColourScheme() == scheme);
        schemes->addAction(action);
        connect(action, &QAction::triggered, this, [scheme] {
            saveColourScheme(scheme);
            applyColourScheme(scheme);
        });
    }
    QMenu* language = m_ui->viewMenu->addMenu(tr("&Language"));
    auto* languages = new QActionGroup(this);
    const QString current = QSettings().value(QStringLiteral("ui/language")).toString();
    for (const auto& [key, label] : {std::pair{QString(), tr("Follow the System")},
                                     std::pair{QStringLiteral("en"), QStringLiteral("English")},
                                     std::pair{QStringLiteral("zh_CN"), QStringLiteral("简体中文")}}) {
        QAction* action = language->addAction(label);
        action->setCheckable(true);
        action->setChecked(current == key);
        languages->addAction(action);
        connect(action, &QAction::triggered, this, [this, key] {
            QSettings().setValue(QStringLiteral("ui/language"), key);
            statusBar()->showMessage(tr("The language changes the next time DistLab starts."), 8000);
        });
    }
    m_ui->viewMenu->addSeparator();
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* keys = help->addAction(tr("&Keyboard Shortcuts"));
    keys->setShortcut(Qt::Key_F1);
    connect(keys, &QAction::triggered, this, [this] {
        ShortcutHelp dialog(*this);
        dialog.exec();
    });
    QAction* about = help->addAction(tr("&About DistLab"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, [this] {
        QMessageBox box(this);
        box.setWindowTitle(tr("About DistLab"));
        box.setIconPixmap(windowIcon().pixmap(64, 64));
        box.setTextFormat(Qt::RichText);
        box.setText(tr("<h3>DistLab</h3><p>Version %1</p>")
                        .arg(QCoreApplication::applicationVersion().toHtmlEscaped()));
        box.setInformativeText(tr("<p>A lab for distributed-system design patterns: every pattern runs as real node "
                                  "processes over loopback sockets, or in a deterministic simulator; faults are "
                                  "injected live, runs are recorded, checked and reported.</p>"
                                  "<p>Built with Qt %1, running on Qt %2.</p>")
                                   .arg(QStringLiteral(QT_VERSION_STR), QString::fromLatin1(qVersion())));
        box.exec();
    });

    QToolBar* toolbar = addToolBar(tr("Lab"));
    toolbar->setObjectName(QStringLiteral("LabToolBar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->setMovable(false);
    toolbar->addAction(m_ui->library);
    toolbar->addAction(m_ui->open);
    toolbar->addSeparator();
    toolbar->addAction(m_ui->run);
    toolbar->addAction(m_ui->pause);
    toolbar->addAction(m_ui->stop);
    toolbar->addAction(m_ui->restart);
    toolbar->addSeparator();
    toolbar->addAction(m_ui->simulate);
    toolbar->addAction(m_ui->stepMode);
    toolbar->addSeparator();
    toolbar->addAction(m_faults->healAllAction());
    // The editor's drawing tools on a row of their own, with the active tool's hint.
    addToolBarBreak();
    addToolBar(m_editor->toolsBar());
}

void MainWindow::compareScenarios(const QString& a, const QString& b) {
    // Without sides given, A is the recording in playback, else the open scenario.
    const QString first = !a.isEmpty()                     ? a
                          : !m_ui->recordingPath.isEmpty() ? m_ui->recordingPath
                          : m_session->hasScenario()       ? m_session->scenarioPath()
                                                           : QString();
    m_exports->compare(first, b);
}

ChaosDialog* MainWindow::openChaos() {
    const LabDocument& document = m_editor->document();
    if (document.scenario().nodes.empty())
        return nullptr;
    return openCampaign(m_ui->chaosDialog, [&] {
        auto* dialog = new ChaosDialog(document.scenario(), document.filePath(), this);
        connect(dialog, &ChaosDialog::replayRequested, this, [this, dialog](const QString& path) {
            if (m_session->isRunning()) {
                QMessageBox::information(dialog, tr("Chaos"),
                                         tr("A run is in progress: stop it, then open the shrunk scenario."));
                return;
            }
            if (!openScenario(path))
                return;
            dialog->hide();      // out of the way of the run and its Checks dock
            setSimulate(true);   // the simulator repeats the shrunk run exactly
            runScenario();
        });
        return dialog;
    });
}

StressDialog* MainWindow::openStress() {
    const LabDocument& document = m_editor->document();
    if (document.scenario().nodes.empty())
        return nullptr;
    return openCampaign(m_ui->stressDialog, [&] {
        auto* dialog = new StressDialog(document.scenario(), this);
        connect(dialog, &StressDialog::reportReady, this, [this, dialog](const QString& path) {
            if (!QDesktopServices::openUrl(QUrl::fromLocalFile(path)))
                QMessageBox::information(dialog, tr("Stress"), tr("The report is in %1").arg(path));
        });
        return dialog;
    });
}

bool MainWindow::runMyNode(const core::maelstrom::MaelstromTest& test) {
    const auto yaml = core::maelstrom::maelstrom_test_scenario(test, tr("The program").toStdString());
    if (!yaml) {
        QMessageBox::warning(this, tr("Cannot run your node"), QString::fromStdString(yaml.error().message));
        return false;
    }
    // A file of its own, so the run is recorded and the scenario can be edited and saved elsewhere.
    const QString path = QDir(QDir::tempPath())
                             .filePath(QStringLiteral("distlab-my-node-%1-%2.yaml")
                                           .arg(QString::fromStdString(test.workload))
                                           .arg(QCoreApplication::applicationPid()));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(QByteArray::fromStdString(*yaml)) != static_cast<qint64>(yaml->size())) {
        QMessageBox::warning(this, tr("Cannot run your node"), tr("Cannot write %1: %2").arg(path, file.errorString()));
        return false;
    }
    file.close();
    if (!openScenario(path))
        return false;
    setSimulate(false);   // a program runs on real processes only
    runScenario();
    return true;
}

void MainWindow::showLibrary() {
    m_docks->setAside();   // the library takes the whole window
    m_ui->stack->setCurrentIndex(0);
    m_library->focusSearch();
    updateActions();
}

void MainWindow::showLab() {
    m_ui->stack->setCurrentIndex(1);
    m_docks->bringBack();
    updateActions();
}

bool MainWindow::isShowingLibrary() const {
    return m_ui->stack->currentIndex() == 0;
}

void MainWindow::setLibraryRoot(const QString& root) {
    m_library->setRoot(root, chineseUi());
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (!event->mimeData()->hasUrls())
        return;
    for (const QUrl& url : event->mimeData()->urls()) {
        const QString path = url.toLocalFile();
        if (path.endsWith(QLatin1String(".yaml")) || path.endsWith(QLatin1String(".yml")) ||
            path.endsWith(QLatin1String(".distlab"))) {
            event->acceptProposedAction();
            return;
        }
    }
}

void MainWindow::dropEvent(QDropEvent* event) {
    for (const QUrl& url : event->mimeData()->urls()) {
        const QString path = url.toLocalFile();
        if (!path.isEmpty() && openFile(path)) {
            event->acceptProposedAction();
            return;
        }
    }
}

bool MainWindow::openFile(const QString& path) {
    return path.endsWith(QLatin1String(".distlab"), Qt::CaseInsensitive) ? openRecording(path) : openScenario(path);
}

bool MainWindow::openScenario(const QString& path) {
    if (!m_editor->maybeSave())
        return false;
    const QString problem = m_session->load(path);
    if (!problem.isEmpty()) {
        m_ui->statusLabel->setText(tr("Cannot open %1").arg(QFileInfo(path).fileName()));
        QMessageBox::warning(this, tr("Cannot open the scenario"), problem);
        return false;
    }
    m_loader->cancel();   // a recording still being read would replace this scenario's timeline
    m_editor->document().reset(m_session->scenario(), path);
    m_ui->recordingPath.clear();
    m_ui->forkParentPath.clear();
    m_timeline->clear();
    showDocument(path);
    m_recent->add(path);
    showLab();
    return true;
}

bool MainWindow::openRecording(const QString& path) {
    if (m_session->isRunning()) {
        QMessageBox::information(this, tr("Recording"), tr("Stop the run before opening a recording."));
        return false;
    }
    if (!m_editor->maybeSave())
        return false;
    auto opened = netlab::RecordingReader::open(path.toStdString());
    if (!opened) {
        const QString error = tr("Cannot open %1: %2").arg(QFileInfo(path).fileName(), fromStd(opened.error().message));
        QMessageBox::warning(this, tr("Recording"), error);
        return false;
    }
    m_loader->cancel();
    // The recording keeps its scenario's text: that is the lab to draw.
    auto scenario = opened->scenario(path.toStdString());
    if (scenario) {
        m_editor->document().reset(*scenario, QString());
        showDocument(QString());
    }
    m_ui->recordingPath = path;
    m_ui->forkParentPath = fromStd(opened->meta().fork_parent);
    m_ui->scenarioLabel->setText(m_ui->forkParentPath.isEmpty()
                                     ? tr("Playback: %1").arg(QFileInfo(path).fileName())
                                     : tr("Playback: %1 (a fork of %2 at %3 s)")
                                           .arg(QFileInfo(path).fileName(), QFileInfo(m_ui->forkParentPath).fileName(),
                                                QString::number(double(opened->meta().fork_at_ns) / 1e9, 'f', 3)));
    updateActions();   // playback: nothing to edit
    m_ui->statusLabel->setText(tr("Reading the recording..."));
    m_playback->stop();
    m_timeline->clear();
    showLab();
    std::optional<netlab::Scenario> judged;
    if (scenario)
        judged = std::move(*scenario);
    m_loader->load(path, std::move(*opened), std::move(judged));
    return true;
}

void MainWindow::showRecording(const LoadedRecording& recording) {
    m_checks->showVerdicts(recording.verdicts);
    m_docks->showPatternViewsFor(recording.roles);   // the recording's own role catalog
    m_timeline->append(*recording.events);
    m_timeline->seek(m_timeline->endNs());
    m_ui->statusLabel->setText(tr("Playback of %1: %n event(s); drag the timeline or press Ctrl+Space to play.", nullptr,
                                  int(recording.events->size()))
                                   .arg(QFileInfo(recording.path).fileName()));
    Q_EMIT recordingOpened(recording.path, recording.problem);
}

// The lab's title in the UI's language, else its name.
void MainWindow::updateTitle() {
    const netlab::Scenario& scenario = m_editor->document().scenario();
    const std::string& title = chineseUi() && !scenario.title.zh.empty() ? scenario.title.zh : scenario.title.en;
    const QString name = title.empty() ? fromStd(scenario.name) : fromStd(title);
    setWindowTitle(tr("%1[*] - DistLab").arg(name));
}

void MainWindow::showDocument(const QString& path) {
    const netlab::Scenario& scenario = m_editor->document().scenario();
    m_view->fit();
    m_logModel->clear();
    m_stateModel->clear();
    m_checks->clear();
    QStringList nodes;
    for (const auto& node : scenario.nodes)
        nodes << fromStd(node.id);
    m_logPanel->setNodes(nodes);
    m_statePanel->setNodes(nodes);
    if (!nodes.isEmpty())
        selectNode(nodes.front());
    m_docks->showPatternViewsFor(roleUseOf(scenario));
    updateTitle();
    setWindowModified(false);
    m_ui->scenarioLabel->setText(QFileInfo(path).fileName());
    m_ui->statusLabel->setText(tr("Ready: press F5 to run."));
    const qint64 totalMs = qint64(double(std::chrono::duration_cast<std::chrono::milliseconds>(scenario.duration).count()) *
                                  scenario.time_scale);
    m_ui->progress->setRange(0, int(std::max<qint64>(totalMs, 1)));
    m_ui->progress->setValue(0);
    m_ui->progress->setFormat(tr("%1 / %2 s").arg(secondsText(0), secondsText(totalMs)));
    m_strip->setPlannedDuration(totalMs * 1'000'000);
    m_narrative->setStepCount(int(scenario.steps.size()));
    updateActions();
}

void MainWindow::setNodeBinary(const QString& path) {
    m_session->setNodeBinary(path);
}

void MainWindow::serveMetrics(quint16 port) {
    const QString url = m_session->serveMetrics(port);
    auto* label = new QLabel(this);
    if (url.startsWith(QLatin1String("error: "))) {
        label->setText(tr("Metrics: off"));
        label->setToolTip(tr("Live metrics for Prometheus could not be served: %1").arg(url.mid(7)));
    } else {
        label->setText(QStringLiteral("<a href=\"%1\">%2</a>").arg(url, tr("Prometheus")));
        label->setToolTip(tr("Live metrics of the run in Prometheus text format: %1").arg(url));
        label->setTextInteractionFlags(Qt::TextBrowserInteraction);
        label->setOpenExternalLinks(true);
    }
    statusBar()->addPermanentWidget(label);
}

QString MainWindow::setListen(const QString& address, const QString& remote, const QString& credentialsDir) {
    return m_session->setListen(address, remote, credentialsDir);
}

// Where the lab listens for remote nodes; a click copies the command that starts one elsewhere
// (with the run's token) to the clipboard.
void MainWindow::showListening(const QString& where, const QString& joinCommand, const QStringList& remoteNodes) {
    if (!m_listeningLabel) {
        m_listeningLabel = new QLabel(this);
        m_listeningLabel->setTextFormat(Qt::RichText);
        connect(m_listeningLabel, &QLabel::linkActivated, this, [this] {
            QApplication::clipboard()->setText(m_listeningLabel->property("joinCommand").toString());
        });
        statusBar()->addPermanentWidget(m_listeningLabel);
    }
    const QString text = remoteNodes.isEmpty()
                             ? tr("Listening on %1").arg(where)
                             : tr("Waiting for %n remote node(s) on %1", nullptr, int(remoteNodes.size())).arg(where);
    m_listeningLabel->setText(QStringLiteral("<a href=\"copy\">%1</a>").arg(text.toHtmlEscaped()));
    m_listeningLabel->setProperty("joinCommand", joinCommand);
    m_listeningLabel->setToolTip(tr("Click to copy the command that starts a node on another machine:\n%1\nfor ID in: %2")
                                     .arg(joinCommand, remoteNodes.isEmpty() ? tr("(none)") : remoteNodes.join(QLatin1Char(' '))));
}

void MainWindow::setSimulate(bool simulate) {
    m_ui->simulate->setChecked(simulate);
}

void MainWindow::chooseScenario() {
    const QString dir = m_session->hasScenario() ? QFileInfo(m_session->scenarioPath()).absolutePath() : QString();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open a Scenario or a Recording"), dir,
        tr("Scenarios and recordings (*.yaml *.yml *.distlab);;Scenarios (*.yaml *.yml);;Recordings (*.distlab)"));
    if (!path.isEmpty())
        openFile(path);
}

void MainWindow::runScenario() {
    if (m_session->isRunning() || m_editor->document().scenario().nodes.empty())
        return;
    // Never a run of values other than those the inspector shows.
    if (const QStringList unapplied = m_editor->unappliedEdits(); !unapplied.isEmpty()) {
        m_ui->statusLabel->setText(tr("Not started: a field holds a value that was not applied."));
        QMessageBox::warning(this, tr("Cannot run the lab"),
                             tr("The run would not use what these fields show, so it was not started:\n%1\n\n"
                                "Correct the value, or select something else to discard it.")
                                 .arg(unapplied.join(QLatin1Char('\n'))));
        return;
    }
    // The run is of the lab as edited, validated as a saved file would be.
    const LabDocument& document = m_editor->document();
    if (const QString problem = m_session->load(document.scenario(), document.filePath()); !problem.isEmpty()) {
        QMessageBox::warning(this, tr("Cannot run the lab"), problem);
        return;
    }
    m_loader->cancel();
    m_ui->recordingPath.clear();
    m_ui->forkParentPath.clear();
    m_ui->scenarioLabel->setText(document.filePath().isEmpty() ? tr("Unsaved lab") : QFileInfo(document.filePath()).fileName());
    m_playback->stop();
    m_timeline->clear();
    m_strip->setPlannedDuration(qint64(double(document.scenario().duration.count()) * document.scenario().time_scale));
    m_narrative->setStepCount(int(document.scenario().steps.size()));
    m_docks->showPatternViewsFor(roleUseOf(document.scenario()));   // the lab as edited may use other roles
    m_logModel->clear();
    m_checks->clear();
    m_scene->resetStatus();
    const QString selected = m_stateModel->node();
    m_stateModel->clear();
    m_stateModel->setNode(selected);
    m_logPanel->followNewest();
    m_ui->runSimulated = m_ui->simulate->isChecked();
    applySpeed();
    m_session->start(m_ui->runSimulated);
}

// The speed control's value where it acts on the run: the simulation's pace, and the canvas's
// clock between batches (a real run goes at the scenario's time_scale).
void MainWindow::applySpeed() {
    const double speed = m_playback->speed();
    m_session->setSlowdown(1.0 / speed);
    const double timeScale = m_editor->document().scenario().time_scale;
    m_scene->setLivePace(timeScale * (m_ui->runSimulated ? speed : 1.0));
}

// The status bar's time in playback (a recording, or the cursor moved back): the cursor's time
// of the run's length. While live, showProgress says how far the run is.
void MainWindow::showCursorTime() {
    if (m_timeline->isLive() && m_session->isRunning())
        return;
    const qint64 endMs = m_timeline->endNs() / 1'000'000;
    const qint64 cursorMs = m_timeline->cursorNs() / 1'000'000;
    m_ui->progress->setRange(0, int(std::max<qint64>(endMs, 1)));
    m_ui->progress->setValue(int(cursorMs));
    m_ui->progress->setFormat(tr("%1 / %2 s").arg(secondsText(cursorMs), secondsText(endMs)));
}

void MainWindow::stopRun() {
    if (!m_session->isRunning())
        return;
    m_session->stop();
    m_ui->statusLabel->setText(tr("Stopping..."));
    m_ui->stop->setEnabled(false);
}

void MainWindow::selectNode(const QString& node) {
    m_timeline->selectNode(node);
    m_statePanel->showNode(node);
    m_scene->selectNode(node);
}

void MainWindow::addNodeToLists(const QString& node) {
    m_statePanel->addNode(node);
    m_logPanel->addNode(node);
}

void MainWindow::showRunStarted(bool simulated) {
    m_ui->statusLabel->setText(simulated ? tr("Running in the simulator...") : tr("Running on real processes..."));
    m_ui->progress->setValue(0);
    updateActions();
}

void MainWindow::showProgress(qint64 elapsedMs, qint64 totalMs) {
    if (!m_timeline->isLive())
        return;   // the status bar shows the cursor's time
    m_ui->progress->setRange(0, int(std::max<qint64>(totalMs, 1)));
    m_ui->progress->setValue(int(elapsedMs));
    m_ui->progress->setFormat(tr("%1 / %2 s").arg(secondsText(elapsedMs), secondsText(totalMs)));
}

void MainWindow::showRunFinished(bool passed, const QList<CheckVerdict>& checks, const QString& error) {
    m_checks->showVerdicts(checks);
    if (!checks.isEmpty())
        m_docks->checksDock()->raise();   // the verdicts are what the run was for
    const QString verdict = m_session->lastVerdict();
    if (!error.isEmpty())
        m_ui->statusLabel->setText(tr("The lab failed: %1").arg(error));
    else if (verdict == QLatin1String("stopped"))
        m_ui->statusLabel->setText(tr("Run stopped at %1 s: not judged; checks past that read \"not reached\".")
                                       .arg(QLocale().toString(double(m_session->lastStoppedAtNs()) / 1e9, 'f', 1)));
    else if (verdict == QLatin1String("no_checks"))
        m_ui->statusLabel->setText(tr("Run finished: not judged (the lab has no checks)."));
    else if (passed)
        m_ui->statusLabel->setText(tr("Run finished: all %n check(s) passed.", nullptr, int(checks.size())));
    else
        m_ui->statusLabel->setText(tr("Run finished: some checks failed (see Checks)."));
    updateActions();
}

void MainWindow::takeEvents(const std::vector<netlab::Event>& batch) {
    m_timeline->append(batch);
    if (!m_timeline->isLive())
        return;
    m_logModel->append(batch);
    m_stateModel->append(batch);
}

// The log and state at the cursor: rebuilt from the timeline's prefix, in slices so one huge
// batch never has to be copied at once. (The canvas and the pattern views follow the timeline
// themselves.)
void MainWindow::replayToCursor() {
    const QString selected = m_stateModel->node();
    m_logModel->clear();
    m_stateModel->clear();
    m_stateModel->setNode(selected);
    const auto& events = m_timeline->events();
    const std::size_t end = m_timeline->visibleCount();
    constexpr std::size_t kSlice = 20000;
    for (std::size_t first = 0; first < end; first += kSlice) {
        const EventBatch slice(events.begin() + qsizetype(first), events.begin() + qsizetype(std::min(end, first + kSlice)));
        m_logModel->append(slice);
        m_stateModel->append(slice);
    }
    m_statePanel->expand();
    updateActions();
}

void MainWindow::showPaused(bool paused) {
    m_forks->updateActions();
    const QSignalBlocker block(m_ui->pause);
    m_ui->pause->setChecked(paused);
    m_narrative->setWaiting(paused);
    // A pause freezes the run's timeline in both modes (netlab::RunControl); on real processes
    // the nodes' own timers cannot be stopped from outside, and the banner says so.
    if (!m_session->isRunning())
        return;
    if (!paused)
        m_ui->statusLabel->setText(tr("Running..."));
    else if (m_session->isSimulated())
        m_ui->statusLabel->setText(tr("Paused: the run's clock, faults and narrative wait. Press F6 to continue."));
    else
        m_ui->statusLabel->setText(tr("Paused (F6 continues): the run's clock, faults and narrative wait; "
                                      "timers inside the node processes still run."));
}

void MainWindow::updateActions() {
    const bool running = m_session->isRunning();
    const bool playback = !running && !m_ui->recordingPath.isEmpty();
    m_ui->run->setEnabled(!running && !m_editor->document().scenario().nodes.empty());
    m_editor->setRunning(running);
    if (playback) {   // the recorded lab is what the recording shows: not for editing
        m_scene->setEditable(false);
        m_editor->inspector().setEditable(false);
        m_editor->palette().setEnabled(false);
        m_editor->setDrawingEnabled(false);
    }
    if (!isShowingLibrary())
        m_editor->setPaletteAside(running || playback);
    m_scene->setFaultMode(running);
    m_ui->stop->setEnabled(running);
    m_ui->open->setEnabled(!running);
    m_ui->simulate->setEnabled(!running);
    m_ui->pause->setEnabled(running);
    m_ui->restart->setEnabled(running || !m_editor->document().scenario().nodes.empty());
    m_playback->setRun(!running               ? PlaybackControls::Run::None
                       : m_ui->runSimulated ? PlaybackControls::Run::Simulated
                                            : PlaybackControls::Run::Real,
                       m_ui->simulate->isChecked());
    m_ui->library->setChecked(isShowingLibrary());
    m_ui->exportReport->setEnabled(!running && !m_timeline->events().empty());
    m_ui->chaos->setEnabled(!m_editor->document().scenario().nodes.empty());
    m_ui->stress->setEnabled(!m_editor->document().scenario().nodes.empty());
    if (m_ui->compareParent)
        m_ui->compareParent->setEnabled(playback && !m_ui->forkParentPath.isEmpty());
    m_forks->updateActions();
}

QString MainWindow::forkParent() const {
    if (m_session->isRunning())
        return m_session->isPaused() ? m_session->lastRecording() : QString();
    if (!m_ui->recordingPath.isEmpty())
        return m_ui->recordingPath;
    return m_timeline->events().empty() ? QString() : m_session->lastRecording();
}

void MainWindow::openFork(const QString& recording, const QString& summary) {
    auto* window = new MainWindow;
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->session().setRunsFolder(m_session->runsFolder(), m_session->runsCapBytes());
    window->show();
    if (window->openRecording(recording))
        window->statusBar()->showMessage(summary, 30000);
    statusBar()->showMessage(tr("The fork opened in a new window. %1").arg(summary), 30000);
}

void MainWindow::restoreSettings() {
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    applyColourScheme(savedColourScheme());
    m_docks->restoreLayout(settings.value(QStringLiteral("window/state")).toByteArray());
    m_ui->simulate->setChecked(settings.value(QStringLiteral("run/simulate"), false).toBool());
}

void MainWindow::saveSettings() const {
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), m_docks->layoutState());
    settings.setValue(QStringLiteral("run/simulate"), m_ui->simulate->isChecked());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!m_session->isRunning() && !m_editor->maybeSave()) {
        event->ignore();
        return;
    }
    m_presentation->leave();   // the layout saved is the lab's, not the projector's
    if (!isShowingLibrary())
        m_editor->setPaletteAside(false);   // nor a run's: the palette as the user left it
    saveSettings();
    if (m_session->isRunning())
        m_session->stop();   // the session's destructor waits for the worker
    event->accept();
}

}  // namespace distlab::views
