#pragma once

#include <QList>
#include <QObject>
#include <QPointF>

class QAction;
class QComboBox;
class QDockWidget;
class QLabel;
class QToolBar;
class QMainWindow;
class QMenu;

namespace distlab::views {

class Inspector;
class LabDocument;
class RolePalette;
class TopologyScene;
class TopologyView;

// Puts the topology editor into the main window: owns the LabDocument, makes the role palette and
// inspector docks, the Edit menu (undo, redo, delete, generate) and the file actions (new, save,
// save as), connects the canvas to the inspector, and asks before dirty work is lost.
//
// Ownership: a child of the window; owns the document; the docks and actions are the window's
// children. Threading: GUI thread only.
class EditorController final : public QObject {
    Q_OBJECT
public:
    EditorController(QMainWindow* window, TopologyScene* scene, TopologyView* view);

    LabDocument& document() { return *m_document; }
    Inspector& inspector() { return *m_inspector; }
    RolePalette& palette() { return *m_palette; }

    // Adds New, Save and Save As to `file` before `before`.
    void addFileActions(QMenu* file, QAction* before);
    // The Edit menu (for the menu bar) and the docks (for the View menu).
    QMenu* editMenu() const { return m_editMenu; }
    QDockWidget* paletteDock() const { return m_paletteDock; }
    QDockWidget* inspectorDock() const { return m_inspectorDock; }
    // The drawing tools (TopologyScene::Tool): Select, Add Node with its role, Link and the
    // Partition brush, each with a one-line hint of what it does beside them. The window places it.
    QToolBar* toolsBar() const { return m_tools; }
    QString toolHint() const;

    // While a run is live nothing can be edited.
    void setRunning(bool running);
    // While a run is live or a recording plays, nothing can be added, so the role palette steps
    // aside and the canvas gets its width (a 1366 x 768 projector has none to spare); it comes back
    // for editing unless the user had closed it. Not while the library has set the docks aside.
    void setPaletteAside(bool aside);
    bool isPaletteAside() const { return m_paletteAside; }
    // The tools that draw (Add Node, Link) on or off (off while running, and for a recording's
    // read-only lab); off, they fall back to Select.
    void setDrawingEnabled(bool enabled);
    // When the document has unsaved edits: asks to save, discard or cancel. True when the caller
    // may go on (saved, discarded or nothing to save).
    bool maybeSave();
    bool save();
    bool saveAs();
    // A new empty lab (after maybeSave()).
    void newLab();
    // Adds `count` nodes of `role` wired as `shape` (a GeneratedTopology) beside what is there;
    // returns the document's refusal, empty when done.
    QString generate(int shape, const QString& role, int count);
    // The inspector's fields holding a value the document refused, one line each naming the
    // field and why (Inspector::unappliedEdits); empty when the lab is what the form shows.
    QStringList unappliedEdits();

Q_SIGNALS:
    // The document was replaced by a new empty lab (the window resets its views and shows it).
    void documentReplaced();
    // An edit made from a menu wants the canvas on screen (Generate from the library page).
    void canvasWanted();
    // A sentence for the status bar: an edit refused, a file saved.
    void message(const QString& text);

private:
    void buildActions();
    void buildTools();
    void chooseTool(int tool);
    void updateToolHint();
    void askGenerate(int shape);
    void nodeSelected(const QString& node);
    void linkSelected(const QString& from, const QString& to);

    QMainWindow* m_window;
    TopologyScene* m_scene;
    TopologyView* m_view;
    LabDocument* m_document;
    RolePalette* m_palette;
    Inspector* m_inspector;
    QDockWidget* m_paletteDock;
    QDockWidget* m_inspectorDock;
    bool m_paletteAside = false;
    bool m_paletteWanted = true;   // shown by the user when it stepped aside
    QMenu* m_editMenu;
    QAction* m_new = nullptr;
    QAction* m_save = nullptr;
    QAction* m_saveAs = nullptr;
    QAction* m_undo = nullptr;
    QAction* m_redo = nullptr;
    QAction* m_delete = nullptr;
    QMenu* m_generate = nullptr;
    QToolBar* m_tools = nullptr;
    QList<QAction*> m_toolActions;   // by TopologyScene::Tool
    QComboBox* m_toolRole = nullptr;
    QLabel* m_toolHint = nullptr;
    bool m_running = false;
};

}  // namespace distlab::views
