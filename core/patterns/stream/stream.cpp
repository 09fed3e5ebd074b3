#include "core/patterns/stream/stream.h"

#include <memory>

#include "core/patterns/stream/operator_role.h"
#include "core/patterns/stream/sink_role.h"
#include "core/patterns/stream/source_role.h"

namespace distlab::core {

void register_stream(RoleRegistry& registry) {
    using namespace stream;
    registry.add({.name = "stream-source",
                  .pattern = "stream",
                  .family = "communication",
                  .en = "A replayable event source with offsets in its log, keyed events with event times out of "
                        "order (generated, or taken from a broker's durable subscription), and the job's "
                        "checkpoint coordinator: barriers, completion, restart and replay",
                  .zh = "可重放的事件数据源，日志中记录偏移量；产生带键、事件时间乱序的事件（自行生成，"
                        "或取自代理的持久订阅）；同时是作业的检查点协调者：注入屏障、确认完成、重启并重放",
                  .client = false,
                  .params = SourceConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<SourceRole>(SourceConfig::from(params));
                  },
                  .phases = SourceRole::phases(),
                  .gauges = {{.field = "since_checkpoint",
                              .full_scale = 100,
                              .full_scale_field = "since_checkpoint_scale",
                              .unit = "events",
                              .en = "events since the last checkpoint (a failure replays them)",
                              .zh = "上次检查点之后的事件数（故障后需重放）"}},
                  .epoch = EpochSpec{.field = "checkpoint", .en = "checkpoint", .zh = "检查点"}});
    registry.add({.name = "stream-operator",
                  .pattern = "stream",
                  .family = "communication",
                  .en = "Counts events per key in tumbling or sliding event-time windows under a watermark of "
                        "bounded out-of-orderness; late events dropped, sent to a side output or admitted within "
                        "the allowed lateness; its state checkpointed at each barrier",
                  .zh = "按键在滚动或滑动的事件时间窗口中计数，水位线允许有界乱序；迟到事件被丢弃、"
                        "送往旁路输出或在允许迟到时间内被接纳；每个屏障到达时对状态做检查点",
                  .client = false,
                  .params = OperatorConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<OperatorRole>(OperatorConfig::from(params));
                  },
                  .phases = OperatorRole::phases(),
                  .gauges = {{.field = "watermark_lag_ms",
                              .full_scale = 5000,
                              .full_scale_field = "watermark_lag_scale",
                              .unit = "ms",
                              .en = "watermark lag (its clock minus its watermark)",
                              .zh = "水位线延迟（本地时钟减去水位线）"},
                             {.field = "buffered",
                              .full_scale = 100,
                              .full_scale_field = "buffered_scale",
                              .unit = "events",
                              .en = "events in windows not yet fired",
                              .zh = "尚未触发的窗口中的事件数"}},
                  .epoch = EpochSpec{.field = "checkpoint", .en = "checkpoint", .zh = "检查点"}});
    registry.add({.name = "stream-sink",
                  .pattern = "stream",
                  .family = "communication",
                  .en = "The job's output table of counts per key and window: aligns the operators' barriers and "
                        "writes transactionally (two-phase commit), idempotently or plainly at least once",
                  .zh = "作业的输出表（按键和窗口的计数）：对齐各算子的屏障，以事务方式（两阶段提交）、"
                        "幂等方式或普通的至少一次方式写入",
                  .client = false,
                  .params = SinkConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<SinkRole>(SinkConfig::from(params));
                  },
                  .phases = SinkRole::phases(),
                  .gauges = {{.field = "pending",
                              .full_scale = 100,
                              .full_scale_field = "pending_scale",
                              .unit = "rows",
                              .en = "rows written, not yet committed",
                              .zh = "已写入但尚未提交的行数"},
                             {.field = "aligning",
                              .full_scale = 100,
                              .full_scale_field = "aligning_scale",
                              .unit = "msgs",
                              .en = "messages held back by barrier alignment",
                              .zh = "因屏障对齐而暂缓处理的消息数"},
                             {.field = "outbox",
                              .full_scale = 100,
                              .full_scale_field = "outbox_scale",
                              .unit = "rows",
                              .en = "rows waiting for the downstream's credits",
                              .zh = "等待下游信用额度的行数"}},
                  .epoch = EpochSpec{.field = "checkpoint", .en = "checkpoint", .zh = "检查点"}});
}

}  // namespace distlab::core
