// The engine reached as users reach theirs: over TLS with client certificates (a socat proxy in
// front of this machine's engine, with a CA and certificates made here by openssl), over ssh (this
// machine's sshd, started here with its own host key and an authorized key made here), and
// through docker contexts made by the real `docker context create`.

#include <doctest/doctest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "support/background_process.h"
#include "support/file_contents.h"
#include "support/fixture_images.h"
#include "support/minify_binary.h"
#include "support/process.h"
#include "support/temp_dir.h"
#include "support/unique_name.h"

using namespace minify::test;
namespace fs = std::filesystem;

namespace {

void must(const std::string& command) {
  ProcessResult r = run_shell(command);
  REQUIRE_MESSAGE(r.status == 0, command, "\n", r.err);
}

// `minify ARGS` with exactly the docker variables of `env` (the others unset), and TMPDIR.
ProcessResult minify_with(const std::map<std::string, std::string>& env,
                          const std::vector<std::string>& args, pid_t* pid = nullptr,
                          const OnRunning& on_running = {}) {
  std::vector<std::string> argv = {"env"};
  for (const char* name : {"DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_CONFIG", "DOCKER_TLS_VERIFY",
                           "DOCKER_TLS", "DOCKER_CERT_PATH"})
    if (!env.contains(name)) argv.insert(argv.end(), {"-u", name});
  for (const auto& [name, value] : env) argv.push_back(name + "=" + value);
  argv.push_back(minify_binary());
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, [&](pid_t running, const ProcessResult& so_far) {
    if (pid != nullptr) *pid = running;  // env execs minify: the same process
    if (on_running) on_running(running, so_far);
  });
}

// One line on stderr, the error, and nothing on stdout past the version lines.
bool one_line(const std::string& err) {
  return !err.empty() && err.find('\n') == err.size() - 1;
}

// A CA, the engine's certificate for 127.0.0.1 signed by it, and a client certificate signed by
// it, as `docker` wants them: ca.pem, cert.pem, key.pem in one folder (`client`). `other_ca` holds
// an unrelated CA as ca.pem beside the same client certificate; `no_client` only the right CA.
struct Certificates {
  TempDir dir;
  fs::path client = dir / "client";
  fs::path other_ca = dir / "other-ca";
  fs::path no_client = dir / "no-client";

  Certificates() {
    auto d = shell_quote(dir.path().string());
    must("cd " + d + " && mkdir client other-ca no-client && " +
         "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=test-ca -keyout ca.key "
         "-out ca.pem 2>/dev/null && "
         "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=other-ca -keyout "
         "other.key -out other-ca/ca.pem 2>/dev/null && "
         "openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout server.key -out "
         "server.csr 2>/dev/null && "
         "printf 'subjectAltName=IP:127.0.0.1\\nextendedKeyUsage=serverAuth\\n' > server.ext && "
         "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 1 "
         "-extfile server.ext -out server.pem 2>/dev/null && "
         "openssl req -newkey rsa:2048 -nodes -subj /CN=client -keyout client/key.pem -out "
         "client.csr 2>/dev/null && "
         "printf 'extendedKeyUsage=clientAuth\\n' > client.ext && "
         "openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 1 "
         "-extfile client.ext -out client/cert.pem 2>/dev/null && "
         "cp ca.pem client/ && cp ca.pem no-client/ && cp client/cert.pem client/key.pem "
         "other-ca/");
  }
};

// socat on 127.0.0.1:port speaking TLS, demanding a client certificate signed by the CA, and
// relaying to this machine's engine.
struct TlsProxy {
  Certificates& certs;
  int port = free_tcp_port();
  BackgroundProcess socat;

  explicit TlsProxy(Certificates& c)
      : certs(c),
        socat({"socat",
               "OPENSSL-LISTEN:" + std::to_string(port) + ",bind=127.0.0.1,reuseaddr,fork,cert=" +
                   (c.dir / "server.pem").string() + ",key=" + (c.dir / "server.key").string() +
                   ",cafile=" + (c.dir / "ca.pem").string() + ",verify=1",
               "UNIX-CONNECT:/var/run/docker.sock"},
              (c.dir / "socat.log").string()) {
    wait_for_listener(port);
  }
  std::string host() const { return "tcp://127.0.0.1:" + std::to_string(port); }
};

// This machine's sshd on 127.0.0.1:port with a host key, a client key and an authorized key of
// its own; `bin/ssh` is ssh with the test's config (its key, its known_hosts), put first on the
// PATH minify runs with, as a user's ~/.ssh/config would be.
struct SshServer {
  TempDir dir;
  int port = free_tcp_port();
  std::unique_ptr<BackgroundProcess> sshd;

  SshServer() {
    auto d = dir.path().string();
    must("mkdir -p /run/sshd && cd " + shell_quote(d) +
         " && ssh-keygen -q -t ed25519 -N '' -f host_key && ssh-keygen -q -t ed25519 -N '' -f "
         "id && cp id.pub authorized_keys && mkdir bin");
    std::ofstream(dir / "sshd_config") << "Port " << port << "\nListenAddress 127.0.0.1\n"
                                       << "HostKey " << d << "/host_key\n"
                                       << "AuthorizedKeysFile " << d << "/authorized_keys\n"
                                       << "PidFile none\nStrictModes no\nUsePAM no\n"
                                       << "PasswordAuthentication no\n"
                                       << "KbdInteractiveAuthentication no\n"
                                       << "PermitRootLogin prohibit-password\n";
    std::ofstream(dir / "known_hosts")
        << "[127.0.0.1]:" << port << " " << read_file(dir / "host_key.pub");
    std::ofstream(dir / "ssh_config") << "Host *\n  IdentityFile " << d << "/id\n"
                                      << "  IdentitiesOnly yes\n  BatchMode yes\n"
                                      << "  UserKnownHostsFile " << d << "/known_hosts\n"
                                      << "  StrictHostKeyChecking yes\n";
    std::ofstream(dir / "bin/ssh")
        << "#!/bin/sh\nexec /usr/bin/ssh -F " << d << "/ssh_config \"$@\"\n";
    fs::permissions(dir / "bin/ssh", fs::perms::owner_all);
    sshd = std::make_unique<BackgroundProcess>(
        std::vector<std::string>{"/usr/sbin/sshd", "-D", "-e", "-f", d + "/sshd_config"},
        d + "/sshd.log");
    wait_for_listener(port);
  }
  std::string host() const { return "ssh://root@127.0.0.1:" + std::to_string(port); }
  std::string path() const { return (dir / "bin").string() + ":" + ::getenv("PATH"); }
};

// The slim image a test made, removed however the test ends.
struct SlimTag {
  std::string tag;
  explicit SlimTag(const std::string& name) : tag(unique_name("minify-endpoints-" + name) + ":t") {}
  ~SlimTag() { run_shell("docker rmi -f " + shell_quote(tag) + " >/dev/null 2>&1"); }
};

// No container of the minify run `pid` is left on the engine (the owner label is BOOT/PID/START;
// other runs share the engine).
void expect_no_containers_left(pid_t pid) {
  ProcessResult r =
      run_shell("docker ps -a --filter label=minify.owner --format '{{.Label \"minify.owner\"}}'");
  CHECK(r.out.find("/" + std::to_string(pid) + "/") == std::string::npos);
}

}  // namespace

TEST_CASE("TLS through DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH") {
  Certificates certs;
  TlsProxy proxy(certs);
  std::map<std::string, std::string> env = {{"DOCKER_HOST", proxy.host()},
                                            {"DOCKER_TLS_VERIFY", "1"},
                                            {"DOCKER_CERT_PATH", certs.client.string()}};
  ProcessResult version = minify_with(env, {"version"});
  CHECK_MESSAGE(version.status == 0, version.err);
  CHECK(version.out.find("endpoint " + proxy.host() +
                         " (TLS, client certificate) (chosen by DOCKER_HOST)") !=
        std::string::npos);
  CHECK(version.out.find("engine ") != std::string::npos);

  SUBCASE("a CA that did not sign the engine's certificate: one line naming it") {
    env["DOCKER_CERT_PATH"] = certs.other_ca.string();
    ProcessResult r = minify_with(env, {"version"});
    CHECK(r.status == 1);
    CHECK_MESSAGE(one_line(r.err), r.err);
    CHECK(r.err.find("TLS with the Docker engine at " + proxy.host() + " failed") !=
          std::string::npos);
    CHECK(r.err.find("does not verify against " + (certs.other_ca / "ca.pem").string()) !=
          std::string::npos);
  }
  SUBCASE("no client certificate: one line saying the engine wants one") {
    env["DOCKER_CERT_PATH"] = certs.no_client.string();
    ProcessResult r = minify_with(env, {"version"});
    CHECK(r.status == 1);
    CHECK_MESSAGE(one_line(r.err), r.err);
    CHECK(r.err.find("refused the handshake") != std::string::npos);
    CHECK(r.err.find("client certificate") != std::string::npos);
  }
  SUBCASE("plain HTTP to a TLS port is not mistaken for an engine") {
    env.erase("DOCKER_TLS_VERIFY");
    ProcessResult r = minify_with(env, {"version"});
    CHECK(r.status == 1);
    CHECK_MESSAGE(one_line(r.err), r.err);
  }
  SUBCASE("minify build of a small fixture over TLS") {
    require_fixture_image(fixture_image("static"));
    SlimTag slim("tls");
    pid_t pid = 0;
    ProcessResult r = minify_with(env, {"build", fixture_image("static"), "--tag", slim.tag}, &pid);
    CHECK_MESSAGE(r.status == 0, r.err);
    CHECK(image_exists(slim.tag));
    expect_no_containers_left(pid);
  }
}

TEST_CASE("docker contexts: DOCKER_CONTEXT, docker context use, --context") {
  Certificates certs;
  TlsProxy proxy(certs);
  TempDir config;
  std::string name = unique_name("minify-endpoints-ctx");
  auto c = certs.client.string();
  must("DOCKER_CONFIG=" + shell_quote(config.path().string()) + " docker context create " + name +
       " --docker " +
       shell_quote("host=" + proxy.host() + ",ca=" + c + "/ca.pem,cert=" + c +
                   "/cert.pem,key=" + c + "/key.pem") +
       " >/dev/null");
  std::map<std::string, std::string> env = {{"DOCKER_CONFIG", config.path().string()}};
  std::string shown = "endpoint " + proxy.host() +
                      " (TLS, client certificate) (chosen by context '" + name + "' from ";

  SUBCASE("DOCKER_CONTEXT") {
    env["DOCKER_CONTEXT"] = name;
    ProcessResult r = minify_with(env, {"version"});
    CHECK_MESSAGE(r.status == 0, r.err);
    CHECK(r.out.find(shown + "DOCKER_CONTEXT)") != std::string::npos);
  }
  SUBCASE("docker context use: config.json's currentContext") {
    must("DOCKER_CONFIG=" + shell_quote(config.path().string()) + " docker context use " + name +
         " >/dev/null 2>&1");
    ProcessResult r = minify_with(env, {"version"});
    CHECK_MESSAGE(r.status == 0, r.err);
    CHECK(r.out.find(shown + (config / "config.json").string() + ")") != std::string::npos);
    // DOCKER_HOST still wins over the current context, as with docker.
    env["DOCKER_HOST"] = "unix:///var/run/docker.sock";
    CHECK(minify_with(env, {"version"}).out.find("(chosen by DOCKER_HOST)") != std::string::npos);
  }
  SUBCASE("--context, over DOCKER_CONTEXT; with -H it is an error") {
    env["DOCKER_CONTEXT"] = "no-such-context";
    ProcessResult r = minify_with(env, {"version", "--context", name});
    CHECK_MESSAGE(r.status == 0, r.err);
    CHECK(r.out.find(shown + "--context)") != std::string::npos);
    ProcessResult both =
        minify_with(env, {"version", "--context", name, "-H", "unix:///var/run/docker.sock"});
    CHECK(both.status != 0);
    CHECK(both.err.find("either specify --host or --context, not both") != std::string::npos);
    ProcessResult unknown = minify_with(env, {"version"});
    CHECK(unknown.status == 1);
    CHECK_MESSAGE(one_line(unknown.err), unknown.err);
    CHECK(unknown.err.find("docker context 'no-such-context' not found") != std::string::npos);
  }
}

TEST_CASE("ssh:// through docker system dial-stdio on this machine's sshd") {
  SshServer server;
  TempDir tmp;  // minify's TMPDIR: the tunnel's folder must be gone when it exits
  std::map<std::string, std::string> env = {
      {"DOCKER_HOST", server.host()}, {"PATH", server.path()}, {"TMPDIR", tmp.path().string()}};

  ProcessResult version = minify_with(env, {"version"});
  CHECK_MESSAGE(version.status == 0, version.err, read_file(server.dir / "sshd.log"));
  CHECK(version.out.find("endpoint " + server.host() + " (chosen by DOCKER_HOST)") !=
        std::string::npos);
  CHECK(version.out.find("engine ") != std::string::npos);
  CHECK(fs::is_empty(tmp.path()));

  SUBCASE("minify build over ssh") {
    require_fixture_image(fixture_image("static"));
    SlimTag slim("ssh");
    pid_t pid = 0;
    ProcessResult r = minify_with(env, {"build", fixture_image("static"), "--tag", slim.tag}, &pid);
    CHECK_MESSAGE(r.status == 0, r.err);
    CHECK(image_exists(slim.tag));
    CHECK(fs::is_empty(tmp.path()));
    expect_no_containers_left(pid);
  }
  SUBCASE("SIGKILL mid-build over ssh: the watch reaches the engine its own way, nothing stays") {
    // The run's tunnel (its threads, its ssh master) dies with it: the watch must open its own to
    // remove the run's containers, and end the dead run's ssh and remove its folder.
    require_fixture_image(fixture_image("python-web"));
    SlimTag slim("ssh-killed");
    pid_t pid = 0;
    bool sent = false;
    ProcessResult r = minify_with(
        env, {"build", fixture_image("python-web"), "--tag", slim.tag}, &pid,
        [&](pid_t running, const ProcessResult& so_far) {
          if (!sent && so_far.err.find("analysis: probing the app") != std::string::npos)
            sent = ::kill(running, SIGKILL) == 0;
        });
    REQUIRE_MESSAGE(sent, r.err);
    CHECK(r.status == 128 + SIGKILL);
    auto gone = [&] {
      ProcessResult ours = run_process({"pgrep", "-f", "--", tmp.path().string()});
      return ours.out.empty() && fs::is_empty(tmp.path()) &&
             run_shell(
                 "docker ps -aq --filter label=minify.owner --format "
                 "'{{.Label \"minify.owner\"}}' | grep -c /" +
                 std::to_string(pid) + "/")
                     .out == "0\n";
    };
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!gone() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    CHECK_MESSAGE(gone(), "left: ", run_process({"pgrep", "-af", "--", tmp.path().string()}).out,
                  run_shell("ls -la " + shell_quote(tmp.path().string())).out);
    expect_no_containers_left(pid);
  }
  SUBCASE("-H takes the same address") {
    env.erase("DOCKER_HOST");
    ProcessResult r = minify_with(env, {"version", "-H", server.host()});
    CHECK_MESSAGE(r.status == 0, r.err);
    CHECK(r.out.find("(chosen by -H)") != std::string::npos);
  }
  SUBCASE("a host key that does not match: one line with ssh's own words") {
    std::ofstream(server.dir / "known_hosts")
        << "[127.0.0.1]:" << server.port << " " << read_file(server.dir / "id.pub");
    ProcessResult r = minify_with(env, {"version"});
    CHECK(r.status == 1);
    CHECK_MESSAGE(one_line(r.err), r.err);
    CHECK(r.err.find("cannot reach the Docker engine at " + server.host()) != std::string::npos);
    CHECK(r.err.find("Host key verification failed") != std::string::npos);
    CHECK(fs::is_empty(tmp.path()));
  }
}
