// libFuzzer target over JSONPath queries and documents: the input is a
// query, a newline, then a JSON document. The query front end, the number
// narrowing and the RFC 9535 evaluator must never crash, hang or leak, and
// the evaluators must agree: the located selection (normalized paths)
// selects the same nodes, in the same order, as the plain one, and each
// normalized path, read back as a query, selects exactly its node.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "compiler/parse/parse.h"
#include "compiler/sema/check.h"
#include "runtime/json/parse_document.h"
#include "runtime/jsonpath/evaluate.h"

namespace {

using namespace alert;

std::optional<jsonpath::Query> CheckedQuery(std::string_view text) {
  const diag::Source source("<query>", std::string(text));
  const parse::QueryResult parsed = parse::ParseQuery(source);
  if (!parsed.path) return std::nullopt;
  return sema::CheckQuery(*parsed.path, source).query;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  if (newline == std::string_view::npos) return 0;
  const std::optional<jsonpath::Query> query = CheckedQuery(input.substr(0, newline));
  if (!query) return 0;
  std::string document(input.substr(newline + 1));
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  std::string narrowed;
  if (json::ParseDocument(parser, document, /*padded=*/false, &narrowed, &root)) return 0;

  std::vector<jsonpath::Node> plain;
  const bool plain_ok = jsonpath::Select(*query, root, root, &plain);
  std::vector<jsonpath::Node> located;
  std::vector<std::string> paths;
  const bool located_ok = jsonpath::SelectLocated(*query, root, [&](jsonpath::Node node, const std::vector<jsonpath::Step>& at) {
    located.push_back(node);
    paths.push_back(jsonpath::NormalizedPath(at));
  });
  if (plain_ok != located_ok) __builtin_trap();
  if (!plain_ok) return 0;
  if (plain.size() != located.size()) __builtin_trap();
  for (size_t i = 0; i < plain.size(); ++i) {
    if (simdjson::to_string(plain[i]) != simdjson::to_string(located[i])) __builtin_trap();
  }
  // A normalized path is a singular query selecting its node (a few of them:
  // each is parsed and checked again).
  for (size_t i = 0; i < paths.size() && i < 8; ++i) {
    const std::optional<jsonpath::Query> back = CheckedQuery(paths[i]);
    if (!back) __builtin_trap();
    std::vector<jsonpath::Node> one;
    if (!jsonpath::Select(*back, root, root, &one) || one.size() != 1) __builtin_trap();
    if (simdjson::to_string(one[0]) != simdjson::to_string(located[i])) __builtin_trap();
  }
  jsonpath::QueryValue(*query, root, root);
  return 0;
}
