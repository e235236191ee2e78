#pragma once
// Waiting for an app to answer on a published port: polled, bounded, never a fixed sleep. An app
// ready in 200 ms is probed at about 200 ms; one that never answers fails at the deadline.

#include <chrono>
#include <stdexcept>
#include <string>

#include "probe/http_probe.h"

namespace minify::probe {

// Thrown when the deadline passes without an answer.
class NotReadyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Polls with "GET /" (fresh connection each time) until any HTTP response comes back; returns
// that first exchange, which is the crawl's own "GET /" answer. Between attempts calls `check`,
// which throws to abort (the app exited, Ctrl-C). Throws NotReadyError at the deadline.
// A published port accepts connections before the app listens (the engine's proxy holds it), so
// only an answer proves readiness, not a connect. `port_name` names the port in the error
// ("8080 (127.0.0.1:32768)"); empty: the endpoint's port.
HttpExchange wait_for_http(const Endpoint& endpoint, std::chrono::milliseconds timeout,
                           const CheckFn& check, const std::string& port_name = {});

// For apps that speak their own protocol: ready once a connection is accepted and not closed at
// once by the engine's proxy (which closes it when nothing listens inside the container).
void wait_for_tcp(const Endpoint& endpoint, std::chrono::milliseconds timeout, const CheckFn& check,
                  const std::string& port_name = {});

}  // namespace minify::probe
