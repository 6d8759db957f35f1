#include "model/base/diagnostic_codes.h"

namespace model {
namespace {

constexpr bool CodesAreUnique() {
  for (std::size_t i = 0; i < std::size(kDiagnosticTable); ++i) {
    for (std::size_t j = i + 1; j < std::size(kDiagnosticTable); ++j) {
      if (kDiagnosticTable[i].code == kDiagnosticTable[j].code) return false;
    }
  }
  return true;
}

constexpr bool CodesMatchSeverity() {
  for (const DiagInfo& d : kDiagnosticTable) {
    if (d.code.size() != 4) return false;
    char want = d.severity == Severity::kError ? 'E' : 'W';
    if (d.code[0] != want || d.severity == Severity::kNote || d.title.empty()) return false;
  }
  return true;
}

static_assert(CodesAreUnique(), "a diagnostic code appears twice in diagnostic_codes.def");
static_assert(CodesMatchSeverity(), "E codes are errors, W codes warnings, each with a title");

}  // namespace
}  // namespace model
