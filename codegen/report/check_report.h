// Renderings of a `model check` report: a table for people, JSON for tools, JUnit XML for CI
// test reporters, SARIF 2.1.0 for code-scanning views (failures point at the pattern's line in
// the model file). All deterministic: the same report gives the same bytes.
#pragma once

#include <string>

#include "model/check_report.h"

namespace model {

std::string RenderCheckText(const CheckReport& report, const std::string& model_path);
std::string RenderCheckJson(const CheckReport& report, const std::string& model_path);
std::string RenderCheckJunit(const CheckReport& report, const std::string& model_path);
std::string RenderCheckSarif(const CheckReport& report, const std::string& model_path);

}  // namespace model
