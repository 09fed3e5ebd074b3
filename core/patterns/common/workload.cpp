#include "core/patterns/common/workload.h"

#include <algorithm>
#include <cmath>

#include "core/patterns/common/client.h"

namespace distlab::core {

const ParamList<OpenLoopWorkload>& OpenLoopWorkload::params() {
    static const ParamList<OpenLoopWorkload> list = ParamList<OpenLoopWorkload>{}
        .node("target", &OpenLoopWorkload::target, nullptr,
              "The server this client sends its requests to",
              "客户端发送请求的目标服务器")
        .number("rate", &OpenLoopWorkload::rate, 10,
                "Requests started per second (open loop: whatever the replies do)",
                "每秒发起的请求数（开环：不受响应快慢影响）", {.min = 0.001, .max = 100000})
        .choice("arrival", &OpenLoopWorkload::arrival, "poisson",
                {{"fixed", Arrival::Fixed}, {"poisson", Arrival::Poisson}},
                "Request spacing: fixed intervals, or Poisson arrivals (random, independent)",
                "请求间隔：固定间隔，或泊松到达（随机、相互独立）")
        .duration("stop_at", &OpenLoopWorkload::stop_at, "0ms",
                  "Stop starting requests at this time (0: never), so that all finish before the run ends",
                  "在此时刻停止发起新请求（0 表示不停止），使所有请求在运行结束前完成", {.min = 0});
    return list;
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

void WorkloadDriver::record_latency(Context& ctx, Duration intended) const {
    ctx.observe(client_metric::kOpLatency, to_ms(ctx.now() - intended));
}

void WorkloadDriver::stop(Context& ctx, Text reason) {
    if (stopped_)
        return;
    stopped_ = true;
    announce(ctx, "stopped", std::move(reason));
}

bool WorkloadDriver::stop_if_due(Context& ctx) {
    if (!stopped_ && workload_.stopped(ctx.now())) {
        const std::string at = format_duration(workload_.stop_at);
        stop(ctx, Text{"stop_at " + at + " reached", "已到 stop_at " + at});
    }
    return stopped_;
}

void WorkloadDriver::announce(Context& ctx, std::string_view phase, Text reason) const {
    if (options_.announce_phases)
        ctx.phase(phase, std::move(reason));
}

}  // namespace distlab::core
