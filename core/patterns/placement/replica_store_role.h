#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "core/model/message.h"
#include "core/model/param_list.h"
#include "core/model/role.h"

namespace distlab::core::placement {

// The messages between `placement` and `replica-store`:
//   "replica_put" {"key": K, "value": V, "version": N}  answered {"ok": true}; an older version
//                 than the one held is acknowledged and ignored
//   "replica_get" {"key": K}   answered {"ok": true, "value": V|null, "version": N (0: absent)}
//   "ping" {}                  answered {"ok": true, "keys": N}
inline constexpr std::string_view kReplicaPut = "replica_put";
inline constexpr std::string_view kReplicaGet = "replica_get";
inline constexpr std::string_view kPing = "ping";

// The `replica-store` role: holds the replicas the placement writes to it, each key with the
// version the placement gave its write, so a read can pick the newest of several replicas. Its
// labels (zone, rack, host) are the node's scenario labels; it needs no parameter.
//
// Phases: serving. Snapshot: state, labels, keys, keys_scale, puts, gets. Metrics: puts, gets.
//
// Owned by the role driver; single-threaded like every role.
class ReplicaStoreRole final : public Role {
public:
    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    Json snapshot() const override;

private:
    struct Stored {
        std::string value;
        std::int64_t version = 0;
    };

    std::map<std::string, Stored> data_;
    Json labels_ = Json::object();
    std::int64_t puts_ = 0, gets_ = 0;
};

}  // namespace distlab::core::placement
