#include "tests/testing/random_cases.h"

#include <vector>

namespace alert::testing {
namespace {

// The members events have; paths below read them.
const std::vector<std::string> kMembers = {"a", "b", "s", "n", "arr", "obj", "名前", "big"};

const std::vector<std::string> kPaths = {
    "$.a", "$.b", "$.s", "$.n", "$.big", "$.名前", "$.obj.x", "$.obj.y.z", "$.arr[0]", "$.arr[-1]", "$['a']",
    "$.arr.length()", "$.arr.sum()", "$.arr.max()", "$.obj.x.y.z.w",
};
const std::vector<std::string> kMultiPaths = {
    "$.arr[*]", "$..x", "$.arr[?@ > 1]", "$.arr[1:3]", "$.obj.*", "$..*", "$.arr[?@.x == 'é']", "$[*]",
};

}  // namespace

std::string RandomCases::Literal() {
  switch (Pick(9)) {
    case 0: return JsonNumber();
    case 1: return JsonString();
    case 2: return Chance(50) ? "true" : "false";
    case 3: return "null";
    case 4: return std::to_string(Pick(5) - 2);
    case 5: return Chance(50) ? "500ms" : "80%";
    case 6: return "\"\"";
    case 7: return "[" + JsonNumber() + ", " + JsonString() + ", null]";
    default: return "[]";
  }
}

std::string RandomCases::Path() {
  if (Chance(20)) return kMultiPaths[Pick(static_cast<int>(kMultiPaths.size()))];
  return kPaths[Pick(static_cast<int>(kPaths.size()))];
}

std::string RandomCases::Value(int depth) {
  if (depth <= 0) return Chance(60) ? Path() : Literal();
  switch (Pick(12)) {
    case 0: case 1: case 2: return Path();
    case 3: case 4: return Literal();
    case 5: {
      static const char* kOps[] = {"+", "-", "*", "/", "%"};
      return "(" + Value(depth - 1) + " " + kOps[Pick(5)] + " " + Value(depth - 1) + ")";
    }
    case 6: return "-" + Value(depth - 1);
    case 7: {
      static const char* kFns[] = {"lower", "upper", "abs", "length"};
      return std::string(kFns[Pick(4)]) + "(" + Value(depth - 1) + ")";
    }
    case 8: return std::string(Chance(50) ? "min" : "max") + "(" + Value(depth - 1) + ", " + Value(depth - 1) + ")";
    case 9: return "count(" + kMultiPaths[Pick(static_cast<int>(kMultiPaths.size()))] + ")";
    case 10: return "value(" + Path() + ")";
    default: return Literal();
  }
}

std::string RandomCases::Condition(int depth) {
  if (depth <= 0) return Value(0) + " == " + Value(0);
  switch (Pick(17)) {
    case 14: case 15: case 16: {
      // A path against a literal: what rules mostly test.
      static const char* kOps[] = {"==", "!=", "<", "<=", ">", ">="};
      return Chance(80) ? Path() + " " + kOps[Pick(6)] + " " + Literal() : Literal() + " " + kOps[Pick(6)] + " " + Path();
    }
    case 0: return "(" + Condition(depth - 1) + " && " + Condition(depth - 1) + ")";
    case 1: return "(" + Condition(depth - 1) + " || " + Condition(depth - 1) + ")";
    case 2: return "!(" + Condition(depth - 1) + ")";
    case 3: {
      static const char* kOps[] = {"==", "!=", "<", "<=", ">", ">="};
      return Value(depth - 1) + " " + kOps[Pick(6)] + " " + Value(depth - 1);
    }
    case 4: {
      static const char* kRegex[] = {"\"^a\"", "\"é\"", "\"[0-9]+\"", "\"\"", "\"(?i)A\""};
      return Value(depth - 1) + (Chance(50) ? " =~ " : " !~ ") + kRegex[Pick(5)];
    }
    case 5: return Value(depth - 1) + (Chance(50) ? " in " : " not in ") + (Chance(70) ? "[1, \"a\", null, 2.5]" : "$.arr");
    case 6: return Value(depth - 1) + (Chance(50) ? " contains " : " not contains ") + Value(depth - 1);
    case 7: {
      static const char* kOps[] = {" starts with ", " ends with ", " not starts with ", " not ends with "};
      return Value(depth - 1) + kOps[Pick(4)] + (Chance(50) ? JsonString() : Value(depth - 1));
    }
    case 8: {
      static const char* kOps[] = {" is null", " is not null", " is empty", " is not empty"};
      return Value(depth - 1) + kOps[Pick(4)];
    }
    case 9: return "exists " + Path();
    case 10: {
      const std::string q = Chance(50) ? "every" : "any";
      return q + "(" + kMultiPaths[Pick(static_cast<int>(kMultiPaths.size()))] + ", @ " +
             (Chance(50) ? "> 1" : "== \"é\"") + ")";
    }
    case 11: return std::string(Chance(50) ? "match" : "search") + "(" + Value(depth - 1) + ", \"a.\")";
    case 12: return Chance(50) ? "true" : "false";
    default: return Value(depth - 1) + " == " + Value(depth - 1);
  }
}

std::string RandomCases::JsonString() {
  static const char* kStrings[] = {"\"\"", "\"a\"", "\"A\"", "\"abc\"", "\"é\"", "\"名前\"", "\"10\"", "\"a\\nb\"",
                                   "\"aé\"", "\"é\""};
  return kStrings[Pick(10)];
}

std::string RandomCases::JsonNumber() {
  static const char* kNumbers[] = {"0", "1", "-1", "2", "2.5", "-2.5e2", "1e308", "9007199254740993",
                                   "9223372036854775807", "-9223372036854775808", "18446744073709551615",
                                   "0.1", "3", "1.0", "100"};
  return kNumbers[Pick(15)];
}

std::string RandomCases::JsonValue(int depth) {
  switch (Pick(depth > 0 ? 8 : 5)) {
    case 0: return JsonNumber();
    case 1: return JsonString();
    case 2: return Chance(50) ? "true" : "false";
    case 3: return "null";
    case 4: return Chance(50) ? "[]" : "{}";
    case 5: {
      std::string out = "[";
      const int n = Pick(4);
      for (int i = 0; i < n; ++i) out += (i ? "," : "") + JsonValue(depth - 1);
      return out + "]";
    }
    default: {
      std::string out = "{";
      static const char* kKeys[] = {"x", "y", "z", "w"};
      const int n = Pick(3);
      for (int i = 0; i < n; ++i) out += std::string(i ? "," : "") + "\"" + kKeys[(i + Pick(2)) % 4] + "\":" + JsonValue(depth - 1);
      return out + "}";
    }
  }
}

std::string RandomCases::Event() {
  std::string out = "{";
  bool first = true;
  for (const std::string& m : kMembers) {
    if (Chance(25)) continue;  // missing
    out += (first ? "\"" : ",\"") + m + "\":" + JsonValue(3);
    first = false;
  }
  return out + "}";
}

}  // namespace alert::testing
