#include "views/editor/commands/settings_commands.h"

#include "netlab/api/scenario_entries.h"
#include "netlab/api/scenario_files.h"

namespace distlab::views {

namespace {

// Two settings are the same in `parts` when the scenarios they make are written the same.
std::string written(const LabSettings& settings, LabSettingParts parts) {
    netlab::Scenario scenario;
    applyTo(scenario, settings, parts);
    return netlab::scenario_text(scenario);
}

}  // namespace

SettingsCommand::SettingsCommand(LabDocument* document, LabSettings after, LabSettingParts parts, const QString& text)
    : QUndoCommand(text), m_document(document), m_before(document->settings()), m_after(std::move(after)), m_parts(parts) {}

std::unique_ptr<SettingsCommand> SettingsCommand::create(LabDocument& document, LabSettings after,
                                                         LabSettingParts parts, const QString& text) {
    if (written(document.settings(), parts) == written(after, parts))
        return nullptr;
    return std::unique_ptr<SettingsCommand>(new SettingsCommand(&document, std::move(after), parts, text));
}

}  // namespace distlab::views
