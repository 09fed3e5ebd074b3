#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "netlab/api/event.h"

namespace distlab::views {

// Every message of a run, for the space-time diagram: each MessageSent matched with its fates
// (MessageDelivered / MessageDropped on the same sender, receiver and msg_id; a duplicate is an
// extra delivery; MessageHeld marks it waiting), indexed by send time, with the sender's vector
// clock for happens-before. Queries answer "as of" a time, so one index built from the whole
// stream shows the run at any cursor position without being rebuilt.
//
// Free of Qt so it is tested on its own. Messages are appended in stream order, which is time
// order, so the message vector is sorted by send time.
//
// Threading: not thread-safe; owned by one view on the GUI thread.
class MessageIndex {
public:
    static constexpr std::int64_t kOpen = std::numeric_limits<std::int64_t>::max();

    // What became of a message as of a time.
    enum class Fate : std::uint8_t {
        InFlight,    // sent, not yet delivered or dropped
        Held,        // held by the network (deliver_held / drop_held), waiting
        Delivered,   // its first copy arrived
        Dropped,     // its first copy was dropped
    };

    // How a message relates to another by their vector clocks.
    enum class Order : std::uint8_t { Same, Before, After, Concurrent, Unknown };

    // One delivery or drop of a copy of a message.
    struct Ending {
        std::int64_t tNs = 0;
        bool dropped = false;
    };

    struct Message {
        std::int64_t sentNs = 0;
        std::int64_t heldNs = -1;        // when the network held it; -1: never held
        std::int64_t firstEndNs = -1;    // first delivery or drop; -1: none yet
        std::int64_t lastEndNs = -1;     // last delivery or drop; -1: none yet
        std::uint64_t msgId = 0;
        std::uint32_t from = 0;          // node ids of nodes()
        std::uint32_t to = 0;
        std::uint32_t type = 0;          // id of types()
        std::uint32_t pending = 1;       // copies not yet ended (a duplicate adds one)
        std::uint32_t clockBegin = 0;    // into the clock entry pool
        std::uint32_t clockSize = 0;
        std::int32_t extraHead = -1;     // first extra ending (a duplicate's); -1: none
        bool firstDropped = false;
        bool hasClock = false;
        std::size_t eventIndex = 0;      // position of its MessageSent in the appended stream

        // The end of its span for range queries: kOpen while a copy may still arrive.
        std::int64_t spanEnd() const { return pending > 0 ? kOpen : lastEndNs; }
    };

    // Feeds one event of the stream; anything but a message event is ignored. eventIndex is the
    // event's position in the caller's stream (kept to find the body again).
    void append(const netlab::Event& event, std::size_t eventIndex);
    void clear();

    std::size_t size() const { return m_messages.size(); }
    const Message& message(std::size_t i) const { return m_messages[i]; }
    const std::vector<std::string>& nodes() const { return m_nodes; }
    const std::vector<std::string>& types() const { return m_types; }
    // Deliveries and drops that matched no send (a recording that starts mid-run).
    std::size_t unmatched() const { return m_unmatched; }

    // Index of the first message sent after tNs (messages [0, result) were sent at or before it).
    std::size_t sentUntil(std::int64_t tNs) const;
    // The fate of message i as seen at time asOfNs (requires: sentNs <= asOfNs).
    Fate fateAt(std::size_t i, std::int64_t asOfNs) const;
    // Every delivery and drop of message i, first one first.
    std::vector<Ending> endings(std::size_t i) const;
    // Messages sent at or before asOfNs and not yet ended at asOfNs (held ones included).
    std::vector<std::size_t> inFlightAt(std::int64_t asOfNs) const;

    // Calls f(i) in send order for each message whose span, as seen at asOfNs, meets [aNs, bNs]:
    // sent at or before min(bNs, asOfNs), and its last ending (or asOfNs while it is still
    // travelling at asOfNs) at or after aNs. Skips blocks of messages that all ended before aNs.
    template <typename F>
    void forEachIntersecting(std::int64_t aNs, std::int64_t bNs, std::int64_t asOfNs, F&& f) const {
        const std::size_t end = sentUntil(bNs < asOfNs ? bNs : asOfNs);
        for (std::size_t block = 0; block * kBlock < end; ++block) {
            if (m_blockMaxEnd[block] < aNs)
                continue;
            const std::size_t last = (block + 1) * kBlock < end ? (block + 1) * kBlock : end;
            for (std::size_t i = block * kBlock; i < last; ++i)
                if (visibleEnd(i, asOfNs) >= aNs)
                    f(i);
        }
    }
    std::vector<std::size_t> intersecting(std::int64_t aNs, std::int64_t bNs, std::int64_t asOfNs) const;

    // Where message i's span ends as seen at asOfNs: its last ending, or asOfNs if a copy is
    // still travelling then.
    std::int64_t visibleEnd(std::size_t i, std::int64_t asOfNs) const {
        const Message& m = m_messages[i];
        return m.spanEnd() <= asOfNs ? m.lastEndNs : asOfNs;
    }

    // How message b relates to message a by their senders' vector clocks at the send: Before when
    // b happened before a (clock(b) < clock(a)), After when a happened before b.
    Order order(std::size_t a, std::size_t b) const;

    // Vector clock of message i as (node name, counter) pairs.
    std::vector<std::pair<std::string, std::uint64_t>> clock(std::size_t i) const;

private:
    static constexpr std::size_t kBlock = 64;

    struct Key {
        std::uint32_t from;
        std::uint32_t to;
        std::uint64_t msgId;
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        std::size_t operator()(const Key& k) const {
            return std::hash<std::uint64_t>()(k.msgId * 0x9e3779b97f4a7c15ULL ^
                                              (std::uint64_t(k.from) << 32 | k.to));
        }
    };
    struct ClockEntry {
        std::uint32_t node;
        std::uint64_t count;
    };
    struct ExtraEnding {
        Ending ending;
        std::int32_t next;
    };

    std::uint32_t intern(std::vector<std::string>& names, std::unordered_map<std::string, std::uint32_t>& ids,
                         std::string_view name);
    void addSend(const netlab::Event& event, std::size_t eventIndex);
    void addEnding(std::size_t i, std::int64_t tNs, bool dropped);
    void parseClock(Message& m, std::string_view text);
    void refreshBlock(std::size_t i);
    bool clockLessEqual(const Message& a, const Message& b) const;

    std::vector<Message> m_messages;
    std::vector<std::int64_t> m_blockMaxEnd;      // per kBlock messages: the largest spanEnd()
    std::vector<ExtraEnding> m_extras;
    std::vector<ClockEntry> m_clocks;
    std::unordered_map<Key, std::uint32_t, KeyHash> m_byKey;   // the latest send of each key
    std::vector<std::string> m_nodes;
    std::unordered_map<std::string, std::uint32_t> m_nodeIds;
    std::vector<std::string> m_types;
    std::unordered_map<std::string, std::uint32_t> m_typeIds;
    std::size_t m_unmatched = 0;
};

}  // namespace distlab::views
