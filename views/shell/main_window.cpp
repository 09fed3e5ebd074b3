#include "views/shell/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>
#include <QDesktopServices>
#include <QProcess>
#include <QUrl>
#include <QStackedWidget>
#include <QToolButton>
#include <QDoubleSpinBox>
#include <QActionGroup>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QScrollBar>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>
#include <QTreeView>
#include <QTreeWidget>
#include <QUndoStack>
#include <QVBoxLayout>

#include <filesystem>
#include <optional>
#include <thread>

#include "netlab/api/event.h"
#include "netlab/report/report.h"
#include "netlab/runner/runner.h"
#include "report/pdf/pdf_report.h"
#include "netlab/scenario/loader.h"
#include "netlab/scenario/scenario.h"
#include "netlab/telemetry/playback.h"
#include "core/model/json.h"
#include "core/model/role_registry.h"
#include "views/common/run_timeline.h"
#include "views/faults/hand_faults.h"
#include "views/library/past_runs.h"
#include "views/library/recent_files.h"
#include "views/library/scenario_library.h"
#include "views/metrics/metrics_view.h"
#include "views/raft/raft_view.h"
#include "views/shell/compare_dialog.h"
#include "views/shell/picture_export.h"
#include "views/shell/shortcut_help.h"
#include "views/shell/theme.h"
#include "views/spacetime/spacetime_canvas.h"
#include "views/spacetime/spacetime_widget.h"
#include "views/timeline/narrative_bar.h"
#include "views/timeline/timeline_strip.h"
#include "views/common/lab_session.h"
#include "views/common/trace_bridge.h"
#include "views/editor/editor_controller.h"
#include "views/editor/lab_document.h"
#include "views/log/event_log_filter.h"
#include "views/log/event_log_model.h"
#include "views/state/state_model.h"
#include "views/topology/topology_scene.h"
#include "views/topology/topology_view.h"

namespace distlab::views {

namespace {

bool chineseUi() {
    return QLocale().language() == QLocale::Chinese;
}

QString fromStd(const std::string& text) {
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
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
    QAction* live = nullptr;
    QAction* play = nullptr;
    QAction* library = nullptr;
    QAction* exportReport = nullptr;
    QAction* quit = nullptr;
    QComboBox* slowdown = nullptr;
    QComboBox* playSpeed = nullptr;
    QTimer* playTimer = nullptr;
    QStackedWidget* stack = nullptr;
    SpacetimeWidget* messages = nullptr;
    QMenu* recentMenu = nullptr;
    QString recordingPath;         // the open recording, when in playback
    QMenu* viewMenu = nullptr;
    QComboBox* logNode = nullptr;
    QComboBox* logLevel = nullptr;
    QLineEdit* logText = nullptr;
    QTableView* logTable = nullptr;
    bool followLog = true;
    QComboBox* stateNode = nullptr;
    QToolButton* stateSince = nullptr;
    qint64 sinceNs = 0;
    QTreeView* stateTree = nullptr;
    QTreeWidget* checks = nullptr;
    QDockWidget* checksDock = nullptr;
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
      m_faults(new HandFaults(*m_session, *m_timeline, this)) {
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
    buildDocks();
    buildViewDocks();
    auto* timelineButtons = new QVBoxLayout;
    for (QAction* action : {m_ui->play, m_ui->live}) {
        auto* button = new QToolButton(this);
        button->setDefaultAction(action);
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        timelineButtons->addWidget(button);
    }
    timelineButtons->addWidget(m_ui->playSpeed);
    timelineButtons->addStretch();
    timelineRow->addLayout(timelineButtons);

    // Every event goes to the timeline; the log, state and canvas take it while live, and are
    // rebuilt from the timeline when the cursor moves.
    TraceBridge& bridge = m_session->bridge();
    connect(&bridge, &TraceBridge::eventsArrived, this, &MainWindow::takeEvents);
    connect(m_timeline, &RunTimeline::cursorMoved, this, &MainWindow::replayToCursor);
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
    connect(m_session, &LabSession::runStarted, this, &MainWindow::showRunStarted);
    connect(m_session, &LabSession::progressed, this, &MainWindow::showProgress);
    connect(m_session, &LabSession::runFinished, this, &MainWindow::showRunFinished);
    connect(m_scene, &TopologyScene::nodeSelected, this, &MainWindow::selectNode);
    connect(m_stateModel, &StateModel::nodeAppeared, this, &MainWindow::addNodeToLists);
    connect(this, &MainWindow::openRequested, this, &MainWindow::chooseScenario);
    LabDocument& document = m_editor->document();
    connect(&document, &LabDocument::dirtyChanged, this, &QWidget::setWindowModified);
    connect(document.undoStack(), &QUndoStack::indexChanged, this, &MainWindow::updateActions);
    connect(m_editor, &EditorController::documentReplaced, this, [this] { showDocument({}); });
    connect(m_editor, &EditorController::message, this, [this](const QString& text) { statusBar()->showMessage(text, 6000); });

    m_ui->scenarioLabel = new QLabel(this);
    m_ui->statusLabel = new QLabel(tr("Open a scenario to begin."), this);
    m_ui->progress = new QProgressBar(this);
    m_ui->progress->setMaximumWidth(220);
    m_ui->progress->setTextVisible(true);
    m_ui->progress->setFormat(tr("%v / %m s"));
    m_ui->progress->setRange(0, 1);
    m_ui->progress->setValue(0);
    statusBar()->addWidget(m_ui->statusLabel, 1);
    statusBar()->addPermanentWidget(m_ui->scenarioLabel);
    statusBar()->addPermanentWidget(m_ui->progress);

    // 1200 x 780 where it fits; on a small screen (1366 x 768) the available area less the frame,
    // so the status bar and its progress stay visible.
    QSize size(1200, 780);
    if (const QScreen* screen = QGuiApplication::primaryScreen()) {
        const QSize available = screen->availableGeometry().size();
        size = size.boundedTo(QSize(available.width() - 40, available.height() - 60));
    }
    resize(size);
    restoreSettings();
    updateActions();
}

MainWindow::~MainWindow() {
    delete m_session;   // ends a run in progress before the views it feeds go away
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

    m_ui->slowdown = new QComboBox(this);
    m_ui->slowdown->setToolTip(tr("Slow motion for simulated runs: how many times slower than the scenario's time"));
    for (int factor : {1, 2, 5, 10, 20, 50, 100})
        m_ui->slowdown->addItem(factor == 1 ? tr("1× speed") : tr("%1× slower").arg(factor), factor);
    connect(m_ui->slowdown, &QComboBox::currentIndexChanged, this,
            [this] { m_session->setSlowdown(m_ui->slowdown->currentData().toDouble()); });

    m_ui->library = new QAction(QIcon::fromTheme(QStringLiteral("go-home")), tr("Scenario &Library"), this);
    m_ui->library->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    m_ui->library->setToolTip(tr("Every shipped scenario, by family (Ctrl+L)"));
    m_ui->library->setCheckable(true);
    connect(m_ui->library, &QAction::triggered, this, [this] { isShowingLibrary() ? showLab() : showLibrary(); });

    m_ui->exportReport = new QAction(tr("&Export Report..."), this);
    m_ui->exportReport->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_ui->exportReport->setToolTip(tr("Write the report of the run shown (HTML, PDF, CSV, JSON, trace) to a folder"));
    connect(m_ui->exportReport, &QAction::triggered, this, &MainWindow::exportReport);

    m_ui->quit = new QAction(tr("&Quit"), this);
    m_ui->quit->setShortcut(QKeySequence::Quit);
    connect(m_ui->quit, &QAction::triggered, this, &QWidget::close);

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
    file->addAction(m_ui->exportReport);
    QMenu* pictures = file->addMenu(tr("Export &Picture"));
    auto exportTo = [this](const QString& title, QWidget* widget, QGraphicsScene* scene) {
        const QString path = QFileDialog::getSaveFileName(this, title, QString(), tr("SVG (*.svg);;PNG (*.png)"));
        if (path.isEmpty())
            return;
        if (const QString problem = exportPicture(path, widget, scene); !problem.isEmpty())
            QMessageBox::warning(this, title, problem);
        else
            statusBar()->showMessage(tr("Wrote %1").arg(path), 6000);
    };
    pictures->addAction(tr("&Topology..."), this, [this, exportTo] { exportTo(tr("Export the Topology"), m_view, m_scene); });
    pictures->addAction(tr("&Message Diagram..."), this, [this, exportTo] {
        exportTo(tr("Export the Message Diagram"), m_ui->messages->canvas(), nullptr);
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
    run->addAction(m_faults->healAllAction());
    QMenu* timeline = menuBar()->addMenu(tr("&Timeline"));
    buildTimelineActions(timeline);
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
    toolbar->addWidget(m_ui->slowdown);
    toolbar->addSeparator();
    toolbar->addAction(m_faults->healAllAction());
}

void MainWindow::buildDocks() {
    // Log: filters above a table.
    auto* logPanel = new QWidget(this);
    auto* logLayout = new QVBoxLayout(logPanel);
    logLayout->setContentsMargins(4, 4, 4, 4);
    auto* filters = new QHBoxLayout;
    m_ui->logNode = new QComboBox(logPanel);
    m_ui->logNode->addItem(tr("All nodes"), QString());
    m_ui->logLevel = new QComboBox(logPanel);
    for (LogSeverity s : {LogSeverity::Debug, LogSeverity::Info, LogSeverity::Lab, LogSeverity::Warn,
                          LogSeverity::Error, LogSeverity::Violation})
        m_ui->logLevel->addItem(tr("%1 and above").arg(EventLogModel::severityName(s)), int(s));
    m_ui->logLevel->setCurrentIndex(1);
    m_logFilter->setMinimumSeverity(LogSeverity::Info);
    m_ui->logText = new QLineEdit(logPanel);
    m_ui->logText->setPlaceholderText(tr("Search messages"));
    m_ui->logText->setClearButtonEnabled(true);
    filters->addWidget(m_ui->logNode);
    filters->addWidget(m_ui->logLevel);
    filters->addWidget(m_ui->logText, 1);
    logLayout->addLayout(filters);
    m_ui->logTable = new QTableView(logPanel);
    m_ui->logTable->setModel(m_logFilter);
    m_ui->logTable->verticalHeader()->hide();
    m_ui->logTable->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_ui->logTable->verticalHeader()->setDefaultSectionSize(m_ui->logTable->fontMetrics().height() + 6);
    m_ui->logTable->horizontalHeader()->setStretchLastSection(true);
    m_ui->logTable->setColumnWidth(EventLogModel::TimeColumn, 80);
    m_ui->logTable->setColumnWidth(EventLogModel::NodeColumn, 70);
    m_ui->logTable->setColumnWidth(EventLogModel::LevelColumn, 80);
    m_ui->logTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_ui->logTable->setWordWrap(false);
    m_ui->logTable->setAlternatingRowColors(true);
    logLayout->addWidget(m_ui->logTable);
    connect(m_ui->logNode, &QComboBox::currentIndexChanged, this,
            [this] { m_logFilter->setNode(m_ui->logNode->currentData().toString()); });
    connect(m_ui->logLevel, &QComboBox::currentIndexChanged, this,
            [this] { m_logFilter->setMinimumSeverity(LogSeverity(m_ui->logLevel->currentData().toInt())); });
    connect(m_ui->logText, &QLineEdit::textChanged, m_logFilter, &EventLogFilter::setText);
    // A click on a line selects its node and moves the timeline to it.
    connect(m_ui->logTable, &QTableView::clicked, this, [this](const QModelIndex& index) {
        const QString node = index.siblingAtColumn(EventLogModel::NodeColumn).data().toString();
        const qint64 t = index.data(EventLogModel::TimeRole).toLongLong();
        if (!node.isEmpty())
            selectNode(node);
        m_timeline->seek(t);
    });
    // Follow the newest rows while the table is scrolled to the bottom; scrolling up stops it.
    QScrollBar* bar = m_ui->logTable->verticalScrollBar();
    connect(bar, &QScrollBar::valueChanged, this, [this, bar](int value) { m_ui->followLog = value >= bar->maximum(); });
    connect(bar, &QScrollBar::rangeChanged, this, [this, bar](int, int maximum) {
        if (m_ui->followLog)
            bar->setValue(maximum);
    });

    // State: a node chooser above the snapshot tree.
    auto* statePanel = new QWidget(this);
    auto* stateLayout = new QVBoxLayout(statePanel);
    stateLayout->setContentsMargins(4, 4, 4, 4);
    m_ui->stateNode = new QComboBox(statePanel);
    m_ui->stateNode->setPlaceholderText(tr("Select a node"));
    m_ui->stateSince = new QToolButton(statePanel);
    m_ui->stateSince->setText(tr("Since Cursor"));
    m_ui->stateSince->setCheckable(true);
    m_ui->stateSince->setToolTip(tr("Highlight the fields that differ from the node's state at the timeline cursor's "
                                    "time (move the cursor there first), instead of those its last update changed"));
    auto* stateRow = new QHBoxLayout;
    stateRow->addWidget(m_ui->stateNode, 1);
    stateRow->addWidget(m_ui->stateSince);
    stateLayout->addLayout(stateRow);
    connect(m_ui->stateSince, &QToolButton::toggled, this, [this](bool on) {
        m_ui->sinceNs = m_timeline->cursorNs();
        m_ui->stateSince->setText(on ? tr("Since %1 s").arg(double(m_ui->sinceNs) / 1e9, 0, 'f', 2) : tr("Since Cursor"));
        applyStateBaseline();
    });
    m_ui->stateTree = new QTreeView(statePanel);
    m_ui->stateTree->setModel(m_stateModel);
    m_ui->stateTree->setUniformRowHeights(true);
    m_ui->stateTree->setAlternatingRowColors(true);
    m_ui->stateTree->header()->setStretchLastSection(true);
    m_ui->stateTree->setColumnWidth(StateModel::FieldColumn, 150);
    stateLayout->addWidget(m_ui->stateTree);
    connect(m_ui->stateNode, &QComboBox::currentTextChanged, this, &MainWindow::selectNode);

    // Checks: one row per check of the last run.
    m_ui->checks = new QTreeWidget(this);
    m_ui->checks->setColumnCount(3);
    m_ui->checks->setHeaderLabels({tr("Check"), tr("Verdict"), tr("Detail")});
    m_ui->checks->setRootIsDecorated(false);
    m_ui->checks->setColumnWidth(0, 200);
    m_ui->checks->setColumnWidth(1, 80);
    // A click on a check: the cursor to its anomaly, the anomaly's first node selected (Log and
    // State follow it) and all it involves highlighted in every view (none: the highlight ends).
    connect(m_ui->checks, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem* item) {
        const QVariant end = item->data(0, Qt::UserRole + 1);
        if (end.isValid())
            m_timeline->seek(end.toLongLong());   // the anomaly is complete by the window's end
        const Highlight involved = item->data(0, Qt::UserRole + 2).value<Highlight>();
        m_timeline->setHighlight(involved);
        if (!involved.nodes.isEmpty())
            m_timeline->selectNode(involved.nodes.front());
    });

    auto dock = [this](QWidget* content, const QString& title, const QString& name, Qt::DockWidgetArea area) {
        auto* widget = new QDockWidget(title, this);
        widget->setObjectName(name);
        widget->setWidget(content);
        addDockWidget(area, widget);
        m_ui->viewMenu->addAction(widget->toggleViewAction());
        return widget;
    };
    QDockWidget* log = dock(logPanel, tr("Log"), QStringLiteral("LogDock"), Qt::BottomDockWidgetArea);
    QDockWidget* checks = dock(m_ui->checks, tr("Checks"), QStringLiteral("ChecksDock"), Qt::BottomDockWidgetArea);
    m_ui->checksDock = checks;
    QDockWidget* state = dock(statePanel, tr("State"), QStringLiteral("StateDock"), Qt::RightDockWidgetArea);
    tabifyDockWidget(log, checks);
    log->raise();
    for (QDockWidget* editorDock : {m_editor->paletteDock(), m_editor->inspectorDock()})
        m_ui->viewMenu->addAction(editorDock->toggleViewAction());
    addDockWidget(Qt::LeftDockWidgetArea, m_editor->paletteDock());
    addDockWidget(Qt::RightDockWidgetArea, m_editor->inspectorDock());
    tabifyDockWidget(state, m_editor->inspectorDock());
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);   // the inspector's form runs full height
    m_editor->inspectorDock()->raise();
    resizeDocks({m_editor->paletteDock()}, {230}, Qt::Horizontal);
    resizeDocks({state}, {340}, Qt::Horizontal);
    resizeDocks({log}, {280}, Qt::Vertical);
}

void MainWindow::buildTimelineActions(QMenu* menu) {
    m_ui->live = new QAction(QIcon::fromTheme(QStringLiteral("go-last")), tr("&Live"), this);
    m_ui->live->setShortcut(Qt::Key_End);
    m_ui->live->setToolTip(tr("Back to the newest moment of the run (End)"));
    connect(m_ui->live, &QAction::triggered, m_timeline, &RunTimeline::goLive);

    m_ui->play = new QAction(QIcon::fromTheme(QStringLiteral("media-playback-start")), tr("&Play"), this);
    m_ui->play->setCheckable(true);
    m_ui->play->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Space));
    m_ui->play->setToolTip(tr("Play the run from the cursor at the chosen speed (Ctrl+Space)"));
    m_ui->playSpeed = new QComboBox(this);
    m_ui->playSpeed->setToolTip(tr("Playback speed"));
    for (double speed : {0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0})
        m_ui->playSpeed->addItem(QStringLiteral("%1×").arg(speed), speed);
    m_ui->playSpeed->setCurrentIndex(3);
    m_ui->playTimer = new QTimer(this);
    m_ui->playTimer->setInterval(TimelineStrip::kFrameMs);
    connect(m_ui->play, &QAction::toggled, this, [this](bool on) {
        if (on && (m_timeline->isLive() || m_timeline->cursorNs() >= m_timeline->endNs()))
            m_timeline->seek(0);
        on ? m_ui->playTimer->start() : m_ui->playTimer->stop();
    });
    connect(m_ui->playTimer, &QTimer::timeout, this, [this] {
        const double speed = m_ui->playSpeed->currentData().toDouble();
        const qint64 next = m_timeline->cursorNs() + qint64(speed * TimelineStrip::kFrameMs * 1e6);
        if (next >= m_timeline->endNs()) {
            m_ui->play->setChecked(false);
            m_timeline->seek(m_timeline->endNs());
            return;
        }
        m_timeline->seek(next);
    });

    struct Step {
        QString text;
        QKeySequence key;
        int what;
    };
    menu->addAction(m_ui->live);
    menu->addAction(m_ui->play);
    menu->addSeparator();
    for (const Step& step : {Step{tr("Next &Message"), QKeySequence(Qt::ALT | Qt::Key_Right), 0},
                             Step{tr("Next Event of the Selected &Node"), QKeySequence(Qt::ALT | Qt::SHIFT | Qt::Key_Right), 1},
                             Step{tr("Next &Fault"), QKeySequence(Qt::CTRL | Qt::Key_Right), 2},
                             Step{tr("&Previous Fault"), QKeySequence(Qt::CTRL | Qt::Key_Left), 3}}) {
        QAction* action = menu->addAction(step.text);
        action->setShortcut(step.key);
        const int what = step.what;
        connect(action, &QAction::triggered, this, [this, what] { seekToNext(what); });
    }
}

// 0: next message sent; 1: next event of the selected node; 2: next fault; 3: previous fault.
void MainWindow::seekToNext(int what) {
    const auto& events = m_timeline->events();
    if (events.empty())
        return;
    const qint64 cursor = m_timeline->cursorNs();
    if (what == 2 || what == 3) {
        const auto& faults = m_timeline->faults();
        if (what == 2) {
            for (const FaultInterval& fault : faults)
                if (fault.startNs > cursor) {
                    m_timeline->seek(fault.startNs);
                    return;
                }
        } else {
            for (auto it = faults.rbegin(); it != faults.rend(); ++it)
                if (it->startNs < cursor) {
                    m_timeline->seek(it->startNs);
                    return;
                }
            m_timeline->seek(0);
        }
        return;
    }
    const std::string node = m_timeline->selectedNode().toStdString();
    for (std::size_t i = m_timeline->countUntil(cursor); i < events.size(); ++i) {
        const netlab::Event& e = events[i];
        const bool match = what == 0 ? e.kind == netlab::EventKind::MessageSent
                                     : (!node.empty() && (e.node == node || e.peer == node));
        if (match) {
            m_timeline->seek(e.t_ns);
            return;
        }
    }
}

void MainWindow::buildViewDocks() {
    auto dock = [this](QWidget* content, const QString& title, const QString& name, Qt::DockWidgetArea area) {
        auto* widget = new QDockWidget(title, this);
        widget->setObjectName(name);
        widget->setWidget(content);
        addDockWidget(area, widget);
        m_ui->viewMenu->addAction(widget->toggleViewAction());
        return widget;
    };
    QDockWidget* log = findChild<QDockWidget*>(QStringLiteral("LogDock"));
    QDockWidget* raft = dock(new RaftView(*m_timeline, this), tr("Raft"), QStringLiteral("RaftDock"), Qt::BottomDockWidgetArea);
    QDockWidget* metrics = dock(new MetricsView(*m_timeline, this), tr("Metrics"), QStringLiteral("MetricsDock"), Qt::BottomDockWidgetArea);
    m_ui->messages = new SpacetimeWidget(*m_timeline, this);
    QDockWidget* messages = dock(m_ui->messages, tr("Messages"), QStringLiteral("MessagesDock"), Qt::BottomDockWidgetArea);
    QDockWidget* held = dock(m_faults->createHeldPanel(this), tr("Held Messages"), QStringLiteral("HeldDock"), Qt::BottomDockWidgetArea);
    for (QDockWidget* d : {raft, metrics, messages, held})
        tabifyDockWidget(log, d);
    log->raise();
    int shortcut = 1;
    for (QDockWidget* d : findChildren<QDockWidget*>()) {
        if (shortcut > 9)
            break;
        d->toggleViewAction()->setShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_0 + shortcut++)));
    }
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
    m_ui->stateTree->expandToDepth(0);
    updateActions();
}

void MainWindow::showPaused(bool paused) {
    const QSignalBlocker block(m_ui->pause);
    m_ui->pause->setChecked(paused);
    m_narrative->setWaiting(paused);
    if (m_session->isRunning())
        m_ui->statusLabel->setText(paused ? tr("Paused: press F6 to continue.") : tr("Running..."));
}

bool MainWindow::openFile(const QString& path) {
    return path.endsWith(QLatin1String(".distlab"), Qt::CaseInsensitive) ? openRecording(path) : openScenario(path);
}

bool MainWindow::openRecording(const QString& path) {
    if (m_session->isRunning()) {
        QMessageBox::information(this, tr("Recording"), tr("Stop the run before opening a recording."));
        return false;
    }
    if (!m_editor->maybeSave())
        return false;
    auto opened = netlab::Playback::open(path.toStdString());
    if (!opened) {
        const QString error = tr("Cannot open %1: %2").arg(QFileInfo(path).fileName(), fromStd(opened.error().message));
        QMessageBox::warning(this, tr("Recording"), error);
        return false;
    }
    // The recording keeps its scenario's text: that is the lab to draw.
    const std::string yaml = opened->meta().scenario_yaml;
    auto scenario = netlab::load_scenario_text(yaml, path.toStdString(), core::RoleRegistry::builtin(), {});
    if (scenario) {
        m_editor->document().reset(*scenario, QString());
        showDocument(QString());
    }
    m_ui->recordingPath = path;
    m_ui->scenarioLabel->setText(tr("Playback: %1").arg(QFileInfo(path).fileName()));
    m_ui->statusLabel->setText(tr("Reading the recording..."));
    m_timeline->clear();
    showLab();
    // Reading a big recording takes seconds: on a worker thread, handed back in one batch.
    std::optional<netlab::Scenario> judged;
    if (scenario)
        judged = std::move(*scenario);
    std::thread([this, path, playback = std::make_shared<netlab::Playback>(std::move(*opened)),
                 judged = std::move(judged)] {
        netlab::EventRange range = playback->read_all();
        QString problem;
        if (range.problem)
            problem = tr("The recording is damaged (%1); showing the %n event(s) before the damage.", nullptr,
                         int(range.events.size()))
                          .arg(fromStd(range.problem->message));
        else if (playback->damage())
            problem = tr("The recording is damaged: %1").arg(fromStd(playback->damage()->message));
        auto events = std::make_shared<std::vector<netlab::Event>>(std::move(range.events));
        // The recording's checks, judged again from its events (the verdicts are not stored).
        QList<CheckVerdict> verdicts;
        if (judged)
            verdicts = verdictsOf(netlab::judge_run(*judged, *events, std::nullopt).checks);
        QMetaObject::invokeMethod(this, [this, path, events, problem, verdicts] {
            showVerdicts(verdicts);
            m_timeline->append(*events);
            m_timeline->seek(m_timeline->endNs());
            m_ui->statusLabel->setText(tr("Playback of %1: %n event(s); drag the timeline or press Ctrl+Space to play.", nullptr,
                                          int(events->size()))
                                           .arg(QFileInfo(path).fileName()));
            Q_EMIT recordingOpened(path, problem);
        }, Qt::QueuedConnection);
    }).detach();
    return true;
}

void MainWindow::exportReport() {
    if (m_timeline->events().empty()) {
        QMessageBox::information(this, tr("Export Report"), tr("Run the scenario or open a recording first."));
        return;
    }
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export Report To"));
    if (dir.isEmpty())
        return;
    const netlab::Scenario scenario = m_editor->document().scenario();
    auto events = std::make_shared<std::vector<netlab::Event>>(m_timeline->events());
    const std::string recording = m_ui->recordingPath.toStdString();
    m_ui->statusLabel->setText(tr("Writing the report..."));
    // Judging and writing take a while on a long run: on a worker thread; the PDF (Qt painting)
    // then on this one.
    std::thread([this, dir, scenario, events, recording] {
        const netlab::RunOutcome outcome = netlab::judge_run(scenario, *events, std::nullopt);
        const netlab::ReportData data = netlab::build_report_data(
            {scenario, outcome.events, outcome.checks, scenario.seed, std::string(), recording, {}});
        auto doc = std::make_shared<netlab::ReportDocument>(netlab::build_report_document(data));
        netlab::ReportFormats formats;
        formats.pdf = false;
        auto written = netlab::write_report(data, *doc, outcome.events, outcome.summary, dir.toStdString(), formats);
        const QString error = written ? QString() : fromStd(written.error().message);
        QMetaObject::invokeMethod(this, [this, dir, doc, error] {
            QString problem = error;
            if (problem.isEmpty())
                if (auto pdf = report::write_report_pdf(*doc, std::filesystem::path(dir.toStdString()) / "report.pdf"); !pdf)
                    problem = fromStd(pdf.error().message);
            if (!problem.isEmpty()) {
                m_ui->statusLabel->setText(tr("The report could not be written."));
                QMessageBox::warning(this, tr("Export Report"), problem);
                return;
            }
            m_ui->statusLabel->setText(tr("Report written to %1 (report.html, report.pdf, CSV, JSON, trace).").arg(dir));
        }, Qt::QueuedConnection);
    }).detach();
}

// distlab-cli compare as a child process (argv, no shell), so a long comparison never blocks the
// window; the report opens in the browser when it is written. Without sides given, A is the
// recording in playback, else the open scenario.
void MainWindow::compareScenarios(const QString& a, const QString& b) {
    const QString first = !a.isEmpty()                     ? a
                          : !m_ui->recordingPath.isEmpty() ? m_ui->recordingPath
                          : m_session->hasScenario()       ? m_session->scenarioPath()
                                                           : QString();
    CompareDialog dialog(first, b, this);
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
            m_ui->statusLabel->setText(tr("The comparison failed."));
            QMessageBox::warning(this, tr("Compare"),
                                 QString::fromUtf8(process->readAll()).right(2000));
            return;
        }
        m_ui->statusLabel->setText(code == 0 ? tr("Comparison written to %1; both sides passed their checks.").arg(html)
                                             : tr("Comparison written to %1; some checks failed.").arg(html));
        QDesktopServices::openUrl(QUrl::fromLocalFile(html));
    });
    connect(process, &QProcess::errorOccurred, this, [this, process, cli](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart) {
            process->deleteLater();
            QMessageBox::warning(this, tr("Compare"), tr("Cannot start %1.").arg(cli));
        }
    });
    m_ui->statusLabel->setText(tr("Comparing..."));
    process->start(cli, dialog.arguments());
}

void MainWindow::showLibrary() {
    m_ui->stack->setCurrentIndex(0);
    m_library->focusSearch();
    updateActions();
}

void MainWindow::showLab() {
    m_ui->stack->setCurrentIndex(1);
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

bool MainWindow::openScenario(const QString& path) {
    if (!m_editor->maybeSave())
        return false;
    const QString problem = m_session->load(path);
    if (!problem.isEmpty()) {
        m_ui->statusLabel->setText(tr("Cannot open %1").arg(QFileInfo(path).fileName()));
        QMessageBox::warning(this, tr("Cannot open the scenario"), problem);
        return false;
    }
    m_editor->document().reset(m_session->scenario(), path);
    m_ui->recordingPath.clear();
    m_timeline->clear();
    showDocument(path);
    m_recent->add(path);
    showLab();
    return true;
}

void MainWindow::showDocument(const QString& path) {
    const netlab::Scenario& scenario = m_editor->document().scenario();
    m_view->fit();
    m_logModel->clear();
    m_stateModel->clear();
    m_ui->checks->clear();
    m_ui->logNode->clear();
    m_ui->logNode->addItem(tr("All nodes"), QString());
    m_ui->stateNode->clear();
    for (const auto& node : scenario.nodes) {
        m_ui->logNode->addItem(fromStd(node.id), fromStd(node.id));
        m_ui->stateNode->addItem(fromStd(node.id));
    }
    if (!scenario.nodes.empty())
        selectNode(fromStd(scenario.nodes.front().id));
    const std::string& title = chineseUi() && !scenario.title.zh.empty() ? scenario.title.zh : scenario.title.en;
    const QString name = title.empty() ? fromStd(scenario.name) : fromStd(title);
    setWindowTitle(tr("%1[*] - DistLab").arg(name));
    setWindowModified(false);
    m_ui->scenarioLabel->setText(QFileInfo(path).fileName());
    m_ui->statusLabel->setText(tr("Ready: press F5 to run."));
    const qint64 totalMs = qint64(double(std::chrono::duration_cast<std::chrono::milliseconds>(scenario.duration).count()) *
                                  scenario.time_scale);
    m_ui->progress->setRange(0, int(totalMs / 1000));
    m_ui->progress->setValue(0);
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

void MainWindow::setSimulate(bool simulate) {
    m_ui->simulate->setChecked(simulate);
}

void MainWindow::chooseScenario() {
    const QString dir = m_session->hasScenario() ? QFileInfo(m_session->scenarioPath()).absolutePath() : QString();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Scenario"), dir, tr("Scenarios (*.yaml *.yml)"));
    if (!path.isEmpty())
        openScenario(path);
}

void MainWindow::runScenario() {
    if (m_session->isRunning() || m_editor->document().scenario().nodes.empty())
        return;
    // The run is of the lab as edited, validated as a saved file would be.
    const LabDocument& document = m_editor->document();
    if (const QString problem = m_session->load(document.scenario(), document.filePath()); !problem.isEmpty()) {
        QMessageBox::warning(this, tr("Cannot run the lab"), problem);
        return;
    }
    m_ui->recordingPath.clear();
    m_ui->play->setChecked(false);
    m_timeline->clear();
    m_strip->setPlannedDuration(qint64(double(document.scenario().duration.count()) * document.scenario().time_scale));
    m_narrative->setStepCount(int(document.scenario().steps.size()));
    m_logModel->clear();
    m_ui->checks->clear();
    m_scene->resetStatus();
    const QString selected = m_stateModel->node();
    m_stateModel->clear();
    m_stateModel->setNode(selected);
    m_ui->followLog = true;
    m_session->start(m_ui->simulate->isChecked());
}

void MainWindow::stopRun() {
    if (!m_session->isRunning())
        return;
    m_session->stop();
    m_ui->statusLabel->setText(tr("Stopping..."));
    m_ui->stop->setEnabled(false);
}

// "Since" mode: the shown node's snapshot at the chosen time is the baseline of the state view.
void MainWindow::applyStateBaseline() {
    if (!m_ui->stateSince->isChecked()) {
        if (m_stateModel->hasBaseline())
            m_stateModel->setBaseline(std::nullopt);
        return;
    }
    const std::string node = m_stateModel->node().toStdString();
    const auto& events = m_timeline->events();
    core::Json baseline = core::Json::object();
    for (std::size_t i = m_timeline->countUntil(m_ui->sinceNs); i-- > 0;)
        if (events[i].kind == netlab::EventKind::State && events[i].node == node) {
            baseline = core::Json::parse(events[i].data, nullptr, false);
            break;
        }
    m_stateModel->setBaseline(baseline.is_discarded() ? core::Json::object() : std::move(baseline));
}

void MainWindow::selectNode(const QString& node) {
    m_timeline->selectNode(node);
    m_stateModel->setNode(node);
    applyStateBaseline();
    m_scene->selectNode(node);
    if (m_ui->stateNode->currentText() != node)
        m_ui->stateNode->setCurrentIndex(m_ui->stateNode->findText(node));
    m_ui->stateTree->expandToDepth(0);
}

void MainWindow::addNodeToLists(const QString& node) {
    if (m_ui->stateNode->findText(node) < 0)
        m_ui->stateNode->addItem(node);
    if (m_ui->logNode->findData(node) < 0)
        m_ui->logNode->addItem(node, node);
    if (m_stateModel->node() == node)
        m_ui->stateTree->expandToDepth(0);
}

void MainWindow::showRunStarted(bool simulated) {
    m_ui->statusLabel->setText(simulated ? tr("Running in the simulator...") : tr("Running on real processes..."));
    m_ui->progress->setValue(0);
    updateActions();
}

void MainWindow::showProgress(qint64 elapsedMs, qint64 totalMs) {
    m_ui->progress->setRange(0, int(totalMs / 1000));
    m_ui->progress->setValue(int(elapsedMs / 1000));
}

// Each verdict a row; a check that knows where its anomaly is gets a mark on the timeline, and a
// click on its row moves the cursor there and highlights what the anomaly involves.
void MainWindow::showVerdicts(const QList<CheckVerdict>& checks) {
    m_ui->checks->clear();
    m_strip->clearCheckMarks();
    for (const CheckVerdict& check : checks) {
        auto* item = new QTreeWidgetItem(m_ui->checks, {check.name, check.verdict, check.detail});
        item->setForeground(1, check.passed ? QColor(0x26, 0xa2, 0x69) : QColor(0xc0, 0x1c, 0x28));
        item->setToolTip(2, check.detail);
        item->setData(0, Qt::UserRole + 2, QVariant::fromValue(check.involved));
        QStringList tip;
        if (check.windowStartNs >= 0)
            tip << tr("Click to move the timeline to where %1 looked (%2 s to %3 s)")
                       .arg(check.name)
                       .arg(double(check.windowStartNs) / 1e9, 0, 'f', 2)
                       .arg(double(check.windowEndNs) / 1e9, 0, 'f', 2);
        if (!check.involved.isEmpty()) {
            QStringList parts;
            if (!check.involved.nodes.isEmpty())
                parts << tr("the nodes %1").arg(check.involved.nodes.join(QStringLiteral(", ")));
            if (!check.involved.messages.empty())
                parts << tr("%n message(s)", nullptr, int(check.involved.messages.size()));
            if (!check.involved.ops.empty())
                parts << tr("%n operation(s)", nullptr, int(check.involved.ops.size()));
            tip << (check.involved.nodes.isEmpty()
                        ? tr("Click to highlight %1").arg(parts.join(QStringLiteral(", ")))
                        : tr("Click to select %1 (the Log and State follow it) and highlight %2")
                              .arg(check.involved.nodes.front(), parts.join(QStringLiteral(", "))));
        }
        item->setToolTip(0, tip.join(QLatin1Char('\n')));
        item->setToolTip(1, item->toolTip(0));
        if (check.windowStartNs >= 0) {
            item->setData(0, Qt::UserRole, check.windowStartNs);
            item->setData(0, Qt::UserRole + 1, check.windowEndNs);
            if (!check.passed)
                m_strip->addCheckMark(check.windowStartNs, check.windowEndNs, check.name + QStringLiteral(": ") + check.detail);
        }
    }
}

void MainWindow::showRunFinished(bool passed, const QList<CheckVerdict>& checks, const QString& error) {
    showVerdicts(checks);
    if (!checks.isEmpty())
        m_ui->checksDock->raise();   // the verdicts are what the run was for
    if (!error.isEmpty())
        m_ui->statusLabel->setText(tr("The lab failed: %1").arg(error));
    else if (passed)
        m_ui->statusLabel->setText(tr("Run finished: all %n check(s) passed.", nullptr, int(checks.size())));
    else
        m_ui->statusLabel->setText(tr("Run finished: some checks failed (see Checks)."));
    updateActions();
}

void MainWindow::updateActions() {
    const bool running = m_session->isRunning();
    m_ui->run->setEnabled(!running && !m_editor->document().scenario().nodes.empty());
    m_editor->setRunning(running);
    m_scene->setFaultMode(running);
    m_ui->stop->setEnabled(running);
    m_ui->open->setEnabled(!running);
    m_ui->simulate->setEnabled(!running);
    m_ui->pause->setEnabled(running);
    m_ui->restart->setEnabled(running || !m_editor->document().scenario().nodes.empty());
    m_ui->live->setEnabled(!m_timeline->isLive());
    m_ui->library->setChecked(isShowingLibrary());
    m_ui->exportReport->setEnabled(!running && !m_timeline->events().empty());
}

void MainWindow::restoreSettings() {
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_ui->simulate->setChecked(settings.value(QStringLiteral("run/simulate"), false).toBool());
}

void MainWindow::saveSettings() const {
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("run/simulate"), m_ui->simulate->isChecked());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!m_session->isRunning() && !m_editor->maybeSave()) {
        event->ignore();
        return;
    }
    saveSettings();
    if (m_session->isRunning())
        m_session->stop();   // the session's destructor waits for the worker
    event->accept();
}

}  // namespace distlab::views
