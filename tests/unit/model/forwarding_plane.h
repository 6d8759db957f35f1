// A DataPlane that forwards every request to another one: tests derive from it and override the
// operations they intercept (a BatchGetItem handing keys back as unprocessed, a concurrent
// client's request landing before a transaction).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "model/sim/api/data_plane.h"

namespace test {

class ForwardingPlane : public sim::DataPlane {
 public:
  explicit ForwardingPlane(sim::DataPlane& base) : base_(base) {}
  sim::SimResult<sim::TableDescription> CreateTable(const sim::CreateTableRequest& r) override {
    return base_.CreateTable(r);
  }
  sim::SimResult<sim::TableDescription> DeleteTable(const std::string& t) override {
    return base_.DeleteTable(t);
  }
  sim::SimResult<sim::TableDescription> DescribeTable(const std::string& t) override {
    return base_.DescribeTable(t);
  }
  sim::ListTablesResponse ListTables() const override { return base_.ListTables(); }
  sim::SimResult<sim::PutItemResponse> PutItem(const sim::PutItemRequest& r) override {
    return base_.PutItem(r);
  }
  sim::SimResult<sim::GetItemResponse> GetItem(const sim::GetItemRequest& r) override {
    return base_.GetItem(r);
  }
  sim::SimResult<sim::UpdateItemResponse> UpdateItem(const sim::UpdateItemRequest& r) override {
    return base_.UpdateItem(r);
  }
  sim::SimResult<sim::DeleteItemResponse> DeleteItem(const sim::DeleteItemRequest& r) override {
    return base_.DeleteItem(r);
  }
  sim::SimResult<sim::QueryResponse> Query(const sim::QueryRequest& r) override {
    return base_.Query(r);
  }
  sim::SimResult<sim::ScanResponse> Scan(const sim::ScanRequest& r) override {
    return base_.Scan(r);
  }
  sim::SimResult<sim::BatchGetItemResponse> BatchGetItem(
      const sim::BatchGetItemRequest& r) override {
    return base_.BatchGetItem(r);
  }
  sim::SimResult<sim::BatchWriteItemResponse> BatchWriteItem(
      const sim::BatchWriteItemRequest& r) override {
    return base_.BatchWriteItem(r);
  }
  sim::SimResult<sim::TransactWriteItemsResponse> TransactWriteItems(
      const sim::TransactWriteItemsRequest& r) override {
    return base_.TransactWriteItems(r);
  }
  sim::SimResult<sim::TransactGetItemsResponse> TransactGetItems(
      const sim::TransactGetItemsRequest& r) override {
    return base_.TransactGetItems(r);
  }
  sim::SimResult<sim::ReadStreamResult> ReadStream(const std::string& t, std::int64_t after,
                                                   std::size_t max) override {
    return base_.ReadStream(t, after, max);
  }

 protected:
  sim::DataPlane& base_;
};

}  // namespace test
