#pragma once

#include <stdlib.h>

#include <filesystem>
#include <string>
#include <system_error>

namespace distlab::test_support {

// A fresh directory under the system temp dir (mkdtemp, so parallel tests never share one),
// removed with everything in it at scope end.
class ScratchDir {
public:
    explicit ScratchDir(const std::string& prefix = "distlab-test") {
        std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
        if (::mkdtemp(pattern.data()) != nullptr)
            path_ = pattern;
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    ~ScratchDir() {
        std::error_code ignored;
        if (!path_.empty())
            std::filesystem::remove_all(path_, ignored);
    }

    // Empty when the directory could not be made.
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

}  // namespace distlab::test_support
