#pragma once

// What the tests of distlab-cli's report, compare and sweep commands share: a scratch folder,
// running the real binary (argv, never a shell), its output, and a strict HTML check.

#include <gtest/gtest.h>

#include <libxml/parser.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/support/run_program.h"

namespace distlab::test {

class CliTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (std::filesystem::temp_directory_path() / "distlab-cli-report-XXXXXX").string();
        dir_ = ::mkdtemp(pattern.data());
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    static std::string slurp(const std::filesystem::path& p) {
        std::ostringstream s;
        s << std::ifstream(p, std::ios::binary).rdbuf();
        return s.str();
    }

    // Runs distlab-cli with `args` (arguments with spaces in single quotes); the exit code, with
    // stdout in out_ and stderr in err_.
    int cli(const std::string& args) {
        const auto bin = std::filesystem::path(DISTLAB_NODE_BINARY).parent_path() / "distlab-cli";
        const test_support::ProgramResult ran = test_support::run_program(bin.string(), test_support::split_args(args), dir_);
        out_ = ran.out;
        err_ = ran.err;
        return ran.exit_code;
    }

    // The last non-empty line on stdout (the --json summary).
    std::string last_line() const {
        std::istringstream lines(out_);
        std::string last;
        for (std::string line; std::getline(lines, line);)
            if (!line.empty())
                last = line;
        return last;
    }

    // Whether the page from <html> on parses as XML (our pages are written XHTML-compatible).
    static bool well_formed_xml(const std::string& html) {
        const auto at = html.find("<html");
        if (at == std::string::npos)
            return false;
        const std::string xml = html.substr(at);
        xmlDoc* doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "page.html", "UTF-8",
                                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
        const bool ok = doc != nullptr;
        xmlFreeDoc(doc);
        return ok;
    }

    std::filesystem::path dir_;
    std::string out_;
    std::string err_;
};

}  // namespace distlab::test
