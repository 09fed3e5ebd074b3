#include "core/patterns/mesh/mesh_control_role.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <utility>

#include "core/host/role_driver.h"

namespace distlab::core::mesh {

namespace {

constexpr TimerId kStartTimer{1};
constexpr TimerId kAnalysisTimer{2};
constexpr std::size_t kKeptAnalyses = 64;
constexpr std::string_view kStable = "v1";
constexpr std::string_view kCanary = "v2";

std::int64_t ms_of(Duration d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d).count(); }

std::string one_decimal(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

// "10,50" as weights each in 1..99 and rising; an error says what is wrong.
std::expected<std::vector<std::int64_t>, std::string> parse_steps(std::string_view text) {
    std::vector<std::int64_t> out;
    while (!text.empty()) {
        const std::size_t comma = text.find(',');
        std::string_view item = text.substr(0, comma);
        while (!item.empty() && item.front() == ' ')
            item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ')
            item.remove_suffix(1);
        std::int64_t v = 0;
        const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), v);
        if (ec != std::errc() || end != item.data() + item.size() || v < 1 || v > 99)
            return std::unexpected("\"" + std::string(item) + "\" is not a weight from 1 to 99");
        if (!out.empty() && v <= out.back())
            return std::unexpected("the weights must rise (" + std::to_string(v) + " after " +
                                   std::to_string(out.back()) + ")");
        out.push_back(v);
        text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    }
    if (out.empty())
        return std::unexpected(std::string("no weight"));
    return out;
}

}  // namespace

std::optional<CanaryPreset> canary_preset(std::string_view name) {
    if (name == "demo")
        return CanaryPreset{.step_weights = {10, 50}, .interval = 1s, .threshold = 2, .max_error_rate = 5,
                            .max_latency = 500ms};
    if (name == "flagger" || name == "flagger-fast")
        return CanaryPreset{.step_weights = {10, 20, 30, 40, 50},
                            .interval = name == "flagger" ? Duration(60s) : Duration(1s),
                            .threshold = 5,
                            .max_error_rate = 1,
                            .max_latency = 500ms};
    return std::nullopt;
}

const ParamList<MeshControlConfig>& MeshControlConfig::params() {
    using C = MeshControlConfig;
    static const ParamList<C> list =
        ParamList<C>{}
            .nodes("sidecars", &C::sidecars, nullptr, "The sidecars it configures", "它所配置的边车")
            .nodes("stable", &C::stable, nullptr, "The instances of v1, the stable version", "稳定版本 v1 的实例")
            .nodes("canary", &C::canary, nullptr, "The instances of v2, the canary", "金丝雀版本 v2 的实例")
            .choice<std::string>(
                "preset",
                [](C& c, const std::string& preset) {
                    c.preset = preset;
                    c.canary_plan = *canary_preset(preset);
                },
                "demo", {{"demo", "demo"}, {"flagger", "flagger"}, {"flagger-fast", "flagger-fast"}},
                "The canary analysis as shipped (demo: v2 at 10 %, 50 %, then 100 %, an analysis a second, two "
                "failed ones roll back, errors above 5 %; flagger: 10 % steps up to 50 %, an analysis a minute, 5 "
                "failed ones, success rate under 99 % or p99 over 500 ms fails one; flagger-fast: the same every "
                "second); parameters given here override it",
                "金丝雀分析的预设（demo：v2 依次 10 %、50 %、100 %，每秒分析一次，失败两次即回滚，错误率阈值 5 %；"
                "flagger：每步 10 % 直到 50 %，每分钟分析一次，失败 5 次回滚，成功率低于 99 % 或 p99 超过 500 ms "
                "记一次失败；flagger-fast：同上，每秒一次）；此处给出的参数覆盖预设")
            .string("step_weights",
                    [](C& c, const std::string& text) {
                        if (text.empty())
                            return;
                        auto steps = parse_steps(text);
                        if (steps)
                            c.canary_plan.step_weights = std::move(*steps);
                        else
                            c.step_weights_error = "step_weights \"" + text + "\": " + steps.error();
                    },
                    "", "The canary's weight at each step, in percent, rising (\"10,50\"); then 100. Empty: the preset's",
                    "金丝雀在每一步的权重（百分比，递增，如 \"10,50\"），之后为 100。为空时用预设值")
            .duration("interval",
                      [](C& c, Duration d) {
                          if (d > Duration(0))
                              c.canary_plan.interval = d;
                      },
                      "0ms", "Time between analyses (0: the preset's)", "两次分析之间的时间（0 表示用预设值）", {.min = 0})
            .integer("threshold",
                     [](C& c, std::int64_t v) {
                         if (v > 0)
                             c.canary_plan.threshold = v;
                     },
                     0, "Failed analyses that roll the canary back (0: the preset's)",
                     "导致金丝雀回滚的失败分析次数（0 表示用预设值）", {.min = 0, .max = 1000})
            .number("max_error_rate",
                    [](C& c, double v) {
                        if (v > 0)
                            c.canary_plan.max_error_rate = v;
                    },
                    0, "An analysis fails when the canary's error rate is above this percent (0: the preset's)",
                    "金丝雀错误率高于此百分比时分析失败（0 表示用预设值）", {.min = 0, .max = 100})
            .duration("max_latency",
                      [](C& c, Duration d) {
                          if (d > Duration(0))
                              c.canary_plan.max_latency = d;
                      },
                      "0ms", "An analysis fails when the canary's p99 is above this (0: the preset's)",
                      "金丝雀 p99 延迟高于此值时分析失败（0 表示用预设值）", {.min = 0})
            .integer("min_requests", &C::min_requests, 20,
                     "Calls to the canary an analysis needs; with fewer it judges nothing and halts",
                     "一次分析所需的金丝雀调用数；不足时不作判断，暂停推进", {.min = 1, .max = 1000000})
            .duration("start_at", &C::start_at, "1s",
                      "When v2 is deployed and the analysis begins (0: on the lab command \"start\")",
                      "v2 部署、分析开始的时间（0 表示等待实验命令 \"start\"）", {.min = 0})
            .boolean("analysis", &C::analysis, true,
                     "Judge each step and roll back automatically; off, the steps follow the clock whatever the errors",
                     "评判每一步并自动回滚；关闭时无论错误多少，都按时间推进")
            .integer("attempts", &C::attempts, 2, "Attempts per call the sidecars make, first included",
                     "边车对每个调用的尝试次数（含第一次）", {.min = 1, .max = 10})
            .duration("per_try_timeout", &C::per_try_timeout, "200ms", "Timeout of each attempt",
                      "每次尝试的超时", {.min = 1})
            .boolean("breaker", &C::breaker, false, "A circuit breaker per version in every sidecar",
                     "每个边车为每个版本加一个熔断器")
            .number("failure_rate_threshold", &C::failure_rate_threshold, 50,
                    "Percent of failed calls in the window at or above which a breaker opens",
                    "窗口中失败调用百分比达到或超过此值时熔断器断开", {.min = 1, .max = 100})
            .integer("minimum_calls", &C::minimum_calls, 10, "Calls a breaker's window needs before it can open",
                     "熔断器窗口中至少需要的调用数", {.min = 1, .max = 100000})
            .integer("window_size", &C::window_size, 20, "Calls a breaker's window holds", "熔断器窗口容纳的调用数",
                     {.min = 1, .max = 100000})
            .duration("wait_in_open", &C::wait_in_open, "1s", "How long a breaker stays open before trial calls",
                      "熔断器保持断开、直到放行试探调用的时长", {.min = 1})
            .integer("half_open_calls", &C::half_open_calls, 3, "Trial calls let through when half-open",
                     "半开状态下放行的试探调用数", {.min = 1, .max = 10000});
    return list;
}

MeshControlRole::MeshControlRole(MeshControlConfig config) : config_(std::move(config)) {
    for (const NodeId& s : config_.sidecars)
        sidecars_[s];
    desired_ = {{"canary", std::string(kCanary)},
                {"routes",
                 {{{"subset", std::string(kStable)}, {"weight", 100}, {"endpoints", config_.stable}},
                  {{"subset", std::string(kCanary)}, {"weight", 0}, {"endpoints", config_.canary}}}},
                {"retries", {{"attempts", config_.attempts}, {"per_try_timeout_ms", ms_of(config_.per_try_timeout)}}},
                {"breaker",
                 {{"enabled", config_.breaker},
                  {"failure_rate_threshold", config_.failure_rate_threshold},
                  {"minimum_calls", config_.minimum_calls},
                  {"window_size", config_.window_size},
                  {"wait_in_open_ms", ms_of(config_.wait_in_open)},
                  {"half_open_calls", config_.half_open_calls}}}};
}

void MeshControlRole::start(Context& ctx) {
    ctx.phase("idle", Text{"every call goes to v1", "所有调用都发往 v1"});
    if (!config_.step_weights_error.empty())
        ctx.log(LogLevel::Error, config_.step_weights_error + "; the " + config_.preset + " preset's steps are used");
    publish(ctx, "initial");
    if (config_.start_at > Duration(0))
        ctx.set_timer(kStartTimer, config_.start_at);
}

void MeshControlRole::on_message(Context& ctx, const Message& msg) {
    if (msg.from == kLabSender) {
        handle_command(ctx, msg);
        return;
    }
    if (msg.type == kReport) {
        handle_report(ctx, msg);
        return;
    }
    const Json& body = msg.body;
    if (msg.type == kAck && body.is_object()) {
        SidecarState& s = sidecars_[msg.from];
        s.acked = body.value("version", std::int64_t{0});
        s.last_heard_ms = to_ms(ctx.now());
        return;
    }
    if (msg.type == kNack && body.is_object()) {
        SidecarState& s = sidecars_[msg.from];
        s.acked = body.value("version", s.acked);
        s.rejected = body.value("rejected", std::int64_t{0});
        s.error = body.value("error", std::string());
        s.last_heard_ms = to_ms(ctx.now());
        ctx.log(LogLevel::Warn, msg.from + " NACKed v" + std::to_string(s.rejected) + " (" + s.error + "); it keeps v" +
                                    std::to_string(s.acked));
        return;
    }
    ctx.log(LogLevel::Warn, "ignored a \"" + msg.type + "\" from " + msg.from);
}

void MeshControlRole::on_timer(Context& ctx, TimerId timer) {
    if (timer == kStartTimer)
        begin(ctx);
    else if (timer == kAnalysisTimer)
        analyse(ctx);
}

void MeshControlRole::handle_command(Context& ctx, const Message& msg) {
    if (msg.type == "start") {
        begin(ctx);
        return;
    }
    if (msg.type != "apply" || !msg.body.is_object()) {
        ctx.log(LogLevel::Warn, "ignored the lab command \"" + msg.type + "\": mesh-control takes \"start\" {} and "
                                "\"apply\" {weights?, retries?, breaker?}");
        return;
    }
    const Json& edit = msg.body;
    if (const auto weights = edit.find("weights"); weights != edit.end() && weights->is_object()) {
        Json& routes = desired_["routes"];
        for (const auto& [subset, weight] : weights->items()) {
            auto route = std::find_if(routes.begin(), routes.end(), [&](const Json& r) {
                return r.is_object() && r.value("subset", std::string()) == subset;
            });
            if (route == routes.end())
                routes.push_back({{"subset", subset}, {"weight", weight}, {"endpoints", Json::array()}});
            else
                (*route)["weight"] = weight;
        }
    }
    for (const char* part : {"retries", "breaker"})
        if (const auto it = edit.find(part); it != edit.end())
            desired_[part].merge_patch(*it);
    publish(ctx, "apply");
}

void MeshControlRole::begin(Context& ctx) {
    if (stage_ != "idle")
        return;
    step_ = 0;
    failed_checks_ = 0;
    window_requests_ = window_errors_ = 0;
    window_p99_ms_ = 0;
    stage_ = "progressing";
    ctx.phase("progressing", Text{"v2 deployed: the canary gets ", "v2 已部署：金丝雀获得 "} +
                                 std::to_string(config_.canary_plan.step_weights[0]) + " %");
    set_weights(ctx, config_.canary_plan.step_weights[0], "step");
    ctx.set_timer(kAnalysisTimer, config_.canary_plan.interval);
}

void MeshControlRole::analyse(Context& ctx) {
    const CanaryPreset& plan = config_.canary_plan;
    Analysis a{.at_ms = to_ms(ctx.now()), .requests = window_requests_, .errors = window_errors_,
               .p99_ms = window_p99_ms_, .verdict = {}};
    window_requests_ = window_errors_ = 0;
    window_p99_ms_ = 0;
    const double error_pct = a.requests > 0 ? 100.0 * static_cast<double>(a.errors) / static_cast<double>(a.requests) : 0;
    const std::string measured = std::to_string(a.errors) + " errors in " + std::to_string(a.requests) + " calls (" + one_decimal(error_pct) + " %), p99 " + std::to_string(static_cast<std::int64_t>(a.p99_ms)) + " ms";
    const Text measured_said{measured, std::to_string(a.requests) + " 次调用中 " + std::to_string(a.errors) + " 次出错（" +
                                           one_decimal(error_pct) + " %），p99 " +
                                           std::to_string(static_cast<std::int64_t>(a.p99_ms)) + " ms"};
    bool advance = false;
    if (!config_.analysis) {
        a.verdict = "scheduled";
        advance = true;
    } else if (a.requests < config_.min_requests) {
        a.verdict = "no data";
        stage_ = "halted";
        ctx.phase("halted", Text{"only ", "只上报了 "} + std::to_string(a.requests) + Text{" calls to v2 reported (", " 次对 v2 的调用（需要 "} +
                                std::to_string(config_.min_requests) + Text{" needed): no verdict, no step", "）：不下结论，不前进"});
    } else if (error_pct > plan.max_error_rate || a.p99_ms > to_ms(plan.max_latency)) {
        a.verdict = "fail";
        ++failed_checks_;
        ctx.log(LogLevel::Warn, "analysis failed (" + std::to_string(failed_checks_) + " of " +
                                    std::to_string(plan.threshold) + "): " + measured);
        if (failed_checks_ >= plan.threshold) {
            analyses_.push_back(a);
            stage_ = "rolled-back";
            ctx.phase("rolled-back", std::to_string(failed_checks_) + Text{" failed analyses, the last: ", " 次分析失败，最后一次："} +
                                         measured_said + Text{"; every call back to v1", "；所有调用回到 v1"});
            set_weights(ctx, 0, "rollback");
            return;
        }
        stage_ = "progressing";
        ctx.phase("progressing", Text{"a failed analysis: ", "一次分析失败："} + measured_said);
    } else {
        a.verdict = "pass";
        advance = true;
    }
    analyses_.push_back(a);
    while (analyses_.size() > kKeptAnalyses)
        analyses_.pop_front();
    if (advance) {
        ++step_;
        if (step_ >= plan.step_weights.size()) {
            stage_ = "promoted";
            ctx.phase("promoted", Text{"the last step passed: every call to v2", "最后一步通过：所有调用都发往 v2"});
            set_weights(ctx, 100, "promote");
            return;
        }
        stage_ = "progressing";
        ctx.phase("progressing", Text{"analysis passed (", "分析通过（"} + measured_said + Text{"): the canary gets ", "）：金丝雀获得 "} +
                                     std::to_string(plan.step_weights[step_]) + " %");
        set_weights(ctx, plan.step_weights[step_], "step");
    }
    ctx.set_timer(kAnalysisTimer, plan.interval);
}

void MeshControlRole::set_weights(Context& ctx, std::int64_t canary_weight, std::string kind) {
    canary_weight_ = canary_weight;
    Json& routes = desired_["routes"];
    for (Json& r : routes) {
        if (!r.is_object())
            continue;
        const std::string subset = r.value("subset", std::string());
        if (subset == kCanary)
            r["weight"] = canary_weight;
        else if (subset == kStable)
            r["weight"] = 100 - canary_weight;
    }
    publish(ctx, std::move(kind));
}

void MeshControlRole::publish(Context& ctx, std::string kind) {
    desired_["version"] = ++version_;
    Json weights = Json::object();
    for (const Json& r : desired_["routes"])
        if (r.is_object() && r.contains("subset") && r["subset"].is_string())
            weights[r["subset"].get<std::string>()] = r.value("weight", Json());
    ctx.log(LogLevel::Info, "pushes v" + std::to_string(version_) + " (" + kind + "): " + weights.dump());
    history_.push_back({.version = version_, .kind = std::move(kind), .at_ms = to_ms(ctx.now()), .weights = weights});
    ctx.gauge("canary_weight", static_cast<double>(canary_weight_));
    for (const auto& [sidecar, state] : sidecars_)
        push(ctx, sidecar);
}

void MeshControlRole::push(Context& ctx, const NodeId& sidecar) {
    ctx.send(sidecar, std::string(kPolicy), {{"version", version_}, {"nonce", ++nonce_}, {"policy", desired_}});
}

void MeshControlRole::handle_report(Context& ctx, const Message& msg) {
    ctx.reply(msg, {{"ok", true}, {"version", version_}});
    if (!msg.body.is_object())
        return;
    SidecarState& s = sidecars_[msg.from];
    s.reported = msg.body.value("version", std::int64_t{0});
    s.last_heard_ms = to_ms(ctx.now());
    const Json subsets = msg.body.value("subsets", Json::object());
    if (subsets.is_object())
        if (const auto v2 = subsets.find(kCanary); v2 != subsets.end() && v2->is_object()) {
            window_requests_ += v2->value("requests", std::int64_t{0});
            window_errors_ += v2->value("errors", std::int64_t{0});
            window_p99_ms_ = std::max(window_p99_ms_, v2->value("p99_ms", 0.0));
        }
    if (stage_ == "halted" && window_requests_ >= config_.min_requests) {
        stage_ = "progressing";
        ctx.phase("progressing", Text{"reports of v2 are back", "v2 的上报恢复了"});
    }
    // A lost push, or a sidecar that restarted: it gets the current version again, unless it
    // refused exactly that one (pushing it again would be refused again).
    if (s.reported != version_ && s.rejected != version_)
        push(ctx, msg.from);
}

Json MeshControlRole::snapshot() const {
    Json sidecars = Json::object();
    std::int64_t synced = 0;
    for (const auto& [id, s] : sidecars_) {
        sidecars[id] = {{"acked", s.acked}, {"rejected", s.rejected}, {"error", s.error}, {"last_heard_ms", s.last_heard_ms}};
        synced += s.acked == version_ ? 1 : 0;
    }
    Json analyses = Json::array();
    for (const Analysis& a : analyses_)
        analyses.push_back({{"at_ms", a.at_ms}, {"requests", a.requests}, {"errors", a.errors}, {"p99_ms", a.p99_ms},
                            {"verdict", a.verdict}});
    Json history = Json::array();
    for (const Change& c : history_)
        history.push_back({{"version", c.version}, {"kind", c.kind}, {"at_ms", c.at_ms}, {"weights", c.weights}});
    Json steps = Json::array();
    for (std::int64_t w : config_.canary_plan.step_weights)
        steps.push_back(w);
    return {{"version", version_},
            {"stage", stage_},
            {"canary_weight", canary_weight_},
            {"steps", std::move(steps)},
            {"step", step_},
            {"failed_checks", failed_checks_},
            {"synced", synced},
            {"sidecars", std::move(sidecars)},
            {"analyses", std::move(analyses)},
            {"history", std::move(history)}};
}

}  // namespace distlab::core::mesh
