#include "core/patterns/raft/raft.h"

#include <memory>

#include "core/patterns/raft/raft_role.h"

namespace distlab::core {

void register_raft(RoleRegistry& registry) {
    registry.add({.name = "raft",
                  .pattern = "raft",
                  .family = "consensus",
                  .en = "A Raft server replicating a key-value store: elections, log replication, "
                        "linearizable reads, snapshots and membership changes",
                  .zh = "复制键值存储的 Raft 服务器：选举、日志复制、线性一致读、快照和成员变更",
                  .client = false,
                  .params = raft::RaftConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<raft::RaftRole>(raft::RaftConfig::from(params));
                  },
                  .phases = {{.name = "follower", .tone = Tone::Neutral, .en = "follower", .zh = "跟随者"},
                             {.name = "pre-candidate", .tone = Tone::Warning, .en = "pre-candidate",
                              .zh = "预候选者"},
                             {.name = "candidate", .tone = Tone::Warning, .en = "candidate", .zh = "候选者"},
                             {.name = "leader", .tone = Tone::Busy, .en = "leader", .zh = "领导者"},
                             {.name = "non-member", .tone = Tone::Down, .en = "not a member", .zh = "非成员"}},
                  .epoch = EpochSpec{.field = "term", .en = "term", .zh = "任期"},
                  .leader_phase = "leader"});
}

}  // namespace distlab::core
