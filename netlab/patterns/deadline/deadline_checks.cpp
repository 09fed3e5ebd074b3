#include "netlab/patterns/deadline/deadline_checks.h"
#include "netlab/checks/check_support.h"

#include <algorithm>
#include <string>
#include <vector>

#include "core/model/time.h"

namespace distlab::netlab {

namespace {

using core::Text;

std::optional<std::int64_t> integer_field(const Json& body, const char* key) {
    auto it = body.find(key);
    if (it == body.end() || !it->is_number_integer())
        return std::nullopt;
    return it->get<std::int64_t>();
}

class NoWorkAfterDeadline final : public Check {
public:
    CheckResult evaluate(const RunView& run, std::chrono::steady_clock::time_point budget) const override {
        std::size_t checked = 0, late = 0;
        CheckResult involved;
        const Event* first = nullptr;
        std::int64_t first_overdue_ns = 0;
        std::int64_t last_ns = 0;
        for (std::size_t i = 0; i < run.events.size(); ++i) {
            if (i % 4096 == 4095 && std::chrono::steady_clock::now() > budget)
                return out_of_time(i, run.events.size());
            const Event& e = run.events[i];
            if (e.kind != EventKind::MessageSent || e.type != "request")
                continue;
            const Json body = Json::parse(e.data, nullptr, false);
            if (!body.is_object())
                continue;
            const auto deadline = integer_field(body, "deadline_ns");
            const auto sent_at = integer_field(body, "sent_at_ns");
            if (!deadline || !sent_at)
                continue;
            ++checked;
            if (*deadline > *sent_at)
                continue;
            ++late;
            last_ns = e.t_ns;
            involve_message(involved, e.node, e.msg_id, e.peer);
            if (!first) {
                first = &e;
                first_overdue_ns = *sent_at - *deadline;
            }
        }
        if (checked == 0)
            return verdict(Verdict::Unknown, Text{"no request carried both deadline_ns and sent_at_ns",
                                                  "没有请求同时带有 deadline_ns 和 sent_at_ns"});
        const std::string all = std::to_string(checked);
        const std::string of = " of " + all + " requests with a propagated deadline";
        const std::string of_zh = "带有传递截止时间的 " + all + " 个请求中";
        if (late == 0)
            return verdict(Verdict::Pass, Text{"none" + of + " was sent after its deadline", of_zh + "没有一个在截止时间之后发出"});
        const std::string n = std::to_string(late), msg = std::to_string(first->msg_id),
                          overdue = core::format_duration(Duration(first_overdue_ns));
        CheckResult r = verdict(Verdict::Fail,
                                Text{n + of + " were sent at or after their deadline; first: " + first->node + " -> " +
                                         first->peer + " message " + msg + ", " + overdue + " late",
                                     of_zh + "有 " + n + " 个在截止时间当时或之后发出；第一个：" + first->node + " -> " +
                                         first->peer + " 的消息 " + msg + "，晚了 " + overdue},
                                std::make_pair(first->t_ns, last_ns));
        r.nodes = std::move(involved.nodes);
        r.messages = std::move(involved.messages);
        return r;
    }
};

}  // namespace

void register_deadline_checks(CheckRegistry& registry) {
    registry.add({.name = "no_work_after_deadline",
                  .en = "No tier of a call chain calls downstream once its caller's deadline has passed.",
                  .zh = "调用链中的任何一层在调用方截止时间过后都不再调用下游。",
                  .applies_to = {RoleFilter::named("relay")},
                  .make = [](const core::Params&) -> std::unique_ptr<Check> {
                      return std::make_unique<NoWorkAfterDeadline>();
                  }});
}

}  // namespace distlab::netlab
