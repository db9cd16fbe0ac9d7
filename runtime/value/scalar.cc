#include "runtime/value/scalar.h"

#include "runtime/json/json_string.h"

namespace alert {

std::string Scalar::ToJson() const {
  switch (kind) {
    case Kind::kNull: return "null";
    case Kind::kBool: return boolean ? "true" : "false";
    case Kind::kNumber: return number.ToString();
    case Kind::kString: return json::Quote(string);
  }
  return "null";
}

}  // namespace alert
