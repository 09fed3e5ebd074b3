#include "netlab/patterns/maelstrom/kafka_judge.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <utility>

namespace distlab::netlab::maelstrom {

namespace {

using core::Json;

std::string at_time(std::int64_t ns) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3fs", static_cast<double>(ns) / 1e9);
    return buf;
}

// Who saw a message at an offset: a send_ok or a poll.
struct Sighting {
    const WorkloadOp* op;
    bool sent;
};

class Judge {
public:
    explicit Judge(KafkaJudgement& out) : out_(out) {}

    void add(std::string kind, const std::string& key, std::string text, std::string text_zh,
             std::vector<const WorkloadOp*> ops) {
        if (out_.counts[kind]++ >= KafkaJudgement::kShown)
            return;
        out_.anomalies.push_back({std::move(kind), key, std::move(text), std::move(text_zh), std::move(ops)});
    }

private:
    KafkaJudgement& out_;
};

std::string who(const Sighting& s) {
    return (s.sent ? "send_ok of " : "poll ") + s.op->name();
}

}  // namespace

KafkaJudgement judge_kafka(const std::vector<WorkloadOp>& ops) {
    KafkaJudgement out;
    Judge judge(out);
    // key -> offset -> message (dumped) -> who saw it there.
    std::map<std::string, std::map<std::int64_t, std::map<std::string, std::vector<Sighting>>>> logs;
    std::vector<const WorkloadOp*> sends, polls;
    for (const WorkloadOp& op : ops) {
        if (!op.ok() || !op.result.is_object())
            continue;
        if (op.f == "send" && op.result.contains("offset") && op.result["offset"].is_number_integer()) {
            ++out.sends_acked;
            sends.push_back(&op);
            logs[op.result.value("key", "")][op.result["offset"].get<std::int64_t>()][op.result["msg"].dump()].push_back(
                {&op, true});
        } else if (op.f == "poll" && op.result.contains("msgs") && op.result["msgs"].is_object()) {
            ++out.polls_ok;
            polls.push_back(&op);
            for (const auto& [key, pairs] : op.result["msgs"].items())
                for (const Json& pair : pairs)
                    if (pair.is_array() && pair.size() == 2 && pair[0].is_number_integer())
                        logs[key][pair[0].get<std::int64_t>()][pair[1].dump()].push_back({&op, false});
        }
    }

    // duplicated: an offset with two messages, a message at two offsets.
    for (const auto& [key, offsets] : logs) {
        std::map<std::string, std::vector<std::pair<std::int64_t, const Sighting*>>> where;
        for (const auto& [offset, messages] : offsets) {
            bool polled = false;
            for (const auto& [message, seen] : messages) {
                where[message].push_back({offset, &seen.front()});
                for (const Sighting& s : seen)
                    polled = polled || !s.sent;
            }
            out.observed += polled ? 1 : 0;
            if (messages.size() < 2)
                continue;
            const auto first = messages.begin();
            const auto second = std::next(first);
            judge.add("duplicated", key,
                      "offset " + std::to_string(offset) + " of " + key + " holds two messages: " + first->first + " (" +
                          who(first->second.front()) + ") and " + second->first + " (" + who(second->second.front()) + ")",
                      key + " 的偏移量 " + std::to_string(offset) + " 上有两条消息：" + first->first + "（" +
                          who(first->second.front()) + "）与 " + second->first + "（" + who(second->second.front()) + "）",
                      {first->second.front().op, second->second.front().op});
        }
        for (const auto& [message, at] : where) {
            if (at.size() < 2)
                continue;
            judge.add("duplicated", key,
                      "message " + message + " is at offsets " + std::to_string(at[0].first) + " (" + who(*at[0].second) +
                          ") and " + std::to_string(at[1].first) + " (" + who(*at[1].second) + ") of " + key,
                      "消息 " + message + " 同时位于 " + key + " 的偏移量 " + std::to_string(at[0].first) + "（" +
                          who(*at[0].second) + "）与 " + std::to_string(at[1].first) + "（" + who(*at[1].second) + "）",
                      {at[0].second->op, at[1].second->op});
        }
    }

    // lost: a poll after the acknowledgement read past the offset without it.
    for (const WorkloadOp* send : sends) {
        const std::string key = send->result.value("key", "");
        const std::int64_t offset = send->result["offset"].get<std::int64_t>();
        for (const WorkloadOp* poll : polls) {
            if (poll->invoked_ns <= *send->completed_ns)
                continue;
            const Json& from = poll->result["offsets"];
            const Json& got = poll->result["msgs"];
            if (!from.is_object() || !from.contains(key) || !from[key].is_number_integer() || !got.contains(key) ||
                from[key].get<std::int64_t>() > offset)
                continue;
            bool past = false, seen = false;
            std::int64_t last = -1;
            for (const Json& pair : got[key])
                if (pair.is_array() && pair.size() == 2 && pair[0].is_number_integer()) {
                    const std::int64_t o = pair[0].get<std::int64_t>();
                    past = past || o > offset;
                    seen = seen || o == offset;
                    last = std::max(last, o);
                }
            if (!past || seen)
                continue;
            const std::string asked = std::to_string(from[key].get<std::int64_t>());
            judge.add("lost", key,
                      send->name() + "'s message " + send->result["msg"].dump() + " was acknowledged at offset " +
                          std::to_string(offset) + " of " + key + " (" + at_time(*send->completed_ns) + "), but " +
                          poll->name() + " read " + key + " from " + asked + " to " + std::to_string(last) + " (" +
                          at_time(poll->invoked_ns) + ") without it",
                      send->name() + " 的消息 " + send->result["msg"].dump() + " 已在 " + key + " 的偏移量 " +
                          std::to_string(offset) + " 确认（" + at_time(*send->completed_ns) + "），但 " + poll->name() +
                          " 从 " + asked + " 读到 " + std::to_string(last) + "（" + at_time(poll->invoked_ns) + "）时没有它",
                      {send, poll});
            break;
        }
    }

    // out-of-order within a poll.
    for (const WorkloadOp* poll : polls) {
        const Json& from = poll->result["offsets"];
        for (const auto& [key, pairs] : poll->result["msgs"].items()) {
            const std::int64_t asked = from.is_object() && from.contains(key) && from[key].is_number_integer()
                                           ? from[key].get<std::int64_t>()
                                           : 0;
            std::int64_t previous = asked - 1;
            bool first_pair = true;
            for (const Json& pair : pairs) {
                if (!pair.is_array() || pair.size() != 2 || !pair[0].is_number_integer())
                    continue;
                const std::int64_t o = pair[0].get<std::int64_t>();
                if (o <= previous) {
                    const bool first = first_pair;
                    const std::string what = first ? "first, below the offset " + std::to_string(asked) + " asked for"
                                                   : "after " + std::to_string(previous);
                    const std::string what_zh = first ? "作为第一条，低于请求的偏移量 " + std::to_string(asked)
                                                      : "在 " + std::to_string(previous) + " 之后";
                    judge.add("out-of-order", key,
                              poll->name() + " (" + at_time(poll->invoked_ns) + ") returned offset " + std::to_string(o) +
                                  " of " + key + " " + what,
                              poll->name() + "（" + at_time(poll->invoked_ns) + "）" + what_zh + "返回了 " + key +
                                  " 的偏移量 " + std::to_string(o),
                              {poll});
                    break;
                }
                previous = o;
                first_pair = false;
            }
        }
    }
    // out-of-order between a client's sends to a key, one acknowledged before the other began.
    std::map<std::pair<std::string, std::string>, std::vector<const WorkloadOp*>> by_client_key;
    for (const WorkloadOp* send : sends)
        by_client_key[{send->client, send->result.value("key", "")}].push_back(send);
    for (const auto& [client_key, list] : by_client_key) {
        const WorkloadOp* highest = nullptr;   // the highest offset acknowledged so far, by completion
        std::vector<const WorkloadOp*> by_completion = list;
        std::sort(by_completion.begin(), by_completion.end(),
                  [](const WorkloadOp* a, const WorkloadOp* b) { return *a->completed_ns < *b->completed_ns; });
        std::size_t done = 0;
        for (const WorkloadOp* send : list) {   // by invocation
            while (done < by_completion.size() && *by_completion[done]->completed_ns < send->invoked_ns) {
                if (!highest || by_completion[done]->result["offset"] > highest->result["offset"])
                    highest = by_completion[done];
                ++done;
            }
            if (highest && send->result["offset"] <= highest->result["offset"]) {
                const std::string& key = client_key.second;
                judge.add("out-of-order", key,
                          send->name() + " (" + at_time(send->invoked_ns) + ") got offset " +
                              send->result["offset"].dump() + " of " + key + ", not above offset " +
                              highest->result["offset"].dump() + " of " + highest->name() +
                              ", acknowledged before it began",
                          send->name() + "（" + at_time(send->invoked_ns) + "）得到 " + key + " 的偏移量 " +
                              send->result["offset"].dump() + "，不高于它开始之前已确认的 " + highest->name() +
                              " 的偏移量 " + highest->result["offset"].dump(),
                          {send, highest});
            }
        }
    }
    return out;
}

}  // namespace distlab::netlab::maelstrom
