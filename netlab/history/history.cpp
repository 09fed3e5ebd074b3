#include "netlab/history/history.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "core/model/text.h"
#include "netlab/telemetry/playback.h"

namespace distlab::netlab {

namespace {

using Json = core::Json;
using Outcome = KvOperation::Outcome;

// One line of a history before pairing: an invocation or a completion.
struct RawEvent {
    std::string process;
    std::string type;             // invoke | ok | fail | info
    std::string f;
    Json value;
    std::optional<std::string> key;
    std::optional<std::int64_t> time;
    TextPosition at;
};

std::string strip_colon(std::string s) {
    if (!s.empty() && s.front() == ':')
        s.erase(0, 1);
    return s;
}

// A JSON scalar as a name: a string's content, else its JSON text.
std::string name_of(const Json& v) { return v.is_string() ? strip_colon(v.get<std::string>()) : v.dump(); }

// The text of a value as histories show it: nil, 3, [1 4], "x 0 1 y".
std::string value_text(const Json& v) {
    if (v.is_null())
        return "nil";
    if (v.is_array()) {
        std::string out = "[";
        for (std::size_t i = 0; i < v.size(); ++i)
            out += (i ? " " : "") + value_text(v[i]);
        return out + "]";
    }
    if (v.is_string()) {
        const std::string s = v.get<std::string>();
        return !s.empty() && s.front() == ':' ? s : "\"" + s + "\"";
    }
    return v.dump();
}

bool is_integer(std::string_view s) {
    if (s.empty())
        return false;
    std::size_t i = s.front() == '-' ? 1 : 0;
    return i < s.size() && std::all_of(s.begin() + static_cast<std::ptrdiff_t>(i), s.end(),
                                       [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

// Pairs invocations with completions by process, as Jepsen and Knossos do: a process has at
// most one operation open; :info ends it (the process is then gone; Jepsen uses a new one).
std::expected<History, HistoryError> pair_events(const std::vector<RawEvent>& events, HistoryFormat format,
                                                 const std::string& name, std::size_t skipped) {
    History history;
    history.format = format;
    history.skipped = skipped;
    history.timed = !events.empty() && std::all_of(events.begin(), events.end(), [](const RawEvent& e) { return e.time.has_value(); });
    std::map<std::string, std::size_t> open;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const RawEvent& e = events[i];
        const std::int64_t t = history.timed ? *e.time : static_cast<std::int64_t>(i);
        if (e.type == "invoke") {
            if (auto it = open.find(e.process); it != open.end())
                return std::unexpected(HistoryError{name, e.at.line, 0,
                                                    "process " + e.process + " invokes :" + e.f +
                                                        " while its operation of line " +
                                                        std::to_string(history.ops[it->second].at) +
                                                        " has not completed"});
            HistoryOp op;
            op.process = e.process;
            op.f = e.f;
            op.key = e.key;
            op.input = e.value;
            op.invoked_ns = t;
            op.at = e.at.line;
            open[e.process] = history.ops.size();
            history.ops.push_back(std::move(op));
            continue;
        }
        auto it = open.find(e.process);
        if (it == open.end())
            return std::unexpected(HistoryError{name, e.at.line, 0,
                                                "process " + e.process + " completes :" + e.f + " (:" + e.type +
                                                    ") but has no operation open: no :invoke before it"});
        HistoryOp& op = history.ops[it->second];
        if (op.f != e.f)
            return std::unexpected(HistoryError{name, e.at.line, 0,
                                                "process " + e.process + " completes :" + e.f +
                                                    " but invoked :" + op.f + " at line " + std::to_string(op.at)});
        open.erase(it);
        op.completed_at = e.at.line;
        if (e.type == "ok") {
            op.outcome = Outcome::Ok;
            op.completed_ns = t;
            op.output = e.value;
        } else if (e.type == "fail") {
            op.outcome = Outcome::Fail;
            op.completed_ns = t;
            op.output = e.value;
        } else {
            op.outcome = Outcome::Info;   // it may or may not have happened, at any time from now on
        }
    }
    history.open = open.size();
    return history;
}

std::optional<std::string> event_type(const std::string& keyword) {
    for (const char* t : {"invoke", "ok", "fail", "info"})
        if (keyword == std::string(":") + t)
            return std::string(t);
    return std::nullopt;
}

std::vector<std::string_view> split_tabs(std::string_view line) {
    std::vector<std::string_view> fields;
    std::size_t start = 0;
    for (;;) {
        const std::size_t tab = line.find('\t', start);
        fields.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
        if (tab == std::string_view::npos)
            return fields;
        start = tab + 1;
    }
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

std::string show(std::string_view s) {
    constexpr std::size_t kMax = 40;
    return "\"" + std::string(s.substr(0, kMax)) + (s.size() > kMax ? "..." : "") + "\"";
}

}  // namespace

std::string_view to_string(HistoryFormat format) {
    switch (format) {
        case HistoryFormat::JepsenLog: return "jepsen-log";
        case HistoryFormat::Edn: return "edn";
        case HistoryFormat::PorcupineJson: return "porcupine-json";
        case HistoryFormat::Recording: return "recording";
    }
    return "?";
}

std::string HistoryError::text() const {
    std::string out = file;
    if (line > 0)
        out += ":" + std::to_string(line) + (column > 0 ? ":" + std::to_string(column) : "");
    return out + ": " + message;
}

std::expected<History, HistoryError> parse_jepsen_log(std::string_view text, const std::string& name) {
    std::vector<RawEvent> events;
    std::size_t skipped = 0;
    std::size_t line_no = 0;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        std::string_view line = text.substr(start, end - start);
        start = end + 1;
        ++line_no;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        // An operation is what Jepsen's jepsen.util logger writes after its name ("jepsen.util -
        // " in older logs, "jepsen.util: " in newer ones, whose prefix has tabs of its own), or a
        // bare PROCESS<TAB>:TYPE<TAB>... line. Anything else in a test's log (other loggers,
        // blank lines) is not an operation.
        std::size_t offset = 0;   // where the operation's fields begin in the line
        bool logged = false;
        for (const std::string_view marker : {std::string_view("jepsen.util: "), std::string_view("jepsen.util - ")})
            if (const std::size_t at = line.find(marker); at != std::string_view::npos) {
                offset = at + marker.size();
                logged = true;
                break;
            }
        const std::string_view body = line.substr(offset);
        const std::vector<std::string_view> fields = split_tabs(body);
        if (logged ? fields.size() < 2 && !is_integer(trim(body))
                   : fields.size() < 2 || trim(fields[1]).empty() || trim(fields[1]).front() != ':') {
            skipped += trim(line).empty() ? 0 : 1;
            continue;
        }
        auto column_of = [&](std::size_t field) {
            std::size_t c = offset + 1;
            for (std::size_t k = 0; k < field; ++k)
                c += fields[k].size() + 1;
            return c;
        };
        const std::string_view process = trim(fields[0]);
        const auto error = [&](std::size_t field, std::string message) {
            return std::unexpected(HistoryError{name, line_no, column_of(field), std::move(message)});
        };
        if (process.empty())
            return error(0, "expected a process number before the first tab");
        if (fields.size() < 2)
            return error(0, "expected PROCESS<TAB>:TYPE<TAB>:F<TAB>VALUE, the line ends after the process (truncated?)");
        const auto type = event_type(std::string(trim(fields[1])));
        if (!type)
            return error(1, "expected :invoke, :ok, :fail or :info, got " + show(fields[1]));
        if (fields.size() < 3 || trim(fields[2]).empty())
            return error(1, "expected the operation's function (:read, :write, ...) after :" + *type +
                                " (truncated?)");
        if (fields.size() < 4 || trim(fields[3]).empty())
            return error(2, "expected a value after " + std::string(trim(fields[2])) + " (nil when none; truncated?)");
        const std::string_view value_field = fields[3];
        EdnReader reader(value_field);
        EdnError bad;
        auto value = reader.read(&bad);
        if (!value)
            return error(3, "bad value " + show(value_field) + ": " + bad.message);
        if (reader.more())
            return std::unexpected(HistoryError{name, line_no, column_of(3) + reader.position().column - 1,
                                                "unexpected text after the value " + show(value_field)});
        if (!is_integer(process)) {   // :nemesis and other non-client processes
            ++skipped;
            continue;
        }
        RawEvent e;
        e.process = std::string(process);
        e.type = *type;
        e.f = strip_colon(std::string(trim(fields[2])));
        e.value = std::move(*value);
        e.at = {line_no, 1};
        events.push_back(std::move(e));
    }
    return pair_events(events, HistoryFormat::JepsenLog, name, skipped);
}

std::expected<History, HistoryError> parse_edn_history(std::string_view text, const std::string& name) {
    EdnReader reader(text);
    std::vector<RawEvent> events;
    std::size_t skipped = 0;
    bool in_vector = false;
    TextPosition vector_at;
    if (reader.more() && reader.peek() == '[') {
        in_vector = true;
        vector_at = reader.position();
        reader.advance();
    }
    for (;;) {
        const bool more = reader.more();
        if (in_vector) {
            if (!more)
                return std::unexpected(HistoryError{name, vector_at.line, vector_at.column,
                                                    "the text ends before this vector of operations is closed with ] (truncated?)"});
            if (reader.peek() == ']') {
                reader.advance();
                if (reader.more()) {
                    const TextPosition p = reader.position();
                    return std::unexpected(HistoryError{name, p.line, p.column, "unexpected text after the history's closing ]"});
                }
                break;
            }
        } else if (!more) {
            break;
        }
        const TextPosition at = reader.position();
        EdnError bad;
        auto value = reader.read(&bad);
        if (!value)
            return std::unexpected(HistoryError{name, bad.at.line, bad.at.column, bad.message});
        const auto error = [&](std::string message) {
            return std::unexpected(HistoryError{name, at.line, at.column, std::move(message)});
        };
        if (!value->is_object())
            return error("expected an operation map {:process .., :type .., :f .., :value ..}, got " +
                         value_text(*value));
        const Json& op = *value;
        if (!op.contains("type"))
            return error("this operation has no :type (:invoke, :ok, :fail or :info)");
        const auto type = op["type"].is_string() ? event_type(op["type"].get<std::string>()) : std::nullopt;
        if (!type)
            return error(":type must be :invoke, :ok, :fail or :info, got " + value_text(op["type"]));
        if (!op.contains("f"))
            return error("this operation has no :f (the function: :read, :write, ...)");
        if (!op.contains("process"))
            return error("this operation has no :process");
        const Json& process = op["process"];
        if (!process.is_number_integer()) {   // :nemesis
            ++skipped;
            continue;
        }
        RawEvent e;
        e.process = process.dump();
        e.type = *type;
        e.f = name_of(op["f"]);
        e.value = op.value("value", Json());
        if (op.contains("key") && !op["key"].is_null())
            e.key = name_of(op["key"]);
        if (op.contains("time")) {
            if (!op["time"].is_number_integer())
                return error(":time must be an integer (nanoseconds), got " + value_text(op["time"]));
            e.time = op["time"].get<std::int64_t>();
        }
        e.at = at;
        events.push_back(std::move(e));
    }
    return pair_events(events, HistoryFormat::Edn, name, skipped);
}

std::expected<History, HistoryError> parse_porcupine_json(std::string_view text, const std::string& name) {
    Json doc;
    try {
        doc = Json::parse(text);
    } catch (const Json::parse_error& e) {
        // The byte where parsing stopped, as a line and column.
        const std::size_t byte = std::min<std::size_t>(e.byte > 0 ? e.byte - 1 : 0, text.size());
        std::size_t line = 1, column = 1;
        for (std::size_t i = 0; i < byte; ++i) {
            if (text[i] == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        const bool at_end = byte + 1 >= text.size() || trim(text.substr(byte)).empty();
        return std::unexpected(HistoryError{name, line, column,
                                            std::string("not valid JSON") + (at_end ? " (the text ends early: truncated?)" : "")});
    }
    if (!doc.is_array())
        return std::unexpected(HistoryError{name, 1, 1, "expected a JSON array of operations"});
    // Where each operation (an element of the top-level array) begins.
    std::vector<TextPosition> starts;
    {
        int depth = 0;
        bool in_string = false;
        std::size_t line = 1, column = 1;
        for (std::size_t i = 0; i < text.size(); ++i) {
            const char c = text[i];
            if (in_string) {
                if (c == '\\')
                    ++i, ++column;
                else if (c == '"')
                    in_string = false;
            } else if (c == '"') {
                in_string = true;
            } else if (c == '{' || c == '[') {
                if (depth == 1)
                    starts.push_back({line, column});
                ++depth;
            } else if (c == '}' || c == ']') {
                --depth;
            } else if (depth == 1 && !std::isspace(static_cast<unsigned char>(c)) && c != ',') {
                starts.push_back({line, column});   // a scalar element: reported below
                while (i + 1 < text.size() && text[i + 1] != ',' && text[i + 1] != ']')
                    ++i, ++column;
            }
            if (c == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
    }
    History history;
    history.format = HistoryFormat::PorcupineJson;
    history.timed = true;
    // Porcupine's field names (Go's: ClientId, Input, Call, Output, Return) or lower case.
    const auto field = [](const Json& obj, std::initializer_list<const char*> names) -> const Json* {
        for (const auto& [k, v] : obj.items()) {
            std::string lower;
            for (char c : k)
                if (c != '_')
                    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            for (const char* n : names)
                if (lower == n)
                    return &v;
        }
        return nullptr;
    };
    // An invocation's input ({"Op", "Key", "Value"} or {"Op", "From", "To"}); false: no "Op".
    const auto take_input = [&](const Json& input, HistoryOp& op) {
        const Json* op_name = field(input, {"op", "f"});
        if (!op_name || !op_name->is_string())
            return false;
        op.f = strip_colon(op_name->get<std::string>());
        if (const Json* key = field(input, {"key"}); key && !key->is_null())
            op.key = name_of(*key);
        const Json* from = field(input, {"from"});
        const Json* to = field(input, {"to"});
        if (from && to)
            op.input = Json::array({*from, *to});
        else if (const Json* value = field(input, {"value", "arg"}))
            op.input = *value;
        return true;
    };
    // A return's output: {"Value"}, {"Ok": false} (failed), {"Unknown": true}, or a bare value.
    const auto take_output = [&](const Json* output, HistoryOp& op, bool returned) {
        bool unknown = !returned, failed = false;
        if (output && output->is_object()) {
            if (const Json* u = field(*output, {"unknown"}); u && u->is_boolean() && u->get<bool>())
                unknown = true;
            if (const Json* ok = field(*output, {"ok"}); ok && ok->is_boolean() && !ok->get<bool>())
                failed = true;
            if (const Json* v = field(*output, {"value"}))
                op.output = *v;
        } else if (output) {
            op.output = *output;
        }
        op.outcome = unknown ? Outcome::Info : failed ? Outcome::Fail : Outcome::Ok;
    };
    // Porcupine's other form: call and return events in time order, paired by "Id".
    if (!doc.empty() && doc[0].is_object() && field(doc[0], {"kind"})) {
        history.timed = false;
        std::map<std::string, std::size_t> open;
        for (std::size_t i = 0; i < doc.size(); ++i) {
            const TextPosition at = i < starts.size() ? starts[i] : TextPosition{};
            const auto error = [&](std::string message) {
                return std::unexpected(HistoryError{name, at.line, at.column, "event " + std::to_string(i + 1) + ": " + std::move(message)});
            };
            const Json& e = doc[i];
            const Json* kind = e.is_object() ? field(e, {"kind"}) : nullptr;
            const Json* id = e.is_object() ? field(e, {"id"}) : nullptr;
            if (!kind || !id)
                return error("expected an event {\"Kind\": \"call\" or \"return\", \"Id\", \"ClientId\", \"Value\"}");
            const std::string k = kind->is_string() ? kind->get<std::string>() : kind->dump();
            const bool call = k == "call" || k == "CallEvent" || k == "0";
            if (!call && k != "return" && k != "ReturnEvent" && k != "1")
                return error("\"Kind\" must be call or return (CallEvent, ReturnEvent), got " + kind->dump());
            const std::string key = name_of(*id);
            const Json* value = field(e, {"value"});
            if (call) {
                const Json* client = field(e, {"clientid", "client", "process"});
                if (!client)
                    return error("a call needs a \"ClientId\"");
                if (open.count(key))
                    return error("a second call with \"Id\" " + key + " before the first returned");
                HistoryOp op;
                op.process = name_of(*client);
                if (!value || !value->is_object() || !take_input(*value, op))
                    return error("a call's \"Value\" must be an object with \"Op\" (and \"Key\", \"Value\" as the op needs)");
                op.invoked_ns = static_cast<std::int64_t>(i);
                op.at = at.line;
                open[key] = history.ops.size();
                history.ops.push_back(std::move(op));
            } else {
                const auto it = open.find(key);
                if (it == open.end())
                    return error("a return for \"Id\" " + key + " with no call open before it");
                HistoryOp& op = history.ops[it->second];
                open.erase(it);
                take_output(value, op, true);
                if (op.outcome != Outcome::Info) {
                    op.completed_ns = static_cast<std::int64_t>(i);
                    op.completed_at = at.line;
                }
            }
        }
        history.open = open.size();
        return history;
    }
    for (std::size_t i = 0; i < doc.size(); ++i) {
        const TextPosition at = i < starts.size() ? starts[i] : TextPosition{};
        const auto error = [&](std::string message) {
            return std::unexpected(HistoryError{name, at.line, at.column, "operation " + std::to_string(i + 1) + ": " + std::move(message)});
        };
        const Json& o = doc[i];
        if (!o.is_object())
            return error("expected an object {\"ClientId\", \"Input\", \"Call\", \"Output\", \"Return\"}");
        const Json* client = field(o, {"clientid", "client", "process"});
        const Json* input = field(o, {"input"});
        const Json* call = field(o, {"call"});
        const Json* output = field(o, {"output"});
        const Json* ret = field(o, {"return"});
        if (!client)
            return error("no \"ClientId\"");
        if (!call || !call->is_number_integer())
            return error("\"Call\" must be an integer time");
        if (ret && !ret->is_null() && !ret->is_number_integer())
            return error("\"Return\" must be an integer time (or null: never returned)");
        HistoryOp op;
        op.process = name_of(*client);
        if (!input || !input->is_object() || !take_input(*input, op))
            return error("\"Input\" must be an object with \"Op\" (and \"Key\", \"Value\" as the op needs)");
        op.invoked_ns = call->get<std::int64_t>();
        op.at = at.line;
        const bool returned = ret && !ret->is_null();
        if (returned && ret->get<std::int64_t>() < op.invoked_ns)
            return error("\"Return\" is before \"Call\"");
        take_output(output, op, returned);
        if (op.outcome != Outcome::Info) {
            op.completed_ns = ret->get<std::int64_t>();
            op.completed_at = at.line;
        }
        history.ops.push_back(std::move(op));
    }
    std::stable_sort(history.ops.begin(), history.ops.end(),
                     [](const HistoryOp& a, const HistoryOp& b) { return a.invoked_ns < b.invoked_ns; });
    return history;
}

std::expected<History, HistoryError> read_recording_history(const std::filesystem::path& path) {
    auto playback = Playback::open(path);
    if (!playback)
        return std::unexpected(HistoryError{path.string(), 0, 0, playback.error().message});
    EventRange range = playback->read_all();
    if (range.problem)
        return std::unexpected(HistoryError{path.string(), 0, 0,
                                            "the recording is damaged after " + std::to_string(range.events.size()) +
                                                " events: " + range.problem->message});
    History history;
    history.format = HistoryFormat::Recording;
    history.unit = "event";
    history.timed = true;
    std::map<std::pair<std::string, std::uint64_t>, std::size_t> open;
    for (std::size_t i = 0; i < range.events.size(); ++i) {
        const Event& e = range.events[i];
        if (e.kind == EventKind::OpInvoked) {
            HistoryOp op;
            op.process = e.node;
            op.f = e.type;
            const Json data = Json::parse(e.data, nullptr, false);
            if (data.is_object()) {
                if (data.contains("key") && data["key"].is_string())
                    op.key = data["key"].get<std::string>();
                if (data.contains("from") || data.contains("to"))
                    op.input = Json::array({data.value("from", Json()), data.value("to", Json())});
                else
                    op.input = data.value("value", Json());
            }
            op.invoked_ns = e.t_ns;
            op.at = i + 1;
            open[{e.node, e.msg_id}] = history.ops.size();
            history.ops.push_back(std::move(op));
        } else if (e.kind == EventKind::OpCompleted) {
            auto it = open.find({e.node, e.msg_id});
            if (it == open.end())
                continue;
            HistoryOp& op = history.ops[it->second];
            open.erase(it);
            op.completed_at = i + 1;
            if (e.type == "ok" || e.type == "fail") {
                op.outcome = e.type == "ok" ? Outcome::Ok : Outcome::Fail;
                op.completed_ns = e.t_ns;
                const Json data = Json::parse(e.data, nullptr, false);
                if (data.is_object())
                    op.output = data.value("value", Json());
            } else {
                op.outcome = Outcome::Info;
            }
        }
    }
    history.open = open.size();
    return history;
}

std::expected<History, HistoryError> parse_history(std::string_view text, const std::string& name) {
    std::size_t i = 0;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])))
        ++i;
    if (i == text.size())
        return std::unexpected(HistoryError{name, 0, 0, "the file is empty: no operations to judge"});
    if (text[i] == '#')   // a tagged map: #jepsen.history.Op{...}
        return parse_edn_history(text, name);
    if (text[i] == '{' || text[i] == '[') {
        // EDN maps have keyword keys (:process), JSON objects quoted ones ("ClientId").
        std::size_t j = text.find('{', i);
        if (j != std::string_view::npos) {
            ++j;
            while (j < text.size() && std::isspace(static_cast<unsigned char>(text[j])))
                ++j;
            if (j < text.size() && text[j] == '"')
                return parse_porcupine_json(text, name);
        }
        return parse_edn_history(text, name);
    }
    return parse_jepsen_log(text, name);
}

std::expected<History, HistoryError> read_history(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::unexpected(HistoryError{path.string(), 0, 0, "cannot open the file"});
    std::ostringstream text;
    text << in.rdbuf();
    const std::string s = text.str();
    static constexpr std::string_view kSqlite("SQLite format 3\0", 16);
    const bool recording = s.size() >= kSqlite.size() && std::string_view(s).substr(0, kSqlite.size()) == kSqlite;
    auto history = recording ? read_recording_history(path) : parse_history(s, path.string());
    // Nothing recognised is not a history that passes.
    if (history && history->ops.empty())
        return std::unexpected(HistoryError{
            path.string(), 0, 0,
            recording ? "the recording has no client operations (OpInvoked events) to judge"
                      : "no operation found in " + std::to_string(history->skipped) +
                            " non-empty lines: not Jepsen's log lines (PROCESS<TAB>:TYPE<TAB>:F<TAB>VALUE), EDN "
                            "operation maps or Porcupine-style JSON"});
    return history;
}

std::string describe(const HistoryOp& op, std::string_view lang) {
    const bool zh = core::is_chinese(lang);
    std::string out = (zh ? "进程 " : "process ") + op.process + " " + op.f;
    if (op.key)
        out += " " + *op.key;
    const bool reads = op.input.is_null() && op.outcome == Outcome::Ok;
    if (!op.input.is_null())
        out += " " + value_text(op.input);
    if (reads || (!op.output.is_null() && op.output != op.input && op.outcome == Outcome::Ok))
        out += " → " + value_text(op.output);
    if (op.outcome == Outcome::Fail)
        out += zh ? "（失败）" : " (failed)";
    else if (op.outcome == Outcome::Info)
        out += zh ? "（结果未知）" : " (outcome unknown)";
    return out;
}

std::string where(const History& history, const HistoryOp& op, std::string_view lang) {
    const bool zh = core::is_chinese(lang);
    // Chinese counts lines as 第 N 行 and operations and events as 第 N 个操作.
    const std::string unit_zh = history.unit == "line" ? "行" : history.unit == "operation" ? "个操作"
                                : history.unit == "event"                                ? "个事件"
                                                                                         : history.unit;
    const bool range = op.completed_at && *op.completed_at != op.at;
    const std::string at = std::to_string(op.at) + (range ? "–" + std::to_string(*op.completed_at) : "");
    std::string out = zh ? "第 " + at + " " + unit_zh : history.unit + (range ? "s " : " ") + at;
    if (op.outcome == Outcome::Info && !op.completed_at)
        out += zh ? "，从未完成" : ", never completed";
    const std::string comma = zh ? "，" : ", ";
    if (history.format == HistoryFormat::PorcupineJson && history.timed) {   // Call and Return in their own unit
        out += comma + "t " + std::to_string(op.invoked_ns) +
               (op.completed_ns ? "–" + std::to_string(*op.completed_ns) : std::string(zh ? " 起" : " on"));
    } else if (history.timed) {
        char buf[96];
        if (op.completed_ns)
            std::snprintf(buf, sizeof buf, "%.3f–%.3f ms", static_cast<double>(op.invoked_ns) / 1e6,
                          static_cast<double>(*op.completed_ns) / 1e6);
        else
            std::snprintf(buf, sizeof buf, zh ? "从 %.3f ms 起" : "from %.3f ms", static_cast<double>(op.invoked_ns) / 1e6);
        out += comma + buf;
    }
    return out;
}

}  // namespace distlab::netlab
