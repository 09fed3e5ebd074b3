#include "core/patterns/maelstrom/services.h"

#include <memory>

#include "core/patterns/maelstrom/kv_proxy_role.h"
#include "core/patterns/maelstrom/kv_service_role.h"

namespace distlab::core::maelstrom {

void register_services(RoleRegistry& registry) {
    registry.add({.name = "lin-kv",
                  .pattern = "maelstrom",
                  .family = "testing",
                  .en = "Maelstrom's lin-kv service: a linearizable key-value store your nodes call by the name "
                        "lin-kv (read, write, cas with create_if_not_exists; errors 20 and 22)",
                  .zh = "Maelstrom 的 lin-kv 服务：线性一致的键值存储，你的节点以 lin-kv 为名调用它"
                        "（read、write、带 create_if_not_exists 的 cas；错误码 20 与 22）",
                  .client = false,
                  .params = {},
                  .make = [](const Params&) -> std::unique_ptr<Role> {
                      return std::make_unique<KvServiceRole>(KvConsistency::Linearizable, KvServiceConfig{});
                  }});
    registry.add({.name = "seq-kv",
                  .pattern = "maelstrom",
                  .family = "testing",
                  .en = "Maelstrom's seq-kv service: a sequentially consistent key-value store; a read may return a "
                        "past state, never one older than the caller has seen",
                  .zh = "Maelstrom 的 seq-kv 服务：顺序一致的键值存储；读可能返回过去的状态，但不会早于调用方已见过的状态",
                  .client = false,
                  .params = KvServiceConfig::seq_params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<KvServiceRole>(KvConsistency::Sequential,
                                                             KvServiceConfig::seq_params().bind(params));
                  }});
    registry.add({.name = "lww-kv",
                  .pattern = "maelstrom",
                  .family = "testing",
                  .en = "Maelstrom's lww-kv service: independent copies answer each request on their own and merge "
                        "by last write wins; reads go stale and concurrent updates are lost",
                  .zh = "Maelstrom 的 lww-kv 服务：各副本独立应答请求，按最后写入者胜合并；读会过期，并发更新会丢失",
                  .client = false,
                  .params = KvServiceConfig::lww_params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<KvServiceRole>(KvConsistency::LastWriteWins,
                                                             KvServiceConfig::lww_params().bind(params));
                  }});
    registry.add({.name = "lin-tso",
                  .pattern = "maelstrom",
                  .family = "testing",
                  .en = "Maelstrom's lin-tso service: a linearizable timestamp oracle answering each ts with a "
                        "strictly greater integer",
                  .zh = "Maelstrom 的 lin-tso 服务：线性一致的时间戳授时服务，每个 ts 请求都得到一个严格递增的整数",
                  .client = false,
                  .params = {},
                  .make = [](const Params&) -> std::unique_ptr<Role> { return std::make_unique<TsoServiceRole>(); }});
    registry.add({.name = "kv-proxy",
                  .pattern = "maelstrom",
                  .family = "testing",
                  .en = "Keeps nothing itself: serves kv-client's put, get and cas by calling a Maelstrom key-value "
                        "service, so the service's consistency is what clients see",
                  .zh = "自身不存数据：通过调用 Maelstrom 键值服务来处理 kv-client 的 put、get 与 cas，"
                        "客户端看到的就是该服务的一致性",
                  .client = false,
                  .params = KvProxyConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<KvProxyRole>(KvProxyConfig::from(params));
                  }});
}

}  // namespace distlab::core::maelstrom
