#include "app/cli_help.h"

#include <algorithm>
#include <array>
#include <utility>

namespace distlab::cli {

const std::string_view kUsage =
    "usage:\n"
    "  distlab-cli run FILE [--record OUT.distlab] [--report DIR] [--json] [--seed N]\n"
    "                       [--time-scale X] [--duration D] [--sim] [--metrics-port N]\n"
    "  distlab-cli validate FILE...\n"
    "  distlab-cli roles [--json]\n"
    "  distlab-cli report RECORDING --out DIR [--format html,pdf,csv,json,trace]\n"
    "  distlab-cli compare A B [--report DIR] [--runs N] [--sim] [--seed N] [--threshold PCT]\n"
    "                      [--json]   (A, B: scenario files or .distlab recordings)\n"
    "  distlab-cli sweep FILE --param NODE_OR_ROLE.PARAM=v1,v2,... --report DIR [--runs N] [--sim]\n"
    "                         [--seed N] [--json]\n"
    "  distlab-cli chaos FILE [--runs N] [--seed N] [--real] [--faults LIST] [--interval D]\n"
    "                         [--budget D] [--checks LIST] [--out FILE] [--json]\n"
    "  distlab-cli --help | COMMAND --help | --version\n";

const std::string_view kOverview =
    "distlab-cli: the headless twin of the DistLab window, for CI, benchmarks and reports.\n"
    "Runs scenario files on real distlab-node processes over loopback TCP (or, with --sim, in the\n"
    "deterministic simulator), judges them with their checks, records and reports them.\n"
    "\n"
    "commands:\n"
    "  run       run one scenario, print its checks and figures\n"
    "  validate  check scenario files without running them\n"
    "  roles     list every role with its parameters, phases and gauges\n"
    "  report    write the report set (HTML, PDF, CSV, JSON, trace) of a recording\n"
    "  compare   run two scenarios (or judge two recordings) and put them side by side\n"
    "  sweep     run one scenario once per value of a parameter and plot the figures\n"
    "  chaos     run one scenario under many random fault schedules, shrink the first failure\n"
    "\n"
    "`distlab-cli COMMAND --help` describes a command's options; `distlab-cli --version` prints\n"
    "the version.\n"
    "\n"
    "exit codes (every command):\n"
    "  0  done: every check passed\n"
    "  1  a check failed\n"
    "  2  invalid input: a bad option, a scenario file with errors (FILE:LINE:COLUMN: error: ...),\n"
    "     a file that is not a recording\n"
    "  3  the lab itself failed (a node process could not start, a port could not be opened)\n"
    "\n"
    "--json writes one JSON document on one line to stdout and nothing else there; progress and\n"
    "the human summary go to stderr, so `distlab-cli run FILE --json | jq .passed` works.\n"
    "\n"
    "examples:\n"
    "  distlab-cli run scenarios/consensus/leader-failover.yaml\n"
    "  distlab-cli run scenarios/resilience/retry-storm.yaml --sim --json | jq .stats.latency_ms\n"
    "  distlab-cli validate scenarios/*/*.yaml\n"
    "\n"
    "The scenario format and this contract: docs/scenario-format.md.\n";

namespace {

constexpr std::string_view kRun =
    "usage: distlab-cli run FILE [options]\n"
    "\n"
    "Runs the scenario FILE once, on real distlab-node processes (one per node, every message\n"
    "through the lab's fabric on 127.0.0.1) or in the simulator, then judges its checks and prints\n"
    "a summary: each check's verdict and detail, messages, operations, throughput and latency (per\n"
    "client when the scenario has several). Progress goes to stderr: a live line on a terminal,\n"
    "otherwise one line every few seconds. Ctrl-C stops the run early and still judges it.\n"
    "\n"
    "options:\n"
    "  --sim               run in the deterministic simulator (virtual time, no processes)\n"
    "  --seed N            the seed of every random choice (default: the scenario's seed)\n"
    "  --time-scale X      slow every timer, delay and fault down X times, X in (0, 1000]\n"
    "  --duration D        run for D instead of the scenario's duration (e.g. 5s, 1500ms)\n"
    "  --record OUT        record the run to OUT (a .distlab file; never overwritten)\n"
    "  --report DIR        write the report set into DIR (report.html, report.pdf, ops.csv,\n"
    "                      timeseries.csv, summary.json, trace.json)\n"
    "  --metrics-port N    serve live Prometheus metrics on 127.0.0.1:N (0: any free port; the\n"
    "                      URL is printed on stderr)\n"
    "  --json              the summary as one JSON line on stdout; the human summary to stderr\n"
    "\n"
    "exit codes: 0 every check passed, 1 a check failed, 2 invalid input (bad option, scenario\n"
    "errors), 3 the lab failed.\n"
    "\n"
    "examples:\n"
    "  distlab-cli run scenarios/consensus/leader-failover.yaml --record failover.distlab\n"
    "  distlab-cli run scenarios/resilience/bulkhead.yaml --sim --seed 7 --json | jq .passed\n";

constexpr std::string_view kValidate =
    "usage: distlab-cli validate FILE...\n"
    "\n"
    "Checks scenario files without running them: the YAML, every key, the roles and their\n"
    "parameters, links, faults, steps and checks. Prints \"FILE: ok (N nodes, N faults, N checks)\"\n"
    "per good file on stdout and one line per problem on stderr, as\n"
    "FILE:LINE:COLUMN: error: PATH: WHAT.\n"
    "\n"
    "exit codes: 0 every file is valid, 2 at least one is not (or no file was given).\n"
    "\n"
    "example:\n"
    "  distlab-cli validate scenarios/*/*.yaml\n";

constexpr std::string_view kRoles =
    "usage: distlab-cli roles [--json]\n"
    "\n"
    "Lists every role a scenario can use: its family and pattern, each parameter with its type,\n"
    "default and range, the phases it announces, its gauges and its epoch field.\n"
    "\n"
    "options:\n"
    "  --json   the same as a JSON array on one line of stdout\n"
    "\n"
    "exit codes: 0, 2 for an unknown option.\n"
    "\n"
    "example:\n"
    "  distlab-cli roles --json | jq '.[] | select(.name == \"raft\") | .params'\n";

constexpr std::string_view kReport =
    "usage: distlab-cli report RECORDING --out DIR [--format LIST]\n"
    "\n"
    "Reads a recording (.distlab, written by `run --record` or the window), judges its events\n"
    "again and writes its report set into DIR, then prints the summary. A damaged recording is\n"
    "reported as far as it can be read, with a warning.\n"
    "\n"
    "options:\n"
    "  --out DIR       where the files go (created if missing)\n"
    "  --format LIST   a comma-separated choice of html, pdf, csv, json, trace (default: all)\n"
    "\n"
    "exit codes: 0 the report was written, 2 bad input (not a recording, a newer format, an\n"
    "unwritable folder).\n"
    "\n"
    "example:\n"
    "  distlab-cli report failover.distlab --out failover-report --format html,pdf\n";

constexpr std::string_view kCompare =
    "usage: distlab-cli compare A B [--report DIR] [--runs N] [--sim] [--seed N] [--threshold PCT]\n"
    "                           [--json]\n"
    "\n"
    "Puts two runs side by side. A and B are each a scenario file (run N times, each under its\n"
    "own seed unless --seed is given) or a recording (judged again from its events, never rerun).\n"
    "The console prints the key figures, each marked A better, B better or same; a difference\n"
    "within run-to-run noise reads same. With --report, writes DIR/compare.html,\n"
    "DIR/compare.json and each run's report set in DIR/a-K/ and DIR/b-K/.\n"
    "\n"
    "options:\n"
    "  --report DIR     also write the comparison's files there\n"
    "  --runs N         runs per scenario side, in [1, 100] (default 1); run K uses seed S+K-1\n"
    "  --seed N         S, the first seed of both sides (default: each scenario's own)\n"
    "  --threshold PCT  a difference counts beyond PCT % of the larger value (default 5)\n"
    "  --sim            run the scenario sides in the simulator\n"
    "  --json           a one-line JSON summary on stdout\n"
    "\n"
    "exit codes: 0 every run of both sides passed, 1 a check failed, 2 invalid input, 3 the lab\n"
    "failed.\n"
    "\n"
    "example:\n"
    "  distlab-cli compare scenarios/resilience/circuit-breaker.yaml \\\n"
    "      scenarios/resilience/circuit-breaker-off.yaml \\\n"
    "      --sim --runs 3\n";

constexpr std::string_view kSweep =
    "usage: distlab-cli sweep FILE --param NODE_OR_ROLE.PARAM=v1,v2,... --report DIR [options]\n"
    "\n"
    "Runs FILE once per value of one parameter (N times each) and plots the run's figures against\n"
    "it. The part of --param before the last '.' is a node id or a role (every node of it); the\n"
    "part after it is one of the role's parameters (`distlab-cli roles`). Values are written as\n"
    "in a scenario file; a duration range as LO..HI. Writes DIR/sweep.html, DIR/sweep.json and\n"
    "DIR/sweep.csv.\n"
    "\n"
    "options:\n"
    "  --param P=V,...  the parameter and its values (checked against its type and range first)\n"
    "  --report DIR     where the sweep goes\n"
    "  --runs N         runs per value, in [1, 100] (default 1); run K uses seed S+K-1\n"
    "  --seed N         S, the first seed (default: the scenario's seed)\n"
    "  --sim            run in the simulator\n"
    "  --json           a one-line JSON summary on stdout\n"
    "\n"
    "exit codes: 0 every run passed, 1 a check failed, 2 invalid input, 3 the lab failed.\n"
    "\n"
    "example:\n"
    "  distlab-cli sweep scenarios/consensus/leader-failover.yaml --sim \\\n"
    "      --param raft.election_timeout=150ms..300ms,300ms..600ms --report sweep/\n";

constexpr std::string_view kChaos =
    "usage: distlab-cli chaos FILE [--runs N] [--seed N] [--real] [--faults LIST] [--interval D]\n"
    "                         [--budget D] [--checks LIST] [--out FILE] [--json]\n"
    "\n"
    "Runs FILE many times, each run under its own random fault schedule drawn from the run's\n"
    "seed, in place of the scenario's own faults and narrative: kills and pauses of the leader or\n"
    "a random server, partitions (one server cut off, majority / minority, a majorities ring, a\n"
    "one-way cut), latency, loss, duplication and clock skew, at exponential gaps of mean D, each\n"
    "undone after 0.5 to 1.5 D. Checks wrapped in expect_fail are judged as plain checks: chaos\n"
    "looks for the failure; checks timed against the scenario's own story (an after: argument)\n"
    "are left out. The first failing run is shrunk: faults removed and shortened while\n"
    "the same check still fails (deterministic in the simulator), and the smallest schedule is\n"
    "written as a scenario file to replay with `distlab-cli run` or open in the window.\n"
    "\n"
    "options:\n"
    "  --runs N        runs, in [1, 100000] (default 100); run K uses seed S+K-1\n"
    "  --seed N        S, the first run's seed (default: the scenario's seed)\n"
    "  --real          real processes, one run at a time (default: the simulator, in parallel)\n"
    "  --faults LIST   a comma-separated choice of kill, pause, partition, latency, loss,\n"
    "                  duplicate, clock_skew (default: all)\n"
    "  --interval D    the mean role time between two faults (default 2s)\n"
    "  --budget D      stop starting runs after D of wall-clock time (shrinking aside)\n"
    "  --checks LIST   judge exactly these checks of the scenario (comma-separated names)\n"
    "  --out FILE      where the shrunk scenario goes (default: beside FILE, as\n"
    "                  NAME.chaos-SEED.yaml)\n"
    "  --json          a one-line JSON summary on stdout\n"
    "\n"
    "exit codes: 0 every run passed, 1 a check failed (the shrunk scenario is written), 2 invalid\n"
    "input, 3 the lab failed.\n"
    "\n"
    "example:\n"
    "  distlab-cli chaos scenarios/consensus/unsafe-commit-old-term.yaml --runs 500 --faults kill,partition\n";

constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kPages{{
    {"run", kRun},
    {"validate", kValidate},
    {"roles", kRoles},
    {"report", kReport},
    {"compare", kCompare},
    {"sweep", kSweep},
    {"chaos", kChaos},
}};

}  // namespace

std::optional<std::string_view> command_help(std::string_view command) {
    for (const auto& [name, page] : kPages)
        if (name == command)
            return page;
    return std::nullopt;
}

bool asks_for_help(const std::vector<std::string>& args) {
    return std::any_of(args.begin(), args.end(), [](const std::string& a) { return a == "--help" || a == "-h"; });
}

}  // namespace distlab::cli
