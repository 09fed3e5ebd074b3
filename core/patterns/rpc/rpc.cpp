#include "core/patterns/rpc/rpc.h"

#include <memory>

#include "core/patterns/common/client.h"
#include "core/patterns/rpc/rpc_client_role.h"
#include "core/patterns/rpc/rpc_server_role.h"

namespace distlab::core {

void register_rpc(RoleRegistry& registry) {
    registry.add({.name = "rpc-server",
                  .pattern = "RPC",
                  .family = "communication",
                  .en = "Serves a typed method with status codes; may call a method downstream, passing the "
                        "deadline on and cancelling when its caller gives up",
                  .zh = "提供带状态码的强类型方法；可调用下游方法，向下传递截止时间，并在调用方放弃时取消",
                  .client = false,
                  .params = rpc::RpcServerConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<rpc::RpcServerRole>(rpc::RpcServerConfig::from(params));
                  },
                  .gauges = {{.field = "busy", .full_scale = 1, .full_scale_field = "capacity",
                              .unit = "calls", .en = "workers busy", .zh = "忙碌的工作线程"}}});
    registry.add({.name = "rpc-client",
                  .pattern = "RPC",
                  .family = "communication",
                  .en = "Calls a typed method open-loop with a deadline, retries or hedged requests, "
                        "counting every status code",
                  .zh = "以开环方式带截止时间调用强类型方法，可重试或发送对冲请求，并统计每种状态码",
                  .client = true,
                  .params = rpc::RpcClientConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<rpc::RpcClientRole>(rpc::RpcClientConfig::from(params));
                  },
                  .phases = client_phases()});
}

}  // namespace distlab::core
