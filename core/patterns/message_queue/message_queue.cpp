#include "core/patterns/message_queue/message_queue.h"

#include <memory>

#include "core/patterns/common/client.h"
#include "core/patterns/message_queue/mq_consumer_role.h"
#include "core/patterns/message_queue/mq_producer_role.h"
#include "core/patterns/message_queue/queue_role.h"

namespace distlab::core {

void register_message_queue(RoleRegistry& registry) {
    using namespace message_queue;
    registry.add({.name = "queue",
                  .pattern = "message_queue",
                  .family = "communication",
                  .en = "A durable message queue: stores each message before acknowledging it, delivers it to one "
                        "consumer of each group, redelivers after a failure or the visibility timeout along a "
                        "retry ladder, and dead-letters it after the last retry",
                  .zh = "持久化消息队列：先存储消息再确认，将其投递给每个消费组中的一个消费者，失败或可见性超时"
                        "后按重试阶梯重新投递，最后一次重试失败后放入死信队列",
                  .client = false,
                  .params = QueueConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<QueueRole>(QueueConfig::from(params));
                  },
                  .phases = QueueRole::phases(),
                  .gauges = QueueRole::gauges()});
    registry.add({.name = "mq-producer",
                  .pattern = "message_queue",
                  .family = "communication",
                  .en = "Enqueues numbered messages to a message queue at a rate, one of them poison if asked; "
                        "records every enqueue",
                  .zh = "按速率向消息队列发送带序号的消息，可指定其中一条为毒消息；记录每次入队",
                  .client = true,
                  .params = MqProducerConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<MqProducerRole>(MqProducerConfig::from(params));
                  },
                  .phases = client_phases()});
    registry.add({.name = "mq-consumer",
                  .pattern = "message_queue",
                  .family = "communication",
                  .en = "Consumes from a message queue in a consumer group, competing with the group's other "
                        "members; acknowledges after processing (or on receipt with auto-ack), fails poison "
                        "messages; records every delivery",
                  .zh = "作为消费组成员从消息队列消费，与组内其他成员竞争；处理后确认（自动确认时收到即确认），"
                        "处理毒消息失败；记录每次投递",
                  .client = true,
                  .params = MqConsumerConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<MqConsumerRole>(MqConsumerConfig::from(params));
                  },
                  .phases = MqConsumerRole::phases()});
}

}  // namespace distlab::core
