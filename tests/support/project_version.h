#pragma once

// The version the top-level CMakeLists.txt gives the project (`project(distlab VERSION X.Y.Z`),
// which every program prints for --version. Needs DISTLAB_SOURCE_DIR.

#include <fstream>
#include <regex>
#include <sstream>
#include <string>

namespace distlab::test_support {

// "0.1.0"; empty when the file cannot be read or names no version.
inline std::string project_version() {
    std::ostringstream text;
    text << std::ifstream(DISTLAB_SOURCE_DIR "/CMakeLists.txt").rdbuf();
    std::smatch match;
    const std::string cmake = text.str();
    if (std::regex_search(cmake, match, std::regex(R"(project\(distlab\s+VERSION\s+([0-9.]+))")))
        return match[1];
    return {};
}

}  // namespace distlab::test_support
