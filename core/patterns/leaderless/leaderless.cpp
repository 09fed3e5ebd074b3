#include "core/patterns/leaderless/leaderless.h"

#include <memory>

#include "core/patterns/leaderless/dynamo_node_role.h"

namespace distlab::core {

void register_leaderless(RoleRegistry& registry) {
    using namespace leaderless;
    registry.add({.name = kNodeRole,
                  .pattern = "leaderless",
                  .family = "replication",
                  .en = "One node of a leaderless (Dynamo-style) key-value store: coordinates any kv-client operation "
                        "on the key's preference list, answering after R replies or W acknowledgements; sloppy quorum "
                        "with hinted handoff, read repair, and Merkle-tree anti-entropy",
                  .zh = "无主（Dynamo 风格）键值存储的一个节点：在键的优先列表上协调任意 kv-client 操作，收到 R 个应答或 "
                        "W 个确认后回复；宽松仲裁与提示移交、读修复，以及基于 Merkle 树的反熵",
                  .client = false,
                  .params = DynamoNodeConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<DynamoNodeRole>(DynamoNodeConfig::from(params));
                  },
                  .phases = {{.name = "serving", .tone = Tone::Healthy, .en = "serving", .zh = "服务中"},
                             {.name = "suspecting", .tone = Tone::Warning, .en = "a replica suspected down",
                              .zh = "怀疑有副本宕机"},
                             {.name = "holding-hints", .tone = Tone::Busy, .en = "holding hints for another node",
                              .zh = "为其他节点保存提示"},
                             {.name = "handing-off", .tone = Tone::Busy, .en = "handing hints back",
                              .zh = "移交提示中"}},
                  .gauges = {{.field = "hints", .full_scale = 64, .full_scale_field = "hints_scale", .unit = "hints",
                              .en = "hinted writes held for other nodes", .zh = "为其他节点保存的提示写入"}}});
}

}  // namespace distlab::core
