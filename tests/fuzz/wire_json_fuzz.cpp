// libFuzzer target for the wire's JSON reading (docs/fuzzing.md): nlohmann's parser as the
// wire adapter calls it, and sim_json's codec of attribute values, items and placeholder maps.
//
// Each input is a JSON text. When it parses to an object, it is read as an item, as
// ExpressionAttributeValues and as ExpressionAttributeNames, and as one attribute value; each
// may fail only with a JsonError (a SerializationException or a ValidationException with a
// message), never another exception. An item read must survive the round trip: written back
// (ItemToJson, and AppendItemJson, which must give the same text) and read again, it is equal.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "model/sim/api/value.h"
#include "model/sim/json/codec.h"

namespace {

using sim::json::Json;

[[noreturn]] void Broken(const std::string& what) {
  std::fprintf(stderr, "wire_json_fuzz: %s\n", what.c_str());
  std::abort();
}

void CheckError(const sim::json::JsonError& e) {
  const sim::Error& error = e.error;
  if ((error.name != "SerializationException" && error.name != "ValidationException") ||
      error.message.empty()) {
    Broken("an unexpected error: " + error.name + ": " + error.message);
  }
}

// Runs `read`; a JsonError must be well formed, and any other exception escapes (and is a
// finding: libFuzzer reports the uncaught exception).
template <typename F>
void Read(F&& read) {
  try {
    read();
  } catch (const sim::json::JsonError& e) {
    CheckError(e);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Json j;
  try {
    j = Json::parse(text);
  } catch (const Json::exception&) {
    return 0;  // not JSON: the adapter answers SerializationException
  }
  if (!j.is_object()) return 0;
  Read([&] {
    sim::Item item = sim::json::ItemFromJson(j);
    Json written = sim::json::ItemToJson(item);
    std::string appended;
    sim::json::AppendItemJson(item, &appended);
    if (appended != written.dump()) Broken("AppendItemJson and ItemToJson differ: " + appended);
    sim::Item again = sim::json::ItemFromJson(Json::parse(appended));
    if (!(sim::AttributeValue::M(again) == sim::AttributeValue::M(item))) {
      Broken("an item changed in a round trip: " + appended);
    }
  });
  Read([&] { (void)sim::json::ValuesFromJson(j); });
  Read([&] { (void)sim::json::NamesFromJson(j); });
  Read([&] {
    sim::AttributeValue value = sim::json::ValueFromJson(j);
    Json written = sim::json::ValueToJson(value);
    if (!(sim::json::ValueFromJson(written) == value)) {
      Broken("a value changed in a round trip: " + written.dump());
    }
  });
  return 0;
}
