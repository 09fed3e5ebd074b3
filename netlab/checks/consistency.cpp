#include "netlab/checks/consistency.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "netlab/checks/check_support.h"
#include "netlab/checks/client_filter.h"
#include "netlab/checks/search_budget.h"

namespace distlab::netlab {

namespace {

using history_search::Budget;
using history_search::Clock;
using history_search::Deadline;
using history_search::mix64;
using core::Text;
using Kind = KvOperation::Kind;
using Outcome = KvOperation::Outcome;

constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();

std::string value_text(const std::optional<std::string>& v) { return v ? *v : "null"; }

bool completed_ok(const KvOperation& op) { return op.outcome == Outcome::Ok && op.completed_ns.has_value(); }

// A put or cas that may have taken effect (ok or unknown).
bool may_write(const KvOperation& op) {
    return op.kind != Kind::Get && op.outcome != Outcome::Fail && op.value.has_value();
}

// The value an ok get returned, or an ok cas found: what the op observed.
std::optional<std::optional<std::string>> observed(const KvOperation& op) {
    if (!completed_ok(op))
        return std::nullopt;
    if (op.kind == Kind::Get)
        return op.value;
    if (op.kind == Kind::Cas)
        return op.from;
    return std::nullopt;
}

// The value `op` needs to find to happen as recorded: an ok get's answer, a cas's expected value
// (an unknown cas too, should it have taken effect).
std::optional<std::optional<std::string>> depends_on(const KvOperation& op) {
    if (op.outcome == Outcome::Fail)
        return std::nullopt;
    if (op.kind == Kind::Cas)
        return op.from;
    return observed(op);
}

// The history's indices per key, each in invocation order.
std::map<std::string, std::vector<std::size_t>> indices_by_key(const std::vector<KvOperation>& ops) {
    std::map<std::string, std::vector<std::size_t>> out;
    for (std::size_t i = 0; i < ops.size(); ++i)
        out[ops[i].key].push_back(i);
    for (auto& [key, indices] : out)
        std::stable_sort(indices.begin(), indices.end(),
                         [&](std::size_t a, std::size_t b) { return ops[a].invoked_ns < ops[b].invoked_ns; });
    return out;
}

std::pair<std::int64_t, std::int64_t> window_of(const std::vector<KvOperation>& ops, const std::vector<std::size_t>& involved) {
    std::int64_t lo = kNever, hi = 0;
    for (std::size_t i : involved) {
        lo = std::min(lo, ops[i].invoked_ns);
        hi = std::max(hi, ops[i].completed_ns.value_or(ops[i].invoked_ns));
    }
    return {lo, std::max(lo, hi)};
}

// ---- a set of writes of one key ----

class Bits {
public:
    explicit Bits(std::size_t n = 0) : words_((n + 63) / 64, 0) {}
    void set(std::size_t i) { words_[i / 64] |= 1ull << (i % 64); }
    void reset(std::size_t i) { words_[i / 64] &= ~(1ull << (i % 64)); }
    bool test(std::size_t i) const { return (words_[i / 64] >> (i % 64)) & 1u; }
    Bits& operator|=(const Bits& o) {
        for (std::size_t k = 0; k < words_.size() && k < o.words_.size(); ++k)
            words_[k] |= o.words_[k];
        return *this;
    }
    const std::vector<std::uint64_t>& words() const { return words_; }
    bool operator==(const Bits&) const = default;

private:
    std::vector<std::uint64_t> words_;
};

// ---- the session guarantees ----

// The first violation of one session guarantee found in a key.
struct Violation {
    std::int64_t at_ns = kNever;           // the violating read's invocation
    std::vector<std::size_t> involved;     // the violating read first
    Text text;
};

struct SessionVerdicts {
    std::size_t judged_reads = 0;          // reads whose value names one write (or is absent)
    std::size_t ryw_reads = 0;             // of those, reads after an own completed write
    std::size_t mr_reads = 0;              // reads after an earlier read of the same client
    std::optional<Violation> ryw, mr, mw;
};

// Walks one key's history in time order (an invocation before a completion at the same instant,
// since session order needs one op to complete strictly before the next begins), tracking per
// client what it knows, and notes each guarantee's first violation.
class SessionWalk {
public:
    SessionWalk(const std::vector<KvOperation>& ops, const std::vector<std::size_t>& indices)
        : ops_(ops), indices_(indices) {
        std::unordered_map<std::string, std::size_t> seen;
        for (std::size_t i : indices) {
            if (!may_write(ops[i]))
                continue;
            local_.emplace(i, writes_.size());
            writes_.push_back(i);
            auto [it, fresh] = seen.emplace(*ops[i].value, i);
            writer_[*ops[i].value] = fresh ? std::optional<std::size_t>(i) : std::nullopt;
        }
        past_.assign(writes_.size(), Bits(writes_.size()));
    }

    SessionVerdicts run() {
        struct Step {
            std::int64_t t;
            bool completion;
            std::size_t op;
        };
        std::vector<Step> steps;
        for (std::size_t i : indices_) {
            if (ops_[i].outcome == Outcome::Fail)
                continue;
            steps.push_back({ops_[i].invoked_ns, false, i});
            if (completed_ok(ops_[i]))
                steps.push_back({*ops_[i].completed_ns, true, i});
        }
        std::sort(steps.begin(), steps.end(), [](const Step& a, const Step& b) {
            if (a.t != b.t)
                return a.t < b.t;
            if (a.completion != b.completion)
                return !a.completion;
            return a.op < b.op;
        });
        for (const Step& s : steps)
            s.completion ? complete(s.op) : invoke(s.op);
        return std::move(out_);
    }

private:
    struct ClientState {
        Bits known;                        // writes it knows of (its own, read, or known to their writers)
        Bits own_past;                     // writes older than one of its own completed writes
        std::vector<std::size_t> own;      // its completed writes
        Bits read_past;                    // writes older than one it read
        std::vector<std::pair<std::size_t, std::size_t>> reads;   // (read, the write it read)
        std::optional<std::size_t> first_read;   // its first completed read of a written value
        // per writer client: the latest-invoked write of it this client read, and that read
        std::map<std::string, std::pair<std::size_t, std::size_t>, std::less<>> latest_of;
    };

    ClientState& client(const std::string& c) {
        auto [it, fresh] = clients_.try_emplace(c);
        if (fresh) {
            it->second.known = Bits(writes_.size());
            it->second.own_past = Bits(writes_.size());
            it->second.read_past = Bits(writes_.size());
        }
        return it->second;
    }

    // The one write whose value `op` observed; nullopt for the absent value, for a value written
    // twice or never, and for a write that began after the read ended.
    std::optional<std::size_t> writer_of(std::size_t op, const std::string& value) const {
        const auto it = writer_.find(value);
        if (it == writer_.end() || !it->second)
            return std::nullopt;
        if (ops_[*it->second].invoked_ns > *ops_[op].completed_ns)
            return std::nullopt;
        return it->second;
    }

    void note(std::optional<Violation>& slot, std::size_t op, std::vector<std::size_t> involved, Text text) {
        if (slot && slot->at_ns <= ops_[op].invoked_ns)
            return;
        slot = Violation{ops_[op].invoked_ns, std::move(involved), std::move(text)};
    }

    void invoke(std::size_t i) {
        const KvOperation& op = ops_[i];
        ClientState& c = client(op.client);
        if (may_write(op))
            past_[local_.at(i)] = c.known;
        const auto seen = observed(op);
        if (!seen)
            return;
        const std::string read = describe(op);
        if (!*seen) {
            ++out_.judged_reads;
            if (!c.own.empty()) {
                ++out_.ryw_reads;
                const std::size_t w = c.own.back();
                note(out_.ryw, i, {i, w},
                     Text{read + " found the key absent, though its own write " + describe(ops_[w]) +
                              " had completed before it began",
                          read + " 发现该键不存在，而它自己的写入 " + describe(ops_[w]) + " 在它开始之前就已完成"});
            }
            if (c.first_read) {
                ++out_.mr_reads;
                const std::size_t r = *c.first_read;
                note(out_.mr, i, {i, r},
                     Text{read + " found the key absent after the same client's " + describe(ops_[r]) +
                              " had read a value",
                          read + " 发现该键不存在，而同一客户端之前的 " + describe(ops_[r]) + " 已读到过值"});
            }
            return;
        }
        const auto x = writer_of(i, **seen);
        if (!x)
            return;
        ++out_.judged_reads;
        const std::size_t lx = local_.at(*x);
        const KvOperation& wx = ops_[*x];
        if (!c.own.empty())
            ++out_.ryw_reads;
        if (c.own_past.test(lx))
            for (std::size_t w : c.own)
                if (past_[local_.at(w)].test(lx)) {
                    note(out_.ryw, i, {i, w, *x},
                         Text{read + " read " + **seen + ", older than its own write " + describe(ops_[w]) +
                                  " that had completed before it began (" + op.client + " knew of " + **seen +
                                  " when it wrote " + value_text(ops_[w].value) + ")",
                              read + " 读到了 " + **seen + "，比它自己在此之前已完成的写入 " + describe(ops_[w]) +
                                  " 更旧（" + op.client + " 写入 " + value_text(ops_[w].value) + " 时已经知道 " +
                                  **seen + "）"});
                    break;
                }
        if (!c.reads.empty())
            ++out_.mr_reads;
        if (c.read_past.test(lx))
            for (const auto& [r, y] : c.reads)
                if (past_[local_.at(y)].test(lx)) {
                    const std::string vy = value_text(ops_[y].value);
                    note(out_.mr, i, {i, r, *x, y},
                         Text{read + " read " + **seen + " after the same client's " + describe(ops_[r]) + " had read " +
                                  vy + ", a newer value (" + ops_[y].client + " knew of " + **seen + " when it wrote " +
                                  vy + ")",
                              read + " 读到了 " + **seen + "，而同一客户端之前的 " + describe(ops_[r]) + " 已读到更新的值 " +
                                  vy + "（" + ops_[y].client + " 写入 " + vy + " 时已经知道 " + **seen + "）"});
                    break;
                }
        if (const auto it = c.latest_of.find(wx.client); it != c.latest_of.end() && completed_ok(wx)) {
            const auto [y, r] = it->second;
            if (*wx.completed_ns < ops_[y].invoked_ns) {
                const std::string vy = value_text(ops_[y].value);
                note(out_.mw, i, {i, r, *x, y},
                     Text{read + " read " + **seen + " after the same client's " + describe(ops_[r]) + " had read " +
                              vy + ", but " + wx.client + " wrote " + **seen + " before " + vy + ": " + describe(wx) +
                              ", then " + describe(ops_[y]),
                          read + " 读到了 " + **seen + "，而同一客户端之前的 " + describe(ops_[r]) + " 已读到 " + vy +
                              "；但 " + wx.client + " 先写 " + **seen + " 后写 " + vy + "：" + describe(wx) + "，然后 " +
                              describe(ops_[y])});
            }
        }
    }

    void complete(std::size_t i) {
        const KvOperation& op = ops_[i];
        ClientState& c = client(op.client);
        if (const auto seen = observed(op); seen && *seen) {
            if (const auto x = writer_of(i, **seen)) {
                const std::size_t lx = local_.at(*x);
                c.known |= past_[lx];
                c.known.set(lx);
                c.read_past |= past_[lx];
                c.reads.emplace_back(i, *x);
                if (!c.first_read)
                    c.first_read = i;
                auto [it, fresh] = c.latest_of.try_emplace(ops_[*x].client, *x, i);
                if (!fresh && ops_[*x].invoked_ns > ops_[it->second.first].invoked_ns)
                    it->second = {*x, i};
                // A cas wrote after what it found: that is in its write's past.
                if (may_write(op)) {
                    past_[local_.at(i)] |= past_[lx];
                    past_[local_.at(i)].set(lx);
                }
            }
        }
        if (may_write(op)) {
            const std::size_t l = local_.at(i);
            c.known |= past_[l];
            c.known.set(l);
            c.own_past |= past_[l];
            c.own.push_back(i);
        }
    }

    const std::vector<KvOperation>& ops_;
    const std::vector<std::size_t>& indices_;
    std::vector<std::size_t> writes_;                                   // global indices
    std::unordered_map<std::size_t, std::size_t> local_;                // global -> index in writes_
    std::unordered_map<std::string, std::optional<std::size_t>> writer_;   // value -> its one writer
    std::vector<Bits> past_;                                            // per write: the writes older than it
    std::map<std::string, ClientState, std::less<>> clients_;
    SessionVerdicts out_;
};

enum class Session { Ryw, Mr, Mw };

// The most writes of one key the session checks follow (a bit per pair of them: 32 MB).
constexpr std::size_t kMaxWritesPerKey = 16384;

ModelResult session_check(const std::vector<KvOperation>& ops, Session which) {
    std::size_t counted = 0, keys = 0;
    std::optional<Violation> first;
    std::string first_key;
    std::size_t failing_keys = 0;
    std::optional<std::pair<std::string, std::size_t>> too_big;   // a key not followed, and its writes
    for (const auto& [key, indices] : indices_by_key(ops)) {
        ++keys;
        // Each write keeps the set of writes older than it: quadratic in the writes of one key.
        const auto writes = static_cast<std::size_t>(std::count_if(
            indices.begin(), indices.end(), [&](std::size_t i) { return may_write(ops[i]); }));
        if (writes > kMaxWritesPerKey) {
            too_big = std::make_pair(key, writes);
            continue;
        }
        SessionVerdicts v = SessionWalk(ops, indices).run();
        counted += which == Session::Ryw ? v.ryw_reads : which == Session::Mr ? v.mr_reads : v.judged_reads;
        std::optional<Violation>& found = which == Session::Ryw ? v.ryw : which == Session::Mr ? v.mr : v.mw;
        if (!found)
            continue;
        ++failing_keys;
        if (!first || found->at_ns < first->at_ns) {
            first = std::move(found);
            first_key = key;
        }
    }
    ModelResult r;
    const std::string n = std::to_string(ops.size()), k = std::to_string(keys);
    if (!first && too_big) {
        const std::string w = std::to_string(too_big->second), most = std::to_string(kMaxWritesPerKey);
        r.verdict = Verdict::Unknown;
        r.detail = Text{"key " + too_big->first + " has " + w + " writes, more than the " + most +
                            " the session checks follow on one key; the other keys kept it (" + n + " ops on " + k +
                            " keys)",
                        "键 " + too_big->first + " 有 " + w + " 个写入，超过会话检查在单个键上跟踪的上限 " + most +
                            "；其他键都满足（" + k + " 个键上的 " + n + " 个操作）"};
        return r;
    }
    if (!first) {
        r.verdict = Verdict::Pass;
        const std::string c = std::to_string(counted);
        switch (which) {
        case Session::Ryw:
            r.detail = Text{c + " reads after the client's own writes, none older than them (" + n + " ops on " + k +
                                " keys)",
                            c + " 个读操作发生在客户端自己的写入之后，没有一个读到比它们更旧的值（" + k + " 个键上的 " +
                                n + " 个操作）"};
            break;
        case Session::Mr:
            r.detail = Text{c + " reads after an earlier read of the same client, none older than it (" + n +
                                " ops on " + k + " keys)",
                            c + " 个读操作发生在同一客户端更早的读之后，没有一个读到更旧的值（" + k + " 个键上的 " +
                                n + " 个操作）"};
            break;
        case Session::Mw:
            r.detail = Text{c + " reads, none saw one client's writes out of their order (" + n + " ops on " + k +
                                " keys)",
                            c + " 个读操作，没有一个看到某客户端的写入顺序颠倒（" + k + " 个键上的 " + n + " 个操作）"};
            break;
        }
        return r;
    }
    r.verdict = Verdict::Fail;
    r.key = first_key;
    r.involved = first->involved;
    r.window_ns = window_of(ops, r.involved);
    Text keys_text;
    if (failing_keys > 1)
        keys_text = Text{" (" + std::to_string(failing_keys) + " of " + k + " keys)",
                         "（" + k + " 个键中有 " + std::to_string(failing_keys) + " 个）"};
    r.detail = Text{"key " + first_key, "键 " + first_key} + keys_text + Text{": ", "："} + first->text;
    return r;
}

// ---- sequential consistency ----

// One key's ops, ready for the search: values interned (0: absent), each op with the ops of its
// session that must come before it (the latest ones only; earlier ones come before those).
struct ScOp {
    Kind kind = Kind::Get;
    bool info = false;
    std::int32_t value = 0;
    std::int32_t from = 0;
    std::vector<std::uint32_t> preds;
    std::size_t source = 0;
};

// The most memory the memo of one search may take: past it the search stops as out of budget.
constexpr std::size_t kMaxMemoBytes = std::size_t{256} << 20;

class ScSearch {
public:
    enum class Answer { Consistent, Inconsistent, OutOfTime };

    // `indices`: global indices of one key's ops, in invocation order.
    ScSearch(const std::vector<KvOperation>& all, const std::vector<std::size_t>& indices) {
        std::unordered_map<std::string, std::int32_t> ids;
        auto intern = [&](const std::optional<std::string>& v) -> std::int32_t {
            if (!v)
                return 0;
            return ids.try_emplace(*v, static_cast<std::int32_t>(ids.size() + 1)).first->second;
        };
        std::set<std::int32_t> seen;
        std::vector<std::size_t> kept;
        for (std::size_t i : indices) {
            const KvOperation& op = all[i];
            if (op.outcome == Outcome::Fail)
                continue;
            const bool info = !completed_ok(op);
            if (info && op.kind == Kind::Get)
                continue;   // an unknown read observed nothing and changed nothing
            if (const auto needs = depends_on(op); needs && *needs)
                seen.insert(intern(*needs));
            kept.push_back(i);
        }
        std::unordered_map<std::string, std::vector<std::uint32_t>> sessions;   // client -> its ops here
        for (std::size_t i : kept) {
            const KvOperation& op = all[i];
            ScOp s;
            s.kind = op.kind;
            s.info = !completed_ok(op);
            s.value = intern(op.value);
            s.from = intern(op.from);
            s.source = i;
            // An unknown write nobody observed may simply never have happened: leave it out.
            if (s.info && !seen.count(s.value))
                continue;
            // Its session's ops that completed before it began; only the latest of them (one that
            // completed before another of them began comes before that one anyway).
            std::vector<std::uint32_t>& session = sessions[op.client];
            std::int64_t latest_call = std::numeric_limits<std::int64_t>::min();
            for (std::uint32_t j : session) {
                const KvOperation& p = all[ops_[j].source];
                if (completed_ok(p) && *p.completed_ns < op.invoked_ns)
                    latest_call = std::max(latest_call, p.invoked_ns);
            }
            for (std::uint32_t j : session) {
                const KvOperation& p = all[ops_[j].source];
                if (completed_ok(p) && *p.completed_ns < op.invoked_ns && *p.completed_ns >= latest_call)
                    s.preds.push_back(j);
            }
            session.push_back(static_cast<std::uint32_t>(ops_.size()));
            ops_.push_back(std::move(s));
        }
        for (const ScOp& s : ops_)
            required_ += !s.info;
        memo_entry_bytes_ = (ops_.size() + 63) / 64 * 8 + sizeof(MemoKey) + 2 * sizeof(void*);
        zobrist_.resize(ops_.size());
        for (std::size_t i = 0; i < ops_.size(); ++i)
            zobrist_[i] = mix64(i * 0x2545f4914f6cdd1dull + 7);
    }

    std::size_t size() const { return ops_.size(); }

    Answer run(Budget& budget) {
        placed_ = Bits(ops_.size());
        hash_ = 0;
        state_ = 0;
        done_ = 0;
        memo_.clear();
        writers_left_.clear();
        for (const ScOp& s : ops_)
            if (s.kind != Kind::Get)
                ++writers_left_[s.value];
        budget_ = &budget;
        const Answer a = dfs();
        budget_ = nullptr;
        return a;
    }

private:
    struct MemoKey {
        Bits placed;
        std::int32_t state;
        std::uint64_t hash;
        bool operator==(const MemoKey& o) const { return state == o.state && placed == o.placed; }
    };
    struct MemoHash {
        std::size_t operator()(const MemoKey& k) const { return k.hash; }
    };

    bool enabled(const ScOp& s) const {
        return std::all_of(s.preds.begin(), s.preds.end(), [&](std::uint32_t p) { return placed_.test(p); });
    }

    void place(std::size_t i) {
        placed_.set(i);
        hash_ ^= zobrist_[i];
        done_ += !ops_[i].info;
        if (ops_[i].kind != Kind::Get)
            --writers_left_[ops_[i].value];
    }
    void unplace(std::size_t i) {
        placed_.reset(i);
        hash_ ^= zobrist_[i];
        done_ -= !ops_[i].info;
        if (ops_[i].kind != Kind::Get)
            ++writers_left_[ops_[i].value];
    }

    // Whether some read still to place can never see its value again.
    bool doomed() const {
        for (std::size_t i = 0; i < ops_.size(); ++i) {
            const ScOp& s = ops_[i];
            if (placed_.test(i) || s.info)
                continue;
            const std::int32_t needs = s.kind == Kind::Get ? s.value : s.kind == Kind::Cas ? s.from : -1;
            if (needs < 0 || needs == state_)
                continue;
            const auto it = writers_left_.find(needs);
            if (it == writers_left_.end() || it->second == 0)
                return true;
        }
        return false;
    }

    Answer dfs() {
        if (budget_->expired() || memo_.size() * memo_entry_bytes_ > kMaxMemoBytes)
            return Answer::OutOfTime;
        // A read that can be placed now is placed now: it changes nothing, and placing it early
        // only lets its session go on sooner.
        std::vector<std::size_t> reads;
        for (bool more = true; more;) {
            more = false;
            for (std::size_t i = 0; i < ops_.size(); ++i)
                if (!placed_.test(i) && ops_[i].kind == Kind::Get && ops_[i].value == state_ && enabled(ops_[i])) {
                    place(i);
                    reads.push_back(i);
                    more = true;
                }
        }
        auto undo = [&](Answer a) {
            for (auto it = reads.rbegin(); it != reads.rend(); ++it)
                unplace(*it);
            return a;
        };
        if (done_ == required_)
            return Answer::Consistent;
        const std::uint64_t h = mix64(hash_ ^ (static_cast<std::uint64_t>(state_) * 0x9e3779b97f4a7c15ull));
        if (!memo_.insert(MemoKey{placed_, state_, h}).second || doomed())
            return undo(Answer::Inconsistent);
        // An unknown write is worth placing only just before an op that can go next and needs its
        // value: anywhere else the next write hides it, and leaving it out (it never happened)
        // does the same.
        std::unordered_set<std::int32_t> wanted;
        for (std::size_t i = 0; i < ops_.size(); ++i) {
            const ScOp& s = ops_[i];
            if (!placed_.test(i) && (s.kind != Kind::Put) && enabled(s))
                wanted.insert(s.kind == Kind::Get ? s.value : s.from);
        }
        const std::int32_t before = state_;
        for (std::size_t i = 0; i < ops_.size(); ++i) {
            const ScOp& s = ops_[i];
            if (placed_.test(i) || s.kind == Kind::Get || !enabled(s))
                continue;
            if (s.kind == Kind::Cas && s.from != state_)
                continue;   // cannot happen now (an unknown cas that failed its compare did nothing)
            if (s.info && !wanted.count(s.value))
                continue;
            place(i);
            state_ = s.value;
            const Answer a = dfs();
            state_ = before;
            unplace(i);
            if (a != Answer::Inconsistent) {
                if (a == Answer::Consistent)
                    return a;   // the placement stays as found; run() resets before the next search
                return undo(a);
            }
        }
        return undo(Answer::Inconsistent);
    }

    std::vector<ScOp> ops_;
    std::size_t required_ = 0;
    std::unordered_map<std::int32_t, std::size_t> writers_left_;
    std::vector<std::uint64_t> zobrist_;
    Bits placed_;
    std::uint64_t hash_ = 0;
    std::int32_t state_ = 0;
    std::size_t done_ = 0;
    std::unordered_set<MemoKey, MemoHash> memo_;
    std::size_t memo_entry_bytes_ = 0;   // roughly, per memo entry
    Budget* budget_ = nullptr;
};

// True: not sequentially consistent; false: consistent; nullopt: out of time.
std::optional<bool> sc_fails(const std::vector<KvOperation>& ops, const std::vector<std::size_t>& indices,
                             Deadline deadline) {
    Budget budget(deadline);
    ScSearch search(ops, indices);
    const auto a = search.run(budget);
    if (a == ScSearch::Answer::OutOfTime)
        return std::nullopt;
    return a == ScSearch::Answer::Inconsistent;
}

// `subset` with every write of a value its ops depend on, transitively: a closed sub-history that
// fails proves the whole does (a write none of its ops depends on can always be left out).
std::vector<std::size_t> closed(const std::vector<KvOperation>& ops, const std::vector<std::size_t>& key_indices,
                                std::vector<std::size_t> subset) {
    std::set<std::size_t> in(subset.begin(), subset.end());
    for (std::size_t k = 0; k < subset.size(); ++k) {
        const auto seen = depends_on(ops[subset[k]]);
        if (!seen || !*seen)
            continue;
        for (std::size_t w : key_indices)
            if (may_write(ops[w]) && ops[w].value == **seen && in.insert(w).second)
                subset.push_back(w);
    }
    std::vector<std::size_t> out(in.begin(), in.end());
    std::stable_sort(out.begin(), out.end(), [&](std::size_t a, std::size_t b) { return ops[a].invoked_ns < ops[b].invoked_ns; });
    return out;
}

// Whether `w` may leave `subset` with it still closed.
bool removable(const std::vector<KvOperation>& ops, const std::vector<std::size_t>& subset, std::size_t w) {
    if (!may_write(ops[w]))
        return true;
    for (std::size_t i : subset) {
        const auto seen = depends_on(ops[i]);
        if (i == w || !seen || *seen != ops[w].value)
            continue;
        const bool other = std::any_of(subset.begin(), subset.end(), [&](std::size_t o) {
            return o != w && may_write(ops[o]) && ops[o].value == ops[w].value;
        });
        if (!other)
            return false;
    }
    return true;
}

// The first counterexample in a failing key: the shortest failing (closed) prefix, whose last op
// is where the history stops being sequentially consistent, then shrunk op by op. Returns the
// ops, that last op first.
std::vector<std::size_t> sc_witness(const std::vector<KvOperation>& ops, const std::vector<std::size_t>& key,
                                    Deadline deadline) {
    auto prefix = [&](std::size_t n) {
        return closed(ops, key, std::vector<std::size_t>(key.begin(), key.begin() + static_cast<std::ptrdiff_t>(n)));
    };
    std::size_t lo = 0, hi = key.size();   // prefix lo passes (or is empty), prefix hi fails
    while (hi - lo > 1) {
        const std::size_t mid = lo + (hi - lo) / 2;
        const auto f = sc_fails(ops, prefix(mid), deadline);
        if (!f)
            break;
        (*f ? hi : lo) = mid;
    }
    const std::size_t last = key[hi - 1];
    std::vector<std::size_t> witness = prefix(hi);
    constexpr std::size_t kShrinkLimit = 200;
    if (witness.size() <= kShrinkLimit)
        for (std::size_t k = witness.size(); k-- > 0;) {
            if (Clock::now() > deadline)
                break;
            const std::size_t candidate = witness[k];
            if (candidate == last || !removable(ops, witness, candidate))
                continue;
            std::vector<std::size_t> smaller = witness;
            smaller.erase(smaller.begin() + static_cast<std::ptrdiff_t>(k));
            const auto f = sc_fails(ops, smaller, deadline);
            if (!f)
                break;
            if (*f)
                witness = std::move(smaller);
        }
    std::vector<std::size_t> out{last};
    for (std::size_t i : witness)
        if (i != last)
            out.push_back(i);
    return out;
}

// ---- convergence ----

ModelResult convergence_check(const std::vector<KvOperation>& ops, ConvergenceArgs args) {
    std::size_t judged_keys = 0, judged_reads = 0, keys = 0;
    std::optional<Violation> first;
    std::string first_key;
    std::size_t failing_keys = 0;
    for (const auto& [key, indices] : indices_by_key(ops)) {
        ++keys;
        // When the key's writes stopped: an ok write once it completed, an unknown one once it
        // began or, when someone read its value, once the first such read ended.
        std::int64_t quiet = args.after_ns;
        std::set<std::string> written;
        bool any_ok_write = false;
        for (std::size_t i : indices) {
            const KvOperation& w = ops[i];
            if (!may_write(w))
                continue;
            written.insert(*w.value);
            if (completed_ok(w)) {
                any_ok_write = true;
                quiet = std::max(quiet, *w.completed_ns);
                continue;
            }
            std::int64_t landed = w.invoked_ns;
            std::optional<std::int64_t> first_seen;
            for (std::size_t r : indices)
                if (const auto seen = observed(ops[r]); seen && *seen == w.value)
                    first_seen = std::min(first_seen.value_or(kNever), *ops[r].completed_ns);
            quiet = std::max(quiet, std::max(landed, first_seen.value_or(landed)));
        }
        const std::int64_t settled = quiet > kNever - args.settle_ns ? kNever : quiet + args.settle_ns;
        std::vector<std::size_t> late;
        for (std::size_t i : indices)
            if (ops[i].kind == Kind::Get && completed_ok(ops[i]) && ops[i].invoked_ns >= settled)
                late.push_back(i);
        if (late.empty())
            continue;
        ++judged_keys;
        judged_reads += late.size();
        const std::string since = seconds_text(settled);
        std::optional<Violation> found;
        for (std::size_t i : late)
            if (ops[i].value != ops[late.front()].value) {
                found = Violation{ops[i].invoked_ns, {i, late.front()},
                                  Text{"its writes stopped and settled by " + since + ", yet reads still disagree: " +
                                           describe(ops[late.front()]) + ", then " + describe(ops[i]),
                                       "它的写入已停止并在 " + since + " 前稳定，读到的值却仍不一致：" +
                                           describe(ops[late.front()]) + "，然后 " + describe(ops[i])}};
                break;
            }
        const auto& agreed = ops[late.front()].value;
        if (!found && (agreed ? !written.count(*agreed) : any_ok_write))
            found = Violation{ops[late.front()].invoked_ns, {late.front()},
                              agreed ? Text{"it settled on " + *agreed + ", which no operation wrote: " +
                                                describe(ops[late.front()]),
                                            "它稳定在 " + *agreed + "，但没有任何操作写入过这个值：" +
                                                describe(ops[late.front()])}
                                     : Text{"it settled on absent though writes were acknowledged: " +
                                                describe(ops[late.front()]),
                                            "写入已被确认，它却稳定为不存在：" + describe(ops[late.front()])}};
        if (!found)
            continue;
        ++failing_keys;
        if (!first || found->at_ns < first->at_ns) {
            first = std::move(found);
            first_key = key;
        }
    }
    ModelResult r;
    const std::string settle = span_text(args.settle_ns), n = std::to_string(ops.size()), k = std::to_string(keys);
    if (judged_keys == 0) {
        r.verdict = Verdict::Unknown;
        r.detail = Text{"no get began " + settle + " after its key's last write (" + n + " ops on " + k +
                            " keys): nothing shows whether the copies converged",
                        "没有任何 get 在其键最后一次写入 " + settle + " 之后开始（" + k + " 个键上的 " + n +
                            " 个操作）：无从判断副本是否收敛"};
        return r;
    }
    if (!first) {
        r.verdict = Verdict::Pass;
        const std::string jk = std::to_string(judged_keys), jr = std::to_string(judged_reads);
        r.detail = Text{jk + " of " + k + " keys converged: their " + jr + " gets from " + settle +
                            " after the last write on agree on one written value",
                        k + " 个键中有 " + jk + " 个已收敛：最后一次写入 " + settle + " 之后的 " + jr +
                            " 个 get 读到同一个写入过的值"};
        return r;
    }
    r.verdict = Verdict::Fail;
    r.key = first_key;
    r.involved = first->involved;
    r.window_ns = window_of(ops, r.involved);
    Text keys_text;
    if (failing_keys > 1)
        keys_text = Text{" (" + std::to_string(failing_keys) + " of " + k + " keys)",
                         "（" + k + " 个键中有 " + std::to_string(failing_keys) + " 个）"};
    r.detail = Text{"key " + first_key + " did not converge", "键 " + first_key + " 未收敛"} + keys_text +
               Text{": ", "："} + first->text;
    return r;
}

// ---- the checks ----

class ConsistencyCheck final : public Check {
public:
    ConsistencyCheck(KvModel model, ConvergenceArgs convergence, std::optional<ReferenceTime> after,
                     ClientFilter clients)
        : model_(model), convergence_(convergence), after_(after), clients_(std::move(clients)) {}

    CheckResult evaluate(const RunView& run, Deadline deadline) const override {
        const KvHistory history = kv_history_of(run.events, clients_);
        ConvergenceArgs convergence = convergence_;
        if (after_) {
            const auto at = after_->resolve(run.events);
            if (!at)
                return verdict(Verdict::Unknown, after_->missing());
            convergence.after_ns = *at;
        }
        ModelResult r;
        switch (model_) {
        case KvModel::Sequential: r = check_sequential(history.ops, deadline); break;
        case KvModel::ReadYourWrites: r = check_read_your_writes(history.ops); break;
        case KvModel::MonotonicReads: r = check_monotonic_reads(history.ops); break;
        case KvModel::MonotonicWrites: r = check_monotonic_writes(history.ops); break;
        case KvModel::Convergent: r = check_convergent(history.ops, convergence); break;
        case KvModel::Linearizable: break;   // registered by linearizable.cpp
        }
        CheckResult out = verdict(r.verdict, r.detail, r.window_ns);
        if (history.ignored > 0)
            out.set_detail(out.detail_text() + Text{" (" + std::to_string(history.ignored) + " non-kv or malformed ops ignored)",
                                                    "（忽略了 " + std::to_string(history.ignored) + " 个非 kv 或格式错误的操作）"});
        if (!clients_.empty())
            out.set_detail(out.detail_text() + Text{" (ops" + where_en(clients_) + ")", "（" + where_zh(clients_) + "操作）"});
        if (r.verdict == Verdict::Fail)
            involve_kv_ops(run.events, history.ops, r.involved, out);
        return out;
    }

private:
    KvModel model_;
    ConvergenceArgs convergence_;
    std::optional<ReferenceTime> after_;
    ClientFilter clients_;
};

}  // namespace

std::string_view check_name(KvModel model) {
    switch (model) {
    case KvModel::Linearizable: return "linearizable";
    case KvModel::Sequential: return "sequential";
    case KvModel::ReadYourWrites: return "read_your_writes";
    case KvModel::MonotonicReads: return "monotonic_reads";
    case KvModel::MonotonicWrites: return "monotonic_writes";
    case KvModel::Convergent: return "eventually_consistent";
    }
    return "linearizable";
}

Text model_title(KvModel model) {
    switch (model) {
    case KvModel::Linearizable: return {"linearizable", "线性一致性"};
    case KvModel::Sequential: return {"sequential (per key)", "顺序一致性（按键）"};
    case KvModel::ReadYourWrites: return {"read your writes", "读己之写"};
    case KvModel::MonotonicReads: return {"monotonic reads", "单调读"};
    case KvModel::MonotonicWrites: return {"monotonic writes", "单调写"};
    case KvModel::Convergent: return {"eventual convergence", "最终收敛"};
    }
    return {};
}

Text model_promise(KvModel model) {
    switch (model) {
    case KvModel::Linearizable:
        return {"every operation takes effect at one instant between its call and its return",
                "每个操作都在调用与返回之间的某一瞬间生效"};
    case KvModel::Sequential:
        return {"one order of all operations keeps each client's own order (but not real time)",
                "存在一个所有操作的顺序，保持每个客户端自己的顺序（但不必符合真实时间）"};
    case KvModel::ReadYourWrites:
        return {"a client never reads a value older than its own completed write",
                "客户端读到的值绝不比它自己已完成的写入更旧"};
    case KvModel::MonotonicReads:
        return {"a client never reads a value older than one it read before", "客户端读到的值绝不比它之前读到的更旧"};
    case KvModel::MonotonicWrites:
        return {"nobody sees one client's writes in the opposite order", "没有人看到某个客户端的写入顺序颠倒"};
    case KvModel::Convergent:
        return {"once writes stop, every read returns the same value", "写入停止后，所有读操作返回同一个值"};
    }
    return {};
}

ModelResult check_sequential(const std::vector<KvOperation>& ops, Deadline deadline) {
    const auto keys = indices_by_key(ops);
    struct Failure {
        std::string key;
        const std::vector<std::size_t>* indices;
    };
    std::vector<Failure> failures;
    std::size_t checked_keys = 0, checked_ops = 0;
    Budget budget(deadline);
    ModelResult r;
    for (const auto& [key, indices] : keys) {
        ScSearch search(ops, indices);
        const auto answer = search.run(budget);
        if (answer == ScSearch::Answer::OutOfTime) {
            const std::string done = std::to_string(checked_keys), all = std::to_string(keys.size()),
                              ops_done = std::to_string(checked_ops), ops_all = std::to_string(ops.size()),
                              key_ops = std::to_string(indices.size()), steps = std::to_string(budget.steps()),
                              bad = std::to_string(failures.size());
            r.verdict = Verdict::Unknown;
            r.detail = Text{"ran out of its search budget (time, or 256 MB of memo): " + done + " of " + all + " keys (" + ops_done + " of " +
                                ops_all + " ops) checked" +
                                (failures.empty() ? ", all sequentially consistent" : ", " + bad + " not") + "; key " +
                                key + " (" + key_ops + " ops) unfinished after " + steps +
                                " search steps (deciding sequential consistency is NP-hard)",
                            "搜索预算（时间或 256 MB 备忘表）用完：已检查 " + done + " / " + all + " 个键（" + ops_done + " / " + ops_all +
                                " 个操作）" + (failures.empty() ? "，全部顺序一致" : "，其中 " + bad + " 个不是") +
                                "；键 " + key + "（" + key_ops + " 个操作）搜索 " + steps +
                                " 步后仍未完成（判定顺序一致性是 NP 困难问题）"};
            if (failures.empty())
                return r;
            break;
        }
        ++checked_keys;
        checked_ops += indices.size();
        if (answer == ScSearch::Answer::Inconsistent)
            failures.push_back({key, &indices});
    }
    if (failures.empty()) {
        r.verdict = Verdict::Pass;
        const std::string n = std::to_string(ops.size()), k = std::to_string(keys.size());
        r.detail = Text{n + " ops on " + k + " keys, sequentially consistent per key (each key's ops have one order "
                                          "that keeps every client's own order)",
                        k + " 个键上的 " + n + " 个操作，按键顺序一致（每个键的操作都存在一个保持各客户端自身顺序的排列）"};
        return r;
    }
    // Explain the key that broke first, within part of what is left of the budget.
    const auto now = Clock::now();
    const Deadline explain_by = now + std::min<Clock::duration>((deadline - now) / 4, std::chrono::seconds(2));
    std::vector<std::size_t> best;
    std::string best_key;
    for (const Failure& f : failures) {
        std::vector<std::size_t> w = sc_witness(ops, *f.indices, explain_by);
        if (best.empty() || ops[w.front()].invoked_ns < ops[best.front()].invoked_ns) {
            best = std::move(w);
            best_key = f.key;
        }
        if (Clock::now() > explain_by)
            break;
    }
    r.verdict = Verdict::Fail;
    r.key = best_key;
    r.involved = best;
    r.window_ns = window_of(ops, best);
    std::vector<std::size_t> listed_order(best.begin(), best.end());
    std::sort(listed_order.begin(), listed_order.end(),
              [&](std::size_t a, std::size_t b) { return ops[a].invoked_ns < ops[b].invoked_ns; });
    constexpr std::size_t kShown = 8;
    std::string listed;
    for (std::size_t k = 0; k < listed_order.size() && k < kShown; ++k)
        listed += (k == 0 ? "" : "; ") + describe(ops[listed_order[k]]);
    std::string listed_zh = listed;
    if (listed_order.size() > kShown) {
        listed += "; and " + std::to_string(listed_order.size() - kShown) + " more";
        listed_zh += "；另有 " + std::to_string(listed_order.size() - kShown) + " 个";
    }
    Text keys_text;
    if (failures.size() > 1)
        keys_text = Text{" (" + std::to_string(failures.size()) + " of " + std::to_string(keys.size()) + " keys)",
                         "（" + std::to_string(keys.size()) + " 个键中有 " + std::to_string(failures.size()) + " 个）"};
    const std::string count = std::to_string(best.size()), all = std::to_string(ops.size()),
                      at = describe(ops[best.front()]);
    r.detail = Text{"key " + best_key + " is not sequentially consistent", "键 " + best_key + " 不是顺序一致的"} +
               keys_text +
               Text{": no order of these " + count + " ops keeps each client's own order and gives every read the "
                        "latest write before it: " + listed + "; it breaks at " + at + " (" + all + " ops in all)",
                    "：这 " + count + " 个操作不存在既保持各客户端自身顺序、又让每个读都读到其前最新写入的排列：" +
                        listed_zh + "；在 " + at + " 处无法继续（共 " + all + " 个操作）"};
    return r;
}

ModelResult check_read_your_writes(const std::vector<KvOperation>& ops) { return session_check(ops, Session::Ryw); }
ModelResult check_monotonic_reads(const std::vector<KvOperation>& ops) { return session_check(ops, Session::Mr); }
ModelResult check_monotonic_writes(const std::vector<KvOperation>& ops) { return session_check(ops, Session::Mw); }
ModelResult check_convergent(const std::vector<KvOperation>& ops, ConvergenceArgs args) {
    return convergence_check(ops, args);
}

std::vector<ConsistencyRow> consistency_map(const std::vector<KvOperation>& ops, ConvergenceArgs convergence,
                                            std::chrono::milliseconds budget_each) {
    std::vector<ConsistencyRow> rows;
    for (KvModel model : kKvModels) {
        ModelResult r;
        switch (model) {
        case KvModel::Linearizable: {
            LinearizabilityResult l = check_linearizable(ops, Clock::now() + budget_each);
            r.verdict = l.verdict;
            r.detail = Text{std::move(l.detail), std::move(l.detail_zh)};
            r.window_ns = l.window_ns;
            r.key = l.key;
            if (l.verdict == Verdict::Fail) {
                r.involved.push_back(l.failed_at);
                for (std::size_t i : l.witness)
                    if (i != l.failed_at)
                        r.involved.push_back(i);
            }
            break;
        }
        case KvModel::Sequential: r = check_sequential(ops, Clock::now() + budget_each); break;
        case KvModel::ReadYourWrites: r = check_read_your_writes(ops); break;
        case KvModel::MonotonicReads: r = check_monotonic_reads(ops); break;
        case KvModel::MonotonicWrites: r = check_monotonic_writes(ops); break;
        case KvModel::Convergent: r = check_convergent(ops, convergence); break;
        }
        rows.push_back({model, std::move(r)});
    }
    return rows;
}

void register_consistency_checks(CheckRegistry& registry) {
    const core::ParamSpec model_param{.name = "model",
                                      .type = core::ParamType::Choice,
                                      .choices = {"kv"},
                                      .en = "the model: kv, a register per key",
                                      .zh = "模型：kv，每个键一个寄存器"};
    const auto add = [&](KvModel model, std::string en, std::string zh) {
        registry.add({.name = std::string(check_name(model)),
                      .en = std::move(en),
                      .zh = std::move(zh),
                      .params = {model_param, where_param()},
                      .shorthand = "model",
                      .applies_to = {RoleFilter::client()},
                      .make = [model](const core::Params& args) -> std::unique_ptr<Check> {
                          return std::make_unique<ConsistencyCheck>(model, ConvergenceArgs{}, std::nullopt,
                                                                    where_of(args));
                      }});
    };
    add(KvModel::Sequential,
        "The key-value history is sequentially consistent per key: one order of each key's operations keeps every "
        "client's own order and gives each read the latest write before it (a bounded search; Unknown past its "
        "budget).",
        "键值历史按键顺序一致：每个键的操作存在一个排列，既保持每个客户端自身的顺序，又让每个读都读到其前最新的写入"
        "（有界搜索；超出预算时为未知）。");
    add(KvModel::ReadYourWrites,
        "Read your writes: no client reads a value older than one of its own writes that completed before the read.",
        "读己之写：客户端读到的值绝不比它自己在该读之前已完成的写入更旧。");
    add(KvModel::MonotonicReads, "Monotonic reads: no client reads a value older than one it read before.",
        "单调读：客户端读到的值绝不比它之前读到的更旧。");
    add(KvModel::MonotonicWrites,
        "Monotonic writes: no client sees the writes of one client in the opposite order to the one they were made in.",
        "单调写：没有客户端以与写入时相反的顺序看到某个客户端的写入。");
    registry.add({.name = std::string(check_name(KvModel::Convergent)),
                  .en = "Eventual convergence: once a key's writes stop and `within` passes, every get of it returns "
                        "the same written value.",
                  .zh = "最终收敛：某个键的写入停止并经过 within 之后，对它的每个 get 都返回同一个写入过的值。",
                  .params = {model_param,
                             {.name = "within",
                              .type = core::ParamType::Duration,
                              .default_value = "1s",
                              .min = kShortestSpanMs,
                              .en = "how long the copies may take to agree after the last write",
                              .zh = "最后一次写入之后，副本达成一致可用的时间"},
                             ReferenceTime::param({"start", "last_fault", "last_heal"}, "start"), where_param()},
                  .shorthand = "model",
                  .applies_to = {RoleFilter::client()},
                  .validate = [](const core::Params& args, const CheckScope& scope) -> Problems {
                      if (auto problem = ReferenceTime::from(args).problem_in(scope.scenario))
                          return {*problem};
                      return {};
                  },
                  .make = [](const core::Params& args) -> std::unique_ptr<Check> {
                      const ReferenceTime after = ReferenceTime::from(args);
                      ConvergenceArgs c{args.get_duration("within").count(), 0};
                      return std::make_unique<ConsistencyCheck>(KvModel::Convergent, c, after, where_of(args));
                  }});
}

}  // namespace distlab::netlab
