#include "netlab/patterns/stream/stream_truth.h"

#include <algorithm>
#include <set>

#include "core/patterns/stream/stream_protocol.h"
#include "core/patterns/stream/windows.h"

namespace distlab::netlab {

namespace {

namespace st = core::stream;
using core::Json;
using core::Text;

constexpr std::string_view kSource = "stream-source";
constexpr std::string_view kOperator = "stream-operator";
constexpr std::string_view kSink = "stream-sink";

std::string ms_text(std::int64_t ms) {
    if (ms % 1000 == 0)
        return std::to_string(ms / 1000) + "s";
    return std::to_string(ms) + "ms";
}

}  // namespace

std::string window_text(std::int64_t start_ms, std::int64_t end_ms) {
    return "[" + ms_text(start_ms) + ", " + ms_text(end_ms) + ")";
}

std::optional<StreamTruth> stream_truth(const std::vector<Event>& events, const RoleCatalog& catalog, Text* why_not) {
    const auto refuse = [why_not](Text why) -> std::optional<StreamTruth> {
        if (why_not)
            *why_not = std::move(why);
        return std::nullopt;
    };
    std::set<std::string> sources, operators, sinks;
    for (const auto& [node, role] : catalog.node_roles()) {
        if (role == kSource)
            sources.insert(node);
        else if (role == kOperator)
            operators.insert(node);
        else if (role == kSink)
            sinks.insert(node);
    }
    if (sinks.size() != 1)
        return refuse(sinks.empty() ? Text{"the run has no stream-sink", "本次运行没有 stream-sink"}
                                    : Text{"the run has more than one stream-sink: one job per run is judged",
                                           "本次运行有多个 stream-sink：每次运行只评判一个作业"});

    struct Sent {
        std::string key;
        std::int64_t t = 0;
        std::string op;
    };
    std::map<std::int64_t, Sent> log;                   // offset -> event
    std::set<std::string> ended;                        // operators sent end_of_input
    std::map<std::string, Json> op_state;               // last snapshot per operator
    Json sink_state;
    std::int64_t max_attempt = 0;
    StreamTruth out;
    out.sink = *sinks.begin();
    for (const Event& e : events) {
        if (e.kind == EventKind::MessageSent && sources.count(e.node)) {
            if (e.type == st::kEndOfInput) {
                ended.insert(e.peer);
                continue;
            }
            if (e.type != st::kRecord)
                continue;
            const Json body = Json::parse(e.data, nullptr, false);
            const auto event = st::Event::from_json(body);
            if (!event)
                continue;
            max_attempt = std::max(max_attempt, st::int_field(body, "attempt").value_or(0));
            auto [it, fresh] = log.try_emplace(event->offset, Sent{event->key, event->t, e.peer});
            if (fresh)
                continue;
            ++out.replayed;
            if (it->second.key != event->key || it->second.t != event->t || it->second.op != e.peer) {
                const std::string offset = std::to_string(event->offset);
                return refuse(Text{e.node + " sent two different events under offset " + offset +
                                       ": its log is not replayable",
                                   e.node + " 以同一偏移量 " + offset + " 发送了两个不同的事件：其日志不可重放"});
            }
        } else if (e.kind == EventKind::State && (operators.count(e.node) || e.node == out.sink)) {
            Json snap = Json::parse(e.data, nullptr, false);
            if (!snap.is_object())
                continue;
            if (e.node == out.sink)
                sink_state = std::move(snap);
            else
                op_state[e.node] = std::move(snap);
        }
    }
    out.events = std::ssize(log);
    out.restarts = std::max<std::int64_t>(0, max_attempt - 1);
    if (!sink_state.is_object())
        return refuse(Text{out.sink + " never reported its table", out.sink + " 从未报告其输出表"});
    out.sink_mode = sink_state.value("mode", "");

    // The truth, per operator, over its events in offset order.
    std::map<std::pair<std::string, std::int64_t>, StreamCell> cells;
    std::set<std::string> keys;
    std::map<std::string, std::int64_t> side_truth_by_key;
    for (const std::string& op : operators) {
        std::vector<std::pair<std::int64_t, const Sent*>> mine;
        for (const auto& [offset, sent] : log)
            if (sent.op == op)
                mine.emplace_back(offset, &sent);
        const auto state = op_state.find(op);
        std::optional<st::WindowSpec> spec;
        if (state != op_state.end())
            spec = st::WindowSpec::from_json(state->second.value("spec", Json()));
        if (!spec) {
            if (mine.empty())
                continue;
            return refuse(Text{op + " never reported its window spec", op + " 从未报告其窗口设置"});
        }
        StreamLate late{op, state->second.value("late_data", "drop"), 0, 0};
        st::KeyedWindows windows(*spec);
        std::vector<st::WindowResult> results;
        for (const auto& [offset, sent] : mine) {
            const st::Arrival arrival = windows.add(sent->key, sent->t, results);
            if (arrival == st::Arrival::Late) {
                ++late.late;
                if (late.policy == "side_output")
                    ++side_truth_by_key[sent->key];
            } else if (arrival == st::Arrival::LateAdmitted) {
                ++late.admitted;
            }
        }
        if (ended.count(op))
            windows.end_of_input(results);
        for (const st::WindowResult& r : results) {
            StreamCell& cell = cells[{r.key, r.start}];
            cell.key = r.key;
            cell.start = r.start;
            cell.end = r.end;
            cell.truth += r.count;
        }
        out.late.push_back(std::move(late));
    }
    for (const auto& [key, n] : side_truth_by_key)
        out.side_output_truth += n;

    // The sink's table.
    const Json& counts = sink_state.value("counts", Json::object());
    if (counts.is_object()) {
        for (const auto& [key, per_window] : counts.items()) {
            if (!per_window.is_object())
                continue;
            for (const auto& [start_text, n] : per_window.items()) {
                std::int64_t start = 0;
                try {
                    start = std::stoll(start_text);
                } catch (const std::exception&) {
                    continue;
                }
                StreamCell& cell = cells[{key, start}];
                if (cell.key.empty()) {
                    cell.key = key;
                    cell.start = start;
                }
                cell.sink += n.is_number_integer() ? n.get<std::int64_t>() : 0;
            }
        }
    }
    const Json& late = sink_state.value("late", Json::object());
    if (late.is_object())
        for (const auto& [key, n] : late.items())
            out.side_output_sink += n.is_number_integer() ? n.get<std::int64_t>() : 0;

    for (auto& [id, cell] : cells) {
        if (cell.end == 0) {
            // Only the sink has it: its end follows from any operator's window length.
            for (const auto& [op, state] : op_state)
                if (auto spec = st::WindowSpec::from_json(state.value("spec", Json()))) {
                    cell.end = cell.start + spec->size_ms;
                    break;
                }
        }
        keys.insert(cell.key);
        if (cell.sink > cell.truth) {
            out.over += cell.sink - cell.truth;
            ++out.windows_over;
        } else if (cell.sink < cell.truth) {
            out.under += cell.truth - cell.sink;
            ++out.windows_under;
        }
        out.cells.push_back(cell);
    }
    out.keys = std::ssize(keys);
    return out;
}

}  // namespace distlab::netlab
