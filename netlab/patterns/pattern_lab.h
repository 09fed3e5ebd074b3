#pragma once

#include "netlab/report/figure_source.h"

namespace distlab::netlab {

// What a pattern's folder under netlab/patterns/ adds to the lab: its report figure sources.
// Each pattern <p> with a folder declares `void register_<p>_lab(PatternLab& lab)` in
// netlab/patterns/<p>/<p>_lab.h.
struct PatternLab {
    FigureSourceRegistry figure_sources;
};

// Calls register_<p>_lab(lab) for every listed pattern that has a folder, in patterns.cmake
// order (generated: pattern_lab.cpp.in).
void register_pattern_lab(PatternLab& lab);

}  // namespace distlab::netlab
