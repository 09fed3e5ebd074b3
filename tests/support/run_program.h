#pragma once

// Runs a program the way the lab runs its children: argv, never a shell. For tests that drive
// the real binaries (distlab-cli) and tools (pdftotext).

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

extern char** environ;

namespace distlab::test_support {

struct ProgramResult {
    int exit_code = -1;      // -1: did not start, or ended by a signal
    std::string out;
    std::string err;
};

// Runs `program` (a path, or a name looked up in PATH) with `args`; stdout and stderr go through
// files in `scratch` (which must exist) and come back in the result. `extra_env` entries
// ("NAME=value") are added to this process's environment, replacing a variable of that name.
inline ProgramResult run_program(const std::string& program, const std::vector<std::string>& args,
                                 const std::filesystem::path& scratch, const std::vector<std::string>& extra_env = {}) {
    std::vector<std::string> storage{program};
    storage.insert(storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& s : storage)
        argv.push_back(s.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_storage(extra_env);
    std::vector<char*> envp;
    auto replaced = [&](std::string_view entry) {
        for (const std::string& extra : extra_env)
            if (const auto eq = extra.find('='); eq != std::string::npos && entry.starts_with(extra.substr(0, eq + 1)))
                return true;
        return false;
    };
    for (char** e = environ; *e; ++e)
        if (!replaced(*e))
            envp.push_back(*e);
    for (auto& s : env_storage)
        envp.push_back(s.data());
    envp.push_back(nullptr);

    const std::string out = (scratch / "program.stdout").string();
    const std::string err = (scratch / "program.stderr").string();
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ProgramResult result;
    pid_t pid = 0;
    if (::posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv.data(), envp.data()) == 0) {
        int status = 0;
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    posix_spawn_file_actions_destroy(&actions);
    auto slurp = [](const std::string& path) {
        std::ostringstream s;
        s << std::ifstream(path, std::ios::binary).rdbuf();
        return s.str();
    };
    result.out = slurp(out);
    result.err = slurp(err);
    return result;
}

// Splits a command line written with single quotes around arguments that contain spaces
// ("report 'my run.distlab' --out x") into its arguments; no other shell syntax.
inline std::vector<std::string> split_args(const std::string& line) {
    std::vector<std::string> args;
    std::string current;
    bool quoted = false;
    bool any = false;
    for (char c : line) {
        if (c == '\'') {
            quoted = !quoted;
            any = true;
        } else if (c == ' ' && !quoted) {
            if (any)
                args.push_back(current);
            current.clear();
            any = false;
        } else {
            current += c;
            any = true;
        }
    }
    if (any)
        args.push_back(current);
    return args;
}

}  // namespace distlab::test_support
