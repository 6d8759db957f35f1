// Rule: routing. A read pattern is served by the table when its parameters bind the partition key
// of every entity it returns and a leading part of the sort key (a range then falls on the next
// part); a filter is acceptable there only when it discards little. Otherwise the pattern gets a
// view: an index slot whose partition key is built from its parameters (named after the entity
// they identify, so patterns reading different item types by the same thing share a partition),
// sparse when the pattern has a fixed filter, ordered by its range or sort attribute. A Scan is
// only planned when the pattern allows it and nothing else can serve it.
#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "model/derive/internal.h"
#include "model/filter_presence.h"
#include "model/range_bounds.h"

namespace model::derive {

namespace {

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::vector<std::string> AttrNames(const Entity& e, const std::vector<AttrId>& ids) {
  std::vector<std::string> out;
  for (AttrId id : ids) out.push_back(e.attributes[static_cast<std::size_t>(id)].name);
  return out;
}

std::string OrderAttribute(const AccessPattern& p) {
  if (p.range_condition) return p.range_condition->attribute;
  if (p.sort) return p.sort->attribute;
  return "";
}

// The prefix of `sk` before its `n`-th placeholder (0-based); all of it when it has fewer.
KeyTemplate PrefixBefore(const KeyTemplate& sk, std::size_t n, std::size_t* next_part) {
  TemplateBuilder b;
  std::size_t seen = 0;
  std::size_t i = 0;
  for (; i < sk.parts.size(); ++i) {
    const auto& part = sk.parts[i];
    if (part.is_attribute) {
      if (seen == n) break;
      ++seen;
      b.Attr(part.text, part.encoding, part.width);
    } else {
      b.Literal(part.text);
    }
  }
  if (next_part) *next_part = i;
  return b.Build();
}

}  // namespace

KeyTemplate VersionSortKey(const Context& c, EntityId e, bool history, const std::string& number) {
  const Placement& pl = c.placements[static_cast<std::size_t>(e)];
  const Entity& en = c.entity(e);
  const bool pinned = en.pinned_keys && !en.pinned_keys->sk.empty();
  const std::string current_suffix = std::string(1, kKeySeparator) + "v0";
  if (!history) {
    if (pinned) return pl.sort_key;
    return TemplateBuilder().Append(pl.sort_key).Literal(current_suffix).Build();
  }
  KeyTemplate base = pl.sort_key;
  if (pinned && !base.parts.empty() && !base.parts.back().is_attribute &&
      base.parts.back().text.size() >= current_suffix.size() &&
      base.parts.back().text.compare(base.parts.back().text.size() - current_suffix.size(),
                                     current_suffix.size(), current_suffix) == 0) {
    // `EMPLOYEE_JOB#v0` pinned, as model export writes a derived layout: history `#v{n}` beside.
    base.parts.back().text.resize(base.parts.back().text.size() - current_suffix.size());
    if (base.parts.back().text.empty()) base.parts.pop_back();
  }
  return TemplateBuilder()
      .Append(base)
      .Sep()
      .Literal("v")
      .Attr(number, Encoding::kVersion, kVersionWidth)
      .Build();
}

std::optional<std::pair<EntityId, EntityId>> SortedChildren(const Context& c,
                                                            const AccessPattern& p) {
  if (!p.sort || p.returns.size() != 2) return std::nullopt;
  EntityId a = p.returns[0], b = p.returns[1];
  bool a_has = c.FindAttr(a, p.sort->attribute) != nullptr;
  bool b_has = c.FindAttr(b, p.sort->attribute) != nullptr;
  if (a_has == b_has) return std::nullopt;
  return a_has ? std::make_pair(b, a) : std::make_pair(a, b);
}

std::string PrefixSuccessor(std::string prefix) {
  prefix.back() = static_cast<char>(prefix.back() + 1);
  return prefix;
}

std::optional<std::pair<std::string, std::string>> CharacterAfter(std::string_view text) {
  if (text.empty()) return std::nullopt;
  unsigned char lead = static_cast<unsigned char>(text[0]);
  std::size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
  if (length == 0 || length > text.size()) return std::nullopt;
  std::uint32_t cp = length == 1 ? lead : lead & (0x7Fu >> length);
  for (std::size_t i = 1; i < length; ++i) {
    unsigned char b = static_cast<unsigned char>(text[i]);
    if ((b & 0xC0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (b & 0x3Fu);
  }
  if (cp >= 0x10FFFF) return std::nullopt;
  std::uint32_t next = cp + 1 == 0xD800 ? 0xE000 : cp + 1;  // surrogates are no characters
  std::string after;
  if (next < 0x80) {
    after += static_cast<char>(next);
  } else if (next < 0x800) {
    after += static_cast<char>(0xC0 | (next >> 6));
    after += static_cast<char>(0x80 | (next & 0x3F));
  } else if (next < 0x10000) {
    after += static_cast<char>(0xE0 | (next >> 12));
    after += static_cast<char>(0x80 | ((next >> 6) & 0x3F));
    after += static_cast<char>(0x80 | (next & 0x3F));
  } else {
    after += static_cast<char>(0xF0 | (next >> 18));
    after += static_cast<char>(0x80 | ((next >> 12) & 0x3F));
    after += static_cast<char>(0x80 | ((next >> 6) & 0x3F));
    after += static_cast<char>(0x80 | (next & 0x3F));
  }
  return std::make_pair(std::string(text.substr(0, length)), after);
}

void RangeKeyCondition(const AccessPattern& p, const KeyTemplate& prefix, Encoding enc,
                       const std::optional<std::string>& next, KeyCondition* key, int width) {
  const RangeOp op = p.range_condition->op;
  const bool more = next.has_value();
  // The bounds' argument names ("from"/"to", "value"; RangeBoundNames, model/range_bounds.h).
  const std::vector<std::string> names = RangeBoundNames(p);
  auto bound = [&](std::size_t i) {
    return TemplateBuilder().Append(prefix).Attr(names[i], enc, width).Build();
  };
  // The character after the value in every key holding it, and the one after that: the keys
  // holding the value `v` sort from `v#` (begins_with) up to below `v$`. After the separator the
  // layout keeps the `$` out of the template (KeyCondition::upper_after_separator); after
  // another character it is part of the bound.
  std::string first, after;
  if (more) {
    auto chars = CharacterAfter(*next);
    assert(chars);  // the caller refuses a key without one
    std::tie(first, after) = *chars;
  }
  const bool separator = more && first == std::string(1, kKeySeparator);
  // `t` followed by `after`: above every key whose value part equals the bound.
  auto past = [&](const KeyTemplate& t, bool* flag) {
    if (separator) {
      *flag = true;
      return t;
    }
    return TemplateBuilder().Append(t).Literal(after).Build();
  };
  // The prefix's successor: every key starting with the prefix sorts below it ("FEEDING#" ->
  // "FEEDING$"). Only a prefix ending in literal text has one.
  std::optional<KeyTemplate> ceiling;
  if (!prefix.empty() && !prefix.parts.back().is_attribute && !prefix.parts.back().text.empty() &&
      static_cast<unsigned char>(prefix.parts.back().text.back()) < 0x7f) {
    KeyTemplate c = prefix;
    c.parts.back().text.back() = static_cast<char>(c.parts.back().text.back() + 1);
    ceiling = c;
  }
  switch (op) {
    case RangeOp::kBetween:
      key->sort_op = SortOp::kBetween;
      key->sort_lower = bound(0);
      key->sort_upper = more ? past(bound(1), &key->upper_after_separator) : bound(1);
      return;
    case RangeOp::kBeginsWith: {
      // A timestamp or date prefix ("2019-01") is not a timestamp: it is matched verbatim against
      // the key's ISO-8601 rendering (UTC, `YYYY-MM-DDTHH:MM:SS.mmmZ`; docs/model-format.md).
      Encoding prefix_enc =
          enc == Encoding::kTimestamp || enc == Encoding::kDate ? Encoding::kText : enc;
      key->sort_op = SortOp::kBeginsWith;
      key->sort_lower = TemplateBuilder().Append(prefix).Attr(names[0], prefix_enc).Build();
      return;
    }
    case RangeOp::kEq:
      if (more) {
        key->sort_op = SortOp::kBeginsWith;
        key->sort_lower = TemplateBuilder().Append(bound(0)).Literal(first).Build();
      } else {
        key->sort_op = SortOp::kEq;
        key->sort_lower = bound(0);
      }
      return;
    case RangeOp::kLt:
    case RangeOp::kLe:
      if (ceiling) {
        // Bounded below by the prefix: the partition's item types sorting before it stay unread.
        // With key parts after the bound, `< v` is `<= v` (every key at v continues past it).
        key->sort_op = SortOp::kBetween;
        key->sort_lower = prefix;
        key->sort_upper =
            op == RangeOp::kLe && more ? past(bound(0), &key->upper_after_separator) : bound(0);
        key->upper_exclusive = op == RangeOp::kLt && !more;
        return;
      }
      key->sort_op = op == RangeOp::kLt ? SortOp::kLt : SortOp::kLe;
      key->sort_lower =
          op == RangeOp::kLe && more ? past(bound(0), &key->upper_after_separator) : bound(0);
      return;
    case RangeOp::kGt:
    case RangeOp::kGe:
      if (ceiling) {
        // Bounded above by the prefix's successor: later item types stay unread. With key parts
        // after the bound, `> v` starts past every key at v (`v$`).
        key->sort_op = SortOp::kBetween;
        key->sort_lower = op == RangeOp::kGt && more
                              ? TemplateBuilder().Append(bound(0)).Literal(after).Build()
                              : bound(0);
        key->sort_upper = *ceiling;
        key->lower_exclusive = op == RangeOp::kGt && !more;
        return;
      }
      key->sort_op = op == RangeOp::kGt ? SortOp::kGt : SortOp::kGe;
      key->sort_lower =
          op == RangeOp::kGt && more ? past(bound(0), &key->upper_after_separator) : bound(0);
      return;
  }
  key->sort_lower = bound(0);
}

namespace {

KeyTemplate VersionedSortKey(const Context& c, EntityId e, bool history) {
  const Placement& pl = c.placements[static_cast<std::size_t>(e)];
  if (!c.entity(e).versioned) return pl.sort_key;
  // The version number: the entity's `version` attribute when it declares one (equal to _version
  // on every history item), so patterns can name it.
  const std::string& number = c.entity(e).version_attribute;
  return VersionSortKey(c, e, history, number.empty() ? kVersionAttribute : number);
}

// The view holding entity `e`'s pinned keys on GSI `gsi` (View::user_keys), or nullptr.
const View* UserKeysView(const Context& c, EntityId e, int gsi) {
  for (const View& v : c.views) {
    if (v.user_keys && v.entities[0] == e && v.pinned_gsi == gsi) return &v;
  }
  return nullptr;
}

// The keys a table route is built on: "table" (gsi 0, the entities' table keys) or "pinned GSI1"
// (the keys the model pins on that index).
std::string KeysName(const Context& c, int gsi) {
  return gsi == 0 ? std::string("table") : fmt::format("pinned {}", c.model.table.GsiName(gsi));
}

// Whether `p` is pinned to the index `gsi` (0: the table).
bool PinnedHere(const Context& c, const AccessPattern& p, int gsi) {
  return p.pinned_index && *p.pinned_index == (gsi == 0 ? "table" : c.model.table.GsiName(gsi));
}

// Binds the partition key all of `p`'s entities share, on the table (`gsi` 0) or on the keys
// pinned on GSI `gsi`; false (with `why`) if they differ, an entity has none there, or a key
// attribute is not a parameter.
bool TablePartitionKey(const Context& c, const AccessPattern& p, TableRoute& t, std::string* why,
                       int gsi) {
  std::string pk_text;
  for (EntityId e : p.returns) {
    bool history = c.entity(e).versioned && !p.current_only;
    t.items.emplace_back(e, history);
    KeyTemplate pk = c.placements[static_cast<std::size_t>(e)].partition_key;
    if (gsi > 0) {
      const View* v = UserKeysView(c, e, gsi);
      if (v == nullptr) {
        *why = fmt::format("entity '{}' pins no keys on {}", c.entity(e).name,
                           c.model.table.GsiName(gsi));
        return false;
      }
      if (history) {
        *why = fmt::format(
            "it reads the version history of '{}', and only the current item "
            "carries pinned index keys",
            c.entity(e).name);
        return false;
      }
      pk = v->user_pk;
    }
    if (pk_text.empty()) {
      pk_text = pk.ToString();
      t.key.partition_key = pk;
    } else if (pk_text != pk.ToString()) {
      *why = fmt::format("its entities live in different partitions ({} and {})", pk_text,
                         pk.ToString());
      return false;
    }
  }
  std::vector<std::string> pk_attrs = t.key.partition_key.Attributes();
  for (const auto& a : pk_attrs) {
    if (!Contains(p.params, a)) {
      *why = fmt::format("the {} partition key {} needs '{}', which is not a parameter",
                         KeysName(c, gsi), pk_text, a);
      return false;
    }
  }
  return true;
}

// Sets the sort-key range reading a parent and its children sorted by a child attribute (when
// `p` returns several entities); false (with `why`) if the table does not keep them in order.
bool TableFamilyKey(const Context& c, const AccessPattern& p, const std::vector<std::string>& bound,
                    TableRoute& t, std::string* why, int gsi) {
  if (!bound.empty() || p.range_condition) {
    *why = "it returns several entities and also constrains the sort key";
    return false;
  }
  if (gsi > 0 && SortedChildren(c, p)) {
    *why =
        "it reads a parent with its children in order, which only the table's item "
        "collections are derived to keep";
    return false;
  }
  if (auto family = SortedChildren(c, p)) {
    // The parent and its children sorted by a child attribute: one Query over the children's
    // key range and the parent's item, which sorts at the end the Query starts from.
    auto [parent, child] = *family;
    const Placement& pp = c.placements[static_cast<std::size_t>(parent)];
    const Placement& cp = c.placements[static_cast<std::size_t>(child)];
    KeyTemplate child_sk = VersionedSortKey(c, child, false);
    std::vector<std::string> child_attrs = child_sk.Attributes();
    KeyTemplate prefix = PrefixBefore(child_sk, 0, nullptr);
    std::string lower = prefix.ToString();
    bool ordered = !child_attrs.empty() &&
                   c.entity(child).OrdersLike(child_attrs[0], p.sort->attribute) &&
                   !lower.empty() && static_cast<unsigned char>(lower.back()) < 0x7f;
    std::string parent_sk = pp.sort_key.ToString();
    bool literal_parent = pp.sort_key.Attributes().empty() && !c.entity(parent).versioned &&
                          !c.entity(child).versioned;
    bool at_start = p.sort->descending ? parent_sk > PrefixSuccessor(lower) : parent_sk < lower;
    if (!ordered || !literal_parent || cp.parent_relationship < 0 || !at_start) {
      *why = fmt::format(
          "its {} items are not kept in '{}' order beside the {} item, which must sort {} "
          "them",
          c.entity(child).name, p.sort->attribute, c.entity(parent).name,
          p.sort->descending ? "after" : "before");
      return false;
    }
    t.key.sort_op = SortOp::kBetween;
    t.key.sort_lower = p.sort->descending ? prefix : pp.sort_key;
    t.key.sort_upper = p.sort->descending
                           ? pp.sort_key
                           : TemplateBuilder().Literal(PrefixSuccessor(lower)).Build();
    t.order_attribute = p.sort->attribute;
    if (child_attrs[0] != p.sort->attribute) t.time_ordered = child_attrs[0];
    t.parents = 1;
  }
  return true;
}

// Why the keys `sk` of entity `e` do not sort by the placeholder at `sk.parts[part]`, or "" when
// they do: a value of varying length followed by text whose first byte does not sort below every
// byte that continues a longer value (keys::OrderKeptBefore). A time-ordered identifier is of
// one length.
std::string KeyDisorder(const Context& c, EntityId e, const KeyTemplate& sk, std::size_t part) {
  if (part + 1 >= sk.parts.size()) return "";
  const TemplatePart& placeholder = sk.parts[part];
  const TemplatePart& after = sk.parts[part + 1];
  const Attribute* a = c.FindAttr(e, placeholder.text);
  if (a != nullptr && a->time_order != TimeOrder::kNone) return "";
  std::optional<unsigned char> next;
  if (!after.is_attribute && !after.text.empty()) next = static_cast<unsigned char>(after.text[0]);
  if (keys::OrderKeptBefore(placeholder.encoding, next)) return "";
  bool text = placeholder.encoding == Encoding::kText || placeholder.encoding == Encoding::kEnum;
  std::string follows = after.is_attribute
                            ? fmt::format("'{{{}}}' follows it at once", after.text)
                            : fmt::format("the '{}' after it does not sort below {}",
                                          std::string(1, after.text[0]), text ? "those" : "them");
  std::string example;
  if (text && next && *next > keys::kLastEscapedByte) {
    std::string c1(1, static_cast<char>(*next));
    example = fmt::format(
        " (\"Ann{0}...\" sorts after \"Ann Lee{0}...\", written \"Ann%20Lee{0}...\")", c1);
  }
  return fmt::format("{} does not keep that order: a longer '{}' ({}) continues with {}, and {}{}",
                     sk.ToString(), placeholder.text, EncodingName(placeholder.encoding),
                     text ? "'%' or a character above it" : "a digit", follows, example);
}

// Sets the sort-key condition for `p`'s one entity from the `bound` parameters and its range;
// false (with `why`) if they are not a leading part of the table sort key.
bool TableSortKey(const Context& c, const AccessPattern& p, std::vector<std::string> bound,
                  TableRoute& t, std::string* why, int gsi) {
  EntityId e = p.returns[0];
  bool history = t.items[0].second;
  KeyTemplate sk = gsi == 0 ? VersionedSortKey(c, e, history) : UserKeysView(c, e, gsi)->user_sk;
  std::vector<std::string> sk_attrs = sk.Attributes();
  if (const DeclaredIndex* d = c.model.table.FindIndex(gsi); gsi > 0 && d && d->Natural()) {
    // A natural-key index: the key condition is on the attributes themselves. Without a sort key
    // the partition is the whole answer; begins_with applies to strings and binaries only
    // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.KeyConditionExpressions.html).
    // A Query's FilterExpression cannot name the key attributes of what it reads ("A filter
    // expression cannot contain partition key or sort key attributes",
    // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.FilterExpression.html):
    // not a `filter` on them, nor the expiry filter on the TTL attribute when it keys the index.
    auto keys_index = [&](const std::string& a) {
      return a == d->partition_key || (!d->sort_key.empty() && a == d->sort_key);
    };
    for (const FixedFilter& f : p.filters) {
      if (!keys_index(f.attribute)) continue;
      // `exists` on a key attribute is the index itself: it holds only the items that have it
      // (KeyedOn; TableFilter leaves it out of the FilterExpression).
      if (TestOf(f.value) == FilterTest::kExists) continue;
      *why = fmt::format(
          "index {} is keyed on '{}', which the pattern filters on, and a Query's "
          "FilterExpression cannot name an index key attribute",
          c.model.table.GsiName(gsi), f.attribute);
      return false;
    }
    if (keys_index(c.model.table.ttl_attribute)) {
      for (EntityId r : p.returns) {
        if (c.entity(r).ttl.empty()) continue;
        *why = fmt::format(
            "index {} is keyed on the TTL attribute '{}', and a read of '{}' filters expired "
            "items on it, which a Query's FilterExpression cannot name",
            c.model.table.GsiName(gsi), c.model.table.ttl_attribute, c.entity(r).name);
        return false;
      }
    }
    if (sk.empty() && (!bound.empty() || p.range_condition)) {
      *why = fmt::format("index {} has no sort key, and {} is not its partition key",
                         c.model.table.GsiName(gsi),
                         p.range_condition ? p.range_condition->attribute : bound[0]);
      return false;
    }
    if (sk.empty()) {
      t.key.sort_op = SortOp::kNone;
      return true;
    }
    if (p.range_condition && p.range_condition->op == RangeOp::kBeginsWith &&
        d->sort_key_type == KeyType::kN) {
      *why = fmt::format(
          "index {} is sorted by the number '{}', and begins_with applies to "
          "strings and binaries only",
          c.model.table.GsiName(gsi), d->sort_key);
      return false;
    }
  }
  // Attributes the partition key already holds are known to the sort key too: a pinned
  // `sk: CUSTOMER#{customerId}` under `pk: CUSTOMER#{customerId}` is bound by the same parameter
  // (the expert's PK = SK item), so a read by customerId is one GetItem. They may extend the
  // bound leading part but are never required in it.
  std::vector<std::string> pk_attrs = t.key.partition_key.Attributes();
  auto known = [&](const std::string& a) { return Contains(bound, a) || Contains(pk_attrs, a); };
  // The parameters bind the whole key, and more: the key finds the one item, and the other
  // parameters are checked on it after the read, rather than indexing the item again. Index keys
  // need not be unique: there the other parameters must be in the key.
  bool whole_key =
      gsi == 0 && !p.range_condition && std::all_of(sk_attrs.begin(), sk_attrs.end(), known);
  if (whole_key) {
    std::vector<std::string> in_key;
    for (const auto& prm : bound) (Contains(sk_attrs, prm) ? in_key : t.match).push_back(prm);
    bound = in_key;
  }
  std::size_t j = 0;
  std::size_t bound_in_prefix = 0;
  while (j < sk_attrs.size() && known(sk_attrs[j])) {
    if (Contains(bound, sk_attrs[j])) ++bound_in_prefix;
    ++j;
  }
  if (bound_in_prefix != bound.size()) {
    *why = fmt::format("its parameters are not a leading part of the {} sort key {}",
                       KeysName(c, gsi), sk.ToString());
    return false;
  }
  std::size_t next = 0;
  KeyTemplate prefix = PrefixBefore(sk, j, &next);
  // What follows the next placeholder in the key: nothing, literal text, or another placeholder.
  std::optional<std::string> next_text;
  bool next_placeholder = false;
  if (next + 1 < sk.parts.size()) {
    next_placeholder = sk.parts[next + 1].is_attribute;
    if (!next_placeholder) next_text = sk.parts[next + 1].text;
  }
  if (p.range_condition) {
    if (j >= sk_attrs.size() || sk_attrs[j] != p.range_condition->attribute) {
      *why = fmt::format("the range attribute '{}' is not the next part of the {} sort key {}",
                         p.range_condition->attribute, KeysName(c, gsi), sk.ToString());
      return false;
    }
    if (next_placeholder || (next_text && !CharacterAfter(*next_text))) {
      *why = fmt::format(
          "the {} sort key {} has no character after '{{{}}}' that bounds a range on it",
          KeysName(c, gsi), sk.ToString(), sk_attrs[j]);
      return false;
    }
    Encoding enc = c.EncodingOf(e, sk_attrs[j]);
    int width = 0;
    for (const auto& part : sk.parts) {
      if (part.is_attribute && part.text == sk_attrs[j]) {
        enc = part.encoding;
        width = part.width;
      }
    }
    RangeKeyCondition(p, prefix, enc, next_text, &t.key, width);
    t.order_attribute = sk_attrs[j];
    t.disorder = KeyDisorder(c, e, sk, next);
  } else if (j == sk_attrs.size()) {
    t.key.sort_op = SortOp::kEq;
    t.key.sort_lower = sk;
    // An index takes no GetItem (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/
    // GSI.html#GSI.Reading: "you can Query or Scan a global secondary index").
    t.operation = gsi == 0 ? Operation::kGetItem : Operation::kQuery;
  } else if (history &&
             (sk_attrs[j] == kVersionAttribute || sk_attrs[j] == c.entity(e).version_attribute)) {
    t.key.sort_op = SortOp::kBetween;
    t.key.sort_lower =
        TemplateBuilder().Append(prefix).Literal(std::string(kVersionWidth - 1, '0') + "1").Build();
    t.key.sort_upper =
        TemplateBuilder().Append(prefix).Literal(std::string(kVersionWidth, '9')).Build();
    t.order_attribute = sk_attrs[j];
  } else {
    t.key.sort_op = prefix.empty() ? SortOp::kNone : SortOp::kBeginsWith;
    t.key.sort_lower = prefix;
    if (j < sk_attrs.size()) {
      t.order_attribute = sk_attrs[j];
      if (p.sort && p.sort->attribute == sk_attrs[j]) t.disorder = KeyDisorder(c, e, sk, next);
    }
  }
  return true;
}

// Whether GSI `gsi` (0: the table) is keyed on `attribute` for every entity `p` returns: a
// natural-key index on it, or the keys an entity pins there. Such an index is sparse on it: an
// item has an entry only while it has the index's key attributes
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-indexes-general-sparse-indexes.html).
bool KeyedOn(const Context& c, const AccessPattern& p, int gsi, const std::string& attribute) {
  if (gsi == 0) return false;
  if (const DeclaredIndex* d = c.model.table.FindIndex(gsi); d && d->Natural())
    return attribute == d->partition_key || attribute == d->sort_key;
  for (EntityId e : p.returns) {
    const View* v = UserKeysView(c, e, gsi);
    if (v == nullptr || (!Contains(v->user_pk.Attributes(), attribute) &&
                         !Contains(v->user_sk.Attributes(), attribute)))
      return false;
  }
  return true;
}

// Adds `p`'s filters and their read amplification; false (with `why`) if it reads too much.
// An `exists` filter on an attribute the index is keyed on is served by the index (KeyedOn),
// with no FilterExpression and no amplification.
bool TableFilter(const Context& c, const AccessPattern& p, TableRoute& t, std::string* why,
                 int gsi) {
  if (!p.filters.empty()) {
    double selectivity = 1;
    for (const auto& f : p.filters) {
      if (TestOf(f.value) == FilterTest::kExists && KeyedOn(c, p, gsi, f.attribute)) continue;
      selectivity *= Selectivity(c, p.returns[0], f.attribute, f.value);
      t.filter.push_back(SparseCondition{f.attribute, f.value});
    }
    t.amplification = 1 / selectivity;
    if (t.operation == Operation::kGetItem) {
      t.operation = Operation::kQuery;  // a single item: GetItem cannot filter, Query can
      t.amplification = 1;
    }
    std::size_t pid = static_cast<std::size_t>(&p - c.model.access_patterns.data());
    bool chosen = pid < c.table_filter.size() && c.table_filter[pid];
    if (t.amplification > kMaxFilterAmplification && !chosen && !PinnedHere(c, p, gsi)) {
      *why = fmt::format("the filter would read about {:.0f} items per item returned",
                         t.amplification);
      return false;
    }
  }
  return true;
}

// Settles the order the key gives against `p`'s sort; false (with `why`) if a limit needs an
// order the table does not keep.
bool TableOrder(const Context& c, const AccessPattern& p, TableRoute& t, std::string* why,
                int gsi) {
  std::string order = OrderAttribute(p);
  if (!order.empty() && !t.order_attribute.empty() && order != t.order_attribute &&
      p.returns.size() == 1 && c.entity(p.returns[0]).OrdersLike(t.order_attribute, order)) {
    // A ULID, KSUID or UUIDv7 created at `order` sorts like it: the key already holds that order.
    t.time_ordered = t.order_attribute;
    t.order_attribute = order;
  }
  if (!order.empty() && order != t.order_attribute && p.sort) {
    // Sorting after the read is only right when every matching item is read: with a limit, the
    // first page would be the first items in key order, not in the pattern's order.
    if (p.limit && !PinnedHere(c, p, gsi)) {
      *why = fmt::format(
          "the {} does not order its items by '{}', and the limit of {} needs "
          "that order",
          gsi == 0 ? std::string("table") : KeysName(c, gsi) + " key", p.sort->attribute, *p.limit);
      return false;
    }
    t.order_attribute.clear();  // sorted after the read; see BuildReadPlans
  }
  return true;
}

// The route of `p` on the table's keys (`gsi` 0) or on the keys pinned on GSI `gsi`; nullopt
// (with `why`) when they cannot serve it.
std::optional<TableRoute> TryTable(const Context& c, const AccessPattern& p, std::string* why,
                                   int gsi = 0) {
  TableRoute t;
  if (!TablePartitionKey(c, p, t, why, gsi)) return std::nullopt;
  std::vector<std::string> pk_attrs = t.key.partition_key.Attributes();
  std::vector<std::string> bound;
  for (const auto& prm : p.params) {
    if (!Contains(pk_attrs, prm)) bound.push_back(prm);
  }
  // On a natural-key index every entity is keyed on the same attributes, `{tenant}` /
  // `{createdAt}` (AddNaturalIndexViews): one sort key orders them all, so a read of several
  // entities takes its sort-key condition and order as a read of one does. A parent read with its
  // children in order is another matter (TableFamilyKey).
  const bool natural = gsi > 0 && c.model.table.NaturalIndex(gsi);
  if (p.returns.size() > 1 && !(natural && !SortedChildren(c, p))) {
    if (!TableFamilyKey(c, p, bound, t, why, gsi)) return std::nullopt;
  } else if (!TableSortKey(c, p, std::move(bound), t, why, gsi)) {
    return std::nullopt;
  }
  if (!TableFilter(c, p, t, why, gsi) || !TableOrder(c, p, t, why, gsi)) return std::nullopt;
  return t;
}

}  // namespace

std::string SparseLabel(const Context& c, EntityId e, const std::vector<SparseCondition>& filters) {
  std::string out;
  for (const auto& f : filters) {
    const Attribute* a = c.FindAttr(e, f.attribute);
    if (a != nullptr && a->type == AttrType::kBoolean) {
      out += (f.value == "true" ? "_" : "_NOT_") + UpperSnake(f.attribute);
    } else {
      out += "_" + UpperSnake(f.value);
    }
  }
  return out;
}

namespace {

// What NameView looks a pattern's parameters up in, built once per RoutePatterns: the links of
// the relationships and the entities' identifiers, each under its attribute names sorted (the
// set a pattern's `by` must equal), in the order the model declares them.
struct ViewNames {
  struct Link {
    EntityId holder = -1;            // the entity holding the link (M:N: `through`)
    std::vector<std::string> names;  // the link's attributes, in link order
    EntityId target = -1;            // the entity the link points at
  };
  std::map<std::vector<std::string>, std::vector<Link>> links;
  std::map<std::vector<std::string>, std::size_t> identifiers;  // the first entity
};

std::vector<std::string> SortedNames(std::vector<std::string> names) {
  std::sort(names.begin(), names.end());
  return names;
}

ViewNames IndexViewNames(const Context& c) {
  ViewNames out;
  for (const auto& r : c.model.relationships) {
    EntityId holder = r.cardinality == Cardinality::kManyToMany ? r.through.value_or(-1) : r.to;
    if (holder < 0) continue;
    const Entity& h = c.entity(holder);
    if (r.Polymorphic()) {
      // The kind and the link together name the parent (target -1: whichever the kind says);
      // the link alone names none. Once per association.
      if (r.from != r.parents.front()) continue;
      std::vector<std::string> names = AttrNames(h, std::vector<AttrId>{r.kind});
      for (const std::string& n : AttrNames(h, r.link)) names.push_back(n);
      out.links[SortedNames(names)].push_back({holder, names, -1});
      continue;
    }
    std::vector<std::pair<std::vector<AttrId>, EntityId>> sides = {{r.link, r.from}};
    if (r.cardinality == Cardinality::kManyToMany) sides.push_back({r.link_to, r.to});
    for (const auto& [link, target] : sides) {
      std::vector<std::string> names = AttrNames(h, link);
      if (names.empty()) continue;
      out.links[SortedNames(names)].push_back({holder, names, target});
    }
  }
  for (std::size_t e = 0; e < c.model.entities.size(); ++e) {
    const Entity& en = c.model.entities[e];
    out.identifiers.emplace(SortedNames(AttrNames(en, en.identifier)), e);  // keeps the first
  }
  return out;
}

// Canonical parameters and partition label of a view for pattern `p`: the entity a link or an
// identifier equal to its parameters names (the first relationship, then the first entity, in
// declaration order), else the returned entity and the parameters.
void NameView(const Context& c, const ViewNames& names, const AccessPattern& p, View* v) {
  v->params = p.params;
  std::string label;
  std::vector<SparseCondition> conditions = v->filters;
  conditions.insert(conditions.end(), v->presence.begin(), v->presence.end());
  if (!p.params.empty()) {
    std::vector<std::string> key = SortedNames(p.params);
    if (auto it = names.links.find(key); it != names.links.end()) {
      for (const ViewNames::Link& l : it->second) {
        if (std::find(p.returns.begin(), p.returns.end(), l.holder) == p.returns.end()) continue;
        if (l.target < 0) {
          // A polymorphic association's children by their parent: the partition is the
          // parent's own, `{kind}#{link}` rendering `ISSUE#42` (ViewPartitionKey: no label),
          // unless the view is sparse or of history items, which then keeps a label of its own.
          if (!conditions.empty() || v->history) continue;
          v->params = l.names;
          v->label.clear();
          return;
        }
        label = c.labels[static_cast<std::size_t>(l.target)];
        v->params = l.names;
        break;
      }
    }
    if (auto it = names.identifiers.find(key); label.empty() && it != names.identifiers.end()) {
      const Entity& en = c.model.entities[it->second];
      label = c.labels[it->second];
      v->params = AttrNames(en, en.identifier);
    }
  }
  if (label.empty()) {
    label = c.labels[static_cast<std::size_t>(p.returns[0])];
    if (!p.params.empty()) {
      label += "_BY";
      for (const auto& prm : p.params) label += "_" + UpperSnake(prm);
    }
  }
  std::sort(
      conditions.begin(), conditions.end(),
      [](const SparseCondition& a, const SparseCondition& b) { return a.attribute < b.attribute; });
  label += SparseLabel(c, p.returns[0], conditions);
  if (v->history) label += "_HISTORY";
  v->label = label;
}

// Orders views by what they are (never by the patterns' names or order), so the same set of
// patterns in any order packs the same views onto the same indexes.
bool ViewBefore(const View& a, const View& b) {
  auto filters = [](const View& v) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& f : v.filters) out.emplace_back(f.attribute, f.value);
    return out;
  };
  auto key = [](const View& v) {
    return std::tie(v.label, v.params, v.history, v.sort_prefix, v.order_attribute, v.entities,
                    v.pinned_gsi);
  };
  return key(a) < key(b) || (key(a) == key(b) && filters(a) < filters(b));
}

std::optional<int> ParseIndexName(const Table& t, const std::string& name) {
  for (int n = 1; n <= kDynamoMaxGsis; ++n) {
    if (t.GsiName(n) == name) return n;
  }
  return std::nullopt;
}

// Reports that the table cannot serve `p` at `where` (the key that rules the table out, or the
// pattern when none does), with notes at the pattern saying why and how to accept a Scan.
void Unservable(Context& c, const AccessPattern& p, SourceRange where, ErrorId code,
                const std::string& message, const std::string& why) {
  Diagnostic& d = c.diags.Error(code, where.valid() ? where : p.range, message);
  if (!why.empty())
    Diagnostics::Note(d, p.range, fmt::format("the table cannot serve it: {}", why));
  if (!p.allow_scan)
    Diagnostics::Note(d, p.range, "set 'allow_scan: true' on the pattern to accept a Scan");
  c.failed = true;
}

// The views in an order of their own (ViewBefore), the routes following them.
void SortViews(Context& c) {
  std::vector<int> order(c.views.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = static_cast<int>(k);
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    return ViewBefore(c.views[static_cast<std::size_t>(a)], c.views[static_cast<std::size_t>(b)]);
  });
  std::vector<int> moved_to(c.views.size());
  std::vector<View> sorted;
  for (std::size_t k = 0; k < order.size(); ++k) {
    moved_to[static_cast<std::size_t>(order[k])] = static_cast<int>(k);
    sorted.push_back(std::move(c.views[static_cast<std::size_t>(order[k])]));
  }
  c.views = std::move(sorted);
  for (auto& route : c.routes) {
    if (route.route == Route::kView) route.view = moved_to[static_cast<std::size_t>(route.view)];
  }
}

// Resolves `p`'s pinned index name into `pinned_gsi`; false (with an error) if the table cannot
// have that index.
bool ResolvePinnedGsi(Context& c, const AccessPattern& p, std::optional<int>& pinned_gsi) {
  const Model& m = c.model;
  pinned_gsi = ParseIndexName(m.table, *p.pinned_index);
  if (!pinned_gsi || (m.table.max_gsis && *pinned_gsi > *m.table.max_gsis)) {
    Diagnostic& d = c.diags.Error(
        DiagId::kPinnedIndexUnavailable, p.index_range.valid() ? p.index_range : p.range,
        fmt::format("access pattern '{}' is pinned to index '{}', which the table cannot have",
                    p.name, *p.pinned_index));
    Diagnostics::Note(d, m.table.range,
                      m.table.max_gsis
                          ? fmt::format("indexes are named {}, up to {} (max_gsis)",
                                        m.table.GsiName(1), m.table.GsiName(*m.table.max_gsis))
                          : fmt::format("indexes are named {}1 to {}{}", m.table.index_prefix,
                                        m.table.index_prefix, kDynamoMaxGsis));
    c.failed = true;
    return false;
  }
  return true;
}

// Routes pattern `i` to the table route `t`, with the reasons the table serves it.
void RouteToTable(const Context& c, std::size_t i, bool pinned_table, const TableRoute& t,
                  PatternRoute& route) {
  const AccessPattern& p = c.model.access_patterns[i];
  route.route = Route::kTable;
  route.table = t;
  route.reasons.push_back(Reason{
      pinned_table ? "pinned to the table, which serves it" : "the table's keys serve it directly",
      {p.name}});
  if (i < c.table_filter.size() && c.table_filter[i] && t.amplification > kMaxFilterAmplification) {
    route.reasons.push_back(
        Reason{fmt::format("its filter reads about {:.0f} items per item returned, more than the "
                           "{:.0f} the table is otherwise allowed, but costs less at the declared "
                           "rates than an index view (cost objective)",
                           t.amplification, kMaxFilterAmplification),
               {p.name}});
  }
  if (t.parents > 0) {
    auto [parent, child] = *SortedChildren(c, p);
    route.reasons.push_back(
        Reason{fmt::format("one Query reads the {0} item and its {1} items by {2} {3}: the {0} "
                           "item sorts {4} them, so it comes first and the limit counts it once",
                           c.entity(parent).name, c.entity(child).name, p.sort->attribute,
                           p.sort->descending ? "descending" : "ascending",
                           p.sort->descending ? "after" : "before"),
               {p.name}});
  }
  if (!t.time_ordered.empty()) {
    EntityId holder = p.returns.back();
    for (EntityId r : p.returns) {
      if (c.FindAttr(r, t.time_ordered)) holder = r;
    }
    const Entity& en = c.entity(holder);
    const Attribute* id = c.FindAttr(holder, t.time_ordered);
    route.reasons.push_back(
        Reason{fmt::format("the sort key orders {0} by {1}: {2} is a {3} created at {1}, so its "
                           "text sorts like {1} (no index, no sort in the client){4}",
                           en.name, t.order_attribute, t.time_ordered,
                           id ? TimeOrderName(id->time_order) : "",
                           // https://github.com/segmentio/ksuid: a 32-bit timestamp in seconds,
                           // then 128 random bits.
                           id && id->time_order == TimeOrder::kKsuid
                               ? fmt::format("; a KSUID holds whole seconds, so items created "
                                             "within one second come back in the order of its "
                                             "random part, not of {}",
                                             t.order_attribute)
                               : std::string()),
               {p.name}});
  }
}

// Reports that the keys serving `p` (the table's, `gsi` 0, or those pinned on GSI `gsi`) do not
// keep the order its range or sort needs (TableRoute::disorder), at the range or sort, with a
// note at the pinned keys.
void ReportDisorder(Context& c, const AccessPattern& p, int gsi, const TableRoute& t) {
  if (t.disorder.empty()) return;
  EntityId e = p.returns[0];
  bool range = p.range_condition.has_value();
  Diagnostic& d =
      c.diags.Error(DiagId::kKeyOrderLost, range ? p.range_condition->range : p.sort->range,
                    fmt::format("access pattern '{}' {} '{}', but the {} sort key {}", p.name,
                                range ? "ranges over" : "sorts by",
                                range ? p.range_condition->attribute : p.sort->attribute,
                                KeysName(c, gsi), t.disorder));
  SourceRange pinned;
  if (gsi == 0 && c.entity(e).pinned_keys) pinned = c.entity(e).pinned_keys->range;
  if (gsi > 0)
    if (const View* v = UserKeysView(c, e, gsi)) pinned = v->user_range;
  Diagnostics::Note(d, pinned,
                    "the key is pinned here; put '#' after the placeholder (below every "
                    "character that continues a longer value), or make it the key's last part");
  c.failed = true;
}

// Routes `p`, which no index may serve, to a Scan when it allows one; otherwise reports why not.
void ScanOrUnservable(Context& c, const AccessPattern& p, bool pinned_table, const std::string& why,
                      PatternRoute& route) {
  if (p.allow_scan) {
    route.route = Route::kScan;
    route.reasons.push_back(
        Reason{fmt::format("a Scan, which the pattern allows: {}", why), {p.name}});
  } else if (pinned_table) {
    Unservable(c, p, p.index_range, DiagId::kBadIndexPin,
               fmt::format("access pattern '{}' is pinned to the table but cannot be served by it "
                           "without a Scan",
                           p.name),
               why);
  } else if (p.consistent && p.pinned_index) {
    // Pinned to a GSI (pinned to the table, it is served there or is the branch above): "Global
    // secondary indexes support eventually consistent reads only"
    // (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html).
    c.diags.Error(DiagId::kConsistentReadUnservable, p.consistent_range,
                  fmt::format("access pattern '{}' needs strongly consistent reads, which only "
                              "the table offers, but it is pinned to index '{}', which serves "
                              "eventually consistent reads only, as every global secondary index "
                              "does; drop 'index' or 'consistent'",
                              p.name, *p.pinned_index));
    c.failed = true;
  } else if (p.consistent) {
    Unservable(
        c, p, p.consistent_range, DiagId::kConsistentReadUnservable,
        fmt::format("access pattern '{}' needs strongly consistent reads, which only the table "
                    "offers, but the table cannot serve it",
                    p.name),
        why);
  } else {
    Unservable(c, p, SourceRange{}, DiagId::kIndexNeededButNoneAllowed,
               fmt::format("access pattern '{}' needs a secondary index but max_gsis is 0", p.name),
               why);
  }
}

// E487: `p` sorts on an attribute that is optional in an entity it returns, with no range on
// it, and its filters do not make it present (PresentUnder: `exists`, or `present_when`). Any index
// sorted on it, a natural-key index on the attribute or a derived one whose sort key holds it, is
// sparse: DynamoDB writes an item to a secondary index only when the item has the index's key
// attributes
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-indexes-general-sparse-indexes.html),
// so the read would miss every item without it, which it still asks for. Refused rather than
// served by an index with that gap.
void RefuseOptionalSortKey(Context& c, const AccessPattern& p) {
  for (EntityId e : p.returns) {
    const Attribute* a = c.FindAttr(e, p.sort->attribute);
    if (a == nullptr || PresentUnder(c.entity(e), p.sort->attribute, p.filters)) continue;
    Diagnostic& d = c.diags.Error(
        DiagId::kOptionalSortKey, p.sort->range,
        fmt::format("access pattern '{}' sorts on '{}', which is optional in '{}': an index "
                    "sorted on it holds only the items that have it (DynamoDB writes an item to "
                    "a secondary index only when it has the index's key attributes), so the read "
                    "would miss the '{}' items without it",
                    p.name, p.sort->attribute, c.entity(e).name, c.entity(e).name));
    Diagnostics::Note(
        d, a->range,
        fmt::format("when the read wants only the items that have it, filter on that: "
                    "'filter: {{ {}: exists }}' (or declare the state it is present in, "
                    "'present_when', and filter the read on that state), so that the sparse "
                    "index is exactly the read's items; else make '{}' required, or sort on a "
                    "required attribute",
                    a->name, a->name));
    c.failed = true;
    break;
  }
}

// The view (index) that would serve `p`: its filters, order, sparseness, history and name.
View PatternView(Context& c, const ViewNames& names, const AccessPattern& p,
                 std::optional<int> pinned_gsi) {
  View v;
  // Presence tests are no index condition: `exists` on the order attribute is the index's own
  // sparseness (below), any other one a FilterExpression of the read (PresenceFilterExpression).
  for (const auto& f : p.filters) {
    if (!IsPresenceTest(f.value)) v.filters.push_back(SparseCondition{f.attribute, f.value});
  }
  std::sort(
      v.filters.begin(), v.filters.end(),
      [](const SparseCondition& a, const SparseCondition& b) { return a.attribute < b.attribute; });
  v.order_attribute =
      p.range_condition ? p.range_condition->attribute : (p.sort ? p.sort->attribute : "");
  // A sparse index by presence: an order attribute present exactly while a filter holds
  // (`lobbySince: { present_when: { phase: LOBBY } }`, filter phase = LOBBY) is in the index
  // key, so only the items in that state have an entry: the filter's condition is redundant.
  if (p.returns.size() == 1 && !v.order_attribute.empty()) {
    const Attribute* a = c.FindAttr(p.returns[0], v.order_attribute);
    if (a != nullptr && a->present_when && a->present_when->values.size() == 1) {
      const PresenceCondition& when = *a->present_when;
      auto it = std::find_if(v.filters.begin(), v.filters.end(), [&](const SparseCondition& f) {
        return f.attribute == when.attribute && f.value == when.values[0];
      });
      if (it != v.filters.end()) {
        v.presence.push_back(*it);
        v.filters.erase(it);
        v.reasons.push_back(Reason{
            fmt::format("sparse by '{}': it is present exactly while {} = {}, so its index "
                        "entries are the {} items in that state",
                        a->name, when.attribute, when.values[0], c.entity(p.returns[0]).name),
            {p.name}});
      }
    }
  }
  // `filter: { x: exists }` with x the order attribute: the index sorted on x holds exactly
  // the items that have x, so the filter needs no FilterExpression.
  if (!v.order_attribute.empty()) {
    for (const auto& f : p.filters) {
      if (f.attribute != v.order_attribute || TestOf(f.value) != FilterTest::kExists) continue;
      v.reasons.push_back(
          Reason{fmt::format("sparse by '{}': an item has an index entry only while it has its "
                             "key attributes, so the index holds exactly the items the filter "
                             "'{}: exists' keeps",
                             f.attribute, f.attribute),
                 {p.name}});
    }
  }
  if (!p.range_condition && p.sort) RefuseOptionalSortKey(c, p);
  for (EntityId e : p.returns) v.history = v.history || (c.entity(e).versioned && !p.current_only);
  v.pinned_gsi = pinned_gsi;
  NameView(c, names, p, &v);
  return v;
}

// What makes two views one: RouteToView shares a view whose key equals the new one's.
using ViewKey =
    std::tuple<std::vector<std::string>, std::vector<std::pair<std::string, std::string>>,
               std::string, bool, std::optional<int>, std::string>;

ViewKey KeyOfView(const View& v) {
  std::vector<std::pair<std::string, std::string>> filters;
  for (const auto& f : v.filters) filters.emplace_back(f.attribute, f.value);
  return {v.params, filters, v.order_attribute, v.history, v.pinned_gsi, v.label};
}

// Routes pattern `i` to view `v`, shared with an equal view already made if there is one
// (`made`: c.views by KeyOfView).
void RouteToView(Context& c, std::size_t i, const View& v, const std::string& why,
                 std::map<ViewKey, int>& made, PatternRoute& route) {
  const AccessPattern& p = c.model.access_patterns[i];
  auto [at, fresh] = made.emplace(KeyOfView(v), static_cast<int>(c.views.size()));
  const int found = at->second;
  if (fresh) {
    c.views.push_back(v);
  } else {
    View& o = c.views[static_cast<std::size_t>(found)];
    o.reasons.insert(o.reasons.end(), v.reasons.begin(), v.reasons.end());
  }
  View& view = c.views[static_cast<std::size_t>(found)];
  view.patterns.push_back(static_cast<int>(i));
  for (EntityId e : p.returns) {
    if (std::find(view.entities.begin(), view.entities.end(), e) == view.entities.end())
      view.entities.push_back(e);
  }
  std::sort(view.entities.begin(), view.entities.end());
  route.route = Route::kView;
  route.view = found;
  route.reasons.push_back(Reason{
      // `why` is empty when the pattern names its index (`index: GSI2`): the table is not tried.
      why.empty() && p.pinned_index
          ? fmt::format("an index serves it because the pattern is pinned to it ('index: {}')",
                        *p.pinned_index)
          : fmt::format("an index serves it because {}", why),
      {p.name}});
}

// Gives views of the same partition shape distinct labels: in view order, a view whose label
// (and parameter count) an earlier view has takes its label followed by its entities' labels,
// then `_2`, `_3`... until no other view has it. Counts of the labels in use make each test
// a lookup rather than a pass over every view.
void LabelViewsApart(Context& c) {
  using Shape = std::pair<std::string, std::size_t>;  // label, parameter count
  std::map<Shape, int> in_use;
  for (const View& v : c.views) ++in_use[{v.label, v.params.size()}];
  std::set<Shape> earlier;  // the final labels of the views before this one
  for (View& v : c.views) {
    const std::size_t n_params = v.params.size();
    if (earlier.count({v.label, n_params})) {
      std::string base = v.label;
      for (EntityId e : v.entities)
        base += (base.empty() ? "" : "_") + c.labels[static_cast<std::size_t>(e)];
      // Taken by a view other than this one (which still holds its old label).
      auto taken = [&](const std::string& label) {
        auto it = in_use.find({label, n_params});
        int others = it == in_use.end() ? 0 : it->second;
        return others - (label == v.label ? 1 : 0) > 0;
      };
      std::string label = base;
      for (int n = 2; taken(label); ++n) label = fmt::format("{}_{}", base, n);
      --in_use[{v.label, n_params}];
      ++in_use[{label, n_params}];
      v.label = label;
    }
    earlier.insert({v.label, n_params});
  }
}

// Keys two entities pin on one index that can render the same partition key and the same sort
// key (keys::MayCollide): no key condition can tell their items apart there, so a Query of one
// reads the other's (E496). Keys that share a partition but differ in the sort key are an item
// collection; the read plans tell those apart (begins_with, else a _type filter).
void CheckUserKeysApart(Context& c) {
  for (std::size_t b = 0; b < c.views.size(); ++b) {
    const View& vb = c.views[b];
    // A natural-key index holds every item with its attributes, keyed by their values: items of
    // two entities there are told apart by their `_type`, as DynamoDB keeps them.
    if (!vb.user_keys || c.model.table.NaturalIndex(*vb.pinned_gsi)) continue;
    for (std::size_t a = 0; a < b; ++a) {
      const View& va = c.views[a];
      if (!va.user_keys || va.pinned_gsi != vb.pinned_gsi || va.entities == vb.entities) continue;
      if (!MayCollide(va.user_pk, vb.user_pk) || !MayCollide(va.user_sk, vb.user_sk)) continue;
      const std::string index = c.model.table.GsiName(*vb.pinned_gsi);
      const std::string& name_a = c.entity(va.entities[0]).name;
      const std::string& name_b = c.entity(vb.entities[0]).name;
      Diagnostic& d = c.diags.Error(
          DiagId::kPinnedIndexKeysCollide, vb.user_range,
          fmt::format("the {} keys pinned for '{}' ({} / {}) can render the same partition and "
                      "sort key as those pinned for '{}' ({} / {}): a Query of either reads the "
                      "other's items",
                      index, name_b, vb.user_pk.ToString(), vb.user_sk.ToString(), name_a,
                      va.user_pk.ToString(), va.user_sk.ToString()));
      Diagnostics::Note(d, va.user_range,
                        fmt::format("'{}' pins its {} keys here; give one of them a literal "
                                    "partition or sort key prefix the other cannot render",
                                    name_a, index));
      c.failed = true;
    }
  }
}

// One view per entity and index declared keyed on the table's keys swapped (an inverted index,
// DeclaredIndex::Inverted), appended to c.views as keys pinned there: the entity's main item is in
// it under its table sort key as partition key and its table partition key as sort key, since a
// GSI keyed on attributes every item has holds every item
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-adjacency-graphs.html).
// An embedded child has no item of its own, so no view.
void AddInvertedIndexViews(Context& c) {
  const Table& t = c.model.table;
  for (const DeclaredIndex& d : t.indexes) {
    if (!d.Inverted()) continue;
    for (std::size_t ei = 0; ei < c.model.entities.size(); ++ei) {
      const EntityId e = static_cast<EntityId>(ei);
      const Entity& en = c.model.entities[ei];
      if (EmbeddingOf(c.model, e) >= 0) continue;
      const Placement& pl = c.placements[ei];
      View v;
      v.user_keys = true;
      v.user_pk = en.versioned ? VersionSortKey(c, e, false, kVersionAttribute) : pl.sort_key;
      v.user_sk = pl.partition_key;
      v.user_range = d.partition_key_range;
      v.entities = {e};
      v.pinned_gsi = d.index;
      v.label = fmt::format("{}_{}", c.labels[ei], UpperSnake(t.GsiName(d.index)));
      v.reasons.push_back(
          Reason{fmt::format("{} is keyed on the table's {} and {} (inverted): keys {} / {}",
                             t.GsiName(d.index), d.partition_key, d.sort_key, v.user_pk.ToString(),
                             v.user_sk.ToString()),
                 {}});
      c.views.push_back(std::move(v));
    }
  }
}

// One view per entity and index declared keyed on entity attributes (a natural-key index,
// DeclaredIndex::Natural) the entity declares, appended to c.views as keys pinned there: the
// entity's item is in the index under the attributes' own values, `{email}` / `{createdAt}`
// (Encoding::kNatural), whenever it has them (a GSI holds exactly the items carrying its key
// attributes:
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.Writes). An
// embedded child has no item of its own, so no view.
void AddNaturalIndexViews(Context& c) {
  const Table& t = c.model.table;
  for (const DeclaredIndex& d : t.indexes) {
    if (!d.Natural()) continue;
    for (std::size_t ei = 0; ei < c.model.entities.size(); ++ei) {
      const EntityId e = static_cast<EntityId>(ei);
      const Entity& en = c.model.entities[ei];
      if (EmbeddingOf(c.model, e) >= 0 || en.FindAttribute(d.partition_key) < 0) continue;
      if (!d.sort_key.empty() && en.FindAttribute(d.sort_key) < 0) continue;
      View v;
      v.user_keys = true;
      v.user_pk = TemplateBuilder().Attr(d.partition_key, Encoding::kNatural).Build();
      if (!d.sort_key.empty())
        v.user_sk = TemplateBuilder().Attr(d.sort_key, Encoding::kNatural).Build();
      v.user_range = d.partition_key_range;
      v.entities = {e};
      v.pinned_gsi = d.index;
      v.label = fmt::format("{}_{}", c.labels[ei], UpperSnake(t.GsiName(d.index)));
      v.reasons.push_back(
          Reason{fmt::format("{} is keyed on the attribute{} {}{}: its items are there under their "
                             "own values",
                             t.GsiName(d.index), d.sort_key.empty() ? "" : "s", d.partition_key,
                             d.sort_key.empty() ? "" : " and " + d.sort_key),
                 {}});
      c.views.push_back(std::move(v));
    }
  }
}

// One view per entity's pinned index keys (Entity::pinned_index_keys), appended to c.views.
void AddUserKeyViews(Context& c) {
  for (std::size_t ei = 0; ei < c.model.entities.size(); ++ei) {
    const Entity& en = c.model.entities[ei];
    for (const PinnedIndexKeys& k : en.pinned_index_keys) {
      Result<KeyTemplate> pk = ParseKeyTemplate(k.pk, en);
      std::optional<Result<KeyTemplate>> sk;
      if (pk.ok() && !k.sk.empty()) sk = ParseKeyTemplate(k.sk, en);
      if (!pk.ok() || (sk && !sk->ok())) {
        const Status& error = pk.ok() ? sk->status() : pk.status();
        c.diags.Error(DiagId::kKeyTemplateConflict, k.range,
                      fmt::format("pinned {} keys of '{}': {}", c.model.table.GsiName(k.index),
                                  en.name, error.message()));
        c.failed = true;
        continue;
      }
      View v;
      v.user_keys = true;
      v.user_pk = *pk;
      v.user_sk = sk ? **sk : TemplateBuilder().Literal(c.labels[ei]).Build();
      v.user_range = k.range;
      v.entities = {static_cast<EntityId>(ei)};
      v.pinned_gsi = k.index;
      v.label = fmt::format("{}_{}", c.labels[ei], UpperSnake(c.model.table.GsiName(k.index)));
      v.reasons.push_back(
          Reason{fmt::format("{} keys {} / {} pinned in the model", c.model.table.GsiName(k.index),
                             v.user_pk.ToString(), v.user_sk.ToString()),
                 {}});
      c.views.push_back(std::move(v));
    }
  }
  AddInvertedIndexViews(c);
  AddNaturalIndexViews(c);
  CheckUserKeysApart(c);
}

// An item the keys pinned on GSI `gsi` leave out of a read of `p`: a key attribute optional in an
// entity `p` returns that the pattern neither binds, ranges over, nor filters to present (items
// without it are not in the index:
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.Writes).
struct SparseMiss {
  EntityId entity = 0;
  std::string attribute;
  const View* view = nullptr;
};

std::optional<SparseMiss> SparseUserKeysMiss(const Context& c, const AccessPattern& p, int gsi) {
  for (EntityId e : p.returns) {
    const View* v = UserKeysView(c, e, gsi);
    if (v == nullptr) continue;
    std::vector<std::string> attrs = v->user_pk.Attributes();
    for (const auto& a : v->user_sk.Attributes()) attrs.push_back(a);
    for (const auto& a : attrs) {
      const Attribute* attr = c.FindAttr(e, a);
      bool bound = Contains(p.params, a) ||
                   (p.range_condition && p.range_condition->attribute == a) ||
                   PresentUnder(c.entity(e), a, p.filters);
      if (attr == nullptr || attr->required || bound) continue;
      return SparseMiss{e, a, v};
    }
  }
  return std::nullopt;
}

// Warns when `p`, served by pinned index keys (only a pattern pinned to the index is: the
// derivation routes no other read onto keys that miss its items), misses items
// (SparseUserKeysMiss).
void WarnSparseUserKeys(Context& c, const AccessPattern& p, int gsi) {
  std::optional<SparseMiss> miss = SparseUserKeysMiss(c, p, gsi);
  if (!miss) return;
  // Sorted on the optional attribute the index misses items by: E487, as on a derived index.
  if (p.sort && !p.range_condition && p.sort->attribute == miss->attribute) {
    RefuseOptionalSortKey(c, p);
    return;
  }
  const std::string& entity = c.entity(miss->entity).name;
  Diagnostic& d = c.diags.Warning(
      DiagId::kSparsePinnedIndexMisses, p.range,
      fmt::format("access pattern '{}' is served by the keys '{}' pins on {}, which hold "
                  "'{}', optional in '{}': items without it are not in the index, so the "
                  "pattern misses them",
                  p.name, entity, c.model.table.GsiName(gsi), miss->attribute, entity));
  Diagnostics::Note(d, miss->view->user_range, "the index keys are pinned here");
}

// Routes pattern `i` to the keys its entities pin on GSI `gsi`, on the route `t`; `why` says why
// the table does not serve it (empty when the pattern is pinned to the index).
void RouteToUserKeys(Context& c, std::size_t i, int gsi, const TableRoute& t,
                     const std::string& why, PatternRoute& route) {
  const AccessPattern& p = c.model.access_patterns[i];
  for (std::size_t k = 0; k < c.views.size(); ++k) {
    View& v = c.views[k];
    if (!v.user_keys || v.pinned_gsi != gsi ||
        std::find(p.returns.begin(), p.returns.end(), v.entities[0]) == p.returns.end())
      continue;
    v.patterns.push_back(static_cast<int>(i));
    if (route.route != Route::kView) route.view = static_cast<int>(k);
    route.route = Route::kView;
  }
  route.table = t;
  route.reasons.push_back(
      Reason{fmt::format("{} serve{} it{}",
                         c.model.table.InvertedIndex(gsi)
                             ? fmt::format("the inverted index {} (the table's keys swapped)",
                                           c.model.table.GsiName(gsi))
                         : c.model.table.NaturalIndex(gsi)
                             ? fmt::format("the index {}, keyed on the attributes themselves,",
                                           c.model.table.GsiName(gsi))
                             : fmt::format("the keys pinned on {}", c.model.table.GsiName(gsi)),
                         c.model.table.KeyedIndex(gsi) ? "s" : "",
                         PinnedHere(c, p, gsi) ? " (pinned to that index)"
                         : why.empty()         ? ""
                                       : fmt::format(", since the table does not: {}", why)),
             {p.name}});
  WarnSparseUserKeys(c, p, gsi);
}

// The GSIs whose pinned keys every entity `p` returns has, ascending.
std::vector<int> UserKeyIndexes(const Context& c, const AccessPattern& p) {
  std::vector<int> out;
  for (const View& v : c.views) {
    if (!v.user_keys || v.entities[0] != p.returns[0]) continue;
    bool all = std::all_of(p.returns.begin(), p.returns.end(), [&](EntityId e) {
      return UserKeysView(c, e, *v.pinned_gsi) != nullptr;
    });
    if (all) out.push_back(*v.pinned_gsi);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

namespace {

// A parent read with its children through a polymorphic association (the loader's
// AccessPattern::follows on a pattern returning two entities): one Query on the parent's item
// collection, where the children live (model/derive/table.cpp, TryNestPolymorphic): the whole
// partition when it is the parent's own (`ISSUE#{repoId}#{issueNumber}`, the children at
// `{targetKind}#{repoId}#{targetNumber}`), else the parent's sort key and every key extending it
// (`SK between ISSUE#{issueNumber} and ISSUE#{issueNumber}$`: the children's sort keys continue
// the parent's with '#', and an encoded value never continues with a byte below '%', so '$'
// bounds exactly this parent's items). An error (E480) when the children live elsewhere.
bool PolymorphicFamily(const Model& m, const AccessPattern& p) {
  return p.follows && !p.other_side && p.returns.size() == 2 &&
         m.relationships[static_cast<std::size_t>(*p.follows)].Polymorphic();
}

void RouteFamily(Context& c, std::size_t i, PatternRoute& route) {
  const AccessPattern& p = c.model.access_patterns[i];
  const Relationship& rel = c.model.relationships[static_cast<std::size_t>(*p.follows)];
  const Placement& pp = c.placements[static_cast<std::size_t>(rel.from)];
  const Placement& cp = c.placements[static_cast<std::size_t>(rel.to)];
  const Entity& parent = c.entity(rel.from);
  const Entity& child = c.entity(rel.to);
  std::string why;
  std::string fix;
  bool nested =
      cp.parent_relationship >= 0 &&
      c.model.relationships[static_cast<std::size_t>(cp.parent_relationship)].name == rel.name;
  if (!nested) {
    why = fmt::format("the '{}' items are stored at {} / {}, apart from their parent's ({} / {})",
                      child.name, cp.partition_key.ToString(), cp.sort_key.ToString(),
                      pp.partition_key.ToString(), pp.sort_key.ToString());
    // What keeps them apart (model/derive/table.cpp, TryNestPolymorphic): the relationship not
    // owning, the kind or the link missing from the child's identifier, another relationship
    // nesting the child, or parents keyed apart (W513).
    std::vector<std::string> reference{child.attributes[static_cast<std::size_t>(rel.kind)].name};
    for (AttrId a : rel.link)
      reference.push_back(child.attributes[static_cast<std::size_t>(a)].name);
    std::vector<std::string> missing;
    for (std::size_t k = 0; k < reference.size(); ++k) {
      AttrId a = k == 0 ? rel.kind : rel.link[k - 1];
      if (std::find(child.identifier.begin(), child.identifier.end(), a) == child.identifier.end())
        missing.push_back(reference[k]);
    }
    const std::string put = missing.empty() ? ""
                                            : fmt::format("[{}] in the identifier of '{}'",
                                                          fmt::join(missing, ", "), child.name);
    if (!rel.owning) {
      fix = fmt::format("make relationship '{}' owning{}{}, and the parents keyed alike", rel.name,
                        put.empty() ? "" : ", with ", put);
    } else if (!put.empty()) {
      fix = fmt::format("relationship '{}' is owning: put {}", rel.name, put);
    } else if (cp.parent_relationship >= 0) {
      fix = fmt::format(
          "'{}' is nested through relationship '{}' instead: make that one not owning, or read "
          "the parent and the children apart",
          child.name, c.model.relationships[static_cast<std::size_t>(cp.parent_relationship)].name);
    } else {
      fix = fmt::format(
          "relationship '{}' is owning and '{}' is identified by its kind and link, but the "
          "parents are not keyed alike (W513): key them alike, or read the parent and the "
          "children apart",
          rel.name, child.name);
    }
  } else if (parent.versioned || child.versioned) {
    why = fmt::format("'{}' is versioned, and the Query would read its history items too",
                      parent.versioned ? parent.name : child.name);
    fix =
        fmt::format("read '{}' and its '{}' children with a pattern each, or make '{}' unversioned",
                    parent.name, child.name, parent.versioned ? parent.name : child.name);
  }
  if (!why.empty()) {
    c.diags.Error(DiagId::kFamilyApart, p.range,
                  fmt::format("access pattern '{}' reads '{}' with its '{}' children in one Query "
                              "on the parent's item collection, but {}; {}",
                              p.name, parent.name, child.name, why, fix));
    c.failed = true;
    return;
  }
  TableRoute t;
  for (EntityId e : p.returns) t.items.emplace_back(e, false);
  t.key.partition_key = pp.partition_key;
  if (!pp.sort_key.Attributes().empty()) {
    t.key.sort_op = SortOp::kBetween;
    t.key.sort_lower = pp.sort_key;
    t.key.sort_upper = TemplateBuilder()
                           .Append(pp.sort_key)
                           .Literal(std::string(1, keys::kAfterSeparator))
                           .Build();
  }
  RouteToTable(c, i, p.pinned_index.has_value(), t, route);
  route.reasons.push_back(
      Reason{fmt::format("one Query reads the {0} item and its {1} children (relationship '{2}'): "
                         "{3}, the kind '{4}' rendered as its label",
                         parent.name, child.name, rel.name,
                         t.key.sort_op == SortOp::kBetween
                             ? "they share its partition, their sort keys continuing its own"
                             : "their partition key renders its own partition",
                         child.attributes[static_cast<std::size_t>(rel.kind)].name),
             {p.name}});
}

}  // namespace

void RoutePatterns(Context& c) {
  const Model& m = c.model;
  c.routes.assign(m.access_patterns.size(), PatternRoute{});
  const ViewNames names = IndexViewNames(c);
  std::map<ViewKey, int> made;
  for (std::size_t k = 0; k < c.views.size(); ++k)
    made[KeyOfView(c.views[k])] = static_cast<int>(k);  // the last of equal views, as before
  AddUserKeyViews(c);
  for (std::size_t i = 0; i < m.access_patterns.size(); ++i) {
    const AccessPattern& p = m.access_patterns[i];
    PatternRoute& route = c.routes[i];
    std::string why;
    std::optional<int> pinned_gsi;
    if (PolymorphicFamily(m, p)) {
      RouteFamily(c, i, route);
      continue;
    }
    bool pinned_table = p.pinned_index && *p.pinned_index == "table";
    if (p.pinned_index && !pinned_table && !ResolvePinnedGsi(c, p, pinned_gsi)) continue;
    if (!pinned_gsi) {
      if (auto t = TryTable(c, p, &why)) {
        RouteToTable(c, i, pinned_table, *t, route);
        ReportDisorder(c, p, 0, *t);
        continue;
      }
    }
    bool no_index = pinned_table || p.consistent || (m.table.max_gsis && *m.table.max_gsis == 0);
    if (no_index) {
      ScanOrUnservable(c, p, pinned_table, why, route);
      continue;
    }
    // Keys pinned on an index: a pattern pinned there must be served by them when one of its
    // entities pins keys there; another takes the first index whose pinned keys serve it.
    if (pinned_gsi && std::any_of(p.returns.begin(), p.returns.end(), [&](EntityId e) {
          return UserKeysView(c, e, *pinned_gsi) != nullptr;
        })) {
      std::string why_not = "it pins 'shards', and pinned index keys are used as written";
      std::optional<TableRoute> t;
      if (!p.shards) t = TryTable(c, p, &why_not, *pinned_gsi);
      if (t) {
        RouteToUserKeys(c, i, *pinned_gsi, *t, "", route);
        ReportDisorder(c, p, *pinned_gsi, *t);
      } else {
        const std::string index = m.table.GsiName(*pinned_gsi);
        Diagnostic& d = c.diags.Error(
            DiagId::kPinnedIndexKeysCannotServe, p.index_range.valid() ? p.index_range : p.range,
            fmt::format("access pattern '{}' is pinned to index '{}', but the keys pinned on it "
                        "cannot serve it: {}",
                        p.name, index, why_not));
        for (EntityId e : p.returns) {
          if (const View* v = UserKeysView(c, e, *pinned_gsi))
            Diagnostics::Note(d, v->user_range,
                              fmt::format("'{}' pins its {} keys here", c.entity(e).name, index));
        }
        c.failed = true;
      }
      continue;
    }
    if (!pinned_gsi && !p.shards) {
      // The first index whose keys serve it; for a sorted read, the first whose sort key keeps
      // its order when one does (`GSI2 {email} / {createdAt}` before `GSI1 {email}`, which would
      // leave the sort to the client), else the first.
      std::optional<std::pair<int, TableRoute>> serving;
      for (int g : UserKeyIndexes(c, p)) {
        // A constant partition of an inverted index whose reads pass one partition's limit
        // (NeededOffInverted): not there, it cannot be sharded.
        if (auto off = c.off_inverted.find(static_cast<int>(i));
            off != c.off_inverted.end() && m.table.InvertedIndex(g)) {
          route.reasons.push_back(Reason{off->second, {p.name}});
          continue;
        }
        // Keys that leave some of its items out of the index do not serve it: it returns every
        // item, so it is served elsewhere (another index's keys, or a view of its own).
        if (std::optional<SparseMiss> miss = SparseUserKeysMiss(c, p, g)) {
          const std::string& entity = c.entity(miss->entity).name;
          route.reasons.push_back(Reason{
              fmt::format("not the keys pinned on {}: they hold '{}', optional in '{}', so the "
                          "{} items without it are not in that index and the read would miss "
                          "them",
                          m.table.GsiName(g), miss->attribute, entity, entity),
              {p.name}});
          continue;
        }
        // Keys on an index whose pinned projection leaves out what it returns do not serve it
        // either: a GSI reads nothing from the table.
        if (std::string misses = ProjectionMisses(c, p, g); !misses.empty()) {
          route.reasons.push_back(
              Reason{fmt::format("not the keys pinned on {}: its pinned projection leaves out {}",
                                 m.table.GsiName(g), misses),
                     {p.name}});
          continue;
        }
        std::string why_not;
        if (auto t = TryTable(c, p, &why_not, g)) {
          const bool ordered = !p.sort || t->order_attribute == p.sort->attribute;
          if (serving && !ordered) continue;
          if (serving)
            route.reasons.push_back(Reason{
                fmt::format("{} rather than {}: its sort key orders the items by '{}', "
                            "so the client does not sort them",
                            m.table.GsiName(g), m.table.GsiName(serving->first), p.sort->attribute),
                {p.name}});
          serving.emplace(g, std::move(*t));
          if (ordered) break;
        }
      }
      if (serving) {
        RouteToUserKeys(c, i, serving->first, serving->second, why, route);
        ReportDisorder(c, p, serving->first, serving->second);
        continue;
      }
    }
    RouteToView(c, i, PatternView(c, names, p, pinned_gsi), why, made, route);
  }
  SortViews(c);
  if (c.merge_views) {
    MergeViews(c);
    SortViews(c);
  }
  LabelViewsApart(c);
}

void LabelViewsApartOnIndexes(Context& c) {
  // Another view on view `k`'s GSI whose partition key `k`'s can render, or -1.
  auto collides = [&](std::size_t k) {
    const View& v = c.views[k];
    const KeyTemplate pk = ViewPartitionKey(c, v);
    for (std::size_t o = 0; o < c.views.size(); ++o) {
      const View& other = c.views[o];
      if (o != k && other.gsi == v.gsi && MayCollide(pk, ViewPartitionKey(c, other)))
        return static_cast<int>(o);
    }
    return -1;
  };
  // Why view `k` was relabelled: the key it could meet (`met`, a view id) before.
  auto note = [&](std::size_t k, const KeyTemplate& before, int met) {
    View& v = c.views[k];
    const View& other = c.views[static_cast<std::size_t>(met)];
    std::vector<std::string> names;
    for (EntityId e : other.entities) names.push_back(c.entity(e).name);
    const std::string index = c.model.table.GsiName(v.gsi);
    std::vector<std::string> read_by;
    for (int pid : v.patterns)
      read_by.push_back(c.model.access_patterns[static_cast<std::size_t>(pid)].name);
    v.reasons.push_back(Reason{
        fmt::format("partition key {} rather than {}: on {} that could render the partition of {} "
                    "{}, whose items a Query would read too",
                    ViewPartitionKey(c, v).ToString(), before.ToString(), index,
                    other.user_keys ? "the keys pinned for" : "the view of",
                    fmt::join(names, ", ")),
        read_by});
  };
  // Unlabelled views first (`{targetKind}#{targetId}`): their entities' labels go in front.
  for (std::size_t k = 0; k < c.views.size(); ++k) {
    View& v = c.views[k];
    if (v.user_keys || v.gsi <= 0 || !v.label.empty()) continue;
    const int met = collides(k);
    if (met < 0) continue;
    const KeyTemplate before = ViewPartitionKey(c, v);
    for (EntityId e : v.entities)
      v.label += (v.label.empty() ? "" : "_") + c.labels[static_cast<std::size_t>(e)];
    note(k, before, met);
  }
  for (std::size_t k = 0; k < c.views.size(); ++k) {
    View& v = c.views[k];
    if (v.user_keys || v.gsi <= 0) continue;
    const int met = collides(k);
    if (met < 0) continue;
    const std::string old = v.label;
    const KeyTemplate before = ViewPartitionKey(c, v);
    std::string base = old;
    for (EntityId e : v.entities)
      base += (base.empty() ? "" : "_") + c.labels[static_cast<std::size_t>(e)];
    v.label = base;
    for (int n = 2; n <= static_cast<int>(c.views.size()) + 1 && collides(k) >= 0; ++n)
      v.label = fmt::format("{}_{}", base, n);
    // A bare placeholder pinned on the index (`{email}`) renders every key of one part whatever
    // the label: one more part escapes it (placeholders render no `#`), `ORDER#ALL` for a view
    // without parameters, else the entities' labels (`ORDER#ORDER`...).
    if (collides(k) >= 0) {
      std::string more = v.params.empty() ? std::string("ALL") : "";
      for (EntityId e : v.entities) {
        if (v.params.empty()) break;
        more += (more.empty() ? "" : "_") + c.labels[static_cast<std::size_t>(e)];
      }
      if (!old.empty()) {
        v.label = fmt::format("{}{}{}", old, kKeySeparator, more);
        for (int n = 2; n <= static_cast<int>(c.views.size()) + 1 && collides(k) >= 0; ++n)
          v.label = fmt::format("{}{}{}_{}", old, kKeySeparator, more, n);
      }
    }
    // No label escapes (keys pinned bare in every part): the old label stays; the read plans
    // tell the items apart by sort key or a _type filter.
    if (collides(k) >= 0) {
      v.label = old;
    } else {
      note(k, before, met);
    }
  }
}

KeyTemplate ViewPartitionKey(const Context& c, const View& v) {
  if (v.user_keys) return v.user_pk;
  TemplateBuilder b;
  b.Literal(v.label);
  // No label: a polymorphic association's parent partition, `{targetKind}#{targetId}` (NameView).
  for (std::size_t i = 0; i < v.params.size(); ++i) {
    if (i > 0 || !v.label.empty()) b.Sep();
    b.Attr(v.params[i], c.EncodingOf(v.entities[0], v.params[i]));
  }
  if (v.shards > 1) {
    int width = static_cast<int>(std::to_string(v.shards - 1).size());
    b.Sep().Attr(kShardAttribute, Encoding::kShard, width);
  }
  return b.Build();
}

KeyTemplate ViewSortKey(const Context& c, const View& v, EntityId e) {
  if (v.user_keys) return v.user_sk;
  TemplateBuilder b;
  // An entity the view's reads return with others but that lacks the ordering attribute (a
  // parent read with its children newest first) sorts at the end the Query starts from, the
  // parent-item trick of section 1 on the index; without it the item would not enter the index.
  // The others' sort keys begin with an encoded value (the first sort-prefix attribute, else the
  // ordering one). For an ascending read '#': every encoded value begins with a byte above it
  // ('%' or above for text, digits, '-', letters otherwise). For a descending read '~' is above
  // the first byte of every encoding but text's, which may begin with any character: there it is
  // U+10FFFF, the largest code point, which a text value only writes followed by '!', below any
  // label (keys::kMaxCodePoint; docs/key-design.md, "Value encodings inside keys").
  auto lacks = [&](const std::string& a) { return c.FindAttr(e, a) == nullptr; };
  if (!v.order_attribute.empty() &&
      (lacks(v.order_attribute) ||
       std::any_of(v.sort_prefix.begin(), v.sort_prefix.end(), lacks))) {
    bool descending = false;
    for (int pid : v.patterns) {
      const AccessPattern& p = c.model.access_patterns[static_cast<std::size_t>(pid)];
      if (p.sort && p.returns.size() > 1 &&
          std::find(p.returns.begin(), p.returns.end(), e) != p.returns.end()) {
        descending = p.sort->descending;
        break;
      }
    }
    const std::string& first = v.sort_prefix.empty() ? v.order_attribute : v.sort_prefix[0];
    bool text_first = false;
    for (EntityId other : v.entities) {
      if (other == e || c.FindAttr(other, first) == nullptr) continue;
      Encoding enc = c.EncodingOf(other, first);
      text_first = text_first || enc == Encoding::kText || enc == Encoding::kEnum;
    }
    std::string marker = !descending  ? std::string(1, kKeySeparator)
                         : text_first ? std::string(keys::kMaxCodePoint)
                                      : std::string("~");
    return b.Literal(marker + c.labels[static_cast<std::size_t>(e)]).Build();
  }
  if (!v.order_attribute.empty()) {
    for (const auto& a : v.sort_prefix) b.Attr(a, c.EncodingOf(e, a)).Sep();
    b.Attr(v.order_attribute, c.EncodingOf(e, v.order_attribute));
    return b.Build();
  }
  const Entity& en = c.entity(e);
  b.Literal(c.labels[static_cast<std::size_t>(e)]);
  for (const auto& a : v.sort_prefix) b.Sep().Attr(a, c.EncodingOf(e, a));
  for (AttrId id : en.identifier) {
    const std::string& name = en.attributes[static_cast<std::size_t>(id)].name;
    if (!Contains(v.params, name) && !Contains(v.sort_prefix, name))
      b.Sep().Attr(name, c.EncodingOf(e, name));
  }
  if (v.history) b.Sep().Literal("v").Attr(kVersionAttribute, Encoding::kVersion, kVersionWidth);
  return b.Build();
}

bool ViewServes(const View& v, const AccessPattern& p) {
  for (const auto& a : v.params) {
    if (!Contains(p.params, a)) return false;
  }
  std::vector<std::string> extra;
  for (const auto& a : p.params) {
    if (!Contains(v.params, a)) extra.push_back(a);
  }
  if (extra.size() > v.sort_prefix.size()) return false;
  for (std::size_t i = 0; i < extra.size(); ++i) {
    if (!Contains(extra, v.sort_prefix[i])) return false;
  }
  std::size_t k = extra.size();
  const std::string& next = k < v.sort_prefix.size() ? v.sort_prefix[k] : v.order_attribute;
  if (p.range_condition) {
    return next == p.range_condition->attribute && (!p.sort || p.sort->attribute == next);
  }
  if (p.sort) return k == v.sort_prefix.size() && p.sort->attribute == v.order_attribute;
  return true;
}

namespace {

std::vector<std::string> KeyAttributes(const View& v) {
  std::vector<std::string> out = v.params;
  for (const auto& a : v.sort_prefix) out.push_back(a);
  if (!v.order_attribute.empty()) out.push_back(v.order_attribute);
  return out;
}

// Views that may share one index view: the same items (entities, sparse condition, history), the
// same pin, parameters on both (a view without them is sized in shards by its own patterns), and
// no pattern pinning shards.
bool Mergeable(const Context& c, const View& a, const View& b) {
  if (a.user_keys || b.user_keys || a.entities != b.entities || a.history != b.history ||
      a.pinned_gsi != b.pinned_gsi || a.params.empty() || b.params.empty() ||
      a.filters.size() != b.filters.size())
    return false;
  for (std::size_t f = 0; f < a.filters.size(); ++f) {
    if (a.filters[f].attribute != b.filters[f].attribute ||
        a.filters[f].value != b.filters[f].value)
      return false;
  }
  for (const View* v : {&a, &b}) {
    for (int pid : v->patterns) {
      if (c.model.access_patterns[static_cast<std::size_t>(pid)].shards) return false;
    }
  }
  return true;
}

// Whether `host` holds every item `from` holds: an index has only the items carrying all its key
// attributes, so each of host's must be one of from's or required in every entity.
bool HoldsAll(const Context& c, const View& host, const View& from) {
  std::vector<std::string> had = KeyAttributes(from);
  for (const auto& a : KeyAttributes(host)) {
    if (Contains(had, a)) continue;
    for (EntityId e : host.entities) {
      const Attribute* attr = c.FindAttr(e, a);
      if (attr == nullptr || !attr->required) return false;
    }
  }
  return true;
}

bool ServesAll(const Context& c, const View& host, const View& v) {
  if (!HoldsAll(c, host, v)) return false;
  for (int pid : v.patterns) {
    if (!ViewServes(host, c.model.access_patterns[static_cast<std::size_t>(pid)])) return false;
  }
  return true;
}

// The view serving both `a` and `b`: `b` itself (`composite` false), or (`composite` true), when
// a's parameters are a strict subset of b's, b's view partitioned like `a` with b's other
// parameters first in its sort key.
std::optional<View> MergedHost(const Context& c, const View& a, const View& b, bool composite) {
  if (!composite) {
    if (ServesAll(c, b, a)) return b;
    return std::nullopt;
  }
  if (!a.sort_prefix.empty() || a.params.size() >= b.params.size()) return std::nullopt;
  for (const auto& p : a.params) {
    if (!Contains(b.params, p)) return std::nullopt;
  }
  View host = b;
  host.params = a.params;
  host.label = a.label;
  host.sort_prefix.clear();
  for (const auto& p : b.params) {
    if (!Contains(a.params, p)) host.sort_prefix.push_back(p);
  }
  for (const auto& p : b.sort_prefix) host.sort_prefix.push_back(p);
  // Without an ordering attribute the sort key is LABEL#{prefix}#..., one entity's label.
  if (host.order_attribute.empty() && host.entities.size() != 1) return std::nullopt;
  if (ServesAll(c, host, a) && ServesAll(c, host, b)) return host;
  return std::nullopt;
}

std::string PatternList(const Context& c, const std::vector<int>& ids) {
  std::vector<std::string> names;
  for (int id : ids) names.push_back(c.model.access_patterns[static_cast<std::size_t>(id)].name);
  return fmt::format("{}", fmt::join(names, ", "));
}

}  // namespace

void MergeViews(Context& c) {
  // A view that serves another as it is takes it first (an unsorted read joins the sorted view
  // of its partition); only then are composite sort keys made, so that the sorted view's order
  // ends the composite key ({state}#{openedOn}, not {state}#LABEL#{id}).
  // Only views alike in what Mergeable compares can merge: each pass pairs a view with those
  // alone (in index order, so the first pair that merges is the one a scan of all pairs finds).
  using Alike = std::tuple<std::vector<EntityId>, bool, std::optional<int>,
                           std::vector<std::pair<std::string, std::string>>>;
  auto alike = [](const View& v) {
    std::vector<std::pair<std::string, std::string>> filters;
    for (const auto& f : v.filters) filters.emplace_back(f.attribute, f.value);
    return Alike{v.entities, v.history, v.pinned_gsi, filters};
  };
  for (bool merged = true; merged;) {
    merged = false;
    std::map<Alike, std::vector<std::size_t>> groups;
    std::vector<const std::vector<std::size_t>*> group_of(c.views.size());
    for (std::size_t v = 0; v < c.views.size(); ++v) groups[alike(c.views[v])].push_back(v);
    for (std::size_t v = 0; v < c.views.size(); ++v) group_of[v] = &groups[alike(c.views[v])];
    for (int composite = 0; composite < 2 && !merged; ++composite) {
      for (std::size_t a = 0; a < c.views.size() && !merged; ++a) {
        for (std::size_t b : *group_of[a]) {
          if (merged) break;
          if (a == b || !Mergeable(c, c.views[a], c.views[b])) continue;
          std::optional<View> host = MergedHost(c, c.views[a], c.views[b], composite == 1);
          if (!host) continue;
          const View& from = c.views[a];
          std::string sort_key =
              host->sort_prefix.empty()
                  ? std::string()
                  : fmt::format(" and sort key {}",
                                ViewSortKey(c, *host, host->entities[0]).ToString());
          std::string text = fmt::format(
              "shares the index view of {} (partition {}{}): it holds the same items, so no view "
              "of its own",
              PatternList(c, c.views[b].patterns), ViewPartitionKey(c, *host).ToString(), sort_key);
          for (int pid : from.patterns) {
            c.routes[static_cast<std::size_t>(pid)].reasons.push_back(
                Reason{text, {c.model.access_patterns[static_cast<std::size_t>(pid)].name}});
          }
          for (int pid : from.patterns) host->patterns.push_back(pid);
          std::sort(host->patterns.begin(), host->patterns.end());
          for (const auto& r : from.reasons) host->reasons.push_back(r);
          c.views[b] = std::move(*host);
          c.views.erase(c.views.begin() + static_cast<std::ptrdiff_t>(a));
          for (auto& route : c.routes) {
            if (route.route != Route::kView) continue;
            std::size_t v = static_cast<std::size_t>(route.view);
            if (v == a) v = b;
            if (v > a) --v;
            route.view = static_cast<int>(v);
          }
          merged = true;
        }
      }
    }
  }
}

}  // namespace model::derive
