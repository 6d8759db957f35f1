// The embedded IR: the generated source builds the Model and KeyLayout values the runtime
// executes (descriptions, source ranges and reasons left out; they change no request).
#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>

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
    case keys::Encoding::kLabel:
      return "kLabel";
    case keys::Encoding::kNatural:
      return "kNatural";
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
    case WriteOp::kCheck:
      return "kCheck";
  }
  return "kPut";
}

const char* ConditionOpEnum(ConditionOp op) {
  static const char* const kOps[] = {"kEq", "kNe", "kLt",     "kLe",
                                     "kGt", "kGe", "kExists", "kNotExists"};
  return kOps[static_cast<int>(op)];
}

// `target.conditions` (a WritePattern's or an ItemWrite's) as statements, when there are any.
void EmitConditions(Printer& c, const std::string& target,
                    const std::vector<WriteCondition>& conditions) {
  for (const WriteCondition& cond : conditions) {
    c.Emit({{"target", target},
            {"attribute", CppStringLiteral(cond.attribute)},
            {"op", ConditionOpEnum(cond.op)},
            {"value", CppStringLiteral(cond.value)},
            {"parameter", CppStringLiteral(cond.parameter)}},
           "$target$.conditions.push_back(model::WriteCondition{$attribute$, "
           "model::ConditionOp::$op$, $value$, $parameter$, {}});\n");
  }
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
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + CppStringLiteral(v[i]);
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
    out += "P(" + std::string(p.is_attribute ? "true" : "false") + ", " + CppStringLiteral(p.text) +
           ", model::keys::Encoding::" + EncodingEnum(p.encoding) + ", " + std::to_string(p.width) +
           ")";
  }
  return out + "})";
}

std::string Conditions(const std::vector<SparseCondition>& v) {
  std::string out = "{";
  for (std::size_t i = 0; i < v.size(); ++i) {
    out += (i ? ", " : "") + std::string("model::SparseCondition{") +
           CppStringLiteral(v[i].attribute) + ", " + CppStringLiteral(v[i].value) + "}";
  }
  return out + "}";
}

std::string Opt(const std::optional<std::int64_t>& v) {
  return v ? "std::int64_t{" + std::to_string(*v) + "}" : "std::nullopt";
}

// Emits `tmpl` with `subs` when `when` holds (the optional members of the embedded IR).
void EmitIf(Printer& p, bool when, std::initializer_list<Sub> subs, std::string_view tmpl) {
  if (when) p.Emit(subs, tmpl);
}

const char* Bool(bool b) { return b ? "true" : "false"; }

// The relationships, which model/exec reads for two things only: a write of a polymorphic
// association's child checks its kind against the parents' names (exec::ApplyWrite), and a
// counter's draw names its parent (layout.h CounterDraw). A model with neither leaves them out,
// as the embedded model always has (the layout's plans carry what else a request needs).
void EmitRelationships(const Model& m, Printer& c) {
  const bool polymorphic = std::any_of(m.relationships.begin(), m.relationships.end(),
                                       [](const Relationship& r) { return r.Polymorphic(); });
  bool counted = false;
  for (std::size_t e = 0; e < m.entities.size(); ++e)
    counted = counted || CounterOf(m, static_cast<EntityId>(e)) >= 0;
  if (!polymorphic && !counted) return;
  static const char* const kCardinalities[] = {"kOneToOne", "kOneToMany", "kManyToMany"};
  for (const Relationship& r : m.relationships) {
    c.Emit({{"name", CppStringLiteral(r.name)},
            {"cardinality", kCardinalities[static_cast<int>(r.cardinality)]},
            {"from", r.from},
            {"to", r.to},
            {"link", Ints(r.link)}},
           R"tmpl(
      {
        model::Relationship& r = m.relationships.emplace_back();
        r.name = $name$;
        r.cardinality = model::Cardinality::$cardinality$;
        r.from = $from$;
        r.to = $to$;
        r.link = $link$;
    )tmpl");
    c.Indent();
    EmitIf(c, !r.link_to.empty(), {{"link_to", Ints(r.link_to)}}, "r.link_to = $link_to$;\n");
    EmitIf(c, r.through.has_value(), {{"through", r.through.value_or(-1)}},
           "r.through = $through$;\n");
    EmitIf(c, r.owning, {}, "r.owning = true;\n");
    EmitIf(c, r.embedded, {}, "r.embedded = true;\n");
    EmitIf(c, r.Polymorphic(), {{"kind", r.kind}, {"parents", Ints(r.parents)}},
           "r.kind = $kind$;\nr.parents = $parents$;\n");
    c.Outdent();
    c.Emit("}\n");
  }
}

void EmitModel(const Gen& g, Printer& c) {
  const Model& m = g.model;
  c.Emit({{"name", CppStringLiteral(m.table.name)},
          {"pk", CppStringLiteral(m.table.partition_key)},
          {"sk", CppStringLiteral(m.table.sort_key)},
          {"prefix", CppStringLiteral(m.table.index_prefix)}},
         R"tmpl(
    const model::Model& ModelIr() {
      static const model::Model built = [] {
        model::Model m;
        m.table.name = $name$;
        m.table.partition_key = $pk$;
        m.table.sort_key = $sk$;
        m.table.index_prefix = $prefix$;
  )tmpl");
  c.Indent();
  c.Indent();
  EmitIf(c, m.table.ttl_attribute != "ttl", {{"ttl", CppStringLiteral(m.table.ttl_attribute)}},
         "m.table.ttl_attribute = $ttl$;\n");
  for (const Entity& en : m.entities) {
    c.Emit({{"name", CppStringLiteral(en.name)}, {"identifier", Ints(en.identifier)}}, R"tmpl(
      {
        model::Entity& e = m.entities.emplace_back();
        e.name = $name$;
        e.identifier = $identifier$;
    )tmpl");
    c.Indent();
    EmitIf(c, en.versioned, {}, "e.versioned = true;\n");
    EmitIf(c, !en.ttl.empty(), {{"ttl", CppStringLiteral(en.ttl)}}, "e.ttl = $ttl$;\n");
    for (const Attribute& a : en.attributes) {
      c.Emit({{"name", CppStringLiteral(a.name)},
              {"type", AttrTypeEnum(a.type)},
              {"required", Bool(a.required)},
              {"unique", Bool(a.unique)},
              {"values", Strings(a.enum_values)}},
             "A(e, $name$, model::AttrType::$type$, $required$, $unique$, $values$);\n");
    }
    c.Outdent();
    c.Emit("}\n");
  }
  EmitRelationships(m, c);
  for (const AccessPattern& p : m.access_patterns) {
    c.Emit({{"name", CppStringLiteral(p.name)}, {"returns", Ints(p.returns)}}, R"tmpl(
      {
        model::AccessPattern& p = m.access_patterns.emplace_back();
        p.name = $name$;
        p.returns = $returns$;
    )tmpl");
    c.Indent();
    EmitIf(c, !p.params.empty(), {{"params", Strings(p.params)}}, "p.params = $params$;\n");
    EmitIf(c, !p.param_names.empty(), {{"names", Strings(p.param_names)}},
           "p.param_names = $names$;\n");
    if (p.range_condition) {
      c.Emit({{"attribute", CppStringLiteral(p.range_condition->attribute)},
              {"op", RangeOpEnum(p.range_condition->op)}},
             "p.range_condition = model::RangeCondition{$attribute$, model::RangeOp::$op$, {}};\n");
    }
    EmitIf(c, p.limit.has_value(), {{"limit", Opt(p.limit)}}, "p.limit = $limit$;\n");
    for (const FixedFilter& f : p.filters) {
      c.Emit({{"attribute", CppStringLiteral(f.attribute)}, {"value", CppStringLiteral(f.value)}},
             "p.filters.push_back(model::FixedFilter{$attribute$, $value$, {}});\n");
    }
    EmitIf(c, !p.projection.empty(), {{"projection", Strings(p.projection)}},
           "p.projection = $projection$;\n");
    if (p.aggregate) {
      c.Emit({{"kind", p.aggregate->kind == AggregateKind::kCount ? "kCount" : "kSum"},
              {"attribute", CppStringLiteral(p.aggregate->attribute)}},
             "p.aggregate = model::Aggregate{model::AggregateKind::$kind$, $attribute$, {}};\n");
    }
    EmitIf(c, p.current_only, {}, "p.current_only = true;\n");
    EmitIf(c, p.consistent, {}, "p.consistent = true;\n");
    c.Outdent();
    c.Emit("}\n");
  }
  for (const WritePattern& w : m.write_patterns) {
    c.Emit(
        {{"name", CppStringLiteral(w.name)}, {"kind", WriteKindEnum(w.kind)}, {"entity", w.entity}},
        R"tmpl(
      {
        model::WritePattern& w = m.write_patterns.emplace_back();
        w.name = $name$;
        w.kind = model::WriteKind::$kind$;
        w.entity = $entity$;
    )tmpl");
    EmitIf(c, !w.attributes.empty(), {{"attributes", Strings(w.attributes)}},
           "  w.attributes = $attributes$;\n");
    c.Indent();
    EmitConditions(c, "w", w.conditions);
    for (const AlsoWrite& a : w.also) {
      c.Emit({{"kind", a.kind == AlsoKind::kCheck    ? "kCheck"
                       : a.kind == AlsoKind::kDelete ? "kDelete"
                                                     : "kUpdate"},
              {"entity", a.entity}},
             R"tmpl(
        {
          model::AlsoWrite& a = w.also.emplace_back();
          a.kind = model::AlsoKind::$kind$;
          a.entity = $entity$;
      )tmpl");
      c.Indent();
      EmitIf(c, !a.attributes.empty(), {{"attributes", Strings(a.attributes)}},
             "a.attributes = $attributes$;\n");
      c.Emit({{"key_from", Strings(a.key_from)}}, "a.key_from = $key_from$;\n");
      EmitConditions(c, "a", a.conditions);
      c.Outdent();
      c.Emit("}\n");
    }
    c.Outdent();
    c.Emit("}\n");
  }
  // Aggregates: what the stream consumer and the write transactions keep (exec/aggregates.h).
  static const char* const kBuckets[] = {"kNone", "kDay", "kMonth", "kQuarter", "kYear"};
  static const char* const kFunctions[] = {"kCount", "kSum", "kMin", "kMax", "kLatest", "kJoined"};
  for (const AggregateDecl& a : m.aggregates) {
    c.Emit({{"name", CppStringLiteral(a.name)}, {"of", a.of}, {"into", a.into}}, R"tmpl(
      {
        model::AggregateDecl& a = m.aggregates.emplace_back();
        a.name = $name$;
        a.of = $of$;
        a.into = $into$;
    )tmpl");
    c.Indent();
    for (const GroupPart& gp : a.group) {
      c.Emit({{"target", gp.target},
              {"source", gp.source},
              {"bucket", kBuckets[static_cast<int>(gp.bucket)]}},
             "a.group.push_back({$target$, $source$, model::TimeBucket::$bucket$, {}});\n");
    }
    for (const AggregateValue& v : a.values) {
      c.Emit(
          {{"target", v.target},
           {"function", kFunctions[static_cast<int>(v.function)]},
           {"source", v.source}},
          "a.values.push_back({$target$, model::AggregateFunction::$function$, $source$, {}});\n");
      EmitIf(c, v.by >= 0, {{"by", v.by}}, "a.values.back().by = $by$;\n");
    }
    // The filter: the generated consumer and transactions count only the items meeting it
    // (exec/aggregates.h GroupOf).
    for (const FixedFilter& f : a.filters) {
      c.Emit({{"attribute", CppStringLiteral(f.attribute)}, {"value", CppStringLiteral(f.value)}},
             "a.filters.push_back({$attribute$, $value$, {}});\n");
    }
    c.Outdent();
    c.Emit("}\n");
  }
  c.Outdent();
  c.Outdent();
  c.Emit(R"tmpl(    return m;
  }();
  return built;
}

)tmpl");
}

// One GSI of the layout.
void EmitIndexLayout(Printer& c, const IndexLayout& ix) {
  c.Emit({{"name", CppStringLiteral(ix.name)},
          {"number", ix.number},
          {"pk", CppStringLiteral(ix.partition_key)},
          {"sk", CppStringLiteral(ix.sort_key)},
          {"projection", ProjectionEnum(ix.projection)}},
         R"tmpl(
    {
      model::IndexLayout& x = l.indexes.emplace_back();
      x.name = $name$;
      x.number = $number$;
      x.partition_key = $pk$;
      x.sort_key = $sk$;
      x.projection = model::Projection::$projection$;
  )tmpl");
  EmitIf(c, !ix.projected_attributes.empty(), {{"attributes", Strings(ix.projected_attributes)}},
         "  x.projected_attributes = $attributes$;\n");
  // A natural-key index: keyed on entity attributes of these types (its queries compare them).
  EmitIf(
      c, ix.natural,
      {{"pk_type", KeyTypeName(ix.partition_key_type)}, {"sk_type", KeyTypeName(ix.sort_key_type)}},
      "  x.natural = true;\n"
      "  x.partition_key_type = model::KeyType::k$pk_type$;\n"
      "  x.sort_key_type = model::KeyType::k$sk_type$;\n");
  c.Emit("}\n");
}

// One item type: its keys, index keys, attributes and shards.
void EmitItemType(Printer& c, const ItemType& t) {
  c.Emit({{"name", CppStringLiteral(t.name)},
          {"label", CppStringLiteral(t.label)},
          {"role", RoleEnum(t.role)},
          {"entity", t.entity},
          {"pk", Template(t.partition_key)},
          {"sk", Template(t.sort_key)}},
         R"tmpl(
    {
      model::ItemType& t = l.item_types.emplace_back();
      t.name = $name$;
      t.label = $label$;
      t.role = model::ItemRole::$role$;
      t.entity = $entity$;
      t.partition_key = $pk$;
      t.sort_key = $sk$;
  )tmpl");
  c.Indent();
  for (const IndexKeys& ik : t.index_keys) {
    c.Emit({{"index", ik.index},
            {"pk", Template(ik.partition_key)},
            {"sk", Template(ik.sort_key)},
            {"only_when", Conditions(ik.only_when)}},
           "t.index_keys.push_back(model::IndexKeys{$index$, $pk$, $sk$, $only_when$});\n");
  }
  c.Emit({{"attributes", Strings(t.attributes)}}, "t.attributes = $attributes$;\n");
  EmitIf(c, t.shards > 1, {{"shards", t.shards}}, "t.shards = $shards$;\n");
  c.Outdent();
  c.Emit("}\n");
}

// One read plan with its key condition, filters and client-side steps.
void EmitReadPlan(Printer& c, const ReadPlan& r) {
  c.Emit({{"pattern", CppStringLiteral(r.pattern)},
          {"pattern_id", r.pattern_id},
          {"operation", OperationEnum(r.operation)},
          {"index", r.index},
          {"pk", Template(r.key.partition_key)},
          {"sort_op", SortOpEnum(r.key.sort_op)}},
         R"tmpl(
    {
      model::ReadPlan& r = l.reads.emplace_back();
      r.pattern = $pattern$;
      r.pattern_id = $pattern_id$;
      r.operation = model::Operation::$operation$;
      r.index = $index$;
      r.key.partition_key = $pk$;
      r.key.sort_op = model::SortOp::$sort_op$;
  )tmpl");
  c.Indent();
  EmitIf(c, !r.key.sort_lower.empty(), {{"lower", Template(r.key.sort_lower)}},
         "r.key.sort_lower = $lower$;\n");
  EmitIf(c, !r.key.sort_upper.empty(), {{"upper", Template(r.key.sort_upper)}},
         "r.key.sort_upper = $upper$;\n");
  EmitIf(c, r.key.upper_after_separator, {}, "r.key.upper_after_separator = true;\n");
  EmitIf(c, r.key.lower_exclusive, {}, "r.key.lower_exclusive = true;\n");
  EmitIf(c, r.key.upper_exclusive, {}, "r.key.upper_exclusive = true;\n");
  EmitIf(c, !r.scan_forward, {}, "r.scan_forward = false;\n");
  EmitIf(c, r.limit.has_value(), {{"limit", Opt(r.limit)}}, "r.limit = $limit$;\n");
  EmitIf(c, r.per_shard_limit.has_value(), {{"limit", Opt(r.per_shard_limit)}},
         "r.per_shard_limit = $limit$;\n");
  EmitIf(c, !r.filter.empty(), {{"filter", Conditions(r.filter)}}, "r.filter = $filter$;\n");
  EmitIf(c, !r.filter_types.empty(), {{"types", Strings(r.filter_types)}},
         "r.filter_types = $types$;\n");
  EmitIf(c, !r.projection.empty(), {{"projection", Strings(r.projection)}},
         "r.projection = $projection$;\n");
  EmitIf(c, r.shards != 0, {{"shards", r.shards}}, "r.shards = $shards$;\n");
  c.Emit({{"types", Ints(r.item_types)}}, "r.item_types = $types$;\n");
  EmitIf(c, r.consistent, {}, "r.consistent = true;\n");
  EmitIf(c, !r.drop_expired.empty(), {{"ttl", CppStringLiteral(r.drop_expired)}},
         "r.drop_expired = $ttl$;\n");
  EmitIf(c, !r.aggregate_shards.empty(), {{"aggregates", Ints(r.aggregate_shards)}},
         "r.aggregate_shards = $aggregates$;\n");
  EmitIf(c, !r.aggregate_reads.empty(), {{"aggregates", Ints(r.aggregate_reads)}},
         "r.aggregate_reads = $aggregates$;\n");
  EmitIf(c, !r.values_from_keys.empty(), {{"names", Strings(r.values_from_keys)}},
         "r.values_from_keys = $names$;\n");
  if (r.follow_up) {
    // A read of a relationship's other side: the runtime's ExecuteRead runs the second step.
    const FollowUp& f = *r.follow_up;
    c.Emit({{"operation", OperationEnum(f.operation)},
            {"type", f.item_type},
            {"identifier", Strings(f.identifier)},
            {"link", Strings(f.link)},
            {"projection", Strings(f.projection)},
            {"ttl", CppStringLiteral(f.drop_expired)}},
           "r.follow_up = model::FollowUp{model::Operation::$operation$, $type$, $identifier$, "
           "$link$, $projection$, $ttl$};\n");
    // A fetch of what the index leaves out reads the entries' own items by their table keys.
    EmitIf(c, f.by_table_key, {}, "r.follow_up->by_table_key = true;\n");
  }
  if (r.embedded) {
    // A read of an embedded collection: the runtime's ExecuteRead takes the children out of the
    // parent's item.
    const EmbeddedRead& e = *r.embedded;
    c.Emit({{"collection", e.collection},
            {"with_parent", Bool(e.with_parent)},
            {"filter", Conditions(e.filter)},
            {"limit", Opt(e.limit)}},
           "r.embedded = model::EmbeddedRead{$collection$, $with_parent$, $filter$, "
           "std::nullopt, $limit$};\n");
    if (e.range) {
      c.Emit(
          {{"attribute", CppStringLiteral(e.range->attribute)}, {"op", RangeOpEnum(e.range->op)}},
          "r.embedded->range = model::RangeCondition{$attribute$, model::RangeOp::$op$, {}};\n");
    }
  }
  for (const ClientStep& s : r.client_steps) {
    c.Emit({{"kind", s.kind == ClientStepKind::kSort        ? "kSort"
                     : s.kind == ClientStepKind::kAggregate ? "kAggregate"
                                                            : "kMatch"},
            {"attribute", CppStringLiteral(s.attribute)}},
           R"tmpl(
      {
        model::ClientStep& s = r.client_steps.emplace_back();
        s.kind = model::ClientStepKind::$kind$;
        s.attribute = $attribute$;
    )tmpl");
    c.Indent();
    EmitIf(c, s.descending, {}, "s.descending = true;\n");
    EmitIf(c, s.limit.has_value(), {{"limit", Opt(s.limit)}}, "s.limit = $limit$;\n");
    c.Emit({{"aggregate", s.aggregate == AggregateKind::kCount ? "kCount" : "kSum"}},
           "s.aggregate = model::AggregateKind::$aggregate$;\n");
    c.Outdent();
    c.Emit("}\n");
  }
  c.Outdent();
  c.Emit("}\n");
}

void EmitItemWrite(Printer& c, const std::string& target, const ItemWrite& iw);

// One write plan with its item writes (and its copies' fan-outs, each with its own).
void EmitWritePlan(Printer& c, const WritePlan& w) {
  c.Emit({{"pattern", CppStringLiteral(w.pattern)}, {"pattern_id", w.pattern_id}}, R"tmpl(
    {
      model::WritePlan& w = l.writes.emplace_back();
      w.pattern = $pattern$;
      w.pattern_id = $pattern_id$;
  )tmpl");
  c.Indent();
  EmitIf(c, w.transaction, {}, "w.transaction = true;\n");
  EmitIf(c, !w.read_first.empty(), {{"attributes", Strings(w.read_first)}},
         "w.read_first = $attributes$;\n");
  for (const std::vector<std::string>& first : w.also_read_first)
    c.Emit({{"attributes", Strings(first)}}, "w.also_read_first.push_back($attributes$);\n");
  for (const ItemWrite& iw : w.writes) EmitItemWrite(c, "w.writes", iw);
  for (const CopyFanOut& f : w.copies) {
    c.Emit({{"relationship", f.relationship},
            {"entity", f.entity},
            {"attributes", Strings(f.attributes)},
            {"sources", Strings(f.sources)},
            {"link", Strings(f.link)},
            {"read", f.read},
            {"max", f.max_children},
            {"in_transaction", Bool(f.in_transaction)}},
           R"tmpl(
      {
        model::CopyFanOut& f = w.copies.emplace_back();
        f.relationship = $relationship$;
        f.entity = $entity$;
        f.attributes = $attributes$;
        f.sources = $sources$;
        f.link = $link$;
        f.read = $read$;
        f.max_children = $max$;
        f.in_transaction = $in_transaction$;
    )tmpl");
    c.Indent();
    for (const ItemWrite& iw : f.writes) EmitItemWrite(c, "f.writes", iw);
    c.Outdent();
    c.Emit("}\n");
  }
  EmitIf(c, !w.aggregates.empty(), {{"aggregates", Ints(w.aggregates)}},
         "w.aggregates = $aggregates$;\n");
  // A write of an embedded child: one UpdateItem of its parent's item at its path.
  EmitIf(c, w.embedded >= 0, {{"embedded", w.embedded}}, "w.embedded = $embedded$;\n");
  if (w.counter) {
    // A create drawing its number from the parent's count first (exec::ApplyWrite).
    const CounterDraw& d = *w.counter;
    c.Emit(
        {{"relationship", d.relationship},
         {"parent", d.parent},
         {"type", d.item_type},
         {"attribute", CppStringLiteral(d.attribute)},
         {"source", CppStringLiteral(d.source)},
         {"link", Strings(d.link)},
         {"identifier", Strings(d.parent_identifier)},
         {"condition", CppStringLiteral(d.condition)}},
        "w.counter = model::CounterDraw{$relationship$, $parent$, $type$, $attribute$, $source$, "
        "$link$, $identifier$, $condition$};\n");
  }
  c.Outdent();
  c.Emit("}\n");
}

// One planned item write, appended to `target` (a std::vector<model::ItemWrite>).
void EmitItemWrite(Printer& c, const std::string& target, const ItemWrite& iw) {
  c.Emit({{"op", WriteOpEnum(iw.op)}, {"item_type", iw.item_type}, {"target", target}}, R"tmpl(
    {
      model::ItemWrite& iw = $target$.emplace_back();
      iw.op = model::WriteOp::$op$;
      iw.item_type = $item_type$;
  )tmpl");
  c.Indent();
  EmitIf(c, !iw.condition.empty(), {{"condition", CppStringLiteral(iw.condition)}},
         "iw.condition = $condition$;\n");
  EmitIf(c, !iw.set_attributes.empty(), {{"attributes", Strings(iw.set_attributes)}},
         "iw.set_attributes = $attributes$;\n");
  EmitIf(c, !iw.refresh_keys.empty(), {{"keys", Strings(iw.refresh_keys)}},
         "iw.refresh_keys = $keys$;\n");
  EmitIf(c, !iw.guard_attributes.empty(), {{"attributes", Strings(iw.guard_attributes)}},
         "iw.guard_attributes = $attributes$;\n");
  EmitConditions(c, "iw", iw.conditions);
  EmitIf(c, iw.also >= 0, {{"also", iw.also}}, "iw.also = $also$;\n");
  // A check folded into an aggregate's Put or Update of its item (exec::ApplyWrite sends one
  // action for both: a transaction refuses two on one item).
  EmitIf(c, iw.folded_into >= 0, {{"folded", iw.folded_into}}, "iw.folded_into = $folded$;\n");
  c.Outdent();
  c.Emit("}\n");
}

// One aggregate's maintainer and item types.
void EmitAggregateLayout(Printer& c, const AggregateLayout& a) {
  c.Emit({{"name", CppStringLiteral(a.name)},
          {"id", a.aggregate_id},
          {"maintainer", a.maintainer == Maintainer::kStream        ? "kStream"
                         : a.maintainer == Maintainer::kTransaction ? "kTransaction"
                                                                    : "kRead"},

          {"source", a.source_type},
          {"target", a.target_type}},
         R"tmpl(
    {
      model::AggregateLayout& a = l.aggregates.emplace_back();
      a.name = $name$;
      a.aggregate_id = $id$;
      a.maintainer = model::Maintainer::$maintainer$;
      a.source_type = $source$;
      a.target_type = $target$;
  )tmpl");
  c.Indent();
  EmitIf(c, a.collection_pattern >= 0, {{"collection", a.collection_pattern}},
         "a.collection_pattern = $collection$;\n");
  // A stream consumer keeping its marks as items (layout.h SeenMarks): the generated consumer
  // (runtime ApplyStreamRecords) writes them as the layout says.
  EmitIf(c, a.marks == SeenMarks::kItems, {}, "a.marks = model::SeenMarks::kItems;\n");
  // Write sharding of a transaction-kept aggregate: the writes spread over the shards and the
  // reads add them up (exec/aggregates.h), as the layout says.
  EmitIf(c, a.shards > 1,
         {{"shards", a.shards},
          {"key", Template(a.shard_partition_key)},
          {"label", CppStringLiteral(a.shard_label)},
          {"literal", CppStringLiteral(a.shard_literal)}},
         "a.shards = $shards$;\n"
         "a.shard_partition_key = $key$;\n"
         "a.shard_label = $label$;\n"
         "a.shard_literal = $literal$;\n");
  c.Outdent();
  c.Emit("}\n");
}

void EmitLayout(const Gen& g, Printer& c) {
  const KeyLayout& l = g.layout;
  c.Emit({{"name", CppStringLiteral(l.table_name)},
          {"pk", CppStringLiteral(l.partition_key)},
          {"sk", CppStringLiteral(l.sort_key)}},
         R"tmpl(
    const model::KeyLayout& LayoutIr() {
      static const model::KeyLayout built = [] {
        model::KeyLayout l;
        l.table_name = $name$;
        l.partition_key = $pk$;
        l.sort_key = $sk$;
  )tmpl");
  c.Indent();
  c.Indent();
  EmitIf(c, !l.ttl_attribute.empty(), {{"ttl", CppStringLiteral(l.ttl_attribute)}},
         "l.ttl_attribute = $ttl$;\n");
  // The stream a consumer of stream-kept aggregates reads (CreateTable enables it).
  EmitIf(c, l.stream, {}, "l.stream = true;\n");
  for (const IndexLayout& ix : l.indexes) EmitIndexLayout(c, ix);
  for (const ItemType& t : l.item_types) EmitItemType(c, t);
  for (const ReadPlan& r : l.reads) EmitReadPlan(c, r);
  for (const WritePlan& w : l.writes) EmitWritePlan(c, w);
  for (const AggregateLayout& a : l.aggregates) EmitAggregateLayout(c, a);
  for (const EmbeddedLayout& e : l.embedded) {
    // An embedded collection: its children live in the parent's item.
    c.Emit({{"relationship", e.relationship},
            {"parent", e.parent},
            {"child", e.child},
            {"type", e.parent_type},
            {"attribute", CppStringLiteral(e.attribute)},
            {"key", CppStringLiteral(e.key)},
            {"label", CppStringLiteral(e.label)},
            {"link", Strings(e.link)},
            {"identifier", Strings(e.identifier)},
            {"attributes", Strings(e.attributes)},
            {"max", e.max}},
           R"tmpl(
      {
        model::EmbeddedLayout& e = l.embedded.emplace_back();
        e.relationship = $relationship$;
        e.parent = $parent$;
        e.child = $child$;
        e.parent_type = $type$;
        e.attribute = $attribute$;
        e.key = $key$;
        e.label = $label$;
        e.link = $link$;
        e.identifier = $identifier$;
        e.attributes = $attributes$;
        e.max = $max$;
      }
    )tmpl");
  }
  c.Outdent();
  c.Outdent();
  c.Emit(R"tmpl(    return l;
  }();
  return built;
}

)tmpl");
}

}  // namespace

void EmitIr(const Gen& g, Printer& c) {
  c.Emit(R"tmpl(namespace {

model::keys::TemplatePart P(bool is_attribute, const char* text, model::keys::Encoding encoding, int width) {
  model::keys::TemplatePart p;
  p.is_attribute = is_attribute;
  p.text = text;
  p.encoding = encoding;
  p.width = width;
  return p;
}

model::KeyTemplate T(std::vector<model::keys::TemplatePart> parts) {
  model::KeyTemplate t;
  t.parts = std::move(parts);
  return t;
}

void A(model::Entity& e, const char* name, model::AttrType type, bool required, bool unique,
       std::vector<std::string> enum_values) {
  model::Attribute& a = e.attributes.emplace_back();
  a.name = name;
  a.type = type;
  a.required = required;
  a.unique = unique;
  a.enum_values = std::move(enum_values);
}

}  // namespace

// The model and layout this file was generated from: the runtime executes their plans.
)tmpl");
  EmitModel(g, c);
  EmitLayout(g, c);
}

}  // namespace model::codegen
