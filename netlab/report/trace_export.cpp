#include "netlab/report/trace_export.h"

#include <cstdio>
#include <map>
#include <string>
#include <unordered_map>

namespace distlab::netlab {

namespace {

// `text` as a JSON string literal; bytes that are not valid UTF-8 become '?'.
void json_string(std::string& out, std::string_view text) {
    out += '"';
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += static_cast<char>(c);
                }
            }
            ++i;
            continue;
        }
        const std::size_t len = c >= 0xF0 && c < 0xF5 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
        bool valid = len > 0 && i + len <= text.size();
        for (std::size_t k = 1; valid && k < len; ++k)
            valid = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
        if (valid) {
            out.append(text.substr(i, len));
            i += len;
        } else {
            out += '?';
            ++i;
        }
    }
    out += '"';
}

std::string micros(std::int64_t ns) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld.%03lld", static_cast<long long>(ns / 1000),
                  static_cast<long long>((ns < 0 ? -ns : ns) % 1000));
    return buf;
}

// Writes the trace as it goes, one event per line, flushing the buffer in large chunks.
class TraceWriter {
public:
    explicit TraceWriter(std::ostream& out) : out_(out) { buf_ = "{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n"; }

    int pid(const std::string& node) {
        auto [it, added] = pids_.try_emplace(node, static_cast<int>(pids_.size()) + 1);
        if (added)
            metadata(it->second, node);
        return it->second;
    }

    // One event; `extra` is further JSON members, starting with a comma, or empty.
    void event(char ph, std::string_view name, std::string_view cat, int pid, std::int64_t t_ns, const std::string& extra) {
        if (!first_)
            buf_ += ",\n";
        first_ = false;
        buf_ += "{\"ph\":\"";
        buf_ += ph;
        buf_ += "\",\"name\":";
        json_string(buf_, name);
        buf_ += ",\"cat\":";
        json_string(buf_, cat);
        buf_ += ",\"pid\":" + std::to_string(pid) + ",\"tid\":1,\"ts\":" + micros(t_ns) + extra + "}";
        if (buf_.size() > (1u << 20))
            flush();
    }

    void instant(std::string_view name, std::string_view cat, int pid, std::int64_t t_ns, std::string_view arg_name,
                 std::string_view arg) {
        std::string extra = ",\"s\":\"t\"";
        if (!arg_name.empty()) {
            extra += ",\"args\":{";
            json_string(extra, arg_name);
            extra += ':';
            json_string(extra, arg);
            extra += '}';
        }
        event('i', name, cat, pid, t_ns, extra);
    }

    void finish() {
        buf_ += "\n]}\n";
        flush();
    }

    void metadata(int pid, const std::string& name) {
        std::string extra = ",\"args\":{\"name\":";
        json_string(extra, name);
        extra += "}";
        event('M', "process_name", "__metadata", pid, 0, extra);
        event('M', "thread_name", "__metadata", pid, 0, extra);
    }

private:
    void flush() {
        out_ << buf_;
        buf_.clear();
    }

    std::ostream& out_;
    std::string buf_;
    bool first_ = true;
    std::map<std::string, int, std::less<>> pids_;
};

std::string state_summary(const std::string& snapshot) {
    constexpr std::size_t kMax = 2000;
    return snapshot.size() <= kMax ? snapshot : snapshot.substr(0, kMax) + "...";
}

}  // namespace

void write_chrome_trace(std::span<const Event> events, std::ostream& out) {
    TraceWriter w(out);
    w.metadata(0, "lab");
    struct PendingOp {
        std::int64_t t_ns;
        std::string function;
        std::string value;
    };
    std::map<std::pair<std::string, std::uint64_t>, PendingOp> ops;
    std::map<std::pair<std::string, std::uint64_t>, std::uint64_t> flows;
    std::uint64_t next_flow = 1;
    std::int64_t last_ns = 0;

    for (const Event& e : events) {
        last_ns = std::max(last_ns, e.t_ns);
        const std::string_view kind = to_string(e.kind);
        switch (e.kind) {
        case EventKind::RunStarted:
        case EventKind::RunEnded:
        case EventKind::Step:
        case EventKind::FaultInjected:
        case EventKind::FaultHealed: {
            const std::string name = e.type.empty() ? std::string(kind) : std::string(kind) + " " + e.type;
            w.instant(name, "lab", 0, e.t_ns, "data", e.data);
            break;
        }
        case EventKind::MessageSent: {
            const int from = w.pid(e.node);
            w.pid(e.peer);
            const std::uint64_t id = next_flow++;
            flows[{e.node, e.msg_id}] = id;
            std::string args = ",\"dur\":1,\"args\":{\"to\":";
            json_string(args, e.peer);
            args += ",\"msg_id\":" + std::to_string(e.msg_id) + "}";
            w.event('X', "send " + e.type, "message", from, e.t_ns, args);
            w.event('s', "msg", "message", from, e.t_ns, ",\"id\":" + std::to_string(id));
            break;
        }
        case EventKind::MessageDelivered: {
            const int to = w.pid(e.peer);
            std::string args = ",\"dur\":1,\"args\":{\"from\":";
            json_string(args, e.node);
            args += ",\"msg_id\":" + std::to_string(e.msg_id) + "}";
            w.event('X', "recv " + e.type, "message", to, e.t_ns, args);
            if (const auto it = flows.find({e.node, e.msg_id}); it != flows.end()) {
                w.event('f', "msg", "message", to, e.t_ns, ",\"bp\":\"e\",\"id\":" + std::to_string(it->second));
                flows.erase(it);
            }
            break;
        }
        case EventKind::MessageDropped:
            flows.erase({e.node, e.msg_id});
            w.instant("drop " + e.type + " -> " + e.peer, "message", w.pid(e.node), e.t_ns, "reason", e.data);
            break;
        case EventKind::MessageDuplicated:
        case EventKind::MessageHeld:
            w.instant(std::string(kind) + " " + e.type + " -> " + e.peer, "message", w.pid(e.node), e.t_ns, "", "");
            break;
        case EventKind::Log:
            w.instant(e.data.size() > 80 ? e.data.substr(0, 80) + "..." : e.data, "log " + e.type, w.pid(e.node), e.t_ns,
                      "text", e.data);
            break;
        case EventKind::State:
            w.instant("state", "state", w.pid(e.node), e.t_ns, "snapshot", state_summary(e.data));
            break;
        case EventKind::OpInvoked:
            w.pid(e.node);
            ops[{e.node, e.msg_id}] = {e.t_ns, e.type, e.data};
            break;
        case EventKind::OpCompleted: {
            const auto it = ops.find({e.node, e.msg_id});
            if (it == ops.end()) {
                w.instant("completed " + e.type, "op", w.pid(e.node), e.t_ns, "value", e.data);
                break;
            }
            std::string args = ",\"dur\":" + micros(e.t_ns - it->second.t_ns) + ",\"args\":{\"status\":";
            json_string(args, e.type);
            args += ",\"op_id\":" + std::to_string(e.msg_id) + ",\"value\":";
            json_string(args, e.data.empty() ? it->second.value : e.data);
            args += "}";
            w.event('X', it->second.function + " " + e.type, "op", w.pid(e.node), it->second.t_ns, args);
            ops.erase(it);
            break;
        }
        default:
            w.instant(kind, "node", w.pid(e.node), e.t_ns, "data", e.data);
            break;
        }
    }
    for (const auto& [key, op] : ops) {
        std::string args = ",\"dur\":" + micros(std::max<std::int64_t>(0, last_ns - op.t_ns)) +
                           ",\"args\":{\"status\":\"pending\",\"op_id\":" + std::to_string(key.second) + "}";
        w.event('X', op.function + " pending", "op", w.pid(key.first), op.t_ns, args);
    }
    w.finish();
}

}  // namespace distlab::netlab
