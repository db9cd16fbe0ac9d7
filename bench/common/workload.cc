#include "bench/common/workload.h"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

namespace alert::bench {
namespace {

const char* kApps[] = {"Dropbox", "Slack", "Google", "Box", "Zoom", "Salesforce", "GitHub", "Okta"};
const char* kObjects[] = {"User", "File", "Group", "Team"};
const char* kVerbs[] = {"Added", "Removed", "Updated", "Shared", "Downloaded", "Login", "Failed"};
const char* kCountries[] = {"US", "DE", "FR", "JP", "BR", "IN", "GB", "CA"};
const char* kDepartments[] = {"Engineering", "Sales", "Finance", "Legal", "Support", "Marketing"};
const char* kDomains[] = {"example.com", "corp.example", "gmail.com", "yahoo.com", "partner.example"};
const char* kTestTypes[] = {"http-server", "dns-server", "agent-to-server", "page-load"};
const char* kRegions[] = {"us-east", "eu-west", "ap-south", "sa-east"};

}  // namespace

std::string Workload::Tenant() {
  if (mix_ == Mix::kWide) {
    // Zipf over 1,000 tenants: tenant k (from 1) with weight 1/k.
    static const std::vector<double> cumulative = [] {
      std::vector<double> c(kWideTenants);
      double sum = 0;
      for (int k = 0; k < kWideTenants; ++k) c[static_cast<size_t>(k)] = sum += 1.0 / (k + 1);
      return c;
    }();
    const double u = std::uniform_real_distribution<double>(0, cumulative.back())(rng_);
    const auto k = std::lower_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin();
    return fmt::format("tenant-{:03}", k);
  }
  // A skewed tenant distribution: a few large tenants, a long tail.
  const int k = Chance(50) ? Pick(10) : Pick(kTenants);
  return fmt::format("tenant-{:03}", k);
}

std::string Workload::Event() {
  ++sequence_;
  clock_ms_ += Pick(50);
  return Chance(mix_ == Mix::kWide ? 72 : 70) ? AuditEvent() : NetworkEvent();
}

std::string Workload::AuditEvent() {
  const char* app = kApps[Pick(8)];
  std::string items;
  for (int i = 0, n = 1 + Pick(4); i < n; ++i) {
    items += fmt::format("{}{{\"name\":\"doc-{}.pdf\",\"size\":{},\"shared\":{}}}", i ? "," : "", Pick(10000),
                         Pick(5'000'000), Chance(30) ? "true" : "false");
  }
  const int user = Pick(5000);
  return fmt::format(
      "{{\"eventId\":\"e-{}\",\"tsMillis\":{},\"customerId\":\"{}\",\"application\":\"{}\",\"object\":\"{}\","
      "\"eventType\":\"{}{}\",\"actor\":{{\"email\":\"user{}@{}\",\"name\":\"User {}\",\"isAdmin\":{},"
      "\"ip\":\"10.{}.{}.{}\",\"country\":\"{}\",\"userAgent\":\"Mozilla/5.0 (X11; Linux x86_64) "
      "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36\"}},\"target\":{{\"email\":\"member{}@{}\",\"name\":\"Member {}\","
      "\"isActive\":{},\"twoFactor\":{},\"manager\":{},\"department\":\"{}\"}},\"payload\":{{\"items\":[{}],"
      "\"tags\":[\"{}\",\"{}\"],\"bytes\":{},\"forwardTo\":\"fwd{}@{}\"}},\"source\":{{\"agent\":\"collector/2.4.1\","
      "\"region\":\"{}\",\"received\":{}}}}}",
      sequence_, clock_ms_, Tenant(), app, kObjects[Pick(4)], kObjects[Pick(4)], kVerbs[Pick(7)], user, kDomains[Pick(2)],
      user, Chance(10) ? "true" : "false", Pick(256), Pick(256), Pick(256), kCountries[Pick(8)], Pick(5000),
      kDomains[Pick(5)], Pick(5000), Chance(90) ? "true" : "false", Chance(70) ? "true" : "false",
      Chance(40) ? "null" : fmt::format("\"boss{}@example.com\"", Pick(100)), kDepartments[Pick(6)], items,
      kDepartments[Pick(6)], kCountries[Pick(8)], Pick(10'000'000), Pick(5000), kDomains[Pick(5)], kRegions[Pick(4)],
      clock_ms_ + Pick(1000));
}

std::string Workload::NetworkEvent() {
  return fmt::format(
      "{{\"eventId\":\"e-{}\",\"tsMillis\":{},\"customerId\":\"{}\",\"testType\":\"{}\",\"testId\":\"t-{}\","
      "\"agentId\":\"a-{}\",\"agent\":{{\"name\":\"agent-{}\",\"region\":\"{}\",\"type\":\"{}\","
      "\"version\":\"1.184.0-enterprise\",\"labels\":[\"production\",\"synthetic\",\"edge\"]}},"
      "\"target\":{{\"url\":\"https://svc{}.example.com/health\",\"ip\":\"192.0.2.{}\",\"port\":443}},"
      "\"metrics\":{{\"responseTime\":{},\"resolutionTime\":{},\"waitTime\":{},\"connectTime\":{},\"loss\":{},"
      "\"latency\":{}.{},\"jitter\":{}.{},\"throughput\":{},\"errorType\":{}}},\"path\":[{}]}}",
      sequence_, clock_ms_, Tenant(), kTestTypes[Pick(4)], Pick(300), Pick(60), Pick(60), kRegions[Pick(4)],
      Chance(80) ? "cloud" : "enterprise", Pick(300), Pick(256), Pick(2000), Pick(200), Pick(600), Pick(150),
      Chance(90) ? 0 : Pick(100), Pick(300), Pick(10), Pick(30), Pick(10), Pick(1'000'000),
      Chance(95) ? "null" : "\"timeout\"",
      fmt::format("{{\"hop\":1,\"ip\":\"198.51.100.{}\",\"rtt\":{}}},{{\"hop\":2,\"ip\":\"198.51.100.{}\",\"rtt\":{}}}",
                  Pick(256), Pick(50), Pick(256), Pick(80)));
}

std::string Workload::AuditRule(int id) {
  std::string when = fmt::format("$.application == \"{}\" && $.eventType == \"{}{}\"", kApps[Pick(8)],
                                 kObjects[Pick(4)], kVerbs[Pick(7)]);
  for (int i = 0, n = 1 + Pick(3); i < n; ++i) {
    switch (Pick(7)) {
      case 0: when += " && $.actor.isAdmin == false"; break;
      case 1: when += " && $.target.isActive == true && $.target.manager is empty"; break;
      case 2: when += fmt::format(" && $.payload.bytes > {}", Pick(10'000'000)); break;
      case 3: when += fmt::format(" && $.actor.country in [\"{}\", \"{}\"]", kCountries[Pick(8)], kCountries[Pick(8)]); break;
      case 4: when += " && $.payload.forwardTo =~ \"@(gmail|yahoo)\\\\.com$\""; break;
      case 5: when += fmt::format(" && $.payload.items[?@.size > {}].shared == true", Pick(5'000'000)); break;
      default: when += fmt::format(" && $.target.department == \"{}\"", kDepartments[Pick(6)]); break;
    }
  }
  return fmt::format("rule r{} {{\n{}  when {}\n}}\n", id,
                     Chance(10) ? "" : fmt::format("  scope tenant \"{}\"\n", Tenant()), when);
}

std::string Workload::NetworkRule(int id) {
  std::string when = fmt::format("$.testType == \"{}\"", kTestTypes[Pick(4)]);
  for (int i = 0, n = 1 + Pick(3); i < n; ++i) {
    switch (Pick(5)) {
      case 0: when += fmt::format(" && $.metrics.responseTime > {}", Pick(2000)); break;
      case 1: when += fmt::format(" && $.metrics.loss >= {}", Pick(50)); break;
      case 2: when += fmt::format(" && $.agent.region == \"{}\"", kRegions[Pick(4)]); break;
      case 3: when += fmt::format(" && $.path[*].rtt > {}", Pick(80)); break;
      default: when += " && $.metrics.errorType is not null"; break;
    }
  }
  return fmt::format("rule r{} {{\n{}  when {}\n}}\n", id,
                     Chance(10) ? "" : fmt::format("  scope tenant \"{}\"\n", Tenant()), when);
}

std::string Workload::Rules(int count) {
  std::string out;
  for (int i = 0; i < count; ++i) {
    if (mix_ == Mix::kWide) {
      out += Chance(72) ? WideAuditRule(i) : WideNetworkRule(i);
    } else {
      out += Chance(70) ? AuditRule(i) : NetworkRule(i);
    }
  }
  return out;
}

std::string Workload::Scope() { return Chance(10) ? "" : fmt::format("  scope tenant \"{}\"\n", Tenant()); }

// Two or three distinct values of values[0..n), as a rule's `in` list.
std::string Workload::InList(const char* const* values, int n) {
  const int first = Pick(n), count = 2 + Pick(2);
  std::string list;
  for (int i = 0; i < count; ++i) list += fmt::format("{}\"{}\"", i ? ", " : "", values[(first + i * 3) % n]);
  return "[" + list + "]";
}

std::string Workload::WideAuditTest() {
  const char* cmp[] = {"==", "!=", ">", ">=", "<", "<="};
  switch (Pick(12)) {
    case 0: return fmt::format("$.payload.bytes {} {}", cmp[2 + Pick(4)], Pick(10'000'000));
    case 1: return fmt::format("$.actor.isAdmin {} true", cmp[Pick(2)]);
    case 2: return fmt::format("$.actor.country {}in [\"{}\", \"{}\"]", Chance(30) ? "not " : "", kCountries[Pick(8)],
                               kCountries[Pick(8)]);
    case 3: return Chance(50) ? "exists $.payload.forwardTo" : "!exists $.target.manager";
    case 4: return fmt::format("$.target.manager is {}empty", Chance(50) ? "not " : "");
    case 5: return fmt::format("$.actor.email =~ \"@{}$\"", kDomains[Pick(5)]);
    case 6: return fmt::format("$.target.department {} \"{}\"", cmp[Pick(2)], kDepartments[Pick(6)]);
    case 7: return fmt::format("$.payload.tags[0] == \"{}\"", kDepartments[Pick(6)]);
    case 8: return fmt::format("$.source.region in [\"{}\", \"{}\"]", kRegions[Pick(4)], kRegions[Pick(4)]);
    case 9: return fmt::format("$.payload.items[0].size {} {}", cmp[2 + Pick(4)], Pick(5'000'000));
    case 10: return fmt::format("($.actor.isAdmin == true || $.target.twoFactor == false)");
    default: return fmt::format("!($.object == \"{}\" || $.actor.country == \"{}\")", kObjects[Pick(4)],
                                kCountries[Pick(8)]);
  }
}

std::string Workload::WideNetworkTest() {
  const char* cmp[] = {">", ">=", "<", "<="};
  switch (Pick(8)) {
    case 0: return fmt::format("$.metrics.responseTime {} {}", cmp[Pick(4)], Pick(2000));
    case 1: return fmt::format("$.metrics.loss >= {}", Pick(50));
    case 2: return fmt::format("$.agent.region {} \"{}\"", Chance(50) ? "==" : "!=", kRegions[Pick(4)]);
    case 3: return fmt::format("$.metrics.errorType is {}null", Chance(50) ? "not " : "");
    case 4: return fmt::format("$.metrics.latency < {}", Pick(300));
    case 5: return fmt::format("$.target.url =~ \"svc{}\"", Pick(30));
    case 6: return fmt::format("($.metrics.jitter > {} || $.metrics.loss > {})", Pick(30), Pick(20));
    default: return fmt::format("!($.agent.type == \"cloud\" && $.metrics.waitTime < {})", Pick(600));
  }
}

std::string Workload::WideAuditRule(int id) {
  // The filter: an application and an event type, lists of either, or the
  // application alone.
  std::string when;
  switch (Pick(4)) {
    case 0: when = fmt::format("$.application == \"{}\" && $.eventType == \"{}{}\"", kApps[Pick(8)], kObjects[Pick(4)],
                               kVerbs[Pick(7)]); break;
    case 1: when = fmt::format("$.application in {} && $.eventType == \"{}{}\"", InList(kApps, 8),
                               kObjects[Pick(4)], kVerbs[Pick(7)]); break;
    case 2: when = fmt::format("$.application == \"{}\" && $.eventType in [\"{}{}\", \"{}{}\", \"{}{}\"]", kApps[Pick(8)],
                               kObjects[Pick(4)], kVerbs[Pick(7)], kObjects[Pick(4)], kVerbs[Pick(7)], kObjects[Pick(4)],
                               kVerbs[Pick(7)]); break;
    default: when = fmt::format("$.application == \"{}\"", kApps[Pick(8)]); break;
  }
  for (int i = 0, n = 1 + Pick(3); i < n; ++i) when += " && " + WideAuditTest();
  return fmt::format("rule r{} {{\n{}  when {}\n}}\n", id, Scope(), when);
}

std::string Workload::WideNetworkRule(int id) {
  std::string when = Chance(50) ? fmt::format("$.testType == \"{}\"", kTestTypes[Pick(4)])
                                : fmt::format("$.testType in {}", InList(kTestTypes, 4));
  for (int i = 0, n = 1 + Pick(3); i < n; ++i) when += " && " + WideNetworkTest();
  return fmt::format("rule r{} {{\n{}  when {}\n}}\n", id, Scope(), when);
}

}  // namespace alert::bench
