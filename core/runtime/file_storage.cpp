#include "core/runtime/file_storage.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace distlab::core {

namespace {

std::string errno_text(const std::string& what, const std::string& path) {
    return what + " " + path + ": " + std::strerror(errno);
}

Result<void> write_all(int fd, std::string_view data, const std::string& path) {
    while (!data.empty()) {
        const ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return fail(errno_text("cannot write", path));
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return {};
}

}  // namespace

FileStorage::FileStorage(std::string dir) : dir_(std::move(dir)) {
    ::mkdir(dir_.c_str(), 0700);
}

FileStorage::~FileStorage() {
    for (const auto& [key, fd] : append_fds_)
        ::close(fd);
}

Result<std::string> FileStorage::path_of(std::string_view key) const {
    const auto bad = [&] {
        return fail("storage key \"" + std::string(key) +
                    "\" must be 1 to 200 characters: '/'-separated names of letters, digits, '_', '-' and '.',"
                    " none starting with '.'");
    };
    if (key.empty() || key.size() > 200)
        return bad();
    // Segments become subdirectories of the data directory; none may climb out of it.
    std::string path = dir_;
    std::size_t start = 0;
    while (start <= key.size()) {
        const std::size_t slash = std::min(key.find('/', start), key.size());
        const std::string_view segment = key.substr(start, slash - start);
        if (segment.empty() || segment.front() == '.')
            return bad();
        for (char c : segment) {
            const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                            c == '_' || c == '-' || c == '.';
            if (!ok)
                return bad();
        }
        path += '/';
        path += segment;
        if (slash < key.size())
            ::mkdir(path.c_str(), 0700);             // may exist already
        start = slash + 1;
    }
    return path;
}

Result<void> FileStorage::write(std::string_view key, std::string_view value, bool sync) {
    auto path = path_of(key);
    if (!path)
        return std::unexpected(path.error());
    if (auto it = append_fds_.find(key); it != append_fds_.end()) {
        ::close(it->second);                         // the file is being replaced
        append_fds_.erase(it);
    }
    if (sync && before_sync_)
        before_sync_();
    const std::string tmp = *path + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return fail(errno_text("cannot create", tmp));
    auto written = write_all(fd, value, tmp);
    if (written && sync && ::fdatasync(fd) != 0)
        written = fail(errno_text("cannot sync", tmp));
    ::close(fd);
    if (!written)
        return written;
    if (::rename(tmp.c_str(), path->c_str()) != 0)
        return fail(errno_text("cannot rename to", *path));
    if (sync) {
        // The rename is durable once the directory holding the file is synced.
        const std::string parent = path->substr(0, path->rfind('/'));
        const int dfd = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd >= 0) {
            ::fsync(dfd);
            ::close(dfd);
        }
    }
    return {};
}

Result<void> FileStorage::append(std::string_view key, std::string_view value, bool sync) {
    auto path = path_of(key);
    if (!path)
        return std::unexpected(path.error());
    auto it = append_fds_.find(key);
    if (it == append_fds_.end()) {
        const int fd = ::open(path->c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        if (fd < 0)
            return fail(errno_text("cannot open", *path));
        it = append_fds_.emplace(std::string(key), fd).first;
    }
    if (sync && before_sync_)
        before_sync_();
    if (auto written = write_all(it->second, value, *path); !written)
        return written;
    if (sync && ::fdatasync(it->second) != 0)
        return fail(errno_text("cannot sync", *path));
    return {};
}

Result<std::optional<std::string>> FileStorage::read(std::string_view key) const {
    auto path = path_of(key);
    if (!path)
        return std::unexpected(path.error());
    const int fd = ::open(path->c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return std::optional<std::string>{};
        return fail(errno_text("cannot open", *path));
    }
    std::string data;
    char buf[65536];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            ::close(fd);
            return fail(errno_text("cannot read", *path));
        }
        if (n == 0)
            break;
        data.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return std::optional<std::string>(std::move(data));
}

}  // namespace distlab::core
