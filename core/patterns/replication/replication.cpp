#include "core/patterns/replication/replication.h"

#include <memory>

#include "core/patterns/replication/lf_monitor_role.h"
#include "core/patterns/replication/lf_node_role.h"
#include "core/patterns/replication/lf_protocol.h"

namespace distlab::core {

void register_replication(RoleRegistry& registry) {
    using namespace replication;
    registry.add({.name = kNodeRole,
                  .pattern = "leader-follower",
                  .family = "replication",
                  .en = "One copy of a key-value store in a leader-follower group: the primary takes the kv-client's "
                        "operations and ships its log to the replicas (async, semi-sync or sync); a replica becomes "
                        "primary when the monitor promotes it",
                  .zh = "主从复制组中键值存储的一个副本：主库处理 kv-client 的操作并把日志发送给从库（异步、半同步或"
                        "同步）；从库在监控者提升它时成为主库",
                  .client = false,
                  .params = LfNodeConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<LfNodeRole>(LfNodeConfig::from(params));
                  },
                  .phases = {{.name = "replica", .tone = Tone::Neutral, .en = "replica", .zh = "从库"},
                             {.name = "primary", .tone = Tone::Busy, .en = "primary", .zh = "主库"},
                             {.name = "primary-async", .tone = Tone::Warning, .en = "primary (fell back to async)",
                              .zh = "主库（已退回异步）"},
                             {.name = "fenced", .tone = Tone::Failing, .en = "fenced (refuses writes)",
                              .zh = "已隔离（拒绝写入）"}},
                  .gauges = {{.field = "lag_ms", .full_scale = 1000, .full_scale_field = "lag_scale_ms",
                              .unit = "ms", .en = "replication lag", .zh = "复制延迟"}},
                  .epoch = EpochSpec{.field = "epoch", .en = "epoch", .zh = "纪元"},
                  .leader_phase = "primary"});
    registry.add({.name = kMonitorRole,
                  .pattern = "leader-follower",
                  .family = "replication",
                  .en = "The failover monitor of a leader-follower group: watches every node, promotes the most "
                        "up-to-date replica with a new epoch when the primary goes silent",
                  .zh = "主从复制组的故障转移监控者：监视每个节点，主库失联时以新纪元提升数据最新的从库",
                  .client = false,
                  .params = LfMonitorConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<LfMonitorRole>(LfMonitorConfig::from(params));
                  },
                  .phases = {{.name = "watching", .tone = Tone::Healthy, .en = "watching", .zh = "监视中"},
                             {.name = "failing-over", .tone = Tone::Warning, .en = "failing over",
                              .zh = "故障转移中"},
                             {.name = "no-candidate", .tone = Tone::Failing, .en = "no replica to promote",
                              .zh = "无可提升的从库"}},
                  .epoch = EpochSpec{.field = "epoch", .en = "epoch", .zh = "纪元"}});
}

}  // namespace distlab::core
