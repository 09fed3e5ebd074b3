#pragma once

#include <ostream>

#include "netlab/api/event.h"
#include "tests/support/scratch_dir.h"

namespace distlab::netlab {

// Readable GoogleTest failure messages for events.
inline void PrintTo(const Event& e, std::ostream* os) {
    *os << "{t_ns=" << e.t_ns << " " << to_string(e.kind) << " node=" << e.node << " peer=" << e.peer
        << " msg_id=" << e.msg_id << " type=" << e.type << " data=" << e.data << " aux=" << e.aux << "}";
}

}  // namespace distlab::netlab

namespace distlab::netlab::testing {

// A fresh directory, removed with everything in it at scope end.
using TempDir = distlab::test_support::ScratchDir;

}  // namespace distlab::netlab::testing
