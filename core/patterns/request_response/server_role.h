#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <vector>

#include "core/model/param_list.h"
#include "core/model/role.h"
#include "core/model/role_descriptor.h"
#include "core/patterns/common/timer_ids.h"
#include "core/patterns/request_response/messages.h"

namespace distlab::core::request_response {

// What the server does with requests during its outage window.
enum class DownMode {
    Fail,   // answers at once {ok: false, error: "unavailable"}: a dependency is down, fail fast
    Drop,   // never answers: a dead server; callers only learn of it by timing out
    Stall,  // workers take no new work (a hung dependency, a long GC pause): requests pile up
            // in the queue, are rejected beyond it, and wait for the end of the outage
};

struct ServerConfig {
    Duration service_time{10ms};
    Duration service_jitter{0};           // uniform in [service_time - j, service_time + j], >= 0
    std::int64_t capacity = 4;            // requests in service at once
    std::int64_t queue_limit = 64;        // requests waiting beyond those; more are rejected
    double fail_rate = 0.0;               // served, but answered {ok: false, error: "failed"}
    double drop_rate = 0.0;               // served, but the reply is never sent (a lost reply)
    double slow_rate = 0.0;               // served in slow_time instead of service_time
    Duration slow_time{1s};
    Duration down_from{0};                // outage window [down_from, down_until) in role time
    Duration down_until{0};               // 0 with down_from > 0: down for good
    DownMode down_mode = DownMode::Fail;

    static const ParamList<ServerConfig>& params();
    static ServerConfig from(const Params& resolved) { return params().bind(resolved); }

    // An empty window (down_until <= down_from, down_until set) means no outage.
    bool has_outage() const {
        return down_until > Duration(0) ? down_until > down_from : down_from > Duration(0);
    }
};

// The server's phases (up, down), shared by every role that runs ServerRole.
std::vector<PhaseSpec> server_phases();

// The `server` role of the request-response pattern: a service with `capacity` workers and a
// FIFO queue of `queue_limit` in front of them, answering "request" with "request_reply".
//
// Every request ends in exactly one of the counters successes, failures, rejections, expired
// or dropped (plus those still queued or in service), so `requests` is their sum:
// - rejections: the queue was full; answered at once {ok: false, error: "overloaded"} (load
//   shedding, as in the Google SRE book, "Handling Overload");
// - expired: its propagated deadline had passed when it reached a worker; discarded without
//   a reply, since nobody waits for it any more ("work for nobody");
// - failures: answered {ok: false}, by fail_rate or by the outage in DownMode::Fail;
// - dropped: never answered, by drop_rate or by the outage in DownMode::Drop.
//
// The server is up, or down inside its outage window. It goes down at down_from. Failing or
// dropping (DownMode::Fail, Drop), it answers the queued requests, those finishing service
// meanwhile and every new one that way, and comes back at down_until with an empty queue.
// Stalling, it lets the requests in service finish, serves nothing else, and comes back with
// the queue that piled up: if the callers have given up on those by then, it spends its
// recovery on work for nobody, unless their deadlines tell it to skip them (the metastable
// failure of Bronson et al., "Metastable Failures in Distributed Systems", HotOS 2021).
//
// Like a real server, it keeps a boot count on its disk (durable storage), so a restarted node
// shows boots: 2 where its memory (the counters) starts again from zero.
//
// Owned by the role driver; single-threaded like every role.
class ServerRole final : public Role {
public:
    explicit ServerRole(ServerConfig config);

    void start(Context& ctx) override;
    void on_message(Context& ctx, const Message& msg) override;
    void on_timer(Context& ctx, TimerId timer) override;
    Json snapshot() const override;

private:
    enum class Outcome { Reply, Fail, Drop };

    struct Waiting {
        Message request;
        RequestFields fields;
    };

    void handle_request(Context& ctx, const Message& msg);
    void begin_service(Context& ctx, Waiting waiting);
    void finish_service(Context& ctx, TimerId timer);
    void serve_queue(Context& ctx);
    void answer_down(Context& ctx, const Message& request, const RequestFields& fields);
    void go_down(Context& ctx);
    void come_up(Context& ctx);
    void publish_gauges(Context& ctx) const;
    Duration draw_service_time(Context& ctx) const;

    void count_boot(Context& ctx);

    ServerConfig config_;
    std::uint64_t boots_ = 0;             // from the node's disk: starts of this server, this one included
    bool down_ = false;
    std::deque<Waiting> queue_;
    struct InService {
        Message request;
        RequestFields fields;
        Outcome outcome;
    };
    std::map<std::uint32_t, InService> in_service_;   // by the TimerId of its completion
    TimerIdSource timer_ids_;

    std::uint64_t requests_ = 0;
    std::uint64_t successes_ = 0;
    std::uint64_t failures_ = 0;
    std::uint64_t rejections_ = 0;
    std::uint64_t expired_ = 0;
    std::uint64_t dropped_ = 0;
};

}  // namespace distlab::core::request_response
