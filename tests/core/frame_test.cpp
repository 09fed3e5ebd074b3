#include "core/codec/frame.h"

#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace distlab::core {
namespace {

Envelope sample_envelope() {
    Envelope env;
    env.kind = FrameKind::Data;
    env.src = "n1";
    env.dst = "n2";
    env.id = 42;
    env.reply_to = 7;
    env.sent_ns = -123456789;
    env.vclock.set("n1", 3);
    env.vclock.set("n2", 1);
    env.type = "append_entries";
    env.body = R"({"term":3,"entries":[]})";
    return env;
}

std::vector<std::byte> payload_of(const std::vector<std::byte>& frame) {
    return {frame.begin() + kFrameHeaderBytes, frame.end()};
}

std::array<std::byte, 4> prefix(std::uint32_t n) {
    std::array<std::byte, 4> p{};
    for (int i = 0; i < 4; ++i)
        p[static_cast<std::size_t>(i)] = static_cast<std::byte>((n >> (8 * (3 - i))) & 0xFF);
    return p;
}

TEST(FrameKind, Names) {
    EXPECT_EQ(to_string(FrameKind::Data), "data");
    EXPECT_EQ(to_string(FrameKind::Log), "log");
    EXPECT_EQ(to_string(FrameKind::State), "state");
    EXPECT_EQ(to_string(FrameKind::Metric), "metric");
    EXPECT_EQ(to_string(FrameKind::Op), "op");
    EXPECT_EQ(to_string(FrameKind::Control), "control");
    EXPECT_EQ(to_string(static_cast<FrameKind>(99)), "unknown");
}

TEST(Frame, RoundTripsEveryField) {
    const Envelope env = sample_envelope();
    const auto frame = encode_frame(env);
    auto length = decode_frame_length(std::span<const std::byte, 4>(frame.data(), 4));
    ASSERT_TRUE(length.has_value()) << length.error().message;
    EXPECT_EQ(*length, frame.size() - kFrameHeaderBytes);
    auto decoded = decode_payload(payload_of(frame));
    ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
    EXPECT_EQ(*decoded, env);
}

TEST(Frame, RoundTripsEmptyFieldsAndEveryKind) {
    for (int k = 1; k <= 6; ++k) {
        Envelope env;
        env.kind = static_cast<FrameKind>(k);
        auto decoded = decode_payload(payload_of(encode_frame(env)));
        ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
        EXPECT_EQ(*decoded, env);
    }
}

TEST(Frame, EncodeAppendsToExistingBuffer) {
    std::vector<std::byte> out{std::byte{0xAA}};
    encode_frame(sample_envelope(), out);
    encode_frame(sample_envelope(), out);
    EXPECT_EQ(out[0], std::byte{0xAA});
    const auto one = encode_frame(sample_envelope());
    ASSERT_EQ(out.size(), 1 + 2 * one.size());
    EXPECT_TRUE(std::equal(one.begin(), one.end(), out.begin() + 1));
    EXPECT_TRUE(std::equal(one.begin(), one.end(), out.begin() + 1 + static_cast<std::ptrdiff_t>(one.size())));
}

TEST(Frame, LengthOverCapIsRejected) {
    auto ok = decode_frame_length(prefix(100), 100);
    ASSERT_TRUE(ok.has_value());
    EXPECT_EQ(*ok, 100u);
    auto over = decode_frame_length(prefix(101), 100);
    ASSERT_FALSE(over.has_value());
    EXPECT_NE(over.error().message.find("exceeds"), std::string::npos) << over.error().message;
    EXPECT_FALSE(decode_frame_length(prefix(0xFFFFFFFFu)).has_value());
    EXPECT_FALSE(decode_frame_length(prefix(kMaxFrameBytes + 1)).has_value());
    EXPECT_TRUE(decode_frame_length(prefix(kMaxFrameBytes)).has_value());
}

TEST(Frame, EveryTruncationIsAnError) {
    const auto payload = payload_of(encode_frame(sample_envelope()));
    for (std::size_t n = 0; n < payload.size(); ++n) {
        auto r = decode_payload(std::span<const std::byte>(payload.data(), n));
        EXPECT_FALSE(r.has_value()) << "accepted a payload cut at " << n;
    }
}

TEST(Frame, TrailingGarbageIsRejected) {
    auto payload = payload_of(encode_frame(sample_envelope()));
    payload.push_back(std::byte{0});
    auto r = decode_payload(payload);
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message.find("trailing"), std::string::npos) << r.error().message;
}

TEST(Frame, UnknownVersionAndKindAreRejected) {
    auto payload = payload_of(encode_frame(sample_envelope()));
    auto bad_version = payload;
    bad_version[0] = std::byte{2};
    auto r = decode_payload(bad_version);
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message.find("version"), std::string::npos);

    for (std::uint8_t kind : {0, 8, 255}) {
        auto bad_kind = payload;
        bad_kind[1] = std::byte{kind};
        auto rk = decode_payload(bad_kind);
        ASSERT_FALSE(rk.has_value());
        EXPECT_NE(rk.error().message.find("kind"), std::string::npos);
    }
}

TEST(Frame, StringLongerThanPayloadIsRejected) {
    auto payload = payload_of(encode_frame(sample_envelope()));
    // src length sits at offset 2.
    payload[2] = std::byte{0xFF};
    payload[3] = std::byte{0xFF};
    auto r = decode_payload(payload);
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message.find("src"), std::string::npos) << r.error().message;
}

TEST(Frame, HostileClockCountIsRejectedBeforeReadingEntries) {
    Envelope env = sample_envelope();
    env.vclock = VectorClock{};
    auto payload = payload_of(encode_frame(env));
    // version, kind, src (2+2), dst (2+2), id, reply_to, sent_ns: the count follows.
    const std::size_t count_at = 1 + 1 + 4 + 4 + 8 + 8 + 8;
    payload[count_at] = std::byte{0xFF};
    payload[count_at + 1] = std::byte{0xFF};
    auto r = decode_payload(payload);
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message.find("vclock"), std::string::npos) << r.error().message;
}

TEST(Frame, UnsortedClockIsRejected) {
    Envelope env = sample_envelope();
    auto payload = payload_of(encode_frame(env));
    const std::size_t first_entry = 1 + 1 + 4 + 4 + 8 + 8 + 8 + 2;
    // Entries are "n1" then "n2"; rename the second to "n0".
    payload[first_entry + 2 + 2 + 8 + 2 + 1] = std::byte{'0'};
    auto r = decode_payload(payload);
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message.find("ascending"), std::string::npos) << r.error().message;
}

TEST(Frame, BodyLengthBeyondPayloadIsRejected) {
    auto frame = encode_frame(sample_envelope());
    auto payload = payload_of(frame);
    const std::size_t body_len_at = payload.size() - sample_envelope().body.size() - 4;
    payload[body_len_at] = std::byte{0x7F};
    EXPECT_FALSE(decode_payload(payload).has_value());
}

TEST(Frame, LongStringsAreClippedToTheWireLimit) {
    Envelope env = sample_envelope();
    env.type = std::string(70000, 't');
    auto decoded = decode_payload(payload_of(encode_frame(env)));
    ASSERT_TRUE(decoded.has_value()) << decoded.error().message;
    EXPECT_EQ(decoded->type.size(), 65535u);
}

std::vector<Envelope> many_envelopes(int n) {
    std::vector<Envelope> out;
    for (int i = 0; i < n; ++i) {
        Envelope env = sample_envelope();
        env.id = static_cast<MessageId>(i);
        env.kind = static_cast<FrameKind>(1 + i % 6);
        env.body = std::string(static_cast<std::size_t>(i % 97), 'x');
        out.push_back(env);
    }
    return out;
}

TEST(FrameReader, ByteByByte) {
    const auto envs = many_envelopes(50);
    std::vector<std::byte> stream;
    for (const auto& e : envs)
        encode_frame(e, stream);

    FrameReader reader;
    std::vector<Envelope> got;
    for (std::byte b : stream) {
        reader.feed(std::span<const std::byte>(&b, 1));
        for (;;) {
            auto r = reader.next();
            ASSERT_TRUE(r.has_value()) << r.error().message;
            if (!*r)
                break;
            got.push_back(std::move(**r));
        }
    }
    EXPECT_EQ(got, envs);
}

TEST(FrameReader, RandomChunks) {
    const auto envs = many_envelopes(3000);
    std::vector<std::byte> stream;
    for (const auto& e : envs)
        encode_frame(e, stream);

    const std::uint64_t seed = 20240611;
    SCOPED_TRACE(::testing::Message() << "seed=" << seed);
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<std::size_t> chunk(1, 700);
    FrameReader reader;
    std::vector<Envelope> got;
    std::size_t pos = 0;
    while (pos < stream.size()) {
        const std::size_t n = std::min(chunk(rng), stream.size() - pos);
        reader.feed(std::span<const std::byte>(stream.data() + pos, n));
        pos += n;
        for (;;) {
            auto r = reader.next();
            ASSERT_TRUE(r.has_value()) << r.error().message;
            if (!*r)
                break;
            got.push_back(std::move(**r));
        }
    }
    EXPECT_EQ(got, envs);
    auto tail = reader.next();
    ASSERT_TRUE(tail.has_value());
    EXPECT_FALSE(tail->has_value());
}

TEST(FrameReader, OversizedPrefixFailsWithoutWaitingForTheBody) {
    FrameReader reader(1024);
    const auto p = prefix(1025);
    reader.feed(p);
    auto r = reader.next();
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message.find("exceeds"), std::string::npos);
    // The stream stays failed.
    EXPECT_FALSE(reader.next().has_value());
}

TEST(FrameReader, MalformedFrameIsAnError) {
    auto frame = encode_frame(sample_envelope());
    frame[kFrameHeaderBytes] = std::byte{9};   // version
    FrameReader reader;
    reader.feed(frame);
    EXPECT_FALSE(reader.next().has_value());
}

TEST(FrameReader, PartialPrefixNeedsMoreBytes) {
    FrameReader reader;
    const auto frame = encode_frame(sample_envelope());
    reader.feed(std::span<const std::byte>(frame.data(), 3));
    auto r = reader.next();
    ASSERT_TRUE(r.has_value());
    EXPECT_FALSE(r->has_value());
}

// Either a decoded envelope that re-encodes to the same bytes, or an error: never a crash.
void expect_sane(std::span<const std::byte> payload) {
    auto r = decode_payload(payload);
    if (!r) {
        EXPECT_FALSE(r.error().message.empty());
        return;
    }
    const auto again = encode_frame(*r);
    ASSERT_EQ(again.size(), payload.size() + kFrameHeaderBytes);
    EXPECT_TRUE(std::equal(payload.begin(), payload.end(), again.begin() + kFrameHeaderBytes));
}

TEST(FrameFuzz, RandomBytesAndMutatedFrames) {
    const std::uint64_t seed = 0xD15C0;
    SCOPED_TRACE(::testing::Message() << "seed=" << seed);
    std::mt19937_64 rng(seed);
    const auto valid = payload_of(encode_frame(sample_envelope()));
    std::uniform_int_distribution<int> byte(0, 255);
    std::size_t accepted = 0;

    for (int i = 0; i < 50'000; ++i) {
        std::vector<std::byte> bytes(static_cast<std::size_t>(rng() % 128));
        for (auto& b : bytes)
            b = static_cast<std::byte>(byte(rng));
        if (!bytes.empty() && rng() % 2 == 0) {
            bytes[0] = std::byte{kFrameVersion};   // get past the first checks more often
            if (bytes.size() > 1)
                bytes[1] = static_cast<std::byte>(1 + rng() % 6);
        }
        expect_sane(bytes);
        accepted += decode_payload(bytes).has_value() ? 1 : 0;
    }
    for (int i = 0; i < 50'000; ++i) {
        auto bytes = valid;
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int e = 0; e < edits; ++e) {
            switch (rng() % 3) {
                case 0: bytes[rng() % bytes.size()] = static_cast<std::byte>(byte(rng)); break;
                case 1: bytes.resize(rng() % (bytes.size() + 1)); break;
                default: bytes.push_back(static_cast<std::byte>(byte(rng))); break;
            }
            if (bytes.empty())
                break;
        }
        expect_sane(bytes);
        accepted += decode_payload(bytes).has_value() ? 1 : 0;
    }
    // Mutations of the body or counters keep a frame valid: the decoder must accept those.
    EXPECT_GT(accepted, 0u);
}

TEST(FrameFuzz, RandomStreamsThroughTheReader) {
    const std::uint64_t seed = 77;
    SCOPED_TRACE(::testing::Message() << "seed=" << seed);
    std::mt19937_64 rng(seed);
    for (int i = 0; i < 2000; ++i) {
        FrameReader reader(4096);
        std::vector<std::byte> stream;
        encode_frame(sample_envelope(), stream);
        encode_frame(sample_envelope(), stream);
        for (int j = 0; j < 4; ++j)
            stream[rng() % stream.size()] = static_cast<std::byte>(rng() & 0xFF);
        reader.feed(stream);
        // Whatever comes out must be exactly the bytes it was read from, in order.
        std::size_t offset = 0;
        for (int step = 0; step < 3; ++step) {
            auto r = reader.next();
            if (!r || !*r)
                break;
            const auto again = encode_frame(**r);
            ASSERT_LE(offset + again.size(), stream.size());
            EXPECT_TRUE(std::equal(again.begin(), again.end(),
                                   stream.begin() + static_cast<std::ptrdiff_t>(offset)));
            offset += again.size();
        }
    }
}

}  // namespace
}  // namespace distlab::core
