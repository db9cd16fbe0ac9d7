#pragma once

// The values that rule expressions and JSONPath filters compute with: a JSON
// value read from an event (a view into its simdjson document), a value
// computed at run time, or *nothing* (a missing member, a failed function).
// Cheap to copy. A Value never owns text or containers: strings and arrays it
// refers to must outlive it (the event's document, the rule's constants, or
// the evaluator's scratch space).

#include <cstdint>
#include <span>
#include <string_view>

#include <simdjson.h>

#include "runtime/value/number.h"

namespace alert {

class Value {
 public:
  enum class Kind : uint8_t { kNothing, kNull, kBool, kNumber, kString, kArray, kObject };

  Value() = default;  // nothing
  static Value Null() { return Value(Kind::kNull); }
  static Value Bool(bool b) {
    Value v(Kind::kBool);
    v.bool_ = b;
    return v;
  }
  static Value Num(Number n) {
    Value v(Kind::kNumber);
    v.number_ = n;
    return v;
  }
  static Value Str(std::string_view s) {
    Value v(Kind::kString);
    v.string_data_ = s.data();
    v.string_size_ = s.size();
    return v;
  }
  // An array literal of the rule language; `elements` must outlive the value.
  static Value Array(std::span<const Value> elements) {
    Value v(Kind::kArray);
    v.literal_ = elements;
    v.is_literal_ = true;
    return v;
  }
  // A node of a JSON document. Inline: the path plan calls it for every
  // slot it fills, and a call returning the value through memory stalls
  // on the copy that follows (the stores cannot forward to the wider loads).
  static Value Of(simdjson::dom::element e);

  Kind kind() const { return kind_; }
  bool is_nothing() const { return kind_ == Kind::kNothing; }
  bool boolean() const { return bool_; }
  const Number& number() const { return number_; }
  std::string_view string() const { return {string_data_, string_size_}; }

  // Arrays: the number of elements and each one. Objects: the number of members.
  size_t size() const;
  Value at(size_t i) const;
  // The document node of an array or object read from an event (not a literal).
  simdjson::dom::element element() const { return element_; }

  // RFC 9535 §2.3.5.2.2 / LANGUAGE.md: == compares JSON values (numbers
  // numerically and exactly, arrays and objects deeply); nothing equals only
  // nothing.
  friend bool Equal(const Value& a, const Value& b);
  // < between two numbers or two strings (by code point); false otherwise.
  friend bool Less(const Value& a, const Value& b);

  // "empty" as `is empty` defines it: nothing, null, "", [] and {}.
  bool IsEmpty() const;

  // Where compiled code finds a value's fields (byte offsets): the kind, the
  // number's kind and payloads, a string's bytes. Compiled predicates read
  // slots through these and never through C++.
  struct Layout {
    size_t size, kind, boolean, number_kind, int_value, uint_value, double_value, string_data, string_size;
  };
  static Layout GetLayout();

 private:
  explicit Value(Kind k) : kind_(k) {}

  Kind kind_ = Kind::kNothing;
  bool bool_ = false;
  bool is_literal_ = false;
  Number number_;
  const char* string_data_ = nullptr;
  size_t string_size_ = 0;
  simdjson::dom::element element_;
  std::span<const Value> literal_;
};

inline Value Value::Of(simdjson::dom::element e) {
  using T = simdjson::dom::element_type;
  switch (e.type()) {
    case T::INT64: return Num(Number::Int(int64_t(e)));
    case T::UINT64: return Num(Number::Uint(uint64_t(e)));
    case T::DOUBLE: return Num(Number::Double(double(e)));
    case T::STRING: return Str(std::string_view(e));
    case T::BOOL: return Bool(bool(e));
    case T::NULL_VALUE: return Null();
    case T::ARRAY: {
      Value v(Kind::kArray);
      v.element_ = e;
      return v;
    }
    case T::OBJECT: {
      Value v(Kind::kObject);
      v.element_ = e;
      return v;
    }
  }
  return Value();
}

}  // namespace alert
