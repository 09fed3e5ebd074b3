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
                  .params = raft::RaftConfig::param_specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<raft::RaftRole>(raft::RaftConfig::from(params));
                  }});
}

}  // namespace distlab::core
