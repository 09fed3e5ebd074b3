#include "netlab/patterns/stream/stream_checks.h"

#include "netlab/checks/check_support.h"
#include "netlab/patterns/stream/stream_truth.h"

namespace distlab::netlab {

namespace {

using core::Text;
using Clock = std::chrono::steady_clock;

constexpr const char* kSinkRole = "stream-sink";

std::string n(std::int64_t v) {
    return std::to_string(v);
}

// "late: 3 dropped, 5 to the side output, 2 admitted late"
Text late_text(const StreamTruth& truth) {
    std::int64_t dropped = 0, side = 0, admitted = 0;
    for (const StreamLate& l : truth.late) {
        (l.policy == "side_output" ? side : dropped) += l.late;
        admitted += l.admitted;
    }
    Text out{"late events: " + n(dropped) + " dropped, " + n(side) + " to the side output (the sink holds " +
                 n(truth.side_output_sink) + "), " + n(admitted) + " admitted within the allowed lateness",
             "迟到事件：丢弃 " + n(dropped) + " 个，送往旁路输出 " + n(side) + " 个（输出端有 " +
                 n(truth.side_output_sink) + " 个），在允许迟到时间内被接纳 " + n(admitted) + " 个"};
    return out;
}

// "(748 events; 245 replayed after 1 restart)"
Text events_text(const StreamTruth& truth) {
    return Text{n(truth.events) + " events; " + n(truth.replayed) + " replayed after " + n(truth.restarts) +
                    (truth.restarts == 1 ? " restart" : " restarts"),
                n(truth.events) + " 个事件；" + n(truth.restarts) + " 次重启后重放了 " + n(truth.replayed) + " 个"};
}

class CountsMatchTruth final : public Check {
public:
    CheckResult evaluate(const RunView& run, Clock::time_point) const override {
        if (!run.roles)
            return verdict(Verdict::Unknown, Text{"the run's roles are not known", "不知道本次运行的角色"});
        Text why;
        const auto truth = stream_truth(run.events, *run.roles, &why);
        if (!truth)
            return verdict(Verdict::Unknown, why);
        if (truth->events == 0)
            return verdict(Verdict::Unknown, Text{"the source sent no event", "数据源没有发送任何事件"});
        const std::string windows = n(std::ssize(truth->cells)), keys = n(truth->keys);
        if (truth->exact())
            return verdict(Verdict::Pass, Text{windows + " windows of " + keys + " keys: every count in " + truth->sink +
                                                   " equals the truth from the source's log (",
                                               keys + " 个键的 " + windows + " 个窗口：" + truth->sink +
                                                   " 中的每个计数都等于根据数据源日志算出的真实值（"} +
                                              events_text(*truth) + Text{"); ", "）；"} + late_text(*truth));
        Text detail{truth->sink + " (" + truth->sink_mode + ") over-counts " + n(truth->windows_over) + " of " +
                        windows + " windows by " + n(truth->over) + " events and under-counts " +
                        n(truth->windows_under) + " by " + n(truth->under) + " (",
                    truth->sink + "（" + truth->sink_mode + "）在 " + windows + " 个窗口中有 " +
                        n(truth->windows_over) + " 个多计了 " + n(truth->over) + " 个事件，" +
                        n(truth->windows_under) + " 个少计了 " + n(truth->under) + " 个（"};
        detail += events_text(*truth) + Text{")", "）"};
        for (const StreamCell& cell : truth->cells) {
            if (cell.sink == cell.truth)
                continue;
            detail += Text{"; first: " + cell.key + " " + window_text(cell.start, cell.end) + " counted " +
                               n(cell.sink) + ", truth " + n(cell.truth),
                           "；第一个：" + cell.key + " " + window_text(cell.start, cell.end) + " 计为 " +
                               n(cell.sink) + "，真实值 " + n(cell.truth)};
            break;
        }
        detail += Text{"; ", "；"} + late_text(*truth);
        return involving(verdict(Verdict::Fail, std::move(detail)), {truth->sink});
    }
};

}  // namespace

void register_stream_checks(CheckRegistry& registry) {
    registry.add({.name = "counts_match_truth",
                  .en = "Per key and window, the stream sink's count equals the truth recomputed from the source's "
                        "log; over- and under-counts are reported.",
                  .zh = "对每个键和窗口，流输出端的计数等于根据数据源日志重新计算的真实值；报告多计和少计的数量。",
                  .applies_to = {RoleFilter::named(kSinkRole)},
                  .make = [](const core::Params&) -> std::unique_ptr<Check> {
                      return std::make_unique<CountsMatchTruth>();
                  }});
}

}  // namespace distlab::netlab
