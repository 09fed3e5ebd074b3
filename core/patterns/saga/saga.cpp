#include "core/patterns/saga/saga.h"

#include <memory>

#include "core/patterns/common/client.h"
#include "core/patterns/saga/orchestrator_role.h"
#include "core/patterns/saga/participant_role.h"
#include "core/patterns/saga/saga_client_role.h"

namespace distlab::core {

void register_saga(RoleRegistry& registry) {
    using namespace saga;
    registry.add({.name = "saga-orchestrator",
                  .pattern = "saga",
                  .family = "transactions",
                  .en = "Runs each saga as a state machine kept in storage: steps in order, and on a refused "
                        "step the compensations of the steps before it in reverse order; resumes every "
                        "unfinished saga from its log after a restart",
                  .zh = "把每个 Saga 作为状态机运行并保存在存储中：按顺序执行各步骤，某步骤被拒绝时按相反"
                        "顺序补偿之前的步骤；重启后从日志恢复每个未完成的 Saga",
                  .client = false,
                  .params = OrchestratorConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<OrchestratorRole>(OrchestratorConfig::from(params));
                  },
                  .phases = OrchestratorRole::phases(),
                  .gauges = {{.field = "in_flight", .full_scale = 256, .full_scale_field = "max_in_flight",
                              .unit = "sagas", .en = "sagas in flight", .zh = "进行中的 Saga"}}});
    registry.add({.name = "saga-participant",
                  .pattern = "saga",
                  .family = "transactions",
                  .en = "A service with one local transaction per saga (stock or money): a step holds units "
                        "(a pending state, the semantic lock), finish consumes them, a compensation gives "
                        "them back; idempotent from its log; orchestrated, or choreographed by events "
                        "from an outbox",
                  .zh = "每个 Saga 对应一个本地事务的服务（库存或金额）：步骤占用数量（待定状态，即语义锁），"
                        "完成时消耗，补偿时归还；依据日志保证幂等；可由编排器驱动，"
                        "也可通过发件箱发出的事件协同",
                  .client = false,
                  .params = ParticipantConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<ParticipantRole>(ParticipantConfig::from(params));
                  },
                  .phases = ParticipantRole::phases(),
                  .gauges = ParticipantRole::gauges()});
    registry.add({.name = "saga-client",
                  .pattern = "saga",
                  .family = "transactions",
                  .en = "Begins sagas at the orchestrator or the first service of a choreography; records "
                        "each saga's outcome (completed or compensated)",
                  .zh = "在编排器或协同式 Saga 的第一个服务处发起 Saga；记录每个 Saga 的结果"
                        "（完成或已补偿）",
                  .client = true,
                  .params = SagaClientConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<SagaClientRole>(SagaClientConfig::from(params));
                  },
                  .phases = client_phases()});
}

}  // namespace distlab::core
