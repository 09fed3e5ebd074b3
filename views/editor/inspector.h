#pragma once

#include <QWidget>

#include <vector>

#include "netlab/api/scenario_entries.h"

class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QMenu;

namespace distlab::core {
struct ParamSpec;
}

namespace distlab::views {

class LabDocument;

// The selected node's id (renamed by editing it), role and parameters, or the selected link's
// properties, as a form generated from the role's ParamSpec: spin boxes for numbers (with the
// spec's range), check boxes, choice lists, line edits for durations and node lists; each field's
// tooltip is its description. With nothing selected, the lab settings: name, title, duration,
// seed, network preset, and the checks, faults and narrative steps as lists (add, edit, remove;
// Add Check offers the checks that apply to the roles on the canvas). Edits go through the
// document (its undo stack); a refused value stays in its field, red, with the document's reason
// under it, until it is corrected or another selection discards it: unappliedEdits() names
// such fields, so a run is not started on values the form does not show.
//
// Threading: GUI thread only. The document outlives the inspector.
class Inspector final : public QWidget {
    Q_OBJECT
public:
    explicit Inspector(QWidget* parent = nullptr);

    void setDocument(LabDocument* document);
    // Shows `node` (empty: nothing selected).
    void showNode(const QString& node);
    void showLink(const QString& from, const QString& to);
    // Off while a run is live: the form is read-only.
    void setEditable(bool editable);
    // Focuses the id field with its text selected (a double-click on the canvas).
    void beginRename();

    QString shownNode() const { return m_node; }
    bool showsLabSettings() const { return m_settings; }
    // The fields holding a value the document refused ("Node c1, timeout: must not be negative,
    // got \"-5ms\""), after committing the field being typed in; empty when every field shows
    // what the document holds.
    QStringList unappliedEdits();
    // Lab settings: the list showing the faults, steps or checks, and the checks Add Check
    // offers (tests); nullptr / empty when the settings are not shown.
    QListWidget* entryList(netlab::ScenarioList list) const;
    QStringList offeredChecks() const;
    // Adds the offered check `name` with its example arguments; when the document refuses them,
    // opens the entry editor on them with the reason. Empty when added, else the refusal.
    QString addCheck(const QString& name);
    // The field editing a parameter or a link property (tests), or nullptr.
    QWidget* field(const QString& name) const;
    // The reason shown under a field, empty when it is fine.
    QString problemOf(const QString& name) const;

private:
    struct Row {
        QString name;
        const core::ParamSpec* spec = nullptr;   // parameters; nullptr for the id and link rows
        int linkProperty = -1;                   // links: a LinkProperty
        QWidget* editor = nullptr;
        QLabel* problem = nullptr;
        QString caption;
        bool refused = false;                    // shows a value the document refused
    };

    void rebuild();
    void refreshValues();
    void clearForm();
    void addRow(Row row, const QString& label, const QString& tooltip);
    void commitParameter(const Row& row);
    void commitLinkProperty(const Row& row);
    void commitRename();
    void commitRow(const QString& name);
    void commitSetting(const Row& row);
    void buildSettings();
    void addList(netlab::ScenarioList list, const QString& title);
    void refreshLists();
    void editEntry(netlab::ScenarioList list, int index, const QString& text = {}, const QString& problem = {});
    void markRefused(const QString& name, const QString& problem);
    void showProblem(const QString& name, const QString& problem);
    void onNodeRenamed(const QString& from, const QString& to);

    LabDocument* m_document = nullptr;
    QString m_node;
    QString m_linkFrom;
    QString m_linkTo;
    bool m_editable = true;
    bool m_settings = false;
    QListWidget* m_lists[3] = {};
    QLabel* m_title;
    QLabel* m_subtitle;
    QWidget* m_formHost;
    QFormLayout* m_form;
    QLineEdit* m_id = nullptr;
    std::vector<Row> m_rows;
};

}  // namespace distlab::views
