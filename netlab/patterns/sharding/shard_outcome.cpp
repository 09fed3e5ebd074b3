#include "netlab/patterns/sharding/shard_outcome.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "core/model/json.h"
#include "core/patterns/sharding/shard_protocol.h"

namespace distlab::netlab {

namespace {

using core::Json;

std::int64_t int_field(const Json& s, const char* name) {
    const auto it = s.find(name);
    return it != s.end() && it->is_number() ? it->get<std::int64_t>() : 0;
}

std::optional<double> ms_field(const Json& s, const char* name) {
    const auto it = s.find(name);
    if (it == s.end() || !it->is_number())
        return std::nullopt;
    return it->get<double>();
}

}  // namespace

ShardOutcome read_shard_outcome(const std::vector<Event>& events, const RoleCatalog& catalog) {
    std::map<std::string, std::pair<std::string, Json>, std::less<>> last;   // node -> role, snapshot
    std::string router, client;
    for (const Event& e : events) {
        if (e.kind != EventKind::State)
            continue;
        const core::RoleDescriptor* role = catalog.role_of_node(e.node);
        if (!role || (role->name != "shard" && role->name != "router" && role->name != "shard-client"))
            continue;
        Json s = Json::parse(e.data, nullptr, false);
        if (s.is_object())
            last[e.node] = {role->name, std::move(s)};
    }
    ShardOutcome out;
    // The scheduling router's map and counts are reported (the first by id when none schedules).
    for (const auto& [node, entry] : last)
        if (entry.first == "router" && (router.empty() || (entry.second.value("scheduler", false) &&
                                                           !last.find(router)->second.second.value("scheduler", false))))
            router = node;
    bool all_verified = true;
    for (const auto& [node, entry] : last) {
        const auto& [role, s] = entry;
        if (role == "shard") {
            out.shards.push_back({.id = node,
                                  .keys = int_field(s, "keys"),
                                  .puts = int_field(s, "puts"),
                                  .gets = int_field(s, "gets"),
                                  .keys_in = int_field(s, "keys_in"),
                                  .keys_out = int_field(s, "keys_out"),
                                  .bytes_out = int_field(s, "bytes_out")});
            if (const auto it = s.find("claims"); it != s.end() && it->is_array())
                for (const Json& c : *it)
                    if (c.is_object())
                        out.claims.push_back({.shard = node,
                                              .region = int_field(c, "region"),
                                              .lo = c.value("lo", std::uint64_t{0}),
                                              .hi = c.value("hi", std::uint64_t{0}),
                                              .version = int_field(c, "version"),
                                              .from_ms = ms_field(c, "from_ms").value_or(0),
                                              .serving_until_ms = ms_field(c, "serving_until_ms"),
                                              .until_ms = ms_field(c, "until_ms")});
        } else if (role == "router") {
            out.stale_redirects += int_field(s, "redirects");
            if (node != router)
                continue;
            out.router = node;
            out.scans = int_field(s, "scans");
            out.scan_shards = int_field(s, "scan_shards");
            out.splits = int_field(s, "splits");
            out.moves = int_field(s, "moves");
            out.keys_moved = int_field(s, "keys_moved");
            out.bytes_moved = int_field(s, "bytes_moved");
            out.redirects = int_field(s, "redirects");
            out.version = int_field(s, "version");
        } else {
            if (out.client.empty())
                out.client = node;
            all_verified = all_verified && s.value("verify_done", false);
            out.written += int_field(s, "written");
            out.verified += int_field(s, "verified");
            out.lost += int_field(s, "lost");
            out.unverified += int_field(s, "unverified");
            if (int_field(s, "lost") > 0)
                out.lossy_clients.push_back(node);
            if (const auto it = s.find("lost_keys"); it != s.end() && it->is_array())
                for (const Json& k : *it)
                    if (k.is_string())
                        out.lost_keys.push_back(k.get<std::string>());
        }
    }
    out.verify_done = !out.client.empty() && all_verified;
    return out;
}

OwnershipReport judge_ownership(const std::vector<ShardOutcome::Claim>& claims) {
    constexpr double kForever = std::numeric_limits<double>::infinity();
    std::set<double> moments;
    for (const auto& c : claims) {
        moments.insert(c.from_ms);
        if (c.serving_until_ms)
            moments.insert(*c.serving_until_ms);
        if (c.until_ms)
            moments.insert(*c.until_ms);
    }
    OwnershipReport report;
    for (double t : moments) {
        // Held: [from, until); served: [from, serving_until).
        struct Piece {
            std::uint64_t lo, hi;
            bool serving;
            const std::string* shard;
        };
        std::vector<Piece> held;
        for (const auto& c : claims) {
            if (c.from_ms > t || c.until_ms.value_or(kForever) <= t)
                continue;
            held.push_back({c.lo, c.hi, c.serving_until_ms.value_or(kForever) > t, &c.shard});
        }
        std::sort(held.begin(), held.end(), [](const Piece& a, const Piece& b) { return a.lo < b.lo; });
        // Coverage: the pieces' union from 0 to the end of the space.
        std::uint64_t reach = 0;
        std::optional<std::uint64_t> hole;
        for (const Piece& p : held) {
            if (p.lo > reach) {
                hole = reach;
                break;
            }
            reach = std::max(reach, p.hi);
        }
        if (!hole && reach < core::sharding::kSpaceEnd)
            hole = reach;
        if (!report.covered) {
            if (hole)
                continue;
            report.covered = true;
            report.covered_from_ms = t;
        }
        ++report.moments;
        if (hole) {
            report.fault = OwnershipFault{.at_ms = t, .position = *hole, .gap = true};
            return report;
        }
        // Two serving pieces may not overlap.
        std::vector<const Piece*> serving;
        for (const Piece& p : held)
            if (p.serving)
                serving.push_back(&p);
        for (std::size_t i = 1; i < serving.size(); ++i) {
            for (std::size_t j = 0; j < i; ++j) {
                if (serving[j]->hi > serving[i]->lo && serving[i]->hi > serving[j]->lo) {
                    report.fault = OwnershipFault{.at_ms = t,
                                                  .position = std::max(serving[i]->lo, serving[j]->lo),
                                                  .gap = false,
                                                  .shards = {*serving[j]->shard, *serving[i]->shard}};
                    return report;
                }
            }
        }
    }
    return report;
}

}  // namespace distlab::netlab
