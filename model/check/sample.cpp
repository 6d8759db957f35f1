#include "model/check/sample.h"

#include <algorithm>
#include <map>
#include <set>

#include "model/check/internal.h"

namespace model::check {

namespace {

// Cuts `text` to at most kSampleValueChars characters (UTF-8 aware), marking the cut with "...".
std::string Shorten(const std::string& text) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (chars == kSampleValueChars) return text.substr(0, i) + "...";
    ++chars;
  }
  return text;
}

std::string Quoted(const std::string& s) { return "\"" + s + "\""; }

// Display text: scalars as stored, documents and sets in a compact JSON-like form.
std::string Display(const sim::AttributeValue& v) {
  switch (v.type()) {
    case sim::ValueType::kS:
    case sim::ValueType::kN:
      return v.scalar();
    case sim::ValueType::kB:
      return "(" + std::to_string(v.scalar().size()) + " bytes)";
    case sim::ValueType::kBool:
      return v.boolean() ? "true" : "false";
    case sim::ValueType::kNull:
      return "null";
    case sim::ValueType::kL: {
      std::string out;
      for (const auto& e : v.list())
        out += (out.empty() ? "" : ", ") +
               (e.is(sim::ValueType::kS) ? Quoted(e.scalar()) : Display(e));
      return "[" + out + "]";
    }
    case sim::ValueType::kM: {
      std::string out;
      for (const auto& [k, e] : v.map()) {
        out += (out.empty() ? "" : ", ") + k + ": " +
               (e.is(sim::ValueType::kS) ? Quoted(e.scalar()) : Display(e));
      }
      return "{" + out + "}";
    }
    case sim::ValueType::kSS:
    case sim::ValueType::kNS:
    case sim::ValueType::kBS: {
      std::string out;
      for (const auto& m : v.set())
        out += (out.empty() ? "" : ", ") + (v.is(sim::ValueType::kSS) ? Quoted(m) : m);
      return "{" + out + "}";
    }
  }
  return "";
}

// The attribute names an index entry holds under the index's projection (empty = all).
std::set<std::string> Projected(const KeyLayout& layout, int index) {
  std::set<std::string> out;
  if (index == 0) return out;
  const IndexLayout& ix = layout.indexes[static_cast<std::size_t>(index - 1)];
  if (ix.projection == Projection::kAll) return out;
  out = {layout.partition_key, layout.sort_key,   ix.partition_key, ix.sort_key,
         kTypeAttribute,       kVersionAttribute, kLatestAttribute};
  if (ix.projection == Projection::kInclude)
    out.insert(ix.projected_attributes.begin(), ix.projected_attributes.end());
  return out;
}

SampleItem ToSample(const KeyLayout& layout, int index, const RenderedItem& r) {
  const ItemType& t = layout.item_types[static_cast<std::size_t>(r.type)];
  std::set<std::string> projected = Projected(layout, index);
  std::vector<std::string> order;
  if (index > 0) {
    const IndexLayout& ix = layout.indexes[static_cast<std::size_t>(index - 1)];
    order = {ix.partition_key, ix.sort_key};
  }
  order.push_back(layout.partition_key);
  order.push_back(layout.sort_key);
  for (const IndexLayout& ix : layout.indexes) {
    order.push_back(ix.partition_key);
    order.push_back(ix.sort_key);
  }
  order.push_back(kTypeAttribute);
  order.insert(order.end(), t.attributes.begin(), t.attributes.end());
  for (const char* a : {kShardAttribute, kVersionAttribute, kLatestAttribute}) order.push_back(a);
  SampleItem out;
  out.item_type = t.name;
  std::set<std::string> seen;
  for (const std::string& name : order) {
    if (!seen.insert(name).second) continue;
    if (!projected.empty() && !projected.count(name)) continue;
    auto it = r.item.find(name);
    if (it == r.item.end()) continue;
    out.attributes.emplace_back(name, Shorten(Display(it->second)));
  }
  return out;
}

}  // namespace

SampleItems SampleItemsFor(const Model& model, const KeyLayout& layout,
                           const CheckOptions& options) {
  std::vector<RenderedItem> items = RenderDataset(model, layout, options);
  SampleItems out;
  for (int index = 0; index <= static_cast<int>(layout.indexes.size()); ++index) {
    SampleIndex si;
    si.index = index;
    si.name = layout.IndexName(index);
    si.partition_key = index == 0
                           ? layout.partition_key
                           : layout.indexes[static_cast<std::size_t>(index - 1)].partition_key;
    si.sort_key =
        index == 0 ? layout.sort_key : layout.indexes[static_cast<std::size_t>(index - 1)].sort_key;
    IndexPartitions partitions = PartitionsOf(layout, index, items);
    std::vector<RepresentativePartition> chosen =
        RepresentativePartitions(layout, index, partitions);
    std::stable_sort(chosen.begin(), chosen.end(),
                     [](const RepresentativePartition& a, const RepresentativePartition& b) {
                       return a.types != b.types ? a.types > b.types : a.key < b.key;
                     });
    if (chosen.size() > static_cast<std::size_t>(kSamplePartitions))
      chosen.resize(kSamplePartitions);
    for (const RepresentativePartition& cand : chosen) {
      SamplePartition part;
      part.key = cand.key;
      const auto& rows = partitions[cand.key];
      for (const auto& [sk, r] : rows) {
        if (part.items.size() == static_cast<std::size_t>(kSampleItems)) {
          part.more = true;
          break;
        }
        part.items.push_back(ToSample(layout, index, *r));
      }
      si.partitions.push_back(std::move(part));
    }
    out.indexes.push_back(std::move(si));
  }
  return out;
}

}  // namespace model::check
