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
                                          "scheduling",    "testing",      "cases"};
constexpr std::string_view kBilingualKeys[] = {"en", "zh"};
constexpr std::string_view kNetworkKeys[] = {"preset", "latency", "jitter",   "loss",
                                             "duplicate", "reorder", "bandwidth"};
constexpr std::string_view kNodeKeys[] = {"id", "role", "params", "at"};
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

constexpr const char* kDurationExpected = "expected a duration with a unit (ms, s, m)";
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
std::string describe(const YAML::Node& node) {
    if (!node.IsDefined() || node.IsNull())
        return "nothing";
    if (node.IsSequence())
        return "a list";
    if (node.IsMap())
        return "a mapping";
    if (is_plain(node) && !yaml_text::plain_scalar(node.Scalar()).is_string())
        return node.Scalar();
    return in_quotes(node.Scalar());
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
    void error(SourcePos pos, const std::string& path, const std::string& what);
    void error(const Value& v, const std::string& what) { error(v.pos, v.path, what); }

    std::optional<Mapping> mapping(const Value& v, Keys allowed);
    const Entry* required(const Mapping& m, std::string_view key);

    std::optional<std::string> text(const Value& v, std::string_view expected);
    std::optional<Json> typed_scalar(const Value& v, std::string_view expected);
    std::optional<std::int64_t> integer(const Value& v);
    std::optional<double> number(const Value& v);
    std::optional<double> probability(const Value& v);
    std::optional<bool> boolean(const Value& v);
    std::optional<Duration> duration(const Value& v, bool allow_negative = false);
    std::optional<std::uint64_t> bandwidth(const Value& v);
    std::optional<Bilingual> bilingual(const Value& v);
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

void Loader::error(SourcePos pos, const std::string& path, const std::string& what) {
    diagnostics_.push_back({file_, pos.line, pos.column, path.empty() ? what : path + ": " + what});
}

std::optional<Mapping> Loader::mapping(const Value& v, Keys allowed) {
    if (!v.node.IsMap()) {
        error(v, "expected a mapping with keys " + joined(allowed) + ", got " + describe(v.node));
        return std::nullopt;
    }
    Mapping m{v, {}};
    for (auto it = v.node.begin(); it != v.node.end(); ++it) {
        const YAML::Node key = it->first;
        const SourcePos key_pos = pos_of(key);
        const std::string where = v.path.empty() ? " at top level" : "";
        if (!key.IsScalar()) {
            error(key_pos, v.path, "expected a plain key" + where + ", got " + describe(key));
            continue;
        }
        const std::string name = key.Scalar();
        if (!contains(allowed, name)) {
            error(key_pos, v.path,
                  "unknown key " + in_quotes(name) + where + "; expected one of: " + joined(allowed));
            continue;
        }
        if (const Entry* first = m.find(name)) {
            error(key_pos, v.path,
                  "duplicate key " + in_quotes(name) + where + " (first at line " +
                      std::to_string(first->key_pos.line) + ")");
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
        error(m.self, "missing required key " + in_quotes(key) + (m.self.path.empty() ? " at top level" : ""));
    return entry;
}

std::optional<std::string> Loader::text(const Value& v, std::string_view expected) {
    if (!v.node.IsScalar()) {
        error(v, "expected " + std::string(expected) + ", got " + describe(v.node));
        return std::nullopt;
    }
    return v.node.Scalar();
}

// The typed value of a scalar: plain scalars by the YAML core schema, quoted ones as strings.
std::optional<Json> Loader::typed_scalar(const Value& v, std::string_view expected) {
    if (!v.node.IsScalar()) {
        error(v, "expected " + std::string(expected) + ", got " + describe(v.node));
        return std::nullopt;
    }
    return is_plain(v.node) ? yaml_text::plain_scalar(v.node.Scalar()) : Json(v.node.Scalar());
}

std::optional<std::int64_t> Loader::integer(const Value& v) {
    auto value = typed_scalar(v, "an integer");
    if (!value)
        return std::nullopt;
    const bool too_large = value->is_number_unsigned() &&
                           value->get<std::uint64_t>() > std::uint64_t(std::numeric_limits<std::int64_t>::max());
    if (!value->is_number_integer() || too_large) {
        error(v, "expected an integer, got " + describe(v.node));
        return std::nullopt;
    }
    return value->get<std::int64_t>();
}

std::optional<double> Loader::number(const Value& v) {
    auto value = typed_scalar(v, "a number");
    if (!value)
        return std::nullopt;
    if (!value->is_number()) {
        error(v, "expected a number, got " + describe(v.node));
        return std::nullopt;
    }
    return value->get<double>();
}

std::optional<double> Loader::probability(const Value& v) {
    auto value = typed_scalar(v, "a probability between 0 and 1");
    if (!value)
        return std::nullopt;
    if (!value->is_number() || !(value->get<double>() >= 0.0 && value->get<double>() <= 1.0)) {
        error(v, "expected a probability between 0 and 1, got " + describe(v.node));
        return std::nullopt;
    }
    return value->get<double>();
}

std::optional<bool> Loader::boolean(const Value& v) {
    auto value = typed_scalar(v, "true or false");
    if (!value)
        return std::nullopt;
    if (!value->is_boolean()) {
        error(v, "expected true or false, got " + describe(v.node));
        return std::nullopt;
    }
    return value->get<bool>();
}

// "150ms", "2s", "1m", "250us", or a plain integer of milliseconds. A quoted bare number is
// refused: the quotes say "text", and text needs a unit.
std::optional<Duration> Loader::duration(const Value& v, bool allow_negative) {
    if (!v.node.IsScalar()) {
        error(v, std::string(kDurationExpected) + ", got " + describe(v.node));
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
        error(v, std::string(kDurationExpected) + ", got " + describe(v.node));
        return std::nullopt;
    }
    auto parsed = core::parse_duration(body);
    if (!parsed) {
        error(v, std::string(kDurationExpected) + ", got " + describe(v.node));
        return std::nullopt;
    }
    return negative ? -*parsed : *parsed;
}

// Bytes per second: a plain integer, or a number with a unit: B/s, kB/s, MB/s, GB/s (powers of
// 1000), KiB/s, MiB/s, GiB/s (powers of 1024), bit/s, kbit/s, Mbit/s, Gbit/s. 0 = unlimited.
std::optional<std::uint64_t> Loader::bandwidth(const Value& v) {
    static const std::regex kRate(R"(([0-9]+(?:\.[0-9]+)?)\s*([kKMG]?)(i?)(B|bit)/s)");
    const std::string expected = "expected a bandwidth in bytes per second (an integer) or a rate such as "
                                 "\"10MB/s\" or \"1Mbit/s\"";
    auto value = typed_scalar(v, expected);
    if (!value)
        return std::nullopt;
    if (value->is_number_integer() && (value->is_number_unsigned() || value->get<std::int64_t>() >= 0))
        return value->get<std::uint64_t>();
    std::smatch match;
    const std::string written = value->is_string() ? value->get<std::string>() : std::string();
    if (!std::regex_match(written, match, kRate)) {
        error(v, expected + ", got " + describe(v.node));
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
        error(v, "bandwidth " + describe(v.node) + " is out of range (1 B/s to 1e18 B/s; 0 means unlimited)");
        return std::nullopt;
    }
    return static_cast<std::uint64_t>(std::llround(bytes));
}

std::optional<Bilingual> Loader::bilingual(const Value& v) {
    auto m = mapping(v, kBilingualKeys);
    if (!m)
        return std::nullopt;
    Bilingual out;
    bool ok = true;
    for (auto [key, field] : {std::pair{"en", &out.en}, std::pair{"zh", &out.zh}}) {
        const Entry* entry = required(*m, key);
        if (!entry) {
            ok = false;
            continue;
        }
        auto t = text(entry->value, "a non-empty string");
        if (t && t->empty())
            error(entry->value, "expected a non-empty string");
        if (!t || t->empty()) {
            ok = false;
            continue;
        }
        *field = *t;
    }
    return ok ? std::optional(out) : std::nullopt;
}

std::optional<Json> Loader::json(const Value& v, int depth) {
    if (!v.node.IsDefined() || v.node.IsNull())
        return Json(nullptr);
    if (v.node.IsScalar())
        return typed_scalar(v, "a value");
    if (depth >= kMaxValueDepth) {
        error(v, "value nested deeper than " + std::to_string(kMaxValueDepth) + " levels");
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
            error(pos_of(key), v.path, "expected a plain key, got " + describe(key));
            ok = false;
            continue;
        }
        if (out.contains(key.Scalar())) {
            error(pos_of(key), v.path, "duplicate key " + in_quotes(key.Scalar()));
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
    auto id = text(v, "a node id");
    if (!id)
        return std::nullopt;
    if (std::find(declared_.begin(), declared_.end(), *id) == declared_.end()) {
        error(v, "node " + in_quotes(*id) + " is not declared");
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
                error(element, "node " + in_quotes(*id) + " is listed twice");
                id.reset();
            }
            ok = ok && id.has_value();
            if (id)
                out.ids.push_back(*id);
        }
        return ok ? std::optional(out) : std::nullopt;
    }
    error(v, "expected a node id, a list of node ids, leader, random or all, got " + describe(v.node));
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
            error(pos_of(documents[1]), "", "a scenario file holds one YAML document; found " +
                                                std::to_string(documents.size()));
        read_scenario(documents.empty() ? YAML::Node() : documents.front());
    } catch (const YAML::Exception& e) {
        const SourcePos pos = e.mark.is_null() ? SourcePos{} : SourcePos{e.mark.line + 1, e.mark.column + 1};
        error(pos, "", "invalid YAML: " + e.msg);
    } catch (const std::exception& e) {
        error(SourcePos{}, "", std::string("cannot read the scenario: ") + e.what());
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
        error(top, "expected a mapping of scenario keys (version, name, nodes, ...) at top level, got " +
                       describe(root));
        return;
    }
    auto m = mapping(top, kTopKeys);

    if (const Entry* e = required(*m, "version")) {
        auto version = integer(e->value);
        if (version && *version != 1)
            error(e->value, "unsupported version " + std::to_string(*version) + "; this program reads version 1");
    }
    if (const Entry* e = required(*m, "name")) {
        static const std::regex kName("[a-z0-9-]+");
        auto name = text(e->value, "a name of lowercase letters, digits and '-'");
        if (name && !std::regex_match(*name, kName))
            error(e->value, "expected a name of lowercase letters, digits and '-' ([a-z0-9-]+), got " +
                                in_quotes(*name));
        else if (name)
            scenario_.name = *name;
    }
    if (const Entry* e = required(*m, "family")) {
        auto family = text(e->value, "a family");
        if (family && !contains(kFamilies, *family))
            error(e->value, "unknown family " + in_quotes(*family) + "; expected one of: " + joined(kFamilies));
        else if (family)
            scenario_.family = *family;
    }
    if (const Entry* e = required(*m, "title"))
        scenario_.title = bilingual(e->value).value_or(Bilingual{});
    if (const Entry* e = required(*m, "summary"))
        scenario_.summary = bilingual(e->value).value_or(Bilingual{});
    if (const Entry* e = m->find("duration")) {
        auto d = duration(e->value);
        if (d && *d <= Duration::zero())
            error(e->value, "expected a duration longer than 0, got " + describe(e->value.node));
        else if (d)
            scenario_.duration = *d;
    }
    if (const Entry* e = m->find("seed")) {
        auto seed = typed_scalar(e->value, "a non-negative integer");
        if (seed && seed->is_number_integer() && (seed->is_number_unsigned() || seed->get<std::int64_t>() >= 0))
            scenario_.seed = seed->get<std::uint64_t>();
        else if (seed)
            error(e->value, "expected a non-negative integer, got " + describe(e->value.node));
    }
    if (const Entry* e = m->find("time_scale")) {
        auto scale = number(e->value);
        if (scale && !(*scale > 0.0 && *scale <= kMaxTimeScale))
            error(e->value, "expected a number greater than 0 and at most 1000, got " + describe(e->value.node));
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
        auto name = text(e->value, "a preset name");
        if (name && !network_preset(*name))
            error(e->value, "unknown preset " + in_quotes(*name) + "; expected one of: " + joined(network_preset_names()));
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
        error(v, "expected a list of at least one node, got " + describe(v.node));
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
            auto id = text(e->value, "a node id");
            if (id && !core::is_valid_node_id(*id)) {
                error(e->value, "expected an id of a lowercase letter then letters, digits, '_' or '-' "
                                "([a-z][a-z0-9_-]*), got " + in_quotes(*id));
            } else if (id && contains(kReservedIds, *id)) {
                error(e->value, in_quotes(*id) + " is reserved (" + joined(kReservedIds) + " select nodes); choose another id");
            } else if (id) {
                auto [it, inserted] = first_line.try_emplace(*id, e->value.pos.line);
                if (!inserted)
                    error(e->value, "duplicate id " + in_quotes(*id) + " (first declared at line " +
                                        std::to_string(it->second) + ")");
                node.id = *id;
            }
        }
        const core::RoleDescriptor* role = nullptr;
        if (const Entry* e = required(*m, "role")) {
            auto name = text(e->value, "a role name");
            if (name) {
                role = roles_.find(*name);
                if (!role)
                    error(e->value, "unknown role " + in_quotes(*name) + "; known roles: " + joined(roles_.names()));
                node.role = *name;
            }
        }
        if (const Entry* e = m->find("params")) {
            if (!e->value.node.IsMap())
                error(e->value, "expected a mapping of parameter names to values, got " + describe(e->value.node));
            else if (auto params = json(e->value))
                node.params = std::move(*params);
        }
        if (role)
            read_params(node, *role, *m);
        if (const Entry* e = m->find("at")) {
            const YAML::Node& at = e->value.node;
            if (!at.IsSequence() || at.size() != 2) {
                error(e->value, "expected a canvas position [x, y], got " + describe(at));
            } else {
                auto x = number(item_of(e->value, at[0], 0));
                auto y = number(item_of(e->value, at[1], 1));
                if (x && y)
                    node.at = std::array<double, 2>{*x, *y};
            }
        }
        scenario_.nodes.push_back(std::move(node));
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
        error(pos, whole ? base : child_path(base, problem.key), problem.message);
    }
}

void Loader::read_links(const Value& v) {
    if (v.node.IsScalar() && v.node.Scalar() == "full") {
        scenario_.full_mesh = true;
        return;
    }
    if (!v.node.IsSequence()) {
        error(v, "expected full or a list of links, got " + describe(v.node));
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
                error(lv, "link " + direction.first + " -> " + direction.second + " is already defined at line " +
                              std::to_string(it->second));
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
    const std::string expected = "expected [a, b], {between: [a, b], ...} or {from: a, to: b, ...}";
    auto pair = [&](const Value& ends) -> bool {
        if (!ends.node.IsSequence() || ends.node.size() != 2) {
            error(ends, "expected two node ids [a, b], got " + describe(ends.node));
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
            error(between->value, "give either between or from/to, not both");
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
            error(v, "missing the link's ends: between: [a, b] or from: a, to: b");
            return std::nullopt;
        }
        link.overrides = overrides(*m);
    } else {
        error(v, expected + ", got " + describe(v.node));
        return std::nullopt;
    }
    if (link.from == link.to) {
        error(v, "a link joins two different nodes, got " + in_quotes(link.from) + " twice");
        return std::nullopt;
    }
    return link;
}

void Loader::check_within_run(const Value& v, Duration at) {
    if (at > scenario_.duration)
        error(v, core::format_duration(at) + " is after the end of the run (duration " +
                     core::format_duration(scenario_.duration) + ")");
}

void Loader::read_faults(const Value& v) {
    if (!v.node.IsSequence()) {
        error(v, "expected a list of faults, got " + describe(v.node));
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
            error(until->value, "until (" + core::format_duration(*end) + ") must be after at (" +
                                    core::format_duration(fault.at) + ")");
        ok = ok && end.has_value() && *end > fault.at;
        fault.until = end;
    }

    const Entry* kind_entry = nullptr;
    for (const Entry& e : m->entries) {
        if (!contains(kFaultKinds, e.key))
            continue;
        if (kind_entry) {
            error(e.key_pos, v.path, "more than one fault kind (" + kind_entry->key + " and " + e.key +
                                         "); write one fault per entry");
            return std::nullopt;
        }
        kind_entry = &e;
    }
    if (!kind_entry) {
        error(v, "expected one fault kind: " + joined(kFaultKinds));
        return std::nullopt;
    }
    const auto kind_index = std::find(std::begin(kFaultKinds), std::end(kFaultKinds), kind_entry->key) -
                            std::begin(kFaultKinds);
    fault.kind = static_cast<FaultKind>(kind_index);
    if (until && (fault.kind == FaultKind::Restart || fault.kind == FaultKind::Resume ||
                  fault.kind == FaultKind::Heal || fault.kind == FaultKind::Command)) {
        error(until->key_pos, until->value.path,
              "a " + kind_entry->key + " is instantaneous and undoes nothing at a later time; remove until");
        ok = false;
    }
    if (const Entry* e = m->find("may_miss")) {
        const auto flag = boolean(e->value);
        ok = ok && flag.has_value();
        fault.may_miss = flag.value_or(false);
        if (fault.kind != FaultKind::Kill && fault.kind != FaultKind::Pause && fault.kind != FaultKind::ClockSkew) {
            error(e->key_pos, e->value.path,
                  "may_miss applies to kill, pause and clock_skew, which fail the run when they find no node; a " +
                      kind_entry->key + " never does; remove may_miss");
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
                error(v, "expected all, got " + describe(v.node));
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
                    error(e->value, "expected a message type of lowercase letters, digits and '_', got " +
                                        describe(e->value.node));
                ok = ok && word;
                if (word)
                    fault.command = e->value.node.Scalar();
            } else {
                ok = false;
            }
            if (const Entry* e = m->find("body")) {
                auto body = e->value.node.IsMap() ? json(e->value) : std::nullopt;
                if (!e->value.node.IsMap())
                    error(e->value, "expected a mapping (the command's body), got " + describe(e->value.node));
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
                    error(e->value, "expected a rate error between -1 and 1 (0.001 = 1 ms per second), got " +
                                        describe(e->value.node));
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
            error(v, "expected a list of groups, {from, to}, or one of: " + joined(kGrudges) + "; got " +
                         describe(v.node));
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
        error(v, "expected a list of groups, {from, to}, or one of: " + joined(kGrudges) + "; got " +
                     describe(v.node));
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
                error(member, "node " + in_quotes(*id) + " is already in group " + std::to_string(group_of[*id]));
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
        error(between->value, "give either between or from/to, not both");
        return std::nullopt;
    }
    if (between) {
        const Value& ends = between->value;
        if (!ends.node.IsSequence() || ends.node.size() != 2) {
            error(ends, "expected two ends [a, b], got " + describe(ends.node));
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
    const std::string where = condition.node ? "node " + in_quotes(*condition.node) : std::string("no node");
    error(v, "unknown phase " + in_quotes(condition.phase) + " for " + where +
                 (known.empty() ? std::string("; its role declares no phases") : "; known phases: " + joined(known)));
    return false;
}

void Loader::read_steps(const Value& v) {
    if (!v.node.IsSequence()) {
        error(v, "expected a list of steps, got " + describe(v.node));
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
            error(when->key_pos, sv.path, "give either at (a time) or when (a condition), not both");
            ok = false;
        } else if (!at && !when) {
            error(sv, "expected at (a time) or when (a condition)");
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
                    error(when->value, "expected state (snapshot keys and values) or phase (a phase name) in when");
                    ok = false;
                }
                if (state) {
                    auto value = state->value.node.IsMap() ? json(state->value) : std::nullopt;
                    if (!state->value.node.IsMap() || state->value.node.size() == 0)
                        error(state->value, "expected a mapping of snapshot keys to values, got " +
                                                describe(state->value.node));
                    ok = ok && value && !value->empty();
                    if (value)
                        condition.state = std::move(*value);
                }
                if (phase) {
                    auto name = text(phase->value, "a phase name");
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
        error(v, "expected a list of checks (- name: arguments), got " + describe(v.node));
        return;
    }
    std::size_t index = 0;
    for (const auto& item : v.node) {
        const Value cv = item_of(v, item, index++);
        if (!item.IsMap() || item.size() != 1 || !item.begin()->first.IsScalar()) {
            error(cv, "expected one check as a single-key mapping (- name: arguments), got " + describe(item));
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
        return std::unexpected(std::vector<Diagnostic>{{path, 0, 0, "cannot read the file"}});
    return load_scenario_text(text.str(), path, roles, checks);
}

}  // namespace distlab::netlab
