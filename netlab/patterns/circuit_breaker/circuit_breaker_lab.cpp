#include "netlab/patterns/circuit_breaker/circuit_breaker_lab.h"

#include "netlab/patterns/circuit_breaker/breaker_figures.h"

namespace distlab::netlab {

void register_circuit_breaker_lab(PatternLab& lab) { lab.figure_sources.add(breaker_figure_source()); }

}  // namespace distlab::netlab
