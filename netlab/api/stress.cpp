#include "netlab/api/stress.h"

#include "core/model/role_registry.h"
#include "netlab/report/report.h"
#include "netlab/report/report_data.h"
#include "netlab/report/report_document.h"
#include "netlab/runner/runner.h"
#include "netlab/stress/stress.h"
#include "netlab/stress/stress_report.h"

namespace distlab::netlab {

namespace {

core::Text error_text(const core::Error& e) {
    return {e.message, e.zh.empty() ? e.message : e.zh};
}

}  // namespace

std::expected<std::vector<std::string>, core::Text> stress_client_ids(const Scenario& scenario) {
    auto clients = stress_clients(scenario, core::RoleRegistry::builtin());
    if (!clients)
        return std::unexpected(error_text(clients.error()));
    return std::vector<std::string>(clients->begin(), clients->end());
}

std::expected<StressOutcome, core::Text> run_stress_campaign(const Scenario& scenario, const StressCampaign& campaign) {
    const core::RoleRegistry& roles = core::RoleRegistry::builtin();
    StressOptions options;
    options.from = campaign.from;
    options.to = campaign.to;
    options.step = campaign.step;
    options.hold = campaign.hold;
    options.closed_loop = campaign.closed_loop;
    options.stop = campaign.stop;
    options.on_progress = campaign.on_progress;
    if (auto problem = ramp_problem(options))
        return std::unexpected(core::Text{"stress: " + problem->en, "压力测试：" + problem->zh});
    if (auto refusal = simulation_refusal(scenario, roles))
        return std::unexpected(core::Text{"stress: " + *refusal, "压力测试：" + *refusal});
    auto clients = stress_clients(scenario, roles);
    if (!clients)
        return std::unexpected(error_text(clients.error()));

    auto result = run_stress(scenario, options);
    if (!result)
        return std::unexpected(error_text(result.error()));
    if (!result->no_latency.empty())
        return std::unexpected(core::Text{"stress: the clients' role(s) " + result->no_latency + " record no op_latency_ms",
                                          "压力测试：客户端角色 " + result->no_latency + " 没有记录 op_latency_ms"});
    StressOutcome outcome;
    for (const LoadMeasure& m : result->steps)
        outcome.steps.push_back({m.offered, m.throughput, m.percentile_ms(50), m.percentile_ms(99), m.percentile_ms(99.9)});
    if (result->knee)
        outcome.knee = result->steps[*result->knee].offered;
    if (result->saturation)
        outcome.saturation = result->steps[*result->saturation].offered;
    outcome.saturation_reason = result->saturation_reason;
    outcome.stopped = result->stopped;
    outcome.seconds = result->seconds;
    if (result->steps.empty() || (campaign.stop && campaign.stop->load()))
        return outcome;

    // The run the report shows: the knee's step (the first step's when the first saturated), as
    // distlab-cli stress --report does; the campaign's section leads, after the title.
    const LoadMeasure& shown_step = result->steps[result->knee.value_or(0)];
    auto shown = stress_scenario(scenario, *clients, {shown_step.offered, false}, options.hold, roles);
    if (!shown)
        return std::unexpected(error_text(shown.error()));
    RunRequest request;
    request.scenario = *shown;
    request.simulate = true;
    request.command_line = "DistLab: Run > Stress";
    request.stop_requested = campaign.stop;
    auto run = run_scenario(request);
    if (!run)
        return std::unexpected(core::Text{"stress: the lab failed running the knee's step: " + run.error().message,
                                          "压力测试：运行拐点那一步时实验室失败：" + error_text(run.error()).zh});
    const ReportData data =
        build_report_data({*shown, run->events, run->checks, shown->seed, request.command_line, std::string(), {}});
    ReportDocument doc = build_report_document(data, campaign.lang);
    doc.sections.insert(doc.sections.empty() ? doc.sections.end() : doc.sections.begin() + 1,
                        stress_section(scenario, options, *result, campaign.lang));
    ReportFormats formats;
    formats.pdf = false;
    if (auto written = write_report(data, doc, run->events, run->summary, campaign.report_dir, formats); !written)
        return std::unexpected(error_text(written.error()));
    outcome.report = campaign.report_dir / "report.html";
    return outcome;
}

}  // namespace distlab::netlab
