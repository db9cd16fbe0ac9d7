#include "bench/common/workload.h"

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
  // A skewed tenant distribution: a few large tenants, a long tail.
  const int k = Chance(50) ? Pick(10) : Pick(kTenants);
  return fmt::format("tenant-{:03}", k);
}

std::string Workload::Event() {
  ++sequence_;
  clock_ms_ += Pick(50);
  return Chance(70) ? AuditEvent() : NetworkEvent();
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
  for (int i = 0; i < count; ++i) out += Chance(70) ? AuditRule(i) : NetworkRule(i);
  return out;
}

}  // namespace alert::bench
