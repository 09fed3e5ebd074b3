#include "views/spacetime/message_index.h"

#include <algorithm>

namespace distlab::views {

using netlab::Event;
using netlab::EventKind;

std::uint32_t MessageIndex::intern(std::vector<std::string>& names,
                                   std::unordered_map<std::string, std::uint32_t>& ids, std::string_view name) {
    const auto [it, inserted] = ids.try_emplace(std::string(name), std::uint32_t(names.size()));
    if (inserted)
        names.emplace_back(name);
    return it->second;
}

void MessageIndex::append(const Event& event, std::size_t eventIndex) {
    switch (event.kind) {
    case EventKind::MessageSent:
        addSend(event, eventIndex);
        return;
    case EventKind::MessageDelivered:
    case EventKind::MessageDropped:
    case EventKind::MessageDuplicated:
    case EventKind::MessageHeld:
        break;
    default:
        return;
    }
    const auto from = m_nodeIds.find(event.node);
    const auto to = m_nodeIds.find(event.peer);
    const auto found = from == m_nodeIds.end() || to == m_nodeIds.end()
                           ? m_byKey.end()
                           : m_byKey.find(Key{from->second, to->second, event.msg_id});
    if (found == m_byKey.end()) {
        ++m_unmatched;
        return;
    }
    const std::size_t i = found->second;
    Message& m = m_messages[i];
    switch (event.kind) {
    case EventKind::MessageDelivered:
        addEnding(i, event.t_ns, false);
        break;
    case EventKind::MessageDropped:
        addEnding(i, event.t_ns, true);
        break;
    case EventKind::MessageDuplicated:
        // The fabric schedules one more copy: the message stays open until that copy ends too.
        ++m.pending;
        refreshBlock(i);
        break;
    case EventKind::MessageHeld:
        if (m.heldNs < 0)
            m.heldNs = event.t_ns;
        break;
    default:
        break;
    }
}

void MessageIndex::addSend(const Event& event, std::size_t eventIndex) {
    Message m;
    m.sentNs = event.t_ns;
    m.msgId = event.msg_id;
    m.from = intern(m_nodes, m_nodeIds, event.node);
    m.to = intern(m_nodes, m_nodeIds, event.peer);
    m.type = intern(m_types, m_typeIds, event.type);
    m.eventIndex = eventIndex;
    parseClock(m, event.aux);
    const std::size_t i = m_messages.size();
    m_messages.push_back(m);
    // A node that restarts may reuse ids: the newest send of a key is the one later fates name.
    m_byKey.insert_or_assign(Key{m.from, m.to, m.msgId}, std::uint32_t(i));
    if (i / kBlock >= m_blockMaxEnd.size())
        m_blockMaxEnd.push_back(kOpen);
    m_blockMaxEnd[i / kBlock] = kOpen;
}

void MessageIndex::addEnding(std::size_t i, std::int64_t tNs, bool dropped) {
    Message& m = m_messages[i];
    if (m.firstEndNs < 0) {
        m.firstEndNs = tNs;
        m.firstDropped = dropped;
    } else {
        // An extra copy (a duplicate): appended at the tail of the message's list.
        const auto index = std::int32_t(m_extras.size());
        m_extras.push_back(ExtraEnding{Ending{tNs, dropped}, -1});
        if (m.extraHead < 0) {
            m.extraHead = index;
        } else {
            std::int32_t tail = m.extraHead;
            while (m_extras[tail].next >= 0)
                tail = m_extras[tail].next;
            m_extras[tail].next = index;
        }
    }
    m.lastEndNs = std::max(m.lastEndNs, tNs);
    if (m.pending > 0)
        --m.pending;
    refreshBlock(i);
}

void MessageIndex::refreshBlock(std::size_t i) {
    const std::size_t block = i / kBlock;
    const std::size_t last = std::min(m_messages.size(), (block + 1) * kBlock);
    std::int64_t maxEnd = std::numeric_limits<std::int64_t>::min();
    for (std::size_t j = block * kBlock; j < last; ++j)
        maxEnd = std::max(maxEnd, m_messages[j].spanEnd());
    m_blockMaxEnd[block] = maxEnd;
}

// The fabric writes clocks as {"n1":3,"n2":1} (netlab/lab/fabric.cpp); anything else leaves the
// message without a clock, which relates to nothing.
void MessageIndex::parseClock(Message& m, std::string_view text) {
    const std::size_t begin = m_clocks.size();
    auto fail = [&] {
        m_clocks.resize(begin);
        m.hasClock = false;
    };
    std::size_t pos = 0;
    auto skipSpace = [&] {
        while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\n' || text[pos] == '\t' || text[pos] == '\r'))
            ++pos;
    };
    skipSpace();
    if (pos >= text.size() || text[pos] != '{')
        return fail();
    ++pos;
    skipSpace();
    if (pos < text.size() && text[pos] == '}') {
        m.hasClock = true;
        return;
    }
    while (true) {
        skipSpace();
        if (pos >= text.size() || text[pos] != '"')
            return fail();
        const std::size_t nameEnd = text.find('"', pos + 1);
        if (nameEnd == std::string_view::npos)
            return fail();
        const std::string_view name = text.substr(pos + 1, nameEnd - pos - 1);
        pos = nameEnd + 1;
        skipSpace();
        if (pos >= text.size() || text[pos] != ':')
            return fail();
        ++pos;
        skipSpace();
        if (pos >= text.size() || text[pos] < '0' || text[pos] > '9')
            return fail();
        std::uint64_t count = 0;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9')
            count = count * 10 + std::uint64_t(text[pos++] - '0');
        m_clocks.push_back(ClockEntry{intern(m_nodes, m_nodeIds, name), count});
        skipSpace();
        if (pos < text.size() && text[pos] == ',') {
            ++pos;
            continue;
        }
        if (pos < text.size() && text[pos] == '}')
            break;
        return fail();
    }
    std::sort(m_clocks.begin() + std::ptrdiff_t(begin), m_clocks.end(),
              [](const ClockEntry& a, const ClockEntry& b) { return a.node < b.node; });
    m.clockBegin = std::uint32_t(begin);
    m.clockSize = std::uint32_t(m_clocks.size() - begin);
    m.hasClock = true;
}

void MessageIndex::clear() {
    *this = MessageIndex();
}

std::size_t MessageIndex::sentUntil(std::int64_t tNs) const {
    const auto it = std::upper_bound(m_messages.begin(), m_messages.end(), tNs,
                                     [](std::int64_t t, const Message& m) { return t < m.sentNs; });
    return std::size_t(it - m_messages.begin());
}

MessageIndex::Fate MessageIndex::fateAt(std::size_t i, std::int64_t asOfNs) const {
    const Message& m = m_messages[i];
    if (m.firstEndNs >= 0 && m.firstEndNs <= asOfNs)
        return m.firstDropped ? Fate::Dropped : Fate::Delivered;
    if (m.heldNs >= 0 && m.heldNs <= asOfNs)
        return Fate::Held;
    return Fate::InFlight;
}

std::vector<MessageIndex::Ending> MessageIndex::endings(std::size_t i) const {
    const Message& m = m_messages[i];
    std::vector<Ending> out;
    if (m.firstEndNs < 0)
        return out;
    out.push_back(Ending{m.firstEndNs, m.firstDropped});
    for (std::int32_t e = m.extraHead; e >= 0; e = m_extras[e].next)
        out.push_back(m_extras[e].ending);
    return out;
}

std::vector<std::size_t> MessageIndex::inFlightAt(std::int64_t asOfNs) const {
    std::vector<std::size_t> out;
    forEachIntersecting(asOfNs, asOfNs, asOfNs, [&](std::size_t i) {
        const Fate fate = fateAt(i, asOfNs);
        if (fate == Fate::InFlight || fate == Fate::Held)
            out.push_back(i);
    });
    return out;
}

std::vector<std::size_t> MessageIndex::intersecting(std::int64_t aNs, std::int64_t bNs, std::int64_t asOfNs) const {
    std::vector<std::size_t> out;
    forEachIntersecting(aNs, bNs, asOfNs, [&](std::size_t i) { out.push_back(i); });
    return out;
}

bool MessageIndex::clockLessEqual(const Message& a, const Message& b) const {
    // Both are sorted by node id: a merge walk. A node missing from b counts as 0 there.
    std::size_t j = 0;
    for (std::size_t k = 0; k < a.clockSize; ++k) {
        const ClockEntry& entry = m_clocks[a.clockBegin + k];
        while (j < b.clockSize && m_clocks[b.clockBegin + j].node < entry.node)
            ++j;
        const std::uint64_t other =
            j < b.clockSize && m_clocks[b.clockBegin + j].node == entry.node ? m_clocks[b.clockBegin + j].count : 0;
        if (entry.count > other)
            return false;
    }
    return true;
}

MessageIndex::Order MessageIndex::order(std::size_t a, std::size_t b) const {
    if (a == b)
        return Order::Same;
    const Message& ma = m_messages[a];
    const Message& mb = m_messages[b];
    if (!ma.hasClock || !mb.hasClock)
        return Order::Unknown;
    // Fidge/Mattern: e -> f iff VC(e) <= VC(f) and VC(e) != VC(f). Equal clocks are copies of
    // one send (the sender ticks once per message), so they count as concurrent here.
    const bool bLeqA = clockLessEqual(mb, ma);
    const bool aLeqB = clockLessEqual(ma, mb);
    if (bLeqA && !aLeqB)
        return Order::Before;
    if (aLeqB && !bLeqA)
        return Order::After;
    return Order::Concurrent;
}

std::vector<std::pair<std::string, std::uint64_t>> MessageIndex::clock(std::size_t i) const {
    const Message& m = m_messages[i];
    std::vector<std::pair<std::string, std::uint64_t>> out;
    for (std::size_t k = 0; k < m.clockSize; ++k)
        out.emplace_back(m_nodes[m_clocks[m.clockBegin + k].node], m_clocks[m.clockBegin + k].count);
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace distlab::views
