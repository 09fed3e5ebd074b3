#pragma once

#include "netlab/report/figure_source.h"

namespace distlab::netlab {

// The report figure sources a pattern's folder under netlab/patterns/ adds. Each pattern <p>
// whose folder calls distlab_pattern_figures() declares `void register_<p>_lab(PatternLab& lab)`
// in netlab/patterns/<p>/<p>_lab.h. (Its checks register through register_<p>_checks().)
struct PatternLab {
    FigureSourceRegistry figure_sources;
};

// Calls register_<p>_lab(lab) for every listed pattern whose folder adds figure sources, in
// patterns.cmake order (generated: pattern_lab.cpp.in).
void register_pattern_lab(PatternLab& lab);

}  // namespace distlab::netlab
