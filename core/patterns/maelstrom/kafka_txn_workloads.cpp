#include "core/patterns/maelstrom/kafka_txn_workloads.h"

#include <memory>

#include "core/patterns/common/client.h"
#include "core/patterns/maelstrom/kafka_client_role.h"
#include "core/patterns/maelstrom/reference_nodes.h"
#include "core/patterns/maelstrom/txn_client_role.h"

namespace distlab::core::maelstrom {

void register_kafka_txn_workloads(RoleRegistry& registry) {
    registry.add({.name = "kafka-client",
                  .pattern = "maelstrom",
                  .family = "testing",
                  .en = "Maelstrom's kafka workload: sends messages to keyed logs, polls them from the offsets it "
                        "reached, commits and lists committed offsets; kafka_log finds lost, duplicated and "
                        "out-of-order offsets",
                  .zh = "Maelstrom 的 kafka 工作负载：向按键区分的日志发送消息，从已读到的偏移量继续 poll，"
                        "提交并列出已提交的偏移量；kafka_log 检查找出丢失、重复与乱序的偏移量",
                  .client = true,
                  .params = KafkaClientConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<KafkaClientRole>(KafkaClientConfig::from(params));
                  },
                  .phases = client_phases()});
    registry.add({.name = "txn-rw-register-client",
                  .pattern = "maelstrom",
                  .family = "testing",
                  .en = "Maelstrom's txn-rw-register workload: transactions of reads and writes of registers; "
                        "txn_serializable names the anomaly (G0, G1a, G1b, G1c, G-single, G2) and its cycle",
                  .zh = "Maelstrom 的 txn-rw-register 工作负载：由寄存器读写组成的事务；txn_serializable 检查"
                        "指出异常（G0、G1a、G1b、G1c、G-single、G2）及其环",
                  .client = true,
                  .params = TxnClientConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<TxnClientRole>(TxnWorkload::RwRegister, TxnClientConfig::from(params));
                  },
                  .phases = client_phases()});
    registry.add({.name = "txn-list-append-client",
                  .pattern = "maelstrom",
                  .family = "testing",
                  .en = "Maelstrom's txn-list-append workload: transactions of reads and appends to lists; "
                        "txn_serializable names the anomaly (G0, G1a, G1b, G1c, G-single, G2) and its cycle",
                  .zh = "Maelstrom 的 txn-list-append 工作负载：由列表读取与追加组成的事务；txn_serializable 检查"
                        "指出异常（G0、G1a、G1b、G1c、G-single、G2）及其环",
                  .client = true,
                  .params = TxnClientConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<TxnClientRole>(TxnWorkload::ListAppend, TxnClientConfig::from(params));
                  },
                  .phases = client_phases()});
    registry.add({.name = "kafka-server",
                  .pattern = "maelstrom",
                  .family = "testing",
                  .en = "A kafka node, built in: one node holding every key's log and the committed offsets, durable "
                        "across restarts or not; the reference for your own",
                  .zh = "内置的 kafka 节点：由一个节点保存所有键的日志与已提交的偏移量，可选择是否在重启后保留；"
                        "作为你自己节点的参照",
                  .client = false,
                  .params = KafkaServerConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<KafkaServerRole>(KafkaServerConfig::params().bind(params));
                  }});
    registry.add({.name = "txn-server",
                  .pattern = "maelstrom",
                  .family = "testing",
                  .en = "A transactional node, built in: runs each transaction whole, one at a time; with peers, one of "
                        "several replicas that commit locally and replicate afterwards (not serializable)",
                  .zh = "内置的事务节点：一次完整执行一个事务；配置 peers 时，作为多个副本之一，先在本地提交再异步复制"
                        "（不可串行化）",
                  .client = false,
                  .params = TxnServerConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<TxnServerRole>(TxnServerConfig::params().bind(params));
                  }});
}

}  // namespace distlab::core::maelstrom
