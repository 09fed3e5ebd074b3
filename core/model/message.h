#pragma once

#include <cstdint>
#include <string>

#include "core/model/ids.h"
#include "core/model/json.h"
#include "core/model/time.h"

namespace distlab::core {

// A data message as a role sees it.
struct Message {
    NodeId from;
    NodeId to;
    MessageId id = 0;
    MessageId reply_to = 0;    // non-zero: this answers the sender's message with that id
    std::string type;
    Json body;
};

}  // namespace distlab::core
