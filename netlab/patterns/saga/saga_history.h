#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "netlab/api/event.h"
#include "netlab/api/role_catalog.h"

namespace distlab::netlab {

// What a run's events say about its sagas (core/patterns/saga/): what each participant did to
// its state for each saga, read from the `applied` entries of the messages it sent (a step, a
// refusal, each distinct compensation, the finish, each with the time it was first announced),
// each participant's balance from its snapshots, and the clients' saga operations. Shared by
// the saga checks and the report figures.
struct SagaHistory {
    struct Action {
        std::string id;          // the participant's log record ("p2#17")
        std::int64_t t_ns = 0;   // first announced
    };
    // One participant's part in one saga.
    struct Part {
        std::optional<Action> step;
        std::optional<Action> refusal;
        std::vector<Action> compensations;   // distinct records, in order: more than one is a double refund
        std::optional<Action> finish;
    };
    struct Saga {
        std::string id;
        std::map<std::string, Part, std::less<>> parts;   // participant -> its part
        std::string outcome;                               // the client's: completed | compensated | ""
        std::string client;
        std::uint64_t op = 0;
        // Whether some step was refused or compensated: the saga went backward.
        bool failed() const;
    };
    // A participant's snapshot: available + held + consumed must equal initial.
    struct Balance {
        std::int64_t t_ns = 0;
        std::int64_t initial = 0, available = 0, held = 0, consumed = 0, pending = 0;
        std::int64_t total() const { return available + held + consumed; }
    };

    std::vector<std::string> participants;                        // saga-participant nodes, in id order
    std::map<std::string, Saga, std::less<>> sagas;
    std::map<std::string, std::vector<Balance>, std::less<>> balances;   // participant -> its snapshots
    std::int64_t end_ns = 0;

    static SagaHistory read(const std::vector<Event>& events, const RoleCatalog& catalog);
};

}  // namespace distlab::netlab
