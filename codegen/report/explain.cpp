#include "codegen/report/explain.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "codegen/report/design_text.h"

namespace model {

namespace {

std::string Bullets(const std::vector<Reason>& reasons, const char* indent) {
  std::string out;
  for (const auto& r : reasons) {
    out += fmt::format("{}- {}", indent, r.text);
    if (!r.patterns.empty()) {
      std::string names;
      for (const auto& p : r.patterns) names += (names.empty() ? "" : ", ") + p;
      out += fmt::format(" [{}]", names);
    }
    out += "\n";
  }
  return out;
}

std::string ExplainRead(const Model& model, const KeyLayout& layout, const ReadPlan& r) {
  const std::string& pk = r.index == 0 ? layout.partition_key : model.table.GsiPartitionKey(r.index);
  const std::string& sk = r.index == 0 ? layout.sort_key : model.table.GsiSortKey(r.index);
  std::string out = fmt::format("access pattern {}: {} on {}\n", r.pattern, OperationName(r.operation),
                                layout.IndexName(r.index));
  out += fmt::format("  key condition: {}\n", r.key.ToString(pk, sk));
  if (r.operation == Operation::kFanOutQuery) out += fmt::format("  shards: {} (one request each)\n", r.shards);
  std::string filter = DescribeFilter(r);
  if (!filter.empty()) out += fmt::format("  filter: {} (reads {:.1f} items per item returned)\n", filter, r.read_amplification);
  if (!r.client_steps.empty()) out += fmt::format("  then: {}\n", ClientStepsText(r.client_steps));
  out += "  why:\n" + Bullets(r.reasons, "    ");
  return out;
}

std::string ExplainWrite(const KeyLayout& layout, const WritePlan& w) {
  std::string out = fmt::format("write pattern {}: {}\n", w.pattern, w.transaction ? "TransactWriteItems" : "one item");
  for (const auto& iw : w.writes) {
    out += fmt::format("  {} {}", WriteOpName(iw.op), layout.item_types[static_cast<std::size_t>(iw.item_type)].name);
    if (!iw.set_attributes.empty()) {
      std::string s;
      for (const auto& a : iw.set_attributes) s += (s.empty() ? "" : ", ") + a;
      out += fmt::format(" SET {}", s);
    }
    if (!iw.refresh_keys.empty()) {
      std::string s;
      for (const auto& a : iw.refresh_keys) s += (s.empty() ? "" : ", ") + a;
      out += fmt::format(" recomputing {}", s);
    }
    if (!iw.condition.empty()) out += fmt::format(" if {}", iw.condition);
    if (!iw.note.empty()) out += fmt::format(" ({})", iw.note);
    out += "\n";
  }
  if (!w.reasons.empty()) out += "  why:\n" + Bullets(w.reasons, "    ");
  return out;
}

std::string ExplainItem(const KeyLayout& layout, int id) {
  const ItemType& t = layout.item_types[static_cast<std::size_t>(id)];
  std::string out = fmt::format("item type {} ({}): {} = {}, {} = {}\n", t.name, ItemRoleName(t.role),
                                layout.partition_key, t.partition_key.ToString(), layout.sort_key, t.sort_key.ToString());
  return out + Bullets(t.reasons, "  ");
}

std::string ExplainIndex(const IndexLayout& i) {
  std::string out = fmt::format("index {}: {} / {}, projection {}\n", i.name, i.partition_key, i.sort_key,
                                ProjectionName(i.projection));
  return out + Bullets(i.reasons, "  ");
}

}  // namespace

bool HasPattern(const Model& model, const std::string& name) {
  for (const auto& p : model.access_patterns) {
    if (p.name == name) return true;
  }
  for (const auto& w : model.write_patterns) {
    if (w.name == name) return true;
  }
  return false;
}

std::string RenderExplanation(const Model& model, const KeyLayout& layout, const std::string* pattern) {
  std::string out;
  if (!pattern) {
    out += "Design decisions\n" + Bullets(layout.notes, "");
    for (const auto& i : layout.indexes) out += "\n" + ExplainIndex(i);
    for (std::size_t t = 0; t < layout.item_types.size(); ++t) out += "\n" + ExplainItem(layout, static_cast<int>(t));
    for (const auto& r : layout.reads) out += "\n" + ExplainRead(model, layout, r);
    for (const auto& w : layout.writes) out += "\n" + ExplainWrite(layout, w);
    return out;
  }
  std::set<int> items;
  std::set<int> indexes;
  for (const auto& r : layout.reads) {
    if (r.pattern != *pattern) continue;
    out += ExplainRead(model, layout, r);
    items.insert(r.item_types.begin(), r.item_types.end());
    if (r.index > 0) indexes.insert(r.index);
  }
  for (const auto& w : layout.writes) {
    if (w.pattern != *pattern) continue;
    out += ExplainWrite(layout, w);
    for (const auto& iw : w.writes) items.insert(iw.item_type);
  }
  for (int i : indexes) {
    for (const auto& index : layout.indexes) {
      if (index.number == i) out += "\n" + ExplainIndex(index);
    }
  }
  for (int t : items) out += "\n" + ExplainItem(layout, t);
  return out;
}

}  // namespace model
