// What every table export shares: the key attributes, the index projections, the provisioned
// throughput figures, and the escapers of the formats only exports write (HCL, YAML, shell).
//
// The table is the one `model check` proves (model/check creates it the same way): every key
// attribute is a string (S); an INCLUDE index also projects the type label, `_version` and
// `_latest`; a stream, when the model asks for one, carries new and old images.
//
// Provisioned throughput (only when the model's billing is provisioned) comes from the
// design-time figures of model/cost.h at the declared rates: per second, the read units of the
// patterns served by the table or by each index, and the write units of every write pattern
// (each index gets the same write figure: an upper bound, since a write may touch every index);
// rounded up, at least 1.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "codegen/writer/json.h"
#include "model/layout.h"
#include "model/model.h"
#include "model/table_items.h"

namespace model::codegen {

inline constexpr const char* kStreamViewType = "NEW_AND_OLD_IMAGES";

struct Throughput {
  std::int64_t read = 1;
  std::int64_t write = 1;
};

struct ProvisionedFigures {
  Throughput table;
  std::vector<Throughput> indexes;  // by index number - 1
};

ProvisionedFigures ProvisionedFor(const Model& model, const KeyLayout& layout);

// The table's key attributes, then each index's, without repeats.
std::vector<std::string> KeyAttributeNames(const KeyLayout& layout);

// The non-key attributes an INCLUDE index projects (the layout's and the computed ones).
std::vector<std::string> IncludedAttributes(const IndexLayout& index);

// "PAY_PER_REQUEST" or "PROVISIONED".
const char* BillingModeName(BillingMode billing);

// The table in the shape of DynamoDB's CreateTable request (what `aws dynamodb create-table
// --cli-input-json` and boto3's create_table take): TableName, AttributeDefinitions,
// KeySchema, GlobalSecondaryIndexes, BillingMode, ProvisionedThroughput, StreamSpecification.
Json CreateTableRequest(const Model& model, const KeyLayout& layout);

// A DynamoDB attribute value in the wire format ({"S": "..."}; B as base64).
Json AttributeValueJson(const ItemValue& value);

std::string Base64(std::string_view bytes);

// A single-quoted POSIX shell word holding exactly `text` (`'` becomes `'\''`).
std::string ShellQuote(std::string_view text);

// An HCL double-quoted string literal holding the text: `"` `\` escaped, line breaks and tab
// named, other control characters `\uNNNN`, `${` and `%{` doubled so they are not templates;
// invalid UTF-8 becomes U+FFFD.
std::string HclString(std::string_view text);

// The JSON value as block-style YAML: mappings and sequences one entry a line, every string a
// double-quoted scalar (JSON's escapes are YAML's), keys plain when they are simple words.
std::string YamlFromJson(const Json& json);

}  // namespace model::codegen
