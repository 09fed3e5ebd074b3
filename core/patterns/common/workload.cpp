#include "core/patterns/common/workload.h"

#include <algorithm>
#include <cmath>

namespace distlab::core {

std::optional<Arrival> arrival_from_string(std::string_view name) {
    if (name == "fixed")
        return Arrival::Fixed;
    if (name == "poisson")
        return Arrival::Poisson;
    return std::nullopt;
}

std::vector<ParamSpec> OpenLoopWorkload::param_specs() {
    return {
        {.name = "target", .type = ParamType::Node, .default_value = nullptr,
         .en = "The server this client sends its requests to",
         .zh = "客户端发送请求的目标服务器"},
        {.name = "rate", .type = ParamType::Number, .default_value = 10, .min = 0.001, .max = 100000,
         .en = "Requests started per second (open loop: whatever the replies do)",
         .zh = "每秒发起的请求数（开环：不受响应快慢影响）"},
        {.name = "arrival", .type = ParamType::Choice, .default_value = "poisson",
         .choices = {"fixed", "poisson"},
         .en = "Request spacing: fixed intervals, or Poisson arrivals (random, independent)",
         .zh = "请求间隔：固定间隔，或泊松到达（随机、相互独立）"},
        {.name = "stop_at", .type = ParamType::Duration, .default_value = "0ms", .min = 0,
         .en = "Stop starting requests at this time (0: never), so that all finish before the run ends",
         .zh = "在此时刻停止发起新请求（0 表示不停止），使所有请求在运行结束前完成"},
    };
}

OpenLoopWorkload OpenLoopWorkload::from(const Params& params) {
    OpenLoopWorkload w;
    w.target = params.get_string("target");
    w.arrival = arrival_from_string(params.get_string("arrival")).value_or(Arrival::Poisson);
    w.rate = params.get_number("rate");
    w.stop_at = params.get_duration("stop_at");
    return w;
}

Duration OpenLoopWorkload::next_gap(std::mt19937_64& rng) const {
    const double rate_per_s = std::max(rate, 1e-9);
    double seconds = 1.0 / rate_per_s;
    if (arrival == Arrival::Poisson) {
        // A Poisson process has exponentially distributed gaps of mean 1/rate.
        std::exponential_distribution<double> gap(rate_per_s);
        seconds = gap(rng);
    }
    const double ns = std::min(seconds * 1e9, 3600e9);
    return Duration(std::max<std::int64_t>(1, static_cast<std::int64_t>(std::llround(ns))));
}

}  // namespace distlab::core
