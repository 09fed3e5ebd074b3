#pragma once

#include <QPointF>
#include <QStringList>

#include <utility>
#include <vector>

#include "views/editor/commands/topology_command.h"

namespace distlab::views {

// Adds one node of a role with its default parameters at a canvas position.
class AddNodeCommand final : public TopologyCommand {
public:
    // `id` empty: the next free id ("n4"; "c2" for a client role).
    static CreatedCommand create(LabDocument& document, const QString& role, QPointF at, const QString& id);
    QString nodeId() const { return m_id; }

private:
    AddNodeCommand(LabDocument* document, LabTopology after, const QString& id);
    QString m_id;
};

// Removes nodes with their links, and drops them from other nodes' node-list parameters (Raft
// members, ...). Refused for a node that a fault, a narrative step or a check names.
class RemoveNodesCommand final : public TopologyCommand {
public:
    static CreatedCommand create(LabDocument& document, const QStringList& ids);

private:
    using TopologyCommand::TopologyCommand;
};

// Moves nodes on the canvas. Moves of the same nodes within one gesture (a drag) merge into one
// undo step.
class MoveNodesCommand final : public TopologyCommand {
public:
    static constexpr int kId = 1;
    static CreatedCommand create(LabDocument& document, const std::vector<std::pair<QString, QPointF>>& to,
                                 int gesture);
    int id() const override { return kId; }
    bool mergeWith(const QUndoCommand* other) override;

private:
    MoveNodesCommand(LabDocument* document, LabTopology after, const QString& text, QStringList nodes, int gesture);
    QStringList m_nodes;
    int m_gesture;
};

// Gives a node a new id, and follows it in links and in other nodes' node parameters. Refused
// while a fault, a narrative step or a check names the node (change those in the lab settings).
class RenameNodeCommand final : public TopologyCommand {
public:
    static CreatedCommand create(LabDocument& document, const QString& from, const QString& to);

private:
    RenameNodeCommand(LabDocument* document, LabTopology after, const QString& from, const QString& to);
};

// Sets one role parameter, as written in a scenario; refused when the role's ParamSpec rejects
// the value (type, range, choices, declared nodes). A null value goes back to the default.
class SetParameterCommand final : public TopologyCommand {
public:
    static CreatedCommand create(LabDocument& document, const QString& node, const QString& name,
                                 const core::Json& value);

private:
    using TopologyCommand::TopologyCommand;
};

// Recomputes every node's resolved parameters from what is written (left empty while invalid).
void resolveParameters(LabTopology& topology);
// Why `scenario`'s faults, steps or checks stop `id` from being renamed or removed; empty if free.
QString nodeReferences(const netlab::Scenario& scenario, const std::string& id);

}  // namespace distlab::views
