#include "core/patterns/backpressure/backpressure.h"

#include <memory>

#include "core/patterns/backpressure/consumer_role.h"
#include "core/patterns/backpressure/producer_role.h"
#include "core/patterns/backpressure/stage_role.h"

namespace distlab::core {

void register_backpressure(RoleRegistry& registry) {
    using namespace backpressure;
    registry.add({.name = "producer",
                  .pattern = "backpressure",
                  .family = "resilience",
                  .en = "Makes items at a rate and sends them with the flow control its stage asks for; "
                        "records every item",
                  .zh = "按速率生成数据项，并按其下游阶段要求的流量控制发送；记录每个数据项",
                  .client = true,
                  .params = ProducerConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<ProducerRole>(ProducerConfig::from(params));
                  },
                  .phases = client_phases()});
    registry.add({.name = "bounded-stage",
                  .pattern = "backpressure",
                  .family = "resilience",
                  .en = "A queue between producers and a consumer: unbounded, dropping, blocking or "
                        "credit-based, with load shedding by priority",
                  .zh = "生产者与消费者之间的队列：无界、丢弃、阻塞或基于信用，并可按优先级减载",
                  .client = false,
                  .params = StageConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<StageRole>(StageConfig::from(params));
                  },
                  .gauges = {{.field = "queue_depth", .full_scale = 1000, .full_scale_field = "queue_limit",
                              .unit = "items", .en = "queue depth", .zh = "队列深度"}}});
    registry.add({.name = "consumer",
                  .pattern = "backpressure",
                  .family = "resilience",
                  .en = "Processes items one at a time and pulls them with credits",
                  .zh = "逐个处理数据项，并以信用额度向上游拉取",
                  .client = false,
                  .params = ConsumerConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<ConsumerRole>(ConsumerConfig::from(params));
                  }});
}

}  // namespace distlab::core
