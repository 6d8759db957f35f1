// Enum values whose C++ enumerators would clash (tests/codegen/enums/model.yaml): values that
// differ only in punctuation, case or non-ASCII characters each get their own enumerator (the
// name + '_' + the value's bytes in hex, docs/codegen.md), a value that clashes with none keeps
// its plain name, and ToString, Parse and the table all keep each value's exact text.
#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "codegen/runtime/sim/sim_backend.h"
#include "enums_model.h"

namespace em = enums_model;

namespace {

// Each value of Sample.element with the enumerator it must have.
const std::vector<std::pair<std::string, em::SampleElement>> kElements = {
    {"Al", em::SampleElement::kAl_416c},
    {"Al%", em::SampleElement::kAl_416c25},
    {"Fe", em::SampleElement::kFe},
    {"\xC3\x89", em::SampleElement::kUnnamed_c389},              // É
    {"\xF4\x8F\xBF\xBF", em::SampleElement::kUnnamed_f48fbfbf},  // U+10FFFF
    {"a-b", em::SampleElement::kAB_612d62},
    {"a_b", em::SampleElement::kAB_615f62},
    {"OPEN", em::SampleElement::kOpen_4f50454e},
    {"open", em::SampleElement::kOpen_6f70656e},
    {"?", em::SampleElement::kUnnamed_3f},
    {"Cu", em::SampleElement::kCu},
};

}  // namespace

TEST_CASE("clashing enum values: one enumerator each, the exact text kept", "[codegen][enums]") {
  std::set<em::SampleElement> seen;
  for (const auto& [text, value] : kElements) {
    INFO(text);
    CHECK(seen.insert(value).second);
    CHECK(std::string(em::ToString(value)) == text);
    auto parsed = em::ParseSampleElement(text);
    REQUIRE(parsed.has_value());
    CHECK(*parsed == value);
    em::SampleElement back{};
    REQUIRE(em::FromValue(em::ToValue(value), back));
    CHECK(back == value);
  }
  CHECK_FALSE(em::ParseSampleElement("AL").has_value());
  CHECK_FALSE(em::ParseSampleElement("a b").has_value());
  // An enum without clashes keeps its plain names.
  CHECK(std::string(em::ToString(em::SampleGrade::kLow)) == "LOW");
}

TEST_CASE("clashing enum values round-trip through the table and its index", "[codegen][enums]") {
  auto backend = std::move(*model::runtime::OpenSimBackend());
  em::EnumsModel db{*backend};
  REQUIRE(db.CreateTable().ok());
  for (std::size_t i = 0; i < kElements.size(); ++i) {
    em::Sample s{"s" + std::to_string(i), kElements[i].second, em::SampleGrade::kHigh};
    REQUIRE(db.AddSample(s).ok());
  }
  for (std::size_t i = 0; i < kElements.size(); ++i) {
    INFO(kElements[i].first);
    auto got = db.Sample({"s" + std::to_string(i)});
    REQUIRE(got.ok());
    REQUIRE(got->items.size() == 1);
    CHECK(got->items[0].element == kElements[i].second);
    // The index partition of each value holds that value's sample alone: no two values were
    // written as the same text.
    auto by = db.SamplesByElement({kElements[i].second});
    REQUIRE(by.ok());
    REQUIRE(by->items.size() == 1);
    CHECK(by->items[0].sample_id == "s" + std::to_string(i));
  }
}
