#pragma once

#include <string>

#include "core/model/params.h"

namespace distlab::core {

// A bound of a parameter as a scenario writes it, never in exponent form: "1000000", "0.001",
// "150ms" for durations (ParamSpec::min and max hold milliseconds).
std::string bound_text(double value, ParamType type);
// The allowed range of a parameter in the one syntax the CLI, the inspector and YAML share:
// "[1, 1000000]" (both ends included), ">= 1", "<= 10"; empty without bounds.
std::string bounds_text(const ParamSpec& spec);

}  // namespace distlab::core
