#include "core/patterns/config_center/config_server_role.h"

#include <utility>

#include "core/host/role_driver.h"
#include "core/patterns/common/client.h"

namespace distlab::core::config_center {

namespace {

constexpr TimerId kNotifyTimer{1};

auto over_preset(Duration WatchPreset::*member) {
    return [member](ConfigServerConfig& c, Duration value) {
        if (value > Duration(0))
            c.timing.*member = value;
    };
}

}  // namespace

const ParamList<ConfigServerConfig>& ConfigServerConfig::params() {
    using C = ConfigServerConfig;
    static const ParamList<C> list =
        ParamList<C>{}
            .choice<std::string>(
                "preset",
                [](C& c, const std::string& preset) {
                    c.preset = preset;
                    c.timing = *watch_preset(preset);
                },
                "nacos", {{"nacos", "nacos"}, {"nacos-fast", "nacos-fast"}, {"apollo", "apollo"}, {"apollo-fast", "apollo-fast"}},
                "Long polling as a config center does it (nacos: held 29.5 s; apollo: held 60 s, releases found "
                "within 1 s; -fast: ten times faster); parameters given here override it",
                "按某个配置中心的方式长轮询（nacos：挂起 29.5 s；apollo：挂起 60 s，1 s 内发现新发布；-fast：快 10 倍）；"
                "此处给出的参数覆盖预设")
            .duration("hold", over_preset(&WatchPreset::hold), "0ms",
                      "A watch with nothing new is answered \"unchanged\" after this long (0: the preset's)",
                      "没有新内容的监听请求挂起这么久后回答“未变化”（0 表示用预设值）", {.min = 0})
            .duration("notify_delay",
                      [](C& c, Duration d) {
                          if (d > Duration(0))
                              c.timing.notify_delay = d;
                      },
                      "0ms", "A release reaches held watches this late (0: the preset's: apollo 1 s, nacos at once)",
                      "新发布这么晚才通知到挂起的监听（0 表示用预设值：apollo 为 1 s，nacos 立即）", {.min = 0})
            .string("key", &C::key, "app", "The config key it serves", "它提供的配置键")
            .string("initial", &C::initial, "pool=8", "The key's value at start: version 1",
                    "配置键的初始值：版本 1")
            .probability("rollback_error_rate", &C::rollback_error_rate, 0,
                         "An instance running the newest release that reports this error rate rolls it back at once (0: never)",
                         "运行最新发布的实例报告的错误率达到此值时立即回滚该发布（0 表示从不）")
            .integer("min_ops", &C::min_ops, 20, "... over at least this much work in one report",
                     "……且一次报告中至少有这么多次工作", {.min = 1, .max = 1000000});
    return list;
}

ConfigServerRole::ConfigServerRole(ConfigServerConfig config) : config_(std::move(config)) {}

void ConfigServerRole::start(Context& ctx) {
    values_[1] = config_.initial;
    stable_history_ = {1};
    history_.push_back({1, "initial", "all", ctx.now()});
    ctx.phase("stable", Text{"version 1 for all", "所有实例使用版本 1"});
}

void ConfigServerRole::on_message(Context& ctx, const Message& msg) {
    if (msg.from == kLabSender) {
        on_command(ctx, msg);
        return;
    }
    if (msg.type == kWatch) {
        on_watch(ctx, msg);
        return;
    }
    if (msg.type == kReport) {
        on_report(ctx, msg);
        return;
    }
    ignore_stray_message(ctx, msg, "");
}

std::int64_t ConfigServerRole::version_for(const NodeId& instance) const {
    if (gray_ && gray_->instances.contains(instance))
        return gray_->version;
    return stable_history_.back();
}

void ConfigServerRole::answer(Context& ctx, const Message& request, const NodeId& instance) {
    const std::int64_t v = version_for(instance);
    ctx.reply(request, {{"ok", true}, {"changed", true}, {"key", config_.key}, {"version", v}, {"value", values_.at(v)}});
}

void ConfigServerRole::on_watch(Context& ctx, const Message& msg) {
    const auto key = msg.body.is_object() ? msg.body.find("key") : msg.body.end();
    const auto known = msg.body.is_object() ? msg.body.find("version") : msg.body.end();
    if (key == msg.body.end() || !key->is_string() || known == msg.body.end() || !known->is_number_integer()) {
        ctx.count("malformed");
        ctx.reply(msg, {{"ok", false}, {"error", "cfg_watch needs {\"key\": string, \"version\": integer}"}});
        return;
    }
    if (key->get<std::string>() != config_.key) {
        ctx.reply(msg, {{"ok", false}, {"error", "no such key \"" + key->get<std::string>() + "\"; this server has \"" +
                                                     config_.key + "\""}});
        return;
    }
    const std::int64_t v = known->get<std::int64_t>();
    if (v != version_for(msg.from)) {
        answer(ctx, msg, msg.from);
        return;
    }
    // Nothing new: hold the watch. A newer watch from the same instance replaces its old one.
    if (const auto it = held_.find(msg.from); it != held_.end())
        ctx.cancel_timer(it->second.timer);
    const TimerId timer = timers_.next();
    held_[msg.from] = Held{msg, v, timer};
    ctx.set_timer(timer, config_.timing.hold);
}

void ConfigServerRole::on_timer(Context& ctx, TimerId timer) {
    if (timer == kNotifyTimer) {
        notify(ctx);
        return;
    }
    for (auto it = held_.begin(); it != held_.end(); ++it)
        if (it->second.timer == timer) {
            ctx.reply(it->second.request, {{"ok", true}, {"changed", false}});
            held_.erase(it);
            return;
        }
}

void ConfigServerRole::notify(Context& ctx) {
    for (auto it = held_.begin(); it != held_.end();) {
        if (version_for(it->first) == it->second.known) {
            ++it;
            continue;
        }
        ctx.cancel_timer(it->second.timer);
        answer(ctx, it->second.request, it->first);
        it = held_.erase(it);
    }
}

void ConfigServerRole::released(Context& ctx, Change change) {
    ctx.log(LogLevel::Info, change.kind + ": version " + std::to_string(change.version) + " (" +
                                values_.at(change.version) + ") to " +
                                (change.to.is_string() ? std::string("all") : change.to.dump()));
    ctx.count("releases");
    history_.push_back(std::move(change));
    if (gray_)
        ctx.phase("gray", Text{"version " + std::to_string(gray_->version) + " on " + std::to_string(gray_->instances.size()) + " instances",
                               std::to_string(gray_->instances.size()) + " 个实例使用版本 " + std::to_string(gray_->version)});
    else
        ctx.phase("stable", Text{"version " + std::to_string(stable_history_.back()) + " for all",
                                 "所有实例使用版本 " + std::to_string(stable_history_.back())});
    if (config_.timing.notify_delay > Duration(0))
        ctx.set_timer(kNotifyTimer, config_.timing.notify_delay);
    else
        notify(ctx);
}

void ConfigServerRole::rollback(Context& ctx, const std::string& why) {
    suspect_ = 0;
    if (gray_) {
        Json to = Json::array();
        for (const NodeId& i : gray_->instances)
            to.push_back(i);
        ctx.log(LogLevel::Warn, "rolling back the gray release of version " + std::to_string(gray_->version) + ": " + why);
        gray_.reset();
        released(ctx, {stable_history_.back(), "rollback", std::move(to), ctx.now()});
        return;
    }
    stable_history_.pop_back();
    ctx.log(LogLevel::Warn, "rolling back to version " + std::to_string(stable_history_.back()) + ": " + why);
    released(ctx, {stable_history_.back(), "rollback", "all", ctx.now()});
}

void ConfigServerRole::on_command(Context& ctx, const Message& msg) {
    const auto refuse = [&](const std::string& why) {
        ctx.log(LogLevel::Warn, msg.type + " refused: " + why);
        ctx.reply(msg, {{"ok", false}, {"error", why}});
    };
    if (msg.type == kPublish) {
        const auto value = msg.body.is_object() ? msg.body.find("value") : msg.body.end();
        if (value == msg.body.end() || !value->is_string()) {
            refuse("publish needs {\"value\": string, \"gray\": [instances] (optional)}");
            return;
        }
        std::set<NodeId> gray;
        if (const auto g = msg.body.find("gray"); g != msg.body.end()) {
            if (!g->is_array() || g->empty()) {
                refuse("publish: \"gray\" must be a non-empty list of config-service ids");
                return;
            }
            for (const Json& id : *g) {
                if (!id.is_string() || ctx.role_of(id.get<std::string>()) != kServiceRole) {
                    refuse("publish: \"gray\" names " + id.dump() + ", which is not a config-service");
                    return;
                }
                gray.insert(id.get<std::string>());
            }
        }
        const std::int64_t version = values_.rbegin()->first + 1;
        values_[version] = value->get<std::string>();
        ctx.reply(msg, {{"ok", true}, {"version", version}});
        suspect_ = version;
        if (!gray.empty()) {
            Json to(std::vector<std::string>(gray.begin(), gray.end()));
            gray_ = Gray{version, std::move(gray)};
            released(ctx, {version, "gray", std::move(to), ctx.now()});
            return;
        }
        gray_.reset();
        stable_history_.push_back(version);
        released(ctx, {version, "publish", "all", ctx.now()});
        return;
    }
    if (msg.type == kPromote) {
        if (!gray_) {
            refuse("promote: no gray release is out");
            return;
        }
        const std::int64_t version = gray_->version;
        gray_.reset();
        stable_history_.push_back(version);
        ctx.reply(msg, {{"ok", true}, {"version", version}});
        released(ctx, {version, "promote", "all", ctx.now()});
        return;
    }
    if (msg.type == kRollback) {
        if (!gray_ && stable_history_.size() < 2) {
            refuse("rollback: nothing to roll back to");
            return;
        }
        ctx.reply(msg, {{"ok", true}});
        rollback(ctx, "by command");
        return;
    }
    refuse("unknown command \"" + msg.type + "\"; expected publish, promote or rollback");
}

void ConfigServerRole::on_report(Context& ctx, const Message& msg) {
    const Json& b = msg.body;
    if (!b.is_object() || !b.contains("version") || !b["version"].is_number_integer() || !b.contains("ops") ||
        !b["ops"].is_number_integer() || !b.contains("errors") || !b["errors"].is_number_integer()) {
        ctx.count("malformed");
        ctx.log(LogLevel::Warn, "cfg_report from " + msg.from + " ignored: it needs integer version, ops and errors");
        return;
    }
    const auto ops = b["ops"].get<std::int64_t>();
    const auto errors = b["errors"].get<std::int64_t>();
    // Only the newest release is judged, by the instances running it: a version rolled back to
    // is not rolled back in turn.
    if (config_.rollback_error_rate <= 0 || suspect_ == 0 || b["version"].get<std::int64_t>() != suspect_ ||
        ops < config_.min_ops)
        return;
    const double rate = static_cast<double>(errors) / static_cast<double>(ops);
    if (rate >= config_.rollback_error_rate)
        rollback(ctx, msg.from + " reports " + std::to_string(errors) + " errors in " + std::to_string(ops) +
                          " operations on version " + std::to_string(suspect_));
}

Json ConfigServerRole::snapshot() const {
    Json history = Json::array();
    for (const Change& c : history_)
        history.push_back({{"version", c.version}, {"kind", c.kind}, {"to", c.to}, {"at_ms", to_ms(c.at)}});
    Json values = Json::object();
    for (const auto& [v, value] : values_)
        values[std::to_string(v)] = value;
    Json gray;
    if (gray_)
        gray = {{"version", gray_->version}, {"instances", gray_->instances}};
    return {{"key", config_.key},
            {"stable", stable_history_.back()},
            {"gray", std::move(gray)},
            {"history", std::move(history)},
            {"values", std::move(values)},
            {"watching", held_.size()},
            {"hold_ms", to_ms(config_.timing.hold)}};
}

}  // namespace distlab::core::config_center
