#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/model/result.h"

// The engine facade, live metrics: the metrics of every run fed to it, served for Prometheus
// on loopback (docs/gui.md, "The engine facade").
namespace distlab::netlab {

class EventSink;   // netlab/telemetry/telemetry.h
class LabRun;      // netlab/api/lab_run.h

// Give it to RunSetup::metrics: each run then updates it, and a scrape shows the run in
// progress (a new run starts the series afresh).
//
// Threading: serve() from one thread at a time; the runs feed it from theirs.
class MetricsEndpoint {
public:
    MetricsEndpoint();
    ~MetricsEndpoint();
    MetricsEndpoint(const MetricsEndpoint&) = delete;
    MetricsEndpoint& operator=(const MetricsEndpoint&) = delete;

    // Serves on 127.0.0.1:port (0: any free port) from now on, closing the previous listener;
    // returns the URL. The metrics gathered so far are kept.
    core::Result<std::string> serve(std::uint16_t port);

private:
    friend class LabRun;   // feeds sink() with its run's events
    EventSink& sink();

    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace distlab::netlab
