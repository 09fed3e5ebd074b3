#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "netlab/api/event.h"
#include "netlab/api/role_catalog.h"
#include "netlab/report/figure_source.h"

namespace distlab::netlab {

// Each client node's system: the role of the server nodes it sent messages to (several joined
// by " + "), read from the run's messages and catalog. Clients
// that sent nothing are left out.
std::map<std::string, std::string> client_systems(const std::vector<Event>& events, const RoleCatalog& catalog);

// The generic "Systems side by side" section, for a run whose clients talk to two or more
// systems (scenarios/theory/cap.yaml puts two stores under one partition). Availability per
// client: operations acknowledged, refused and of unknown outcome during the faults (begun and
// ended between the first fault and the last heal) and outside them, with the client's side of
// a partition named by the servers of its system in its group; and the consistency map of each
// system's own history (the clients of one system form one history, since two systems' keys are
// not one register). Figures "systems.<system>.acked_during_faults" (% of the system's
// operations during the faults that were acknowledged) and "systems.<system>.<check name>" (100 %
// held, 0 % violated, left out when unknown). The single-system consistency map
// (consistency_figures.h) steps aside for such a run.
std::shared_ptr<const FigureSource> system_figure_source();

}  // namespace distlab::netlab
