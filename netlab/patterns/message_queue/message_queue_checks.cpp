#include "netlab/patterns/message_queue/message_queue_checks.h"

#include <algorithm>
#include <limits>

#include "core/patterns/message_queue/queue_role.h"
#include "netlab/checks/check_support.h"
#include "netlab/patterns/message_queue/mq_history.h"

namespace distlab::netlab {

namespace {

using Clock = std::chrono::steady_clock;
using core::Text;
using mq::MqHistory;

std::string n(std::int64_t value) { return std::to_string(value); }

// "1 message", "3 messages"
std::string messages(std::int64_t count) { return n(count) + (count == 1 ? " message" : " messages"); }

CheckResult no_roles() {
    return verdict(Verdict::Unknown, Text{"the run's roles are not known", "不知道本次运行的角色"});
}

// "3 after the visibility timeout (...), 1 after a failure (nack)"
Text reasons_text(const std::map<std::string, std::int64_t>& by_reason) {
    std::vector<Text> parts;
    for (const auto& [reason, count] : by_reason)
        parts.push_back(Text{n(count) + " ", n(count) + " 次"} + mq::reason_text(reason));
    return joined_text(parts, Text{", ", "，"});
}

// ---- mq_no_acked_loss ----

class NoAckedLoss final : public Check {
public:
    CheckResult evaluate(const RunView& run, Clock::time_point) const override {
        if (!run.roles)
            return no_roles();
        const MqHistory h = mq::read_mq_history(run.events, *run.roles);
        const std::int64_t acked = h.acked();
        if (acked == 0)
            return verdict(Verdict::Unknown, Text{"no enqueue was acknowledged", "没有任何入队被确认"});
        if (h.groups.empty())
            return verdict(Verdict::Unknown,
                           Text{"no consumer group got any message", "没有任何消费组收到消息"});
        std::int64_t consumed = 0, dead = 0, lost = 0, recovered = 0, unexpected = 0;
        const mq::Enqueue* first_lost = nullptr;
        std::string first_group, first_name;
        CheckResult involved;
        for (const auto& [key, enq] : h.enqueues) {
            if (!enq.acked)
                continue;
            for (const auto& [group, tracks] : h.groups) {
                const auto t = tracks.find(key);
                if (t != tracks.end() && t->second.consumed > 0) {
                    ++consumed;
                } else if (h.in_dlq(group, key)) {
                    ++dead;
                } else {
                    ++lost;
                    involve_op(involved, enq.producer, enq.op);
                    if (!first_lost) {
                        first_lost = &enq;
                        first_group = group;
                        first_name = mq::key_name(key);
                    }
                }
            }
        }
        const mq::Key* first_unexpected = nullptr;
        for (const auto& [group, tracks] : h.groups)
            for (const auto& [key, t] : tracks) {
                if (t.consumed == 0)
                    continue;
                const auto enq = h.enqueues.find(key);
                if (enq == h.enqueues.end()) {
                    ++unexpected;
                    if (!first_unexpected)
                        first_unexpected = &key;
                } else if (!enq->second.acked) {
                    ++recovered;
                }
            }
        const std::string groups = n(std::ssize(h.groups));
        Text tally = Text{n(acked) + " acknowledged enqueues, " + groups + " group(s): " + n(consumed) +
                              " consumed, " + n(dead) + " dead-lettered",
                          n(acked) + " 个已确认的入队，" + groups + " 个消费组：" + n(consumed) + " 个已消费，" +
                              n(dead) + " 个进入死信队列"};
        if (recovered > 0)
            tally += Text{"; " + n(recovered) + " consumed though their enqueue was never acknowledged",
                          "；" + n(recovered) + " 个入队未被确认的消息也被消费了"};
        if (lost == 0 && unexpected == 0)
            return verdict(Verdict::Pass, tally + Text{"; none lost", "；没有丢失"});
        if (lost > 0 && !h.dlq_complete())
            return verdict(Verdict::Unknown, tally + Text{"; the queue's snapshot does not list its whole DLQ",
                                                          "；队列的快照没有列出完整的死信队列"});
        if (lost == 0) {
            const std::string which = mq::key_name(*first_unexpected);
            return verdict(Verdict::Fail, tally + Text{"; " + n(unexpected) + " consumed that no producer enqueued; first: " +
                                                           which,
                                                       "；" + n(unexpected) + " 个被消费的消息从未有生产者发送；第一个：" +
                                                           which});
        }
        const std::string& name = first_name;
        const std::string at = seconds_text(first_lost->t_ns);
        CheckResult r = verdict(Verdict::Fail,
                                tally + Text{", " + n(lost) + " lost; first: " + name + ", acknowledged at " + at +
                                                 ", never consumed in group " + first_group,
                                             "，" + n(lost) + " 个丢失；第一个：" + name + "，确认于 " + at +
                                                 "，在消费组 " + first_group + " 中从未被消费"},
                                std::make_pair(first_lost->t_ns, first_lost->t_ns));
        r.nodes = std::move(involved.nodes);
        r.ops = std::move(involved.ops);
        for (const std::string& q : h.queues)
            involve_node(r, q);
        return r;
    }
};

// ---- mq_all_settled ----

class AllSettled final : public Check {
public:
    CheckResult evaluate(const RunView& run, Clock::time_point) const override {
        if (!run.roles)
            return no_roles();
        const MqHistory h = mq::read_mq_history(run.events, *run.roles);
        if (!h.dead_queues.empty()) {
            const std::string q = h.dead_queues.front();
            return involving(verdict(Verdict::Fail, Text{"the queue " + q + " is down at the end: what it held is "
                                                                                "neither consumed nor dead-lettered",
                                                         "队列 " + q + " 在结束时已宕机：它持有的消息既未被消费，"
                                                                       "也未进入死信队列"}),
                             {q});
        }
        std::int64_t delivered = 0, consumed = 0, dead = 0, open = 0;
        std::string first_open;
        for (const auto& [group, tracks] : h.groups)
            for (const auto& [key, t] : tracks) {
                if (t.deliveries.empty())
                    continue;
                ++delivered;
                if (t.consumed > 0) {
                    ++consumed;
                } else if (h.in_dlq(group, key)) {
                    ++dead;
                } else {
                    ++open;
                    if (first_open.empty())
                        first_open = mq::key_name(key) + " (group " + group + ")";
                }
            }
        std::int64_t waiting = 0, flying = 0;
        for (const mq::FinalQueue& q : h.final_queues) {
            waiting += q.depth;
            flying += q.in_flight;
        }
        const Text tally{messages(delivered) + " delivered: " + n(consumed) + " consumed, " + n(dead) +
                             " in the DLQ",
                         "投递了 " + n(delivered) + " 条消息：" + n(consumed) + " 条已消费，" + n(dead) +
                             " 条在死信队列中"};
        if (open == 0 && waiting == 0 && flying == 0)
            return verdict(Verdict::Pass, tally + Text{"; the queue holds nothing else at the end",
                                                       "；结束时队列中没有其他消息"});
        Text detail = tally;
        if (open > 0 && !h.dlq_complete())
            return verdict(Verdict::Unknown, tally + Text{"; the queue's snapshot does not list its whole DLQ",
                                                          "；队列的快照没有列出完整的死信队列"});
        if (open > 0)
            detail += Text{", " + n(open) + " neither; first: " + first_open,
                           "，" + n(open) + " 条两者皆非；第一条：" + first_open};
        if (waiting > 0 || flying > 0)
            detail += Text{"; the queue still holds " + n(waiting) + " waiting and " + n(flying) +
                               " in flight at the end",
                           "；结束时队列中仍有 " + n(waiting) + " 条等待投递、" + n(flying) + " 条正在投递"};
        CheckResult r = verdict(Verdict::Fail, detail);
        for (const std::string& q : h.queues)
            involve_node(r, q);
        return r;
    }
};

// ---- mq_dead_letter ----

class DeadLetter final : public Check {
public:
    explicit DeadLetter(std::int64_t min) : min_(min) {}

    CheckResult evaluate(const RunView& run, Clock::time_point) const override {
        if (!run.roles)
            return no_roles();
        const MqHistory h = mq::read_mq_history(run.events, *run.roles);
        const NodeSpec* spec = h.queues.empty() ? nullptr : run.scenario.find_node(h.queues.front());
        if (!spec)
            return verdict(Verdict::Unknown, Text{"the scenario has no queue node", "场景中没有队列节点"});
        const auto config = core::message_queue::QueueConfig::from(spec->resolved);
        const std::int64_t deliveries = config.retries() + 1;
        if (!h.dlq_complete())
            return verdict(Verdict::Unknown, Text{"the queue's snapshot does not list its whole DLQ",
                                                  "队列的快照没有列出完整的死信队列"});
        if (!h.dead_queues.empty() && h.final_queues.empty())
            return involving(verdict(Verdict::Fail, Text{"the queue is down at the end: its DLQ cannot be read",
                                                         "队列在结束时已宕机：无法读取其死信队列"}),
                             {h.dead_queues.front()});
        std::int64_t shortest = std::numeric_limits<std::int64_t>::max(), longest = 0, listed = 0;
        for (const mq::FinalQueue& q : h.final_queues)
            for (const auto& [group, key] : q.dlq) {
                ++listed;
                const std::string name = mq::key_name(key);
                const auto g = h.groups.find(group);
                const mq::Track* t = nullptr;
                if (g != h.groups.end())
                    if (const auto it = g->second.find(key); it != g->second.end())
                        t = &it->second;
                const std::int64_t got = t ? std::ssize(t->deliveries) : 0;
                if (got != deliveries)
                    return fail(q.node, Text{name + " went to the DLQ of group " + group + " after " + n(got) +
                                                 " deliveries, not max_retries + 1 = " + n(deliveries),
                                             name + " 在消费组 " + group + " 中投递了 " + n(got) +
                                                 " 次后进入死信队列，而不是 max_retries + 1 = " + n(deliveries) + " 次"});
                if (t->consumed > 0)
                    return fail(q.node, Text{name + " was consumed in group " + group + ", yet dead-lettered",
                                             name + " 在消费组 " + group + " 中已被消费，却进入了死信队列"});
                for (std::size_t k = 1; k < t->deliveries.size(); ++k) {
                    const std::int64_t gap = t->deliveries[k].t_ns - t->deliveries[k - 1].t_ns;
                    const auto delay = static_cast<std::int64_t>(
                        static_cast<double>(config.delay_before_retry(static_cast<std::int64_t>(k)).count()) *
                        run.scenario.time_scale);
                    if (gap < delay)
                        return fail(q.node, Text{"retry " + n(static_cast<std::int64_t>(k)) + " of " + name +
                                                     " came " + span_text(gap) + " after the delivery before it, "
                                                     "sooner than its delay of " + span_text(delay),
                                                 name + " 的第 " + n(static_cast<std::int64_t>(k)) + " 次重试在上一次投递后 " +
                                                     span_text(gap) + " 就到了，早于其 " + span_text(delay) + " 的延迟"},
                                    std::make_pair(t->deliveries[k - 1].t_ns, t->deliveries[k].t_ns));
                    shortest = std::min(shortest, gap);
                    longest = std::max(longest, gap);
                }
            }
        for (const auto& [group, tracks] : h.groups)
            for (const auto& [key, t] : tracks)
                if (std::ssize(t.deliveries) > deliveries) {
                    const std::string name = mq::key_name(key);
                    return fail(h.queues.front(),
                                Text{name + " was delivered " + n(std::ssize(t.deliveries)) + " times in group " + group +
                                         ", more than max_retries + 1 = " + n(deliveries),
                                     name + " 在消费组 " + group + " 中被投递 " + n(std::ssize(t.deliveries)) +
                                         " 次，超过 max_retries + 1 = " + n(deliveries) + " 次"});
                }
        if (listed < min_)
            return fail(h.queues.front(), Text{messages(listed) + " in the DLQ at the end, expected at least " + n(min_),
                                               "结束时死信队列中有 " + n(listed) + " 条消息，应至少 " + n(min_) + " 条"});
        if (listed == 0)
            return verdict(Verdict::Pass, Text{"no message in the DLQ, none delivered more than " + n(deliveries) + " times",
                                               "死信队列为空，没有消息被投递超过 " + n(deliveries) + " 次"});
        Text detail{messages(listed) + " in the DLQ, each after exactly " + n(deliveries) + " deliveries (" +
                        n(deliveries - 1) + " retries), never consumed",
                    "死信队列中有 " + n(listed) + " 条消息，每条都恰好投递了 " + n(deliveries) + " 次（重试 " +
                        n(deliveries - 1) + " 次），从未被消费"};
        if (longest > 0)
            detail += Text{"; gaps between deliveries " + span_text(shortest) + " to " + span_text(longest) +
                               ", none shorter than the ladder's delay",
                           "；投递间隔 " + span_text(shortest) + " 到 " + span_text(longest) + "，均不短于阶梯的延迟"};
        return verdict(Verdict::Pass, detail);
    }

private:
    static CheckResult fail(const std::string& queue, Text detail,
                            std::optional<std::pair<std::int64_t, std::int64_t>> window = std::nullopt) {
        CheckResult r = verdict(Verdict::Fail, std::move(detail), window);
        involve_node(r, queue);
        return r;
    }

    std::int64_t min_;
};

// ---- mq_duplicates ----

class Duplicates final : public Check {
public:
    Duplicates(std::int64_t min, std::optional<std::int64_t> max) : min_(min), max_(max) {}

    CheckResult evaluate(const RunView& run, Clock::time_point) const override {
        if (!run.roles)
            return no_roles();
        const MqHistory h = mq::read_mq_history(run.events, *run.roles);
        std::int64_t repeated = 0, twice = 0, extra = 0;
        std::map<std::string, std::int64_t> by_reason;
        for (const auto& [group, tracks] : h.groups)
            for (const auto& [key, t] : tracks) {
                if (t.received > 1)
                    ++repeated;
                if (t.consumed > 1)
                    ++twice;
                for (const auto& [reason, count] : t.extra) {
                    by_reason[reason] += count;
                    extra += count;
                }
            }
        Text detail{messages(repeated) + " received more than once", n(repeated) + " 条消息被多次接收"};
        if (extra > 0)
            detail += Text{" (" + n(extra) + " extra receipts: ", "（多出 " + n(extra) + " 次接收："} +
                      reasons_text(by_reason) + Text{")", "）"};
        detail += Text{"; " + n(twice) + " processed more than once", "；" + n(twice) + " 条被处理了不止一次"};
        const bool within = repeated >= min_ && (!max_ || repeated <= *max_);
        const std::string bound = max_ ? "[" + n(min_) + ", " + n(*max_) + "]" : "at least " + n(min_);
        const std::string bound_zh = max_ ? "[" + n(min_) + ", " + n(*max_) + "]" : "至少 " + n(min_);
        detail += Text{"; expected " + bound, "；期望 " + bound_zh};
        return verdict(within ? Verdict::Pass : Verdict::Fail, detail);
    }

private:
    std::int64_t min_;
    std::optional<std::int64_t> max_;
};

core::ParamSpec min_param(std::int64_t value, std::string en, std::string zh) {
    return {.name = "min", .type = core::ParamType::Int, .default_value = value, .min = 0, .en = std::move(en),
            .zh = std::move(zh)};
}

}  // namespace

void register_message_queue_checks(CheckRegistry& registry) {
    const RoleFilter queue = RoleFilter::named(std::string(mq::kQueueRole));
    const RoleFilter producer = RoleFilter::named(std::string(mq::kProducerRole));
    const RoleFilter consumer = RoleFilter::named(std::string(mq::kConsumerRole));
    registry.add({.name = "mq_no_acked_loss",
                  .en = "Every enqueue the queue acknowledged ends consumed or in the DLQ, in every group: none lost "
                        "across kills.",
                  .zh = "队列确认过的每次入队，最终在每个消费组中都被消费或进入死信队列：宕机重启也不丢失。",
                  .applies_to = {queue, producer, consumer},
                  .make = [](const core::Params&) -> std::unique_ptr<Check> { return std::make_unique<NoAckedLoss>(); }});
    registry.add({.name = "mq_all_settled",
                  .en = "Every message delivered ends consumed or in the DLQ, and the queue holds nothing else at the end.",
                  .zh = "每条投递过的消息最终被消费或进入死信队列，结束时队列中没有其他消息。",
                  .applies_to = {queue, consumer},
                  .make = [](const core::Params&) -> std::unique_ptr<Check> { return std::make_unique<AllSettled>(); }});
    registry.add({.name = "mq_dead_letter",
                  .en = "Messages reach the DLQ after exactly max_retries + 1 deliveries, spaced by the retry ladder.",
                  .zh = "消息恰好投递 max_retries + 1 次后进入死信队列，投递间隔遵循重试阶梯。",
                  .params = {min_param(1, "messages expected in the DLQ at the end, at least",
                                       "结束时死信队列中至少应有的消息数")},
                  .applies_to = {queue},
                  .make = [](const core::Params& args) -> std::unique_ptr<Check> {
                      return std::make_unique<DeadLetter>(args.get_int("min"));
                  }});
    registry.add({.name = "mq_duplicates",
                  .en = "Counts the messages received more than once, each extra receipt explained by why it came "
                        "again; the count lies within [min, max].",
                  .zh = "统计被多次接收的消息，并说明每次多余接收的原因；数量在 [min, max] 之内。",
                  .params = {min_param(0, "messages received more than once, at least", "被多次接收的消息数下限"),
                             {.name = "max", .type = core::ParamType::Int, .min = 0,
                              .en = "messages received more than once, at most (default: no bound)",
                              .zh = "被多次接收的消息数上限（默认不限）", .optional = true}},
                  .applies_to = {consumer},
                  .make = [](const core::Params& args) -> std::unique_ptr<Check> {
                      return std::make_unique<Duplicates>(args.get_int("min"),
                                                          args.has("max") ? std::optional(args.get_int("max"))
                                                                          : std::nullopt);
                  }});
}

}  // namespace distlab::netlab
