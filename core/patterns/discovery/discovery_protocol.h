#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/model/ids.h"
#include "core/model/json.h"
#include "core/model/result.h"

namespace distlab::core::discovery {

// Service registration and discovery between registry, service-instance and discovery-client.
//
//   instance -> registry  "reg_register"    {"service", "instance"}        -> {"ok": true}
//   instance -> registry  "reg_beat"        {"service", "instance"}        -> {"ok": true, "known": bool}
//                                           known false: the registry had removed it; register again
//   instance -> registry  "reg_deregister"  {"service", "instance"}        -> {"ok": true}
//   client -> registry    "reg_subscribe"   {"service"}                    -> {"ok": true, "service", "run",
//                                                                              "version", "instances": [ID...]}
//   registry -> client    "reg_push"        {"service", "run", "version", "instances": [ID...]}   on every change
//   registry -> registry  "reg_sync"        {"op": "register"|"beat"|"deregister", "service", "instance"}
//                                           a replica's copy of what an instance told another one
//   client -> instance    "svc_call"        {}                             -> {"ok": true} |
//                                                                             {"ok": false, "error": "overloaded"}
//
// The instances a registry lists are the ones it would have a caller use: the healthy ones (all of
// them while its protect threshold is reached). `version` grows with every change of that list.
inline constexpr const char* kRegister = "reg_register";
inline constexpr const char* kBeat = "reg_beat";
inline constexpr const char* kDeregister = "reg_deregister";
inline constexpr const char* kSubscribe = "reg_subscribe";
inline constexpr const char* kPush = "reg_push";
inline constexpr const char* kSync = "reg_sync";
inline constexpr const char* kCall = "svc_call";
// The lab command that shuts a service-instance down gracefully (it deregisters first).
inline constexpr const char* kShutdown = "shutdown";

inline constexpr const char* kRegistryRole = "registry";
inline constexpr const char* kInstanceRole = "service-instance";
inline constexpr const char* kClientRole = "discovery-client";

// An instance list as the registry sends it ({"service", "run", "version", "instances"}).
struct InstanceList {
    std::string service;
    std::int64_t run = 0;
    std::int64_t version = 0;
    std::vector<NodeId> instances;
};

// Reads a subscribe reply or a push. An error names the field that is missing or of the wrong
// type; never throws.
Result<InstanceList> read_instance_list(const Json& body);

// The string field `name` of a message body, or an error naming it. Never throws.
Result<std::string> string_field(const Json& body, const char* name);

}  // namespace distlab::core::discovery
