#include "core/patterns/tcc/tcc.h"

#include <memory>

#include "core/patterns/common/client.h"
#include "core/patterns/tcc/tcc_client_role.h"
#include "core/patterns/tcc/tcc_coordinator_role.h"
#include "core/patterns/tcc/tcc_participant_role.h"

namespace distlab::core {

void register_tcc(RoleRegistry& registry) {
    using namespace tcc;
    registry.add({.name = "tcc-coordinator",
                  .pattern = "tcc",
                  .family = "transactions",
                  .en = "Coordinates TCC transactions: Try on every participant, then Confirm or Cancel, retried "
                        "until answered, with its decisions logged in storage; reads every balance at one cut",
                  .zh = "协调 TCC 事务：先在每个参与者上执行 Try，再执行 Confirm 或 Cancel，直到应答为止不断重试，"
                        "决定记录于存储中；可在一次一致切面上读取全部余额",
                  .client = false,
                  .params = TccCoordinatorConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<TccCoordinatorRole>(TccCoordinatorConfig::from(params));
                  },
                  .phases = TccCoordinatorRole::phases(),
                  .gauges = {{.field = "in_flight", .full_scale = 64, .full_scale_field = "max_in_flight",
                              .unit = "tx", .en = "transactions in flight", .zh = "进行中的事务"}}});
    registry.add({.name = "tcc-participant",
                  .pattern = "tcc",
                  .family = "transactions",
                  .en = "Holds bank accounts; Try reserves (freezes a debit), Confirm applies, Cancel releases; a "
                        "fence table (tried, committed, rolled back, suspended) defends against empty rollback, "
                        "suspension and repeated delivery, each defence with a switch",
                  .zh = "持有银行账户；Try 预留（冻结借记金额），Confirm 执行，Cancel 释放；"
                        "防护表（已尝试、已提交、已回滚、悬挂）防止空回滚、悬挂和重复投递，每项防护都可关闭",
                  .client = false,
                  .params = TccParticipantConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<TccParticipantRole>(TccParticipantConfig::from(params));
                  },
                  .phases = TccParticipantRole::phases(),
                  .gauges = TccParticipantRole::gauges()});
    registry.add({.name = "tcc-client",
                  .pattern = "tcc",
                  .family = "transactions",
                  .en = "Transfers money between accounts on different participants and reads every balance, "
                        "as Jepsen's bank test does; records each operation's outcome",
                  .zh = "在不同参与者的账户之间转账，并读取全部余额（如 Jepsen 的银行测试）；记录每个操作的结果",
                  .client = true,
                  .params = TccClientConfig::params().specs(),
                  .make = [](const Params& params) -> std::unique_ptr<Role> {
                      return std::make_unique<TccClientRole>(TccClientConfig::from(params));
                  },
                  .phases = client_phases()});
}

}  // namespace distlab::core
