// create-table: the request `aws dynamodb create-table --cli-input-json file://PATH` reads.
// Its members are CreateTable's request parameters, spelled as in the API reference
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html).
// CreateTable takes no Time to Live: docs/outputs.md names the follow-up
// `aws dynamodb update-time-to-live` for a layout with KeyLayout::ttl_attribute.
#include "codegen/export/export.h"
#include "codegen/export/table_spec.h"

namespace model::codegen {

std::string RenderCreateTable(const Model& model, const KeyLayout& layout) {
  return DumpJson(CreateTableRequest(model, layout));
}

}  // namespace model::codegen
