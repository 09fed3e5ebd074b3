#pragma once

#include <QString>

#include "core/model/time.h"

namespace distlab::views {

// A duration for people in the window's language: "1.5 s", "150 ms" in English, "1.5 秒",
// "150 毫秒" in Chinese, so every view writes its units the same way. Scenario files and editable
// fields keep the file syntax ("150ms", core::format_duration).
QString durationText(core::Duration d);

}  // namespace distlab::views
