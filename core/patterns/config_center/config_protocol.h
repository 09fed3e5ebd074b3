#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/model/json.h"
#include "core/model/time.h"

namespace distlab::core::config_center {

// A config center between config-server and config-service.
//
//   service -> server  "cfg_watch"   {"key", "version": the one it runs (0: none)}
//                      -> {"ok": true, "changed": true, "key", "version", "value"}   at once when the
//                         server would have it run another version, else when one is released
//                      -> {"ok": true, "changed": false}                              after the hold
//   service -> server  "cfg_report"  {"key", "version", "ops", "errors"}   its work since its last report
//   lab -> server      "publish"     {"value", "gray": [ID...] (optional: only those instances)}
//   lab -> server      "promote"     {}   the gray release becomes the release for all
//   lab -> server      "rollback"    {}   back to the previous release (a gray one is withdrawn)
//
// Versions count releases from 1 (the initial value); a rollback releases an earlier version again.
inline constexpr const char* kWatch = "cfg_watch";
inline constexpr const char* kReport = "cfg_report";
inline constexpr const char* kPublish = "publish";
inline constexpr const char* kPromote = "promote";
inline constexpr const char* kRollback = "rollback";

inline constexpr const char* kServerRole = "config-server";
inline constexpr const char* kServiceRole = "config-service";

// A service running a config whose value starts with this fails part of its work: the lab's
// stand-in for a bad setting (a pool size of 0, a wrong address).
inline constexpr std::string_view kBadPrefix = "bad";

// The long-polling timings of a reference config center (anchors: Nacos's
// CONFIG_LONG_POLL_TIMEOUT and LongPollingService, Apollo's design document).
struct WatchPreset {
    Duration hold;              // the server answers "unchanged" after holding a watch this long
    Duration client_timeout;    // the client gives a watch up after this long
    Duration notify_delay;      // a release reaches held watches this late (Apollo scans every 1 s)
};

// "nacos", "nacos-fast", "apollo", "apollo-fast"; nullopt for another name.
std::optional<WatchPreset> watch_preset(std::string_view name);

}  // namespace distlab::core::config_center
