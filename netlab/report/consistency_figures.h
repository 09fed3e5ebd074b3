#pragma once

#include <memory>

#include "netlab/report/figure_source.h"

namespace distlab::netlab {

// The generic consistency-map section, for every run whose clients recorded a key-value history
// (put, get, cas; netlab/checks/consistency.h): which models the history kept, strongest first,
// as Jepsen's consistency map draws them: linearizable, sequential (per key), read your writes,
// monotonic reads, monotonic writes, and eventual convergence (gets from 1 s after a key's last
// write agree). A table of the models with what each promises and its first counterexample (or
// why it could not decide); figures "consistency.<check name>": 100 % when it held, 0 % when
// not, left out when unknown, so a comparison's mean is the share of runs it held in. The two
// searches get kSearchBudget each. JSON (report "pattern" key "consistency"): {ops, keys,
// clients, models: [{model, verdict, detail, key, window_ns}]}.
std::shared_ptr<const FigureSource> consistency_figure_source();

}  // namespace distlab::netlab
