#pragma once

#include <QUndoCommand>

#include <expected>
#include <memory>

#include "views/editor/lab_document.h"

namespace distlab::views {

class TopologyCommand;

// What a command's create() gives: the command, nullptr when the edit changes nothing, or why it
// is refused.
using CreatedCommand = std::expected<std::unique_ptr<TopologyCommand>, QString>;

// The base of every editor command: the document's topology before and after the edit (a
// memento), so redo and undo restore exactly what was there, node and link order included. The
// verb's rules live in each subclass's create().
//
// Ownership: the undo stack owns commands; they point at the document, which owns the stack.
class TopologyCommand : public QUndoCommand {
public:
    void redo() override { m_document->applyTopology(m_after, m_renamedFrom, m_renamedTo); }
    void undo() override { m_document->applyTopology(m_before, m_renamedTo, m_renamedFrom); }

    const LabTopology& before() const { return m_before; }
    const LabTopology& after() const { return m_after; }

protected:
    TopologyCommand(LabDocument* document, LabTopology after, const QString& text)
        : QUndoCommand(text), m_document(document), m_before(document->topology()), m_after(std::move(after)) {}

    LabDocument* m_document;
    LabTopology m_before;
    LabTopology m_after;
    QString m_renamedFrom;   // set by a rename
    QString m_renamedTo;
};

}  // namespace distlab::views
