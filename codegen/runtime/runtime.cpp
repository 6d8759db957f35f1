#include "codegen/runtime/runtime.h"

#include <algorithm>
#include <cstdio>

#include "model/entity_keys.h"
#include "model/exec/items.h"
#include "model/exec/reads.h"
#include "model/exec/writes.h"
#include "model/sim/api/number.h"

namespace model::runtime {

namespace {

Error FromSim(const sim::Error& e) { return Error{e.name, e.message}; }

int ToInt(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

bool Digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Decimal::Decimal(std::int64_t n) : text_(std::to_string(n)) {}

Result<Decimal> Decimal::Parse(std::string_view text) {
  auto parsed = sim::Number::Parse(text);
  if (!parsed.ok()) return Error{"InvalidValue", parsed.error().message};
  Decimal d;
  d.text_ = parsed.value();
  return d;
}

Result<Decimal> Decimal::Add(const Decimal& other) const {
  auto sum = sim::Number::Add(text_, other.text_);
  if (!sum.ok()) return Error{"InvalidValue", sum.error().message};
  Decimal d;
  d.text_ = sum.value();
  return d;
}

Result<Decimal> Decimal::Subtract(const Decimal& other) const {
  auto diff = sim::Number::Subtract(text_, other.text_);
  if (!diff.ok()) return Error{"InvalidValue", diff.error().message};
  Decimal d;
  d.text_ = diff.value();
  return d;
}

std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) {
  int c = sim::Number::Compare(a.text_, b.text_);
  return c < 0   ? std::strong_ordering::less
         : c > 0 ? std::strong_ordering::greater
                 : std::strong_ordering::equal;
}

std::string FormatTimestamp(Timestamp t) {
  auto days = std::chrono::floor<std::chrono::days>(t);
  std::chrono::year_month_day ymd{days};
  auto ms = (t - days).count();
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<long long>(ms / 3600000),
                static_cast<long long>(ms / 60000 % 60), static_cast<long long>(ms / 1000 % 60),
                static_cast<long long>(ms % 1000));
  return buf;
}

std::optional<Timestamp> ParseTimestamp(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS[.fff]Z (UTC only)
  if (text.size() < 20 || text.back() != 'Z' || text[10] != 'T') return std::nullopt;
  auto date = ParseDate(text.substr(0, 10));
  std::string_view clock = text.substr(11, text.size() - 12);
  if (!date || clock.size() < 8 || clock[2] != ':' || clock[5] != ':') return std::nullopt;
  if (!Digits(clock.substr(0, 2)) || !Digits(clock.substr(3, 2)) || !Digits(clock.substr(6, 2)))
    return std::nullopt;
  int ms = 0;
  if (clock.size() > 8) {
    std::string_view frac = clock.substr(9);
    if (clock[8] != '.' || !Digits(frac)) return std::nullopt;
    std::string three = std::string(frac.substr(0, 3));
    three.resize(3, '0');
    ms = ToInt(three);
  }
  return Timestamp{*date} + std::chrono::hours(ToInt(clock.substr(0, 2))) +
         std::chrono::minutes(ToInt(clock.substr(3, 2))) +
         std::chrono::seconds(ToInt(clock.substr(6, 2))) + std::chrono::milliseconds(ms);
}

std::string FormatDate(Date d) {
  std::chrono::year_month_day ymd{d};
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::optional<Date> ParseDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  if (!Digits(text.substr(0, 4)) || !Digits(text.substr(5, 2)) || !Digits(text.substr(8, 2)))
    return std::nullopt;
  std::chrono::year_month_day ymd{
      std::chrono::year(ToInt(text.substr(0, 4))),
      std::chrono::month(static_cast<unsigned>(ToInt(text.substr(5, 2)))),
      std::chrono::day(static_cast<unsigned>(ToInt(text.substr(8, 2))))};
  if (!ymd.ok()) return std::nullopt;
  return Date{ymd};
}

Value ToValue(const std::string& v) { return Value::S(v); }
Value ToValue(std::int64_t v) { return Value::N(std::to_string(v)); }
Value ToValue(const Decimal& v) { return Value::N(v.text()); }
Value ToValue(bool v) { return Value::Bool(v); }
Value ToValue(Timestamp v) { return Value::S(FormatTimestamp(v)); }
Value ToValue(Date v) { return Value::S(FormatDate(v)); }
Value ToValue(const Bytes& v) { return Value::B(std::string(v.begin(), v.end())); }
Value ToValue(const std::set<std::string>& v) {
  return Value::SS(std::vector<std::string>(v.begin(), v.end()));
}
Value ToValue(const std::set<Decimal>& v) {
  std::vector<std::string> members;
  for (const Decimal& d : v) members.push_back(d.text());
  return Value::NS(std::move(members));
}
Value ToValue(const Value& v) { return v; }

bool FromValue(const Value& v, std::string& out) {
  if (!v.is(sim::ValueType::kS)) return false;
  out = v.scalar();
  return true;
}
bool FromValue(const Value& v, std::int64_t& out) {
  if (!v.is(sim::ValueType::kN)) return false;
  const std::string& s = v.scalar();
  std::string_view digits = s;
  if (!digits.empty() && digits[0] == '-') digits.remove_prefix(1);
  if (!Digits(digits) || digits.size() > 18) return false;
  out = std::stoll(s);
  return true;
}
bool FromValue(const Value& v, Decimal& out) {
  if (!v.is(sim::ValueType::kN)) return false;
  auto d = Decimal::Parse(v.scalar());
  if (!d.ok()) return false;
  out = d.value();
  return true;
}
bool FromValue(const Value& v, bool& out) {
  if (!v.is(sim::ValueType::kBool)) return false;
  out = v.boolean();
  return true;
}
bool FromValue(const Value& v, Timestamp& out) {
  if (!v.is(sim::ValueType::kS)) return false;
  auto t = ParseTimestamp(v.scalar());
  if (!t) return false;
  out = *t;
  return true;
}
bool FromValue(const Value& v, Date& out) {
  if (!v.is(sim::ValueType::kS)) return false;
  auto d = ParseDate(v.scalar());
  if (!d) return false;
  out = *d;
  return true;
}
bool FromValue(const Value& v, Bytes& out) {
  if (!v.is(sim::ValueType::kB)) return false;
  out.assign(v.scalar().begin(), v.scalar().end());
  return true;
}
bool FromValue(const Value& v, std::set<std::string>& out) {
  if (!v.is(sim::ValueType::kSS)) return false;
  out = std::set<std::string>(v.set().begin(), v.set().end());
  return true;
}
bool FromValue(const Value& v, std::set<Decimal>& out) {
  if (!v.is(sim::ValueType::kNS)) return false;
  out.clear();
  for (const std::string& m : v.set()) {
    auto d = Decimal::Parse(m);
    if (!d.ok()) return false;
    out.insert(d.value());
  }
  return true;
}
bool FromValue(const Value& v, Value& out) {
  out = v;
  return true;
}

std::optional<std::string> RenderKey(const keys::KeyTemplate& key, const Item& values, int shard,
                                     int version) {
  keys::ValueLookup lookup = [&](const std::string& name) -> std::optional<std::string> {
    if (name == kShardAttribute) return std::to_string(shard);
    if (name == kVersionAttribute) return std::to_string(version);
    std::string text = exec::Natural(values, name);
    if (text.empty()) return std::nullopt;
    return text;
  };
  return keys::RenderKey(key, lookup);
}

std::optional<KeyParts> ParseKey(const keys::KeyTemplate& key, std::string_view text) {
  KeyParts parts;
  std::size_t at = 0;
  for (std::size_t i = 0; i < key.parts.size(); ++i) {
    const keys::TemplatePart& p = key.parts[i];
    if (!p.is_attribute) {
      if (text.substr(at, p.text.size()) != p.text) return std::nullopt;
      at += p.text.size();
      continue;
    }
    // A placeholder runs to the next literal's first character (values never hold the separator).
    std::size_t end = text.size();
    if (i + 1 < key.parts.size()) {
      end = text.find(
          key.parts[i + 1].text.empty() ? keys::kKeySeparator : key.parts[i + 1].text[0], at);
      if (end == std::string_view::npos) return std::nullopt;
    }
    std::string raw(text.substr(at, end - at));
    if (p.encoding == keys::Encoding::kText || p.encoding == keys::Encoding::kEnum) {
      std::string decoded;
      for (std::size_t k = 0; k < raw.size(); ++k) {
        if (raw.compare(k, 3, "%23") == 0) {
          decoded += '#';
          k += 2;
        } else if (raw.compare(k, 3, "%25") == 0) {
          decoded += '%';
          k += 2;
        } else {
          decoded += raw[k];
        }
      }
      raw = decoded;
    }
    parts[p.text] = raw;
    at = end;
  }
  if (at != text.size()) return std::nullopt;
  return parts;
}

Status Table::CreateTable() {
  auto done = backend_.CreateTable(exec::CreateTableRequest(layout_));
  if (!done.ok()) return FromSim(done.error());
  return {};
}

Result<std::vector<Item>> Table::Read(int pattern, const exec::Arguments& args,
                                      const PageRequest& page) {
  const ReadPlan& plan = layout_.reads[static_cast<std::size_t>(pattern)];
  exec::ReadOutcome out = exec::ExecuteRead(backend_, model_, layout_, plan, args);
  if (!out.status.ok()) return Error{"ReadFailed", out.status.message()};
  exec::SortClientSide(plan.client_steps, out.items);
  if (page.limit && static_cast<std::int64_t>(out.items.size()) > *page.limit) {
    out.items.resize(static_cast<std::size_t>(std::max<std::int64_t>(0, *page.limit)));
  }
  return std::move(out.items);
}

Result<Decimal> Table::Aggregate(int pattern, const exec::Arguments& args) {
  const ReadPlan& plan = layout_.reads[static_cast<std::size_t>(pattern)];
  exec::ReadOutcome out = exec::ExecuteRead(backend_, model_, layout_, plan, args);
  if (!out.status.ok()) return Error{"ReadFailed", out.status.message()};
  exec::SortClientSide(plan.client_steps, out.items);
  const ClientStep* step = exec::AggregateStep(plan.client_steps);
  if (!step) return Decimal(static_cast<std::int64_t>(out.items.size()));
  return Decimal::Parse(exec::Aggregate(*step, out.items));
}

Status Table::Write(int pattern, const Item* before, const Item* after, std::int64_t versions) {
  const WritePlan& plan = layout_.writes[static_cast<std::size_t>(pattern)];
  const Entity& en = model_.entities[static_cast<std::size_t>(
      model_.write_patterns[static_cast<std::size_t>(pattern)].entity)];
  std::size_t n = en.versioned ? static_cast<std::size_t>(std::max<std::int64_t>(1, versions)) : 1;
  // Earlier versions share the identifier, which is all their keys are made of.
  std::optional<exec::Record> old, next;
  if (before) old = exec::Record{std::vector<Item>(n, *before)};
  if (after) {
    next =
        exec::Record{before && en.versioned ? std::vector<Item>(n, *before) : std::vector<Item>{}};
    next->versions.push_back(*after);
  }
  exec::WriteStats stats;
  sim::SimStatus done = exec::ApplyWrite(backend_, model_, layout_, plan, old ? &*old : nullptr,
                                         next ? &*next : nullptr, stats);
  if (!done.ok()) return FromSim(done.error());
  return {};
}

Status Table::Load(int entity, const Item& values) {
  exec::Record record{std::vector<Item>{values}};
  for (int type : layout_.ItemTypesOf(entity)) {
    for (Item& item : exec::RenderItems(model_, layout_, type, record)) {
      sim::PutItemRequest put;
      put.table_name = layout_.table_name;
      put.item = std::move(item);
      auto done = backend_.PutItem(put);
      if (!done.ok()) return FromSim(done.error());
    }
  }
  return {};
}

std::optional<ItemKey> Table::KeyOf(int type, const Item& values, int version) const {
  return ItemKeyOf(model_, layout_, type, values, version);
}

std::optional<ItemKey> ItemKeyOf(const Model& model, const KeyLayout& layout, int type,
                                 const Item& values, int version) {
  exec::Record record{std::vector<Item>(static_cast<std::size_t>(std::max(1, version)), values)};
  auto key = exec::RenderItemKey(model, layout, type, record, version);
  if (!key) return std::nullopt;
  return ItemKey{exec::Natural(*key, layout.partition_key), exec::Natural(*key, layout.sort_key)};
}

std::optional<ItemKey> IndexKeyOf(const Model& model, const KeyLayout& layout, int type, int index,
                                  const Item& values) {
  exec::Record record{std::vector<Item>{values}};
  std::vector<Item> items = exec::RenderItems(model, layout, type, record);
  if (items.empty()) return std::nullopt;
  const IndexLayout& ix = layout.indexes[static_cast<std::size_t>(index - 1)];
  std::string pk = exec::Natural(items.front(), ix.partition_key);
  if (pk.empty()) return std::nullopt;
  return ItemKey{pk, exec::Natural(items.front(), ix.sort_key)};
}

int Table::EntityOf(const Item& item) const {
  std::string label = exec::Natural(item, kTypeAttribute);
  for (const ItemType& t : layout_.item_types) {
    if (t.label == label) return t.entity;
  }
  return -1;
}

Error InvalidItem(const char* entity) {
  return Error{"InvalidValue", std::string("an item does not hold a valid ") + entity};
}

}  // namespace model::runtime
