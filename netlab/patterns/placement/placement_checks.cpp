#include "netlab/patterns/placement/placement_checks.h"

#include <map>

#include "core/model/json.h"
#include "netlab/checks/check_support.h"

namespace distlab::netlab {

namespace {

using core::Json;
using core::Text;

// The last snapshot of the first placement node (by id), with its id; null when none.
std::pair<std::string, Json> last_placement(const RunView& run) {
    std::map<std::string, Json> last;
    for (const Event& e : run.events) {
        if (e.kind != EventKind::State)
            continue;
        const core::RoleDescriptor* role = run.roles->role_of_node(e.node);
        if (!role || role->name != "placement")
            continue;
        Json s = Json::parse(e.data, nullptr, false);
        if (s.is_object())
            last[e.node] = std::move(s);
    }
    if (last.empty())
        return {"", nullptr};
    return *last.begin();
}

std::int64_t int_field(const Json& s, const char* name) {
    const auto it = s.find(name);
    return it != s.end() && it->is_number() ? it->get<std::int64_t>() : 0;
}

class FailureDomains final : public Check {
public:
    explicit FailureDomains(std::string level) : level_(std::move(level)) {}

    CheckResult evaluate(const RunView& run, std::chrono::steady_clock::time_point) const override {
        if (!run.roles)
            return verdict(Verdict::Unknown, Text{"the run's roles are not known", "不知道本次运行的角色"});
        const auto [node, s] = last_placement(run);
        if (node.empty())
            return verdict(Verdict::Unknown, Text{"no placement reported its state", "没有放置服务报告状态"});
        const Json shared = s.value("shared", Json::object());
        if (!shared.contains(level_) || !shared[level_].is_number_integer())
            return verdict(Verdict::Unknown,
                           Text{"\"" + level_ + "\" is not one of the placement's location labels " +
                                    s.value("location_labels", Json::array()).dump(),
                                "“" + level_ + "”不是放置服务的位置标签之一 " + s.value("location_labels", Json::array()).dump()});
        const std::int64_t keys = int_field(s, "keys"), twice = shared[level_].get<std::int64_t>();
        const std::string policy = s.value("policy", std::string());
        const std::string domains = std::to_string(int_field(s, "domains")), k = std::to_string(keys);
        if (twice > 0)
            return involving(
                verdict(Verdict::Fail, Text{std::to_string(twice) + " of " + k + " keys have two replicas in one " +
                                                level_ + " (" + policy + " placement, " + domains + " " +
                                                s.value("isolation_level", std::string()) + "s)",
                                            k + " 个键中有 " + std::to_string(twice) + " 个的两个副本位于同一 " + level_ +
                                                "（" + policy + " 放置，" + domains + " 个 " +
                                                s.value("isolation_level", std::string()) + "）"}),
                {node});
        return verdict(Verdict::Pass, Text{"all " + k + " keys have their replicas in distinct " + level_ + "s (" +
                                               policy + " placement)",
                                           "全部 " + k + " 个键的副本都位于不同的 " + level_ + "（" + policy + " 放置）"});
    }

private:
    std::string level_;
};

class DataAvailable final : public Check {
public:
    CheckResult evaluate(const RunView& run, std::chrono::steady_clock::time_point) const override {
        if (!run.roles)
            return verdict(Verdict::Unknown, Text{"the run's roles are not known", "不知道本次运行的角色"});
        const auto [node, s] = last_placement(run);
        if (node.empty())
            return verdict(Verdict::Unknown, Text{"no placement reported its state", "没有放置服务报告状态"});
        const std::int64_t dead = int_field(s, "dead_stores");
        if (dead == 0)
            return verdict(Verdict::Unknown, Text{"no store went down", "没有存储节点宕机"});
        const std::int64_t keys = int_field(s, "keys"), lost = int_field(s, "unavailable_keys"),
                           short_of = int_field(s, "no_majority_keys"), under = int_field(s, "under_replicated");
        const std::string d = std::to_string(dead), k = std::to_string(keys), u = std::to_string(under);
        const std::string reads = std::to_string(int_field(s, "reads_failed")),
                          writes = std::to_string(int_field(s, "writes_failed"));
        if (short_of > 0) {
            std::string sample;
            for (const Json& key : s.value("unavailable_sample", Json::array()))
                if (key.is_string())
                    sample += (sample.empty() ? "" : ", ") + key.get<std::string>();
            const std::string m = std::to_string(short_of), l = std::to_string(lost);
            return involving(
                verdict(Verdict::Fail,
                        Text{"with " + d + " stores down, " + m + " of " + k + " keys lost a majority of their replicas (" +
                                 sample + "), " + l + " of them every replica; " + writes + " writes and " + reads +
                                 " reads failed",
                             d + " 个存储节点宕机后，" + k + " 个键中有 " + m + " 个失去了多数副本（" + sample + "），其中 " +
                                 l + " 个失去全部副本；" + writes + " 次写入和 " + reads + " 次读取失败"}),
                {node});
        }
        return verdict(Verdict::Pass, Text{"with " + d + " stores down, all " + k + " keys keep a majority of their "
                                               "replicas up (" + u + " lost some replicas)",
                                           d + " 个存储节点宕机后，全部 " + k + " 个键仍有多数副本在线（" + u +
                                               " 个键失去了部分副本）"});
    }
};

}  // namespace

void register_placement_checks(CheckRegistry& registry) {
    registry.add({.name = "failure_domains",
                  .en = "No key has two replicas in one failure domain at the chosen level (zone, rack, host).",
                  .zh = "在选定的级别（可用区、机架、主机）上，没有任何键的两个副本位于同一故障域。",
                  .params = {{.name = "level", .type = core::ParamType::String, .default_value = "zone",
                              .en = "the location label whose values are the failure domains",
                              .zh = "其取值即故障域的位置标签"}},
                  .applies_to = {RoleFilter::named("placement")},
                  .make = [](const core::Params& args) -> std::unique_ptr<Check> {
                      return std::make_unique<FailureDomains>(args.get_string("level"));
                  }});
    registry.add({.name = "data_available",
                  .en = "Data stays available after the loss: every key written keeps a majority of its replicas "
                        "up, so it can still be read and written.",
                  .zh = "故障之后数据仍然可用：每个写入过的键都还有多数副本在线，仍可读写。",
                  .applies_to = {RoleFilter::named("placement")},
                  .make = [](const core::Params&) -> std::unique_ptr<Check> {
                      return std::make_unique<DataAvailable>();
                  }});
}

}  // namespace distlab::netlab
