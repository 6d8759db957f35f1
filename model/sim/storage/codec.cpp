// Binary item encoding (see storage_codec.h).
#include "model/sim/storage/codec.h"

#include <cstdint>
#include <utility>
#include <vector>

namespace sim {
namespace {

void PutVarint(std::uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

void PutBytes(const std::string& bytes, std::string* out) {
  PutVarint(bytes.size(), out);
  out->append(bytes);
}

void EncodeValue(const AttributeValue& v, std::string* out) {
  out->push_back(static_cast<char>(v.type()));
  switch (v.type()) {
    case ValueType::kS:
    case ValueType::kN:
    case ValueType::kB:
      PutBytes(v.scalar(), out);
      break;
    case ValueType::kBool:
      out->push_back(v.boolean() ? 1 : 0);
      break;
    case ValueType::kNull:
      break;
    case ValueType::kM:
      EncodeItem(v.map(), out);
      break;
    case ValueType::kL:
      PutVarint(v.list().size(), out);
      for (const AttributeValue& e : v.list()) EncodeValue(e, out);
      break;
    case ValueType::kSS:
    case ValueType::kNS:
    case ValueType::kBS:
      PutVarint(v.set().size(), out);
      for (const std::string& m : v.set()) PutBytes(m, out);
      break;
  }
}

// A bounds-checked reader; any failure latches `ok_ = false`.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  bool ok() const { return ok_; }
  bool done() const { return pos_ == bytes_.size(); }

  std::uint64_t Varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= bytes_.size()) return Fail();
      auto b = static_cast<unsigned char>(bytes_[pos_++]);
      v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) return v;
    }
    return Fail();
  }
  unsigned char Byte() {
    if (pos_ >= bytes_.size()) return static_cast<unsigned char>(Fail());
    return static_cast<unsigned char>(bytes_[pos_++]);
  }
  std::string Bytes() { return std::string(View()); }
  // The next length-prefixed bytes, as a view into the input.
  std::string_view View() {
    std::uint64_t n = Varint();
    if (!ok_ || n > bytes_.size() - pos_) {
      Fail();
      return {};
    }
    std::string_view s = bytes_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  // A count of elements that each need at least one byte: bounds the allocation.
  std::uint64_t Count() {
    std::uint64_t n = Varint();
    if (ok_ && n > bytes_.size() - pos_) return Fail();
    return n;
  }

 private:
  std::uint64_t Fail() {
    ok_ = false;
    pos_ = bytes_.size();
    return 0;
  }
  std::string_view bytes_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

AttributeValue DecodeValue(Reader* r, int depth);

Item DecodeMembers(Reader* r, int depth) {
  Item item;
  std::uint64_t n = r->Count();
  item.reserve(n);
  for (std::uint64_t i = 0; i < n && r->ok(); ++i) {
    // Names are stored in order: each goes at the end. (The name is read before the value.)
    const std::string_view name = r->View();
    item.emplace_back_sorted(name, DecodeValue(r, depth + 1));
  }
  return item;
}

std::vector<std::string> DecodeSet(Reader* r) {
  std::vector<std::string> members;
  std::uint64_t n = r->Count();
  members.reserve(n);
  for (std::uint64_t i = 0; i < n && r->ok(); ++i) members.push_back(r->Bytes());
  return members;
}

AttributeValue DecodeValue(Reader* r, int depth) {
  // DynamoDB nests documents at most 32 levels deep; anything deeper is corruption.
  if (depth > 64) {
    (void)r->Varint();
    while (r->ok()) (void)r->Byte();
    return AttributeValue::Null();
  }
  unsigned char tag = r->Byte();
  switch (static_cast<ValueType>(tag)) {
    case ValueType::kS:
      return AttributeValue::S(r->Bytes());
    case ValueType::kN: {
      std::string text = r->Bytes();
      // Corrupt when empty; keep the canonical-number invariant.
      if (text.empty()) return AttributeValue::N(std::string(1, '0'));
      return AttributeValue::N(std::move(text));
    }
    case ValueType::kB:
      return AttributeValue::B(r->Bytes());
    case ValueType::kBool:
      return AttributeValue::Bool(r->Byte() != 0);
    case ValueType::kNull:
      return AttributeValue::Null();
    case ValueType::kM:
      return AttributeValue::M(DecodeMembers(r, depth));
    case ValueType::kL: {
      std::vector<AttributeValue> list;
      std::uint64_t n = r->Count();
      list.reserve(n);
      for (std::uint64_t i = 0; i < n && r->ok(); ++i) list.push_back(DecodeValue(r, depth + 1));
      return AttributeValue::L(std::move(list));
    }
    case ValueType::kSS:
      return AttributeValue::SS(DecodeSet(r));
    case ValueType::kNS:
      return AttributeValue::NS(DecodeSet(r));
    case ValueType::kBS:
      return AttributeValue::BS(DecodeSet(r));
  }
  // Unknown tag: force failure.
  while (r->ok()) (void)r->Varint();
  return AttributeValue::Null();
}

}  // namespace

void EncodeItem(const Item& item, std::string* out) {
  PutVarint(item.size(), out);
  for (const auto& [name, value] : item) {
    PutBytes(name, out);
    EncodeValue(value, out);
  }
}

std::string EncodeItem(const Item& item) {
  std::string out;
  EncodeItem(item, &out);
  return out;
}

SimResult<Item> DecodeItem(std::string_view bytes) {
  Reader r(bytes);
  Item item = DecodeMembers(&r, 0);
  if (!r.ok() || !r.done()) return Error::Internal("corrupt item bytes in storage");
  return item;
}

}  // namespace sim
