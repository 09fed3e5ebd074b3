#include "netlab/patterns/message_queue/mq_figures.h"

#include "netlab/patterns/message_queue/mq_history.h"

namespace distlab::netlab {

namespace {

using core::Json;

class MqFigureSource final : public FigureSource {
public:
    std::string_view name() const override { return "mq"; }

    bool applies(const RoleCatalog& catalog) const override { return catalog.role(mq::kQueueRole) != nullptr; }

    std::optional<FigureSection> section(const FigureRun& run) const override {
        const mq::MqHistory h = mq::read_mq_history(run.events, run.catalog);
        if (h.enqueues.empty() && h.deliveries == 0)
            return std::nullopt;
        std::int64_t consumed = 0, duplicates = 0, lost = 0;
        for (const auto& [group, tracks] : h.groups)
            for (const auto& [key, t] : tracks) {
                consumed += t.consumed > 0;
                duplicates += t.received > 1;
            }
        for (const auto& [key, enq] : h.enqueues) {
            if (!enq.acked)
                continue;
            for (const auto& [group, tracks] : h.groups) {
                const auto t = tracks.find(key);
                if ((t == tracks.end() || t->second.consumed == 0) && !h.in_dlq(group, key))
                    ++lost;
            }
        }
        const std::int64_t produced = h.acked(), dlq = h.dlq_depth();

        FigureSection s;
        s.title = {"Message queue", "消息队列"};
        s.notes.push_back(Text{std::to_string(produced) + " messages produced, " + std::to_string(consumed) + " consumed, " +
                                   std::to_string(h.redeliveries) + " redeliveries, " + std::to_string(dlq) +
                                   " in the DLQ, " + std::to_string(lost) + " lost.",
                               "生产了 " + std::to_string(produced) + " 条消息，消费了 " + std::to_string(consumed) +
                                   " 条，重新投递 " + std::to_string(h.redeliveries) + " 次，" + std::to_string(dlq) +
                                   " 条进入死信队列，" + std::to_string(lost) + " 条丢失。"});
        FigureTable reasons{{{"redelivered", "重新投递原因"}, {"deliveries", "投递次数"}}, {false, true}, {}};
        Json by_reason = Json::object();
        for (const auto& [reason, count] : h.redeliveries_by_reason) {
            const core::Text text = mq::reason_text(reason);
            reasons.rows.push_back({TableCell(text.en, text.zh), std::to_string(count)});
            by_reason[reason] = count;
        }
        if (!reasons.rows.empty())
            s.tables.push_back(std::move(reasons));
        const auto figure = [](std::string key, Text label, Better better, std::int64_t value) {
            return Figure{std::move(key), {}, std::move(label.en), "", better, static_cast<double>(value), std::move(label.zh)};
        };
        s.figures = {figure("mq.produced", {"messages produced", "生产的消息"}, Better::Higher, produced),
                     figure("mq.consumed", {"messages consumed", "消费的消息"}, Better::Higher, consumed),
                     figure("mq.redelivered", {"redeliveries", "重新投递"}, Better::Lower, h.redeliveries),
                     figure("mq.dlq", {"messages in the DLQ", "死信队列中的消息"}, Better::Neither, dlq),
                     figure("mq.duplicates", {"messages received more than once", "收到不止一次的消息"}, Better::Lower, duplicates),
                     figure("mq.lost", {"acknowledged messages lost", "丢失的已确认消息"}, Better::Lower, lost)};
        s.charts = {{"Message queue", "messages",
                     {{"mq.produced", "produced", "生产"}, {"mq.consumed", "consumed", "消费"}, {"mq.redelivered", "redelivered", "重新投递"},
                      {"mq.dlq", "DLQ", "死信队列"}},
                     "消息队列", "消息数"}};
        s.json = {{"produced", produced},     {"consumed", consumed}, {"redelivered", h.redeliveries},
                  {"redelivered_by_reason", std::move(by_reason)}, {"dlq", dlq},
                  {"duplicates", duplicates}, {"lost", lost}};
        return s;
    }
};

}  // namespace

std::shared_ptr<const FigureSource> mq_figure_source() { return std::make_shared<MqFigureSource>(); }

}  // namespace distlab::netlab
