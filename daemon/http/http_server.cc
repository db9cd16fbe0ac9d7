#include "daemon/http/http_server.h"

#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <charconv>

#include <httplib.h>

#include "daemon/http/playground_files.h"
#include "runtime/os/thread_name.h"

namespace alert::daemon {
namespace {

HttpRequest RequestOf(const httplib::Request& req) {
  HttpRequest out;
  out.method = req.method;
  out.path = req.path;
  for (const auto& [key, value] : req.params) out.query.emplace(key, value);
  out.authorization = req.get_header_value("Authorization");
  out.body = req.body;
  return out;
}

// HTTP threads run at a lower priority than the event workers, so that a
// busy API (a scrape, /try back to back) takes the CPU the events leave
// (Linux: a thread's nice value is its own); each is named as it starts.
void LowerPriority(const char* name) {
  thread_local bool lowered = false;
  if (lowered) return;
  lowered = true;
  os::NameThisThread(name);
  setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), HttpServer::kNice);
}

void Send(const HttpResponse& response, httplib::Response& res) {
  res.status = response.status;
  res.set_content(response.body, response.content_type.c_str());
}

}  // namespace

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Start(const std::string& address, HttpHandler& handler) {
  const size_t colon = address.rfind(':');
  int port = -1;
  if (colon != std::string::npos) {
    const auto [end, ec] = std::from_chars(address.data() + colon + 1, address.data() + address.size(), port);
    if (ec != std::errc() || end != address.data() + address.size()) port = -1;
  }
  if (colon == std::string::npos || colon == 0 || port < 0 || port > 65535) {
    return absl::InvalidArgumentError("http takes HOST:PORT (port 0: any free one) or off, not '" + address + "'");
  }
  const std::string host = address.substr(0, colon);

  std::unique_ptr<HttpServer> server(new HttpServer());
  server->server_ = std::make_unique<httplib::Server>();
  httplib::Server& s = *server->server_;
  s.new_task_queue = [] { return new httplib::ThreadPool(kThreads); };
  s.set_payload_max_length(kMaxBody);
  s.set_read_timeout(kIoTimeout);
  s.set_write_timeout(kIoTimeout);
  s.set_keep_alive_timeout(kIoTimeout.count());
  // SO_REUSEADDR (a restart binds at once) but not cpp-httplib's default
  // SO_REUSEPORT, with which a second daemon on the port would share it
  // and take half of its requests, instead of being told it is taken.
  s.set_socket_options([](int sock) {
    const int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  const auto handle = [&handler](const httplib::Request& req, httplib::Response& res) {
    LowerPriority("alertd-http");
    if (req.method == "GET") {
      if (const PlaygroundFile* file = FindPlaygroundFile(req.path)) {
        res.set_content(std::string(file->content), std::string(file->content_type).c_str());
        return;
      }
    }
    Send(handler.Handle(RequestOf(req)), res);
  };
  s.Get(".*", handle);
  s.Post(".*", handle);
  s.Put(".*", handle);
  s.Delete(".*", handle);
  // What cpp-httplib answers itself (a body over the limit, a bad request,
  // an unknown method) gets a JSON error too; every response is counted.
  s.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    const std::string message = res.status == 413   ? "the request body is over 1 MiB"
                                : res.status == 400 ? "a malformed HTTP request"
                                : res.status == 408 ? "the request came too slowly"
                                                    : "HTTP status " + std::to_string(res.status);
    Send(ErrorResponse(res.status, message), res);
  });
  s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    Send(ErrorResponse(500, "internal error"), res);
  });
  s.set_logger([&handler](const httplib::Request&, const httplib::Response& res) { handler.CountResponse(res.status); });

  if (port == 0) {
    port = s.bind_to_any_port(host);
    if (port < 0) return absl::UnavailableError("cannot listen on " + address);
  } else if (!s.bind_to_port(host, port)) {
    return absl::UnavailableError("cannot listen on " + address + " (in use, or not an address of this host)");
  }
  server->address_ = host + ":" + std::to_string(port);
  server->thread_ = std::thread([&s, &ended = server->ended_] {
    LowerPriority("alertd-listen");
    s.listen_after_bind();
    ended = true;
  });
  // cpp-httplib's stop() does nothing before the listening thread is in its
  // accept loop (is_running): a server stopped at once would be waited for
  // forever. So the server is not handed out before.
  while (!s.is_running() && !server->ended_) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  if (server->ended_) return absl::UnavailableError("cannot listen on " + server->address_);
  return server;
}

HttpServer::~HttpServer() {
  if (!server_) return;
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace alert::daemon
