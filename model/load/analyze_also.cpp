// A write pattern's `also:` entries (model.h AlsoWrite): other entities' items written or checked
// in the same TransactWriteItems. DynamoDB runs a transaction's actions on distinct items only
// ("no two actions can target the same item", a ValidationException otherwise) and cancels all
// of them when one condition fails
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html),
// so each entry names another entity's item, found from the written item's own values.
#include <fmt/format.h>

#include <algorithm>

#include "model/load/analyze.h"

namespace model::load {

namespace {

// How DynamoDB stores a type: the written item's attribute and the identifier attribute it names
// must agree on it (a ulid is a string).
char StorageKind(AttrType t) {
  if (IsNumeric(t)) return 'N';
  if (t == AttrType::kBinary) return 'B';
  return 'S';
}

bool IsIdentifier(const Entity& e, AttrId a) {
  return std::find(e.identifier.begin(), e.identifier.end(), a) != e.identifier.end();
}

// Per identifier attribute of `other`, the attribute of `written` that gives its value: one of
// the same name and storage kind, else the link attribute of a 1:1 or 1:N relationship from
// `other` to `written`. Empty after reporting E446.
std::vector<std::string> KeyFrom(const Model& model, const Entity& written, EntityId other_id,
                                 const AlsoDecl& a, const std::string& what, Diagnostics& diags) {
  const Entity& other = model.entities[static_cast<std::size_t>(other_id)];
  std::vector<std::string> by_name;
  std::string missing;
  for (AttrId id : other.identifier) {
    const Attribute& attr = other.attributes[static_cast<std::size_t>(id)];
    AttrId mine = written.FindAttribute(attr.name);
    if (mine >= 0 && StorageKind(written.attributes[static_cast<std::size_t>(mine)].type) ==
                         StorageKind(attr.type)) {
      by_name.push_back(attr.name);
    } else if (missing.empty()) {
      missing = attr.name;
    }
  }
  if (missing.empty()) return by_name;
  const Relationship* found = nullptr;
  for (const Relationship& r : model.relationships) {
    if (r.cardinality == Cardinality::kManyToMany || r.from != other_id ||
        &model.entities[static_cast<std::size_t>(r.to)] != &written ||
        r.link.size() != other.identifier.size())
      continue;
    if (r.Polymorphic()) {
      // The link holds the identifier of whichever parent the kind names: a written item whose
      // kind names another entity would reach a '{other}' item it does not belong to.
      auto& d = diags.Error(
          DiagId::kAlsoThroughPolymorphic, a.entity.range,
          fmt::format("{} names the '{}' item through polymorphic relationship '{}', whose link "
                      "holds an identifier of '{}' only when '{}' names it; give '{}' an "
                      "attribute named like the identifier of '{}' to name it by, or leave the "
                      "entry out",
                      what, other.name, r.name, other.name,
                      written.attributes[static_cast<std::size_t>(r.kind)].name, written.name,
                      other.name));
      Diagnostics::Note(d, r.range, fmt::format("relationship '{}' is declared here", r.name));
      return {};
    }
    if (found) {
      // Two relationships could name the item: which one the write means is not said, and
      // declaration order must not decide which item it changes.
      auto& d = diags.Error(
          DiagId::kAlsoItemUnnamed, a.entity.range,
          fmt::format("{} names the '{}' item through a relationship, but both '{}' and '{}' "
                      "link '{}' to '{}', and the entry cannot say which; give '{}' an "
                      "attribute named like the identifier of '{}' to name it by",
                      what, other.name, found->name, r.name, written.name, other.name, written.name,
                      other.name));
      Diagnostics::Note(d, r.range, fmt::format("relationship '{}' is declared here", r.name));
      return {};
    }
    found = &r;
  }
  if (found) {
    std::vector<std::string> out;
    for (AttrId link : found->link)
      out.push_back(written.attributes[static_cast<std::size_t>(link)].name);
    return out;
  }
  auto& d = diags.Error(
      DiagId::kAlsoItemUnnamed, a.entity.range,
      fmt::format("{} names the '{}' item by its identifier, but '{}' has no attribute '{}' of "
                  "its type and no relationship from '{}' links them; give '{}' that attribute, "
                  "or relate the two entities",
                  what, other.name, written.name, missing, other.name, written.name));
  Diagnostics::Note(d, other.range, fmt::format("entity '{}' is declared here", other.name));
  return {};
}

}  // namespace

std::vector<AlsoWrite> CheckAlso(const WritePatternDecl& w, const Model& model, EntityId written,
                                 std::vector<std::string>& parameters, Diagnostics& diags) {
  std::vector<AlsoWrite> out;
  const Entity& en = model.entities[static_cast<std::size_t>(written)];
  const std::string pattern = fmt::format("write pattern '{}'", w.pattern.name);
  for (std::size_t i = 0; i < w.also.size(); ++i) {
    const AlsoDecl& a = w.also[i];
    const std::string what = fmt::format("'also' entry #{} of {}", i + 1, pattern);
    EntityId id =
        ResolveEntity(model, a.entity, fmt::format("'{}' of {}", AlsoKindName(a.write.kind), what),
                      DiagId::kUnknownWriteEntity, diags);
    if (id < 0) continue;
    const Entity& other = model.entities[static_cast<std::size_t>(id)];
    if (id == written) {
      diags.Error(DiagId::kAlsoSameItem, a.entity.range,
                  fmt::format("{} names '{}', the entity the pattern writes: its item is the "
                              "pattern's own, and DynamoDB refuses two actions on one item in a "
                              "transaction; put the condition or the attributes on the pattern "
                              "itself",
                              what, other.name));
      continue;
    }
    bool ok = true;
    for (std::size_t j = 0; j < i; ++j) {
      if (w.also[j].entity.text != a.entity.text) continue;
      diags.Error(DiagId::kAlsoSameItem, a.entity.range,
                  fmt::format("{} names '{}' again: both entries name its item by the written "
                              "item's values, so they are one item, and DynamoDB refuses two "
                              "actions on one item in a transaction; merge them into one entry",
                              what, other.name));
      ok = false;
      break;
    }
    if (!ok) continue;
    if (other.versioned && a.write.kind == AlsoKind::kUpdate) {
      // A versioned update needs the version count read first; not in a caller's record.
      diags.Error(DiagId::kMalformedAlso, a.entity.range,
                  fmt::format("{} updates '{}', a versioned entity, whose update needs its version "
                              "read first; write it with a pattern of its own",
                              what, other.name));
      continue;
    }
    std::vector<Name> changed;
    for (const Name& n : a.attributes) {
      AttrId attr = other.FindAttribute(n.text);
      if (attr >= 0 && IsIdentifier(other, attr)) {
        diags.Error(DiagId::kMalformedAlso, n.range,
                    fmt::format("{} updates '{}', part of the identifier of '{}', which names the "
                                "item from the written item's values; it cannot change",
                                what, n.text, other.name));
        ok = false;
        continue;
      }
      changed.push_back(n);
    }
    if (!CheckUpdateAttributes(other, changed, what, diags)) ok = false;
    if (!CheckConditions(model, a.write.conditions, a.condition_value_ranges, WriteKind::kUpdate,
                         other, what, parameters, diags))
      ok = false;
    std::vector<std::string> key_from = KeyFrom(model, en, id, a, what, diags);
    if (key_from.empty()) ok = false;
    for (const std::string& name : key_from) {
      const Attribute& attr = en.attributes[static_cast<std::size_t>(en.FindAttribute(name))];
      if (attr.required) continue;
      // A written item without it would name no item.
      auto& d = diags.Error(
          DiagId::kAlsoItemUnnamed, a.entity.range,
          fmt::format("{} names the '{}' item by '{}' of '{}', which is optional: an item "
                      "without it names none; make '{}' required",
                      what, other.name, name, en.name, name));
      Diagnostics::Note(d, attr.range, fmt::format("'{}' is declared here", name));
      ok = false;
      break;
    }
    if (!ok) continue;
    AlsoWrite also = a.write;
    also.entity = id;
    also.key_from = std::move(key_from);
    out.push_back(std::move(also));
  }
  return out;
}

void CheckAlsoAggregates(const ModelDecl& decl, const Model& model, Diagnostics& diags) {
  for (const WritePattern& w : model.write_patterns) {
    const WritePatternDecl* wd = nullptr;
    for (const WritePatternDecl& d : decl.write_patterns) {
      if (d.pattern.name == w.name) wd = &d;
    }
    if (!wd || wd->also.size() != w.also.size()) continue;
    for (std::size_t i = 0; i < w.also.size(); ++i) {
      const AlsoWrite& a = w.also[i];
      if (a.kind == AlsoKind::kCheck) continue;
      const Entity& other = model.entities[static_cast<std::size_t>(a.entity)];
      const std::string what = fmt::format("'also' entry #{} of write pattern '{}'", i + 1, w.name);
      for (const AggregateDecl& agg : model.aggregates) {
        if (agg.of == a.entity) {
          // Its maintainer would have to follow this update too (its group items in this
          // transaction, or its stream records): not planned for an `also` update.
          auto& d = diags.Error(
              DiagId::kAlsoAggregated, wd->also[i].entity.range,
              fmt::format("{} {}s '{}', whose items aggregate '{}' counts; an 'also' {} "
                          "does not keep aggregates, so {} '{}' with a pattern of its own",
                          what, AlsoKindName(a.kind), other.name, agg.name, AlsoKindName(a.kind),
                          AlsoKindName(a.kind), other.name));
          Diagnostics::Note(d, agg.range, fmt::format("aggregate '{}' is declared here", agg.name));
          break;
        }
        bool writes_value = false;
        for (const std::string& attr : a.attributes) {
          for (const AggregateValue& v : agg.values) {
            if (agg.into == a.entity &&
                other.attributes[static_cast<std::size_t>(v.target)].name == attr)
              writes_value = true;
          }
        }
        if (!writes_value) continue;
        auto& d = diags.Error(
            DiagId::kAggregateTargetWritten, wd->also[i].entity.range,
            fmt::format("{} updates a value of '{}' that aggregate '{}' keeps; remove it from "
                        "'attributes'",
                        what, other.name, agg.name));
        Diagnostics::Note(d, agg.range, fmt::format("aggregate '{}' is declared here", agg.name));
        break;
      }
    }
  }
}

}  // namespace model::load
