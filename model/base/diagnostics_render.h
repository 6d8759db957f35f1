// A run's diagnostics rendered in parts, for a driver that runs phases one after another: each
// phase's diagnostics as the phase ends (RenderDiagnosticsBody), and one summary line for all of
// them once no phase is left to run (DiagnosticsSummaryLine), so the summary comes last however
// many phases reported. Diagnostics::Render is the two together for one sink.
#pragma once

#include <string>

#include "model/base/diagnostics.h"

namespace model {

// Diagnostics::Render without its summary line: every diagnostic, sorted by file and position,
// each with its notes and source lines. Empty when there are none.
std::string RenderDiagnosticsBody(const Diagnostics& diags, const RenderOptions& options = {});

// "2 errors and 1 warning generated.\n", "1 warning generated.\n"; "" when both are 0.
std::string DiagnosticsSummaryLine(int errors, int warnings);

}  // namespace model
