#include "netlab/api/lab_run.h"

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "netlab/api/metrics_endpoint.h"
#include "netlab/runner/pacer.h"
#include "netlab/runner/run_control.h"
#include "netlab/runner/runner.h"
#include "netlab/scenario/scenario_writer.h"
#include "netlab/telemetry/runs_folder.h"
#include "netlab/telemetry/telemetry.h"

namespace distlab::netlab {

namespace {

// Hands the run's stream to the setup's callback, on the run's thread.
class CallbackSink final : public EventSink {
public:
    explicit CallbackSink(const std::function<void(std::span<const Event>)>& on_events) : on_events_(on_events) {}
    void on_events(std::span<const Event> batch) override { on_events_(batch); }

private:
    const std::function<void(std::span<const Event>)>& on_events_;
};

}  // namespace

struct LabRun::Impl {
    RunSetup setup;
    RunRequest request;
    std::atomic<bool> stop{false};
    RunControl control;
    std::optional<Pacer> pacer;
    std::optional<std::filesystem::path> recording;
    std::mutex join_mutex;
    std::thread worker;

    void run();
};

std::unique_ptr<LabRun> LabRun::start(RunSetup setup) {
    auto impl = std::make_unique<Impl>();
    Impl& run = *impl;
    run.setup = std::move(setup);
    const RunSetup& s = run.setup;
    RunRequest& request = run.request;
    request.scenario = s.scenario;
    request.simulate = s.simulate;
    request.node_binary = s.node_binary;
    request.listen = s.listen;
    request.on_listening = s.on_listening;
    request.stop_requested = &run.stop;
    request.control = &run.control;
    if (!s.runs_folder.empty()) {
        const RunsFolder folder(s.runs_folder, s.runs_cap_bytes);
        if (auto path = folder.new_recording_path(s.scenario.name); path) {
            request.record_path = *path;
            request.scenario_yaml = write_scenario(s.scenario);
            request.command_line = "distlab-cli run " + (s.source.empty() ? std::string("lab.yaml") : s.source) +
                                   (s.simulate ? " --sim" : "") + " --seed " + std::to_string(s.scenario.seed);
            run.recording = *path;
        }
    }
    if (s.metrics)
        request.extra_sinks.push_back(&s.metrics->sink());
    run.control.set_step_mode(s.step_mode);
    if (s.simulate && s.paced) {
        run.pacer.emplace(s.scenario.time_scale, s.slowdown);
        request.pacer = &*run.pacer;
    }
    request.on_progress = [&run](const RunProgress& progress) {
        if (run.setup.on_progress)
            run.setup.on_progress(RunTick{progress.elapsed, progress.total, run.control.paused()});
    };
    std::unique_ptr<LabRun> started(new LabRun(std::move(impl)));
    run.worker = std::thread([&run] { run.run(); });
    return started;
}

void LabRun::Impl::run() {
    std::optional<CallbackSink> sink;
    if (setup.on_events) {
        sink.emplace(setup.on_events);
        request.extra_sinks.push_back(&*sink);
    }
    RunEnd end;
    auto ran = run_scenario(request);
    if (ran && request.record_path) {
        // The verdict goes into the recording, and old recordings make room for this one.
        // A stopped run or one without checks was not judged: no verdict stored (Past Runs
        // reads the stop from the recording's end reason).
        if (ran->verdict == RunVerdict::Passed || ran->verdict == RunVerdict::Failed)
            (void)RunsFolder::record_verdict(*request.record_path, ran->passed);
        const RunsFolder folder(request.record_path->parent_path(), setup.runs_cap_bytes);
        const std::filesystem::path keep[] = {*request.record_path};
        folder.enforce_cap(keep);
        if (ran->recording_problem)
            end.recording_problem = ran->recording_problem->message;
    }
    if (ran)
        end.judgement = judgement_of(ran->checks, ran->stopped_at_ns);
    else
        end.error = ran.error().message;
    if (setup.on_finished)
        setup.on_finished(end);
}

LabRun::LabRun(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

LabRun::~LabRun() {
    stop();
    wait();
}

const std::optional<std::filesystem::path>& LabRun::recording() const {
    return impl_->recording;
}

RunControl& LabRun::control() {
    return impl_->control;
}

void LabRun::set_paused(bool paused) {
    impl_->control.set_paused(paused);
}

bool LabRun::paused() const {
    return impl_->control.paused();
}

void LabRun::set_step_mode(bool on) {
    impl_->control.set_step_mode(on);
}

void LabRun::set_slowdown(double factor) {
    if (impl_->pacer)
        impl_->pacer->set_slowdown(factor);
}

void LabRun::stop() {
    impl_->stop = true;
    if (impl_->pacer)
        impl_->pacer->stop();
    impl_->control.set_paused(false);
}

void LabRun::wait() {
    const std::lock_guard lock(impl_->join_mutex);
    if (impl_->worker.joinable())
        impl_->worker.join();
}

}  // namespace distlab::netlab
