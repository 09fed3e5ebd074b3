#include "core/patterns/raft/raft_messages.h"

namespace distlab::core::raft {

namespace {

// Reads an unsigned field; false when it is missing or of another type.
bool get_u64(const Json& body, const char* name, std::uint64_t& out) {
    const auto it = body.find(name);
    if (it == body.end() || !it->is_number_unsigned())
        return false;
    out = it->get<std::uint64_t>();
    return true;
}

bool get_i64(const Json& body, const char* name, std::int64_t& out) {
    const auto it = body.find(name);
    if (it == body.end() || !it->is_number_integer())
        return false;
    out = it->get<std::int64_t>();
    return true;
}

bool get_bool(const Json& body, const char* name, bool& out) {
    const auto it = body.find(name);
    if (it == body.end() || !it->is_boolean())
        return false;
    out = it->get<bool>();
    return true;
}

std::unexpected<Error> malformed(const char* type) {
    return fail(std::string("malformed ") + type);
}

std::unexpected<Error> invalid(const char* type, const Error& error) {
    std::string text = type;
    text += ": ";
    text += error.message;
    return fail(std::move(text));
}

}  // namespace

Json encode(const RequestVote& m) {
    return {{"term", m.term}, {"last_index", m.last_index}, {"last_term", m.last_term}, {"pre_vote", m.pre_vote}};
}

Json encode(const RequestVoteReply& m) {
    return {{"term", m.term}, {"granted", m.granted}, {"pre_vote", m.pre_vote}};
}

Json encode_append(const AppendEntries& h, const RaftLog& log, Index first, Index last) {
    Json entries = Json::array();
    for (Index i = first; i <= last; ++i) {
        const Entry& e = log.at(i);
        entries.push_back(Json::array({e.term, e.text}));
    }
    return {{"term", h.term}, {"prev_index", h.prev_index}, {"prev_term", h.prev_term},
            {"commit", h.commit}, {"seq", h.seq}, {"sent", h.sent}, {"entries", std::move(entries)}};
}

Json encode(const AppendEntriesReply& m) {
    return {{"term", m.term}, {"success", m.success}, {"match", m.match}, {"hint", m.hint},
            {"n", m.entries}, {"seq", m.seq}, {"sent", m.sent}};
}

Json encode(const InstallSnapshot& m) {
    return {{"term", m.term}, {"seq", m.seq}, {"sent", m.sent}, {"snapshot", m.snapshot.to_json()}};
}

Json encode(const InstallSnapshotReply& m) {
    return {{"term", m.term}, {"index", m.index}, {"seq", m.seq}, {"sent", m.sent}};
}

Result<RequestVote> decode_request_vote(const Json& body) {
    RequestVote m;
    if (!body.is_object() || !get_u64(body, "term", m.term) || !get_u64(body, "last_index", m.last_index) ||
        !get_u64(body, "last_term", m.last_term) || !get_bool(body, "pre_vote", m.pre_vote))
        return malformed(kRequestVote);
    return m;
}

Result<RequestVoteReply> decode_request_vote_reply(const Json& body) {
    RequestVoteReply m;
    if (!body.is_object() || !get_u64(body, "term", m.term) || !get_bool(body, "granted", m.granted) ||
        !get_bool(body, "pre_vote", m.pre_vote))
        return malformed(kRequestVoteReply);
    return m;
}

Result<AppendEntries> decode_append_entries(const Json& body) {
    AppendEntries m;
    if (!body.is_object() || !get_u64(body, "term", m.term) || !get_u64(body, "prev_index", m.prev_index) ||
        !get_u64(body, "prev_term", m.prev_term) || !get_u64(body, "commit", m.commit) ||
        !get_u64(body, "seq", m.seq) || !get_i64(body, "sent", m.sent))
        return malformed(kAppendEntries);
    const auto entries = body.find("entries");
    if (entries == body.end() || !entries->is_array())
        return malformed(kAppendEntries);
    m.entries.reserve(entries->size());
    for (const auto& e : *entries) {
        if (!e.is_array() || e.size() != 2 || !e[0].is_number_unsigned() || !e[1].is_string())
            return malformed(kAppendEntries);
        auto entry = parse_entry(e[0].get<Term>(), e[1].get_ref<const std::string&>());
        if (!entry)
            return invalid(kAppendEntries, entry.error());
        m.entries.push_back(std::move(*entry));
    }
    return m;
}

Result<AppendEntriesReply> decode_append_entries_reply(const Json& body) {
    AppendEntriesReply m;
    if (!body.is_object() || !get_u64(body, "term", m.term) || !get_bool(body, "success", m.success) ||
        !get_u64(body, "match", m.match) || !get_u64(body, "hint", m.hint) || !get_u64(body, "n", m.entries) || !get_u64(body, "seq", m.seq) ||
        !get_i64(body, "sent", m.sent))
        return malformed(kAppendEntriesReply);
    return m;
}

Result<InstallSnapshot> decode_install_snapshot(const Json& body) {
    InstallSnapshot m;
    if (!body.is_object() || !get_u64(body, "term", m.term) || !get_u64(body, "seq", m.seq) ||
        !get_i64(body, "sent", m.sent) || !body.contains("snapshot"))
        return malformed(kInstallSnapshot);
    auto snapshot = SnapshotData::from_json(body["snapshot"]);
    if (!snapshot)
        return invalid(kInstallSnapshot, snapshot.error());
    m.snapshot = std::move(*snapshot);
    return m;
}

Result<InstallSnapshotReply> decode_install_snapshot_reply(const Json& body) {
    InstallSnapshotReply m;
    if (!body.is_object() || !get_u64(body, "term", m.term) || !get_u64(body, "index", m.index) ||
        !get_u64(body, "seq", m.seq) || !get_i64(body, "sent", m.sent))
        return malformed(kInstallSnapshotReply);
    return m;
}

}  // namespace distlab::core::raft
