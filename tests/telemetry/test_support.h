#pragma once

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <ostream>
#include <string>

#include "netlab/api/event.h"

namespace distlab::netlab {

// Readable GoogleTest failure messages for events.
inline void PrintTo(const Event& e, std::ostream* os) {
    *os << "{t_ns=" << e.t_ns << " " << to_string(e.kind) << " node=" << e.node << " peer=" << e.peer
        << " msg_id=" << e.msg_id << " type=" << e.type << " data=" << e.data << " aux=" << e.aux << "}";
}

}  // namespace distlab::netlab

namespace distlab::netlab::testing {

// A fresh directory under the system temp dir, removed with everything in it at scope end.
class TempDir {
public:
    TempDir() {
        static std::atomic<int> counter{0};
        path_ = std::filesystem::temp_directory_path() /
                ("distlab-telemetry-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }

    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

}  // namespace distlab::netlab::testing
