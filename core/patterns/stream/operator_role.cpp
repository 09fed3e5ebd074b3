#include "core/patterns/stream/operator_role.h"

#include <algorithm>
#include <utility>

namespace distlab::core::stream {

namespace {

constexpr TimerId kHelloTimer{1};
constexpr Duration kHelloInterval = 500ms;

std::int64_t ms(Duration d) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

std::string checkpoint_key(std::int64_t n) {
    return "stream_checkpoint_" + std::to_string(n);
}

}  // namespace

WindowSpec OperatorConfig::spec() const {
    const std::int64_t size = std::max<std::int64_t>(1, ms(window));
    const std::int64_t step = slide > Duration(0) ? std::clamp<std::int64_t>(ms(slide), 1, size) : size;
    return {size, step, ms(out_of_orderness), ms(allowed_lateness)};
}

const ParamList<OperatorConfig>& OperatorConfig::params() {
    using C = OperatorConfig;
    static const ParamList<C> list = ParamList<C>{}
        .node("source", &C::source, nullptr, "The stream-source it reads, and the job's checkpoint coordinator",
              "它读取的数据源（stream-source），也是作业的检查点协调者")
        .node("sink", &C::sink, nullptr, "The stream-sink it sends window results to", "接收其窗口结果的流输出（stream-sink）")
        .duration("window", &C::window, "1s", "Window length in event time", "窗口长度（事件时间）", {.min = 1})
        .duration("slide", &C::slide, "0ms",
                  "Sliding windows: a new window starts every slide (each event counts in window/slide "
                  "windows); 0: tumbling windows, one after the other",
                  "滑动窗口：每隔 slide 开始一个新窗口（每个事件计入 window/slide 个窗口）；0 表示滚动窗口，"
                  "首尾相接",
                  {.min = 0})
        .duration("out_of_orderness", &C::out_of_orderness, "500ms",
                  "The watermark's bound: watermark = the largest event time seen minus this "
                  "(forBoundedOutOfOrderness). It follows every event; Flink emits it every 200 ms by "
                  "default (pipeline.auto-watermark-interval)",
                  "水位线的乱序上界：水位线 = 已见最大事件时间减去此值（forBoundedOutOfOrderness）。"
                  "这里每个事件后都更新水位线；Flink 默认每 200 ms 发出一次（pipeline.auto-watermark-interval）",
                  {.min = 0})
        .duration("allowed_lateness", &C::allowed_lateness, "0ms",
                  "How long after its end a fired window keeps its state: a late event within it is "
                  "admitted and the window fires again with it; 0 as in Flink by default",
                  "窗口触发后保留其状态的时长：在此期间到达的迟到事件仍被接纳，窗口带着它再次触发；"
                  "默认 0，与 Flink 相同",
                  {.min = 0})
        .choice("late_data", &C::late_data, "drop", {{"drop", LateData::Drop}, {"side_output", LateData::SideOutput}},
                "An event later than the allowed lateness: drop counts and drops it (Flink's default); "
                "side_output sends it to the sink's side output (sideOutputLateData)",
                "超过允许迟到时间的事件：drop 计数后丢弃（Flink 默认）；side_output 将其发往输出端的"
                "旁路输出（sideOutputLateData）");
    return list;
}

std::vector<PhaseSpec> OperatorRole::phases() {
    return {{"waiting", Tone::Neutral, "waiting for a restore", "等待恢复指令"},
            {"running", Tone::Healthy, "running", "运行中"},
            {"finished", Tone::Neutral, "input ended, every window fired", "输入结束，所有窗口已触发"}};
}

Json OperatorRole::Tally::to_json() const {
    return {{"events", events}, {"late_dropped", dropped}, {"side_output", side_output}, {"late_admitted", admitted_late}};
}

OperatorRole::OperatorRole(OperatorConfig config)
    : config_(std::move(config)),
      windows_(config_.spec()),
      lag_scale_(config_.spec().size_ms + config_.spec().bound_ms + config_.spec().lateness_ms + 1000) {}

void OperatorRole::start(Context& ctx) {
    ctx.phase("waiting", Text{"says hello to the source and waits for a restore", "向源打招呼，等待恢复指令"});
    incarnation_ = next_incarnation(ctx);
    ctx.send(config_.source, std::string(kHello), {{"incarnation", incarnation_}});
    ctx.set_timer(kHelloTimer, kHelloInterval);
    publish_gauges(ctx);
}

void OperatorRole::on_timer(Context& ctx, TimerId timer) {
    if (timer != kHelloTimer || attempt_ > 0)
        return;
    ctx.send(config_.source, std::string(kHello), {{"incarnation", incarnation_}});
    ctx.set_timer(kHelloTimer, kHelloInterval);
}

void OperatorRole::on_message(Context& ctx, const Message& msg) {
    now_ = ctx.now();
    if (msg.type == kCheckpointComplete && msg.from == config_.source) {
        if (const auto n = int_field(msg.body, "checkpoint"); n && *n > completed_)
            completed_ = *n;
        return;
    }
    if (!is_channel_message(msg.type) || msg.from != config_.source) {
        ctx.count("unexpected_messages");
        ctx.log(LogLevel::Warn, "ignored a '" + msg.type + "' message from " + msg.from);
        return;
    }
    auto m = ChannelMessage::from(msg);
    if (!m) {
        ctx.count("malformed");
        ctx.log(LogLevel::Warn, "ignored a '" + msg.type + "' from " + msg.from + " without integer attempt and seq >= 1");
        return;
    }
    inbox_.push(std::move(*m));
    while (auto next = inbox_.pop())
        handle(ctx, *next);
    publish_gauges(ctx);
}

Json OperatorRole::snapshot() const {
    Json snap = {{"attempt", attempt_},
                 {"checkpoint", completed_},
                 {"spec", windows_.spec().to_json()},
                 {"late_data", config_.late_data == LateData::Drop ? "drop" : "side_output"},
                 {"buffered", windows_.buffered()},
                 {"open_windows", windows_.open_windows()},
                 {"held", inbox_.held()},
                 {"tally", tally_.to_json()}};
    const auto wm = windows_.watermark();
    snap["watermark"] = wm ? Json(*wm) : Json(nullptr);
    const auto lag = watermark_lag(now_);
    snap["watermark_lag_ms"] = lag ? Json(*lag) : Json(nullptr);
    snap["watermark_lag_scale"] = std::max(lag_scale_, lag.value_or(0));
    snap["buffered_scale"] = std::max(buffered_scale_, windows_.buffered());
    return snap;
}

std::optional<std::int64_t> OperatorRole::watermark_lag(Duration now) const {
    const auto wm = windows_.watermark();
    if (!wm)
        return std::nullopt;
    return std::max<std::int64_t>(0, ms(now) - *wm);
}

void OperatorRole::handle(Context& ctx, const ChannelMessage& m) {
    if (m.seq == 1 && m.message.type != kRestore) {
        ctx.count("malformed");
        ctx.log(LogLevel::Warn, "attempt " + std::to_string(m.attempt) + " opened with a '" + m.message.type +
                                    "', not a restore: ignored");
        return;
    }
    if (m.message.type == kRestore) {
        const auto n = int_field(m.message.body, "checkpoint");
        if (!n || *n < 0) {
            ctx.count("malformed");
            ctx.log(LogLevel::Warn, "ignored a restore without an integer checkpoint >= 0");
            return;
        }
        attempt_ = m.attempt;
        restore(ctx, *n);
    } else if (m.message.type == kRecord) {
        record(ctx, m.message);
    } else if (m.message.type == kBarrier) {
        const auto n = int_field(m.message.body, "checkpoint");
        if (!n || *n < 1) {
            ctx.count("malformed");
            ctx.log(LogLevel::Warn, "ignored a barrier without an integer checkpoint >= 1");
            return;
        }
        const Json state = {{"windows", windows_.to_json()}, {"tally", tally_.to_json()}};
        if (auto written = ctx.storage().write(checkpoint_key(*n), state.dump(), true); !written) {
            ctx.log(LogLevel::Error, "could not store checkpoint " + std::to_string(*n) + ": " + written.error().message +
                                         "; its barrier stops here");
            return;
        }
        ctx.count("checkpoints");
        send_channel(ctx, kBarrier, {{"checkpoint", *n}});
    } else if (m.message.type == kEndOfInput) {
        std::vector<WindowResult> results;
        windows_.end_of_input(results);
        emit(ctx, results);
        send_channel(ctx, kEndOfInput, Json::object());
        ctx.phase("finished", Text{"the input ended: every window fired", "输入已结束：所有窗口都已触发"});
    } else {
        ctx.count("unexpected_messages");
        ctx.log(LogLevel::Warn, "ignored a '" + m.message.type + "' on the source's channel");
    }
}

void OperatorRole::restore(Context& ctx, std::int64_t checkpoint) {
    windows_ = KeyedWindows(config_.spec());
    tally_ = {};
    if (checkpoint > 0) {
        const auto text = ctx.storage().read(checkpoint_key(checkpoint));
        const Json state = text && *text ? Json::parse(**text, nullptr, false) : Json();
        auto windows = state.is_object() ? KeyedWindows::from_json(config_.spec(), state.value("windows", Json()))
                                         : std::nullopt;
        if (!windows) {
            ctx.violation(Text{"checkpoint ", "检查点 "} + std::to_string(checkpoint) +
                          Text{" is complete but this operator's state for it is missing or unreadable: starts empty",
                               " 已完成，但本算子在其中的状态缺失或无法读取：从空状态开始"});
        } else {
            windows_ = std::move(*windows);
            const Json& tally = state.value("tally", Json::object());
            tally_ = {int_field(tally, "events").value_or(0), int_field(tally, "late_dropped").value_or(0),
                      int_field(tally, "side_output").value_or(0), int_field(tally, "late_admitted").value_or(0)};
        }
    }
    if (checkpoint > completed_)
        completed_ = checkpoint;
    out_seq_ = 0;
    send_channel(ctx, kRestore, {{"checkpoint", checkpoint}});
    ctx.log(LogLevel::Info, "attempt " + std::to_string(attempt_) + ": restored checkpoint " + std::to_string(checkpoint));
    if (windows_.ended())
        ctx.phase("finished", Text{"restored checkpoint ", "已恢复检查点 "} + std::to_string(checkpoint) +
                                  Text{", taken after the end of input", "（在输入结束之后做的）"});
    else
        ctx.phase("running", Text{"attempt " + std::to_string(attempt_) + " from checkpoint " + std::to_string(checkpoint),
                                  "第 " + std::to_string(attempt_) + " 次尝试，从检查点 " + std::to_string(checkpoint) + " 开始"});
}

void OperatorRole::record(Context& ctx, const Message& msg) {
    const auto event = Event::from_json(msg.body);
    if (!event) {
        ctx.count("malformed");
        ctx.log(LogLevel::Warn, "ignored a record without integer offset and t and a key");
        return;
    }
    std::vector<WindowResult> results;
    const Arrival arrival = windows_.add(event->key, event->t, results);
    ++tally_.events;
    ctx.count("events");
    emit(ctx, results);
    if (arrival == Arrival::LateAdmitted) {
        ++tally_.admitted_late;
        ctx.count("late_admitted");
    } else if (arrival == Arrival::Late && config_.late_data == LateData::SideOutput) {
        ++tally_.side_output;
        ctx.count("side_output");
        send_channel(ctx, kLate, {{"key", event->key}, {"t", event->t}, {"offset", event->offset}});
    } else if (arrival == Arrival::Late) {
        ++tally_.dropped;
        ctx.count("late_dropped");
    }
}

void OperatorRole::emit(Context& ctx, const std::vector<WindowResult>& results) {
    for (const WindowResult& r : results) {
        ctx.count("results");
        send_channel(ctx, kResult,
                     {{"key", r.key}, {"start", r.start}, {"end", r.end}, {"count", r.count}, {"firing", r.firing}});
    }
}

void OperatorRole::send_channel(Context& ctx, std::string_view type, Json body) {
    body["attempt"] = attempt_;
    body["seq"] = ++out_seq_;
    ctx.send(config_.sink, std::string(type), std::move(body));
}

void OperatorRole::publish_gauges(Context& ctx) {
    const auto lag = watermark_lag(ctx.now());
    lag_scale_ = std::max(lag_scale_, lag.value_or(0));
    buffered_scale_ = std::max(buffered_scale_, windows_.buffered());
    ctx.gauge("watermark_lag_ms", lag ? static_cast<double>(*lag) : 0.0);
    ctx.gauge("buffered", static_cast<double>(windows_.buffered()));
}

}  // namespace distlab::core::stream
