#include "netlab/runner/pacer.h"

#include <algorithm>
#include <condition_variable>
#include <memory>
#include <mutex>

namespace distlab::netlab {

Pacer::WallClock Pacer::steady_wall_clock() {
    struct Alarm {
        std::mutex mutex;
        std::condition_variable woken;
        bool awake = false;   // guarded by mutex
    };
    auto alarm = std::make_shared<Alarm>();
    return {[] { return Clock::now(); },
            [alarm](Clock::time_point until) {
                std::unique_lock lock(alarm->mutex);
                alarm->woken.wait_until(lock, until, [&] { return alarm->awake; });
            },
            [alarm] {
                {
                    const std::lock_guard lock(alarm->mutex);
                    alarm->awake = true;
                }
                alarm->woken.notify_all();
            }};
}

Pacer::Pacer(double time_scale, double slowdown, WallClock clock)
    : time_scale_(time_scale > 0.0 ? time_scale : 1.0),
      slowdown_(std::clamp(slowdown, kMinSlowdown, kMaxSlowdown)),
      clock_(std::move(clock)),
      anchor_wall_(clock_.now()) {}

void Pacer::set_slowdown(double factor) {
    slowdown_ = std::clamp(factor, kMinSlowdown, kMaxSlowdown);
}

void Pacer::stop() {
    stopped_ = true;
    clock_.wake();
}

void Pacer::pace(core::Duration elapsed) {
    if (stopped_)
        return;
    const auto now = clock_.now();
    const auto due = anchor_wall_ + std::chrono::duration_cast<Clock::duration>(
                                        (elapsed - anchor_virtual_) * slowdown_.load() / time_scale_);
    if (due > now)
        clock_.sleep_until(due);
    anchor_wall_ = std::max(due, now);
    anchor_virtual_ = elapsed;
}

}  // namespace distlab::netlab
