#include "netlab/scenario/loader.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <limits>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <span>
#include <sstream>
#include <utility>

#include <yaml-cpp/yaml.h>

#include "netlab/scenario/yaml_text.h"

namespace distlab::netlab {

namespace {

using namespace std::chrono_literals;

using Keys = std::span<const std::string_view>;

constexpr std::string_view kTopKeys[] = {"version",    "name",    "family", "title", "summary",
                                         "duration",   "seed",    "time_scale", "network", "nodes",
                                         "links",      "faults",  "steps",  "checks"};
constexpr std::string_view kFamilies[] = {"communication", "replication", "consensus", "partitioning",
                                          "resilience",    "transactions", "caching",  "discovery",
                                          "scheduling",    "testing",      "theory",   "cases",
                                          "custom"};
constexpr std::string_view kBilingualKeys[] = {"en", "zh"};
constexpr std::string_view kNetworkKeys[] = {"preset", "latency", "jitter",   "loss",
                                             "duplicate", "reorder", "bandwidth"};
constexpr std::string_view kNodeKeys[] = {"id", "role", "params", "at", "labels"};
constexpr std::string_view kLinkKeys[] = {"between", "from",      "to",      "latency", "jitter",
                                          "loss",    "duplicate", "reorder", "bandwidth"};
// In the order of FaultKind's enumerators: the loader converts an index here to a FaultKind.
constexpr std::string_view kFaultKinds[] = {"kill",    "restart", "pause",     "resume",  "partition", "heal",
                                            "latency", "loss",    "duplicate", "reorder", "clock_skew",
                                            "command"};
static_assert(std::size(kFaultKinds) == static_cast<std::size_t>(FaultKind::Command) + 1);
constexpr std::string_view kFaultKeys[] = {"at",       "until",   "kill",    "restart",   "pause",
                                           "resume",   "partition", "heal",  "latency",   "loss",
                                           "duplicate", "reorder", "clock_skew", "command", "may_miss"};
constexpr std::string_view kOneWayKeys[] = {"from", "to"};
constexpr std::string_view kLatencyKeys[] = {"between", "from", "to", "add", "jitter"};
constexpr std::string_view kRateKeys[] = {"between", "from", "to", "rate"};
constexpr std::string_view kReorderKeys[] = {"between", "from", "to", "window"};
constexpr std::string_view kClockSkewKeys[] = {"node", "offset", "drift"};
constexpr std::string_view kCommandKeys[] = {"node", "type", "body"};
constexpr std::string_view kGrudges[] = {"one", "majority", "minority", "majorities-ring"};
constexpr std::string_view kStepKeys[] = {"at", "when", "say", "pause"};
constexpr std::string_view kWhenKeys[] = {"node", "state", "phase"};

// Words that mean something where a node id may stand, so they cannot be node ids.
constexpr std::string_view kReservedIds[] = {"all", "any", "lab", "leader", "random"};

const Text kDuration{"a duration with a unit (ms, s, m)", "带单位的时长（ms、s、m）"};
constexpr std::size_t kMaxShownChars = 60;
constexpr double kMaxTimeScale = 1000.0;
// Deeper values are refused; it also stops a self-referencing alias (&a [*a]) from recursing forever.
constexpr int kMaxValueDepth = 32;

bool contains(Keys keys, std::string_view key) {
    return std::find(keys.begin(), keys.end(), key) != keys.end();
}

std::string joined(Keys keys) {
    std::string out;
    for (auto key : keys)
        out += (out.empty() ? "" : ", ") + std::string(key);
    return out;
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items)
        out += (out.empty() ? "" : ", ") + item;
    return out;
}

std::string in_quotes(std::string_view text) {
    std::string shown(text.substr(0, kMaxShownChars));
    if (text.size() > kMaxShownChars)
        shown += "...";
    return "\"" + shown + "\"";
}

SourcePos pos_of(const YAML::Node& node) {
    const YAML::Mark mark = node.Mark();
    return {mark.line + 1, mark.column + 1};
}

bool is_plain(const YAML::Node& node) { return node.Tag() == "?"; }

// How a value reads in a message: 1.5, "150", a list, a mapping, nothing.
Text describe(const YAML::Node& node) {
    if (!node.IsDefined() || node.IsNull())
        return {"nothing", "空值"};
    if (node.IsSequence())
        return {"a list", "列表"};
    if (node.IsMap())
        return {"a mapping", "映射"};
    if (is_plain(node) && !yaml_text::plain_scalar(node.Scalar()).is_string())
        return {node.Scalar(), node.Scalar()};
    return {in_quotes(node.Scalar()), in_quotes(node.Scalar())};
}

// "expected WHAT, got VALUE".
Text expected_got(const Text& what, const YAML::Node& got) {
    return Text{"expected ", "应为"} + what + Text{", got ", "，实际为 "} + describe(got);
}

// " at top level" where `path` is the top level.
Text at_top(const std::string& path) {
    return path.empty() ? Text{" at top level", "（顶层）"} : Text{};
}

std::string child_path(const std::string& parent, std::string_view key) {
    return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::string index_path(const std::string& parent, std::size_t index) {
    return parent + "[" + std::to_string(index) + "]";
}

// A value in the file, with the key path that names it and where to point at it.
struct Value {
    YAML::Node node;
    std::string path;
    SourcePos pos;
};

// One key: value of a mapping.
struct Entry {
    std::string key;
    SourcePos key_pos;
    Value value;
};

// A mapping's entries in file order, once unknown and repeated keys were reported.
struct Mapping {
    Value self;
    std::vector<Entry> entries;

    const Entry* find(std::string_view key) const {
        auto it = std::find_if(entries.begin(), entries.end(), [&](const Entry& e) { return e.key == key; });
        return it == entries.end() ? nullptr : &*it;
    }
};

Value item_of(const Value& sequence, const YAML::Node& item, std::size_t index) {
    const SourcePos pos = item.IsNull() ? sequence.pos : pos_of(item);
    return {item, index_path(sequence.path, index), pos};
}

// Reads one scenario file. Collects every problem instead of stopping at the first; the value
// readers return nullopt after reporting. Single-use, single-threaded.
class Loader {
public:
    Loader(std::string file, const core::RoleRegistry& roles, const CheckValidator& checks)
        : file_(std::move(file)), roles_(roles), checks_(checks) {}

    std::expected<Scenario, std::vector<Diagnostic>> load(std::string_view text);

private:
    void error(SourcePos pos, const std::string& path, const Text& what);
    void error(const Value& v, const Text& what) { error(v.pos, v.path, what); }

    std::optional<Mapping> mapping(const Value& v, Keys allowed);
    const Entry* required(const Mapping& m, std::string_view key);

    std::optional<std::string> text(const Value& v, const Text& expected);
    std::optional<Json> typed_scalar(const Value& v, const Text& expected);
    std::optional<std::int64_t> integer(const Value& v);
    std::optional<double> number(const Value& v);
    std::optional<double> probability(const Value& v);
    std::optional<bool> boolean(const Value& v);
    std::optional<Duration> duration(const Value& v, bool allow_negative = false);
    std::optional<std::uint64_t> bandwidth(const Value& v);
    std::optional<Text> bilingual(const Value& v);
    std::optional<Json> json(const Value& v, int depth = 0);
    std::optional<NodeId> node_ref(const Value& v);
    std::optional<NodeSelector> selector(const Value& v);
    // Reads the selector under `key` of `m` into `out`; false (with the problem reported) when it
    // is missing or invalid.
    bool required_selector(const Mapping& m, std::string_view key, NodeSelector& out);
    LinkOverrides overrides(const Mapping& m);

    void read_scenario(const YAML::Node& root);
    void read_network(const Value& v);
    void collect_node_ids(const Value& nodes);
    void read_nodes(const Value& v);
    void read_params(NodeSpec& node, const core::RoleDescriptor& role, const Mapping& m);
    void read_labels(NodeSpec& node, const Value& v);
    void read_links(const Value& v);
    std::optional<LinkSpec> read_link(const Value& v);
    void read_faults(const Value& v);
    std::optional<FaultSpec> read_fault(const Value& v);
    bool read_fault_body(FaultSpec& fault, const Value& v);
    std::optional<PartitionSpec> read_partition(const Value& v);
    std::optional<LinkTarget> read_link_target(const Mapping& m);
    void read_steps(const Value& v);
    // Whether the condition's node (any node when none is named) runs a role that declares the
    // condition's phase; reports the phases there are when not.
    bool check_phase(const Value& v, const StepCondition& condition);
    void read_checks(const Value& v);
    void validate_checks();
    void check_within_run(const Value& v, Duration at);

    std::string file_;
    const core::RoleRegistry& roles_;
    const CheckValidator& checks_;
    Scenario scenario_;
    std::vector<NodeId> declared_;                 // every well-formed node id, in file order
    std::vector<std::string> check_paths_;         // checks[i].name, parallel to scenario_.checks
    std::vector<Diagnostic> diagnostics_;
};

void Loader::error(SourcePos pos, const std::string& path, const Text& what) {
    const Text message = path.empty() ? what : path + ": " + what;
    diagnostics_.push_back({file_, pos.line, pos.column, message.en, message.zh});
}

std::optional<Mapping> Loader::mapping(const Value& v, Keys allowed) {
    if (!v.node.IsMap()) {
        error(v, expected_got(Text{"a mapping with keys ", "键为以下之一的映射："} + joined(allowed), v.node));
        return std::nullopt;
    }
    Mapping m{v, {}};
    for (auto it = v.node.begin(); it != v.node.end(); ++it) {
        const YAML::Node key = it->first;
        const SourcePos key_pos = pos_of(key);
        const Text where = at_top(v.path);
        if (!key.IsScalar()) {
            error(key_pos, v.path, Text{"expected a plain key", "应为普通键"} + where + Text{", got ", "，实际为 "} + describe(key));
            continue;
        }
        const std::string name = key.Scalar();
        if (!contains(allowed, name)) {
            error(key_pos, v.path,
                  Text{"unknown key ", "未知的键 "} + in_quotes(name) + where + Text{"; expected one of: ", "；应为以下之一："} + joined(allowed));
            continue;
        }
        if (const Entry* first = m.find(name)) {
            error(key_pos, v.path,
                  Text{"duplicate key ", "重复的键 "} + in_quotes(name) + where + Text{" (first at line ", "（首次出现在第 "} +
                      std::to_string(first->key_pos.line) + Text{")", " 行）"});
            continue;
        }
        const YAML::Node value = it->second;
        m.entries.push_back({name, key_pos, {value, child_path(v.path, name), value.IsNull() ? key_pos : pos_of(value)}});
    }
    return m;
}

const Entry* Loader::required(const Mapping& m, std::string_view key) {
    const Entry* entry = m.find(key);
    if (!entry)
        error(m.self, Text{"missing required key ", "缺少必需的键 "} + in_quotes(key) + at_top(m.self.path));
    return entry;
}

std::optional<std::string> Loader::text(const Value& v, const Text& expected) {
    if (!v.node.IsScalar()) {
        error(v, expected_got(expected, v.node));
        return std::nullopt;
    }
    return v.node.Scalar();
}

// The typed value of a scalar: plain scalars by the YAML core schema, quoted ones as strings.
std::optional<Json> Loader::typed_scalar(const Value& v, const Text& expected) {
    if (!v.node.IsScalar()) {
        error(v, expected_got(expected, v.node));
        return std::nullopt;
    }
    return is_plain(v.node) ? yaml_text::plain_scalar(v.node.Scalar()) : Json(v.node.Scalar());
}

std::optional<std::int64_t> Loader::integer(const Value& v) {
    auto value = typed_scalar(v, Text{"an integer", "整数"});
    if (!value)
        return std::nullopt;
    const bool too_large = value->is_number_unsigned() &&
                           value->get<std::uint64_t>() > std::uint64_t(std::numeric_limits<std::int64_t>::max());
    if (!value->is_number_integer() || too_large) {
        error(v, expected_got(Text{"an integer", "整数"}, v.node));
        return std::nullopt;
    }
    return value->get<std::int64_t>();
}

std::optional<double> Loader::number(const Value& v) {
    auto value = typed_scalar(v, Text{"a number", "数字"});
    if (!value)
        return std::nullopt;
    if (!value->is_number()) {
        error(v, expected_got(Text{"a number", "数字"}, v.node));
        return std::nullopt;
    }
    return value->get<double>();
}

std::optional<double> Loader::probability(const Value& v) {
    auto value = typed_scalar(v, Text{"a probability between 0 and 1", "0 到 1 之间的概率"});
    if (!value)
        return std::nullopt;
    if (!value->is_number() || !(value->get<double>() >= 0.0 && value->get<double>() <= 1.0)) {
        error(v, expected_got(Text{"a probability between 0 and 1", "0 到 1 之间的概率"}, v.node));
        return std::nullopt;
    }
    return value->get<double>();
}

std::optional<bool> Loader::boolean(const Value& v) {
    auto value = typed_scalar(v, Text{"true or false", "true 或 false"});
    if (!value)
        return std::nullopt;
    if (!value->is_boolean()) {
        error(v, expected_got(Text{"true or false", "true 或 false"}, v.node));
        return std::nullopt;
    }
    return value->get<bool>();
}

// "150ms", "2s", "1m", "250us", or a plain integer of milliseconds. A quoted bare number is
// refused: the quotes say "text", and text needs a unit.
std::optional<Duration> Loader::duration(const Value& v, bool allow_negative) {
    if (!v.node.IsScalar()) {
        error(v, expected_got(kDuration, v.node));
        return std::nullopt;
    }
    std::string_view body = v.node.Scalar();
    const bool negative = allow_negative && body.starts_with('-');
    if (negative)
        body.remove_prefix(1);
    const bool bare_integer = !body.empty() && std::all_of(body.begin(), body.end(), [](char c) {
        return c >= '0' && c <= '9';
    });
    const bool has_unit = !body.empty() && std::isalpha(static_cast<unsigned char>(body.back()));
    if ((bare_integer && !is_plain(v.node)) || (!bare_integer && !has_unit)) {
        error(v, expected_got(kDuration, v.node));
        return std::nullopt;
    }
    auto parsed = core::parse_duration(body);
    if (!parsed) {
        error(v, expected_got(kDuration, v.node));
        return std::nullopt;
    }
    return negative ? -*parsed : *parsed;
}

// Bytes per second: a plain integer, or a number with a unit: B/s, kB/s, MB/s, GB/s (powers of
// 1000), KiB/s, MiB/s, GiB/s (powers of 1024), bit/s, kbit/s, Mbit/s, Gbit/s. 0 = unlimited.
std::optional<std::uint64_t> Loader::bandwidth(const Value& v) {
    static const std::regex kRate(R"(([0-9]+(?:\.[0-9]+)?)\s*([kKMG]?)(i?)(B|bit)/s)");
    const Text expected{"a bandwidth in bytes per second (an integer) or a rate such as \"10MB/s\" or \"1Mbit/s\"",
                        "带宽：每秒字节数（整数），或 \"10MB/s\"、\"1Mbit/s\" 这样的速率"};
    auto value = typed_scalar(v, expected);
    if (!value)
        return std::nullopt;
    if (value->is_number_integer() && (value->is_number_unsigned() || value->get<std::int64_t>() >= 0))
        return value->get<std::uint64_t>();
    std::smatch match;
    const std::string written = value->is_string() ? value->get<std::string>() : std::string();
    if (!std::regex_match(written, match, kRate)) {
        error(v, expected_got(expected, v.node));
        return std::nullopt;
    }
    const double base = match[3].length() ? 1024.0 : 1000.0;
    const std::string prefix = match[2].str();
    const double scale = prefix.empty()                        ? 1.0
                         : (prefix == "k" || prefix == "K")    ? base
                         : prefix == "M"                       ? base * base
                                                               : base * base * base;
    const double bytes = std::stod(match[1].str()) * scale / (match[4].str() == "bit" ? 8.0 : 1.0);
    if (bytes < 1.0 || bytes > 1e18) {
        error(v, Text{"bandwidth ", "带宽 "} + describe(v.node) +
                     Text{" is out of range (1 B/s to 1e18 B/s; 0 means unlimited)", " 超出范围（1 B/s 到 1e18 B/s；0 表示不限）"});
        return std::nullopt;
    }
    return static_cast<std::uint64_t>(std::llround(bytes));
}

std::optional<Text> Loader::bilingual(const Value& v) {
    // One language is enough: a plain string, or a mapping with en, zh or both (readers fall back
    // to the other language where one is missing, core::Text::in).
    if (v.node.IsScalar() && !v.node.IsNull()) {
        auto t = text(v, Text{"a non-empty string, or {en: ..., zh: ...}", "非空字符串，或 {en: ..., zh: ...}"});
        if (t && t->empty())
            error(v, Text{"expected a non-empty string", "应为非空字符串"});
        if (!t || t->empty())
            return std::nullopt;
        return Text{*t, ""};
    }
    auto m = mapping(v, kBilingualKeys);
    if (!m)
        return std::nullopt;
    Text out;
    bool ok = true;
    bool any = false;
    for (auto [key, field] : {std::pair{"en", &out.en}, std::pair{"zh", &out.zh}}) {
        const Entry* entry = m->find(key);
        if (!entry)
            continue;
        any = true;
        auto t = text(entry->value, Text{"a non-empty string", "非空字符串"});
        if (t && t->empty())
            error(entry->value, Text{"expected a non-empty string", "应为非空字符串"});
        if (!t || t->empty()) {
            ok = false;
            continue;
        }
        *field = *t;
    }
    if (!any) {
        error(v, Text{"expected the text in English (en), Chinese (zh) or both", "应为英文（en）、中文（zh）或两者的文本"});
        ok = false;
    }
    return ok ? std::optional(out) : std::nullopt;
}

std::optional<Json> Loader::json(const Value& v, int depth) {
    if (!v.node.IsDefined() || v.node.IsNull())
        return Json(nullptr);
    if (v.node.IsScalar())
        return typed_scalar(v, Text{"a value", "值"});
    if (depth >= kMaxValueDepth) {
        error(v, Text{"value nested deeper than ", "值的嵌套超过 "} + std::to_string(kMaxValueDepth) + Text{" levels", " 层"});
        return std::nullopt;
    }
    if (v.node.IsSequence()) {
        Json out = Json::array();
        bool ok = true;
        std::size_t index = 0;
        for (const auto& item : v.node) {
            auto value = json(item_of(v, item, index++), depth + 1);
            ok = ok && value.has_value();
            if (value)
                out.push_back(std::move(*value));
        }
        return ok ? std::optional(out) : std::nullopt;
    }
    Json out = Json::object();
    bool ok = true;
    for (auto it = v.node.begin(); it != v.node.end(); ++it) {
        const YAML::Node key = it->first;
        if (!key.IsScalar()) {
            error(pos_of(key), v.path, expected_got(Text{"a plain key", "普通键"}, key));
            ok = false;
            continue;
        }
        if (out.contains(key.Scalar())) {
            error(pos_of(key), v.path, Text{"duplicate key ", "重复的键 "} + in_quotes(key.Scalar()));
            ok = false;
            continue;
        }
        const YAML::Node item = it->second;
        auto value = json({item, child_path(v.path, key.Scalar()), item.IsNull() ? pos_of(key) : pos_of(item)},
                          depth + 1);
        ok = ok && value.has_value();
        if (value)
            out[key.Scalar()] = std::move(*value);
    }
    return ok ? std::optional(out) : std::nullopt;
}

std::optional<NodeId> Loader::node_ref(const Value& v) {
    auto id = text(v, Text{"a node id", "节点 id"});
    if (!id)
        return std::nullopt;
    if (std::find(declared_.begin(), declared_.end(), *id) == declared_.end()) {
        error(v, Text{"node ", "节点 "} + in_quotes(*id) + Text{" is not declared", " 未声明"});
        return std::nullopt;
    }
    return id;
}

// A node id, a list of ids, leader, random, or all ("*" too).
bool Loader::required_selector(const Mapping& m, std::string_view key, NodeSelector& out) {
    const Entry* e = required(m, key);
    if (!e)
        return false;
    auto nodes = selector(e->value);
    if (nodes)
        out = std::move(*nodes);
    return nodes.has_value();
}

std::optional<NodeSelector> Loader::selector(const Value& v) {
    NodeSelector out;
    if (v.node.IsScalar()) {
        const std::string& t = v.node.Scalar();
        if (t == "leader") {
            out.kind = NodeSelector::Kind::Leader;
        } else if (t == "random") {
            out.kind = NodeSelector::Kind::Random;
        } else if (t == "all" || t == "*") {
            out.kind = NodeSelector::Kind::All;
        } else {
            auto id = node_ref(v);
            if (!id)
                return std::nullopt;
            out.ids.push_back(*id);
        }
        return out;
    }
    if (v.node.IsSequence() && v.node.size() > 0) {
        bool ok = true;
        std::size_t index = 0;
        for (const auto& item : v.node) {
            const Value element = item_of(v, item, index++);
            auto id = node_ref(element);
            if (id && std::find(out.ids.begin(), out.ids.end(), *id) != out.ids.end()) {
                error(element, Text{"node ", "节点 "} + in_quotes(*id) + Text{" is listed twice", " 列出了两次"});
                id.reset();
            }
            ok = ok && id.has_value();
            if (id)
                out.ids.push_back(*id);
        }
        return ok ? std::optional(out) : std::nullopt;
    }
    error(v, expected_got(Text{"a node id, a list of node ids, leader, random or all", "节点 id、节点 id 列表、leader、random 或 all"}, v.node));
    return std::nullopt;
}

LinkOverrides Loader::overrides(const Mapping& m) {
    LinkOverrides out;
    for (const Entry& e : m.entries) {
        if (e.key == "latency")
            out.latency = duration(e.value);
        else if (e.key == "jitter")
            out.jitter = duration(e.value);
        else if (e.key == "loss")
            out.loss = probability(e.value);
        else if (e.key == "duplicate")
            out.duplicate = probability(e.value);
        else if (e.key == "reorder")
            out.reorder_window = duration(e.value);
        else if (e.key == "bandwidth")
            out.bandwidth_bytes_per_s = bandwidth(e.value);
    }
    return out;
}

std::expected<Scenario, std::vector<Diagnostic>> Loader::load(std::string_view text) {
    try {
        const std::vector<YAML::Node> documents = YAML::LoadAll(std::string(text));
        if (documents.size() > 1)
            error(pos_of(documents[1]), "", Text{"a scenario file holds one YAML document; found ", "一个场景文件只能包含一个 YAML 文档；实际有 "} +
                                                std::to_string(documents.size()));
        read_scenario(documents.empty() ? YAML::Node() : documents.front());
    } catch (const YAML::Exception& e) {
        const SourcePos pos = e.mark.is_null() ? SourcePos{} : SourcePos{e.mark.line + 1, e.mark.column + 1};
        error(pos, "", Text{"invalid YAML: ", "YAML 无效："} + e.msg);
    } catch (const std::exception& e) {
        error(SourcePos{}, "", Text{"cannot read the scenario: ", "无法读取场景："} + e.what());
    }
    if (!diagnostics_.empty()) {
        std::stable_sort(diagnostics_.begin(), diagnostics_.end(), [](const Diagnostic& a, const Diagnostic& b) {
            return std::pair(a.line, a.column) < std::pair(b.line, b.column);
        });
        return std::unexpected(std::move(diagnostics_));
    }
    scenario_.file = file_;
    return std::move(scenario_);
}

void Loader::read_scenario(const YAML::Node& root) {
    const Value top{root, "", root.IsDefined() && !root.IsNull() ? pos_of(root) : SourcePos{1, 1}};
    if (!root.IsMap()) {
        error(top, expected_got(Text{"a mapping of scenario keys (version, name, nodes, ...) at top level",
                                     "顶层为场景键（version、name、nodes 等）的映射"},
                                root));
        return;
    }
    auto m = mapping(top, kTopKeys);

    if (const Entry* e = required(*m, "version")) {
        auto version = integer(e->value);
        if (version && *version != 1)
            error(e->value, Text{"unsupported version ", "不支持的版本 "} + std::to_string(*version) +
                                Text{"; this program reads version 1", "；本程序读取版本 1"});
    }
    if (const Entry* e = required(*m, "name")) {
        static const std::regex kName("[a-z0-9-]+");
        auto name = text(e->value, Text{"a name of lowercase letters, digits and '-'", "由小写字母、数字和 '-' 组成的名称"});
        if (name && !std::regex_match(*name, kName))
            error(e->value, Text{"expected a name of lowercase letters, digits and '-' ([a-z0-9-]+), got ",
                                "应为由小写字母、数字和 '-' 组成的名称（[a-z0-9-]+），实际为 "} + in_quotes(*name));
        else if (name)
            scenario_.name = *name;
    }
    // A user's own scenario needs no more than version, name and nodes: family `custom`, the
    // name for a title, no summary.
    scenario_.family = "custom";
    if (const Entry* e = m->find("family")) {
        auto family = text(e->value, Text{"a family", "类别"});
        if (family && !contains(kFamilies, *family))
            error(e->value, Text{"unknown family ", "未知的类别 "} + in_quotes(*family) +
                                Text{"; expected one of: ", "；应为以下之一："} + joined(kFamilies));
        else if (family)
            scenario_.family = *family;
    }
    if (const Entry* e = m->find("title"))
        scenario_.title = bilingual(e->value).value_or(Text{});
    else
        scenario_.title = Text{scenario_.name, ""};
    if (const Entry* e = m->find("summary"))
        scenario_.summary = bilingual(e->value).value_or(Text{});
    if (const Entry* e = m->find("duration")) {
        auto d = duration(e->value);
        if (d && *d <= Duration::zero())
            error(e->value, expected_got(Text{"a duration longer than 0", "大于 0 的时长"}, e->value.node));
        else if (d)
            scenario_.duration = *d;
    }
    if (const Entry* e = m->find("seed")) {
        auto seed = typed_scalar(e->value, Text{"a non-negative integer", "非负整数"});
        if (seed && seed->is_number_integer() && (seed->is_number_unsigned() || seed->get<std::int64_t>() >= 0))
            scenario_.seed = seed->get<std::uint64_t>();
        else if (seed)
            error(e->value, expected_got(Text{"a non-negative integer", "非负整数"}, e->value.node));
    }
    if (const Entry* e = m->find("time_scale")) {
        auto scale = number(e->value);
        if (scale && !(*scale > 0.0 && *scale <= kMaxTimeScale))
            error(e->value, expected_got(Text{"a number greater than 0 and at most 1000", "大于 0 且不超过 1000 的数"}, e->value.node));
        else if (scale)
            scenario_.time_scale = *scale;
    }
    if (const Entry* e = m->find("network")) {
        read_network(e->value);
    } else {
        scenario_.network.preset = "lan";
        scenario_.network.defaults = *network_preset("lan");
    }
    if (const Entry* e = required(*m, "nodes")) {
        collect_node_ids(e->value);
        read_nodes(e->value);
    }
    if (const Entry* e = m->find("links"))
        read_links(e->value);
    else
        scenario_.full_mesh = true;
    if (const Entry* e = m->find("faults"))
        read_faults(e->value);
    if (const Entry* e = m->find("steps"))
        read_steps(e->value);
    if (const Entry* e = m->find("checks"))
        read_checks(e->value);
    validate_checks();
}

void Loader::read_network(const Value& v) {
    auto m = mapping(v, kNetworkKeys);
    if (!m)
        return;
    std::string preset = "lan";
    if (const Entry* e = m->find("preset")) {
        auto name = text(e->value, Text{"a preset name", "预设名称"});
        if (name && !network_preset(*name))
            error(e->value, Text{"unknown preset ", "未知的预设 "} + in_quotes(*name) +
                                Text{"; expected one of: ", "；应为以下之一："} + joined(network_preset_names()));
        else if (name)
            preset = *name;
    }
    scenario_.network.preset = preset;
    scenario_.network.defaults = overrides(*m).apply_to(*network_preset(preset));
}

// Pass one over the nodes: the ids that references elsewhere may name.
void Loader::collect_node_ids(const Value& nodes) {
    if (!nodes.node.IsSequence())
        return;
    for (const auto& item : nodes.node) {
        if (!item.IsMap())
            continue;
        const YAML::Node id = item["id"];
        if (id.IsDefined() && id.IsScalar() && core::is_valid_node_id(id.Scalar()) &&
            !contains(kReservedIds, id.Scalar()) &&
            std::find(declared_.begin(), declared_.end(), id.Scalar()) == declared_.end())
            declared_.push_back(id.Scalar());
    }
}

void Loader::read_nodes(const Value& v) {
    if (!v.node.IsSequence() || v.node.size() == 0) {
        error(v, expected_got(Text{"a list of at least one node", "至少包含一个节点的列表"}, v.node));
        return;
    }
    std::map<std::string, int, std::less<>> first_line;
    std::size_t index = 0;
    for (const auto& item : v.node) {
        const Value nv = item_of(v, item, index++);
        auto m = mapping(nv, kNodeKeys);
        if (!m)
            continue;
        NodeSpec node;
        node.pos = nv.pos;
        if (const Entry* e = required(*m, "id")) {
            auto id = text(e->value, Text{"a node id", "节点 id"});
            if (id && !core::is_valid_node_id(*id)) {
                error(e->value, Text{"expected an id of a lowercase letter then letters, digits, '_' or '-' ([a-z][a-z0-9_-]*), got ",
                                     "应为以小写字母开头、后接字母、数字、'_' 或 '-' 的 id（[a-z][a-z0-9_-]*），实际为 "} +
                                    in_quotes(*id));
            } else if (id && contains(kReservedIds, *id)) {
                error(e->value, in_quotes(*id) + Text{" is reserved (", " 是保留字（"} + joined(kReservedIds) +
                                    Text{" select nodes); choose another id", " 用于选择节点）；请换一个 id"});
            } else if (id) {
                auto [it, inserted] = first_line.try_emplace(*id, e->value.pos.line);
                if (!inserted)
                    error(e->value, Text{"duplicate id ", "重复的 id "} + in_quotes(*id) +
                                        Text{" (first declared at line ", "（首次声明在第 "} + std::to_string(it->second) +
                                        Text{")", " 行）"});
                node.id = *id;
            }
        }
        const core::RoleDescriptor* role = nullptr;
        if (const Entry* e = required(*m, "role")) {
            auto name = text(e->value, Text{"a role name", "角色名称"});
            if (name) {
                role = roles_.find(*name);
                if (!role)
                    error(e->value, Text{"unknown role ", "未知的角色 "} + in_quotes(*name) + Text{"; known roles: ", "；已知角色："} +
                                    joined(roles_.names()));
                node.role = *name;
            }
        }
        if (const Entry* e = m->find("params")) {
            if (!e->value.node.IsMap())
                error(e->value, expected_got(Text{"a mapping of parameter names to values", "参数名到取值的映射"}, e->value.node));
            else if (auto params = json(e->value))
                node.params = std::move(*params);
        }
        if (role)
            read_params(node, *role, *m);
        if (const Entry* e = m->find("at")) {
            const YAML::Node& at = e->value.node;
            if (!at.IsSequence() || at.size() != 2) {
                error(e->value, expected_got(Text{"a canvas position [x, y]", "画布位置 [x, y]"}, at));
            } else {
                auto x = number(item_of(e->value, at[0], 0));
                auto y = number(item_of(e->value, at[1], 1));
                if (x && y)
                    node.at = std::array<double, 2>{*x, *y};
            }
        }
        if (const Entry* e = m->find("labels"))
            read_labels(node, e->value);
        scenario_.nodes.push_back(std::move(node));
    }
}

// `labels: {zone: z1, rack: r2}`: names like node ids, values non-empty text (an integer is
// taken as its digits: `rack: 3`).
void Loader::read_labels(NodeSpec& node, const Value& v) {
    if (!v.node.IsMap()) {
        error(v, expected_got(Text{"a mapping of label names to values, such as {zone: z1, rack: r2}",
                                   "标签名到取值的映射，例如 {zone: z1, rack: r2}"},
                              v.node));
        return;
    }
    // Each problem points at its own key or value.
    for (const auto& item : v.node) {
        const std::string name = item.first.IsScalar() ? item.first.Scalar() : std::string();
        const std::string path = child_path(v.path, name);
        if (!core::is_valid_node_id(name)) {
            error(pos_of(item.first), path,
                  Text{"a label name is a lowercase letter then letters, digits, '_' or '-', got ",
                       "标签名应以小写字母开头、后接字母、数字、'_' 或 '-'，实际为 "} +
                      in_quotes(name));
            continue;
        }
        const Value value{item.second, path, item.second.IsNull() ? pos_of(item.first) : pos_of(item.second)};
        if (!item.second.IsScalar() || item.second.Scalar().empty()) {
            const auto got = json(value);
            const std::string shown = got ? got->dump() : "null";
            error(value, Text{"a label value is non-empty text or an integer, got ", "标签值应为非空文本或整数，实际为 "} +
                             Text{shown, shown});
            continue;
        }
        if (node.labels.contains(name)) {
            error(pos_of(item.first), path, Text{"the label is given twice", "标签重复给出"});
            continue;
        }
        node.labels[name] = item.second.Scalar();
    }
}

// Validates the node's parameters against its role's schema. A problem points at the value when
// the parameter is declared, at the key when it is not, and at `params` (or the node) when missing.
void Loader::read_params(NodeSpec& node, const core::RoleDescriptor& role, const Mapping& m) {
    const Entry* params = m.find("params");
    if (params && !params->value.node.IsMap())
        return;
    auto resolved = core::resolve_params(role.params, node.params, &declared_);
    if (resolved) {
        node.resolved = std::move(*resolved);
        return;
    }
    const std::string base = child_path(m.self.path, "params");
    for (const auto& problem : resolved.error()) {
        SourcePos pos = params ? params->value.pos : m.self.pos;
        if (params) {
            const bool declared = std::any_of(role.params.begin(), role.params.end(),
                                              [&](const core::ParamSpec& s) { return s.name == problem.key; });
            for (auto it = params->value.node.begin(); it != params->value.node.end(); ++it) {
                if (it->first.IsScalar() && it->first.Scalar() == problem.key) {
                    pos = declared && !it->second.IsNull() ? pos_of(it->second) : pos_of(it->first);
                    break;
                }
            }
        }
        const bool whole = problem.key.empty() || problem.key == "params";
        error(pos, whole ? base : child_path(base, problem.key), Text{problem.message, problem.zh});
    }
}

void Loader::read_links(const Value& v) {
    if (v.node.IsScalar() && v.node.Scalar() == "full") {
        scenario_.full_mesh = true;
        return;
    }
    if (!v.node.IsSequence()) {
        error(v, expected_got(Text{"full or a list of links", "full 或链路列表"}, v.node));
        return;
    }
    std::map<std::pair<NodeId, NodeId>, int> defined;   // directed pair -> line
    std::size_t index = 0;
    for (const auto& item : v.node) {
        const Value lv = item_of(v, item, index++);
        auto link = read_link(lv);
        if (!link)
            continue;
        std::vector<std::pair<NodeId, NodeId>> directions{{link->from, link->to}};
        if (link->both_ways)
            directions.emplace_back(link->to, link->from);
        for (const auto& direction : directions) {
            auto [it, inserted] = defined.try_emplace(direction, lv.pos.line);
            if (!inserted) {
                error(lv, Text{"link ", "链路 "} + direction.first + " -> " + direction.second +
                              Text{" is already defined at line ", " 已在第 "} + std::to_string(it->second) + Text{"", " 行定义"});
                break;
            }
        }
        scenario_.links.push_back(std::move(*link));
    }
}

// [a, b], {between: [a, b], overrides...} or {from: a, to: b, overrides...}.
std::optional<LinkSpec> Loader::read_link(const Value& v) {
    LinkSpec link;
    link.pos = v.pos;
    const Text expected{"[a, b], {between: [a, b], ...} or {from: a, to: b, ...}", "[a, b]、{between: [a, b], ...} 或 {from: a, to: b, ...}"};
    auto pair = [&](const Value& ends) -> bool {
        if (!ends.node.IsSequence() || ends.node.size() != 2) {
            error(ends, expected_got(Text{"two node ids [a, b]", "两个节点 id [a, b]"}, ends.node));
            return false;
        }
        auto a = node_ref(item_of(ends, ends.node[0], 0));
        auto b = node_ref(item_of(ends, ends.node[1], 1));
        if (!a || !b)
            return false;
        link.from = *a;
        link.to = *b;
        return true;
    };
    if (v.node.IsSequence()) {
        if (!pair(v))
            return std::nullopt;
    } else if (v.node.IsMap()) {
        auto m = mapping(v, kLinkKeys);
        const Entry* between = m->find("between");
        const Entry* from = m->find("from");
        const Entry* to = m->find("to");
        if (between && (from || to)) {
            error(between->value, Text{"give either between or from/to, not both", "between 与 from/to 只能二选一"});
            return std::nullopt;
        }
        if (between) {
            if (!pair(between->value))
                return std::nullopt;
        } else if (from && to) {
            auto a = node_ref(from->value);
            auto b = node_ref(to->value);
            if (!a || !b)
                return std::nullopt;
            link.from = *a;
            link.to = *b;
            link.both_ways = false;
        } else {
            error(v, Text{"missing the link's ends: between: [a, b] or from: a, to: b", "缺少链路的两端：between: [a, b] 或 from: a, to: b"});
            return std::nullopt;
        }
        link.overrides = overrides(*m);
    } else {
        error(v, expected_got(expected, v.node));
        return std::nullopt;
    }
    if (link.from == link.to) {
        error(v, Text{"a link joins two different nodes, got " + in_quotes(link.from) + " twice",
                      "链路应连接两个不同的节点，实际两端都是 " + in_quotes(link.from)});
        return std::nullopt;
    }
    return link;
}

void Loader::check_within_run(const Value& v, Duration at) {
    if (at > scenario_.duration)
        error(v, core::format_duration(at) + Text{" is after the end of the run (duration ", " 晚于运行结束（时长 "} +
                     core::format_duration(scenario_.duration) + Text{")", "）"});
}

void Loader::read_faults(const Value& v) {
    if (!v.node.IsSequence()) {
        error(v, expected_got(Text{"a list of faults", "故障列表"}, v.node));
        return;
    }
    std::size_t index = 0;
    for (const auto& item : v.node)
        if (auto fault = read_fault(item_of(v, item, index++)))
            scenario_.faults.push_back(std::move(*fault));
    std::stable_sort(scenario_.faults.begin(), scenario_.faults.end(),
                     [](const FaultSpec& a, const FaultSpec& b) { return a.at < b.at; });
}

std::optional<FaultSpec> Loader::read_fault(const Value& v) {
    auto m = mapping(v, kFaultKeys);
    if (!m)
        return std::nullopt;
    FaultSpec fault;
    fault.pos = v.pos;
    bool ok = true;
    if (const Entry* e = required(*m, "at")) {
        auto at = duration(e->value);
        ok = ok && at.has_value();
        if (at) {
            check_within_run(e->value, *at);
            fault.at = *at;
        }
    } else {
        ok = false;
    }
    const Entry* until = m->find("until");
    if (until) {
        auto end = duration(until->value);
        if (end && *end <= fault.at && m->find("at"))
            error(until->value, Text{"until (", "until（"} + core::format_duration(*end) + Text{") must be after at (", "）必须晚于 at（"} +
                                    core::format_duration(fault.at) + Text{")", "）"});
        ok = ok && end.has_value() && *end > fault.at;
        fault.until = end;
    }

    const Entry* kind_entry = nullptr;
    for (const Entry& e : m->entries) {
        if (!contains(kFaultKinds, e.key))
            continue;
        if (kind_entry) {
            error(e.key_pos, v.path, Text{"more than one fault kind (", "故障种类不止一个（"} + kind_entry->key +
                                         Text{" and ", " 和 "} + e.key +
                                         Text{"); write one fault per entry", "）；每个条目只写一个故障"});
            return std::nullopt;
        }
        kind_entry = &e;
    }
    if (!kind_entry) {
        error(v, Text{"expected one fault kind: ", "应为一种故障："} + joined(kFaultKinds));
        return std::nullopt;
    }
    const auto kind_index = std::find(std::begin(kFaultKinds), std::end(kFaultKinds), kind_entry->key) -
                            std::begin(kFaultKinds);
    fault.kind = static_cast<FaultKind>(kind_index);
    if (until && (fault.kind == FaultKind::Restart || fault.kind == FaultKind::Resume ||
                  fault.kind == FaultKind::Heal || fault.kind == FaultKind::Command)) {
        error(until->key_pos, until->value.path,
              Text{"a " + kind_entry->key + " is instantaneous and undoes nothing at a later time; remove until",
                   kind_entry->key + " 是瞬时的，之后不会撤销什么；请删去 until"});
        ok = false;
    }
    if (const Entry* e = m->find("may_miss")) {
        const auto flag = boolean(e->value);
        ok = ok && flag.has_value();
        fault.may_miss = flag.value_or(false);
        if (fault.kind != FaultKind::Kill && fault.kind != FaultKind::Pause && fault.kind != FaultKind::ClockSkew) {
            error(e->key_pos, e->value.path,
                  Text{"may_miss applies to kill, pause and clock_skew, which fail the run when they find no node; a " +
                           kind_entry->key + " never does; remove may_miss",
                       "may_miss 只用于 kill、pause 和 clock_skew：它们找不到节点时会让运行失败；" + kind_entry->key +
                           " 从不会如此；请删去 may_miss"});
            ok = false;
        }
    }
    ok = read_fault_body(fault, kind_entry->value) && ok;
    return ok ? std::optional(fault) : std::nullopt;
}

bool Loader::read_fault_body(FaultSpec& fault, const Value& v) {
    switch (fault.kind) {
        case FaultKind::Kill:
        case FaultKind::Restart:
        case FaultKind::Pause:
        case FaultKind::Resume: {
            auto nodes = selector(v);
            if (nodes)
                fault.nodes = std::move(*nodes);
            return nodes.has_value();
        }
        case FaultKind::Heal:
            if (!v.node.IsScalar() || v.node.Scalar() != "all") {
                error(v, expected_got(Text{"all", "all"}, v.node));
                return false;
            }
            fault.nodes.kind = NodeSelector::Kind::All;
            return true;
        case FaultKind::Partition: {
            auto partition = read_partition(v);
            if (partition)
                fault.partition = std::move(*partition);
            return partition.has_value();
        }
        case FaultKind::Command: {
            auto m = mapping(v, kCommandKeys);
            if (!m)
                return false;
            bool ok = required_selector(*m, "node", fault.nodes);
            if (const Entry* e = required(*m, "type")) {
                const bool word = e->value.node.IsScalar() && !e->value.node.Scalar().empty() &&
                                  e->value.node.Scalar().find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") ==
                                      std::string::npos;
                if (!word)
                    error(e->value, expected_got(Text{"a message type of lowercase letters, digits and '_'",
                                                      "由小写字母、数字和 '_' 组成的消息类型"},
                                                 e->value.node));
                ok = ok && word;
                if (word)
                    fault.command = e->value.node.Scalar();
            } else {
                ok = false;
            }
            if (const Entry* e = m->find("body")) {
                auto body = e->value.node.IsMap() ? json(e->value) : std::nullopt;
                if (!e->value.node.IsMap())
                    error(e->value, expected_got(Text{"a mapping (the command's body)", "映射（命令的内容）"}, e->value.node));
                ok = ok && body.has_value();
                if (body)
                    fault.body = std::move(*body);
            }
            return ok;
        }
        case FaultKind::ClockSkew: {
            auto m = mapping(v, kClockSkewKeys);
            if (!m)
                return false;
            bool ok = required_selector(*m, "node", fault.nodes);
            if (const Entry* e = required(*m, "offset")) {
                auto offset = duration(e->value, /*allow_negative=*/true);
                ok = ok && offset.has_value();
                fault.offset = offset.value_or(Duration::zero());
            } else {
                ok = false;
            }
            if (const Entry* e = m->find("drift")) {
                auto drift = number(e->value);
                if (drift && !(*drift > -1.0 && *drift < 1.0))
                    error(e->value, expected_got(Text{"a rate error between -1 and 1 (0.001 = 1 ms per second)",
                                                      "-1 到 1 之间的速率误差（0.001 = 每秒 1 ms）"},
                                                 e->value.node));
                ok = ok && drift && *drift > -1.0 && *drift < 1.0;
                fault.drift = drift.value_or(0.0);
            }
            return ok;
        }
        case FaultKind::Latency:
        case FaultKind::Loss:
        case FaultKind::Duplicate:
        case FaultKind::Reorder: {
            const Keys keys = fault.kind == FaultKind::Latency   ? Keys(kLatencyKeys)
                              : fault.kind == FaultKind::Reorder ? Keys(kReorderKeys)
                                                                 : Keys(kRateKeys);
            auto m = mapping(v, keys);
            if (!m)
                return false;
            auto target = read_link_target(*m);
            bool ok = target.has_value();
            if (target)
                fault.link = std::move(*target);
            if (fault.kind == FaultKind::Latency) {
                const Entry* add = required(*m, "add");
                auto added = add ? duration(add->value) : std::nullopt;
                ok = ok && added.has_value();
                fault.add = added.value_or(Duration::zero());
                if (const Entry* e = m->find("jitter")) {
                    auto jitter = duration(e->value);
                    ok = ok && jitter.has_value();
                    fault.jitter = jitter.value_or(Duration::zero());
                }
            } else if (fault.kind == FaultKind::Reorder) {
                const Entry* window = required(*m, "window");
                auto w = window ? duration(window->value) : std::nullopt;
                ok = ok && w.has_value();
                fault.window = w.value_or(Duration::zero());
            } else {
                const Entry* rate = required(*m, "rate");
                auto r = rate ? probability(rate->value) : std::nullopt;
                ok = ok && r.has_value();
                fault.rate = r.value_or(0.0);
            }
            return ok;
        }
    }
    return false;
}

// [[n1], [n2, n3]] groups, {from, to} one way, or a grudge name.
std::optional<PartitionSpec> Loader::read_partition(const Value& v) {
    PartitionSpec out;
    if (v.node.IsScalar()) {
        if (!contains(kGrudges, v.node.Scalar())) {
            error(v, Text{"expected a list of groups, {from, to}, or one of: ", "应为分组列表、{from, to} 或以下之一："} +
                         joined(kGrudges) + Text{"; got ", "；实际为 "} + describe(v.node));
            return std::nullopt;
        }
        out.kind = PartitionSpec::Kind::Grudge;
        out.grudge = v.node.Scalar();
        return out;
    }
    if (v.node.IsMap()) {
        auto m = mapping(v, kOneWayKeys);
        const Entry* from = required(*m, "from");
        const Entry* to = required(*m, "to");
        auto a = from ? selector(from->value) : std::nullopt;
        auto b = to ? selector(to->value) : std::nullopt;
        if (!a || !b)
            return std::nullopt;
        out.kind = PartitionSpec::Kind::OneWay;
        out.from = std::move(*a);
        out.to = std::move(*b);
        return out;
    }
    if (!v.node.IsSequence() || v.node.size() == 0) {
        error(v, Text{"expected a list of groups, {from, to}, or one of: ", "应为分组列表、{from, to} 或以下之一："} +
                     joined(kGrudges) + Text{"; got ", "；实际为 "} + describe(v.node));
        return std::nullopt;
    }
    out.kind = PartitionSpec::Kind::Groups;
    std::map<NodeId, std::size_t> group_of;
    bool ok = true;
    std::size_t g = 0;
    for (const auto& group_node : v.node) {
        const Value gv = item_of(v, group_node, g);
        std::vector<NodeId> group;
        std::vector<Value> members;
        if (group_node.IsSequence()) {
            std::size_t i = 0;
            for (const auto& member : group_node)
                members.push_back(item_of(gv, member, i++));
        } else {
            members.push_back(gv);
        }
        for (const Value& member : members) {
            auto id = node_ref(member);
            if (id && !group_of.try_emplace(*id, g).second) {
                error(member, Text{"node ", "节点 "} + in_quotes(*id) + Text{" is already in group ", " 已在分组 "} +
                                   std::to_string(group_of[*id]) + Text{"", " 中"});
                id.reset();
            }
            ok = ok && id.has_value();
            if (id)
                group.push_back(*id);
        }
        out.groups.push_back(std::move(group));
        ++g;
    }
    return ok ? std::optional(out) : std::nullopt;
}

// between: [a, b] (both directions), or from / to, each defaulting to every node ("*").
std::optional<LinkTarget> Loader::read_link_target(const Mapping& m) {
    LinkTarget target;
    target.from.kind = NodeSelector::Kind::All;
    target.to.kind = NodeSelector::Kind::All;
    const Entry* between = m.find("between");
    const Entry* from = m.find("from");
    const Entry* to = m.find("to");
    if (between && (from || to)) {
        error(between->value, Text{"give either between or from/to, not both", "between 与 from/to 只能二选一"});
        return std::nullopt;
    }
    if (between) {
        const Value& ends = between->value;
        if (!ends.node.IsSequence() || ends.node.size() != 2) {
            error(ends, expected_got(Text{"two ends [a, b]", "两端 [a, b]"}, ends.node));
            return std::nullopt;
        }
        auto a = selector(item_of(ends, ends.node[0], 0));
        auto b = selector(item_of(ends, ends.node[1], 1));
        if (!a || !b)
            return std::nullopt;
        target.from = std::move(*a);
        target.to = std::move(*b);
        target.both_ways = true;
        return target;
    }
    bool ok = true;
    if (from) {
        auto a = selector(from->value);
        ok = a.has_value();
        if (a)
            target.from = std::move(*a);
    }
    if (to) {
        auto b = selector(to->value);
        ok = ok && b.has_value();
        if (b)
            target.to = std::move(*b);
    }
    return ok ? std::optional(target) : std::nullopt;
}

bool Loader::check_phase(const Value& v, const StepCondition& condition) {
    std::vector<std::string> known;
    for (const NodeSpec& node : scenario_.nodes) {
        if (condition.node && node.id != *condition.node)
            continue;
        const core::RoleDescriptor* role = roles_.find(node.role);
        if (!role)
            continue;
        if (role->find_phase(condition.phase))
            return true;
        for (const core::PhaseSpec& p : role->phases)
            if (std::find(known.begin(), known.end(), p.name) == known.end())
                known.push_back(p.name);
    }
    const Text where = condition.node ? Text{"node ", "节点 "} + in_quotes(*condition.node) : Text{"no node", "任何节点"};
    error(v, Text{"unknown phase ", "未知的阶段 "} + in_quotes(condition.phase) + Text{" for ", "，对于"} + where +
                 (known.empty() ? Text{"; its role declares no phases", "；其角色未声明任何阶段"}
                                : Text{"; known phases: ", "；已知阶段："} + joined(known)));
    return false;
}

void Loader::read_steps(const Value& v) {
    if (!v.node.IsSequence()) {
        error(v, expected_got(Text{"a list of steps", "步骤列表"}, v.node));
        return;
    }
    std::size_t index = 0;
    for (const auto& item : v.node) {
        const Value sv = item_of(v, item, index++);
        auto m = mapping(sv, kStepKeys);
        if (!m)
            continue;
        StepSpec step;
        step.pos = sv.pos;
        bool ok = true;
        const Entry* at = m->find("at");
        const Entry* when = m->find("when");
        if (at && when) {
            error(when->key_pos, sv.path, Text{"give either at (a time) or when (a condition), not both", "at（时刻）与 when（条件）只能二选一"});
            ok = false;
        } else if (!at && !when) {
            error(sv, Text{"expected at (a time) or when (a condition)", "应为 at（时刻）或 when（条件）"});
            ok = false;
        }
        if (at) {
            step.at = duration(at->value);
            ok = ok && step.at.has_value();
            if (step.at)
                check_within_run(at->value, *step.at);
        }
        if (when) {
            if (auto wm = mapping(when->value, kWhenKeys)) {
                StepCondition condition;
                if (const Entry* node = wm->find("node")) {
                    if (!(node->value.node.IsScalar() && node->value.node.Scalar() == "any")) {
                        condition.node = node_ref(node->value);
                        ok = ok && condition.node.has_value();
                    }
                }
                const Entry* state = wm->find("state");
                const Entry* phase = wm->find("phase");
                if (!state && !phase) {
                    error(when->value, Text{"expected state (snapshot keys and values) or phase (a phase name) in when",
                                             "when 中应为 state（快照键与值）或 phase（阶段名称）"});
                    ok = false;
                }
                if (state) {
                    auto value = state->value.node.IsMap() ? json(state->value) : std::nullopt;
                    if (!state->value.node.IsMap() || state->value.node.size() == 0)
                        error(state->value, expected_got(Text{"a mapping of snapshot keys to values", "快照键到取值的映射"},
                                                             state->value.node));
                    ok = ok && value && !value->empty();
                    if (value)
                        condition.state = std::move(*value);
                }
                if (phase) {
                    auto name = text(phase->value, Text{"a phase name", "阶段名称"});
                    ok = ok && name.has_value();
                    if (name) {
                        condition.phase = *name;
                        ok = check_phase(phase->value, condition) && ok;
                    }
                }
                step.when = std::move(condition);
            } else {
                ok = false;
            }
        }
        if (const Entry* say = required(*m, "say")) {
            auto text = bilingual(say->value);
            ok = ok && text.has_value();
            if (text)
                step.say = std::move(*text);
        }
        if (const Entry* pause = m->find("pause")) {
            auto flag = boolean(pause->value);
            step.pause = flag.value_or(false);
        }
        if (ok)
            scenario_.steps.push_back(std::move(step));
    }
}

void Loader::read_checks(const Value& v) {
    if (!v.node.IsSequence()) {
        error(v, expected_got(Text{"a list of checks (- name: arguments)", "检查列表（- 名称: 参数）"}, v.node));
        return;
    }
    std::size_t index = 0;
    for (const auto& item : v.node) {
        const Value cv = item_of(v, item, index++);
        if (!item.IsMap() || item.size() != 1 || !item.begin()->first.IsScalar()) {
            error(cv, expected_got(Text{"one check as a single-key mapping (- name: arguments)", "以单键映射写出的一项检查（- 名称: 参数）"}, item));
            continue;
        }
        const YAML::Node key = item.begin()->first;
        const YAML::Node value = item.begin()->second;
        const std::string path = child_path(cv.path, key.Scalar());
        auto args = json({value, path, value.IsNull() ? pos_of(key) : pos_of(value)});
        if (!args)
            continue;
        scenario_.checks.push_back({key.Scalar(), std::move(*args), pos_of(key)});
        check_paths_.push_back(path);
    }
}

void Loader::validate_checks() {
    if (!checks_)
        return;
    for (std::size_t i = 0; i < scenario_.checks.size(); ++i)
        for (const auto& problem : checks_(scenario_.checks[i], scenario_))
            error(scenario_.checks[i].pos, check_paths_[i], problem);
}

}  // namespace

std::expected<Scenario, std::vector<Diagnostic>> load_scenario_text(std::string_view yaml, std::string file_name,
                                                                    const core::RoleRegistry& roles,
                                                                    const CheckValidator& checks) {
    return Loader(std::move(file_name), roles, checks).load(yaml);
}

std::expected<Scenario, std::vector<Diagnostic>> load_scenario_file(const std::string& path,
                                                                    const core::RoleRegistry& roles,
                                                                    const CheckValidator& checks) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    if (in)
        text << in.rdbuf();
    if (!in || in.bad())
        return std::unexpected(std::vector<Diagnostic>{{path, 0, 0, "cannot read the file", "无法读取该文件"}});
    return load_scenario_text(text.str(), path, roles, checks);
}

}  // namespace distlab::netlab
