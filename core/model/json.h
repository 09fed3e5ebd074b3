#pragma once

#include <nlohmann/json.hpp>

namespace distlab::core {

// Message bodies, snapshots and parameters are JSON: readable in the GUI and in recordings.
using Json = nlohmann::json;

}  // namespace distlab::core
