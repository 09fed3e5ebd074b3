#include "netlab/patterns/maelstrom/elle.h"

#include <algorithm>
#include <deque>
#include <optional>
#include <cstdint>
#include <set>
#include <tuple>
#include <utility>

namespace distlab::netlab::maelstrom {

namespace {

using core::Json;
using Clock = std::chrono::steady_clock;

std::string shown(const Json& v) {
    return v.is_string() ? v.get<std::string>() : v.dump();
}

// Where a value came from: its writer and whether it was the writer's last write of the key.
struct Writer {
    std::size_t txn = 0;
    bool final = true;
};

class Graph {
public:
    explicit Graph(std::size_t n) : out_(n) {}

    void add(std::size_t from, std::size_t to, DepKind kind, std::string why) {
        if (from == to || !seen_.insert({from, to, static_cast<int>(kind)}).second)
            return;
        out_[from].push_back(deps_.size());
        deps_.push_back({from, to, kind, std::move(why)});
    }
    const std::vector<Dep>& deps() const { return deps_; }
    std::size_t size() const { return out_.size(); }

    // The shortest path from `start` to `goal` over dependencies whose kind `allowed` accepts,
    // as the dependencies taken; nullopt when there is none.
    template <class Allowed>
    std::optional<std::vector<Dep>> path(std::size_t start, std::size_t goal, Allowed&& allowed) const {
        std::vector<std::optional<std::size_t>> via(out_.size());   // the dependency that reached a node
        std::vector<bool> reached(out_.size(), false);
        std::deque<std::size_t> queue{start};
        reached[start] = true;
        while (!queue.empty()) {
            const std::size_t u = queue.front();
            queue.pop_front();
            if (u == goal)
                break;
            for (std::size_t d : out_[u]) {
                const Dep& dep = deps_[d];
                if (!allowed(dep.kind) || reached[dep.to])
                    continue;
                reached[dep.to] = true;
                via[dep.to] = d;
                queue.push_back(dep.to);
            }
        }
        if (!reached[goal])
            return std::nullopt;
        std::vector<Dep> steps;
        for (std::size_t at = goal; at != start;) {
            const Dep& dep = deps_[*via[at]];
            steps.push_back(dep);
            at = dep.from;
        }
        std::reverse(steps.begin(), steps.end());
        return steps;
    }

private:
    std::vector<std::vector<std::size_t>> out_;
    std::vector<Dep> deps_;
    std::set<std::tuple<std::size_t, std::size_t, int>> seen_;
};

class Judge {
public:
    Judge(const std::vector<Txn>& txns, TxnJudgement& out) : txns_(txns), out_(out) {}

    void note(std::string name, std::string text, std::string text_zh, std::vector<std::size_t> involved) {
        if (out_.counts[name]++ >= TxnJudgement::kShown)
            return;
        out_.anomalies.push_back({std::move(name), std::move(text), std::move(text_zh), std::move(involved), {}});
    }

    // A cycle: its steps from the first transaction back to it; one already shown is skipped.
    void cycle(const std::string& name, std::vector<Dep> steps) {
        std::set<std::size_t> members;
        for (const Dep& d : steps)
            members.insert(d.from);
        if (!cycles_seen_.insert({name, members}).second)
            return;
        if (out_.counts[name]++ >= TxnJudgement::kShown)
            return;
        TxnAnomaly a{name, {}, {}, {}, {}};
        std::string text = name + ": ", zh = name + "：";
        for (const Dep& d : steps) {
            a.txns.push_back(d.from);
            const std::string step = txns_[d.from].name + " -" + std::string(to_string(d.kind)) + " (" + d.why + ")-> ";
            text += step;
            zh += step;
        }
        text += txns_[steps.front().from].name;
        zh += txns_[steps.front().from].name;
        a.text = std::move(text);
        a.text_zh = std::move(zh);
        a.cycle = std::move(steps);
        out_.anomalies.push_back(std::move(a));
    }

private:
    const std::vector<Txn>& txns_;
    TxnJudgement& out_;
    std::set<std::pair<std::string, std::set<std::size_t>>> cycles_seen_;
};

bool committed(const Txn& t) {
    return t.status == "ok";
}
bool may_have_written(const Txn& t) {
    return t.status == "ok" || t.status == "info";
}

// The writers of every (key, value): list-append's appends, rw-register's writes.
std::map<std::pair<std::string, std::string>, Writer> writers_of(const std::vector<Txn>& txns, const std::string& write_f) {
    std::map<std::pair<std::string, std::string>, Writer> writers;
    for (std::size_t i = 0; i < txns.size(); ++i) {
        std::map<std::string, std::pair<std::string, std::string>> last;   // key -> its last (key, value) written
        for (const MicroOp& m : txns[i].ops) {
            if (m.f != write_f)
                continue;
            const auto kv = std::make_pair(m.key.dump(), m.value.dump());
            if (const auto it = last.find(kv.first); it != last.end())
                writers[it->second].final = false;
            writers[kv] = {i, true};
            last[kv.first] = kv;
        }
    }
    return writers;
}

// G1a: a read of `value` of `key` by `reader` that a failed transaction wrote. G1b (when
// `intermediate` is asked): one its writer overwrote later in the same transaction.
void judge_read(Judge& judge, const std::vector<Txn>& txns, std::size_t reader, const Json& key, const Json& value,
                const std::map<std::pair<std::string, std::string>, Writer>& writers, bool intermediate) {
    const auto it = writers.find({key.dump(), value.dump()});
    if (it == writers.end() || it->second.txn == reader)
        return;
    const Txn& writer = txns[it->second.txn];
    if (writer.status == "fail")
        judge.note("G1a",
                   "G1a (aborted read): " + txns[reader].name + " read " + shown(value) + " of key " + shown(key) +
                       ", written by " + writer.name + ", which failed",
                   "G1a（读到已中止的写）：" + txns[reader].name + " 读到键 " + shown(key) + " 的 " + shown(value) +
                       "，它由失败的 " + writer.name + " 写入",
                   {reader, it->second.txn});
    else if (intermediate && !it->second.final)
        judge.note("G1b",
                   "G1b (intermediate read): " + txns[reader].name + " read " + shown(value) + " of key " + shown(key) +
                       ", which " + writer.name + " overwrote later in the same transaction",
                   "G1b（读到中间状态）：" + txns[reader].name + " 读到键 " + shown(key) + " 的 " + shown(value) +
                       "，而 " + writer.name + " 在同一事务中随后又覆盖了它",
                   {reader, it->second.txn});
}

void infer_list_append(const std::vector<Txn>& txns, Graph& g, Judge& judge) {
    const auto writers = writers_of(txns, "append");
    // Every committed external read of each key: (txn, list).
    std::map<std::string, std::vector<std::pair<std::size_t, const Json*>>> reads;
    std::map<std::string, const Json*> key_json;
    for (std::size_t i = 0; i < txns.size(); ++i) {
        if (!committed(txns[i]))
            continue;
        std::set<std::string> appended;
        for (const MicroOp& m : txns[i].ops) {
            const std::string k = m.key.dump();
            key_json[k] = &m.key;
            if (m.f == "append") {
                appended.insert(k);
            } else if (m.f == "r" && !appended.count(k)) {
                reads[k].push_back({i, &m.value});
                // Every element for an aborted read; the last one for an intermediate read.
                if (m.value.is_array())
                    for (std::size_t e = 0; e < m.value.size(); ++e)
                        judge_read(judge, txns, i, m.key, m.value[e], writers, e + 1 == m.value.size());
            }
        }
    }
    for (const auto& [k, list] : reads) {
        const Json empty = Json::array();
        const Json* longest = &empty;
        for (const auto& [txn, value] : list)
            if (value->is_array() && value->size() > longest->size())
                longest = value;
        // Every read must be a prefix of the longest.
        bool compatible = true;
        for (const auto& [txn, value] : list) {
            if (!value->is_array())
                continue;
            if (!std::equal(value->begin(), value->end(), longest->begin())) {
                std::size_t longest_reader = 0;
                for (const auto& [t2, v2] : list)
                    if (v2 == longest)
                        longest_reader = t2;
                judge.note("incompatible-order",
                           "incompatible-order: key " + shown(*key_json[k]) + " read as " + value->dump() + " by " +
                               txns[txn].name + " and as " + longest->dump() + " by " + txns[longest_reader].name +
                               ": neither list is a prefix of the other",
                           "incompatible-order：键 " + shown(*key_json[k]) + " 被 " + txns[txn].name + " 读作 " +
                               value->dump() + "，被 " + txns[longest_reader].name + " 读作 " + longest->dump() +
                               "：两者互不为前缀",
                           {txn, longest_reader});
                compatible = false;
            }
        }
        if (!compatible)
            continue;
        // The version order: the longest read's elements, each with its writer.
        std::vector<std::optional<std::size_t>> order;
        for (const Json& e : *longest) {
            const auto w = writers.find({k, e.dump()});
            order.push_back(w == writers.end() ? std::nullopt : std::optional<std::size_t>(w->second.txn));
        }
        for (std::size_t i = 0; i + 1 < order.size(); ++i)
            if (order[i] && order[i + 1] && may_have_written(txns[*order[i]]) && may_have_written(txns[*order[i + 1]]))
                g.add(*order[i], *order[i + 1], DepKind::WW,
                      shown(*key_json[k]) + ": appended " + shown((*longest)[i]) + " then " + shown((*longest)[i + 1]));
        for (const auto& [reader, value] : list) {
            const std::size_t seen = value->is_array() ? value->size() : 0;
            if (seen > 0 && order[seen - 1] && may_have_written(txns[*order[seen - 1]]))
                g.add(*order[seen - 1], reader, DepKind::WR,
                      shown(*key_json[k]) + ": " + txns[reader].name + " read " + shown((*longest)[seen - 1]) + " last");
            if (seen < order.size() && order[seen] && may_have_written(txns[*order[seen]]))
                g.add(reader, *order[seen], DepKind::RW,
                      shown(*key_json[k]) + ": " + txns[reader].name + " read " + (seen ? "up to " + shown((*longest)[seen - 1]) : std::string("nothing")) +
                          ", before " + shown((*longest)[seen]) + " was appended");
        }
    }
}

void infer_rw_register(const std::vector<Txn>& txns, Graph& g, Judge& judge) {
    const auto writers = writers_of(txns, "w");
    // Version pairs known per key: (earlier value, later value), dumped; the earlier may be null.
    std::map<std::string, std::set<std::pair<std::string, std::string>>> before;
    // External reads per key: (txn, value dumped).
    std::map<std::string, std::vector<std::pair<std::size_t, std::string>>> reads;
    std::map<std::string, const Json*> key_json;
    std::map<std::string, const Json*> value_json;
    for (std::size_t i = 0; i < txns.size(); ++i) {
        std::map<std::string, std::string> read_first;   // key -> the value its external read saw
        std::set<std::string> wrote;
        for (const MicroOp& m : txns[i].ops) {
            const std::string k = m.key.dump();
            key_json[k] = &m.key;
            value_json[m.value.dump()] = &m.value;
            if (m.f == "w") {
                if (committed(txns[i]))
                    if (const auto r = read_first.find(k); r != read_first.end() && !wrote.count(k))
                        before[k].insert({r->second, m.value.dump()});
                wrote.insert(k);
            } else if (m.f == "r" && committed(txns[i]) && !wrote.count(k) && !read_first.count(k)) {
                read_first[k] = m.value.dump();
                reads[k].push_back({i, m.value.dump()});
                if (!m.value.is_null())
                    judge_read(judge, txns, i, m.key, m.value, writers, true);
            }
        }
    }
    const auto writer = [&](const std::string& k, const std::string& v) -> std::optional<std::size_t> {
        const auto w = writers.find({k, v});
        if (w == writers.end() || !may_have_written(txns[w->second.txn]))
            return std::nullopt;
        return w->second.txn;
    };
    for (const auto& [k, pairs] : before) {
        const std::string key = shown(*key_json[k]);
        for (const auto& [v1, v2] : pairs) {
            const auto w2 = writer(k, v2);
            if (!w2)
                continue;
            if (const auto w1 = writer(k, v1))
                g.add(*w1, *w2, DepKind::WW, key + ": " + shown(*value_json[v1]) + " then " + shown(*value_json[v2]));
            for (const auto& [reader, v] : reads[k])
                if (v == v1)
                    g.add(reader, *w2, DepKind::RW,
                          key + ": " + txns[reader].name + " read " + shown(*value_json[v1]) + ", older than " +
                              shown(*value_json[v2]));
        }
    }
    for (const auto& [k, list] : reads)
        for (const auto& [reader, v] : list)
            if (const auto w = writer(k, v))
                g.add(*w, reader, DepKind::WR, shown(*key_json[k]) + ": " + txns[reader].name + " read " + shown(*value_json[v]));
}

// Tarjan's strongly connected components over the dependencies `allowed` accepts: each node's
// component number.
template <class Allowed>
std::vector<std::size_t> components(const Graph& g, Allowed&& allowed) {
    const std::size_t n = g.size();
    std::vector<std::vector<std::size_t>> out(n);
    for (const Dep& d : g.deps())
        if (allowed(d.kind))
            out[d.from].push_back(d.to);
    std::vector<std::size_t> index(n, SIZE_MAX), low(n, 0), comp(n, SIZE_MAX);
    std::vector<bool> on_stack(n, false);
    std::vector<std::size_t> stack;
    std::size_t next_index = 0, next_comp = 0;
    // Iterative, so a long chain of dependencies cannot overflow the call stack.
    for (std::size_t root = 0; root < n; ++root) {
        if (index[root] != SIZE_MAX)
            continue;
        std::vector<std::pair<std::size_t, std::size_t>> frames{{root, 0}};
        index[root] = low[root] = next_index++;
        stack.push_back(root);
        on_stack[root] = true;
        while (!frames.empty()) {
            auto& [u, edge] = frames.back();
            if (edge < out[u].size()) {
                const std::size_t v = out[u][edge++];
                if (index[v] == SIZE_MAX) {
                    index[v] = low[v] = next_index++;
                    stack.push_back(v);
                    on_stack[v] = true;
                    frames.push_back({v, 0});
                } else if (on_stack[v]) {
                    low[u] = std::min(low[u], index[v]);
                }
                continue;
            }
            if (low[u] == index[u]) {
                std::size_t v;
                do {
                    v = stack.back();
                    stack.pop_back();
                    on_stack[v] = false;
                    comp[v] = next_comp;
                } while (v != u);
                ++next_comp;
            }
            const std::size_t done = u;
            frames.pop_back();
            if (!frames.empty())
                low[frames.back().first] = std::min(low[frames.back().first], low[done]);
        }
    }
    return comp;
}

}  // namespace

std::string_view to_string(DepKind kind) {
    switch (kind) {
        case DepKind::WW: return "ww";
        case DepKind::WR: return "wr";
        case DepKind::RW: return "rw";
    }
    return "ww";
}

TxnJudgement check_txns(TxnModel model, const std::vector<Txn>& txns, Clock::time_point budget) {
    TxnJudgement out;
    for (const Txn& t : txns)
        out.committed += committed(t) ? 1 : 0;
    Judge judge(txns, out);
    Graph g(txns.size());
    if (model == TxnModel::ListAppend)
        infer_list_append(txns, g, judge);
    else
        infer_rw_register(txns, g, judge);
    out.edges = g.deps().size();

    const auto ww = [](DepKind k) { return k == DepKind::WW; };
    const auto ww_wr = [](DepKind k) { return k != DepKind::RW; };
    const auto any = [](DepKind) { return true; };
    // For each dependency of `kinds` that `closing` accepts, within one component of `scope`: the
    // shortest way back over `over` closes a cycle named `name`.
    const auto search = [&](const std::string& name, auto&& closing, auto&& scope, auto&& over) {
        const std::vector<std::size_t> comp = components(g, scope);
        for (const Dep& d : g.deps()) {
            if (out.counts[name] >= TxnJudgement::kShown)
                return;
            if (Clock::now() > budget) {
                out.complete = false;
                return;
            }
            if (!closing(d.kind) || comp[d.from] != comp[d.to])
                continue;
            if (auto back = g.path(d.to, d.from, over)) {
                std::vector<Dep> steps{d};
                steps.insert(steps.end(), back->begin(), back->end());
                judge.cycle(name, std::move(steps));
            }
        }
    };
    search("G0", ww, ww, ww);
    search("G1c", [](DepKind k) { return k == DepKind::WR; }, ww_wr, ww_wr);
    search("G-single", [](DepKind k) { return k == DepKind::RW; }, any, ww_wr);
    // G2: a cycle through an anti-dependency that no way back without anti-dependencies closes
    // (that would be G-single), so it has two or more.
    {
        const std::vector<std::size_t> comp = components(g, any);
        for (const Dep& d : g.deps()) {
            if (out.counts["G2"] >= TxnJudgement::kShown)
                break;
            if (Clock::now() > budget) {
                out.complete = false;
                break;
            }
            if (d.kind != DepKind::RW || comp[d.from] != comp[d.to] || g.path(d.to, d.from, ww_wr))
                continue;
            if (auto back = g.path(d.to, d.from, any)) {
                std::vector<Dep> steps{d};
                steps.insert(steps.end(), back->begin(), back->end());
                judge.cycle("G2", std::move(steps));
            }
        }
    }
    // Kinds found none of are not counted.
    for (auto it = out.counts.begin(); it != out.counts.end();)
        it = it->second == 0 ? out.counts.erase(it) : std::next(it);
    return out;
}

}  // namespace distlab::netlab::maelstrom
