// sim_bench: the simulated table against a raw SQLite baseline doing the same storage work.
//
// In one run, loads N items of about 200 bytes (10 items per partition, one GSI whose
// partitions also hold 10 items each) into
//   - the simulated table (sim::Database, in memory): typed values, validation, key encoding,
//     item size, capacity accounting, the GSI entry, per-partition usage — DynamoDB semantics;
//   - a baseline on raw SQLite (in memory, same pragmas): a WITHOUT ROWID table keyed (pk, sk)
//     holding the item bytes and a second one keyed (gsi_pk, gsi_sk, pk, sk) holding the index
//     entry, written with prepared statements, one transaction per batch of 1,000 items exactly
//     as Database::LoadItems batches;
// then runs the same queries on both (one whole partition each, half on the table, half on the
// GSI) and prints one JSON line:
//   {"items":…, "load_items_per_s":…, "baseline_load_items_per_s":…, "load_ratio":…,
//    "bulk_load_items_per_s":…, "bulk_load_ratio":…,
//    "query_per_s":…, "baseline_query_per_s":…, "query_ratio":…, "peak_rss_mb":…}
// The bulk load is the same items through Database::StartBulkLoad/FinishBulkLoad into a fresh
// table (what `model check` uses), against the same baseline.
// Both sides start from the same raw fields: the simulated side builds its typed items from
// them, the baseline builds its byte strings from them, inside the timed region.
//
//   sim_bench [--items N] [--queries Q]      (defaults 1,000,000 and 200,000)
//
// The baseline is the one place outside model/sim that talks to SQLite directly: it is what the
// simulated table is measured against.
#include <sqlite3.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "model/sim/engine/database.h"

namespace {

constexpr std::size_t kBatch = 1000;  // Database::LoadItems's default batch size
constexpr std::int64_t kPerPartition = 10;

std::uint64_t SplitMix(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// The raw fields of item i; both sides build their own representation from these.
struct Fields {
  std::string pk, sk, gsi_pk, gsi_sk, status, note;
  std::int64_t amount = 0, quantity = 0;
  bool gift = false;
};

void MakeFields(std::int64_t i, std::int64_t partitions, Fields* f) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "CUSTOMER#%09lld", static_cast<long long>(i / kPerPartition));
  f->pk = buf;
  std::snprintf(buf, sizeof buf, "ORDER#%04lld", static_cast<long long>(i % kPerPartition));
  f->sk = buf;
  // Item i joins GSI partition i mod P: each index partition gathers 10 items from 10 partitions.
  std::snprintf(buf, sizeof buf, "STATUS#%09lld", static_cast<long long>(i % partitions));
  f->gsi_pk = buf;
  std::snprintf(buf, sizeof buf, "2026-%02lld-%02lld#%010lld", static_cast<long long>(1 + i % 12),
                static_cast<long long>(1 + i % 28), static_cast<long long>(i));
  f->gsi_sk = buf;
  static const char* const kStatus[] = {"OPEN", "PAID", "SHIPPED", "CANCELLED"};
  f->status = kStatus[i % 4];
  f->note.assign(70, 'n');
  std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(i));
  f->note.replace(0, std::strlen(buf), buf);
  f->amount = 100 + (i * 37) % 100000;
  f->quantity = 1 + i % 9;
  f->gift = (i % 3) == 0;
}

sim::Item MakeItem(const Fields& f) {
  return sim::Item{{"pk", sim::AttributeValue::S(f.pk)},
                   {"sk", sim::AttributeValue::S(f.sk)},
                   {"gsi1pk", sim::AttributeValue::S(f.gsi_pk)},
                   {"gsi1sk", sim::AttributeValue::S(f.gsi_sk)},
                   {"status", sim::AttributeValue::S(f.status)},
                   {"note", sim::AttributeValue::S(f.note)},
                   {"amount", sim::AttributeValue::N(std::to_string(f.amount))},
                   {"quantity", sim::AttributeValue::N(std::to_string(f.quantity))},
                   {"gift", sim::AttributeValue::Bool(f.gift)}};
}

// The baseline's item bytes: name, tag byte and length-prefixed value per attribute.
void AppendAttr(std::string* out, const char* name, char tag, const std::string& value) {
  out->append(name);
  out->push_back('\0');
  out->push_back(tag);
  const auto n = static_cast<std::uint32_t>(value.size());
  out->append(reinterpret_cast<const char*>(&n), sizeof n);
  out->append(value);
}

std::string BaselineBytes(const Fields& f) {
  std::string out;
  out.reserve(256);
  AppendAttr(&out, "pk", 'S', f.pk);
  AppendAttr(&out, "sk", 'S', f.sk);
  AppendAttr(&out, "gsi1pk", 'S', f.gsi_pk);
  AppendAttr(&out, "gsi1sk", 'S', f.gsi_sk);
  AppendAttr(&out, "status", 'S', f.status);
  AppendAttr(&out, "note", 'S', f.note);
  AppendAttr(&out, "amount", 'N', std::to_string(f.amount));
  AppendAttr(&out, "quantity", 'N', std::to_string(f.quantity));
  AppendAttr(&out, "gift", 'B', f.gift ? "1" : "0");
  return out;
}

[[noreturn]] void Die(const char* what, const std::string& detail) {
  std::fprintf(stderr, "sim_bench: %s: %s\n", what, detail.c_str());
  std::exit(1);
}

void Exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string message = err ? err : "?";
    sqlite3_free(err);
    Die("sqlite", message);
  }
}

sqlite3_stmt* Prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
    Die("sqlite prepare", sqlite3_errmsg(db));
  }
  return stmt;
}

void Step(sqlite3* db, sqlite3_stmt* stmt) {
  if (sqlite3_step(stmt) != SQLITE_DONE) Die("sqlite step", sqlite3_errmsg(db));
  sqlite3_reset(stmt);
}

void Bind(sqlite3_stmt* stmt, int index, const std::string& bytes) {
  sqlite3_bind_blob(stmt, index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_STATIC);
}

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

struct Result {
  double load_s = 0, query_s = 0;
  std::int64_t rows = 0;  // items returned by all queries, to compare both sides
};

// The query workload: Q partition numbers, the first half on the table, the rest on the GSI.
std::vector<std::int64_t> QueryPartitions(std::int64_t queries, std::int64_t partitions) {
  std::vector<std::int64_t> out;
  out.reserve(static_cast<std::size_t>(queries));
  std::uint64_t state = 42;
  for (std::int64_t q = 0; q < queries; ++q) {
    out.push_back(
        static_cast<std::int64_t>(SplitMix(state) % static_cast<std::uint64_t>(partitions)));
  }
  return out;
}

// A fresh in-memory database with the table "bench": pk/sk and one GSI (gsi1pk, gsi1sk).
std::unique_ptr<sim::Database> OpenBenchTable() {
  auto opened = sim::Database::Open();
  if (!opened.ok()) Die("open", opened.error().message);
  sim::CreateTableRequest create;
  create.table_name = "bench";
  for (const char* name : {"pk", "sk", "gsi1pk", "gsi1sk"}) {
    create.attribute_definitions.push_back({name, sim::ValueType::kS});
  }
  create.key_schema = {{"pk", sim::KeyRole::kHash}, {"sk", sim::KeyRole::kRange}};
  sim::SecondaryIndex gsi;
  gsi.index_name = "GSI1";
  gsi.key_schema = {{"gsi1pk", sim::KeyRole::kHash}, {"gsi1sk", sim::KeyRole::kRange}};
  create.global_secondary_indexes.push_back(gsi);
  if (auto made = (*opened)->CreateTable(create); !made.ok())
    Die("CreateTable", made.error().message);
  return std::move(*opened);
}

Result RunSimulated(std::int64_t items, std::int64_t partitions,
                    const std::vector<std::int64_t>& workload) {
  auto opened = OpenBenchTable();
  sim::Database& db = *opened;

  Result result;
  auto start = std::chrono::steady_clock::now();
  std::vector<sim::Item> batch;
  batch.reserve(kBatch);
  Fields f;
  for (std::int64_t i = 0; i < items;) {
    batch.clear();
    for (std::size_t b = 0; b < kBatch && i < items; ++b, ++i) {
      MakeFields(i, partitions, &f);
      batch.push_back(MakeItem(f));
    }
    auto loaded = db.LoadItems("bench", batch, kBatch);
    if (!loaded.ok()) Die("LoadItems", loaded.error().message);
  }
  result.load_s = Seconds(start);

  start = std::chrono::steady_clock::now();
  const std::size_t half = workload.size() / 2;
  char buf[64];
  for (std::size_t q = 0; q < workload.size(); ++q) {
    sim::QueryRequest request;
    request.table_name = "bench";
    const bool on_index = q >= half;
    if (on_index) {
      request.index_name = "GSI1";
      request.key_condition_expression = "gsi1pk = :p";
      std::snprintf(buf, sizeof buf, "STATUS#%09lld", static_cast<long long>(workload[q]));
    } else {
      request.key_condition_expression = "pk = :p";
      std::snprintf(buf, sizeof buf, "CUSTOMER#%09lld", static_cast<long long>(workload[q]));
    }
    request.expression_attribute_values.emplace(":p", sim::AttributeValue::S(buf));
    auto answer = db.Query(request);
    if (!answer.ok()) Die("Query", answer.error().message);
    result.rows += static_cast<std::int64_t>(answer->items.size());
  }
  result.query_s = Seconds(start);
  return result;
}

// The same items through Database::StartBulkLoad / FinishBulkLoad into a fresh table; seconds.
double RunBulkLoad(std::int64_t items, std::int64_t partitions) {
  auto opened = OpenBenchTable();
  sim::Database& db = *opened;

  auto start = std::chrono::steady_clock::now();
  auto load = db.StartBulkLoad("bench");
  if (!load.ok()) Die("StartBulkLoad", load.error().message);
  Fields f;
  for (std::int64_t i = 0; i < items; ++i) {
    MakeFields(i, partitions, &f);
    if (auto added = load->Add(MakeItem(f)); !added.ok())
      Die("BulkLoad::Add", added.error().message);
  }
  auto loaded = db.FinishBulkLoad(std::move(*load));
  if (!loaded.ok()) Die("FinishBulkLoad", loaded.error().message);
  return Seconds(start);
}

Result RunBaseline(std::int64_t items, std::int64_t partitions,
                   const std::vector<std::int64_t>& workload) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    Die("sqlite open", "in memory");
  }
  Exec(db, "PRAGMA journal_mode=MEMORY; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536;");
  Exec(
      db,
      "CREATE TABLE items(pk BLOB NOT NULL, sk BLOB NOT NULL, item BLOB NOT NULL,"
      " PRIMARY KEY(pk, sk)) WITHOUT ROWID;"
      "CREATE TABLE gsi(gsi_pk BLOB NOT NULL, gsi_sk BLOB NOT NULL, pk BLOB NOT NULL,"
      " sk BLOB NOT NULL, item BLOB NOT NULL, PRIMARY KEY(gsi_pk, gsi_sk, pk, sk)) WITHOUT ROWID;");
  sqlite3_stmt* put = Prepare(db, "INSERT OR REPLACE INTO items(pk, sk, item) VALUES(?, ?, ?)");
  sqlite3_stmt* put_gsi =
      Prepare(db, "INSERT OR REPLACE INTO gsi(gsi_pk, gsi_sk, pk, sk, item) VALUES(?, ?, ?, ?, ?)");
  sqlite3_stmt* begin = Prepare(db, "BEGIN");
  sqlite3_stmt* commit = Prepare(db, "COMMIT");
  sqlite3_stmt* query = Prepare(db, "SELECT sk, item FROM items WHERE pk = ? ORDER BY sk");
  sqlite3_stmt* query_gsi =
      Prepare(db, "SELECT gsi_sk, pk, sk, item FROM gsi WHERE gsi_pk = ? ORDER BY gsi_sk, pk, sk");

  Result result;
  auto start = std::chrono::steady_clock::now();
  Fields f;
  for (std::int64_t i = 0; i < items;) {
    Step(db, begin);
    for (std::size_t b = 0; b < kBatch && i < items; ++b, ++i) {
      MakeFields(i, partitions, &f);
      const std::string bytes = BaselineBytes(f);
      Bind(put, 1, f.pk);
      Bind(put, 2, f.sk);
      Bind(put, 3, bytes);
      Step(db, put);
      Bind(put_gsi, 1, f.gsi_pk);
      Bind(put_gsi, 2, f.gsi_sk);
      Bind(put_gsi, 3, f.pk);
      Bind(put_gsi, 4, f.sk);
      Bind(put_gsi, 5, bytes);
      Step(db, put_gsi);
    }
    Step(db, commit);
  }
  result.load_s = Seconds(start);

  start = std::chrono::steady_clock::now();
  const std::size_t half = workload.size() / 2;
  char buf[64];
  std::vector<std::string> rows;
  for (std::size_t q = 0; q < workload.size(); ++q) {
    const bool on_index = q >= half;
    sqlite3_stmt* stmt = on_index ? query_gsi : query;
    std::snprintf(buf, sizeof buf, on_index ? "STATUS#%09lld" : "CUSTOMER#%09lld",
                  static_cast<long long>(workload[q]));
    sqlite3_bind_blob(stmt, 1, buf, static_cast<int>(std::strlen(buf)), SQLITE_TRANSIENT);
    rows.clear();
    const int item_column = on_index ? 3 : 1;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      const void* data = sqlite3_column_blob(stmt, item_column);
      const int size = sqlite3_column_bytes(stmt, item_column);
      rows.emplace_back(static_cast<const char*>(data), static_cast<std::size_t>(size));
    }
    if (rc != SQLITE_DONE) Die("sqlite query", sqlite3_errmsg(db));
    sqlite3_reset(stmt);
    result.rows += static_cast<std::int64_t>(rows.size());
  }
  result.query_s = Seconds(start);
  for (sqlite3_stmt* stmt : {put, put_gsi, begin, commit, query, query_gsi}) {
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  std::int64_t items = 1000000;
  std::int64_t queries = 200000;
  for (int i = 1; i < argc; ++i) {
    const bool has_value = i + 1 < argc;
    if (std::strcmp(argv[i], "--items") == 0 && has_value) {
      items = std::atoll(argv[++i]);
    } else if (std::strcmp(argv[i], "--queries") == 0 && has_value) {
      queries = std::atoll(argv[++i]);
    } else {
      std::fprintf(stderr, "usage: sim_bench [--items N] [--queries Q]\n");
      return 2;
    }
  }
  if (items < kPerPartition || queries < 2) {
    std::fprintf(stderr, "sim_bench: need --items >= %lld and --queries >= 2\n",
                 static_cast<long long>(kPerPartition));
    return 2;
  }
  const std::int64_t partitions = items / kPerPartition;
  const std::vector<std::int64_t> workload = QueryPartitions(queries, partitions);

  const Result base = RunBaseline(items, partitions, workload);
  const Result simulated = RunSimulated(items, partitions, workload);
  if (base.rows != simulated.rows) {
    std::fprintf(stderr, "sim_bench: the two sides returned %lld and %lld items\n",
                 static_cast<long long>(simulated.rows), static_cast<long long>(base.rows));
    return 1;
  }
  const double bulk_s = RunBulkLoad(items, partitions);
  Fields sample;
  MakeFields(0, partitions, &sample);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const double load = static_cast<double>(items) / simulated.load_s;
  const double base_load = static_cast<double>(items) / base.load_s;
  const double query = static_cast<double>(queries) / simulated.query_s;
  const double base_query = static_cast<double>(queries) / base.query_s;
  std::printf(
      "{\"items\":%lld,\"item_bytes\":%lld,\"queries\":%lld,\"items_per_query\":%.1f,"
      "\"load_items_per_s\":%.0f,\"baseline_load_items_per_s\":%.0f,\"load_ratio\":%.3f,"
      "\"bulk_load_items_per_s\":%.0f,\"bulk_load_ratio\":%.3f,"
      "\"query_per_s\":%.0f,\"baseline_query_per_s\":%.0f,\"query_ratio\":%.3f,"
      "\"peak_rss_mb\":%.1f}\n",
      static_cast<long long>(items), static_cast<long long>(sim::ItemSize(MakeItem(sample))),
      static_cast<long long>(queries),
      static_cast<double>(simulated.rows) / static_cast<double>(queries), load, base_load,
      load / base_load, static_cast<double>(items) / bulk_s,
      static_cast<double>(items) / bulk_s / base_load, query, base_query, query / base_query,
      static_cast<double>(usage.ru_maxrss) / 1024.0);
  return 0;
}
