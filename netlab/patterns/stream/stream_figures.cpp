#include "netlab/patterns/stream/stream_figures.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "netlab/patterns/stream/stream_truth.h"

namespace distlab::netlab {

namespace {

using core::Json;

// Events per window over all keys: the truth as a grey bar, the sink's count as a narrower
// coloured bar in front (red when it differs). Its caption in Chinese when `chinese`.
std::string window_picture(const StreamTruth& truth, bool chinese) {
    std::map<std::int64_t, std::pair<std::int64_t, std::int64_t>> per_window;   // start -> (truth, sink)
    for (const StreamCell& c : truth.cells) {
        per_window[c.start].first += c.truth;
        per_window[c.start].second += c.sink;
    }
    if (per_window.empty())
        return {};
    std::int64_t top = 1;
    for (const auto& [start, v] : per_window)
        top = std::max({top, v.first, v.second});
    const int width = 640, height = 200, left = 40, bottom = 24, top_pad = 24;
    const double slot = static_cast<double>(width - left - 8) / static_cast<double>(per_window.size());
    const double scale = static_cast<double>(height - bottom - top_pad) / static_cast<double>(top);
    std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(width) + "\" height=\"" +
                      std::to_string(height) + "\" font-family=\"sans-serif\" font-size=\"10\">";
    char buf[256];
    std::snprintf(buf, sizeof buf, "<text x=\"%d\" y=\"11\" class=\"title\">%s%lld</text>", left,
                  chinese ? "每个窗口的事件数：真实值（灰）与输出端（蓝；不一致处为红），最大 "
                          : "events per window: truth (grey) and sink (blue; red where they differ), top ",
                  static_cast<long long>(top));
    svg += buf;
    std::size_t i = 0;
    const std::size_t label_every = std::max<std::size_t>(1, per_window.size() / 10);
    for (const auto& [start, v] : per_window) {
        const double x = left + slot * static_cast<double>(i);
        const double base = height - bottom;
        std::snprintf(buf, sizeof buf, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#bbb\"/>", x + 1,
                      base - scale * static_cast<double>(v.first), std::max(1.0, slot - 2),
                      scale * static_cast<double>(v.first));
        svg += buf;
        std::snprintf(buf, sizeof buf, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
                      x + slot * 0.25, base - scale * static_cast<double>(v.second), std::max(1.0, slot * 0.5 - 1),
                      scale * static_cast<double>(v.second), v.first == v.second ? "#3572b0" : "#c0392b");
        svg += buf;
        if (i % label_every == 0) {
            std::snprintf(buf, sizeof buf, "<text x=\"%.1f\" y=\"%d\">%gs</text>", x + 1, height - 8,
                          static_cast<double>(start) / 1000.0);
            svg += buf;
        }
        ++i;
    }
    svg += "</svg>";
    return svg;
}

class StreamFigureSource final : public FigureSource {
public:
    std::string_view name() const override { return "stream"; }

    bool applies(const RoleCatalog& catalog) const override { return catalog.role("stream-sink") != nullptr; }

    std::optional<FigureSection> section(const FigureRun& run) const override {
        const auto truth = stream_truth(run.events, run.catalog);
        if (!truth || truth->events == 0)
            return std::nullopt;
        FigureSection s;
        s.title = {"Stream processing", "流处理"};
        std::int64_t late_total = 0;
        for (const StreamLate& l : truth->late)
            late_total += l.late;
        s.notes.push_back(Text{std::to_string(truth->events) + " events, " + std::to_string(truth->replayed) +
                                   " replayed after " + std::to_string(truth->restarts) + " restart(s); sink " + truth->sink +
                                   " (" + truth->sink_mode + ") over-counts " + std::to_string(truth->over) +
                                   " and under-counts " + std::to_string(truth->under) + " events in " +
                                   std::to_string(truth->cells.size()) + " windows.",
                               std::to_string(truth->events) + " 个事件，" + std::to_string(truth->restarts) +
                                   " 次重启后重放了 " + std::to_string(truth->replayed) + " 个；输出端 " + truth->sink + "（" +
                                   truth->sink_mode + "）在 " + std::to_string(truth->cells.size()) + " 个窗口中多计 " +
                                   std::to_string(truth->over) + " 个、少计 " + std::to_string(truth->under) + " 个事件。"});

        FigureTable windows{{{"key", "键"}, {"window", "窗口"}, {"truth", "真实值"}, {"sink", "输出端"}, {"difference", "差值"}},
                            {false, false, true, true, true},
                            {}};
        windows.picture = window_picture(*truth, false);
        windows.picture_zh = window_picture(*truth, true);
        const bool exact = truth->over == 0 && truth->under == 0;
        Json list = Json::array();
        for (const StreamCell& c : truth->cells) {
            list.push_back({{"key", c.key}, {"start_ms", c.start}, {"end_ms", c.end}, {"truth", c.truth}, {"sink", c.sink}});
            if (!exact && c.truth == c.sink)
                continue;
            const std::int64_t diff = c.sink - c.truth;
            windows.rows.push_back({c.key, window_text(c.start, c.end), std::to_string(c.truth), std::to_string(c.sink),
                                    (diff > 0 ? "+" : "") + std::to_string(diff)});
        }
        s.tables.push_back(std::move(windows));

        FigureTable late{{{"operator", "算子"}, {"late data", "迟到数据"}, {"late", "迟到"}, {"admitted late", "迟到但接纳"}},
                         {false, false, true, true},
                         {}};
        Json late_list = Json::array();
        for (const StreamLate& l : truth->late) {
            late.rows.push_back({l.op, l.policy == "side_output" ? TableCell{"side output", "旁路输出"} : TableCell{"dropped", "丢弃"},
                                 std::to_string(l.late), std::to_string(l.admitted)});
            late_list.push_back({{"operator", l.op}, {"policy", l.policy}, {"late", l.late}, {"admitted", l.admitted}});
        }
        s.tables.push_back(std::move(late));

        s.figures = {{"stream.events", {}, "events", "", Better::Neither, static_cast<double>(truth->events), "事件"},
                     {"stream.replayed", {}, "events replayed", "", Better::Neither, static_cast<double>(truth->replayed), "重放的事件"},
                     {"stream.over", {}, "over-counted events", "", Better::Lower, static_cast<double>(truth->over), "多计的事件"},
                     {"stream.under", {}, "under-counted events", "", Better::Lower, static_cast<double>(truth->under), "少计的事件"},
                     {"stream.late", {}, "late events", "", Better::Neither, static_cast<double>(late_total), "迟到的事件"}};
        s.charts = {{"Stream processing", "events",
                     {{"stream.over", "over-counted", "多计"}, {"stream.under", "under-counted", "少计"}, {"stream.replayed", "replayed", "重放"}},
                     "流处理", "事件数"}};
        s.json = {{"sink", truth->sink},
                  {"mode", truth->sink_mode},
                  {"events", truth->events},
                  {"replayed", truth->replayed},
                  {"restarts", truth->restarts},
                  {"over", truth->over},
                  {"under", truth->under},
                  {"windows_over", truth->windows_over},
                  {"windows_under", truth->windows_under},
                  {"side_output", {{"truth", truth->side_output_truth}, {"sink", truth->side_output_sink}}},
                  {"windows", std::move(list)},
                  {"late", std::move(late_list)}};
        return s;
    }
};

}  // namespace

std::shared_ptr<const FigureSource> stream_figure_source() { return std::make_shared<StreamFigureSource>(); }

}  // namespace distlab::netlab
