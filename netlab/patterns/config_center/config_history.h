#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "netlab/api/event.h"

namespace distlab::netlab::config {

// One entry of the config server's change history, with the instances it concerns.
struct Release {
    std::int64_t version = 0;
    std::string kind;                    // initial | publish | gray | promote | rollback
    std::vector<std::string> to;         // the config-services it concerns (every one for "all")
    std::int64_t at_ns = 0;              // role time, as lab time (x time_scale)
};

// One config-service applying a version.
struct Apply {
    std::string instance;
    std::uint64_t op = 0;
    std::int64_t version = 0;
    std::string value;
    std::int64_t at_ns = 0;
};

// A version an instance worked with.
struct Use {
    std::string instance;
    std::uint64_t op = 0;
    std::int64_t version = 0;
    std::int64_t at_ns = 0;
};

// What a config center run says, read once by the checks: the server's last snapshot (its
// history and every value it released), and what the services applied and used.
struct ConfigHistory {
    bool server_known = false;
    std::vector<Release> releases;                 // in order
    std::map<std::int64_t, std::string> values;    // version -> value, every release
    std::vector<Apply> applies;                    // in time order
    std::vector<Use> uses;
    std::vector<std::string> services;             // every config-service of the run
    // service -> its starts (true) and deaths (false), in time order
    std::map<std::string, std::vector<std::pair<std::int64_t, bool>>> lifetime;
    std::int64_t end_ns = 0;

    // Whether `service` was up at `t_ns` (a service never seen starting counts as up), and the
    // time of its latest start at or before `t_ns` (0 when none was seen).
    bool up_at(const std::string& service, std::int64_t t_ns) const;
    std::int64_t started_before(const std::string& service, std::int64_t t_ns) const;
    // The version `service` ran at `t_ns` per its applies (0: none yet); -1 when it never applied.
    std::int64_t running_at(const std::string& service, std::int64_t t_ns) const;

    static ConfigHistory read(const std::vector<Event>& events,
                              const std::map<std::string, std::string, std::less<>>& node_roles, double time_scale);
};

}  // namespace distlab::netlab::config
