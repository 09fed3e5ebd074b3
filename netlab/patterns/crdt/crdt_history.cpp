#include "netlab/patterns/crdt/crdt_history.h"

#include <algorithm>
#include <set>

#include "core/patterns/crdt/crdt_replica_role.h"

namespace distlab::netlab::crdt {

namespace {

using core::Json;

bool is_counter(const std::string& t) { return t == "g-counter" || t == "pn-counter"; }
bool is_register(const std::string& t) { return t == "lww-register" || t == "mv-register"; }

std::string text_of(const Json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

std::string time_of(const Op& op) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3fs", static_cast<double>(op.invoked_ns) / 1e9);
    return buf;
}

// The values a register's read shows: one (LWW), several (MV), or none.
std::vector<std::string> register_values(const Json& v) {
    std::vector<std::string> out;
    if (v.is_string())
        out.push_back(v.get<std::string>());
    else if (v.is_array())
        for (const Json& e : v)
            if (e.is_string())
                out.push_back(e.get<std::string>());
    return out;
}

void judge_counter(KeyJudgement& j, const std::vector<const Op*>& ops, const std::vector<const Op*>& reads) {
    std::int64_t sure = 0, up = 0, down = 0;
    std::size_t unknown = 0;
    for (const Op* op : ops) {
        if (op->f != "add" || !op->argument.is_number_integer())
            continue;
        const std::int64_t n = op->argument.get<std::int64_t>();
        if (op->ok())
            sure += n;
        else if (op->status != "fail") {
            ++unknown;
            (n >= 0 ? up : down) += n;
        }
    }
    const std::int64_t lo = sure + down, hi = sure + up;
    const std::string range = "[" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
    for (const Op* r : reads) {
        const bool number = r->result.is_number_integer();
        const std::int64_t v = number ? r->result.get<std::int64_t>() : 0;
        if (number && v >= lo && v <= hi)
            continue;
        j.allowed = false;
        j.culprits.push_back(r);
        const std::string why = !number ? "is not a number"
                                : v < lo ? "is below " + std::to_string(lo) + ": acknowledged adds were lost"
                                         : "is above " + std::to_string(hi) + ": adds were counted twice";
        const std::string why_zh = !number ? "不是数字"
                                   : v < lo ? "低于 " + std::to_string(lo) + "：已确认的加法丢失了"
                                            : "高于 " + std::to_string(hi) + "：有加法被重复计数";
        j.detail = r->client + "'s final read " + text_of(r->result) + " " + why + " (allowed " + range + ")";
        j.detail_zh = r->client + " 的最终读取值 " + text_of(r->result) + " " + why_zh + "（允许范围 " + range + "）";
        return;
    }
    j.detail = std::to_string(reads.size()) + " final reads within " + range + " (" + std::to_string(unknown) +
               " adds of unknown outcome)";
    j.detail_zh = std::to_string(reads.size()) + " 次最终读取均在 " + range + " 内（" + std::to_string(unknown) +
                  " 个加法结果未知）";
}

void judge_set(KeyJudgement& j, const std::vector<const Op*>& ops, const std::vector<const Op*>& reads) {
    std::set<std::string> ever_added;
    std::map<std::string, const Op*> must;   // element -> an acknowledged add no remove can undo
    for (const Op* op : ops)
        if (op->f == "add" && op->argument.is_string())
            ever_added.insert(op->argument.get<std::string>());
    for (const Op* add : ops) {
        if (add->f != "add" || !add->ok() || !add->argument.is_string())
            continue;
        const std::string e = add->argument.get<std::string>();
        // Every remove of it had completed before this add began: none can have seen its tag.
        const bool after_every_remove = std::all_of(ops.begin(), ops.end(), [&](const Op* rm) {
            return rm->f != "remove" || rm->argument != add->argument ||
                   (rm->completed_ns && *rm->completed_ns < add->invoked_ns);
        });
        if (after_every_remove && !must.contains(e))
            must.emplace(e, add);
    }
    for (const Op* r : reads) {
        if (!r->result.is_array()) {
            j.allowed = false;
            j.culprits.push_back(r);
            j.detail = r->client + "'s final read " + text_of(r->result) + " is not a set";
            j.detail_zh = r->client + " 的最终读取值 " + text_of(r->result) + " 不是集合";
            return;
        }
        std::set<std::string> seen;
        for (const Json& e : r->result)
            seen.insert(text_of(e));
        for (const std::string& e : seen)
            if (!ever_added.contains(e)) {
                j.allowed = false;
                j.culprits.push_back(r);
                j.detail = r->client + "'s final read holds \"" + e + "\", which no operation added";
                j.detail_zh = r->client + " 的最终读取包含 \"" + e + "\"，但没有任何操作添加过它";
                return;
            }
        for (const auto& [e, add] : must)
            if (!seen.contains(e)) {
                j.allowed = false;
                j.culprits.push_back(r);
                j.culprits.push_back(add);
                j.detail = r->client + "'s final read lacks \"" + e + "\", added by " + add->client + " at " +
                           time_of(*add) + " after every remove of it: the add was lost";
                j.detail_zh = r->client + " 的最终读取缺少 \"" + e + "\"，它由 " + add->client + " 在 " + time_of(*add) +
                              " 添加，晚于对它的每次删除：这次添加丢失了";
                return;
            }
    }
    j.detail = std::to_string(reads.size()) + " final reads hold every element that must be there (" +
               std::to_string(must.size()) + ") and nothing never added";
    j.detail_zh = std::to_string(reads.size()) + " 次最终读取包含所有必须存在的元素（" + std::to_string(must.size()) +
                  " 个），且没有从未添加过的元素";
}

void judge_register(KeyJudgement& j, const std::vector<const Op*>& ops, const std::vector<const Op*>& reads) {
    std::set<std::string> written;
    std::vector<const Op*> newest;   // writes no acknowledged write began after
    for (const Op* w : ops) {
        if (w->f != "write" || !w->argument.is_string())
            continue;
        written.insert(w->argument.get<std::string>());
        if (w->status == "fail")
            continue;
        const bool superseded = w->ok() && std::any_of(ops.begin(), ops.end(), [&](const Op* later) {
            return later->f == "write" && later->ok() && later->invoked_ns > *w->completed_ns;
        });
        if (!superseded)
            newest.push_back(w);
    }
    for (const Op* r : reads) {
        const std::vector<std::string> values = register_values(r->result);
        for (const std::string& v : values)
            if (!written.contains(v)) {
                j.allowed = false;
                j.culprits.push_back(r);
                j.detail = r->client + "'s final read holds \"" + v + "\", which no operation wrote";
                j.detail_zh = r->client + " 的最终读取包含 \"" + v + "\"，但没有任何操作写入过它";
                return;
            }
        if (newest.empty())
            continue;
        const bool has_newest = std::any_of(newest.begin(), newest.end(), [&](const Op* w) {
            return std::find(values.begin(), values.end(), w->argument.get<std::string>()) != values.end();
        });
        if (has_newest)
            continue;
        j.allowed = false;
        j.culprits.push_back(r);
        std::string lost;
        for (const Op* w : newest) {
            j.culprits.push_back(w);
            lost += (lost.empty() ? "" : ", ") + w->argument.get<std::string>() + " (" + w->client + " @ " +
                    time_of(*w) + ")";
        }
        j.detail = r->client + "'s final read " + text_of(r->result) + " lacks the newest write " + lost +
                   ": a write that came after it was lost";
        j.detail_zh = r->client + " 的最终读取值 " + text_of(r->result) + " 不含最新的写入 " + lost +
                      "：较早的写入覆盖了较晚的写入";
        return;
    }
    j.detail = std::to_string(reads.size()) + " final reads hold the newest write and only written values";
    j.detail_zh = std::to_string(reads.size()) + " 次最终读取都包含最新的写入，且只含写入过的值";
}

}  // namespace

CrdtHistory CrdtHistory::read(const std::vector<Event>& events,
                              const std::map<std::string, std::string, std::less<>>& node_roles) {
    const auto is = [&node_roles](const std::string& node, std::string_view role) {
        const auto it = node_roles.find(node);
        return it != node_roles.end() && it->second == role;
    };
    CrdtHistory h;
    std::map<std::pair<std::string, std::uint64_t>, std::size_t> by_op;
    for (const Event& e : events) {
        switch (e.kind) {
        case EventKind::OpInvoked: {
            if (!is(e.node, core::crdt::kClientRole))
                break;
            const Json v = Json::parse(e.data, nullptr, false);
            if (!v.is_object())
                break;
            by_op[{e.node, e.msg_id}] = h.ops.size();
            h.ops.push_back(Op{.client = e.node,
                               .id = e.msg_id,
                               .f = e.type,
                               .type = v.value("type", std::string()),
                               .key = v.value("key", std::string()),
                               .argument = v.value("value", Json(nullptr)),
                               .final_read = v.value("final", false),
                               .invoked_ns = e.t_ns});
            break;
        }
        case EventKind::OpCompleted: {
            const auto it = by_op.find({e.node, e.msg_id});
            if (it == by_op.end() || h.ops[it->second].completed_ns)
                break;
            Op& op = h.ops[it->second];
            op.completed_ns = e.t_ns;
            op.status = e.type;
            const Json v = Json::parse(e.data, nullptr, false);
            if (v.is_object())
                op.result = v.value("value", Json(nullptr));
            break;
        }
        default: break;
        }
    }
    return h;
}

std::vector<KeyJudgement> judge_final_reads(const CrdtHistory& history) {
    std::map<std::string, std::vector<const Op*>> by_key;
    for (const Op& op : history.ops)
        by_key[op.key].push_back(&op);
    std::vector<KeyJudgement> out;
    for (const auto& [key, ops] : by_key) {
        std::vector<const Op*> reads;
        for (const Op* op : ops)
            if (op->f == "read" && op->final_read && op->ok())
                reads.push_back(op);
        if (reads.empty())
            continue;
        KeyJudgement j{.key = key, .type = reads.front()->type, .final_reads = reads.size()};
        if (is_counter(j.type))
            judge_counter(j, ops, reads);
        else if (is_register(j.type))
            judge_register(j, ops, reads);
        else
            judge_set(j, ops, reads);
        out.push_back(std::move(j));
    }
    return out;
}

}  // namespace distlab::netlab::crdt
