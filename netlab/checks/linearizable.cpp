#include "netlab/checks/linearizable.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>

#include "core/model/json.h"
#include "netlab/checks/check_support.h"
#include "netlab/checks/client_filter.h"
#include "netlab/checks/search_budget.h"

namespace distlab::netlab {

namespace {

using history_search::Budget;
using history_search::Clock;
using history_search::Deadline;
using history_search::mix64;

constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();

std::string value_text(const std::optional<std::string>& v) { return v ? *v : "null"; }

// ---- the history of one key, ready for the search ----

// A register operation with values interned per key (0: absent).
struct RegOp {
    KvOperation::Kind kind = KvOperation::Kind::Get;
    bool info = false;
    std::int32_t value = 0;    // put: written; get: read; cas: new value
    std::int32_t from = 0;     // cas: expected
    std::int64_t call = 0;
    std::int64_t ret = kNever;  // kNever: may take effect any time after call (or never)
    std::size_t source = 0;     // index into the whole history
};

// The register model: the state after `op`, or -1 when `op` cannot happen in `state`.
// An Info cas whose compare fails simply had no effect.
std::int32_t step(std::int32_t state, const RegOp& op) {
    switch (op.kind) {
        case KvOperation::Kind::Put: return op.value;
        case KvOperation::Kind::Get: return state == op.value ? state : -1;
        case KvOperation::Kind::Cas:
            if (state == op.from)
                return op.value;
            return op.info ? state : -1;
    }
    return -1;
}

// The memo of Lowe's improvement: (set of linearized ops, state) pairs already explored.
// Open addressing over a flat arena of bitsets.
class Memo {
public:
    explicit Memo(std::size_t ops) : words_((ops + 63) / 64) { slots_.resize(1024); }

    // Inserts; false when already present.
    bool insert(const std::vector<std::uint64_t>& bits, std::uint64_t bits_hash, std::int32_t state) {
        if ((count_ + 1) * 2 > slots_.size())
            grow();
        const std::uint64_t h = mix64(bits_hash ^ (static_cast<std::uint64_t>(state) * 0x9e3779b97f4a7c15ull));
        std::size_t i = h & (slots_.size() - 1);
        for (;; i = (i + 1) & (slots_.size() - 1)) {
            Slot& s = slots_[i];
            if (!s.used) {
                s = {h, static_cast<std::uint32_t>(arena_.size() / std::max<std::size_t>(words_, 1)), state, true};
                arena_.insert(arena_.end(), bits.begin(), bits.end());
                ++count_;
                return true;
            }
            if (s.hash == h && s.state == state &&
                std::equal(bits.begin(), bits.end(), arena_.begin() + static_cast<std::ptrdiff_t>(s.offset * words_)))
                return false;
        }
    }

private:
    struct Slot {
        std::uint64_t hash = 0;
        std::uint32_t offset = 0;   // in bitsets
        std::int32_t state = 0;
        bool used = false;
    };

    void grow() {
        std::vector<Slot> old = std::move(slots_);
        slots_.assign(old.size() * 2, Slot{});
        for (const Slot& s : old) {
            if (!s.used)
                continue;
            std::size_t i = s.hash & (slots_.size() - 1);
            while (slots_[i].used)
                i = (i + 1) & (slots_.size() - 1);
            slots_[i] = s;
        }
    }

    std::size_t words_;
    std::vector<Slot> slots_;
    std::vector<std::uint64_t> arena_;
    std::size_t count_ = 0;
};

struct SearchOutcome {
    enum class Answer { Linearizable, NotLinearizable, OutOfTime } answer = Answer::Linearizable;
    std::size_t failed_at = 0;   // the op whose return the deepest attempt could not pass
    std::size_t deepest = 0;     // most ops linearized at once
};

// Wing & Gong's search with Lowe's memo over `ops` (one key). Entries are calls and returns in
// time order (a call before a return at the same instant: touching intervals overlap); lifting
// an op out of the list linearizes it, and a return reached with its op still in the list
// means backtracking. `model(state, i)` is the model: the state after op i, or -1. Any Op with
// `call` and `ret` will do: the register's RegOp, or a SequentialModel's ops.
template <class Op, class Step>
SearchOutcome search(const std::vector<Op>& ops, Step&& model, Budget& budget) {
    SearchOutcome out;
    const std::size_t n = ops.size();
    if (n == 0)
        return out;

    struct Entry {
        std::int64_t time;
        bool is_return;
        std::size_t op;
    };
    std::vector<Entry> entries;
    entries.reserve(2 * n);
    for (std::size_t i = 0; i < n; ++i) {
        entries.push_back({ops[i].call, false, i});
        entries.push_back({ops[i].ret, true, i});
    }
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
        if (a.time != b.time)
            return a.time < b.time;
        if (a.is_return != b.is_return)
            return !a.is_return;
        return a.op < b.op;
    });

    // A doubly linked list over the entries; index 2n is the head sentinel, -1 the end.
    const std::size_t head = 2 * n;
    std::vector<std::ptrdiff_t> next(2 * n + 1), prev(2 * n + 1);
    std::vector<std::size_t> call_of(n), return_of(n);
    for (std::size_t i = 0; i < 2 * n; ++i) {
        (entries[i].is_return ? return_of : call_of)[entries[i].op] = i;
        next[i] = i + 1 < 2 * n ? static_cast<std::ptrdiff_t>(i + 1) : -1;
        prev[i] = i == 0 ? static_cast<std::ptrdiff_t>(head) : static_cast<std::ptrdiff_t>(i - 1);
    }
    next[head] = 0;
    prev[head] = -1;
    auto unlink = [&](std::size_t e) {
        next[static_cast<std::size_t>(prev[e])] = next[e];
        if (next[e] >= 0)
            prev[static_cast<std::size_t>(next[e])] = prev[e];
    };
    auto relink = [&](std::size_t e) {
        next[static_cast<std::size_t>(prev[e])] = static_cast<std::ptrdiff_t>(e);
        if (next[e] >= 0)
            prev[static_cast<std::size_t>(next[e])] = static_cast<std::ptrdiff_t>(e);
    };

    std::vector<std::uint64_t> zobrist(n);
    for (std::size_t i = 0; i < n; ++i)
        zobrist[i] = mix64(i * 0x2545f4914f6cdd1dull + 1);

    Memo memo(n);
    std::vector<std::uint64_t> bits((n + 63) / 64, 0);
    std::uint64_t bits_hash = 0;
    std::int32_t state = 0;
    struct Frame {
        std::size_t op;
        std::int32_t state_before;
    };
    std::vector<Frame> stack;
    stack.reserve(n);

    std::ptrdiff_t e = next[head];
    while (next[head] >= 0) {
        if (budget.expired()) {
            out.answer = SearchOutcome::Answer::OutOfTime;
            return out;
        }
        const auto ue = static_cast<std::size_t>(e);
        const Entry& entry = entries[ue];
        if (!entry.is_return) {
            const std::size_t op = entry.op;
            const std::int32_t after = model(state, op);
            if (after >= 0) {
                bits[op / 64] |= 1ull << (op % 64);
                if (memo.insert(bits, bits_hash ^ zobrist[op], after)) {
                    stack.push_back({op, state});
                    state = after;
                    bits_hash ^= zobrist[op];
                    unlink(call_of[op]);
                    unlink(return_of[op]);
                    e = next[head];
                    continue;
                }
                bits[op / 64] &= ~(1ull << (op % 64));
            }
            e = next[ue];
            continue;
        }
        // A return whose op is not linearized yet: something placed earlier must move.
        if (stack.size() >= out.deepest) {
            out.deepest = stack.size();
            out.failed_at = entry.op;
        }
        if (stack.empty()) {
            out.answer = SearchOutcome::Answer::NotLinearizable;
            return out;
        }
        const Frame top = stack.back();
        stack.pop_back();
        state = top.state_before;
        bits[top.op / 64] &= ~(1ull << (top.op % 64));
        bits_hash ^= zobrist[top.op];
        relink(return_of[top.op]);
        relink(call_of[top.op]);
        e = next[call_of[top.op]];
    }
    out.deepest = n;
    return out;
}

auto register_step(const std::vector<RegOp>& ops) {
    return [&ops](std::int32_t state, std::size_t i) { return step(state, ops[i]); };
}

// ---- one key ----

class KeyHistory {
public:
    KeyHistory(const std::vector<KvOperation>& all, const std::vector<std::size_t>& indices) {
        std::unordered_map<std::string, std::int32_t> ids;
        auto intern = [&](const std::optional<std::string>& v) -> std::int32_t {
            if (!v)
                return 0;
            auto [it, added] = ids.try_emplace(*v, static_cast<std::int32_t>(ids.size() + 1));
            return it->second;
        };
        std::vector<RegOp> candidates;
        std::set<std::int32_t> observed;
        for (std::size_t index : indices) {
            const KvOperation& op = all[index];
            if (op.outcome == KvOperation::Outcome::Fail)
                continue;
            RegOp r;
            r.kind = op.kind;
            r.info = op.outcome == KvOperation::Outcome::Info || !op.completed_ns;
            r.value = intern(op.value);
            r.from = intern(op.from);
            r.call = op.invoked_ns;
            r.ret = r.info ? kNever : *op.completed_ns;
            r.source = index;
            // An unknown read observed nothing and changed nothing.
            if (r.info && r.kind == KvOperation::Kind::Get)
                continue;
            if (r.kind == KvOperation::Kind::Get && r.value != 0)
                observed.insert(r.value);
            if (r.kind == KvOperation::Kind::Cas && r.from != 0)
                observed.insert(r.from);
            candidates.push_back(r);
        }
        // An unknown write of a value nobody observed can always be placed just before the next
        // write, or never: leaving it out changes no answer and saves the search a branch.
        for (const RegOp& r : candidates) {
            if (r.info && r.kind != KvOperation::Kind::Get && observed.count(r.value) == 0) {
                ++dropped_;
                continue;
            }
            ops_.push_back(r);
        }
        for (std::size_t i = 0; i < ops_.size(); ++i)
            if (ops_[i].kind != KvOperation::Kind::Get && ops_[i].value != 0)
                writers_[ops_[i].value].push_back(i);
    }

    const std::vector<RegOp>& ops() const { return ops_; }
    std::size_t dropped() const { return dropped_; }

    std::vector<RegOp> subset(const std::vector<std::size_t>& local) const {
        std::vector<RegOp> out;
        out.reserve(local.size());
        for (std::size_t i : local)
            out.push_back(ops_[i]);
        return out;
    }

    // The values op `i` depends on having been written.
    std::vector<std::int32_t> observes(std::size_t i) const {
        const RegOp& r = ops_[i];
        if (r.kind == KvOperation::Kind::Get && r.value != 0)
            return {r.value};
        if (r.kind == KvOperation::Kind::Cas && r.from != 0)
            return {r.from};
        return {};
    }

    // Adds the writers of every value the chosen ops observe, transitively. A sub-history closed
    // this way that is not linearizable proves the whole history is not: removing a write that
    // no remaining op observes keeps any linearization valid.
    std::vector<std::size_t> closed(std::vector<std::size_t> local) const {
        std::set<std::size_t> in(local.begin(), local.end());
        for (std::size_t k = 0; k < local.size(); ++k) {
            for (std::int32_t v : observes(local[k])) {
                auto it = writers_.find(v);
                if (it == writers_.end())
                    continue;
                for (std::size_t w : it->second)
                    if (in.insert(w).second)
                        local.push_back(w);
            }
        }
        std::sort(local.begin(), local.end());
        return local;
    }

    // Whether removing op `i` from `local` keeps it closed.
    bool removable(const std::vector<std::size_t>& local, std::size_t i) const {
        const RegOp& r = ops_[i];
        if (r.kind == KvOperation::Kind::Get || r.value == 0)
            return true;
        for (std::size_t j : local)
            if (j != i)
                for (std::int32_t v : observes(j))
                    if (v == r.value) {
                        const auto& ws = writers_.at(v);
                        const bool other = std::any_of(ws.begin(), ws.end(), [&](std::size_t w) {
                            return w != i && std::find(local.begin(), local.end(), w) != local.end();
                        });
                        if (!other)
                            return false;
                    }
        return true;
    }

private:
    std::vector<RegOp> ops_;
    std::size_t dropped_ = 0;
    std::unordered_map<std::int32_t, std::vector<std::size_t>> writers_;
};

// True: not linearizable; false: linearizable; nullopt: out of time.
std::optional<bool> fails(const KeyHistory& key, const std::vector<std::size_t>& local, Deadline deadline,
                          std::size_t* failed_at = nullptr) {
    Budget budget(deadline);
    const std::vector<RegOp> ops = key.subset(local);
    const SearchOutcome out = search(ops, register_step(ops), budget);
    if (out.answer == SearchOutcome::Answer::OutOfTime)
        return std::nullopt;
    if (failed_at && out.answer == SearchOutcome::Answer::NotLinearizable)
        *failed_at = local[out.failed_at];
    return out.answer == SearchOutcome::Answer::NotLinearizable;
}

// The smallest closed failing sub-history found around `failed` (a local index) before
// `deadline`: the op and the writes it observed, else the ops overlapping ever wider windows
// that end where the search failed, then removing ops one at a time while it still fails.
std::vector<std::size_t> smallest_witness(const KeyHistory& key, std::size_t failed, Deadline deadline) {
    const auto& ops = key.ops();
    std::vector<std::size_t> all(ops.size());
    for (std::size_t i = 0; i < ops.size(); ++i)
        all[i] = i;
    const RegOp& x = ops[failed];
    std::int64_t end = x.ret;
    if (end == kNever) {
        end = x.call;
        for (const RegOp& r : ops)
            end = std::max(end, r.ret == kNever ? r.call : r.ret);
    }
    std::vector<std::size_t> witness = all;
    // The op with only the writes it needs: a read of a value nobody wrote fails alone.
    if (std::vector<std::size_t> alone = key.closed({failed}); alone.size() < witness.size()) {
        const auto verdict = fails(key, alone, deadline);
        if (!verdict)
            return witness;
        if (*verdict)
            return alone;
    }
    const std::int64_t span = std::max<std::int64_t>(end - x.call, 1'000'000);
    for (std::int64_t width = span;; width *= 2) {
        std::vector<std::size_t> window;
        bool whole_prefix = true;
        for (std::size_t i = 0; i < ops.size(); ++i) {
            if (ops[i].call > end)
                continue;
            if (ops[i].ret >= end - width || i == failed)
                window.push_back(i);
            else
                whole_prefix = false;
        }
        window = key.closed(std::move(window));
        if (window.size() >= witness.size())
            break;
        const auto verdict = fails(key, window, deadline);
        if (!verdict)
            return witness;
        if (*verdict) {
            witness = std::move(window);
            break;
        }
        if (whole_prefix || width > (std::numeric_limits<std::int64_t>::max() / 4))
            break;
    }
    constexpr std::size_t kShrinkLimit = 200;
    if (witness.size() > kShrinkLimit)
        return witness;
    // Later ops first: the ones nearest the failure are the likeliest to be needed. A write kept
    // for a read invoked before it becomes removable once that read is gone: passes repeat
    // while one removes something.
    for (bool removed = true; removed;) {
        removed = false;
        for (std::size_t k = witness.size(); k-- > 0;) {
            if (Clock::now() > deadline)
                return witness;
            const std::size_t candidate = witness[k];
            if (!key.removable(witness, candidate))
                continue;
            std::vector<std::size_t> smaller = witness;
            smaller.erase(smaller.begin() + static_cast<std::ptrdiff_t>(k));
            const auto verdict = fails(key, smaller, deadline);
            if (!verdict)
                return witness;
            if (*verdict) {
                witness = std::move(smaller);
                removed = true;
            }
        }
    }
    return witness;
}

// ---- the check ----

class Linearizable final : public Check {
public:
    explicit Linearizable(ClientFilter clients) : clients_(std::move(clients)) {}

    CheckResult evaluate(const RunView& run, Deadline deadline) const override {
        const KvHistory history = kv_history_of(run.events, clients_);
        LinearizabilityResult r = check_linearizable(history.ops, deadline);
        CheckResult out;
        out.verdict = r.verdict;
        out.detail = std::move(r.detail);
        out.detail_zh = std::move(r.detail_zh);
        if (history.ignored > 0) {
            out.detail += " (" + std::to_string(history.ignored) + " non-kv or malformed ops ignored)";
            out.detail_zh += "（忽略了 " + std::to_string(history.ignored) + " 个非 kv 或格式错误的操作）";
        }
        out.window_ns = r.window_ns;
        if (r.verdict == Verdict::Fail) {
            // The op no order places first, then the rest of the witness.
            std::vector<std::size_t> order{r.failed_at};
            for (std::size_t i : r.witness)
                if (i != r.failed_at)
                    order.push_back(i);
            involve_kv_ops(run.events, history.ops, order, out);
        }
        if (!clients_.empty()) {
            out.detail += " (ops" + where_en(clients_) + ")";
            out.detail_zh += "（" + where_zh(clients_) + "操作）";
        }
        return out;
    }

private:
    ClientFilter clients_;
};

std::optional<std::string> optional_string_field(const Json& obj, const char* name, bool* ok) {
    const auto it = obj.find(name);
    if (it == obj.end() || !(it->is_string() || it->is_null())) {
        *ok = false;
        return std::nullopt;
    }
    if (it->is_null())
        return std::nullopt;
    return it->get<std::string>();
}

}  // namespace

KvHistory kv_history(const std::vector<Event>& events) {
    KvHistory history;
    std::map<std::pair<std::string_view, std::uint64_t>, std::size_t> open;
    std::vector<bool> usable;
    for (const Event& e : events) {
        if (e.kind == EventKind::OpInvoked) {
            KvOperation op;
            if (e.type == "put")
                op.kind = KvOperation::Kind::Put;
            else if (e.type == "get")
                op.kind = KvOperation::Kind::Get;
            else if (e.type == "cas")
                op.kind = KvOperation::Kind::Cas;
            else {
                ++history.ignored;
                continue;
            }
            const Json data = Json::parse(e.data, nullptr, false);
            bool ok = data.is_object() && data.contains("key") && data["key"].is_string();
            if (ok) {
                op.key = data["key"].get<std::string>();
                if (op.kind == KvOperation::Kind::Put) {
                    op.value = optional_string_field(data, "value", &ok);
                    ok = ok && op.value.has_value();
                } else if (op.kind == KvOperation::Kind::Cas) {
                    op.from = optional_string_field(data, "from", &ok);
                    op.value = optional_string_field(data, "to", &ok);
                    ok = ok && op.value.has_value();
                }
            }
            if (!ok) {
                ++history.ignored;
                continue;
            }
            op.client = e.node;
            op.id = e.msg_id;
            op.invoked_ns = e.t_ns;
            op.outcome = KvOperation::Outcome::Info;
            history.ops.push_back(std::move(op));
            open[{e.node, e.msg_id}] = history.ops.size() - 1;
        } else if (e.kind == EventKind::OpCompleted) {
            auto it = open.find({e.node, e.msg_id});
            if (it == open.end())
                continue;
            KvOperation& op = history.ops[it->second];
            open.erase(it);
            op.completed_ns = e.t_ns;
            if (e.type == "ok") {
                op.outcome = KvOperation::Outcome::Ok;
                if (op.kind == KvOperation::Kind::Get) {
                    const Json data = Json::parse(e.data, nullptr, false);
                    bool ok = data.is_object();
                    if (ok)
                        op.value = optional_string_field(data, "value", &ok);
                    // A read whose answer was not recorded tells nothing: unknown.
                    if (!ok)
                        op.outcome = KvOperation::Outcome::Info;
                }
            } else if (e.type == "fail") {
                op.outcome = KvOperation::Outcome::Fail;
            } else {
                op.outcome = KvOperation::Outcome::Info;
            }
        }
    }
    return history;
}

std::string describe(const KvOperation& op) {
    std::string text = op.client + " ";
    switch (op.kind) {
        case KvOperation::Kind::Put: text += "put " + op.key + "=" + value_text(op.value); break;
        case KvOperation::Kind::Get:
            text += "get " + op.key;
            if (op.outcome == KvOperation::Outcome::Ok)
                text += "->" + value_text(op.value);
            break;
        case KvOperation::Kind::Cas:
            text += "cas " + op.key + " " + value_text(op.from) + "->" + value_text(op.value);
            break;
    }
    if (op.outcome == KvOperation::Outcome::Info || !op.completed_ns)
        return text + " [" + seconds_text(op.invoked_ns) + ", unknown]";
    if (op.outcome == KvOperation::Outcome::Fail)
        return text + " [" + seconds_text(op.invoked_ns) + ", " + seconds_text(*op.completed_ns) + ", failed]";
    return text + " [" + seconds_text(op.invoked_ns) + ", " + seconds_text(*op.completed_ns) + "]";
}

void involve_kv_ops(const std::vector<Event>& events, const std::vector<KvOperation>& ops,
                    const std::vector<std::size_t>& order, CheckResult& out) {
    // A span opens kRequestLead early: the real lab routes the frames of a node's read before it
    // stamps the op frames that came with them, so an op's own request is stamped a few
    // microseconds before its invocation.
    constexpr std::int64_t kRequestLead = 100'000;
    std::map<std::string_view, std::vector<std::pair<std::int64_t, std::int64_t>>> open;
    for (std::size_t i : order) {
        const KvOperation& op = ops[i];
        involve_op(out, op.client, op.id);
        open[op.client].emplace_back(op.invoked_ns - kRequestLead, op.completed_ns.value_or(kNever));
    }
    for (const Event& e : events) {
        if (e.kind != EventKind::MessageSent)
            continue;
        for (const std::string_view client : {std::string_view(e.node), std::string_view(e.peer)}) {
            const auto it = open.find(client);
            if (it == open.end())
                continue;
            if (std::any_of(it->second.begin(), it->second.end(),
                            [&](const auto& span) { return e.t_ns >= span.first && e.t_ns <= span.second; })) {
                involve_message(out, e.node, e.msg_id, e.peer);
                break;
            }
        }
    }
}

LinearizabilityResult check_linearizable(const std::vector<KvOperation>& ops, Deadline deadline) {
    LinearizabilityResult result;
    std::map<std::string, std::vector<std::size_t>> by_key;
    std::size_t failed_ops = 0, unknown_ops = 0;
    for (std::size_t i = 0; i < ops.size(); ++i) {
        by_key[ops[i].key].push_back(i);
        if (ops[i].outcome == KvOperation::Outcome::Fail)
            ++failed_ops;
        else if (ops[i].outcome == KvOperation::Outcome::Info || !ops[i].completed_ns)
            ++unknown_ops;
    }

    struct Failure {
        std::string key;
        const KeyHistory* history;
        std::size_t failed_at;   // local
    };
    std::vector<KeyHistory> keys;
    keys.reserve(by_key.size());
    std::vector<Failure> failures;
    std::size_t checked_keys = 0, checked_ops = 0;
    Budget budget(deadline);
    for (const auto& [key, indices] : by_key) {
        keys.emplace_back(ops, indices);
        const KeyHistory& h = keys.back();
        const SearchOutcome out = search(h.ops(), register_step(h.ops()), budget);
        if (out.answer == SearchOutcome::Answer::OutOfTime) {
            result.verdict = Verdict::Unknown;
            const std::string keys_done = std::to_string(checked_keys), keys_all = std::to_string(by_key.size()),
                              ops_done = std::to_string(checked_ops), ops_all = std::to_string(ops.size()),
                              bad = std::to_string(failures.size()), key_ops = std::to_string(indices.size()),
                              steps = std::to_string(budget.steps());
            result.detail = "ran out of its time budget: " + keys_done + " of " + keys_all + " keys (" + ops_done +
                            " of " + ops_all + " ops) checked" +
                            (failures.empty() ? ", all linearizable" : ", " + bad + " not linearizable") + "; key " +
                            key + " (" + key_ops + " ops) unfinished after " + steps + " search steps";
            result.detail_zh = "时间预算用完：已检查 " + keys_done + " / " + keys_all + " 个键（" + ops_done + " / " +
                               ops_all + " 个操作）" +
                               (failures.empty() ? "，全部线性一致" : "，其中 " + bad + " 个不是线性一致的") + "；键 " +
                               key + "（" + key_ops + " 个操作）搜索 " + steps + " 步后仍未完成";
            if (!failures.empty())
                break;
            return result;
        }
        ++checked_keys;
        checked_ops += indices.size();
        if (out.answer == SearchOutcome::Answer::NotLinearizable)
            failures.push_back({key, &h, out.failed_at});
    }

    if (failures.empty()) {
        result.verdict = Verdict::Pass;
        const std::string n = std::to_string(ops.size()), key_count = std::to_string(by_key.size()),
                          unknown = std::to_string(unknown_ops), failed = std::to_string(failed_ops);
        result.detail = n + " ops on " + key_count + (by_key.size() == 1 ? " key" : " keys") + ", linearizable (" +
                        unknown + " unknown outcomes, " + failed + " failed ops left out)";
        result.detail_zh = key_count + " 个键上的 " + n + " 个操作，线性一致（" + unknown + " 个结果未知，" + failed +
                           " 个失败的操作不计）";
        return result;
    }

    // Explain the failure that happened first: the smallest sub-history that still fails,
    // within part of what is left of the budget (an answer past the deadline is not trusted).
    const Failure* first = &failures.front();
    for (const Failure& f : failures)
        if (f.history->ops()[f.failed_at].call < first->history->ops()[first->failed_at].call)
            first = &f;
    const auto now = Clock::now();
    const Deadline explain_by = now + std::min<Clock::duration>((deadline - now) / 4, std::chrono::seconds(2));
    const std::vector<std::size_t> local = smallest_witness(*first->history, first->failed_at, explain_by);
    std::size_t failed_at = first->history->ops()[first->failed_at].source;
    if (std::size_t at = 0; fails(*first->history, local, explain_by, &at).value_or(false))
        failed_at = first->history->ops()[at].source;

    result.verdict = Verdict::Fail;
    result.key = first->key;
    result.failed_at = failed_at;
    std::int64_t lo = kNever, hi = 0;
    for (std::size_t i : local) {
        const RegOp& r = first->history->ops()[i];
        result.witness.push_back(r.source);
        lo = std::min(lo, r.call);
        hi = std::max(hi, r.ret == kNever ? r.call : r.ret);
    }
    std::sort(result.witness.begin(), result.witness.end());
    result.window_ns = std::make_pair(lo, hi);

    constexpr std::size_t kShown = 8;
    std::string listed;
    for (std::size_t k = 0; k < result.witness.size() && k < kShown; ++k)
        listed += (k == 0 ? "" : "; ") + describe(ops[result.witness[k]]);
    std::string listed_zh = listed;
    if (result.witness.size() > kShown) {
        listed += "; and " + std::to_string(result.witness.size() - kShown) + " more";
        listed_zh += "；另有 " + std::to_string(result.witness.size() - kShown) + " 个";
    }
    std::string keys_text, keys_text_zh;
    if (failures.size() > 1) {
        keys_text = " (" + std::to_string(failures.size()) + " of " + std::to_string(by_key.size()) +
                    " keys are not linearizable)";
        keys_text_zh = "（" + std::to_string(by_key.size()) + " 个键中有 " + std::to_string(failures.size()) +
                       " 个不是线性一致的）";
    }
    const std::string in_all = std::to_string(ops.size());
    if (result.witness.size() == 1) {
        // A lone op fails when it observed a value no op that may have happened wrote.
        const KvOperation& lone = ops[result.witness.front()];
        const std::optional<std::string> seen = lone.kind == KvOperation::Kind::Get ? lone.value : lone.from;
        std::string writer = "no operation wrote it", writer_zh = "没有任何操作写入过它";
        for (const KvOperation& w : ops)
            if (w.key == lone.key && w.kind != KvOperation::Kind::Get && seen && w.value == seen) {
                writer = "only " + describe(w) + " wrote it";
                writer_zh = "只有 " + describe(w) + " 写入过它";
                break;
            }
        result.detail = "key " + first->key + " is not linearizable" + keys_text + ": " + describe(lone) +
                        " observed " + value_text(seen) + ", but " + writer + " (" + in_all + " ops in all)";
        result.detail_zh = "键 " + first->key + " 不是线性一致的" + keys_text_zh + "：" + describe(lone) + " 读到了 " +
                           value_text(seen) + "，但" + writer_zh + "（共 " + in_all + " 个操作）";
        return result;
    }
    const std::string witnesses = std::to_string(result.witness.size());
    result.detail = "key " + first->key + " is not linearizable" + keys_text + ": these " + witnesses +
                    " ops cannot be ordered: " + listed + "; no order places " + describe(ops[failed_at]) + " (" +
                    in_all + " ops in all)";
    result.detail_zh = "键 " + first->key + " 不是线性一致的" + keys_text_zh + "：这 " + witnesses +
                       " 个操作无法排出顺序：" + listed_zh + "；没有任何顺序能容纳 " + describe(ops[failed_at]) +
                       "（共 " + in_all + " 个操作）";
    return result;
}

namespace {

// An operation of a SequentialModel's history, as the search sees it.
struct ModelStep {
    std::int64_t call = 0;
    std::int64_t ret = kNever;
    std::size_t source = 0;
};

}  // namespace

LinearizabilityResult check_linearizable_model(const std::vector<ModelOperation>& ops,
                                               const std::function<std::unique_ptr<SequentialModel>()>& make_model,
                                               Deadline deadline) {
    LinearizabilityResult result;
    std::map<std::string, std::vector<ModelStep>> by_partition;
    std::size_t failed_ops = 0, unknown_ops = 0;
    for (std::size_t i = 0; i < ops.size(); ++i) {
        const ModelOperation& op = ops[i];
        if (op.outcome == KvOperation::Outcome::Fail) {
            ++failed_ops;
            by_partition[op.partition];
            continue;
        }
        const bool unknown = op.outcome == KvOperation::Outcome::Info || !op.completed_ns;
        unknown_ops += unknown ? 1 : 0;
        by_partition[op.partition].push_back({op.invoked_ns, unknown ? kNever : *op.completed_ns, i});
    }
    // Every partition is searched, and the failure that happened first explained, as for registers.
    struct Failure {
        const std::string* partition;
        const std::vector<ModelStep>* steps;
        SearchOutcome out;
    };
    std::optional<Failure> first;
    Budget budget(deadline);
    std::size_t checked = 0, failing = 0;
    for (const auto& [partition, steps] : by_partition) {
        const std::unique_ptr<SequentialModel> model = make_model();
        const auto model_step = [&](std::int32_t state, std::size_t i) { return model->step(state, steps[i].source); };
        const SearchOutcome out = search(steps, model_step, budget);
        if (out.answer == SearchOutcome::Answer::OutOfTime) {
            if (first)
                break;   // a failure found is a verdict; the partitions left do not change it
            result.verdict = Verdict::Unknown;
            result.detail = "ran out of its time budget: " + std::to_string(checked) + " of " +
                            std::to_string(by_partition.size()) + " partitions checked, all linearizable; " +
                            partition + " (" + std::to_string(steps.size()) + " ops) unfinished after " +
                            std::to_string(budget.steps()) + " search steps";
            result.detail_zh = "时间预算用完：已检查 " + std::to_string(checked) + " / " +
                               std::to_string(by_partition.size()) + " 个分区，全部线性一致；分区 " + partition +
                               "（" + std::to_string(steps.size()) + " 个操作）搜索 " +
                               std::to_string(budget.steps()) + " 步后仍未完成";
            return result;
        }
        ++checked;
        if (out.answer == SearchOutcome::Answer::NotLinearizable) {
            ++failing;
            if (!first || steps[out.failed_at].call < (*first->steps)[first->out.failed_at].call)
                first = Failure{&partition, &steps, out};
        }
    }
    if (first) {
        const std::vector<ModelStep>& steps = *first->steps;
        const ModelStep& x = steps[first->out.failed_at];
        result.verdict = Verdict::Fail;
        result.key = *first->partition;
        result.failed_at = x.source;
        // The ops overlapping it, and the last few that returned before it was called (the state
        // it should have seen comes from them).
        constexpr std::size_t kBefore = 8;
        const std::int64_t x_end = x.ret == kNever ? kNever - 1 : x.ret;
        std::vector<const ModelStep*> before;
        std::int64_t lo = x.call, hi = x.ret == kNever ? x.call : x.ret;
        for (const ModelStep& s : steps) {
            if (s.call <= x_end && s.ret >= x.call) {
                result.witness.push_back(s.source);
                lo = std::min(lo, s.call);
                hi = std::max(hi, s.ret == kNever ? s.call : s.ret);
            } else if (s.ret < x.call) {
                before.push_back(&s);
            }
        }
        std::sort(before.begin(), before.end(), [](const ModelStep* a, const ModelStep* b) { return a->ret > b->ret; });
        for (std::size_t k = 0; k < before.size() && k < kBefore; ++k) {
            result.witness.push_back(before[k]->source);
            lo = std::min(lo, before[k]->call);
        }
        std::sort(result.witness.begin(), result.witness.end());
        result.window_ns = std::make_pair(lo, hi);
        const std::string at = std::to_string(x.source), placed = std::to_string(first->out.deepest),
                          size = std::to_string(steps.size()), others = std::to_string(failing - 1);
        result.detail = result.key + " is not linearizable: no order places op " + at + " (at most " + placed +
                        " of its " + size + " ops could be ordered)" +
                        (failing > 1 ? "; " + others + " other partitions are not linearizable either" : "");
        result.detail_zh = result.key + " 不是线性一致的：没有任何顺序能容纳操作 " + at + "（其 " + size +
                           " 个操作中最多只能排出 " + placed + " 个）" +
                           (failing > 1 ? "；另有 " + others + " 个分区也不是线性一致的" : "");
        return result;
    }
    result.verdict = Verdict::Pass;
    const std::string n = std::to_string(ops.size()), parts = std::to_string(by_partition.size()),
                      unknown = std::to_string(unknown_ops), failed = std::to_string(failed_ops);
    result.detail = n + " ops in " + parts + (by_partition.size() == 1 ? " partition" : " partitions") +
                    ", linearizable (" + unknown + " unknown outcomes, " + failed + " failed ops left out)";
    result.detail_zh = parts + " 个分区中的 " + n + " 个操作，线性一致（" + unknown + " 个结果未知，" + failed +
                       " 个失败的操作不计）";
    return result;
}

void register_linearizable_check(CheckRegistry& registry) {
    registry.add({.name = "linearizable",
                  .en = "The key-value history is linearizable: every operation seems to take effect at one "
                        "instant between its call and its return (unknown outcomes: at any time after the call, "
                        "or never).",
                  .zh = "键值历史是线性一致的：每个操作都像是在调用与返回之间的某一瞬间生效"
                        "（结果未知的操作：在调用之后的任意时刻生效，或从未生效）。",
                  .params = {{.name = "model",
                              .type = core::ParamType::Choice,
                              .choices = {"kv"},
                              .en = "the model: kv, a register per key",
                              .zh = "模型：kv，每个键一个寄存器"},
                             where_param()},
                  .shorthand = "model",
                  .applies_to = {RoleFilter::client()},
                  .make = [](const core::Params& args) -> std::unique_ptr<Check> {
                      return std::make_unique<Linearizable>(where_of(args));
                  }});
}

}  // namespace distlab::netlab
