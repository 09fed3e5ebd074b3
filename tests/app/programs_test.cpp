// Every program answers --version with the project's version and the build's commit, and the window's --help and
// --version work without a display (over ssh, in CI): they must not need a QApplication.

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "tests/support/project_version.h"
#include "tests/support/run_program.h"
#include "tests/support/scratch_dir.h"

namespace distlab {
namespace {

namespace fs = std::filesystem;

class Programs : public ::testing::Test {
protected:
    test_support::ProgramResult run(const std::string& program, const std::vector<std::string>& args) {
        const std::string path = (fs::path(DISTLAB_NODE_BINARY).parent_path() / program).string();
        // No display: an X server that does not exist, and no Wayland.
        return test_support::run_program(path, args, dir_.path(),
                                         {"DISPLAY=:4711", "WAYLAND_DISPLAY=", "QT_QPA_PLATFORM=xcb"});
    }

    test_support::ScratchDir dir_{"distlab-programs-test"};
    const std::string version_ = test_support::project_version();
};

TEST_F(Programs, EveryProgramPrintsTheProjectVersionAndCommit) {
    ASSERT_FALSE(version_.empty());
    // "PROGRAM VERSION (COMMIT)": the commit as `git describe` gives it, the same in all three.
    const std::regex line(R"(([a-z-]+) ([0-9.]+) \(([0-9A-Za-z.-]+)\)\n)");
    std::string commit;
    for (const std::string program : {"distlab", "distlab-cli", "distlab-node"}) {
        const auto r = run(program, {"--version"});
        EXPECT_EQ(r.exit_code, 0) << program << ": " << r.err;
        std::smatch m;
        ASSERT_TRUE(std::regex_match(r.out, m, line)) << program << ": " << r.out;
        EXPECT_EQ(m[1], program);
        EXPECT_EQ(m[2], version_) << program;
        if (commit.empty())
            commit = m[3];
        EXPECT_EQ(m[3], commit) << program;
    }
}

TEST_F(Programs, TheWindowsHelpNeedsNoDisplay) {
    const auto r = run("distlab", {"--help"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    for (const char* text : {"Usage: ", "[FILE]", "--run", "--sim", "--lang", "--version", "distlab-cli --help"})
        EXPECT_NE(r.out.find(text), std::string::npos) << text << " missing from:\n" << r.out;
}

TEST_F(Programs, TheNodeDescribesItself) {
    const auto r = run("distlab-node", {"--help"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find("usage: distlab-node --id ID --role ROLE"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace distlab
