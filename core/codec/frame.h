#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/model/ids.h"
#include "core/model/result.h"
#include "core/model/vector_clock.h"

namespace distlab::core {

// What a frame carries. Data frames go node -> fabric -> node; the others go node -> lab.
enum class FrameKind : std::uint8_t {
    Data = 1,      // a role's message; body is JSON
    Log = 2,       // body {"level": "info", "text": "..."}
    State = 3,     // body is the role's snapshot
    Metric = 4,    // body {"counters": {..}, "gauges": {..}, "samples": {name: [..]}}
    Op = 5,        // body {"op": id, "phase": "invoke|ok|fail|info", "f": "...", "value": ..}
    Control = 6,   // lab <-> node: hello, stop, clock skew, ...; type names the command
    Phase = 7,     // type is the phase entered; body {"reason": "...", "reason_zh": "..." (optional)}
};

std::string_view to_string(FrameKind kind);

// The envelope the fabric reads. The body is opaque text to the codec.
struct Envelope {
    FrameKind kind = FrameKind::Data;
    NodeId src;
    NodeId dst;
    MessageId id = 0;
    MessageId reply_to = 0;
    std::int64_t sent_ns = 0;   // CLOCK_MONOTONIC at the sender (one clock for the whole machine)
    VectorClock vclock;
    std::string type;
    std::string body;

    bool operator==(const Envelope&) const = default;
};

// Wire format: u32 big-endian payload length, then the payload:
//   u8 version (1), u8 kind, str src, str dst, u64 id, u64 reply_to, i64 sent_ns,
//   u16 n, n x (str node, u64 counter), str type, u32 body length, body bytes.
// str = u16 length + bytes. Integers are big-endian.
inline constexpr std::uint8_t kFrameVersion = 1;
inline constexpr std::size_t kFrameHeaderBytes = 4;
inline constexpr std::size_t kMaxFrameBytes = 4 * 1024 * 1024;   // payload cap

// Appends the whole frame (length prefix included) to `out`.
void encode_frame(const Envelope& env, std::vector<std::byte>& out);
std::vector<std::byte> encode_frame(const Envelope& env);

// Reads the payload length from a 4-byte prefix; an error when it exceeds `max_payload`.
Result<std::size_t> decode_frame_length(std::span<const std::byte, kFrameHeaderBytes> prefix,
                                        std::size_t max_payload = kMaxFrameBytes);

// Decodes one payload (without its length prefix). Never reads out of bounds, never throws.
Result<Envelope> decode_payload(std::span<const std::byte> payload);

// Splits a byte stream into frames: feed() what arrived, then next() until it yields nothing.
// An oversized or malformed frame is an error; the stream is then unusable (close the peer).
class FrameReader {
public:
    explicit FrameReader(std::size_t max_payload = kMaxFrameBytes) : max_payload_(max_payload) {}

    void feed(std::span<const std::byte> bytes);
    // nullopt: need more bytes. An error: the stream is corrupt.
    Result<std::optional<Envelope>> next();

private:
    std::size_t max_payload_;
    std::vector<std::byte> buffer_;
    std::size_t consumed_ = 0;
};

}  // namespace distlab::core
