#include "netlab/patterns/atomic_commit/commit_figures.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "netlab/patterns/atomic_commit/tx_history.h"

namespace distlab::netlab {

namespace {

using core::Json;

std::string ms_text(std::int64_t ns) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", static_cast<double>(ns) / 1e6);
    return buf;
}

std::string s_text(std::int64_t ns) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", static_cast<double>(ns) / 1e9);
    return buf;
}

class CommitFigureSource final : public FigureSource {
public:
    std::string_view name() const override { return "atomic_commit"; }

    bool applies(const RoleCatalog& catalog) const override { return catalog.role("tx-participant") != nullptr; }

    std::optional<FigureSection> section(const FigureRun& run) const override {
        const TxHistory h = TxHistory::read(run.events, run.catalog);
        if (h.txs.empty())
            return std::nullopt;
        struct Row {
            std::int64_t yes = 0, no = 0, commit = 0, abort = 0, alone = 0, in_doubt_max = 0;
            double lock_s = 0;
        };
        std::map<std::string, Row> rows;
        for (const std::string& p : h.participants)
            rows[p];
        std::int64_t committed = 0, aborted = 0;
        Json split = Json::array();
        for (const auto& [id, tx] : h.txs) {
            std::optional<std::string> decision;
            for (const auto& [node, part] : tx.parts) {
                Row& r = rows[node];
                r.yes += part.yes_ns.has_value();
                r.no += part.voted_no;
                if (part.decision) {
                    (*part.decision == "commit" ? r.commit : r.abort) += 1;
                    r.alone += part.by == "timeout" || part.by == "peers";
                    decision = decision ? decision : part.decision;
                }
                r.in_doubt_max = std::max(r.in_doubt_max, part.in_doubt_ns);
                r.lock_s += static_cast<double>(part.locks) * static_cast<double>(part.in_doubt_ns) / 1e9;
            }
            if (TxHistory::split(tx))
                split.push_back(id);
            else if (decision)
                (*decision == "commit" ? committed : aborted) += 1;
        }
        FigureSection s;
        s.title = {"Atomic commitment (2PC / 3PC)", "原子提交（两阶段 / 三阶段提交）"};
        s.notes.push_back(Text{std::to_string(h.txs.size()) + " transactions: " + std::to_string(committed) +
                                   " committed everywhere, " + std::to_string(aborted) + " aborted everywhere, " +
                                   std::to_string(split.size()) + " split between commit and abort.",
                               std::to_string(h.txs.size()) + " 个事务：" + std::to_string(committed) + " 个处处提交，" +
                                   std::to_string(aborted) + " 个处处中止，" + std::to_string(split.size()) +
                                   " 个在提交与中止之间分裂。"});
        FigureTable t{{{"participant", "参与者"},
                       {"yes votes", "赞成票"},
                       {"no votes", "反对票"},
                       {"committed", "提交"},
                       {"aborted", "中止"},
                       {"decided alone", "自行决定"},
                       {"longest in doubt (ms)", "最长不确定时间 (ms)"},
                       {"blocked (s)", "阻塞时间 (s)"},
                       {"lock·s in doubt", "不确定状态持锁 (锁·s)"}},
                      {false, true, true, true, true, true, true, true, true},
                      {}};
        Json per = Json::object();
        std::int64_t in_doubt_max = 0, blocked_max = 0;
        for (const auto& [node, r] : rows) {
            const std::int64_t blocked = h.blocked_ns.contains(node) ? h.blocked_ns.at(node) : 0;
            in_doubt_max = std::max(in_doubt_max, r.in_doubt_max);
            blocked_max = std::max(blocked_max, blocked);
            char ls[32];
            std::snprintf(ls, sizeof ls, "%.2f", r.lock_s);
            t.rows.push_back({node, std::to_string(r.yes), std::to_string(r.no), std::to_string(r.commit),
                              std::to_string(r.abort), std::to_string(r.alone), ms_text(r.in_doubt_max),
                              s_text(blocked), ls});
            per[node] = {{"yes_votes", r.yes},       {"no_votes", r.no},
                         {"committed", r.commit},    {"aborted", r.abort},
                         {"decided_alone", r.alone}, {"in_doubt_max_ms", static_cast<double>(r.in_doubt_max) / 1e6},
                         {"blocked_s", static_cast<double>(blocked) / 1e9}, {"lock_seconds_in_doubt", r.lock_s}};
        }
        s.tables.push_back(std::move(t));
        const auto count = [](std::int64_t n) { return static_cast<double>(n); };
        s.figures = {
            {"atomic_commit.transactions", {}, "transactions", "", Better::Neither, count(std::ssize(h.txs)), "事务"},
            {"atomic_commit.committed", {}, "committed everywhere", "", Better::Higher, count(committed), "处处提交"},
            {"atomic_commit.aborted", {}, "aborted everywhere", "", Better::Lower, count(aborted), "处处中止"},
            {"atomic_commit.split", {}, "split (not atomic)", "", Better::Lower, count(std::ssize(split)), "分裂（非原子）"},
            {"atomic_commit.in_doubt_max_ms", {}, "longest in doubt", "ms", Better::Lower,
             static_cast<double>(in_doubt_max) / 1e6, "最长的不确定时间"},
            {"atomic_commit.blocked_max_s", {}, "longest blocked (a participant)", "s", Better::Lower,
             static_cast<double>(blocked_max) / 1e9, "最长的阻塞时间（某个参与者）"}};
        s.charts = {{"Atomic commitment", "time in doubt (ms)", {{"atomic_commit.in_doubt_max_ms", "longest in doubt", "最长不确定时间"}},
                     "原子提交", "不确定时间 (ms)"}};
        s.json = {{"transactions", h.txs.size()},
                  {"committed", committed},
                  {"aborted", aborted},
                  {"split", std::move(split)},
                  {"participants", std::move(per)}};
        return s;
    }
};

}  // namespace

std::shared_ptr<const FigureSource> commit_figure_source() { return std::make_shared<CommitFigureSource>(); }

}  // namespace distlab::netlab
