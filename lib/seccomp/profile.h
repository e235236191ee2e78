#pragma once
// A seccomp profile made from what an app really called: the syscalls of a sensor record in
// "full" mode, plus the container runtime's own baseline (runtime_baseline.h), written in the
// format `docker run --security-opt seccomp=FILE` and the Engine API's HostConfig.SecurityOpt take:
//
//   {"defaultAction": "SCMP_ACT_ERRNO",
//    "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": []}],
//    "syscalls": [{"names": ["accept4", "brk", ...], "action": "SCMP_ACT_ALLOW", "args": [],
//                  "comment": "...", "includes": {}, "excludes": {}}]}
//
// Everything else fails with EPERM: the runtime's answer for SCMP_ACT_ERRNO without "errnoRet".
// There is no "defaultErrnoRet": Docker 20.10's profile schema has no such field and would
// silently drop it. No sub-architectures: the app was traced on one architecture only.

#include <cstddef>
#include <filesystem>
#include <nlohmann/json_fwd.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "record/record.h"
#include "seccomp/architecture.h"

namespace minify::seccomp {

// A profile that libseccomp cannot compile, or a JSON document that is not a profile of the shape
// above; the message names the syscall or the field at fault.
class InvalidProfile : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Profile {
  Architecture arch;
  std::vector<std::string> allowed;   // sorted, unique: every syscall the profile allows
  std::vector<std::string> observed;  // sorted, unique: the ones the app made (a subset)
};

// Throws std::invalid_argument for a record not made in "full" mode or not complete (its syscall
// list would miss some and the app would fail under the profile), for an unknown architecture,
// and UnknownSyscall for a number libseccomp does not know on the record's architecture.
Profile profile_from_record(const record::Record& record);

// The Docker-format document shown above.
nlohmann::json to_docker_json(const Profile& profile);

// Reads back a document of the shape above. Throws InvalidProfile naming the field at fault.
Profile profile_from_docker_json(const nlohmann::json& json);

// Compiles the profile with libseccomp as the runtime will: an EPERM default, one allow rule per
// syscall, exported as BPF. Throws InvalidProfile naming the syscall that does not resolve or
// that libseccomp rejects.
void check_compiles(const Profile& profile);

// check_compiles, then writes the document to `path` (through a temporary file in the same
// directory, renamed over it: a reader never sees half a profile). Throws with the path on I/O
// errors.
void write_profile(const Profile& profile, const std::filesystem::path& path);

}  // namespace minify::seccomp
