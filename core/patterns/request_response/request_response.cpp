#include "core/patterns/request_response/request_response.h"

#include <memory>

#include "core/patterns/request_response/client_role.h"
#include "core/patterns/request_response/server_role.h"

namespace distlab::core {

void register_request_response(RoleRegistry& registry) {
    using namespace request_response;
    registry.add({.name = "server",
                  .pattern = "request-response",
                  .family = "communication",
                  .en = "Answers requests with bounded workers and queue; can fail, drop, be slow or go down",
                  .zh = "以有限的工作线程和队列响应请求；可失败、丢弃、变慢或宕机",
                  .client = false,
                  .params = ServerConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<ServerRole>(ServerConfig::from(params));
                  },
                  .phases = server_phases()});
    registry.add({.name = "client",
                  .pattern = "request-response",
                  .family = "communication",
                  .en = "Calls a server open- or closed-loop with a timeout; records every request",
                  .zh = "以开环或闭环方式带超时调用服务器；记录每个请求",
                  .client = true,
                  .params = ClientConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<ClientRole>(ClientConfig::from(params));
                  },
                  .phases = client_phases()});
}

}  // namespace distlab::core
