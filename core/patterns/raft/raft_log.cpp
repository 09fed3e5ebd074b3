#include "core/patterns/raft/raft_log.h"

#include <charconv>

namespace distlab::core::raft {

std::optional<Term> RaftLog::term_at(Index index) const {
    if (index == snapshot_index_)
        return snapshot_term_;
    if (index < first_index() || index > last_index())
        return std::nullopt;
    return at(index).term;
}

void RaftLog::truncate_from(Index index) {
    if (index < first_index() || index > last_index())
        return;
    entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(index - first_index()), entries_.end());
}

void RaftLog::compact_to(Index index, Term term) {
    if (index <= snapshot_index_ || index > last_index())
        return;
    entries_.erase(entries_.begin(), entries_.begin() + static_cast<std::ptrdiff_t>(index - snapshot_index_));
    snapshot_index_ = index;
    snapshot_term_ = term;
}

void RaftLog::reset(Index index, Term term) {
    entries_.clear();
    snapshot_index_ = index;
    snapshot_term_ = term;
}

Index RaftLog::first_index_of_term(Index index) const {
    const auto term = term_at(index);
    if (!term || index < first_index())
        return index;
    Index i = index;
    while (i > first_index() && at(i - 1).term == *term)
        --i;
    return i;
}

std::optional<Index> RaftLog::last_config_at_or_before(Index upto) const {
    for (Index i = std::min(upto, last_index()); i >= first_index() && i > 0; --i)
        if (at(i).kind == EntryKind::Config)
            return i;
    return std::nullopt;
}

Json SnapshotData::to_json() const {
    return {{"index", index}, {"term", term}, {"members", members}, {"state", state}};
}

Result<SnapshotData> SnapshotData::from_json(const Json& j) {
    if (!j.is_object())
        return fail("a snapshot must be an object");
    SnapshotData s;
    const auto index = j.find("index");
    const auto term = j.find("term");
    const auto members = j.find("members");
    const auto state = j.find("state");
    if (index == j.end() || !index->is_number_unsigned() || term == j.end() || !term->is_number_unsigned())
        return fail("a snapshot needs unsigned \"index\" and \"term\"");
    if (members == j.end() || !members->is_array() || state == j.end() || !state->is_object())
        return fail("a snapshot needs \"members\" (array) and \"state\" (object)");
    for (const auto& m : *members) {
        if (!m.is_string() || !is_valid_node_id(m.get<std::string>()))
            return fail("a snapshot's members must be node ids");
        s.members.push_back(m.get<std::string>());
    }
    s.index = index->get<Index>();
    s.term = term->get<Term>();
    s.state = *state;
    return s;
}

namespace {

// Reads "<number> " at `pos`; advances past the space.
std::optional<std::uint64_t> read_number(std::string_view text, std::size_t& pos) {
    std::uint64_t value = 0;
    const char* begin = text.data() + pos;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(begin, end, value);
    if (ec != std::errc() || ptr == end || *ptr != ' ')
        return std::nullopt;
    pos = static_cast<std::size_t>(ptr - text.data()) + 1;
    return value;
}

}  // namespace

Result<RaftStorage::Loaded> RaftStorage::load() const {
    Loaded out;
    auto meta = storage_.read(kMetaKey);
    if (!meta)
        return fail("cannot read " + std::string(kMetaKey) + ": " + meta.error().message);
    if (*meta) {
        const Json j = Json::parse(**meta, nullptr, false);
        if (!j.is_object() || !j.contains("term") || !j["term"].is_number_unsigned())
            return fail(std::string(kMetaKey) + " is unreadable");
        out.term = j["term"].get<Term>();
        if (j.contains("voted_for") && j["voted_for"].is_string())
            out.voted_for = j["voted_for"].get<std::string>();
    }

    auto snap = storage_.read(kSnapshotKey);
    if (!snap)
        return fail("cannot read " + std::string(kSnapshotKey) + ": " + snap.error().message);
    if (*snap) {
        auto parsed = SnapshotData::from_json(Json::parse(**snap, nullptr, false));
        if (!parsed)
            return fail(std::string(kSnapshotKey) + ": " + parsed.error().message);
        out.snapshot = std::move(*parsed);
        out.log.reset(out.snapshot->index, out.snapshot->term);
    }

    auto log = storage_.read(kLogKey);
    if (!log)
        return fail("cannot read " + std::string(kLogKey) + ": " + log.error().message);
    if (!*log)
        return out;
    const std::string_view text = **log;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t cursor = pos;
        const auto index = read_number(text, cursor);
        const auto term = index ? read_number(text, cursor) : std::nullopt;
        const auto length = term ? read_number(text, cursor) : std::nullopt;
        if (!length || cursor + *length >= text.size() || text[cursor + *length] != '\n') {
            out.problems.push_back("the log file ends in a torn record at byte " + std::to_string(pos) +
                                   "; it is ignored");
            break;
        }
        auto entry = parse_entry(*term, text.substr(cursor, *length));
        pos = cursor + *length + 1;
        if (!entry) {
            out.problems.push_back("log record " + std::to_string(*index) + ": " + entry.error().message);
            break;
        }
        if (*index <= out.log.snapshot_index())
            continue;                                  // compacted into the snapshot
        if (*index > out.log.last_index() + 1) {
            out.problems.push_back("log record " + std::to_string(*index) + " follows " +
                                   std::to_string(out.log.last_index()) + ": a gap; the rest is ignored");
            break;
        }
        out.log.truncate_from(*index);
        out.log.append(std::move(*entry));
    }
    return out;
}

Result<void> RaftStorage::save_meta(Term term, const std::optional<NodeId>& voted_for) {
    const Json j = {{"term", term}, {"voted_for", voted_for ? Json(*voted_for) : Json(nullptr)}};
    return storage_.write(kMetaKey, j.dump(), fsync_);
}

namespace {

void encode_records(const RaftLog& log, Index from, std::string& out) {
    for (Index i = std::max(from, log.first_index()); i <= log.last_index(); ++i) {
        const Entry& e = log.at(i);
        out += std::to_string(i);
        out += ' ';
        out += std::to_string(e.term);
        out += ' ';
        out += std::to_string(e.text.size());
        out += ' ';
        out += e.text;
        out += '\n';
    }
}

}  // namespace

Result<void> RaftStorage::append(const RaftLog& log, Index from) {
    buffer_.clear();
    encode_records(log, from, buffer_);
    if (buffer_.empty())
        return {};
    return storage_.append(kLogKey, buffer_, fsync_);
}

Result<void> RaftStorage::rewrite(const RaftLog& log) {
    buffer_.clear();
    encode_records(log, log.first_index(), buffer_);
    return storage_.write(kLogKey, buffer_, fsync_);
}

Result<void> RaftStorage::save_snapshot(const SnapshotData& snapshot) {
    return storage_.write(kSnapshotKey, snapshot.to_json().dump(), fsync_);
}

}  // namespace distlab::core::raft
