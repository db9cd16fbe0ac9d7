// The HTTP server on a real socket: requests reach the handler, what
// cpp-httplib answers itself is a JSON error and counted, and a server
// stopped the moment it started stops (it used to wait forever when the
// stop came before its thread was listening).

#include "daemon/http/http_server.h"

#include <future>
#include <mutex>
#include <vector>

#include <gtest/gtest.h>
#include <httplib.h>

namespace alert::daemon {
namespace {

using std::chrono::seconds;

class EchoHandler : public HttpHandler {
 public:
  HttpResponse Handle(const HttpRequest& request) override {
    return HttpResponse{200, "text/plain", request.method + " " + request.path + " " + request.body};
  }
  void CountResponse(int status) override {
    std::lock_guard<std::mutex> lock(mutex_);
    statuses_.push_back(status);
  }
  std::vector<int> statuses() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return statuses_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<int> statuses_;
};

std::pair<std::string, int> HostAndPort(const std::string& address) {
  const size_t colon = address.rfind(':');
  return {address.substr(0, colon), std::stoi(address.substr(colon + 1))};
}

TEST(HttpServer, HandsRequestsToTheHandlerAndCountsEveryResponse) {
  EchoHandler handler;
  auto server = HttpServer::Start("127.0.0.1:0", handler);
  ASSERT_TRUE(server.ok()) << server.status();
  const auto [host, port] = HostAndPort((*server)->address());
  httplib::Client client(host, port);

  auto got = client.Post("/rules/validate", "a body", "text/plain");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->status, 200);
  EXPECT_EQ(got->body, "POST /rules/validate a body");

  auto huge = client.Post("/try", std::string(HttpServer::kMaxBody + 1, 'x'), "text/plain");
  ASSERT_TRUE(huge);
  EXPECT_EQ(huge->status, 413);
  EXPECT_EQ(huge->body, "{\"error\":\"the request body is over 1 MiB\"}");

  auto page = client.Get("/");  // the playground, not the handler
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->get_header_value("Content-Type").find("text/html"), std::string::npos);

  server->reset();
  EXPECT_EQ(handler.statuses(), (std::vector<int>{200, 413, 200}));
}

TEST(HttpServer, ATakenAddressIsAnError) {
  EchoHandler handler;
  auto first = HttpServer::Start("127.0.0.1:0", handler);
  ASSERT_TRUE(first.ok()) << first.status();
  auto second = HttpServer::Start((*first)->address(), handler);
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().message().find("cannot listen on"), std::string::npos) << second.status();
  EXPECT_FALSE(HttpServer::Start("127.0.0.1", handler).ok());
}

TEST(HttpServer, AServerStoppedTheMomentItStartedStops) {
  static EchoHandler handler;  // outlives a stop that hangs
  for (int i = 0; i < 200; ++i) {
    auto server = HttpServer::Start("127.0.0.1:0", handler);
    ASSERT_TRUE(server.ok()) << server.status();
    auto stopped = std::make_shared<std::promise<void>>();
    std::future<void> done = stopped->get_future();
    std::thread([server = std::move(*server), stopped]() mutable {
      server.reset();
      stopped->set_value();
    }).detach();
    ASSERT_EQ(done.wait_for(seconds(10)), std::future_status::ready) << "round " << i << ": the server did not stop";
  }
}

}  // namespace
}  // namespace alert::daemon
