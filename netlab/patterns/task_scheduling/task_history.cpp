#include "netlab/patterns/task_scheduling/task_history.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "core/model/json.h"
#include "core/patterns/task_scheduling/job.h"

namespace distlab::netlab::task_scheduling {

namespace {

using core::Json;
namespace ts = core::task_scheduling;

bool flag(const Json& body, const char* name) {
    const auto it = body.find(name);
    return it != body.end() && it->is_boolean() && it->get<bool>();
}

bool is_error(const Json& body, std::string_view error) {
    const auto it = body.find("error");
    return it != body.end() && it->is_string() && it->get<std::string>() == error;
}

}  // namespace

std::vector<std::int64_t> TaskHistory::lost(std::int64_t job_tasks) const {
    std::vector<std::int64_t> out;
    for (std::int64_t t = 0; t < job_tasks; ++t)
        if (!times.contains(t) && !skipped.contains(t))
            out.push_back(t);
    return out;
}

std::vector<std::int64_t> TaskHistory::doubled() const {
    std::vector<std::int64_t> out;
    for (const auto& [task, n] : times)
        if (n > 1)
            out.push_back(task);
    return out;
}

std::vector<std::int64_t> TaskHistory::skipped_applied() const {
    std::vector<std::int64_t> out;
    for (const std::int64_t t : skipped)
        if (times.contains(t))
            out.push_back(t);
    return out;
}

std::vector<const Effect*> TaskHistory::stale() const {
    std::vector<const Effect*> out;
    for (const Effect& e : effects)
        if (e.token < e.newest_token)
            out.push_back(&e);
    return out;
}

std::optional<std::int64_t> TaskHistory::makespan_ns() const {
    if (!first_assign_ns || effects.empty())
        return std::nullopt;
    return effects.back().t_ns - *first_assign_ns;
}

TaskHistory TaskHistory::read(const std::vector<Event>& events,
                              const std::map<std::string, std::string, std::less<>>& node_roles) {
    const auto role_of = [&node_roles](const std::string& node) -> std::string_view {
        const auto it = node_roles.find(node);
        return it != node_roles.end() ? std::string_view(it->second) : std::string_view();
    };
    TaskHistory h;
    for (const auto& [node, role] : node_roles)
        if (role == ts::kWorkerRole)
            h.workers[node];
    std::int64_t newest = 0;
    std::set<std::tuple<std::string, std::int64_t, std::int64_t, std::int64_t>> runs;   // worker, task, token, attempt
    for (const Event& e : events) {
        if (e.kind == EventKind::State && role_of(e.node) == ts::kSchedulerRole) {
            const Json s = Json::parse(e.data, nullptr, false);
            if (const auto n = ts::int_field(s, "tasks"))
                h.tasks = std::max(h.tasks, *n);
            continue;
        }
        if (e.kind == EventKind::State && role_of(e.node) == ts::kWorkerRole) {
            const Json s = Json::parse(e.data, nullptr, false);
            if (const auto n = ts::int_field(s, "stolen"))
                h.workers[e.node].stolen = *n;
            continue;
        }
        if (e.kind != EventKind::MessageSent)
            continue;
        const std::string_view role = role_of(e.node);
        if (role == ts::kSchedulerRole && e.type == ts::kAssign) {
            if (!h.first_assign_ns)
                h.first_assign_ns = e.t_ns;
            continue;
        }
        if (role == ts::kWorkerRole && e.type == ts::kApply) {
            const Json b = Json::parse(e.data, nullptr, false);
            const auto task = ts::int_field(b, "task");
            const auto token = ts::int_field(b, "token");
            const auto attempt = ts::int_field(b, "attempt");
            if (task && token && attempt && runs.emplace(e.node, *task, *token, *attempt).second)
                h.workers[e.node].busy_ms += ts::int_field(b, "size_ms").value_or(0);
            continue;
        }
        if (role != ts::kSinkRole)
            continue;
        const Json b = Json::parse(e.data, nullptr, false);
        if (!b.is_object())
            continue;
        const bool ok = flag(b, "ok");
        if (e.type == std::string(ts::kSkip) + "_reply") {
            if (const auto list = b.find("skipped"); ok && list != b.end() && list->is_array())
                for (const Json& t : *list)
                    if (t.is_number_integer())
                        h.skipped.insert(t.get<std::int64_t>());
            continue;
        }
        if (e.type == std::string(ts::kFence) + "_reply") {
            if (ok)
                newest = std::max(newest, ts::int_field(b, "token").value_or(0));
            continue;
        }
        if (e.type != ts::kApplyReply)
            continue;
        const auto task = ts::int_field(b, "task");
        const auto token = ts::int_field(b, "token");
        if (!task || !token)
            continue;
        if (ok && flag(b, "applied")) {
            h.effects.push_back({.task = *task, .token = *token, .worker = e.peer, .t_ns = e.t_ns, .newest_token = newest});
            ++h.times[*task];
            ++h.workers[e.peer].applied;
            newest = std::max(newest, *token);
        } else if (!ok && is_error(b, ts::kStaleToken)) {
            ++h.refused;
            ++h.workers[e.peer].refused;
        }
    }
    return h;
}

}  // namespace distlab::netlab::task_scheduling
