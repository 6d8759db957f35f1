// The differential test: the same randomized DynamoDB operation sequence sent to `model serve`
// and to DynamoDB Local (Amazon's own emulator, from npm via scripts/peers), every response
// compared field by field.
//
//   differential --model BIN --peers SCRIPT [--ops N] [--legacy-ops N] [--seed S] [--require-peer]
//                [--verbose]
//
// Three tables cover S, N and B keys, with and without a sort key, GSIs with ALL / KEYS_ONLY /
// INCLUDE projections (sparse: the index key attributes are often absent) and an LSI. The
// operations: PutItem, GetItem, UpdateItem, DeleteItem (with conditions and every ReturnValues),
// Query on tables and indexes (every key-condition operator, filters, projections, COUNT, both
// directions, Limit with pagination followed to the end), Scan (paginated), BatchWriteItem,
// BatchGetItem, TransactWriteItems, TransactGetItems, with requests that must fail mixed in
// (failed conditions, wrong-typed index keys, updates of key attributes, bad operands). Then
// --legacy-ops (2,000) operations in the legacy parameter form: Expected, AttributeUpdates,
// KeyConditions, QueryFilter, ScanFilter, ConditionalOperator and AttributesToGet.
// UpdateTable adds a GSI to tables holding items (backfill), which is queried and deleted, and
// Time to Live is enabled and described.
// Then a fixed list of PartiQL statements (ExecuteStatement, BatchExecuteStatement,
// ExecuteTransaction).
// Then multi-attribute GSI keys on their own table diff_m (MultiAttributeCases): bad schemas,
// sparse items, every key-condition form and error, pages, legacy KeyConditions, PartiQL, an
// UpdateTable backfill.
//
// Compared: the HTTP status, the error's exception name, and every field of a success body,
// including ConsumedCapacity. Allowed, because DynamoDB Local deviates from DynamoDB there (see
// docs/differential.md): error *messages* (DynamoDB Local shortens them and names the field
// "Message"); the order of Scan results and of BatchGetItem responses (both unordered in
// DynamoDB). Any other difference is printed with the request and both answers, and fails the
// run.
//
// Exit codes: 0 no differences; 1 differences or a broken peer; 77 (CTest's skip) when DynamoDB
// Local cannot be started and --require-peer is not given.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "bench/peer.h"

namespace {

using Json = nlohmann::json;
constexpr int kSkip = 77;

// Deterministic on every platform (std distributions are not).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  int Below(int n) { return static_cast<int>(Next() % static_cast<std::uint64_t>(n)); }
  bool Chance(int percent) { return Below(100) < percent; }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[static_cast<std::size_t>(Below(static_cast<int>(v.size())))];
  }

 private:
  std::uint64_t state_;
};

// Key values chosen to exercise DynamoDB's orders: UTF-8 byte order for S (not UTF-16), numeric
// order for N (non-canonical spellings included), unsigned byte order for B.
const std::vector<std::string> kStrings = {
    "a",  "b", "ab", "A", "a#1", "a#10", "a#2", "z", "\xc3\xa9", "\xef\xbf\xbf", "\xf0\x9f\x98\x80",
    "a b"};
const std::vector<std::string> kNumbers = {
    "-10", "-1.5", "0", "1", "1.50", "2", "10", "1E+2", "0.001", "-0.001", "12345678901234567890",
    "007"};
const std::vector<std::string> kBinaries = {
    "AA==", "AQI=", "fw==", "gA==", "gAA=", "/w==", "YQ==", "YWI="};
const std::vector<std::string> kSmallNumbers = {"1", "2", "3", "5", "8", "-1", "0.5"};
const std::vector<std::string> kWords = {"x", "y", "z", "xy", "yz", "hello"};
const std::vector<std::string> kGroups = {"g1", "g2", "g3"};

struct KeyDef {
  std::string name;
  char type;  // 'S', 'N', 'B'
};

struct IndexDef {
  std::string name;
  KeyDef partition;
  std::optional<KeyDef> sort;
  bool local = false;
  std::string projection;  // ALL, KEYS_ONLY, INCLUDE
  std::vector<std::string> include;
};

struct TableDef {
  std::string name;
  KeyDef partition;
  std::optional<KeyDef> sort;
  std::vector<IndexDef> indexes;
  std::string stream_view;  // StreamViewType, or empty for no stream
};

const std::vector<TableDef>& Tables() {
  static const std::vector<TableDef> tables = {
      {"diff_s",
       {"pk", 'S'},
       KeyDef{"sk", 'S'},
       {{"by_g", {"g", 'S'}, KeyDef{"n", 'N'}, false, "ALL", {}},
        {"by_n", {"pk", 'S'}, KeyDef{"n", 'N'}, true, "INCLUDE", {"b"}}},
       "NEW_AND_OLD_IMAGES"},
      {"diff_n",
       {"pk", 'N'},
       KeyDef{"sk", 'N'},
       {{"by_b", {"b", 'S'}, std::nullopt, false, "KEYS_ONLY", {}}},
       "KEYS_ONLY"},
      {"diff_b",
       {"pk", 'B'},
       std::nullopt,
       {{"by_n", {"n", 'N'}, KeyDef{"bk", 'B'}, false, "INCLUDE", {"a"}}},
       ""},
  };
  return tables;
}

const char* TypeKey(char t) { return t == 'S' ? "S" : t == 'N' ? "N" : "B"; }

class Generator {
 public:
  explicit Generator(std::uint64_t seed) : rng_(seed) {}
  Rng& rng() { return rng_; }

  Json Scalar(char type) {
    switch (type) {
      case 'S':
        return {{"S", rng_.Pick(kStrings)}};
      case 'N':
        return {{"N", rng_.Pick(kNumbers)}};
      default:
        return {{"B", rng_.Pick(kBinaries)}};
    }
  }

  Json Key(const TableDef& t) {
    Json key = Json::object();
    key[t.partition.name] = Scalar(t.partition.type);
    if (t.sort) key[t.sort->name] = Scalar(t.sort->type);
    return key;
  }

  Json SmallNumber() { return {{"N", rng_.Pick(kSmallNumbers)}}; }
  Json Word() { return {{"S", rng_.Pick(kWords)}}; }
  Json WordSet() {
    std::vector<std::string> members;
    const int n = 1 + rng_.Below(3);
    for (int i = 0; i < n; ++i) {
      const std::string& w = rng_.Pick(kWords);
      if (std::find(members.begin(), members.end(), w) == members.end()) members.push_back(w);
    }
    return {{"SS", members}};
  }

  Json Item(const TableDef& t) {
    Json item = Key(t);
    if (rng_.Chance(70)) item["a"] = SmallNumber();
    if (rng_.Chance(60)) item["b"] = Word();
    if (rng_.Chance(30)) item["c"] = WordSet();
    if (rng_.Chance(20))
      item["l"] = {{"L", Json::array({SmallNumber(), Word(), {{"BOOL", true}}})}};
    if (rng_.Chance(20)) item["m"] = {{"M", {{"x", SmallNumber()}, {"y", {{"NULL", true}}}}}};
    // Index key attributes come complete or not at all: DynamoDB Local charges an index write
    // for an item holding only part of a GSI's key, which DynamoDB does not (the item is not in
    // the index). diff_s: by_g (g, n); diff_b: by_n (n, bk).
    const bool indexed = rng_.Chance(50);
    if (indexed) {
      item["g"] = {{"S", rng_.Pick(kGroups)}};
      item["n"] = {{"N", rng_.Pick(kSmallNumbers)}};
      item["bk"] = {{"B", rng_.Pick(kBinaries)}};
    } else if (t.name == "diff_n" && rng_.Chance(50)) {
      item["g"] = {{"S", rng_.Pick(kGroups)}};
    }
    // A wrong-typed index key attribute: the write must be rejected.
    if (rng_.Chance(3)) item[rng_.Chance(50) ? "g" : "n"] = {{"BOOL", false}};
    return item;
  }

  const TableDef& Table() { return rng_.Pick(Tables()); }

  // A condition over non-key attributes (or the key's existence), with its values.
  void Condition(const TableDef& t, Json* request) {
    Json values = request->value("ExpressionAttributeValues", Json::object());
    ConditionInto(t, request, &values);
    if (!values.empty()) (*request)["ExpressionAttributeValues"] = values;
  }

  void ConditionInto(const TableDef& t, Json* request, Json* values_out) {
    Json& values = *values_out;
    switch (rng_.Below(8)) {
      case 0:
        (*request)["ConditionExpression"] = "attribute_not_exists(" + t.partition.name + ")";
        return;
      case 1:
        (*request)["ConditionExpression"] = "attribute_exists(a)";
        return;
      case 2:
        (*request)["ConditionExpression"] = "a < :cv";
        values[":cv"] = SmallNumber();
        return;
      case 3:
        (*request)["ConditionExpression"] = "b = :cv OR attribute_not_exists(b)";
        values[":cv"] = Word();
        return;
      case 4:
        (*request)["ConditionExpression"] = "size(b) >= :cv";
        values[":cv"] = {{"N", "2"}};
        return;
      case 5:
        (*request)["ConditionExpression"] = "contains(c, :cv)";
        values[":cv"] = Word();
        return;
      case 6:
        (*request)["ConditionExpression"] = "a BETWEEN :lo AND :hi";
        values[":lo"] = {{"N", "1"}};
        values[":hi"] = {{"N", "3"}};
        return;
      default:
        (*request)["ConditionExpression"] = "NOT attribute_type(m, :cv)";
        values[":cv"] = {{"S", "M"}};
        return;
    }
  }

  void Capacity(Json* request) {
    static const std::vector<std::string> modes = {"NONE", "TOTAL", "INDEXES"};
    const std::string& mode = rng_.Pick(modes);
    if (mode != "NONE" || rng_.Chance(20)) (*request)["ReturnConsumedCapacity"] = mode;
  }

  Json Put(const TableDef& t) {
    Json r = {{"TableName", t.name}, {"Item", Item(t)}};
    if (rng_.Chance(40)) Condition(t, &r);
    if (rng_.Chance(40)) r["ReturnValues"] = rng_.Chance(50) ? "ALL_OLD" : "NONE";
    if (rng_.Chance(20)) r["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD";
    Capacity(&r);
    return r;
  }

  Json Get(const TableDef& t) {
    Json r = {{"TableName", t.name}, {"Key", Key(t)}};
    if (rng_.Chance(50)) r["ConsistentRead"] = rng_.Chance(50);
    if (rng_.Chance(30)) {
      r["ProjectionExpression"] = "#a, b, m.x, l[0]";
      r["ExpressionAttributeNames"] = {{"#a", "a"}};
    }
    Capacity(&r);
    return r;
  }

  Json Update(const TableDef& t) {
    Json r = {{"TableName", t.name}, {"Key", Key(t)}};
    Json values = Json::object();
    Json names = Json::object();
    std::string expression;
    switch (rng_.Below(14)) {
      case 0:
        expression = "SET a = :v";
        values[":v"] = SmallNumber();
        break;
      case 1:
        expression = "SET a = a + :v";  // fails when a is missing
        values[":v"] = SmallNumber();
        break;
      case 2:
        expression = "SET a = if_not_exists(a, :z) - :v";
        values[":z"] = {{"N", "0"}};
        values[":v"] = SmallNumber();
        break;
      case 3:
        expression = "SET #b = :v REMOVE c";
        names["#b"] = "b";
        values[":v"] = Word();
        break;
      case 4:
        expression = "ADD a :v";
        values[":v"] = SmallNumber();
        break;
      case 5:
        expression = "ADD c :v";
        values[":v"] = WordSet();
        break;
      case 6:
        expression = "DELETE c :v";
        values[":v"] = WordSet();
        break;
      case 7:
        expression = "SET g = :g, n = :n, bk = :b";
        values[":g"] = {{"S", rng_.Pick(kGroups)}};
        values[":n"] = SmallNumber();
        values[":b"] = {{"B", rng_.Pick(kBinaries)}};
        break;
      case 8:
        expression = "REMOVE g, n, bk";
        break;
      case 9:
        expression = "SET l = list_append(if_not_exists(l, :empty), :v)";
        values[":empty"] = {{"L", Json::array()}};
        values[":v"] = {{"L", Json::array({Word()})}};
        break;
      case 10:
        expression = "SET m.x = :v";  // fails when m is missing
        values[":v"] = SmallNumber();
        break;
      case 11:
        expression = "SET " + t.partition.name + " = :v";  // a key attribute: rejected
        values[":v"] = Scalar(t.partition.type);
        break;
      case 12:
        expression = "ADD b :v";  // ADD on a string: rejected when b is a string
        values[":v"] = SmallNumber();
        break;
      default:
        expression = "SET a = :n REMOVE l[0]";  // fails when l is missing
        values[":n"] = SmallNumber();
        break;
    }
    r["UpdateExpression"] = expression;
    if (rng_.Chance(30)) ConditionInto(t, &r, &values);
    if (!values.empty()) r["ExpressionAttributeValues"] = values;
    if (!names.empty()) r["ExpressionAttributeNames"] = names;
    static const std::vector<std::string> kReturn = {"NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW",
                                                     "UPDATED_NEW"};
    if (rng_.Chance(60)) r["ReturnValues"] = rng_.Pick(kReturn);
    if (rng_.Chance(20)) r["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD";
    Capacity(&r);
    return r;
  }

  Json Delete(const TableDef& t) {
    Json r = {{"TableName", t.name}, {"Key", Key(t)}};
    if (rng_.Chance(40)) Condition(t, &r);
    if (rng_.Chance(50)) r["ReturnValues"] = "ALL_OLD";
    Capacity(&r);
    return r;
  }

  // A sort-key condition on `key` (with placeholders :s1, :s2) or nothing.
  std::string SortCondition(const KeyDef& key, Json* values) {
    const int op = rng_.Below(key.type == 'N' ? 7 : 8);
    const std::string& k = key.name;
    auto v = [&](const char* name) {
      (*values)[name] = key.name == "n" ? SmallNumber() : Scalar(key.type);
    };
    switch (op) {
      case 0:
        return "";
      case 1:
        v(":s1");
        return " AND " + k + " = :s1";
      case 2:
        v(":s1");
        return " AND " + k + " < :s1";
      case 3:
        v(":s1");
        return " AND " + k + " <= :s1";
      case 4:
        v(":s1");
        return " AND " + k + " > :s1";
      case 5:
        v(":s1");
        return " AND " + k + " >= :s1";
      case 6: {
        v(":s1");
        v(":s2");
        return " AND " + k + " BETWEEN :s1 AND :s2";  // may be rejected: lower > upper
      }
      default:
        if (key.type == 'S') {
          (*values)[":s1"] = {{"S", rng_.Chance(50) ? "a" : "a#"}};
        } else {
          v(":s1");
        }
        return " AND begins_with(" + k + ", :s1)";
    }
  }

  Json Query(const TableDef& t) {
    Json r = {{"TableName", t.name}};
    Json values = Json::object();
    const IndexDef* index = nullptr;
    if (!t.indexes.empty() && rng_.Chance(50)) index = &rng_.Pick(t.indexes);
    const KeyDef& partition = index ? index->partition : t.partition;
    const std::optional<KeyDef>& sort = index ? index->sort : t.sort;
    std::string condition = partition.name + " = :p";
    if (partition.name == "g") {
      values[":p"] = {{"S", rng_.Pick(kGroups)}};
    } else if (partition.name == "n") {
      values[":p"] = SmallNumber();
    } else if (partition.name == "b") {
      values[":p"] = Word();
    } else {
      values[":p"] = Scalar(partition.type);
    }
    if (sort) condition += SortCondition(*sort, &values);
    if (index) r["IndexName"] = index->name;
    r["KeyConditionExpression"] = condition;
    if (rng_.Chance(30)) {
      if (rng_.Chance(50) && !(index && index->projection == "KEYS_ONLY")) {
        r["FilterExpression"] = "attribute_exists(a) AND a >= :f";
        values[":f"] = {{"N", "2"}};
      } else {
        r["FilterExpression"] = "attribute_not_exists(c)";
      }
    }
    if (rng_.Chance(15)) {
      r["Select"] = "COUNT";
    } else if (rng_.Chance(20)) {
      r["ProjectionExpression"] =
          index ? partition.name + (sort ? ", " + sort->name : std::string()) : "a, c";
    }
    if (rng_.Chance(40)) r["ScanIndexForward"] = false;
    if (rng_.Chance(40)) r["Limit"] = 1 + rng_.Below(4);
    if (!index && rng_.Chance(20)) r["ConsistentRead"] = true;
    if (index && index->local && rng_.Chance(20)) r["ConsistentRead"] = true;
    r["ExpressionAttributeValues"] = values;
    Capacity(&r);
    return r;
  }

  Json Scan(const TableDef& t) {
    Json r = {{"TableName", t.name}};
    if (!t.indexes.empty() && rng_.Chance(30)) r["IndexName"] = rng_.Pick(t.indexes).name;
    // On an index, the filter names a projected attribute: DynamoDB Local evaluates an index
    // Scan's filter on the whole table item, DynamoDB on the projected entry.
    if (rng_.Chance(30)) {
      if (!r.contains("IndexName")) {
        r["FilterExpression"] = "attribute_exists(g)";
      } else {
        r["FilterExpression"] = "attribute_exists(" + t.sort.value_or(t.partition).name + ")";
      }
    }
    if (rng_.Chance(50)) r["Limit"] = 2 + rng_.Below(10);
    Capacity(&r);
    return r;
  }

  Json BatchWrite() {
    Json items = Json::object();
    const int n = 1 + rng_.Below(5);
    std::vector<std::string> seen;
    for (int i = 0; i < n; ++i) {
      const TableDef& t = Table();
      Json request;
      std::string key_text;
      if (rng_.Chance(70)) {
        Json item = Item(t);
        key_text =
            t.name + item[t.partition.name].dump() + (t.sort ? item[t.sort->name].dump() : "");
        request = {{"PutRequest", {{"Item", item}}}};
      } else {
        Json key = Key(t);
        key_text = t.name + key.dump();
        request = {{"DeleteRequest", {{"Key", key}}}};
      }
      // Two requests for one key are rejected by DynamoDB; keep them rare.
      if (std::find(seen.begin(), seen.end(), key_text) != seen.end() && !rng_.Chance(10)) continue;
      seen.push_back(key_text);
      items[t.name].push_back(request);
    }
    Json r = {{"RequestItems", items}};
    Capacity(&r);
    return r;
  }

  Json BatchGet() {
    Json items = Json::object();
    const int n = 1 + rng_.Below(5);
    std::vector<std::string> seen;
    for (int i = 0; i < n; ++i) {
      const TableDef& t = Table();
      Json key = Key(t);
      const std::string text = t.name + key.dump();
      if (std::find(seen.begin(), seen.end(), text) != seen.end()) continue;
      seen.push_back(text);
      items[t.name]["Keys"].push_back(key);
      if (rng_.Chance(20)) items[t.name]["ConsistentRead"] = true;
    }
    Json r = {{"RequestItems", items}};
    Capacity(&r);
    return r;
  }

  Json TransactWrite() {
    Json actions = Json::array();
    const int n = 1 + rng_.Below(4);
    std::vector<std::string> seen;
    for (int i = 0; i < n; ++i) {
      const TableDef& t = Table();
      Json action;
      Json key;
      switch (rng_.Below(4)) {
        case 0: {
          Json put = Put(t);
          put.erase("ReturnValues");
          put.erase("ReturnConsumedCapacity");
          key = Json::object();
          key[t.partition.name] = put["Item"][t.partition.name];
          if (t.sort) key[t.sort->name] = put["Item"][t.sort->name];
          action = {{"Put", put}};
          break;
        }
        case 1: {
          Json update = Update(t);
          update.erase("ReturnValues");
          update.erase("ReturnConsumedCapacity");
          key = update["Key"];
          action = {{"Update", update}};
          break;
        }
        case 2: {
          Json del = Delete(t);
          del.erase("ReturnValues");
          del.erase("ReturnConsumedCapacity");
          key = del["Key"];
          action = {{"Delete", del}};
          break;
        }
        default: {
          Json check = {{"TableName", t.name}, {"Key", Key(t)}};
          Condition(t, &check);
          if (rng_.Chance(30)) check["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD";
          key = check["Key"];
          action = {{"ConditionCheck", check}};
          break;
        }
      }
      const std::string text = t.name + key.dump();
      if (std::find(seen.begin(), seen.end(), text) != seen.end()) continue;
      seen.push_back(text);
      actions.push_back(action);
    }
    Json r = {{"TransactItems", actions}};
    Capacity(&r);
    return r;
  }

  Json TransactGet() {
    Json actions = Json::array();
    const int n = 1 + rng_.Below(4);
    std::vector<std::string> seen;
    for (int i = 0; i < n; ++i) {
      const TableDef& t = Table();
      Json get = {{"TableName", t.name}, {"Key", Key(t)}};
      const std::string text = t.name + get["Key"].dump();
      if (std::find(seen.begin(), seen.end(), text) != seen.end()) continue;
      seen.push_back(text);
      if (rng_.Chance(30)) get["ProjectionExpression"] = "a, g";
      actions.push_back({{"Get", get}});
    }
    Json r = {{"TransactItems", actions}};
    Capacity(&r);
    return r;
  }

 private:
  Rng rng_;
};

// The legacy (pre-expression) parameters: Expected with ConditionalOperator, AttributeUpdates,
// KeyConditions, QueryFilter, ScanFilter and AttributesToGet, every comparison operator and
// every update action, with malformed ones (wrong argument counts or types, mixed with
// expressions) mixed in. Sent after the expression operations, on the same tables.
class LegacyGenerator {
 public:
  explicit LegacyGenerator(std::uint64_t seed) : gen_(seed), rng_(gen_.rng()) {}
  Rng& rng() { return rng_; }
  Generator& gen() { return gen_; }

  // One condition on a non-key attribute: an operator with values that fit (mostly) its type.
  Json Condition(bool allow_invalid) {
    static const std::vector<std::string> kOps = {
        "EQ",   "NE",       "LE",           "LT",          "GE", "GT",     "NOT_NULL",
        "NULL", "CONTAINS", "NOT_CONTAINS", "BEGINS_WITH", "IN", "BETWEEN"};
    const std::string& op = rng_.Pick(kOps);
    Json values = Json::array();
    const bool number = rng_.Chance(50);
    auto value = [&] { return number ? gen_.SmallNumber() : gen_.Word(); };
    if (op == "EQ" || op == "NE") {
      values.push_back(rng_.Chance(20) ? gen_.WordSet() : value());
    } else if (op == "CONTAINS" || op == "NOT_CONTAINS" || op == "LE" || op == "LT" || op == "GE" ||
               op == "GT") {
      values.push_back(value());
    } else if (op == "BEGINS_WITH") {
      values.push_back({{"S", rng_.Chance(50) ? "x" : "h"}});
    } else if (op == "IN") {
      const int n = 1 + rng_.Below(3);
      for (int i = 0; i < n; ++i) values.push_back(value());
    } else if (op == "BETWEEN") {
      Json lo = value(), hi = value();
      const std::string key = number ? "N" : "S";
      const bool swap =
          number ? std::stod(lo[key].get<std::string>()) > std::stod(hi[key].get<std::string>())
                 : lo[key].get<std::string>() > hi[key].get<std::string>();
      if (swap && !(allow_invalid && rng_.Chance(10))) std::swap(lo, hi);
      values = {lo, hi};
    }
    if (allow_invalid && rng_.Chance(4)) values.push_back(value());  // wrong count
    if (allow_invalid && rng_.Chance(3) && !values.empty()) values[0] = gen_.WordSet();  // type
    Json c = {{"ComparisonOperator", op}};
    if (!values.empty()) c["AttributeValueList"] = values;
    return c;
  }

  // A condition map over a, b, c, l and m (1 to 3 members).
  Json ConditionMap(bool expected, Json* request) {
    static const std::vector<std::string> kAttributes = {"a", "b", "c", "l", "m"};
    Json map = Json::object();
    const int n = 1 + rng_.Below(3);
    for (int i = 0; i < n; ++i) {
      const std::string& name = rng_.Pick(kAttributes);
      if (!expected || rng_.Chance(50)) {
        map[name] = Condition(true);
      } else if (rng_.Chance(40)) {
        map[name] = {{"Exists", false}};
      } else {
        map[name] = {{"Value", name == "a" ? gen_.SmallNumber() : gen_.Word()}};
        if (rng_.Chance(30)) map[name]["Exists"] = true;
      }
    }
    if (map.size() > 1 && rng_.Chance(60))
      (*request)["ConditionalOperator"] = rng_.Chance(50) ? "AND" : "OR";
    return map;
  }

  Json Put(const TableDef& t) {
    Json r = {{"TableName", t.name}, {"Item", gen_.Item(t)}};
    r["Expected"] = ConditionMap(true, &r);
    if (rng_.Chance(40)) r["ReturnValues"] = "ALL_OLD";
    Mix(&r, "ConditionExpression");
    return r;
  }

  Json Delete(const TableDef& t) {
    Json r = {{"TableName", t.name}, {"Key", gen_.Key(t)}};
    if (rng_.Chance(80)) r["Expected"] = ConditionMap(true, &r);
    if (rng_.Chance(50)) r["ReturnValues"] = "ALL_OLD";
    Mix(&r, "ConditionExpression");
    return r;
  }

  // AttributeUpdates with every action: PUT, ADD on numbers, sets and lists
  // (and on a string: rejected), DELETE of a set's members and of whole attributes.
  Json Update(const TableDef& t) {
    Json r = {{"TableName", t.name}, {"Key", gen_.Key(t)}};
    Json updates = Json::object();
    const int n = 1 + rng_.Below(3);
    for (int i = 0; i < n; ++i) {
      switch (rng_.Below(11)) {
        case 0:
          updates["a"] = {{"Action", "PUT"}, {"Value", gen_.SmallNumber()}};
          break;
        case 1:
          updates["a"] = {{"Action", "ADD"}, {"Value", gen_.SmallNumber()}};
          break;
        case 2:
          updates["c"] = {{"Action", "ADD"}, {"Value", gen_.WordSet()}};
          break;
        case 3:
          updates["c"] = {{"Action", "DELETE"}, {"Value", gen_.WordSet()}};
          break;
        case 4:
          updates["l"] = {{"Action", "ADD"}, {"Value", {{"L", Json::array({gen_.Word()})}}}};
          break;
        case 5:
          updates[rng_.Chance(50) ? "c" : "l"] = {{"Action", "DELETE"}};
          break;
        case 6:
          updates["b"] = {{"Action", "ADD"}, {"Value", gen_.SmallNumber()}};  // b is a string
          break;
        case 7:
          updates["m"] = {{"Action", "PUT"}, {"Value", {{"M", {{"x", gen_.SmallNumber()}}}}}};
          break;
        case 8:
          updates["a"] = {{"Action", "DELETE"}, {"Value", gen_.WordSet()}};  // a is a number
          break;
        case 9:
          updates[t.partition.name] = {{"Value", gen_.Scalar(t.partition.type)}};  // a key
          break;
        default:
          // An explicit PUT: DynamoDB Local ignores an update without Action, where DynamoDB
          // defaults it to PUT (docs/differential.md).
          updates["b"] = {{"Action", "PUT"}, {"Value", gen_.Word()}};
          break;
      }
    }
    r["AttributeUpdates"] = updates;
    if (rng_.Chance(30)) r["Expected"] = ConditionMap(true, &r);
    static const std::vector<std::string> kReturn = {"NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW",
                                                     "UPDATED_NEW"};
    if (rng_.Chance(60)) r["ReturnValues"] = rng_.Pick(kReturn);
    Mix(&r, "UpdateExpression");
    return r;
  }

  Json AttributesToGet() {
    static const std::vector<std::string> kNames = {"a", "b", "c", "l", "m", "zz", "m.x"};
    Json names = Json::array();
    const int n = 1 + rng_.Below(3);
    for (int i = 0; i < n; ++i) {
      const std::string& name = rng_.Pick(kNames);
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
    return names;
  }

  Json Get(const TableDef& t) {
    Json r = {{"TableName", t.name}, {"Key", gen_.Key(t)}, {"AttributesToGet", AttributesToGet()}};
    Mix(&r, "ProjectionExpression");
    return r;
  }

  // A Query with KeyConditions on the table (with a QueryFilter) or on an index.
  Json Query(const TableDef& t, const IndexDef** index_out) {
    Json r = {{"TableName", t.name}};
    const IndexDef* index = nullptr;
    if (!t.indexes.empty() && rng_.Chance(30)) index = &rng_.Pick(t.indexes);
    *index_out = index;
    const KeyDef& partition = index ? index->partition : t.partition;
    const std::optional<KeyDef>& sort = index ? index->sort : t.sort;
    Json partition_value;
    if (partition.name == "g") {
      partition_value = {{"S", rng_.Pick(kGroups)}};
    } else if (partition.name == "n") {
      partition_value = gen_.SmallNumber();
    } else if (partition.name == "b") {
      partition_value = gen_.Word();
    } else {
      partition_value = gen_.Scalar(partition.type);
    }
    Json conditions = {{partition.name,
                        {{"ComparisonOperator", "EQ"}, {"AttributeValueList", {partition_value}}}}};
    if (sort && rng_.Chance(70)) {
      static const std::vector<std::string> kOps = {"EQ", "LT",      "LE",         "GT",
                                                    "GE", "BETWEEN", "BEGINS_WITH"};
      const std::string& op = rng_.Pick(kOps);
      auto v = [&] { return sort->name == "n" ? gen_.SmallNumber() : gen_.Scalar(sort->type); };
      Json values = {v()};
      if (op == "BETWEEN") values.push_back(v());  // may be rejected: lower > upper
      if (op == "BEGINS_WITH" && sort->type == 'S') values = {{{"S", "a"}}};
      conditions[sort->name] = {{"ComparisonOperator", op}, {"AttributeValueList", values}};
    }
    if (rng_.Chance(3)) conditions.erase(partition.name);  // rejected: no partition key
    if (index) r["IndexName"] = index->name;
    r["KeyConditions"] = conditions;
    if (!index && rng_.Chance(50)) r["QueryFilter"] = ConditionMap(false, &r);
    if (rng_.Chance(15)) {
      r["Select"] = "COUNT";
    } else if (!index && rng_.Chance(30)) {
      r["AttributesToGet"] = AttributesToGet();
      if (rng_.Chance(30)) r["Select"] = "SPECIFIC_ATTRIBUTES";
    }
    if (rng_.Chance(40)) r["ScanIndexForward"] = false;
    if (rng_.Chance(40)) r["Limit"] = 1 + rng_.Below(4);
    if (rng_.Chance(5)) {
      r["KeyConditionExpression"] = partition.name + " = :p";  // rejected: both forms
      r["ExpressionAttributeValues"] = {{":p", partition_value}};
    }
    return r;
  }

  Json Scan(const TableDef& t) {
    Json r = {{"TableName", t.name}};
    if (rng_.Chance(70)) r["ScanFilter"] = ConditionMap(false, &r);
    if (rng_.Chance(30)) r["AttributesToGet"] = AttributesToGet();
    if (rng_.Chance(50)) r["Limit"] = 2 + rng_.Below(10);
    Mix(&r, "FilterExpression");
    return r;
  }

  Json BatchGet() {
    Json r = gen_.BatchGet();
    for (auto it = r["RequestItems"].begin(); it != r["RequestItems"].end(); ++it)
      (*it)["AttributesToGet"] = AttributesToGet();
    return r;
  }

 private:
  // Now and then the expression form beside the legacy one: rejected.
  void Mix(Json* r, const char* expression) {
    if (!rng_.Chance(4)) return;
    const std::string e = expression;
    (*r)[e] = e == "UpdateExpression" ? "SET a = :v" : e == "ProjectionExpression" ? "a" : "a = :v";
    if (e != "ProjectionExpression")
      (*r)["ExpressionAttributeValues"] = {{":v", gen_.SmallNumber()}};
  }

  Generator gen_;
  Rng& rng_;
};

Json CreateTableRequest(const TableDef& t) {
  Json defs = Json::array();
  std::vector<std::string> defined;
  auto define = [&](const KeyDef& k) {
    if (std::find(defined.begin(), defined.end(), k.name) != defined.end()) return;
    defined.push_back(k.name);
    defs.push_back({{"AttributeName", k.name}, {"AttributeType", TypeKey(k.type)}});
  };
  auto schema = [](const KeyDef& p, const std::optional<KeyDef>& s) {
    Json out = Json::array({{{"AttributeName", p.name}, {"KeyType", "HASH"}}});
    if (s) out.push_back({{"AttributeName", s->name}, {"KeyType", "RANGE"}});
    return out;
  };
  define(t.partition);
  if (t.sort) define(*t.sort);
  Json r = {{"TableName", t.name},
            {"KeySchema", schema(t.partition, t.sort)},
            {"BillingMode", "PAY_PER_REQUEST"}};
  for (const IndexDef& ix : t.indexes) {
    define(ix.partition);
    if (ix.sort) define(*ix.sort);
    Json projection = {{"ProjectionType", ix.projection}};
    if (!ix.include.empty()) projection["NonKeyAttributes"] = ix.include;
    Json index = {{"IndexName", ix.name},
                  {"KeySchema", schema(ix.partition, ix.sort)},
                  {"Projection", projection}};
    r[ix.local ? "LocalSecondaryIndexes" : "GlobalSecondaryIndexes"].push_back(index);
  }
  r["AttributeDefinitions"] = defs;
  if (!t.stream_view.empty()) {
    r["StreamSpecification"] = {{"StreamEnabled", true}, {"StreamViewType", t.stream_view}};
  }
  return r;
}

std::string ErrorName(const Json& body) {
  std::string type = body.value("__type", std::string());
  const auto hash = type.rfind('#');
  return hash == std::string::npos ? type : type.substr(hash + 1);
}

// DynamoDB's canonical number text: plain notation, no leading or trailing zeros ("1.0" -> "1",
// "1E+2" -> "100", "-0.00" -> "0"). Input is a valid DynamoDB number.
std::string CanonicalNumber(const std::string& text) {
  std::string s = text;
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.erase(0, 1);
  }
  long exponent = 0;
  if (const auto e = s.find_first_of("eE"); e != std::string::npos) {
    exponent = std::strtol(s.c_str() + e + 1, nullptr, 10);
    s.erase(e);
  }
  // Digits with the decimal point at `point` (digits before it).
  std::string digits;
  long point = 0;
  bool seen_point = false;
  for (const char c : s) {
    if (c == '.') {
      seen_point = true;
    } else {
      digits.push_back(c);
      if (!seen_point) ++point;
    }
  }
  point += exponent;
  // Trim leading zeros (moving the point) and trailing zeros.
  std::size_t lead = 0;
  while (lead < digits.size() && digits[lead] == '0') ++lead;
  digits.erase(0, lead);
  point -= static_cast<long>(lead);
  while (!digits.empty() && digits.back() == '0') digits.pop_back();
  if (digits.empty()) return "0";
  std::string out;
  if (point <= 0) {
    out = "0." + std::string(static_cast<std::size_t>(-point), '0') + digits;
  } else if (point >= static_cast<long>(digits.size())) {
    out = digits + std::string(static_cast<std::size_t>(point) - digits.size(), '0');
  } else {
    out = digits.substr(0, static_cast<std::size_t>(point)) + "." +
          digits.substr(static_cast<std::size_t>(point));
  }
  return negative ? "-" + out : out;
}

// Rewrites every {"N": ...} and {"NS": [...]} in `j` to canonical text, and sorts set members.
// DynamoDB Local returns arithmetic results with Java BigDecimal's scale ("0.5 + 0.5" gives "1.0");
// DynamoDB "1".
void CanonicalNumbers(Json* j) {
  if (j->is_object()) {
    if (j->size() == 1 && j->contains("N") && (*j)["N"].is_string()) {
      (*j)["N"] = CanonicalNumber((*j)["N"].get<std::string>());
      return;
    }
    if (j->size() == 1 && j->contains("NS") && (*j)["NS"].is_array()) {
      for (Json& n : (*j)["NS"]) {
        if (n.is_string()) n = CanonicalNumber(n.get<std::string>());
      }
      std::sort((*j)["NS"].begin(), (*j)["NS"].end());
      return;
    }
    // A set's members have no order ("The order of the values within a set is not preserved",
    // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html):
    // DynamoDB Local appends the members a legacy AttributeUpdates ADD brings, we keep them
    // sorted.
    for (const char* set : {"SS", "BS"}) {
      if (j->size() == 1 && j->contains(set) && (*j)[set].is_array()) {
        std::sort((*j)[set].begin(), (*j)[set].end());
        return;
      }
    }
    for (auto& [key, value] : j->items()) CanonicalNumbers(&value);
  } else if (j->is_array()) {
    for (Json& element : *j) CanonicalNumbers(&element);
  }
}

// What is compared of one answer: the status, then either the exception name (plus the items a
// failed condition returns) or the whole success body with unordered collections sorted.
// Fixed PartiQL requests (ExecuteStatement, BatchExecuteStatement, ExecuteTransaction) on
// diff_s (pk S, sk S), sent after the random operations on keys those never use ("pq...").
std::vector<std::pair<std::string, Json>> PartiqlRequests() {
  auto st = [](const std::string& text, Json params = nullptr) {
    Json j = {{"Statement", text}};
    if (!params.is_null()) j["Parameters"] = params;
    return j;
  };
  std::vector<std::pair<std::string, Json>> out;
  auto exec = [&](const std::string& text, Json params = nullptr) {
    out.emplace_back("ExecuteStatement", st(text, std::move(params)));
  };
  exec("INSERT INTO \"diff_s\" VALUE {'pk': 'pq1', 'sk': 'a', 'n': 1, 'w': 'x'}");
  exec("INSERT INTO diff_s VALUE {'pk': 'pq1', 'sk': 'a'}");  // duplicate key
  exec(
      "INSERT INTO diff_s VALUE {'pk': ?, 'sk': ?, 'n': 2, 'l': [1, 'a'], 'm': {'k': true}, "
      "'ss': <<'p', 'q'>>, 'z': null}",
      Json::array({{{"S", "pq1"}}, {{"S", "b"}}}));
  exec("INSERT INTO diff_s VALUE {'pk': 'pq2', 'sk': 'c', 'n': 3}");
  exec("INSERT INTO diff_s VALUE {'pk': 'pq1'}");  // missing sort key
  exec("SELECT * FROM diff_s WHERE pk = 'pq1'");
  exec("SELECT pk, sk, n FROM diff_s WHERE pk = 'pq1' ORDER BY sk DESC");
  exec("SELECT * FROM diff_s WHERE pk = 'pq1' AND sk BETWEEN 'a' AND 'az'");
  exec("SELECT * FROM diff_s WHERE pk = 'pq1' AND begins_with(sk, 'b')");
  exec("SELECT * FROM diff_s WHERE pk IN ['pq1', 'pq2'] AND n >= 2");
  exec("SELECT * FROM diff_s WHERE pk = 'pq1' AND (w IS MISSING OR size(l) = 2)");
  exec("SELECT * FROM diff_s WHERE pk = 'pq1' AND attribute_type(n, 'N') AND NOT n = 1");
  exec("SELECT * FROM diff_s WHERE pk = 'pq1' AND contains(ss, 'p')");
  exec("SELECT * FROM diff_s WHERE pk = 'pq1' ORDER BY n");  // not a key
  exec("SELECT * FROM diff_s WHERE n = ?");                  // parameter missing
  exec("SELEC * FROM diff_s");                               // malformed
  exec("SELECT * FROM diff_s WHERE pk = 'pq0' OR pk = 'pq2'");
  exec("UPDATE diff_s SET n = n + 10, w = 'y' WHERE pk = 'pq1' AND sk = 'a' RETURNING ALL NEW *");
  exec(
      "UPDATE diff_s SET l = list_append(l, [3]) REMOVE z WHERE pk = 'pq1' AND sk = 'b' "
      "RETURNING MODIFIED OLD *");
  exec(
      "UPDATE diff_s SET ss = set_add(ss, <<'r'>>) WHERE pk = 'pq1' AND sk = 'b' "
      "RETURNING MODIFIED NEW *");
  exec("UPDATE diff_s SET n = 1 WHERE pk = 'pq9' AND sk = 'a'");  // no such item
  exec("UPDATE diff_s SET n = 1 WHERE pk = 'pq1'");               // sort key missing
  exec("UPDATE diff_s SET n = 1 WHERE pk = 'pq1' AND sk = 'a' AND n = 99");
  exec("UPDATE diff_s SET pk = 'x' WHERE pk = 'pq1' AND sk = 'a'");
  exec("DELETE FROM diff_s WHERE pk = 'pq9' AND sk = 'a'");
  exec("DELETE FROM diff_s WHERE pk = 'pq2' AND sk = 'c' AND n = 0");
  exec("DELETE FROM diff_s WHERE pk = 'pq2' AND sk = 'c' RETURNING ALL OLD *");
  out.emplace_back("BatchExecuteStatement",
                   Json{{"Statements",
                         {st("INSERT INTO diff_s VALUE {'pk': 'pq3', 'sk': 'a'}"),
                          st("INSERT INTO diff_s VALUE {'pk': 'pq1', 'sk': 'a'}"),
                          st("UPDATE diff_s SET n = 5 WHERE pk = 'pq9' AND sk = 'a'"),
                          st("DELETE FROM diff_s WHERE pk = 'pq5' AND sk = 'a'")}}});
  out.emplace_back("BatchExecuteStatement",
                   Json{{"Statements",
                         {st("SELECT * FROM diff_s WHERE pk = 'pq1' AND sk = 'a'"),
                          st("SELECT n FROM diff_s WHERE pk = ? AND sk = ?",
                             Json::array({{{"S", "pq1"}}, {{"S", "b"}}})),
                          st("SELECT * FROM diff_s WHERE pk = 'pq9' AND sk = 'a'")}}});
  out.emplace_back("ExecuteTransaction",
                   Json{{"TransactStatements",
                         {st("INSERT INTO diff_s VALUE {'pk': 'pq4', 'sk': 'a'}"),
                          st("UPDATE diff_s SET n = 1 WHERE pk = 'pq9' AND sk = 'a'")}}});
  out.emplace_back("ExecuteTransaction",
                   Json{{"TransactStatements",
                         {st("INSERT INTO diff_s VALUE {'pk': 'pq4', 'sk': 'a'}"),
                          st("UPDATE diff_s SET n = 7 WHERE pk = 'pq1' AND sk = 'a'")}}});
  out.emplace_back("ExecuteTransaction",
                   Json{{"TransactStatements",
                         {st("SELECT * FROM diff_s WHERE pk = 'pq4' AND sk = 'a'"),
                          st("SELECT n FROM diff_s WHERE pk = 'pq1' AND sk = 'a'")}}});
  return out;
}

Json Normalize(const std::string& op, const Json& request, const peer::Reply& reply) {
  Json out = {{"status", reply.status}};
  Json body = Json::parse(reply.body, nullptr, false);
  if (body.is_discarded()) {
    out["unparsable"] = reply.body;
    return out;
  }
  CanonicalNumbers(&body);
  if (reply.status != 200) {
    out["error"] = ErrorName(body);
    // DynamoDB Local names PartiQL's duplicate-key exception "DuplicateItem"; DynamoDB
    // (API_ExecuteStatement.html) "DuplicateItemException".
    if (out["error"] == "DuplicateItem") out["error"] = "DuplicateItemException";
    if (body.contains("Item")) out["Item"] = body["Item"];
    if (body.contains("CancellationReasons")) {
      // DynamoDB Local stops at the first ValidationError and lists only the reasons up to it;
      // DynamoDB lists one per action. The reasons other than "None" are compared, up to the
      // first ValidationError.
      Json reasons = Json::array();
      for (const Json& r : body["CancellationReasons"]) {
        Json reason = {{"Code", r.value("Code", std::string())}};
        if (reason["Code"] == "None") continue;
        if (r.contains("Item")) reason["Item"] = r["Item"];
        reasons.push_back(reason);
        if (reason["Code"] == "ValidationError") break;
      }
      out["CancellationReasons"] = reasons;
    }
    return out;
  }
  // UpdateTable's TableDescription carries each peer's own ARNs, times and index statuses
  // (DynamoDB Local's index is ACTIVE at once, ours CREATING until the next DescribeTable):
  // only the outcome is compared, and then what the indexes serve.
  if (op == "UpdateTable") return out;
  // CreateTable and DeleteTable of the deletion-protection phase: each peer's ARNs and times
  // differ; the status and the protection flag are compared, and CreateTable's TableStatus.
  // DeleteTable's TableStatus is not: DynamoDB answers DELETING
  // (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteTable.html), as
  // model serve does, where DynamoDB Local answers ACTIVE.
  if (op == "CreateTable" || op == "DeleteTable") {
    const Json& d = body["TableDescription"];
    if (op == "CreateTable") out["TableStatus"] = d.value("TableStatus", "");
    out["DeletionProtectionEnabled"] = d.value("DeletionProtectionEnabled", false);
    return out;
  }
  if (body.contains("ConsumedCapacity")) {
    const std::string mode = request.value("ReturnConsumedCapacity", std::string("NONE"));
    // DynamoDB Local answers some unconditional and conditional deletes with ConsumedCapacity
    // nobody asked for; DynamoDB returns it only when asked.
    if (mode == "NONE") body.erase("ConsumedCapacity");
  }
  // DynamoDB Local's transactional write capacity is not consistent with itself (one small
  // Delete costs 4 units, a missing item's Delete 1, three small writes 2): not compared. The
  // unit tests hold ours to AWS's documented rule (2 units per KB per action).
  if (op == "TransactWriteItems") body.erase("ConsumedCapacity");
  auto sort_items = [](Json* items) {
    std::sort(items->begin(), items->end(),
              [](const Json& a, const Json& b) { return a.dump() < b.dump(); });
  };
  if (op == "Scan" && body.contains("Items")) sort_items(&body["Items"]);
  // Several partitions of one SELECT come in an unspecified order; batch errors' messages are
  // DynamoDB Local's own wording, like every error message.
  if (op == "ExecuteStatement" && body.contains("Items") &&
      request.value("Statement", std::string()).find("ORDER BY") == std::string::npos)
    sort_items(&body["Items"]);
  if (op == "BatchExecuteStatement" && body.contains("Responses")) {
    for (Json& r : body["Responses"]) {
      if (r.contains("Error")) r["Error"].erase("Message");
    }
  }
  // DynamoDB Local charges keys that are not found in a BatchGetItem nothing (DynamoDB charges
  // them like GetItem), and a DeleteRequest of a missing item 2 units (DynamoDB: 1, like
  // DeleteItem): batch capacity is not compared.
  if (op == "BatchGetItem" || op == "BatchWriteItem") body.erase("ConsumedCapacity");
  if (op == "BatchGetItem" && body.contains("Responses")) {
    for (auto& [table, items] : body["Responses"].items()) sort_items(&items);
  }
  // ConsumedCapacity lists per table: order them by table name.
  if (body.contains("ConsumedCapacity") && body["ConsumedCapacity"].is_array()) {
    sort_items(&body["ConsumedCapacity"]);
  }
  // DynamoDB charges a Query or Scan that reads nothing the minimum (0.5 / 1 unit);
  // DynamoDB Local reports 0. Both answers are kept only as "read nothing".
  if ((op == "Query" || op == "Scan") && body.value("ScannedCount", -1) == 0 &&
      body.contains("ConsumedCapacity")) {
    body["ConsumedCapacity"] = "read nothing";
  }
  out["body"] = body;
  return out;
}

std::string Clip(const std::string& text) {
  constexpr std::size_t kMax = 1500;
  return text.size() <= kMax ? text : text.substr(0, kMax) + "...";
}

struct Runner {
  peer::Endpoint* ours;
  peer::Endpoint* theirs;
  bool verbose = false;
  std::int64_t requests = 0;
  std::int64_t differences = 0;
  std::int64_t errors_agreed = 0;
  double ours_seconds = 0, theirs_seconds = 0;  // time waiting for each endpoint

  // Sends one request to both; returns both normalized answers and whether they agree.
  bool Send(std::int64_t index, const std::string& op, const Json& request, Json* ours_out,
            Json* theirs_out) {
    const std::string body = request.dump();
    auto t0 = std::chrono::steady_clock::now();
    const peer::Reply a = ours->Call(op, body);
    auto t1 = std::chrono::steady_clock::now();
    const peer::Reply b = theirs->Call(op, body);
    ours_seconds += std::chrono::duration<double>(t1 - t0).count();
    theirs_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
    ++requests;
    *ours_out = Normalize(op, request, a);
    *theirs_out = Normalize(op, request, b);
    if (*ours_out == *theirs_out) {
      if (a.status != 200) ++errors_agreed;
      if (verbose)
        std::fprintf(stderr, "#%lld %s ok (%d)\n", static_cast<long long>(index), op.c_str(),
                     a.status);
      return true;
    }
    ++differences;
    if (differences <= 20) {
      std::printf(
          "difference at operation #%lld: %s\n  request:        %s\n  model serve:    %s\n"
          "  DynamoDB Local: %s\n  (raw: %s)\n",
          static_cast<long long>(index), op.c_str(), Clip(body).c_str(),
          Clip(ours_out->dump()).c_str(), Clip(theirs_out->dump()).c_str(), Clip(b.body).c_str());
    }
    return false;
  }

  // Query on an index, and Scan: DynamoDB leaves the order of items with equal index keys (and
  // of a Scan) unspecified, and DynamoDB Local's differs from ours, so each side's pages are
  // followed to the end on their own and the concatenated items compared with each run of equal
  // index sort keys (a Scan: all items) sorted; counts, the number of pages and the total
  // capacity must agree exactly.
  void PaginateEachSide(std::int64_t index, const std::string& op, Json request,
                        const IndexDef* ix) {
    auto collect = [&](peer::Endpoint* endpoint) {
      Json req = request;
      Json items = Json::array();
      std::int64_t count = 0, scanned = 0, pages = 0;
      double units = 0;
      for (int page = 0; page < 200; ++page) {
        const auto t0 = std::chrono::steady_clock::now();
        const peer::Reply reply = endpoint->Call(op, req.dump());
        (endpoint == ours ? ours_seconds : theirs_seconds) +=
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const Json answer = Normalize(op, req, reply);
        if (answer["status"] != 200) return answer;
        const Json& body = answer["body"];
        ++pages;
        for (const Json& item : body.value("Items", Json::array())) items.push_back(item);
        count += body.value("Count", 0);
        scanned += body.value("ScannedCount", 0);
        if (body.contains("ConsumedCapacity") && body["ConsumedCapacity"].is_object()) {
          // DynamoDB Local charges an LSI Query as if it read the table items (more than the
          // index entries DynamoDB charges): capacity is compared on GSIs only.
          if (!(ix && ix->local)) units += body["ConsumedCapacity"].value("CapacityUnits", 0.0);
        }
        if (!body.contains("LastEvaluatedKey")) break;
        req["ExclusiveStartKey"] = body["LastEvaluatedKey"];
      }
      // Sort each run of items sharing the index sort key value (or all, without one).
      std::size_t begin = 0;
      while (begin < items.size()) {
        std::size_t end = begin + 1;
        // Scan: every item's order is unspecified; Query on an index: ties of the sort key.
        auto sort_value = [&](const Json& item) {
          return ix && ix->sort ? item.value(ix->sort->name, Json()) : Json();
        };
        while (end < items.size() && sort_value(items[end]) == sort_value(items[begin])) ++end;
        std::sort(items.begin() + static_cast<std::ptrdiff_t>(begin),
                  items.begin() + static_cast<std::ptrdiff_t>(end),
                  [](const Json& a, const Json& b) { return a.dump() < b.dump(); });
        begin = end;
      }
      return Json{{"status", 200},           {"Items", items}, {"Count", count},
                  {"ScannedCount", scanned}, {"pages", pages}, {"CapacityUnits", units}};
    };
    const Json a = collect(ours);
    const Json b = collect(theirs);
    ++requests;
    if (a == b) {
      if (a["status"] != 200) ++errors_agreed;
      return;
    }
    ++differences;
    if (differences <= 20) {
      std::printf(
          "difference at operation #%lld: %s (all pages)\n  request:        %s\n"
          "  model serve:    %s\n  DynamoDB Local: %s\n",
          static_cast<long long>(index), op.c_str(), Clip(request.dump()).c_str(),
          Clip(a.dump()).c_str(), Clip(b.dump()).c_str());
    }
  }

  // All change records of a table's stream, through the DynamoDB Streams API, reduced to what
  // both peers must agree on.
  static Json StreamRecords(peer::Endpoint* endpoint, const std::string& table) {
    const std::string prefix = "DynamoDBStreams_20120810.";
    auto call = [&](const std::string& op, const Json& body) {
      const peer::Reply reply = endpoint->CallTarget(prefix + op, body.dump());
      Json answer = Json::parse(reply.body, nullptr, false);
      if (reply.status != 200 || answer.is_discarded()) {
        return Json{{"error", reply.status}, {"body", reply.body}};
      }
      return answer;
    };
    Json listed = call("ListStreams", {{"TableName", table}});
    if (listed.contains("error") || listed["Streams"].empty()) return listed;
    const std::string arn = listed["Streams"][0]["StreamArn"];
    Json described = call("DescribeStream", {{"StreamArn", arn}});
    if (described.contains("error")) return described;
    Json records = Json::array();
    for (const Json& shard : described["StreamDescription"]["Shards"]) {
      Json it = call("GetShardIterator", {{"StreamArn", arn},
                                          {"ShardId", shard["ShardId"]},
                                          {"ShardIteratorType", "TRIM_HORIZON"}});
      if (it.contains("error")) return it;
      std::string iterator = it["ShardIterator"];
      for (int page = 0; page < 10000 && !iterator.empty(); ++page) {
        Json got = call("GetRecords", {{"ShardIterator", iterator}});
        if (got.contains("error")) return got;
        if (got["Records"].empty()) break;
        for (Json& r : got["Records"]) {
          Json data = r["dynamodb"];
          CanonicalNumbers(&data);
          Json kept = {{"eventName", r["eventName"]},
                       {"Keys", data["Keys"]},
                       {"SizeBytes", data["SizeBytes"]},
                       {"StreamViewType", data["StreamViewType"]}};
          if (data.contains("NewImage")) kept["NewImage"] = data["NewImage"];
          if (data.contains("OldImage")) kept["OldImage"] = data["OldImage"];
          records.push_back(kept);
        }
        iterator = got.value("NextShardIterator", std::string());
      }
    }
    return records;
  }

  void CompareStream(std::int64_t index, const std::string& table) {
    // DynamoDB orders the records of one item; records of different items may interleave
    // differently (DynamoDB Local orders a batch's writes its own way), so records are grouped
    // by item key, in order within each group.
    auto by_key = [](const Json& records) {
      if (!records.is_array()) return records;
      Json groups = Json::object();
      for (const Json& r : records) groups[r["Keys"].dump()].push_back(r);
      Json out = Json::array();
      for (auto& [key, list] : groups.items()) {
        for (const Json& r : list) out.push_back(r);
      }
      return out;
    };
    const Json a = by_key(StreamRecords(ours, table));
    const Json b = by_key(StreamRecords(theirs, table));
    ++requests;
    if (a == b) return;
    ++differences;
    std::size_t at = 0;
    while (a.is_array() && b.is_array() && at < a.size() && at < b.size() && a[at] == b[at]) ++at;
    std::printf(
        "difference at operation #%lld: the stream of %s (%zu and %zu records; first "
        "difference at record %zu)\n  model serve:    %s\n  DynamoDB Local: %s\n",
        static_cast<long long>(index), table.c_str(), a.is_array() ? a.size() : 0,
        b.is_array() ? b.size() : 0, at,
        Clip(a.is_array() && at < a.size() ? a[at].dump() : a.dump()).c_str(),
        Clip(b.is_array() && at < b.size() ? b[at].dump() : b.dump()).c_str());
  }

  // The Streams API's pages, times and errors, compared by shape (ARNs, labels, shard ids and
  // times are each peer's own): ListStreams paged one stream at a time (the tables seen and the
  // number of pages), DescribeStream with Limit 1 and from after its own shard (the members of
  // StreamDescription, CreationRequestDateTime a number, the shard counts, no
  // LastEvaluatedShardId), every record's ApproximateCreationDateTime a whole number of seconds,
  // and the exception names of out-of-range limits, a short shard id and a malformed iterator.
  // A malformed stream ARN is compared by status only: DynamoDB Streams answers
  // ValidationException "Invalid StreamArn", DynamoDB Local ResourceNotFoundException.
  static Json StreamsApiShape(peer::Endpoint* endpoint, const std::vector<std::string>& tables) {
    const std::string prefix = "DynamoDBStreams_20120810.";
    auto call = [&](const std::string& op, const Json& body) {
      const peer::Reply reply = endpoint->CallTarget(prefix + op, body.dump());
      Json answer = Json::parse(reply.body, nullptr, false);
      if (answer.is_discarded()) answer = Json::object();
      answer["status"] = reply.status;
      return answer;
    };
    auto error = [](const Json& answer) {
      const std::string type = answer.value("__type", "");
      return Json{{"status", answer["status"]}, {"type", type.substr(type.find('#') + 1)}};
    };
    Json out = Json::object();
    Json seen = Json::array();
    int pages = 0;
    Json request = {{"Limit", 1}};
    for (; pages < 100; ++pages) {
      const Json page = call("ListStreams", request);
      if (page["status"] != 200) return Json{{"ListStreams", error(page)}};
      for (const Json& stream : page["Streams"]) seen.push_back(stream["TableName"]);
      if (!page.contains("LastEvaluatedStreamArn")) break;
      request["ExclusiveStartStreamArn"] = page["LastEvaluatedStreamArn"];
    }
    std::sort(seen.begin(), seen.end());
    out["ListStreams"] = {{"tables", seen}, {"pages", pages + 1}};
    for (const std::string& table : tables) {
      const Json listed = call("ListStreams", {{"TableName", table}});
      if (listed["status"] != 200 || listed["Streams"].empty()) {
        out[table] = error(listed);
        continue;
      }
      const std::string arn = listed["Streams"][0]["StreamArn"];
      Json shape = Json::object();
      const Json one = call("DescribeStream", {{"StreamArn", arn}, {"Limit", 1}});
      if (one["status"] != 200) {
        out[table] = error(one);
        continue;
      }
      const Json& d = one["StreamDescription"];
      Json members = Json::array();
      for (auto it = d.begin(); it != d.end(); ++it) members.push_back(it.key());
      std::sort(members.begin(), members.end());
      shape["members"] = members;
      shape["created_is_number"] =
          d.contains("CreationRequestDateTime") && d["CreationRequestDateTime"].is_number();
      shape["shards"] = d["Shards"].size();
      shape["status"] = d["StreamStatus"];
      shape["view"] = d["StreamViewType"];
      shape["key_schema"] = d["KeySchema"];
      const std::string shard = d["Shards"][0]["ShardId"];
      const Json after =
          call("DescribeStream", {{"StreamArn", arn}, {"ExclusiveStartShardId", shard}});
      shape["shards_after_first"] =
          after["status"] == 200 ? Json(after["StreamDescription"]["Shards"].size()) : error(after);
      const Json it =
          call("GetShardIterator",
               {{"StreamArn", arn}, {"ShardId", shard}, {"ShardIteratorType", "TRIM_HORIZON"}});
      const Json got =
          call("GetRecords", {{"ShardIterator", it.value("ShardIterator", "")}, {"Limit", 100}});
      bool whole_seconds = got["status"] == 200 && !got["Records"].empty();
      if (got["status"] == 200) {
        for (const Json& r : got["Records"]) {
          const Json& t = r["dynamodb"]["ApproximateCreationDateTime"];
          whole_seconds =
              whole_seconds && t.is_number() &&
              t.get<double>() == static_cast<double>(static_cast<long long>(t.get<double>()));
        }
      }
      shape["record_times_in_whole_seconds"] = whole_seconds;
      shape["limit 0"] = error(call("DescribeStream", {{"StreamArn", arn}, {"Limit", 0}}));
      shape["limit 101"] = error(call("DescribeStream", {{"StreamArn", arn}, {"Limit", 101}}));
      shape["short shard id"] =
          error(call("DescribeStream", {{"StreamArn", arn}, {"ExclusiveStartShardId", "short"}}));
      shape["bad iterator"] = error(call("GetRecords", {{"ShardIterator", "garbage"}}));
      shape["malformed arn status"] =
          call("DescribeStream",
               {{"StreamArn", "nonsense-but-long-enough-to-pass-the-length-check"}})["status"];
      out[table] = shape;
    }
    out["ListStreams limit 0"] = error(call("ListStreams", {{"Limit", 0}}));
    out["ListStreams limit 101"] = error(call("ListStreams", {{"Limit", 101}}));
    return out;
  }

  void CompareStreamsApi(std::int64_t index, const std::vector<std::string>& tables) {
    const Json a = StreamsApiShape(ours, tables);
    const Json b = StreamsApiShape(theirs, tables);
    ++requests;
    if (a == b) return;
    ++differences;
    std::printf(
        "difference at operation #%lld: the Streams API's pages and errors\n  model serve:    %s\n"
        "  DynamoDB Local: %s\n",
        static_cast<long long>(index), Clip(a.dump()).c_str(), Clip(b.dump()).c_str());
  }

  // Query and Scan: follow LastEvaluatedKey page by page while both agree.
  void Paginate(std::int64_t index, const std::string& op, Json request) {
    for (int page = 0; page < 200; ++page) {
      Json a, b;
      if (!Send(index, op, request, &a, &b)) return;
      if (a["status"] != 200 || !a["body"].contains("LastEvaluatedKey")) return;
      request["ExclusiveStartKey"] = a["body"]["LastEvaluatedKey"];
    }
  }
};

// Waits (up to a minute) until every GSI of `table` is ACTIVE: DynamoDB Local, like DynamoDB,
// builds and removes indexes in the background; ours are ACTIVE by the next DescribeTable.
void WaitForIndexes(peer::Endpoint& endpoint, const std::string& table) {
  for (int attempt = 0; attempt < 600; ++attempt) {
    const peer::Reply reply = endpoint.Call("DescribeTable", Json{{"TableName", table}}.dump());
    const Json body = Json::parse(reply.body, nullptr, false);
    bool settled = reply.status == 200 && !body.is_discarded();
    if (settled && body["Table"].contains("GlobalSecondaryIndexes")) {
      for (const Json& index : body["Table"]["GlobalSecondaryIndexes"]) {
        if (index.value("IndexStatus", "") != "ACTIVE") settled = false;
      }
    }
    if (settled) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

// Requests checked once before the random sequence: input DynamoDB rejects at validation, each
// with its exception name (the messages are pinned by tests/unit/sim/wire_input_test.cpp).
// Tables: diff_s (pk S, sk S), diff_n (pk N, sk N; GSI by_b (b S) KEYS_ONLY).
std::vector<std::pair<std::string, Json>> FixedCases() {
  const Json item = {{"pk", {{"S", "fixed"}}}, {"sk", {{"S", "1"}}}};
  auto put = [&](const std::string& condition, const Json& values) {
    Json request = {{"TableName", "diff_s"}, {"Item", item}, {"ConditionExpression", condition}};
    if (!values.is_null()) request["ExpressionAttributeValues"] = values;
    return std::pair<std::string, Json>{"PutItem", request};
  };
  return {
      // Ordering a non-scalar: "Incorrect operand type for operator or function".
      put("a > :v", {{":v", {{"L", Json::array()}}}}),
      put("a < :v", {{":v", {{"BOOL", true}}}}),
      put("a BETWEEN :v AND :v", {{":v", {{"SS", {"x"}}}}}),
      put("size(size(a)) = :v", {{":v", {{"N", "1"}}}}),
      // NOT of NOT parses (and fails the condition on the absent item).
      put("NOT NOT attribute_exists(pk)", Json()),
      // Present but empty: "The expression can not be empty;".
      put("", Json()),
      // A KEYS_ONLY GSI cannot project what it does not hold.
      {"Query",
       {{"TableName", "diff_n"},
        {"IndexName", "by_b"},
        {"KeyConditionExpression", "b = :b"},
        {"ProjectionExpression", "zz"},
        {"ExpressionAttributeValues", {{":b", {{"S", "x"}}}}}}},
      {"ListTables", {{"Limit", 0}}},
      {"Frobnicate", Json::object()},
      // Empty attribute names: "Empty attribute name"; "ExpressionAttributeNames contains
      // invalid value: Empty attribute name for key #a".
      {"PutItem",
       {{"TableName", "diff_s"},
        {"Item", {{"pk", {{"S", "e"}}}, {"sk", {{"S", "1"}}}, {"", {{"S", "x"}}}}}}},
      {"PutItem",
       {{"TableName", "diff_s"},
        {"Item",
         {{"pk", {{"S", "e"}}}, {"sk", {{"S", "1"}}}, {"m", {{"M", {{"", {{"N", "1"}}}}}}}}}}},
      {"UpdateItem",
       {{"TableName", "diff_s"},
        {"Key", {{"pk", {{"S", "e"}}}, {"sk", {{"S", "1"}}}}},
        {"UpdateExpression", "SET #a = :v"},
        {"ExpressionAttributeNames", {{"#a", ""}}},
        {"ExpressionAttributeValues", {{":v", {{"S", "x"}}}}}}},
  };
}

// Multi-attribute GSI keys (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/
// GSI.html#GSI.MultiAttributeKeys), which DynamoDB Local 3.3.0 implements: table diff_m (pk S)
// with GSI by_multi (HASH ma S, mb N; RANGE mc N, md S, me B; ALL). Its items and requests,
// built from `rng`: each item's `me` is unique, so no two index entries tie and every page,
// LastEvaluatedKey included, must agree exactly.
struct MultiKeyCase {
  std::string op;
  Json request;
  bool paginate = false;   // Query or Scan whose pages are followed
  bool each_side = false;  // a Scan: order unspecified
};

Json MultiKeyDef(const char* name, const char* type) {
  return Json{{"AttributeName", name}, {"AttributeType", type}};
}

Json MultiKeyElement(const char* name, const char* type) {
  return Json{{"AttributeName", name}, {"KeyType", type}};
}

// A Query of diff_m's by_multi (Limit only when `limit` > 0).
Json MultiKeyQuery(const std::string& condition, Json values, int limit, bool forward) {
  Json r = {{"TableName", "diff_m"},
            {"IndexName", "by_multi"},
            {"KeyConditionExpression", condition},
            {"ExpressionAttributeValues", std::move(values)},
            {"ScanIndexForward", forward},
            {"ReturnConsumedCapacity", "INDEXES"}};
  if (limit > 0) r["Limit"] = limit;
  return r;
}

// The values of diff_m's items and key conditions: ma and mb (by_multi's partition key), mc and
// md (its first two sort key attributes); me's bytes are base64 digits of kMultiDigits.
const std::vector<std::string> kMultiA = {"x", "y"};
const std::vector<std::string> kMultiB = {"1", "2"};
const std::vector<std::string> kMultiC = {"-1.5", "0", "1", "1.50", "2", "10", "007"};
const std::vector<std::string> kMultiD = {"a", "ab", "a b", "b", "\xc3\xa9", "a#1"};
const char* const kMultiDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// diff_m's CreateTable cases: schemas both must refuse, then the table itself.
std::vector<MultiKeyCase> MultiKeySchemaCases() {
  const auto def = MultiKeyDef;
  const auto key = MultiKeyElement;
  const Json schema = {key("ma", "HASH"), key("mb", "HASH"), key("mc", "RANGE"), key("md", "RANGE"),
                       key("me", "RANGE")};
  const Json defs = {def("pk", "S"), def("ma", "S"), def("mb", "N"),
                     def("mc", "N"), def("md", "S"), def("me", "B")};
  auto table = [&](const Json& gsi_schema, const Json& definitions) {
    return Json{{"TableName", "diff_m"},
                {"BillingMode", "PAY_PER_REQUEST"},
                {"AttributeDefinitions", definitions},
                {"KeySchema", {key("pk", "HASH")}},
                {"GlobalSecondaryIndexes",
                 {{{"IndexName", "by_multi"},
                   {"KeySchema", gsi_schema},
                   {"Projection", {{"ProjectionType", "ALL"}}}}}}};
  };
  std::vector<MultiKeyCase> out;
  // Schemas both must refuse: five HASH, five RANGE, HASH after RANGE, no HASH, a repeated
  // name, an undefined attribute, an LSI of three elements.
  const Json extra = {def("pk", "S"), def("ma", "S"), def("mb", "N"), def("mc", "N"),
                      def("md", "S"), def("me", "B"), def("mf", "S")};
  out.push_back({"CreateTable", table({key("ma", "HASH"), key("mb", "HASH"), key("mc", "HASH"),
                                       key("md", "HASH"), key("me", "HASH")},
                                      defs)});
  out.push_back({"CreateTable", table({key("ma", "HASH"), key("mb", "RANGE"), key("mc", "RANGE"),
                                       key("md", "RANGE"), key("me", "RANGE"), key("mf", "RANGE")},
                                      extra)});
  out.push_back(
      {"CreateTable", table({key("ma", "HASH"), key("mc", "RANGE"), key("mb", "HASH")},
                            {def("pk", "S"), def("ma", "S"), def("mb", "N"), def("mc", "N")})});
  out.push_back(
      {"CreateTable", table({key("mc", "RANGE"), key("md", "RANGE"), key("me", "RANGE")},
                            {def("pk", "S"), def("mc", "N"), def("md", "S"), def("me", "B")})});
  out.push_back({"CreateTable",
                 table({key("ma", "HASH"), key("ma", "HASH")}, {def("pk", "S"), def("ma", "S")})});
  out.push_back({"CreateTable",
                 table({key("ma", "HASH"), key("zz", "HASH")}, {def("pk", "S"), def("ma", "S")})});
  out.push_back({"CreateTable",
                 {{"TableName", "diff_m"},
                  {"BillingMode", "PAY_PER_REQUEST"},
                  {"AttributeDefinitions", {def("pk", "S"), def("sk", "S"), def("ma", "S")}},
                  {"KeySchema", {key("pk", "HASH"), key("sk", "RANGE")}},
                  {"LocalSecondaryIndexes",
                   {{{"IndexName", "lsi"},
                     {"KeySchema", {key("pk", "HASH"), key("sk", "RANGE"), key("ma", "RANGE")}},
                     {"Projection", {{"ProjectionType", "ALL"}}}}}}}});
  // DescribeTable is not compared: each peer's ARNs, times and throughput summaries differ.
  out.push_back({"CreateTable", table(schema, defs)});
  return out;
}

// diff_m's items from `rng` (now and then sparse, or of a wrong type), then updates that take
// some out of by_multi and put others back.
std::vector<MultiKeyCase> MultiKeyItemCases(Rng& rng) {
  const std::vector<std::string>& as = kMultiA;
  const std::vector<std::string>& bs = kMultiB;
  const std::vector<std::string>& cs = kMultiC;
  const std::vector<std::string>& ds = kMultiD;
  const char* const kDigits = kMultiDigits;
  std::vector<MultiKeyCase> out;
  for (int i = 0; i < 120; ++i) {
    Json item = {{"pk", {{"S", "m" + std::to_string(i)}}},
                 {"ma", {{"S", rng.Pick(as)}}},
                 {"mb", {{"N", rng.Pick(bs)}}},
                 {"mc", {{"N", rng.Pick(cs)}}},
                 {"md", {{"S", rng.Pick(ds)}}},
                 // Two bytes, unique per item: i / 64 and i % 64 scaled into a byte.
                 {"me", {{"B", std::string{kDigits[i / 64], kDigits[(i % 64)], 'A', '='}}}},
                 {"v", {{"N", std::to_string(i)}}}};
    // Sparse: now and then a key attribute left out; or a wrong type, which both refuse.
    const int shape = rng.Below(100);
    if (shape < 15) {
      item.erase(std::vector<std::string>{"ma", "mb", "mc", "md",
                                          "me"}[static_cast<std::size_t>(rng.Below(5))]);
    } else if (shape < 18) {
      item["mb"] = {{"S", "1"}};
    }
    out.push_back({"PutItem", {{"TableName", "diff_m"}, {"Item", item}}});
  }
  // Some items lose or regain a key attribute (in and out of the index).
  for (int i = 0; i < 10; ++i) {
    const Json pk = {{"pk", {{"S", "m" + std::to_string(rng.Below(120))}}}};
    if (rng.Chance(50)) {
      out.push_back({"UpdateItem",
                     {{"TableName", "diff_m"}, {"Key", pk}, {"UpdateExpression", "REMOVE md"}}});
    } else {
      out.push_back({"UpdateItem",
                     {{"TableName", "diff_m"},
                      {"Key", pk},
                      {"UpdateExpression", "SET md = :d"},
                      {"ExpressionAttributeValues", {{":d", {{"S", rng.Pick(ds)}}}}}}});
    }
  }
  return out;
}

// by_multi's Queries per partition (ma, mb), from `rng`: key conditions both must accept (their
// pages followed) and refuse, filters, and the legacy KeyConditions.
std::vector<MultiKeyCase> MultiKeyQueryCases(Rng& rng) {
  const std::vector<std::string>& as = kMultiA;
  const std::vector<std::string>& bs = kMultiB;
  const std::vector<std::string>& cs = kMultiC;
  const std::vector<std::string>& ds = kMultiD;
  const char* const kDigits = kMultiDigits;
  const auto query = MultiKeyQuery;
  std::vector<MultiKeyCase> out;
  const Json b64 = {{"B", "AAA="}};
  for (const std::string& a : as) {
    for (const std::string& b : bs) {
      const Json base = {{":a", {{"S", a}}}, {":b", {{"N", b}}}};
      auto with = [&](Json more) {
        for (auto it = base.begin(); it != base.end(); ++it) more[it.key()] = it.value();
        return more;
      };
      const std::string hash = "ma = :a AND mb = :b";
      for (int round = 0; round < 3; ++round) {
        const int limit = rng.Pick(std::vector<int>{0, 1, 3, 7});
        const bool forward = rng.Chance(50);
        const Json c = {{"N", rng.Pick(cs)}};
        const Json c2 = {{"N", rng.Pick(cs)}};
        const Json d = {{"S", rng.Pick(ds)}};
        const Json e = {
            {"B", std::string{kDigits[rng.Below(2)], kDigits[rng.Below(64)], 'A', '='}}};
        for (const auto& [condition, values] : std::vector<std::pair<std::string, Json>>{
                 {hash, base},
                 {hash + " AND mc = :c", with({{":c", c}})},
                 {hash + " AND mc < :c", with({{":c", c}})},
                 {hash + " AND mc >= :c", with({{":c", c}})},
                 {hash + " AND mc BETWEEN :c AND :c2",
                  with({{":c", c},
                        {":c2",
                         std::stod(c2.value("N", "")) < std::stod(c.value("N", "")) ? c : c2}})},
                 {"mc = :c AND " + hash + " AND md = :d", with({{":c", c}, {":d", d}})},
                 {hash + " AND mc = :c AND begins_with(md, :p)",
                  with({{":c", c}, {":p", {{"S", "a"}}}})},
                 {hash + " AND mc = :c AND md > :d", with({{":c", c}, {":d", d}})},
                 {hash + " AND mc = :c AND md <= :d", with({{":c", c}, {":d", d}})},
                 {hash + " AND md = :d AND mc = :c AND me >= :e",
                  with({{":c", c}, {":d", d}, {":e", e}})},
                 {hash + " AND mc = :c AND md = :d AND me < :e",
                  with({{":c", c}, {":d", d}, {":e", e}})},
             }) {
          out.push_back({"Query", query(condition, values, limit, forward), true});
        }
      }
      // Key conditions both must refuse.
      for (const auto& [condition, values] : std::vector<std::pair<std::string, Json>>{
               {"ma = :a", {{":a", {{"S", a}}}}},
               {"ma = :a AND mb > :b", base},
               {"mc = :c", {{":c", {{"N", "1"}}}}},
               {hash + " AND md = :d", with({{":d", {{"S", "a"}}}})},
               {hash + " AND mc > :c AND md = :d",
                with({{":c", {{"N", "1"}}}, {":d", {{"S", "a"}}}})},
               {hash + " AND mc = :c AND me = :e", with({{":c", {{"N", "1"}}}, {":e", b64}})},
               {hash + " AND mc = :d", with({{":d", {{"S", "a"}}}})},
               {hash + " AND v = :c", with({{":c", {{"N", "1"}}}})},
               {hash + " AND mc = :c AND md = :d AND me = :e AND pk = :d",
                with({{":c", {{"N", "1"}}}, {":d", {{"S", "a"}}}, {":e", b64}})},
               {hash + " AND begins_with(mc, :c)", with({{":c", {{"N", "1"}}}})},
           }) {
        out.push_back({"Query", query(condition, values, 0, true)});
      }
      Json filtered = query(hash, with({{":d", {{"S", "a"}}}}), 0, true);
      filtered["FilterExpression"] = "md = :d";
      out.push_back({"Query", filtered});
      filtered["FilterExpression"] = "v > :d";
      filtered["ExpressionAttributeValues"][":d"] = {{"N", "50"}};
      out.push_back({"Query", filtered, true});
      // The legacy form: three conditions on an index are allowed here.
      auto cond = [](const char* op, const Json& value) {
        return Json{{"ComparisonOperator", op}, {"AttributeValueList", {value}}};
      };
      out.push_back({"Query",
                     {{"TableName", "diff_m"},
                      {"IndexName", "by_multi"},
                      {"KeyConditions",
                       {{"ma", cond("EQ", {{"S", a}})},
                        {"mb", cond("EQ", {{"N", b}})},
                        {"mc", cond("GT", {{"N", "0"}})}}},
                      {"Limit", 4}},
                     true});
      out.push_back({"Query",
                     {{"TableName", "diff_m"},
                      {"IndexName", "by_multi"},
                      {"KeyConditions",
                       {{"ma", cond("EQ", {{"S", a}})},
                        {"mb", cond("EQ", {{"N", b}})},
                        {"md", cond("EQ", {{"S", "a"}})}}}}});
    }
  }
  return out;
}

// The rest on diff_m: start keys both must refuse, a Scan of by_multi, PartiQL, and a second
// multi-attribute GSI added by UpdateTable.
std::vector<MultiKeyCase> MultiKeyOtherCases() {
  const auto def = MultiKeyDef;
  const auto key = MultiKeyElement;
  const auto query = MultiKeyQuery;
  const Json b64 = {{"B", "AAA="}};
  std::vector<MultiKeyCase> out;
  // A start key outside the key condition, and one missing an index key attribute.
  Json start = {{"pk", {{"S", "m0"}}}, {"ma", {{"S", "x"}}}, {"mb", {{"N", "1"}}},
                {"mc", {{"N", "99"}}}, {"md", {{"S", "a"}}}, {"me", b64}};
  Json outside = query("ma = :a AND mb = :b AND mc = :c",
                       {{":a", {{"S", "x"}}}, {":b", {{"N", "1"}}}, {":c", {{"N", "1"}}}}, 0, true);
  outside["ExclusiveStartKey"] = start;
  out.push_back({"Query", outside});
  start.erase("me");
  outside["ExclusiveStartKey"] = start;
  out.push_back({"Query", outside});
  out.push_back(
      {"Scan", {{"TableName", "diff_m"}, {"IndexName", "by_multi"}, {"Limit", 9}}, true, true});
  // PartiQL refuses to read a multi-attribute index; the table itself it reads.
  out.push_back({"ExecuteStatement",
                 {{"Statement",
                   "SELECT pk, mc, md FROM \"diff_m\".\"by_multi\" WHERE ma = 'x' "
                   "AND mb = 1 AND mc = 1 AND md >= 'a'"}}});
  out.push_back({"ExecuteStatement",
                 {{"Statement",
                   "SELECT pk FROM \"diff_m\".\"by_multi\" WHERE ma = 'y' AND "
                   "mb = 2 ORDER BY mc DESC"}}});
  // A second multi-attribute GSI added by UpdateTable to the table holding items (backfill).
  out.push_back({"UpdateTable",
                 {{"TableName", "diff_m"},
                  {"AttributeDefinitions", {def("md", "S"), def("mc", "N")}},
                  {"GlobalSecondaryIndexUpdates",
                   {{{"Create",
                      {{"IndexName", "by_md"},
                       {"KeySchema", {key("md", "HASH"), key("mc", "HASH")}},
                       {"Projection", {{"ProjectionType", "KEYS_ONLY"}}}}}}}}}});
  return out;
}

std::vector<MultiKeyCase> MultiAttributeCases(Rng& rng) {
  std::vector<MultiKeyCase> out = MultiKeySchemaCases();
  auto append = [&out](std::vector<MultiKeyCase> more) {
    for (MultiKeyCase& c : more) out.push_back(std::move(c));
  };
  append(MultiKeyItemCases(rng));  // `rng` draws the items first, then the queries
  append(MultiKeyQueryCases(rng));
  append(MultiKeyOtherCases());
  return out;
}

struct Options {
  std::string model_binary, peers_script;
  std::int64_t ops = 10000;
  std::int64_t legacy_ops = 2000;
  std::uint64_t seed = 20261129;
  bool require_peer = false, verbose = false;
};

// The command line into `options`; false on a usage error.
bool ParseOptions(int argc, char** argv, Options& options) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--model" && has_value)
      options.model_binary = argv[++i];
    else if (arg == "--peers" && has_value)
      options.peers_script = argv[++i];
    else if (arg == "--ops" && has_value)
      options.ops = std::atoll(argv[++i]);
    else if (arg == "--legacy-ops" && has_value)
      options.legacy_ops = std::atoll(argv[++i]);
    else if (arg == "--seed" && has_value)
      options.seed = std::strtoull(argv[++i], nullptr, 10);
    else if (arg == "--require-peer")
      options.require_peer = true;
    else if (arg == "--verbose")
      options.verbose = true;
    else
      return false;
  }
  if (options.model_binary.empty() || options.peers_script.empty()) return false;
  if (const char* env = std::getenv("MODEL_REQUIRE_PEERS"); env && std::strcmp(env, "1") == 0) {
    options.require_peer = true;
  }
  return true;
}

// Every table of Tables() on both endpoints; false (reported) when one refuses.
bool CreateTables(peer::Endpoint& ours, peer::Endpoint& theirs) {
  for (const TableDef& t : Tables()) {
    const Json created = CreateTableRequest(t);
    const peer::Reply ra = ours.Call("CreateTable", created.dump());
    const peer::Reply rb = theirs.Call("CreateTable", created.dump());
    if (ra.status != 200 || rb.status != 200) {
      std::printf("differential: CreateTable %s failed: model serve %d %s; DynamoDB Local %d %s\n",
                  t.name.c_str(), ra.status, ra.body.c_str(), rb.status, rb.body.c_str());
      return false;
    }
  }
  return true;
}

// `ops` random data-plane operations from `seed` (numbered from `index`, which it advances).
void RunRandomOperations(Runner& runner, std::uint64_t seed, std::int64_t ops,
                         std::int64_t& index) {
  Generator gen(seed);
  Rng& rng = gen.rng();
  for (; index < ops; ++index) {
    const int pick = rng.Below(100);
    const TableDef& t = gen.Table();
    Json a, b;
    if (pick < 22) {
      runner.Send(index, "PutItem", gen.Put(t), &a, &b);
    } else if (pick < 34) {
      runner.Send(index, "GetItem", gen.Get(t), &a, &b);
    } else if (pick < 52) {
      runner.Send(index, "UpdateItem", gen.Update(t), &a, &b);
    } else if (pick < 59) {
      runner.Send(index, "DeleteItem", gen.Delete(t), &a, &b);
    } else if (pick < 79) {
      Json query = gen.Query(t);
      const IndexDef* ix = nullptr;
      for (const IndexDef& candidate : t.indexes) {
        if (query.value("IndexName", "") == candidate.name) ix = &candidate;
      }
      if (ix) {
        runner.PaginateEachSide(index, "Query", query, ix);
      } else {
        runner.Paginate(index, "Query", query);
      }
    } else if (pick < 82) {
      runner.PaginateEachSide(index, "Scan", gen.Scan(t), nullptr);
    } else if (pick < 87) {
      runner.Send(index, "BatchWriteItem", gen.BatchWrite(), &a, &b);
    } else if (pick < 91) {
      runner.Send(index, "BatchGetItem", gen.BatchGet(), &a, &b);
    } else if (pick < 97) {
      runner.Send(index, "TransactWriteItems", gen.TransactWrite(), &a, &b);
    } else {
      runner.Send(index, "TransactGetItems", gen.TransactGet(), &a, &b);
    }
  }
}

// `legacy_ops` operations with the legacy parameters, on the same tables.
void RunLegacyOperations(Runner& runner, std::uint64_t seed, std::int64_t legacy_ops,
                         std::int64_t& index) {
  LegacyGenerator legacy(seed + 1);
  for (std::int64_t end = index + legacy_ops; index < end; ++index) {
    const int pick = legacy.rng().Below(100);
    const TableDef& t = legacy.gen().Table();
    Json a, b;
    if (pick < 20) {
      runner.Send(index, "PutItem", legacy.Put(t), &a, &b);
    } else if (pick < 30) {
      runner.Send(index, "DeleteItem", legacy.Delete(t), &a, &b);
    } else if (pick < 55) {
      runner.Send(index, "UpdateItem", legacy.Update(t), &a, &b);
    } else if (pick < 62) {
      runner.Send(index, "GetItem", legacy.Get(t), &a, &b);
    } else if (pick < 85) {
      const IndexDef* ix = nullptr;
      Json query = legacy.Query(t, &ix);
      if (ix) {
        runner.PaginateEachSide(index, "Query", query, ix);
      } else {
        runner.Paginate(index, "Query", query);
      }
    } else if (pick < 95) {
      runner.PaginateEachSide(index, "Scan", legacy.Scan(t), nullptr);
    } else {
      runner.Send(index, "BatchGetItem", legacy.BatchGet(), &a, &b);
    }
  }
}

// The control plane on the tables as the operations left them: a GSI added to tables with items
// (backfilled: sparse items stay out), queried, and deleted; Time to Live.
void RunControlPlane(Runner& runner, std::int64_t& index) {
  const IndexDef by_word{"by_word", {"b", 'S'}, KeyDef{"a", 'N'}, false, "ALL", {}};
  for (const char* table : {"diff_s", "diff_b"}) {
    Json a, b;
    const Json create = {{"TableName", table},
                         {"AttributeDefinitions",
                          {{{"AttributeName", "b"}, {"AttributeType", "S"}},
                           {{"AttributeName", "a"}, {"AttributeType", "N"}}}},
                         {"GlobalSecondaryIndexUpdates",
                          {{{"Create",
                             {{"IndexName", "by_word"},
                              {"KeySchema",
                               {{{"AttributeName", "b"}, {"KeyType", "HASH"}},
                                {{"AttributeName", "a"}, {"KeyType", "RANGE"}}}},
                              {"Projection", {{"ProjectionType", "ALL"}}}}}}}}};
    runner.Send(index++, "UpdateTable", create, &a, &b);
    WaitForIndexes(*runner.ours, table);
    WaitForIndexes(*runner.theirs, table);
    runner.Send(index++, "UpdateTable", create, &a, &b);  // it exists now
    for (const std::string& word : kWords) {
      runner.PaginateEachSide(index++, "Query",
                              Json{{"TableName", table},
                                   {"IndexName", "by_word"},
                                   {"KeyConditionExpression", "b = :b"},
                                   {"ExpressionAttributeValues", {{":b", {{"S", word}}}}},
                                   {"Limit", 3},
                                   {"ReturnConsumedCapacity", "INDEXES"}},
                              &by_word);
    }
    runner.Send(index++, "UpdateTable",
                Json{{"TableName", table},
                     {"GlobalSecondaryIndexUpdates", {{{"Delete", {{"IndexName", "by_word"}}}}}}},
                &a, &b);
    WaitForIndexes(*runner.ours, table);
    WaitForIndexes(*runner.theirs, table);
    runner.Send(index++, "Query",
                Json{{"TableName", table},
                     {"IndexName", "by_word"},
                     {"KeyConditionExpression", "b = :b"},
                     {"ExpressionAttributeValues", {{":b", {{"S", "x"}}}}}},
                &a, &b);
  }
  Json a, b;
  const Json ttl = {{"TableName", "diff_n"},
                    {"TimeToLiveSpecification", {{"AttributeName", "a"}, {"Enabled", true}}}};
  runner.Send(index++, "DescribeTimeToLive", Json{{"TableName", "diff_n"}}, &a, &b);
  runner.Send(index++, "UpdateTimeToLive", ttl, &a, &b);
  runner.Send(index++, "DescribeTimeToLive", Json{{"TableName", "diff_n"}}, &a, &b);
}

// Multi-attribute GSI keys on their own table: schemas, sparse writes, every key-condition
// rule, pages and LastEvaluatedKey, legacy KeyConditions, PartiQL, an UpdateTable backfill.
void RunMultiAttributeKeys(Runner& runner, std::uint64_t seed, std::int64_t& index) {
  Rng multi_rng(seed + 2);
  for (const MultiKeyCase& c : MultiAttributeCases(multi_rng)) {
    Json a, b;
    if (c.each_side) {
      runner.PaginateEachSide(index++, c.op, c.request, nullptr);
    } else if (c.paginate) {
      runner.Paginate(index++, c.op, c.request);
    } else {
      runner.Send(index++, c.op, c.request, &a, &b);
    }
  }
  WaitForIndexes(*runner.ours, "diff_m");
  WaitForIndexes(*runner.theirs, "diff_m");
  // by_md has no sort key: the order of its entries within a partition is unspecified.
  const IndexDef by_md{"by_md", {"md", 'S'}, std::nullopt, false, "KEYS_ONLY", {}};
  const Json index_def = Json{{"TableName", "diff_m"}, {"IndexName", "by_md"}};
  for (const std::string d : {"a", "ab", "b"}) {
    for (const std::string c : {"1", "10", "2"}) {
      Json q = index_def;
      q["KeyConditionExpression"] = "md = :d AND mc = :c";
      q["ExpressionAttributeValues"] = {{":d", {{"S", d}}}, {":c", {{"N", c}}}};
      q["Limit"] = 2;
      runner.PaginateEachSide(index++, "Query", q, &by_md);
    }
  }
  runner.PaginateEachSide(index++, "Scan", Json{{"TableName", "diff_m"}}, nullptr);
}

// Operations around the tables: DescribeLimits, deletion protection, and TransactWriteItems'
// ClientRequestToken (replayed: nothing applied again; changed: IdempotentParameterMismatch;
// over 36 characters: ValidationException).
void RunTableOperations(Runner& runner, std::int64_t& index) {
  Json a, b;
  runner.Send(index++, "DescribeLimits", Json::object(), &a, &b);
  Json protected_table = {
      {"TableName", "diff_protected"},
      {"AttributeDefinitions", {{{"AttributeName", "pk"}, {"AttributeType", "S"}}}},
      {"KeySchema", {{{"AttributeName", "pk"}, {"KeyType", "HASH"}}}},
      {"BillingMode", "PAY_PER_REQUEST"},
      {"DeletionProtectionEnabled", true}};
  runner.Send(index++, "CreateTable", protected_table, &a, &b);
  runner.Send(index++, "DeleteTable", Json{{"TableName", "diff_protected"}}, &a, &b);
  runner.Send(index++, "UpdateTable",
              Json{{"TableName", "diff_protected"}, {"DeletionProtectionEnabled", false}}, &a, &b);
  runner.Send(index++, "DeleteTable", Json{{"TableName", "diff_protected"}}, &a, &b);
  auto transaction = [](const std::string& token, const std::string& value) {
    return Json{
        {"ClientRequestToken", token},
        {"TransactItems",
         {{{"Put",
            {{"TableName", "diff_s"},
             {"Item", {{"pk", {{"S", "idem"}}}, {"sk", {{"S", "put"}}}, {"v", {{"S", value}}}}}}}},
          {{"Update",
            {{"TableName", "diff_s"},
             {"Key", {{"pk", {{"S", "idem"}}}, {"sk", {{"S", "counter"}}}}},
             {"UpdateExpression", "ADD c :one"},
             {"ExpressionAttributeValues", {{":one", {{"N", "1"}}}}}}}}}}};
  };
  const Json counter = {{"TableName", "diff_s"},
                        {"Key", {{"pk", {{"S", "idem"}}}, {"sk", {{"S", "counter"}}}}},
                        {"ConsistentRead", true}};
  runner.Send(index++, "TransactWriteItems", transaction("diff-token-1", "x"), &a, &b);
  runner.Send(index++, "TransactWriteItems", transaction("diff-token-1", "x"), &a, &b);
  runner.Send(index++, "GetItem", counter, &a, &b);
  runner.Send(index++, "TransactWriteItems", transaction("diff-token-1", "y"), &a, &b);
  runner.Send(index++, "TransactWriteItems", transaction("", "y"), &a, &b);
  runner.Send(index++, "TransactWriteItems", transaction(std::string(37, 't'), "y"), &a, &b);
  runner.Send(index++, "GetItem", counter, &a, &b);
}

// Finally every table's full contents, in key order per partition, then every stream, record by
// record: event, keys, images, size and view type (sequence numbers, event ids, ARNs and times
// are the peers' own).
void CompareFinalState(Runner& runner, std::int64_t& index) {
  for (const TableDef& t : Tables()) {
    runner.PaginateEachSide(index++, "Scan", Json{{"TableName", t.name}}, nullptr);
  }
  std::vector<std::string> streamed;
  for (const TableDef& t : Tables()) {
    if (t.stream_view.empty()) continue;
    runner.CompareStream(index++, t.name);
    streamed.push_back(t.name);
  }
  runner.CompareStreamsApi(index++, streamed);
}

int Usage() {
  std::fprintf(
      stderr,
      "usage: differential --model BIN --peers SCRIPT [--ops N] [--legacy-ops N] [--seed S] "
      "[--require-peer] [--verbose]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!ParseOptions(argc, argv, options)) return Usage();

  std::string error;
  auto theirs = peer::Endpoint::StartDynamoDbLocal(options.peers_script, &error);
  if (!theirs) {
    std::printf("differential: cannot start DynamoDB Local: %s\n", error.c_str());
    if (options.require_peer) return 1;
    std::printf("differential: SKIPPED (the peer is unavailable; scripts/peers install)\n");
    return kSkip;
  }
  auto ours = peer::Endpoint::StartModelServe(options.model_binary, &error);
  if (!ours) {
    std::printf("differential: cannot start model serve: %s\n", error.c_str());
    return 1;
  }

  const auto start = std::chrono::steady_clock::now();
  Runner runner{ours.get(), theirs.get(), options.verbose};
  std::int64_t index = 0;
  if (!CreateTables(*ours, *theirs)) return 1;

  std::int64_t fixed = 0;  // the fixed cases are numbered -1, -2, ...
  for (const auto& [op, request] : FixedCases()) {
    Json a, b;
    runner.Send(--fixed, op, request, &a, &b);
  }
  RunRandomOperations(runner, options.seed, options.ops, index);
  RunLegacyOperations(runner, options.seed, options.legacy_ops, index);
  RunControlPlane(runner, index);
  for (const auto& [op, request] : PartiqlRequests()) {
    Json a, b;
    runner.Send(index++, op, request, &a, &b);
  }
  RunMultiAttributeKeys(runner, options.seed, index);
  RunTableOperations(runner, index);
  CompareFinalState(runner, index);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "{\"operations\":%lld,\"requests\":%lld,\"errors_agreed\":%lld,\"differences\":%lld,"
      "\"seconds\":%.1f,\"model_serve_seconds\":%.1f,\"dynamodb_local_seconds\":%.1f,"
      "\"seed\":%llu}\n",
      static_cast<long long>(options.ops), static_cast<long long>(runner.requests),
      static_cast<long long>(runner.errors_agreed), static_cast<long long>(runner.differences),
      seconds, runner.ours_seconds, runner.theirs_seconds,
      static_cast<unsigned long long>(options.seed));
  return runner.differences == 0 ? 0 : 1;
}
