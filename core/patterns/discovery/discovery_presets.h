#pragma once

#include <optional>
#include <string_view>

#include "core/model/time.h"

namespace distlab::core::discovery {

// What a registry does when many instances stop beating at once.
enum class Protection {
    None,               // expire every silent instance on time, however many
    ProtectThreshold,   // Nacos: while healthy / total <= threshold, list every instance, unhealthy ones too
    SelfPreservation,   // Eureka: while renewals < threshold x expected, expire nobody
};

// The timings of a reference registry: the instances' heartbeat and what the registry does
// with silence (anchors: Nacos's Constants.java, Eureka's EurekaServerConfigBean).
struct RegistryPreset {
    Duration heartbeat;              // an instance beats this often
    Duration unhealthy_after;        // silent this long: unhealthy, no longer listed (0: no such stage)
    Duration remove_after;           // silent this long: removed
    Protection protection;
    double threshold;                // protect threshold or self-preservation renewal share
    Duration renewal_window;         // self-preservation counts renewals over this span
};

// "nacos", "nacos-fast", "eureka", "eureka-fast"; nullopt for another name.
std::optional<RegistryPreset> registry_preset(std::string_view name);

}  // namespace distlab::core::discovery
