#pragma once

#include <QObject>
#include <QPointF>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

#include "core/model/json.h"
#include "netlab/api/scenario_entries.h"
#include "netlab/scenario/scenario.h"

class QUndoStack;

namespace distlab::core {
struct RoleDescriptor;
}

namespace distlab::views {

// The part of a scenario the editor changes: nodes (id, role, parameters, position) and links.
// Every undo command keeps the topology before and after its edit, so undo restores the exact
// document (order of nodes and links included).
struct LabTopology {
    std::vector<netlab::NodeSpec> nodes;
    bool fullMesh = false;
    std::vector<netlab::LinkSpec> links;
};

// The lab's own settings, beside its topology: what the lab settings page edits.
struct LabSettings {
    std::string name;
    netlab::Text title;
    core::Duration duration{};
    std::uint64_t seed = 1;
    netlab::NetworkSpec network;
    std::vector<netlab::FaultSpec> faults;
    std::vector<netlab::StepSpec> steps;
    std::vector<netlab::CheckSpec> checks;
};

// The parts of LabSettings one edit changes (SettingsCommand restores only those).
enum class LabSetting { Name = 0x1, Title = 0x2, Duration = 0x4, Seed = 0x8, Network = 0x10, Faults = 0x20, Steps = 0x40,
                        Checks = 0x80 };
Q_DECLARE_FLAGS(LabSettingParts, LabSetting)
Q_DECLARE_OPERATORS_FOR_FLAGS(LabSettingParts)

// Copies `parts` of `settings` into `scenario`.
void applyTo(netlab::Scenario& scenario, const LabSettings& settings, LabSettingParts parts);

// One link property the editor sets (netlab::LinkOverrides); unset ones take the network default.
enum class LinkProperty { Latency, Jitter, Loss, Duplicate, Reorder, Bandwidth };

// The layouts Generate offers: N new nodes of one role, wired as a ring, a star (the first is the
// hub), a full mesh, or a cluster (a full mesh whose "members" parameters list the cluster).
enum class GeneratedTopology { Ring, Star, Mesh, Cluster };

// The scenario being edited (Tiled's MapDocument): a netlab::Scenario copy with its nodes'
// positions (NodeSpec::at), the file it came from, the undo stack of every edit and a dirty flag
// (the stack is not at its clean index).
//
// Every verb below validates its input and either pushes one command (or one macro) on the undo
// stack, returning an empty string, or changes nothing and returns why, in a sentence for the
// user. Commands apply their topology through applyTopology(), which emits the signals for
// exactly what changed, so views only listen to the signals.
//
// Ownership: owns the scenario and the undo stack.
// Threading: GUI thread only.
class LabDocument final : public QObject {
    Q_OBJECT
public:
    explicit LabDocument(QObject* parent = nullptr);
    ~LabDocument() override;

    const netlab::Scenario& scenario() const { return m_scenario; }
    QUndoStack* undoStack() const { return m_undo; }
    QString filePath() const { return m_path; }
    bool isDirty() const;

    // --- Reading -------------------------------------------------------------------------------
    QStringList nodeIds() const;
    // nullptr when there is no such node.
    const netlab::NodeSpec* node(const QString& id) const;
    // The node's position on the canvas (its `at:`); the origin when it has none.
    QPointF position(const QString& id) const;
    // The links as they run: every pair, both ways, for `links: full`; the written list otherwise.
    std::vector<netlab::LinkSpec> effectiveLinks() const;
    // The written or implied link from -> to (either direction for a two-way link), or nullptr.
    std::optional<netlab::LinkSpec> link(const QString& from, const QString& to) const;
    // A node id not used yet: prefix followed by the lowest free number ("n4").
    QString freeNodeId(const QString& prefix) const;
    // What is wrong with `node`'s parameters, by parameter name (empty: all valid).
    std::vector<std::pair<QString, QString>> parameterProblems(const QString& node) const;

    // --- Whole document ------------------------------------------------------------------------
    // Replaces the document (no undo): a new empty lab.
    void newLab();
    // Replaces the document with `scenario` from `path` (no undo, clean).
    void reset(const netlab::Scenario& scenario, const QString& path);
    // Loads a scenario file; on failure returns the diagnostics and keeps the document.
    QString load(const QString& path);
    // Writes the scenario as YAML to `path` after checking that it loads back (the check
    // `distlab-cli validate` makes). On success the document is clean and takes `path`; on
    // failure nothing is written and the problems are returned. Saved to another file than its
    // own, the lab takes that file's name ("my-lab.yaml": my-lab), as a file of its own.
    QString save(const QString& path);
    // What the scenario written now would fail to load with (empty: valid).
    QString validate() const;

    // --- Verbs (each one undoable command, or a refusal) ---------------------------------------
    QString addNode(const QString& role, QPointF at, const QString& id = {});
    QString removeNodes(const QStringList& ids);
    // `gesture` groups the moves of one drag into one undo step (MoveNodesCommand::mergeWith).
    QString moveNodes(const std::vector<std::pair<QString, QPointF>>& to, int gesture = 0);
    QString renameNode(const QString& from, const QString& to);
    // `value` as written in a scenario ("150ms", 3, [n1, n2]); null resets it to its default.
    QString setParameter(const QString& node, const QString& name, const core::Json& value);
    QString addLink(const QString& from, const QString& to);
    QString removeLink(const QString& from, const QString& to);
    // Durations in milliseconds, probabilities in [0, 1], bandwidth in bytes per second; nullopt
    // goes back to the network default.
    QString setLinkProperty(const QString& from, const QString& to, LinkProperty property,
                            std::optional<double> value);
    // Adds `count` nodes of `role` around `centre`, wired as `shape`: one undo step.
    QString generate(GeneratedTopology shape, const QString& role, int count, QPointF centre);

    // --- Lab settings (each one undoable command, or a refusal) -------------------------------
    // An edit that would make a valid lab fail to load is refused with the loader's reasons.
    // The scenario's name: lowercase letters, digits and '-'.
    QString setName(const QString& name);
    QString setTitle(const QString& en, const QString& zh);
    // A duration with its unit ("30s", "1500ms", "2m"), longer than 0.
    QString setDuration(const QString& text);
    // A non-negative integer.
    QString setSeed(const QString& text);
    // One of netlab::network_preset_names(); the link defaults become the preset's.
    QString setNetworkPreset(const QString& preset);
    // The faults, steps or checks, one entry each as the file writes it (netlab::scenario_entries).
    QStringList entries(netlab::ScenarioList list) const;
    // Replaces entry `index` of `list` with `text`, as a person types one entry of the list in
    // the file; `index` == the entry count adds it at the end. Refused with the loader's reasons
    // when the lab with it does not load.
    QString setEntry(netlab::ScenarioList list, int index, const QString& text);
    QString removeEntry(netlab::ScenarioList list, int index);

    LabSettings settings() const;
    void applySettings(const LabSettings& next, LabSettingParts parts);

    // The editable part as it is now, and the way commands change it. `renamedFrom`/`renamedTo`
    // name a node whose id changed, so it is reported as renamed rather than removed and added.
    LabTopology topology() const;
    void applyTopology(const LabTopology& next, const QString& renamedFrom = {}, const QString& renamedTo = {});

    // A new gesture number for moveNodes (one per drag).
    int nextGesture() { return ++m_gesture; }

    static const core::RoleDescriptor* roleInfo(const std::string& role);

Q_SIGNALS:
    void nodeAdded(const QString& id);
    void nodeRemoved(const QString& id);
    // Role, parameters or position changed.
    void nodeChanged(const QString& id);
    void nodeRenamed(const QString& from, const QString& to);
    void linkAdded(const QString& from, const QString& to);
    void linkRemoved(const QString& from, const QString& to);
    void linkChanged(const QString& from, const QString& to);
    // A lab setting changed (name, title, duration, seed, network, faults, steps or checks).
    void settingsChanged();
    // The whole document was replaced (new, load, reset).
    void documentReset();
    void dirtyChanged(bool dirty);
    void filePathChanged(const QString& path);

private:
    void replace(netlab::Scenario scenario, const QString& path);
    QString changeSettings(const LabSettings& after, LabSettingParts parts, const QString& text);

    netlab::Scenario m_scenario;
    QString m_path;
    QUndoStack* m_undo;
    int m_gesture = 0;
};

}  // namespace distlab::views
