// The runtime of generated C++ accessors (`model codegen`): values, the exact decimal, keys,
// results, the backend interface and the table client generated code delegates to.
//
// Generated code is thin and typed: it converts its entity structs and parameter structs to
// natural values (model/exec/values.h) and calls Table, which runs the very code `model check`
// proves (model/exec: items rendered through the layout, read plans executed, write plans
// applied) against a Backend. So generated code sends exactly the requests the check sent.
// Backend is sim::DataPlane: the embedded simulated table (sim/sim_backend.h) or, later, an HTTP
// client of a real endpoint. No SQLite and no HTTP here. Nothing throws: every failure is a
// Status or a Result carrying the DynamoDB error name and message.
#pragma once

#include <chrono>
#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "model/exec/reads.h"
#include "model/exec/values.h"
#include "model/layout.h"
#include "model/model.h"
#include "model/sim/api/data_plane.h"
#include "model/sim/api/error.h"

namespace model::runtime {

using Backend = sim::DataPlane;
using Value = sim::AttributeValue;  // list and map attributes, as DynamoDB holds them
using Item = sim::Item;
using Bytes = std::vector<std::uint8_t>;
using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;
using Date = std::chrono::sys_days;

struct Error {
  std::string code;  // DynamoDB's exception name, or "InvalidValue" / "InvalidArgument"
  std::string message;
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)) {}
  bool ok() const { return !error_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const { return *error_; }

 private:
  std::optional<Error> error_;
};

// A T or the Error of why there is none: the simulated table's value-or-error holder with the
// runtime's Error (a code and a message; no ALL_OLD item or cancellation reasons, which the
// runtime turns into codes), so the two layers share one implementation.
template <typename T>
using Result = sim::SimResult<T, Error>;

// An exact decimal of up to 38 significant digits (DynamoDB's N), kept as canonical text: never
// a double. Equal values have equal text; ordering is numeric.
class Decimal {
 public:
  Decimal() : text_("0") {}
  explicit Decimal(std::int64_t n);
  // Validates like DynamoDB (38 digits, magnitude range) and canonicalizes ("1.50" -> "1.5").
  static Result<Decimal> Parse(std::string_view text);
  const std::string& text() const { return text_; }
  Result<Decimal> Add(const Decimal& other) const;
  Result<Decimal> Subtract(const Decimal& other) const;
  friend bool operator==(const Decimal& a, const Decimal& b) { return a.text_ == b.text_; }
  friend std::strong_ordering operator<=>(const Decimal& a, const Decimal& b);

 private:
  std::string text_;
};

// ISO-8601 forms: "2019-01-18T09:30:00.000Z" and "2019-01-18".
std::string FormatTimestamp(Timestamp t);
std::optional<Timestamp> ParseTimestamp(std::string_view text);
std::string FormatDate(Date d);
std::optional<Date> ParseDate(std::string_view text);

// Typed values to and from their natural DynamoDB values (S, N, B, BOOL, SS, NS, L/M as is).
Value ToValue(const std::string& v);
Value ToValue(std::int64_t v);
Value ToValue(const Decimal& v);
Value ToValue(bool v);
Value ToValue(Timestamp v);
Value ToValue(Date v);
Value ToValue(const Bytes& v);
Value ToValue(const std::set<std::string>& v);
Value ToValue(const std::set<Decimal>& v);
Value ToValue(const Value& v);
bool FromValue(const Value& v, std::string& out);
bool FromValue(const Value& v, std::int64_t& out);
bool FromValue(const Value& v, Decimal& out);
bool FromValue(const Value& v, bool& out);
bool FromValue(const Value& v, Timestamp& out);
bool FromValue(const Value& v, Date& out);
bool FromValue(const Value& v, Bytes& out);
bool FromValue(const Value& v, std::set<std::string>& out);
bool FromValue(const Value& v, std::set<Decimal>& out);
bool FromValue(const Value& v, Value& out);

// Field helpers for generated ToItem/FromItem: an absent optional is not written; reading, an
// absent attribute leaves the field as it is (a projected read carries only some attributes)
// and a value of the wrong type is an error.
template <typename T>
void Put(Item& item, const char* name, const T& v) {
  item[name] = ToValue(v);
}
template <typename T>
void Put(Item& item, const char* name, const std::optional<T>& v) {
  if (v) item[name] = ToValue(*v);
}
template <typename T>
bool Get(const Item& item, const char* name, T& out) {
  auto it = item.find(name);
  return it == item.end() || FromValue(it->second, out);
}
template <typename T>
bool Get(const Item& item, const char* name, std::optional<T>& out) {
  auto it = item.find(name);
  if (it == item.end()) return true;
  T v{};
  if (!FromValue(it->second, v)) return false;
  out = std::move(v);
  return true;
}

// The version of a versioned entity's item (model/layout.h): a history item's kVersionAttribute,
// else the current item's kLatestAttribute; `out` unchanged when the item holds neither (a
// projection without them), false when one is not a whole number.
bool GetVersion(const Item& item, std::int64_t& out);

// A page request: at most `limit` results (1 or more; on top of the pattern's own limit),
// continuing after the page whose `next_cursor` is `cursor` ("" = the first page). A cursor is
// opaque text (URL-safe base64, no padding) that resumes the same read pattern; pass the same
// parameters with it. Paging with any limit returns, page after page, exactly the items one
// unlimited call returns, in the same order, each once (when nothing is written in between).
struct PageRequest {
  std::optional<std::int64_t> limit;
  std::string cursor;
};

// One page of a read: its results, and the cursor of the next page ("" when this is the last
// one; as with DynamoDB's LastEvaluatedKey, a page that ends exactly where the results end may
// still name a next page, which is then empty and last).
template <typename T>
struct Page {
  std::vector<T> items;
  std::string next_cursor;
  bool more() const { return !next_cursor.empty(); }
};

// The page cursor's contents: the read pattern, how many items earlier pages returned, and
// where each partition read resumes (for a plan with client-side sort steps, which reads
// everything and sorts it, no positions: the count is the offset of the next page).
struct PageCursor {
  int pattern = -1;
  std::int64_t returned = 0;
  std::vector<exec::ReadPosition> positions;
};
// The opaque text of a cursor, and the cursor of a text; an Error{"InvalidArgument", ...} when
// the text is not one EncodeCursor wrote.
std::string EncodeCursor(const PageCursor& cursor);
Result<PageCursor> DecodeCursor(std::string_view text);

// A rendered table key, and a key read back into its placeholders' key texts (decoded for
// text and enum encodings; other encodings as they appear in the key).
struct ItemKey {
  std::string partition_key;
  std::string sort_key;
};
using KeyParts = std::map<std::string, std::string>;
std::optional<KeyParts> ParseKey(const keys::KeyTemplate& key, std::string_view text);
std::optional<std::string> RenderKey(const keys::KeyTemplate& key, const Item& values,
                                     int shard = 0, int version = 0);
// The table key of an item of item type `type` for these values (history: of `version`).
std::optional<ItemKey> ItemKeyOf(const Model& model, const KeyLayout& layout, int type,
                                 const Item& values, int version = 1);
// The key attributes of index `index` (IndexLayout::number) of an item of type `type`; nullopt
// when the item is not in that index (a sparse entry, or the type has no such entry).
std::optional<ItemKey> IndexKeyOf(const Model& model, const KeyLayout& layout, int type, int index,
                                  const Item& values);

// The table client: the model and layout the generated code embeds, over one backend.
// The items of a write pattern's `also: - update:` entry (model.h AlsoWrite), by entry index: the
// other entity's item as stored and with the entry's attributes changed; a `delete:` entry's
// item as stored (`after` null); both null for a `check:` entry, whose item is named by the
// written item's values.
struct AlsoItems {
  const Item* before = nullptr;
  const Item* after = nullptr;
};

class Table {
 public:
  Table(Backend& backend, const Model& model, const KeyLayout& layout)
      : backend_(backend), model_(model), layout_(layout) {}

  // The clock of reads that leave out expired items (entities with Time to Live): `now`, or
  // the system clock when nullopt (the default). Tests set it to read as of a fixed time.
  void SetClock(std::optional<std::chrono::sys_seconds> now) { now_ = now; }

  // CreateTable for the layout (table keys, every global secondary index).
  Status CreateTable();
  // Runs one page of read pattern `pattern` (its ReadPlan) with natural-value arguments: each
  // Query (per shard for a fan-out) or Scan resumes where the page's cursor says, and stops at
  // the page's limit. A plan with client-side sort steps reads everything, sorts it, and
  // returns the page's slice. Errors: "InvalidArgument" for a cursor of another pattern or not
  // a cursor, or a limit below 1; "ReadFailed" with the failed request's error.
  Result<Page<Item>> Read(int pattern, const exec::Arguments& args, const PageRequest& page);
  // Runs an aggregate read pattern: the count or the sum, as a decimal.
  Result<Decimal> Aggregate(int pattern, const exec::Arguments& args);
  // Applies write pattern `pattern`: `before` null for a create, `after` null for a delete.
  // `versions` is the number of versions the entity had before (versioned entities only).
  // `condition_args`: the parameters of the pattern's `condition:` by name (`:caller` ->
  // "caller"). When the table refuses a conditional pattern's write for a failed condition
  // (ConditionalCheckFailedException, or TransactionCanceledException with a
  // ConditionalCheckFailed reason), the error's code is "ConditionFailed" (the message names the
  // condition as the model writes it, model::WriteConditionsText, model/condition_text.h, and
  // DynamoDB's answer): the item is not in a state the condition accepts (or no longer exists, or
  // changed under a guarded read); nothing was written. An embedded child's write refused for its
  // parent's state (no parent item, a full collection, the child already or not there:
  // exec::WhyEmbeddedRefused) keeps DynamoDB's error name as its code, the message saying which. A
  // missing parameter is a "ValidationException" before anything is sent. `also`: the items of the
  // pattern's `also` update entries (AlsoItems), written in the same TransactWriteItems; a failed
  // condition of an `also` entry is a "ConditionFailed" as well, and nothing was written.
  Status Write(int pattern, const Item* before, const Item* after, std::int64_t versions = 1,
               const exec::Arguments& condition_args = {}, const std::vector<AlsoItems>& also = {});
  // Applies create pattern `pattern` whose plan draws a counter (layout.h CounterDraw): one
  // UpdateItem adds 1 to the parent's count (the parent named by `after`'s link attributes), then
  // `after` is written with the new count as its drawn attribute (whatever `after` holds there),
  // as Write does; returns that number. Errors as Write's; a missing parent refuses the draw
  // (ConditionalCheckFailedException) and nothing is written; a refused write after the draw
  // leaves the count advanced (a gap). "InvalidArgument" when the pattern draws no counter.
  Result<std::int64_t> CreateCounted(int pattern, const Item& after,
                                     const exec::Arguments& condition_args = {},
                                     const std::vector<AlsoItems>& also = {});
  // Puts every item of every item type of entity `entity` for these values (no write pattern,
  // no condition: bulk loading and tests), as `model check` loads its synthetic data.
  Status Load(int entity, const Item& values);
  // The stream consumer of the model's stream-kept aggregates, as a Lambda's handler: applies a
  // batch of the table's stream records, in the order and shape a DynamoDB Streams trigger
  // delivers them (exec::ApplyStreamBatch), through the backend: each group's item read
  // (strongly consistent) and written under its version, with its mark item in the same
  // TransactWriteItems where the layout keeps marks as items (layout.h SeenMarks). A batch
  // already applied, whole or in part, changes nothing (at-least-once delivery). Errors: the
  // table's answer, as Write's.
  Status ApplyStreamRecords(const std::vector<sim::StreamRecord>& records);
  // The table key of an item of item type `type` for these values (history: of `version`).
  std::optional<ItemKey> KeyOf(int type, const Item& values, int version = 1) const;
  // The entity (Model::entities index) of a returned item, by its type label; -1 if unknown.
  int EntityOf(const Item& item) const;

  const Model& model() const { return model_; }
  const KeyLayout& layout() const { return layout_; }

 private:
  Backend& backend_;
  const Model& model_;
  const KeyLayout& layout_;
  std::optional<std::chrono::sys_seconds> now_;
  // `args` with the clock's kNowArgument when one is set and args hold none.
  exec::Arguments WithClock(const exec::Arguments& args) const;
  // Write's work; `drawn` (when not null) takes the number a counter's draw returned (N text).
  Status Apply(int pattern, const Item* before, const Item* after, std::int64_t versions,
               const exec::Arguments& condition_args, const std::vector<AlsoItems>& also,
               std::string* drawn);
};

Error InvalidItem(const char* entity);

}  // namespace model::runtime
