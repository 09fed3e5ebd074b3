#include "core/patterns/maelstrom/maelstrom.h"

#include <memory>

#include "core/patterns/common/client.h"
#include "core/patterns/maelstrom/echo_client_role.h"
#include "core/patterns/maelstrom/echo_server_role.h"
#include "core/patterns/maelstrom/external_role.h"
#include "core/patterns/maelstrom/workloads.h"
#include "core/patterns/maelstrom/kafka_txn_workloads.h"
#include "core/patterns/maelstrom/services.h"

namespace distlab::core {

void register_maelstrom(RoleRegistry& registry) {
    registry.add({.name = "external",
                  .pattern = "maelstrom",
                  .family = "testing",
                  .en = "Runs your own program as a node: it speaks Maelstrom's protocol (JSON lines on stdin and "
                        "stdout, its log on stderr) and every fault of the lab applies to it; real processes only",
                  .zh = "把你自己的程序作为节点运行：它使用 Maelstrom 协议（stdin 与 stdout 上的 JSON 行，stderr 为日志），"
                        "实验室的每种故障都作用于它；仅限真实进程",
                  .client = false,
                  .params = maelstrom::ExternalConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<maelstrom::ExternalRole>(maelstrom::ExternalConfig::from(params));
                  },
                  .phases = maelstrom::external_phases(),
                  .real_processes_only = true});
    registry.add({.name = "echo-server",
                  .pattern = "maelstrom",
                  .family = "testing",
                  .en = "Maelstrom's echo node, built in: answers every echo with echo_ok; the reference for your own",
                  .zh = "内置的 Maelstrom echo 节点：对每个 echo 回复 echo_ok；作为你自己节点的参照",
                  .client = false,
                  .params = {},
                  .make = [](const Params&) -> std::unique_ptr<Role> {
                      return std::make_unique<maelstrom::EchoServerRole>();
                  }});
    registry.add({.name = "echo-client",
                  .pattern = "maelstrom",
                  .family = "testing",
                  .en = "Maelstrom's echo workload: sends echo requests to a node and checks each echo_ok echoes the text",
                  .zh = "Maelstrom 的 echo 工作负载：向节点发送 echo 请求，并检查每个 echo_ok 是否原样返回文本",
                  .client = true,
                  .params = maelstrom::EchoClientConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<maelstrom::EchoClientRole>(maelstrom::EchoClientConfig::from(params));
                  },
                  .phases = client_phases()});
    maelstrom::register_workload_clients(registry);
    maelstrom::register_services(registry);
    maelstrom::register_kafka_txn_workloads(registry);
}

}  // namespace distlab::core
