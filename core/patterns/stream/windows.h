#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/model/json.h"

namespace distlab::core::stream {

// Keyed event-time windows with a bounded-out-of-orderness watermark, as Flink's window operator
// with forBoundedOutOfOrderness and allowedLateness works them. Times are event times in ms.
struct WindowSpec {
    std::int64_t size_ms = 1000;     // window length
    std::int64_t slide_ms = 1000;    // == size_ms: tumbling; smaller: sliding (each event in size/slide windows)
    std::int64_t bound_ms = 500;     // watermark = largest event time seen - bound_ms
    std::int64_t lateness_ms = 0;    // allowed lateness: a fired window keeps its state this long

    Json to_json() const;            // {size_ms, slide_ms, bound_ms, lateness_ms}
    static std::optional<WindowSpec> from_json(const Json& json);
};

// A window firing: what it adds to the key's count in [start, end).
struct WindowResult {
    std::string key;
    std::int64_t start = 0;
    std::int64_t end = 0;
    std::int64_t count = 0;     // the first firing: the count so far; a late firing: the events since
    std::int64_t firing = 0;    // 0: on time; 1, 2, ...: late firings

    bool operator==(const WindowResult&) const = default;
};

// What became of one event.
enum class Arrival {
    OnTime,         // counted in its windows, none of which had fired
    LateAdmitted,   // some window of it had fired but is within the allowed lateness: a late firing
    Late,           // every window of it is past the allowed lateness: dropped or side output
};

// The state of one operator's windows. Deterministic: the same events in the same order give the
// same results, so a replay from a checkpoint repeats exactly what the first run emitted after it,
// and a check can recompute the truth from the source's log.
//
// The watermark advances after every event (Flink emits it every 200 ms of processing time by
// default, pipeline.auto-watermark-interval; following every event keeps replays exact). An
// event is judged against the watermark before it; a window [start, end) fires when the
// watermark reaches end - 1 and its state is dropped when the watermark reaches
// end - 1 + lateness. end_of_input() fires everything (Flink's final watermark at the end of a
// bounded input).
class KeyedWindows {
public:
    explicit KeyedWindows(WindowSpec spec) : spec_(spec) {}

    // Adds one event; appends the windows that fire to `out`.
    Arrival add(const std::string& key, std::int64_t t, std::vector<WindowResult>& out);
    // The input ended: every window fires now; appends them to `out`.
    void end_of_input(std::vector<WindowResult>& out);

    // Nothing before the first event and after the end of input.
    std::optional<std::int64_t> watermark() const;
    bool ended() const { return ended_; }
    // Events held in windows that have not fired yet.
    std::int64_t buffered() const;
    std::int64_t open_windows() const { return static_cast<std::int64_t>(panes_.size()); }
    const WindowSpec& spec() const { return spec_; }

    // The state a checkpoint stores, and back (nothing when it does not parse).
    Json to_json() const;
    static std::optional<KeyedWindows> from_json(WindowSpec spec, const Json& json);

    // The starts of the windows that contain t, in increasing order.
    std::vector<std::int64_t> windows_of(std::int64_t t) const;

private:
    struct Pane {
        std::int64_t count = 0;
        std::int64_t emitted = 0;
        std::int64_t firings = 0;
        bool fired = false;
    };

    void fire(const std::pair<std::int64_t, std::string>& id, Pane& pane, std::vector<WindowResult>& out) const;
    void advance(std::vector<WindowResult>& out);

    WindowSpec spec_;
    std::map<std::pair<std::int64_t, std::string>, Pane> panes_;   // (start, key)
    std::optional<std::int64_t> max_seen_;
    bool ended_ = false;
};

}  // namespace distlab::core::stream
