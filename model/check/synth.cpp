#include "model/check/synth.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_set>

#include "model/base/civil_time.h"
#include "model/check/conditions.h"
#include "model/keys/time_ordered_id.h"
#include "model/sim/api/number.h"

namespace model::check {

std::uint64_t Rng::Next() {
  // splitmix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", 2014).
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t Rng::Skewed(std::uint64_t n) {
  // The cube of a uniform fraction: the first few indexes take a large share (a few customers
  // with many orders), the tail is long.
  double u = static_cast<double>(Next() >> 11) / 9007199254740992.0;  // [0, 1) from 53 bits
  return std::min(n - 1, static_cast<std::uint64_t>(static_cast<double>(n) * u * u * u));
}

std::int64_t Dataset::total_records() const {
  std::int64_t n = 0;
  for (const auto& r : records) n += static_cast<std::int64_t>(r.size());
  return n;
}

std::string TimestampAt(std::int64_t secs) {
  const CivilTime t = CivilFromSeconds(secs);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.000Z", t.date.year, t.date.month,
                     t.date.day, t.hour, t.minute, t.second);
}

namespace {

std::string Timestamp(std::uint64_t seconds_since_2020) {
  return TimestampAt(1577836800 + static_cast<std::int64_t>(seconds_since_2020));
}

constexpr std::uint64_t kThreeYears = 3ULL * 365 * 86400;
// Serials per entity for timestamps unique in a shared name space: above the serials the check's
// creates and updates draw, few enough that a timestamp stays a four-digit year.
constexpr std::int64_t kScopeSerialStride = 3000000;
// Numbers: far above the serials the check's creates and updates draw (below 3,000,000).
constexpr std::int64_t kScopeNumberStride = 10000000000;

// One of `values` drawn with the attribute's declared `shares` (the unlisted values share the
// rest evenly), in parts per million.
std::string Shared(const Attribute& a, const std::vector<std::string>& values, Rng& rng) {
  double u = static_cast<double>(rng.Below(1000000)) / 1e6;
  double listed = 0;
  for (const Attribute::Share& s : a.shares) listed += s.share;
  std::size_t rest = values.size() > a.shares.size() ? values.size() - a.shares.size() : 0;
  double each = rest > 0 ? std::max(0.0, 1 - listed) / static_cast<double>(rest) : 0;
  double at = 0;
  for (const std::string& v : values) {
    auto it = std::find_if(a.shares.begin(), a.shares.end(),
                           [&](const Attribute::Share& s) { return s.value == v; });
    at += it != a.shares.end() ? it->share : each;
    if (u < at) return v;
  }
  return values.back();
}

// A value shared by several records (so equality parameters find many), or unique.
sim::AttributeValue Value(const Attribute& a, Rng& rng, std::int64_t serial, bool unique,
                          std::uint64_t pool) {
  std::uint64_t pick = unique ? static_cast<std::uint64_t>(serial) : rng.Skewed(pool);
  switch (a.type) {
    case AttrType::kString: {
      // Every fifth shared value carries the key separator, to prove keys escape it.
      std::string text =
          pick % 5 == 3 ? fmt::format("{}#{}", a.name, pick) : fmt::format("{}-{}", a.name, pick);
      return sim::AttributeValue::S(std::move(text));
    }
    case AttrType::kInteger: {
      // Magnitudes from 1 to 10,000 and a few negatives: text order would get them wrong.
      std::int64_t magnitude = std::int64_t{1} << (2 * rng.Below(7));
      std::int64_t v =
          unique ? serial + 1
                 : static_cast<std::int64_t>(rng.Below(static_cast<std::uint64_t>(magnitude) * 3));
      if (!unique && rng.Chance(10)) v = -v;
      return sim::AttributeValue::N(std::to_string(v));
    }
    case AttrType::kNumber: {
      if (unique) return sim::AttributeValue::N(std::to_string(serial + 1));
      std::int64_t magnitude = std::int64_t{1} << (3 * rng.Below(7));
      std::int64_t cents =
          static_cast<std::int64_t>(rng.Below(static_cast<std::uint64_t>(magnitude) * 100));
      if (rng.Chance(10)) cents = -cents;
      std::int64_t whole = cents / 100;
      std::int64_t frac = std::abs(cents % 100);
      std::string text = (cents < 0 && whole == 0 ? "-" : "") + std::to_string(whole);
      if (frac != 0) {
        text += fmt::format(".{:02}", frac);
        while (text.back() == '0') text.pop_back();
      }
      return sim::AttributeValue::N(text);
    }
    case AttrType::kBoolean:
      if (!a.shares.empty())
        return sim::AttributeValue::Bool(Shared(a, {"true", "false"}, rng) == "true");
      return sim::AttributeValue::Bool(rng.Chance(50));
    case AttrType::kTimestamp:
      return sim::AttributeValue::S(
          Timestamp(unique ? static_cast<std::uint64_t>(serial) * 61 : rng.Below(kThreeYears)));
    case AttrType::kDate:
      return sim::AttributeValue::S(
          Timestamp((unique ? static_cast<std::uint64_t>(serial) : rng.Below(1095)) * 86400)
              .substr(0, 10));
    case AttrType::kEnum:
      if (!a.shares.empty()) return sim::AttributeValue::S(Shared(a, a.enum_values, rng));
      return sim::AttributeValue::S(a.enum_values[rng.Below(a.enum_values.size())]);
    case AttrType::kBinary: {
      std::string bytes = fmt::format("{}", pick);
      bytes.push_back(static_cast<char>(rng.Below(256)));
      return sim::AttributeValue::B(bytes);
    }
    case AttrType::kList:
      return sim::AttributeValue::L({sim::AttributeValue::S(fmt::format("e{}", rng.Below(10)))});
    case AttrType::kMap:
      return sim::AttributeValue::M(
          {{"k", sim::AttributeValue::N(std::to_string(rng.Below(100)))}});
    case AttrType::kStringSet:
      return sim::AttributeValue::SS({fmt::format("s{}", rng.Below(5)), "t"});
    case AttrType::kNumberSet:
      return sim::AttributeValue::NS({"1", std::to_string(2 + rng.Below(50))});
  }
  return sim::AttributeValue::Null();
}

// A value of an attribute declaring `distinct` (model.h Attribute::distinct) among `records`
// records of an entity of `count` items: one of about records * distinct / count values (at least
// one, at most one per record), drawn evenly, the same value for the same draw: text names it,
// other types draw it from a generator seeded by it.
sim::AttributeValue DistinctValue(const Attribute& a, Rng& rng, std::int64_t records,
                                  std::int64_t count) {
  double share =
      static_cast<double>(a.distinct) / static_cast<double>(std::max<std::int64_t>(count, 1));
  auto values = static_cast<std::uint64_t>(
      std::clamp<double>(std::round(static_cast<double>(records) * share), 1,
                         static_cast<double>(std::max<std::int64_t>(records, 1))));
  std::uint64_t pick = rng.Below(values);
  if (a.type == AttrType::kString) {
    // Every fifth value carries the key separator, as Value's do.
    return sim::AttributeValue::S(pick % 5 == 3 ? fmt::format("{}#{}", a.name, pick)
                                                : fmt::format("{}-{}", a.name, pick));
  }
  std::uint64_t seed = 0x9E3779B97F4A7C15ULL * (pick + 1);
  for (char ch : a.name) seed = seed * 31 + static_cast<unsigned char>(ch);
  Rng drawn(seed);
  return Value(a, drawn, 0, false, values);
}

// An expiry time within the synthetic three years, so kCheckNowSeconds splits the items with
// Time to Live into expired and live ones: a timestamp, or epoch seconds.
sim::AttributeValue Expiry(const Attribute& a, Rng& rng) {
  std::uint64_t at = rng.Below(kThreeYears);
  if (IsNumeric(a.type))
    return sim::AttributeValue::N(std::to_string(1577836800 + static_cast<std::int64_t>(at)));
  return sim::AttributeValue::S(Timestamp(at));
}

bool IsId(const Entity& e, AttrId a) {
  return std::find(e.identifier.begin(), e.identifier.end(), a) != e.identifier.end();
}

// A link from a holder's attributes to a target's identifier; `max`: the relationship's bound on
// the holders of one target (ChildBound; 0: none); `keep_free`: the check creates holders or
// moves them to another target, so some targets are left without holders (ParentsKeptFree).
struct Link {
  EntityId target;
  std::vector<AttrId> holder_attrs;
  std::int64_t max = 0;
  bool keep_free = false;
  // A polymorphic association (model.h Relationship::kind): every parent entity (`target` is the
  // first) and the holder's attribute naming which one; one Link per association.
  std::vector<EntityId> targets;
  AttrId kind = -1;
  bool Holds(AttrId a) const {
    return a == kind ||
           std::find(holder_attrs.begin(), holder_attrs.end(), a) != holder_attrs.end();
  }
};

// True when the check adds children of `r` to parents: a write pattern creates its holder, or
// updates one of the holder's link attributes (moving it to another parent).
bool ChecksNewChildren(const Model& m, const Relationship& r, EntityId holder) {
  const Entity& en = m.entities[static_cast<std::size_t>(holder)];
  return std::any_of(m.write_patterns.begin(), m.write_patterns.end(), [&](const WritePattern& w) {
    if (w.entity != holder) return false;
    if (w.kind == WriteKind::kCreate) return true;
    if (w.kind != WriteKind::kUpdate) return false;
    return std::any_of(r.link.begin(), r.link.end(), [&](AttrId a) {
      const std::string& name = en.attributes[static_cast<std::size_t>(a)].name;
      return std::find(w.attributes.begin(), w.attributes.end(), name) != w.attributes.end();
    });
  });
}

// The links an aggregate's group implies where no relationship says it: `of`'s group attributes
// hold `into`'s identifier values (likes of a photo, with no relationship from Photo to Like),
// so `of`'s records are spread over `into`'s, of.count / into.count each, and groups hold
// several items as the chart says, not one each. The group's leading parts that are not time
// buckets, in `into`'s identifier order; none when one of them is already a relationship's link.
std::vector<Link> AggregateLinksOf(const Model& m, EntityId e, const std::vector<Link>& declared) {
  std::vector<Link> links;
  for (const AggregateDecl& a : m.aggregates) {
    if (a.of != e || a.into == e || a.into < 0) continue;
    Link link{a.into, {}, 0, false, {}, -1};
    for (const GroupPart& g : a.group) {
      if (g.bucket != TimeBucket::kNone || g.source < 0) break;
      link.holder_attrs.push_back(g.source);
    }
    if (link.holder_attrs.empty()) continue;
    bool taken = std::any_of(link.holder_attrs.begin(), link.holder_attrs.end(), [&](AttrId id) {
      auto holds = [&](const Link& l) {
        return std::find(l.holder_attrs.begin(), l.holder_attrs.end(), id) != l.holder_attrs.end();
      };
      return std::any_of(declared.begin(), declared.end(), holds) ||
             std::any_of(links.begin(), links.end(), holds);
    });
    if (!taken) links.push_back(std::move(link));
  }
  return links;
}

std::vector<Link> LinksOf(const Model& m, EntityId e) {
  std::vector<Link> links;
  for (const auto& r : m.relationships) {
    bool many = r.cardinality == Cardinality::kManyToMany;
    EntityId holder = many ? r.through.value_or(-1) : r.to;
    if (holder != e) continue;
    const std::int64_t bound = ChildBound(r);
    const bool keep_free = bound > 0 && ChecksNewChildren(m, r, e);
    if (r.Polymorphic()) {
      if (r.from == r.parents.front())
        links.push_back(Link{r.from, r.link, bound, keep_free, r.parents, r.kind});
      continue;
    }
    links.push_back(Link{r.from, r.link, bound, keep_free, {}, -1});
    if (many) links.push_back(Link{r.to, r.link_to, 0, false, {}, -1});
  }
  std::vector<Link> implied = AggregateLinksOf(m, e, links);
  links.insert(links.end(), implied.begin(), implied.end());
  return links;
}

// Entities in an order where every referenced entity comes before the entities holding links.
std::vector<EntityId> GenerationOrder(const Model& m) {
  std::size_t n = m.entities.size();
  std::vector<std::set<EntityId>> needs(n);
  for (const auto& r : m.relationships) {
    EntityId holder = r.cardinality == Cardinality::kManyToMany ? r.through.value_or(r.to) : r.to;
    if (r.from != holder) needs[static_cast<std::size_t>(holder)].insert(r.from);
    if (r.cardinality == Cardinality::kManyToMany && r.to != holder) {
      needs[static_cast<std::size_t>(holder)].insert(r.to);
    }
  }
  // An aggregate's `of` takes its group values from `into`'s records (AggregateLinksOf).
  for (std::size_t e = 0; e < n; ++e) {
    for (const Link& l : LinksOf(m, static_cast<EntityId>(e))) {
      if (l.target != static_cast<EntityId>(e)) needs[e].insert(l.target);
      for (EntityId t : l.targets)
        if (t != static_cast<EntityId>(e)) needs[e].insert(t);
    }
  }
  std::vector<EntityId> order;
  std::vector<bool> done(n, false);
  while (order.size() < n) {
    bool progress = false;
    for (std::size_t e = 0; e < n; ++e) {
      if (done[e]) continue;
      bool ready = std::all_of(needs[e].begin(), needs[e].end(),
                               [&](EntityId d) { return done[static_cast<std::size_t>(d)]; });
      if (ready) {
        done[e] = true;
        order.push_back(static_cast<EntityId>(e));
        progress = true;
      }
    }
    if (!progress) {  // a cycle: take the first remaining entity
      for (std::size_t e = 0; e < n; ++e) {
        if (!done[e]) {
          done[e] = true;
          order.push_back(static_cast<EntityId>(e));
          break;
        }
      }
    }
  }
  return order;
}

// A canonical ULID, KSUID or UUIDv7 created at `unix_ms` (a KSUID keeps whole seconds).
sim::AttributeValue TimeOrderedValue(TimeOrder order, std::int64_t unix_ms, Rng& rng) {
  auto ms = static_cast<std::uint64_t>(unix_ms);
  switch (order) {
    case TimeOrder::kKsuid: {
      std::array<std::uint8_t, 16> payload{};
      for (auto& b : payload) b = static_cast<std::uint8_t>(rng.Below(256));
      return sim::AttributeValue::S(keys::MakeKsuid(unix_ms / 1000, payload));
    }
    case TimeOrder::kUuidV7: {
      auto rand_a = static_cast<std::uint16_t>(rng.Below(4096));
      return sim::AttributeValue::S(keys::MakeUuidV7(ms, rand_a, rng.Next()));
    }
    case TimeOrder::kUlid:
    case TimeOrder::kNone:
      break;
  }
  std::uint64_t hi = rng.Next();
  return sim::AttributeValue::S(keys::MakeUlid(ms, hi, rng.Next()));
}

}  // namespace

void SetTimeOrdered(const Entity& en, sim::Item& item, Rng& rng, const std::vector<bool>* keep) {
  for (std::size_t a = 0; a < en.attributes.size(); ++a) {
    const Attribute& attr = en.attributes[a];
    if (attr.time_order == TimeOrder::kNone || (keep && (*keep)[a])) continue;
    if (!item.count(attr.name)) continue;  // an optional attribute left out
    std::int64_t ms = (1577836800 + static_cast<std::int64_t>(rng.Below(kThreeYears))) * 1000 +
                      static_cast<std::int64_t>(rng.Below(1000));
    if (!attr.created.empty()) {
      // The creation time the identifier encodes: the created timestamp (whole seconds).
      auto it = item.find(attr.created);
      std::optional<std::int64_t> secs;
      if (it != item.end()) secs = exec::ExpirySeconds(it->second);
      if (secs) ms = *secs * 1000;
    }
    item[attr.name] = TimeOrderedValue(attr.time_order, ms, rng);
  }
}

void HonourPresence(const Entity& en, sim::Item& item, Rng* rng, std::int64_t serial) {
  for (const TogetherGroup& g : en.together) {
    bool first = item.count(g.attributes.front()) > 0;
    bool all = std::all_of(g.attributes.begin(), g.attributes.end(),
                           [&](const std::string& a) { return item.count(a) > 0; });
    for (const std::string& name : g.attributes) {
      if (first && rng != nullptr && !item.count(name)) {
        const Attribute& attr = en.attributes[static_cast<std::size_t>(en.FindAttribute(name))];
        item[name] = SynthValue(attr, *rng, serial, name == en.ttl);
      } else if (!first || (rng == nullptr && !all)) {
        item.erase(name);
      }
    }
  }
  for (const Attribute& attr : en.attributes) {
    if (!attr.present_when) continue;
    const PresenceCondition& when = *attr.present_when;
    auto it = item.find(when.attribute);
    if (it == item.end()) continue;  // the state is not known here
    std::string state = NaturalText(it->second);
    bool holds = std::find(when.values.begin(), when.values.end(), state) != when.values.end();
    if (!holds) {
      item.erase(attr.name);
    } else if (rng != nullptr && !item.count(attr.name)) {
      item[attr.name] = SynthValue(attr, *rng, serial, attr.name == en.ttl);
    }
  }
}

void NumberVersions(const Entity& en, Record& record) {
  if (!en.versioned || en.version_attribute.empty()) return;
  for (std::size_t v = 0; v < record.versions.size(); ++v)
    record.versions[v][en.version_attribute] = sim::AttributeValue::N(std::to_string(v + 1));
}

sim::AttributeValue SynthValue(const Attribute& attr, Rng& rng, std::int64_t serial, bool expiry) {
  if (expiry) return Expiry(attr, rng);
  if (attr.time_order != TimeOrder::kNone) {
    std::int64_t ms = (1577836800 + static_cast<std::int64_t>(rng.Below(kThreeYears))) * 1000;
    return TimeOrderedValue(attr.time_order, ms, rng);
  }
  return Value(attr, rng, serial, attr.unique, 20);
}

std::int64_t ChildBound(const Relationship& r) {
  if (r.cardinality == Cardinality::kOneToOne) return 1;
  return r.max.value_or(0);
}

std::size_t ParentsKeptFree(std::size_t parents) {
  return std::max<std::size_t>(std::min<std::size_t>(8, parents / 2), parents / 20);
}

sim::AttributeValue FilterValueFor(const Attribute& attr, const std::string& value) {
  if (attr.type == AttrType::kBoolean) return sim::AttributeValue::Bool(value == "true");
  if (IsNumeric(attr.type)) {
    auto n = sim::Number::Parse(value);
    return sim::AttributeValue::N(n.ok() ? n.value() : value);
  }
  return sim::AttributeValue::S(value);
}

std::optional<sim::AttributeValue> ValueOutsideFilter(const Attribute& attr,
                                                      const std::string& value, Rng& rng,
                                                      std::int64_t serial) {
  switch (attr.type) {
    case AttrType::kEnum:
      for (const std::string& v : attr.enum_values)
        if (v != value) return sim::AttributeValue::S(v);
      return std::nullopt;
    case AttrType::kBoolean:
      return sim::AttributeValue::Bool(value != "true");
    case AttrType::kNumber:
    case AttrType::kInteger: {
      auto n = sim::Number::Parse(value);
      auto next = n.ok() ? sim::Number::Add(n.value(), "1") : n;
      if (next.ok()) return sim::AttributeValue::N(next.value());
      break;
    }
    default:
      break;
  }
  for (int attempt = 0; attempt < 8; ++attempt) {
    sim::AttributeValue v = SynthValue(attr, rng, serial + attempt);
    if (NaturalText(v) != value) return v;
  }
  return std::nullopt;
}

namespace {

// Links a new record of `e` (its values in `item`) to a parent per link of `links`: uniformly
// when the identifier is made of links (`identifying`), else skewed. The holder's attributes take
// the parent's identifier values (an optional one sometimes left out) and are marked in `linked`.
// A link bounded by `max` passes over a parent holding its maximum of children (`children`, per
// link and parent) for one with room: a few random ones, then the first with room (`first_free`,
// per link: no parent before it has room; children only ever grow, so it only moves forward).
// A link that keeps parents free never picks its last ParentsKeptFree parents. `chosen` gets each
// link's parent (the parents' count when there is none yet). True when every parent of a bounded
// link is full.
bool LinkParents(const Model& m, EntityId e, const std::vector<Link>& links, bool identifying,
                 const Dataset& data, Rng& rng, std::vector<std::vector<std::int64_t>>& children,
                 std::vector<std::size_t>& first_free, std::vector<std::size_t>& chosen,
                 sim::Item& item, std::vector<bool>& linked) {
  const Entity& en = m.entities[static_cast<std::size_t>(e)];
  bool full = false;
  for (std::size_t l = 0; l < links.size(); ++l) {
    const Link& link = links[l];
    // The parents to choose from: a polymorphic association's are every parent entity's
    // records, one after the other, so that a child picks among them all (each entity as often
    // as it has records) and its kind names the entity of the one it picked.
    const std::vector<EntityId> targets =
        link.kind >= 0 ? link.targets : std::vector<EntityId>{link.target};
    std::size_t total = 0;
    for (EntityId t : targets) total += data.records[static_cast<std::size_t>(t)].size();
    chosen[l] = total;
    if (total == 0) continue;  // a self-link before the first record: fill below
    const std::size_t eligible = total - (link.keep_free ? ParentsKeptFree(total) : 0);
    std::size_t pick = identifying ? rng.Below(eligible) : rng.Skewed(eligible);
    if (link.max > 0) {
      children[l].resize(total);
      for (int retry = 0; retry < 8 && children[l][pick] >= link.max; ++retry)
        pick = rng.Below(eligible);
      std::size_t& first = first_free[l];
      while (first < eligible && children[l][first] >= link.max) ++first;
      if (children[l][pick] >= link.max) pick = first < eligible ? first : eligible - 1;
      full = full || children[l][pick] >= link.max;
    }
    chosen[l] = pick;
    EntityId target_id = targets.front();
    std::size_t at = pick;
    for (EntityId t : targets) {
      std::size_t n = data.records[static_cast<std::size_t>(t)].size();
      if (at < n) {
        target_id = t;
        break;
      }
      at -= n;
    }
    const Entity& target = m.entities[static_cast<std::size_t>(target_id)];
    const sim::Item& parent = data.records[static_cast<std::size_t>(target_id)][at].current();
    if (link.kind >= 0) {
      item[en.attributes[static_cast<std::size_t>(link.kind)].name] =
          sim::AttributeValue::S(target.name);
      linked[static_cast<std::size_t>(link.kind)] = true;
    }
    for (std::size_t i = 0; i < link.holder_attrs.size() && i < target.identifier.size(); ++i) {
      const Attribute& tid = target.attributes[static_cast<std::size_t>(target.identifier[i])];
      auto it = parent.find(tid.name);
      if (it == parent.end()) continue;
      AttrId holder_attr = link.holder_attrs[i];
      const Attribute& ha = en.attributes[static_cast<std::size_t>(holder_attr)];
      if (!ha.required && !IsId(en, holder_attr) && rng.Chance(10)) continue;
      item[ha.name] = it->second;
      linked[static_cast<std::size_t>(holder_attr)] = true;
    }
  }
  return full;
}

// A versioned record's later versions, after its first: 0 to 2 more, each differing from the one
// before in its values other than identifiers, links (`linked`), unique and time-ordered ones.
void AddHistory(const Entity& en, const std::vector<bool>& linked, std::int64_t serial,
                std::uint64_t pool, Rng& rng, Record& record) {
  std::uint64_t extra = rng.Below(3);
  for (std::uint64_t v = 0; v < extra; ++v) {
    sim::Item next = record.versions.back();
    for (std::size_t a = 0; a < en.attributes.size(); ++a) {
      const Attribute& attr = en.attributes[a];
      // Time-ordered values and the creation times they encode never change.
      bool time_ordered = attr.time_order != TimeOrder::kNone ||
                          std::any_of(en.attributes.begin(), en.attributes.end(),
                                      [&](const Attribute& o) { return o.created == attr.name; });
      if (IsId(en, static_cast<AttrId>(a)) || linked[a] || attr.unique || time_ordered ||
          !next.count(attr.name)) {
        continue;
      }
      next[attr.name] =
          attr.name == en.ttl ? Expiry(attr, rng) : Value(attr, rng, serial, false, pool);
    }
    HonourPresence(en, next, &rng, serial);
    record.versions.push_back(std::move(next));
  }
}

}  // namespace

void SetCopies(const Model& m, EntityId e, const Dataset& data, sim::Item& item,
               ParentIndex* index) {
  const Entity& en = m.entities[static_cast<std::size_t>(e)];
  for (const Attribute& attr : en.attributes) {
    if (attr.copy_relationship < 0) continue;
    const Relationship& rel = m.relationships[static_cast<std::size_t>(attr.copy_relationship)];
    const Entity& parent = m.entities[static_cast<std::size_t>(rel.from)];
    const auto& parents = data.records[static_cast<std::size_t>(rel.from)];
    const std::string& source = parent.attributes[static_cast<std::size_t>(attr.copy_source)].name;
    auto identity = [&](const sim::Item& values, const std::vector<std::string>& names) {
      std::string key;
      for (const std::string& n : names) {
        auto it = values.find(n);
        if (it == values.end()) return std::string();
        key += NaturalText(it->second);
        key += '\x1f';
      }
      return key;
    };
    std::vector<std::string> ids, links;
    for (std::size_t k = 0; k < rel.link.size() && k < parent.identifier.size(); ++k) {
      ids.push_back(parent.attributes[static_cast<std::size_t>(parent.identifier[k])].name);
      links.push_back(en.attributes[static_cast<std::size_t>(rel.link[k])].name);
    }
    const std::string wanted = identity(item, links);
    const sim::Item* found = nullptr;
    if (!wanted.empty() && index) {
      auto& [seen, by_identity] = index->by_relationship[attr.copy_relationship];
      for (; seen < parents.size(); ++seen)
        by_identity.emplace(identity(parents[seen].current(), ids), seen);
      auto it = by_identity.find(wanted);
      if (it != by_identity.end()) found = &parents[it->second].current();
    } else if (!wanted.empty()) {
      for (const Record& r : parents) {
        if (identity(r.current(), ids) != wanted) continue;
        found = &r.current();
        break;
      }
    }
    auto value = found ? found->find(source) : sim::Item::const_iterator{};
    if (found && value != found->end()) {
      item[attr.name] = value->second;
    } else {
      item.erase(attr.name);
    }
  }
}

namespace {

// The natural texts of `attrs` of `item`, joined: the parent a child's link names, or a parent's
// own identifier (in the link's order).
std::string ParentText(const Entity& en, const std::vector<AttrId>& attrs, const sim::Item& item) {
  std::string out;
  for (AttrId a : attrs) {
    auto it = item.find(en.attributes[static_cast<std::size_t>(a)].name);
    out += it == item.end() ? std::string() : NaturalText(it->second);
    out += '\n';
  }
  return out;
}

// True when some entity draws a counter (model.h Attribute::counter) kept on `e`'s items.
bool KeepsCount(const Model& m, EntityId e) {
  for (std::size_t c = 0; c < m.entities.size(); ++c) {
    AttrId a = CounterOf(m, static_cast<EntityId>(c));
    if (a < 0) continue;
    const Attribute& attr = m.entities[c].attributes[static_cast<std::size_t>(a)];
    if (m.relationships[static_cast<std::size_t>(attr.counter_relationship)].from == e) return true;
  }
  return false;
}

// Each parent's count is its children's greatest number, absent without children: what the
// creates' draws leave when numbers are drawn in order (a failed create's number is a gap).
void SetCounts(const Model& m, Dataset& data) {
  for (std::size_t c = 0; c < m.entities.size(); ++c) {
    AttrId a = CounterOf(m, static_cast<EntityId>(c));
    if (a < 0) continue;
    const Entity& child = m.entities[c];
    const Attribute& attr = child.attributes[static_cast<std::size_t>(a)];
    const Relationship& rel = m.relationships[static_cast<std::size_t>(attr.counter_relationship)];
    const Entity& parent = m.entities[static_cast<std::size_t>(rel.from)];
    const std::string& source =
        parent.attributes[static_cast<std::size_t>(attr.counter_source)].name;
    std::map<std::string, std::int64_t> greatest;
    for (const Record& r : data.records[c]) {
      auto it = r.current().find(attr.name);
      if (it == r.current().end()) continue;
      std::int64_t n = std::stoll(it->second.scalar());
      auto [at, added] = greatest.emplace(ParentText(child, rel.link, r.current()), n);
      if (!added) at->second = std::max(at->second, n);
    }
    const std::vector<AttrId> ids(
        parent.identifier.begin(),
        parent.identifier.begin() + static_cast<std::ptrdiff_t>(rel.link.size()));
    for (Record& r : data.records[static_cast<std::size_t>(rel.from)]) {
      for (sim::Item& v : r.versions) {
        auto it = greatest.find(ParentText(parent, ids, v));
        if (it == greatest.end()) {
          v.erase(source);
        } else {
          v[source] = sim::AttributeValue::N(std::to_string(it->second));
        }
      }
    }
  }
}

}  // namespace

Dataset Synthesize(const Model& m, const SynthOptions& options, const EntityDone& done) {
  Rng rng(options.seed);
  Dataset data;
  data.records.resize(m.entities.size());
  double declared = 0;
  for (const auto& e : m.entities)
    declared += static_cast<double>(std::max<std::int64_t>(e.count, 1));
  for (EntityId e : GenerationOrder(m)) {
    const Entity& en = m.entities[static_cast<std::size_t>(e)];
    auto& out = data.records[static_cast<std::size_t>(e)];
    // At least a couple of dozen records (or the declared count, if smaller), so that every
    // pattern has several answers to order, page and limit.
    std::int64_t floor = std::min<std::int64_t>(std::max<std::int64_t>(en.count, 2), 24);
    std::int64_t want = std::max<std::int64_t>(
        floor, std::llround(static_cast<double>(options.total_items) *
                            static_cast<double>(std::max<std::int64_t>(en.count, 1)) / declared));
    std::vector<Link> links = LinksOf(m, e);
    // No more records than a bounded link's parents have room for: past that, every draw would
    // find its parents full. Parents are left free only where the records would otherwise fill
    // every parent (a 1:1 with equal counts): with room to spare, the check's creates find a
    // parent with room anyway.
    std::int64_t room_for = want;
    for (Link& l : links) {
      if (l.max <= 0 || l.target == e) continue;
      const std::size_t parents = data.records[static_cast<std::size_t>(l.target)].size();
      const auto room = [&](std::size_t free) {
        return static_cast<std::int64_t>(parents - free) * l.max;
      };
      if (l.keep_free && want <= room(0) - static_cast<std::int64_t>(ParentsKeptFree(parents)))
        l.keep_free = false;
      room_for = std::min(room_for, room(l.keep_free ? ParentsKeptFree(parents) : 0));
    }
    // An identifier made only of links picks parents uniformly, so combinations rarely repeat.
    const bool identifying =
        std::all_of(en.identifier.begin(), en.identifier.end(), [&](AttrId id) {
          return std::any_of(links.begin(), links.end(),
                             [&](const Link& l) { return l.Holds(id); });
        });
    std::unordered_set<std::string> identities;  // identifier values, each length-prefixed
    const bool serial_unique =
        std::all_of(en.identifier.begin(), en.identifier.end(), [&](AttrId id) {
          AttrType type = en.attributes[static_cast<std::size_t>(id)].type;
          return IsSortable(type) && type != AttrType::kEnum;
        });
    std::vector<bool> linked(en.attributes.size());
    const bool has_copies =
        std::any_of(en.attributes.begin(), en.attributes.end(),
                    [](const Attribute& a) { return a.copy_relationship >= 0; });
    ParentIndex parents_found;  // SetCopies' lookups of this entity's parents
    // A counter (model.h Attribute::counter): each parent's children numbered 1, 2, ... in the
    // order they are drawn.
    const AttrId counter = CounterOf(m, e);
    std::map<std::string, std::int64_t> drawn;  // per parent named by the link: the last number
    std::uint64_t pool = static_cast<std::uint64_t>(std::max<std::int64_t>(3, want / 4));
    // Children per parent, for links bounded by `max` (the relationship's bound): a full parent
    // is passed over for one with room.
    std::vector<std::vector<std::int64_t>> children(links.size());
    std::vector<std::size_t> first_free(links.size(), 0);
    std::vector<std::size_t> chosen(links.size());
    for (std::int64_t serial = 0, attempts = 0;
         static_cast<std::int64_t>(out.size()) < room_for && attempts < want * 10 + 20;
         ++attempts) {
      sim::Item item;
      std::fill(linked.begin(), linked.end(), false);
      bool full = LinkParents(m, e, links, identifying, data, rng, children, first_free, chosen,
                              item, linked);
      // An identifier partly made of links (Quota: accountRepId + period) is unique as a
      // combination: its own parts take shared values, and duplicates are retried below.
      bool linked_identifier =
          std::any_of(en.identifier.begin(), en.identifier.end(),
                      [&](AttrId id) { return linked[static_cast<std::size_t>(id)]; });
      for (std::size_t a = 0; a < en.attributes.size(); ++a) {
        const Attribute& attr = en.attributes[a];
        if (linked[a] || item.count(attr.name)) continue;
        bool id = IsId(en, static_cast<AttrId>(a));
        if (!attr.required && !id && rng.Chance(20)) continue;
        // Values unique in a name space shared across entities (`unique: handle`): text names
        // its entity, other types draw from serials of their own per entity, so no two
        // entities' values meet, nor the values the check's writes draw (model/check/check.cpp).
        bool scoped = attr.unique && !attr.unique_scope.empty();
        std::int64_t value_serial =
            scoped ? serial + (attr.type == AttrType::kTimestamp || attr.type == AttrType::kDate
                                   ? kScopeSerialStride
                                   : kScopeNumberStride) *
                                  (e + 1)
                   : serial;
        // A composite identifier's parts but the last (Reading: sensorId of sensorId + takenAt)
        // take shared values, several items each, so that the partitions keyed by them hold
        // collections to prove reads on; the last part, one value per item, keeps the
        // combination unique. An aggregate's `into` takes its identifiers from the groups
        // (BackfillAggregates).
        const bool leading_part = id && en.identifier.size() > 1 &&
                                  en.identifier.back() != static_cast<AttrId>(a) &&
                                  m.AggregateInto(e) < 0;
        const bool one_per_item = (id && !linked_identifier && !leading_part) || attr.unique;
        item[attr.name] = attr.name == en.ttl && !id ? Expiry(attr, rng)
                          : attr.distinct > 0 && !one_per_item
                              ? DistinctValue(attr, rng, want, en.count)
                              : Value(attr, rng, value_serial, one_per_item, pool);
        if (scoped && attr.type == AttrType::kString && attr.time_order == TimeOrder::kNone)
          item[attr.name] =
              sim::AttributeValue::S(fmt::format("{}-{}-{}", en.name, attr.name, serial));
      }
      // An aggregate's filter (AggregateDecl::filters): every other record takes the filter's
      // values (a random string or number would almost never match), the rest keep their drawn
      // ones, so groups hold items that count and items that do not.
      for (const AggregateDecl& agg : m.aggregates) {
        if (agg.of != e || serial % 2 != 0) continue;
        for (const FixedFilter& f : agg.filters) {
          AttrId a = en.FindAttribute(f.attribute);
          if (a < 0 || linked[static_cast<std::size_t>(a)] || IsId(en, a)) continue;
          const Attribute& attr = en.attributes[static_cast<std::size_t>(a)];
          if (attr.unique) continue;
          item[attr.name] = FilterValueFor(attr, f.value);
        }
      }
      // Presence rules: a state's attributes only in that state, groups all or none; values
      // drawn as above (shared ones from the pool) where a rule needs one.
      HonourPresence(en, item, &rng, serial);
      SetTimeOrdered(en, item, rng, &linked);
      // Conditional writes find records where their condition holds and where it fails.
      SteerConditions(m, e, serial, linked, item, rng);
      // Denormalized copies hold their parent's values.
      if (has_copies) SetCopies(m, e, data, item, &parents_found);
      if (counter >= 0) {
        const Attribute& attr = en.attributes[static_cast<std::size_t>(counter)];
        const Relationship& rel =
            m.relationships[static_cast<std::size_t>(attr.counter_relationship)];
        item[attr.name] =
            sim::AttributeValue::N(std::to_string(++drawn[ParentText(en, rel.link, item)]));
      }
      // Identifiers drawn from the serial alone are distinct by construction; only links and
      // types with few values (enums, booleans, documents) can repeat a combination.
      const bool may_repeat = linked_identifier || !serial_unique;
      std::string identity;
      for (AttrId id : en.identifier) {
        if (!may_repeat) break;
        auto it = item.find(en.attributes[static_cast<std::size_t>(id)].name);
        std::string text = it == item.end() ? std::string() : NaturalText(it->second);
        identity += std::to_string(text.size());
        identity += ':';
        identity += text;
      }
      if (may_repeat && identities.empty()) identities.reserve(static_cast<std::size_t>(want));
      if (full) continue;  // every parent holds its maximum of children
      if (may_repeat && !identities.insert(std::move(identity)).second)
        continue;  // a repeated combination
      for (std::size_t l = 0; l < links.size(); ++l) {
        if (links[l].max > 0 && chosen[l] < children[l].size()) ++children[l][chosen[l]];
      }
      ++serial;
      Record record;
      record.versions.push_back(std::move(item));
      if (en.versioned) {
        AddHistory(en, linked, serial, pool, rng, record);
        NumberVersions(en, record);
      }
      out.push_back(std::move(record));
    }
    // An aggregate's `into` and a counter's parent wait for the records their values come from.
    if (done && m.AggregateInto(e) < 0 && !KeepsCount(m, e)) done(e, out);
  }
  if (!m.aggregates.empty()) BackfillAggregates(m, data);
  SetCounts(m, data);
  for (std::size_t e = 0; e < m.entities.size() && done; ++e) {
    if (m.AggregateInto(static_cast<EntityId>(e)) >= 0 || KeepsCount(m, static_cast<EntityId>(e)))
      done(static_cast<EntityId>(e), data.records[e]);
  }
  return data;
}

}  // namespace model::check
