#include "views/shell/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
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

#include "netlab/scenario/scenario.h"
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
    QAction* quit = nullptr;
    QMenu* viewMenu = nullptr;
    QComboBox* logNode = nullptr;
    QComboBox* logLevel = nullptr;
    QLineEdit* logText = nullptr;
    QTableView* logTable = nullptr;
    bool followLog = true;
    QComboBox* stateNode = nullptr;
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
      m_editor(new EditorController(this, m_scene, m_view)) {
    setWindowTitle(tr("DistLab"));
    setObjectName(QStringLiteral("MainWindow"));
    setDockOptions(AnimatedDocks | AllowTabbedDocks);
    m_logModel->setChinese(chineseUi());
    m_logFilter->setSourceModel(m_logModel);
    setCentralWidget(m_view);

    buildActions();
    buildDocks();

    TraceBridge& bridge = m_session->bridge();
    connect(&bridge, &TraceBridge::eventsArrived, m_logModel, &EventLogModel::append);
    connect(&bridge, &TraceBridge::eventsArrived, m_stateModel, &StateModel::append);
    connect(&bridge, &TraceBridge::eventsArrived, m_scene, &TopologyScene::append);
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

    m_ui->quit = new QAction(tr("&Quit"), this);
    m_ui->quit->setShortcut(QKeySequence::Quit);
    connect(m_ui->quit, &QAction::triggered, this, &QWidget::close);

    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_ui->open);
    file->addSeparator();
    file->addAction(m_ui->quit);
    m_editor->addFileActions(file, m_ui->quit);
    menuBar()->addMenu(m_editor->editMenu());
    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->addAction(m_ui->run);
    run->addAction(m_ui->stop);
    run->addSeparator();
    run->addAction(m_ui->simulate);
    m_ui->viewMenu = menuBar()->addMenu(tr("&View"));

    QToolBar* toolbar = addToolBar(tr("Lab"));
    toolbar->setObjectName(QStringLiteral("LabToolBar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->setMovable(false);
    toolbar->addAction(m_ui->open);
    toolbar->addSeparator();
    toolbar->addAction(m_ui->run);
    toolbar->addAction(m_ui->stop);
    toolbar->addAction(m_ui->simulate);
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
    stateLayout->addWidget(m_ui->stateNode);
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
    showDocument(path);
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
    updateActions();
}

void MainWindow::setNodeBinary(const QString& path) {
    m_session->setNodeBinary(path);
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

void MainWindow::selectNode(const QString& node) {
    m_stateModel->setNode(node);
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

void MainWindow::showRunFinished(bool passed, const QList<CheckVerdict>& checks, const QString& error) {
    m_ui->checks->clear();
    for (const CheckVerdict& check : checks) {
        auto* item = new QTreeWidgetItem(m_ui->checks, {check.name, check.verdict, check.detail});
        item->setForeground(1, check.passed ? QColor(0x26, 0xa2, 0x69) : QColor(0xc0, 0x1c, 0x28));
        item->setToolTip(2, check.detail);
    }
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
    m_ui->stop->setEnabled(running);
    m_ui->open->setEnabled(!running);
    m_ui->simulate->setEnabled(!running);
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
