#include "core/patterns/atomic_commit/atomic_commit.h"

#include <memory>

#include "core/patterns/atomic_commit/coordinator_role.h"
#include "core/patterns/atomic_commit/participant_role.h"
#include "core/patterns/atomic_commit/tx_client_role.h"
#include "core/patterns/common/client.h"

namespace distlab::core {

void register_atomic_commit(RoleRegistry& registry) {
    using namespace atomic_commit;
    registry.add({.name = "tx-coordinator",
                  .pattern = "atomic_commit",
                  .family = "transactions",
                  .en = "Coordinates distributed transactions by two-phase or three-phase commit, with a decision "
                        "log in storage, presumed abort and recovery from the log after a restart",
                  .zh = "以两阶段提交或三阶段提交协调分布式事务，决定日志存于存储中，采用推定中止，"
                        "重启后从日志恢复",
                  .client = false,
                  .params = CoordinatorConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<CoordinatorRole>(CoordinatorConfig::from(params));
                  },
                  .phases = CoordinatorRole::phases(),
                  .gauges = {{.field = "in_flight", .full_scale = 64, .full_scale_field = "max_in_flight",
                              .unit = "tx", .en = "transactions in flight", .zh = "进行中的事务"}}});
    registry.add({.name = "tx-participant",
                  .pattern = "atomic_commit",
                  .family = "transactions",
                  .en = "Holds a shard of keys with a write-ahead log and per-key locks; prepares, votes, then "
                        "commits or aborts; blocked while in doubt in 2PC, decides alone after a timeout in 3PC",
                  .zh = "持有一个键分片，带预写日志和按键加锁；准备、投票，然后提交或中止；"
                        "两阶段提交中结果未知时阻塞，三阶段提交中超时后自行决定",
                  .client = false,
                  .params = ParticipantConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<ParticipantRole>(ParticipantConfig::from(params));
                  },
                  .phases = ParticipantRole::phases(),
                  .gauges = ParticipantRole::gauges()});
    registry.add({.name = "tx-client",
                  .pattern = "atomic_commit",
                  .family = "transactions",
                  .en = "Begins transactions that write keys spread over the participants; records each "
                        "transaction's outcome",
                  .zh = "发起写入分布在各参与者上的键的事务；记录每个事务的结果",
                  .client = true,
                  .params = TxClientConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<TxClientRole>(TxClientConfig::from(params));
                  },
                  .phases = client_phases()});
}

}  // namespace distlab::core
