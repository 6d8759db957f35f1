#include "model/model.h"

#include <fmt/format.h>

#include <algorithm>

#include "model/filter_presence.h"
#include "model/format_names.h"
#include "model/keys/key_template.h"

namespace model {

const char* AttrTypeName(AttrType type) { return NameOf(kAttrTypeNames, type, "string"); }

std::string AttrTypeWithArticle(AttrType type) {
  std::string name = AttrTypeName(type);
  bool vowel = name.find_first_of("aeiou") == 0;
  return fmt::format("{} {}", vowel ? "an" : "a", name);
}

bool IsSortable(AttrType type) {
  switch (type) {
    case AttrType::kString:
    case AttrType::kNumber:
    case AttrType::kInteger:
    case AttrType::kTimestamp:
    case AttrType::kDate:
    case AttrType::kEnum:
    case AttrType::kBinary:
      return true;
    default:
      return false;
  }
}

bool IsNumeric(AttrType type) { return type == AttrType::kNumber || type == AttrType::kInteger; }

const char* KeyTypeName(KeyType type) {
  switch (type) {
    case KeyType::kS:
      return "S";
    case KeyType::kN:
      return "N";
    case KeyType::kB:
      return "B";
  }
  return "S";
}

std::optional<KeyType> KeyTypeOf(AttrType type) {
  switch (type) {
    case AttrType::kString:
    case AttrType::kTimestamp:
    case AttrType::kDate:
    case AttrType::kEnum:
      return KeyType::kS;
    case AttrType::kNumber:
    case AttrType::kInteger:
      return KeyType::kN;
    case AttrType::kBinary:
      return KeyType::kB;
    default:
      return std::nullopt;
  }
}

const char* CardinalityName(Cardinality c) {
  switch (c) {
    case Cardinality::kOneToOne:
      return "1:1";
    case Cardinality::kOneToMany:
      return "1:N";
    case Cardinality::kManyToMany:
      return "M:N";
  }
  return "1:N";
}

const char* RangeOpName(RangeOp op) { return NameOf(kRangeOpNames, op, "="); }

const char* WriteKindName(WriteKind kind) {
  switch (kind) {
    case WriteKind::kCreate:
      return "create";
    case WriteKind::kUpdate:
      return "update";
    case WriteKind::kDelete:
      return "delete";
  }
  return "create";
}

const char* ConditionOpName(ConditionOp op) { return NameOf(kConditionOpNames, op, "="); }

const char* AlsoKindName(AlsoKind kind) {
  return kind == AlsoKind::kCheck ? "check" : kind == AlsoKind::kDelete ? "delete" : "update";
}

std::string WriteCondition::Text() const {
  if (op == ConditionOp::kExists) return fmt::format("attribute_exists({})", attribute);
  if (op == ConditionOp::kNotExists) return fmt::format("attribute_not_exists({})", attribute);
  return fmt::format("{} {} {}", attribute, ConditionOpName(op),
                     parameter.empty() ? value : ":" + parameter);
}

AttrId Entity::FindAttribute(std::string_view attr_name) const {
  for (std::size_t i = 0; i < attributes.size(); ++i) {
    if (attributes[i].name == attr_name) return static_cast<AttrId>(i);
  }
  return -1;
}

bool Entity::OrdersLike(std::string_view key_attr, std::string_view order_attr) const {
  if (key_attr == order_attr) return true;
  AttrId a = FindAttribute(key_attr);
  if (a < 0) return false;
  const Attribute& attr = attributes[static_cast<std::size_t>(a)];
  return attr.time_order != TimeOrder::kNone && !attr.created.empty() && attr.created == order_attr;
}

std::optional<double> Entity::ValueShare(std::string_view attr_name, std::string_view value) const {
  AttrId a = FindAttribute(attr_name);
  if (a < 0) return std::nullopt;
  const Attribute& attr = attributes[static_cast<std::size_t>(a)];
  if (attr.shares.empty()) return std::nullopt;
  double listed = 0;
  for (const Attribute::Share& s : attr.shares) {
    if (s.value == value) return s.share;
    listed += s.share;
  }
  std::size_t values = attr.type == AttrType::kBoolean ? 2 : attr.enum_values.size();
  std::size_t rest = values > attr.shares.size() ? values - attr.shares.size() : 0;
  if (rest == 0) return 0.0;
  return std::max(0.0, 1.0 - listed) / static_cast<double>(rest);
}

bool PresentUnder(const Entity& e, std::string_view attr, const std::vector<FixedFilter>& filters) {
  AttrId a = e.FindAttribute(attr);
  if (a < 0) return false;
  const Attribute& at = e.attributes[static_cast<std::size_t>(a)];
  if (at.required) return true;
  // `filter: { attr: exists }` keeps only the items that have it (model/filter_presence.h), and
  // so does a value to equal (`filter: { score: 5 }`): an item without it matches neither.
  if (std::any_of(filters.begin(), filters.end(), [&](const FixedFilter& f) {
        return f.attribute == attr && TestOf(f.value) != FilterTest::kNotExists;
      }))
    return true;
  if (!at.present_when) return false;
  const PresenceCondition& when = *at.present_when;
  return std::any_of(filters.begin(), filters.end(), [&](const FixedFilter& f) {
    return f.attribute == when.attribute &&
           std::find(when.values.begin(), when.values.end(), f.value) != when.values.end();
  });
}

const char* TimeOrderName(TimeOrder order) {
  return NameOf(kTimeOrderNames, order);  // "" for kNone
}

std::string Table::GsiName(int n) const { return fmt::format("{}{}", index_prefix, n); }
std::string Table::GsiPartitionKey(int n) const { return fmt::format("{}{}PK", index_prefix, n); }
std::string Table::GsiSortKey(int n) const { return fmt::format("{}{}SK", index_prefix, n); }

const DeclaredIndex* Table::FindIndex(int n) const {
  for (const DeclaredIndex& d : indexes) {
    if (d.index == n) return &d;
  }
  return nullptr;
}

bool Table::InvertedIndex(int n) const {
  const DeclaredIndex* d = FindIndex(n);
  return d != nullptr && d->Inverted();
}

bool Table::NaturalIndex(int n) const {
  const DeclaredIndex* d = FindIndex(n);
  return d != nullptr && d->Natural();
}

double Model::ChildrenPerParent(const Relationship& r) const {
  if (r.average) return std::max(1.0, *r.average);
  EntityId holder = r.cardinality == Cardinality::kManyToMany ? r.through.value_or(r.to) : r.to;
  double children = static_cast<double>(
      std::max<std::int64_t>(entities[static_cast<std::size_t>(holder)].count, 1));
  std::int64_t parent_count = 0;
  for (EntityId p : r.Polymorphic() ? r.parents : std::vector<EntityId>{r.from})
    parent_count += entities[static_cast<std::size_t>(p)].count;
  double parents = static_cast<double>(std::max<std::int64_t>(parent_count, 1));
  double per = children / parents;
  if (r.max) per = std::min(per, static_cast<double>(*r.max));
  return std::max(1.0, per);
}

EntityId Model::FindEntity(std::string_view name) const {
  for (std::size_t i = 0; i < entities.size(); ++i) {
    if (entities[i].name == name) return static_cast<EntityId>(i);
  }
  return -1;
}

const char* PreferenceName(Preference p) {
  switch (p) {
    case Preference::kLowestCost:
      return "lowest_cost";
    case Preference::kFewerIndexes:
      return "fewer_indexes";
    case Preference::kCheaperWrites:
      return "cheaper_writes";
  }
  return "lowest_cost";
}

const char* OutputKindName(OutputKind kind) {
  switch (kind) {
    case OutputKind::kDocs:
      return "docs";
    case OutputKind::kDiagram:
      return "diagram";
    case OutputKind::kExport:
      return "export";
    case OutputKind::kCodegen:
      return "codegen";
  }
  return "docs";
}

const char* TimeBucketName(TimeBucket bucket) {
  switch (bucket) {
    case TimeBucket::kNone:
      return "";
    case TimeBucket::kDay:
      return "day";
    case TimeBucket::kMonth:
      return "month";
    case TimeBucket::kQuarter:
      return "quarter";
    case TimeBucket::kYear:
      return "year";
  }
  return "";
}

const char* AggregateFunctionName(AggregateFunction f) {
  switch (f) {
    case AggregateFunction::kCount:
      return "count";
    case AggregateFunction::kSum:
      return "sum";
    case AggregateFunction::kMin:
      return "min";
    case AggregateFunction::kMax:
      return "max";
    case AggregateFunction::kLatest:
      return "latest";
    case AggregateFunction::kJoined:
      return "count joined";
  }
  return "count";
}

const char* MaintainerName(Maintainer m) { return NameOf(kMaintainerNames, m, "transaction"); }

namespace {

std::optional<std::string> BucketOfUtc(TimeBucket bucket, const std::string& natural) {
  // YYYY-MM-DD at the start: the calendar date.
  if (natural.size() < 10 || natural[4] != '-' || natural[7] != '-') return std::nullopt;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (natural[i] < '0' || natural[i] > '9') return std::nullopt;
  }
  switch (bucket) {
    case TimeBucket::kDay:
      return natural.substr(0, 10);
    case TimeBucket::kMonth:
      return natural.substr(0, 7);
    case TimeBucket::kQuarter: {
      int month = (natural[5] - '0') * 10 + (natural[6] - '0');
      if (month < 1 || month > 12) return std::nullopt;
      return fmt::format("{}-Q{}", natural.substr(0, 4), (month - 1) / 3 + 1);
    }
    case TimeBucket::kYear:
      return natural.substr(0, 4);
    case TimeBucket::kNone:
      break;
  }
  return natural;
}

}  // namespace

std::optional<std::string> BucketText(TimeBucket bucket, const std::string& natural) {
  if (bucket == TimeBucket::kNone) return natural;
  // Timestamps are UTC ("Z" or "+00:00", as the format and the key encoding take them): read
  // through the key encoding, so a value the keys refuse has no bucket either; a date is itself.
  std::string text = natural;
  if (text.size() > 10) {
    auto utc = keys::EncodeKeyValue(keys::Encoding::kTimestamp, text);
    if (!utc) return std::nullopt;
    text = *utc;
  }
  return BucketOfUtc(bucket, text);
}

int Model::AggregateInto(EntityId into) const {
  for (std::size_t i = 0; i < aggregates.size(); ++i) {
    if (aggregates[i].into == into) return static_cast<int>(i);
  }
  return -1;
}

std::vector<AttrId> FilterSources(const Model& model, const AggregateDecl& aggregate) {
  const Entity& of = model.entities[static_cast<std::size_t>(aggregate.of)];
  std::vector<AttrId> out;
  out.reserve(aggregate.filters.size());
  for (const FixedFilter& f : aggregate.filters) out.push_back(of.FindAttribute(f.attribute));
  return out;
}

std::vector<CopyRef> Copies(const Model& model) {
  std::vector<CopyRef> out;
  for (std::size_t e = 0; e < model.entities.size(); ++e) {
    const Entity& en = model.entities[e];
    for (std::size_t a = 0; a < en.attributes.size(); ++a) {
      const Attribute& attr = en.attributes[a];
      if (attr.copy_relationship < 0) continue;
      out.push_back(CopyRef{static_cast<EntityId>(e), static_cast<AttrId>(a),
                            attr.copy_relationship, attr.copy_source});
    }
  }
  return out;
}

AttrId CounterOf(const Model& model, EntityId e) {
  const Entity& en = model.entities[static_cast<std::size_t>(e)];
  for (std::size_t a = 0; a < en.attributes.size(); ++a) {
    if (en.attributes[a].counter_relationship >= 0) return static_cast<AttrId>(a);
  }
  return -1;
}

bool IsCounterSource(const Model& model, EntityId e, std::string_view attr) {
  for (const Entity& en : model.entities) {
    for (const Attribute& a : en.attributes) {
      if (a.counter_relationship < 0) continue;
      const Relationship& r = model.relationships[static_cast<std::size_t>(a.counter_relationship)];
      if (r.from != e) continue;
      const Entity& parent = model.entities[static_cast<std::size_t>(e)];
      if (parent.attributes[static_cast<std::size_t>(a.counter_source)].name == attr) return true;
    }
  }
  return false;
}

int EmbeddingOf(const Model& model, EntityId e) {
  for (std::size_t i = 0; i < model.relationships.size(); ++i) {
    const Relationship& r = model.relationships[i];
    if (r.embedded && r.to == e) return static_cast<int>(i);
  }
  return -1;
}

AttrId EmbeddedKey(const Model& model, const Relationship& r) {
  const Entity& child = model.entities[static_cast<std::size_t>(r.to)];
  AttrId key = -1;
  for (AttrId a : child.identifier) {
    if (std::find(r.link.begin(), r.link.end(), a) != r.link.end()) continue;
    if (key >= 0) return -1;
    key = a;
  }
  return key;
}

int ChildrenPattern(const Model& model, int relationship) {
  const Relationship& rel = model.relationships[static_cast<std::size_t>(relationship)];
  const Entity& child = model.entities[static_cast<std::size_t>(rel.to)];
  std::vector<std::string> link;
  for (AttrId a : rel.link) link.push_back(child.attributes[static_cast<std::size_t>(a)].name);
  for (std::size_t p = 0; p < model.access_patterns.size(); ++p) {
    const AccessPattern& ap = model.access_patterns[p];
    // A limit of at least the relationship's `max` still returns every child.
    const bool limited = ap.limit && !(rel.max && *ap.limit >= *rel.max);
    if (ap.returns != std::vector<EntityId>{rel.to} || ap.range_condition || limited ||
        !ap.filters.empty() || !ap.projection.empty() || ap.aggregate ||
        ap.params.size() != link.size())
      continue;
    if (std::all_of(link.begin(), link.end(), [&](const std::string& l) {
          return std::find(ap.params.begin(), ap.params.end(), l) != ap.params.end();
        }))
      return static_cast<int>(p);
  }
  return -1;
}

}  // namespace model
