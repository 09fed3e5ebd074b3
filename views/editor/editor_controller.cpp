#include "views/editor/editor_controller.h"

#include <QAction>
#include <QActionGroup>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSpinBox>
#include <QToolBar>
#include <QUndoStack>

#include <iterator>
#include <utility>

#include "core/model/role_registry.h"
#include "views/editor/inspector.h"
#include "views/editor/lab_document.h"
#include "views/editor/role_palette.h"
#include "views/topology/topology_scene.h"
#include "views/topology/topology_view.h"

namespace distlab::views {

namespace {

const char* const kShapeNames[] = {QT_TRANSLATE_NOOP("distlab::views::EditorController", "&Ring..."),
                                   QT_TRANSLATE_NOOP("distlab::views::EditorController", "&Star..."),
                                   QT_TRANSLATE_NOOP("distlab::views::EditorController", "Full &Mesh..."),
                                   QT_TRANSLATE_NOOP("distlab::views::EditorController", "&Cluster...")};

}  // namespace

EditorController::EditorController(QMainWindow* window, TopologyScene* scene, TopologyView* view)
    : QObject(window),
      m_window(window),
      m_scene(scene),
      m_view(view),
      m_document(new LabDocument(this)),
      m_palette(new RolePalette(window)),
      m_inspector(new Inspector(window)),
      m_paletteDock(new QDockWidget(tr("Roles"), window)),
      m_inspectorDock(new QDockWidget(tr("Inspector"), window)),
      m_editMenu(new QMenu(tr("&Edit"), window)) {
    m_paletteDock->setObjectName(QStringLiteral("PaletteDock"));
    m_paletteDock->setWidget(m_palette);
    m_inspectorDock->setObjectName(QStringLiteral("InspectorDock"));
    m_inspectorDock->setWidget(m_inspector);
    m_scene->setDocument(m_document);
    m_inspector->setDocument(m_document);
    buildActions();
    buildTools();

    connect(m_scene, &TopologyScene::nodeSelected, this, &EditorController::nodeSelected);
    connect(m_scene, &TopologyScene::linkSelected, this, &EditorController::linkSelected);
    connect(m_scene, &TopologyScene::editRefused, this, &EditorController::message);
    connect(m_scene, &TopologyScene::renameRequested, this, [this](const QString& node) {
        m_inspector->showNode(node);
        m_inspectorDock->show();
        m_inspectorDock->raise();
        m_inspector->beginRename();
    });
}

void EditorController::buildActions() {
    m_new = new QAction(QIcon::fromTheme(QStringLiteral("document-new")), tr("&New Empty Lab"), m_window);
    m_new->setShortcut(QKeySequence::New);
    connect(m_new, &QAction::triggered, this, &EditorController::newLab);
    m_save = new QAction(QIcon::fromTheme(QStringLiteral("document-save")), tr("&Save"), m_window);
    m_save->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_S));
    connect(m_save, &QAction::triggered, this, &EditorController::save);
    m_saveAs = new QAction(QIcon::fromTheme(QStringLiteral("document-save-as")), tr("Save &As..."), m_window);
    m_saveAs->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    connect(m_saveAs, &QAction::triggered, this, &EditorController::saveAs);

    QUndoStack* stack = m_document->undoStack();
    m_undo = stack->createUndoAction(m_window, tr("&Undo"));
    m_undo->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Z));
    m_undo->setIcon(QIcon::fromTheme(QStringLiteral("edit-undo")));
    m_redo = stack->createRedoAction(m_window, tr("&Redo"));
    m_redo->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
    m_redo->setIcon(QIcon::fromTheme(QStringLiteral("edit-redo")));
    // The canvas handles the Delete key itself, so that text fields keep theirs.
    m_delete = new QAction(QIcon::fromTheme(QStringLiteral("edit-delete")), tr("&Delete"), m_window);
    m_delete->setShortcut(QKeySequence::Delete);
    m_delete->setShortcutContext(Qt::WidgetShortcut);
    connect(m_delete, &QAction::triggered, m_scene, &TopologyScene::deleteSelection);

    m_editMenu->addAction(m_undo);
    m_editMenu->addAction(m_redo);
    m_editMenu->addSeparator();
    m_editMenu->addAction(m_delete);
    m_generate = m_editMenu->addMenu(tr("&Generate"));
    for (int shape = 0; shape < 4; ++shape)
        connect(m_generate->addAction(tr(kShapeNames[shape])), &QAction::triggered, this,
                [this, shape] { askGenerate(shape); });
}

void EditorController::buildTools() {
    m_tools = new QToolBar(tr("Drawing Tools"), m_window);
    m_tools->setObjectName(QStringLiteral("ToolsToolBar"));
    m_tools->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_tools->setMovable(false);
    auto* group = new QActionGroup(this);
    const std::pair<QString, QString> tools[] = {
        {QStringLiteral("edit-select"), tr("Select")},
        {QStringLiteral("list-add"), tr("Add Node")},
        {QStringLiteral("insert-link"), tr("Link")},
        {QStringLiteral("edit-cut"), tr("Partition")},
    };
    for (int tool = 0; tool < int(std::size(tools)); ++tool) {
        QAction* action = m_tools->addAction(QIcon::fromTheme(tools[tool].first), tools[tool].second);
        action->setCheckable(true);
        action->setObjectName(QStringLiteral("Tool:%1").arg(tool));
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, tool] { chooseTool(tool); });
        m_toolActions.append(action);
        if (tool == int(TopologyScene::Tool::AddNode)) {
            // The role the Add Node tool places, right after it.
            m_toolRole = new QComboBox(m_tools);
            m_toolRole->setObjectName(QStringLiteral("ToolRole"));
            m_toolRole->setToolTip(tr("The role of the nodes the Add Node tool places"));
            const RolePaletteModel* roles = m_palette->paletteModel();
            for (int row = 0; row < roles->rowCount(); ++row) {
                const QModelIndex index = roles->index(row);
                m_toolRole->addItem(roles->data(index, RolePaletteModel::NameRole).toString());
                m_toolRole->setItemData(row, roles->data(index, RolePaletteModel::DescriptionRole), Qt::ToolTipRole);
            }
            m_tools->addWidget(m_toolRole);
            connect(m_toolRole, &QComboBox::activated, this, [this] { chooseTool(int(TopologyScene::Tool::AddNode)); });
        }
    }
    m_tools->addSeparator();
    m_toolHint = new QLabel(m_tools);
    m_toolHint->setObjectName(QStringLiteral("ToolHint"));
    m_toolHint->setContentsMargins(6, 0, 6, 0);
    m_tools->addWidget(m_toolHint);
    chooseTool(int(TopologyScene::Tool::Select));
}

void EditorController::chooseTool(int tool) {
    m_scene->setTool(TopologyScene::Tool(tool));
    m_scene->setToolRole(m_toolRole->currentText());
    m_toolActions.value(tool)->setChecked(true);
    updateToolHint();
}

QString EditorController::toolHint() const {
    switch (m_scene->tool()) {
    case TopologyScene::Tool::Select:
        return m_running ? tr("Select: click a node or a message; drag a line across empty canvas to partition.")
                         : tr("Select: click to edit in the inspector, drag to move, Shift+drag from a node to link, "
                              "Delete removes.");
    case TopologyScene::Tool::AddNode:
        return tr("Add Node: click on empty canvas to place a %1 node.").arg(m_toolRole->currentText());
    case TopologyScene::Tool::Link: return tr("Link: drag from one node to another to link them.");
    case TopologyScene::Tool::Partition:
        return m_running ? tr("Partition: drag a line across the canvas; the nodes on either side are cut apart.")
                         : tr("Partition: during a run, drag a line across the canvas to cut the network in two.");
    }
    return {};
}

void EditorController::updateToolHint() {
    m_toolHint->setText(toolHint());
}

void EditorController::addFileActions(QMenu* file, QAction* before) {
    file->insertAction(before, m_new);
    file->insertSeparator(before);
    file->insertAction(before, m_save);
    file->insertAction(before, m_saveAs);
    file->insertSeparator(before);
}

void EditorController::setRunning(bool running) {
    m_running = running;
    m_scene->setEditable(!running);
    m_inspector->setEditable(!running);
    m_palette->setEnabled(!running);
    m_undo->setEnabled(!running && m_document->undoStack()->canUndo());
    m_redo->setEnabled(!running && m_document->undoStack()->canRedo());
    m_delete->setEnabled(!running);
    m_generate->setEnabled(!running);
    m_new->setEnabled(!running);
    // A run draws nothing new: the editing tools wait, Select and the Partition brush stay.
    setDrawingEnabled(!running);
}

void EditorController::setPaletteAside(bool aside) {
    if (aside == m_paletteAside)
        return;
    m_paletteAside = aside;
    if (aside) {
        m_paletteWanted = !m_paletteDock->isHidden();
        m_paletteDock->hide();
    } else if (m_paletteWanted) {
        m_paletteDock->show();
    }
}

void EditorController::setDrawingEnabled(bool enabled) {
    for (const auto tool : {TopologyScene::Tool::AddNode, TopologyScene::Tool::Link})
        m_toolActions.value(int(tool))->setEnabled(enabled);
    m_toolRole->setEnabled(enabled);
    if (!enabled && (m_scene->tool() == TopologyScene::Tool::AddNode || m_scene->tool() == TopologyScene::Tool::Link))
        chooseTool(int(TopologyScene::Tool::Select));
    updateToolHint();
}

bool EditorController::maybeSave() {
    if (!m_document->isDirty())
        return true;
    const auto answer = QMessageBox::question(
        m_window, tr("Unsaved changes"), tr("The lab has changes that are not saved. Save them?"),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

bool EditorController::save() {
    if (m_document->filePath().isEmpty())
        return saveAs();
    if (const QString problem = m_document->save(m_document->filePath()); !problem.isEmpty()) {
        QMessageBox::warning(m_window, tr("Cannot save the lab"), problem);
        return false;
    }
    Q_EMIT message(tr("Saved %1").arg(QFileInfo(m_document->filePath()).fileName()));
    return true;
}

bool EditorController::saveAs() {
    // A new lab is named *.distlab.yaml: the name desktops know as a DistLab scenario, so a
    // double-click opens it here (resources/distlab-mime.xml).
    const QString start = m_document->filePath().isEmpty() ? QStringLiteral("lab.distlab.yaml") : m_document->filePath();
    QString path = QFileDialog::getSaveFileName(m_window, tr("Save Lab As"), start, tr("Scenarios (*.yaml *.yml)"));
    if (path.isEmpty())
        return false;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".distlab.yaml");
    if (const QString problem = m_document->save(path); !problem.isEmpty()) {
        QMessageBox::warning(m_window, tr("Cannot save the lab"), problem);
        return false;
    }
    Q_EMIT message(tr("Saved %1").arg(QFileInfo(path).fileName()));
    return true;
}

void EditorController::newLab() {
    if (m_running || !maybeSave())
        return;
    m_document->newLab();
    Q_EMIT documentReplaced();
}

QStringList EditorController::unappliedEdits() {
    return m_inspector->unappliedEdits();
}

QString EditorController::generate(int shape, const QString& role, int count) {
    Q_EMIT canvasWanted();
    // Beside what is there already, so new nodes never land on old ones.
    QPointF centre;
    const QRectF used = m_scene->itemsBoundingRect();
    if (!m_document->scenario().nodes.empty())
        centre = QPointF(used.right() + std::max(140.0, 28.0 * count) + 80, used.center().y());
    const QString problem = m_document->generate(GeneratedTopology(shape), role, count, centre);
    if (!problem.isEmpty())
        Q_EMIT message(problem);
    return problem;
}

void EditorController::askGenerate(int shape) {
    QDialog dialog(m_window);
    dialog.setWindowTitle(tr("Generate"));
    auto* form = new QFormLayout(&dialog);
    auto* role = new QComboBox(&dialog);
    for (const std::string& name : core::RoleRegistry::builtin().names())
        role->addItem(QString::fromStdString(name));
    role->setCurrentText(QStringLiteral("raft"));
    auto* count = new QSpinBox(&dialog);
    count->setRange(2, 32);
    count->setValue(5);
    form->addRow(tr("Role"), role);
    form->addRow(tr("Nodes"), count);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (const QString problem = generate(shape, role->currentText(), count->value()); !problem.isEmpty())
        QMessageBox::warning(m_window, tr("Cannot generate"), problem);
}

void EditorController::nodeSelected(const QString& node) {
    if (!node.isEmpty() || m_scene->selectedLink().first.isEmpty())
        m_inspector->showNode(node);
}

void EditorController::linkSelected(const QString& from, const QString& to) {
    if (!from.isEmpty())
        m_inspector->showLink(from, to);
}

}  // namespace distlab::views
