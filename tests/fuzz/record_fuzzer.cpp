// libFuzzer target for lib/record: any bytes read back as the sensor's record, as the pipeline
// reads it (JSON, then record_from_json), must give a Record or the documented errors: a JSON
// exception from the parse (any of them: a number JSON cannot hold is out_of_range, not a
// parse_error; the pipeline names the record around it), std::runtime_error naming the field,
// std::invalid_argument naming an unknown operation; never a crash or another exception. A record
// that parses writes back to JSON that parses to the same record.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string_view>

#include "record/record.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(input);
  } catch (const nlohmann::json::exception&) {
    return 0;  // not JSON
  }
  minify::record::Record record;
  try {
    record = minify::record::record_from_json(json);
  } catch (const std::runtime_error&) {
    return 0;  // a missing or mistyped field, named
  } catch (const std::invalid_argument&) {
    return 0;  // an unknown operation or source name, named
  }
  nlohmann::json again = minify::record::to_json(record);
  if (minify::record::to_json(minify::record::record_from_json(again)) != again) std::abort();
  return 0;
}
