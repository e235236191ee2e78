#include "byte_names/name_json.h"

#include <doctest/doctest.h>

using namespace minify::byte_names;

namespace {

const std::string kLatin1 = "/data/caf\xE9.txt";
const std::string kNetLock =
    "/etc/ssl/certs/NetLock_Arany_=Class_Gold=_F\xC5\x91tan\xC3\xBAs\xC3\xADtv\xC3\xA1ny.pem";

// Through JSON text and back, as between the sensor and the host.
std::string round_trip(const std::string& name) {
  return name_from_json(nlohmann::json::parse(name_to_json(name).dump()));
}

}  // namespace

TEST_CASE("a UTF-8 name is a plain JSON string, control characters escaped by JSON") {
  CHECK(name_to_json(kNetLock) == nlohmann::json(kNetLock));
  CHECK(name_to_json("/tmp/a\tb\x1b").dump() == "\"/tmp/a\\tb\\u001b\"");
  CHECK(round_trip(kNetLock) == kNetLock);
  CHECK(round_trip("/tmp/a\tb\x1b\n") == "/tmp/a\tb\x1b\n");
}

TEST_CASE("a name that is not UTF-8 is {\"hex\": its bytes}, and reads back byte for byte") {
  CHECK(name_to_json(kLatin1).dump() == R"({"hex":"2f646174612f636166e92e747874"})");
  CHECK(round_trip(kLatin1) == kLatin1);
  std::string every_byte;
  for (int c = 1; c < 256; ++c) every_byte += static_cast<char>(c);
  CHECK(round_trip(every_byte) == every_byte);
}

TEST_CASE("lists of names keep their order and their bytes") {
  const std::vector<std::string> names{kLatin1, kNetLock, "/plain"};
  const nlohmann::json json = nlohmann::json::parse(names_to_json(names).dump());
  CHECK(json[0].is_object());
  CHECK(json[1].is_string());
  CHECK(names_from_json(json) == names);
}

TEST_CASE("anything else is refused by name") {
  CHECK_THROWS_WITH_AS(name_from_json(nlohmann::json(3)),
                       "file name: expected a string or {\"hex\": ...}, found number",
                       NameJsonError);
  CHECK_THROWS_AS(name_from_json(nlohmann::json{{"hex", "e9"}, {"other", 1}}), NameJsonError);
  CHECK_THROWS_WITH_AS(name_from_json(nlohmann::json{{"hex", "e"}}),
                       "file name: odd number of hex digits", NameJsonError);
  CHECK_THROWS_WITH_AS(name_from_json(nlohmann::json{{"hex", "E9"}}),
                       "file name: 'E9' is not lowercase hex", NameJsonError);
  CHECK_THROWS_WITH_AS(names_from_json(nlohmann::json("x")),
                       "file names: expected an array, found string", NameJsonError);
}
