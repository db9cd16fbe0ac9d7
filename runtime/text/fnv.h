#pragma once

// FNV-1a 64 of a byte string: a fixed hash, the same on every machine and
// in every release (group keys to partitions, sketches of distinct values).

#include <cstdint>
#include <string_view>

namespace alert {

inline uint64_t Fnv1a64(std::string_view bytes) {
  uint64_t h = 14695981039346656037ull;
  for (const unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace alert
