#include "core/patterns/discovery/discovery_presets.h"

namespace distlab::core::discovery {

std::optional<RegistryPreset> registry_preset(std::string_view name) {
    using namespace std::chrono_literals;
    // Nacos ephemeral instances: beat 5 s, unhealthy after 15 s, deleted after 30 s; protect
    // threshold 0.0 (off) by default.
    if (name == "nacos")
        return RegistryPreset{5s, 15s, 30s, Protection::ProtectThreshold, 0.0, 60s};
    if (name == "nacos-fast")
        return RegistryPreset{500ms, 1500ms, 3s, Protection::ProtectThreshold, 0.0, 6s};
    // Eureka: renew every 30 s, expire after 90 s, self-preservation below 0.85 of the renewals
    // expected per minute.
    if (name == "eureka")
        return RegistryPreset{30s, 0s, 90s, Protection::SelfPreservation, 0.85, 60s};
    if (name == "eureka-fast")
        return RegistryPreset{1s, 0s, 3s, Protection::SelfPreservation, 0.85, 2s};
    return std::nullopt;
}

}  // namespace distlab::core::discovery
