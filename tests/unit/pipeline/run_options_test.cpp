#include "pipeline/run_options.h"

#include <doctest/doctest.h>

#include <map>

#include "errors/usage_error.h"

using namespace minify::pipeline;
using minify::UsageError;

namespace {

EnvLookup environment(std::map<std::string, std::string> values) {
  return [values = std::move(values)](const std::string& name) -> const char* {
    auto it = values.find(name);
    return it == values.end() ? nullptr : it->second.c_str();
  };
}

}  // namespace

TEST_CASE("-e NAME=value as is, -e NAME from minify's environment, nothing when unset") {
  auto env = environment({{"DB_URL", "postgres://db/app"}, {"EMPTY", ""}});
  CHECK(parse_env("A=1", env) == "A=1");
  CHECK(parse_env("A==b=c", env) == "A==b=c");
  CHECK(parse_env("A=", env) == "A=");
  CHECK(parse_env("DB_URL", env) == "DB_URL=postgres://db/app");
  CHECK(parse_env("EMPTY", env) == "EMPTY=");
  CHECK(parse_env("UNSET", env) == std::nullopt);
  CHECK_THROWS_AS(parse_env("=x", env), UsageError);
  CHECK_THROWS_AS(parse_env("", env), UsageError);
}

TEST_CASE("--env-file is read as docker reads it") {
  auto env = environment({{"FROM_HOST", "h"}});
  std::string text =
      "\xEF\xBB\xBF# a comment\n"
      "\n"
      "   \t\n"
      "PLAIN=value\n"
      "  INDENTED=kept as is  \n"
      "QUOTED=\"not unquoted\"\n"
      "WITH_EQUALS=a=b\n"
      "FROM_HOST\n"
      "NOT_SET\n"
      "CRLF=x\r\n"
      "EMPTY=";
  CHECK(parse_env_file(text, "app.env", env) ==
        std::vector<std::string>{"PLAIN=value", "INDENTED=kept as is  ", "QUOTED=\"not unquoted\"",
                                 "WITH_EQUALS=a=b", "FROM_HOST=h", "CRLF=x", "EMPTY="});
  CHECK_THROWS_WITH_AS(parse_env_file("OK=1\nBAD NAME=1\n", "app.env", env),
                       "--env-file app.env:2: variable 'BAD NAME' contains whitespaces",
                       UsageError);
  CHECK_THROWS_AS(parse_env_file("=value\n", "app.env", env), UsageError);
  CHECK_THROWS_AS(parse_env_file("A=\xff\n", "app.env", env), UsageError);
}

TEST_CASE("-v: an absolute or dotted source is a bind, a name a volume, a target alone anonymous") {
  const std::filesystem::path cwd = "/work/app";
  CHECK(parse_volume("/srv/conf:/etc/app", cwd) ==
        Mount{Mount::Type::kBind, "/srv/conf", "/etc/app", false});
  CHECK(parse_volume("/srv/conf:/etc/app:ro", cwd) ==
        Mount{Mount::Type::kBind, "/srv/conf", "/etc/app", true});
  CHECK(parse_volume("./conf:/etc/app:ro,z", cwd) ==
        Mount{Mount::Type::kBind, "/work/app/conf", "/etc/app", true});
  CHECK(parse_volume("data:/var/lib/app", cwd) ==
        Mount{Mount::Type::kVolume, "data", "/var/lib/app", false});
  CHECK(parse_volume("/var/cache", cwd) == Mount{Mount::Type::kVolume, "", "/var/cache", false});
  for (const char* bad :
       {"", "data:relative", "a:/x", "data:/", "/a:/b:rx", "/a:/b:ro:x", "bad name:/x", ":/x"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_volume(bad, cwd), UsageError);
  }
}

TEST_CASE("--mount: docker's key=value list") {
  const std::filesystem::path cwd = "/work/app";
  CHECK(parse_mount("type=bind,source=/srv/conf,target=/etc/app,readonly", cwd) ==
        Mount{Mount::Type::kBind, "/srv/conf", "/etc/app", true});
  CHECK(parse_mount("type=bind,src=conf,dst=/etc/app,ro=false", cwd) ==
        Mount{Mount::Type::kBind, "/work/app/conf", "/etc/app", false});
  CHECK(parse_mount("source=data,destination=/data", cwd) ==
        Mount{Mount::Type::kVolume, "data", "/data", false});
  CHECK(parse_mount("type=tmpfs,target=/tmp/x,tmpfs-size=1m", cwd) ==
        Mount{Mount::Type::kTmpfs, "", "/tmp/x", false});
  for (const char* bad : {"type=bind,target=/x", "type=nfs,target=/x", "source=data", "target=rel",
                          "type=bind,source=/a,target=/b,readonly=maybe", "color=red,target=/x",
                          "type=,target=/x", "type=tmpfs,source=a,target=/x"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_mount(bad, cwd), UsageError);
  }
}

TEST_CASE("--add-host, --cap-add and --expose") {
  CHECK(parse_extra_host("db:10.0.0.5") == "db:10.0.0.5");
  CHECK(parse_extra_host("db=10.0.0.5") == "db:10.0.0.5");
  CHECK(parse_extra_host("v6:[::1]") == "v6:::1");
  CHECK(parse_extra_host("v6:::1") == "v6:::1");
  CHECK(parse_extra_host("gw:host-gateway") == "gw:host-gateway");
  for (const char* bad : {"db", "db:", ":10.0.0.5", "db:not-an-ip", "d b:1.2.3.4"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_extra_host(bad), UsageError);
  }
  CHECK(parse_capability("net_admin") == "NET_ADMIN");
  CHECK(parse_capability("CAP_SYS_PTRACE") == "SYS_PTRACE");
  CHECK(parse_capability("all") == "ALL");
  CHECK_THROWS_AS(parse_capability(""), UsageError);
  CHECK_THROWS_AS(parse_capability("CAP_"), UsageError);
  CHECK_THROWS_AS(parse_capability("NET ADMIN"), UsageError);
  CHECK(parse_expose("8080") == 8080);
  CHECK(parse_expose("8080/tcp") == 8080);
  for (const char* bad : {"", "0", "65536", "80/udp", "http", "-1"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_expose(bad), UsageError);
  }
}

TEST_CASE("-p/--publish: docker's forms, on 127.0.0.1 unless an address is given") {
  CHECK(parse_publish("8080") == PublishedPort{8080, "127.0.0.1", ""});
  CHECK(parse_publish("18080:8080/tcp") == PublishedPort{8080, "127.0.0.1", "18080"});
  CHECK(parse_publish("0.0.0.0:18080:8080") == PublishedPort{8080, "0.0.0.0", "18080"});
  CHECK(parse_publish("127.0.0.1::8080") == PublishedPort{8080, "127.0.0.1", ""});
  CHECK(parse_publish("[::1]:18080:8080") == PublishedPort{8080, "::1", "18080"});
  for (const char* bad :
       {"", "http", "80/udp", "a:b:c:d", "x:80:80", "99999:80", "[::1]80", "8000-8010:8000-8010"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_publish(bad), UsageError);
  }
}

TEST_CASE("--entrypoint drops the image's CMD, as docker run does; --cmd replaces it") {
  const std::vector<std::string> entrypoint = {"/entry.sh"}, cmd = {"serve", "--port", "80"};
  RunOptions run;
  CHECK(app_argv(run, entrypoint, cmd) ==
        std::vector<std::string>{"/entry.sh", "serve", "--port", "80"});
  run.cmd = std::vector<std::string>{"migrate"};
  CHECK(app_argv(run, entrypoint, cmd) == std::vector<std::string>{"/entry.sh", "migrate"});
  run.cmd.reset();
  run.entrypoint = std::vector<std::string>{"/bin/app"};
  CHECK(app_argv(run, entrypoint, cmd) == std::vector<std::string>{"/bin/app"});
  run.cmd = std::vector<std::string>{"-v"};
  CHECK(app_argv(run, entrypoint, cmd) == std::vector<std::string>{"/bin/app", "-v"});
  run.entrypoint = std::vector<std::string>{};
  run.cmd.reset();
  CHECK(app_argv(run, entrypoint, cmd).empty());
}

TEST_CASE("a path is under a mount target by whole components") {
  CHECK(under_mount("/data", "/data"));
  CHECK(under_mount("/data/a/b", "/data"));
  CHECK(under_mount("/data/a", "/data/"));
  CHECK_FALSE(under_mount("/data2/a", "/data"));
  CHECK_FALSE(under_mount("/dat", "/data"));
  CHECK_FALSE(under_mount("/etc/data", "/data"));
}
