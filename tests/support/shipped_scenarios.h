#pragma once

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace distlab::test_support {

// Every scenarios/**/*.yaml of the source tree, sorted. Requires: DISTLAB_SOURCE_DIR (set for
// every test by distlab_add_gtest).
inline std::vector<std::string> shipped_scenarios() {
    std::vector<std::string> files;
    std::error_code ec;
    const std::filesystem::path root = std::filesystem::path(DISTLAB_SOURCE_DIR) / "scenarios";
    for (auto it = std::filesystem::recursive_directory_iterator(root, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file() && it->path().extension() == ".yaml")
            files.push_back(it->path().string());
    std::sort(files.begin(), files.end());
    return files;
}

// "communication_request_response" for .../scenarios/communication/request-response.yaml: a
// name gtest accepts for a parameterised test.
inline std::string scenario_test_name(const std::string& file) {
    const std::filesystem::path p(file);
    std::string name = p.parent_path().filename().string() + "_" + p.stem().string();
    std::replace_if(name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
    return name;
}

}  // namespace distlab::test_support
