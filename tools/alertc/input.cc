#include "tools/alertc/input.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "compiler/sema/check.h"

namespace alert::alertc {

std::optional<std::string> ReadInput(const std::string& path) {
  if (path == "-") {
    std::ostringstream out;
    out << std::cin.rdbuf();
    return out.str();
  }
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    std::cerr << "alertc: '" << path << "' is a directory\n";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "alertc: cannot read '" << path << "': " << std::strerror(errno) << "\n";
    return std::nullopt;
  }
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string DisplayName(const std::string& path) { return path == "-" ? "<stdin>" : path; }

std::optional<std::vector<checked::Rule>> ReadRulesForEvents(const std::string& rules, const std::string& events,
                                                             int* exit_code) {
  *exit_code = 2;
  if (rules == "-" && events == "-") {
    std::cerr << "alertc: rules and events cannot both come from standard input\n";
    return std::nullopt;
  }
  auto text = ReadInput(rules);
  if (!text) return std::nullopt;
  const diag::Source source(DisplayName(rules), std::move(*text));
  sema::CheckResult checked = sema::CheckSource(source);
  for (const diag::Diagnostic& d : checked.diagnostics) std::cerr << diag::RenderText(source, d);
  if (checked.diagnostics.HasErrors()) {
    *exit_code = 1;
    return std::nullopt;
  }
  *exit_code = 0;
  return std::move(checked.rules);
}

}  // namespace alert::alertc
