#include "core/patterns/config_center/config_protocol.h"

namespace distlab::core::config_center {

std::optional<WatchPreset> watch_preset(std::string_view name) {
    // Nacos: the client's long poll times out after 30 s; the server holds it 500 ms less.
    if (name == "nacos")
        return WatchPreset{29500ms, 30s, 0ms};
    if (name == "nacos-fast")
        return WatchPreset{2950ms, 3s, 0ms};
    // Apollo: held 60 s, then 304; the client's read timeout is 90 s; config services find a new
    // release by scanning every second.
    if (name == "apollo")
        return WatchPreset{60s, 90s, 1s};
    if (name == "apollo-fast")
        return WatchPreset{6s, 9s, 100ms};
    return std::nullopt;
}

}  // namespace distlab::core::config_center
