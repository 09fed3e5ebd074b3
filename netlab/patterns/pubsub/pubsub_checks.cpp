#include "netlab/patterns/pubsub/pubsub_checks.h"

#include <functional>
#include <set>

#include "core/patterns/pubsub/broker_role.h"
#include "core/patterns/pubsub/publisher_role.h"
#include "core/patterns/pubsub/subscriber_role.h"
#include "netlab/checks/check_support.h"
#include "netlab/patterns/pubsub/pubsub_history.h"

namespace distlab::netlab {

namespace {

using core::Text;
using core::pubsub::Delivery;
using Deadline = std::chrono::steady_clock::time_point;
using pubsub::History;
using pubsub::SubscriptionResult;

constexpr const char* kSubscriberRole = "subscriber";
constexpr const char* kPublisherRole = "publisher";
constexpr const char* kBrokerRole = "broker";

std::string n(std::int64_t value) { return std::to_string(value); }
std::string n(std::size_t value) { return std::to_string(value); }

Text delivery_text(Delivery delivery) {
    return delivery == Delivery::AtLeastOnce ? Text{"at least once", "至少一次"} : Text{"at most once", "至多一次"};
}

// What one subscription says for one check: how many anomalies, its phrase, when the first was.
struct Judged {
    std::int64_t bad = 0;
    Text phrase;
    std::optional<std::int64_t> first_ns;
    bool fails = false;
};

struct Args {
    std::vector<std::string> subscribers;   // empty: every subscriber
    std::int64_t max = 0;
    std::int64_t settle_ns = 0;
};

using Judge = std::function<Judged(const SubscriptionResult&, const Args&)>;

// The history of the run, limited to the subscriptions of `args.subscribers`.
History history_of(const RunView& run, const Args& args) {
    pubsub::Participants participants;
    for (const NodeSpec& node : run.scenario.nodes) {
        if (node.role == kPublisherRole)
            participants.publishers[node.id] = core::pubsub::PublisherConfig::from(node.resolved).workload.target;
        if (node.role != kSubscriberRole)
            continue;
        const auto config = core::pubsub::SubscriberConfig::from(node.resolved);
        participants.subscribers[node.id] = {config.broker, config.pattern, config.queue, config.delivery};
    }
    // Any other node that subscribed (a stream-source reading a broker) is a subscription too.
    for (auto& [node, info] : pubsub::participants_of(run.events).subscribers)
        participants.subscribers.try_emplace(node, std::move(info));
    History history = pubsub::read_history(run.events, participants, args.settle_ns);
    if (args.subscribers.empty())
        return history;
    std::erase_if(history.subscriptions, [&](const SubscriptionResult& s) {
        return std::none_of(s.members.begin(), s.members.end(), [&](const std::string& m) {
            return std::find(args.subscribers.begin(), args.subscribers.end(), m) != args.subscribers.end();
        });
    });
    return history;
}

class PubsubCheck final : public Check {
public:
    PubsubCheck(Args args, Text what, Judge judge, std::function<bool(const SubscriptionResult&)> judged)
        : args_(std::move(args)), what_(std::move(what)), judge_(std::move(judge)), judged_(std::move(judged)) {}

    CheckResult evaluate(const RunView& run, Deadline) const override {
        const History history = history_of(run, args_);
        std::vector<Text> phrases;
        std::int64_t bad = 0;
        bool any = false, fails = false;
        std::optional<std::int64_t> first_ns;
        std::vector<const SubscriptionResult*> failing;
        for (const SubscriptionResult& s : history.subscriptions) {
            any = any || judged_(s);
            Judged j = judge_(s, args_);
            bad += j.bad;
            phrases.push_back(std::move(j.phrase));
            if (!j.fails)
                continue;
            fails = true;
            failing.push_back(&s);
            if (j.first_ns && (!first_ns || *j.first_ns < *first_ns))
                first_ns = j.first_ns;
        }
        if (!any)
            return verdict(Verdict::Unknown,
                           Text{"nothing to judge: ", "无可判断："} + what_ + Text{" (", "（"} +
                               joined_text(phrases, Text{"; ", "；"}) + Text{")", "）"});
        const Text detail = joined_text(phrases, Text{"; ", "；"});
        if (!fails)
            return verdict(Verdict::Pass, detail);
        CheckResult r = verdict(Verdict::Fail, detail,
                                first_ns ? std::optional(std::make_pair(*first_ns, *first_ns)) : std::nullopt);
        for (const SubscriptionResult* s : failing)
            for (const std::string& m : s->members)
                involve_node(r, m);
        return r;
    }

private:
    Args args_;
    Text what_;   // what the check needs, for "nothing to judge"
    Judge judge_;
    std::function<bool(const SubscriptionResult&)> judged_;
};

// ---- the phrases ----

Judged judge_lost(const SubscriptionResult& s, const Args& args) {
    Judged j;
    j.bad = std::ssize(s.lost);
    j.fails = j.bad > args.max;
    j.first_ns = s.first_lost_ns;
    const std::string expected = n(s.expected), lost = n(s.lost.size());
    j.phrase = Text{s.name + ": ", s.name + "："};
    if (s.lost.empty())
        j.phrase += Text{"none of " + expected + " lost", expected + " 条无一丢失"};
    else
        j.phrase += Text{lost + " of " + expected + " lost, in " + n(s.lost_runs) + " gaps (longest " +
                             n(s.longest_lost_run) + "): " + pubsub::ids_text(s.lost),
                         expected + " 条中丢失 " + lost + " 条，共 " + n(s.lost_runs) + " 段缺口（最长 " +
                             n(s.longest_lost_run) + " 条）：" + pubsub::ids_text(s.lost)};
    if (s.pending > 0)
        j.phrase += Text{", " + n(s.pending) + " still on their way at the end", "，结束时另有 " + n(s.pending) + " 条仍在途中"};
    return j;
}

Judged judge_duplicated(const SubscriptionResult& s, const Args& args) {
    Judged j;
    j.bad = std::ssize(s.duplicated);
    j.fails = j.bad > args.max;
    j.first_ns = s.first_duplicate_ns;
    const std::string received = n(s.received), dup = n(s.duplicated.size()), deliveries = n(s.deliveries);
    j.phrase = Text{s.name + ": ", s.name + "："};
    if (s.duplicated.empty())
        j.phrase += Text{"none of " + received + " received twice", "收到的 " + received + " 条无一重复"};
    else
        j.phrase += Text{dup + " of " + received + " received more than once (" + deliveries + " deliveries): " +
                             pubsub::ids_text(s.duplicated),
                         "收到的 " + received + " 条中 " + dup + " 条重复（共投递 " + deliveries + " 次）：" +
                             pubsub::ids_text(s.duplicated)};
    return j;
}

Judged judge_unexpected(const SubscriptionResult& s, const Args&) {
    Judged j;
    j.bad = std::ssize(s.unexpected);
    j.fails = j.bad > 0;
    const std::string received = n(s.received), bad = n(s.unexpected.size());
    j.phrase = Text{s.name + ": ", s.name + "："};
    if (s.unexpected.empty())
        j.phrase += Text{"all " + received + " received were published", "收到的 " + received + " 条都已发布"};
    else
        j.phrase += Text{bad + " of " + received + " received were never published: " + pubsub::ids_text(s.unexpected),
                         "收到的 " + received + " 条中 " + bad + " 条从未发布：" + pubsub::ids_text(s.unexpected)};
    return j;
}

Judged judge_order(const SubscriptionResult& s, const Args&) {
    Judged j;
    j.bad = std::ssize(s.reordered);
    j.fails = j.bad > 0;
    j.first_ns = s.first_reorder_ns;
    const std::string received = n(s.received), bad = n(s.reordered.size());
    j.phrase = Text{s.name + ": ", s.name + "："};
    if (s.reordered.empty())
        j.phrase += Text{"all " + received + " in publisher order", received + " 条均按发布者顺序收到"};
    else
        j.phrase += Text{bad + " of " + received + " came after a later message of their publisher: " +
                             pubsub::ids_text(s.reordered),
                         received + " 条中 " + bad + " 条晚于同一发布者的后续消息到达：" + pubsub::ids_text(s.reordered)};
    return j;
}

Judged judge_delivery(const SubscriptionResult& s, const Args&) {
    Judged j;
    const bool at_least_once = s.info.delivery == Delivery::AtLeastOnce;
    const std::string lost = n(s.lost.size()), expected = n(s.expected), dup = n(s.duplicated.size()),
                      unexpected = n(s.unexpected.size());
    j.bad = std::ssize(at_least_once ? s.lost : s.duplicated) + std::ssize(s.unexpected);
    j.fails = j.bad > 0;
    j.first_ns = at_least_once ? s.first_lost_ns : s.first_duplicate_ns;
    j.phrase = Text{s.name + " (", s.name + "（"} + delivery_text(s.info.delivery) + Text{"): ", "）："};
    if (at_least_once)
        j.phrase += Text{lost + " of " + expected + " lost, " + dup + " duplicated (allowed)",
                         expected + " 条中丢失 " + lost + " 条，重复 " + dup + " 条（允许）"};
    else
        j.phrase += Text{dup + " duplicated, " + lost + " of " + expected + " lost (allowed)",
                         "重复 " + dup + " 条，" + expected + " 条中丢失 " + lost + " 条（允许）"};
    if (!s.unexpected.empty())
        j.phrase += Text{", " + unexpected + " never published", "，" + unexpected + " 条从未发布"};
    return j;
}

// ---- pubsub_overflow ----

// "210ms": a median age for a detail.
std::string age_text(std::int64_t ns) { return span_text(ns); }

// What a subscription's broker does when its buffer is full, and how big the buffer is.
struct BrokerSide {
    core::pubsub::Overflow overflow = core::pubsub::Overflow::DropOldest;
    std::int64_t buffer_limit = 0;
    std::int64_t max_in_flight = 0;
};

class PubsubOverflow final : public Check {
public:
    explicit PubsubOverflow(Args args) : args_(std::move(args)) {}

    CheckResult evaluate(const RunView& run, Deadline) const override {
        const History history = history_of(run, args_);
        std::vector<Text> phrases;
        std::vector<const SubscriptionResult*> failing;
        bool any = false;
        for (const SubscriptionResult& s : history.subscriptions) {
            const std::optional<BrokerSide> broker = broker_of(run.scenario, s.members.front());
            if (!broker || s.lost.empty()) {
                phrases.push_back(Text{s.name + ": none of " + n(s.expected) + " lost",
                                       s.name + "：" + n(s.expected) + " 条无一丢失"});
                continue;
            }
            any = true;
            const std::string lost = n(s.lost.size()), expected = n(s.expected), runs = n(s.lost_runs),
                              longest = n(s.longest_lost_run), age = age_text(s.median_age_ns);
            Text phrase = Text{s.name + ": " + lost + " of " + expected + " lost in " + runs + " gaps (longest " + longest +
                                   "); ",
                               s.name + "：" + expected + " 条中丢失 " + lost + " 条，共 " + runs + " 段缺口（最长 " + longest +
                                   " 条）；"};
            bool holds = false;
            const std::string window = n(broker->buffer_limit + broker->max_in_flight);
            switch (broker->overflow) {
            case core::pubsub::Overflow::DropOldest:
                // The newest message always gets in: it is the oldest ones that make room.
                holds = s.newest_received;
                phrase += Text{"drop_oldest gave up the messages that waited longest and kept the newest (the last one " +
                                   std::string(holds ? "arrived" : "did not arrive") + "); what arrived was " + age +
                                   " old at the median",
                               "drop_oldest 丢弃等待最久的消息、保留最新的（最后一条" +
                                   std::string(holds ? "已收到" : "未收到") + "）；收到的消息中位年龄 " + age};
                break;
            case core::pubsub::Overflow::DropNewest:
                // The first buffer's worth always gets in: it is the new ones that are turned away.
                holds = s.received_before_first_loss >= broker->buffer_limit + broker->max_in_flight;
                phrase += Text{"drop_newest turned away new messages and kept the oldest (the first " +
                                   n(s.received_before_first_loss) + " arrived whole, the buffer and window hold " +
                                   window + "); what arrived was " + age + " old at the median",
                               "drop_newest 拒收新消息、保留最早的（前 " + n(s.received_before_first_loss) +
                                   " 条完整收到，缓冲区与窗口共容纳 " + window + " 条）；收到的消息中位年龄 " + age};
                break;
            case core::pubsub::Overflow::Disconnect:
                // Each disconnect drops the whole buffer, and what comes until it subscribes again.
                holds = s.disconnects > 0 && s.longest_lost_run >= broker->buffer_limit;
                phrase += Text{"disconnect closed the slow consumer " + n(s.disconnects) +
                                   " times, each time dropping its buffer of " + n(broker->buffer_limit) +
                                   " and all that came until it subscribed again",
                               "disconnect 断开慢消费者 " + n(s.disconnects) + " 次，每次丢弃其 " +
                                   n(broker->buffer_limit) + " 条缓冲及重新订阅前到达的全部消息"};
                break;
            }
            if (!holds) {
                failing.push_back(&s);
                phrase += Text{", which that policy never does", "，而该策略从不如此"};
            }
            phrases.push_back(std::move(phrase));
        }
        const Text detail = joined_text(phrases, Text{"; ", "；"});
        if (!any)
            return verdict(Verdict::Unknown, Text{"no subscription lost a message to its buffer's overflow: ",
                                                  "没有订阅因缓冲区溢出而丢失消息："} + detail);
        if (failing.empty())
            return verdict(Verdict::Pass, detail);
        CheckResult r = verdict(Verdict::Fail, detail);
        for (const SubscriptionResult* s : failing)
            for (const std::string& m : s->members)
                involve_node(r, m);
        return r;
    }

private:
    static std::optional<BrokerSide> broker_of(const Scenario& scenario, const std::string& subscriber) {
        const NodeSpec* sub = scenario.find_node(subscriber);
        if (!sub)
            return std::nullopt;
        const NodeSpec* broker = scenario.find_node(core::pubsub::SubscriberConfig::from(sub->resolved).broker);
        if (!broker || broker->role != "broker")
            return std::nullopt;
        const auto config = core::pubsub::BrokerConfig::from(broker->resolved);
        return BrokerSide{config.overflow, config.buffer_limit, config.max_in_flight};
    }

    Args args_;
};

bool has_expected(const SubscriptionResult& s) { return s.expected > 0; }
bool has_received(const SubscriptionResult& s) { return s.received > 0; }

// ---- registration ----

core::ParamSpec subscribers_param() {
    return {.name = "subscribers",
            .type = core::ParamType::Nodes,
            .en = "only the subscriptions of these subscribers (a queue group counts whole)",
            .zh = "只看这些订阅者的订阅（队列组作为整体）",
            .optional = true};
}

core::ParamSpec max_param(std::string en, std::string zh) {
    return {.name = "max", .type = core::ParamType::Int, .default_value = 0, .min = 0,
            .en = std::move(en), .zh = std::move(zh)};
}

core::ParamSpec settle_param() {
    return {.name = "settle", .type = core::ParamType::Duration, .default_value = "1s", .min = 0,
            .en = "messages acknowledged this close to the end may still be on their way: pending, not lost",
            .zh = "距运行结束这么近才确认的消息可能仍在途中：计为在途，不算丢失"};
}

// Whether `node` subscribes to a broker: a subscriber, or any role whose `broker` parameter
// names a broker node (a stream-source taking its events from one).
bool subscribes(const NodeSpec& node, const Scenario& scenario) {
    if (node.role == kSubscriberRole)
        return true;
    const core::Json& values = node.resolved.json();
    const auto broker = values.find("broker");
    if (broker == values.end() || !broker->is_string())
        return false;
    const NodeSpec* target = scenario.find_node(broker->get<std::string>());
    return target && target->role == kBrokerRole;
}

Problems subscribers_are_subscribers(const core::Params& args, const CheckScope& scope) {
    Problems problems;
    if (std::none_of(scope.scenario.nodes.begin(), scope.scenario.nodes.end(),
                     [&](const NodeSpec& n) { return subscribes(n, scope.scenario); }))
        problems.push_back(Text{"does not apply here: no node subscribes to a broker (a subscriber, or a role "
                                "with a broker parameter)",
                                "不适用：没有节点订阅代理（订阅者，或带有 broker 参数的角色）"});
    if (!args.has("subscribers"))
        return problems;
    for (const std::string& node : args.get_nodes("subscribers")) {
        const NodeSpec* spec = scope.scenario.find_node(node);
        if (spec && !subscribes(*spec, scope.scenario))
            problems.push_back(Text{"subscribers: " + node + " is a " + spec->role + ", not a subscriber",
                                    "subscribers：" + node + " 是 " + spec->role + "，不是订阅者（subscriber）"});
    }
    return problems;
}

Args args_of(const core::Params& args) {
    Args a;
    if (args.has("subscribers"))
        a.subscribers = args.get_nodes("subscribers");
    if (args.has("max"))
        a.max = args.get_int("max");
    if (args.has("settle"))
        a.settle_ns = args.get_duration("settle").count();
    return a;
}

void add(CheckRegistry& registry, std::string name, std::string en, std::string zh, std::vector<core::ParamSpec> params,
         Text what, Judge judge, bool (*judged)(const SubscriptionResult&)) {
    params.insert(params.begin(), subscribers_param());
    registry.add({.name = std::move(name),
                  .en = std::move(en),
                  .zh = std::move(zh),
                  .params = std::move(params),
                  .shorthand = "subscribers",
                  .applies_to = {RoleFilter::named(kPublisherRole), RoleFilter::named(kBrokerRole)},
                  .validate = subscribers_are_subscribers,
                  .make = [what = std::move(what), judge = std::move(judge), judged](const core::Params& args)
                      -> std::unique_ptr<Check> { return std::make_unique<PubsubCheck>(args_of(args), what, judge, judged); }});
}

const Text kNeedsExpected{"no acknowledged message was published while a subscription stood",
                          "没有在订阅期间发布并被确认的消息"};
const Text kNeedsReceived{"no subscriber received a message", "没有订阅者收到消息"};

}  // namespace

void register_pubsub_checks(CheckRegistry& registry) {
    add(registry, "pubsub_lost",
        "Messages lost: acknowledged to the publisher, published while the subscription stood, never received.",
        "丢失的消息：已向发布者确认、在订阅期间发布，却从未收到。",
        {max_param("the most lost messages allowed per subscription", "每个订阅允许丢失的消息数上限"), settle_param()},
        kNeedsExpected, judge_lost, has_expected);
    add(registry, "pubsub_duplicated", "Messages a subscription received more than once.",
        "同一订阅收到不止一次的消息。",
        {max_param("the most duplicated messages allowed per subscription", "每个订阅允许重复的消息数上限")},
        kNeedsReceived, judge_duplicated, has_received);
    add(registry, "pubsub_unexpected", "No subscriber receives a message that was never published.",
        "订阅者不会收到从未发布过的消息。", {}, kNeedsReceived, judge_unexpected, has_received);
    add(registry, "pubsub_order", "Each subscriber receives each publisher's messages in publish order.",
        "每个订阅者按发布顺序收到每个发布者的消息。", {}, kNeedsReceived, judge_order, has_received);
    add(registry, "pubsub_delivery",
        "Each subscription keeps its delivery promise: at most once never twice, at least once never lost.",
        "每个订阅兑现其投递承诺：至多一次从不重复，至少一次从不丢失。", {settle_param()}, kNeedsExpected,
        judge_delivery, has_expected);
    registry.add({.name = "pubsub_overflow",
                  .en = "A slow subscriber loses what its broker's overflow policy gives up, and nothing else: "
                        "drop_oldest the oldest, drop_newest the newest, disconnect whole buffers.",
                  .zh = "慢订阅者丢失的正是其代理溢出策略所放弃的消息：drop_oldest 丢最旧的，drop_newest "
                        "丢最新的，disconnect 丢整个缓冲区。",
                  .params = {subscribers_param(), settle_param()},
                  .shorthand = "subscribers",
                  .applies_to = {RoleFilter::named(kPublisherRole), RoleFilter::named(kSubscriberRole),
                                 RoleFilter::named("broker")},
                  .validate = subscribers_are_subscribers,
                  .make = [](const core::Params& args) -> std::unique_ptr<Check> {
                      return std::make_unique<PubsubOverflow>(args_of(args));
                  }});
}

}  // namespace distlab::netlab
