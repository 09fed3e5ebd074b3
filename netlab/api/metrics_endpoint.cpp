#include "netlab/api/metrics_endpoint.h"

#include "netlab/metrics_http/live_metrics.h"
#include "netlab/metrics_http/metrics_server.h"

namespace distlab::netlab {

struct MetricsEndpoint::Impl {
    std::shared_ptr<LiveMetrics> metrics = std::make_shared<LiveMetrics>();
    std::unique_ptr<MetricsServer> server;
};

MetricsEndpoint::MetricsEndpoint() : impl_(std::make_unique<Impl>()) {}

MetricsEndpoint::~MetricsEndpoint() = default;

core::Result<std::string> MetricsEndpoint::serve(std::uint16_t port) {
    impl_->server.reset();
    MetricsServer::Options options;
    options.port = port;
    auto started = MetricsServer::start(options, [metrics = impl_->metrics] { return metrics->render(); });
    if (!started)
        return std::unexpected(started.error());
    impl_->server = std::move(*started);
    return impl_->server->url();
}

EventSink& MetricsEndpoint::sink() {
    return *impl_->metrics;
}

}  // namespace distlab::netlab
