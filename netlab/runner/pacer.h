#pragma once

#include <atomic>
#include <chrono>
#include <functional>

#include "core/model/time.h"

namespace distlab::netlab {

// Holds a simulated run's virtual time to the wall clock, so a person can watch it: virtual
// time passes `slowdown` times slower than the scenario's time (the real lab runs at
// time_scale, so a paced simulation does too; slowdown 1 is as written, 100 slow motion, 0.1 ten
// times faster than written).
// Without a Pacer the simulator runs as fast as it can.
//
// Pacing anchors on the previous call, not on the start of the run: time spent paused (or a
// slowdown changed mid-run), and a simulation that fell behind the wall clock, never make it
// race to catch up.
//
// Threading: set_slowdown(), slowdown() and stop() from any thread; pace() from the run's thread.
class Pacer {
public:
    using Clock = std::chrono::steady_clock;
    // The wall clock, injectable for tests: what time it is; wait until a time; and end such a
    // wait early, now and for good (any thread).
    struct WallClock {
        std::function<Clock::time_point()> now;
        std::function<void(Clock::time_point)> sleep_until;
        std::function<void()> wake;
    };
    static WallClock steady_wall_clock();

    static constexpr double kMinSlowdown = 0.1;
    static constexpr double kMaxSlowdown = 1000.0;

    // `time_scale`: the scenario's (> 0). Virtual time 0 is now, the time of construction.
    explicit Pacer(double time_scale, double slowdown = 1.0, WallClock clock = steady_wall_clock());

    // Clamped to [kMinSlowdown, kMaxSlowdown]; applies from the next pace().
    void set_slowdown(double factor);
    double slowdown() const { return slowdown_.load(); }

    // Run thread: virtual time has reached `elapsed` (since the run's start); waits until the
    // wall clock has caught up with it.
    void pace(core::Duration elapsed);

    // Stops pacing for good: a wait in progress ends now (in slow motion one tick can be minutes
    // of wall time) and pace() returns at once from now on. For a run asked to stop.
    void stop();

private:
    double time_scale_;
    std::atomic<double> slowdown_;
    std::atomic<bool> stopped_{false};
    WallClock clock_;
    Clock::time_point anchor_wall_;
    core::Duration anchor_virtual_{0};
};

}  // namespace distlab::netlab
