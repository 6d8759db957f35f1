#include "codegen/runtime/runtime.h"

#include <algorithm>
#include <cstdio>

#include "model/aggregate_rules.h"
#include "model/condition_text.h"
#include "model/entity_keys.h"
#include "model/exec/aggregates.h"
#include "model/exec/embedded.h"
#include "model/exec/items.h"
#include "model/exec/reads.h"
#include "model/exec/writes.h"
#include "model/sim/api/base64.h"
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

// The cursor's fields, each as a netstring ("<length>:<bytes>"), in order.
void Field(std::string& out, std::string_view bytes) {
  out += std::to_string(bytes.size());
  out += ':';
  out += bytes;
}

class FieldReader {
 public:
  explicit FieldReader(std::string_view text) : text_(text) {}
  std::optional<std::string_view> Next() {
    std::size_t colon = text_.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 9 ||
        !Digits(text_.substr(0, colon)))
      return std::nullopt;
    std::size_t n = static_cast<std::size_t>(ToInt(text_.substr(0, colon)));
    if (text_.size() - colon - 1 < n) return std::nullopt;
    std::string_view field = text_.substr(colon + 1, n);
    text_.remove_prefix(colon + 1 + n);
    return field;
  }
  std::optional<std::int64_t> Count() {
    auto f = Next();
    if (!f || !Digits(*f) || f->size() > 15) return std::nullopt;
    return std::stoll(std::string(*f));
  }
  bool empty() const { return text_.empty(); }

 private:
  std::string_view text_;
};

constexpr std::string_view kCursorFormat = "mc1";

Error BadCursor() {
  return Error{"InvalidArgument", "the page cursor is not one a read of this table returned"};
}

}  // namespace

std::string EncodeCursor(const PageCursor& cursor) {
  std::string raw;
  Field(raw, kCursorFormat);
  Field(raw, std::to_string(cursor.pattern));
  Field(raw, std::to_string(cursor.returned));
  Field(raw, std::to_string(cursor.positions.size()));
  for (const exec::ReadPosition& p : cursor.positions) {
    switch (p.state) {
      case exec::ReadPosition::State::kStart:
        Field(raw, "s");
        break;
      case exec::ReadPosition::State::kDone:
        Field(raw, "d");
        break;
      case exec::ReadPosition::State::kAfter:
        Field(raw, "a");
        Field(raw, std::to_string(p.key.size()));
        for (const auto& [name, value] : p.key) {
          // Key attributes are S, N or B
          // (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_AttributeDefinition.html).
          Field(raw, name);
          Field(raw, value.is(sim::ValueType::kN) ? "N" : value.is(sim::ValueType::kB) ? "B" : "S");
          Field(raw, value.scalar());
        }
        break;
    }
  }
  // URL-safe base64 without padding (RFC 4648 section 5), so a cursor fits in a URL as it is.
  std::string text = sim::Base64Encode(raw);
  while (!text.empty() && text.back() == '=') text.pop_back();
  for (char& c : text) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return text;
}

Result<PageCursor> DecodeCursor(std::string_view text) {
  std::string padded(text);
  for (char& c : padded) {
    if (c == '+' || c == '/' || c == '=') return BadCursor();
    c = c == '-' ? '+' : c == '_' ? '/' : c;
  }
  if (padded.size() % 4 == 1) return BadCursor();
  while (padded.size() % 4 != 0) padded += '=';
  auto raw = sim::Base64Decode(padded);
  if (!raw) return BadCursor();
  FieldReader in(*raw);
  auto format = in.Next();
  if (!format || *format != kCursorFormat) return BadCursor();
  auto pattern = in.Count();
  auto returned = in.Count();
  auto n = in.Count();
  if (!pattern || !returned || !n) return BadCursor();
  PageCursor cursor;
  cursor.pattern = static_cast<int>(*pattern);
  cursor.returned = *returned;
  for (std::int64_t i = 0; i < *n; ++i) {
    auto state = in.Next();
    if (!state) return BadCursor();
    exec::ReadPosition p;
    if (*state == "d") {
      p.state = exec::ReadPosition::State::kDone;
    } else if (*state == "a") {
      p.state = exec::ReadPosition::State::kAfter;
      auto attrs = in.Count();
      if (!attrs) return BadCursor();
      for (std::int64_t k = 0; k < *attrs; ++k) {
        auto name = in.Next();
        auto type = in.Next();
        auto value = in.Next();
        if (!name || !type || !value) return BadCursor();
        std::string v(*value);
        if (*type == "S")
          p.key[std::string(*name)] = Value::S(std::move(v));
        else if (*type == "N")
          p.key[std::string(*name)] = Value::N(std::move(v));
        else if (*type == "B")
          p.key[std::string(*name)] = Value::B(std::move(v));
        else
          return BadCursor();
      }
    } else if (*state != "s") {
      return BadCursor();
    }
    cursor.positions.push_back(std::move(p));
  }
  if (!in.empty()) return BadCursor();
  return cursor;
}

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
    if (p.encoding == keys::Encoding::kText || p.encoding == keys::Encoding::kEnum)
      raw = keys::DecodeKeyText(raw);
    parts[p.text] = raw;
    at = end;
  }
  if (at != text.size()) return std::nullopt;
  return parts;
}

bool GetVersion(const Item& item, std::int64_t& out) {
  auto it = item.find(kVersionAttribute);
  if (it == item.end()) it = item.find(kLatestAttribute);
  return it == item.end() || FromValue(it->second, out);
}

exec::Arguments Table::WithClock(const exec::Arguments& args) const {
  exec::Arguments out = args;
  if (now_ && !out.count(exec::kNowArgument))
    out[exec::kNowArgument] = Value::N(std::to_string(now_->time_since_epoch().count()));
  return out;
}

Status Table::CreateTable() {
  auto done = backend_.CreateTable(exec::CreateTableRequest(layout_));
  if (!done.ok()) return FromSim(done.error());
  return {};
}

Result<Page<Item>> Table::Read(int pattern, const exec::Arguments& given, const PageRequest& page) {
  const exec::Arguments args = WithClock(given);
  const ReadPlan& plan = layout_.reads[static_cast<std::size_t>(pattern)];
  if (page.limit && *page.limit < 1) {
    return Error{"InvalidArgument",
                 "a page limit must be at least 1, not " + std::to_string(*page.limit)};
  }
  PageCursor at;
  at.pattern = pattern;
  if (!page.cursor.empty()) {
    auto decoded = DecodeCursor(page.cursor);
    if (!decoded.ok()) return decoded.error();
    if (decoded->pattern != pattern) return BadCursor();
    at = std::move(decoded.value());
  }
  Page<Item> result;
  // A read of an embedded collection gets its items from one GetItem: the client pages them.
  bool sorted = plan.embedded.has_value() ||
                std::any_of(plan.client_steps.begin(), plan.client_steps.end(),
                            [](const ClientStep& s) { return s.kind == ClientStepKind::kSort; });
  if (sorted) {
    // The order is the client's: read everything, sort, and hand out the page's slice.
    if (!at.positions.empty()) return BadCursor();
    exec::ReadOutcome out = exec::ExecuteRead(backend_, model_, layout_, plan, args);
    if (!out.status.ok()) return Error{"ReadFailed", out.status.message()};
    // A plan with a second step sorted its first step's items itself (exec/reads.h).
    if (!plan.follow_up) exec::SortClientSide(plan.client_steps, out.items);
    auto total = static_cast<std::int64_t>(out.items.size());
    std::int64_t from = std::min(at.returned, total);
    std::int64_t to = page.limit ? std::min(total, from + *page.limit) : total;
    result.items.assign(std::make_move_iterator(out.items.begin() + from),
                        std::make_move_iterator(out.items.begin() + to));
    if (to < total) result.next_cursor = EncodeCursor(PageCursor{pattern, to, {}});
    return result;
  }
  // The plan's limit counts every page's items.
  exec::ReadPageRequest request;
  request.start = std::move(at.positions);
  request.limit = page.limit;
  if (plan.limit) {
    std::int64_t left = *plan.limit - at.returned;
    if (left < 1) return result;
    if (!request.limit || left < *request.limit) request.limit = left;
  }
  exec::ReadOutcome out = exec::ExecuteReadPage(backend_, model_, layout_, plan, args, request);
  if (!out.status.ok()) {
    std::string code = out.status.IsInvalidArgument() ? "InvalidArgument" : "ReadFailed";
    return Error{code, out.status.message()};
  }
  std::int64_t returned = at.returned + static_cast<std::int64_t>(out.items.size());
  bool more = std::any_of(out.next.begin(), out.next.end(), [](const exec::ReadPosition& p) {
    return p.state != exec::ReadPosition::State::kDone;
  });
  if (more && (!plan.limit || returned < *plan.limit))
    result.next_cursor = EncodeCursor(PageCursor{pattern, returned, std::move(out.next)});
  result.items = std::move(out.items);
  return result;
}

Result<Decimal> Table::Aggregate(int pattern, const exec::Arguments& given) {
  const exec::Arguments args = WithClock(given);
  const ReadPlan& plan = layout_.reads[static_cast<std::size_t>(pattern)];
  exec::ReadOutcome out = exec::ExecuteRead(backend_, model_, layout_, plan, args);
  if (!out.status.ok()) return Error{"ReadFailed", out.status.message()};
  exec::SortClientSide(plan.client_steps, out.items);
  const ClientStep* step = exec::AggregateStep(plan.client_steps);
  if (!step) return Decimal(static_cast<std::int64_t>(out.items.size()));
  return Decimal::Parse(exec::Aggregate(*step, out.items));
}

Status Table::Write(int pattern, const Item* before, const Item* after, std::int64_t versions,
                    const exec::Arguments& condition_args, const std::vector<AlsoItems>& also) {
  return Apply(pattern, before, after, versions, condition_args, also, nullptr);
}

Result<std::int64_t> Table::CreateCounted(int pattern, const Item& after,
                                          const exec::Arguments& condition_args,
                                          const std::vector<AlsoItems>& also) {
  const WritePlan& plan = layout_.writes[static_cast<std::size_t>(pattern)];
  const WritePattern& w = model_.write_patterns[static_cast<std::size_t>(pattern)];
  if (!plan.counter || w.kind != WriteKind::kCreate)
    return Error{"InvalidArgument", w.name + " is no create drawing a counter"};
  std::string drawn;
  if (Status s = Apply(pattern, nullptr, &after, 1, condition_args, also, &drawn); !s.ok()) {
    Error e = s.error();
    if (!drawn.empty()) e.message += " (number " + drawn + " was drawn already and stays unused)";
    return e;
  }
  std::int64_t number = 0;
  if (!FromValue(sim::AttributeValue::N(drawn), number))
    return Error{"InvalidValue",
                 w.name + ": the count drawn, '" + drawn + "', is not a whole number"};
  return number;
}

Status Table::Apply(int pattern, const Item* before, const Item* after, std::int64_t versions,
                    const exec::Arguments& condition_args, const std::vector<AlsoItems>& also,
                    std::string* drawn) {
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
  // The `also` entries' records (unversioned entities: one version each).
  std::vector<exec::Record> also_records;
  also_records.reserve(2 * also.size());
  std::vector<exec::AlsoRecord> also_refs(also.size());
  for (std::size_t i = 0; i < also.size(); ++i) {
    if (!also[i].before) continue;
    also_records.push_back(exec::Record{{*also[i].before}});
    also_refs[i].before = &also_records.back();
    if (!also[i].after) continue;  // a delete entry's
    also_records.push_back(exec::Record{{*also[i].after}});
    also_refs[i].after = &also_records.back();
  }
  exec::WriteStats stats;
  // With the clock: an update rewriting children's copies reads the children, leaving out the
  // expired ones as every read does.
  sim::SimStatus done =
      exec::ApplyWrite(backend_, model_, layout_, plan, old ? &*old : nullptr,
                       next ? &*next : nullptr, stats, WithClock(condition_args), also_refs);
  if (drawn) *drawn = stats.drawn;
  if (done.ok()) return {};
  const sim::Error& e = done.error();
  const WritePattern& w = model_.write_patterns[static_cast<std::size_t>(pattern)];
  bool refused = e.name == "ConditionalCheckFailedException" ||
                 (e.name == "TransactionCanceledException" &&
                  std::any_of(e.reasons.begin(), e.reasons.end(),
                              [](const auto& r) { return r.code == "ConditionalCheckFailed"; }));
  if (!refused) return FromSim(e);
  // An embedded write's parent comes back with the refusal (exec::WhyEmbeddedRefused): a missing
  // parent, a full collection and the like are no failed `condition:`, and say so.
  if (auto why = exec::WhyEmbeddedRefused(layout_, plan, old ? &*old : nullptr,
                                          next ? &*next : nullptr, e);
      why && *why != exec::EmbeddedRefusal::kCondition) {
    const EmbeddedLayout& el = layout_.embedded[static_cast<std::size_t>(plan.embedded)];
    return Error{e.name, w.name + ": " + exec::EmbeddedRefusalText(model_, el, *why) + " (" +
                             e.name + ": " + e.message + ")"};
  }
  int groups = 0;
  const std::string condition = WriteConditionsText(model_, w, &groups);
  // Counts and sums kept by ADD on items the application makes require the group's item
  // (exec::PlanGroupAdds: attribute_exists(PK)); a write naming a missing one is refused.
  std::vector<std::string> required;
  for (int agg : plan.aggregates) {
    const AggregateDecl& a = model_.aggregates[static_cast<std::size_t>(
        layout_.aggregates[static_cast<std::size_t>(agg)].aggregate_id)];
    if (KeptByAdd(model_, layout_, agg) && ApplicationMakesItems(model_, a.into))
      required.push_back(model_.entities[static_cast<std::size_t>(a.into)].name);
  }
  if (groups == 0 && !required.empty())
    return Error{"ConditionFailed",
                 w.name + ": the " + required.front() +
                     " item its aggregates update must exist (attribute_exists) (" + e.name + ": " +
                     e.message + ")"};
  if (groups == 0) return FromSim(e);
  return Error{"ConditionFailed", w.name + ": " + condition + (groups > 1 ? " do" : " does") +
                                      " not hold on the stored item" + (w.also.empty() ? "" : "s") +
                                      " (" + e.name + ": " + e.message + ")"};
}

Status Table::ApplyStreamRecords(const std::vector<sim::StreamRecord>& records) {
  exec::AggregateStats stats;
  sim::SimStatus done = exec::ApplyStreamBatch(backend_, model_, layout_, records, stats);
  if (!done.ok()) return FromSim(done.error());
  return {};
}

Status Table::Load(int entity, const Item& values) {
  exec::Record record{std::vector<Item>{values}};
  // A child of an embedded collection: its element, set in its parent's item (loaded first).
  if (const EmbeddedLayout* e = layout_.EmbeddedChild(entity)) {
    auto key = exec::RenderItemKey(model_, layout_, e->parent_type,
                                   exec::Record{{exec::EmbeddedParentIdentifier(*e, values)}}, 1);
    if (!key) return Error{"InvalidArgument", "the item's link names no parent item"};
    sim::UpdateItemRequest update;
    update.table_name = layout_.table_name;
    update.key = std::move(*key);
    update.update_expression = "SET #c.#k = :e";
    update.expression_attribute_names["#c"] = e->attribute;
    update.expression_attribute_names["#k"] = exec::EmbeddedKeyText(*e, values);
    update.expression_attribute_values[":e"] = exec::EmbeddedElement(*e, values);
    auto done = backend_.UpdateItem(update);
    if (!done.ok()) return FromSim(done.error());
    return {};
  }
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
  // An embedded collection's children carry their entity's label and have no item type.
  for (const EmbeddedLayout& e : layout_.embedded) {
    if (e.label == label) return e.child;
  }
  return -1;
}

Error InvalidItem(const char* entity) {
  return Error{"InvalidValue", std::string("an item does not hold a valid ") + entity};
}

}  // namespace model::runtime
