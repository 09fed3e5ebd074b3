#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "netlab/checks/linearizable.h"

namespace distlab::test_support {

// A brute-force judge for tiny register histories, to hold the checkers' searches against: is
// there a choice of the unknown ops which, with every ok op, in some order where no op comes
// before one that `must_precede(it, other)` says had to come first, reads legally on a register
// per key (every ok get sees the latest write, every ok cas finds its `from`)? Failed ops are
// left out. Exponential: for a handful of ops.
template <class MustPrecede>
bool brute_force_register(const std::vector<netlab::KvOperation>& ops, MustPrecede must_precede) {
    using Kind = netlab::KvOperation::Kind;
    using Outcome = netlab::KvOperation::Outcome;
    std::vector<std::size_t> ok, info;
    for (std::size_t i = 0; i < ops.size(); ++i) {
        if (ops[i].outcome == Outcome::Fail)
            continue;
        (ops[i].outcome == Outcome::Ok && ops[i].completed_ns ? ok : info).push_back(i);
    }
    for (std::uint32_t mask = 0; mask < (1u << info.size()); ++mask) {
        std::vector<std::size_t> chosen = ok;
        for (std::size_t b = 0; b < info.size(); ++b)
            if (mask & (1u << b))
                chosen.push_back(info[b]);
        std::sort(chosen.begin(), chosen.end());
        do {
            bool legal = true;
            for (std::size_t a = 0; a < chosen.size() && legal; ++a)
                for (std::size_t b = a + 1; b < chosen.size() && legal; ++b)
                    if (must_precede(ops[chosen[b]], ops[chosen[a]]))
                        legal = false;   // b had to come before a, yet a comes first
            std::map<std::string, std::optional<std::string>> state;
            for (std::size_t k = 0; k < chosen.size() && legal; ++k) {
                const netlab::KvOperation& o = ops[chosen[k]];
                auto& v = state[o.key];
                switch (o.kind) {
                    case Kind::Put: v = o.value; break;
                    case Kind::Get:
                        if (o.outcome == Outcome::Ok && v != o.value)
                            legal = false;
                        break;
                    case Kind::Cas:
                        if (v == o.from)
                            v = o.value;
                        else if (o.outcome == Outcome::Ok)
                            legal = false;
                        break;
                }
            }
            if (legal)
                return true;
        } while (std::next_permutation(chosen.begin(), chosen.end()));
    }
    return false;
}

}  // namespace distlab::test_support
