#include "runtime/value/value.h"

#include <cstddef>
#include <type_traits>

namespace alert {

Value::Layout Value::GetLayout() {
  static_assert(std::is_standard_layout_v<Value> && std::is_standard_layout_v<Number>);
  const size_t number = offsetof(Value, number_);
  return Layout{sizeof(Value),
                offsetof(Value, kind_),
                offsetof(Value, bool_),
                number + Number::kKindOffset,
                number + Number::kIntOffset,
                number + Number::kUintOffset,
                number + Number::kDoubleOffset,
                offsetof(Value, string_data_),
                offsetof(Value, string_size_)};
}

size_t Value::size() const {
  if (kind_ == Kind::kArray) return is_literal_ ? literal_.size() : simdjson::dom::array(element_).size();
  if (kind_ == Kind::kObject) return simdjson::dom::object(element_).size();
  return 0;
}

Value Value::at(size_t i) const {
  if (is_literal_) return literal_[i];
  return Of(simdjson::dom::array(element_).at(i).value_unsafe());
}

bool Value::IsEmpty() const {
  switch (kind_) {
    case Kind::kNothing:
    case Kind::kNull: return true;
    case Kind::kString: return string_size_ == 0;
    case Kind::kArray:
    case Kind::kObject: return size() == 0;
    default: return false;
  }
}

bool Equal(const Value& a, const Value& b) {
  if (a.kind_ != b.kind_) return false;
  switch (a.kind_) {
    case Value::Kind::kNothing:
    case Value::Kind::kNull: return true;
    case Value::Kind::kBool: return a.bool_ == b.bool_;
    case Value::Kind::kNumber: return a.number_ == b.number_;
    case Value::Kind::kString: return a.string() == b.string();
    case Value::Kind::kArray: {
      const size_t n = a.size();
      if (n != b.size()) return false;
      if (!a.is_literal_ && !b.is_literal_) {
        // Walk both documents' arrays in step.
        simdjson::dom::array x(a.element_), y(b.element_);
        auto i = x.begin(), j = y.begin();
        for (; i != x.end(); ++i, ++j) {
          if (!Equal(Value::Of(*i), Value::Of(*j))) return false;
        }
        return true;
      }
      for (size_t k = 0; k < n; ++k) {
        if (!Equal(a.at(k), b.at(k))) return false;
      }
      return true;
    }
    case Value::Kind::kObject: {
      simdjson::dom::object x(a.element_), y(b.element_);
      if (x.size() != y.size()) return false;
      for (auto [key, value] : x) {
        simdjson::dom::element other;
        if (y.at_key(key).get(other) != simdjson::SUCCESS) return false;
        if (!Equal(Value::Of(value), Value::Of(other))) return false;
      }
      return true;
    }
  }
  return false;
}

bool Less(const Value& a, const Value& b) {
  if (a.kind_ == Value::Kind::kNumber && b.kind_ == Value::Kind::kNumber) return a.number_ < b.number_;
  // UTF-8 byte order is code point order.
  if (a.kind_ == Value::Kind::kString && b.kind_ == Value::Kind::kString) return a.string() < b.string();
  return false;
}

}  // namespace alert
