#include "codegen/report/design_text.h"

#include <fmt/format.h>

#include <algorithm>

namespace model {

namespace {

// Display width: UTF-8 continuation bytes do not count.
std::size_t Width(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char ch : s) n += (ch & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

std::string Pad(const std::string& s, std::size_t width) {
  std::size_t w = Width(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}

void TrimRight(std::string* s) {
  while (!s->empty() && s->back() == ' ') s->pop_back();
}

std::string SparseSuffix(const IndexKeys& k) {
  if (k.only_when.empty()) return "";
  std::string cond;
  for (const auto& w : k.only_when) cond += (cond.empty() ? "" : " and ") + fmt::format("{} = {}", w.attribute, w.value);
  return fmt::format(" (if {})", cond);
}

}  // namespace

std::string RenderTextTable(const std::vector<std::string>& header,
                            const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths(header.size(), 0);
  for (std::size_t i = 0; i < header.size(); ++i) widths[i] = Width(header[i]);
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) widths[i] = std::max(widths[i], Width(row[i]));
  }
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (std::size_t i = 0; i < widths.size(); ++i) {
      if (i > 0) out += " | ";
      out += Pad(i < cells.size() ? cells[i] : "", widths[i]);
    }
    TrimRight(&out);
    return out + "\n";
  };
  std::string out = line(header);
  std::string rule;
  for (std::size_t i = 0; i < widths.size(); ++i) {
    if (i > 0) rule += "-+-";
    rule += std::string(widths[i], '-');
  }
  out += rule + "\n";
  for (const auto& row : rows) out += line(row);
  return out;
}

std::string DescribeFilter(const ReadPlan& plan) {
  std::vector<std::string> terms;
  for (const auto& f : plan.filter) terms.push_back(fmt::format("{} = {}", f.attribute, f.value));
  if (!plan.filter_types.empty()) {
    std::string list;
    for (const auto& t : plan.filter_types) list += (list.empty() ? "" : ", ") + t;
    terms.push_back(plan.filter_types.size() == 1 ? fmt::format("{} = {}", kTypeAttribute, list)
                                                  : fmt::format("{} IN ({})", kTypeAttribute, list));
  }
  std::string out;
  for (const auto& t : terms) out += (out.empty() ? "" : " AND ") + t;
  return out;
}

std::string RenderDesign(const Model& model, const KeyLayout& layout) {
  std::string out = fmt::format("Table {}: partition key {}, sort key {}, {} global secondary index{}\n\n",
                                layout.table_name, layout.partition_key, layout.sort_key, layout.indexes.size(),
                                layout.indexes.size() == 1 ? "" : "es");
  std::vector<std::string> header = {"Item type", layout.partition_key, layout.sort_key};
  for (const auto& i : layout.indexes) {
    header.push_back(i.partition_key);
    header.push_back(i.sort_key);
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& t : layout.item_types) {
    std::vector<std::string> row = {t.name, t.partition_key.ToString(), t.sort_key.ToString()};
    for (const auto& i : layout.indexes) {
      auto it = std::find_if(t.index_keys.begin(), t.index_keys.end(),
                             [&](const IndexKeys& k) { return k.index == i.number; });
      row.push_back(it == t.index_keys.end() ? "" : it->partition_key.ToString() + SparseSuffix(*it));
      row.push_back(it == t.index_keys.end() ? "" : it->sort_key.ToString());
    }
    rows.push_back(row);
  }
  out += "Entity chart\n" + RenderTextTable(header, rows);

  if (!layout.indexes.empty()) {
    rows.clear();
    for (const auto& i : layout.indexes) {
      std::string projection = ProjectionName(i.projection);
      if (i.projection == Projection::kInclude) {
        std::string attrs;
        for (const auto& a : i.projected_attributes) attrs += (attrs.empty() ? "" : ", ") + a;
        projection += " (" + attrs + ")";
      }
      rows.push_back({i.name, i.partition_key, i.sort_key, projection});
    }
    out += "\nIndexes\n" + RenderTextTable({"Index", "Partition key", "Sort key", "Projection"}, rows);
  }

  rows.clear();
  for (const auto& r : layout.reads) {
    const std::string& pk = r.index == 0 ? layout.partition_key : model.table.GsiPartitionKey(r.index);
    const std::string& sk = r.index == 0 ? layout.sort_key : model.table.GsiSortKey(r.index);
    std::string op = OperationName(r.operation);
    if (r.operation == Operation::kFanOutQuery) op = fmt::format("Query x{} shards", r.shards);
    if (!r.scan_forward) op += ", descending";
    if (r.limit) op += fmt::format(", limit {}", *r.limit);
    std::string requests = std::to_string(r.requests);
    if (!r.client_steps.empty()) requests += "; then " + ClientStepsText(r.client_steps);
    rows.push_back({r.pattern, op, layout.IndexName(r.index), r.key.ToString(pk, sk), DescribeFilter(r), requests});
  }
  out += "\nAccess patterns\n" +
         RenderTextTable({"Pattern", "Operation", "Index", "Key condition", "Filter", "Requests"}, rows);

  if (!layout.writes.empty()) {
    rows.clear();
    for (const auto& w : layout.writes) {
      std::string items;
      for (const auto& iw : w.writes) {
        items += (items.empty() ? "" : ", ") +
                 fmt::format("{} {}", WriteOpName(iw.op), layout.item_types[static_cast<std::size_t>(iw.item_type)].name);
      }
      rows.push_back({w.pattern, items, w.transaction ? "TransactWriteItems" : "single item"});
    }
    out += "\nWrite patterns\n" + RenderTextTable({"Pattern", "Items", "Request"}, rows);
  }
  return out;
}

}  // namespace model
