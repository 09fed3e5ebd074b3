#pragma once

#include <filesystem>

#include "core/model/result.h"
#include "netlab/report/report_document.h"

namespace distlab::report {

// Writes `doc` as an A4 PDF: text blocks laid out by Qt's rich text, charts drawn from the very
// SVG of the HTML page through QSvgRenderer (vector, never rasterised). A section starts on a new
// page when its heading and first block do not fit; a chart is never split; a table taller than
// the space left continues on the next page, cut between rows. Every page has a footer with the
// title and page number.
//
// Needs a QGuiApplication; when none exists (distlab-cli) one is created on the "offscreen"
// platform and kept for the rest of the process. Call from the main thread.
core::Result<void> write_report_pdf(const netlab::ReportDocument& doc, const std::filesystem::path& file);

}  // namespace distlab::report
