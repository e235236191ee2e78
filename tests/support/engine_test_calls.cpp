#include "support/engine_test_calls.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <stdexcept>

#include "engine/api_call.h"
#include "engine/engine_error.h"
#include "engine/http_transport.h"
#include "engine/path_stat.h"

namespace minify::engine {
namespace {

using namespace api_call;

using json = nlohmann::json;
using std::chrono::milliseconds;

std::map<std::string, std::string> labels_field(const json& object, const char* key) {
  std::map<std::string, std::string> out;
  auto it = object.find(key);
  if (it == object.end() || !it->is_object()) return out;
  for (const auto& [name, value] : it->items()) {
    if (value.is_string()) out[name] = value.get<std::string>();
  }
  return out;
}

// Reads a file in chunks for a request body.
class FileSource {
 public:
  explicit FileSource(const std::filesystem::path& path) : file_(std::fopen(path.c_str(), "rb")) {
    if (file_ == nullptr) {
      throw std::runtime_error("cannot open " + path.string() + ": " + std::strerror(errno));
    }
  }
  size_t read(char* buffer, size_t capacity) {
    size_t n = std::fread(buffer, 1, capacity, file_.get());
    if (n == 0 && std::ferror(file_.get())) {
      throw std::runtime_error(std::string("cannot read the image tar: ") + std::strerror(errno));
    }
    return n;
  }

 private:
  struct Closer {
    void operator()(std::FILE* file) const { std::fclose(file); }
  };
  std::unique_ptr<std::FILE, Closer> file_;
};

}  // namespace

void ping(const EngineClient& client) {
  expect(client, Request{client, "GET", "/_ping", "ping the Docker engine"}.to_call());
}

json info(const EngineClient& client) {
  auto call = Request{client, "GET", "/info", "ask the Docker engine for its info"}.to_call();
  return parse_json(expect(client, call), call.doing);
}

bool image_exists(const EngineClient& client, std::string_view name) {
  auto call = Request{client, "GET", "/images/" + encode_path(name) + "/json",
                      "inspect image " + in_quotes(name)}
                  .to_call();
  HttpReply reply = expect(client, call, {}, {404});
  return reply.status != 404;
}

std::vector<ImageSummary> list_images(const EngineClient& client, const ImageListOptions& options) {
  json filters = json::object();
  if (!options.reference.empty()) filters["reference"] = options.reference;
  if (!options.label.empty()) filters["label"] = options.label;
  if (options.dangling) filters["dangling"] = {*options.dangling ? "true" : "false"};
  std::string path = "/images/json?all=" + std::string(options.all ? "1" : "0");
  if (!filters.empty()) path += "&filters=" + encode_query_value(filters.dump());
  auto call = Request{client, "GET", path, "list images"}.to_call();
  json answer = parse_json(expect(client, call), call.doing);
  std::vector<ImageSummary> images;
  if (!answer.is_array()) return images;
  for (const auto& item : answer) {
    ImageSummary image;
    image.id = string_field(item, "Id");
    image.repo_tags = strings_field(item, "RepoTags");
    image.repo_digests = strings_field(item, "RepoDigests");
    image.size = int_field(item, "Size");
    image.created = int_field(item, "Created");
    image.labels = labels_field(item, "Labels");
    images.push_back(std::move(image));
  }
  return images;
}

json remove_image(const EngineClient& client, std::string_view name, bool force,
                  bool prune_parents) {
  auto call = Request{client, "DELETE",
                      "/images/" + encode_path(name) + "?force=" + (force ? "1" : "0") +
                          "&noprune=" + (prune_parents ? "0" : "1"),
                      "remove image " + in_quotes(name)}
                  .to_call();
  return parse_json(expect(client, call, "image " + in_quotes(name) + " not found"), call.doing);
}

std::vector<HistoryEntry> image_history(const EngineClient& client, std::string_view name) {
  auto call = Request{client, "GET", "/images/" + encode_path(name) + "/history",
                      "read the history of image " + in_quotes(name)}
                  .to_call();
  json answer =
      parse_json(expect(client, call, "image " + in_quotes(name) + " not found"), call.doing);
  std::vector<HistoryEntry> history;
  if (!answer.is_array()) return history;
  for (const auto& item : answer) {
    HistoryEntry entry;
    entry.id = string_field(item, "Id");
    entry.created = int_field(item, "Created");
    entry.created_by = string_field(item, "CreatedBy");
    entry.tags = strings_field(item, "Tags");
    entry.size = int_field(item, "Size");
    entry.comment = string_field(item, "Comment");
    history.push_back(std::move(entry));
  }
  return history;
}

void export_images(const EngineClient& client, const std::vector<std::string>& names,
                   const ByteSink& sink, Cancel cancel) {
  if (names.empty()) throw std::invalid_argument("export_images: no image named");
  if (names.size() == 1) return client.export_image(names.front(), sink, cancel);
  std::string path = "/images/get?";
  std::string listed;
  for (const auto& name : names) {
    path += (path.back() == '?' ? "names=" : "&names=") + encode_query_value(name);
    listed += (listed.empty() ? "" : ", ") + in_quotes(name);
  }
  auto call = Request{client, "GET", path, "export images " + listed}.to_call();
  call.sink = &sink;
  call.silence = client.timeouts().stream;
  call.deadline.reset();
  call.cancel = cancel;
  expect(client, call);
}

LoadResult load_images_from_file(const EngineClient& client, const std::filesystem::path& tar,
                                 Cancel cancel) {
  FileSource file(tar);
  ByteSource source = [&file](char* buffer, size_t capacity) {
    return file.read(buffer, capacity);
  };
  return client.load_images(source, cancel);
}

void kill_container(const EngineClient& client, std::string_view id, std::string_view signal) {
  auto call =
      Request{client, "POST",
              "/containers/" + encode_path(id) + "/kill?signal=" + encode_query_value(signal),
              "send " + std::string(signal) + " to container " + in_quotes(short_id(id))}
          .to_call();
  expect(client, call, container_not_found(id));
}

PathStat stat_path(const EngineClient& client, std::string_view id, std::string_view path) {
  auto call =
      Request{client, "HEAD",
              "/containers/" + encode_path(id) + "/archive?path=" + encode_query_value(path),
              "look at " + std::string(path) + " in container " + in_quotes(short_id(id))}
          .to_call();
  HttpReply reply = perform(client, call);
  if (reply.status == 404) {
    // A HEAD answer has no body to tell a missing container from a missing path.
    throw EngineError(ErrorKind::kNotFound, call.doing + ": no such path (or no such container)",
                      404);
  }
  if (!is_success(reply.status)) {
    throw error_from_response(reply.status, reply.body, call.doing);
  }
  return parse_path_stat(reply.header("X-Docker-Container-Path-Stat"), call.doing);
}

}  // namespace minify::engine
