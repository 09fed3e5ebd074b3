#pragma once

#include <string>
#include <vector>

#include "netlab/report/report_data.h"

namespace distlab::netlab {

// A report laid out as sections of blocks, the one layout the HTML page and the PDF share.
// Html blocks are XHTML fragments using only markup Qt's rich text also understands (h1-h3, p,
// table/tr/th/td, b, code, pre, span with a class); Svg blocks are complete <svg> documents.
struct ReportBlock {
    enum class Kind { Html, Svg };
    Kind kind = Kind::Html;
    std::string content;
};

struct ReportSection {
    std::string id;                    // anchor name: "topology", "latency", ...
    std::string title;                 // empty for the title block
    std::vector<ReportBlock> blocks;
};

struct ReportDocument {
    std::string title;                 // the scenario's English title
    std::vector<ReportSection> sections;
};

// The report's sections, in order: title and summary, topology, timeline, time series, latency
// percentiles, availability, messages, pattern figures, checks, rerun.
ReportDocument build_report_document(const ReportData& data);

// The CSS both renderings use (Qt's rich text reads the subset it supports).
const std::string& report_css();

// One self-contained XHTML-compatible page (inline CSS and SVG, no scripts, no links out).
std::string render_html(const ReportDocument& doc);

}  // namespace distlab::netlab
