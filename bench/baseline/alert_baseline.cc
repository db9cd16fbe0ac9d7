// alert-baseline RULES EVENTS [TENANT_POINTER]: the comparison point of
// bench/run_bench.sh — a straightforward evaluator, what a competent engineer
// writes in an afternoon. Events are parsed with simdjson's DOM parser,
// a block of lines at a time (parse_many); rules are grouped by tenant (the event's tenant's rules plus the
// global ones are tried); each condition on a singular path reads it with one
// JSON Pointer lookup and compares it with its constant. What is not a
// singular path against constants (filters, wildcards, functions) is handed
// to alertjit's reference interpreter, as a library would be called.
// Prints {"rule_id": matches, ...} like `alertc run --counts`.

#include <algorithm>
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <iostream>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>
#include <re2/re2.h>
#include <simdjson.h>

#include "compiler/interp/interpreter.h"
#include "compiler/sema/check.h"
#include "engine/source/line_reader.h"
#include "runtime/json/json_string.h"
#include "runtime/value/value.h"

namespace {

using alert::Value;
using alert::checked::Op;

// A rule's condition as a small tree over JSON Pointers.
struct Cond {
  enum class Kind { kAnd, kOr, kNot, kCompare, kIn, kMatch, kExists, kIsNull, kIsEmpty, kInterpreter };
  Kind kind = Kind::kInterpreter;
  Op op = Op::kEq;
  std::string pointer;
  std::vector<Value> constants;  // point into the rule's strings
  const re2::RE2* regex = nullptr;
  std::vector<Cond> args;
  const alert::checked::Expr* expr = nullptr;  // kInterpreter
};

struct BaselineRule {
  alert::checked::Rule rule;
  std::unique_ptr<alert::interp::Interpreter> interpreter;
  Cond when;
};

std::string Pointer(const alert::jsonpath::Query& q, bool* ok) {
  std::string pointer;
  *ok = q.IsSingular() && !q.relative && q.trailing == alert::jsonpath::Trailing::kNone;
  for (const auto& segment : q.segments) {
    const auto& s = segment.selectors[0];
    pointer += '/';
    if (s.kind == alert::jsonpath::Selector::Kind::kName) {
      for (const char c : s.name) pointer += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
    } else if (s.index >= 0) {
      pointer += std::to_string(s.index);
    } else {
      *ok = false;  // JSON Pointer has no negative index
    }
  }
  return pointer;
}

Value ConstantValue(const alert::Scalar& s) {
  switch (s.kind) {
    case alert::Scalar::Kind::kNull: return Value::Null();
    case alert::Scalar::Kind::kBool: return Value::Bool(s.boolean);
    case alert::Scalar::Kind::kNumber: return Value::Num(s.number);
    case alert::Scalar::Kind::kString: return Value::Str(s.string);
  }
  return Value();
}

Cond Build(const BaselineRule& r, const alert::checked::Expr& e) {
  Cond c;
  c.expr = &e;
  auto singular_path = [&](uint32_t index, std::string* pointer) {
    bool ok = false;
    *pointer = Pointer(r.rule.paths[index].query, &ok);
    return ok;
  };
  auto singular = [&](const alert::checked::Expr& x, std::string* pointer) {
    return x.op == Op::kPath && x.type == alert::checked::Type::kAny && singular_path(x.index, pointer);
  };
  switch (e.op) {
    case Op::kAnd:
    case Op::kOr:
    case Op::kNot:
      c.kind = e.op == Op::kAnd ? Cond::Kind::kAnd : e.op == Op::kOr ? Cond::Kind::kOr : Cond::Kind::kNot;
      for (const auto& a : e.args) c.args.push_back(Build(r, *a));
      return c;
    case Op::kEq: case Op::kNe: case Op::kLt: case Op::kLe: case Op::kGt: case Op::kGe:
      if (singular(*e.args[0], &c.pointer) && e.args[1]->op == Op::kConst) {
        c.kind = Cond::Kind::kCompare;
        c.op = e.op;
        c.constants.push_back(ConstantValue(e.args[1]->value));
      }
      return c;
    case Op::kIn: case Op::kNotIn:
      if (singular(*e.args[0], &c.pointer) && e.args[1]->op == Op::kArray) {
        c.kind = Cond::Kind::kIn;
        c.op = e.op;
        for (const auto& a : e.args[1]->args) {
          if (a->op != Op::kConst) {
            Cond fallback;
            fallback.expr = &e;
            return fallback;
          }
          c.constants.push_back(ConstantValue(a->value));
        }
      }
      return c;
    case Op::kMatch: case Op::kNotMatch:
      if (singular(*e.args[0], &c.pointer)) {
        c.kind = Cond::Kind::kMatch;
        c.op = e.op;
        c.regex = r.interpreter->Regex(e.index);
      }
      return c;
    case Op::kExists:
      if (singular_path(e.index, &c.pointer)) {
        c.kind = Cond::Kind::kExists;
      }
      return c;
    case Op::kIsNull: case Op::kIsNotNull: case Op::kIsEmpty: case Op::kIsNotEmpty:
      if (singular(*e.args[0], &c.pointer)) {
        c.kind = e.op == Op::kIsNull || e.op == Op::kIsNotNull ? Cond::Kind::kIsNull : Cond::Kind::kIsEmpty;
        c.op = e.op;
      }
      return c;
    default: return c;
  }
}

Value Read(simdjson::dom::element doc, const std::string& pointer) {
  simdjson::dom::element e;
  if (doc.at_pointer(pointer).get(e)) return Value();
  return Value::Of(e);
}

bool Holds(const BaselineRule& r, const Cond& c, simdjson::dom::element doc) {
  switch (c.kind) {
    case Cond::Kind::kAnd:
      return std::all_of(c.args.begin(), c.args.end(), [&](const Cond& a) { return Holds(r, a, doc); });
    case Cond::Kind::kOr:
      return std::any_of(c.args.begin(), c.args.end(), [&](const Cond& a) { return Holds(r, a, doc); });
    case Cond::Kind::kNot: return !Holds(r, c.args[0], doc);
    case Cond::Kind::kCompare: {
      const Value v = Read(doc, c.pointer);
      const Value& k = c.constants[0];
      switch (c.op) {
        case Op::kEq: return Equal(v, k);
        case Op::kNe: return !Equal(v, k);
        case Op::kLt: return Less(v, k);
        case Op::kLe: return Less(v, k) || Equal(v, k);
        case Op::kGt: return Less(k, v);
        case Op::kGe: return Less(k, v) || Equal(v, k);
        default: return false;
      }
    }
    case Cond::Kind::kIn: {
      const Value v = Read(doc, c.pointer);
      bool any = false;
      for (const Value& k : c.constants) any = any || Equal(v, k);
      return c.op == Op::kIn ? any : !any;
    }
    case Cond::Kind::kMatch: {
      const Value v = Read(doc, c.pointer);
      const bool found = v.kind() == Value::Kind::kString &&
                         re2::RE2::PartialMatch(re2::StringPiece(v.string().data(), v.string().size()), *c.regex);
      return c.op == Op::kMatch ? found : !found;
    }
    case Cond::Kind::kExists: return !Read(doc, c.pointer).is_nothing();
    case Cond::Kind::kIsNull: {
      const bool is_null = Read(doc, c.pointer).kind() == Value::Kind::kNull;
      return c.op == Op::kIsNull ? is_null : !is_null;
    }
    case Cond::Kind::kIsEmpty: {
      const bool empty = Read(doc, c.pointer).IsEmpty();
      return c.op == Op::kIsEmpty ? empty : !empty;
    }
    case Cond::Kind::kInterpreter: return r.interpreter->EvaluateCondition(*c.expr, doc);
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: alert-baseline RULES.alert EVENTS.ndjson|- [TENANT_POINTER (default /customerId)]\n";
    return 2;
  }
  const std::string tenant_pointer = argc > 3 ? argv[3] : "/customerId";
  std::string text;
  {
    FILE* f = std::fopen(argv[1], "rb");
    if (!f) return 2;
    char buf[65536];
    for (size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) text.append(buf, n);
    std::fclose(f);
  }
  const alert::diag::Source source(argv[1], text);
  auto checked = alert::sema::CheckSource(source);
  if (checked.diagnostics.HasErrors()) {
    std::cerr << "alert-baseline: the rules do not check\n";
    return 1;
  }
  std::vector<std::unique_ptr<BaselineRule>> rules;
  std::unordered_map<std::string, std::vector<BaselineRule*>> by_tenant;
  std::vector<BaselineRule*> global;
  for (auto& rule : checked.rules) {
    auto r = std::make_unique<BaselineRule>();
    r->rule = std::move(rule);
    r->interpreter = std::make_unique<alert::interp::Interpreter>(r->rule);
    if (r->rule.when) r->when = Build(*r, *r->rule.when);
    (r->rule.tenant ? by_tenant[*r->rule.tenant] : global).push_back(r.get());
    rules.push_back(std::move(r));
  }
  std::unordered_map<const BaselineRule*, uint64_t> counts;

  const std::string path = argv[2];
  const int fd = path == "-" ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 2;
  alert::engine::LineReader reader(fd, size_t{1} << 20, size_t{1} << 20);
  alert::engine::LineBlock block;
  simdjson::dom::parser parser;
  constexpr size_t kBatch = size_t{1} << 21;  // one batch per block of about 1 MiB
  uint64_t events = 0, malformed = 0;
  const auto start = std::chrono::steady_clock::now();
  auto evaluate = [&](const std::vector<BaselineRule*>& group, simdjson::dom::element doc) {
    for (const BaselineRule* r : group) {
      if (r->rule.when && Holds(*r, r->when, doc)) ++counts[r];
    }
  };
  for (;;) {
    auto more = reader.Next(&block);
    if (!more.ok() || !*more) break;
    // The whole block at once, as simdjson recommends for NDJSON: stage 1
    // over the block, then one document after another. A broken line ends
    // the block's stream (counted once): the workloads have none.
    simdjson::dom::document_stream docs;
    if (parser.parse_many(block.data.data(), block.size, std::max(kBatch, block.size)).get(docs)) {
      ++malformed;
      continue;
    }
    for (auto result : docs) {
      ++events;
      simdjson::dom::element doc;
      if (result.get(doc)) {
        ++malformed;
        break;
      }
      evaluate(global, doc);
      std::string_view tenant;
      if (!doc.at_pointer(tenant_pointer).get_string().get(tenant)) {
        if (auto it = by_tenant.find(std::string(tenant)); it != by_tenant.end()) evaluate(it->second, doc);
      }
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::string out = "{";
  for (size_t i = 0; i < rules.size(); ++i) {
    if (i > 0) out += ", ";
    alert::json::AppendString(out, rules[i]->rule.id);
    out += ": " + std::to_string(counts[rules[i].get()]);
  }
  std::cout << out << "}\n";
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::cerr << fmt::format("{{\"events\": {}, \"malformed_events\": {}, \"seconds\": {:.6f}, \"peak_rss_bytes\": {}}}\n",
                           events, malformed, seconds, usage.ru_maxrss * 1024);
  return 0;
}
