#pragma once

#include <QString>

namespace distlab::views {

// A fault kind as the recording names it ("partition", "clock_skew", "hold", ...) as people read
// it, in the window's language ("partition" / "网络分区"); a kind it does not know, as it is.
// The timeline, the metrics chart and the log name faults with it.
QString faultKindName(const QString& kind);

}  // namespace distlab::views
