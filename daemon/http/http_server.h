#pragma once

// alertd's HTTP server: cpp-httplib (which stays in this file's .cc) on
// threads of its own, serving the playground's static files and handing
// every other request to a handler (the Api), so that no request stalls event processing. Bodies over
// 1 MiB are refused (413); a client that sends or reads too slowly is cut
// off after kIoTimeout. Requests are served at nice kNice, below the event
// workers: under load, HTTP gets the CPU that events leave.

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include <absl/status/statusor.h>

#include "daemon/http/http_handler.h"

namespace httplib {
class Server;
}

namespace alert::daemon {

class HttpServer {
 public:
  static constexpr size_t kMaxBody = size_t{1} << 20;
  static constexpr std::chrono::seconds kIoTimeout{5};
  static constexpr size_t kThreads = 4;
  static constexpr int kNice = 10;

  // Listens on `address` (HOST:PORT, port 0: any free one), and returns
  // once the server accepts connections. `handler` must outlive the server.
  // Fails when the address is malformed or taken.
  static absl::StatusOr<std::unique_ptr<HttpServer>> Start(const std::string& address, HttpHandler& handler);
  // Stops listening and waits for the requests being served.
  ~HttpServer();

  // HOST:PORT as bound (the port chosen when 0 was asked for).
  const std::string& address() const { return address_; }

 private:
  HttpServer() = default;

  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  std::atomic<bool> ended_{false};  // the listening thread is out of the accept loop
  std::string address_;
};

}  // namespace alert::daemon
