#include "core/patterns/circuit_breaker/circuit_breaker.h"

#include <memory>

#include "core/patterns/circuit_breaker/breaker_client_role.h"
#include "core/patterns/request_response/server_role.h"

namespace distlab::core {

void register_circuit_breaker(RoleRegistry& registry) {
    registry.add({.name = "breaker-client",
                  .pattern = "circuit breaker",
                  .family = "resilience",
                  .en = "Calls a server open-loop through a circuit breaker (closed, open, half-open) "
                        "with a fallback",
                  .zh = "通过熔断器（闭合、断开、半开）以开环方式调用服务器，并提供降级响应",
                  .client = true,
                  .params = circuit_breaker::BreakerClientConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<circuit_breaker::BreakerClientRole>(
                          circuit_breaker::BreakerClientConfig::from(params));
                  },
                  .phases = {{.name = "closed", .tone = Tone::Healthy, .en = "closed", .zh = "闭合"},
                             {.name = "open", .tone = Tone::Failing, .en = "open", .zh = "断开"},
                             {.name = "half-open", .tone = Tone::Warning, .en = "half-open", .zh = "半开"},
                             {.name = "disabled", .tone = Tone::Neutral, .en = "no breaker", .zh = "未启用熔断"}},
                  .gauges = {{.field = "failure_rate", .full_scale = 100, .unit = "%",
                              .volume_field = "window/calls", .en = "failure rate", .zh = "失败率"}}});
    registry.add({.name = "flaky-server",
                  .pattern = "circuit breaker",
                  .family = "resilience",
                  .en = "The request-response server with flaky defaults: 5% errors, 5% slow calls; "
                        "can go down",
                  .zh = "带有不稳定默认值的请求-响应服务器：5% 出错、5% 慢调用；可宕机",
                  .client = false,
                  // The same role as `server`, only its defaults differ.
                  .params = request_response::ServerConfig::params()
                                .with_default("fail_rate", 0.05)
                                .with_default("slow_rate", 0.05)
                                .specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<request_response::ServerRole>(
                          request_response::ServerConfig::from(params));
                  },
                  .phases = request_response::server_phases()});
}

}  // namespace distlab::core
