#include "netlab/patterns/pubsub/pubsub_figures.h"

#include <cstdio>

#include "netlab/patterns/pubsub/pubsub_history.h"

namespace distlab::netlab {

namespace {

using core::Json;
using core::pubsub::Delivery;

constexpr std::string_view kSubscriberRole = "subscriber";
// As the checks' default `settle`: a message acknowledged in the last second may be on its way.
constexpr std::int64_t kSettleNs = 1'000'000'000;

TableCell delivery_cell(Delivery delivery) {
    return delivery == Delivery::AtLeastOnce ? TableCell{"at least once", "至少一次"}
                                             : TableCell{"at most once", "至多一次"};
}

std::string ms_text(std::int64_t ns) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", static_cast<double>(ns) / 1e6);
    return buf;
}

class PubsubFigureSource final : public FigureSource {
public:
    std::string_view name() const override { return "pubsub"; }

    bool applies(const RoleCatalog& catalog) const override { return catalog.role(kSubscriberRole) != nullptr; }

    std::optional<FigureSection> section(const FigureRun& run) const override {
        const pubsub::Participants participants = pubsub::participants_of(run.events);
        if (participants.subscribers.empty())
            return std::nullopt;
        const pubsub::History history = pubsub::read_history(run.events, participants, kSettleNs);

        FigureSection s;
        s.title = {"Publish-subscribe", "发布订阅"};
        s.notes.push_back(Text{std::to_string(history.publishes_acked) + " publishes acknowledged, " +
                                   std::to_string(history.publishes_unacked) +
                                   " not. Per subscription: published to its pattern, delivered (distinct messages), lost "
                                   "(published while subscribed, never delivered), duplicated (delivered more than once).",
                               std::to_string(history.publishes_acked) + " 次发布得到确认，" +
                                   std::to_string(history.publishes_unacked) +
                                   " 次没有。每个订阅：发布到其模式的消息、已投递（不同的消息）、丢失（订阅期间发布但从未投递）、"
                                   "重复（投递了不止一次）。"});
        FigureTable t{{{"subscription", "订阅"},
                       {"delivery", "投递方式"},
                       {"published", "已发布"},
                       {"delivered", "已投递"},
                       {"lost", "丢失"},
                       {"duplicated", "重复"},
                       {"pending at end", "结束时在途"},
                       {"disconnects", "断开次数"},
                       {"median age (ms)", "中位年龄 (ms)"}},
                      {false, false, true, true, true, true, true, true, true},
                      {}};
        std::int64_t delivered = 0, lost = 0, duplicated = 0;
        Json list = Json::array();
        for (const pubsub::SubscriptionResult& sub : history.subscriptions) {
            delivered += sub.received;
            lost += std::ssize(sub.lost);
            duplicated += std::ssize(sub.duplicated);
            t.rows.push_back({sub.name, delivery_cell(sub.info.delivery), std::to_string(sub.published),
                              std::to_string(sub.received), std::to_string(sub.lost.size()),
                              std::to_string(sub.duplicated.size()), std::to_string(sub.pending),
                              std::to_string(sub.disconnects), ms_text(sub.median_age_ns)});
            list.push_back({{"name", sub.name},
                            {"members", sub.members},
                            {"delivery", core::pubsub::to_string(sub.info.delivery)},
                            {"published", sub.published},
                            {"expected", sub.expected},
                            {"delivered", sub.received},
                            {"lost", sub.lost.size()},
                            {"duplicated", sub.duplicated.size()},
                            {"pending", sub.pending},
                            {"disconnects", sub.disconnects},
                            {"median_age_ms", static_cast<double>(sub.median_age_ns) / 1e6},
                            {"received_by", sub.received_by}});
        }
        s.tables.push_back(std::move(t));
        s.figures = {{"pubsub.published", {}, "messages published (acknowledged)", "", Better::Neither,
                      static_cast<double>(history.publishes_acked), "发布的消息（已确认）"},
                     {"pubsub.delivered", {}, "messages delivered (all subscriptions)", "", Better::Higher,
                      static_cast<double>(delivered), "投递的消息（所有订阅）"},
                     {"pubsub.lost", {}, "messages lost (all subscriptions)", "", Better::Lower,
                      static_cast<double>(lost), "丢失的消息（所有订阅）"},
                     {"pubsub.duplicated", {}, "messages duplicated (all subscriptions)", "", Better::Lower,
                      static_cast<double>(duplicated), "重复的消息（所有订阅）"}};
        s.charts = {{"Publish-subscribe", "messages",
                     {{"pubsub.delivered", "delivered", "送达"}, {"pubsub.lost", "lost", "丢失"}, {"pubsub.duplicated", "duplicated", "重复"}},
                     "发布订阅", "消息数"}};
        s.json = {{"subscriptions", std::move(list)}};
        return s;
    }
};

}  // namespace

std::shared_ptr<const FigureSource> pubsub_figure_source() { return std::make_shared<PubsubFigureSource>(); }

}  // namespace distlab::netlab
