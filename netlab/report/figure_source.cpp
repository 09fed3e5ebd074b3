#include "netlab/report/figure_source.h"

#include <algorithm>
#include <cstdio>

namespace distlab::netlab {

bool FigureSourceRegistry::add(std::shared_ptr<const FigureSource> source) {
    if (!source || std::any_of(sources_.begin(), sources_.end(),
                               [&](const auto& s) { return s->name() == source->name(); }))
        return false;
    sources_.push_back(std::move(source));
    return true;
}

std::string run_time_text(std::int64_t ns) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.3f s", static_cast<double>(ns) / 1e9);
    return buf;
}

}  // namespace distlab::netlab
