// The table of diagnostic codes, clang-style: one row per problem `model` reports.
//
// Every diagnostic code lives in diagnostic_codes.def exactly once, with its severity and a short
// title; call sites name a row by its DiagId (`DiagId::kUnknownKey`), never by a string, so a
// code cannot be typed twice or reused for a second problem (a static_assert in
// diagnostic_codes.cpp rejects a duplicated code). docs/diagnostics.md documents every row under
// "## <code>: <title>", and the model unit tests check the table and the page agree both ways.
//
// Diagnostics::Error takes an ErrorId and Diagnostics::Warning a WarningId: both convert from a
// DiagId at compile time only, and only when the table gives the row that severity, so the
// severity at a call site always agrees with the table.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace model {

enum class Severity { kNote, kWarning, kError };

enum class DiagId {
#define MODEL_DIAG(id, code, severity, title) id,
#include "model/base/diagnostic_codes.def"
#undef MODEL_DIAG
};

struct DiagInfo {
  DiagId id;
  std::string_view code;  // stable, e.g. "E104"
  Severity severity;
  std::string_view title;  // short, e.g. "unknown key"
};

// Every row, in the order of the .def file (grouped by code).
inline constexpr DiagInfo kDiagnosticTable[] = {
#define MODEL_DIAG(id, code, severity, title) {DiagId::id, code, Severity::severity, title},
#include "model/base/diagnostic_codes.def"
#undef MODEL_DIAG
};

constexpr const DiagInfo& InfoOf(DiagId id) {
  return kDiagnosticTable[static_cast<std::size_t>(id)];
}
constexpr std::span<const DiagInfo> DiagnosticTable() { return kDiagnosticTable; }

// A DiagId whose row is an error; converts only in constant expressions, so a call site that
// names a warning's id in Diagnostics::Error does not compile.
struct ErrorId {
  consteval ErrorId(DiagId d) : id(d) {  // NOLINT: implicit on purpose
    if (InfoOf(d).severity != Severity::kError) throw "this diagnostic is a warning in the table";
  }
  DiagId id;
};

// A DiagId whose row is a warning; see ErrorId.
struct WarningId {
  consteval WarningId(DiagId d) : id(d) {  // NOLINT: implicit on purpose
    if (InfoOf(d).severity != Severity::kWarning) throw "this diagnostic is an error in the table";
  }
  DiagId id;
};

}  // namespace model
