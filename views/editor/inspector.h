#pragma once

#include <QWidget>

#include <vector>

class QFormLayout;
class QLabel;
class QLineEdit;

namespace distlab::core {
struct ParamSpec;
}

namespace distlab::views {

class LabDocument;

// The selected node's id (renamed by editing it), role and parameters, or the selected link's
// properties, as a form generated from the role's ParamSpec: spin boxes for numbers (with the
// spec's range), check boxes, choice lists, line edits for durations and node lists; each field's
// tooltip is its description. Edits go through the document (its undo stack); a refused value
// stays in its field, red, with the document's reason under it.
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
    };

    void rebuild();
    void refreshValues();
    void clearForm();
    void addRow(Row row, const QString& label, const QString& tooltip);
    void commitParameter(const Row& row);
    void commitLinkProperty(const Row& row);
    void commitRename();
    void showProblem(const QString& name, const QString& problem);
    void onNodeRenamed(const QString& from, const QString& to);

    LabDocument* m_document = nullptr;
    QString m_node;
    QString m_linkFrom;
    QString m_linkTo;
    bool m_editable = true;
    QLabel* m_title;
    QLabel* m_subtitle;
    QWidget* m_formHost;
    QFormLayout* m_form;
    QLineEdit* m_id = nullptr;
    std::vector<Row> m_rows;
};

}  // namespace distlab::views
