#include "core/patterns/consistent_hashing/placement.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "core/patterns/consistent_hashing/md5.h"

namespace distlab::core::consistent_hashing {

namespace {

// A preset: the strategy and the points per node a reference system uses.
struct Preset {
    Strategy strategy = Strategy::Ring;
    std::int64_t vnodes = 160;
};

Preset preset_of(const std::string& name) {
    if (name == "xxl-job")
        return {Strategy::Ring, 100};
    return {Strategy::Ring, 160};   // none, dubbo
}

// The owner of every key on the ring; with `capacity`, a member holding that many keys already
// is passed over for the next one clockwise (bounded loads).
std::vector<std::size_t> place_on_ring(const std::vector<NodeId>& members, std::int64_t vnodes, std::int64_t keys,
                                       std::optional<std::int64_t> capacity) {
    const std::vector<RingPoint> ring = ring_points(members, vnodes);
    std::vector<std::size_t> out(static_cast<std::size_t>(keys));
    std::vector<std::int64_t> load(members.size(), 0);
    for (std::int64_t i = 0; i < keys; ++i) {
        const std::uint32_t h = key_point(key_name(i));
        auto it = std::lower_bound(ring.begin(), ring.end(), h,
                                   [](const RingPoint& p, std::uint32_t v) { return p.point < v; });
        std::size_t at = it == ring.end() ? 0 : static_cast<std::size_t>(it - ring.begin());
        // Bounded: capacity x members >= keys, so some member has room; at most one lap.
        for (std::size_t step = 0; capacity && step < ring.size(); ++step) {
            if (load[ring[at].member] < *capacity)
                break;
            at = (at + 1) % ring.size();
        }
        const std::size_t owner = ring[at].member;
        ++load[owner];
        out[static_cast<std::size_t>(i)] = owner;
    }
    return out;
}

}  // namespace

std::string_view to_string(Strategy strategy) {
    switch (strategy) {
    case Strategy::Ring: return "ring";
    case Strategy::Bounded: return "bounded";
    case Strategy::Rendezvous: return "rendezvous";
    case Strategy::Jump: return "jump";
    case Strategy::ModN: return "mod_n";
    }
    return "ring";
}

const ParamList<PlacementSettings>& PlacementSettings::params() {
    using S = PlacementSettings;
    // The preset comes before what overrides it: bind() applies the parameters in this order.
    static const ParamList<S> list = ParamList<S>{}
        .choice<std::string>(
            "preset",
            [](S& s, const std::string& preset) {
                s.preset = preset;
                const Preset p = preset_of(preset);
                s.strategy = p.strategy;
                s.vnodes = p.vnodes;
            },
            "none", {{"none", "none"}, {"dubbo", "dubbo"}, {"xxl-job", "xxl-job"}},
            "Start from a reference system's ring (dubbo: ConsistentHashLoadBalance, 160 virtual nodes per "
            "provider, MD5 points; xxl-job: its consistent-hash route, 100 virtual nodes); strategy and "
            "vnodes given here override it",
            "从参考系统的哈希环开始（dubbo：ConsistentHashLoadBalance，每个提供者 160 个虚拟节点，MD5 取点；"
            "xxl-job：其一致性哈希路由，100 个虚拟节点）；此处给出的 strategy 和 vnodes 覆盖预设")
        .choice<std::optional<Strategy>>(
            "strategy",
            [](S& s, std::optional<Strategy> strategy) {
                if (strategy)
                    s.strategy = *strategy;
            },
            "preset",
            {{"preset", std::nullopt},
             {"ring", Strategy::Ring},
             {"bounded", Strategy::Bounded},
             {"rendezvous", Strategy::Rendezvous},
             {"jump", Strategy::Jump},
             {"mod_n", Strategy::ModN}},
            "Placement: ring (virtual nodes on a hash ring), bounded (the ring with bounded loads: a full node "
            "passes the key on clockwise), rendezvous (highest random weight), jump (jump consistent hash over "
            "the members in order), mod_n (hash mod N, the naive partner); preset: the preset's (a ring)",
            "放置策略：ring（哈希环上的虚拟节点）、bounded（有界负载的哈希环：已满的节点把键顺时针交给下一个）、"
            "rendezvous（最高随机权重）、jump（按成员顺序的跳跃一致性哈希）、mod_n（哈希取模 N，朴素的对照）；"
            "preset：用预设的（哈希环）")
        .integer("vnodes",
                 [](S& s, std::int64_t vnodes) {
                     if (vnodes > 0)
                         s.vnodes = vnodes;
                 },
                 0,
                 "Virtual nodes (points on the ring) per node, for ring and bounded; more points spread keys "
                 "more evenly (0: the preset's; none and dubbo: 160, xxl-job: 100)",
                 "每个节点的虚拟节点数（环上的点），用于 ring 和 bounded；点越多，键分布越均匀"
                 "（0 表示用预设值；none 和 dubbo 为 160，xxl-job 为 100）",
                 {.min = 0, .max = 10000})
        .number("load_factor", &S::load_factor, 1.25,
                "Bounded: no node holds more than this times the mean number of keys (rounded up); 1.25: at most "
                "25 % over the mean (bounded-load consistent hashing, arXiv 1608.01350; Envoy writes it as "
                "hash_balance_factor in percent, 125)",
                "bounded：任何节点持有的键数不超过平均值的这么多倍（向上取整）；1.25 即最多比平均值高 25%"
                "（有界负载一致性哈希，arXiv 1608.01350；Envoy 以百分比写作 hash_balance_factor，即 125）",
                {.min = 1.0, .max = 10.0})
        .integer("keys", &S::keys, 2000,
                 "The key space every node and client shares: keys k0 .. k(keys-1)",
                 "所有节点和客户端共享的键空间：k0 .. k(keys-1)", {.min = 1, .max = 100000})
        .nodes("members", &S::members, nullptr,
               "The ring's nodes at the start, in order (jump and mod_n number them so); a node joins or "
               "leaves later by the lab command join or leave {id}",
               "开始时哈希环上的节点，按顺序（jump 和 mod_n 按此编号）；之后节点通过实验室命令 join 或 leave {id} "
               "加入或离开");
    return list;
}

std::vector<RingPoint> ring_points(const std::vector<NodeId>& members, std::int64_t vnodes) {
    std::vector<RingPoint> points;
    points.reserve(members.size() * static_cast<std::size_t>(std::max<std::int64_t>(vnodes, 0)));
    for (std::size_t m = 0; m < members.size(); ++m) {
        std::int64_t made = 0;
        for (std::int64_t i = 0; made < vnodes; ++i) {
            const auto digest = md5(members[m] + std::to_string(i));
            for (std::size_t h = 0; h < 4 && made < vnodes; ++h, ++made)
                points.push_back({le32(digest, 4 * h), m});
        }
    }
    // Stable, then the last of equal points kept: a later member overwrites, as a TreeMap put does.
    std::stable_sort(points.begin(), points.end(), [](const RingPoint& a, const RingPoint& b) { return a.point < b.point; });
    std::vector<RingPoint> unique;
    unique.reserve(points.size());
    for (const RingPoint& p : points) {
        if (!unique.empty() && unique.back().point == p.point)
            unique.back() = p;
        else
            unique.push_back(p);
    }
    return unique;
}

std::uint32_t key_point(std::string_view key) { return le32(md5(key), 0); }

std::string key_name(std::int64_t index) { return "k" + std::to_string(index); }

std::int32_t jump_hash(std::uint64_t key, std::int32_t buckets) {
    std::int64_t b = -1, j = 0;
    while (j < buckets) {
        b = j;
        key = key * 2862933555777941757ULL + 1;
        j = static_cast<std::int64_t>(static_cast<double>(b + 1) *
                                      (static_cast<double>(1LL << 31) / static_cast<double>((key >> 33) + 1)));
    }
    return static_cast<std::int32_t>(b);
}

std::vector<std::size_t> place(const PlacementSettings& settings, const std::vector<NodeId>& members) {
    if (members.empty())
        return {};
    const std::int64_t keys = settings.keys;
    const std::size_t n = members.size();
    switch (settings.strategy) {
    case Strategy::Ring:
        return place_on_ring(members, settings.vnodes, keys, std::nullopt);
    case Strategy::Bounded: {
        const double mean = static_cast<double>(keys) / static_cast<double>(n);
        const auto capacity = static_cast<std::int64_t>(std::ceil(settings.load_factor * mean));
        return place_on_ring(members, settings.vnodes, keys, std::max<std::int64_t>(capacity, 1));
    }
    case Strategy::Rendezvous:
    case Strategy::Jump:
    case Strategy::ModN:
        break;
    }
    std::vector<std::size_t> out(static_cast<std::size_t>(keys));
    for (std::int64_t i = 0; i < keys; ++i) {
        const std::string key = key_name(i);
        std::size_t owner = 0;
        if (settings.strategy == Strategy::ModN) {
            owner = key_point(key) % n;
        } else if (settings.strategy == Strategy::Jump) {
            owner = static_cast<std::size_t>(jump_hash(le64(md5(key), 0), static_cast<std::int32_t>(n)));
        } else {
            std::uint64_t best = 0;
            for (std::size_t m = 0; m < n; ++m) {
                const std::uint64_t score = le64(md5(members[m] + "/" + key), 0);
                if (m == 0 || score > best) {
                    best = score;
                    owner = m;
                }
            }
        }
        out[static_cast<std::size_t>(i)] = owner;
    }
    return out;
}

std::vector<NodeId> owners(const PlacementSettings& settings, const std::vector<NodeId>& members) {
    std::vector<NodeId> out;
    for (std::size_t m : place(settings, members))
        out.push_back(members[m]);
    return out;
}

Spread spread(const std::vector<std::int64_t>& loads) {
    if (loads.empty())
        return {};
    double total = 0, max = 0;
    for (std::int64_t l : loads) {
        total += static_cast<double>(l);
        max = std::max(max, static_cast<double>(l));
    }
    const double mean = total / static_cast<double>(loads.size());
    if (mean <= 0)
        return {};
    double var = 0;
    for (std::int64_t l : loads)
        var += (static_cast<double>(l) - mean) * (static_cast<double>(l) - mean);
    var /= static_cast<double>(loads.size());
    return {mean, max / mean, std::sqrt(var) / mean};
}

double ideal_moved_fraction(std::size_t before, std::size_t after) {
    const std::size_t larger = std::max(before, after);
    if (larger == 0 || before == after)
        return 0;
    const std::size_t changed = before > after ? before - after : after - before;
    return static_cast<double>(changed) / static_cast<double>(larger);
}

}  // namespace distlab::core::consistent_hashing
