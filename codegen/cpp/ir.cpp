// The embedded IR: the generated source builds the Model and KeyLayout values the runtime
// executes (descriptions, source ranges and reasons left out; they change no request).
#include <string>

#include "codegen/cpp/internal.h"

namespace model::codegen {

namespace {

std::string AttrTypeEnum(AttrType t) {
  switch (t) {
    case AttrType::kString:
      return "kString";
    case AttrType::kNumber:
      return "kNumber";
    case AttrType::kInteger:
      return "kInteger";
    case AttrType::kBoolean:
      return "kBoolean";
    case AttrType::kTimestamp:
      return "kTimestamp";
    case AttrType::kDate:
      return "kDate";
    case AttrType::kEnum:
      return "kEnum";
    case AttrType::kBinary:
      return "kBinary";
    case AttrType::kList:
      return "kList";
    case AttrType::kMap:
      return "kMap";
    case AttrType::kStringSet:
      return "kStringSet";
    case AttrType::kNumberSet:
      return "kNumberSet";
  }
  return "kString";
}

std::string EncodingEnum(keys::Encoding e) {
  switch (e) {
    case keys::Encoding::kText:
      return "kText";
    case keys::Encoding::kEnum:
      return "kEnum";
    case keys::Encoding::kInteger:
      return "kInteger";
    case keys::Encoding::kNumber:
      return "kNumber";
    case keys::Encoding::kTimestamp:
      return "kTimestamp";
    case keys::Encoding::kDate:
      return "kDate";
    case keys::Encoding::kBoolean:
      return "kBoolean";
    case keys::Encoding::kBinary:
      return "kBinary";
    case keys::Encoding::kShard:
      return "kShard";
    case keys::Encoding::kVersion:
      return "kVersion";
  }
  return "kText";
}

const char* RangeOpEnum(RangeOp op) {
  switch (op) {
    case RangeOp::kEq:
      return "kEq";
    case RangeOp::kLt:
      return "kLt";
    case RangeOp::kLe:
      return "kLe";
    case RangeOp::kGt:
      return "kGt";
    case RangeOp::kGe:
      return "kGe";
    case RangeOp::kBetween:
      return "kBetween";
    case RangeOp::kBeginsWith:
      return "kBeginsWith";
  }
  return "kEq";
}

const char* SortOpEnum(SortOp op) {
  switch (op) {
    case SortOp::kNone:
      return "kNone";
    case SortOp::kEq:
      return "kEq";
    case SortOp::kLt:
      return "kLt";
    case SortOp::kLe:
      return "kLe";
    case SortOp::kGt:
      return "kGt";
    case SortOp::kGe:
      return "kGe";
    case SortOp::kBetween:
      return "kBetween";
    case SortOp::kBeginsWith:
      return "kBeginsWith";
  }
  return "kNone";
}

const char* OperationEnum(Operation op) {
  switch (op) {
    case Operation::kGetItem:
      return "kGetItem";
    case Operation::kQuery:
      return "kQuery";
    case Operation::kBatchGetItem:
      return "kBatchGetItem";
    case Operation::kScan:
      return "kScan";
    case Operation::kFanOutQuery:
      return "kFanOutQuery";
  }
  return "kQuery";
}

const char* RoleEnum(ItemRole r) {
  switch (r) {
    case ItemRole::kEntity:
      return "kEntity";
    case ItemRole::kFacet:
      return "kFacet";
    case ItemRole::kHistory:
      return "kHistory";
    case ItemRole::kUniqueness:
      return "kUniqueness";
  }
  return "kEntity";
}

const char* ProjectionEnum(Projection p) {
  switch (p) {
    case Projection::kAll:
      return "kAll";
    case Projection::kKeysOnly:
      return "kKeysOnly";
    case Projection::kInclude:
      return "kInclude";
  }
  return "kAll";
}

const char* WriteOpEnum(WriteOp op) {
  switch (op) {
    case WriteOp::kPut:
      return "kPut";
    case WriteOp::kUpdate:
      return "kUpdate";
    case WriteOp::kDelete:
      return "kDelete";
  }
  return "kPut";
}

const char* WriteKindEnum(WriteKind k) {
  switch (k) {
    case WriteKind::kCreate:
      return "kCreate";
    case WriteKind::kUpdate:
      return "kUpdate";
    case WriteKind::kDelete:
      return "kDelete";
  }
  return "kCreate";
}

std::string Strings(const std::vector<std::string>& v) {
  std::string out = "{";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + Quote(v[i]);
  return out + "}";
}

std::string Ints(const std::vector<int>& v) {
  std::string out = "{";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + std::to_string(v[i]);
  return out + "}";
}

std::string Template(const KeyTemplate& t) {
  std::string out = "T({";
  for (std::size_t i = 0; i < t.parts.size(); ++i) {
    const TemplatePart& p = t.parts[i];
    out += i ? ", " : "";
    out += "P(" + std::string(p.is_attribute ? "true" : "false") + ", " + Quote(p.text) +
           ", model::keys::Encoding::" + EncodingEnum(p.encoding) + ", " + std::to_string(p.width) +
           ")";
  }
  return out + "})";
}

std::string Conditions(const std::vector<SparseCondition>& v) {
  std::string out = "{";
  for (std::size_t i = 0; i < v.size(); ++i) {
    out += (i ? ", " : "") + std::string("model::SparseCondition{") + Quote(v[i].attribute) + ", " +
           Quote(v[i].value) + "}";
  }
  return out + "}";
}

std::string Opt(const std::optional<std::int64_t>& v) {
  return v ? "std::int64_t{" + std::to_string(*v) + "}" : "std::nullopt";
}

void EmitModel(const Gen& g, std::string& c) {
  const Model& m = g.model;
  c += "const model::Model& ModelIr() {\n";
  c += "  static const model::Model built = [] {\n";
  c += "    model::Model m;\n";
  c += "    m.table.name = " + Quote(m.table.name) + ";\n";
  c += "    m.table.partition_key = " + Quote(m.table.partition_key) + ";\n";
  c += "    m.table.sort_key = " + Quote(m.table.sort_key) + ";\n";
  c += "    m.table.index_prefix = " + Quote(m.table.index_prefix) + ";\n";
  for (const Entity& en : m.entities) {
    c += "    {\n      model::Entity& e = m.entities.emplace_back();\n";
    c += "      e.name = " + Quote(en.name) + ";\n";
    c += "      e.identifier = " + Ints(en.identifier) + ";\n";
    if (en.versioned) c += "      e.versioned = true;\n";
    for (const Attribute& a : en.attributes) {
      c += "      A(e, " + Quote(a.name) + ", model::AttrType::" + AttrTypeEnum(a.type) + ", " +
           (a.required ? "true" : "false") + ", " + (a.unique ? "true" : "false") + ", " +
           Strings(a.enum_values) + ");\n";
    }
    c += "    }\n";
  }
  for (const AccessPattern& p : m.access_patterns) {
    c += "    {\n      model::AccessPattern& p = m.access_patterns.emplace_back();\n";
    c += "      p.name = " + Quote(p.name) + ";\n";
    c += "      p.returns = " + Ints(p.returns) + ";\n";
    if (!p.params.empty()) c += "      p.params = " + Strings(p.params) + ";\n";
    if (p.range_condition) {
      c += "      p.range_condition = model::RangeCondition{" +
           Quote(p.range_condition->attribute) +
           ", model::RangeOp::" + RangeOpEnum(p.range_condition->op) + ", {}};\n";
    }
    if (p.limit) c += "      p.limit = " + Opt(p.limit) + ";\n";
    for (const FixedFilter& f : p.filters) {
      c += "      p.filters.push_back(model::FixedFilter{" + Quote(f.attribute) + ", " +
           Quote(f.value) + ", {}});\n";
    }
    if (!p.projection.empty()) c += "      p.projection = " + Strings(p.projection) + ";\n";
    if (p.aggregate) {
      c += "      p.aggregate = model::Aggregate{model::AggregateKind::" +
           std::string(p.aggregate->kind == AggregateKind::kCount ? "kCount" : "kSum") + ", " +
           Quote(p.aggregate->attribute) + ", {}};\n";
    }
    if (p.current_only) c += "      p.current_only = true;\n";
    if (p.consistent) c += "      p.consistent = true;\n";
    c += "    }\n";
  }
  for (const WritePattern& w : m.write_patterns) {
    c += "    {\n      model::WritePattern& w = m.write_patterns.emplace_back();\n";
    c += "      w.name = " + Quote(w.name) + ";\n";
    c += "      w.kind = model::WriteKind::" + std::string(WriteKindEnum(w.kind)) + ";\n";
    c += "      w.entity = " + std::to_string(w.entity) + ";\n";
    if (!w.attributes.empty()) c += "      w.attributes = " + Strings(w.attributes) + ";\n";
    c += "    }\n";
  }
  c += "    return m;\n  }();\n  return built;\n}\n\n";
}

void EmitLayout(const Gen& g, std::string& c) {
  const KeyLayout& l = g.layout;
  c += "const model::KeyLayout& LayoutIr() {\n";
  c += "  static const model::KeyLayout built = [] {\n";
  c += "    model::KeyLayout l;\n";
  c += "    l.table_name = " + Quote(l.table_name) + ";\n";
  c += "    l.partition_key = " + Quote(l.partition_key) + ";\n";
  c += "    l.sort_key = " + Quote(l.sort_key) + ";\n";
  for (const IndexLayout& ix : l.indexes) {
    c += "    {\n      model::IndexLayout& x = l.indexes.emplace_back();\n";
    c += "      x.name = " + Quote(ix.name) + ";\n";
    c += "      x.number = " + std::to_string(ix.number) + ";\n";
    c += "      x.partition_key = " + Quote(ix.partition_key) + ";\n";
    c += "      x.sort_key = " + Quote(ix.sort_key) + ";\n";
    c += "      x.projection = model::Projection::" + std::string(ProjectionEnum(ix.projection)) +
         ";\n";
    if (!ix.projected_attributes.empty())
      c += "      x.projected_attributes = " + Strings(ix.projected_attributes) + ";\n";
    c += "    }\n";
  }
  for (const ItemType& t : l.item_types) {
    c += "    {\n      model::ItemType& t = l.item_types.emplace_back();\n";
    c += "      t.name = " + Quote(t.name) + ";\n";
    c += "      t.label = " + Quote(t.label) + ";\n";
    c += "      t.role = model::ItemRole::" + std::string(RoleEnum(t.role)) + ";\n";
    c += "      t.entity = " + std::to_string(t.entity) + ";\n";
    c += "      t.partition_key = " + Template(t.partition_key) + ";\n";
    c += "      t.sort_key = " + Template(t.sort_key) + ";\n";
    for (const IndexKeys& ik : t.index_keys) {
      c += "      t.index_keys.push_back(model::IndexKeys{" + std::to_string(ik.index) + ", " +
           Template(ik.partition_key) + ", " + Template(ik.sort_key) + ", " +
           Conditions(ik.only_when) + "});\n";
    }
    c += "      t.attributes = " + Strings(t.attributes) + ";\n";
    if (t.shards > 1) c += "      t.shards = " + std::to_string(t.shards) + ";\n";
    c += "    }\n";
  }
  for (const ReadPlan& r : l.reads) {
    c += "    {\n      model::ReadPlan& r = l.reads.emplace_back();\n";
    c += "      r.pattern = " + Quote(r.pattern) + ";\n";
    c += "      r.pattern_id = " + std::to_string(r.pattern_id) + ";\n";
    c += "      r.operation = model::Operation::" + std::string(OperationEnum(r.operation)) + ";\n";
    c += "      r.index = " + std::to_string(r.index) + ";\n";
    c += "      r.key.partition_key = " + Template(r.key.partition_key) + ";\n";
    c += "      r.key.sort_op = model::SortOp::" + std::string(SortOpEnum(r.key.sort_op)) + ";\n";
    if (!r.key.sort_lower.empty())
      c += "      r.key.sort_lower = " + Template(r.key.sort_lower) + ";\n";
    if (!r.key.sort_upper.empty())
      c += "      r.key.sort_upper = " + Template(r.key.sort_upper) + ";\n";
    if (r.key.upper_after_separator) c += "      r.key.upper_after_separator = true;\n";
    if (r.key.lower_exclusive) c += "      r.key.lower_exclusive = true;\n";
    if (r.key.upper_exclusive) c += "      r.key.upper_exclusive = true;\n";
    if (!r.scan_forward) c += "      r.scan_forward = false;\n";
    if (r.limit) c += "      r.limit = " + Opt(r.limit) + ";\n";
    if (r.per_shard_limit) c += "      r.per_shard_limit = " + Opt(r.per_shard_limit) + ";\n";
    if (!r.filter.empty()) c += "      r.filter = " + Conditions(r.filter) + ";\n";
    if (!r.filter_types.empty()) c += "      r.filter_types = " + Strings(r.filter_types) + ";\n";
    if (!r.projection.empty()) c += "      r.projection = " + Strings(r.projection) + ";\n";
    if (r.shards) c += "      r.shards = " + std::to_string(r.shards) + ";\n";
    c += "      r.item_types = " + Ints(r.item_types) + ";\n";
    if (r.consistent) c += "      r.consistent = true;\n";
    for (const ClientStep& s : r.client_steps) {
      c += "      {\n        model::ClientStep& s = r.client_steps.emplace_back();\n";
      c += "        s.kind = model::ClientStepKind::" +
           std::string(s.kind == ClientStepKind::kSort        ? "kSort"
                       : s.kind == ClientStepKind::kAggregate ? "kAggregate"
                                                              : "kMatch") +
           ";\n";
      c += "        s.attribute = " + Quote(s.attribute) + ";\n";
      if (s.descending) c += "        s.descending = true;\n";
      if (s.limit) c += "        s.limit = " + Opt(s.limit) + ";\n";
      c += "        s.aggregate = model::AggregateKind::" +
           std::string(s.aggregate == AggregateKind::kCount ? "kCount" : "kSum") + ";\n";
      c += "      }\n";
    }
    c += "    }\n";
  }
  for (const WritePlan& w : l.writes) {
    c += "    {\n      model::WritePlan& w = l.writes.emplace_back();\n";
    c += "      w.pattern = " + Quote(w.pattern) + ";\n";
    c += "      w.pattern_id = " + std::to_string(w.pattern_id) + ";\n";
    if (w.transaction) c += "      w.transaction = true;\n";
    for (const ItemWrite& iw : w.writes) {
      c += "      {\n        model::ItemWrite& iw = w.writes.emplace_back();\n";
      c += "        iw.op = model::WriteOp::" + std::string(WriteOpEnum(iw.op)) + ";\n";
      c += "        iw.item_type = " + std::to_string(iw.item_type) + ";\n";
      if (!iw.condition.empty()) c += "        iw.condition = " + Quote(iw.condition) + ";\n";
      if (!iw.set_attributes.empty())
        c += "        iw.set_attributes = " + Strings(iw.set_attributes) + ";\n";
      if (!iw.refresh_keys.empty())
        c += "        iw.refresh_keys = " + Strings(iw.refresh_keys) + ";\n";
      c += "      }\n";
    }
    c += "    }\n";
  }
  c += "    return l;\n  }();\n  return built;\n}\n\n";
}

}  // namespace

void EmitIr(const Gen& g, std::string& c) {
  c += "namespace {\n\n";
  c += "model::keys::TemplatePart P(bool is_attribute, const char* text, model::keys::Encoding "
       "encoding, int width) {\n";
  c += "  model::keys::TemplatePart p;\n  p.is_attribute = is_attribute;\n  p.text = text;\n";
  c += "  p.encoding = encoding;\n  p.width = width;\n  return p;\n}\n\n";
  c += "model::KeyTemplate T(std::vector<model::keys::TemplatePart> parts) {\n";
  c += "  model::KeyTemplate t;\n  t.parts = std::move(parts);\n  return t;\n}\n\n";
  c += "void A(model::Entity& e, const char* name, model::AttrType type, bool required, bool "
       "unique,\n";
  c += "       std::vector<std::string> enum_values) {\n";
  c += "  model::Attribute& a = e.attributes.emplace_back();\n  a.name = name;\n  a.type = type;\n";
  c += "  a.required = required;\n  a.unique = unique;\n  a.enum_values = "
       "std::move(enum_values);\n}\n\n";
  c += "}  // namespace\n\n";
  c += "// The model and layout this file was generated from: the runtime executes their plans.\n";
  EmitModel(g, c);
  EmitLayout(g, c);
}

}  // namespace model::codegen
