#include "core/patterns/mesh/mesh_sidecar_role.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "core/host/role_driver.h"
#include "core/patterns/request_response/messages.h"

namespace distlab::core::mesh {

namespace rr = request_response;
namespace cb = circuit_breaker;

namespace {

constexpr TimerId kReportTimer{1};
constexpr std::size_t kMaxWindowSamples = 10000;

double p99_of(std::vector<double> samples) {
    if (samples.empty())
        return 0;
    std::sort(samples.begin(), samples.end());
    const auto rank = static_cast<std::size_t>(std::ceil(0.99 * static_cast<double>(samples.size())));
    return samples[std::clamp<std::size_t>(rank, 1, samples.size()) - 1];
}

bool same_breaker(const MeshPolicy& a, const MeshPolicy& b) {
    const cb::BreakerSettings& x = a.breaker;
    const cb::BreakerSettings& y = b.breaker;
    return a.breaker_enabled == b.breaker_enabled && x.failure_rate_threshold == y.failure_rate_threshold &&
           x.minimum_calls == y.minimum_calls && x.window_size == y.window_size && x.wait_in_open == y.wait_in_open &&
           x.half_open_calls == y.half_open_calls;
}

}  // namespace

const ParamList<MeshSidecarConfig>& MeshSidecarConfig::params() {
    using C = MeshSidecarConfig;
    static const ParamList<C> list = ParamList<C>{}
        .node("service", &C::service, nullptr, "The service this sidecar stands beside", "此边车所伴随的服务")
        .node("control", &C::control, nullptr, "The mesh's control plane, which pushes the routing policy",
              "网格的控制平面，负责下发路由策略")
        .duration("report_interval", &C::report_interval, "500ms",
                  "How often it reports each version's error rate and latency to the control plane",
                  "向控制平面报告各版本错误率与延迟的间隔", {.min = 10})
        .integer("disconnect_after", &C::disconnect_after, 2,
                 "Unanswered reports after which it counts the control plane as unreachable",
                 "连续这么多次报告未获应答后，认为控制平面不可达", {.min = 1, .max = 1000})
        .duration("forget_after", &C::forget_after, "0ms",
                  "Drops its policy after this long without the control plane, failing every call (0: keeps the "
                  "last policy for ever, as Envoy does)",
                  "与控制平面失联这么久后丢弃策略，所有调用失败（0 表示永远保留最后的策略，与 Envoy 相同）", {.min = 0});
    return list;
}

MeshSidecarRole::MeshSidecarRole(MeshSidecarConfig config) : config_(std::move(config)) {}

void MeshSidecarRole::start(Context& ctx) {
    ctx.phase("waiting", Text{"no policy from the control plane yet", "还没有收到控制面的策略"});
    report(ctx);
}

void MeshSidecarRole::on_message(Context& ctx, const Message& msg) {
    if (msg.from == kLabSender) {
        ctx.log(LogLevel::Warn, "ignored the lab command \"" + msg.type + "\": a mesh sidecar takes its policy "
                                "from the control plane");
        return;
    }
    if (msg.type == kPolicy) {
        handle_policy(ctx, msg);
        return;
    }
    if (msg.type == std::string(kReport) + "_reply") {
        heard(ctx);   // A report answered after its deadline: slow, but the control plane is there.
        return;
    }
    if (msg.type != rr::kRequest) {
        ignore_stray_message(ctx, msg, rr::kReply);
        return;
    }
    if (msg.from != config_.service) {
        ctx.log(LogLevel::Warn, "refused a request from " + msg.from + ": this sidecar carries the calls of " +
                                    config_.service + " only");
        ctx.reply(msg, {{"ok", false}, {"error", "not this sidecar's service"}});
        return;
    }
    outgoing(ctx, msg);
}

void MeshSidecarRole::on_timer(Context& ctx, TimerId timer) {
    if (timer == kReportTimer)
        report(ctx);
}

std::string MeshSidecarRole::pick_subset() {
    // Smooth weighted round robin (nginx's): every pick adds each subset's weight to its counter,
    // takes the largest counter and subtracts the total from it.
    const Subset* best = nullptr;
    for (const Subset& s : policy_->subsets) {
        std::int64_t& c = current_[s.name];
        c += s.weight;
        if (!best || c > current_[best->name])
            best = &s;
    }
    current_[best->name] -= 100;
    return best->name;
}

void MeshSidecarRole::outgoing(Context& ctx, const Message& msg) {
    if (!policy_) {
        ++no_route_;
        ctx.count("no_route");
        ctx.reply(msg, {{"ok", false}, {"error", "no route"}});
        return;
    }
    const std::uint64_t key = ++next_key_;
    Job job{.request = msg, .subset = pick_subset()};
    ++totals_[job.subset].calls;
    jobs_.emplace(key, std::move(job));
    attempt(ctx, key);
}

void MeshSidecarRole::attempt(Context& ctx, std::uint64_t key) {
    Job& job = jobs_.at(key);
    const Subset* subset = policy_ ? policy_->find(job.subset) : nullptr;
    if (!subset || subset->endpoints.empty()) {
        finish(ctx, key, {{"ok", false}, {"error", job.last_error.empty() ? "no route" : job.last_error}});
        return;
    }
    std::uint64_t epoch = 0;
    if (auto b = breakers_.find(job.subset); b != breakers_.end()) {
        const cb::Admission admission = b->second.try_acquire(ctx.now());
        if (admission.transition)
            ctx.log(LogLevel::Info, job.subset + " breaker " + admission.transition->text());
        if (!admission.permitted) {
            ++short_circuited_;
            ctx.count("short_circuited");
            finish(ctx, key, {{"ok", false}, {"error", "circuit open"}});
            return;
        }
        epoch = admission.epoch;
    }
    std::size_t& next = next_endpoint_[job.subset];
    const NodeId endpoint = subset->endpoints[next++ % subset->endpoints.size()];
    ++job.attempts;
    Json body = job.request.body.is_object() ? job.request.body : Json::object();
    body["attempt"] = job.attempts;
    tally_.call(ctx);
    if (job.attempts > 1)
        tally_.retry(ctx);
    ++window_[job.subset].requests;
    ++totals_[job.subset].requests;
    const Duration now = ctx.now();
    ctx.call(endpoint, std::string(rr::kRequest), std::move(body), policy_->per_try_timeout,
             [this, key, endpoint, now, epoch](Context& c, const CallOutcome& outcome) {
                 attempt_done(c, key, endpoint, now, epoch, outcome);
             });
}

void MeshSidecarRole::attempt_done(Context& ctx, std::uint64_t key, const NodeId& endpoint, Duration sent_at,
                                   std::uint64_t epoch, const CallOutcome& outcome) {
    auto it = jobs_.find(key);
    if (it == jobs_.end())
        return;
    Job& job = it->second;
    const CallResult result = tally_.ended(ctx, outcome, sent_at, rr::read_reply);
    const bool failed = result.end != CallEnd::Ok;
    Window& w = window_[job.subset];
    if (failed) {
        ++w.errors;
        ++totals_[job.subset].errors;
    }
    if (w.latencies_ms.size() < kMaxWindowSamples)
        w.latencies_ms.push_back(to_ms(ctx.now() - sent_at));
    if (auto b = breakers_.find(job.subset); b != breakers_.end())
        if (auto t = b->second.on_result(ctx.now(), epoch, failed, ctx.now() - sent_at))
            ctx.log(LogLevel::Info, job.subset + " breaker " + t->text());
    if (!failed) {
        finish(ctx, key, outcome.reply.body);
        return;
    }
    job.last_error = result.error + " (" + endpoint + ")";
    if (policy_ && job.attempts < policy_->attempts) {
        attempt(ctx, key);
        return;
    }
    finish(ctx, key, {{"ok", false}, {"error", result.error}});
}

void MeshSidecarRole::finish(Context& ctx, std::uint64_t key, Json answer) {
    auto it = jobs_.find(key);
    if (it == jobs_.end())
        return;
    const Message request = std::move(it->second.request);
    jobs_.erase(it);
    ctx.reply(request, std::move(answer));
}

void MeshSidecarRole::handle_policy(Context& ctx, const Message& msg) {
    heard(ctx);
    const Json nonce = msg.body.is_object() ? msg.body.value("nonce", Json(0)) : Json(0);
    auto policy = MeshPolicy::from_json(msg.body.is_object() ? msg.body.value("policy", Json()) : Json());
    if (!policy) {
        const std::int64_t offered = msg.body.is_object() ? msg.body.value("version", std::int64_t{0}) : 0;
        ++nacks_;
        ctx.count("nacks");
        rejected_version_ = offered;
        rejected_error_ = policy.error();
        const std::int64_t keeps = policy_ ? policy_->version : 0;
        ctx.log(LogLevel::Warn, "NACK of policy v" + std::to_string(offered) + ": " + policy.error() +
                                    "; keeps v" + std::to_string(keeps));
        ctx.send(msg.from, std::string(kNack),
                 {{"version", keeps}, {"nonce", nonce}, {"rejected", offered}, {"error", policy.error()}});
        return;
    }
    const std::int64_t version = policy->version;
    if (!policy_ || policy_->version != version)
        apply(ctx, std::move(*policy));
    ++acks_;
    ctx.send(msg.from, std::string(kAck), {{"version", version}, {"nonce", nonce}});
}

void MeshSidecarRole::apply(Context& ctx, MeshPolicy policy) {
    if (!policy_ || !same_breaker(*policy_, policy)) {
        breakers_.clear();
        if (policy.breaker_enabled)
            for (const Subset& s : policy.subsets)
                breakers_.emplace(s.name, cb::CircuitBreaker(policy.breaker));
    } else if (policy.breaker_enabled) {
        for (const Subset& s : policy.subsets)
            breakers_.try_emplace(s.name, policy.breaker);
    }
    ctx.log(LogLevel::Info, "applies policy v" + std::to_string(policy.version) + ": " + policy.weights_text() +
                                ", " + std::to_string(policy.attempts) + " attempts, breaker " +
                                (policy.breaker_enabled ? "on" : "off"));
    policy_ = std::move(policy);
    current_.clear();
    ctx.gauge("policy_version", static_cast<double>(policy_->version));
    ctx.phase("synced", Text{"runs policy v", "运行策略 v"} + std::to_string(policy_->version) + Text{" (", "（"} +
                            policy_->weights_text() + Text{")", "）"});
}

void MeshSidecarRole::heard(Context& ctx) {
    last_heard_ = ctx.now();
    missed_reports_ = 0;
    if (policy_)
        ctx.phase("synced", Text{"the control plane answers; runs v", "控制面有应答；运行 v"} + std::to_string(policy_->version));
}

void MeshSidecarRole::report(Context& ctx) {
    ctx.set_timer(kReportTimer, config_.report_interval);
    Json subsets = Json::object();
    for (auto& [name, w] : window_)
        subsets[name] = {{"requests", w.requests}, {"errors", w.errors}, {"p99_ms", p99_of(w.latencies_ms)}};
    window_.clear();
    const Json body = {{"version", policy_ ? policy_->version : 0}, {"subsets", std::move(subsets)}};
    ctx.call(config_.control, std::string(kReport), body, config_.report_interval,
             [this](Context& c, const CallOutcome& outcome) {
                 if (!outcome.timed_out) {
                     heard(c);
                     return;
                 }
                 ++missed_reports_;
                 if (!policy_)
                     return;
                 if (config_.forget_after > Duration(0) && c.now() - last_heard_ >= config_.forget_after) {
                     c.log(LogLevel::Warn, "dropped policy v" + std::to_string(policy_->version) +
                                               ": no word from the control plane for " +
                                               std::to_string(to_ms(c.now() - last_heard_)) + " ms");
                     policy_.reset();
                     breakers_.clear();
                     c.gauge("policy_version", 0);
                     c.phase("waiting", Text{"dropped its policy: the control plane is unreachable", "丢弃了策略：控制面不可达"});
                     return;
                 }
                 if (missed_reports_ >= config_.disconnect_after)
                     c.phase("disconnected", Text{"the control plane does not answer: keeps serving with policy v",
                                                  "控制面没有应答：继续按策略 v"} +
                                                 std::to_string(policy_->version) + Text{"", " 服务"});
             });
}

Json MeshSidecarRole::snapshot() const {
    Json subsets = Json::object();
    for (const auto& [name, t] : totals_) {
        const auto b = breakers_.find(name);
        subsets[name] = {{"calls", t.calls},
                         {"requests", t.requests},
                         {"errors", t.errors},
                         {"breaker", b == breakers_.end() ? std::string("disabled")
                                                          : std::string(cb::to_string(b->second.state()))}};
    }
    Json snap = {{"service", config_.service},
                 {"version", policy_ ? policy_->version : 0},
                 {"weights", Json::object()},
                 {"canary_weight", policy_ && !policy_->canary.empty() ? policy_->weight_of(policy_->canary) : 0},
                 {"acks", acks_},
                 {"nacks", nacks_},
                 {"rejected_version", rejected_version_},
                 {"rejected_error", rejected_error_},
                 {"missed_reports", missed_reports_},
                 {"no_route", no_route_},
                 {"short_circuited", short_circuited_},
                 {"in_flight", jobs_.size()},
                 {"subsets", std::move(subsets)}};
    if (policy_)
        for (const Subset& s : policy_->subsets)
            snap["weights"][s.name] = s.weight;
    tally_.write(snap);
    return snap;
}

}  // namespace distlab::core::mesh
