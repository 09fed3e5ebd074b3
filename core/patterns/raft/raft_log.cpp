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

// Calls `accept` on every whole line of `text` and on a last line without its newline (the old
// one-record format, or a torn append). Returns whether the text ends with a whole line.
template <typename Accept>
bool for_each_line(std::string_view text, Accept accept) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) {
            accept(text.substr(pos), false);
            return false;
        }
        accept(text.substr(pos, end - pos), true);
        pos = end + 1;
    }
    return true;
}

}  // namespace

Result<RaftStorage::Loaded> RaftStorage::load() {
    Loaded out;
    meta_records_ = 0;
    snapshot_bytes_ = 0;
    log_records_ = 0;
    auto meta = storage_.read(kMetaKey);
    if (!meta)
        return fail("cannot read " + std::string(kMetaKey) + ": " + meta.error().message);
    if (*meta) {
        bool found = false;
        bool broken = false;
        const bool whole = for_each_line(**meta, [&](std::string_view line, bool complete) {
            const Json j = Json::parse(line, nullptr, false);
            if (!j.is_object() || !j.contains("term") || !j["term"].is_number_unsigned()) {
                broken = broken || complete;
                if (!complete)
                    out.problems.push_back(std::string(kMetaKey) + " ends in a torn record; it is ignored");
                return;
            }
            found = true;
            ++meta_records_;
            out.term = j["term"].get<Term>();
            out.voted_for.reset();
            if (j.contains("voted_for") && j["voted_for"].is_string())
                out.voted_for = j["voted_for"].get<std::string>();
        });
        if (broken || !found)
            return fail(std::string(kMetaKey) + " is unreadable");
        if (!whole)
            meta_records_ = 0;
    }

    auto snap = storage_.read(kSnapshotKey);
    if (!snap)
        return fail("cannot read " + std::string(kSnapshotKey) + ": " + snap.error().message);
    if (*snap) {
        std::optional<Error> error;
        const bool whole = for_each_line(**snap, [&](std::string_view line, bool complete) {
            auto parsed = SnapshotData::from_json(Json::parse(line, nullptr, false));
            if (!parsed) {
                if (complete)
                    error = parsed.error();
                else
                    out.problems.push_back(std::string(kSnapshotKey) + " ends in a torn record; it is ignored");
                return;
            }
            out.snapshot = std::move(*parsed);
        });
        if (error)
            return fail(std::string(kSnapshotKey) + ": " + error->message);
        if (!out.snapshot)
            return fail(std::string(kSnapshotKey) + " holds no whole snapshot");
        out.log.reset(out.snapshot->index, out.snapshot->term);
        snapshot_bytes_ = whole ? (**snap).size() : 0;
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
        ++log_records_;
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
    const std::string record = j.dump() + '\n';
    if (meta_records_ == 0 || meta_records_ >= kMetaRecordsPerFile) {
        meta_records_ = 0;
        if (auto ok = storage_.write(kMetaKey, record, fsync_); !ok)
            return ok;
        meta_records_ = 1;
        return {};
    }
    if (auto ok = storage_.append(kMetaKey, record, fsync_); !ok) {
        meta_records_ = 0;                             // the tail may be torn: replace it next
        return ok;
    }
    ++meta_records_;
    return {};
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
    if (auto ok = storage_.append(kLogKey, buffer_, fsync_); !ok)
        return ok;
    log_records_ += static_cast<std::size_t>(log.last_index() + 1 - std::max(from, log.first_index()));
    return {};
}

Result<void> RaftStorage::rewrite(const RaftLog& log) {
    buffer_.clear();
    encode_records(log, log.first_index(), buffer_);
    if (auto ok = storage_.write(kLogKey, buffer_, fsync_); !ok)
        return ok;
    log_records_ = static_cast<std::size_t>(log.last_index() - log.snapshot_index());
    return {};
}

Result<void> RaftStorage::save_snapshot(const SnapshotData& snapshot) {
    const std::string record = snapshot.to_json().dump() + '\n';
    if (snapshot_bytes_ == 0 || snapshot_bytes_ + record.size() > kSnapshotFileFactor * record.size()) {
        snapshot_bytes_ = 0;
        if (auto ok = storage_.write(kSnapshotKey, record, fsync_); !ok)
            return ok;
        snapshot_bytes_ = record.size();
        return {};
    }
    if (auto ok = storage_.append(kSnapshotKey, record, fsync_); !ok) {
        snapshot_bytes_ = 0;
        return ok;
    }
    snapshot_bytes_ += record.size();
    return {};
}

}  // namespace distlab::core::raft
