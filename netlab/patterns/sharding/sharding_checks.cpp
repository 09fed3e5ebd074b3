#include "netlab/patterns/sharding/sharding_checks.h"

#include <algorithm>
#include <cstdio>

#include "netlab/checks/check_support.h"
#include "netlab/patterns/sharding/shard_outcome.h"

namespace distlab::netlab {

namespace {

using core::Text;

std::string fixed(double v, int decimals) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string pct(double fraction) { return fixed(100.0 * fraction, 1) + " %"; }

// "3 splits, 2 moves (410 keys, 9.6 kB moved)".
Text changes_text(const ShardOutcome& o) {
    const std::string kb = fixed(static_cast<double>(o.bytes_moved) / 1000.0, 1);
    return {std::to_string(o.splits) + " splits, " + std::to_string(o.moves) + " moves (" +
                std::to_string(o.keys_moved) + " keys, " + kb + " kB moved), " + std::to_string(o.stale_redirects) +
                " redirects of a stale router",
            std::to_string(o.splits) + " 次分裂，" + std::to_string(o.moves) + " 次迁移（移动了 " +
                std::to_string(o.keys_moved) + " 个键，" + kb + " kB），过期路由表被重定向 " +
                std::to_string(o.stale_redirects) + " 次"};
}

class OneOwner final : public Check {
public:
    CheckResult evaluate(const RunView& run, std::chrono::steady_clock::time_point) const override {
        if (!run.roles)
            return verdict(Verdict::Unknown, Text{"the run's roles are not known", "不知道本次运行的角色"});
        const ShardOutcome o = read_shard_outcome(run.events, *run.roles);
        const OwnershipReport r = judge_ownership(o.claims);
        if (!r.covered)
            return verdict(Verdict::Fail, Text{"the shards never held the whole key space: some keys had no owner",
                                               "各存储节点从未覆盖整个键空间：有的键没有所有者"});
        const std::string at = fixed(r.fault ? r.fault->at_ms / 1000.0 : 0, 3) + " s";
        if (r.fault && r.fault->gap)
            return verdict(Verdict::Fail, Text{"at " + at + " no shard held position " + std::to_string(r.fault->position),
                                               at + " 时没有任何存储节点持有位置 " + std::to_string(r.fault->position)});
        if (r.fault) {
            CheckResult result = verdict(
                Verdict::Fail, Text{"at " + at + " both " + r.fault->shards[0] + " and " + r.fault->shards[1] +
                                        " served position " + std::to_string(r.fault->position),
                                    at + " 时 " + r.fault->shards[0] + " 和 " + r.fault->shards[1] + " 同时服务位置 " +
                                        std::to_string(r.fault->position)});
            for (const std::string& s : r.fault->shards)
                involve_node(result, s);
            return result;
        }
        const std::string n = std::to_string(r.moments);
        return verdict(Verdict::Pass, Text{"every key had exactly one owner at every change of the shards' regions (" + n +
                                                " moments judged); ",
                                           "各节点分片的每次变化时（共判定 " + n + " 个时刻），每个键都恰有一个所有者；"} +
                                          changes_text(o));
    }
};

class NoLostWrites final : public Check {
public:
    CheckResult evaluate(const RunView& run, std::chrono::steady_clock::time_point) const override {
        if (!run.roles)
            return verdict(Verdict::Unknown, Text{"the run's roles are not known", "不知道本次运行的角色"});
        const ShardOutcome o = read_shard_outcome(run.events, *run.roles);
        if (o.client.empty() || !o.verify_done)
            return verdict(Verdict::Unknown, Text{"the client did not finish reading its keys back",
                                                  "客户端没有完成回读"});
        const std::string v = std::to_string(o.verified), w = std::to_string(o.written);
        const Text during = Text{" during ", "，期间 "} + changes_text(o);
        if (o.lost > 0) {
            std::string keys;
            for (const std::string& k : o.lost_keys)
                keys += (keys.empty() ? "" : ", ") + k;
            CheckResult result = verdict(
                Verdict::Fail, Text{std::to_string(o.lost) + " of " + v + " keys read back lost their last acknowledged "
                                        "write (" + keys + ")",
                                    "回读的 " + v + " 个键中有 " + std::to_string(o.lost) + " 个丢失了最后一次确认的写入（" +
                                        keys + "）"} +
                                   during);
            for (const std::string& c : o.lossy_clients)
                involve_node(result, c);
            return result;
        }
        if (o.unverified > 0)
            return verdict(Verdict::Unknown, Text{std::to_string(o.unverified) + " keys could not be read back",
                                                  std::to_string(o.unverified) + " 个键未能回读"});
        return verdict(Verdict::Pass, Text{"all " + v + " keys read back hold their last acknowledged write (" + w +
                                               " keys written)",
                                           "回读的全部 " + v + " 个键都是最后一次确认的写入（共写入 " + w + " 个键）"} +
                                          during);
    }
};

class HotShard final : public Check {
public:
    explicit HotShard(double max_share) : max_share_(max_share) {}

    CheckResult evaluate(const RunView& run, std::chrono::steady_clock::time_point) const override {
        if (!run.roles)
            return verdict(Verdict::Unknown, Text{"the run's roles are not known", "不知道本次运行的角色"});
        const ShardOutcome o = read_shard_outcome(run.events, *run.roles);
        std::int64_t total = 0;
        const ShardOutcome::Shard* hottest = nullptr;
        for (const auto& s : o.shards) {
            total += s.puts;
            if (!hottest || s.puts > hottest->puts)
                hottest = &s;
        }
        if (total == 0)
            return verdict(Verdict::Unknown, Text{"no shard served a put", "没有存储节点处理过 put"});
        const double share = static_cast<double>(hottest->puts) / static_cast<double>(total);
        const std::string n = std::to_string(o.shards.size());
        const Text figures{hottest->id + " served " + std::to_string(hottest->puts) + " of " + std::to_string(total) +
                               " puts (" + pct(share) + "; bound " + pct(max_share_) + ", an even share of " + n +
                               " shards is " + pct(1.0 / static_cast<double>(o.shards.size())) + ")",
                           hottest->id + " 处理了 " + std::to_string(total) + " 次 put 中的 " +
                               std::to_string(hottest->puts) + " 次（" + pct(share) + "；上限 " + pct(max_share_) +
                               "，" + n + " 个节点的均分为 " + pct(1.0 / static_cast<double>(o.shards.size())) + "）"};
        if (share > max_share_)
            return involving(verdict(Verdict::Fail, figures), {hottest->id});
        return verdict(Verdict::Pass, figures);
    }

private:
    double max_share_;
};

class ScanFanout final : public Check {
public:
    explicit ScanFanout(double max_mean) : max_mean_(max_mean) {}

    CheckResult evaluate(const RunView& run, std::chrono::steady_clock::time_point) const override {
        if (!run.roles)
            return verdict(Verdict::Unknown, Text{"the run's roles are not known", "不知道本次运行的角色"});
        const ShardOutcome o = read_shard_outcome(run.events, *run.roles);
        if (o.scans == 0)
            return verdict(Verdict::Unknown, Text{"the router served no scan", "路由器没有处理过范围扫描"});
        const double mean = static_cast<double>(o.scan_shards) / static_cast<double>(o.scans);
        const Text figures{std::to_string(o.scans) + " scans asked " + fixed(mean, 2) + " shards each on average (bound " +
                               fixed(max_mean_, 2) + ")",
                           std::to_string(o.scans) + " 次范围扫描平均每次询问 " + fixed(mean, 2) + " 个节点（上限 " +
                               fixed(max_mean_, 2) + "）"};
        if (mean > max_mean_)
            return involving(verdict(Verdict::Fail, figures), {o.router});
        return verdict(Verdict::Pass, figures);
    }

private:
    double max_mean_;
};

class ShardBalance final : public Check {
public:
    explicit ShardBalance(double max_over_mean) : max_over_mean_(max_over_mean) {}

    CheckResult evaluate(const RunView& run, std::chrono::steady_clock::time_point) const override {
        if (!run.roles)
            return verdict(Verdict::Unknown, Text{"the run's roles are not known", "不知道本次运行的角色"});
        const ShardOutcome o = read_shard_outcome(run.events, *run.roles);
        std::int64_t total = 0;
        const ShardOutcome::Shard* fullest = nullptr;
        for (const auto& s : o.shards) {
            total += s.keys;
            if (!fullest || s.keys > fullest->keys)
                fullest = &s;
        }
        if (total == 0)
            return verdict(Verdict::Unknown, Text{"no shard holds a key", "没有存储节点持有键"});
        const double mean = static_cast<double>(total) / static_cast<double>(o.shards.size());
        const double ratio = static_cast<double>(fullest->keys) / mean;
        std::string each, each_zh;
        for (const auto& s : o.shards)
            each += (each.empty() ? "" : ", ") + s.id + " " + std::to_string(s.keys);
        const Text figures{"keys per shard: " + each + "; the fullest over the mean " + fixed(ratio, 2) + " (bound " +
                               fixed(max_over_mean_, 2) + ")",
                           "每个节点的键数：" + each + "；最满节点与平均值之比 " + fixed(ratio, 2) + "（上限 " +
                               fixed(max_over_mean_, 2) + "）"};
        if (ratio > max_over_mean_)
            return involving(verdict(Verdict::Fail, figures), {fullest->id});
        return verdict(Verdict::Pass, figures);
    }

private:
    double max_over_mean_;
};

}  // namespace

void register_sharding_checks(CheckRegistry& registry) {
    registry.add({.name = "one_owner",
                  .en = "Every key has exactly one owner at every moment: the shards' regions cover the key space "
                        "with no gap, and no two shards serve one key, through every split and move.",
                  .zh = "任何时刻每个键都恰有一个所有者：各节点的分片覆盖整个键空间、没有空隙，"
                        "且在每次分裂和迁移中都不会有两个节点同时服务同一个键。",
                  .applies_to = {RoleFilter::named("shard")},
                  .make = [](const core::Params&) -> std::unique_ptr<Check> { return std::make_unique<OneOwner>(); }});
    registry.add({.name = "no_lost_writes",
                  .en = "No acknowledged write is lost: every key the client wrote reads back as its last "
                        "acknowledged put, however regions split and moved.",
                  .zh = "已确认的写入不丢失：无论分片如何分裂和迁移，客户端写过的每个键回读时都是最后一次确认的 put。",
                  .applies_to = {RoleFilter::named("shard-client")},
                  .make = [](const core::Params&) -> std::unique_ptr<Check> {
                      return std::make_unique<NoLostWrites>();
                  }});
    registry.add({.name = "hot_shard",
                  .en = "No shard is a hot spot: none served more than a bounded share of the puts.",
                  .zh = "没有热点分片：任何节点处理的 put 都不超过给定比例。",
                  .params = {{.name = "max_share", .type = core::ParamType::Number, .default_value = 0.5, .min = 0,
                              .max = 1,
                              .en = "the largest share of all puts one shard may serve",
                              .zh = "单个节点可处理的 put 占全部 put 的最大比例"}},
                  .applies_to = {RoleFilter::named("shard")},
                  .make = [](const core::Params& args) -> std::unique_ptr<Check> {
                      return std::make_unique<HotShard>(args.get_number("max_share"));
                  }});
    registry.add({.name = "scan_fanout",
                  .en = "Range scans stay cheap: each asks few shards on average.",
                  .zh = "范围扫描代价低：平均每次只询问少数节点。",
                  .params = {{.name = "max_mean", .type = core::ParamType::Number, .default_value = 1.5, .min = 1,
                              .en = "the most shards a scan may ask on average",
                              .zh = "每次范围扫描平均询问的节点数上限"}},
                  .applies_to = {RoleFilter::named("router")},
                  .make = [](const core::Params& args) -> std::unique_ptr<Check> {
                      return std::make_unique<ScanFanout>(args.get_number("max_mean"));
                  }});
    registry.add({.name = "shard_balance",
                  .en = "Keys end up balanced over the shards: the fullest holds at most a bounded multiple of the mean.",
                  .zh = "键最终在各节点间均衡：最满节点的键数不超过平均值的给定倍数。",
                  .params = {{.name = "max_over_mean", .type = core::ParamType::Number, .default_value = 1.5, .min = 1,
                              .en = "the most keys a shard may hold at the end, over the mean",
                              .zh = "结束时单个节点键数与平均值之比的上限"}},
                  .applies_to = {RoleFilter::named("shard")},
                  .make = [](const core::Params& args) -> std::unique_ptr<Check> {
                      return std::make_unique<ShardBalance>(args.get_number("max_over_mean"));
                  }});
}

}  // namespace distlab::netlab
