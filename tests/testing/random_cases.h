#pragma once

// A seeded generator of random `when` expressions and JSON events over one
// shared vocabulary of paths, for differential tests: every operator, every
// type, the missing value, huge and negative numbers, empty and non-ASCII
// strings, empty arrays, deep paths, filters and quantifiers.

#include <cstdint>
#include <random>
#include <string>

namespace alert::testing {

class RandomCases {
 public:
  explicit RandomCases(uint64_t seed) : rng_(seed) {}

  // A condition in the rule language (it may fail to check: callers skip those).
  std::string Condition(int depth = 4);
  // A JSON object event whose members are the generator's paths, each
  // missing or of a random type.
  std::string Event();

 private:
  std::string Value(int depth);      // a value expression
  std::string Literal();
  std::string Path();
  std::string JsonValue(int depth);
  std::string JsonString();
  std::string JsonNumber();
  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  bool Chance(int percent) { return Pick(100) < percent; }

  std::mt19937_64 rng_;
};

}  // namespace alert::testing
