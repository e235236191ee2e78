#include "pipeline/run_watch.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "pipeline/layer_import.h"
#include "pipeline/leftovers.h"
#include "pipeline/slim_image_load.h"

namespace minify::pipeline {
namespace {

// The words on the socket, one line each: "image REFERENCE [PREVIOUS_ID]", "settled",
// "import REFERENCE", "imported", "end".
struct Said {
  std::optional<std::string> reference, previous_id;
  std::optional<std::string> import_reference;
  bool ended = false;
};

void hear(Said& said, const std::string& line) {
  std::istringstream words(line);
  std::string verb;
  words >> verb;
  if (verb == "image") {
    std::string reference, previous;
    words >> reference >> previous;
    said.reference = reference;
    said.previous_id = previous.empty() ? std::nullopt : std::optional(previous);
  } else if (verb == "settled") {
    said.reference.reset();
  } else if (verb == "import") {
    std::string reference;
    words >> reference;
    said.import_reference = reference;
  } else if (verb == "imported") {
    said.import_reference.reset();
  } else if (verb == "end") {
    said.ended = true;
  }
}

// The watch process: reads until the run closes its end, then cleans up if it died.
[[noreturn]] void watch(const engine::Engine& engine, const RunWatch::EngineAfterRun& after_run,
                        const RunOwner& owner, int from_run) {
  Said said;
  std::string buffer;
  char chunk[512];
  while (true) {
    ssize_t n = ::read(from_run, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    buffer.append(chunk, static_cast<std::size_t>(n));
    for (auto end = buffer.find('\n'); end != std::string::npos; end = buffer.find('\n')) {
      hear(said, buffer.substr(0, end));
      buffer.erase(0, end + 1);
    }
  }
  if (!said.ended) {
    auto clean_up = [&](const engine::Engine& reachable) {
      remove_leftovers_of(reachable, owner);
      if (said.import_reference)
        remove_import(reachable, *said.import_reference, std::chrono::seconds(10));
      if (said.reference)
        undo_load(reachable, *said.reference, said.previous_id, std::chrono::seconds(10));
    };
    try {
      if (after_run) {
        after_run(clean_up);
      } else {
        clean_up(engine);
      }
    } catch (...) {
      // Nobody to tell: what stays is removed by the next run (leftovers.h).
    }
  }
  _exit(0);
}

}  // namespace

RunWatch::RunWatch(const engine::Engine& engine, EngineAfterRun engine_after_run) {
  remove_dead_runs_leftovers(engine);
  RunOwner owner = RunOwner::self();
  int ends[2];
  // A socket pair, not a pipe: a write to a watch that is gone fails with EPIPE and no SIGPIPE.
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ends) != 0)
    throw std::runtime_error(std::string("cannot make the run's watch: socketpair: ") +
                             std::strerror(errno));
  // Twice forked, so that the watch is nobody's child to reap here, and in a session of its own,
  // so that a signal to minify's process group (Ctrl-C at a terminal) spares it.
  pid_t middle = ::fork();
  if (middle < 0) {
    ::close(ends[0]);
    ::close(ends[1]);
    throw std::runtime_error(std::string("cannot make the run's watch: fork: ") +
                             std::strerror(errno));
  }
  if (middle == 0) {
    ::close(ends[1]);
    ::setsid();
    if (::fork() != 0) _exit(0);
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGPIPE}) ::signal(sig, SIG_IGN);
    // minify's stdout and stderr may be a caller's pipe, read until every writer is gone.
    int null = ::open("/dev/null", O_RDWR);
    for (int fd = 0; fd <= 2; ++fd) ::dup2(null, fd);
    // Nor does the watch hold what else the run had open (an ssh tunnel's socket and relays),
    // which would keep it alive for the run's peers after the run's end.
    int from_run = ::dup2(ends[0], 3);
    ::close_range(4, ~0U, 0);
    watch(engine, engine_after_run, owner, from_run);
  }
  ::close(ends[0]);
  socket_ = ends[1];
  while (::waitpid(middle, nullptr, 0) < 0 && errno == EINTR) {
  }
}

RunWatch::~RunWatch() {
  say("end");
  ::close(socket_);
}

void RunWatch::image_loading(const std::string& reference,
                             const std::optional<std::string>& previous_id) {
  say("image " + reference + (previous_id ? " " + *previous_id : ""));
}

void RunWatch::image_settled() {
  say("settled");
}

void RunWatch::layer_importing(const std::string& reference) {
  say("import " + reference);
}

void RunWatch::import_removed() {
  say("imported");
}

void RunWatch::say(const std::string& line) {
  std::string text = line + "\n";
  // A watch that is gone (killed on its own) has nothing to be told.
  while (::send(socket_, text.data(), text.size(), MSG_NOSIGNAL) < 0 && errno == EINTR) {
  }
}

}  // namespace minify::pipeline
