#include "netlab/patterns/raft/raft_checks.h"
#include "netlab/checks/check_support.h"

#include <algorithm>
#include <optional>
#include <map>
#include <memory>
#include <set>
#include <string_view>

#include <simdjson.h>

#include "core/model/json.h"
#include "core/model/time.h"
#include "netlab/patterns/raft/term_checks.h"

namespace distlab::netlab {

namespace {

using Deadline = std::chrono::steady_clock::time_point;

using core::Text;
namespace od = simdjson::ondemand;

constexpr const char* kRaftRole = "raft";

// What a check that ran out of time had got through.
const Text kRaftSnapshots{"raft snapshots", "个 Raft 快照"};

struct LogEntry {
    std::int64_t index = 0;
    std::int64_t term = 0;
    std::string command;
};

// One State event of a raft node, the fields the checks read. Missing fields stay unset.
struct RaftState {
    std::string node;
    std::int64_t t_ns = 0;
    std::string role;
    std::int64_t term = -1;
    std::int64_t commit = -1;
    std::int64_t first_index = -1;
    std::int64_t last_index = -1;
    std::int64_t snapshot_index = 0;
    std::int64_t snapshot_term = 0;
    std::vector<LogEntry> entries;        // ascending index
    std::optional<std::pair<std::int64_t, std::string>> applied_hash;
};

std::int64_t int_field(const Json& obj, const char* name, std::int64_t fallback) {
    const auto it = obj.find(name);
    return it != obj.end() && it->is_number_integer() ? it->get<std::int64_t>() : fallback;
}

// The snapshot read into a document: the general way, for what RaftStateReader leaves to it.
std::optional<RaftState> parse_state_document(const Event& e) {
    const Json s = Json::parse(e.data, nullptr, false);
    if (!s.is_object())
        return std::nullopt;
    RaftState r;
    r.node = e.node;
    r.t_ns = e.t_ns;
    if (const auto role = s.find("role"); role != s.end() && role->is_string())
        r.role = role->get<std::string>();
    r.term = int_field(s, "term", -1);
    r.commit = int_field(s, "commit", -1);
    if (const auto log = s.find("log"); log != s.end() && log->is_object()) {
        r.first_index = int_field(*log, "first_index", -1);
        r.last_index = int_field(*log, "last_index", -1);
        if (const auto entries = log->find("entries"); entries != log->end() && entries->is_array()) {
            for (const Json& item : *entries) {
                if (!item.is_array() || item.size() < 3 || !item[0].is_number_integer() ||
                    !item[1].is_number_integer())
                    continue;
                r.entries.push_back({item[0].get<std::int64_t>(), item[1].get<std::int64_t>(),
                                     item[2].is_string() ? item[2].get<std::string>() : item[2].dump()});
            }
            std::sort(r.entries.begin(), r.entries.end(),
                      [](const LogEntry& a, const LogEntry& b) { return a.index < b.index; });
        }
    }
    if (const auto snap = s.find("snapshot"); snap != s.end() && snap->is_object()) {
        r.snapshot_index = int_field(*snap, "index", 0);
        r.snapshot_term = int_field(*snap, "term", 0);
    }
    if (const auto ah = s.find("applied_hash"); ah != s.end() && ah->is_object()) {
        const auto index = ah->find("index");
        const auto hash = ah->find("hash");
        if (index != ah->end() && index->is_number_integer() && hash != ah->end() && hash->is_string())
            r.applied_hash = std::make_pair(index->get<std::int64_t>(), hash->get<std::string>());
    }
    return r;
}

// Reads the fields the checks need straight from the snapshot's text with simdjson's On-Demand
// parser, without building a document: the shared parse was most of a chaos run's judging (a
// thousand schedules a minute needs every millisecond; nlohmann's SAX reader took three times as
// long). Leaves to the document reader (`nullopt` with `fallback` set) what only it handles the
// same way: a log entry whose command is not a string, which it writes out as JSON.
class RaftStateReader {
public:
    // The state in `e`; nullopt when it is not a JSON object or when it falls back.
    std::optional<RaftState> read(const Event& e, bool& fallback) {
        fallback = false;
        buffer_.reserve(e.data.size() + simdjson::SIMDJSON_PADDING);
        buffer_.assign(e.data);
        od::document doc;
        od::object top;
        if (parser_.iterate(simdjson::padded_string_view(buffer_.data(), buffer_.size(), buffer_.capacity())).get(doc) ||
            doc.get_object().get(top))
            return std::nullopt;
        RaftState r;
        r.node = e.node;
        r.t_ns = e.t_ns;
        std::optional<std::int64_t> applied_index;
        std::optional<std::string> applied_hash;
        const bool whole = fields(top, [&](std::string_view key, od::value value) {
            if (key == "role") {
                if (auto role = string_of(value))
                    r.role = std::move(*role);
            } else if (key == "term") {
                r.term = int_of(value).value_or(-1);
            } else if (key == "commit") {
                r.commit = int_of(value).value_or(-1);
            } else if (key == "log") {
                return fields(value, [&](std::string_view k, od::value v) {
                    if (k == "first_index")
                        r.first_index = int_of(v).value_or(-1);
                    else if (k == "last_index")
                        r.last_index = int_of(v).value_or(-1);
                    else if (k == "entries")
                        return read_entries(v, r.entries, fallback);
                    return true;
                });
            } else if (key == "snapshot") {
                return fields(value, [&](std::string_view k, od::value v) {
                    if (k == "index")
                        r.snapshot_index = int_of(v).value_or(0);
                    else if (k == "term")
                        r.snapshot_term = int_of(v).value_or(0);
                    return true;
                });
            } else if (key == "applied_hash") {
                return fields(value, [&](std::string_view k, od::value v) {
                    if (k == "index")
                        applied_index = int_of(v);
                    else if (k == "hash")
                        applied_hash = string_of(v);
                    return true;
                });
            }
            return true;
        });
        if (!whole || fallback)
            return std::nullopt;
        if (applied_index && applied_hash)
            r.applied_hash = std::make_pair(*applied_index, std::move(*applied_hash));
        std::sort(r.entries.begin(), r.entries.end(),
                  [](const LogEntry& a, const LogEntry& b) { return a.index < b.index; });
        return r;
    }

private:
    static bool is(od::value& v, od::json_type type) {
        od::json_type t;
        return !v.type().get(t) && t == type;
    }
    // Calls `each(key, value)` for every field of `v` while it returns true; a value that is not
    // an object has none. False: the text is broken, or `each` said so.
    template <typename Each>
    static bool fields(od::object object, Each&& each) {
        for (auto item : object) {
            od::field field;
            std::string_view key;
            if (std::move(item).get(field) || field.unescaped_key().get(key) || !each(key, field.value()))
                return false;
        }
        return true;
    }
    template <typename Each>
    static bool fields(od::value v, Each&& each) {
        od::object object;
        return !is(v, od::json_type::object) || v.get_object().get(object) || fields(object, each);
    }
    // An integer that fits in 64 signed bits, as the document reader's is_number_integer reads
    // the snapshot's counters.
    static std::optional<std::int64_t> int_of(od::value v) {
        od::number_type n;
        std::int64_t i = 0;
        if (!is(v, od::json_type::number) || v.get_number_type().get(n) || n != od::number_type::signed_integer ||
            v.get_int64().get(i))
            return std::nullopt;
        return i;
    }
    static std::optional<std::string> string_of(od::value v) {
        std::string_view text;
        if (!is(v, od::json_type::string) || v.get_string().get(text))
            return std::nullopt;
        return std::string(text);
    }
    // The log's entries [index, term, command]; one that is not such an array is skipped, as the
    // document reader does. False: the text is broken.
    static bool read_entries(od::value v, std::vector<LogEntry>& out, bool& fallback) {
        od::array entries;
        if (!is(v, od::json_type::array) || v.get_array().get(entries))
            return true;
        for (auto each : entries) {
            od::value item;
            od::array parts;
            if (std::move(each).get(item))
                return false;
            if (!is(item, od::json_type::array) || item.get_array().get(parts))
                continue;
            LogEntry entry;
            std::size_t n = 0;
            bool ok = true;
            for (auto part : parts) {
                od::value p;
                if (std::move(part).get(p))
                    return false;
                if (n < 2) {
                    const auto number = int_of(p);
                    ok = ok && number.has_value();
                    (n == 0 ? entry.index : entry.term) = number.value_or(0);
                } else if (n == 2) {
                    if (auto command = string_of(p))
                        entry.command = std::move(*command);
                    else if (ok)
                        fallback = true;   // the document reader writes it out as JSON
                }
                ++n;
            }
            if (ok && n >= 3)
                out.push_back(std::move(entry));
        }
        return true;
    }

    simdjson::ondemand::parser parser_;
    std::string buffer_;   // the text with simdjson's padding after it
};

std::optional<RaftState> parse_state(RaftStateReader& reader, const Event& e) {
    bool fallback = false;
    if (auto r = reader.read(e, fallback))
        return r;
    return fallback ? parse_state_document(e) : std::nullopt;
}

// The State events of the scenario's raft nodes, parsed, in time order.
class RaftStates {
public:
    RaftStates(const RunView& run, Deadline deadline) {
        std::set<std::string, std::less<>> raft_nodes;
        for (const NodeSpec& n : run.scenario.nodes)
            if (n.role == kRaftRole)
                raft_nodes.insert(n.id);
        std::size_t total = 0;
        for (const Event& e : run.events)
            if (e.kind == EventKind::State && raft_nodes.count(e.node) > 0)
                ++total;
        total_ = total;
        std::size_t seen = 0;
        RaftStateReader reader;
        for (const Event& e : run.events) {
            if (e.kind != EventKind::State || raft_nodes.count(e.node) == 0)
                continue;
            if ((++seen & 255) == 0 && std::chrono::steady_clock::now() > deadline) {
                complete_ = false;
                return;
            }
            if (auto s = parse_state(reader, e))
                states_.push_back(std::move(*s));
        }
    }

    bool complete() const { return complete_; }
    std::size_t total() const { return total_; }
    const std::vector<RaftState>& states() const { return states_; }

private:
    std::vector<RaftState> states_;
    std::size_t total_ = 0;
    bool complete_ = true;
};

// What identifies a run's raft snapshots: the scenario's raft nodes and every State event of
// theirs (node, time and text), hashed.
std::uint64_t states_fingerprint(const RunView& run) {
    std::uint64_t h = 1469598103934665603ULL;
    auto mix = [&h](std::uint64_t v) { h = (h ^ v) * 1099511628211ULL; };
    std::set<std::string_view> raft_nodes;
    for (const NodeSpec& n : run.scenario.nodes)
        if (n.role == kRaftRole) {
            raft_nodes.insert(n.id);
            mix(std::hash<std::string_view>{}(n.id));
        }
    for (const Event& e : run.events)
        if (e.kind == EventKind::State && raft_nodes.contains(e.node)) {
            mix(std::hash<std::string_view>{}(e.node));
            mix(static_cast<std::uint64_t>(e.t_ns));
            mix(std::hash<std::string_view>{}(e.data));
        }
    return h;
}

// The parsed snapshots of the run being judged, shared by the raft checks, which run_checks
// calls one after another on the same events: each used to parse every snapshot again, and
// that was most of the judging of a chaos run. One entry per thread (a run is judged on one
// thread), taken only for the same event vector with the same fingerprint, so a later run whose
// events happen to reuse the memory is never mistaken for it; an incomplete parse (out of
// time) is not kept.
std::shared_ptr<const RaftStates> raft_states(const RunView& run, Deadline deadline) {
    struct Entry {
        const Event* events = nullptr;
        std::size_t size = 0;
        std::uint64_t fingerprint = 0;
        std::shared_ptr<const RaftStates> states;
    };
    thread_local Entry cache;
    const std::uint64_t fingerprint = states_fingerprint(run);
    if (cache.states && cache.events == run.events.data() && cache.size == run.events.size() &&
        cache.fingerprint == fingerprint)
        return cache.states;
    auto states = std::make_shared<const RaftStates>(run, deadline);
    if (states->complete())
        cache = {run.events.data(), run.events.size(), fingerprint, states};
    return states;
}

Text entry_text(const LogEntry& e) {
    const std::string index = std::to_string(e.index), term = std::to_string(e.term);
    return {"(" + index + ", term " + term + ", \"" + e.command + "\")",
            "（" + index + "，任期 " + term + "，“" + e.command + "”）"};
}

std::pair<std::int64_t, std::int64_t> window_of(std::int64_t a, std::int64_t b) {
    return {std::min(a, b), std::max(a, b)};
}

// ---- single_leader_per_term ----

class SingleLeaderPerTerm final : public Check {
public:
    CheckResult evaluate(const RunView& run, Deadline deadline) const override {
        const auto shared_states = raft_states(run, deadline);
        const RaftStates& states = *shared_states;
        if (!states.complete())
            return out_of_time(states.states().size(), states.total(), kRaftSnapshots);
        struct First {
            std::string node;
            std::int64_t t_ns;
        };
        std::map<std::int64_t, First> leaders;
        for (const RaftState& s : states.states()) {
            if (s.role != "leader" || s.term < 0)
                continue;
            auto [it, added] = leaders.try_emplace(s.term, First{s.node, s.t_ns});
            if (!added && it->second.node != s.node) {
                const std::string term = std::to_string(s.term), a = it->second.node, a_at = seconds_text(it->second.t_ns),
                                  b_at = seconds_text(s.t_ns);
                return involving(verdict(Verdict::Fail,
                                         Text{"two leaders in term " + term + ": " + a + " (at " + a_at + ") and " +
                                                  s.node + " (at " + b_at + ")",
                                              "任期 " + term + " 有两个领导者：" + a + "（" + a_at + "）和 " + s.node +
                                                  "（" + b_at + "）"},
                                         window_of(it->second.t_ns, s.t_ns)),
                                 {it->second.node, s.node});
            }
        }
        if (leaders.empty())
            return verdict(Verdict::Pass, Text{"no node reported being leader", "没有节点报告自己是领导者"});
        const std::string terms = std::to_string(leaders.size()), highest = std::to_string(leaders.rbegin()->first);
        return verdict(Verdict::Pass, Text{terms + (leaders.size() == 1 ? " term" : " terms") +
                                               " with a leader, one each (highest term " + highest + ")",
                                           terms + " 个任期有领导者，每个任期一个（最高任期 " + highest + "）"});
    }
};

// ---- log_matching ----

class LogMatching final : public Check {
public:
    CheckResult evaluate(const RunView& run, Deadline deadline) const override {
        const auto shared_states = raft_states(run, deadline);
        const RaftStates& states = *shared_states;
        if (!states.complete())
            return out_of_time(states.states().size(), states.total(), kRaftSnapshots);
        struct Seen {
            std::string command;
            std::int64_t prev_term;   // the term of the entry before it; -1: not seen
            std::string node;
            std::int64_t t_ns;
        };
        std::map<std::pair<std::int64_t, std::int64_t>, Seen> entries;
        std::size_t compared = 0;
        for (const RaftState& s : states.states()) {
            for (std::size_t k = 0; k < s.entries.size(); ++k) {
                const LogEntry& e = s.entries[k];
                std::int64_t prev = -1;
                if (k > 0 && s.entries[k - 1].index == e.index - 1)
                    prev = s.entries[k - 1].term;
                else if (k == 0 && s.snapshot_index > 0 && s.snapshot_index == e.index - 1)
                    prev = s.snapshot_term;
                else if (e.index == 1)
                    prev = 0;
                auto [it, added] = entries.try_emplace({e.index, e.term}, Seen{e.command, prev, s.node, s.t_ns});
                if (added)
                    continue;
                ++compared;
                Seen& seen = it->second;
                if (seen.command != e.command) {
                    const std::string seen_at = seconds_text(seen.t_ns), s_at = seconds_text(s.t_ns);
                    const std::string index = std::to_string(e.index), term = std::to_string(e.term);
                    return involving(
                        verdict(Verdict::Fail,
                                Text{"index " + index + ", term " + term + " holds \"" + seen.command + "\" on " +
                                         seen.node + " (at " + seen_at + ") but \"" + e.command + "\" on " + s.node +
                                         " (at " + s_at + ")",
                                     "索引 " + index + "、任期 " + term + " 的条目在 " + seen.node + " 上是“" +
                                         seen.command + "”（" + seen_at + "），在 " + s.node + " 上却是“" + e.command +
                                         "”（" + s_at + "）"},
                                window_of(seen.t_ns, s.t_ns)),
                        {seen.node, s.node});
                }
                // Log Matching by induction: equal entries at i need equal entries at i - 1.
                if (prev >= 0 && seen.prev_term >= 0 && prev != seen.prev_term) {
                    const Text entry = entry_text(e);
                    const std::string seen_at = seconds_text(seen.t_ns), s_at = seconds_text(s.t_ns);
                    const std::string before = std::to_string(seen.prev_term), now = std::to_string(prev);
                    return involving(
                        verdict(Verdict::Fail,
                                Text{"entry " + entry.en + " follows an entry of term " + before + " on " + seen.node +
                                         " (at " + seen_at + ") but of term " + now + " on " + s.node + " (at " +
                                         s_at + "): the logs before it differ",
                                     "条目" + entry.zh + "在 " + seen.node + " 上（" + seen_at + "）前一条属于任期 " +
                                         before + "，在 " + s.node + " 上（" + s_at + "）却属于任期 " + now +
                                         "：它之前的日志不同"},
                                window_of(seen.t_ns, s.t_ns)),
                        {seen.node, s.node});
                }
                if (seen.prev_term < 0)
                    seen.prev_term = prev;
            }
        }
        const std::string distinct = std::to_string(entries.size()), repeated = std::to_string(compared);
        return verdict(Verdict::Pass, Text{distinct + " distinct log entries seen, " + repeated + " repeated sightings agree",
                                           "见到 " + distinct + " 个不同的日志条目，" + repeated + " 次重复所见均一致"});
    }
};

// ---- leader_completeness ----

class LeaderCompleteness final : public Check {
public:
    CheckResult evaluate(const RunView& run, Deadline deadline) const override {
        const auto shared_states = raft_states(run, deadline);
        const RaftStates& states = *shared_states;
        if (!states.complete())
            return out_of_time(states.states().size(), states.total(), kRaftSnapshots);
        struct Committed {
            LogEntry entry;
            std::int64_t observer_term;   // the lowest term of a node reporting it committed
            std::string node;
            std::int64_t t_ns;
        };
        std::map<std::int64_t, Committed> committed;
        for (const RaftState& s : states.states()) {
            if (s.commit <= 0 || s.term < 0)
                continue;
            for (const LogEntry& e : s.entries) {
                if (e.index > s.commit)
                    break;
                auto [it, added] = committed.try_emplace(e.index, Committed{e, s.term, s.node, s.t_ns});
                if (added)
                    continue;
                Committed& c = it->second;
                if (c.entry.term != e.term || c.entry.command != e.command) {
                    const std::string index = std::to_string(e.index), c_at = seconds_text(c.t_ns),
                                      s_at = seconds_text(s.t_ns);
                    const Text a = entry_text(c.entry), b = entry_text(e);
                    return involving(
                        verdict(Verdict::Fail,
                                Text{"two different entries committed at index " + index + ": " + a.en + " on " +
                                         c.node + " (at " + c_at + ") and " + b.en + " on " + s.node + " (at " + s_at +
                                         ")",
                                     "索引 " + index + " 提交了两个不同的条目：" + c.node + " 上（" + c_at + "）的" +
                                         a.zh + "和 " + s.node + " 上（" + s_at + "）的" + b.zh},
                                window_of(c.t_ns, s.t_ns)),
                        {c.node, s.node});
                }
                if (s.term < c.observer_term) {
                    c.observer_term = s.term;
                    c.node = s.node;
                    c.t_ns = s.t_ns;
                }
            }
        }
        // The highest index committed as seen by a node in a term below T, for every T.
        std::map<std::int64_t, const Committed*> highest_by_term;
        for (const auto& [index, c] : committed) {
            auto& slot = highest_by_term[c.observer_term];
            if (!slot || slot->entry.index < index)
                slot = &c;
        }
        std::size_t leaders_checked = 0;
        for (const RaftState& s : states.states()) {
            if (s.role != "leader" || s.term < 0)
                continue;
            ++leaders_checked;
            const Committed* highest = nullptr;
            for (const auto& [term, c] : highest_by_term) {
                if (term >= s.term)
                    break;
                if (!highest || highest->entry.index < c->entry.index)
                    highest = c;
            }
            // The leader lacking the entry first, then the node that saw it committed.
            if (highest && s.last_index >= 0 && highest->entry.index > s.last_index)
                return involving(verdict(Verdict::Fail,
                                         missing(*highest, s,
                                                 Text{"its log ends at index ", "它的日志止于索引 "} +
                                                     std::to_string(s.last_index)),
                                         window_of(highest->t_ns, s.t_ns)),
                                 {s.node, highest->node});
            for (const LogEntry& e : s.entries) {
                auto it = committed.find(e.index);
                if (it == committed.end() || it->second.observer_term >= s.term)
                    continue;
                const Committed& c = it->second;
                if (c.entry.term != e.term || c.entry.command != e.command)
                    return involving(verdict(Verdict::Fail,
                                             missing(c, s, Text{"it holds " + entry_text(e).en + " there",
                                                                "它在该处是" + entry_text(e).zh}),
                                             window_of(c.t_ns, s.t_ns)),
                                     {s.node, c.node});
            }
        }
        const std::string entries = std::to_string(committed.size()), leaders = std::to_string(leaders_checked);
        return verdict(Verdict::Pass,
                       Text{entries + " committed entries, each in every later term's leader log (" + leaders +
                                " leader snapshots checked)",
                            entries + " 个已提交的条目都在之后每个任期的领导者日志中（检查了 " + leaders + " 个领导者快照）"});
    }

private:
    static Text missing(const auto& c, const RaftState& leader, const Text& why) {
        const Text entry = entry_text(c.entry);
        const std::string term = std::to_string(c.observer_term), at = seconds_text(c.t_ns),
                          leader_term = std::to_string(leader.term), leader_at = seconds_text(leader.t_ns);
        return Text{"entry " + entry.en + " was committed (" + c.node + " in term " + term + ", at " + at + ") but " +
                        leader.node + ", leader of term " + leader_term + " at " + leader_at + ", lacks it: ",
                    "条目" + entry.zh + "已提交（" + c.node + " 在任期 " + term + "，" + at + "），但任期 " + leader_term +
                        " 的领导者 " + leader.node + "（" + leader_at + "）没有它："} +
               why;
    }
};

// ---- state_machine_safety ----

class StateMachineSafety final : public Check {
public:
    CheckResult evaluate(const RunView& run, Deadline deadline) const override {
        const auto shared_states = raft_states(run, deadline);
        const RaftStates& states = *shared_states;
        if (!states.complete())
            return out_of_time(states.states().size(), states.total(), kRaftSnapshots);
        struct Seen {
            std::string hash;
            std::string node;
            std::int64_t t_ns;
        };
        std::map<std::int64_t, Seen> hashes;
        std::set<std::string> reporting;
        std::size_t compared = 0;
        for (const RaftState& s : states.states()) {
            if (!s.applied_hash || s.applied_hash->first <= 0)
                continue;
            reporting.insert(s.node);
            const auto& [index, hash] = *s.applied_hash;
            auto [it, added] = hashes.try_emplace(index, Seen{hash, s.node, s.t_ns});
            if (added)
                continue;
            ++compared;
            if (it->second.hash != hash) {
                const std::string upto = std::to_string(index), a = it->second.node, a_hash = it->second.hash,
                                  a_at = seconds_text(it->second.t_ns), b_at = seconds_text(s.t_ns);
                return involving(verdict(Verdict::Fail,
                                         Text{"after applying entries 1.." + upto + ", " + a + " had hash " + a_hash +
                                                  " (at " + a_at + ") but " + s.node + " had " + hash + " (at " + b_at +
                                                  "): they applied different commands",
                                              "应用条目 1.." + upto + " 之后，" + a + " 的哈希是 " + a_hash + "（" +
                                                  a_at + "），" + s.node + " 的却是 " + hash + "（" + b_at +
                                                  "）：它们应用了不同的命令"},
                                         window_of(it->second.t_ns, s.t_ns)),
                                 {it->second.node, s.node});
            }
        }
        if (hashes.empty())
            return verdict(Verdict::Pass, Text{"no node applied anything", "没有节点应用过任何命令"});
        const std::string nodes = std::to_string(reporting.size()), comparisons = std::to_string(compared),
                          upto = std::to_string(hashes.rbegin()->first);
        return verdict(Verdict::Pass, Text{nodes + " nodes applied the same commands (" + comparisons +
                                               " comparisons, up to index " + upto + ")",
                                           nodes + " 个节点应用了相同的命令（比较 " + comparisons + " 次，直到索引 " + upto + "）"});
    }
};

// ---- leader_elected ----

struct ElectedArgs {
    std::int64_t within_ns = 0;
    ReferenceTime after;                 // the start unless given
};

class LeaderElected final : public Check {
public:
    explicit LeaderElected(ElectedArgs args) : args_(args) {}

    CheckResult evaluate(const RunView& run, Deadline deadline) const override {
        const std::optional<std::int64_t> t0 = args_.after.resolve(run.events);
        const std::string what(args_.after.name());
        const std::int64_t end_ns = run_end_ns(run.events);
        if (!t0)
            return verdict(Verdict::Unknown, args_.after.missing());
        const auto shared_states = raft_states(run, deadline);
        const RaftStates& states = *shared_states;
        if (!states.complete())
            return out_of_time(states.states().size(), states.total(), kRaftSnapshots);
        const std::int64_t limit = *t0 + args_.within_ns;
        const auto window = std::make_pair(*t0, limit);
        const std::string when = what + " (at " + seconds_text(*t0) + ")";
        // From the start a leader reported at time 0 counts; after an event, only later ones, and
        // only a leadership (node and term) nobody held at the reference point or before: the old
        // leader still reporting (a `kill: leader` that found no node, the stale side of a
        // partition) is not an election.
        const bool inclusive = args_.after.kind == ReferenceTime::Kind::Start;
        std::map<std::pair<std::string, std::int64_t>, std::int64_t> held;   // leadership -> last report <= t0
        const RaftState* first = nullptr;
        const RaftState* refused = nullptr;
        for (const RaftState& s : states.states()) {
            if (s.role != "leader")
                continue;
            const auto leadership = std::make_pair(s.node, s.term);
            if (s.t_ns < *t0 || (s.t_ns == *t0 && !inclusive)) {
                held[leadership] = s.t_ns;
                continue;
            }
            if (held.contains(leadership)) {
                if (!refused)
                    refused = &s;
                continue;
            }
            first = &s;
            break;
        }
        // Names the old leadership the check did not count, for the detail.
        const std::string when_zh = args_.after.text().zh + "（" + seconds_text(*t0) + "）";
        const std::string within = span_text(args_.within_ns);
        Text old_leader;
        if (refused) {
            const std::string term = std::to_string(refused->term);
            const std::string at = seconds_text(held.at({refused->node, refused->term}));
            old_leader = {"; not counted: " + refused->node + ", leader of term " + term + " already at " + at +
                              ", before " + when,
                          "；未计入：" + refused->node + "，在" + when_zh + "之前的 " + at + " 已是任期 " + term +
                              " 的领导者"};
        }
        if (first && first->t_ns <= limit) {
            const std::string term = std::to_string(first->term);
            const std::string after = span_text(first->t_ns - *t0);
            return verdict(Verdict::Pass,
                           Text{"counted " + first->node + ", leader of term " + term + ", reported " + after +
                                    " after " + when + ", within " + within,
                                "计入 " + first->node + "（任期 " + term + " 的领导者），在" + when_zh + "之后 " +
                                    after + " 报告，未超过 " + within} +
                               old_leader,
                           window);
        }
        if (!first && end_ns < *t0)
            return verdict(Verdict::Unknown,
                           Text{"the run ended at " + seconds_text(end_ns) + ", before " + when,
                                "运行在 " + seconds_text(end_ns) + " 结束，早于" + when_zh} +
                               old_leader,
                           window);
        if (!first && end_ns < limit) {
            const std::string ran = span_text(end_ns - *t0);
            return verdict(Verdict::Unknown,
                           Text{"the run ended " + ran + " after " + when + ", before " + within + " had passed",
                                "运行在" + when_zh + "之后 " + ran + " 就结束了，不到 " + within} +
                               old_leader,
                           window);
        }
        Text detail{"no new leader was reported within " + within + " after " + when,
                    "在" + when_zh + "之后 " + within + " 内没有新的领导者报告"};
        if (first) {
            const std::string term = std::to_string(first->term);
            const std::string late = span_text(first->t_ns - *t0);
            detail += Text{"; the first, " + first->node + " of term " + term + ", was " + late + " after it",
                           "；第一个是任期 " + term + " 的 " + first->node + "，晚了 " + late};
        } else {
            detail += Text{"; none was afterwards", "；之后也没有"};
        }
        CheckResult r = verdict(Verdict::Fail, detail + old_leader, window);
        if (first)
            involve_node(r, first->node);   // the leader that came too late
        if (refused)
            involve_node(r, refused->node);  // the old leader that did not count
        return r;
    }

private:
    ElectedArgs args_;
};

}  // namespace

void register_raft_checks(CheckRegistry& registry) {
    const auto add_flag = [&registry]<class C>(std::string name, std::string en, std::string zh, std::type_identity<C>) {
        registry.add({.name = std::move(name),
                      .en = std::move(en),
                      .zh = std::move(zh),
                      .applies_to = {RoleFilter::named(kRaftRole)},
                      .make = [](const core::Params&) -> std::unique_ptr<Check> { return std::make_unique<C>(); }});
    };
    add_flag("single_leader_per_term", "Raft: at most one leader in any term (Election Safety).",
             "Raft：任一任期内至多一个领导者（选举安全）。", std::type_identity<SingleLeaderPerTerm>{});
    add_flag("log_matching",
             "Raft: entries with the same index and term hold the same command and follow the same log (Log "
             "Matching).",
             "Raft：索引和任期相同的日志条目命令相同，且之前的日志也相同（日志匹配）。",
             std::type_identity<LogMatching>{});
    add_flag("leader_completeness",
             "Raft: every committed entry is in the log of every later leader (Leader Completeness).",
             "Raft：每个已提交的条目都出现在之后每个领导者的日志中（领导者完整性）。",
             std::type_identity<LeaderCompleteness>{});
    add_flag("state_machine_safety",
             "Raft: nodes apply the same commands in the same order (State Machine Safety, by applied_hash).",
             "Raft：各节点以相同顺序应用相同的命令（状态机安全，按 applied_hash 比较）。",
             std::type_identity<StateMachineSafety>{});
    registry.add({.name = "leader_elected",
                  .en = "Raft: a leader is reported within a time after the start, the last fault or the last heal.",
                  .zh = "Raft：在启动、最后一次故障或最后一次恢复之后的限定时间内选出领导者。",
                  .params = {{.name = "within", .type = core::ParamType::Duration, .min = kShortestSpanMs,
                              .en = "how soon a leader must be reported", .zh = "必须在多长时间内报告领导者"},
                             ReferenceTime::param({"start", "last_fault", "last_heal"}, "start")},
                  .applies_to = {RoleFilter::named(kRaftRole)},
                  .validate = [](const core::Params& args, const CheckScope& scope) -> Problems {
                      if (auto problem = ReferenceTime::from(args).problem_in(scope.scenario))
                          return {*problem};
                      return {};
                  },
                  .make = [](const core::Params& args) -> std::unique_ptr<Check> {
                      return std::make_unique<LeaderElected>(
                          ElectedArgs{args.get_duration("within").count(), ReferenceTime::from(args)});
                  }});
    register_term_checks(registry);
}

}  // namespace distlab::netlab
