#include "netlab/patterns/rpc/rpc_figures.h"

#include <cstdio>
#include <string>

#include "netlab/patterns/rpc/rpc_work.h"

namespace distlab::netlab {

namespace {

using core::Json;

std::string number(double v, const char* format = "%.2f") {
    char buf[32];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}

// The statuses in gRPC's order, then any other a client recorded.
const std::vector<std::string>& known_statuses() {
    static const std::vector<std::string> all = {"ok", "cancelled", "invalid_argument", "deadline_exceeded",
                                                 "unimplemented", "unavailable"};
    return all;
}

class RpcFigureSource final : public FigureSource {
public:
    std::string_view name() const override { return "rpc"; }

    bool applies(const RoleCatalog& catalog) const override { return has_rpc_roles(catalog); }

    std::optional<FigureSection> section(const FigureRun& run) const override {
        const RpcWork w = read_rpc_work(run.events, &run.catalog);
        if (w.edge_ops == 0 && w.work == 0 && w.server_statuses.empty())
            return std::nullopt;
        const double orphan_ms = static_cast<double>(w.orphan_ns) / 1e6;
        const double work_ms = static_cast<double>(w.work_ns) / 1e6;

        FigureSection s;
        s.title = {"RPC: deadlines, retries, hedging", "RPC：截止时间、重试与对冲"};
        s.notes.push_back(Text{std::to_string(w.orphan_starts) + " of " + std::to_string(w.work) +
                                   " pieces of work began after their client's deadline (orphan work); " +
                                   number(orphan_ms, "%.0f") + " ms of " + number(work_ms, "%.0f") +
                                   " ms of work was done after the deadlines.",
                               std::to_string(w.work) + " 项工作中有 " + std::to_string(w.orphan_starts) +
                                   " 项在客户端的截止时间之后才开始（孤儿工作）；" + number(work_ms, "%.0f") + " ms 的工作中有 " +
                                   number(orphan_ms, "%.0f") + " ms 是在截止时间之后做的。"});
        s.notes.push_back(Text{"Amplification " + number(w.amplification()) + ": " + number(w.leaf_requests, "%.0f") +
                                   " calls reached the leaf servers for " + std::to_string(w.edge_ops) +
                                   " client operations; " + number(w.retries, "%.0f") + " retries, " +
                                   number(w.hedges, "%.0f") + " hedges, " + number(w.cancels_sent, "%.0f") +
                                   " cancellations sent.",
                               "放大倍数 " + number(w.amplification()) + "：" + std::to_string(w.edge_ops) + " 个客户端操作使 " +
                                   number(w.leaf_requests, "%.0f") + " 个调用到达叶子服务器；发送了 " +
                                   number(w.retries, "%.0f") + " 次重试、" + number(w.hedges, "%.0f") + " 次对冲、" +
                                   number(w.cancels_sent, "%.0f") + " 次取消。"});

        FigureTable table{{{"status", "状态"}, {"gRPC code", "gRPC 状态码"}, {"client operations", "客户端操作"},
                           {"server answers", "服务端应答"}},
                          {false, true, true, true},
                          {}};
        static const std::map<std::string, int> codes = {{"ok", 0},           {"cancelled", 1},
                                                         {"invalid_argument", 3}, {"deadline_exceeded", 4},
                                                         {"unimplemented", 12}, {"unavailable", 14}};
        std::vector<std::string> statuses = known_statuses();
        for (const auto& [status, n] : w.edge_statuses)
            if (!codes.contains(status))
                statuses.push_back(status);
        Json client_json = Json::object(), server_json = Json::object();
        for (const std::string& status : statuses) {
            const auto c = w.edge_statuses.find(status);
            const auto sv = w.server_statuses.find(status);
            const std::size_t client_n = c == w.edge_statuses.end() ? 0 : c->second;
            const double server_n = sv == w.server_statuses.end() ? 0 : sv->second;
            client_json[status] = client_n;
            server_json[status] = server_n;
            const auto code = codes.find(status);
            table.rows.push_back({status, code == codes.end() ? "" : std::to_string(code->second),
                                  std::to_string(client_n), number(server_n, "%.0f")});
            if (code != codes.end())
                s.figures.push_back({"rpc.client." + status, {}, "client operations " + status, "",
                                     status == "ok" ? Better::Higher : Better::Lower, static_cast<double>(client_n),
                                     "客户端操作 " + status});
        }
        s.tables.push_back(std::move(table));

        s.figures.insert(s.figures.begin(),
                         {{"rpc.orphan_starts", {}, "orphan work (began after the deadline)", "", Better::Lower,
                           static_cast<double>(w.orphan_starts), "孤儿工作（在截止时间之后开始）"},
                          {"rpc.orphan_ms", {}, "work time after the deadlines", "ms", Better::Lower, orphan_ms, "截止时间之后的工作时间"},
                          {"rpc.amplification", {}, "leaf calls per client operation", "", Better::Lower,
                           w.amplification(), "每个客户端操作的叶子调用数"},
                          {"rpc.retries", {}, "retries", "", Better::Neither, w.retries, "重试"},
                          {"rpc.hedges", {}, "hedged copies", "", Better::Neither, w.hedges, "对冲副本"},
                          {"rpc.cancels_sent", {}, "cancellations sent", "", Better::Neither, w.cancels_sent, "发送的取消"}});
        s.charts = {{"RPC orphan work", "count", {{"rpc.orphan_starts", "orphan work", "孤儿工作"}}, "RPC 孤儿工作", "次数"},
                    {"RPC amplification", "leaf calls per operation", {{"rpc.amplification", "amplification", "放大"}},
                     "RPC 放大", "每个操作的叶子调用数"}};
        s.json = {{"work", w.work},
                  {"orphan_starts", w.orphan_starts},
                  {"orphan_ms", orphan_ms},
                  {"work_ms", work_ms},
                  {"edge_ops", w.edge_ops},
                  {"leaf_requests", w.leaf_requests},
                  {"amplification", w.amplification()},
                  {"retries", w.retries},
                  {"hedges", w.hedges},
                  {"cancels_sent", w.cancels_sent},
                  {"client_statuses", std::move(client_json)},
                  {"server_statuses", std::move(server_json)}};
        return s;
    }
};

}  // namespace

std::shared_ptr<const FigureSource> rpc_figure_source() { return std::make_shared<RpcFigureSource>(); }

}  // namespace distlab::netlab
