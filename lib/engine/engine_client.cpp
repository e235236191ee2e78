#include "engine/engine_client.h"

#include <stdexcept>
#include <thread>

#include "engine/api_call.h"
#include "engine/http_transport.h"
#include "engine/path_stat.h"

namespace minify::engine {
namespace {

using namespace api_call;

using json = nlohmann::json;
using std::chrono::milliseconds;

// How long run_exec polls for the exit code once the output stream has closed: the engine records
// the exit code a moment after it closes the stream.
constexpr milliseconds kExitCodeGrace{5'000};

json labels_json(const std::map<std::string, std::string>& labels) {
  json out = json::object();
  for (const auto& [key, value] : labels) out[key] = value;
  return out;
}

std::vector<NamedResource> named_resources(const json& listed) {
  std::vector<NamedResource> out;
  if (!listed.is_array()) return out;
  for (const auto& item : listed) {
    if (!item.is_object()) continue;
    NamedResource r{string_field(item, "Name"), {}};
    if (auto labels = item.find("Labels"); labels != item.end() && labels->is_object())
      for (const auto& [key, value] : labels->items())
        if (value.is_string()) r.labels[key] = value.get<std::string>();
    out.push_back(std::move(r));
  }
  return out;
}

const char* condition_name(WaitCondition condition) {
  switch (condition) {
    case WaitCondition::kNotRunning:
      return "not-running";
    case WaitCondition::kNextExit:
      return "next-exit";
    case WaitCondition::kRemoved:
      return "removed";
  }
  return "not-running";
}

// "host:5000/app:1" -> {"host:5000/app", "1"}; "app@sha256:x" -> {"app", "sha256:x"} (the API
// takes a digest in the tag parameter); no tag -> "latest". Without a tag the engine would pull
// every tag of the repository.
std::pair<std::string, std::string> name_and_tag(std::string_view reference) {
  if (auto at = reference.find('@'); at != std::string_view::npos)
    return {std::string(reference.substr(0, at)), std::string(reference.substr(at + 1))};
  auto colon = reference.rfind(':');
  if (colon != std::string_view::npos && reference.find('/', colon) == std::string_view::npos)
    return {std::string(reference.substr(0, colon)), std::string(reference.substr(colon + 1))};
  return {std::string(reference), "latest"};
}

// A pull, a push or an import: the engine streams progress messages (a refusal arrives among
// them, after a 200), so the call is bounded by silence on the stream, not by a deadline. Returns
// the messages read, finished.
RegistryMessages message_stream_call(const EngineClient& client, HttpCall call,
                                     const RegistryProgressSink& progress, Cancel cancel,
                                     std::string_view not_found = {}) {
  RegistryMessages messages(call.doing, progress);
  ByteSink sink = [&messages](std::string_view chunk) { messages.feed(chunk); };
  call.sink = &sink;
  call.silence = client.timeouts().stream;
  call.deadline.reset();
  call.cancel = cancel;
  expect(client, call, not_found);
  messages.finish();
  return messages;
}

// A pull or push: a message stream call with the registry's credentials.
RegistryMessages registry_call(const EngineClient& client, HttpCall call,
                               std::string_view registry_auth, const RegistryProgressSink& progress,
                               Cancel cancel, std::string_view not_found = {}) {
  call.headers.emplace_back("X-Registry-Auth", std::string(registry_auth));
  return message_stream_call(client, std::move(call), progress, cancel, not_found);
}

// Thrown by a follow's sink to close the stream once the caller has what it waited for; caught
// by follow_container_logs, never seen outside.
struct StopFollowing {};

// GET /containers/{id}/logs with `options`: the output to `sink` as it comes, demultiplexed (a TTY
// container's log is one raw stream: stdout), the whole call bounded by `timeout`.
void stream_logs(const EngineClient& client, std::string_view id, const LogsOptions& options,
                 const std::string& doing, const OutputSink& sink, milliseconds timeout,
                 Cancel cancel) {
  json container = client.inspect_container(id);
  bool tty = container.contains("Config") && container["Config"].value("Tty", false);

  std::string path =
      "/containers/" + encode_path(id) + "/logs?stdout=" + (options.stdout_stream ? "1" : "0") +
      "&stderr=" + (options.stderr_stream ? "1" : "0") + "&follow=" + (options.follow ? "1" : "0") +
      "&timestamps=" + (options.timestamps ? "1" : "0") +
      "&tail=" + encode_query_value(options.tail);
  if (options.since > 0) path += "&since=" + std::to_string(options.since);
  auto call = Request{client, "GET", path, doing}.to_call();
  StreamDemux demux(sink);
  ByteSink bytes = [&](std::string_view chunk) {
    if (tty) {
      sink(StreamKind::kStdout, chunk);
    } else {
      demux.feed(chunk);
    }
  };
  call.sink = &bytes;
  call.deadline = timeout;
  call.silence = timeout + kSilenceMargin;
  call.cancel = cancel;
  expect(client, call, container_not_found(id));
  if (!tty) demux.finish();
}

}  // namespace

EngineClient::EngineClient(Endpoint endpoint, Timeouts timeouts)
    : endpoint_(std::move(endpoint)), timeouts_(timeouts) {
  // GET /version is unversioned: it is how the version is learnt.
  HttpCall call;
  call.method = "GET";
  call.target = "/version";
  call.doing = "ask the Docker engine at " + endpoint_.uri() + " for its version";
  call.silence = timeouts_.request;
  call.deadline = timeouts_.request;
  HttpReply reply = expect(*this, call);
  json answer = parse_json(reply, call.doing);
  api_version_ = negotiate_api_version(string_field(answer, "ApiVersion"),
                                       string_field(answer, "MinAPIVersion"), endpoint_.uri());
}

// ---- system

EngineVersion EngineClient::version() const {
  auto call = Request{*this, "GET", "/version", "ask the Docker engine for its version"}.to_call();
  json answer = parse_json(expect(*this, call), call.doing);
  EngineVersion version;
  version.version = string_field(answer, "Version");
  version.api_version = string_field(answer, "ApiVersion");
  version.min_api_version = string_field(answer, "MinAPIVersion");
  version.os = string_field(answer, "Os");
  version.arch = string_field(answer, "Arch");
  version.kernel_version = string_field(answer, "KernelVersion");
  version.kind = engine_kind_of(answer);
  version.raw = std::move(answer);
  return version;
}

json EngineClient::info() const {
  auto call = Request{*this, "GET", "/info", "ask the engine about itself"}.to_call();
  return parse_json(expect(*this, call), call.doing);
}

// ---- images

json EngineClient::inspect_image(std::string_view name) const {
  auto call = Request{*this, "GET", "/images/" + encode_path(name) + "/json",
                      "inspect image " + in_quotes(name)}
                  .to_call();
  return parse_json(expect(*this, call, "image " + in_quotes(name) + " not found"), call.doing);
}

void EngineClient::export_image(std::string_view name, const ByteSink& sink, Cancel cancel) const {
  auto call = Request{*this, "GET", "/images/" + encode_path(name) + "/get",
                      "export image " + in_quotes(name)}
                  .to_call();
  call.sink = &sink;
  call.silence = timeouts_.stream;
  call.deadline.reset();
  call.cancel = cancel;
  expect(*this, call, "image " + in_quotes(name) + " not found");
}

LoadResult EngineClient::load_images(const ByteSource& source, Cancel cancel) const {
  auto call = Request{*this, "POST", "/images/load?quiet=1", "load image"}.to_call();
  call.source = &source;
  call.content_type = "application/x-tar";
  call.silence = timeouts_.stream;
  call.deadline.reset();
  call.cancel = cancel;
  return parse_load_messages(expect(*this, call).body);
}

std::string EngineClient::import_image(const ByteSource& layer_tar, std::string_view reference,
                                       Cancel cancel) const {
  auto [name, tag] = name_and_tag(reference);
  auto call = Request{*this, "POST",
                      "/images/create?fromSrc=-&repo=" + encode_query_value(name) +
                          "&tag=" + encode_query_value(tag),
                      "import a layer as " + in_quotes(reference)}
                  .to_call();
  call.source = &layer_tar;
  call.content_type = "application/x-tar";
  // The answer is a message stream like a pull's; its last status is the new image's id.
  std::string id;
  const std::string doing = call.doing;
  message_stream_call(
      *this, std::move(call),
      [&id](const RegistryProgress& message) {
        if (message.status.starts_with("sha256:")) id = message.status;
      },
      cancel);
  if (id.empty())
    throw EngineError(ErrorKind::kProtocol, doing + ": the engine did not say the image's id");
  return id;
}

void EngineClient::tag_image(std::string_view id, std::string_view reference) const {
  // The tag is what follows the last ':' after the last '/' ("host:5000/repo:tag").
  std::string_view repo = reference, tag = "latest";
  auto colon = reference.rfind(':');
  if (colon != std::string_view::npos && reference.find('/', colon) == std::string_view::npos) {
    repo = reference.substr(0, colon);
    tag = reference.substr(colon + 1);
  }
  if (repo.empty() || tag.empty() || reference.find('@') != std::string_view::npos)
    throw EngineError(ErrorKind::kBadRequest, "tag image " + in_quotes(short_id(id)) + ": " +
                                                  in_quotes(reference) +
                                                  " is not a valid 'repository[:tag]'");
  auto call = Request{*this, "POST",
                      "/images/" + encode_path(id) + "/tag?repo=" + encode_query_value(repo) +
                          "&tag=" + encode_query_value(tag),
                      "tag image " + in_quotes(short_id(id)) + " as " + in_quotes(reference)}
                  .to_call();
  expect(*this, call, "image " + in_quotes(short_id(id)) + " not found");
}

bool EngineClient::remove_image(std::string_view name) const {
  auto call = Request{*this, "DELETE", "/images/" + encode_path(name),
                      "remove image " + in_quotes(short_id(name))}
                  .to_call();
  HttpReply reply = expect(*this, call, {}, {404});
  return reply.status != 404;
}

// ---- registries

void EngineClient::pull_image(std::string_view reference, std::string_view registry_auth,
                              const RegistryProgressSink& progress, Cancel cancel) const {
  auto [name, tag] = name_and_tag(reference);
  auto call = Request{*this, "POST",
                      "/images/create?fromImage=" + encode_query_value(name) +
                          "&tag=" + encode_query_value(tag),
                      "pull " + in_quotes(reference)}
                  .to_call();
  registry_call(*this, std::move(call), registry_auth, progress, cancel);
}

std::string EngineClient::push_image(std::string_view reference, std::string_view registry_auth,
                                     const RegistryProgressSink& progress, Cancel cancel) const {
  auto [name, tag] = name_and_tag(reference);
  auto call = Request{*this, "POST",
                      "/images/" + encode_path(name) + "/push?tag=" + encode_query_value(tag),
                      "push " + in_quotes(reference)}
                  .to_call();
  return registry_call(*this, std::move(call), registry_auth, progress, cancel,
                       "image " + in_quotes(reference) + " not found")
      .digest();
}

// ---- containers

ContainerCreated EngineClient::create_container(const json& config, std::string_view name) const {
  std::string path = "/containers/create";
  if (!name.empty()) path += "?name=" + encode_query_value(name);
  std::string image = config.is_object() ? string_field(config, "Image") : std::string();
  auto call =
      Request{*this, "POST", path, "create a container from image " + in_quotes(image)}.to_call();
  call.body = config.dump();
  call.content_type = "application/json";
  json answer =
      parse_json(expect(*this, call, "image " + in_quotes(image) + " not found"), call.doing);
  ContainerCreated created;
  created.id = string_field(answer, "Id");
  created.warnings = strings_field(answer, "Warnings");
  if (created.id.empty()) {
    throw EngineError(ErrorKind::kProtocol, call.doing + ": the engine returned no container id");
  }
  return created;
}

void EngineClient::start_container(std::string_view id) const {
  auto call = Request{*this, "POST", "/containers/" + encode_path(id) + "/start",
                      "start container " + in_quotes(short_id(id))}
                  .to_call();
  expect(*this, call, container_not_found(id), {304});
}

std::optional<WaitResult> EngineClient::wait_container(std::string_view id, milliseconds timeout,
                                                       Cancel cancel,
                                                       WaitCondition condition) const {
  auto call =
      Request{*this, "POST",
              "/containers/" + encode_path(id) + "/wait?condition=" + condition_name(condition),
              "wait for container " + in_quotes(short_id(id))}
          .to_call();
  call.deadline = timeout;
  call.silence = timeout + kSilenceMargin;
  call.cancel = cancel;
  HttpReply reply;
  try {
    reply = expect(*this, call, container_not_found(id));
  } catch (const EngineError& error) {
    if (error.kind() == ErrorKind::kTimeout) return std::nullopt;
    throw;
  }
  json answer = parse_json(reply, call.doing);
  WaitResult result;
  result.exit_code = int_field(answer, "StatusCode");
  if (auto error = answer.find("Error"); error != answer.end() && error->is_object()) {
    result.error = string_field(*error, "Message");
  }
  return result;
}

void EngineClient::stop_container(std::string_view id, std::chrono::seconds grace) const {
  auto call = Request{*this, "POST",
                      "/containers/" + encode_path(id) + "/stop?t=" + std::to_string(grace.count()),
                      "stop container " + in_quotes(short_id(id))}
                  .to_call();
  call.deadline = grace + timeouts_.request;
  call.silence = *call.deadline + kSilenceMargin;
  expect(*this, call, container_not_found(id), {304});
}

void EngineClient::kill_container(std::string_view id, std::string_view signal) const {
  auto call =
      Request{*this, "POST",
              "/containers/" + encode_path(id) + "/kill?signal=" + encode_query_value(signal),
              "signal container " + in_quotes(short_id(id))}
          .to_call();
  expect(*this, call, container_not_found(id));
}

bool EngineClient::remove_container(std::string_view id, bool force, bool volumes) const {
  auto call = Request{*this, "DELETE",
                      "/containers/" + encode_path(id) + "?force=" + (force ? "1" : "0") +
                          "&v=" + (volumes ? "1" : "0"),
                      "remove container " + in_quotes(short_id(id))}
                  .to_call();
  HttpReply reply = perform(*this, call);
  if (is_success(reply.status)) return true;
  if (reply.status == 404) return false;
  EngineError error = error_from_response(reply.status, reply.body, call.doing);
  // Another remove (e.g. AutoRemove) got there first: the container is going away either way.
  if (reply.status == 409 &&
      error.engine_message().find("already in progress") != std::string::npos) {
    return true;
  }
  throw error;
}

json EngineClient::inspect_container(std::string_view id) const {
  auto call = Request{*this, "GET", "/containers/" + encode_path(id) + "/json",
                      "inspect container " + in_quotes(short_id(id))}
                  .to_call();
  return parse_json(expect(*this, call, container_not_found(id)), call.doing);
}

std::vector<ContainerSummary> EngineClient::list_containers(std::string_view label_key) const {
  json filters = {{"label", {std::string(label_key)}}};
  auto call =
      Request{*this, "GET", "/containers/json?all=1&filters=" + encode_query_value(filters.dump()),
              "list the containers labelled " + in_quotes(label_key)}
          .to_call();
  json listed = parse_json(expect(*this, call), call.doing);
  std::vector<ContainerSummary> containers;
  if (!listed.is_array()) return containers;
  for (const auto& item : listed) {
    if (!item.is_object()) continue;
    ContainerSummary c{string_field(item, "Id"), {}, string_field(item, "State")};
    if (auto labels = item.find("Labels"); labels != item.end() && labels->is_object()) {
      for (const auto& [key, value] : labels->items())
        if (value.is_string()) c.labels[key] = value.get<std::string>();
    }
    containers.push_back(std::move(c));
  }
  return containers;
}

CapturedOutput EngineClient::container_logs(std::string_view id, const LogsOptions& options,
                                            milliseconds timeout, Cancel cancel) const {
  OutputCapture output(options.limit);
  stream_logs(
      *this, id, options, "read the logs of container " + in_quotes(short_id(id)),
      [&output](StreamKind kind, std::string_view bytes) { output.add(kind, bytes); }, timeout,
      cancel);
  return output.take();
}

bool EngineClient::follow_container_logs(std::string_view id, const LogsOptions& options,
                                         const FollowSink& sink, milliseconds timeout,
                                         Cancel cancel) const {
  LogsOptions followed = options;
  followed.follow = true;
  try {
    stream_logs(
        *this, id, followed, "follow the logs of container " + in_quotes(short_id(id)),
        [&sink](StreamKind kind, std::string_view bytes) {
          if (!sink(kind, bytes)) throw StopFollowing{};
        },
        timeout, cancel);
  } catch (const StopFollowing&) {
    return true;
  }
  return false;
}

// ---- archive

void EngineClient::put_archive(std::string_view id, std::string_view dest_dir,
                               const ByteSource& source, Cancel cancel) const {
  auto call =
      Request{
          *this, "PUT",
          "/containers/" + encode_path(id) + "/archive?path=" + encode_query_value(dest_dir),
          "copy files into " + std::string(dest_dir) + " of container " + in_quotes(short_id(id))}
          .to_call();
  call.source = &source;
  call.content_type = "application/x-tar";
  call.silence = timeouts_.stream;
  call.deadline.reset();
  call.cancel = cancel;
  expect(*this, call);
}

PathStat EngineClient::get_archive(std::string_view id, std::string_view path, const ByteSink& sink,
                                   Cancel cancel) const {
  auto call =
      Request{*this, "GET",
              "/containers/" + encode_path(id) + "/archive?path=" + encode_query_value(path),
              "copy " + std::string(path) + " out of container " + in_quotes(short_id(id))}
          .to_call();
  call.sink = &sink;
  call.silence = timeouts_.stream;
  call.deadline.reset();
  call.cancel = cancel;
  HttpReply reply = expect(*this, call);
  return parse_path_stat(reply.header("X-Docker-Container-Path-Stat"), call.doing);
}

// ---- exec

std::string EngineClient::create_exec(std::string_view container_id,
                                      const ExecConfig& config) const {
  if (config.argv.empty()) throw std::invalid_argument("create_exec: empty command");
  json body = {
      {"AttachStdin", false},
      {"AttachStdout", config.attach_stdout},
      {"AttachStderr", config.attach_stderr},
      {"Tty", false},
      {"Cmd", config.argv},
  };
  if (!config.env.empty()) body["Env"] = config.env;
  if (!config.user.empty()) body["User"] = config.user;
  if (!config.working_dir.empty()) body["WorkingDir"] = config.working_dir;
  auto call = Request{*this, "POST", "/containers/" + encode_path(container_id) + "/exec",
                      "run " + in_quotes(config.argv.front()) + " in container " +
                          in_quotes(short_id(container_id))}
                  .to_call();
  call.body = body.dump();
  call.content_type = "application/json";
  json answer = parse_json(expect(*this, call, container_not_found(container_id)), call.doing);
  std::string id = string_field(answer, "Id");
  if (id.empty()) {
    throw EngineError(ErrorKind::kProtocol, call.doing + ": the engine returned no exec id");
  }
  return id;
}

void EngineClient::start_exec(std::string_view exec_id, const OutputSink& sink,
                              milliseconds timeout, Cancel cancel) const {
  auto call = Request{*this, "POST", "/exec/" + encode_path(exec_id) + "/start",
                      "run exec " + in_quotes(short_id(exec_id))}
                  .to_call();
  call.body = R"({"Detach":false,"Tty":false})";
  call.content_type = "application/json";
  StreamDemux demux(sink);
  ByteSink bytes = [&demux](std::string_view chunk) { demux.feed(chunk); };
  call.sink = &bytes;
  call.deadline = timeout;
  call.silence = timeout + kSilenceMargin;
  call.cancel = cancel;
  expect(*this, call, "exec instance " + in_quotes(short_id(exec_id)) + " not found");
  demux.finish();
}

CapturedOutput EngineClient::start_exec(std::string_view exec_id, milliseconds timeout,
                                        Cancel cancel, const OutputLimit& limit) const {
  OutputCapture output(limit);
  start_exec(
      exec_id, [&output](StreamKind kind, std::string_view bytes) { output.add(kind, bytes); },
      timeout, cancel);
  return output.take();
}

ExecState EngineClient::inspect_exec(std::string_view exec_id) const {
  auto call = Request{*this, "GET", "/exec/" + encode_path(exec_id) + "/json",
                      "inspect exec " + in_quotes(short_id(exec_id))}
                  .to_call();
  json answer = parse_json(
      expect(*this, call, "exec instance " + in_quotes(short_id(exec_id)) + " not found"),
      call.doing);
  ExecState state;
  state.id = string_field(answer, "ID");
  state.container_id = string_field(answer, "ContainerID");
  state.running = answer.value("Running", false);
  state.pid = int_field(answer, "Pid");
  if (auto code = answer.find("ExitCode"); code != answer.end() && code->is_number()) {
    state.exit_code = code->get<int64_t>();
  }
  return state;
}

ExecResult EngineClient::run_exec(std::string_view container_id, const ExecConfig& config,
                                  milliseconds timeout, Cancel cancel) const {
  std::string exec_id = create_exec(container_id, config);
  CapturedOutput output = start_exec(exec_id, timeout, cancel, config.limit);
  auto give_up = std::chrono::steady_clock::now() + kExitCodeGrace;
  for (;;) {
    ExecState state = inspect_exec(exec_id);
    if (!state.running && state.exit_code) {
      return ExecResult{*state.exit_code, std::move(output.out), std::move(output.err),
                        output.dropped};
    }
    if (std::chrono::steady_clock::now() >= give_up) {
      throw EngineError(ErrorKind::kProtocol,
                        "run " + in_quotes(config.argv.front()) + " in container " +
                            in_quotes(short_id(container_id)) +
                            ": its output ended but the engine reports no exit code");
    }
    if (cancel != nullptr && cancel->load()) {
      throw EngineError(ErrorKind::kCancelled,
                        "run " + in_quotes(config.argv.front()) + ": cancelled");
    }
    std::this_thread::sleep_for(milliseconds(20));
  }
}

// ---- networks and volumes

void EngineClient::create_network(std::string_view name,
                                  const std::map<std::string, std::string>& labels) const {
  auto call =
      Request{*this, "POST", "/networks/create", "create network " + in_quotes(name)}.to_call();
  call.body =
      json{{"Name", std::string(name)}, {"CheckDuplicate", true}, {"Labels", labels_json(labels)}}
          .dump();
  call.content_type = "application/json";
  expect(*this, call);
}

bool EngineClient::remove_network(std::string_view name) const {
  auto call = Request{*this, "DELETE", "/networks/" + encode_path(name),
                      "remove network " + in_quotes(name)}
                  .to_call();
  return expect(*this, call, {}, {404}).status != 404;
}

std::vector<NamedResource> EngineClient::list_networks(std::string_view label_key) const {
  json filters = {{"label", {std::string(label_key)}}};
  auto call = Request{*this, "GET", "/networks?filters=" + encode_query_value(filters.dump()),
                      "list the networks labelled " + in_quotes(label_key)}
                  .to_call();
  return named_resources(parse_json(expect(*this, call), call.doing));
}

bool EngineClient::volume_exists(std::string_view name) const {
  auto call =
      Request{*this, "GET", "/volumes/" + encode_path(name), "inspect volume " + in_quotes(name)}
          .to_call();
  return expect(*this, call, {}, {404}).status != 404;
}

void EngineClient::create_volume(std::string_view name,
                                 const std::map<std::string, std::string>& labels) const {
  auto call =
      Request{*this, "POST", "/volumes/create", "create volume " + in_quotes(name)}.to_call();
  call.body = json{{"Name", std::string(name)}, {"Labels", labels_json(labels)}}.dump();
  call.content_type = "application/json";
  expect(*this, call);
}

bool EngineClient::remove_volume(std::string_view name) const {
  auto call =
      Request{*this, "DELETE", "/volumes/" + encode_path(name), "remove volume " + in_quotes(name)}
          .to_call();
  return expect(*this, call, {}, {404}).status != 404;
}

std::vector<NamedResource> EngineClient::list_volumes(std::string_view label_key) const {
  json filters = {{"label", {std::string(label_key)}}};
  auto call = Request{*this, "GET", "/volumes?filters=" + encode_query_value(filters.dump()),
                      "list the volumes labelled " + in_quotes(label_key)}
                  .to_call();
  json answer = parse_json(expect(*this, call), call.doing);
  return named_resources(answer.is_object() ? answer.value("Volumes", json()) : json());
}

}  // namespace minify::engine
