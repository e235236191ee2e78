#include "lint/rule_catalog.h"

#include <array>
#include <stdexcept>
#include <string>

namespace minify::lint {
namespace {

using enum Severity;

constexpr std::array kRules = {
    Rule{"DF001", "base-image-full", kWarning,
         "The shipped stage starts from a full distro or language image where a slim one exists",
         "Full images (python:3.12, node:20, debian:bookworm...) carry compilers, headers and docs "
         "the app does not run. Use the -slim or -alpine variant, or distroless, for the stage "
         "that ships."},
    Rule{"DF002", "base-image-unpinned", kWarning, "The base image has no tag, or the tag latest",
         "An untagged or :latest base changes under you: builds stop being reproducible and the "
         "size moves. Pin a version tag (python:3.12-slim), or a digest."},
    Rule{"DF003", "static-binary-not-on-scratch", kWarning,
         "A static binary is shipped on a full base image",
         "A statically linked binary (Go with CGO_ENABLED=0, Rust for a musl target, C built with "
         "-static) needs no libraries: ship it FROM scratch or a distroless/static image."},
    Rule{"DF004", "build-tools-in-final-stage", kWarning,
         "Compilers, -dev packages or language build tools are in the shipped stage",
         "Build in one stage and COPY --from=it only the artifacts into a slim final stage: "
         "compilers, headers and build tools are hundreds of MB the app never runs."},
    Rule{"DF005", "apt-install-recommends", kWarning,
         "apt-get install without --no-install-recommends",
         "Recommended packages are installed by default and are rarely needed in a container. Add "
         "--no-install-recommends."},
    Rule{"DF006", "apt-lists-not-removed", kWarning,
         "apt package lists are not removed in the RUN that downloaded them",
         "apt-get update writes 20-40 MB of index files under /var/lib/apt/lists. End the same RUN "
         "with rm -rf /var/lib/apt/lists/* (a later RUN cannot take them out of the layer), or use "
         "a cache mount."},
    Rule{"DF007", "apt-upgrade", kInfo, "apt-get upgrade in a Dockerfile",
         "Upgrading in the image duplicates every upgraded file in a new layer and makes builds "
         "unreproducible. Use a newer base image tag instead."},
    Rule{"DF008", "apk-cache", kWarning, "apk add without --no-cache",
         "apk keeps its package index in /var/cache/apk. Use apk add --no-cache."},
    Rule{
        "DF009", "rpm-cache-not-cleaned", kWarning,
        "yum/dnf/microdnf/zypper install without cleaning in the same RUN",
        "Package managers of the rpm family keep metadata and packages in /var/cache. End the same "
        "RUN with yum clean all / dnf clean all / zypper clean --all."},
    Rule{"DF010", "pip-cache", kWarning, "pip install without --no-cache-dir",
         "pip keeps every downloaded wheel in ~/.cache/pip. Add --no-cache-dir (or set "
         "PIP_NO_CACHE_DIR=1), or use a cache mount."},
    Rule{"DF011", "npm-install-not-ci", kWarning, "npm install where npm ci serves",
         "npm install may change the lock file and installs whatever resolves today; npm ci "
         "installs exactly the lock file, and is faster."},
    Rule{"DF012", "dev-dependencies-in-final-stage", kWarning,
         "Development dependencies are installed in the shipped stage",
         "Test and build tooling from devDependencies is not needed at run time. Use npm ci "
         "--omit=dev (yarn install --production) in the shipped stage, or build in another stage."},
    Rule{
        "DF013", "npm-cache-not-cleaned", kInfo, "npm cache not cleaned in the same RUN",
        "npm keeps downloaded tarballs in ~/.npm. End the RUN with npm cache clean --force, or use "
        "a cache mount."},
    Rule{"DF014", "consecutive-runs", kInfo, "Consecutive RUN instructions that could be one layer",
         "Each RUN is a layer; files one RUN leaves for the next to delete stay in the image. Join "
         "consecutive RUNs with &&."},
    Rule{
        "DF015", "removed-in-later-layer", kWarning,
        "A file added in one layer is removed in a later one: its bytes stay in the image",
        "Deleting in a later layer only hides a file. Download, use and delete in the same RUN, or "
        "fetch it in a build stage and COPY --from= only what is needed."},
    Rule{"DF016", "copy-context-unignored", kWarning,
         "COPY . copies the whole build context without a .dockerignore that excludes .git, "
         "dependencies and build outputs",
         "Add a .dockerignore beside the Dockerfile excluding .git, node_modules, virtualenvs and "
         "build outputs, or copy only what the app needs."},
    Rule{"DF017", "add-local-file", kInfo, "ADD of a local file where COPY serves",
         "ADD also extracts archives and fetches URLs; for a plain file COPY says what it does."},
    Rule{"DF018", "add-remote-url", kWarning, "ADD of a remote URL",
         "A downloaded file stays in its layer even when a later step deletes it, and ADD does not "
         "verify it unless --checksum is given. Download, verify, unpack and delete in one RUN, or "
         "in a build stage."},
    Rule{"DF019", "runs-as-root", kWarning, "The shipped stage runs as root",
         "A process that breaks out of the app runs as root in the container. Add a USER with a "
         "non-zero uid to the final stage."},
    Rule{"DF020", "secret-in-env", kError, "A secret in ENV",
         "ENV values are stored in the image configuration: anyone who can pull the image reads "
         "them. Pass secrets at run time, or at build time with RUN --mount=type=secret."},
    Rule{"DF021", "secret-in-arg", kWarning, "A secret in ARG",
         "Build arguments are recorded in the image history of every RUN that sees them. Use RUN "
         "--mount=type=secret instead."},
    Rule{"DF022", "curl-pipe-shell", kWarning, "A downloaded script is piped into a shell",
         "curl | sh runs whatever the server returns, unverified. Download to a file, verify its "
         "checksum or signature, then run it."},
};

}  // namespace

std::span<const Rule> rule_catalog() {
  return kRules;
}

const Rule& rule_by_id(std::string_view id) {
  for (const auto& r : kRules)
    if (r.id == id) return r;
  throw std::out_of_range("unknown lint rule '" + std::string(id) + "'");
}

}  // namespace minify::lint
