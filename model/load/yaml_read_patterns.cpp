// The structure phase for `relationships`, `access_patterns` and `write_patterns`.
#include <fmt/format.h>

#include <charconv>

#include "model/format_names.h"
#include "model/load/format_spec.h"
#include "model/load/yaml_read.h"
#include "model/load/yaml_values.h"

namespace model::load {

namespace {

// The items of a list section; a missing value (`relationships:` alone) is an empty list.
const std::vector<const YamlNode*>* SectionItems(const YamlNode& node, std::string_view what,
                                                 Diagnostics& diags) {
  static const std::vector<const YamlNode*> kEmpty;
  if (node.IsNull()) return &kEmpty;
  if (node.IsSequence()) return &node.items;
  diags.Error(
      DiagId::kWrongValueKind, node.range,
      fmt::format("{} must be a list of '- name: ...' entries, not {}", what, DescribeNode(node)));
  return nullptr;
}

// Reads `name:` of a list entry, which must be an identifier. `what` is e.g. "relationship".
std::optional<std::string> ReadEntryName(const YamlNode& node, std::string_view kind,
                                         std::size_t index, Diagnostics& diags) {
  const YamlNode* n = RequireKey(node, "name", fmt::format("{} #{}", kind, index + 1),
                                 "add 'name:' with a unique camelCase name", diags);
  if (!n) return std::nullopt;
  auto text = ReadText(*n, fmt::format("the name of {} #{}", kind, index + 1), diags);
  if (!text) return std::nullopt;
  if (!IsIdentifier(*text)) {
    diags.Error(DiagId::kBadName, n->range,
                fmt::format("{} name {} is not a valid name; use letters, digits and '_', "
                            "starting with a letter (e.g. ordersByCustomer)",
                            kind, Quoted(*text)));
    return std::nullopt;
  }
  return text;
}

void ReadRelationship(const YamlNode& node, std::size_t index, ModelDecl& decl,
                      Diagnostics& diags) {
  if (!ExpectMapping(node, fmt::format("relationship #{}", index + 1), diags)) return;
  auto name = ReadEntryName(node, "relationship", index, diags);
  std::string what =
      name ? fmt::format("relationship '{}'", *name) : fmt::format("relationship #{}", index + 1);
  CheckKeys(node, what, SectionKeyNames(FormatSection::kRelationship), diags);
  RelationshipDecl r;
  r.relationship.range = node.range;
  if (name) {
    r.relationship.name = *name;
    r.name_range = node.Find("name")->value->range;
  }
  bool ok = name.has_value();
  if (const YamlNode* n = FindValue(node, "description")) {
    if (!ReadText(*n, fmt::format("'description' of {}", what), diags)) ok = false;
  }
  if (const YamlNode* n =
          RequireKey(node, "cardinality", what, "add 'cardinality: 1:N' (or 1:1, M:N)", diags)) {
    r.cardinality_range = n->range;
    if (auto v = ReadWord(*n, fmt::format("the cardinality of {}", what),
                          SectionKey(FormatSection::kRelationship, "cardinality").words, diags)) {
      r.relationship.cardinality = *v == "1:1"                    ? Cardinality::kOneToOne
                                   : (*v == "1:N" || *v == "1:n") ? Cardinality::kOneToMany
                                                                  : Cardinality::kManyToMany;
    } else {
      ok = false;
    }
  } else {
    ok = false;
  }
  auto read_entity = [&](const char* key, std::optional<Name>& out, bool required) {
    const YamlNode* n = required ? RequireKey(node, key, what,
                                              fmt::format("add '{}:' naming an entity", key), diags)
                                 : FindValue(node, key);
    if (!n) {
      if (required) ok = false;
      return;
    }
    out = ReadName(*n, fmt::format("'{}' of {}", key, what), diags);
    if (!out) ok = false;
  };
  std::optional<Name> from, to;
  // `from` names one entity, or several with `kind` (a polymorphic association).
  if (const YamlNode* n = RequireKey(node, "from", what, "add 'from:' naming an entity", diags)) {
    r.from_range = n->range;
    r.from_is_list = n->IsSequence();
    if (auto names = ReadNameList(*n, fmt::format("'from' of {}", what), diags)) {
      if (names->empty()) {
        diags.Error(DiagId::kWrongValueKind, n->range,
                    fmt::format("'from' of {} is an empty list; name the parent entity, or "
                                "several with 'kind' for a polymorphic association",
                                what));
        ok = false;
      } else {
        from = names->front();
        if (r.from_is_list) r.from_list = *names;
      }
    } else {
      ok = false;
    }
  } else {
    ok = false;
  }
  read_entity("to", to, true);
  if (const YamlNode::Entry* e = node.Find("kind")) {
    r.kind_range = e->key->range;
    r.kind = ReadName(*e->value, fmt::format("'kind' of {}", what), diags);
    if (!r.kind) ok = false;
  }
  read_entity("through", r.through, false);
  auto read_link = [&](const char* key, std::optional<std::vector<Name>>& out, SourceRange& range) {
    const YamlNode::Entry* e = node.Find(key);
    if (!e) return;
    range = e->key->range;
    out = ReadNameList(*e->value, fmt::format("'{}' of {}", key, what), diags);
    if (!out) {
      ok = false;
    } else if (out->empty()) {
      diags.Error(DiagId::kWrongValueKind, e->value->range,
                  fmt::format("'{}' of {} is an empty list; name the linking attribute(s) or "
                              "remove '{}' to use the default",
                              key, what, key));
      ok = false;
    }
  };
  read_link("link", r.link, r.link_range);
  read_link("link_to", r.link_to, r.link_to_range);
  if (const YamlNode::Entry* e = node.Find("owning")) {
    r.owning_range = e->key->range;
    r.relationship.owning_range = e->key->range;
    if (auto v = ReadBool(*e->value, fmt::format("'owning' of {}", what), diags)) {
      r.relationship.owning = *v;
    } else {
      ok = false;
    }
  }
  if (const YamlNode* n = FindValue(node, "max")) {
    const KeySpec& spec = SectionKey(FormatSection::kRelationship, "max");
    if (auto v = ReadInt(*n, fmt::format("'max' of {}", what), spec.min, spec.max, diags)) {
      r.relationship.max = *v;
      r.relationship.max_range = n->range;
    } else {
      ok = false;
    }
  }
  if (const YamlNode* n = FindValue(node, "average")) {
    if (auto v = ReadPositive(*n, fmt::format("'average' of {}", what), diags)) {
      r.relationship.average = *v;
      r.relationship.average_range = n->range;
    } else {
      ok = false;
    }
  }
  if (const YamlNode::Entry* e = node.Find("embedded")) {
    r.relationship.embedded_range = e->key->range;
    if (auto v = ReadBool(*e->value, fmt::format("'embedded' of {}", what), diags)) {
      r.relationship.embedded = *v;
    } else {
      ok = false;
    }
  }
  if (!ok) return;
  r.from = *from;
  r.to = *to;
  decl.relationships.push_back(std::move(r));
}

std::optional<RangeCondition> ReadRange(const YamlNode& node, std::string_view what,
                                        Diagnostics& diags) {
  if (!node.IsMapping() || node.entries.size() != 1) {
    diags.Error(DiagId::kWrongValueKind, node.range,
                fmt::format("'range' of {} must be one 'attribute: operator' pair like "
                            "'{{ placedAt: between }}', not {}",
                            what, node.IsMapping() ? "several pairs" : DescribeNode(node)));
    return std::nullopt;
  }
  const auto& e = node.entries[0];
  auto op = ReadWord(*e.value, fmt::format("the range operator of {}", what), RangeOperatorWords(),
                     diags);
  if (!op) return std::nullopt;
  RangeCondition rc;
  rc.attribute = e.key->text;
  rc.range = e.key->range;
  rc.op = ValueNamed(kRangeOpNames, *op).value();  // ReadWord accepted one of its names
  return rc;
}

std::optional<SortOrder> ReadSort(const YamlNode& node, std::string_view what, Diagnostics& diags) {
  if (node.IsScalar() && !node.text.empty()) {
    return SortOrder{node.text, false, node.range};
  }
  if (!node.IsMapping() || node.entries.size() != 1) {
    diags.Error(DiagId::kWrongValueKind, node.range,
                fmt::format("'sort' of {} must be one 'attribute: asc|desc' pair like "
                            "'{{ placedAt: desc }}', not {}",
                            what, node.IsMapping() ? "several pairs" : DescribeNode(node)));
    return std::nullopt;
  }
  const auto& e = node.entries[0];
  auto dir = ReadWord(*e.value, fmt::format("the sort direction of {}", what), SortDirectionWords(),
                      diags);
  if (!dir) return std::nullopt;
  return SortOrder{e.key->text, *dir == "desc", e.key->range};
}

// Reads a 'filter' mapping of `what` (an access pattern or an aggregate): `attribute: value`
// pairs, each value a scalar kept as written. Appends to `out`; false (with diagnostics) when the
// node is no mapping, is empty or holds a value that is no scalar.
bool ReadFilters(const YamlNode& n, std::string_view what, std::vector<FixedFilter>& out,
                 Diagnostics& diags) {
  if (!n.IsMapping() || n.entries.empty()) {
    diags.Error(DiagId::kWrongValueKind, n.range,
                fmt::format("'filter' of {} must be 'attribute: value' pairs like "
                            "'{{ status: OPEN }}', not {}",
                            what, n.IsMapping() ? "an empty mapping" : DescribeNode(n)));
    return false;
  }
  bool ok = true;
  for (const auto& e : n.entries) {
    auto value = ReadText(*e.value,
                          fmt::format("the filter value for '{}' in {}", e.key->text, what), diags);
    if (!value) {
      ok = false;
      continue;
    }
    out.push_back(FixedFilter{e.key->text, *value, e.key->range});
  }
  return ok;
}

std::optional<Aggregate> ReadAggregate(const YamlNode& node, std::string_view what,
                                       Diagnostics& diags) {
  std::string agg_what = fmt::format("'aggregate' of {}", what);
  if (node.IsScalar()) {
    if (!ReadWord(node, agg_what, {"count"}, diags)) return std::nullopt;
    return Aggregate{AggregateKind::kCount, "", node.range};
  }
  if (!node.IsMapping()) {
    diags.Error(DiagId::kWrongValueKind, node.range,
                fmt::format("{} must be 'count' or '{{ sum: attribute }}', not {}", agg_what,
                            DescribeNode(node)));
    return std::nullopt;
  }
  CheckKeys(node, agg_what, SectionKeyNames(FormatSection::kAggregate), diags);
  const YamlNode* sum = RequireKey(node, "sum", agg_what, "write '{ sum: quantity }'", diags);
  if (!sum) return std::nullopt;
  auto attr = ReadName(*sum, fmt::format("'sum' of {}", what), diags);
  if (!attr) return std::nullopt;
  return Aggregate{AggregateKind::kSum, attr->text, sum->range};
}

// `hot: { share: 0.3 }` into p.hot_share: a mapping with `share`, a number in (0, 1] (E241 at
// the value, or at `hot` when it is missing).
static bool ReadHot(const YamlNode::Entry& e, const std::string& what, AccessPattern& p,
                    Diagnostics& diags) {
  std::string hot_what = fmt::format("'hot' of {}", what);
  if (!e.value->IsMapping()) {
    diags.Error(DiagId::kBadHotPartition, e.value->range,
                fmt::format("{} must be '{{ share: 0.3 }}' (the busiest value's share of the "
                            "requests), not {}",
                            hot_what, DescribeNode(*e.value)));
    return false;
  }
  CheckKeys(*e.value, hot_what, {"share"}, diags);
  const YamlNode* share = FindValue(*e.value, "share");
  if (!share) {
    diags.Error(DiagId::kBadHotPartition, e.key->range,
                fmt::format("{} needs 'share': the fraction of the requests the busiest value "
                            "takes, e.g. 'hot: {{ share: 0.3 }}' for 30%",
                            hot_what));
    return false;
  }
  std::optional<double> v;
  if (share->IsScalar() && IsDecimal(share->text)) {
    std::string_view t = share->text;
    if (t[0] == '+') t.remove_prefix(1);
    double parsed = 0;
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), parsed);
    if (ec == std::errc() && end == t.data() + t.size()) v = parsed;
  }
  bool number = v.has_value();
  if (!v || !(*v > 0 && *v <= 1)) {
    diags.Error(DiagId::kBadHotPartition, share->range,
                fmt::format("'share' of {} is {}, but it is the busiest value's fraction of the "
                            "requests, greater than 0 and at most 1 (write 0.3 for 30%)",
                            hot_what, number ? share->text : DescribeNode(*share)));
    return false;
  }
  p.hot_share = *v;
  return true;
}

void ReadAccessPattern(const YamlNode& node, std::size_t index, ModelDecl& decl,
                       Diagnostics& diags) {
  if (!ExpectMapping(node, fmt::format("access pattern #{}", index + 1), diags)) return;
  auto name = ReadEntryName(node, "access pattern", index, diags);
  std::string what = name ? fmt::format("access pattern '{}'", *name)
                          : fmt::format("access pattern #{}", index + 1);
  CheckKeys(node, what, SectionKeyNames(FormatSection::kAccessPattern), diags);
  AccessPatternDecl a;
  AccessPattern& p = a.pattern;
  p.range = node.range;
  bool ok = name.has_value();
  if (name) {
    p.name = *name;
    a.name_range = node.Find("name")->value->range;
  }
  auto text = [&](const char* key, std::string& out) {
    if (const YamlNode* n = FindValue(node, key)) {
      if (auto v = ReadText(*n, fmt::format("'{}' of {}", key, what), diags)) {
        out = *v;
      } else {
        ok = false;
      }
    }
  };
  text("description", p.description);
  std::string shard_reason;
  text("shard_reason", shard_reason);
  a.has_shard_reason = !shard_reason.empty();
  if (const YamlNode* n = RequireKey(node, "returns", what,
                                     "add 'returns: Entity' (or a list of entities)", diags)) {
    a.returns_range = n->range;
    if (auto v = ReadNameList(*n, fmt::format("'returns' of {}", what), diags)) {
      a.returns = *v;
      if (v->empty()) {
        diags.Error(
            DiagId::kWrongValueKind, n->range,
            fmt::format("'returns' of {} is an empty list; name the entity it reads", what));
        ok = false;
      }
    } else {
      ok = false;
    }
  } else {
    ok = false;
  }
  auto names = [&](const char* key, std::vector<Name>& out, std::vector<std::string>& texts) {
    if (const YamlNode* n = FindValue(node, key)) {
      if (auto v = ReadNameList(*n, fmt::format("'{}' of {}", key, what), diags)) {
        out = *v;
        for (const Name& x : out) texts.push_back(x.text);
      } else {
        ok = false;
      }
    }
  };
  names("by", a.params, p.params);
  names("project", a.projection, p.projection);
  if (const YamlNode* n = FindValue(node, "follows")) {
    if (auto v = ReadName(*n, fmt::format("'follows' of {}", what), diags)) {
      a.follows = *v;
      p.follows_range = v->range;
    } else {
      ok = false;
    }
  }
  if (const YamlNode* n = FindValue(node, "range")) {
    p.range_condition = ReadRange(*n, what, diags);
    if (!p.range_condition) ok = false;
  }
  if (const YamlNode* n = FindValue(node, "sort")) {
    p.sort = ReadSort(*n, what, diags);
    if (!p.sort) ok = false;
  }
  if (const YamlNode::Entry* e = node.Find("limit")) {
    a.limit_range = e->key->range;
    const YamlNode* n = e->value;
    const KeySpec& spec = SectionKey(FormatSection::kAccessPattern, "limit");
    if (auto v = ReadInt(*n, fmt::format("'limit' of {}", what), spec.min, spec.max, diags)) {
      p.limit = *v;
    } else {
      ok = false;
    }
  }
  if (const YamlNode* n = FindValue(node, "filter")) {
    if (!ReadFilters(*n, what, p.filters, diags)) ok = false;
  }
  if (const YamlNode* n = FindValue(node, "aggregate")) {
    p.aggregate = ReadAggregate(*n, what, diags);
    if (!p.aggregate) ok = false;
  }
  auto flag = [&](const char* key, bool& out, SourceRange* range) {
    if (const YamlNode::Entry* e = node.Find(key)) {
      if (range) *range = e->key->range;
      if (auto v = ReadBool(*e->value, fmt::format("'{}' of {}", key, what), diags)) {
        out = *v;
      } else {
        ok = false;
      }
    }
  };
  flag("current_only", p.current_only, &a.current_only_range);
  flag("consistent", p.consistent, &p.consistent_range);
  flag("allow_scan", p.allow_scan, nullptr);
  if (const YamlNode::Entry* e = node.Find("rate")) {
    p.rate_range = e->key->range;
    if (auto v = ReadPositive(*e->value, fmt::format("'rate' of {}", what), diags)) {
      p.rate = *v;
      p.rate_declared = true;
    } else {
      ok = false;
    }
  }
  if (const YamlNode::Entry* e = node.Find("index")) {
    a.index_range = e->value->range;
    p.index_range = e->value->range;
    if (auto v = ReadName(*e->value, fmt::format("'index' of {}", what), diags)) {
      p.pinned_index = v->text;
    } else {
      ok = false;
    }
  }
  if (const YamlNode::Entry* e = node.Find("shards")) {
    a.shards_range = e->key->range;
    p.shards_range = e->key->range;
    const KeySpec& spec = SectionKey(FormatSection::kAccessPattern, "shards");
    if (auto v =
            ReadInt(*e->value, fmt::format("'shards' of {}", what), spec.min, spec.max, diags)) {
      p.shards = static_cast<int>(*v);
    } else {
      ok = false;
    }
  }
  if (const YamlNode::Entry* e = node.Find("hot")) {
    p.hot_range = e->key->range;
    if (!ReadHot(*e, what, p, diags)) ok = false;
  }
  if (ok) decl.access_patterns.push_back(std::move(a));
}

// One `attribute: "<op> <operand>"` entry of a write pattern's `condition` (the attribute is
// resolved later): the operator, then a literal or a `:parameter`; `exists` and `not_exists`
// alone. Nullopt after reporting E427.
std::optional<WriteCondition> ReadCondition(const YamlNode::Entry& e, const std::string& what,
                                            Diagnostics& diags) {
  auto text =
      ReadText(*e.value, fmt::format("the condition on '{}' in {}", e.key->text, what), diags);
  if (!text) return std::nullopt;
  auto trim = [](std::string_view s) {
    std::size_t b = s.find_first_not_of(" \t");
    if (b == std::string_view::npos) return std::string_view();
    return s.substr(b, s.find_last_not_of(" \t") - b + 1);
  };
  std::string_view t = trim(*text);
  WriteCondition c;
  c.attribute = e.key->text;
  c.range = e.key->range;
  auto malformed = [&](const std::string& why) {
    diags.Error(DiagId::kMalformedCondition, e.value->range,
                fmt::format("the condition on '{}' in {} {}; write an operator (=, <>, <, <=, >, "
                            ">=) and a value or a :parameter, e.g. \"< 50\" or \"= :caller\", "
                            "or exists or not_exists",
                            e.key->text, what, why));
    return std::nullopt;
  };
  for (const auto& [op, word] : kConditionOpNames) {
    std::string_view w = word;
    if (t.substr(0, w.size()) != w) continue;
    c.op = op;
    std::string_view rest = trim(t.substr(w.size()));
    if (op == ConditionOp::kExists || op == ConditionOp::kNotExists) {
      if (t != w) return malformed(fmt::format("has something after '{}'", w));
      return c;
    }
    if (rest.empty()) return malformed(fmt::format("has no value after '{}'", w));
    if (rest.front() == ':') {
      if (!IsIdentifier(rest.substr(1))) {
        return malformed(fmt::format("names the parameter '{}', which is not an identifier", rest));
      }
      c.parameter = std::string(rest.substr(1));
    } else {
      c.value = std::string(rest);
    }
    return c;
  }
  return malformed(t.empty() ? std::string("is empty")
                             : fmt::format("is '{}', which does not start with an operator", t));
}

// A `condition:` mapping (attribute: comparison) into `out`, with each value's range in
// `ranges`; false after reporting what is wrong.
bool ReadConditions(const YamlNode& n, const std::string& what, std::vector<WriteCondition>& out,
                    std::vector<SourceRange>& ranges, Diagnostics& diags) {
  if (!n.IsMapping() || n.entries.empty()) {
    diags.Error(DiagId::kWrongValueKind, n.range,
                fmt::format("'condition' of {} must be 'attribute: comparison' pairs like "
                            "'{{ booked: \"< 50\" }}', not {}",
                            what, n.IsMapping() ? "an empty mapping" : DescribeNode(n)));
    return false;
  }
  bool ok = true;
  for (const auto& e : n.entries) {
    auto cond = ReadCondition(e, what, diags);
    if (!cond) {
      ok = false;
      continue;
    }
    out.push_back(std::move(*cond));
    ranges.push_back(e.value->range);
  }
  return ok;
}

// One entry of a write pattern's `also:` list: exactly one of `update`, `check` and `delete`
// naming an entity, `attributes` with an update only, `condition` (a check without one checks only
// that the item exists). Nullopt after reporting what is wrong.
std::optional<AlsoDecl> ReadAlso(const YamlNode& node, const std::string& what,
                                 Diagnostics& diags) {
  if (!ExpectMapping(node, what, diags)) return std::nullopt;
  CheckKeys(node, what, SectionKeyNames(FormatSection::kAlsoEntry), diags);
  AlsoDecl a;
  a.write.range = node.range;
  bool ok = true;
  const YamlNode::Entry* kind_entry = nullptr;
  for (const auto& [key, kind] :
       {std::pair{"update", AlsoKind::kUpdate}, std::pair{"check", AlsoKind::kCheck},
        std::pair{"delete", AlsoKind::kDelete}}) {
    const YamlNode::Entry* e = node.Find(key);
    if (!e) continue;
    if (kind_entry != nullptr) {
      diags.Error(DiagId::kMalformedAlso, e->key->range,
                  fmt::format("{} has both '{}' and '{}'; an entry writes one item, so split it "
                              "in two",
                              what, kind_entry->key->text, key));
      ok = false;
      continue;
    }
    kind_entry = e;
    a.write.kind = kind;
    if (auto v = ReadName(*e->value, fmt::format("'{}' of {}", key, what), diags)) {
      a.entity = *v;
    } else {
      ok = false;
    }
  }
  if (kind_entry == nullptr) {
    diags.Error(DiagId::kMalformedAlso, node.range,
                fmt::format("{} needs 'update', 'check' or 'delete' naming the entity whose "
                            "item it writes or checks, e.g. 'check: Game'",
                            what));
    return std::nullopt;
  }
  if (const YamlNode::Entry* e = node.Find("attributes")) {
    if (a.write.kind != AlsoKind::kUpdate) {
      diags.Error(DiagId::kMalformedAlso, e->key->range,
                  fmt::format("'attributes' of {} only applies to 'update' (a {} sets "
                              "nothing); remove it",
                              what, AlsoKindName(a.write.kind)));
      ok = false;
    } else if (auto v = ReadNameList(*e->value, fmt::format("'attributes' of {}", what), diags)) {
      a.attributes = *v;
      for (const Name& x : *v) a.write.attributes.push_back(x.text);
    } else {
      ok = false;
    }
  } else if (a.write.kind == AlsoKind::kUpdate) {
    diags.Error(DiagId::kMalformedAlso, kind_entry->key->range,
                fmt::format("{} updates '{}' but lists no 'attributes'; name the attributes it "
                            "changes, e.g. 'attributes: [state]'",
                            what, a.entity.text));
    ok = false;
  }
  if (const YamlNode::Entry* c = node.Find("condition")) {
    a.condition_range = c->key->range;
    if (!ReadConditions(*c->value, what, a.write.conditions, a.condition_value_ranges, diags))
      ok = false;
  }
  if (!ok) return std::nullopt;
  return a;
}

void ReadWritePattern(const YamlNode& node, std::size_t index, ModelDecl& decl,
                      Diagnostics& diags) {
  if (!ExpectMapping(node, fmt::format("write pattern #{}", index + 1), diags)) return;
  auto name = ReadEntryName(node, "write pattern", index, diags);
  std::string what =
      name ? fmt::format("write pattern '{}'", *name) : fmt::format("write pattern #{}", index + 1);
  CheckKeys(node, what, SectionKeyNames(FormatSection::kWritePattern), diags);
  WritePatternDecl w;
  w.pattern.range = node.range;
  bool ok = name.has_value();
  if (name) {
    w.pattern.name = *name;
    w.name_range = node.Find("name")->value->range;
  }
  if (const YamlNode* n = FindValue(node, "description")) {
    if (auto v = ReadText(*n, fmt::format("'description' of {}", what), diags)) {
      w.pattern.description = *v;
    } else {
      ok = false;
    }
  }
  static const std::pair<const char*, WriteKind> kKinds[] = {{"create", WriteKind::kCreate},
                                                             {"update", WriteKind::kUpdate},
                                                             {"delete", WriteKind::kDelete}};
  const YamlNode::Entry* kind_entry = nullptr;
  for (const auto& [key, kind] : kKinds) {
    const YamlNode::Entry* e = node.Find(key);
    if (!e) continue;
    if (kind_entry != nullptr) {
      diags.Error(DiagId::kWriteKeysConflict, e->key->range,
                  fmt::format("{} has both '{}' and '{}'; a write pattern does one thing, so "
                              "split it in two",
                              what, kind_entry->key->text, key));
      ok = false;
      continue;
    }
    kind_entry = e;
    w.pattern.kind = kind;
    if (auto v = ReadName(*e->value, fmt::format("'{}' of {}", key, what), diags)) {
      w.entity = *v;
    } else {
      ok = false;
    }
  }
  if (kind_entry == nullptr) {
    diags.Error(DiagId::kMissingKey, node.range,
                fmt::format("{} needs 'create', 'update' or 'delete' naming the entity it "
                            "writes, e.g. 'create: Order'",
                            what));
    ok = false;
  }
  if (const YamlNode::Entry* e = node.Find("attributes")) {
    w.attributes_range = e->key->range;
    if (kind_entry != nullptr && w.pattern.kind != WriteKind::kUpdate) {
      diags.Error(DiagId::kWriteKeysConflict, e->key->range,
                  fmt::format("'attributes' of {} only applies to 'update' (a {} writes the "
                              "whole item); remove it",
                              what, WriteKindName(w.pattern.kind)));
      ok = false;
    } else if (auto v = ReadNameList(*e->value, fmt::format("'attributes' of {}", what), diags)) {
      w.attributes = *v;
      for (const Name& x : *v) w.pattern.attributes.push_back(x.text);
    } else {
      ok = false;
    }
  }
  if (const YamlNode::Entry* c = node.Find("condition")) {
    if (!ReadConditions(*c->value, what, w.pattern.conditions, w.condition_value_ranges, diags))
      ok = false;
  }
  if (const YamlNode::Entry* a = node.Find("also")) {
    const YamlNode& n = *a->value;
    if (!n.IsSequence() || n.items.empty()) {
      diags.Error(DiagId::kWrongValueKind, n.range,
                  fmt::format("'also' of {} must be a list of entries like '{{ update: Ticket, "
                              "attributes: [state] }}' or '{{ check: Game, condition: {{ phase: "
                              "\"= LOBBY\" }} }}', not {}",
                              what, n.IsSequence() ? "an empty list" : DescribeNode(n)));
      ok = false;
    } else {
      for (std::size_t i = 0; i < n.items.size(); ++i) {
        auto entry =
            ReadAlso(*n.items[i], fmt::format("'also' entry #{} of {}", i + 1, what), diags);
        if (!entry) {
          ok = false;
          continue;
        }
        w.also.push_back(std::move(*entry));
      }
    }
  }
  if (const YamlNode* n = FindValue(node, "rate")) {
    if (auto v = ReadPositive(*n, fmt::format("'rate' of {}", what), diags)) {
      w.pattern.rate = *v;
      w.pattern.rate_declared = true;
    } else {
      ok = false;
    }
  }
  if (ok) decl.write_patterns.push_back(std::move(w));
}

// One `target: <function>` entry of a single-key mapping section (a bucket or a function):
// the key and its name value, or nullopt after reporting.
std::optional<std::pair<std::string, Name>> ReadOneEntry(const YamlNode& node,
                                                         std::string_view what,
                                                         FormatSection section,
                                                         std::string_view example,
                                                         Diagnostics& diags) {
  if (!node.IsMapping() || node.entries.size() != 1) {
    diags.Error(DiagId::kWrongValueKind, node.range,
                fmt::format("{} must be one pair like '{}', not {}", what, example,
                            node.IsMapping() ? "several pairs" : DescribeNode(node)));
    return std::nullopt;
  }
  CheckKeys(node, what, SectionKeyNames(section), diags);
  const auto& e = node.entries[0];
  if (!FindSectionKey(section, e.key->text)) return std::nullopt;
  auto attr = ReadName(*e.value, fmt::format("'{}' of {}", e.key->text, what), diags);
  if (!attr) return std::nullopt;
  return std::make_pair(e.key->text, *attr);
}

// Reads one `target: source` (or `target: { month: source }`) entry of an aggregate's 'group'
// into `a.group`; false (with a diagnostic) if it is malformed.
bool ReadGroupPart(const YamlNode::Entry& e, const std::string& group_what, AggregateDeclDecl& a,
                   Diagnostics& diags) {
  GroupPartDecl g;
  g.target = Name{e.key->text, e.key->range};
  std::string part_what = fmt::format("'{}' in {}", e.key->text, group_what);
  if (e.value->IsScalar()) {
    auto v = ReadName(*e.value, part_what, diags);
    if (!v) return false;
    g.source = *v;
  } else {
    auto v =
        ReadOneEntry(*e.value, part_what, FormatSection::kTimeBucket, "{ month: placedAt }", diags);
    if (!v) return false;
    static const std::pair<const char*, TimeBucket> kBuckets[] = {{"day", TimeBucket::kDay},
                                                                  {"month", TimeBucket::kMonth},
                                                                  {"quarter", TimeBucket::kQuarter},
                                                                  {"year", TimeBucket::kYear}};
    for (const auto& [word, bucket] : kBuckets) {
      if (v->first == word) g.bucket = bucket;
    }
    g.source = v->second;
  }
  a.group.push_back(std::move(g));
  return true;
}

// Reads an aggregate's 'group' mapping `n` into `a`; false (with diagnostics) if any is wrong.
bool ReadAggregateGroup(const YamlNode& n, const std::string& what, AggregateDeclDecl& a,
                        Diagnostics& diags) {
  bool ok = true;
  a.group_range = n.range;
  std::string group_what = fmt::format("'group' of {}", what);
  if (!n.IsMapping() || n.entries.empty()) {
    diags.Error(DiagId::kWrongValueKind, n.range,
                fmt::format("{} must map each identifier attribute of 'into' to an attribute "
                            "of 'of' or a time bucket like '{{ month: placedAt }}', not {}",
                            group_what, DescribeNode(n)));
    ok = false;
  } else {
    for (const auto& e : n.entries) {
      if (!ReadGroupPart(e, group_what, a, diags)) ok = false;
    }
  }
  return ok;
}

// Reads one `target: count | { count: joined } | { sum: a } | { latest: a, by: b }` entry of an
// aggregate's 'values' into `a.values`; false (with a diagnostic) if it is malformed.
bool ReadAggregateValue(const YamlNode::Entry& e, const std::string& values_what,
                        AggregateDeclDecl& a, Diagnostics& diags) {
  AggregateValueDecl v;
  v.target = Name{e.key->text, e.key->range};
  std::string value_what = fmt::format("'{}' in {}", e.key->text, values_what);
  if (e.value->IsScalar()) {
    if (!ReadWord(*e.value, value_what, {"count"}, diags)) return false;
    v.source = Name{"", e.value->range};
  } else if (e.value->IsMapping() && e.value->entries.size() == 1 &&
             e.value->entries[0].key->text == "count") {
    // { count: joined }: the joins of the group's items, never taken back.
    if (!ReadWord(*e.value->entries[0].value, fmt::format("'count' of {}", value_what), {"joined"},
                  diags))
      return false;
    v.function = AggregateFunction::kJoined;
    v.source = Name{"", e.value->range};
  } else if (e.value->IsMapping() && e.value->Find("latest") != nullptr) {
    // { latest: attribute, by: attribute }: both names required, nothing else.
    CheckKeys(*e.value, value_what, SectionKeyNames(FormatSection::kLatestValue), diags);
    v.function = AggregateFunction::kLatest;
    auto latest =
        ReadName(*e.value->Find("latest")->value, fmt::format("'latest' of {}", value_what), diags);
    const YamlNode* by =
        RequireKey(*e.value, "by", value_what,
                   "add 'by:' naming the attribute of 'of' that orders the items (a timestamp, "
                   "date, number or string: the greatest is the latest)",
                   diags);
    std::optional<Name> order =
        by ? ReadName(*by, fmt::format("'by' of {}", value_what), diags) : std::nullopt;
    if (!latest || !order) return false;
    v.source = *latest;
    v.by = *order;
  } else {
    // An unknown function: the keys a value takes are a function's or `latest` (with `by`).
    if (e.value->IsMapping() && e.value->entries.size() == 1 &&
        !FindSectionKey(FormatSection::kAggregateValue, e.value->entries[0].key->text)) {
      std::vector<std::string> keys = SectionKeyNames(FormatSection::kAggregateValue);
      keys.push_back("latest");
      CheckKeys(*e.value, value_what, keys, diags);
      return false;
    }
    auto f = ReadOneEntry(*e.value, value_what, FormatSection::kAggregateValue, "{ sum: quantity }",
                          diags);
    if (!f) return false;
    v.function = f->first == "sum"   ? AggregateFunction::kSum
                 : f->first == "min" ? AggregateFunction::kMin
                                     : AggregateFunction::kMax;
    v.source = f->second;
  }
  a.values.push_back(std::move(v));
  return true;
}

// Reads an aggregate's 'values' mapping `n` into `a`; false (with diagnostics) if any is wrong.
bool ReadAggregateValues(const YamlNode& n, const std::string& what, AggregateDeclDecl& a,
                         Diagnostics& diags) {
  bool ok = true;
  a.values_range = n.range;
  std::string values_what = fmt::format("'values' of {}", what);
  if (!n.IsMapping() || n.entries.empty()) {
    diags.Error(DiagId::kWrongValueKind, n.range,
                fmt::format("{} must map attributes of 'into' to 'count', a function like "
                            "'{{ sum: quantity }}' or '{{ latest: text, by: sentAt }}', not {}",
                            values_what,
                            n.IsMapping() ? std::string("an empty mapping") : DescribeNode(n)));
    ok = false;
  } else {
    for (const auto& e : n.entries) {
      if (!ReadAggregateValue(e, values_what, a, diags)) ok = false;
    }
  }
  return ok;
}

void ReadAggregate(const YamlNode& node, std::size_t index, ModelDecl& decl, Diagnostics& diags) {
  if (!ExpectMapping(node, fmt::format("aggregate #{}", index + 1), diags)) return;
  auto name = ReadEntryName(node, "aggregate", index, diags);
  std::string what =
      name ? fmt::format("aggregate '{}'", *name) : fmt::format("aggregate #{}", index + 1);
  CheckKeys(node, what, SectionKeyNames(FormatSection::kAggregateDecl), diags);
  AggregateDeclDecl a;
  a.aggregate.range = node.range;
  bool ok = name.has_value();
  if (name) {
    a.aggregate.name = *name;
    a.name_range = node.Find("name")->value->range;
  }
  if (const YamlNode* n = FindValue(node, "description")) {
    if (auto v = ReadText(*n, fmt::format("'description' of {}", what), diags)) {
      a.aggregate.description = *v;
    } else {
      ok = false;
    }
  }
  for (const char* key : {"of", "into"}) {
    const YamlNode* n =
        RequireKey(node, key, what,
                   std::string_view(key) == "of" ? "add 'of: Entity', the entity aggregated"
                                                 : "add 'into: Entity', the entity holding the "
                                                   "values",
                   diags);
    auto v = n ? ReadName(*n, fmt::format("'{}' of {}", key, what), diags) : std::nullopt;
    if (!v) {
      ok = false;
      continue;
    }
    (std::string_view(key) == "of" ? a.of : a.into) = *v;
  }
  if (const YamlNode* n = RequireKey(node, "group", what,
                                     "add 'group: { productId: productId }' mapping into's "
                                     "identifier to attributes of 'of'",
                                     diags)) {
    if (!ReadAggregateGroup(*n, what, a, diags)) ok = false;
  } else {
    ok = false;
  }
  if (const YamlNode* n =
          RequireKey(node, "values", what,
                     "add 'values: { total: { sum: amount } }' naming what to keep", diags)) {
    if (!ReadAggregateValues(*n, what, a, diags)) ok = false;
  } else {
    ok = false;
  }
  if (const YamlNode* n = FindValue(node, "filter")) {
    a.aggregate.filter_range = n->range;
    if (!ReadFilters(*n, what, a.aggregate.filters, diags)) ok = false;
  }
  if (const YamlNode::Entry* e = node.Find("maintain")) {
    a.aggregate.maintain_range = e->value->range;
    if (auto v =
            ReadWord(*e->value, fmt::format("'maintain' of {}", what), MaintainerWords(), diags)) {
      a.aggregate.maintain = ValueNamed(kMaintainerNames, *v).value();  // one of its names
    } else {
      ok = false;
    }
  }
  if (const YamlNode::Entry* e = node.Find("shards")) {
    a.aggregate.shards_range = e->key->range;
    const KeySpec& spec = SectionKey(FormatSection::kAggregateDecl, "shards");
    if (auto v =
            ReadInt(*e->value, fmt::format("'shards' of {}", what), spec.min, spec.max, diags)) {
      a.aggregate.shards = static_cast<int>(*v);
    } else {
      ok = false;
    }
  }
  if (ok) decl.aggregates.push_back(std::move(a));
}

}  // namespace

void ReadAggregates(const YamlNode& node, ModelDecl& decl, Diagnostics& diags) {
  const auto* items = SectionItems(node, "'aggregates'", diags);
  if (!items) return;
  for (std::size_t i = 0; i < items->size(); ++i) ReadAggregate(*(*items)[i], i, decl, diags);
}

void ReadRelationships(const YamlNode& node, ModelDecl& decl, Diagnostics& diags) {
  const auto* items = SectionItems(node, "'relationships'", diags);
  if (!items) return;
  for (std::size_t i = 0; i < items->size(); ++i) ReadRelationship(*(*items)[i], i, decl, diags);
}

void ReadAccessPatterns(const YamlNode& node, ModelDecl& decl, Diagnostics& diags) {
  const auto* items = SectionItems(node, "'access_patterns'", diags);
  if (!items) return;
  for (std::size_t i = 0; i < items->size(); ++i) ReadAccessPattern(*(*items)[i], i, decl, diags);
}

void ReadWritePatterns(const YamlNode& node, ModelDecl& decl, Diagnostics& diags) {
  const auto* items = SectionItems(node, "'write_patterns'", diags);
  if (!items) return;
  for (std::size_t i = 0; i < items->size(); ++i) ReadWritePattern(*(*items)[i], i, decl, diags);
}

}  // namespace model::load
