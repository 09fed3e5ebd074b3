#include "core/patterns/kv/kv.h"

#include <memory>

#include "core/patterns/kv/kv_client_role.h"

namespace distlab::core {

void register_kv(RoleRegistry& registry) {
    registry.add({.name = "kv-client",
                  .pattern = "Raft",
                  .family = "consensus",
                  .en = "Puts, gets and compare-and-sets keys on a replicated store, following leader "
                        "redirects; records every operation for the linearizability check",
                  .zh = "对复制存储执行 put、get 和 compare-and-set，跟随领导者重定向；"
                        "记录每个操作以供线性一致性检查",
                  .client = true,
                  .params = kv::KvClientConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<kv::KvClientRole>(kv::KvClientConfig::from(params));
                  },
                  .phases = client_phases()});
}

}  // namespace distlab::core
