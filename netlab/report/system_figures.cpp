#include "netlab/report/system_figures.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "netlab/checks/consistency.h"
#include "netlab/checks/op_history.h"

namespace distlab::netlab {

namespace {

using core::Json;

constexpr std::chrono::milliseconds kSearchBudget{2000};

TableCell verdict_cell(Verdict v) {
    switch (v) {
    case Verdict::Pass: return {"held", "成立"};
    case Verdict::Fail: return {"violated", "不成立"};
    case Verdict::Unknown: return {"unknown", "未知"};
    }
    return {"unknown", "未知"};
}

bool is_client(const RoleCatalog& catalog, std::string_view node) {
    const core::RoleDescriptor* role = catalog.role_of_node(node);
    return role && role->client;
}

// From the first fault to the last heal (the run's end when nothing healed): nullopt without faults.
std::optional<std::pair<std::int64_t, std::int64_t>> fault_window(const std::vector<Event>& events, std::int64_t end_ns) {
    std::optional<std::int64_t> first, last_heal;
    for (const Event& e : events) {
        const bool heal = e.kind == EventKind::FaultHealed || (e.kind == EventKind::FaultInjected && e.type == "heal");
        if (e.kind == EventKind::FaultInjected && !heal && !first)
            first = e.t_ns;
        if (heal)
            last_heal = e.t_ns;
    }
    if (!first)
        return std::nullopt;
    return std::make_pair(*first, last_heal && *last_heal > *first ? *last_heal : end_ns);
}

// The sides of the run's first partition (as the nemesis resolved them), if any.
std::vector<std::vector<std::string>> partition_groups(const std::vector<Event>& events) {
    for (const Event& e : events) {
        if (e.kind != EventKind::FaultInjected || e.type != "partition")
            continue;
        const Json info = Json::parse(e.data, nullptr, false);
        const Json groups = info.is_object() ? info.value("sides", Json(nullptr)) : Json(nullptr);
        if (!groups.is_array())
            continue;
        std::vector<std::vector<std::string>> out;
        for (const Json& g : groups) {
            if (!g.is_array())
                return {};
            std::vector<std::string>& group = out.emplace_back();
            for (const Json& n : g)
                if (n.is_string())
                    group.push_back(n.get<std::string>());
        }
        return out;
    }
    return {};
}

struct Tally {
    std::size_t ok = 0, fail = 0, unknown = 0;
    std::size_t total() const { return ok + fail + unknown; }
    void add(const OpRecord& op) {
        if (op.ok())
            ++ok;
        else if (op.completions > 0 && op.status == "fail")
            ++fail;
        else
            ++unknown;
    }
};

std::string percent(std::size_t part, std::size_t whole) {
    if (whole == 0)
        return "-";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f%%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
    return buf;
}

TableCell tally_cell(const Tally& t) {
    if (t.total() == 0)
        return {"-", "-"};
    const std::string ok = std::to_string(t.ok), fail = std::to_string(t.fail), unknown = std::to_string(t.unknown);
    return {ok + " acked, " + fail + " refused, " + unknown + " unknown (" + percent(t.ok, t.total()) + " acked)",
            ok + " 确认，" + fail + " 拒绝，" + unknown + " 未知（" + percent(t.ok, t.total()) + " 确认）"};
}

class SystemFigureSource final : public FigureSource {
public:
    std::string_view name() const override { return "systems"; }

    bool applies(const RoleCatalog& catalog) const override {
        return std::count_if(catalog.roles().begin(), catalog.roles().end(),
                             [](const auto& r) { return !r.second.client; }) >= 2;
    }

    std::optional<FigureSection> section(const FigureRun& run) const override {
        const std::map<std::string, std::string> systems_of = client_systems(run.events, run.catalog);
        std::map<std::string, std::vector<std::string>> clients_of;   // system -> its clients
        for (const auto& [client, system] : systems_of)
            clients_of[system].push_back(client);
        if (clients_of.size() < 2)
            return std::nullopt;

        const auto window = fault_window(run.events, run.end_ns);
        const auto groups = partition_groups(run.events);
        const OpHistory ops = collect_ops(run.events);

        FigureSection s;
        s.title = {"Systems side by side", "系统并排对比"};
        std::string systems_text;
        for (const auto& [system, clients] : clients_of)
            systems_text += (systems_text.empty() ? "" : ", ") + system;
        s.notes.push_back(Text{
            "The clients talk to " + std::to_string(clients_of.size()) + " systems (" + systems_text +
                "), each client's system being the role of the servers it sent requests to. Availability: each "
                "client's operations acknowledged, refused and of unknown outcome (timed out), " +
                (window ? "during the faults (begun and ended between " + run_time_text(window->first) + " and " +
                              run_time_text(window->second) + ") and outside them"
                        : std::string("over the run (there were no faults)")) +
                ". Consistency: each system's clients form one history (two systems' keys are not one register), "
                "judged as the consistency map judges a run.",
            "客户端与 " + std::to_string(clients_of.size()) + " 个系统（" + systems_text +
                "）通信，每个客户端所属的系统就是它发送请求的服务器的角色。可用性：每个客户端的操作中得到确认、被拒绝和结果未知"
                "（超时）的数量，" +
                (window ? "分为故障期间（在 " + run_time_text(window->first) + " 到 " + run_time_text(window->second) +
                              " 之间开始并结束）和故障之外"
                        : std::string("统计整个运行（没有故障）")) +
                "。一致性：每个系统的客户端构成一段历史（两个系统的键不是同一个寄存器），按一致性图谱评判一次运行的方式评判。"});

        FigureTable availability{{{"system", "系统"},
                                  {"client", "客户端"},
                                  {"side", "所在一侧"},
                                  {"during the faults", "故障期间"},
                                  {"outside the faults", "故障之外"}},
                                 {false, false, false, false, false},
                                 {}};
        Json json_systems = Json::object();
        for (const auto& [system, clients] : clients_of) {
            std::vector<std::string> servers;
            for (const auto& [node, role] : run.catalog.node_roles())
                if (role == system)
                    servers.push_back(node);
            Tally system_during;
            Json json_clients = Json::object();
            for (const std::string& client : clients) {
                Tally during, outside;
                for (const OpRecord& op : ops.ops) {
                    if (op.client != client)
                        continue;
                    // During: begun and ended (or never ended) within the window; an operation
                    // answered after the heal tells nothing of the partition.
                    const bool in = window && op.invoked_ns >= window->first && op.invoked_ns < window->second &&
                                    (!op.completed_ns || *op.completed_ns <= window->second);
                    (in ? during : outside).add(op);
                    if (in)
                        system_during.add(op);
                }
                std::string side = "-";
                for (const auto& group : groups) {
                    if (std::find(group.begin(), group.end(), client) == group.end())
                        continue;
                    std::vector<std::string> reach;
                    for (const std::string& n : group)
                        if (std::find(servers.begin(), servers.end(), n) != servers.end())
                            reach.push_back(n);
                    side.clear();
                    for (const std::string& n : reach)
                        side += (side.empty() ? "" : ", ") + n;
                    side = (side.empty() ? std::string("none") : side) + " (" + std::to_string(reach.size()) + " of " +
                           std::to_string(servers.size()) + ")";
                }
                availability.rows.push_back({system, client, {side, side}, tally_cell(during), tally_cell(outside)});
                json_clients[client] = {{"side", side},
                                        {"during", {{"ok", during.ok}, {"fail", during.fail}, {"info", during.unknown}}},
                                        {"outside", {{"ok", outside.ok}, {"fail", outside.fail}, {"info", outside.unknown}}}};
            }
            if (system_during.total() > 0)
                s.figures.push_back({"systems." + system + ".acked_during_faults", {},
                                     system + ": acked during the faults", "%", Better::Higher,
                                     100.0 * static_cast<double>(system_during.ok) /
                                         static_cast<double>(system_during.total()),
                                     system + "：故障期间得到确认"});
            json_systems[system] = {{"clients", std::move(json_clients)}, {"servers", servers}};
        }
        s.tables.push_back(std::move(availability));

        std::vector<TableCell> head{{"model", "模型"}};
        for (const auto& [system, clients] : clients_of)
            head.push_back({system, system});
        FigureTable consistency{head, std::vector<bool>(head.size(), false), {}};
        std::map<std::string, std::vector<ConsistencyRow>> maps;
        const KvHistory history = kv_history(run.events);
        for (const auto& [system, clients] : clients_of) {
            std::vector<KvOperation> mine;
            for (const KvOperation& op : history.ops)
                if (std::find(clients.begin(), clients.end(), op.client) != clients.end())
                    mine.push_back(op);
            if (!mine.empty())
                maps[system] = consistency_map(mine, ConvergenceArgs{}, kSearchBudget);
        }
        for (std::size_t m = 0; m < std::size(kKvModels); ++m) {
            const core::Text title = model_title(kKvModels[m]);
            std::vector<TableCell> row{{title.en, title.zh}};
            for (const auto& [system, clients] : clients_of) {
                const auto it = maps.find(system);
                if (it == maps.end()) {
                    row.push_back({"(no key-value history)", "（没有键值历史）"});
                    continue;
                }
                const ModelResult& r = it->second[m].result;
                TableCell cell = verdict_cell(r.verdict);
                if (r.verdict == Verdict::Fail) {
                    cell.en += ": " + r.detail.en;
                    cell.zh += "：" + (r.detail.zh.empty() ? r.detail.en : r.detail.zh);
                }
                row.push_back(std::move(cell));
                const std::string name(check_name(kKvModels[m]));
                json_systems[system]["consistency"][name] = std::string(to_string(r.verdict));
                if (r.verdict != Verdict::Unknown)
                    s.figures.push_back({"systems." + system + "." + name, {}, system + ": " + title.en + " held", "%",
                                         Better::Higher, r.verdict == Verdict::Pass ? 100.0 : 0.0,
                                         system + "：" + title.zh_or_en() + "成立"});
            }
            consistency.rows.push_back(std::move(row));
        }
        s.tables.push_back(std::move(consistency));

        SweepChart chart{"Acknowledged during the faults", "acked (%)", {}, "故障期间确认的操作", "确认 (%)"};
        for (const auto& [system, clients] : clients_of)
            chart.series.push_back({"systems." + system + ".acked_during_faults", system, system});
        s.charts.push_back(std::move(chart));
        s.json = {{"systems", std::move(json_systems)}};
        if (window)
            s.json["fault_window_ns"] = Json::array({window->first, window->second});
        return s;
    }
};

}  // namespace

std::map<std::string, std::string> client_systems(const std::vector<Event>& events, const RoleCatalog& catalog) {
    std::map<std::string, std::set<std::string>> roles;
    for (const Event& e : events) {
        if (e.kind != EventKind::MessageSent || e.peer.empty() || !is_client(catalog, e.node))
            continue;
        const core::RoleDescriptor* server = catalog.role_of_node(e.peer);
        if (server && !server->client)
            roles[e.node].insert(server->name);
    }
    std::map<std::string, std::string> out;
    for (const auto& [client, names] : roles) {
        std::string system;
        for (const std::string& n : names)
            system += (system.empty() ? "" : " + ") + n;
        out[client] = system;
    }
    return out;
}

std::shared_ptr<const FigureSource> system_figure_source() { return std::make_shared<SystemFigureSource>(); }

}  // namespace distlab::netlab
