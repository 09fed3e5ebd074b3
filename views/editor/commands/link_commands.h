#pragma once

#include <optional>

#include "views/editor/commands/topology_command.h"

namespace distlab::views {

// Adds a two-way link between two nodes. Refused when they are linked already (always so under
// `links: full`).
class AddLinkCommand final : public TopologyCommand {
public:
    static CreatedCommand create(LabDocument& document, const QString& from, const QString& to);

private:
    using TopologyCommand::TopologyCommand;
};

// Removes the link from -> to (or to -> from, for a two-way link). Under `links: full` the mesh
// is written out as explicit links first, less this one.
class RemoveLinkCommand final : public TopologyCommand {
public:
    static CreatedCommand create(LabDocument& document, const QString& from, const QString& to);

private:
    using TopologyCommand::TopologyCommand;
};

// Sets (or with nullopt, unsets) one link property; out-of-range values are refused. Under
// `links: full` the mesh is written out as explicit links first.
class SetLinkPropertyCommand final : public TopologyCommand {
public:
    static CreatedCommand create(LabDocument& document, const QString& from, const QString& to,
                                 LinkProperty property, std::optional<double> value);

private:
    using TopologyCommand::TopologyCommand;
};

// The user-facing name of a link property ("latency").
QString linkPropertyName(LinkProperty property);

}  // namespace distlab::views
