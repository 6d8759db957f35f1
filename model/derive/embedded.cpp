// Embedded collections (model.h Relationship::embedded, layout.h EmbeddedLayout): the
// derivation sees each parent with one more optional map attribute (the collection), its item
// the bigger by the average collection, each read of the child as a read of the parent by its
// identifier and each write of the child as an update of that attribute (EmbeddedModel); the
// layout derived from that is then given the child's reads and writes, and loses the child's
// item types (FinishEmbedded).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "model/derive/internal.h"

namespace model::derive {

namespace {

std::string AttrName(const Entity& e, AttrId a) {
  return e.attributes[static_cast<std::size_t>(a)].name;
}

template <typename T>
void EraseName(std::vector<T>& names, const std::string& name) {
  names.erase(std::remove(names.begin(), names.end(), name), names.end());
}

// A write's `condition:` clause on an embedded child's attribute, at its element's path in the
// parent's item: "players.{userId}.score < 10".
std::string ElementConditionText(const EmbeddedLayout& e, const WriteCondition& cond) {
  WriteCondition at = cond;
  at.attribute = fmt::format("{}.{}", EmbeddedPathText(e), cond.attribute);
  return at.Text();
}

}  // namespace

Model EmbeddedModel(const Model& model) {
  Model out = model;
  for (const Relationship& r : model.relationships) {
    if (!r.embedded) continue;
    const Entity& parent_decl = model.entities[static_cast<std::size_t>(r.from)];
    const Entity& child = model.entities[static_cast<std::size_t>(r.to)];
    Entity& parent = out.entities[static_cast<std::size_t>(r.from)];
    Attribute map;
    map.name = r.name;
    map.type = AttrType::kMap;
    map.required = false;
    map.range = r.range;
    parent.attributes.push_back(map);
    parent.item_size += static_cast<std::int64_t>(
        std::llround(model.ChildrenPerParent(r) * static_cast<double>(child.item_size)));
    std::vector<std::string> identifier, link;
    for (AttrId a : parent_decl.identifier) identifier.push_back(AttrName(parent_decl, a));
    for (AttrId a : r.link) link.push_back(AttrName(child, a));
    for (AccessPattern& p : out.access_patterns) {
      if (std::find(p.returns.begin(), p.returns.end(), r.to) == p.returns.end()) continue;
      AccessPattern read;
      read.name = p.name;
      read.description = p.description;
      read.returns = {r.from};
      read.params = identifier;
      if (link != identifier) read.param_names = link;
      read.consistent = p.consistent;
      read.rate = p.rate;
      read.rate_declared = p.rate_declared;
      read.range = p.range;
      read.consistent_range = p.consistent_range;
      read.rate_range = p.rate_range;
      p = std::move(read);
    }
    for (WritePattern& w : out.write_patterns) {
      if (w.entity != r.to) continue;
      w.kind = WriteKind::kUpdate;
      w.entity = r.from;
      w.attributes = {r.name};
      w.conditions.clear();
      w.also.clear();
    }
  }
  return out;
}

void FinishEmbedded(Context& c, const Model& model) {
  KeyLayout& layout = c.layout;
  std::vector<EntityId> children;
  for (const Relationship& r : model.relationships) {
    if (r.embedded) children.push_back(r.to);
  }
  if (children.empty()) return;
  // The children's item types go; every reference to an item type is renumbered.
  std::vector<int> renumber(layout.item_types.size(), -1);
  std::vector<ItemType> kept;
  for (std::size_t t = 0; t < layout.item_types.size(); ++t) {
    if (std::find(children.begin(), children.end(), layout.item_types[t].entity) != children.end())
      continue;
    renumber[t] = static_cast<int>(kept.size());
    kept.push_back(std::move(layout.item_types[t]));
  }
  layout.item_types = std::move(kept);
  auto renumbered = [&](int t) { return t < 0 ? t : renumber[static_cast<std::size_t>(t)]; };
  for (ReadPlan& plan : layout.reads) {
    std::vector<int> types;
    for (int t : plan.item_types) {
      if (renumbered(t) >= 0) types.push_back(renumbered(t));
    }
    plan.item_types = types;
    if (plan.follow_up) plan.follow_up->item_type = renumbered(plan.follow_up->item_type);
  }
  for (WritePlan& plan : layout.writes) {
    for (ItemWrite& w : plan.writes) w.item_type = renumbered(w.item_type);
    for (CopyFanOut& f : plan.copies) {
      for (ItemWrite& w : f.writes) w.item_type = renumbered(w.item_type);
    }
  }
  for (AggregateLayout& a : layout.aggregates) {
    a.source_type = renumbered(a.source_type);
    a.target_type = renumbered(a.target_type);
  }

  for (std::size_t ri = 0; ri < model.relationships.size(); ++ri) {
    const Relationship& r = model.relationships[ri];
    if (!r.embedded) continue;
    const Entity& parent = model.entities[static_cast<std::size_t>(r.from)];
    const Entity& child = model.entities[static_cast<std::size_t>(r.to)];
    EmbeddedLayout e;
    e.relationship = static_cast<int>(ri);
    e.parent = r.from;
    e.child = r.to;
    e.parent_type = renumbered(c.main_item[static_cast<std::size_t>(r.from)]);
    e.attribute = r.name;
    e.key = AttrName(child, EmbeddedKey(model, r));
    e.label = c.labels[static_cast<std::size_t>(r.to)];
    for (AttrId a : r.link) e.link.push_back(AttrName(child, a));
    for (AttrId a : parent.identifier) e.identifier.push_back(AttrName(parent, a));
    for (std::size_t a = 0; a < child.attributes.size(); ++a) {
      if (std::find(r.link.begin(), r.link.end(), static_cast<AttrId>(a)) == r.link.end())
        e.attributes.push_back(child.attributes[a].name);
    }
    e.max = *r.max;
    e.bytes = model.ChildrenPerParent(r) * static_cast<double>(child.item_size);
    e.reasons.push_back(Reason{
        fmt::format("'{}' is embedded in '{}' (relationship '{}', at most {}): each {} lives in "
                    "its {}'s item, in map attribute '{}' keyed by {}, so its reads and writes "
                    "are one request of that item; about {:.0f} bytes of children on each {} "
                    "item (at most {:.0f} with the parent's own {} bytes, under DynamoDB's 400 KB)",
                    child.name, parent.name, r.name, e.max, child.name, parent.name, e.attribute,
                    e.key, e.bytes, parent.name,
                    static_cast<double>(parent.item_size) +
                        static_cast<double>(e.max) * static_cast<double>(child.item_size),
                    parent.item_size),
        {}});
    const int collection = static_cast<int>(layout.embedded.size());
    // A child names its parent by the link alone: the parent's item must be keyed by it.
    {
      const ItemType& t = layout.item_types[static_cast<std::size_t>(e.parent_type)];
      std::vector<std::string> others;
      for (const KeyTemplate* k : {&t.partition_key, &t.sort_key}) {
        for (const std::string& a : k->Attributes()) {
          if (std::find(e.identifier.begin(), e.identifier.end(), a) == e.identifier.end())
            others.push_back(a);
        }
      }
      if (!others.empty()) {
        Diagnostic& d = c.diags.Error(
            DiagId::kEmbeddedParentRewritten, r.embedded_range,
            fmt::format("relationship '{}' embeds '{}' in the '{}' item, whose table key also "
                        "holds {}: a child names its parent by the identifier alone, so its "
                        "reads and writes could not find the item; key '{}' by its identifier, "
                        "or keep '{}' in items of its own",
                        r.name, child.name, parent.name, fmt::join(others, ", "), parent.name,
                        child.name));
        if (parent.pinned_keys) Diagnostics::Note(d, parent.pinned_keys->range, "the pinned keys");
        c.failed = true;
        continue;
      }
    }

    // The collection is no entity attribute: the items and plans describe it through `embedded`.
    for (ItemType& t : layout.item_types) EraseName(t.attributes, e.attribute);
    for (IndexLayout& ix : layout.indexes) EraseName(ix.projected_attributes, e.attribute);
    for (ReadPlan& plan : layout.reads) EraseName(plan.projection, e.attribute);
    for (WritePlan& plan : layout.writes) {
      for (ItemWrite& w : plan.writes) EraseName(w.set_attributes, e.attribute);
    }

    // Reads of the child: the parent's item by its identifier (the link's values).
    for (ReadPlan& plan : layout.reads) {
      const AccessPattern& p = model.access_patterns[static_cast<std::size_t>(plan.pattern_id)];
      if (std::find(p.returns.begin(), p.returns.end(), r.to) == p.returns.end()) continue;
      if (plan.operation != Operation::kGetItem || plan.index != 0) {
        Diagnostic& d = c.diags.Error(
            DiagId::kEmbeddedParentRewritten, p.range,
            fmt::format("access pattern '{}' reads '{}' inside its '{}' item, but that item is not "
                        "read by the parent's identifier alone (its table key holds more): pin a "
                        "key of the identifier, or keep '{}' in items of its own",
                        p.name, child.name, parent.name, child.name));
        Diagnostics::Note(d, r.embedded_range, "embedded here");
        c.failed = true;
        continue;
      }
      // The key names the parent's identifier; the caller gives the link's values.
      for (KeyTemplate* k : {&plan.key.partition_key, &plan.key.sort_lower, &plan.key.sort_upper}) {
        for (TemplatePart& part : k->parts) {
          if (!part.is_attribute) continue;
          auto at = std::find(e.identifier.begin(), e.identifier.end(), part.text);
          if (at != e.identifier.end())
            part.text = e.link[static_cast<std::size_t>(at - e.identifier.begin())];
        }
      }
      EmbeddedRead read;
      read.collection = collection;
      read.with_parent = std::find(p.returns.begin(), p.returns.end(), r.from) != p.returns.end();
      read.filter.clear();
      for (const FixedFilter& f : p.filters) read.filter.push_back({f.attribute, f.value});
      read.range = p.range_condition;
      plan.projection =
          read.with_parent ? std::vector<std::string>{} : std::vector<std::string>{e.attribute};
      plan.client_steps.clear();
      plan.reasons.clear();
      for (const std::string& prm : p.params) {
        if (std::find(e.link.begin(), e.link.end(), prm) != e.link.end()) continue;
        ClientStep match;
        match.kind = ClientStepKind::kMatch;
        match.attribute = prm;
        plan.client_steps.push_back(match);
      }
      const std::string* order = p.sort              ? &p.sort->attribute
                                 : p.range_condition ? &p.range_condition->attribute
                                                     : nullptr;
      if (order) {
        ClientStep sort;
        sort.kind = ClientStepKind::kSort;
        sort.attribute = *order;
        sort.descending = p.sort && p.sort->descending;
        sort.limit = p.limit;
        plan.client_steps.push_back(sort);
      } else {
        read.limit = p.limit;
      }
      if (p.aggregate) {
        ClientStep agg;
        agg.kind = ClientStepKind::kAggregate;
        agg.aggregate = p.aggregate->kind;
        agg.attribute = p.aggregate->attribute;
        plan.client_steps.push_back(agg);
      }
      plan.embedded = read;
      plan.reasons.push_back(Reason{
          fmt::format("{} lives in its {}'s item (relationship '{}'): one GetItem of that item "
                      "by {} reads {}all its children, at most {}",
                      child.name, parent.name, r.name, fmt::join(e.link, ", "),
                      read.with_parent ? "the parent and " : "", e.max),
          {p.name}});
      if (!plan.client_steps.empty() || read.limit || !read.filter.empty() || read.range) {
        plan.reasons.push_back(Reason{
            fmt::format("the client picks, orders and counts the children, since 'max' bounds "
                        "them to {} per item: no index can reach inside an item",
                        e.max),
            {p.name}});
      }
    }

    // Writes of the child: one UpdateItem of the parent's item at the child's path.
    const std::string path = EmbeddedPathText(e);
    for (WritePlan& plan : layout.writes) {
      const WritePattern& w = model.write_patterns[static_cast<std::size_t>(plan.pattern_id)];
      if (w.entity == r.to) {
        ItemWrite iw;
        iw.op = WriteOp::kUpdate;
        iw.item_type = e.parent_type;
        std::string exists = fmt::format("attribute_exists({})", layout.partition_key);
        switch (w.kind) {
          case WriteKind::kCreate:
            // `max` bounds the map: size() of a map is its number of elements
            // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html).
            iw.condition = fmt::format("{} AND attribute_not_exists({}) AND size({}) < {}", exists,
                                       path, e.attribute, e.max);
            iw.set_attributes = {path};
            iw.note = fmt::format("SET {} = the new {}", path, child.name);
            break;
          case WriteKind::kUpdate:
            iw.condition = fmt::format("attribute_exists({})", path);
            for (const std::string& a : w.attributes) iw.set_attributes.push_back(path + "." + a);
            if (w.attributes.empty()) iw.set_attributes = {path};
            iw.note = fmt::format("SET the changed attributes of {}", path);
            break;
          case WriteKind::kDelete:
            iw.condition = fmt::format("attribute_exists({})", path);
            iw.note = fmt::format("REMOVE {}", path);
            break;
        }
        // The pattern's `condition:` clauses name the child's attributes, tested in its element.
        iw.conditions = w.conditions;
        std::vector<std::string> clauses;
        for (const WriteCondition& cond : w.conditions) {
          clauses.push_back(ElementConditionText(e, cond));
          iw.condition += " AND " + clauses.back();
        }
        // Its `also` entries name the parent's own item (E466): their clauses join this
        // UpdateItem's condition and their attributes its SET, since DynamoDB refuses two actions
        // on one item in a TransactWriteItems
        // (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html).
        std::vector<std::string> parent_clauses, parent_sets;
        for (const AlsoWrite& a : w.also) {
          if (a.entity != r.from) continue;  // another item: an action of its own (below)
          for (const WriteCondition& cond : a.conditions) {
            parent_clauses.push_back(cond.Text());
            iw.condition += " AND " + cond.Text();
          }
          if (a.kind != AlsoKind::kUpdate) continue;
          for (const std::string& name : a.attributes) {
            // An attribute a key of the parent's items is built from (or a facet stores) would
            // need those keys recomputed, which a SET of the attribute alone does not do. A
            // natural-key index's keys are the attributes themselves: DynamoDB moves the entry
            // from what the item holds after the SET
            // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.Writes),
            // priced as two index writes (cost.cpp Rekeys, from the write's set_attributes).
            std::vector<std::string> keyed;
            for (std::size_t t = 0; t < layout.item_types.size(); ++t) {
              const ItemType& type = layout.item_types[t];
              if (type.entity != r.from) continue;
              std::vector<std::string> uses = type.partition_key.Attributes();
              for (const std::string& u : type.sort_key.Attributes()) uses.push_back(u);
              for (const IndexKeys& ik : type.index_keys) {
                if (model.table.NaturalIndex(ik.index)) continue;
                for (const std::string& u : ik.partition_key.Attributes()) uses.push_back(u);
                for (const std::string& u : ik.sort_key.Attributes()) uses.push_back(u);
                for (const SparseCondition& f : ik.only_when) uses.push_back(f.attribute);
              }
              if (static_cast<int>(t) != e.parent_type) {
                for (const std::string& u : type.attributes) uses.push_back(u);
              }
              if (std::find(uses.begin(), uses.end(), name) != uses.end())
                keyed.push_back(type.name);
            }
            if (!keyed.empty()) {
              Diagnostic& d = c.diags.Error(
                  DiagId::kEmbeddedParentRewritten, a.range,
                  fmt::format("write pattern '{}' updates '{}.{}' in an 'also' entry folded into "
                              "the UpdateItem of the '{}' item, but item type{} {} build{} keys "
                              "from it or store{} it: a SET of the attribute alone would leave "
                              "them stale; update '{}' in a pattern of its own",
                              w.name, parent.name, name, parent.name, keyed.size() > 1 ? "s" : "",
                              fmt::join(keyed, ", "), keyed.size() > 1 ? "" : "s",
                              keyed.size() > 1 ? "" : "s", name));
              Diagnostics::Note(d, r.embedded_range, "embedded here");
              c.failed = true;
              continue;
            }
            parent_sets.push_back(name);
            iw.set_attributes.push_back(name);
          }
        }
        if (!parent_sets.empty())
          iw.note += fmt::format(", and {} of the {}", fmt::join(parent_sets, ", "), parent.name);
        const int pattern_id = plan.pattern_id;
        plan = WritePlan{};
        plan.pattern = w.name;
        plan.pattern_id = pattern_id;
        plan.writes = {iw};
        plan.embedded = collection;
        // Entries naming other items: actions of a TransactWriteItems beside the UpdateItem (as
        // an Update action), planned as for any write's `also`.
        std::vector<int> others;
        std::vector<Reason> also_reasons;
        WritePattern other_entries = w;
        other_entries.also.clear();
        for (std::size_t j = 0; j < w.also.size(); ++j) {
          if (w.also[j].entity == r.from) continue;
          others.push_back(static_cast<int>(j));
          other_entries.also.push_back(w.also[j]);
        }
        if (!others.empty()) {
          WritePlan part;
          part.pattern = w.name;
          part.pattern_id = pattern_id;
          PlanAlso(c, other_entries, part);
          plan.also_read_first.assign(w.also.size(), {});
          for (std::size_t k = 0; k < others.size() && k < part.also_read_first.size(); ++k)
            plan.also_read_first[static_cast<std::size_t>(others[k])] = part.also_read_first[k];
          for (ItemWrite& other : part.writes) {
            other.also = others[static_cast<std::size_t>(other.also)];
            plan.writes.push_back(std::move(other));
          }
          plan.transaction = true;
          also_reasons = std::move(part.reasons);
        }
        plan.reasons.push_back(Reason{
            fmt::format("{} lives in its {}'s item (relationship '{}'): one UpdateItem of that "
                        "item at {}{}, conditioned on {}; it costs the write units of the whole "
                        "{} item, children included",
                        child.name, parent.name, r.name, path,
                        plan.transaction ? " (an Update action of a TransactWriteItems with the "
                                           "'also' entries' other items)"
                                         : "",
                        w.kind == WriteKind::kCreate
                            ? fmt::format("the parent existing, the child not, and the parent "
                                          "holding fewer than {} (its 'max', so a full {} refuses "
                                          "it)",
                                          e.max, parent.name)
                            : "the child existing",
                        parent.name),
            {w.name}});
        for (Reason& reason : also_reasons) plan.reasons.push_back(std::move(reason));
        if (!parent_clauses.empty() || !parent_sets.empty()) {
          std::vector<std::string> what;
          if (!parent_clauses.empty())
            what.push_back(fmt::format("its condition also requires {} of the {} item",
                                       fmt::join(parent_clauses, " AND "), parent.name));
          if (!parent_sets.empty())
            what.push_back(fmt::format("it also SETs {}", fmt::join(parent_sets, ", ")));
          plan.reasons.push_back(Reason{
              fmt::format("its 'also' entries naming the {} item it updates fold into the same "
                          "UpdateItem ({}): not an action of their own, since DynamoDB refuses two "
                          "actions on one item in a TransactWriteItems",
                          parent.name, fmt::join(what, "; ")),
              {w.name}});
        }
        if (!clauses.empty()) {
          plan.reasons.push_back(
              Reason{fmt::format("conditional: {} must hold on the stored element, or the write is "
                                 "refused and nothing changes",
                                 fmt::join(clauses, " AND ")),
                     {w.name}});
        }
        continue;
      }
      // A write that puts the parent's item anew would drop the children it holds.
      if (w.entity != r.from || w.kind != WriteKind::kUpdate) continue;
      for (const ItemWrite& iw : plan.writes) {
        if (iw.item_type != e.parent_type || iw.also >= 0 || iw.op == WriteOp::kUpdate ||
            iw.op == WriteOp::kCheck)
          continue;
        Diagnostic& d = c.diags.Error(
            DiagId::kEmbeddedParentRewritten, w.range,
            fmt::format("write pattern '{}' moves the '{}' item to a new key (a delete and a "
                        "put), which would drop the '{}' it holds (relationship '{}'); keep the "
                        "table key of '{}' to its identifier, or '{}' in items of its own",
                        w.name, parent.name, child.name, r.name, parent.name, child.name));
        Diagnostics::Note(d, r.embedded_range, "embedded here");
        c.failed = true;
        break;
      }
    }
    layout.embedded.push_back(std::move(e));
  }
}

}  // namespace model::derive
