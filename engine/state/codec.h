#pragma once

// The byte encoding of engine state: varints (signed ones zigzagged),
// doubles as their 8 bytes, strings with their length first. A Decoder that
// runs out of bytes or meets a bad varint fails, and stays failed: a
// corrupt value is reported, never read past.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace alert::engine {

// An unsigned varint appended to `out` (what Encoder::U64 writes).
inline void AppendVarint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>(v | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

class Encoder {
 public:
  void U64(uint64_t v) { AppendVarint(out_, v); }
  void I64(int64_t v) { U64((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }
  void Bool(bool b) { out_ += b ? '\1' : '\0'; }
  void Double(double d) {
    char bytes[8];
    std::memcpy(bytes, &d, 8);
    out_.append(bytes, 8);
  }
  void String(std::string_view s) {
    U64(s.size());
    out_.append(s);
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

class Decoder {
 public:
  explicit Decoder(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool done() const { return in_.empty(); }

  uint64_t U64() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (in_.empty()) return Fail();
      const auto byte = static_cast<uint8_t>(in_[0]);
      in_.remove_prefix(1);
      v |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return v;
    }
    return Fail();
  }
  int64_t I64() {
    const uint64_t v = U64();
    return static_cast<int64_t>((v >> 1) ^ (~(v & 1) + 1));
  }
  bool Bool() { return U64() != 0; }
  double Double() {
    if (in_.size() < 8) return static_cast<double>(Fail());
    double d;
    std::memcpy(&d, in_.data(), 8);
    in_.remove_prefix(8);
    return d;
  }
  std::string String() {
    const uint64_t n = U64();
    if (n > in_.size()) return Fail(), std::string();
    std::string s(in_.substr(0, n));
    in_.remove_prefix(n);
    return s;
  }
  // A count of items that each take at least one byte: bounded by what is left.
  uint64_t Count() {
    const uint64_t n = U64();
    return n > in_.size() ? Fail() : n;
  }

 private:
  uint64_t Fail() {
    ok_ = false;
    in_ = {};
    return 0;
  }
  std::string_view in_;
  bool ok_ = true;
};

}  // namespace alert::engine

namespace alert::engine {

// Integers in keys: big-endian with the sign bit flipped, so that byte order
// is numeric order.
inline void AppendOrdered(std::string& key, int64_t v) {
  const uint64_t u = static_cast<uint64_t>(v) ^ (uint64_t{1} << 63);
  for (int shift = 56; shift >= 0; shift -= 8) key += static_cast<char>((u >> shift) & 0xff);
}
inline void AppendOrdered32(std::string& key, int32_t v) {
  const uint32_t u = static_cast<uint32_t>(v) ^ (uint32_t{1} << 31);
  for (int shift = 24; shift >= 0; shift -= 8) key += static_cast<char>((u >> shift) & 0xff);
}
// Reads what AppendOrdered wrote at `key[at]`; false when too short.
inline bool ReadOrdered(std::string_view key, size_t at, int64_t* v) {
  if (key.size() < at + 8) return false;
  uint64_t u = 0;
  for (size_t i = 0; i < 8; ++i) u = (u << 8) | static_cast<uint8_t>(key[at + i]);
  *v = static_cast<int64_t>(u ^ (uint64_t{1} << 63));
  return true;
}

}  // namespace alert::engine
