#pragma once

#include <functional>
#include <map>
#include <string>

#include "core/model/storage.h"

namespace distlab::core {

// A node's durable storage: one file per key in the node's data directory ("raft/log" is the
// file log in the subdirectory raft). write() replaces
// atomically (temporary file, fsync, rename, fsync of the directory); append() keeps the file
// open and, with `sync`, fdatasyncs before returning.
//
// Threading: not thread-safe; the node's one thread.
class FileStorage final : public Storage {
public:
    explicit FileStorage(std::string dir);
    ~FileStorage() override;
    FileStorage(const FileStorage&) = delete;
    FileStorage& operator=(const FileStorage&) = delete;

    Result<void> write(std::string_view key, std::string_view value, bool sync) override;
    Result<void> append(std::string_view key, std::string_view value, bool sync) override;
    Result<std::optional<std::string>> read(std::string_view key) const override;

    // Called before every synced write or append: the node's runtime sends the messages the role
    // queued before it (they were sent earlier in the role's order; only the turn's one write
    // held them back), so that a peer works while this node waits for its disk.
    void before_sync(std::function<void()> f) { before_sync_ = std::move(f); }

private:
    Result<std::string> path_of(std::string_view key) const;

    std::string dir_;
    std::map<std::string, int, std::less<>> append_fds_;   // key -> open descriptor
    std::function<void()> before_sync_;
};

}  // namespace distlab::core
