#pragma once

#include <span>
#include <utility>
#include <vector>

#include "netlab/api/event.h"
#include "netlab/telemetry/telemetry.h"

namespace distlab::netlab {

// A sink that keeps every event it is given, in order: the whole run in memory, for the
// checkers, the CLI's statistics and tests.
//
// Threading: not thread-safe; used on the thread that owns the Telemetry feeding it.
class EventLog final : public EventSink {
public:
    void on_events(std::span<const Event> batch) override {
        events_.insert(events_.end(), batch.begin(), batch.end());
    }

    const std::vector<Event>& events() const { return events_; }
    // Hands over everything kept so far and starts empty.
    std::vector<Event> take() { return std::exchange(events_, {}); }
    void clear() { events_.clear(); }

private:
    std::vector<Event> events_;
};

}  // namespace distlab::netlab
