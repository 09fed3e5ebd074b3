// How many events per second the Recorder sustains: 1,000,000 small message events handed over
// in Telemetry-sized batches, timed until close() has committed all of them.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

#include "netlab/telemetry/recorder.h"

int main(int argc, char** argv) {
    using namespace distlab::netlab;
    const std::size_t total = argc > 1 ? std::stoul(argv[1]) : 1'000'000;
    const auto path = std::filesystem::temp_directory_path() /
                      ("recorder-bench-" + std::to_string(::getpid()) + ".distlab");

    std::vector<Event> batch(Telemetry::kBatchSize);
    for (std::size_t i = 0; i < batch.size(); ++i) {
        Event& e = batch[i];
        e.kind = i % 2 ? EventKind::MessageDelivered : EventKind::MessageSent;
        e.node = "n" + std::to_string(i % 5 + 1);
        e.peer = "n" + std::to_string((i + 1) % 5 + 1);
        e.type = "append_entries";
        e.data = R"({"term":3,"entries":[]})";
        e.aux = R"({"n1":12,"n2":9})";
    }

    RecordingMeta meta;
    meta.scenario_name = "recorder-bench";
    auto recorder = Recorder::open(path, meta);
    if (!recorder) {
        std::fprintf(stderr, "%s\n", recorder.error().message.c_str());
        return 1;
    }
    const auto start = std::chrono::steady_clock::now();
    std::size_t sent = 0;
    while (sent < total) {
        const std::size_t n = std::min(batch.size(), total - sent);
        for (std::size_t i = 0; i < n; ++i) {
            batch[i].t_ns = static_cast<std::int64_t>(sent + i) * 1000;
            batch[i].msg_id = sent + i;
        }
        (*recorder)->on_events(std::span<const Event>(batch).first(n));
        sent += n;
    }
    auto closed = (*recorder)->close("bench done");
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto committed = (*recorder)->committed();
    const auto bytes = std::filesystem::file_size(path);
    std::filesystem::remove(path);
    if (!closed) {
        std::fprintf(stderr, "%s\n", closed.error().message.c_str());
        return 1;
    }
    std::printf("recorder: %llu events in %.3f s = %.0f events/s (%.1f bytes/event on disk)\n",
                static_cast<unsigned long long>(committed), secs, static_cast<double>(committed) / secs,
                static_cast<double>(bytes) / static_cast<double>(committed));
    return committed == total ? 0 : 1;
}
