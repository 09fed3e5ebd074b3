#include "netlab/telemetry/export.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <system_error>
#include <utility>
#include <vector>

#include "netlab/telemetry/playback.h"

namespace distlab::netlab {

namespace {

constexpr std::int64_t kNsPerSecond = 1'000'000'000;
constexpr std::string_view kEol = "\r\n";
// Up to this many seconds the time series has a row for every second; a longer (or corrupt)
// time range lists only the seconds with something in them.
constexpr std::int64_t kMaxDenseSeconds = 1'000'000;

struct OpRecord {
    std::string client;
    std::uint64_t id = 0;
    std::string function;
    std::optional<std::int64_t> invoke_ns;
    std::optional<std::int64_t> complete_ns;
    std::string status = "pending";
    std::string invoke_value;
    std::string complete_value;
};

// Pairs each invocation with its completion by (client, op id), in invocation order.
std::vector<OpRecord> collect_ops(std::span<const Event> events) {
    std::vector<OpRecord> ops;
    std::map<std::pair<std::string_view, std::uint64_t>, std::size_t> open;
    for (const Event& e : events) {
        if (e.kind == EventKind::OpInvoked) {
            OpRecord op;
            op.client = e.node;
            op.id = e.msg_id;
            op.function = e.type;
            op.invoke_ns = e.t_ns;
            op.invoke_value = e.data;
            open[{e.node, e.msg_id}] = ops.size();
            ops.push_back(std::move(op));
        } else if (e.kind == EventKind::OpCompleted) {
            auto it = open.find({e.node, e.msg_id});
            if (it == open.end()) {
                OpRecord op;
                op.client = e.node;
                op.id = e.msg_id;
                ops.push_back(std::move(op));
                it = open.emplace(std::pair<std::string_view, std::uint64_t>{e.node, e.msg_id}, ops.size() - 1).first;
            }
            OpRecord& op = ops[it->second];
            op.complete_ns = e.t_ns;
            op.status = e.type;
            op.complete_value = e.data;
            open.erase(it);
        }
    }
    return ops;
}

std::string fixed3(double value) {
    char text[64];
    std::snprintf(text, sizeof text, "%.3f", value);
    return text;
}

// Nearest-rank percentile of sorted values; p in (0, 1].
double percentile(const std::vector<double>& sorted, double p) {
    const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size())));
    return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

std::int64_t bucket_of(std::int64_t t_ns) { return std::max<std::int64_t>(0, t_ns / kNsPerSecond); }

core::Result<void> write_file(const std::filesystem::path& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) return core::fail("cannot write " + path.string());
    out << content;
    out.close();
    if (!out) return core::fail("cannot write " + path.string() + " (disk full?)");
    return {};
}

}  // namespace

std::string csv_field(std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
    std::string quoted;
    quoted.reserve(text.size() + 2);
    quoted += '"';
    for (char c : text) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    quoted += '"';
    return quoted;
}

void write_ops_csv(std::span<const Event> events, std::ostream& out) {
    out << "client,op_id,function,invoke_ns,complete_ns,status,latency_ms,value" << kEol;
    for (const OpRecord& op : collect_ops(events)) {
        const bool has_completion_value = !op.complete_value.empty() && op.complete_value != "null";
        const std::string& value = has_completion_value ? op.complete_value : op.invoke_value;
        out << csv_field(op.client) << ',' << op.id << ',' << csv_field(op.function) << ',';
        if (op.invoke_ns) out << *op.invoke_ns;
        out << ',';
        if (op.complete_ns) out << *op.complete_ns;
        out << ',' << csv_field(op.status) << ',';
        if (op.invoke_ns && op.complete_ns) out << fixed3(static_cast<double>(*op.complete_ns - *op.invoke_ns) / 1e6);
        out << ',' << csv_field(value) << kEol;
    }
}

void write_timeseries_csv(std::span<const Event> events, std::ostream& out) {
    struct Bucket {
        std::uint64_t sent = 0, delivered = 0, dropped = 0, ok = 0, fail = 0, info = 0;
        std::vector<double> latencies_ms;
    };
    std::map<std::int64_t, Bucket> buckets;
    auto at = [&](std::int64_t t_ns) -> Bucket& { return buckets[bucket_of(t_ns)]; };
    std::map<std::pair<std::string_view, std::uint64_t>, std::int64_t> invoked;
    for (const Event& e : events) {
        Bucket& b = at(e.t_ns);
        switch (e.kind) {
            case EventKind::MessageSent: ++b.sent; break;
            case EventKind::MessageDelivered: ++b.delivered; break;
            case EventKind::MessageDropped: ++b.dropped; break;
            case EventKind::OpInvoked: invoked[{e.node, e.msg_id}] = e.t_ns; break;
            case EventKind::OpCompleted: {
                if (e.type == "ok") {
                    ++b.ok;
                    if (auto it = invoked.find({e.node, e.msg_id}); it != invoked.end()) {
                        b.latencies_ms.push_back(static_cast<double>(e.t_ns - it->second) / 1e6);
                    }
                } else if (e.type == "fail") {
                    ++b.fail;
                } else {
                    ++b.info;
                }
                invoked.erase({e.node, e.msg_id});
                break;
            }
            default: break;
        }
    }
    out << "second,sent,delivered,dropped,ok,fail,info,throughput_ops_s,p50_ms,p99_ms" << kEol;
    auto row = [&](std::int64_t second, Bucket& b) {
        out << second << ',' << b.sent << ',' << b.delivered << ',' << b.dropped << ',' << b.ok << ',' << b.fail
            << ',' << b.info << ',' << b.ok << ',';
        if (!b.latencies_ms.empty()) {
            std::sort(b.latencies_ms.begin(), b.latencies_ms.end());
            out << fixed3(percentile(b.latencies_ms, 0.50)) << ',' << fixed3(percentile(b.latencies_ms, 0.99));
        } else {
            out << ',';
        }
        out << kEol;
    };
    const std::int64_t last = buckets.empty() ? -1 : buckets.rbegin()->first;
    if (last < kMaxDenseSeconds) {
        Bucket empty;
        for (std::int64_t second = 0; second <= last; ++second) {
            auto it = buckets.find(second);
            row(second, it == buckets.end() ? empty : it->second);
        }
    } else {
        for (auto& [second, b] : buckets) row(second, b);
    }
}

void write_summary_json(const core::Json& summary, std::ostream& out) {
    out << summary.dump(2, ' ', /*ensure_ascii=*/false, core::Json::error_handler_t::replace) << '\n';
}

core::Result<void> export_run(std::span<const Event> events, const core::Json& summary,
                              const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return core::fail("cannot create " + dir.string() + ": " + ec.message());
    std::ostringstream ops, series, json;
    write_ops_csv(events, ops);
    write_timeseries_csv(events, series);
    write_summary_json(summary, json);
    if (auto r = write_file(dir / "ops.csv", ops.str()); !r) return r;
    if (auto r = write_file(dir / "timeseries.csv", series.str()); !r) return r;
    return write_file(dir / "summary.json", json.str());
}

core::Result<void> export_run(const Playback& playback, const core::Json& summary,
                              const std::filesystem::path& dir) {
    EventRange range = playback.read_all();
    if (auto r = export_run(range.events, summary, dir); !r) return r;
    if (range.problem) return core::fail("exported only what could be read: " + range.problem->message);
    return {};
}

}  // namespace distlab::netlab
