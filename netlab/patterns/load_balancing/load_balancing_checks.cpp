#include "netlab/patterns/load_balancing/load_balancing_checks.h"

#include <map>
#include <optional>
#include <set>

#include "core/patterns/load_balancing/load_balancer_role.h"
#include "netlab/checks/check_support.h"

namespace distlab::netlab {

namespace {

namespace lb = core::load_balancing;
using core::Text;
using Deadline = std::chrono::steady_clock::time_point;

constexpr const char* kBalancerRole = "load-balancer";

class OutlierEjection final : public Check {
public:
    explicit OutlierEjection(std::int64_t slack_ns) : slack_ns_(slack_ns) {}

    CheckResult evaluate(const RunView& run, Deadline) const override {
        if (!run.roles)
            return verdict(Verdict::Unknown, Text{"the run's roles are not known", "不知道本次运行的角色"});
        struct Backend {
            std::int64_t errors = 0;                 // error answers in a row
            std::optional<std::int64_t> out_until;   // ejected until (lab ns)
            std::int64_t out_from = 0;               // the ejecting answer's delivery (lab ns)
        };
        struct Balancer {
            lb::OutlierSettings outlier;
            std::vector<std::string> backends;
            std::map<std::string, Backend, std::less<>> state;
            bool judging = true;
            std::optional<std::int64_t> stopped_at;
        };
        std::map<std::string, Balancer, std::less<>> balancers;
        for (const auto& [node, role] : run.roles->node_roles()) {
            if (role != kBalancerRole)
                continue;
            const NodeSpec* spec = run.scenario.find_node(node);
            if (!spec)
                continue;
            const lb::LoadBalancerConfig config = lb::LoadBalancerConfig::from(spec->resolved);
            if (config.balancer.outlier.enabled)
                balancers.emplace(node, Balancer{config.balancer.outlier, config.backends, {}, true, {}});
        }
        if (balancers.empty())
            return verdict(Verdict::Pass, Text{"no load balancer has outlier detection on: nothing to judge",
                                               "没有负载均衡器开启异常点检测：无需判断"});
        const double scale = run.scenario.time_scale;
        const auto lab_ns = [scale](core::Duration d) {
            return static_cast<std::int64_t>(static_cast<double>(d.count()) * scale);
        };
        const auto reset = [](Balancer& b) {
            b.state.clear();
            for (const std::string& id : b.backends)
                b.state.emplace(id, Backend{});
            b.judging = true;
        };
        for (auto& [node, b] : balancers)
            reset(b);

        std::map<std::pair<std::string, std::uint64_t>, bool> answer_ok;   // (backend, msg id) -> ok
        std::size_t ejections = 0;
        for (const Event& e : run.events) {
            if (e.kind == EventKind::NodeStarted) {
                if (auto it = balancers.find(e.node); it != balancers.end())
                    reset(it->second);
                continue;
            }
            if (e.kind == EventKind::FaultInjected && e.type == "command") {
                for (auto& [node, b] : balancers)
                    if (b.judging && (e.node == node || e.data.find("\"" + node + "\"") != std::string::npos)) {
                        b.judging = false;
                        b.stopped_at = e.t_ns;
                    }
                continue;
            }
            if (e.kind == EventKind::MessageSent && e.type == "request_reply") {
                if (balancers.count(e.peer)) {
                    const core::Json body = core::Json::parse(e.data, nullptr, false);
                    answer_ok[{e.node, e.msg_id}] =
                        body.is_object() && body.contains("ok") && body["ok"].is_boolean() && body["ok"].get<bool>();
                }
                continue;
            }
            if (e.kind == EventKind::MessageDelivered && e.type == "request_reply") {
                auto it = balancers.find(e.peer);
                if (it == balancers.end() || !it->second.judging)
                    continue;
                Balancer& b = it->second;
                auto backend = b.state.find(e.node);
                const auto answer = answer_ok.find({e.node, e.msg_id});
                if (backend == b.state.end() || answer == answer_ok.end() || backend->second.out_until)
                    continue;
                Backend& s = backend->second;
                if (answer->second) {
                    s.errors = 0;
                    continue;
                }
                std::size_t out = 0;
                for (const auto& [id, other] : b.state)
                    out += other.out_until ? 1 : 0;
                if (++s.errors >= b.outlier.consecutive_errors && out < b.outlier.max_ejected(b.state.size())) {
                    s.out_from = e.t_ns;
                    s.out_until = e.t_ns + lab_ns(std::min(b.outlier.base_ejection_time,
                                                           std::max(b.outlier.max_ejection_time, b.outlier.base_ejection_time)));
                    s.errors = 0;
                    ++ejections;
                }
                continue;
            }
            if (e.kind == EventKind::MessageSent && e.type == "request") {
                auto it = balancers.find(e.node);
                if (it == balancers.end() || !it->second.judging)
                    continue;
                Balancer& b = it->second;
                auto backend = b.state.find(e.peer);
                if (backend == b.state.end() || !backend->second.out_until)
                    continue;
                // Delivered is not yet read: a request sent within the slack after the ejecting
                // answer reached the balancer may have left before the balancer read it.
                if (e.t_ns < backend->second.out_from + slack_ns_)
                    continue;
                if (e.t_ns >= *backend->second.out_until) {
                    b.judging = false;   // let back: what follows depends on how often it was out
                    b.stopped_at = e.t_ns;
                    continue;
                }
                const std::string at = seconds_text(e.t_ns), until = seconds_text(*backend->second.out_until),
                                  n = std::to_string(b.outlier.consecutive_errors);
                CheckResult r = verdict(
                    Verdict::Fail,
                    Text{it->first + " sent a request to " + e.peer + " at " + at + " although " + e.peer + " had answered " +
                             n + " errors in a row and should be ejected until " + until,
                         it->first + " 在 " + at + " 向 " + e.peer + " 发送了请求，而 " + e.peer + " 已连续返回 " + n +
                             " 次错误，应被剔除直到 " + until},
                    std::make_pair(e.t_ns, e.t_ns));
                involve_message(r, e.node, e.msg_id, e.peer);
                involve_node(r, e.peer);
                return r;
            }
        }
        const std::string n = std::to_string(ejections);
        std::string until_en, until_zh;
        for (const auto& [node, b] : balancers)
            if (b.stopped_at) {
                until_en += "; " + node + " judged up to " + seconds_text(*b.stopped_at);
                until_zh += "；" + node + " 判断到 " + seconds_text(*b.stopped_at) + " 为止";
            }
        return verdict(Verdict::Pass, Text{n + " ejections due, each backend left alone for its ejection time" + until_en,
                                           "应发生 " + n + " 次剔除，每个被剔除的后端在剔除期间都没有收到请求" + until_zh});
    }

private:
    std::int64_t slack_ns_;
};

}  // namespace

void register_load_balancing_checks(CheckRegistry& registry) {
    registry.add({.name = "outlier_ejection",
                  .en = "A load balancer ejects a backend within its configured consecutive errors, for its ejection time.",
                  .zh = "负载均衡器在配置的连续错误次数内剔除后端，并在剔除时间内不再向其发送请求。",
                  .params = {{.name = "slack", .type = core::ParamType::Duration, .default_value = "20ms", .min = 0,
                              .en = "requests sent less than this after the ejecting answer reached the balancer are "
                                    "not judged: on real processes a delivered answer may not have been read yet",
                              .zh = "剔除所依据的应答送达负载均衡器后不到此时长内发出的请求不予判断："
                                    "在真实进程上，已送达的应答可能尚未被读取"}},
                  .applies_to = {RoleFilter::named(kBalancerRole)},
                  .make = [](const core::Params& args) -> std::unique_ptr<Check> {
                      return std::make_unique<OutlierEjection>(args.get_duration("slack").count());
                  }});
}

}  // namespace distlab::netlab
