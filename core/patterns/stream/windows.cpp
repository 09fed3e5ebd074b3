#include "core/patterns/stream/windows.h"

#include <limits>

#include "core/patterns/stream/stream_protocol.h"

namespace distlab::core::stream {

namespace {

constexpr std::int64_t kNoWatermark = std::numeric_limits<std::int64_t>::min();

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        --q;
    return q;
}

}  // namespace

Json WindowSpec::to_json() const {
    return {{"size_ms", size_ms}, {"slide_ms", slide_ms}, {"bound_ms", bound_ms}, {"lateness_ms", lateness_ms}};
}

std::optional<WindowSpec> WindowSpec::from_json(const Json& json) {
    const auto size = int_field(json, "size_ms");
    const auto slide = int_field(json, "slide_ms");
    const auto bound = int_field(json, "bound_ms");
    const auto lateness = int_field(json, "lateness_ms");
    if (!size || !slide || !bound || !lateness || *size < 1 || *slide < 1 || *slide > *size || *bound < 0 ||
        *lateness < 0)
        return std::nullopt;
    return WindowSpec{*size, *slide, *bound, *lateness};
}

std::vector<std::int64_t> KeyedWindows::windows_of(std::int64_t t) const {
    std::vector<std::int64_t> starts;
    const std::int64_t last = floor_div(t, spec_.slide_ms) * spec_.slide_ms;
    for (std::int64_t start = last; start > t - spec_.size_ms; start -= spec_.slide_ms)
        starts.insert(starts.begin(), start);
    return starts;
}

std::optional<std::int64_t> KeyedWindows::watermark() const {
    if (!max_seen_ || ended_)
        return std::nullopt;
    return *max_seen_ - spec_.bound_ms;
}

std::int64_t KeyedWindows::buffered() const {
    std::int64_t n = 0;
    for (const auto& [id, pane] : panes_)
        if (!pane.fired)
            n += pane.count;
    return n;
}

void KeyedWindows::fire(const std::pair<std::int64_t, std::string>& id, Pane& pane,
                        std::vector<WindowResult>& out) const {
    if (pane.count > pane.emitted)
        out.push_back({id.second, id.first, id.first + spec_.size_ms, pane.count - pane.emitted, pane.firings++});
    pane.emitted = pane.count;
    pane.fired = true;
}

Arrival KeyedWindows::add(const std::string& key, std::int64_t t, std::vector<WindowResult>& out) {
    if (ended_)
        return Arrival::Late;
    const std::int64_t wm = watermark().value_or(kNoWatermark);
    bool admitted = false;
    bool late_firing = false;
    for (const std::int64_t start : windows_of(t)) {
        const std::int64_t max_ts = start + spec_.size_ms - 1;
        if (wm != kNoWatermark && max_ts + spec_.lateness_ms <= wm)
            continue;   // its state is gone: too late for this window
        admitted = true;
        const auto id = std::make_pair(start, key);
        Pane& pane = panes_[id];
        ++pane.count;
        if (wm != kNoWatermark && max_ts <= wm) {
            fire(id, pane, out);   // past its end, within the lateness: fires again at once
            late_firing = true;
        }
    }
    if (!admitted)
        return Arrival::Late;
    if (!max_seen_ || t > *max_seen_)
        max_seen_ = t;
    advance(out);
    return late_firing ? Arrival::LateAdmitted : Arrival::OnTime;
}

void KeyedWindows::advance(std::vector<WindowResult>& out) {
    const std::int64_t wm = watermark().value_or(kNoWatermark);
    if (wm == kNoWatermark)
        return;
    for (auto it = panes_.begin(); it != panes_.end();) {
        const std::int64_t max_ts = it->first.first + spec_.size_ms - 1;
        if (max_ts > wm)
            break;   // ordered by start: every later window ends later
        if (!it->second.fired)
            fire(it->first, it->second, out);
        if (max_ts + spec_.lateness_ms <= wm)
            it = panes_.erase(it);
        else
            ++it;
    }
}

void KeyedWindows::end_of_input(std::vector<WindowResult>& out) {
    for (auto& [id, pane] : panes_)
        if (!pane.fired)
            fire(id, pane, out);
    panes_.clear();
    ended_ = true;
}

Json KeyedWindows::to_json() const {
    Json panes = Json::array();
    for (const auto& [id, pane] : panes_)
        panes.push_back({id.first, id.second, pane.count, pane.emitted, pane.firings, pane.fired});
    Json out = {{"panes", std::move(panes)}, {"ended", ended_}};
    out["max_seen"] = max_seen_ ? Json(*max_seen_) : Json(nullptr);
    return out;
}

std::optional<KeyedWindows> KeyedWindows::from_json(WindowSpec spec, const Json& json) {
    if (!json.is_object() || !json.contains("panes") || !json["panes"].is_array() || !json.contains("ended") ||
        !json["ended"].is_boolean() || !json.contains("max_seen"))
        return std::nullopt;
    KeyedWindows w(spec);
    w.ended_ = json["ended"].get<bool>();
    const Json& max_seen = json["max_seen"];
    if (max_seen.is_number_integer())
        w.max_seen_ = max_seen.get<std::int64_t>();
    else if (!max_seen.is_null())
        return std::nullopt;
    for (const Json& p : json["panes"]) {
        if (!p.is_array() || p.size() != 6 || !p[0].is_number_integer() || !p[1].is_string() ||
            !p[2].is_number_integer() || !p[3].is_number_integer() || !p[4].is_number_integer() || !p[5].is_boolean())
            return std::nullopt;
        w.panes_[{p[0].get<std::int64_t>(), p[1].get<std::string>()}] =
            Pane{p[2].get<std::int64_t>(), p[3].get<std::int64_t>(), p[4].get<std::int64_t>(), p[5].get<bool>()};
    }
    return w;
}

}  // namespace distlab::core::stream
