#include "core/patterns/pubsub/pubsub.h"

#include <memory>

#include "core/patterns/common/client.h"
#include "core/patterns/pubsub/broker_role.h"
#include "core/patterns/pubsub/publisher_role.h"
#include "core/patterns/pubsub/subscriber_role.h"

namespace distlab::core {

void register_pubsub(RoleRegistry& registry) {
    using namespace pubsub;
    registry.add({.name = "broker",
                  .pattern = "pubsub",
                  .family = "communication",
                  .en = "Routes published messages to every subscription whose subject pattern matches "
                        "(to one member of a queue group), at most once or at least once, with a bounded "
                        "buffer per subscriber; presets for core NATS and JetStream",
                  .zh = "将发布的消息路由到主题模式匹配的每个订阅（队列组则只交给其中一个成员），至多一次或"
                        "至少一次投递，并为每个订阅者设有有界缓冲区；提供 NATS core 与 JetStream 预设",
                  .client = false,
                  .params = BrokerConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<BrokerRole>(BrokerConfig::from(params));
                  },
                  .gauges = {{.field = "buffer_depth", .full_scale = 256, .full_scale_field = "buffer_limit",
                              .unit = "msgs", .en = "deepest subscriber buffer", .zh = "最深的订阅者缓冲区"}}});
    registry.add({.name = "publisher",
                  .pattern = "pubsub",
                  .family = "communication",
                  .en = "Publishes numbered messages to a subject at a rate; records every publish",
                  .zh = "按速率向某个主题发布带序号的消息；记录每次发布",
                  .client = true,
                  .params = PublisherConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<PublisherRole>(PublisherConfig::from(params));
                  },
                  .phases = client_phases()});
    registry.add({.name = "subscriber",
                  .pattern = "pubsub",
                  .family = "communication",
                  .en = "Subscribes to a subject pattern at most once or at least once, acknowledges and "
                        "dedupes deliveries by id; records every delivery",
                  .zh = "以至多一次或至少一次方式订阅主题模式，确认投递并按消息 ID 去重；记录每次投递",
                  .client = true,
                  .params = SubscriberConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<SubscriberRole>(SubscriberConfig::from(params));
                  },
                  .phases = SubscriberRole::phases()});
}

}  // namespace distlab::core
