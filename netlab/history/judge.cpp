#include "netlab/history/judge.h"

#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <set>

namespace distlab::netlab {

namespace {

using Json = core::Json;
using Outcome = KvOperation::Outcome;
using Clock = std::chrono::steady_clock;

// What an operation does, whatever the history calls it.
enum class Act { Read, Write, Cas, Append, Add, Enqueue, Dequeue };

std::optional<Act> act_of(std::string_view f) {
    if (f == "read" || f == "get" || f == "r")
        return Act::Read;
    if (f == "write" || f == "put" || f == "w")
        return Act::Write;
    if (f == "cas" || f == "compare-and-set")
        return Act::Cas;
    if (f == "append")
        return Act::Append;
    if (f == "add" || f == "inc" || f == "increment")
        return Act::Add;
    if (f == "enqueue")
        return Act::Enqueue;
    if (f == "dequeue")
        return Act::Dequeue;
    return std::nullopt;
}

std::string_view model_ops(HistoryModel model) {
    switch (model) {
        case HistoryModel::Register: return "read, write";
        case HistoryModel::CasRegister: return "read, write, cas";
        case HistoryModel::Kv: return "get (read), put (write), cas, append";
        case HistoryModel::Set: return "add, read";
        case HistoryModel::Queue: return "enqueue, dequeue";
        case HistoryModel::Counter: return "add (inc), read";
    }
    return "";
}

bool allowed(HistoryModel model, Act act) {
    switch (model) {
        case HistoryModel::Register: return act == Act::Read || act == Act::Write;
        case HistoryModel::CasRegister: return act == Act::Read || act == Act::Write || act == Act::Cas;
        case HistoryModel::Kv: return act == Act::Read || act == Act::Write || act == Act::Cas || act == Act::Append;
        case HistoryModel::Set: return act == Act::Add || act == Act::Read;
        case HistoryModel::Queue: return act == Act::Enqueue || act == Act::Dequeue;
        case HistoryModel::Counter: return act == Act::Add || act == Act::Read;
    }
    return false;
}

// A value as the models compare it: a string's content, anything else its JSON text.
std::string text_of(const Json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// A register value: nil is "absent"; so is "" for kv, whose missing keys read as "" in
// Porcupine's histories.
std::optional<std::string> register_value(const Json& v, bool empty_is_absent) {
    if (v.is_null())
        return std::nullopt;
    std::string t = text_of(v);
    if (empty_is_absent && t.empty())
        return std::nullopt;
    return t;
}

// One operation ready for a model: what it does and its arguments and result.
struct Payload {
    Act act = Act::Read;
    bool unknown = false;                 // Info: the result is not known
    std::optional<std::string> a;         // written, appended, added, enqueued; read, dequeued
    std::optional<std::string> b;         // cas: the new value (a: the expected one)
    std::set<std::string> elements;       // set: what a read returned
    std::int64_t n = 0;                   // counter: added, read
};

// A model over states of any ordered type, interned into small integers.
template <class State>
class Interned final : public SequentialModel {
public:
    using Apply = std::function<std::optional<State>(const State&, const Payload&)>;
    Interned(const std::vector<Payload>& payloads, Apply apply) : payloads_(payloads), apply_(std::move(apply)) {
        intern(State{});
    }
    std::int32_t step(std::int32_t state, std::size_t op) override {
        std::optional<State> next = apply_(states_[static_cast<std::size_t>(state)], payloads_[op]);
        return next ? intern(std::move(*next)) : -1;
    }

private:
    std::int32_t intern(State s) {
        auto [it, added] = ids_.try_emplace(s, static_cast<std::int32_t>(states_.size()));
        if (added)
            states_.push_back(std::move(s));
        return it->second;
    }
    const std::vector<Payload>& payloads_;
    Apply apply_;
    std::vector<State> states_;
    std::map<State, std::int32_t> ids_;
};

// A string register that can be appended to (Porcupine's kv model).
std::optional<std::string> apply_kv(const std::string& s, const Payload& p) {
    switch (p.act) {
        case Act::Read: return p.unknown || p.a.value_or("") == s ? std::optional(s) : std::nullopt;
        case Act::Write: return p.a.value_or("");
        case Act::Append: return s + p.a.value_or("");
        case Act::Cas:
            if (p.a.value_or("") == s)
                return p.b.value_or("");
            return p.unknown ? std::optional(s) : std::nullopt;
        default: return std::nullopt;
    }
}

std::optional<std::set<std::string>> apply_set(const std::set<std::string>& s, const Payload& p) {
    if (p.act == Act::Add) {
        std::set<std::string> next = s;
        next.insert(*p.a);
        return next;
    }
    if (p.unknown || p.elements == s)
        return s;
    return std::nullopt;
}

std::optional<std::deque<std::string>> apply_queue(const std::deque<std::string>& q, const Payload& p) {
    std::deque<std::string> next = q;
    if (p.act == Act::Enqueue) {
        next.push_back(*p.a);
        return next;
    }
    if (p.unknown) {   // it took the head, if there was one
        if (!next.empty())
            next.pop_front();
        return next;
    }
    if (!p.a)   // dequeued nothing: the queue was empty
        return q.empty() ? std::optional(q) : std::nullopt;
    if (q.empty() || q.front() != *p.a)
        return std::nullopt;
    next.pop_front();
    return next;
}

std::optional<std::int64_t> apply_counter(const std::int64_t& c, const Payload& p) {
    if (p.act == Act::Add)
        return c + p.n;
    if (p.unknown || p.n == c)
        return c;
    return std::nullopt;
}

class Judge {
public:
    Judge(const History& history, HistoryModel model, const std::string& name, Clock::time_point deadline)
        : history_(history), model_(model), name_(name), deadline_(deadline) {}

    std::expected<Judgement, HistoryError> run() {
        acts_.reserve(history_.ops.size());
        keys_.reserve(history_.ops.size());
        inputs_.reserve(history_.ops.size());
        outputs_.reserve(history_.ops.size());
        bool appends = false;
        for (const HistoryOp& op : history_.ops) {
            const auto act = act_of(op.f);
            if (!act || !allowed(model_, *act))
                return fail(op, ":" + op.f + " is not an operation of the " + std::string(to_string(model_)) +
                                    " model (" + std::string(model_ops(model_)) + ")" + hint(op.f));
            acts_.push_back(*act);
            appends = appends || *act == Act::Append;
            auto keyed = split_key(op);
            if (!keyed)
                return std::unexpected(keyed.error());
        }
        Judgement j;
        const auto start = Clock::now();
        std::expected<LinearizabilityResult, HistoryError> result =
            (model_ == HistoryModel::Register || model_ == HistoryModel::CasRegister ||
             (model_ == HistoryModel::Kv && !appends))
                ? judge_registers()
                : judge_model();
        if (!result)
            return std::unexpected(result.error());
        j.seconds = std::chrono::duration<double>(Clock::now() - start).count();
        explain(*result, j);
        return j;
    }

private:
    std::unexpected<HistoryError> fail(const HistoryOp& op, std::string message) const {
        // A line number goes where FILE:LINE says it; an event number into the message.
        if (history_.unit == "line")
            return std::unexpected(HistoryError{name_, op.at, 0, std::move(message)});
        return std::unexpected(HistoryError{name_, 0, 0, history_.unit + " " + std::to_string(op.at) + ": " + message});
    }

    static std::string hint(const std::string& f) {
        const auto act = act_of(f);
        if (act == Act::Cas)
            return "; use --model cas-register or kv";
        if (act == Act::Append)
            return "; use --model kv";
        if (act == Act::Enqueue || act == Act::Dequeue)
            return "; use --model queue";
        if (act == Act::Add)
            return "; use --model set or counter";
        return "";
    }

    // The key of a kv op and its value without it (Jepsen's independent histories write
    // [key value] tuples); other models have one object.
    std::expected<void, HistoryError> split_key(const HistoryOp& op) {
        Json input = op.input, output = op.output;
        std::string key;
        if (model_ == HistoryModel::Kv) {
            if (op.key) {
                key = *op.key;
            } else {
                const Json& tuple = !op.input.is_null() ? op.input : op.output;
                if (!tuple.is_array() || tuple.size() != 2)
                    return fail(op, "a kv operation needs a key: :key, or a value [key value] as jepsen.independent writes them");
                key = text_of(tuple[0]);
                input = op.input.is_array() && op.input.size() == 2 ? op.input[1] : Json();
                output = op.output.is_array() && op.output.size() == 2 ? op.output[1] : Json();
            }
        }
        keys_.push_back(std::move(key));
        inputs_.push_back(std::move(input));
        outputs_.push_back(std::move(output));
        return {};
    }

    std::expected<LinearizabilityResult, HistoryError> judge_registers() {
        std::vector<KvOperation> ops;
        ops.reserve(history_.ops.size());
        const bool kv = model_ == HistoryModel::Kv;
        for (std::size_t i = 0; i < history_.ops.size(); ++i) {
            const HistoryOp& h = history_.ops[i];
            KvOperation op;
            op.client = h.process;
            op.id = i;
            op.key = keys_[i];
            op.outcome = h.outcome;
            op.invoked_ns = h.invoked_ns * time_scale();
            op.completed_ns = h.completed_ns ? std::optional(*h.completed_ns * time_scale()) : std::nullopt;
            switch (acts_[i]) {
                case Act::Read:
                    op.kind = KvOperation::Kind::Get;
                    op.value = register_value(outputs_[i], kv);
                    break;
                case Act::Write:
                    op.kind = KvOperation::Kind::Put;
                    op.value = register_value(inputs_[i], kv);
                    break;
                case Act::Cas: {
                    const Json& v = inputs_[i];
                    if (!v.is_array() || v.size() != 2)
                        return fail(h, "cas needs [expected new], got " + v.dump());
                    op.kind = KvOperation::Kind::Cas;
                    op.from = register_value(v[0], kv);
                    op.value = register_value(v[1], kv);
                    break;
                }
                default: break;
            }
            ops.push_back(std::move(op));
        }
        registers_ = true;
        return check_linearizable(ops, deadline_);
    }

    std::expected<LinearizabilityResult, HistoryError> judge_model() {
        std::vector<ModelOperation> ops;
        ops.reserve(history_.ops.size());
        payloads_.reserve(history_.ops.size());
        for (std::size_t i = 0; i < history_.ops.size(); ++i) {
            const HistoryOp& h = history_.ops[i];
            Payload p;
            p.act = acts_[i];
            p.unknown = h.outcome != Outcome::Ok;
            const Json& in = inputs_[i];
            const Json& out = outputs_[i];
            switch (model_) {
                case HistoryModel::Kv:
                    if (p.act == Act::Cas) {
                        if (!in.is_array() || in.size() != 2)
                            return fail(h, "cas needs [expected new], got " + in.dump());
                        p.a = register_value(in[0], true);
                        p.b = register_value(in[1], true);
                    } else {
                        p.a = register_value(p.act == Act::Read ? out : in, true);
                    }
                    break;
                case HistoryModel::Set:
                    if (p.act == Act::Add) {
                        p.a = text_of(in);
                    } else if (!p.unknown) {
                        if (!out.is_array())
                            return fail(h, "a set read returns a collection ([..] or #{..}), got " + out.dump());
                        for (const Json& e : out)
                            p.elements.insert(text_of(e));
                    }
                    break;
                case HistoryModel::Queue:
                    if (p.act == Act::Enqueue)
                        p.a = text_of(in);
                    else if (!out.is_null())
                        p.a = text_of(out);
                    break;
                case HistoryModel::Counter:
                    if (p.act == Act::Add) {
                        if (in.is_null())
                            p.n = 1;
                        else if (in.is_number_integer())
                            p.n = in.get<std::int64_t>();
                        else
                            return fail(h, "a counter adds an integer, got " + in.dump());
                    } else if (!p.unknown) {
                        if (!out.is_number_integer())
                            return fail(h, "a counter read returns an integer, got " + out.dump());
                        p.n = out.get<std::int64_t>();
                    }
                    break;
                default: break;
            }
            payloads_.push_back(std::move(p));
            ops.push_back({keys_[i], h.outcome, h.invoked_ns, h.completed_ns});
        }
        const auto& payloads = payloads_;
        std::function<std::unique_ptr<SequentialModel>()> make;
        switch (model_) {
            case HistoryModel::Set:
                make = [&payloads] { return std::make_unique<Interned<std::set<std::string>>>(payloads, apply_set); };
                break;
            case HistoryModel::Queue:
                make = [&payloads] { return std::make_unique<Interned<std::deque<std::string>>>(payloads, apply_queue); };
                break;
            case HistoryModel::Counter:
                make = [&payloads] { return std::make_unique<Interned<std::int64_t>>(payloads, apply_counter); };
                break;
            default:
                make = [&payloads] { return std::make_unique<Interned<std::string>>(payloads, apply_kv); };
                break;
        }
        return check_linearizable_model(ops, make, deadline_);
    }

    // An untimed history's positions as milliseconds: the checker widens the window it explains
    // a failure in from 1 ms, which should be one position, not the whole file.
    std::int64_t time_scale() const { return history_.timed ? 1 : 1'000'000; }

    std::string subject(const std::string& key) const {
        switch (model_) {
            case HistoryModel::Kv: return "key " + key;
            case HistoryModel::Set: return "the set";
            case HistoryModel::Queue: return "the queue";
            case HistoryModel::Counter: return "the counter";
            default: return "the register";
        }
    }

    std::string subject_zh(const std::string& key) const {
        switch (model_) {
            case HistoryModel::Kv: return "键 " + key;
            case HistoryModel::Set: return "这个集合";
            case HistoryModel::Queue: return "这个队列";
            case HistoryModel::Counter: return "这个计数器";
            default: return "这个寄存器";
        }
    }

    std::string line(std::size_t i) const {
        return where(history_, history_.ops[i]) + ": " + describe(history_.ops[i]);
    }

    std::string line_zh(std::size_t i) const {
        return where(history_, history_.ops[i], "zh_CN") + "：" + describe(history_.ops[i], "zh_CN");
    }

    void explain(const LinearizabilityResult& r, Judgement& j) const {
        j.verdict = r.verdict;
        std::size_t failed = 0, unknown = 0;
        std::set<std::string> processes;
        for (const HistoryOp& op : history_.ops) {
            failed += op.outcome == Outcome::Fail ? 1 : 0;
            unknown += op.outcome == Outcome::Info ? 1 : 0;
            processes.insert(op.process);
        }
        const auto count = [](std::size_t n, const char* one, const char* many) {
            return std::to_string(n) + " " + (n == 1 ? one : many);
        };
        const std::string counts = count(history_.ops.size(), "operation", "operations") + " from " +
                                   count(processes.size(), "process", "processes") + ", " +
                                   count(unknown, "unknown outcome", "unknown outcomes") + ", " +
                                   count(failed, "failed op", "failed ops") + " left out";
        const std::string counts_zh = std::to_string(processes.size()) + " 个进程的 " +
                                      std::to_string(history_.ops.size()) + " 个操作，" + std::to_string(unknown) +
                                      " 个结果未知，" + std::to_string(failed) + " 个失败的操作不计";
        const std::string model(to_string(model_));
        if (r.verdict == Verdict::Pass) {
            j.summary = "linearizable as a " + model + ": " + counts;
            j.summary_zh = "作为 " + model + " 是线性一致的：" + counts_zh;
            return;
        }
        if (r.verdict == Verdict::Unknown) {
            j.summary = "not decided as a " + model + ": the checker " + r.detail;
            j.summary_zh = "作为 " + model + " 未能判定：" + r.detail_zh;
            return;
        }
        j.partition = r.key;
        j.failed_op = r.failed_at;
        j.witness = r.witness;
        std::sort(j.witness.begin(), j.witness.end());
        j.minimal = registers_;
        const std::string what = subject(r.key);
        const bool kv = model_ == HistoryModel::Kv;
        j.summary = "not linearizable as a " + model + (kv ? " (key " + r.key + ")" : "") + ": " + counts;
        j.summary_zh = "作为 " + model + " 不是线性一致的" + (kv ? "（键 " + r.key + "）" : "") + "：" + counts_zh;
        if (registers_ && j.witness.size() == 1) {
            const KvOperation::Kind kind = acts_[r.failed_at] == Act::Cas ? KvOperation::Kind::Cas : KvOperation::Kind::Get;
            const Json seen = kind == KvOperation::Kind::Cas ? inputs_[r.failed_at][0] : outputs_[r.failed_at];
            std::string writers, writers_zh;
            for (std::size_t i = 0; i < history_.ops.size(); ++i)
                if (i != r.failed_at && keys_[i] == r.key && history_.ops[i].outcome == Outcome::Fail &&
                    acts_[i] == Act::Write && inputs_[i] == seen) {
                    writers = "; only the failed write at " + where(history_, history_.ops[i]) + " did, and it did not happen";
                    writers_zh = "；只有" + where(history_, history_.ops[i], "zh_CN") + "处失败的写入写过它，而它没有发生";
                }
            j.explanation.push_back(line(r.failed_at));
            j.explanation.push_back("  it observed " + text_of(seen) + ", but no operation that may have happened wrote " +
                                    text_of(seen) + " to " + what + writers);
            j.explanation_zh.push_back(line_zh(r.failed_at));
            j.explanation_zh.push_back("  它读到了 " + text_of(seen) + "，但没有任何可能已发生的操作向" + subject_zh(r.key) +
                                       "写入 " + text_of(seen) + writers_zh);
            return;
        }
        const std::string what_zh = subject_zh(r.key);
        if (registers_) {
            j.explanation.push_back("these " + std::to_string(j.witness.size()) + " operations on " + what +
                                    " cannot be put in any order that respects their real-time order and the " +
                                    model + "'s rules; no order places the one marked ✗:");
            j.explanation_zh.push_back(what_zh + "上的这 " + std::to_string(j.witness.size()) +
                                       " 个操作无法排成任何既符合实时顺序、又符合 " + model +
                                       " 规则的顺序；没有任何顺序能放下标有 ✗ 的那个：");
        } else {
            j.explanation.push_back("no order of " + what + "'s operations places the one marked ✗; it and the "
                                    "operations just before and around it:");
            j.explanation_zh.push_back(what_zh + "的操作没有任何顺序能放下标有 ✗ 的那个；它以及它之前和周围的操作：");
        }
        constexpr std::size_t kShown = 16;
        std::size_t shown = 0;
        for (std::size_t i : j.witness) {
            if (shown++ == kShown) {
                j.explanation.push_back("  ... and " + std::to_string(j.witness.size() - kShown) + " more");
                j.explanation_zh.push_back("  ……另有 " + std::to_string(j.witness.size() - kShown) + " 个");
                break;
            }
            j.explanation.push_back((i == r.failed_at ? "✗ " : "  ") + line(i));
            j.explanation_zh.push_back((i == r.failed_at ? "✗ " : "  ") + line_zh(i));
        }
        if (std::find(j.witness.begin(), j.witness.end(), r.failed_at) == j.witness.end()) {
            j.explanation.push_back("✗ " + line(r.failed_at));
            j.explanation_zh.push_back("✗ " + line_zh(r.failed_at));
        }
    }

    const History& history_;
    HistoryModel model_;
    const std::string& name_;
    Clock::time_point deadline_;
    bool registers_ = false;
    std::vector<Act> acts_;
    std::vector<std::string> keys_;
    std::vector<Json> inputs_;
    std::vector<Json> outputs_;
    std::vector<Payload> payloads_;
};

}  // namespace

std::optional<HistoryModel> parse_history_model(std::string_view name) {
    for (HistoryModel m : {HistoryModel::Register, HistoryModel::CasRegister, HistoryModel::Kv, HistoryModel::Set,
                           HistoryModel::Queue, HistoryModel::Counter})
        if (to_string(m) == name)
            return m;
    return std::nullopt;
}

std::string_view to_string(HistoryModel model) {
    switch (model) {
        case HistoryModel::Register: return "register";
        case HistoryModel::CasRegister: return "cas-register";
        case HistoryModel::Kv: return "kv";
        case HistoryModel::Set: return "set";
        case HistoryModel::Queue: return "queue";
        case HistoryModel::Counter: return "counter";
    }
    return "?";
}

std::expected<Judgement, HistoryError> judge_history(const History& history, HistoryModel model,
                                                     Clock::time_point deadline, const std::string& name) {
    return Judge(history, model, name, deadline).run();
}

}  // namespace distlab::netlab
