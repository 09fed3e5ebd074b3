#include "netlab/api/fork.h"

#include <cstdio>

#include "netlab/runner/fork.h"
#include "netlab/telemetry/playback.h"
#include "netlab/telemetry/runs_folder.h"

namespace distlab::netlab {

core::Result<ForkDone> fork_recording(const ForkSetup& setup) {
    ForkRequest request;
    request.parent = setup.parent;
    request.at_ns = setup.at_ns;
    switch (setup.change) {
    case ForkSetup::Change::None: break;
    case ForkSetup::Change::Drop:
    case ForkSetup::Change::Deliver:
        request.change.kind = setup.change == ForkSetup::Change::Drop ? ForkChange::Kind::Drop : ForkChange::Kind::Deliver;
        request.change.sender = setup.sender;
        request.change.id = setup.id;
        break;
    case ForkSetup::Change::Fault:
        request.change.kind = ForkChange::Kind::Fault;
        request.change.fault = setup.text;
        break;
    case ForkSetup::Change::Param: {
        auto parsed = ForkChange::param(setup.text);
        if (!parsed)
            return std::unexpected(parsed.error());
        request.change = std::move(*parsed);
        break;
    }
    }
    if (setup.runs_folder.empty())
        return core::fail("no runs folder to record the fork into");
    auto parent = Playback::open(setup.parent);
    if (!parent)
        return std::unexpected(parent.error());
    const RunsFolder folder(setup.runs_folder, setup.runs_cap_bytes);
    auto path = folder.new_recording_path(parent->meta().scenario_name);
    if (!path)
        return std::unexpected(path.error());
    request.record_path = *path;
    char at[48];
    std::snprintf(at, sizeof at, "%.9fs", static_cast<double>(setup.at_ns) / 1e9);
    request.command_line = "distlab-cli fork " + setup.parent.string() + " --at " + at;
    if (request.change.kind != ForkChange::Kind::None) {
        const std::string change = request.change.text();
        const auto space = change.find(' ');
        request.command_line += " --" + change.substr(0, space) + " '" + change.substr(space + 1) + "'";
    }
    auto forked = fork_run(request);
    if (!forked)
        return std::unexpected(forked.error());
    if (forked->run.verdict == RunVerdict::Passed || forked->run.verdict == RunVerdict::Failed)
        (void)RunsFolder::record_verdict(*path, forked->run.passed);
    const std::filesystem::path keep[] = {*path, setup.parent};
    folder.enforce_cap(keep);
    ForkDone done;
    done.recording = *path;
    done.applied = forked->applied;
    done.parent_real = forked->parent_real;
    done.prefix_events = forked->prefix_events;
    done.mismatch = forked->mismatch;
    done.judgement = judgement_of(forked->run.checks, forked->run.stopped_at_ns);
    return done;
}

}  // namespace distlab::netlab
