#include "core/patterns/task_scheduling/job.h"

#include <cmath>

namespace distlab::core::task_scheduling {

Duration JobSpec::size(std::int64_t task) const {
    if (big_every > 0 && task % big_every == 0)
        return Duration(static_cast<Duration::rep>(std::llround(static_cast<double>(task_size.count()) * big_factor)));
    return task_size;
}

Duration JobSpec::total() const {
    Duration sum{0};
    for (std::int64_t t = 0; t < tasks; ++t)
        sum += size(t);
    return sum;
}

const ParamList<JobSpec>& JobSpec::params() {
    using J = JobSpec;
    static const ParamList<J> list = ParamList<J>{}
        .integer("tasks", &J::tasks, 12, "Tasks in the job, numbered from 0", "作业中的任务数，从 0 开始编号",
                 {.min = 1, .max = 10000})
        .duration("task_size", &J::task_size, "100ms", "How long a task runs on a worker",
                  "一个任务在执行器上运行的时间", {.min = 1})
        .integer("big_every", &J::big_every, 0,
                 "Skew: every n-th task (0, n, 2n ...) is big_factor times longer (0: all the same size)",
                 "倾斜：每第 n 个任务（0、n、2n……）的时长是 big_factor 倍（0 表示大小相同）", {.min = 0, .max = 10000})
        .number("big_factor", &J::big_factor, 10, "How many times longer a big task is",
                "大任务的时长倍数", {.min = 1, .max = 1000})
        .duration("interval", &J::interval, "0ms",
                  "Task i is due i x interval after task 0: the fire times of a periodic job (0: every task at once, "
                  "a queue of work)",
                  "任务 i 在任务 0 之后 i × interval 到期：周期作业的触发时刻（0 表示全部同时到期，即一个工作队列）", {.min = 0})
        .duration("first_due", &J::first_due, "0ms", "When task 0 is due; task i is due at first_due + i x interval",
                  "任务 0 的到期时刻；任务 i 在 first_due + i × interval 时到期", {.min = 0});
    return list;
}

std::string LeaseValue::text() const {
    return holder + "/" + std::to_string(epoch) + "/" + std::to_string(renewal);
}

std::optional<LeaseValue> LeaseValue::parse(const std::string& text) {
    const auto second = text.rfind('/');
    if (second == std::string::npos || second == 0)
        return std::nullopt;
    const auto first = text.rfind('/', second - 1);
    if (first == std::string::npos || first == 0)
        return std::nullopt;
    LeaseValue v;
    v.holder = text.substr(0, first);
    try {
        std::size_t used = 0;
        const std::string epoch = text.substr(first + 1, second - first - 1);
        v.epoch = std::stoll(epoch, &used);
        if (used != epoch.size() || v.epoch < 1)
            return std::nullopt;
        const std::string renewal = text.substr(second + 1);
        v.renewal = std::stoll(renewal, &used);
        if (used != renewal.size() || v.renewal < 0)
            return std::nullopt;
    } catch (const std::exception&) {
        return std::nullopt;
    }
    return v;
}

std::optional<std::int64_t> int_field(const Json& body, const char* name) {
    if (!body.is_object())
        return std::nullopt;
    const auto it = body.find(name);
    if (it == body.end() || !it->is_number_integer())
        return std::nullopt;
    return it->get<std::int64_t>();
}

}  // namespace distlab::core::task_scheduling
