#pragma once

#include <algorithm>
#include <cstdint>

namespace distlab::netlab {

// How long the lab's event loop keeps polling for work after it ran out, before it sleeps in
// epoll (docs/engine-decisions.md, "The lab's busy poll"). While messages flow, the answer to
// what the lab just routed usually comes back within a node's turnaround; a lab that sleeps in
// between pays one process wake-up per hop, which on an idle virtual machine costs more than
// the hop itself.
//
// The window adapts like the kernel's haltpoll governor: it grows when an idle spell was short
// enough that polling would have caught its end, and shrinks when polling ran out without
// finding work (long spells: the lab sleeps as before). Polling must never cost the nodes
// time: when another task wanted a processor during a poll (the lab was preempted, or more
// tasks were runnable than there are processors), the window closes and stays closed for the
// next kHoldOffSpells idle spells.
class PollWindow {
public:
    static constexpr std::int64_t kMaxNs = 100'000;        // a node's turnaround, p99, on an idle machine
    static constexpr std::int64_t kStartNs = 20'000;       // the first window after a short spell
    static constexpr std::int64_t kPreemptedGapNs = 30'000;   // two polls further apart: preempted
    static constexpr int kHoldOffSpells = 64;

    std::int64_t ns() const { return window_; }

    // After an idle spell: from running out of work to finding the next piece, in ns, and
    // whether another task wanted a processor meanwhile.
    void update(std::int64_t idle_ns, bool contended) {
        if (contended) {
            window_ = 0;
            hold_off_ = kHoldOffSpells;
        } else if (hold_off_ > 0) {
            --hold_off_;
        } else if (idle_ns <= window_) {
            // Polling caught it: keep the window.
        } else if (idle_ns < kMaxNs) {
            window_ = std::clamp(std::max(window_ * 2, idle_ns), kStartNs, kMaxNs);
        } else {
            window_ /= 2;
            if (window_ < kStartNs)
                window_ = 0;
        }
    }

private:
    std::int64_t window_ = 0;
    int hold_off_ = 0;
};

}  // namespace distlab::netlab
