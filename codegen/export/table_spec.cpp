#include "codegen/export/table_spec.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "codegen/writer/escape.h"
#include "model/cost.h"
#include "model/index_projection.h"

namespace model::codegen {

namespace {

std::int64_t Units(double per_second) {
  return std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(per_second - 1e-9)));
}

Json KeySchema(const std::string& hash, const std::string& range) {
  Json out = Json::array();
  out.push_back(Json{{"AttributeName", hash}, {"KeyType", "HASH"}});
  // A natural-key index may have no sort key (range empty).
  if (!range.empty()) out.push_back(Json{{"AttributeName", range}, {"KeyType", "RANGE"}});
  return out;
}

Json ThroughputJson(const Throughput& t) {
  return Json{{"ReadCapacityUnits", t.read}, {"WriteCapacityUnits", t.write}};
}

}  // namespace

ProvisionedFigures ProvisionedFor(const Model& model, const KeyLayout& layout) {
  std::vector<double> reads(layout.indexes.size() + 1, 0.0);
  for (const ReadPlan& plan : layout.reads) {
    ReadFigures f = EstimateRead(model, layout, plan);
    if (plan.index >= 0 && static_cast<std::size_t>(plan.index) < reads.size()) {
      reads[static_cast<std::size_t>(plan.index)] += f.rcu_per_s;
    }
  }
  std::vector<double> writes(layout.indexes.size() + 1, 0.0);
  for (const WritePlan& plan : layout.writes) {
    WriteFigures f = EstimateWrite(model, layout, plan);
    for (std::size_t i = 0; i < writes.size() && i < f.wcu_per_s_by_index.size(); ++i)
      writes[i] += f.wcu_per_s_by_index[i];
    reads[0] += f.rcu_per_s;             // its GetItems of aggregates' group items, on the table
    reads[0] += f.first_read_rcu_per_s;  // its GetItem of its own item (read_first)
    // Its reads of the children whose copies it rewrites, where each read runs.
    for (std::size_t i = 0; i < reads.size() && i < f.copy_read_rcu_per_s_by_index.size(); ++i)
      reads[i] += f.copy_read_rcu_per_s_by_index[i];
  }
  // A stream-kept aggregate's consumer: its GetItems of group items on the table, its puts on
  // the table and on each index holding the group items (model/cost.h AggregateFigures), the
  // capacity the design's `stream read` / `stream write` rows count.
  for (const AggregateLayout& al : layout.aggregates) {
    AggregateFigures f = EstimateAggregate(model, layout, al);
    if (!f.stream) continue;
    reads[0] += f.rcu_per_s;
    for (std::size_t i = 0; i < writes.size() && i < f.wcu_per_s_by_index.size(); ++i)
      writes[i] += f.wcu_per_s_by_index[i];
  }
  ProvisionedFigures out;
  out.table = Throughput{Units(reads[0]), Units(writes[0])};
  for (std::size_t i = 0; i < layout.indexes.size(); ++i)
    out.indexes.push_back(Throughput{Units(reads[i + 1]), Units(writes[i + 1])});
  return out;
}

std::vector<KeyLayout::KeyAttribute> KeyAttributeNames(const KeyLayout& layout) {
  return layout.KeyAttributeDefinitions();
}

std::vector<std::string> IncludedAttributes(const KeyLayout& layout, const IndexLayout& index) {
  return IncludeNonKeyAttributes(layout, index);
}

const char* BillingModeName(BillingMode billing) {
  return billing == BillingMode::kProvisioned ? "PROVISIONED" : "PAY_PER_REQUEST";
}

Json CreateTableRequest(const Model& model, const KeyLayout& layout) {
  bool provisioned = model.table.billing == BillingMode::kProvisioned;
  ProvisionedFigures figures;
  if (provisioned) figures = ProvisionedFor(model, layout);
  Json out;
  out["TableName"] = layout.table_name;
  Json defs = Json::array();
  for (const KeyLayout::KeyAttribute& a : KeyAttributeNames(layout))
    defs.push_back(Json{{"AttributeName", a.name}, {"AttributeType", KeyTypeName(a.type)}});
  out["AttributeDefinitions"] = defs;
  out["KeySchema"] = KeySchema(layout.partition_key, layout.sort_key);
  if (!layout.indexes.empty()) {
    Json gsis = Json::array();
    for (std::size_t i = 0; i < layout.indexes.size(); ++i) {
      const IndexLayout& index = layout.indexes[i];
      Json gsi;
      gsi["IndexName"] = index.name;
      gsi["KeySchema"] = KeySchema(index.partition_key, index.sort_key);
      Json projection{{"ProjectionType", ProjectionName(index.projection)}};
      if (index.projection == Projection::kInclude)
        projection["NonKeyAttributes"] = IncludedAttributes(layout, index);
      gsi["Projection"] = projection;
      if (provisioned) gsi["ProvisionedThroughput"] = ThroughputJson(figures.indexes[i]);
      gsis.push_back(gsi);
    }
    out["GlobalSecondaryIndexes"] = gsis;
  }
  out["BillingMode"] = BillingModeName(model.table.billing);
  if (provisioned) out["ProvisionedThroughput"] = ThroughputJson(figures.table);
  if (model.table.streams)
    out["StreamSpecification"] = Json{{"StreamEnabled", true}, {"StreamViewType", kStreamViewType}};
  return out;
}

std::string Base64(std::string_view bytes) {
  static constexpr char kDigits[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                 (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                 static_cast<unsigned char>(bytes[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out += kDigits[(v >> s) & 63];
  }
  if (i + 1 == bytes.size()) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    out += kDigits[(v >> 18) & 63];
    out += kDigits[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == bytes.size()) {
    unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                 (static_cast<unsigned char>(bytes[i + 1]) << 8);
    out += kDigits[(v >> 18) & 63];
    out += kDigits[(v >> 12) & 63];
    out += kDigits[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

Json AttributeValueJson(const ItemValue& value) {
  using T = ItemValue::Type;
  switch (value.type) {
    case T::kS:
      return Json{{"S", value.scalar}};
    case T::kN:
      return Json{{"N", value.scalar}};
    case T::kB:
      return Json{{"B", Base64(value.scalar)}};
    case T::kBool:
      return Json{{"BOOL", value.boolean}};
    case T::kNull:
      return Json{{"NULL", true}};
    case T::kM: {
      Json members = Json::object();
      for (const auto& [k, v] : value.members) members[k] = AttributeValueJson(v);
      return Json{{"M", members}};
    }
    case T::kL: {
      Json elements = Json::array();
      for (const ItemValue& e : value.elements) elements.push_back(AttributeValueJson(e));
      return Json{{"L", elements}};
    }
    case T::kSS:
    case T::kNS:
      return Json{{ItemValueTypeName(value.type), value.set}};
    case T::kBS: {
      Json members = Json::array();
      for (const std::string& m : value.set) members.push_back(Base64(m));
      return Json{{"BS", members}};
    }
  }
  return Json{{"NULL", true}};
}

std::string ShellQuote(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  return out + "'";
}

std::string HclString(std::string_view text) {
  // JsonString replaces invalid UTF-8 and escapes quotes, backslashes and control characters
  // the way HCL reads them too (\n \r \t \" \\ and \uNNNN); HCL has no \b or \f.
  std::string json = JsonString(text);
  std::string out;
  for (std::size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (c == '\\' && i + 1 < json.size() && (json[i + 1] == 'b' || json[i + 1] == 'f')) {
      out += json[i + 1] == 'b' ? "\\u0008" : "\\u000c";
      ++i;
    } else if ((c == '$' || c == '%') && i + 1 < json.size() && json[i + 1] == '{') {
      out += c;
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

namespace {

bool PlainKey(const std::string& key) {
  if (key.empty() || !((key[0] >= 'A' && key[0] <= 'Z') || (key[0] >= 'a' && key[0] <= 'z')))
    return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == ':';
  });
}

std::string YamlScalar(const Json& json) {
  if (json.is_string()) return JsonString(json.get<std::string>());
  if (json.is_null()) return "null";
  return json.dump();
}

bool IsEmptyCollection(const Json& json) {
  return (json.is_object() || json.is_array()) && json.empty();
}

void YamlNode(const Json& json, int indent, std::string& out);

void YamlEntryValue(const Json& value, int indent, std::string& out) {
  if (IsEmptyCollection(value)) {
    out += value.is_object() ? " {}\n" : " []\n";
  } else if (value.is_object() || value.is_array()) {
    out += "\n";
    YamlNode(value, indent + 2, out);
  } else {
    out += " " + YamlScalar(value) + "\n";
  }
}

void YamlNode(const Json& json, int indent, std::string& out) {
  std::string pad(static_cast<std::size_t>(indent), ' ');
  if (json.is_object()) {
    for (const auto& [key, value] : json.items()) {
      out += pad + (PlainKey(key) ? key : JsonString(key)) + ":";
      YamlEntryValue(value, indent, out);
    }
  } else if (json.is_array()) {
    for (const Json& e : json) {
      if (e.is_object() && !e.empty()) {
        // The first entry goes on the dash's line; the others line up under it.
        std::string nested;
        YamlNode(e, indent + 2, nested);
        out += pad + "- " + nested.substr(static_cast<std::size_t>(indent) + 2);
      } else if (e.is_array() && !e.empty()) {
        out += pad + "-\n";
        YamlNode(e, indent + 2, out);
      } else {
        out += pad + "- " + (IsEmptyCollection(e) ? (e.is_object() ? "{}" : "[]") : YamlScalar(e)) +
               "\n";
      }
    }
  } else {
    out += pad + YamlScalar(json) + "\n";
  }
}

}  // namespace

std::string YamlFromJson(const Json& json) {
  std::string out;
  YamlNode(json, 0, out);
  return out;
}

std::string GeneratedByLine(std::string_view model_path) {
  std::string path;
  for (char c : model_path) {
    auto u = static_cast<unsigned char>(c);
    path += (u < 0x20 || u == 0x7F) ? '?' : c;
  }
  return "generated by model from " + path + "; do not edit";
}

}  // namespace model::codegen
