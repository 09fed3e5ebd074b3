#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/model/ids.h"
#include "core/model/json.h"

// The backpressure protocol, hop by hop between a sender (a `producer`, or a `bounded-stage`
// forwarding its queue) and its receiver (a `bounded-stage` or a `consumer`):
//
//   subscribe        {}                                    sender -> receiver, once, as a call
//   subscribe_reply  {flow: "credits", credits: n}         send only with a credit (Reactive
//                  | {flow: "block"}                        Streams' request(n)); stop at "full"
//                  | {flow: "free"}                         until "resume"; or send freely
//   item             {origin, id, priority, size}          a call: the sender waits for the answer
//   item_reply       {ok: true, origin, id}                the receiver took the item over: a
//                                                          stage holds it in its queue, a consumer
//                                                          has processed it
//                  | {ok: false, origin, id, error}        "full" (no room: try again later) or
//                                                          "shed" (refused for its low priority)
//   credit           {n}                                   receiver -> sender: n more items
//   full             {}                                    receiver -> sender: stop sending
//   resume           {}                                    receiver -> sender: go on
//
// An item is named by (origin, id): the producer that made it and its sequence number there.
// A backpressure signal can only be a message: a process cannot block a remote sender.
namespace distlab::core::backpressure {

inline constexpr std::string_view kSubscribe = "subscribe";
inline constexpr std::string_view kItem = "item";
inline constexpr std::string_view kItemReply = "item_reply";
inline constexpr std::string_view kCredit = "credit";
inline constexpr std::string_view kFull = "full";
inline constexpr std::string_view kResume = "resume";

inline constexpr std::string_view kErrorFull = "full";
inline constexpr std::string_view kErrorShed = "shed";

enum class Flow { Free, Block, Credits };

std::string_view to_string(Flow flow);
std::optional<Flow> flow_from_string(std::string_view name);

struct Item {
    NodeId origin;
    std::int64_t id = 0;
    std::int64_t priority = 0;   // higher is more important
    std::int64_t size = 0;       // bytes the item stands for (accounting only; no payload travels)

    Json to_json() const;
    // Nothing when a field is missing or of the wrong type.
    static std::optional<Item> from_json(const Json& body);
};

// The answer to an item.
Json item_reply(const Item& item, std::string_view error = {});

// A set of integer ids kept as disjoint closed ranges, so that the contiguous runs a queue
// holds cost one entry each. JSON form: [[lo, hi], ...] in ascending order.
class IdRanges {
public:
    void insert(std::int64_t id);
    void erase(std::int64_t id);
    bool contains(std::int64_t id) const;
    std::size_t size() const { return count_; }
    bool empty() const { return count_ == 0; }
    std::size_t range_count() const { return ranges_.size(); }
    Json to_json() const;
    // Nothing when `json` is not such a list.
    static std::optional<IdRanges> from_json(const Json& json);

private:
    std::map<std::int64_t, std::int64_t> ranges_;   // lo -> hi
    std::size_t count_ = 0;
};

}  // namespace distlab::core::backpressure
