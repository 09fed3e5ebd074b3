#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "core/model/params.h"
#include "netlab/checks/linearizable.h"

// `where: {client: c1}` or `{client: [c1, c2]}`: a check that judges client operations looks at
// only those clients' operations. Two systems side by side in one lab (scenarios/theory/cap.yaml)
// are judged apart this way: each system's clients form their own history.
namespace distlab::netlab {

using ClientFilter = std::vector<std::string>;   // empty: every client

// The optional `where` argument, as each check taking it declares it.
core::ParamSpec where_param();
ClientFilter where_of(const core::Params& args);

inline bool selected(const ClientFilter& clients, const std::string& client) {
    return clients.empty() || std::find(clients.begin(), clients.end(), client) != clients.end();
}

// Which clients a detail speaks of, empty for all: " of c1, c2" after the noun in English,
// "c1、c2 的" before it in Chinese.
std::string where_en(const ClientFilter& clients);
std::string where_zh(const ClientFilter& clients);

// The kv history of the selected clients only.
KvHistory kv_history_of(const std::vector<Event>& events, const ClientFilter& clients);

}  // namespace distlab::netlab
