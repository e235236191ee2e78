#include "engine/http_transport.h"

#include <httplib.h>
#include <netdb.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <stop_token>
#include <thread>
#include <vector>

#include "engine/engine_error.h"

namespace minify::engine {
namespace {

using Clock = std::chrono::steady_clock;

// How often the watchdog looks at the cancellation flag and the deadline.
constexpr auto kWatchInterval = std::chrono::milliseconds(50);
// Request bodies go out in chunks of this size: big enough to keep the socket busy, small enough
// that memory stays flat whatever the body's size.
constexpr size_t kUploadChunk = 1 << 20;
// A non-2xx body is an error message; more than this is noise.
constexpr size_t kMaxErrorBody = 64 * 1024;

// Aborts a running request from another thread (ClientImpl::stop shuts the socket down, which
// wakes the blocked read or write) when the caller cancels or the deadline passes. It keeps
// calling stop() while triggered, because a stop() that lands before the request's socket exists
// would otherwise be lost.
class Watchdog {
 public:
  Watchdog(httplib::ClientImpl& client, Cancel cancel, std::optional<Clock::time_point> deadline)
      : client_(client), cancel_(cancel), deadline_(deadline) {
    if (cancel_ == nullptr && !deadline_) return;
    thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
  }
  ~Watchdog() {
    if (!thread_.joinable()) return;
    thread_.request_stop();
    wake_.notify_all();
    thread_.join();
  }
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  bool cancelled() const { return cancelled_.load(); }
  bool timed_out() const { return timed_out_.load(); }

 private:
  void run(std::stop_token stop) {
    std::unique_lock lock(mutex_);
    while (!stop.stop_requested()) {
      if (cancel_ != nullptr && cancel_->load()) cancelled_ = true;
      if (deadline_ && Clock::now() >= *deadline_) timed_out_ = true;
      if (cancelled_ || timed_out_) client_.stop();
      wake_.wait_for(lock, stop, kWatchInterval, [] { return false; });
    }
  }

  httplib::ClientImpl& client_;
  Cancel cancel_;
  std::optional<Clock::time_point> deadline_;
  std::atomic<bool> cancelled_{false};
  std::atomic<bool> timed_out_{false};
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::jthread thread_;
};

// The last error OpenSSL queued on this thread, as text ("" when none), and the queue emptied.
std::string openssl_reason() {
  unsigned long code = ERR_peek_last_error();
  ERR_clear_error();
  if (code == 0) return {};
  const char* reason = ERR_reason_error_string(code);
  return reason != nullptr ? reason : "OpenSSL error " + std::to_string(code);
}

// A failed TLS handshake, in one line that says which side refused and which file is involved.
EngineError tls_error(const Endpoint& endpoint, httplib::Error error, long verify_result,
                      const std::string& reason) {
  const TlsFiles& tls = *endpoint.tls;
  std::string where = "TLS with the Docker engine at " + endpoint.uri() + " failed: ";
  if (error == httplib::Error::SSLLoadingCerts)
    return EngineError(ErrorKind::kUnreachable,
                       where + "cannot load the CA certificate " +
                           (tls.ca.empty() ? std::string("(the system's)") : tls.ca) +
                           (reason.empty() ? "" : " (" + reason + ")"));
  if (verify_result != X509_V_OK || error == httplib::Error::SSLServerVerification) {
    std::string why = verify_result != X509_V_OK ? X509_verify_cert_error_string(verify_result)
                                                 : "its name or address is not in the certificate";
    return EngineError(ErrorKind::kUnreachable,
                       where + "the engine's certificate does not verify against " +
                           (tls.ca.empty() ? std::string("the system's CAs") : tls.ca) + " (" +
                           why + ")");
  }
  std::string told = reason.empty() ? "" : " (" + reason + ")";
  if (tls.cert.empty())
    return EngineError(ErrorKind::kUnreachable,
                       where + "the engine refused the handshake" + told +
                           "; it may require a client certificate, and none is set "
                           "(no cert.pem and key.pem beside the CA)");
  return EngineError(ErrorKind::kUnreachable, where + "the handshake failed" + told +
                                                  " with the client certificate " + tls.cert);
}

// cpp-httplib reports a failed connect without its errno; ask the socket ourselves, so that
// "no such socket", "connection refused" and "permission denied" each get their own advice.
// The same for a TCP endpoint: a non-blocking connect bounded by `timeout`.
int tcp_connect_errno(const std::string& host, int port, std::chrono::milliseconds timeout) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0) {
    return EADDRNOTAVAIL;  // connection_error's "cannot resolve the host name"
  }
  int error_number = ECONNREFUSED;
  for (addrinfo* address = found; address != nullptr; address = address->ai_next) {
    int fd = ::socket(address->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) continue;
    if (::connect(fd, address->ai_addr, address->ai_addrlen) == 0) {
      error_number = 0;
    } else if (errno == EINPROGRESS) {
      pollfd waiting{fd, POLLOUT, 0};
      if (::poll(&waiting, 1, static_cast<int>(timeout.count())) == 1) {
        socklen_t length = sizeof error_number;
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error_number, &length);
      } else {
        error_number = ETIMEDOUT;
      }
    } else {
      error_number = errno;
    }
    ::close(fd);
    if (error_number == 0) break;
  }
  ::freeaddrinfo(found);
  return error_number;
}

int unix_connect_errno(const std::string& path) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return errno;
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.size() >= sizeof(address.sun_path)) {
    ::close(fd);
    return ENAMETOOLONG;
  }
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  int result = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  int error_number = result == 0 ? 0 : errno;
  ::close(fd);
  return error_number;
}

std::unique_ptr<httplib::ClientImpl> make_client(const Endpoint& endpoint,
                                                 const std::string& doing) {
  if (endpoint.kind != Endpoint::Kind::kTcp) {
    if (endpoint.socket_path.empty())
      throw EngineError(ErrorKind::kUnreachable,
                        doing + ": no ssh tunnel is open to " + endpoint.uri());
    auto client = std::make_unique<httplib::ClientImpl>(endpoint.socket_path, 80);
    client->set_address_family(AF_UNIX);
    return client;
  }
  if (!endpoint.tls) return std::make_unique<httplib::ClientImpl>(endpoint.host, endpoint.port);
  const TlsFiles& tls = *endpoint.tls;
  auto client =
      std::make_unique<httplib::SSLClient>(endpoint.host, endpoint.port, tls.cert, tls.key);
  if (!client->is_valid())
    throw EngineError(ErrorKind::kUnreachable, "cannot use the TLS client certificate " + tls.cert +
                                                   " with its key " + tls.key + " for " +
                                                   endpoint.uri() + ": " + openssl_reason());
  if (!tls.ca.empty()) client->set_ca_cert_path(tls.ca);
  client->enable_server_certificate_verification(tls.verify);
  return client;
}

std::string seconds_text(std::chrono::milliseconds duration) {
  auto tenths = duration.count() / 100;
  std::string text = std::to_string(tenths / 10);
  if (tenths % 10 != 0) text += "." + std::to_string(tenths % 10);
  return text + " s";
}

}  // namespace

std::string HttpReply::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() &&
        std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        })) {
      return value;
    }
  }
  return {};
}

HttpReply HttpTransport::perform(const HttpCall& call) const {
  auto started = Clock::now();
  if (call.cancel != nullptr && call.cancel->load()) {
    throw EngineError(ErrorKind::kCancelled, call.doing + ": cancelled");
  }

  // An ssh endpoint is reached through its tunnel's local socket, like a unix one.
  bool unix_socket = endpoint_.kind != Endpoint::Kind::kTcp;
  std::unique_ptr<httplib::ClientImpl> connection = make_client(endpoint_, call.doing);
  httplib::ClientImpl& client = *connection;
  client.set_keep_alive(false);
  client.set_url_encode(false);  // targets come encoded (encode_path, encode_query_value)
  client.set_connection_timeout(timeouts_.connect);
  client.set_read_timeout(call.silence);
  client.set_write_timeout(call.silence);

  httplib::Request request;
  request.method = call.method;
  request.path = call.target;
  // Over a unix socket cpp-httplib would send the socket path as Host, which is not a host name.
  request.set_header("Host", unix_socket
                                 ? std::string("localhost")
                                 : endpoint_.uri().substr(std::string_view("tcp://").size()));
  request.set_header("User-Agent", "minify");
  for (const auto& [name, value] : call.headers) request.set_header(name, value);

  std::exception_ptr callback_error;
  auto last_activity =
      std::make_shared<std::atomic<Clock::rep>>(Clock::now().time_since_epoch().count());
  auto touch = [&last_activity] { last_activity->store(Clock::now().time_since_epoch().count()); };

  std::vector<char> upload_buffer;
  if (call.source != nullptr) {
    upload_buffer.resize(kUploadChunk);
    request.set_header("Transfer-Encoding", "chunked");
    request.set_header("Content-Type", call.content_type);
    request.is_chunked_content_provider_ = true;
    request.content_provider_ = [&](size_t, size_t, httplib::DataSink& sink) -> bool {
      try {
        size_t n = (*call.source)(upload_buffer.data(), upload_buffer.size());
        touch();
        if (n == 0) {
          sink.done();
          return true;
        }
        return sink.write(upload_buffer.data(), n);
      } catch (...) {
        callback_error = std::current_exception();
        return false;
      }
    };
  } else if (!call.body.empty() || call.method == "POST" || call.method == "PUT") {
    request.body = call.body;
    request.set_header("Content-Type",
                       call.content_type.empty() ? "application/json" : call.content_type);
  }

  HttpReply reply;
  request.response_handler = [&](const httplib::Response& response) {
    reply.status = response.status;
    for (const auto& [key, value] : response.headers) reply.headers.emplace_back(key, value);
    touch();
    return true;
  };
  request.content_receiver = [&](const char* data, size_t length, uint64_t, uint64_t) -> bool {
    touch();
    bool success = reply.status >= 200 && reply.status < 300;
    if (call.sink == nullptr || !success) {
      if (call.sink == nullptr || reply.body.size() < kMaxErrorBody)
        reply.body.append(data, length);
      return true;
    }
    try {
      (*call.sink)(std::string_view(data, length));
      return true;
    } catch (...) {
      callback_error = std::current_exception();
      return false;
    }
  };

  std::optional<Clock::time_point> deadline;
  if (call.deadline) deadline = started + *call.deadline;
  httplib::Response response;
  httplib::Error error = httplib::Error::Success;
  bool sent;
  std::string tls_reason;
  bool cancelled;
  bool timed_out;
  {
    Watchdog watchdog(client, call.cancel, deadline);
    sent = client.send(request, response, error);
    // OpenSSL's queue is per thread: read the handshake's reason here, where it happened.
    if (!sent && endpoint_.tls) tls_reason = openssl_reason();
    cancelled = watchdog.cancelled();
    timed_out = watchdog.timed_out();
  }

  if (callback_error) std::rethrow_exception(callback_error);
  if (cancelled) throw EngineError(ErrorKind::kCancelled, call.doing + ": cancelled");
  if (timed_out) {
    throw EngineError(ErrorKind::kTimeout,
                      call.doing + ": timed out after " + seconds_text(*call.deadline));
  }
  if (sent) {
    // A HEAD answer skips the response handler, so its headers are taken from here.
    reply.status = response.status;
    reply.headers.assign(response.headers.begin(), response.headers.end());
    return reply;
  }

  switch (error) {
    case httplib::Error::Connection: {
      if (endpoint_.kind == Endpoint::Kind::kSsh) {
        // The tunnel's socket is ours and always listening: the ssh behind it failed.
        throw EngineError(ErrorKind::kUnreachable,
                          call.doing + ": the ssh tunnel to " + endpoint_.uri() + " failed");
      }
      int error_number = unix_socket
                             ? unix_connect_errno(endpoint_.socket_path)
                             : tcp_connect_errno(endpoint_.host, endpoint_.port, timeouts_.connect);
      if (error_number == 0) {
        // The socket accepts connections now; the failure was transient or mid-handshake.
        throw EngineError(ErrorKind::kUnreachable,
                          call.doing + ": could not connect to " + endpoint_.uri() + "; try again");
      }
      throw connection_error(endpoint_, error_number, "connection failed");
    }
    case httplib::Error::SSLConnection:
    case httplib::Error::SSLServerVerification:
    case httplib::Error::SSLLoadingCerts:
      throw tls_error(endpoint_, error,
                      static_cast<httplib::SSLClient&>(client).get_openssl_verify_result(),
                      tls_reason);
    case httplib::Error::ConnectionTimeout:
      throw connection_error(endpoint_, ETIMEDOUT, {});
    case httplib::Error::Canceled:
      // Only a callback of ours cancels, and those errors were rethrown above.
      throw EngineError(ErrorKind::kProtocol, call.doing + ": the request was abandoned");
    case httplib::Error::Read:
    case httplib::Error::Write: {
      auto idle = Clock::now() - Clock::time_point(Clock::duration(last_activity->load()));
      bool silent = idle >= call.silence - std::chrono::milliseconds(250);
      if (silent) {
        throw EngineError(ErrorKind::kTimeout, call.doing + ": the engine at " + endpoint_.uri() +
                                                   " sent nothing for " +
                                                   seconds_text(call.silence));
      }
      // With TLS 1.3 the engine refuses a client certificate (or its absence) after the
      // handshake, with an alert that ends the first read: OpenSSL's queue says so.
      // The alert may also lose the race with our request's write (EPIPE, nothing queued):
      // nothing answered and no client certificate given says the same.
      if (endpoint_.tls && reply.status == 0 &&
          (!tls_reason.empty() || endpoint_.tls->cert.empty()))
        throw tls_error(endpoint_, error, X509_V_OK, tls_reason);
      // Plain HTTP to a TLS port gets the connection closed before any answer.
      bool tls_hint = endpoint_.kind == Endpoint::Kind::kTcp && !endpoint_.tls && reply.status == 0;
      throw EngineError(
          ErrorKind::kUnreachable,
          call.doing + ": the connection to the engine at " + endpoint_.uri() + " broke while " +
              (error == httplib::Error::Read ? "reading its answer" : "sending the request") +
              (tls_hint ? " (if it speaks TLS, set DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, or use "
                          "a context with its certificates)"
                        : ""));
    }
    default:
      throw EngineError(ErrorKind::kProtocol, call.doing + ": talking to the engine at " +
                                                  endpoint_.uri() +
                                                  " failed: " + httplib::to_string(error));
  }
}

std::string encode_query_value(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string encode_path(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '/' || c == ':' || c == '@') {
      out += c;
    } else {
      out += encode_query_value(std::string_view(&c, 1));
    }
  }
  return out;
}

}  // namespace minify::engine
