#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/ids.h"
#include "core/model/json.h"
#include "core/model/time.h"
#include "core/patterns/circuit_breaker/breaker.h"

// The service mesh's policy and wire protocol, shared by mesh-control and mesh-sidecar (and read
// by the mesh checks and figures).
//
// xDS-like: the control plane pushes `mesh_policy` {version, nonce, policy}; the sidecar answers
// `mesh_ack` {version, nonce} when it applied it, or `mesh_nack` {version: the one it keeps,
// nonce, rejected: the version it refused, error} when the policy is invalid, and keeps its last
// good one. Every `mesh_report` call of a sidecar {version, subsets: {<name>: {requests, errors,
// p99_ms}}} carries its version, and the control plane pushes again to a sidecar whose version
// is not the current one: a lost push is repaired by the next report.
namespace distlab::core::mesh {

inline constexpr std::string_view kControlRole = "mesh-control";
inline constexpr std::string_view kSidecarRole = "mesh-sidecar";

inline constexpr std::string_view kPolicy = "mesh_policy";
inline constexpr std::string_view kAck = "mesh_ack";
inline constexpr std::string_view kNack = "mesh_nack";
inline constexpr std::string_view kReport = "mesh_report";

// One version of the destination service and the share of calls it gets.
struct Subset {
    std::string name;                 // "v1"
    std::int64_t weight = 0;          // percent of the calls; the weights sum to 100
    std::vector<NodeId> endpoints;    // the instances running it
};

// What a sidecar applies to its service's outgoing calls.
struct MeshPolicy {
    std::int64_t version = 0;
    std::vector<Subset> subsets;
    std::string canary;                          // the subset under analysis, "" when none
    std::int64_t attempts = 1;                   // per call, first one included (retries + 1)
    Duration per_try_timeout{200ms};
    bool breaker_enabled = false;
    circuit_breaker::BreakerSettings breaker;    // per subset, count window

    const Subset* find(std::string_view subset) const;
    // The subset `endpoint` serves in, or nullptr.
    const Subset* subset_of(const NodeId& endpoint) const;
    std::int64_t weight_of(std::string_view subset) const;
    // "v1 90 / v2 10".
    std::string weights_text() const;

    // The wire form: {version, canary, routes: [{subset, weight, endpoints}], retries: {attempts,
    // per_try_timeout_ms}, breaker: {enabled, failure_rate_threshold, minimum_calls, window_size,
    // wait_in_open_ms, half_open_calls}}.
    Json to_json() const;
    // Reads and validates the wire form: an error names the field and what it should be (weights
    // of 0..100 summing to 100, endpoints for every subset with weight, no endpoint in two
    // subsets, attempts 1..10, a positive per-try timeout, breaker numbers in range).
    static std::expected<MeshPolicy, std::string> from_json(const Json& json);
};

}  // namespace distlab::core::mesh
