#include "model/condition_text.h"

#include <fmt/format.h>

#include <vector>

namespace model {

std::string ConditionSourceText(const WriteCondition& cond) {
  if (cond.op == ConditionOp::kExists || cond.op == ConditionOp::kNotExists)
    return fmt::format("{}: {}", cond.attribute, ConditionOpName(cond.op));
  const std::string operand = cond.parameter.empty() ? cond.value : ":" + cond.parameter;
  std::string quoted;
  for (char ch : fmt::format("{} {}", ConditionOpName(cond.op), operand)) {
    if (ch == '"' || ch == '\\') {
      quoted += '\\';
      quoted += ch;
    } else if (ch == '\n') {
      quoted += "\\n";
    } else if (ch == '\t') {
      quoted += "\\t";
    } else if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) {
      quoted += fmt::format("\\x{:02X}", static_cast<unsigned char>(ch));
    } else {
      quoted += ch;
    }
  }
  return fmt::format("{}: \"{}\"", cond.attribute, quoted);
}

std::string WriteConditionsText(const Model& model, const WritePattern& w, int* groups) {
  auto braces = [](const std::vector<WriteCondition>& conds) {
    std::string out;
    for (const WriteCondition& cond : conds)
      out += (out.empty() ? "" : ", ") + ConditionSourceText(cond);
    return "{ " + out + " }";
  };
  std::vector<std::string> parts;
  if (!w.conditions.empty()) parts.push_back("condition " + braces(w.conditions));
  for (const AlsoWrite& a : w.also) {
    if (a.conditions.empty()) continue;
    parts.push_back(model.entities[static_cast<std::size_t>(a.entity)].name + "'s condition " +
                    braces(a.conditions));
  }
  if (groups) *groups = static_cast<int>(parts.size());
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i == 0 ? "" : " and ") + parts[i];
  return out;
}

}  // namespace model
