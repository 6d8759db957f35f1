// Helpers for the simulated-table tests: value shorthands and table definitions.
#pragma once

#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "model/sim/engine/database.h"

namespace simtest {

inline sim::AttributeValue S(std::string s) { return sim::AttributeValue::S(std::move(s)); }
inline sim::AttributeValue N(std::string n) { return sim::AttributeValue::N(std::move(n)); }
inline sim::AttributeValue B(std::string b) { return sim::AttributeValue::B(std::move(b)); }

inline std::unique_ptr<sim::Database> OpenMemory() {
  auto db = sim::Database::Open();
  REQUIRE(db.ok());
  return std::move(*db);
}

inline sim::SecondaryIndex Index(std::string name, std::string pk, std::string sk,
                                 sim::ProjectionType projection = sim::ProjectionType::kAll,
                                 std::vector<std::string> include = {}) {
  sim::SecondaryIndex index;
  index.index_name = std::move(name);
  index.key_schema.push_back({std::move(pk), sim::KeyRole::kHash});
  if (!sk.empty()) index.key_schema.push_back({std::move(sk), sim::KeyRole::kRange});
  index.projection.projection_type = projection;
  index.projection.non_key_attributes = std::move(include);
  return index;
}

// Table `name` with pk (S) and, when sk_type is not kNull, sk of that type.
inline sim::CreateTableRequest TableRequest(std::string name,
                                            sim::ValueType sk_type = sim::ValueType::kS) {
  sim::CreateTableRequest r;
  r.table_name = std::move(name);
  r.attribute_definitions.push_back({"pk", sim::ValueType::kS});
  r.key_schema.push_back({"pk", sim::KeyRole::kHash});
  if (sk_type != sim::ValueType::kNull) {
    r.attribute_definitions.push_back({"sk", sk_type});
    r.key_schema.push_back({"sk", sim::KeyRole::kRange});
  }
  return r;
}

inline void Create(sim::Database& db, const sim::CreateTableRequest& request) {
  auto created = db.CreateTable(request);
  INFO((created.ok() ? std::string() : created.error().message));
  REQUIRE(created.ok());
}

inline void Put(sim::Database& db, const std::string& table, sim::Item item) {
  sim::PutItemRequest r;
  r.table_name = table;
  r.item = std::move(item);
  auto put = db.PutItem(r);
  INFO((put.ok() ? std::string() : put.error().message));
  REQUIRE(put.ok());
}

inline std::optional<sim::Item> Get(sim::Database& db, const std::string& table, sim::Item key) {
  sim::GetItemRequest r;
  r.table_name = table;
  r.key = std::move(key);
  auto got = db.GetItem(r);
  INFO((got.ok() ? std::string() : got.error().message));
  REQUIRE(got.ok());
  return got->item;
}

template <typename T>
std::string ErrorOf(const sim::SimResult<T>& result) {
  REQUIRE_FALSE(result.ok());
  return result.error().message;
}

}  // namespace simtest
