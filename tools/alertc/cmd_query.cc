// alertc query 'JSONPATH' FILE.json: the nodelist an RFC 9535 query selects.

#include <iostream>

#include "compiler/parse/parse.h"
#include "compiler/sema/check.h"
#include "runtime/json/error_location.h"
#include "runtime/json/json_string.h"
#include "runtime/json/parse_document.h"
#include "runtime/jsonpath/evaluate.h"
#include "tools/alertc/commands.h"
#include "tools/alertc/input.h"

namespace alert::alertc {
namespace {

struct QueryOptions {
  std::string query;
  std::string file;
  bool paths = false;
};

int RunQuery(const QueryOptions& options) {
  const diag::Source source("<query>", options.query);
  parse::QueryResult parsed = parse::ParseQuery(source);
  std::optional<jsonpath::Query> query;
  diag::Diagnostics diagnostics = parsed.diagnostics;
  if (parsed.path) {
    sema::QueryCheckResult checked = sema::CheckQuery(*parsed.path, source);
    diagnostics.Append(checked.diagnostics);
    query = std::move(checked.query);
  }
  for (const diag::Diagnostic& d : diagnostics) std::cerr << diag::RenderText(source, d);
  if (!query) return 1;

  auto text = ReadInput(options.file);
  if (!text) return 2;
  simdjson::dom::parser parser;
  simdjson::dom::element document;
  std::string scratch;
  if (auto error = json::ParseDocument(parser, *text, /*padded=*/false, &scratch, &document)) {
    std::cerr << "alertc: " << DisplayName(options.file) << ": invalid JSON" << json::ErrorPlace(*text) << ": "
              << simdjson::error_message(error) << "\n";
    return 2;
  }
  // The nodelist streams out: its text is never held whole.
  bool first = true;
  auto add = [&](const std::string& text) {
    std::cout << (first ? "[" : ",") << text;
    first = false;
  };
  std::vector<jsonpath::Node> selected;  // for a trailing function
  const bool ok = jsonpath::SelectLocated(*query, document, [&](jsonpath::Node node, const std::vector<jsonpath::Step>& at) {
    if (options.paths) {
      add(json::Quote(jsonpath::NormalizedPath(at)));
    } else if (query->trailing != jsonpath::Trailing::kNone) {
      selected.push_back(node);
    } else {
      add(simdjson::to_string(node));
    }
  });
  if (!ok) {
    std::cerr << "alertc: the query was stopped after visiting " << jsonpath::kMaxVisits
              << " nodes; narrow its descendant segments\n";
    return 2;
  }
  if (!options.paths && query->trailing != jsonpath::Trailing::kNone) {
    const Value v = jsonpath::ApplyTrailing(query->trailing, selected);
    if (v.kind() == Value::Kind::kNumber) add(v.number().ToString());
  }
  std::cout << (first ? "[" : "") << "]\n";
  return 0;
}

}  // namespace

void RegisterQuery(CLI::App& app, int* exit_code) {
  auto options = std::make_shared<QueryOptions>();
  CLI::App* cmd = app.add_subcommand("query", "Evaluate an RFC 9535 JSONPath query against a JSON document");
  cmd->footer("Prints the nodelist as one JSON array on stdout and exits 0; an invalid query prints a located\n"
              "diagnostic and exits 1; an unreadable or invalid document exits 2. With a trailing function\n"
              "($.a.length()) the array holds its result, or nothing. --paths prints normalized paths instead.");
  cmd->add_option("query", options->query, "The JSONPath query, such as '$.store.book[?@.price < 10].title'")->required();
  cmd->add_option("file", options->file, "A JSON document; - reads standard input")->required();
  cmd->add_flag("--paths", options->paths, "Print the normalized paths of the selected nodes");
  cmd->callback([options, exit_code] { *exit_code = RunQuery(*options); });
}

}  // namespace alert::alertc
