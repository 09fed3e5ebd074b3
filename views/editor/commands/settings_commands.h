#pragma once

#include <QUndoCommand>

#include <expected>
#include <memory>

#include "views/editor/lab_document.h"

namespace distlab::views {

// Changes some of the lab's settings (name, title, duration, seed, network, faults, steps,
// checks): the settings before and after, and which parts it changes, so undo restores exactly
// those parts (a name given by Save As in between stays).
//
// Ownership: the undo stack owns commands; they point at the document, which owns the stack.
class SettingsCommand final : public QUndoCommand {
public:
    // nullptr when `after` changes none of `parts`.
    static std::unique_ptr<SettingsCommand> create(LabDocument& document, LabSettings after, LabSettingParts parts,
                                                   const QString& text);

    void redo() override { m_document->applySettings(m_after, m_parts); }
    void undo() override { m_document->applySettings(m_before, m_parts); }

private:
    SettingsCommand(LabDocument* document, LabSettings after, LabSettingParts parts, const QString& text);

    LabDocument* m_document;
    LabSettings m_before;
    LabSettings m_after;
    LabSettingParts m_parts;
};

}  // namespace distlab::views
