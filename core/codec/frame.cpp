#include "core/codec/frame.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <string_view>

namespace distlab::core {

namespace {

constexpr std::size_t kMaxStringBytes = std::numeric_limits<std::uint16_t>::max();
constexpr std::size_t kMaxClockEntries = std::numeric_limits<std::uint16_t>::max();
constexpr std::size_t kMaxBodyBytes = std::numeric_limits<std::uint32_t>::max();
// A clock entry is at least a u16 length (empty node id) and a u64 counter.
constexpr std::size_t kMinClockEntryBytes = 2 + 8;

// The reader compacts its buffer once this many consumed bytes sit in front of the unread ones
// and they are at least half of it, so each byte is moved O(1) times on average.
constexpr std::size_t kCompactThreshold = 64 * 1024;

// Strings longer than the wire allows (u16 lengths, u32 body) are cut, so the frame stays
// well formed.
std::string_view clip(std::string_view s, std::size_t max) {
    return s.size() > max ? s.substr(0, max) : s;
}

// Writes big-endian integers and length-prefixed strings into a buffer sized in advance.
class Writer {
public:
    explicit Writer(std::byte* at) : at_(at) {}

    void u8(std::uint8_t v) { *at_++ = static_cast<std::byte>(v); }
    void u16(std::uint16_t v) { put(v, 2); }
    void u32(std::uint32_t v) { put(v, 4); }
    void u64(std::uint64_t v) { put(v, 8); }
    void bytes(std::string_view s) {
        if (!s.empty())
            std::memcpy(at_, s.data(), s.size());
        at_ += s.size();
    }
    void str(std::string_view s) {
        u16(static_cast<std::uint16_t>(s.size()));
        bytes(s);
    }
    std::byte* position() const { return at_; }

private:
    void put(std::uint64_t v, int width) {
        for (int i = width - 1; i >= 0; --i)
            *at_++ = static_cast<std::byte>((v >> (8 * i)) & 0xFF);
    }
    std::byte* at_;
};

// Bounds-checked big-endian reads over one payload. Every read names the field it was for, so
// an error says where the frame broke.
class Reader {
public:
    explicit Reader(std::span<const std::byte> data) : data_(data) {}

    std::size_t remaining() const { return data_.size() - pos_; }
    std::size_t position() const { return pos_; }

    Result<std::uint64_t> uint(std::size_t width, std::string_view field) {
        if (remaining() < width)
            return truncated(field);
        std::uint64_t v = 0;
        for (std::size_t i = 0; i < width; ++i)
            v = (v << 8) | std::to_integer<std::uint64_t>(data_[pos_ + i]);
        pos_ += width;
        return v;
    }

    // Reads n bytes into `out` (assigned in place, reusing its storage).
    Result<void> bytes(std::size_t n, std::string& out, std::string_view field) {
        if (remaining() < n)
            return fail("frame field " + std::string(field) + " claims " + std::to_string(n) +
                        " bytes but only " + std::to_string(remaining()) + " remain");
        out.assign(reinterpret_cast<const char*>(data_.data() + pos_), n);
        pos_ += n;
        return {};
    }

    Result<void> str(std::string& out, std::string_view field) {
        auto n = uint(2, field);
        if (!n)
            return std::unexpected(n.error());
        return bytes(static_cast<std::size_t>(*n), out, field);
    }

private:
    std::unexpected<Error> truncated(std::string_view field) const {
        return fail("frame truncated in " + std::string(field) + " at byte " + std::to_string(pos_));
    }

    std::span<const std::byte> data_;
    std::size_t pos_ = 0;
};

bool is_known_kind(std::uint8_t k) {
    return k >= static_cast<std::uint8_t>(FrameKind::Data) &&
           k <= static_cast<std::uint8_t>(FrameKind::Phase);
}

}  // namespace

std::string_view to_string(FrameKind kind) {
    switch (kind) {
        case FrameKind::Data: return "data";
        case FrameKind::Log: return "log";
        case FrameKind::State: return "state";
        case FrameKind::Metric: return "metric";
        case FrameKind::Op: return "op";
        case FrameKind::Control: return "control";
        case FrameKind::Phase: return "phase";
    }
    return "unknown";
}

void encode_frame(const Envelope& env, std::vector<std::byte>& out) {
    const std::string_view src = clip(env.src, kMaxStringBytes);
    const std::string_view dst = clip(env.dst, kMaxStringBytes);
    const std::string_view type = clip(env.type, kMaxStringBytes);
    const std::string_view body = clip(env.body, kMaxBodyBytes);
    const auto& entries = env.vclock.entries();
    const std::size_t clock_entries = std::min(entries.size(), kMaxClockEntries);

    std::size_t payload = 1 + 1 + (2 + src.size()) + (2 + dst.size()) + 8 + 8 + 8 + 2 +
                          (2 + type.size()) + 4 + body.size();
    for (std::size_t i = 0; i < clock_entries; ++i)
        payload += 2 + clip(entries[i].first, kMaxStringBytes).size() + 8;

    const std::size_t start = out.size();
    out.resize(start + kFrameHeaderBytes + payload);
    Writer w(out.data() + start);
    // A payload over kMaxFrameBytes is encoded as it is; every reader refuses it by its length.
    w.u32(static_cast<std::uint32_t>(payload));
    w.u8(kFrameVersion);
    w.u8(static_cast<std::uint8_t>(env.kind));
    w.str(src);
    w.str(dst);
    w.u64(env.id);
    w.u64(env.reply_to);
    w.u64(static_cast<std::uint64_t>(env.sent_ns));
    w.u16(static_cast<std::uint16_t>(clock_entries));
    for (std::size_t i = 0; i < clock_entries; ++i) {
        w.str(clip(entries[i].first, kMaxStringBytes));
        w.u64(entries[i].second);
    }
    w.str(type);
    w.u32(static_cast<std::uint32_t>(body.size()));
    w.bytes(body);
}

std::vector<std::byte> encode_frame(const Envelope& env) {
    std::vector<std::byte> out;
    encode_frame(env, out);
    return out;
}

Result<std::size_t> decode_frame_length(std::span<const std::byte, kFrameHeaderBytes> prefix,
                                        std::size_t max_payload) {
    std::size_t n = 0;
    for (std::byte b : prefix)
        n = (n << 8) | std::to_integer<std::size_t>(b);
    if (n > max_payload)
        return fail("frame of " + std::to_string(n) + " bytes exceeds the limit of " +
                    std::to_string(max_payload) + " bytes");
    return n;
}

Result<Envelope> decode_payload(std::span<const std::byte> payload) {
    Reader r(payload);
    Envelope env;

    auto version = r.uint(1, "version");
    if (!version)
        return std::unexpected(version.error());
    if (*version != kFrameVersion)
        return fail("unsupported frame version " + std::to_string(*version) + " (expected " +
                    std::to_string(kFrameVersion) + ")");

    auto kind = r.uint(1, "kind");
    if (!kind)
        return std::unexpected(kind.error());
    if (!is_known_kind(static_cast<std::uint8_t>(*kind)))
        return fail("unknown frame kind " + std::to_string(*kind));
    env.kind = static_cast<FrameKind>(*kind);

    if (auto ok = r.str(env.src, "src"); !ok)
        return std::unexpected(ok.error());
    if (auto ok = r.str(env.dst, "dst"); !ok)
        return std::unexpected(ok.error());

    auto id = r.uint(8, "id");
    if (!id)
        return std::unexpected(id.error());
    env.id = *id;
    auto reply_to = r.uint(8, "reply_to");
    if (!reply_to)
        return std::unexpected(reply_to.error());
    env.reply_to = *reply_to;
    auto sent = r.uint(8, "sent_ns");
    if (!sent)
        return std::unexpected(sent.error());
    env.sent_ns = static_cast<std::int64_t>(*sent);

    auto n = r.uint(2, "vclock count");
    if (!n)
        return std::unexpected(n.error());
    // Checked before reading entries, so a hostile count costs nothing.
    if (*n * kMinClockEntryBytes > r.remaining())
        return fail("frame vclock claims " + std::to_string(*n) + " entries but only " +
                    std::to_string(r.remaining()) + " bytes remain");
    std::string node;
    for (std::uint64_t i = 0; i < *n; ++i) {
        if (auto ok = r.str(node, "vclock node"); !ok)
            return std::unexpected(ok.error());
        auto counter = r.uint(8, "vclock counter");
        if (!counter)
            return std::unexpected(counter.error());
        // Encoders write the clock in its sorted form; anything else is not a frame we made,
        // and accepting it would let a hostile peer make each insertion cost O(n).
        if (i > 0 && node <= env.vclock.entries().back().first)
            return fail("frame vclock entries are not in strictly ascending node order");
        env.vclock.set(node, *counter);
    }

    if (auto ok = r.str(env.type, "type"); !ok)
        return std::unexpected(ok.error());

    auto body_len = r.uint(4, "body length");
    if (!body_len)
        return std::unexpected(body_len.error());
    if (auto ok = r.bytes(static_cast<std::size_t>(*body_len), env.body, "body"); !ok)
        return std::unexpected(ok.error());

    if (r.remaining() != 0)
        return fail("frame has " + std::to_string(r.remaining()) + " trailing bytes after the body");
    return env;
}

void FrameReader::feed(std::span<const std::byte> bytes) {
    if (consumed_ == buffer_.size()) {
        buffer_.clear();
        consumed_ = 0;
    } else if (consumed_ >= kCompactThreshold && consumed_ * 2 >= buffer_.size()) {
        buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(consumed_));
        consumed_ = 0;
    }
    buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
}

Result<std::optional<Envelope>> FrameReader::next() {
    const std::size_t available = buffer_.size() - consumed_;
    if (available < kFrameHeaderBytes)
        return std::optional<Envelope>{};
    const std::span<const std::byte, kFrameHeaderBytes> prefix(buffer_.data() + consumed_,
                                                               kFrameHeaderBytes);
    // On any error consumed_ stays put, so every later call reports the same error.
    auto length = decode_frame_length(prefix, max_payload_);
    if (!length)
        return std::unexpected(length.error());
    if (available - kFrameHeaderBytes < *length)
        return std::optional<Envelope>{};
    auto env = decode_payload(
        std::span<const std::byte>(buffer_.data() + consumed_ + kFrameHeaderBytes, *length));
    if (!env)
        return std::unexpected(env.error());
    consumed_ += kFrameHeaderBytes + *length;
    return std::optional<Envelope>(std::move(*env));
}

}  // namespace distlab::core
