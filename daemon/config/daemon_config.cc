#include "daemon/config/daemon_config.h"

#include <charconv>
#include <optional>
#include <string>

#include <absl/status/statusor.h>
#include <fmt/format.h>
#include <toml++/toml.h>

namespace alert::daemon {
namespace {

struct Number {
  std::string_view key;
  uint64_t DaemonConfig::*field;
  uint64_t min, max;
  std::string_view range;
};
constexpr Number kNumbers[] = {
    {"checkpoint_interval_ms", &DaemonConfig::checkpoint_interval_ms, 1, 86'400'000, "1 to 86,400,000"},
    {"checkpoint_events", &DaemonConfig::checkpoint_events, 1, 100'000'000, "1 to 100,000,000"},
    {"threads", &DaemonConfig::threads, 0, 256, "0 (one per core) to 256"},
    {"http_wait_ms", &DaemonConfig::http_wait_ms, 1, 60'000, "1 to 60,000"},
};

struct Text {
  std::string_view key;
  std::string DaemonConfig::*field;
};
constexpr Text kTexts[] = {
    {"group_id", &DaemonConfig::group_id},
    {"data_dir", &DaemonConfig::data_dir},
    {"rules", &DaemonConfig::rules_file},
    {"http", &DaemonConfig::http},
};

struct Topic {
  std::string_view key;
  std::string Topics::*field;
};
constexpr Topic kTopics[] = {
    {"topics.events", &Topics::events},       {"topics.control", &Topics::control},
    {"topics.control_results", &Topics::control_results}, {"topics.alerts", &Topics::alerts},
    {"topics.dead_letter", &Topics::dead_letter}, {"topics.changelog", &Topics::changelog},
    {"topics.repartition", &Topics::repartition}, {"topics.repartition_changelog", &Topics::repartition_changelog},
};

absl::Status Invalid(std::string message) { return absl::InvalidArgumentError(std::move(message)); }

// Every key ApplyDaemonSetting takes, for its message about an unknown one.
std::string DaemonSettingNames() {
  std::string out;
  for (const Text& t : kTexts) out += std::string(t.key) + ", ";
  for (const Number& n : kNumbers) out += std::string(n.key) + ", ";
  for (const Topic& t : kTopics) out += std::string(t.key) + ", ";
  return out + "tokens_file, " + engine::SettingNames();
}

// `tokens = [{name, token, tenant}]` (tenant optional: an admin token).
absl::Status ApplyTokens(const std::string& path, const toml::node& node, DaemonConfig* config) {
  const auto where = [&](const toml::node& n) { return fmt::format("{}:{}", path, n.source().begin.line); };
  const toml::array* array = node.as_array();
  if (!array) return Invalid(fmt::format("{}: tokens must be an array of {{name, token, tenant}} tables", where(node)));
  std::vector<ApiToken> tokens;
  for (const toml::node& item : *array) {
    const toml::table* table = item.as_table();
    if (!table) return Invalid(fmt::format("{}: each token is a {{name, token, tenant}} table", where(item)));
    ApiToken token;
    for (const auto& [key, value] : *table) {
      const auto* text = value.as_string();
      if (!text || text->get().empty()) return Invalid(fmt::format("{}: {} takes a non-empty string", where(value), key.str()));
      if (key == "name") {
        token.name = text->get();
      } else if (key == "token") {
        token.token = text->get();
      } else if (key == "tenant") {
        token.tenant = text->get();
      } else {
        return Invalid(fmt::format("{}: unknown key {} in a token (name, token, tenant)", where(value), key.str()));
      }
    }
    if (token.name.empty() || token.token.empty()) return Invalid(fmt::format("{}: a token needs a name and a token", where(item)));
    for (const ApiToken& other : tokens) {
      if (other.token == token.token || other.name == token.name) {
        return Invalid(fmt::format("{}: token {} is given twice", where(item), token.name));
      }
    }
    tokens.push_back(std::move(token));
  }
  config->tokens = std::move(tokens);
  return absl::OkStatus();
}

absl::StatusOr<toml::table> ParseToml(const std::string& path) {
  try {
    return toml::parse_file(path);
  } catch (const toml::parse_error& error) {
    return Invalid(fmt::format("{}:{}:{}: {}", path, error.source().begin.line, error.source().begin.column,
                               error.description()));
  }
}

// The tokens of a tokens file: a TOML file with `tokens = [...]`.
absl::Status ApplyTokensFile(const std::string& path, DaemonConfig* config) {
  auto root = ParseToml(path);
  if (!root.ok()) return root.status();
  const toml::node* tokens = root->get("tokens");
  if (!tokens || root->size() != 1) return Invalid(fmt::format("{}: a tokens file holds `tokens = [...]` only", path));
  return ApplyTokens(path, *tokens, config);
}

// A TOML value as --set would take it: strings as they are, integers in
// decimal; anything else is refused.
std::optional<std::string> SettingText(const toml::node& node) {
  if (const auto* s = node.as_string()) return s->get();
  if (const auto* i = node.as_integer()) return std::to_string(i->get());
  if (const auto* b = node.as_boolean()) return b->get() ? "true" : "false";
  return std::nullopt;
}

}  // namespace

absl::Status ApplyDaemonSetting(std::string_view pair, DaemonConfig* config) {
  const size_t eq = pair.find('=');
  if (eq == std::string_view::npos) return Invalid(fmt::format("--set takes KEY=VALUE, not '{}'", pair));
  const std::string_view key = pair.substr(0, eq);
  const std::string_view value = pair.substr(eq + 1);
  for (const Number& n : kNumbers) {
    if (n.key != key) continue;
    uint64_t parsed = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), parsed);
    if (value.empty() || end != value.data() + value.size() || ec != std::errc() || parsed < n.min || parsed > n.max) {
      return Invalid(fmt::format("{} takes an integer from {}, not '{}'", key, n.range, value));
    }
    config->*n.field = parsed;
    return absl::OkStatus();
  }
  for (const Text& t : kTexts) {
    if (t.key != key) continue;
    if (value.empty()) return Invalid(fmt::format("{} takes a non-empty value", key));
    config->*t.field = std::string(value);
    return absl::OkStatus();
  }
  for (const Topic& t : kTopics) {
    if (t.key != key) continue;
    if (value.empty()) return Invalid(fmt::format("{} takes a topic name", key));
    config->topics.*t.field = std::string(value);
    return absl::OkStatus();
  }
  if (key == "tokens_file") {
    DaemonConfig changed = *config;
    if (auto read = ApplyTokensFile(std::string(value), &changed); !read.ok()) return read;
    *config = std::move(changed);
    return absl::OkStatus();
  }
  if (!engine::IsSetting(key)) return Invalid(fmt::format("unknown setting '{}' ({})", key, DaemonSettingNames()));
  if (auto error = engine::ApplySetting(pair, &config->engine)) return Invalid(*error);
  return absl::OkStatus();
}

absl::Status ApplyKafkaProperty(std::string_view pair, DaemonConfig* config) {
  const size_t eq = pair.find('=');
  if (eq == std::string_view::npos || eq == 0) return Invalid(fmt::format("-X takes PROPERTY=VALUE, not '{}'", pair));
  config->kafka[std::string(pair.substr(0, eq))] = std::string(pair.substr(eq + 1));
  return absl::OkStatus();
}

absl::Status ApplyConfigFile(const std::string& path, DaemonConfig* config) {
  auto parsed = ParseToml(path);
  if (!parsed.ok()) return parsed.status();
  const toml::table& root = *parsed;
  DaemonConfig changed = *config;  // all of the file or nothing
  auto where = [&](const toml::node& node) { return fmt::format("{}:{}", path, node.source().begin.line); };
  auto apply = [&](const std::string& key, const toml::node& node, bool kafka) -> absl::Status {
    const std::optional<std::string> text = SettingText(node);
    if (!text) return Invalid(fmt::format("{}: {} takes a string or an integer", where(node), key));
    const std::string pair = key + "=" + *text;
    absl::Status applied = kafka ? ApplyKafkaProperty(pair, &changed) : ApplyDaemonSetting(pair, &changed);
    if (!applied.ok()) return Invalid(fmt::format("{}: {}", where(node), std::string(applied.message())));
    return absl::OkStatus();
  };
  for (const auto& [name, node] : root) {
    const std::string key(name.str());
    if (key == "topics" || key == "kafka") {
      const toml::table* table = node.as_table();
      if (!table) return Invalid(fmt::format("{}: [{}] must be a table", where(node), key));
      for (const auto& [inner, value] : *table) {
        const std::string inner_key(inner.str());
        absl::Status applied = key == "kafka" ? apply(inner_key, value, true) : apply("topics." + inner_key, value, false);
        if (!applied.ok()) return applied;
      }
      continue;
    }
    if (key == "tokens") {
      if (absl::Status applied = ApplyTokens(path, node, &changed); !applied.ok()) return applied;
      continue;
    }
    if (node.is_table()) return Invalid(fmt::format("{}: unknown table [{}]; alertd takes [topics] and [kafka]", where(node), key));
    if (absl::Status applied = apply(key, node, false); !applied.ok()) return applied;
  }
  *config = std::move(changed);
  return absl::OkStatus();
}

}  // namespace alert::daemon
